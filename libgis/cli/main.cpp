// gis: the Interior Explorer command-line tool. One catch site for every subcommand's errors.

#include <csignal>
#include <cstring>
#include <iostream>
#include <string>

#include "commands.h"
#include "readreport.h"
#include "gis/core/error.h"
#include "gis/project/provenance.h"

namespace {

const char* kUsage = R"(usage: gis <command> [options]

commands:
  info PATH [--json]     list the layers and rasters of a data source (any format GDAL reads)
  query PATH [...]       select features by expression, location or nearness; GeoJSON, CSV, ids or a count
  join POINTS POLYGONS   count (and sum) points per polygon, grouped by a polygon field
  render PROJECT|PATH... draw a map to PNG, PDF or SVG
  export-map PROJECT     a print layout page (title, legend, scale bar, north arrow) to PDF, PNG or SVG
  edit PATH --layer L    apply a GeoJSON FeatureCollection of changes in one commit (form constraints checked)
  validate PROJECT       check a layer's data against its form's constraints and geometry validity
  analyse ALGORITHM IN   run an analysis algorithm (centroid, ...) on a layer; --list shows them all
  history PROJECT        the analysis runs a project records; --rerun ID runs one again
  promote PROJECT --to S copy a project's layers into PostGIS (service S) and write a project naming it
  serve PROJECT          serve the project's layers over HTTP (OGC API - Features, WMS, tiles) until SIGTERM
  serve-token < TOKEN    the SHA-256 of a bearer token for the server config file (docs/serve.md)
  inspection-tasks CHANGE --to GPKG --flight ID  dsm-change's change polygons as building-inspection tasks
  raster info|overviews|cog IN  a raster file's layout; build its overviews; convert it to a Cloud-Optimised GeoTIFF
  drone-report PROJECT --project-id ID -o OUT  a construction project's progress report from its drone flights

gis --version prints the program's name and version (what project histories and exported maps record).

gis <command> --help shows a command's options. Every command that reads layers also takes
  --verbose              list each feature a read skipped or repaired (one line each, on stderr)
  --strict               fail (exit 1) when a read skipped, nulled or repaired any feature
)";

} // namespace

int main(int argc, char** argv)
{
    // A file-size limit (RLIMIT_FSIZE) then fails a write with EFBIG, reported like a full disk, instead of killing us.
    std::signal(SIGXFSZ, SIG_IGN);
    argc = gis::cli::takeReadReportFlags(argc, argv);
    if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
        std::cout << kUsage;
        return argc < 2 ? 2 : 0;
    }
    const std::string command = argv[1];
    if (command == "--version") {
        std::cout << gis::softwareName() << " " << gis::softwareVersion() << "\n";
        return 0;
    }
    try {
        if (command == "info")
            return gis::cli::runInfo(argc, argv);
        if (command == "query")
            return gis::cli::runQuery(argc, argv);
        if (command == "join")
            return gis::cli::runJoin(argc, argv);
        if (command == "render")
            return gis::cli::runRender(argc, argv);
        if (command == "export-map")
            return gis::cli::runExportMap(argc, argv);
        if (command == "edit")
            return gis::cli::runEdit(argc, argv);
        if (command == "validate")
            return gis::cli::runValidate(argc, argv);
        if (command == "analyse" || command == "analyze")
            return gis::cli::runAnalyse(argc, argv);
        if (command == "history")
            return gis::cli::runHistory(argc, argv);
        if (command == "promote")
            return gis::cli::runPromote(argc, argv);
        if (command == "serve-token")
            return gis::cli::runServeToken(argc, argv);
        if (command == "serve")
            return gis::cli::runServe(argc, argv);
        if (command == "inspection-tasks")
            return gis::cli::runInspectionTasks(argc, argv);
        if (command == "raster")
            return gis::cli::runRaster(argc, argv);
        if (command == "drone-report") return gis::cli::runDroneReport(argc, argv);
        std::cerr << "gis: unknown command \"" << command << "\"\n" << kUsage;
        return 2;
    } catch (const gis::Error& e) {
        std::cerr << "gis " << command << ": " << e.what() << "\n";
        return e.code() == gis::ErrorCode::Argument ? 2 : 1;
    } catch (const std::exception& e) {
        std::cerr << "gis " << command << ": unexpected error: " << e.what() << "\n";
        return 1;
    }
}
