// sample-raster: each point gets the values of the raster's pixel it falls in, a field per band (no interpolation:
// the file's own values). Points are reprojected into the raster's CRS; run in parallel, a Raster per thread.

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
#include "pixelgrid.h"
#include "rasterinput.h"

namespace gis::analysis::detail {

namespace {

constexpr std::size_t kPointsPerChunk = 512;

class SampleRaster final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = [] {
            AlgorithmInfo i;
            i.id = "sample-raster";
            i.inputGeometry = GeometryKinds::Points;
            i.group = "raster";
            i.titleEn = "Sample raster values";
            i.titleAr = "أخذ قيم الطبقة الشبكية";
            i.descriptionEn = "Each point gets the values of the raster pixel it falls in, a field per band (null on "
                              "nodata and outside the raster). Attributes are kept.";
            i.descriptionAr = "تأخذ كل نقطة قيم خلية الطبقة الشبكية التي تقع فيها، حقلاً لكل نطاق (فارغاً حيث لا "
                              "بيانات وخارج الطبقة). تُحفظ السمات.";
            Parameter raster = Parameter::make("raster", ParameterType::Raster, "Raster", "الطبقة الشبكية",
                "the raster file to sample (a GeoTIFF, a DEM)", "ملف الطبقة الشبكية المراد أخذ قيمها");
            raster.required = true;
            i.parameters.push_back(std::move(raster));
            Parameter band = Parameter::make("band", ParameterType::Text, "Band", "النطاق",
                "the band to sample (1 for the first), or all", "النطاق المراد أخذ قيمه (1 للأول)، أو all لكل النطاقات");
            band.defaultValue = "all";
            i.parameters.push_back(std::move(band));
            Parameter prefix = Parameter::make("prefix", ParameterType::Text, "Field prefix", "بادئة الحقول",
                "the new fields are named this followed by the band number", "تُسمّى الحقول الجديدة بها متبوعة برقم النطاق");
            prefix.defaultValue = "band_";
            i.parameters.push_back(std::move(prefix));
            return i;
        }();
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options) const override
    {
        const Layer& layer = *inputs.input;
        const std::string what = "sample-raster";
        const GeometryType single = singleType(layer.geometryType());
        if (single == GeometryType::LineString || single == GeometryType::Polygon)
            throw Error(ErrorCode::Argument, what + ": layer \"" + layer.name() + "\" has "
                    + std::string(geometryTypeName(layer.geometryType())) + " geometries; sample-raster takes points");
        FeatureRaster raster(parameters.text("raster"), parameters.text("band"), layer, what, "points");
        const PixelGrid& grid = raster.grid();
        const std::vector<int>& bands = raster.bands();

        RunResult result;
        if (!raster.warning().empty())
            result.warnings.push_back(raster.warning());

        const std::size_t n = layer.size();
        std::vector<std::optional<double>> values(n * bands.size());
        std::vector<std::uint8_t> kept(n, 0);
        std::vector<std::optional<InvalidFeature>> invalid(n);
        std::vector<std::uint8_t> nulls(n, 0);
        const InvalidGate gate(layer, options.invalid);
        ParallelOptions parallel;
        parallel.maxThreads = options.threads;
        parallel.what = "sample-raster";
        const std::size_t chunks = (n + kPointsPerChunk - 1) / kPointsPerChunk;
        const unsigned workers = parallelWorkers(chunks, parallel);
        raster.prepare(workers);
        std::atomic<std::size_t> done{0};
        const GeometryColumn& g = layer.geometries();
        parallelFor(
            chunks,
            [&](std::size_t chunk, unsigned worker) {
                const auto [source, transformer] = raster.worker(worker);
                const std::size_t end = std::min(n, (chunk + 1) * kPointsPerChunk);
                for (std::size_t row = chunk * kPointsPerChunk; row < end; ++row) {
                    if (row % 64 == 0)
                        options.feedback.cancel.throwIfCancelled("sample-raster");
                    if (g.isNull(row)) {
                        nulls[row] = 1;
                        continue;
                    }
                    const InvalidGate::Verdict verdict = gate.check(row);
                    if (verdict.kind != InvalidGate::Verdict::Kind::Use)
                        invalid[row] = gate.report(row, verdict);
                    if (verdict.kind == InvalidGate::Verdict::Kind::Skip)
                        continue;
                    kept[row] = 1;
                    // A multipoint is sampled at its first point, as QGIS does.
                    if (g.isEmpty(row))
                        continue;
                    Coord c = g.coord(g.coordBegin(g.ringBegin(g.partBegin(row))));
                    if (transformer)
                        c = transformer->transform(c);
                    const Coord p = grid.toPixel(c);
                    if (!(p.x >= 0 && p.y >= 0 && p.x < grid.width && p.y < grid.height))
                        continue; // outside (or not transformable): null
                    const int col = static_cast<int>(p.x), r = static_cast<int>(p.y);
                    const RasterGrid one = grid.grid(Window{col, col + 1, r, r + 1});
                    for (std::size_t b = 0; b < bands.size(); ++b) {
                        const RasterPixels px
                            = source->read({bands[b]}, one, RasterResampling::Categorical, options.feedback.cancel);
                        if (px.coverage[0] != 0)
                            values[row * bands.size() + b] = px.bands[0][0];
                    }
                }
                options.feedback.report(static_cast<double>(++done) / static_cast<double>(chunks));
            },
            &options.feedback.cancel, parallel);

        LayerBuilder builder(layer.name() + "_sampled", layer.crs(), layer.geometryType());
        const std::size_t first = builder.addFieldsOf(layer);
        std::vector<std::size_t> columns;
        for (const int b : bands)
            columns.push_back(builder.addField(parameters.text("prefix") + std::to_string(b), FieldType::Real));
        std::size_t nullCount = 0;
        for (std::size_t row = 0; row < n; ++row) {
            nullCount += nulls[row];
            if (invalid[row])
                result.invalid.push_back(std::move(*invalid[row]));
            if (!kept[row])
                continue;
            builder.geometries().append(g, row);
            builder.appendValues(layer, row, first);
            builder.appendFid(layer.fid(row));
            for (std::size_t b = 0; b < bands.size(); ++b) {
                const auto& v = values[row * bands.size() + b];
                if (v)
                    builder.column(columns[b]).appendReal(*v);
                else
                    builder.column(columns[b]).appendNull();
            }
        }
        result.layer = builder.finish();
        if (const std::string w = nullWarning(layer, nullCount); !w.empty())
            result.warnings.push_back(w);
        return result;
    }
};

} // namespace

const Algorithm& sampleRasterAlgorithm()
{
    static const SampleRaster algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
