#pragma once

// `gis promote`: a project's vector layers copied into a PostgreSQL/PostGIS database, checked, and a new project
// that points at the database (issue #14, docs/postgis.md "Promoting a project").

#include <cstdint>
#include <string>
#include <vector>

#include "gis/core/export.h"

GIS_API_BEGIN

namespace gis {

/// Where a project is promoted to.
struct PromoteOptions {
    /// The PostgreSQL service (pg_service.conf) the new project names: letters, digits, '_', '-', '.' only.
    std::string service;
    /// The schema the tables go to (created when missing).
    std::string schema = "public";
    /// The new project file; "" : `<name>.postgis.json` beside the original. Never the original. In another folder,
    /// the project's relative paths (styles, rasters) are rebased onto it.
    std::string output;
    /// Folders beyond the project's own whose files it may name (ProjectLoadOptions::trustedFolders).
    std::vector<std::string> trustedFolders;
};

/// One table the promote wrote.
struct PromotedTable {
    std::string source;     ///< the file and layer it came from ("dakhiliyah.gpkg:roads")
    std::string table;      ///< "schema.table"
    std::int64_t rows = 0;
    std::string hash;       ///< the content hash both reads agreed on (16 hex digits); "" for attachment tables
    bool attachments = false; ///< a media or mapping table of a layer's attachments
};

/// What a promote did.
struct PromoteResult {
    std::string projectPath;               ///< the new project file
    std::vector<PromotedTable> tables;
    std::vector<std::string> constraints;  ///< the database constraints made from the forms ("inspections: NOT NULL inspector")
    std::vector<std::string> notes;        ///< what stays as it was (rasters stay files) and form rules not made constraints
};

/// Copies every vector layer of the project at `projectPath` into `options.schema` of the database named by
/// `options.service`, then writes the new project (everything kept but those layers' `source` and `layer`, which name
/// `PG:service=SERVICE` and `schema.table`). The original project and its data files are only read.
///
/// Per source layer (a GeoPackage table, a GeoJSON, a Shapefile…): a table named after the layer with typed columns,
/// an integer primary key `fid` (identity, continuing after the largest copied fid), the geometry column `geom`
/// typed `geometry(Type, srid)` with a GIST index, and the hard, unconditional constraints of the layer's form as
/// database constraints (NOT NULL, UNIQUE, ranges and value maps as CHECK). A layer's GeoPackage attachments
/// (related media tables) are copied to a media table and a mapping table of the same names. Rasters stay files.
///
/// All or nothing: the rows are copied (COPY) into a private staging schema in one transaction, each layer is read
/// back through DataSource and compared with the file's read (row count and a hash of fids, WKB and values), and
/// only then are the tables moved into the schema, in one more transaction. Any failure — a table that exists
/// already (it is never replaced), a mismatch, a broken connection, a kill — leaves the schema without any of the
/// new tables, and the staging schema is dropped (a killed run's is dropped by the next promote). Throws gis::Error
/// naming the layer, the table or the file.
PromoteResult promoteProject(const std::string& projectPath, const PromoteOptions& options);

} // namespace gis

GIS_API_END
