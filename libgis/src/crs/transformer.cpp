#include "gis/crs/transformer.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "gis/core/error.h"
#include "projcontext.h"

namespace gis {

namespace {

// proj_trans_bounds refuses more; fewer than 2 per edge cannot reveal an antimeridian crossing.
constexpr int kMaxDensifyPoints = 10000;
constexpr int kMinDensifyPointsGeographic = 2;

std::string describe(const Crs& crs)
{
    if (!crs.isValid())
        return "unknown CRS";
    const std::string code = crs.authorityCode();
    return code.empty() ? detail::shortened(crs.name()) : code;
}

} // namespace

struct Transformer::Impl {
    Crs source;
    Crs target;
    bool identity = false;
    // Declared before `pj` so that the PJ is destroyed first: a PJ must not outlive its context.
    // Mutable: transforming changes PROJ's per-context state even though it does not change the Transformer.
    mutable detail::ProjContext ctx;
    detail::PjHandle pj;

    std::string label() const { return describe(source) + " -> " + describe(target); }

    void run(PJ_DIRECTION direction, Coord* coords, std::size_t count) const
    {
        if (identity || count == 0)
            return;
        // Failed points become HUGE_VAL (inf) and the others are still transformed: one bad coordinate
        // must not cost a layer.
        proj_trans_generic(pj.get(), direction, &coords[0].x, sizeof(Coord), count, &coords[0].y, sizeof(Coord),
                           count, nullptr, 0, 0, nullptr, 0, 0);
    }
};

Transformer::Transformer(const Crs& source, const Crs& target) : m_impl(std::make_unique<Impl>())
{
    Impl& d = *m_impl;
    d.source = source;
    d.target = target;
    if (!source.isValid() || !target.isValid())
        throw Error(ErrorCode::Crs, d.label() + ": cannot transform (the CRS is not known)");

    const detail::PjHandle src = detail::createPj(d.ctx, source);
    const detail::PjHandle dst = detail::createPj(d.ctx, target);
    // Geographic axis order is ignored on purpose: both ends are normalised to lon/lat below, so
    // EPSG:4326 and OGC:CRS84 are the same thing for us.
    d.identity = proj_is_equivalent_to_with_ctx(d.ctx.get(), src.get(), dst.get(),
                                                PJ_COMP_EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS);
    if (d.identity)
        return;

    d.ctx.clearError();
    // proj_create_crs_to_crs keeps every candidate operation and picks per point by area of use (PSD93 to
    // WGS 84 has several), exactly as cs2cs does.
    const detail::PjHandle op{proj_create_crs_to_crs_from_pj(d.ctx.get(), src.get(), dst.get(), nullptr, nullptr)};
    if (!op)
        throw Error(ErrorCode::Crs, d.label() + ": no transformation found (" + d.ctx.lastError() + ")");
    // EPSG:4326 is latitude first; libgis is always x/y (longitude/latitude, easting/northing).
    d.pj.reset(proj_normalize_for_visualization(d.ctx.get(), op.get()));
    if (!d.pj)
        throw Error(ErrorCode::Crs, d.label() + ": cannot normalise axis order (" + d.ctx.lastError() + ")");
}

Transformer::~Transformer() = default;
Transformer::Transformer(Transformer&&) noexcept = default;
Transformer& Transformer::operator=(Transformer&&) noexcept = default;

const Crs& Transformer::source() const
{
    return m_impl->source;
}

const Crs& Transformer::target() const
{
    return m_impl->target;
}

bool Transformer::isIdentity() const
{
    return m_impl->identity;
}

void Transformer::transform(Coord* coords, std::size_t count) const
{
    m_impl->run(PJ_FWD, coords, count);
}

void Transformer::transform(double* x, double* y, double* z, std::size_t count) const
{
    if (m_impl->identity || count == 0)
        return;
    proj_trans_generic(m_impl->pj.get(), PJ_FWD, x, sizeof(double), count, y, sizeof(double), count, z,
                       z ? sizeof(double) : 0, z ? count : 0, nullptr, 0, 0);
}

Geometry Transformer::transform(GeometryRef g) const
{
    GeometryColumn column;
    column.append(*g.column, g.index);
    if (!isIdentity())
        transform(column.mutableCoords(), column.coordCount());
    return Geometry(std::move(column));
}

Coord Transformer::transform(Coord c) const
{
    m_impl->run(PJ_FWD, &c, 1);
    return c;
}

void Transformer::inverse(Coord* coords, std::size_t count) const
{
    m_impl->run(PJ_INV, coords, count);
}

Box Transformer::transformBox(const Box& box, int densifyPoints) const
{
    if (densifyPoints < 0 || densifyPoints > kMaxDensifyPoints)
        throw Error(ErrorCode::Argument, "transformBox: densifyPoints must be between 0 and 10000, not " +
                                             std::to_string(densifyPoints));
    const Impl& d = *m_impl;
    if (box.isEmpty() || d.identity)
        return box;
    if (d.target.isGeographic())
        densifyPoints = std::max(densifyPoints, kMinDensifyPointsGeographic);

    Box out;
    d.ctx.clearError();
    const int ok = proj_trans_bounds(d.ctx.get(), d.pj.get(), PJ_FWD, box.minX, box.minY, box.maxX, box.maxY,
                                     &out.minX, &out.minY, &out.maxX, &out.maxY, densifyPoints);
    if (!ok || !std::isfinite(out.minX) || !std::isfinite(out.minY) || !std::isfinite(out.maxX) ||
        !std::isfinite(out.maxY)) {
        const std::string shown = "(" + std::to_string(box.minX) + ", " + std::to_string(box.minY) + ", " +
                                  std::to_string(box.maxX) + ", " + std::to_string(box.maxY) + ")";
        throw Error(ErrorCode::Crs, d.label() + ": box " + shown + " cannot be transformed (" + d.ctx.lastError() + ")");
    }
    // PROJ reports an antimeridian crossing as minX > maxX; a Box cannot wrap, so take every longitude.
    if (d.target.isGeographic() && out.minX > out.maxX) {
        out.minX = -180;
        out.maxX = 180;
    }
    return out;
}

} // namespace gis
