// Fuzz target: gis::translateToSql (query), the expression language translated to a PostgreSQL WHERE clause,
// against the fields of the fixed fuzz layer. Besides not crashing, every translation must keep its promises:
//  - the SQL is made only of double-quoted identifiers, $n placeholders, the keywords, functions and type names
//    the translator writes, operators and the number 0: no literal from the input ever reaches the SQL text;
//  - the placeholders are exactly $1..$n for the n parameters, each used (PostgreSQL cannot type an unused one);
//  - no parameter holds a NUL byte (libpq would cut it there);
//  - the residual, when there is one, compiles against the same layer.
// Run with -max_len=4096, as the expression target (docs/fuzzing.md).
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "fuzzsupport.h"
#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/query/expression.h"
#include "gis/query/sqlfilter.h"

namespace {

const std::set<std::string_view> kWords = {"AND", "OR", "NOT", "IN", "IS", "NULL", "LIKE", "CASE", "WHEN", "THEN",
    "ELSE", "END", "TRUE", "FALSE", "COLLATE", "translate", "length", "boolean", "bigint", "double", "precision",
    "text", "date", "timestamptz", "integer"};

void check(bool ok)
{
    if (!ok)
        std::abort();
}

// Walks the SQL token by token; returns the highest placeholder number and collects those used.
std::size_t checkSql(std::string_view sql, std::set<std::size_t>& used)
{
    std::size_t highest = 0;
    for (std::size_t i = 0; i < sql.size();) {
        const auto c = static_cast<unsigned char>(sql[i]);
        if (c == '"') { // an identifier: up to the closing quote that is not doubled
            ++i;
            while (true) {
                check(i < sql.size());
                if (sql[i] == '"' && (i + 1 >= sql.size() || sql[i + 1] != '"'))
                    break;
                i += sql[i] == '"' ? 2 : 1;
            }
            ++i;
        } else if (c == '$') {
            std::size_t n = 0;
            ++i;
            check(i < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i])));
            while (i < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i])))
                n = n * 10 + static_cast<std::size_t>(sql[i++] - '0');
            check(n >= 1);
            used.insert(n);
            highest = std::max(highest, n);
        } else if (std::isalpha(c)) {
            const std::size_t start = i;
            while (i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i])))
                ++i;
            check(kWords.count(sql.substr(start, i - start)) == 1);
        } else if (c == '0') {
            ++i;
            check(i >= sql.size() || !std::isalnum(static_cast<unsigned char>(sql[i])));
        } else {
            check(std::string_view(" ()=<>|:,").find(static_cast<char>(c)) != std::string_view::npos);
            ++i;
        }
    }
    return highest;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const std::unique_ptr<gis::Layer> layer = gis::fuzz::makeFuzzLayer();
    static const std::vector<gis::FieldInfo> fields = layer->attributes().fields();
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    gis::SqlTranslation t;
    try {
        t = gis::translateToSql(text, fields, "geom");
    } catch (const gis::Error&) {
        return 0; // the expression does not compile: the engine's own error
    }
    std::set<std::size_t> used;
    const std::size_t highest = checkSql(t.pushed.where, used);
    check(highest == t.pushed.params.size() && used.size() == highest);
    for (const auto& p : t.pushed.params)
        check(!p || p->find('\0') == std::string::npos);
    if (!t.residual.empty()) {
        try {
            (void)gis::Expression::compile(t.residual, *layer);
        } catch (const gis::Error&) {
            std::abort();
        }
    }
    return 0;
}
