#pragma once

// Private: checks made before GDAL sees a file, so that the commonest broken inputs get a message that
// says what is wrong instead of GDAL's generic "not recognised".

#include <string>

namespace gis::detail {

/// Throws Error naming `path` when it is missing (Io), empty (Format), a .gpkg/.sqlite that is not SQLite
/// (Format), or a Shapefile without its .shx or whose .dbf and .shx disagree on the record count (Format).
/// Connection strings ("PG:...", "/vsi...") pass through unchecked.
void checkSourceFile(const std::string& path);

/// The encoding to open a Shapefile's .dbf with: its .cpg (normalising forms GDAL misreads, such as
/// "8859_6"), else its dBASE language id (0x7E: CP1256, ...), else "" meaning "take the bytes as they are"
/// (the reader then checks for UTF-8 and falls back to its fallback encoding).
std::string shapefileEncoding(const std::string& shpPath);

} // namespace gis::detail
