#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "gis/core/box.h"
#include "gis/core/export.h"

GIS_API_BEGIN

namespace gis {

class Layer;
class Project;

/// One drone flight of a construction project, as a row of a `drone_flights` layer holds it (docs/drone.md):
/// the flight's record and where its rasters are. Paths are as written (relative to the flights' GeoPackage
/// folder); resolveFlightFile gives the file that may be read.
struct DroneFlight {
    std::string flightId;    ///< "F-<project_id>-2026-08-15"
    std::string projectId;   ///< the projects layer's project_id
    std::string date;        ///< flight_date, ISO 8601 ("2026-08-15"); flights sort by it
    std::string sensor;
    double gsdMetres = 0;    ///< ortho ground resolution; 0 when null
    std::string orthoPath;   ///< as written; "" when null
    std::string dsmPath;     ///< as written; "" when null
    Box footprint;           ///< the row's footprint in the layer's CRS
    std::size_t row = 0;     ///< the row in the layer
};

/// True when `layer` has the drone_flights schema: fields flight_id, project_id, flight_date and ortho_path.
bool isDroneFlightsLayer(const Layer& layer);

/// The flights of project `projectId` ("" for every project) in `layer`, oldest first (ties by flight_id).
/// Rows with no date are left out. Throws Error(Argument) when the layer lacks the drone_flights schema.
std::vector<DroneFlight> droneFlights(const Layer& layer, const std::string& projectId = {});

/// The distinct project ids of the layer's flights, sorted.
std::vector<std::string> droneFlightProjects(const Layer& layer);

/// Resolves a flight's raster path (`value` as written in the layer, relative to the folder of `sourcePath`, the
/// flights' GeoPackage) through the path guard (gis/core/pathguard.h): the file must lie in that GeoPackage's
/// folder, the project's folder (when `project.path` is set) or a folder the project trusts
/// (`project.trustedFolders`), be a regular file and not a VRT outside trusted folders. The GeoPackage is itself a
/// source the project was allowed to read, so its folder is what the user opened; a row pointing elsewhere
/// ("../../etc/passwd", "/vsicurl/...") is refused. Returns the
/// absolute path. Throws PathRefusedError / Error(Argument/Io) as resolveDocumentPath does, naming `flightId`.
std::string resolveFlightFile(const std::string& value, const std::string& sourcePath, const Project& project,
    const std::string& flightId);

} // namespace gis

GIS_API_END
