#pragma once

// Private: bulk loading of a GeoPackage's R-tree (an SQLite R*Tree virtual table, 2 dimensions, 32-bit floats).
// Inserting 100,000 boxes one by one through the virtual table (what the GeoPackage's triggers do) costs SQLite's R*
// insertion with its splits and reinsertions: about 1.5 s. A commit of that many inserts instead packs every box of
// the table along the Hilbert curve and writes the R*Tree's three shadow tables directly, in the same transaction
// (GDAL's GeoPackage driver bulk-loads its R-trees the same way). `SELECT rtreecheck('rtree_t_g')` checks the result.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <sqlite3.h>

#include "gis/core/box.h"

namespace gis::detail {

/// Replaces the whole content of the R*Tree `rtree` (its %_node, %_parent and %_rowid tables) by `items`. Boxes are
/// rounded outwards to 32-bit floats as SQLite rounds them; empty boxes are left out. Call inside a write transaction
/// in which nothing uses the virtual table afterwards. Throws Error(Io) with SQLite's message (prefixed `where`).
void bulkLoadRtree(sqlite3* db, const std::string& rtree, std::vector<std::pair<std::int64_t, Box>> items,
    const std::string& where);

} // namespace gis::detail
