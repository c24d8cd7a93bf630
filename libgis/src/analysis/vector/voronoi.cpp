// voronoi: the Voronoi diagram of the input's points (GEOS's VoronoiDiagram): a cell per distinct point, the part of
// the plane nearer to it than to any other point, clipped to the points' extent grown by `buffer` percent of its
// width and height, each cell with the attributes and id of its point. Points of a MultiPoint are sites of their own
// that share their feature's attributes. Coincident points share one cell: the first keeps it, the others are
// counted in a warning.

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <vector>

#include <geos_c.h>

#include "gis/core/error.h"
#include "gis/core/parallel.h"
#include "gis/data/layer.h"
#include "geom/geosbridge.h"

#include "algorithms.h"
#include "featuremap.h"
#include "layerbuilder.h"

namespace gis::analysis::detail {

namespace {

using gis::detail::appendGeos;
using gis::detail::checkGeos;
using gis::detail::geosContext;
using gis::detail::GeosGeometryPtr;
using gis::detail::GeosPreparedPtr;

struct Site {
    double x = 0, y = 0;
    std::size_t row = 0;
};

/// Sites in a uniform grid of buckets, about one site per bucket: finds the sites in a box in about constant time.
class SiteGrid {
public:
    explicit SiteGrid(const std::vector<Site>& sites) : m_sites(sites)
    {
        m_box = {sites.front().x, sites.front().y, sites.front().x, sites.front().y};
        for (const Site& s : sites)
            m_box.expand(s.x, s.y);
        m_n = std::max<std::size_t>(1, static_cast<std::size_t>(std::sqrt(static_cast<double>(sites.size()))));
        m_buckets.resize(m_n * m_n);
        for (std::size_t i = 0; i < sites.size(); ++i)
            m_buckets[bucketY(sites[i].y) * m_n + bucketX(sites[i].x)].push_back(i);
    }

    template <class Visit>
    void visit(const Box& b, Visit&& fn) const
    {
        for (std::size_t y = bucketY(b.minY); y <= bucketY(b.maxY); ++y)
            for (std::size_t x = bucketX(b.minX); x <= bucketX(b.maxX); ++x)
                for (const std::size_t i : m_buckets[y * m_n + x])
                    fn(i);
    }

private:
    std::size_t bucket(double v, double lo, double hi) const
    {
        if (!(hi > lo) || !(v > lo))
            return 0;
        const double f = (v - lo) / (hi - lo) * static_cast<double>(m_n);
        return f >= static_cast<double>(m_n - 1) ? m_n - 1 : static_cast<std::size_t>(f);
    }
    std::size_t bucketX(double x) const { return bucket(x, m_box.minX, m_box.maxX); }
    std::size_t bucketY(double y) const { return bucket(y, m_box.minY, m_box.maxY); }

    const std::vector<Site>& m_sites;
    Box m_box;
    std::size_t m_n = 1;
    std::vector<std::vector<std::size_t>> m_buckets;
};

class Voronoi final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = [] {
            AlgorithmInfo i;
            i.id = "voronoi";
            i.inputGeometry = GeometryKinds::Points;
            i.group = "geometry";
            i.titleEn = "Voronoi polygons";
            i.titleAr = "مضلعات فورونوي";
            i.descriptionEn = "For each point, the area nearer to it than to any other point (its Voronoi cell), "
                              "clipped to the points' extent grown by a margin. Each cell keeps its point's attributes.";
            i.descriptionAr = "لكل نقطة، المنطقة الأقرب إليها من أي نقطة أخرى (خلية فورونوي)، مقصوصة على امتداد "
                              "النقاط بعد توسيعه بهامش. تحمل كل خلية سمات نقطتها.";
            Parameter buffer = Parameter::make("buffer", ParameterType::Number, "Margin", "الهامش",
                "how far the cells reach beyond the points' extent, in percent of its width and height",
                "مدى امتداد الخلايا خارج امتداد النقاط، بالنسبة المئوية من عرضه وارتفاعه");
            buffer.defaultValue = "10";
            buffer.minimum = 0;
            buffer.maximum = 1000;
            buffer.unit = "%";
            i.parameters.push_back(std::move(buffer));
            return i;
        }();
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options) const override
    {
        const Layer& layer = *inputs.input;
        const GeometryType type = layer.geometryType();
        if (type != GeometryType::Point && type != GeometryType::MultiPoint)
            throw Error(ErrorCode::Argument, "voronoi: layer \"" + layer.name() + "\" has " + std::string(geometryTypeName(type))
                    + " geometries; Voronoi polygons are made from points");
        const double margin = parameters.number("buffer") / 100.0;

        // The sites, in input order; mapFeatures applies the policy and counts features without geometry.
        MappedFeatures mapped = mapFeatures(layer, options, "voronoi", [](std::size_t, GeometryRef g, GeometryColumn& out) {
            out.append(*g.column, g.index);
        });
        std::vector<Site> sites;
        for (std::size_t i = 0; i < mapped.geometries.size(); ++i) {
            const GeometryColumn& c = mapped.geometries;
            for (std::size_t p = c.partBegin(i); p < c.partEnd(i); ++p)
                for (std::size_t r = c.ringBegin(p); r < c.ringEnd(p); ++r)
                    for (std::size_t k = c.coordBegin(r); k < c.coordEnd(r); ++k)
                        sites.push_back({c.coord(k).x, c.coord(k).y, mapped.sourceRows[i]});
        }
        if (sites.size() < 2)
            throw Error(ErrorCode::Argument, "voronoi: layer \"" + layer.name() + "\" has " + std::to_string(sites.size())
                    + " point" + (sites.size() == 1 ? "" : "s") + "; Voronoi polygons need at least two");
        options.feedback.cancel.throwIfCancelled("voronoi");

        Box extent{sites[0].x, sites[0].y, sites[0].x, sites[0].y};
        for (const Site& s : sites)
            extent.expand(s.x, s.y);
        const double dx = (extent.maxX - extent.minX) * margin, dy = (extent.maxY - extent.minY) * margin;
        const Box clip{extent.minX - dx, extent.minY - dy, extent.maxX + dx, extent.maxY + dy};

        GEOSContextHandle_t ctx = geosContext();
        std::vector<GEOSGeometry*> points;
        points.reserve(sites.size());
        for (const Site& s : sites)
            points.push_back(GEOSGeom_createPointFromXY_r(ctx, s.x, s.y));
        GEOSGeometry* multi = GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOINT, points.data(), static_cast<unsigned>(points.size()));
        if (!multi)
            for (GEOSGeometry* p : points)
                GEOSGeom_destroy_r(ctx, p);
        const GeosGeometryPtr sitesGeos = checkGeos(multi, "voronoi sites");
        const GeosGeometryPtr envelope = checkGeos(GEOSGeom_createRectangle_r(ctx, clip.minX, clip.minY, clip.maxX, clip.maxY),
            "voronoi extent");
        const GeosGeometryPtr diagram = checkGeos(GEOSVoronoiDiagram_r(ctx, sitesGeos.get(), envelope.get(), 0.0, 0),
            "voronoi diagram");
        options.feedback.report(0.5);

        // Each cell to its site: the first (lowest) site inside it; cells clipped to the extent.
        const SiteGrid grid(sites);
        const std::size_t cells = static_cast<std::size_t>(GEOSGetNumGeometries_r(ctx, diagram.get()));
        constexpr std::size_t kChunk = 256;
        const std::size_t chunks = (cells + kChunk - 1) / kChunk;
        std::vector<std::size_t> siteOfCell(cells, sites.size());
        std::vector<GeometryColumn> clipped(chunks);
        std::atomic<std::size_t> done{0};
        ParallelOptions parallel;
        parallel.maxThreads = options.threads;
        parallel.what = "voronoi";
        parallelFor(
            chunks,
            [&](std::size_t chunk) {
                GEOSContextHandle_t c = geosContext();
                for (std::size_t k = chunk * kChunk; k < std::min(cells, (chunk + 1) * kChunk); ++k) {
                    if (k % 32 == 0)
                        options.feedback.cancel.throwIfCancelled("voronoi");
                    const GEOSGeometry* cell = GEOSGetGeometryN_r(c, diagram.get(), static_cast<int>(k));
                    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
                    GEOSGeom_getXMin_r(c, cell, &x0);
                    GEOSGeom_getYMin_r(c, cell, &y0);
                    GEOSGeom_getXMax_r(c, cell, &x1);
                    GEOSGeom_getYMax_r(c, cell, &y1);
                    const GeosPreparedPtr prepared = gis::detail::prepareGeos(cell);
                    std::size_t best = sites.size();
                    grid.visit(Box{x0, y0, x1, y1}, [&](std::size_t i) {
                        if (i >= best)
                            return;
                        const GeosGeometryPtr p = checkGeos(GEOSGeom_createPointFromXY_r(c, sites[i].x, sites[i].y), "point");
                        if (GEOSPreparedIntersects_r(c, prepared.get(), p.get()) == 1)
                            best = i;
                    });
                    siteOfCell[k] = best;
                    const GeosGeometryPtr inside =
                        checkGeos(GEOSClipByRect_r(c, cell, clip.minX, clip.minY, clip.maxX, clip.maxY), "voronoi clip");
                    appendGeos(clipped[chunk], inside.get());
                }
                options.feedback.report(0.5 + 0.5 * static_cast<double>(++done) / static_cast<double>(chunks));
            },
            &options.feedback.cancel, parallel);

        // Output in the order of the sites (input order), whatever order GEOS gave the cells in.
        std::vector<std::pair<std::size_t, std::size_t>> order; // site, cell
        for (std::size_t k = 0; k < cells; ++k)
            if (siteOfCell[k] < sites.size())
                order.emplace_back(siteOfCell[k], k);
        std::sort(order.begin(), order.end());
        LayerBuilder builder(layer.name() + "_voronoi", layer.crs(), GeometryType::Polygon);
        const std::size_t first = builder.addFieldsOf(layer);
        const bool uniqueIds = type == GeometryType::Point;
        for (const auto& [site, cell] : order) {
            builder.geometries().append(clipped[cell / kChunk], cell % kChunk);
            builder.appendValues(layer, sites[site].row, first);
            if (uniqueIds)
                builder.appendFid(layer.fid(sites[site].row));
        }
        RunResult result = mappedResult(builder, layer, mapped);
        if (const std::size_t shared = sites.size() - order.size(); shared > 0)
            result.warnings.push_back(std::to_string(shared) + (shared == 1 ? " point" : " points") + " of layer \""
                + layer.name() + "\" coincide with an earlier point and share its cell (no cell of their own)");
        return result;
    }
};

} // namespace

const Algorithm& voronoiAlgorithm()
{
    static const Voronoi algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
