#pragma once

// Private: checks made before GDAL sees a file, so that the commonest broken inputs get a message that
// says what is wrong instead of GDAL's generic "not recognised".

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

namespace gis::detail {

/// Throws Error naming `path` when it is missing (Io), empty (Format), a .gpkg/.sqlite that is not SQLite
/// (Format), or a Shapefile without its .shx or whose .dbf and .shx disagree on the record count (Format).
/// Connection strings ("PG:...", "/vsi...") pass through unchecked.
void checkSourceFile(const std::string& path);

/// The encoding to open a Shapefile's .dbf with: its .cpg (normalising forms GDAL misreads, such as
/// "8859_6"), else its dBASE language id (0x7E: CP1256, ...), else "" meaning "take the bytes as they are"
/// (the reader then checks for UTF-8 and falls back to its fallback encoding).
std::string shapefileEncoding(const std::string& shpPath);

/// Checks a Shapefile's .shx entries against its .shp, record by record, to say why GDAL read a geometry as
/// null: GDAL reads a record the .shx points wrongly at as a null shape and often says nothing.
class ShxChecker {
public:
    /// Opens `shpPath`'s .shx (any case) and .shp; a checker of a file without them finds nothing.
    explicit ShxChecker(const std::string& shpPath);
    /// Why record `index` (0-based, GDAL's feature id) cannot be read through its .shx entry, or "" when the
    /// entry points at a record of the right number inside the .shp.
    std::string problem(std::int64_t index);

private:
    std::vector<unsigned char> m_shx;
    std::ifstream m_shp;
    std::uint64_t m_shpSize = 0;
};

} // namespace gis::detail
