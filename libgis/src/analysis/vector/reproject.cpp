// reproject: every geometry transformed to another CRS (crs's Transformer: PROJ, one context per thread), the
// structure, attributes and ids unchanged. No GEOS: the invalid-geometry policy applies only to coordinates that
// cannot be transformed (outside the target CRS's domain): stop names the feature, skip and repair leave it out and
// report it. Features without geometry are kept as they are.

#include <algorithm>
#include <atomic>
#include <memory>
#include <vector>

#include "gis/core/error.h"
#include "gis/core/parallel.h"
#include "gis/crs/transformer.h"
#include "gis/data/layer.h"

#include "algorithms.h"
#include "layerbuilder.h"

namespace gis::analysis::detail {

namespace {

struct Chunk {
    GeometryColumn geometries;
    std::vector<std::size_t> rows;
    std::vector<InvalidFeature> invalid;
};

class Reproject final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = [] {
            AlgorithmInfo i;
            i.id = "reproject";
            i.group = "geometry";
            i.titleEn = "Reproject";
            i.titleAr = "إعادة الإسقاط";
            i.descriptionEn = "Every geometry transformed to another coordinate reference system. Attributes and ids "
                              "are kept.";
            i.descriptionAr = "تحويل كل شكل هندسي إلى نظام إحداثيات مرجعي آخر. تُحفظ السمات والمعرّفات.";
            Parameter target = Parameter::make("target-crs", ParameterType::Text, "Target CRS", "نظام الإحداثيات الهدف",
                "the CRS to transform to: EPSG:32640 (UTM 40N), EPSG:4326, or any definition PROJ reads",
                "النظام المراد التحويل إليه: EPSG:32640 (UTM 40N) أو EPSG:4326 أو أي تعريف يقرؤه PROJ");
            target.required = true;
            i.parameters.push_back(std::move(target));
            return i;
        }();
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options) const override
    {
        const Layer& layer = *inputs.input;
        const std::string definition = parameters.text("target-crs");
        Crs target;
        try {
            target = Crs::fromUserInput(definition);
        } catch (const Error& e) {
            throw Error(ErrorCode::Argument, "reproject: --target-crs: " + std::string(e.what()));
        }
        if (!layer.crs().isValid())
            throw Error(ErrorCode::Crs, "reproject: layer \"" + layer.name() + "\" has no CRS to transform from");
        (void)Transformer(layer.crs(), target); // throws Error(Crs) naming both when no transformation exists

        constexpr std::size_t kChunk = 2048;
        const std::size_t n = layer.size();
        const std::size_t chunks = (n + kChunk - 1) / kChunk;
        ParallelOptions parallel;
        parallel.maxThreads = options.threads;
        parallel.what = "reproject";
        // One Transformer per worker: a Transformer holds a PROJ context and serves one thread.
        std::vector<std::unique_ptr<Transformer>> transformers(parallelWorkers(chunks, parallel));
        std::vector<Chunk> parts(chunks);
        std::atomic<std::size_t> done{0};
        parallelFor(
            chunks,
            [&](std::size_t c, unsigned worker) {
                if (!transformers[worker])
                    transformers[worker] = std::make_unique<Transformer>(layer.crs(), target);
                const Transformer& transformer = *transformers[worker];
                Chunk& part = parts[c];
                for (std::size_t row = c * kChunk; row < std::min(n, (c + 1) * kChunk); ++row) {
                    if (row % 256 == 0)
                        options.feedback.cancel.throwIfCancelled("reproject");
                    const GeometryRef g = layer.geometry(row);
                    if (g.type() == GeometryType::Unknown) {
                        part.geometries.appendNull();
                        part.rows.push_back(row);
                        continue;
                    }
                    const Geometry moved = transformer.transform(g);
                    if (!moved.column().isFinite(0)) {
                        const std::string reason = "coordinates outside what " + target.name() + " can represent";
                        if (options.invalid == InvalidPolicy::Stop)
                            throw Error(ErrorCode::Crs, "reproject: layer \"" + layer.name() + "\", feature "
                                    + std::to_string(layer.fid(row)) + ": " + reason
                                    + " (run with --invalid skip to leave such features out; it reports each one)");
                        part.invalid.push_back({layer.name(), layer.fid(row), reason, false});
                        continue;
                    }
                    part.geometries.append(moved.column(), 0);
                    part.rows.push_back(row);
                }
                options.feedback.report(static_cast<double>(++done) / static_cast<double>(chunks));
            },
            &options.feedback.cancel, parallel);

        LayerBuilder builder(layer.name(), target, layer.geometryType());
        const std::size_t first = builder.addFieldsOf(layer);
        RunResult result;
        for (Chunk& part : parts) {
            for (std::size_t i = 0; i < part.geometries.size(); ++i)
                builder.geometries().append(part.geometries, i);
            for (const std::size_t row : part.rows) {
                builder.appendValues(layer, row, first);
                builder.appendFid(layer.fid(row));
            }
            result.invalid.insert(result.invalid.end(), part.invalid.begin(), part.invalid.end());
        }
        result.layer = builder.finish();
        return result;
    }
};

} // namespace

const Algorithm& reprojectAlgorithm()
{
    static const Reproject algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
