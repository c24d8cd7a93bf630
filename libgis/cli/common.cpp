#include "common.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

#include <QByteArray>
#include <QGuiApplication>
#include <QtGlobal>

#include "gis/core/error.h"
#include "gis/data/datasource.h"
#include "gis/data/featurewriter.h"
#include "gis/data/outputcheck.h"
#include "gis/geom/wkt.h"
#include "readreport.h"

namespace gis::cli {

namespace {

std::shared_ptr<const Layer> reported(std::shared_ptr<const Layer> layer, const std::string& path)
{
    reportRead(*layer, path);
    return layer;
}

} // namespace

std::shared_ptr<const Layer> openLayer(const std::string& path, const std::optional<std::string>& layerName, bool buildIndex)
{
    DataSource ds = DataSource::open(path);
    ReadOptions options;
    options.buildIndex = buildIndex;
    if (layerName)
        return reported(ds.readLayer(*layerName, options), path);
    const auto layers = ds.layers();
    if (layers.empty())
        throw Error(ErrorCode::Argument, path + ": no vector layers");
    if (layers.size() > 1) {
        std::string names;
        for (const auto& l : layers)
            names += (names.empty() ? "" : ", ") + l.name;
        throw Error(ErrorCode::Argument, path + " has " + std::to_string(layers.size())
                + " layers; choose one with --layer (" + names + ")");
    }
    return reported(ds.readLayer(std::size_t{0}, options), path);
}

QueryGeometry readQueryGeometry(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && text[first] == '{')
        return {geometryFromGeoJson(text), {}};
    std::error_code ec;
    if (std::filesystem::is_regular_file(text, ec)) {
        const auto layer = readLayer(text);
        reportRead(*layer, text);
        // All of the file's geometries as one: Multi* when they share a type, a collection otherwise.
        GeometryType single = GeometryType::Unknown;
        bool mixed = false;
        const GeometryColumn& g = layer->geometries();
        for (std::size_t p = 0; p < g.partCount(); ++p) {
            if (single == GeometryType::Unknown)
                single = g.partType(p);
            mixed |= g.partType(p) != single;
        }
        GeometryType type = GeometryType::GeometryCollection;
        if (!mixed && single == GeometryType::Point)
            type = GeometryType::MultiPoint;
        else if (!mixed && single == GeometryType::LineString)
            type = GeometryType::MultiLineString;
        else if (!mixed && single == GeometryType::Polygon)
            type = GeometryType::MultiPolygon;
        GeometryColumn combined;
        combined.beginGeometry(type);
        for (std::size_t p = 0; p < g.partCount(); ++p) {
            combined.beginPart(g.partType(p));
            for (std::size_t r = g.ringBegin(p); r < g.ringEnd(p); ++r) {
                combined.beginRing();
                for (std::size_t c = g.coordBegin(r); c < g.coordEnd(r); ++c)
                    combined.addCoord(g.coord(c).x, g.coord(c).y);
            }
        }
        combined.endGeometry();
        return {Geometry(std::move(combined)), layer->crs()};
    }
    try {
        return {geometryFromWkt(text), {}};
    } catch (const Error& e) {
        throw Error(ErrorCode::Geometry, "\"" + text.substr(0, 60) + "\" is neither a file, GeoJSON nor valid WKT: "
                + e.what());
    }
}

std::vector<double> parseNumbers(const std::string& text, std::size_t count, const std::string& option)
{
    std::vector<double> out;
    std::stringstream s(text);
    std::string item;
    while (std::getline(s, item, ',')) {
        try {
            std::size_t used = 0;
            out.push_back(std::stod(item, &used));
            // inf and nan parse, but no extent, distance or count is infinite.
            if (item.find_first_not_of(" ", used) != std::string::npos || !std::isfinite(out.back()))
                throw std::invalid_argument(item);
        } catch (const std::exception&) {
            throw Error(ErrorCode::Argument, option + ": \"" + item + "\" is not a number");
        }
    }
    if (out.size() != count)
        throw Error(ErrorCode::Argument, option + " expects " + std::to_string(count) + " comma-separated numbers, got \"" + text + "\"");
    return out;
}

Output::Output(const std::optional<std::string>& path)
{
    if (!path)
        return;
    m_file.emplace(*path);
    m_stream.open(m_file->tempPath(), std::ios::binary | std::ios::trunc);
    if (!m_stream)
        throw Error(ErrorCode::Io, *path + ": cannot write the new file");
}

void Output::commit()
{
    if (!m_file) {
        std::cout.flush();
        if (!std::cout)
            throw Error(ErrorCode::Io, "standard output: write failed");
        return;
    }
    m_stream.flush();
    if (!m_stream)
        throw Error(ErrorCode::Io, m_file->path() + ": write failed (disk full?)");
    m_stream.close();
    m_file->commit();
}

void checkOutput(const std::string& out, const std::vector<std::string>& inputs, bool replace)
{
    checkOutputIsNotAnInput(out, inputs);
    // A Shapefile's or CSV's sidecars are replaced with it: each must be a file that may be replaced.
    for (const std::string& file : fileSetOf(out)) {
        struct stat st {};
        if (::stat(file.c_str(), &st) != 0)
            continue; // a new file (a missing folder is reported by the writer)
        if (!S_ISREG(st.st_mode))
            throw Error(ErrorCode::Argument, file + " is not a regular file (a folder, device or pipe); -o takes a file path");
        if (!replace)
            throw Error(ErrorCode::Argument, (file == out ? out : out + ": " + file) + " exists; add --overwrite to replace it");
    }
}

std::vector<std::string> existingFiles(const std::vector<std::optional<std::string>>& candidates)
{
    std::vector<std::string> files;
    for (const auto& c : candidates) {
        std::error_code ec;
        if (c && std::filesystem::exists(*c, ec))
            files.push_back(*c);
    }
    return files;
}

std::unique_ptr<QGuiApplication> startGuiApplication()
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM") && !qEnvironmentVariableIsSet("DISPLAY")
        && !qEnvironmentVariableIsSet("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (!qEnvironmentVariableIsSet("XDG_RUNTIME_DIR")) {
        const std::string runtime = (std::filesystem::temp_directory_path() / ("runtime-" + std::to_string(getuid()))).string();
        std::error_code ec;
        std::filesystem::create_directories(runtime, ec);
        std::filesystem::permissions(runtime, std::filesystem::perms::owner_all, ec);
        qputenv("XDG_RUNTIME_DIR", QByteArray::fromStdString(runtime));
    }
    static int qtArgc = 1;
    static char qtName[] = "gis";
    static char* qtArgv[] = {qtName, nullptr};
    return std::make_unique<QGuiApplication>(qtArgc, qtArgv);
}

PageOptions readPageOptions(const Args& args, const std::vector<std::string>& extensions, double defaultDpi)
{
    std::string endings; // "pdf|png|svg", for the messages
    for (const std::string& e : extensions)
        endings += (endings.empty() ? "" : "|") + e.substr(1);
    PageOptions page;
    const auto out = args.value("-o");
    if (!out)
        throw Error(ErrorCode::Argument, "-o OUT." + endings + " is required");
    page.out = *out;
    page.extension = std::filesystem::path(page.out).extension().string();
    for (auto& c : page.extension)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (std::find(extensions.begin(), extensions.end(), page.extension) == extensions.end())
        throw Error(ErrorCode::Argument, page.out + ": the output must end in ." + endings);
    page.dpi = defaultDpi;
    if (const auto dpi = args.value("--dpi")) {
        page.dpi = parseNumbers(*dpi, 1, "--dpi")[0];
        if (!(page.dpi >= 30 && page.dpi <= 1200)) // nan and inf fail too
            throw Error(ErrorCode::Argument, "--dpi must be a number between 30 and 1200, not \"" + *dpi + "\"");
    }
    page.language = args.value("--lang").value_or("");
    if (args.value("--lang") && page.language != "ar" && page.language != "en")
        throw Error(ErrorCode::Argument, "--lang must be ar or en");
    return page;
}

} // namespace gis::cli
