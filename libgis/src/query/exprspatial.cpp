#include "exprspatial.h"

#include <array>
#include <utility>

#include "exprbinder.h"
#include "exprtext.h"
#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/geom/wkt.h"
#include "rowgeometry.h"

namespace gis::detail {

namespace {

struct SpatialName {
    std::string_view name;
    SpatialOp op;
};
constexpr std::array<SpatialName, 8> kSpatialNames{{{"intersects", SpatialOp::Intersects},
                                                    {"within", SpatialOp::Within},
                                                    {"contains", SpatialOp::Contains},
                                                    {"disjoint", SpatialOp::Disjoint},
                                                    {"touches", SpatialOp::Touches},
                                                    {"crosses", SpatialOp::Crosses},
                                                    {"overlaps", SpatialOp::Overlaps},
                                                    {"equals", SpatialOp::Equals}}};

// "row op literal" with the literal prepared: the prepared geometry is the first operand, so Within and
// Contains swap (row within literal == literal contains row). Disjoint is asked as Intersects.
char preparedTest(const GEOSPreparedGeometry* literal, SpatialOp op, const GEOSGeometry* row)
{
    GEOSContextHandle_t ctx = geosContext();
    switch (op) {
    case SpatialOp::Intersects:
    case SpatialOp::Disjoint: return GEOSPreparedIntersects_r(ctx, literal, row);
    case SpatialOp::Within: return GEOSPreparedContains_r(ctx, literal, row);
    case SpatialOp::Contains: return GEOSPreparedWithin_r(ctx, literal, row);
    case SpatialOp::Touches: return GEOSPreparedTouches_r(ctx, literal, row);
    case SpatialOp::Crosses: return GEOSPreparedCrosses_r(ctx, literal, row);
    case SpatialOp::Overlaps: return GEOSPreparedOverlaps_r(ctx, literal, row);
    case SpatialOp::Equals: break;
    }
    return 2;
}

char directTest(const GEOSGeometry* literal, SpatialOp op, const GEOSGeometry* row)
{
    GEOSContextHandle_t ctx = geosContext();
    switch (op) {
    case SpatialOp::Intersects:
    case SpatialOp::Disjoint: return GEOSIntersects_r(ctx, row, literal);
    case SpatialOp::Within: return GEOSWithin_r(ctx, row, literal);
    case SpatialOp::Contains: return GEOSContains_r(ctx, row, literal);
    case SpatialOp::Touches: return GEOSTouches_r(ctx, row, literal);
    case SpatialOp::Crosses: return GEOSCrosses_r(ctx, row, literal);
    case SpatialOp::Overlaps: return GEOSOverlaps_r(ctx, row, literal);
    case SpatialOp::Equals: return GEOSEquals_r(ctx, row, literal);
    }
    return 2;
}

bool isGeometryVariable(const Node& n)
{
    return n.kind == NodeKind::Variable && equalsIgnoreCase(n.name, "geometry");
}

bool isGeometryLiteral(const Node& n)
{
    return n.kind == NodeKind::Call && equalsIgnoreCase(n.name, "geom_from_wkt");
}

} // namespace

SpatialLiteral::SpatialLiteral(Geometry geometry)
    : m_geometry(std::move(geometry)), m_bounds(m_geometry.bounds()), m_geos(toGeos(m_geometry.ref()))
{
    m_prepare = m_geometry.type() != GeometryType::GeometryCollection;
}

SpatialLiteral::~SpatialLiteral() = default;

GeosPreparedPtr SpatialLiteral::borrow() const
{
    {
        const std::lock_guard lock(m_mutex);
        if (!m_idle.empty()) {
            GeosPreparedPtr p = std::move(m_idle.back());
            m_idle.pop_back();
            return p;
        }
    }
    return prepareGeos(m_geos.get());
}

void SpatialLiteral::giveBack(GeosPreparedPtr prepared) const
{
    const std::lock_guard lock(m_mutex);
    m_idle.push_back(std::move(prepared));
}

std::optional<bool> SpatialLiteral::test(SpatialOp op, GeometryRef row) const
{
    // Boxes that do not meet answer every predicate without GEOS: only Disjoint is true.
    if (!row.column->isEmpty(row.index) && !m_geometry.isEmpty() && !row.bounds().intersects(m_bounds))
        return op == SpatialOp::Disjoint;
    const GeosGeometryPtr g = rowToGeos(row);
    if (!g)
        return std::nullopt;
    char r = 2;
    if (op == SpatialOp::Equals || !m_prepare) {
        r = directTest(m_geos.get(), op, g.get());
    } else {
        GeosPreparedPtr prepared = borrow();
        r = preparedTest(prepared.get(), op, g.get());
        giveBack(std::move(prepared));
    }
    // GEOS fails only on data it cannot handle (an invalid polygon in a relate): that row is unknown, like a
    // row GEOS refuses to build, rather than a reason to stop the whole filter.
    if (r == 2)
        return std::nullopt;
    return op == SpatialOp::Disjoint ? r == 0 : r == 1;
}

bool isSpatialFunction(std::string_view name)
{
    for (const SpatialName& s : kSpatialNames)
        if (equalsIgnoreCase(s.name, name))
            return true;
    return false;
}

Value::Type bindSpatial(Node& call, Binder& binder)
{
    SpatialOp op = SpatialOp::Intersects;
    for (const SpatialName& s : kSpatialNames)
        if (equalsIgnoreCase(s.name, call.name))
            op = s.op;
    Node& first = *call.children[0];
    Node& second = *call.children[1];
    const bool swapped = isGeometryLiteral(first) && isGeometryVariable(second);
    if (!swapped && !(isGeometryVariable(first) && isGeometryLiteral(second)))
        binder.fail(call, call.name + "() compares the layer's $geometry with a constant geometry",
                    "for example " + call.name + "($geometry, geom_from_wkt('POINT (57.53 22.93)'))");
    Node& literal = swapped ? first : second;
    if (literal.children.size() != 1 || literal.children[0]->kind != NodeKind::Literal ||
        literal.children[0]->literal.type != Value::Type::String)
        binder.fail(literal, "geom_from_wkt() takes one text literal here",
                    "the Well-Known Text of a geometry in the layer's CRS, for example 'POINT (57.53 22.93)'");
    const Node& wkt = *literal.children[0];
    Geometry geometry;
    try {
        geometry = geometryFromWkt(wkt.literal.text);
        call.spatial = std::make_shared<const SpatialLiteral>(std::move(geometry));
    } catch (const Error& e) {
        if (e.code() != ErrorCode::Geometry)
            throw;
        binder.fail(wkt, std::string("invalid geometry (") + e.what() + ")");
    }
    if (swapped && op == SpatialOp::Within)
        op = SpatialOp::Contains;
    else if (swapped && op == SpatialOp::Contains)
        op = SpatialOp::Within;
    call.op = static_cast<std::uint8_t>(op);
    return Value::Type::Boolean;
}

Datum evaluateSpatial(const Node& call, std::size_t row, EvalContext& ctx)
{
    const GeometryRef g = ctx.layer().geometry(row);
    if (g.column->isNull(g.index))
        return Datum::null();
    const std::optional<bool> r = call.spatial->test(static_cast<SpatialOp>(call.op), g);
    return r ? Datum::boolean(*r) : Datum::null();
}

} // namespace gis::detail
