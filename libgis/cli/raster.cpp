// gis raster info|overviews|cog IN [-o OUT]: a raster file's layout, its overviews, and conversion to a COG.

#include <atomic>
#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>

#include "args.h"
#include "commands.h"
#include "common.h"
#include "gis/core/error.h"
#include "gis/data/rastercog.h"
#include "json.h"

namespace gis::cli {

namespace {

const char* kRasterUsage = R"(usage: gis raster info IN [--json]
       gis raster overviews IN [--progress]
       gis raster cog IN -o OUT [--compression auto|jpeg|deflate|lzw|zstd|none] [--quality N] [--overwrite] [--progress]

info       size, bands and their types, CRS, resolution, overviews, compression, tiling and whether IN is a
           Cloud-Optimised GeoTIFF (GDAL's LAYOUT=COG marker)
overviews  build the overview levels IN lacks (2, 4, 8, ... down to ~256 px), in IN or an .ovr beside it
cog        convert IN to a Cloud-Optimised GeoTIFF through GDAL's COG driver. auto (the default): YCbCr JPEG for
           8-bit RGB(A) photos (quality 90, --quality to change), DEFLATE with a predictor otherwise. OUT is written
           whole or not at all and never replaces IN; an existing OUT needs --overwrite
--progress percentages on stderr
)";

const char* bandColour(RasterColorInterpretation c)
{
    switch (c) {
    case RasterColorInterpretation::Gray: return "gray";
    case RasterColorInterpretation::Palette: return "palette";
    case RasterColorInterpretation::Red: return "red";
    case RasterColorInterpretation::Green: return "green";
    case RasterColorInterpretation::Blue: return "blue";
    case RasterColorInterpretation::Alpha: return "alpha";
    case RasterColorInterpretation::Other: return "other";
    case RasterColorInterpretation::Undefined: break;
    }
    return "undefined";
}

void printText(const RasterFileLayout& r)
{
    std::cout << r.path << "\n"
              << "  size:        " << r.width << " x " << r.height << " pixels, " << r.bands.size() << " band"
              << (r.bands.size() == 1 ? "" : "s") << "\n";
    for (std::size_t i = 0; i < r.bands.size(); ++i) {
        std::cout << "  band " << i + 1 << ":      " << r.bands[i].dataType << ", " << bandColour(r.bands[i].colorInterpretation);
        if (r.bands[i].nodata)
            std::cout << ", nodata " << Json::number(*r.bands[i].nodata);
        std::cout << "\n";
    }
    std::cout << "  crs:         " << (r.crs.empty() ? "none" : r.crs) << "\n";
    if (r.resolutionX)
        std::cout << "  resolution:  " << Json::number(*r.resolutionX) << " x " << Json::number(*r.resolutionY) << "\n";
    std::cout << "  overviews:   ";
    if (r.overviews.empty())
        std::cout << "none";
    for (std::size_t i = 0; i < r.overviews.size(); ++i)
        std::cout << (i ? ", " : "") << r.overviews[i].width << "x" << r.overviews[i].height;
    std::cout << "\n  compression: " << (r.compression.empty() ? "none" : r.compression);
    if (r.predictor)
        std::cout << " (predictor " << *r.predictor << ")";
    std::cout << "\n  blocks:      " << r.blockWidth << " x " << r.blockHeight << "\n"
              << "  cog:         " << (r.cloudOptimized ? "yes" : "no") << "\n";
    if (r.synthetic)
        std::cout << "  synthetic:   yes (SYNTHETIC=YES in the file's metadata)\n";
}

void printJson(const RasterFileLayout& r)
{
    std::ostringstream out;
    out << "{\"path\": " << Json::quote(r.path) << ", \"driver\": " << Json::quote(r.driver) << ", \"width\": " << r.width
        << ", \"height\": " << r.height << ", \"bands\": [";
    for (std::size_t i = 0; i < r.bands.size(); ++i) {
        out << (i ? ", " : "") << "{\"type\": " << Json::quote(r.bands[i].dataType)
            << ", \"colour\": " << Json::quote(bandColour(r.bands[i].colorInterpretation))
            << ", \"nodata\": " << (r.bands[i].nodata ? Json::number(*r.bands[i].nodata) : "null") << "}";
    }
    out << "], \"crs\": " << (r.crs.empty() ? "null" : Json::quote(r.crs)) << ", \"resolution\": ";
    if (r.resolutionX)
        out << "[" << Json::number(*r.resolutionX) << ", " << Json::number(*r.resolutionY) << "]";
    else
        out << "null";
    out << ", \"overviews\": [";
    for (std::size_t i = 0; i < r.overviews.size(); ++i)
        out << (i ? ", " : "") << "[" << r.overviews[i].width << ", " << r.overviews[i].height << "]";
    out << "], \"compression\": " << (r.compression.empty() ? "null" : Json::quote(r.compression))
        << ", \"predictor\": " << (r.predictor ? std::to_string(*r.predictor) : "null") << ", \"block\": ["
        << r.blockWidth << ", " << r.blockHeight << "], \"cog\": " << (r.cloudOptimized ? "true" : "false")
        << ", \"synthetic\": " << (r.synthetic ? "true" : "false") << "}\n";
    std::cout << out.str();
}

Feedback progressFeedback(bool show)
{
    Feedback feedback;
    if (show) {
        auto last = std::make_shared<std::atomic<int>>(-1);
        feedback.progress = [last](double fraction) {
            const int percent = static_cast<int>(fraction * 100);
            if (percent > last->exchange(percent))
                std::fprintf(stderr, "\r%3d%%", percent);
        };
    }
    return feedback;
}

} // namespace

int runRaster(int argc, char** argv)
{
    const Args args(argc, argv, 2, {"-o", "--compression", "--quality"},
        {"--help", "--json", "--progress", "--overwrite"});
    const auto& pos = args.positionals();
    if (args.has("--help")) {
        std::cout << kRasterUsage;
        return 0;
    }
    if (pos.size() != 2) {
        std::cerr << kRasterUsage;
        return 2;
    }
    const std::string& action = pos[0];
    const std::string& in = pos[1];
    const bool progress = args.has("--progress");
    if (action == "info") {
        const RasterFileLayout layout = describeRasterFile(in);
        if (args.has("--json"))
            printJson(layout);
        else
            printText(layout);
        return 0;
    }
    if (action == "overviews") {
        const int added = buildRasterOverviews(in, progressFeedback(progress));
        if (progress)
            std::fprintf(stderr, "\n");
        std::cout << in << ": " << added << " overview level" << (added == 1 ? "" : "s") << " added\n";
        return 0;
    }
    if (action == "cog") {
        const auto out = args.value("-o");
        if (!out)
            throw Error(ErrorCode::Argument, "gis raster cog needs -o OUT");
        checkOutput(*out, {in}, args.has("--overwrite"));
        CogOptions options;
        options.compression = cogCompressionFromName(args.value("--compression").value_or("auto"));
        if (const auto quality = args.value("--quality"))
            options.jpegQuality = static_cast<int>(parseNumbers(*quality, 1, "--quality")[0]);
        Stopwatch watch;
        const CogResult result = convertToCog(in, *out, options, progressFeedback(progress));
        if (progress)
            std::fprintf(stderr, "\n");
        std::cout << *out << ": Cloud-Optimised GeoTIFF, " << result.compression << ", "
                  << static_cast<long>(watch.lap()) << " ms\n";
        return 0;
    }
    throw Error(ErrorCode::Argument, "unknown raster action \"" + action + "\" (info, overviews or cog)");
}

} // namespace gis::cli
