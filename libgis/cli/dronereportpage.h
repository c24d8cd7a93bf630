#pragma once

// The page of gis drone-report: a project's two flights, their DSM change and the project's record as a
// LayoutContent for the drone-report layout template (styles/layouts/drone-report-*.json; docs/drone.md).

#include <string>
#include <vector>

#include "gis/analysis/dsmchange.h"
#include "gis/layout/layoutcontent.h"
#include "gis/project/droneflights.h"

namespace gis {
class Project;
}

namespace gis::cli {

struct DroneReportRequest {
    std::string projectId;
    std::string from;     ///< ISO date; "" : no lower bound
    std::string to;       ///< ISO date; "" : no upper bound
    std::string language; ///< "ar" or "en"
};

/// What the page shows and what it was made from.
struct DroneReportPage {
    LayoutContent content;
    DroneFlight earlier, later;
    analysis::DsmChangeResult change;
    std::vector<std::string> inputs; ///< every file read: -o must be none of them
};

/// The report of `request.projectId` in the loaded `project`: the last two of its flights dated within
/// [from, to], their DSM change inside the project's construction site, the project's row of `projects`.
/// Throws Error(Argument) naming the project id when it has no flights, fewer than two in the dates, or no site.
DroneReportPage droneReportPage(const Project& project, const DroneReportRequest& request);

} // namespace gis::cli
