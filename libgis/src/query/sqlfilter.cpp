#include "gis/query/sqlfilter.h"

#include <charconv>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "exprbinder.h"
#include "exprparser.h"
#include "exprtext.h"
#include "sqlwriter.h"
#include "gis/core/error.h"
#include "gis/crs/crs.h"
#include "gis/data/layer.h"

namespace gis {

namespace {

using detail::Node;
using detail::NodeKind;
using Params = std::vector<std::optional<std::string>>;

// Renumbers the placeholders in order of first use and drops the parameters nothing refers to any more (an
// operand written before its comparison turned out to be `NULL`): PostgreSQL cannot type an unused parameter.
// The SQL holds no string literal, so outside double-quoted identifiers every `$` starts a placeholder.
void compactParams(ServerFilter& filter)
{
    std::vector<std::size_t> renumbered(filter.params.size() + 1, 0);
    Params kept;
    std::string out;
    const std::string& in = filter.where;
    bool quoted = false;
    for (std::size_t i = 0; i < in.size();) {
        const char c = in[i];
        if (c == '"')
            quoted = !quoted;
        if (quoted || c != '$') {
            out += c;
            ++i;
            continue;
        }
        std::size_t n = 0;
        const auto r = std::from_chars(in.data() + i + 1, in.data() + in.size(), n);
        if (renumbered.at(n) == 0) {
            kept.push_back(std::move(filter.params.at(n - 1)));
            renumbered[n] = kept.size();
        }
        out += "$" + std::to_string(renumbered[n]);
        i = static_cast<std::size_t>(r.ptr - in.data());
    }
    filter.where = std::move(out);
    filter.params = std::move(kept);
}

std::string_view trimmed(std::string_view s)
{
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

detail::NodePtr compileTree(const std::string& text, const Layer& layer)
{
    detail::NodePtr root = detail::parseExpression(text);
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now().time_since_epoch());
    detail::Binder(text, layer, now.count()).bind(*root);
    return root;
}

} // namespace

SqlTranslation translateToSql(std::string_view expression, const std::vector<FieldInfo>& fields,
                              std::string_view geometryColumn)
{
    AttributeTable table;
    for (const FieldInfo& f : fields) {
        detail::sqlIdentifier(f.name);
        table.addColumn(f.name, f.type);
    }
    if (!geometryColumn.empty())
        detail::sqlIdentifier(geometryColumn);
    // The binder resolves names and types against a layer: one with these columns and no rows.
    const Layer layer("filter", Crs(), GeometryType::Unknown, GeometryColumn(), std::move(table), {}, {}, 0, false);
    const std::string text(expression);
    const detail::NodePtr root = compileTree(text, layer);

    std::vector<const Node*> conjuncts;
    std::vector<std::string_view> slices; // each conjunct's text, cut at the top-level ANDs
    if (root->kind == NodeKind::And) {
        std::size_t start = 0;
        for (std::size_t i = 0; i < root->children.size(); ++i) {
            const std::size_t end = i < root->links.size() ? root->links[i].offset : text.size();
            conjuncts.push_back(root->children[i].get());
            slices.push_back(trimmed(std::string_view(text).substr(start, end - start)));
            start = end + 3; // past "AND"
        }
    } else {
        conjuncts.push_back(root.get());
        slices.push_back(trimmed(text));
    }

    SqlTranslation result;
    Params& params = result.pushed.params;
    std::string residual;
    std::size_t left = 0;
    for (std::size_t i = 0; i < conjuncts.size(); ++i) {
        const std::size_t mark = params.size();
        const auto sql = detail::conditionToSql(*conjuncts[i], params);
        if (sql) {
            result.pushed.where += (result.pushed.where.empty() ? "" : " AND ") + *sql;
            continue;
        }
        params.resize(mark);
        residual += (residual.empty() ? "(" : " AND (") + std::string(slices[i]) + ")";
        ++left;
    }
    compactParams(result.pushed);
    if (left == 0)
        return result;
    if (left == conjuncts.size()) {
        result.residual = text;
        return result;
    }
    // A chain inside parentheses, `(a AND b)`, cuts into unbalanced pieces: such a residual does not parse,
    // and the whole expression is kept instead (still correct: what was pushed is implied by it).
    try {
        compileTree(residual, layer);
        result.residual = std::move(residual);
    } catch (const Error&) {
        result.residual = text;
    }
    return result;
}

} // namespace gis
