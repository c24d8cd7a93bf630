#include "gatedlayer.h"

#include <algorithm>
#include <optional>

#include "gis/core/parallel.h"

#include "invalidgate.h"

namespace gis::analysis::detail {

GatedLayer gateLayer(const std::shared_ptr<const Layer>& layer, const RunOptions& options, const char* what)
{
    constexpr std::size_t kChunk = 1024;
    const Layer& l = *layer;
    const std::size_t n = l.size();
    GatedLayer out;
    out.layer = layer;
    out.skipped.assign(n, 0);
    std::vector<std::optional<Geometry>> repaired(n);
    std::vector<std::vector<InvalidFeature>> reports((n + kChunk - 1) / kChunk);
    const InvalidGate gate(l, options.invalid);
    ParallelOptions parallel;
    parallel.maxThreads = options.threads;
    parallel.what = what;
    parallelFor(
        reports.size(),
        [&](std::size_t c) {
            for (std::size_t row = c * kChunk; row < std::min(n, (c + 1) * kChunk); ++row) {
                if (row % 64 == 0)
                    options.feedback.cancel.throwIfCancelled(what);
                if (l.geometry(row).type() == GeometryType::Unknown)
                    continue;
                InvalidGate::Verdict v = gate.check(row);
                if (v.kind == InvalidGate::Verdict::Kind::Use)
                    continue;
                reports[c].push_back(gate.report(row, v));
                if (v.kind == InvalidGate::Verdict::Kind::Skip)
                    out.skipped[row] = 1;
                else
                    repaired[row] = std::move(v.repaired);
            }
        },
        &options.feedback.cancel, parallel);
    for (auto& r : reports)
        out.invalid.insert(out.invalid.end(), r.begin(), r.end());
    if (out.invalid.empty())
        return out;
    GeometryColumn geometries;
    std::vector<std::int64_t> fids;
    for (std::size_t row = 0; row < n; ++row) {
        if (out.skipped[row])
            geometries.appendNull();
        else if (repaired[row])
            geometries.append(repaired[row]->column(), 0);
        else
            geometries.append(l.geometries(), row);
        fids.push_back(l.fid(row));
    }
    out.layer = std::make_shared<const Layer>(l.name(), l.crs(), l.geometryType(), std::move(geometries), l.attributes(),
        std::move(fids));
    return out;
}

} // namespace gis::analysis::detail
