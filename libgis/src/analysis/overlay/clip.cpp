// clip: each input feature cut by the union of the overlay features that meet it (a feature wholly inside one is copied as it is); input attributes and ids only.

#include "algorithms.h"
#include "overlayengine.h"

namespace gis::analysis::detail {

namespace {

class Overlay final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = overlayInfo(OverlayOperation::Clip, "clip", "Clip", "قصّ",
            "The input's features cut by the union of the overlay's polygons; the input's attributes and ids are kept.",
            "معالم طبقة الإدخال مقصوصة بحدود اتحاد مضلعات طبقة التراكب؛ تُحفظ سمات الإدخال ومعرّفاته.");
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options) const override
    {
        return runOverlay(OverlayOperation::Clip, inputs, parameters, options);
    }
};

} // namespace

const Algorithm& clipAlgorithm()
{
    static const Overlay algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
