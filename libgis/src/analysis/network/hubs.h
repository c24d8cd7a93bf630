#pragma once

// The hubs of service-area and isochrone (the overlay's points: health centres, schools...), snapped to the road
// graph, and the reach of a multi-source search along every edge (the nearest hub wins, edges cut at the limit).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gis/analysis/algorithm.h"
#include "gis/data/layer.h"

#include "graph.h"

namespace gis::analysis::detail {

/// A hub on the network.
struct Hub {
    std::uint32_t row = 0; ///< its row in the hub layer
    NetworkSnap snap;
};

/// The point features of `hubs` snapped to `graph`. Features without geometry are counted in `nullGeometries`.
/// Throws Error(Argument) when the layer is not of points, is in another CRS than `roads`, or has no point.
std::vector<Hub> snapHubs(const RoadGraph& graph, const Layer& roads, const Layer& hubs, const std::string& algorithmId,
    std::size_t& nullGeometries);

/// One stretch of an edge reached within the limit, all of it from one hub.
struct ReachedPiece {
    std::uint32_t edge = 0;
    double from = 0, to = 0;          ///< offsets in metres along the edge, from < to
    std::uint32_t hub = 0;            ///< index into the hubs
    double costFrom = 0, costTo = 0;  ///< the cost at `from` and at `to`
};

/// Searches from every hub at once (the nearest hub wins each node; ties go to the earlier hub) up to `limit`, and
/// returns the reached stretches of every edge in edge order (an edge reached from both ends is split where the two
/// costs meet). Progress and cancel through `run`; several cores for the edges.
std::vector<ReachedPiece> reachedPieces(const RoadGraph& graph, const std::vector<Hub>& hubs, double limit,
    const RunOptions& run, const char* what);

/// The road line of the part of `piece` whose cost is at most `limit` (the cost is linear along it; an infinite
/// limit keeps it whole), into `line` (cleared first): from its `from` end to its `to` end, or, with `awayFromHub`,
/// in the direction its cost rises (the direction of travel). False, `line` empty, when none of it is within `limit`.
bool reachedLine(const RoadGraph& graph, const ReachedPiece& piece, double limit, bool awayFromHub,
    std::vector<Coord>& line);

/// The result of a run over hubs: `layer`, the graph's invalid-geometry report, and a warning for each of the roads
/// and the hubs that had features without geometry (`nullHubs` of them among the hubs).
RunResult hubRunResult(std::shared_ptr<const Layer> layer, const RoadGraph& graph, const Layer& roads,
    const Layer& hubLayer, std::size_t nullHubs);

} // namespace gis::analysis::detail
