#pragma once

#include <cstddef>
#include <memory>

#include "gis/core/box.h"
#include "gis/core/export.h"
#include "gis/crs/crs.h"
#include "gis/geom/geometrycolumn.h"

GIS_API_BEGIN

namespace gis {

/// Transforms coordinates from one CRS to another, always in x/y (longitude/latitude) order.
///
/// Owns its own PROJ context: create one per thread; a Transformer must not be used by two threads at once.
/// Construction throws Error(ErrorCode::Crs) when no transformation exists; transforming throws
/// Error(ErrorCode::Crs) only from the strict variants, otherwise points that cannot be transformed become
/// (inf, inf).
class Transformer {
public:
    Transformer(const Crs& source, const Crs& target);
    ~Transformer();
    /// A moved-from Transformer may only be destroyed or assigned to.
    Transformer(Transformer&&) noexcept;
    Transformer& operator=(Transformer&&) noexcept;

    const Crs& source() const;
    const Crs& target() const;
    /// True when source and target are the same CRS: transforms are then no-ops.
    bool isIdentity() const;

    /// Transforms `count` coordinates in place (batched; the fast path for whole layers).
    void transform(Coord* coords, std::size_t count) const;
    /// Same with separate arrays; z may be null.
    void transform(double* x, double* y, double* z, std::size_t count) const;
    Coord transform(Coord c) const;
    /// A copy of the geometry in the target CRS (its structure unchanged; points that cannot be
    /// transformed become (inf, inf), so check Geometry::column().isFinite(0) when it matters).
    Geometry transform(GeometryRef g) const;
    /// The inverse direction (target to source).
    void inverse(Coord* coords, std::size_t count) const;

    /// Bounding box of the transformed box, with each edge densified by `densifyPoints` points so curved
    /// edges are enclosed. Throws Error(Crs) when the box cannot be transformed at all, Error(Argument)
    /// when densifyPoints is outside 0..10000. A lon/lat result that crosses the antimeridian spans
    /// -180..180 (a Box cannot wrap). An empty box stays empty.
    Box transformBox(const Box& box, int densifyPoints = 21) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace gis

GIS_API_END
