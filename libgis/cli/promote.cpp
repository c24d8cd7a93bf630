// gis promote PROJECT --to SERVICE [--schema S] [-o NEW]: the project's vector layers copied into PostGIS and checked,
// and a new project naming the database (gis/project/promote.h does the work; this only parses and prints).

#include <cstring>
#include <iostream>

#include "args.h"
#include "commands.h"
#include "gis/core/error.h"
#include "gis/project/promote.h"

namespace gis::cli {

namespace {

const char* kHelp = R"(usage: gis promote PROJECT.json --to SERVICE [--schema S] [-o NEW_PROJECT.json] [--allow-path DIR]...

Copies every vector layer of the project (GeoPackage tables, GeoJSON, Shapefiles…) into the PostgreSQL/PostGIS
database of service SERVICE (your pg_service.conf; passwords from ~/.pgpass), schema S (default public), and writes
a new project whose layers name PG:service=SERVICE and S.table (default <name>.postgis.json beside PROJECT; it may
not replace PROJECT). Rasters stay files. The original project and its data are only read.

Each layer becomes a table with its typed columns, an integer key "fid", a geometry column "geom" with a spatial
index, and the hard rules of the layer's form as constraints (not null, unique, ranges, value maps); its GeoPackage
attachments become a media table and a mapping table. An existing table is never replaced: the promote refuses.
All or nothing: every table is read back and compared with the file (rows and a content hash) before any appears.
  --to SERVICE     the service to connect to (letters, digits, '_', '-', '.')
  --schema S       the schema the tables go to (created when missing)
  -o NEW.json      the new project (relative paths rebased onto its folder)
  --allow-path DIR a folder outside the project's whose files it may read (repeatable)
)";

} // namespace

int runPromote(int argc, char** argv)
{
    if (argc < 3 || !std::strcmp(argv[2], "--help") || !std::strcmp(argv[2], "-h")) {
        std::cout << kHelp;
        return argc < 3 ? 2 : 0;
    }
    const Args args(argc, argv, 2, {"--to", "--schema", "-o", "--allow-path"}, {"--help"});
    if (args.positionals().size() != 1)
        throw Error(ErrorCode::Argument, "expected one PROJECT (see gis promote --help)");
    if (!args.value("--to"))
        throw Error(ErrorCode::Argument, "--to SERVICE is required (see gis promote --help)");
    PromoteOptions options;
    options.service = *args.value("--to");
    options.schema = args.value("--schema").value_or("public");
    options.output = args.value("-o").value_or("");
    options.trustedFolders = args.values("--allow-path");
    const PromoteResult r = promoteProject(args.positionals().front(), options);
    for (const PromotedTable& t : r.tables)
        std::cout << t.table << ": " << t.rows << " rows from " << t.source
                  << (t.hash.empty() ? std::string(" (attachments)") : ", hash " + t.hash + " checked") << "\n";
    for (const std::string& c : r.constraints)
        std::cout << "constraint " << c << "\n";
    for (const std::string& n : r.notes)
        std::cout << "note: " << n << "\n";
    std::cout << "new project: " << r.projectPath << "\n";
    return 0;
}

} // namespace gis::cli
