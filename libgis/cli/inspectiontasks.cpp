// gis inspection-tasks: dsm-change's change polygons become building-inspection tasks (docs/analysis.md, "DSM
// change"), appended through an edit session in one transaction. The work is gis::analysis::appendInspectionTasks.

#include <algorithm>
#include <cstring>
#include <iostream>

#include "args.h"
#include "commands.h"
#include "common.h"
#include "gis/analysis/inspectiontasks.h"
#include "gis/core/error.h"
#include "gis/data/editsession.h"
#include "gis/data/layer.h"

namespace gis::cli {

namespace {

const char* kUsage = R"(usage: gis inspection-tasks CHANGE [--layer L] --to GPKG [--to-layer building_inspections]
                            --flight FLIGHT_ID [--date YYYY-MM-DD]

Appends one building-inspection task per change polygon of CHANGE (the output of gis analyse dsm-change) to the
inspections layer of GPKG, in one transaction: a point on the polygon, stage "drone change", result "pending",
violations (area, mean height change, volume), flight_id FLIGHT_ID. The layer must have the fields stage, result
and flight_id; on any error nothing is written.

Exit status: 0 when the tasks are written, 2 for an error.
)";

} // namespace

int runInspectionTasks(int argc, char** argv)
{
    if (argc < 3 || !std::strcmp(argv[2], "--help") || !std::strcmp(argv[2], "-h")) {
        std::cout << kUsage;
        return argc < 3 ? 2 : 0;
    }
    const Args args(argc, argv, 2, {"--layer", "--to", "--to-layer", "--flight", "--date"}, {});
    if (args.positionals().size() != 1)
        throw Error(ErrorCode::Argument, "expected one CHANGE layer (see gis inspection-tasks --help)");
    const auto to = args.value("--to");
    const auto flight = args.value("--flight");
    if (!to || !flight)
        throw Error(ErrorCode::Argument, "give --to GPKG and --flight FLIGHT_ID (see gis inspection-tasks --help)");
    const auto polygons = openLayer(args.positionals().front(), args.value("--layer"));
    const std::string layer = args.value("--to-layer").value_or("building_inspections");
    auto session = EditSession::open(*to, layer);
    analysis::InspectionTaskOptions options;
    options.flightId = *flight;
    options.inspectionDate = args.value("--date").value_or("");
    const auto ids = analysis::appendInspectionTasks(*session, *polygons, options);
    std::cout << "inspection-tasks: " << ids.size() << " tasks appended to " << layer << " of " << *to;
    if (!ids.empty()) {
        const auto [low, high] = std::minmax_element(ids.begin(), ids.end());
        std::cout << " (fid " << *low << (ids.size() > 1 ? " to " + std::to_string(*high) : std::string()) << ")";
    }
    std::cout << "\n";
    return 0;
}

} // namespace gis::cli
