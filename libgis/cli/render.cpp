// gis render: a project or data files to PNG, PDF or SVG through the one renderer the viewer uses.

#include <QGuiApplication>

#include <cmath>
#include <filesystem>
#include <unistd.h>
#include <iostream>

#include "args.h"
#include "commands.h"
#include "common.h"
#include "gis/core/error.h"
#include "gis/crs/transformer.h"
#include "gis/data/datasource.h"
#include "gis/render/mapexport.h"
#include "gis/render/maprenderer.h"
#include "gis/project/project.h"
#include "gis/render/rasterdraw.h"
#include "gis/project/stylejson.h"
#include "readreport.h"

namespace fs = std::filesystem;

namespace gis::cli {

namespace {

const char* kHelp = R"(usage: gis render (PROJECT.json | PATH...) -o OUT.(png|pdf|svg) [--size WxH] [--dpi N]
                  [--extent minx,miny,maxx,maxy] [--crs CRS] [--style STYLE.json] [--background COLOR]
                  [--timings] [--allow-path DIR]...

Draws a project (its layers, styles, CRS and extent) or data files (every layer of each, with a default style
or --style) to an image. --extent is in the map CRS (--crs, else the project's or the first layer's).
Options take "--opt value" or "--opt=value" (use the latter for an extent starting with a minus sign).
PNG records its DPI; PDF and SVG keep lines and polygons as vectors and labels as text.
--timings prints load_ms, render_ms, write_ms and total_ms on stderr.
A project reads only files in its own folder; --allow-path DIR (repeatable) lets it read files in DIR too,
GDAL VRTs included (see docs/projects.md).
)";

std::string extensionOf(const std::string& path)
{
    std::string ext = fs::path(path).extension().string();
    for (auto& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

/// Layers of plain data paths: every vector layer (default or --style style) and every raster.
std::vector<MapLayer> layersFromPaths(const std::vector<std::string>& paths, const std::optional<std::string>& styleFile)
{
    std::vector<MapLayer> out;
    int seed = 0;
    for (const std::string& path : paths) {
        const DataSource ds = DataSource::open(path);
        const auto infos = ds.layers();
        if (infos.empty() && !ds.rasters().empty()) {
            MapLayer ml;
            ml.name = fs::path(path).stem().string();
            ml.raster = RasterSource::open(path);
            if (styleFile)
                ml.style = readStyleFile(*styleFile);
            out.push_back(std::move(ml));
            continue;
        }
        for (std::size_t i = 0; i < infos.size(); ++i) {
            MapLayer ml;
            ml.name = infos[i].name;
            ml.vector = ds.readLayer(i);
            reportRead(*ml.vector, path);
            ml.style = styleFile ? readStyleFile(*styleFile, ml.vector.get())
                                 : defaultStyle(geometryTypeName(infos[i].geometryType), seed++);
            out.push_back(std::move(ml));
        }
    }
    // Polygons under lines under points, whatever order the files came in.
    auto rank = [](const MapLayer& l) {
        if (l.raster)
            return 0;
        const GeometryType t = singleType(l.vector->geometryType());
        return t == GeometryType::Polygon ? 1 : t == GeometryType::LineString ? 2 : t == GeometryType::Point ? 3 : 1;
    };
    std::stable_sort(out.begin(), out.end(), [&](const MapLayer& a, const MapLayer& b) { return rank(a) < rank(b); });
    return out;
}

QSize parseSize(const std::string& text)
{
    const auto x = text.find('x');
    if (x == std::string::npos)
        throw Error(ErrorCode::Argument, "--size expects WIDTHxHEIGHT, e.g. 1600x1200, not \"" + text + "\"");
    const auto w = parseNumbers(text.substr(0, x), 1, "--size width")[0];
    const auto h = parseNumbers(text.substr(x + 1), 1, "--size height")[0];
    // Written so that nan and inf fail too; the total pixel count is the library's check (exportMap).
    if (!(w >= 1 && h >= 1 && w <= 32768 && h <= 32768) || w != std::floor(w) || h != std::floor(h))
        throw Error(ErrorCode::Argument, "--size must be whole pixels between 1x1 and 32768x32768, not \"" + text + "\"");
    return QSize(static_cast<int>(w), static_cast<int>(h));
}

} // namespace

int runRender(int argc, char** argv)
{
    Args args(argc, argv, 2, {"-o", "--size", "--dpi", "--extent", "--crs", "--style", "--background", "--allow-path"}, {"--timings", "--help"});
    if (args.has("--help")) {
        std::cout << kHelp;
        return 0;
    }
    if (args.positionals().empty())
        throw Error(ErrorCode::Argument, "expected a PROJECT or data PATHs (see gis render --help)");
    const auto out = args.value("-o");
    if (!out)
        throw Error(ErrorCode::Argument, "-o OUT.png|pdf|svg is required");
    const std::string ext = extensionOf(*out);
    if (ext != ".png" && ext != ".pdf" && ext != ".svg")
        throw Error(ErrorCode::Argument, *out + ": the output must end in .png, .pdf or .svg");
    checkOutputIsNotAnInput(*out, args.positionals());
    const double dpi = args.value("--dpi") ? parseNumbers(*args.value("--dpi"), 1, "--dpi")[0] : 96.0;
    if (!(dpi >= 10 && dpi <= 2400)) // nan and inf fail too
        throw Error(ErrorCode::Argument, "--dpi must be a number between 10 and 2400, not \"" + *args.value("--dpi") + "\"");
    const QSize size = args.value("--size") ? parseSize(*args.value("--size")) : QSize(1600, 1200);

    const auto app = startGuiApplication(); // QPainter text needs a Gui application

    Stopwatch total, stage;
    RenderRequest request;
    const std::vector<std::string>& paths = args.positionals();
    const bool isProject = paths.size() == 1 && extensionOf(paths[0]) == ".json";
    if (isProject) {
        if (args.value("--style"))
            throw Error(ErrorCode::Argument, "--style applies to data paths; a project names its own styles");
        Project project = Project::load(paths[0], ProjectLoadOptions{args.values("--allow-path")});
        project.loadData();
        for (const auto& pl : project.layers)
            if (!pl.available)
                std::cerr << "gis render: warning: layer \"" << pl.map.name << "\" left out: " << pl.error << "\n";
            else if (pl.map.vector)
                reportRead(*pl.map.vector, pl.sourcePath);
        request = makeRequest(project, size, dpi);
    } else {
        request.layers = layersFromPaths(paths, args.value("--style"));
        request.size = size;
        request.dpi = dpi;
    }
    if (auto crs = args.value("--crs")) {
        const Crs target = Crs::fromUserInput(*crs);
        if (!args.value("--extent") && !request.extent.isEmpty() && request.crs.isValid())
            request.extent = Transformer(request.crs, target).transformBox(request.extent);
        request.crs = target;
    }
    if (!request.crs.isValid())
        for (const auto& l : request.layers)
            if (l.vector && l.vector->crs().isValid()) {
                request.crs = l.vector->crs();
                break;
            }
    if (auto extent = args.value("--extent")) {
        const auto v = parseNumbers(*extent, 4, "--extent");
        request.extent = Box(v[0], v[1], v[2], v[3]);
        if (request.extent.isEmpty())
            throw Error(ErrorCode::Argument, "--extent: minx must be below maxx and miny below maxy");
    }
    if (request.extent.isEmpty()) {
        for (const auto& l : request.layers) {
            Box b = l.vector ? l.vector->extent() : l.raster->info().extent;
            const Crs from = l.vector ? l.vector->crs() : l.raster->info().crs;
            if (!b.isEmpty() && from.isValid() && request.crs.isValid() && !from.isEquivalentTo(request.crs))
                b = Transformer(from, request.crs).transformBox(b);
            request.extent.expand(b);
        }
    }
    if (request.extent.isEmpty())
        throw Error(ErrorCode::Argument, "nothing to draw: the layers are empty and no --extent was given");
    if (auto background = args.value("--background")) {
        const QColor c = QColor::fromString(QString::fromStdString(*background));
        if (!c.isValid())
            throw Error(ErrorCode::Argument, "--background: \"" + *background + "\" is not a colour");
        request.background = c;
    }
    const double loadMs = stage.lap();

    const RenderResult result = exportMap(request, *out);
    const double exportMs = stage.lap();
    for (const auto& e : result.errors)
        std::cerr << "gis render: warning: layer \"" << e.layer << "\": " << e.message << "\n";
    // render_ms is the renderer's own time; the rest of the export (PNG encoding, PDF/SVG writing) is write_ms.
    const double renderMs = result.prepareMs + result.drawMs + result.labelMs;
    if (args.has("--timings"))
        std::cerr << "load_ms=" << static_cast<long>(loadMs + 0.5) << " render_ms=" << static_cast<long>(renderMs + 0.5)
                  << " write_ms=" << static_cast<long>(std::max(0.0, exportMs - renderMs) + 0.5)
                  << " total_ms=" << static_cast<long>(total.lap() + 0.5) << "\n";
    return 0;
}

} // namespace gis::cli
