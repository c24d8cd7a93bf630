#include <algorithm>

#include "gis/analysis/algorithm.h"
#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/query/suggest.h"

#include "algorithms.h"

namespace gis::analysis {

const std::vector<const Algorithm*>& algorithms()
{
    static const std::vector<const Algorithm*> all = [] {
        std::vector<const Algorithm*> v{
            &detail::bufferAlgorithm(),
            &detail::centroidAlgorithm(),
            &detail::clipAlgorithm(),
            &detail::differenceAlgorithm(),
            &detail::identityAlgorithm(),
            &detail::intersectionAlgorithm(),
            &detail::symmetricalDifferenceAlgorithm(),
            &detail::unionAlgorithm(),
            &detail::zonalStatisticsAlgorithm(),
            &detail::heatmapAlgorithm(),
            &detail::sampleRasterAlgorithm(),
            &detail::multiRingBufferAlgorithm(),
            &detail::boundingRectangleAlgorithm(),
            &detail::concaveHullAlgorithm(),
            &detail::convexHullAlgorithm(),
            &detail::delaunayAlgorithm(),
            &detail::densifyAlgorithm(),
            &detail::explodeAlgorithm(),
            &detail::fixGeometriesAlgorithm(),
            &detail::reprojectAlgorithm(),
            &detail::simplifyAlgorithm(),
            &detail::voronoiAlgorithm(),
            &detail::shortestPathAlgorithm(),
            &detail::serviceAreaAlgorithm(),
            &detail::isochroneAlgorithm(),
            &detail::dissolveAlgorithm(),
            &detail::fieldCalculatorAlgorithm(),
            &detail::joinByLocationAlgorithm(),
            &detail::joinNearestAlgorithm(),
            &detail::summaryByLocationAlgorithm(),
            &detail::nearestHubAlgorithm(),
            &detail::mergeAlgorithm(),
            &detail::slopeAlgorithm(),
            &detail::aspectAlgorithm(),
            &detail::hillshadeAlgorithm(),
            &detail::reclassifyAlgorithm(),
            &detail::rasterCalculatorAlgorithm(),
            &detail::dsmChangeAlgorithm(),
        };
        std::sort(v.begin(), v.end(), [](const Algorithm* a, const Algorithm* b) { return a->info().id < b->info().id; });
        return v;
    }();
    return all;
}

const Algorithm* findAlgorithm(std::string_view id)
{
    for (const Algorithm* a : algorithms())
        if (a->info().id == id)
            return a;
    return nullptr;
}

const Algorithm& algorithm(std::string_view id)
{
    if (const Algorithm* a = findAlgorithm(id))
        return *a;
    std::vector<std::string> ids;
    for (const Algorithm* a : algorithms())
        ids.push_back(a->info().id);
    const std::string suggestion = closestName(id, ids);
    throw Error(ErrorCode::Argument, "unknown algorithm \"" + std::string(id) + "\""
            + (suggestion.empty() ? std::string() : " — did you mean \"" + suggestion + "\"?")
            + " (gis analyse --list shows them all)");
}

RunResult run(std::string_view id, const RunInputs& inputs, const std::map<std::string, std::string>& parameters,
    const RunOptions& options)
{
    const Algorithm& a = algorithm(id);
    if (a.info().input == InputKind::Raster) {
        if (inputs.inputRaster.empty())
            throw Error(ErrorCode::Argument, std::string(id) + ": no input raster (its input is a raster file, not a layer)");
        return a.run(inputs, ParameterValues::bind(a.info(), parameters), options);
    }
    if (!inputs.input)
        throw Error(ErrorCode::Argument, std::string(id) + ": no input layer");
    if (a.info().input == InputKind::VectorAndOverlay && !inputs.overlay)
        throw Error(ErrorCode::Argument, std::string(id) + ": needs an overlay layer (--overlay)");
    if (a.info().input == InputKind::VectorAndLayers && inputs.more.empty())
        throw Error(ErrorCode::Argument, std::string(id) + ": needs one or more further layers (--overlay, repeated)");
    const ParameterValues values = ParameterValues::bind(a.info(), parameters, *inputs.input, inputs.overlay.get());
    return a.run(inputs, values, options);
}

} // namespace gis::analysis
