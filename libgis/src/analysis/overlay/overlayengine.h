#pragma once

// The engine behind the six overlay algorithms (clip, intersection, difference, symmetrical-difference, union,
// identity): each is a choice of pieces. For every feature x of one side, the other side's packed R-tree gives the
// candidates y; a prepared y decides first whether it contains x (x is then copied, no GEOS overlay) or touches it
// at all; only the remaining pairs go through GEOS's overlay. The pieces are
//   - pairs:      x ∩ y for every y that meets x (intersection, union, identity);
//   - remainder:  x minus the union of the y that meet it (difference, symmetrical difference, union, identity);
//   - clipped:    x ∩ the union of the y that meet it (clip).
// Work runs in chunks of x on core's pool; pieces come back in x order (then y order), so one thread and all give
// the same layer. Pieces of a lower dimension than the output's (two zones that only touch meet in a line) are
// dropped, so the output type stays homogeneous (MultiPolygon for polygons).

#include "gis/analysis/algorithm.h"

namespace gis::analysis::detail {

/// Which overlay: what pieces it makes and which attributes they carry.
enum class OverlayOperation : std::uint8_t { Clip, Intersection, Difference, SymmetricalDifference, Union, Identity };

/// The schema common to an overlay: id, titles, help in English and Arabic, and the field-subset parameters of the
/// operations that keep attributes of both sides.
AlgorithmInfo overlayInfo(OverlayOperation operation, std::string id, std::string titleEn, std::string titleAr,
    std::string descriptionEn, std::string descriptionAr);

/// Runs `operation` on inputs.input and inputs.overlay. The overlay is reprojected to the input's CRS (with a
/// warning) when they differ. The invalid-geometry policy applies to both layers (reports name the layer).
/// Throws Error(Argument) for layers it cannot overlay (union of polygons with lines), Error(Geometry) under
/// InvalidPolicy::Stop, Error(Cancelled), Error(Crs) when the overlay cannot be reprojected.
RunResult runOverlay(OverlayOperation operation, const RunInputs& inputs, const ParameterValues& parameters,
    const RunOptions& options);

} // namespace gis::analysis::detail
