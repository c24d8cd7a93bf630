// zonal-statistics: per polygon, statistics of the raster values under it, each pixel weighted by the exact
// fraction of its area the polygon covers (coverage.h), nodata left out. Polygons run in parallel, each reading
// only the window of the raster under it, in strips; a Raster per thread (GDAL datasets are not thread-safe).

#include <algorithm>
#include <atomic>
#include <cmath>
#include <optional>

#include "gis/core/error.h"
#include "gis/core/parallel.h"
#include "gis/crs/transformer.h"
#include "gis/data/layer.h"
#include "gis/data/raster.h"

#include "algorithms.h"
#include "featuremap.h"
#include "invalidgate.h"
#include "layerbuilder.h"
#include "coverage.h"
#include "pixelgrid.h"
#include "rasterinput.h"
#include "weightedstats.h"

namespace gis::analysis::detail {

namespace {

constexpr std::size_t kPixelsPerStrip = std::size_t(1) << 18; // a strip of a large polygon: ~2 MB of coverage
constexpr std::size_t kPolygonsPerChunk = 8;

/// The polygon parts of `g` in pixel coordinates.
PixelCoverage polygonCoverage(GeometryRef g, const PixelGrid& grid)
{
    PixelCoverage coverage;
    const GeometryColumn& col = *g.column;
    std::vector<Coord> ring;
    for (std::size_t p = col.partBegin(g.index); p < col.partEnd(g.index); ++p) {
        if (col.partType(p) != GeometryType::Polygon)
            continue;
        for (std::size_t r = col.ringBegin(p); r < col.ringEnd(p); ++r) {
            ring.clear();
            for (std::size_t c = col.coordBegin(r); c < col.coordEnd(r); ++c)
                ring.push_back(grid.toPixel(col.coord(c)));
            coverage.addRing(ring.data(), ring.size(), r != col.ringBegin(p));
        }
    }
    return coverage;
}

class ZonalStatistics final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = [] {
            AlgorithmInfo i;
            i.id = "zonal-statistics";
            i.inputGeometry = GeometryKinds::Polygons;
            i.group = "raster";
            i.titleEn = "Zonal statistics";
            i.titleAr = "الإحصاءات النطاقية";
            i.descriptionEn = "Statistics of a raster's values under each polygon, each pixel weighted by the exact "
                              "fraction of its area the polygon covers; nodata pixels are left out. Attributes are "
                              "kept and a field is added per statistic (and band).";
            i.descriptionAr = "إحصاءات قيم خلايا الطبقة الشبكية تحت كل مضلع، وتوزن كل خلية بالجزء الدقيق من مساحتها "
                              "الذي يغطيه المضلع، وتُستبعد الخلايا بلا بيانات. تُحفظ السمات ويضاف حقل لكل إحصاء "
                              "(ولكل نطاق).";
            Parameter raster = Parameter::make("raster", ParameterType::Raster, "Raster", "الطبقة الشبكية",
                "the raster file whose values are summarised (a GeoTIFF, a DEM)",
                "ملف الطبقة الشبكية التي تُلخَّص قيمها (GeoTIFF أو نموذج ارتفاعات)");
            raster.required = true;
            i.parameters.push_back(std::move(raster));
            Parameter stats = Parameter::make("stats", ParameterType::Choices, "Statistics", "الإحصاءات",
                "the statistics to compute, comma-separated; count is the covered area in pixels",
                "الإحصاءات المطلوبة مفصولة بفواصل؛ العدد هو المساحة المغطاة بوحدة الخلايا");
            stats.defaultValue = "count,sum,mean";
            stats.choices = zonalStatNames();
            stats.choiceTitles = {{"Count", "العدد"}, {"Sum", "المجموع"}, {"Mean", "المتوسط"}, {"Minimum", "الأدنى"},
                {"Maximum", "الأقصى"}, {"Standard deviation", "الانحراف المعياري"}, {"Majority", "الأكثر تكراراً"},
                {"Minority", "الأقل تكراراً"}, {"Variety", "عدد القيم المختلفة"}};
            i.parameters.push_back(std::move(stats));
            Parameter band = Parameter::make("band", ParameterType::Text, "Band", "النطاق",
                "the band to summarise (1 for the first), or all",
                "النطاق المطلوب تلخيصه (1 للأول)، أو all لكل النطاقات");
            band.defaultValue = std::to_string(1); // not = "1": GCC 12 gives a false -Wrestrict warning for it
            i.parameters.push_back(std::move(band));
            Parameter prefix = Parameter::make("prefix", ParameterType::Text, "Field prefix", "بادئة الحقول",
                "put before each new field's name (mean becomes dem_mean with dem_)",
                "تسبق اسم كل حقل جديد (يصبح mean هو dem_mean مع dem_)");
            i.parameters.push_back(std::move(prefix));
            return i;
        }();
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options) const override
    {
        const Layer& layer = *inputs.input;
        const std::string what = "zonal-statistics";
        const GeometryType single = singleType(layer.geometryType());
        if (single == GeometryType::Point || single == GeometryType::LineString)
            throw Error(ErrorCode::Argument, what + ": layer \"" + layer.name() + "\" has " + std::string(geometryTypeName(layer.geometryType()))
                    + " geometries; zonal statistics need polygons");

        FeatureRaster raster(parameters.text("raster"), parameters.text("band"), layer, what, "polygons");
        const PixelGrid& grid = raster.grid();
        const std::vector<int>& bands = raster.bands();
        std::vector<ZonalStat> stats;
        for (const auto& name : parameters.list("stats")) {
            const auto& names = zonalStatNames();
            const auto at = std::find(names.begin(), names.end(), name) - names.begin();
            if (std::find(stats.begin(), stats.end(), ZonalStat(at)) == stats.end())
                stats.push_back(ZonalStat(at));
        }
        if (stats.empty())
            throw Error(ErrorCode::Argument, what + ": --stats is empty (give one or more of count, sum, mean, ...)");
        const bool histogram = std::any_of(stats.begin(), stats.end(), [](ZonalStat s) {
            return s == ZonalStat::Majority || s == ZonalStat::Minority || s == ZonalStat::Variety;
        });

        RunResult result;
        if (!raster.warning().empty())
            result.warnings.push_back(raster.warning());

        // Per polygon: the verdict, the geometry kept, and its statistics per band.
        struct Row {
            bool kept = false;
            bool null = false;
            std::optional<InvalidFeature> invalid;
            std::optional<Geometry> repaired;
            std::vector<std::optional<double>> values; ///< per band, per statistic (not the histograms: memory)
        };
        const std::size_t n = layer.size();
        std::vector<Row> rows(n);
        const InvalidGate gate(layer, options.invalid);
        ParallelOptions parallel;
        parallel.maxThreads = options.threads;
        parallel.what = "zonal-statistics";
        const std::size_t chunks = (n + kPolygonsPerChunk - 1) / kPolygonsPerChunk;
        const unsigned workers = parallelWorkers(chunks, parallel);
        raster.prepare(workers);
        std::atomic<std::size_t> done{0};
        const CancellationToken& cancel = options.feedback.cancel;

        parallelFor(
            chunks,
            [&](std::size_t chunk, unsigned worker) {
                const auto [pixels, transformer] = raster.worker(worker);
                std::vector<double> coverage;
                std::vector<WeightedStats> polygonStats;
                const std::size_t end = std::min(n, (chunk + 1) * kPolygonsPerChunk);
                for (std::size_t row = chunk * kPolygonsPerChunk; row < end; ++row) {
                    cancel.throwIfCancelled("zonal-statistics");
                    Row& out = rows[row];
                    if (layer.geometry(row).type() == GeometryType::Unknown) {
                        out.null = true;
                        continue;
                    }
                    InvalidGate::Verdict verdict = gate.check(row);
                    if (verdict.kind != InvalidGate::Verdict::Kind::Use)
                        out.invalid = gate.report(row, verdict);
                    if (verdict.kind == InvalidGate::Verdict::Kind::Skip)
                        continue;
                    out.kept = true;
                    if (verdict.repaired)
                        out.repaired = std::move(verdict.repaired);
                    const GeometryRef source = out.repaired ? out.repaired->ref() : layer.geometry(row);
                    std::optional<Geometry> transformed;
                    if (transformer)
                        transformed = transformer->transform(source);
                    summarise(transformed ? transformed->ref() : source, grid, *pixels, bands, histogram,
                        cancel, coverage, polygonStats);
                    for (const WeightedStats& band : polygonStats)
                        for (const ZonalStat s : stats)
                            out.values.push_back(band.value(s));
                }
                options.feedback.report(static_cast<double>(++done) / static_cast<double>(chunks));
            },
            &cancel, parallel);

        LayerBuilder builder(layer.name() + "_zonal", layer.crs(), layer.geometryType());
        const std::size_t first = builder.addFieldsOf(layer);
        std::vector<std::size_t> columns;
        const std::string& prefix = parameters.text("prefix");
        for (const int b : bands)
            for (const ZonalStat s : stats)
                columns.push_back(builder.addField(prefix + (bands.size() > 1 ? "b" + std::to_string(b) + "_" : std::string())
                        + zonalStatNames()[std::size_t(s)],
                    s == ZonalStat::Variety ? FieldType::Integer : FieldType::Real));
        std::size_t nulls = 0;
        for (std::size_t row = 0; row < n; ++row) {
            Row& r = rows[row];
            nulls += r.null;
            if (r.invalid)
                result.invalid.push_back(std::move(*r.invalid));
            if (!r.kept)
                continue;
            builder.geometries().append(r.repaired ? r.repaired->column() : layer.geometries(), r.repaired ? 0 : row);
            builder.appendValues(layer, row, first);
            builder.appendFid(layer.fid(row));
            std::size_t k = 0;
            for (std::size_t b = 0; b < bands.size(); ++b)
                for (const ZonalStat s : stats) {
                    AttributeColumn& column = builder.column(columns[k]);
                    const auto v = r.values[k++];
                    if (!v)
                        column.appendNull();
                    else if (s == ZonalStat::Variety)
                        column.appendInteger(static_cast<std::int64_t>(*v));
                    else
                        column.appendReal(*v);
                }
        }
        result.layer = builder.finish();
        if (const std::string w = nullWarning(layer, nulls); !w.empty())
            result.warnings.push_back(w);
        return result;
    }

private:
    /// The statistics of one polygon (in the raster's CRS) for each band, reading the raster strip by strip.
    static void summarise(GeometryRef polygon, const PixelGrid& grid, const Raster& raster, const std::vector<int>& bands,
        bool histogram, const CancellationToken& cancel, std::vector<double>& coverage, std::vector<WeightedStats>& stats)
    {
        stats.assign(bands.size(), WeightedStats(histogram));
        const PixelCoverage shape = polygonCoverage(polygon, grid);
        const Box& b = shape.bounds();
        if (b.isEmpty() || !std::isfinite(b.minX) || !std::isfinite(b.maxX) || !std::isfinite(b.minY) || !std::isfinite(b.maxY))
            return; // nothing, or not transformable into the raster's CRS: nothing covered
        const auto clampTo = [](double v, int limit) {
            return static_cast<int>(std::clamp(v, 0.0, static_cast<double>(limit)));
        };
        Window w;
        w.col0 = clampTo(std::floor(b.minX), grid.width);
        w.col1 = clampTo(std::ceil(b.maxX), grid.width);
        w.row0 = clampTo(std::floor(b.minY), grid.height);
        w.row1 = clampTo(std::ceil(b.maxY), grid.height);
        if (w.empty())
            return;
        const int cols = w.col1 - w.col0;
        const int stripRows = static_cast<int>(std::max<std::size_t>(1, kPixelsPerStrip / static_cast<std::size_t>(cols)));
        for (int r0 = w.row0; r0 < w.row1; r0 += stripRows) {
            cancel.throwIfCancelled("zonal-statistics");
            Window strip{w.col0, w.col1, r0, std::min(w.row1, r0 + stripRows)};
            shape.fill(strip.col0, strip.col1, strip.row0, strip.row1, coverage);
            if (std::all_of(coverage.begin(), coverage.end(), [](double c) { return c == 0; }))
                continue;
            const RasterGrid g = grid.grid(strip);
            for (std::size_t k = 0; k < bands.size(); ++k) {
                // One band at a time: each band's own nodata and mask. Nearest: the grid is the raster's own, so
                // every value is the file's.
                const RasterPixels pixels = raster.read({bands[k]}, g, RasterResampling::Categorical, cancel);
                const std::size_t count = coverage.size();
                for (std::size_t i = 0; i < count; ++i) {
                    if (coverage[i] == 0 || pixels.coverage[i] == 0)
                        continue;
                    stats[k].add(pixels.bands[0][i], coverage[i]);
                }
            }
        }
    }
};

} // namespace

const Algorithm& zonalStatisticsAlgorithm()
{
    static const ZonalStatistics algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
