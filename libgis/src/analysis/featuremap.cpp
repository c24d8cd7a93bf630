#include "featuremap.h"

#include <algorithm>
#include <atomic>

#include "gis/core/parallel.h"
#include "gis/data/layer.h"

#include "layerbuilder.h"

namespace gis::analysis::detail {

std::string nullWarning(const Layer& layer, std::size_t nullGeometries)
{
    if (nullGeometries == 0)
        return {};
    return std::to_string(nullGeometries) + (nullGeometries == 1 ? " feature" : " features") + " of layer \""
        + layer.name() + "\" " + (nullGeometries == 1 ? "has" : "have") + " no geometry and "
        + (nullGeometries == 1 ? "was" : "were") + " left out";
}

MappedFeatures mapFeatures(const Layer& layer, const RunOptions& options, const char* what,
    const std::function<void(std::size_t row, GeometryRef geometry, GeometryColumn& out)>& fn)
{
    constexpr std::size_t kChunk = 2048;
    const std::size_t n = layer.size();
    const std::size_t chunks = (n + kChunk - 1) / kChunk;
    const InvalidGate gate(layer, options.invalid);
    std::vector<MappedFeatures> parts(chunks);
    std::atomic<std::size_t> done{0};
    ParallelOptions parallel;
    parallel.maxThreads = options.threads;
    parallel.what = what;
    parallelFor(
        chunks,
        [&](std::size_t c) {
            MappedFeatures& part = parts[c];
            const std::size_t end = std::min(n, (c + 1) * kChunk);
            for (std::size_t row = c * kChunk; row < end; ++row) {
                if (row % 256 == 0)
                    options.feedback.cancel.throwIfCancelled(what);
                if (layer.geometry(row).type() == GeometryType::Unknown) {
                    ++part.nullGeometries;
                    continue;
                }
                const InvalidGate::Verdict verdict = gate.check(row);
                if (verdict.kind != InvalidGate::Verdict::Kind::Use)
                    part.invalid.push_back(gate.report(row, verdict));
                if (verdict.kind == InvalidGate::Verdict::Kind::Skip)
                    continue;
                const std::size_t before = part.geometries.size();
                fn(row, gate.geometry(row, verdict), part.geometries);
                part.sourceRows.insert(part.sourceRows.end(), part.geometries.size() - before, row);
            }
            options.feedback.report(static_cast<double>(++done) / static_cast<double>(chunks));
        },
        &options.feedback.cancel, parallel);

    MappedFeatures out;
    std::size_t total = 0;
    for (const auto& p : parts)
        total += p.geometries.size();
    out.sourceRows.reserve(total);
    for (auto& p : parts) {
        out.nullGeometries += p.nullGeometries;
        for (std::size_t i = 0; i < p.geometries.size(); ++i)
            out.geometries.append(p.geometries, i);
        out.sourceRows.insert(out.sourceRows.end(), p.sourceRows.begin(), p.sourceRows.end());
        out.invalid.insert(out.invalid.end(), std::make_move_iterator(p.invalid.begin()),
            std::make_move_iterator(p.invalid.end()));
    }
    return out;
}

RunResult mappedResult(LayerBuilder& builder, const Layer& layer, MappedFeatures& mapped)
{
    RunResult result;
    result.layer = builder.finish();
    result.invalid = std::move(mapped.invalid);
    if (const std::string w = nullWarning(layer, mapped.nullGeometries); !w.empty())
        result.warnings.push_back(w);
    return result;
}

RunResult perFeatureResult(const Layer& layer, MappedFeatures&& mapped, std::string name, GeometryType type)
{
    LayerBuilder builder(std::move(name), layer.crs(), type);
    const std::size_t first = builder.addFieldsOf(layer);
    builder.geometries() = std::move(mapped.geometries);
    for (const std::size_t row : mapped.sourceRows) {
        builder.appendValues(layer, row, first);
        builder.appendFid(layer.fid(row));
    }
    return mappedResult(builder, layer, mapped);
}

} // namespace gis::analysis::detail
