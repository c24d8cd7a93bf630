// The SQL of one condition of a filter expression, for translateToSql (sqlfilter.cpp): see sqlwriter.h.

#include "sqlwriter.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>

#include "exprtext.h"
#include "gis/core/error.h"
#include "gis/data/datetime.h"
#include "gis/data/postgis.h"
#include "gis/query/sqlfilter.h"

namespace gis::detail {

std::string sqlIdentifier(std::string_view name)
{
    try {
        return pg::quoteIdentifier(name);
    } catch (const Error& e) {
        throw Error(ErrorCode::Query, e.what());
    }
}


namespace {

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
            appendUtf8(m.from, c);
            appendUtf8(m.to, mapped);
        }
    }
    return m;
}

const CaseMap& lowerMap()
{
    static const CaseMap map = buildCaseMap(toLowerCodePoint);
    return map;
}

const CaseMap& upperMap()
{
    static const CaseMap map = buildCaseMap(toUpperCodePoint);
    return map;
}

// Text PostgreSQL can take as a text parameter: valid UTF-8 (a UTF-8 database refuses anything else) and no
// NUL (libpq's parameters end at the first one).
bool isSendable(std::string_view s)
{
    return s.find('\0') == std::string_view::npos && isValidUtf8(s);
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
        decodeUtf8(pattern, i);
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
    if (isNumericType(a) && isNumericType(b))
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
            const std::string name = sqlIdentifier(node.column->name());
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
        const std::string name = lowerText(node.name);
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
            text = lowerText(text);
            const CaseMap& map = lowerMap();
            subject->sql =
                "translate(" + subject->sql + ", " + param(map.from, "text") + ", " + param(map.to, "text") + ")";
        }
        return "((" + subject->sql + ") COLLATE \"C\"" + (node.negated ? " NOT LIKE " : " LIKE ") +
               param(sqlLikePattern(text), "text") + ")";
    }

    Params& m_params;
};

} // namespace

std::optional<std::string> conditionToSql(const Node& node, std::vector<std::optional<std::string>>& params)
{
    return SqlWriter(params).condition(node);
}

} // namespace gis::detail
