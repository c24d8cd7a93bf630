// dsmChange: the difference of two DSMs inside polygons, its cut and fill volumes and its change polygons. The
// window of the polygons on the earlier DSM's grid is cut into strips of rows, run on every core: each strip reads
// both DSMs (the later resampled onto the earlier's grid), masks the pixels whose centre is inside the polygons with
// an even-odd scanline per polygon, sums, writes its rows of the difference and collects its runs of changed pixels.
// Sums are kept per strip and added in strip order, so a run gives the same figures whatever the threads did.

#include "gis/analysis/dsmchange.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <optional>
#include <sstream>

#include "gis/core/error.h"
#include "gis/core/parallel.h"
#include "gis/crs/transformer.h"
#include "gis/data/layer.h"
#include "gis/data/raster.h"
#include "gis/data/rasterwriter.h"

#include "changeregions.h"
#include "pixelgrid.h"

namespace gis::analysis {

namespace {

using detail::ChangeRun;
using detail::PixelGrid;
using detail::Window;

constexpr double kNoData = -9999;
constexpr std::size_t kPixelsPerStrip = std::size_t(1) << 20; // 4 MB per DSM read; well under 100 ms of work

/// An edge of a polygon's ring in pixel coordinates, y0 < y1 (horizontal edges are dropped: no crossing).
struct ScanEdge {
    double x0, y0, x1, y1;
};
/// One polygon (shell and holes) as its edges, with its rows' range.
struct ScanPolygon {
    std::vector<ScanEdge> edges;
    double minY = 0, maxY = 0, minX = 0, maxX = 0;
};

/// Marks in `mask` (columns [col0, col1) of `row`) the pixels whose centre is inside one of `polygons`: even-odd
/// per polygon (so a hole is out), any polygon (so overlapping features count once). An edge counts from its
/// lower y inclusive to its upper y exclusive, so a vertex on the centre line is crossed once.
void maskRow(const std::vector<ScanPolygon>& polygons, int row, int col0, int col1, std::uint8_t* mask, std::vector<double>& xs)
{
    const double y = row + 0.5;
    for (const ScanPolygon& p : polygons) {
        if (y < p.minY || y >= p.maxY)
            continue;
        xs.clear();
        for (const ScanEdge& e : p.edges)
            if (e.y0 <= y && y < e.y1)
                xs.push_back(e.x0 + (y - e.y0) * (e.x1 - e.x0) / (e.y1 - e.y0));
        std::sort(xs.begin(), xs.end());
        for (std::size_t k = 0; k + 1 < xs.size(); k += 2) {
            // Pixel c's centre c + 0.5 is in [xa, xb) when ceil(xa - 0.5) <= c < ceil(xb - 0.5).
            const double a = std::clamp(std::ceil(xs[k] - 0.5), double(col0), double(col1));
            const double b = std::clamp(std::ceil(xs[k + 1] - 0.5), double(col0), double(col1));
            for (int c = int(a); c < int(b); ++c)
                mask[c - col0] = 1;
        }
    }
}

/// The polygons of `rows` of `area` in the earlier DSM's pixel coordinates.
std::vector<ScanPolygon> scanPolygons(const Layer& area, const std::vector<std::size_t>& rows, const PixelGrid& grid,
    const Crs& crs, std::vector<std::string>& warnings)
{
    std::optional<Transformer> transformer;
    if (area.crs().isValid() && crs.isValid() && !area.crs().isEquivalentTo(crs))
        transformer.emplace(area.crs(), crs);
    else if (!area.crs().isValid() || !crs.isValid())
        warnings.push_back("layer \"" + area.name() + "\" or the earlier DSM has no CRS: the polygons are taken to be in the DSM's");
    std::vector<ScanPolygon> out;
    std::size_t nulls = 0;
    for (const std::size_t row : rows) {
        GeometryRef g = area.geometry(row);
        if (g.type() == GeometryType::Unknown) {
            ++nulls;
            continue;
        }
        const GeometryType single = singleType(g.type());
        if (single != GeometryType::Polygon)
            throw Error(ErrorCode::Argument, "dsm-change: feature " + std::to_string(area.fid(row)) + " of layer \""
                    + area.name() + "\" is a " + std::string(geometryTypeName(g.type())) + "; the area must be polygons");
        std::optional<Geometry> moved;
        if (transformer) {
            moved = transformer->transform(g);
            g = moved->ref();
        }
        const GeometryColumn& col = *g.column;
        for (std::size_t p = col.partBegin(g.index); p < col.partEnd(g.index); ++p) {
            ScanPolygon poly;
            poly.minY = poly.minX = std::numeric_limits<double>::infinity();
            poly.maxY = poly.maxX = -std::numeric_limits<double>::infinity();
            for (std::size_t r = col.ringBegin(p); r < col.ringEnd(p); ++r) {
                const std::size_t c0 = col.coordBegin(r), c1 = col.coordEnd(r);
                for (std::size_t c = c0; c < c1; ++c) {
                    const Coord a = grid.toPixel(col.coord(c));
                    const Coord b = grid.toPixel(col.coord(c + 1 < c1 ? c + 1 : c0)); // closed or not
                    poly.minX = std::min(poly.minX, a.x);
                    poly.maxX = std::max(poly.maxX, a.x);
                    poly.minY = std::min(poly.minY, a.y);
                    poly.maxY = std::max(poly.maxY, a.y);
                    if (a.y < b.y)
                        poly.edges.push_back({a.x, a.y, b.x, b.y});
                    else if (b.y < a.y)
                        poly.edges.push_back({b.x, b.y, a.x, a.y});
                }
            }
            if (!poly.edges.empty() && std::isfinite(poly.minX) && std::isfinite(poly.maxX))
                out.push_back(std::move(poly));
        }
    }
    if (nulls)
        warnings.push_back(std::to_string(nulls) + " feature(s) of layer \"" + area.name() + "\" have no geometry and were left out");
    return out;
}

std::string number(double v, int precision)
{
    std::ostringstream s;
    s.setf(std::ios::fixed);
    s.precision(precision);
    s << v;
    return s.str();
}

/// Per strip: its sums and its runs of changed pixels.
struct StripResult {
    double fill = 0, cut = 0;
    std::int64_t pixels = 0, noData = 0;
    std::vector<ChangeRun> runs;
};

} // namespace

DsmChangeResult dsmChange(const std::string& earlierPath, const std::string& laterPath, const Layer& area,
    const std::vector<std::size_t>& rowsIn, const DsmChangeOptions& options, const Feedback& feedback)
{
    const std::string what = "dsm-change";
    DsmChangeResult result;
    const Raster earlier = Raster::open(earlierPath);
    const Raster later = Raster::open(laterPath);
    const PixelGrid grid = PixelGrid::of(earlier, what);
    const auto laterGt = later.geoTransform();
    if (!laterGt)
        throw Error(ErrorCode::Argument, what + ": " + laterPath + " has no georeferencing");
    const Crs crs = earlier.crs();
    if (crs.isValid() && crs.isGeographic())
        throw Error(ErrorCode::Argument, what + ": " + earlierPath + " is in degrees (" + crs.identifier()
                + "); volumes need a projected CRS in metres: warp it first (gdalwarp -t_srs)");
    const Crs laterCrs = later.crs();
    const bool sameCrs = !crs.isValid() || !laterCrs.isValid() || crs.isEquivalentTo(laterCrs);
    const double pixelArea = grid.sizeX * -grid.sizeY;

    std::vector<std::size_t> rows = rowsIn;
    if (rows.empty())
        for (std::size_t r = 0; r < area.size(); ++r)
            rows.push_back(r);
    const std::vector<ScanPolygon> polygons = scanPolygons(area, rows, grid, crs, result.warnings);
    Box bounds;
    for (const ScanPolygon& p : polygons)
        bounds.expand(Box(p.minX, p.minY, p.maxX, p.maxY));
    const auto clampTo = [](double v, int limit) { return static_cast<int>(std::clamp(v, 0.0, static_cast<double>(limit))); };
    Window w;
    if (!polygons.empty()) {
        w.col0 = clampTo(std::floor(bounds.minX), grid.width);
        w.col1 = clampTo(std::ceil(bounds.maxX), grid.width);
        w.row0 = clampTo(std::floor(bounds.minY), grid.height);
        w.row1 = clampTo(std::ceil(bounds.maxY), grid.height);
    }
    if (w.empty())
        throw Error(ErrorCode::Argument, what + ": no polygon of layer \"" + area.name() + "\" is over " + earlierPath);

    const int width = w.col1 - w.col0;
    const int height = w.row1 - w.row0;
    std::shared_ptr<RasterData> difference;
    if (options.difference) {
        difference = std::make_shared<RasterData>();
        difference->extent = grid.box(w);
        difference->crs = crs;
        difference->width = width;
        difference->height = height;
        difference->nodata = kNoData;
        difference->bands.emplace_back(static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
    }

    // Strips of whole block rows of the earlier DSM (a tiled GeoTIFF's tile rows), at the file's own block
    // boundaries: a block split between two strips would be decompressed by both (by two workers, each with its own
    // dataset and so its own cached blocks), which doubled the work on a deflate DSM.
    int stripRows = static_cast<int>(std::max<std::size_t>(1, kPixelsPerStrip / static_cast<std::size_t>(width)));
    // (Not for blocks so tall that a strip of them would hold more than 16 strips' worth of pixels.)
    const int block = std::max(1, earlier.band(1).blockHeight);
    const bool aligned = block > 1 && block < grid.height
        && static_cast<std::size_t>(block) * static_cast<std::size_t>(width) <= 16 * kPixelsPerStrip;
    if (aligned)
        stripRows = std::max(block, stripRows / block * block);
    const int stripBase = aligned ? w.row0 / block * block : w.row0;
    const std::size_t strips = static_cast<std::size_t>((w.row1 - stripBase + stripRows - 1) / stripRows);
    std::vector<StripResult> stripResults(strips);
    ParallelOptions parallel;
    parallel.maxThreads = options.threads;
    parallel.what = "dsm-change";
    const unsigned workers = parallelWorkers(strips, parallel);
    // GDAL datasets are not thread-safe: each worker reads through its own (worker 0 uses the ones opened above).
    std::vector<std::optional<Raster>> earliers(workers), laters(workers);
    std::atomic<std::size_t> done{0};
    const CancellationToken& cancel = feedback.cancel;
    const double threshold = std::max(options.heightThreshold, options.minHeight);

    parallelFor(
        strips,
        [&](std::size_t strip, unsigned worker) {
            if (worker > 0 && !earliers[worker]) {
                earliers[worker].emplace(Raster::open(earlierPath));
                laters[worker].emplace(Raster::open(laterPath));
            }
            const Raster& e = worker > 0 ? *earliers[worker] : earlier;
            const Raster& l = worker > 0 ? *laters[worker] : later;
            const Window s{w.col0, w.col1, std::max(w.row0, stripBase + int(strip) * stripRows),
                std::min(w.row1, stripBase + int(strip + 1) * stripRows)};
            RasterGrid g = grid.grid(s);
            // The earlier at its own pixels (nearest: every value as stored); the later onto them.
            const RasterPixels a = e.read({1}, g, RasterResampling::Categorical, cancel);
            if (!sameCrs)
                g.crs = crs;
            const RasterPixels b = l.read({1}, g, RasterResampling::Continuous, cancel);
            StripResult& out = stripResults[strip];
            std::vector<std::uint8_t> mask(static_cast<std::size_t>(width));
            std::vector<double> xs;
            for (int row = s.row0; row < s.row1; ++row) {
                cancel.throwIfCancelled("dsm-change");
                std::fill(mask.begin(), mask.end(), 0);
                maskRow(polygons, row, w.col0, w.col1, mask.data(), xs);
                const std::size_t at = static_cast<std::size_t>(row - s.row0) * static_cast<std::size_t>(width);
                double* diff = difference ? difference->bands[0].data() + static_cast<std::size_t>(row - w.row0) * width : nullptr;
                ChangeRun run;
                for (int c = 0; c < width; ++c) {
                    double d = 0;
                    std::int8_t sign = 0;
                    const bool valid = a.coverage[at + c] != 0 && b.coverage[at + c] != 0;
                    if (mask[c] && !valid)
                        ++out.noData;
                    if (mask[c] && valid) {
                        d = double(b.bands[0][at + c]) - double(a.bands[0][at + c]);
                        ++out.pixels;
                        if (std::fabs(d) >= options.minHeight) {
                            (d > 0 ? out.fill : out.cut) += std::fabs(d);
                            if (std::fabs(d) >= threshold && d != 0)
                                sign = d > 0 ? 1 : -1;
                        }
                    }
                    if (diff)
                        diff[c] = mask[c] && valid ? d : kNoData;
                    if (!options.polygons)
                        continue;
                    if (run.sign != 0 && sign != run.sign) { // the run ends here
                        out.runs.push_back(run);
                        run.sign = 0;
                    }
                    if (sign != 0) {
                        if (run.sign == 0)
                            run = ChangeRun{row, w.col0 + c, w.col0 + c, sign, 0, 0};
                        run.col1 = w.col0 + c + 1;
                        run.sumDz += d;
                        if (std::fabs(d) > std::fabs(run.extremeDz))
                            run.extremeDz = d;
                    }
                }
                if (run.sign != 0)
                    out.runs.push_back(run);
            }
            out.fill *= pixelArea;
            out.cut *= pixelArea;
            feedback.report(0.9 * static_cast<double>(++done) / static_cast<double>(strips));
        },
        &cancel, parallel);

    std::vector<ChangeRun> runs;
    DsmChangeTotals& t = result.totals;
    t.pixelAreaM2 = pixelArea;
    for (StripResult& s : stripResults) {
        t.fillM3 += s.fill;
        t.cutM3 += s.cut;
        t.pixels += s.pixels;
        t.noData += s.noData;
        runs.insert(runs.end(), s.runs.begin(), s.runs.end());
        s.runs = {};
    }
    if (options.polygons) {
        cancel.throwIfCancelled("dsm-change");
        result.polygons = detail::changePolygons(runs, grid, crs, pixelArea, options.areaThreshold);
    }
    result.difference = std::move(difference);

    const auto& lg = *laterGt;
    const bool sameGrid = sameCrs && std::fabs(lg[1] - grid.sizeX) <= 1e-9 * std::fabs(grid.sizeX)
        && std::fabs(lg[5] - grid.sizeY) <= 1e-9 * std::fabs(grid.sizeY)
        && std::fabs(std::remainder(lg[0] - grid.originX, grid.sizeX)) <= 1e-6 * std::fabs(grid.sizeX)
        && std::fabs(std::remainder(lg[3] - grid.originY, grid.sizeY)) <= 1e-6 * std::fabs(grid.sizeY);
    const bool finer = sameCrs && std::max(grid.sizeX / lg[1], grid.sizeY / lg[5]) > 1.0 + 1e-9;
    const std::string resampling = sameGrid ? "the later DSM is on the same grid (its values as stored)"
        : !sameCrs ? "the later DSM warped onto the earlier's grid and CRS (bilinear)"
        : finer    ? "the later DSM resampled onto the earlier's grid (the average of its finer pixels under each)"
                   : "the later DSM resampled onto the earlier's grid (bilinear)";
    result.method = "d = later − earlier on the earlier DSM's " + number(grid.sizeX, 3) + " m grid (" + resampling
        + "); fill = Σ max(d, 0) · A and cut = Σ max(−d, 0) · A over the " + std::to_string(t.pixels)
        + " pixels (A = " + number(pixelArea, 4) + " m²) whose centre is inside the polygons and where both DSMs have a value"
        + (options.minHeight > 0 ? ", |d| < " + number(options.minHeight, 2) + " m taken as noise" : std::string())
        + (t.noData > 0 ? "; " + std::to_string(t.noData) + " pixels without a value in one DSM left out" : std::string())
        + "; change polygons: 4-connected pixels of one sign with |d| ≥ " + number(threshold, 2) + " m, of at least "
        + number(options.areaThreshold, 2) + " m²";
    feedback.report(1.0);
    return result;
}

} // namespace gis::analysis
