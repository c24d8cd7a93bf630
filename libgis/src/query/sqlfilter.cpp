#include "gis/query/sqlfilter.h"

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "exprbinder.h"
#include "exprparser.h"
#include "exprtext.h"
#include "gis/core/error.h"
#include "gis/crs/crs.h"
#include "gis/data/datetime.h"
#include "gis/data/layer.h"

namespace gis {

namespace {

using detail::CompareOp;
using detail::Node;
using detail::NodeKind;
using Type = Value::Type;

using Params = std::vector<std::optional<std::string>>;

constexpr std::int64_t kFirstSqlDay = -719'162; // 0001-01-01: PostgreSQL has no year 0, our dates start at 0000
constexpr std::int64_t kLastSqlDay = 2'932'896;  // 9999-12-31
constexpr std::int64_t kMillisecondsPerDay = 86'400'000;

// One SQL operand and its type in our engine's terms (booleans are numbers there, so a boolean column is read
// as an integer).
struct Operand {
    std::string sql;
    Type type = Type::Null;
    bool mayBeNaN = false; // a double precision column: our engine finds NaN equal to every number
};

// Our simple case mapping as the two strings translate() takes: PostgreSQL's lower() and ILIKE follow the
// database's collation (ASCII only under "C", all of Unicode under ICU), ours covers Latin, Greek and Cyrillic.
struct CaseMap {
    std::string from;
    std::string to;
};

CaseMap buildCaseMap(char32_t (*map)(char32_t))
{
    CaseMap m;
    for (char32_t c = 0; c <= 0x10FFFF; ++c) {
        if (c >= 0xD800 && c <= 0xDFFF)
            continue;
        const char32_t mapped = map(c);
        if (mapped != c) {
            detail::appendUtf8(m.from, c);
            detail::appendUtf8(m.to, mapped);
        }
    }
    return m;
}

const CaseMap& lowerMap()
{
    static const CaseMap map = buildCaseMap(detail::toLowerCodePoint);
    return map;
}

const CaseMap& upperMap()
{
    static const CaseMap map = buildCaseMap(detail::toUpperCodePoint);
    return map;
}

// Text PostgreSQL can take as a text parameter: valid UTF-8 (a UTF-8 database refuses anything else) and no
// NUL (libpq's parameters end at the first one).
bool isSendable(std::string_view s)
{
    return s.find('\0') == std::string_view::npos && detail::isValidUtf8(s);
}

// A LIKE pattern of ours as PostgreSQL's (escape character `\`, its default): the same tokens, every literal
// `%`, `_` and `\` escaped. Ours keeps a trailing `\` literal where PostgreSQL refuses the pattern.
std::string sqlLikePattern(std::string_view pattern)
{
    std::string out;
    for (std::size_t i = 0; i < pattern.size();) {
        const char ch = pattern[i];
        if (ch == '%' || ch == '_') {
            out += ch;
            ++i;
            continue;
        }
        if (ch == '\\' && i + 1 < pattern.size())
            ++i;
        const std::size_t start = i;
        detail::decodeUtf8(pattern, i);
        const std::string_view literal = pattern.substr(start, i - start);
        if (literal == "%" || literal == "_" || literal == "\\")
            out += '\\';
        out.append(literal);
    }
    return out;
}

std::string_view sqlOperator(CompareOp op)
{
    constexpr std::string_view ops[] = {"=", "<>", "<", "<=", ">", ">="};
    return ops[static_cast<int>(op)];
}

// What our engine answers for two numbers it finds equal (NaN against anything): c == 0.
bool equalResult(CompareOp op)
{
    return op == CompareOp::Equal || op == CompareOp::LessEqual || op == CompareOp::GreaterEqual;
}

bool comparable(Type a, Type b)
{
    if (detail::isNumericType(a) && detail::isNumericType(b))
        return true;
    return a == b && (a == Type::String || a == Type::Date || a == Type::DateTime);
}

const std::string kNull = "(NULL::boolean)";

// Writes the SQL of one conjunct. Every function returns nullopt for a part whose SQL would not give exactly
// our engine's answer (true, false or NULL for every row); the caller then drops the conjunct's parameters.
class SqlWriter {
public:
    explicit SqlWriter(Params& params) : m_params(params) {}

    std::optional<std::string> condition(const Node& node)
    {
        switch (node.kind) {
        case NodeKind::And:
        case NodeKind::Or: {
            std::string out = "(";
            for (std::size_t i = 0; i < node.children.size(); ++i) {
                const auto c = condition(*node.children[i]);
                if (!c)
                    return std::nullopt;
                out += (i ? (node.kind == NodeKind::And ? " AND " : " OR ") : "") + *c;
            }
            return out + ")";
        }
        case NodeKind::Not: {
            const auto c = condition(*node.children[0]);
            return c ? std::optional("(NOT " + *c + ")") : std::nullopt;
        }
        case NodeKind::Compare: {
            const auto a = operand(*node.children[0]);
            const auto b = a ? operand(*node.children[1]) : std::nullopt;
            return b ? compare(static_cast<CompareOp>(node.op), *a, *b) : std::nullopt;
        }
        case NodeKind::In: return in(node);
        case NodeKind::Between: return between(node);
        case NodeKind::Like: return like(node);
        case NodeKind::IsNull: {
            auto x = operand(*node.children[0]);
            const auto c = x ? std::optional(x->sql) : condition(*node.children[0]);
            return c ? std::optional("(" + *c + (node.negated ? " IS NOT NULL)" : " IS NULL)")) : std::nullopt;
        }
        default: break;
        }
        // Any other value as a condition: our engine takes a non-zero number as true.
        const auto x = operand(node);
        if (!x)
            return std::nullopt;
        if (x->type == Type::Null)
            return kNull;
        if (x->type != Type::Integer)
            return std::nullopt; // reals (NaN), text and dates: rare as conditions, left to the client
        return "(" + x->sql + " <> 0)";
    }

private:
    std::string param(std::string value, std::string_view cast)
    {
        m_params.emplace_back(std::move(value));
        return "$" + std::to_string(m_params.size()) + "::" + std::string(cast);
    }

    std::optional<Operand> literal(const Value& v)
    {
        switch (v.type) {
        case Type::Null: return Operand{"NULL", Type::Null};
        case Type::Boolean:
        case Type::Integer: return Operand{param(std::to_string(v.integer), "bigint"), Type::Integer};
        case Type::Real: {
            if (!std::isfinite(v.real))
                return std::nullopt;
            char buffer[32];
            const auto r = std::to_chars(buffer, buffer + sizeof buffer, v.real);
            return Operand{param(std::string(buffer, r.ptr), "double precision"), Type::Real};
        }
        case Type::String:
            if (!isSendable(v.text))
                return std::nullopt;
            return Operand{param(v.text, "text"), Type::String};
        case Type::Date:
            if (v.integer < kFirstSqlDay || v.integer > kLastSqlDay)
                return std::nullopt;
            return Operand{param(formatDate(v.integer), "date"), Type::Date};
        case Type::DateTime:
            if (v.integer < kFirstSqlDay * kMillisecondsPerDay || v.integer >= (kLastSqlDay + 1) * kMillisecondsPerDay)
                return std::nullopt;
            return Operand{param(formatDateTime(v.integer), "timestamptz"), Type::DateTime};
        }
        return std::nullopt;
    }

    std::optional<Operand> operand(const Node& node)
    {
        switch (node.kind) {
        case NodeKind::Literal: return literal(node.literal);
        case NodeKind::Field: {
            const std::string name = quoteIdentifier(node.column->name());
            if (node.type == Type::Boolean)
                return Operand{"(" + name + ")::integer", Type::Integer};
            return Operand{name, node.type, node.type == Type::Real};
        }
        case NodeKind::Concat: {
            // Text only: our engine and PostgreSQL write numbers and dates differently.
            std::string out = "(";
            for (std::size_t i = 0; i < node.children.size(); ++i) {
                const auto x = operand(*node.children[i]);
                if (!x || (x->type != Type::String && x->type != Type::Null))
                    return std::nullopt;
                out += (i ? " || " : "") + (x->type == Type::Null ? std::string("NULL::text") : x->sql);
            }
            return Operand{out + ")", Type::String};
        }
        case NodeKind::Call: return call(node);
        default: return std::nullopt;
        }
    }

    std::optional<Operand> call(const Node& node)
    {
        const std::string name = detail::lowerText(node.name);
        if (name != "lower" && name != "upper" && name != "length")
            return std::nullopt;
        const auto x = operand(*node.children[0]);
        if (!x || x->type != Type::String)
            return std::nullopt;
        if (name == "length") // characters, as ours counts code points (the database's text is valid UTF-8)
            return Operand{"length(" + x->sql + ")", Type::Integer};
        const CaseMap& map = name == "lower" ? lowerMap() : upperMap();
        return Operand{"translate(" + x->sql + ", " + param(map.from, "text") + ", " + param(map.to, "text") + ")",
                       Type::String};
    }

    std::optional<std::string> compare(CompareOp op, const Operand& a, const Operand& b)
    {
        if (a.type == Type::Null || b.type == Type::Null)
            return kNull; // our engine: a comparison with null is unknown, whatever the operator
        if (!comparable(a.type, b.type))
            return std::nullopt; // date against date-time: ours takes midnight UTC, PostgreSQL the session's zone
        const std::string left = a.type == Type::String ? "(" + a.sql + ") COLLATE \"C\"" : a.sql;
        std::string core = "(" + left + " " + std::string(sqlOperator(op)) + " " + b.sql + ")";
        if (!a.mayBeNaN && !b.mayBeNaN)
            return core;
        // PostgreSQL orders NaN above every number; our engine finds it equal to every number.
        const std::string nan = param("NaN", "double precision");
        std::string isNaN;
        for (const Operand* x : {&a, &b})
            if (x->mayBeNaN)
                isNaN += (isNaN.empty() ? "" : " OR ") + x->sql + " = " + nan;
        return "(CASE WHEN " + a.sql + " IS NULL OR " + b.sql + " IS NULL THEN NULL WHEN " + isNaN + " THEN " +
               (equalResult(op) ? "TRUE" : "FALSE") + " ELSE " + core + " END)";
    }

    std::optional<std::string> in(const Node& node)
    {
        const auto a = operand(*node.children[0]);
        if (!a)
            return std::nullopt;
        if (a->type == Type::Null)
            return kNull;
        std::vector<Operand> items;
        bool native = !a->mayBeNaN;
        for (std::size_t i = 1; i < node.children.size(); ++i) {
            auto x = operand(*node.children[i]);
            if (!x || (x->type != Type::Null && !comparable(a->type, x->type)))
                return std::nullopt;
            native = native && !x->mayBeNaN && (x->type == a->type || x->type == Type::Null);
            items.push_back(std::move(*x));
        }
        std::string out;
        if (native) { // x IN (a, b) is x = a OR x = b in SQL too, null items included
            out = "(" + (a->type == Type::String ? "(" + a->sql + ") COLLATE \"C\"" : a->sql) +
                  (node.negated ? " NOT IN (" : " IN (");
            for (std::size_t i = 0; i < items.size(); ++i)
                out += (i ? ", " : "") + (items[i].type == Type::Null ? std::string("NULL") : items[i].sql);
            return out + "))";
        }
        out = "(";
        for (std::size_t i = 0; i < items.size(); ++i) {
            const auto c = compare(CompareOp::Equal, *a, items[i]);
            if (!c)
                return std::nullopt;
            out += (i ? " OR " : "") + *c;
        }
        out += ")";
        return node.negated ? "(NOT " + out + ")" : out;
    }

    // low <= x AND x <= high, which is what our engine computes (in three-valued logic).
    std::optional<std::string> between(const Node& node)
    {
        const auto a = operand(*node.children[0]);
        const auto low = a ? operand(*node.children[1]) : std::nullopt;
        const auto high = low ? operand(*node.children[2]) : std::nullopt;
        if (!high)
            return std::nullopt;
        const auto above = compare(CompareOp::GreaterEqual, *a, *low);
        const auto below = above ? compare(CompareOp::LessEqual, *a, *high) : std::nullopt;
        if (!below)
            return std::nullopt;
        const std::string both = "(" + *above + " AND " + *below + ")";
        return node.negated ? "(NOT " + both + ")" : both;
    }

    std::optional<std::string> like(const Node& node)
    {
        auto subject = operand(*node.children[0]);
        const Node& pattern = *node.children[1];
        if (!subject || pattern.kind != NodeKind::Literal)
            return std::nullopt;
        if (subject->type == Type::Null || pattern.literal.type == Type::Null)
            return kNull;
        if (subject->type != Type::String || pattern.literal.type != Type::String ||
            !isSendable(pattern.literal.text))
            return std::nullopt;
        std::string text = pattern.literal.text;
        if (node.caseInsensitive) { // both sides folded with our mapping, then matched as LIKE, as ours does
            text = detail::lowerText(text);
            const CaseMap& map = lowerMap();
            subject->sql =
                "translate(" + subject->sql + ", " + param(map.from, "text") + ", " + param(map.to, "text") + ")";
        }
        return "((" + subject->sql + ") COLLATE \"C\"" + (node.negated ? " NOT LIKE " : " LIKE ") +
               param(sqlLikePattern(text), "text") + ")";
    }

    Params& m_params;
};

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

std::string quoteIdentifier(std::string_view name)
{
    if (name.empty())
        throw Error(ErrorCode::Query, "an empty name cannot be a PostgreSQL identifier");
    if (name.find('\0') != std::string_view::npos)
        throw Error(ErrorCode::Query, "name " + detail::quoteName(name.substr(0, name.find('\0'))) +
                                          "... holds a NUL byte, which no PostgreSQL identifier can");
    std::string out = "\"";
    for (const char c : name) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + "\"";
}

SqlTranslation translateToSql(std::string_view expression, const std::vector<FieldInfo>& fields,
                              std::string_view geometryColumn)
{
    AttributeTable table;
    for (const FieldInfo& f : fields) {
        quoteIdentifier(f.name);
        table.addColumn(f.name, f.type);
    }
    if (!geometryColumn.empty())
        quoteIdentifier(geometryColumn);
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
        const auto sql = SqlWriter(params).condition(*conjuncts[i]);
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
