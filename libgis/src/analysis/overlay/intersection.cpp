// intersection: one feature per overlapping (input, overlay) pair, with the attributes of both (overlay names that clash get _2).

#include "algorithms.h"
#include "overlayengine.h"

namespace gis::analysis::detail {

namespace {

class Overlay final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = overlayInfo(OverlayOperation::Intersection, "intersection", "Intersection", "التقاطع",
            "A feature for each pair of input and overlay features that overlap: their common part, with the attributes of both.",
            "معلم لكل زوج متداخل من معالم الإدخال والتراكب: الجزء المشترك بينهما، مع سمات الطرفين.");
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options) const override
    {
        return runOverlay(OverlayOperation::Intersection, inputs, parameters, options);
    }
};

} // namespace

const Algorithm& intersectionAlgorithm()
{
    static const Overlay algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
