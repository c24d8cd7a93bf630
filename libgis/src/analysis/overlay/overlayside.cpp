#include "overlayside.h"

#include <algorithm>
#include <cmath>

#include "gis/core/error.h"
#include "gis/core/parallel.h"
#include "gis/crs/transformer.h"
#include "geom/geosbridge.h"

#include "invalidgate.h"

namespace gis::analysis::detail {

namespace {

using gis::detail::appendGeos;
using gis::detail::geosContext;

constexpr std::size_t kGateChunk = 1024;

/// Adds the parts of geometry `i` of `from` of `dimension` to the geometry `out` is building; returns how many.
std::size_t addParts(GeometryColumn& out, const GeometryColumn& from, std::size_t i, int dimension)
{
    std::size_t added = 0;
    const bool z = from.hasZ();
    for (std::size_t p = from.partBegin(i); p < from.partEnd(i); ++p) {
        if (dimensionOf(from.partType(p)) != dimension || from.ringBegin(p) == from.ringEnd(p))
            continue;
        out.beginPart(from.partType(p));
        for (std::size_t r = from.ringBegin(p); r < from.ringEnd(p); ++r) {
            out.beginRing();
            for (std::size_t c = from.coordBegin(r); c < from.coordEnd(r); ++c) {
                const Coord& xy = from.coord(c);
                if (z)
                    out.addCoord(xy.x, xy.y, from.zValues()[c], std::nan(""));
                else
                    out.addCoord(xy.x, xy.y);
            }
        }
        ++added;
    }
    return added;
}

/// The non-empty simple parts of `g` of `dimension`, collections flattened.
void collectParts(const GEOSGeometry* g, int dimension, std::vector<const GEOSGeometry*>& parts)
{
    GEOSContextHandle_t ctx = geosContext();
    const int type = GEOSGeomTypeId_r(ctx, g);
    if (type >= GEOS_MULTIPOINT) {
        const int n = GEOSGetNumGeometries_r(ctx, g);
        for (int k = 0; k < n; ++k)
            collectParts(GEOSGetGeometryN_r(ctx, g, k), dimension, parts);
        return;
    }
    const int dim = type == GEOS_POINT ? 0 : type == GEOS_POLYGON ? 2 : 1;
    if (dim == dimension && GEOSisEmpty_r(ctx, g) == 0)
        parts.push_back(g);
}

} // namespace

GeometryRef OverlaySide::geometry(std::size_t row) const
{
    const auto it = std::lower_bound(repaired.begin(), repaired.end(), row,
        [](const std::pair<std::size_t, Geometry>& e, std::size_t r) { return e.first < r; });
    if (it != repaired.end() && it->first == row)
        return it->second.ref();
    return layer->geometry(row);
}

OverlaySide gateSide(std::shared_ptr<const Layer> layer, const RunOptions& options, std::vector<InvalidFeature>& invalid)
{
    OverlaySide side;
    side.layer = std::move(layer);
    const Layer& l = *side.layer;
    const std::size_t n = l.size();
    side.usable.assign(n, 0);
    const std::size_t chunks = (n + kGateChunk - 1) / kGateChunk;
    struct Part {
        std::vector<std::pair<std::size_t, Geometry>> repaired;
        std::vector<InvalidFeature> invalid;
        std::size_t nulls = 0;
    };
    std::vector<Part> parts(chunks);
    const InvalidGate gate(l, options.invalid);
    ParallelOptions parallel;
    parallel.maxThreads = options.threads;
    parallel.what = "overlay";
    parallelFor(
        chunks,
        [&](std::size_t c) {
            Part& part = parts[c];
            const std::size_t end = std::min(n, (c + 1) * kGateChunk);
            for (std::size_t row = c * kGateChunk; row < end; ++row) {
                if (row % 128 == 0)
                    options.feedback.cancel.throwIfCancelled("overlay");
                if (l.geometry(row).type() == GeometryType::Unknown) {
                    ++part.nulls;
                    continue;
                }
                InvalidGate::Verdict verdict = gate.check(row);
                if (verdict.kind != InvalidGate::Verdict::Kind::Use)
                    part.invalid.push_back(gate.report(row, verdict));
                if (verdict.kind == InvalidGate::Verdict::Kind::Skip)
                    continue;
                side.usable[row] = 1;
                if (verdict.repaired)
                    part.repaired.emplace_back(row, std::move(*verdict.repaired));
            }
        },
        &options.feedback.cancel, parallel);
    if (!l.hasIndex()) {
        auto tree = std::make_shared<PackedRTree>(n);
        for (std::size_t row = 0; row < n; ++row)
            tree->add(l.geometry(row).bounds());
        tree->finish();
        side.ownIndex = std::move(tree);
    }
    for (auto& p : parts) {
        side.nullGeometries += p.nulls;
        std::move(p.repaired.begin(), p.repaired.end(), std::back_inserter(side.repaired));
        std::move(p.invalid.begin(), p.invalid.end(), std::back_inserter(invalid));
    }
    return side;
}

std::shared_ptr<const Layer> reprojectLayer(const Layer& layer, const Crs& target)
{
    const Transformer transformer(layer.crs(), target);
    GeometryColumn geometries = layer.geometries();
    transformer.transform(geometries.mutableCoords(), geometries.coordCount());
    std::vector<std::int64_t> fids(layer.size());
    for (std::size_t i = 0; i < layer.size(); ++i) {
        fids[i] = layer.fid(i);
        if (!geometries.isNull(i) && !geometries.isFinite(i))
            throw Error(ErrorCode::Crs, "layer \"" + layer.name() + "\", feature " + std::to_string(fids[i])
                    + ": cannot be reprojected from " + layer.crs().name() + " to " + target.name());
    }
    return std::make_shared<const Layer>(layer.name(), target, layer.geometryType(), std::move(geometries),
        layer.attributes(), std::move(fids));
}

int layerDimension(const Layer& layer)
{
    if (const int d = dimensionOf(layer.geometryType()); d >= 0)
        return d;
    const GeometryColumn& g = layer.geometries();
    for (std::size_t i = 0; i < g.size(); ++i)
        for (std::size_t p = g.partBegin(i); p < g.partEnd(i); ++p)
            return dimensionOf(g.partType(p));
    return -1;
}

GeometryType multiTypeOf(int dimension)
{
    return dimension == 0 ? GeometryType::MultiPoint
        : dimension == 1  ? GeometryType::MultiLineString
                          : GeometryType::MultiPolygon;
}

bool appendAsMulti(GeometryColumn& out, const GeometryColumn& from, std::size_t i, int dimension)
{
    const std::size_t before = out.size();
    out.beginGeometry(multiTypeOf(dimension));
    const std::size_t added = addParts(out, from, i, dimension);
    out.endGeometry();
    if (added == 0)
        out.truncate(before);
    return added > 0;
}

bool appendGeosAsMulti(GeometryColumn& out, const GEOSGeometry* g, int dimension)
{
    std::vector<const GEOSGeometry*> parts;
    collectParts(g, dimension, parts);
    if (parts.empty())
        return false;
    GeometryColumn scratch;
    for (const GEOSGeometry* part : parts)
        appendGeos(scratch, part);
    const std::size_t before = out.size();
    out.beginGeometry(multiTypeOf(dimension));
    std::size_t added = 0;
    for (std::size_t k = 0; k < scratch.size(); ++k)
        added += addParts(out, scratch, k, dimension);
    out.endGeometry();
    if (added == 0)
        out.truncate(before);
    return added > 0;
}

} // namespace gis::analysis::detail
