// difference: each input feature minus the union of the overlay features that meet it; input attributes and ids only.

#include "algorithms.h"
#include "overlayengine.h"

namespace gis::analysis::detail {

namespace {

class Overlay final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = overlayInfo(OverlayOperation::Difference, "difference", "Difference", "الفرق",
            "The input's features minus the overlay's; the input's attributes and ids are kept.",
            "معالم طبقة الإدخال بعد طرح معالم طبقة التراكب منها؛ تُحفظ سمات الإدخال ومعرّفاته.");
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options) const override
    {
        return runOverlay(OverlayOperation::Difference, inputs, parameters, options);
    }
};

} // namespace

const Algorithm& differenceAlgorithm()
{
    static const Overlay algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
