#include "cql2parser.h"

#include <array>
#include <string>
#include <vector>

#include "cql2cursor.h"
#include "cql2spatial.h"
#include "exprtext.h"
#include "gis/core/error.h"
#include "gis/data/datetime.h"
#include "gis/data/layer.h"

namespace gis::detail {

namespace {

using T = Cql2Token;

// Never property names unless double-quoted.
constexpr std::array<std::string_view, 11> kReserved{"AND", "OR",   "NOT",  "LIKE",  "BETWEEN", "IN",
                                                     "IS",  "NULL", "TRUE", "FALSE", "BBOX"};

bool isReserved(std::string_view word)
{
    for (std::string_view w : kReserved)
        if (equalsIgnoreCase(w, word))
            return true;
    return false;
}

class Parser {
public:
    Parser(std::string_view text, const Layer& layer, Cql2GeometryReader& geometries)
        : m_c(text), m_layer(layer), m_geometries(geometries)
    {
    }

    NodePtr parse()
    {
        if (m_c.peek().kind == T::End)
            m_c.fail(0, "empty filter");
        NodePtr root = orExpr();
        if (m_c.peek().kind == T::RightParen)
            m_c.fail(m_c.peek().offset, "unexpected \")\"", "there is no \"(\" for it to close");
        if (m_c.peek().kind != T::End)
            m_c.fail(m_c.peek().offset, "unexpected " + m_c.describe(m_c.peek()), "expected AND, OR or the end of the filter");
        return root;
    }

private:
    // a OR b OR ...: one n-ary node, as the expression parser builds, so long chains stay shallow.
    NodePtr chain(NodeKind kind, std::string_view word, NodePtr (Parser::*operand)())
    {
        NodePtr first = (this->*operand)();
        if (!m_c.atWord(word))
            return first;
        auto n = std::make_unique<Node>(kind, m_c.peek().offset);
        n->children.push_back(std::move(first));
        while (m_c.atWord(word)) {
            n->links.push_back({0, m_c.advance().offset});
            n->children.push_back((this->*operand)());
        }
        n->offset = n->links.back().offset;
        return n;
    }
    NodePtr orExpr() { return chain(NodeKind::Or, "OR", &Parser::andExpr); }
    NodePtr andExpr() { return chain(NodeKind::And, "AND", &Parser::notExpr); }

    NodePtr notExpr()
    {
        if (!m_c.atWord("NOT"))
            return primary();
        const Cql2Cursor::Level level(m_c, m_c.peek().offset);
        auto n = std::make_unique<Node>(NodeKind::Not, m_c.advance().offset);
        n->children.push_back(notExpr());
        return n;
    }

    NodePtr primary()
    {
        if (m_c.peek().kind == T::LeftParen) {
            const Cql2Lexeme& open = m_c.advance();
            const Cql2Cursor::Level level(m_c, open.offset);
            NodePtr inner = orExpr();
            m_c.expect(T::RightParen, "\")\"", open);
            return inner;
        }
        if (atCql2SpatialFunction(m_c))
            return parseCql2Spatial(m_c, m_layer, m_geometries);
        const Cql2Lexeme& first = m_c.peek();
        return predicate(scalar(), first);
    }

    // What follows a scalar: a comparison, [NOT] LIKE/BETWEEN/IN, IS [NOT] NULL; or nothing for a boolean.
    NodePtr predicate(NodePtr left, const Cql2Lexeme& first)
    {
        static constexpr std::array<std::pair<T, CompareOp>, 6> kCompare{{{T::Equal, CompareOp::Equal},
                                                                          {T::NotEqual, CompareOp::NotEqual},
                                                                          {T::Less, CompareOp::Less},
                                                                          {T::LessEqual, CompareOp::LessEqual},
                                                                          {T::Greater, CompareOp::Greater},
                                                                          {T::GreaterEqual, CompareOp::GreaterEqual}}};
        for (const auto& [kind, op] : kCompare) {
            if (m_c.peek().kind != kind)
                continue;
            auto n = std::make_unique<Node>(NodeKind::Compare, m_c.advance().offset);
            n->op = static_cast<std::uint8_t>(op);
            n->children.push_back(std::move(left));
            n->children.push_back(scalar());
            return n;
        }
        if (m_c.atWord("IS")) {
            auto n = std::make_unique<Node>(NodeKind::IsNull, m_c.advance().offset);
            n->negated = m_c.atWord("NOT");
            if (n->negated)
                m_c.advance();
            if (!m_c.atWord("NULL"))
                m_c.fail(m_c.peek().offset, "expected NULL instead of " + m_c.describe(m_c.peek()), "write IS NULL or IS NOT NULL");
            m_c.advance();
            n->children.push_back(std::move(left));
            return n;
        }
        const bool negated = m_c.atWord("NOT") && (m_c.atWord("LIKE", 1) || m_c.atWord("BETWEEN", 1) || m_c.atWord("IN", 1));
        if (negated)
            m_c.advance();
        if (m_c.atWord("LIKE") || m_c.atWord("BETWEEN")) {
            const NodeKind kind = m_c.atWord("LIKE") ? NodeKind::Like : NodeKind::Between;
            auto n = std::make_unique<Node>(kind, m_c.advance().offset);
            n->negated = negated;
            n->children.push_back(std::move(left));
            n->children.push_back(scalar());
            if (n->kind == NodeKind::Between) {
                if (!m_c.atWord("AND"))
                    m_c.fail(m_c.peek().offset, "expected AND instead of " + m_c.describe(m_c.peek()), "x BETWEEN 1 AND 10");
                m_c.advance();
                n->children.push_back(scalar());
            }
            return n;
        }
        if (m_c.atWord("IN"))
            return inList(std::move(left), negated);
        const bool boolean = (left->kind == NodeKind::Literal && left->literal.type == Value::Type::Boolean) ||
                             (left->kind == NodeKind::Field && isBooleanField(left->name));
        if (!boolean)
            m_c.fail(m_c.peek().offset,
                 "expected a comparison operator, LIKE, BETWEEN, IN or IS after " + m_c.describe(first) + " instead of " +
                     m_c.describe(m_c.peek()));
        return left;
    }

    NodePtr inList(NodePtr left, bool negated)
    {
        auto n = std::make_unique<Node>(NodeKind::In, m_c.advance().offset);
        n->negated = negated;
        n->children.push_back(std::move(left));
        if (m_c.peek().kind != T::LeftParen)
            m_c.fail(m_c.peek().offset, "expected \"(\" instead of " + m_c.describe(m_c.peek()), "x IN ('a', 'b')");
        const Cql2Lexeme& open = m_c.advance();
        const Cql2Cursor::Level level(m_c, open.offset);
        n->children.push_back(scalar());
        while (m_c.peek().kind == T::Comma) {
            m_c.advance();
            n->children.push_back(scalar());
        }
        m_c.expect(T::RightParen, "\",\" or \")\"", open);
        return n;
    }

    NodePtr scalar()
    {
        const Cql2Lexeme& t = m_c.peek();
        if (t.kind == T::Minus || t.kind == T::Plus) {
            m_c.advance();
            if (m_c.peek().kind != T::Number)
                m_c.fail(m_c.peek().offset, "expected a number after the sign instead of " + m_c.describe(m_c.peek()));
            return m_c.number(m_c.advance(), t.kind == T::Minus, t.offset);
        }
        if (t.kind == T::Number)
            return m_c.number(m_c.advance(), false, t.offset);
        if (t.kind == T::String)
            return Cql2Cursor::literal(Value::fromString(m_c.advance().text), t.offset);
        if (t.kind == T::Quoted)
            return property(m_c.advance());
        if (t.kind != T::Identifier)
            m_c.fail(t.offset, "expected a property name or a value instead of " + m_c.describe(t));
        if (m_c.atWord("TRUE") || m_c.atWord("FALSE"))
        {
            const bool value = m_c.atWord("TRUE");
            return Cql2Cursor::literal(Value::boolean(value), m_c.advance().offset);
        }
        if (m_c.atCall() && (m_c.atWord("DATE") || m_c.atWord("TIMESTAMP")))
            return temporal();
        if (m_c.atCall() && (m_c.atWord("CASEI") || m_c.atWord("ACCENTI"))) {
            const bool caseI = m_c.atWord("CASEI");
            const Cql2Lexeme& name = m_c.advance();
            const Cql2Lexeme& open = m_c.advance();
            const Cql2Cursor::Level level(m_c, open.offset);
            auto n = std::make_unique<Node>(NodeKind::Call, name.offset);
            // CASEI folds case as the engine's lower() does, ACCENTI accents as its unaccent() (docs/cql2.md)
            n->name = caseI ? "lower" : "unaccent";
            n->children.push_back(scalar());
            m_c.expect(T::RightParen, "\")\"", open);
            return n;
        }
        if (m_c.atCall())
            m_c.fail(t.offset, "unknown function " + quoteName(t.text),
                 "the functions are CASEI, ACCENTI, DATE, TIMESTAMP and the spatial S_INTERSECTS, S_WITHIN, ...");
        if (isReserved(t.text))
            m_c.fail(t.offset, "expected a property name or a value instead of " + m_c.describe(t),
                 "a property with this name must be double-quoted");
        return property(m_c.advance());
    }

    // DATE('2024-01-31') and TIMESTAMP('2024-01-31T10:00:00Z').
    [[gnu::noinline]] NodePtr temporal()
    {
        const Cql2Lexeme& name = m_c.advance();
        const bool date = equalsIgnoreCase(name.text, "DATE");
        const Cql2Lexeme& open = m_c.advance();
        const Cql2Lexeme& s = m_c.peek();
        if (s.kind != T::String)
            m_c.fail(s.offset, std::string("expected a text literal instead of ") + m_c.describe(s),
                 date ? "DATE('2024-01-31')" : "TIMESTAMP('2024-01-31T10:00:00Z')");
        m_c.advance();
        m_c.expect(T::RightParen, "\")\"", open);
        const auto value = date ? parseDate(s.text) : parseDateTime(s.text);
        if (!value)
            m_c.fail(s.offset, "'" + s.text + (date ? "' is not a date" : "' is not a timestamp"),
                 date ? "write DATE('YYYY-MM-DD')" : "write TIMESTAMP('YYYY-MM-DDThh:mm:ssZ')");
        return Cql2Cursor::literal(date ? Value::date(*value) : Value::dateTime(*value), name.offset);
    }

    [[gnu::noinline]] NodePtr property(const Cql2Lexeme& t)
    {
        if (isCql2GeometryName(m_layer, t.text))
            m_c.fail(t.offset, "the geometry " + quoteName(t.text) + " can only be compared with spatial functions",
                 "for example S_INTERSECTS(" + t.text + ", BBOX(57.4, 22.8, 57.7, 23.0))");
        if (!findCql2Property(m_layer, t.text)) {
            std::vector<std::string> names;
            for (const AttributeColumn& c : m_layer.attributes().columns())
                names.push_back(c.name());
            const std::string suggestion = closestName(t.text, names);
            m_c.fail(t.offset, "unknown property " + quoteName(t.text),
                 suggestion.empty() ? std::string() : "did you mean " + quoteName(suggestion) + "?");
        }
        auto n = std::make_unique<Node>(NodeKind::Field, t.offset);
        n->name = t.text;
        return n;
    }
    bool isBooleanField(std::string_view name) const
    {
        const AttributeColumn* c = findCql2Property(m_layer, name);
        return c && c->type() == FieldType::Boolean;
    }

    Cql2Cursor m_c;
    const Layer& m_layer;
    Cql2GeometryReader& m_geometries;
};

} // namespace

NodePtr parseCql2(std::string_view text, const Layer& layer, Cql2GeometryReader& geometries)
{
    if (text.size() > kMaxExpressionBytes)
        throw Error(ErrorCode::Query, "CQL2: filter too long: " + std::to_string(text.size()) +
                                          " bytes, more than the limit of 2 MiB");
    return Parser(text, layer, geometries).parse();
}

} // namespace gis::detail
