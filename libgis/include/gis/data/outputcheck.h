#pragma once

// The rule that an output never replaces an input, shared by every command that writes a file and the viewer.

#include <string>
#include <vector>

#include "gis/core/export.h"

GIS_API_BEGIN

namespace gis {

/// The input among `inputs` that writing `output` would touch, or "" when none. Files are compared by device and
/// inode (gis::sameFile: symlinks followed, hard links caught), and by the files a format keeps together: a
/// GeoPackage with its -wal, -shm and -journal files, a Shapefile's .shp/.shx/.dbf/.prj/.cpg (same folder and
/// stem), a CSV with its .csvt and .prj, a GML file with its .xsd. Inputs that do not exist (WKT given in place
/// of a file) never match. Never throws.
std::string inputWrittenBy(const std::string& output, const std::vector<std::string>& inputs);

/// `path` and the files its format keeps beside it (see inputWrittenBy), whether they exist or not: what writing
/// `path` may replace. Sidecars are listed in lower and upper case.
std::vector<std::string> fileSetOf(const std::string& path);

/// Throws Error(Argument) "OUT is an input of this command (INPUT); choose another output" when
/// inputWrittenBy(output, inputs) names one. Call it before anything is read or written.
void checkOutputIsNotAnInput(const std::string& output, const std::vector<std::string>& inputs);

} // namespace gis

GIS_API_END
