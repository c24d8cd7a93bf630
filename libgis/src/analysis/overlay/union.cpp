// union: the full overlay (intersections, input outside the overlay, overlay outside the input), attributes of both sides with null for the missing one.

#include "algorithms.h"
#include "overlayengine.h"

namespace gis::analysis::detail {

namespace {

class Overlay final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = overlayInfo(OverlayOperation::Union, "union", "Union", "الاتحاد",
            "The full overlay: the common parts of input and overlay, then the parts of each outside the other, with the attributes of both (empty for the missing side).",
            "التراكب الكامل: الأجزاء المشتركة بين الإدخال والتراكب، ثم أجزاء كل منهما خارج الآخر، مع سمات الطرفين (فارغة للطرف الغائب).");
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options) const override
    {
        return runOverlay(OverlayOperation::Union, inputs, parameters, options);
    }
};

} // namespace

const Algorithm& unionAlgorithm()
{
    static const Overlay algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
