#include "cql2spatial.h"

#include <array>
#include <string>
#include <utility>
#include <vector>

#include "exprtext.h"
#include "gis/core/error.h"
#include "gis/geom/wkt.h"

namespace gis::detail {

namespace {

using T = Cql2Token;

struct NameMap {
    std::string_view cql;
    std::string_view engine;
};
// CQL2's spatial functions and the expression engine's predicates they become.
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

struct Literal {
    std::size_t offset;
    Geometry geometry;
};

class SpatialParser {
public:
    SpatialParser(Cql2Cursor& c, const Layer& layer, Cql2GeometryReader& geometries)
        : m_c(c), m_layer(layer), m_geometries(geometries)
    {
    }

    NodePtr parse()
    {
        const Cql2Lexeme& name = m_c.advance();
        std::string_view engine;
        for (const NameMap& s : kSpatial)
            if (equalsIgnoreCase(name.text, s.cql))
                engine = s.engine;
        const Cql2Lexeme& open = m_c.advance();
        const Cql2Cursor::Level level(m_c, open.offset);
        auto n = std::make_unique<Node>(NodeKind::Call, name.offset);
        n->name = std::string(engine);
        n->children.push_back(operand());
        m_c.expect(T::Comma, "\",\"", open);
        n->children.push_back(operand());
        m_c.expect(T::RightParen, "\")\"", open);
        return n;
    }

private:
    NodePtr operand()
    {
        const Cql2Lexeme& t = m_c.peek();
        bool isWkt = false;
        for (std::string_view type : kWktTypes)
            isWkt = isWkt || (t.kind == T::Identifier && equalsIgnoreCase(t.text, type));
        if (isWkt)
            return literalNode(wkt());
        if (m_c.atCall() && m_c.atWord("BBOX"))
            return literalNode(box());
        const bool name = t.kind == T::Identifier || t.kind == T::Quoted;
        if (name && isCql2GeometryName(m_layer, t.text)) {
            auto n = std::make_unique<Node>(NodeKind::Variable, m_c.advance().offset);
            n->name = "geometry";
            return n;
        }
        if (name && findCql2Property(m_layer, t.text))
            m_c.fail(t.offset, "property " + quoteName(t.text) + " is not a geometry",
                     "the layer's geometry is \"geometry\"");
        m_c.fail(t.offset, "expected the geometry property or a geometry literal instead of " + m_c.describe(t),
                 "for example S_INTERSECTS(geometry, POLYGON((57.4 22.8, 57.7 22.8, 57.7 23.0, 57.4 22.8)))");
    }

    // The WKT of POINT (...) ... GEOMETRYCOLLECTION (...): its tokens up to the matching ")", read by the WKT
    // parser (which has its own nesting limit; parentheses are counted here, not recursed into).
    Literal wkt()
    {
        const std::size_t start = m_c.advance().offset;
        while (m_c.peek().kind == T::Identifier) { // Z, M, ZM, EMPTY
            if (m_c.atWord("EMPTY"))
                return read(start, m_c.advance().end);
            m_c.advance();
        }
        if (m_c.peek().kind != T::LeftParen)
            m_c.fail(m_c.peek().offset, "expected \"(\" or EMPTY instead of " + m_c.describe(m_c.peek()));
        std::size_t depth = 0;
        while (true) {
            const Cql2Lexeme& t = m_c.advance();
            if (t.kind == T::End)
                m_c.fail(t.offset, "unterminated geometry: a \")\" is missing",
                         "to close the geometry at column " + std::to_string(m_c.column(start)));
            if (t.kind == T::LeftParen)
                ++depth;
            else if (t.kind == T::RightParen && --depth == 0)
                return read(start, t.end);
        }
    }

    Literal read(std::size_t start, std::size_t end)
    {
        try {
            return {start, m_geometries.fromWkt(m_c.text().substr(start, end - start))};
        } catch (const Error& e) {
            if (e.code() == ErrorCode::Geometry)
                m_c.fail(start, std::string("invalid geometry (") + e.what() + ")");
            throw Error(e.code(), "CQL2: the geometry at column " + std::to_string(m_c.column(start)) + ": " + e.what());
        }
    }

    // BBOX(minx, miny, maxx, maxy) or, with heights, BBOX(minx, miny, minz, maxx, maxy, maxz).
    Literal box()
    {
        const std::size_t start = m_c.advance().offset;
        const Cql2Lexeme& open = m_c.advance();
        std::vector<double> v;
        while (true) {
            const Cql2Lexeme& t = m_c.peek();
            const bool negative = t.kind == T::Minus;
            if (t.kind == T::Minus || t.kind == T::Plus)
                m_c.advance();
            if (m_c.peek().kind != T::Number)
                m_c.fail(m_c.peek().offset, "expected a number instead of " + m_c.describe(m_c.peek()),
                         "BBOX(minx, miny, maxx, maxy)");
            const NodePtr n = m_c.number(m_c.advance(), negative, t.offset);
            v.push_back(n->literal.type == Value::Type::Integer ? double(n->literal.integer) : n->literal.real);
            if (m_c.peek().kind != T::Comma || v.size() == 6)
                break;
            m_c.advance();
        }
        m_c.expect(T::RightParen, "\")\"", open);
        if (v.size() != 4 && v.size() != 6)
            m_c.fail(start, "BBOX takes 4 or 6 numbers, not " + std::to_string(v.size()));
        if (v.size() == 6)
            v = {v[0], v[1], v[3], v[4]};
        if (v[0] > v[2] || v[1] > v[3])
            m_c.fail(start, "BBOX's first corner must be its lowest", "a box across the antimeridian is not supported");
        try {
            return {start, m_geometries.fromBox(v[0], v[1], v[2], v[3])};
        } catch (const Error& e) {
            throw Error(e.code(), "CQL2: the geometry at column " + std::to_string(m_c.column(start)) + ": " + e.what());
        }
    }

    // geom_from_wkt('<the literal in the layer's CRS>'), the engine's form of a constant geometry. The WKT is
    // written in shortest round-trip form, so the engine reads back exactly these coordinates.
    static NodePtr literalNode(const Literal& g)
    {
        auto n = std::make_unique<Node>(NodeKind::Call, g.offset);
        n->name = "geom_from_wkt";
        n->children.push_back(Cql2Cursor::literal(Value::fromString(toWkt(g.geometry.ref())), g.offset));
        return n;
    }

    Cql2Cursor& m_c;
    const Layer& m_layer;
    Cql2GeometryReader& m_geometries;
};

} // namespace

bool atCql2SpatialFunction(const Cql2Cursor& c)
{
    if (!c.atCall())
        return false;
    for (const NameMap& s : kSpatial)
        if (c.atWord(s.cql))
            return true;
    return false;
}

NodePtr parseCql2Spatial(Cql2Cursor& c, const Layer& layer, Cql2GeometryReader& geometries)
{
    return SpatialParser(c, layer, geometries).parse();
}

} // namespace gis::detail
