#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "gis/core/box.h"
#include "gis/crs/crs.h"
#include "gis/crs/transformer.h"

namespace viewer {

class EditController;

/// Where a point snapped: a vertex or the nearest point of a segment of a feature of a layer.
struct SnapHit {
    int layerId = 0;
    std::int64_t fid = 0;
    gis::Coord point;            ///< in map coordinates
    bool onVertex = false;       ///< a vertex; else a point on the segment [vertex, vertex + 1]
    std::size_t vertex = 0;      ///< coordinate number over the whole geometry (gis::EditSession's numbering)
    double distance = 0;         ///< map units from the point asked
};

/// Snapping for the edit tools: the nearest vertex within the tolerance, else the nearest point on a segment,
/// among the features of the given layers: for a layer in edit mode its edited features (the session's snapshot,
/// searched through its R-tree), for any other vector layer the document's data (its R-tree; reprojected to the
/// map's CRS when the layer's differs). Vertices win over segments so that a click near a corner lands on it
/// exactly. GUI thread (it reads the controller and the document).
class Snapper {
public:
    explicit Snapper(const EditController* controller) : m_edits(controller) {}

    /// `tolerance` in map units (the canvas converts its pixels). `skipFid` of `skipLayer` is left out (the feature
    /// being reshaped). Segments only when `segments`, vertices only when `vertices`.
    std::optional<SnapHit> snap(const std::vector<int>& layers, const gis::Coord& point, double tolerance,
        bool segments = true, int skipLayer = -1, std::int64_t skipFid = 0, bool vertices = true) const;

private:
    struct Reprojection {
        gis::Crs layerCrs, mapCrs;
        std::unique_ptr<gis::Transformer> toLayer, toMap; ///< null when the CRSs are the same
    };
    const Reprojection& reprojection(int id, const gis::Crs& layerCrs, const gis::Crs& mapCrs) const;

    const EditController* m_edits;
    mutable std::map<int, Reprojection> m_reprojections; ///< per layer id, for layers not in edit mode
};

} // namespace viewer
