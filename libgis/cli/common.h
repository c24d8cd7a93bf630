#pragma once

// Pieces shared by the CLI's subcommands: opening a layer by name, reading a query geometry, timing, and
// writing output atomically.

#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gis/core/atomicfile.h"
#include "gis/crs/crs.h"
#include "gis/data/layer.h"
#include "gis/data/outputcheck.h"
#include "gis/geom/geometrycolumn.h"

#include "args.h"

class QGuiApplication;

namespace gis::cli {

/// Reads `layerName` of `path`; without a name, the only layer (a source with several names them in the error).
std::shared_ptr<const Layer> openLayer(const std::string& path, const std::optional<std::string>& layerName,
    bool buildIndex = true);

/// A query geometry given on the command line: WKT, a GeoJSON geometry, or the path of a file whose
/// geometries are combined into one (its CRS then comes with it).
struct QueryGeometry {
    Geometry geometry;
    Crs crs; ///< from the file, when it came from one
};
QueryGeometry readQueryGeometry(const std::string& text);

/// "minx,miny,maxx,maxy" or "x,y" -> numbers; throws Error(Argument) naming the option.
std::vector<double> parseNumbers(const std::string& text, std::size_t count, const std::string& option);

/// Milliseconds since construction or the last lap().
class Stopwatch {
public:
    double lap()
    {
        const auto now = std::chrono::steady_clock::now();
        const double ms = std::chrono::duration<double, std::milli>(now - m_last).count();
        m_last = now;
        return ms;
    }

private:
    std::chrono::steady_clock::time_point m_last = std::chrono::steady_clock::now();
};

/// Standard output, or a file written through gis::AtomicFile (a private staging folder beside it, renamed over
/// it on commit()), so a failed run never leaves a half-written file nor destroys the previous one. A folder,
/// device or pipe (/dev/stdout) is refused by the constructor. Without commit() nothing is replaced.
class Output {
public:
    explicit Output(const std::optional<std::string>& path);
    std::ostream& stream() { return m_file ? static_cast<std::ostream&>(m_stream) : std::cout; }
    void commit();

private:
    std::optional<AtomicFile> m_file;
    std::ofstream m_stream;
};

/// Checks `-o OUT` before any work is done: OUT is not one of `inputs` (gis::checkOutputIsNotAnInput), not a
/// folder, device or pipe, and, when it exists, `replace` allows replacing it (else Error(Argument) asking for
/// --overwrite). Pass replace = true when the command adds to the file instead of replacing it.
void checkOutput(const std::string& out, const std::vector<std::string>& inputs, bool replace);

/// The paths among `candidates` that are existing files (a GEOM argument may be WKT instead).
std::vector<std::string> existingFiles(const std::vector<std::optional<std::string>>& candidates);

/// The page options the commands that print a page (export-map, drone-report) read alike: -o OUT ending in one of
/// `extensions` (lower-case with the dot; OUT's ending in any case), --dpi between 30 and 1200 (else `defaultDpi`)
/// and --lang ar|en (empty when not given: the project's). Throws Error(Argument) naming the option.
struct PageOptions {
    std::string out;
    std::string extension; ///< OUT's, lower-case, with the dot
    double dpi = 300;
    std::string language;
};
PageOptions readPageOptions(const Args& args, const std::vector<std::string>& extensions, double defaultDpi);

/// The Gui application the commands that draw (render, export-map, drone-report) need for QPainter text: offscreen
/// when there is no display, with a private XDG_RUNTIME_DIR when none is set (Qt warns without one), so they run in
/// scripts and services. Keep it alive while drawing.
std::unique_ptr<QGuiApplication> startGuiApplication();

} // namespace gis::cli
