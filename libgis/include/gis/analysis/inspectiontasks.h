#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gis/core/export.h"

GIS_API_BEGIN

namespace gis {
class EditSession;
class Layer;
}

namespace gis::analysis {

/// What the building-inspection tasks made from change polygons say (docs/analysis.md, "DSM change").
struct InspectionTaskOptions {
    std::string flightId;        ///< the later flight's drone_flights.flight_id: the task's link to what the drone saw
    std::string inspectionDate;  ///< "YYYY-MM-DD" for inspection_date (the flight's date); empty: left null
};

/// Appends one task per feature of `changePolygons` (dsm-change's output: sign, area_m2, volume_m3, mean_dz) to the
/// layer of `session` (building_inspections): a Point at the polygon's point on surface, transformed into the
/// layer's CRS; stage "drone change", result "pending", violations describing the change ("fill of 240.0 m², mean
/// height change +6.00 m, 1440.0 m³"), flight_id, inspection_id "<flight id>-C<n>", and inspection_date when
/// given. Fields the layer lacks among inspection_id, inspection_date and violations are left out; stage, result
/// and flight_id are required. All in one batch, committed in one transaction: on any error (a missing field, a
/// commit refused or failing) nothing is written and the session is rolled back. Returns the stored ids.
/// The session must have no changes of its own (Error(Argument) otherwise): the tasks are committed alone.
/// Throws Error(Argument) naming the missing field, Error(Crs) when no transformation exists, and what
/// EditSession::commit throws. The session's thread.
std::vector<std::int64_t> appendInspectionTasks(EditSession& session, const Layer& changePolygons,
    const InspectionTaskOptions& options);

} // namespace gis::analysis

GIS_API_END
