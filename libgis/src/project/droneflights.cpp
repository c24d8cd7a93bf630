#include "gis/project/droneflights.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "gis/core/error.h"
#include "gis/core/pathguard.h"
#include "gis/data/layer.h"
#include "gis/project/project.h"

namespace gis {

namespace {

const char* const kRequired[] = {"flight_id", "project_id", "flight_date", "ortho_path"};

std::string text(const AttributeTable& table, int column, std::size_t row)
{
    return column < 0 ? std::string() : table.column(static_cast<std::size_t>(column)).toString(row);
}

} // namespace

bool isDroneFlightsLayer(const Layer& layer)
{
    const AttributeTable& a = layer.attributes();
    return std::all_of(std::begin(kRequired), std::end(kRequired), [&](const char* f) { return a.indexOf(f) >= 0; });
}

std::vector<DroneFlight> droneFlights(const Layer& layer, const std::string& projectId)
{
    if (!isDroneFlightsLayer(layer))
        throw Error(ErrorCode::Argument, layer.name() + ": not a drone_flights layer (needs flight_id, project_id, "
                                                        "flight_date and ortho_path)");
    const AttributeTable& a = layer.attributes();
    const int id = a.indexOf("flight_id"), project = a.indexOf("project_id"), date = a.indexOf("flight_date");
    const int sensor = a.indexOf("sensor"), gsd = a.indexOf("gsd_m"), ortho = a.indexOf("ortho_path");
    const int dsm = a.indexOf("dsm_path");
    std::vector<DroneFlight> flights;
    for (std::size_t row = 0; row < layer.size(); ++row) {
        DroneFlight f;
        f.projectId = text(a, project, row);
        if (!projectId.empty() && f.projectId != projectId)
            continue;
        // A DateTime column reads "2026-08-15T10:00:00Z": the day is what the slider steps through.
        f.date = text(a, date, row).substr(0, 10);
        if (f.date.empty())
            continue;
        f.flightId = text(a, id, row);
        f.sensor = text(a, sensor, row);
        if (gsd >= 0 && !a.column(static_cast<std::size_t>(gsd)).isNull(row))
            f.gsdMetres = a.column(static_cast<std::size_t>(gsd)).real(row);
        f.orthoPath = text(a, ortho, row);
        f.dsmPath = text(a, dsm, row);
        f.footprint = layer.geometry(row).bounds();
        f.row = row;
        flights.push_back(std::move(f));
    }
    std::sort(flights.begin(), flights.end(), [](const DroneFlight& x, const DroneFlight& y) {
        return x.date != y.date ? x.date < y.date : x.flightId < y.flightId;
    });
    return flights;
}

std::vector<std::string> droneFlightProjects(const Layer& layer)
{
    std::set<std::string> ids;
    for (const DroneFlight& f : droneFlights(layer))
        ids.insert(f.projectId);
    return {ids.begin(), ids.end()};
}

std::string resolveFlightFile(const std::string& value, const std::string& sourcePath, const Project& project,
    const std::string& flightId)
{
    std::error_code ec;
    const std::string folder = std::filesystem::absolute(sourcePath, ec).parent_path().string();
    PathRules rules;
    rules.baseDir = folder;
    rules.allowedFolders = {folder};
    if (!project.path.empty()) // the project's own folder, as for its layers' sources
        rules.allowedFolders.push_back(std::filesystem::absolute(project.path, ec).parent_path().string());
    rules.trustedFolders = project.trustedFolders;
    rules.refuseVrt = true;
    rules.document = "drone flight";
    rules.what = "flight raster";
    const std::string where = std::filesystem::path(sourcePath).filename().string() + ": flight " + flightId;
    return resolveDocumentPath(value, where, rules);
}

} // namespace gis
