#include "cql2parser.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "cql2lexer.h"
#include "exprtext.h"
#include "gis/core/error.h"
#include "gis/data/datetime.h"
#include "gis/data/layer.h"
#include "gis/geom/wkt.h"

namespace gis::detail {

namespace {

using T = Cql2Token;

struct NameMap {
    std::string_view cql;
    std::string_view engine;
};
// CQL2's spatial functions and the expression engine's predicates they become (exprspatial.h).
constexpr std::array<NameMap, 8> kSpatial{{{"S_INTERSECTS", "intersects"},
                                           {"S_WITHIN", "within"},
                                           {"S_CONTAINS", "contains"},
                                           {"S_DISJOINT", "disjoint"},
                                           {"S_TOUCHES", "touches"},
                                           {"S_CROSSES", "crosses"},
                                           {"S_OVERLAPS", "overlaps"},
                                           {"S_EQUALS", "equals"}}};
constexpr std::array<std::string_view, 7> kWktTypes{
    "POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION"};
// Names a client may give the layer's geometry: the queryables call it "geometry"; the others are the usual
// geometry column names. A field of the same name wins.
constexpr std::array<std::string_view, 5> kGeometryNames{"geometry", "geom", "the_geom", "wkb_geometry", "shape"};
// Never property names unless double-quoted.
constexpr std::array<std::string_view, 11> kReserved{"AND", "OR",   "NOT",  "LIKE",  "BETWEEN", "IN",
                                                     "IS",  "NULL", "TRUE", "FALSE", "BBOX"};

template <std::size_t N>
bool among(std::string_view word, const std::array<std::string_view, N>& words)
{
    for (std::string_view w : words)
        if (equalsIgnoreCase(w, word))
            return true;
    return false;
}

class Parser {
public:
    Parser(std::string_view text, const Layer& layer, Cql2GeometryReader& geometries)
        : m_text(text), m_tokens(tokenizeCql2(text)), m_layer(layer), m_geometries(geometries)
    {
    }

    NodePtr parse()
    {
        if (peek().kind == T::End)
            fail(0, "empty filter");
        NodePtr root = orExpr();
        if (peek().kind == T::RightParen)
            fail(peek().offset, "unexpected \")\"", "there is no \"(\" for it to close");
        if (peek().kind != T::End)
            fail(peek().offset, "unexpected " + describe(peek()), "expected AND, OR or the end of the filter");
        return root;
    }

private:
    [[noreturn, gnu::noinline]] void fail(std::size_t offset, const std::string& message,
                                          const std::string& hint = {}) const
    {
        throwCql2(m_text, offset, message, hint);
    }

    const Cql2Lexeme& peek(std::size_t ahead = 0) const
    {
        const std::size_t i = m_pos + ahead;
        return i < m_tokens.size() ? m_tokens[i] : m_tokens.back();
    }
    const Cql2Lexeme& advance()
    {
        const Cql2Lexeme& t = m_tokens[m_pos];
        if (m_pos + 1 < m_tokens.size())
            ++m_pos;
        return t;
    }
    bool atWord(std::string_view word, std::size_t ahead = 0) const
    {
        const Cql2Lexeme& t = peek(ahead);
        return t.kind == T::Identifier && equalsIgnoreCase(t.text, word);
    }
    bool atCall(std::size_t ahead = 0) const
    {
        return peek(ahead).kind == T::Identifier && peek(ahead + 1).kind == T::LeftParen;
    }
    [[gnu::noinline]] std::string describe(const Cql2Lexeme& t) const
    {
        if (t.kind == T::End)
            return "the end of the filter";
        std::string_view s = m_text.substr(t.offset, t.end - t.offset);
        if (s.size() > 40)
            s = s.substr(0, byteOffsetOfCodePoint(s, 30));
        return "\"" + std::string(s) + "\"";
    }
    void expect(T kind, const char* what, const Cql2Lexeme& opener)
    {
        if (peek().kind == kind) {
            advance();
            return;
        }
        fail(peek().offset, std::string("expected ") + what + " instead of " + describe(peek()),
             "to close " + describe(opener) + " at column " +
                 std::to_string(codePointCount(m_text.substr(0, opener.offset)) + 1));
    }

    // One nesting level (parentheses, NOT, a function's arguments, an IN list) for as long as it lives: bounds
    // the recursion here and in every later walk of the tree, as in the expression parser.
    class Level {
    public:
        Level(Parser& p, std::size_t offset) : m_p(p)
        {
            if (m_p.m_depth == kMaxNesting)
                m_p.fail(offset, "filter too deeply nested (more than " + std::to_string(kMaxNesting) + " levels)",
                         "long AND/OR chains need no parentheses; a long list of values is x IN (...)");
            ++m_p.m_depth;
        }
        ~Level() { --m_p.m_depth; }
        Level(const Level&) = delete;
        Level& operator=(const Level&) = delete;

    private:
        Parser& m_p;
    };

    // a OR b OR ...: one n-ary node, as the expression parser builds, so long chains stay shallow.
    NodePtr chain(NodeKind kind, std::string_view word, NodePtr (Parser::*operand)())
    {
        NodePtr first = (this->*operand)();
        if (!atWord(word))
            return first;
        auto n = std::make_unique<Node>(kind, peek().offset);
        n->children.push_back(std::move(first));
        while (atWord(word)) {
            n->links.push_back({0, advance().offset});
            n->children.push_back((this->*operand)());
        }
        n->offset = n->links.back().offset;
        return n;
    }
    NodePtr orExpr() { return chain(NodeKind::Or, "OR", &Parser::andExpr); }
    NodePtr andExpr() { return chain(NodeKind::And, "AND", &Parser::notExpr); }

    NodePtr notExpr()
    {
        if (!atWord("NOT"))
            return primary();
        const Level level(*this, peek().offset);
        auto n = std::make_unique<Node>(NodeKind::Not, advance().offset);
        n->children.push_back(notExpr());
        return n;
    }

    NodePtr primary()
    {
        if (peek().kind == T::LeftParen) {
            const Cql2Lexeme& open = advance();
            const Level level(*this, open.offset);
            NodePtr inner = orExpr();
            expect(T::RightParen, "\")\"", open);
            return inner;
        }
        for (const NameMap& s : kSpatial)
            if (atCall() && equalsIgnoreCase(peek().text, s.cql))
                return spatial(s.engine);
        const Cql2Lexeme& first = peek();
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
            if (peek().kind != kind)
                continue;
            auto n = std::make_unique<Node>(NodeKind::Compare, advance().offset);
            n->op = static_cast<std::uint8_t>(op);
            n->children.push_back(std::move(left));
            n->children.push_back(scalar());
            return n;
        }
        if (atWord("IS")) {
            auto n = std::make_unique<Node>(NodeKind::IsNull, advance().offset);
            n->negated = atWord("NOT");
            if (n->negated)
                advance();
            if (!atWord("NULL"))
                fail(peek().offset, "expected NULL instead of " + describe(peek()), "write IS NULL or IS NOT NULL");
            advance();
            n->children.push_back(std::move(left));
            return n;
        }
        const bool negated = atWord("NOT") && (atWord("LIKE", 1) || atWord("BETWEEN", 1) || atWord("IN", 1));
        if (negated)
            advance();
        if (atWord("LIKE") || atWord("BETWEEN")) {
            const NodeKind kind = atWord("LIKE") ? NodeKind::Like : NodeKind::Between;
            auto n = std::make_unique<Node>(kind, advance().offset);
            n->negated = negated;
            n->children.push_back(std::move(left));
            n->children.push_back(scalar());
            if (n->kind == NodeKind::Between) {
                if (!atWord("AND"))
                    fail(peek().offset, "expected AND instead of " + describe(peek()), "x BETWEEN 1 AND 10");
                advance();
                n->children.push_back(scalar());
            }
            return n;
        }
        if (atWord("IN"))
            return inList(std::move(left), negated);
        const bool boolean = (left->kind == NodeKind::Literal && left->literal.type == Value::Type::Boolean) ||
                             (left->kind == NodeKind::Field && isBooleanField(left->name));
        if (!boolean)
            fail(peek().offset,
                 "expected a comparison operator, LIKE, BETWEEN, IN or IS after " + describe(first) + " instead of " +
                     describe(peek()));
        return left;
    }

    NodePtr inList(NodePtr left, bool negated)
    {
        auto n = std::make_unique<Node>(NodeKind::In, advance().offset);
        n->negated = negated;
        n->children.push_back(std::move(left));
        if (peek().kind != T::LeftParen)
            fail(peek().offset, "expected \"(\" instead of " + describe(peek()), "x IN ('a', 'b')");
        const Cql2Lexeme& open = advance();
        const Level level(*this, open.offset);
        n->children.push_back(scalar());
        while (peek().kind == T::Comma) {
            advance();
            n->children.push_back(scalar());
        }
        expect(T::RightParen, "\",\" or \")\"", open);
        return n;
    }

    NodePtr scalar()
    {
        const Cql2Lexeme& t = peek();
        if (t.kind == T::Minus || t.kind == T::Plus) {
            advance();
            if (peek().kind != T::Number)
                fail(peek().offset, "expected a number after the sign instead of " + describe(peek()));
            return number(advance(), t.kind == T::Minus, t.offset);
        }
        if (t.kind == T::Number)
            return number(advance(), false, t.offset);
        if (t.kind == T::String)
            return literal(Value::fromString(advance().text), t.offset);
        if (t.kind == T::Quoted)
            return property(advance());
        if (t.kind != T::Identifier)
            fail(t.offset, "expected a property name or a value instead of " + describe(t));
        if (atWord("TRUE") || atWord("FALSE"))
        {
            const bool value = atWord("TRUE");
            return literal(Value::boolean(value), advance().offset);
        }
        if (atCall() && (atWord("DATE") || atWord("TIMESTAMP")))
            return temporal();
        if (atCall() && atWord("CASEI")) {
            const Cql2Lexeme& name = advance();
            const Cql2Lexeme& open = advance();
            const Level level(*this, open.offset);
            auto n = std::make_unique<Node>(NodeKind::Call, name.offset);
            n->name = "lower"; // CASEI folds case as the engine's lower() does (docs/cql2.md)
            n->children.push_back(scalar());
            expect(T::RightParen, "\")\"", open);
            return n;
        }
        if (atCall())
            fail(t.offset, "unknown function " + quoteName(t.text),
                 "the functions are CASEI, DATE, TIMESTAMP and the spatial S_INTERSECTS, S_WITHIN, ...");
        if (among(t.text, kReserved))
            fail(t.offset, "expected a property name or a value instead of " + describe(t),
                 "a property with this name must be double-quoted");
        return property(advance());
    }

    [[gnu::noinline]] NodePtr literal(Value v, std::size_t offset)
    {
        auto n = std::make_unique<Node>(NodeKind::Literal, offset);
        n->literal = std::move(v);
        return n;
    }

    [[gnu::noinline]] NodePtr number(const Cql2Lexeme& t, bool negative, std::size_t offset)
    {
        const std::string text = (negative ? "-" : "") + t.text;
        if (text.find_first_of(".eE") == std::string::npos) {
            std::int64_t v = 0;
            const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
            if (r.ec == std::errc() && r.ptr == text.data() + text.size())
                return literal(Value::fromInteger(v), offset);
        }
        const double d = std::strtod(text.c_str(), nullptr);
        if (!std::isfinite(d))
            fail(offset, "number out of range: " + text);
        return literal(Value::fromReal(d), offset);
    }

    // DATE('2024-01-31') and TIMESTAMP('2024-01-31T10:00:00Z').
    [[gnu::noinline]] NodePtr temporal()
    {
        const Cql2Lexeme& name = advance();
        const bool date = equalsIgnoreCase(name.text, "DATE");
        const Cql2Lexeme& open = advance();
        const Cql2Lexeme& s = peek();
        if (s.kind != T::String)
            fail(s.offset, std::string("expected a text literal instead of ") + describe(s),
                 date ? "DATE('2024-01-31')" : "TIMESTAMP('2024-01-31T10:00:00Z')");
        advance();
        expect(T::RightParen, "\")\"", open);
        const auto value = date ? parseDate(s.text) : parseDateTime(s.text);
        if (!value)
            fail(s.offset, "'" + s.text + (date ? "' is not a date" : "' is not a timestamp"),
                 date ? "write DATE('YYYY-MM-DD')" : "write TIMESTAMP('YYYY-MM-DDThh:mm:ssZ')");
        return literal(date ? Value::date(*value) : Value::dateTime(*value), name.offset);
    }

    const AttributeColumn* findField(std::string_view name) const
    {
        const AttributeColumn* folded = nullptr;
        for (const AttributeColumn& c : m_layer.attributes().columns()) {
            if (c.name() == name)
                return &c;
            if (!folded && equalsIgnoreCase(c.name(), name))
                folded = &c;
        }
        return folded;
    }
    bool isBooleanField(std::string_view name) const
    {
        const AttributeColumn* c = findField(name);
        return c && c->type() == FieldType::Boolean;
    }
    bool isGeometryName(std::string_view name) const { return !findField(name) && among(name, kGeometryNames); }

    [[gnu::noinline]] NodePtr property(const Cql2Lexeme& t)
    {
        if (isGeometryName(t.text))
            fail(t.offset, "the geometry " + quoteName(t.text) + " can only be compared with spatial functions",
                 "for example S_INTERSECTS(" + t.text + ", BBOX(57.4, 22.8, 57.7, 23.0))");
        if (!findField(t.text)) {
            std::vector<std::string> names;
            for (const AttributeColumn& c : m_layer.attributes().columns())
                names.push_back(c.name());
            const std::string suggestion = closestName(t.text, names);
            fail(t.offset, "unknown property " + quoteName(t.text),
                 suggestion.empty() ? std::string() : "did you mean " + quoteName(suggestion) + "?");
        }
        auto n = std::make_unique<Node>(NodeKind::Field, t.offset);
        n->name = t.text;
        return n;
    }

    NodePtr spatial(std::string_view engineName)
    {
        const Cql2Lexeme& name = advance();
        const Cql2Lexeme& open = advance();
        const Level level(*this, open.offset);
        auto n = std::make_unique<Node>(NodeKind::Call, name.offset);
        n->name = std::string(engineName);
        n->children.push_back(geometryOperand());
        expect(T::Comma, "\",\"", open);
        n->children.push_back(geometryOperand());
        expect(T::RightParen, "\")\"", open);
        return n;
    }

    NodePtr geometryOperand()
    {
        const Cql2Lexeme& t = peek();
        if (t.kind == T::Identifier && among(t.text, kWktTypes))
            return geometryLiteral(wkt());
        if (atCall() && atWord("BBOX"))
            return geometryLiteral(box());
        if ((t.kind == T::Identifier || t.kind == T::Quoted) && isGeometryName(t.text)) {
            auto n = std::make_unique<Node>(NodeKind::Variable, advance().offset);
            n->name = "geometry";
            return n;
        }
        if ((t.kind == T::Identifier || t.kind == T::Quoted) && findField(t.text))
            fail(t.offset, "property " + quoteName(t.text) + " is not a geometry",
                 "the layer's geometry is \"geometry\"");
        fail(t.offset, "expected the geometry property or a geometry literal instead of " + describe(t),
             "for example S_INTERSECTS(geometry, POLYGON((57.4 22.8, 57.7 22.8, 57.7 23.0, 57.4 22.8)))");
    }

    // The WKT of POINT (...) ... GEOMETRYCOLLECTION (...): its tokens up to the matching ")", read by the WKT
    // parser (which has its own nesting limit; parentheses are counted here, not recursed into).
    std::pair<std::size_t, Geometry> wkt()
    {
        const std::size_t start = advance().offset;
        while (peek().kind == T::Identifier) { // Z, M, ZM, EMPTY
            if (atWord("EMPTY"))
                return read(start, advance().end);
            advance();
        }
        if (peek().kind != T::LeftParen)
            fail(peek().offset, "expected \"(\" or EMPTY instead of " + describe(peek()));
        std::size_t depth = 0;
        while (true) {
            const Cql2Lexeme& t = advance();
            if (t.kind == T::End)
                fail(t.offset, "unterminated geometry: a \")\" is missing", "to close the geometry at column " +
                                                                               std::to_string(column(start)));
            if (t.kind == T::LeftParen)
                ++depth;
            else if (t.kind == T::RightParen && --depth == 0)
                return read(start, t.end);
        }
    }

    std::pair<std::size_t, Geometry> read(std::size_t start, std::size_t end)
    {
        try {
            return {start, m_geometries.fromWkt(m_text.substr(start, end - start))};
        } catch (const Error& e) {
            if (e.code() == ErrorCode::Geometry)
                fail(start, std::string("invalid geometry (") + e.what() + ")");
            throw Error(e.code(), "CQL2: the geometry at column " + std::to_string(column(start)) + ": " + e.what());
        }
    }

    // BBOX(minx, miny, maxx, maxy) or, with heights, BBOX(minx, miny, minz, maxx, maxy, maxz).
    std::pair<std::size_t, Geometry> box()
    {
        const std::size_t start = advance().offset;
        const Cql2Lexeme& open = advance();
        std::vector<double> v;
        while (true) {
            const Cql2Lexeme& t = peek();
            const bool negative = t.kind == T::Minus;
            if (t.kind == T::Minus || t.kind == T::Plus)
                advance();
            if (peek().kind != T::Number)
                fail(peek().offset, "expected a number instead of " + describe(peek()), "BBOX(minx, miny, maxx, maxy)");
            const NodePtr n = number(advance(), negative, t.offset);
            v.push_back(n->literal.type == Value::Type::Integer ? double(n->literal.integer) : n->literal.real);
            if (peek().kind != T::Comma || v.size() == 6)
                break;
            advance();
        }
        expect(T::RightParen, "\")\"", open);
        if (v.size() != 4 && v.size() != 6)
            fail(start, "BBOX takes 4 or 6 numbers, not " + std::to_string(v.size()));
        if (v.size() == 6)
            v = {v[0], v[1], v[3], v[4]};
        if (v[0] > v[2] || v[1] > v[3])
            fail(start, "BBOX's first corner must be its lowest", "a box across the antimeridian is not supported");
        try {
            return {start, m_geometries.fromBox(v[0], v[1], v[2], v[3])};
        } catch (const Error& e) {
            throw Error(e.code(), "CQL2: the geometry at column " + std::to_string(column(start)) + ": " + e.what());
        }
    }

    // geom_from_wkt('<the literal in the layer's CRS>'), the engine's form of a constant geometry. The WKT is
    // written in shortest round-trip form, so the engine reads back exactly these coordinates.
    [[gnu::noinline]] NodePtr geometryLiteral(std::pair<std::size_t, Geometry> g)
    {
        auto n = std::make_unique<Node>(NodeKind::Call, g.first);
        n->name = "geom_from_wkt";
        n->children.push_back(literal(Value::fromString(toWkt(g.second.ref())), g.first));
        return n;
    }

    std::size_t column(std::size_t offset) const { return codePointCount(m_text.substr(0, offset)) + 1; }

    std::string_view m_text;
    std::vector<Cql2Lexeme> m_tokens;
    std::size_t m_pos = 0;
    int m_depth = 0;
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
