// symmetrical-difference: the input minus the overlay, then the overlay minus the input; attributes of both sides, null for the side a piece does not come from.

#include "algorithms.h"
#include "overlayengine.h"

namespace gis::analysis::detail {

namespace {

class Overlay final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = overlayInfo(OverlayOperation::SymmetricalDifference, "symmetrical-difference", "Symmetrical difference", "الفرق المتماثل",
            "The parts of each layer that the other does not cover, with the attributes of both (empty for the missing side).",
            "أجزاء كل طبقة التي لا تغطيها الطبقة الأخرى، مع سمات الطرفين (فارغة للطرف الغائب).");
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options) const override
    {
        return runOverlay(OverlayOperation::SymmetricalDifference, inputs, parameters, options);
    }
};

} // namespace

const Algorithm& symmetricalDifferenceAlgorithm()
{
    static const Overlay algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
