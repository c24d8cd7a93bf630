// identity: the input split by the overlay (intersections, then the input outside the overlay with null overlay attributes).

#include "algorithms.h"
#include "overlayengine.h"

namespace gis::analysis::detail {

namespace {

class Overlay final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = overlayInfo(OverlayOperation::Identity, "identity", "Identity", "الهوية",
            "The input's features split by the overlay: the parts inside overlay features (with their attributes) and the parts outside (without).",
            "معالم الإدخال مقسّمة بطبقة التراكب: الأجزاء داخل معالم التراكب (مع سماتها) والأجزاء خارجها (من دونها).");
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options) const override
    {
        return runOverlay(OverlayOperation::Identity, inputs, parameters, options);
    }
};

} // namespace

const Algorithm& identityAlgorithm()
{
    static const Overlay algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
