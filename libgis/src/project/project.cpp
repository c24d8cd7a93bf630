#include "gis/project/project.h"

#include <filesystem>

#include "gis/core/error.h"
#include "gis/core/parallel.h"
#include "gis/core/pathguard.h"
#include "gis/core/readfile.h"
#include "gis/crs/transformer.h"
#include "gis/data/datasource.h"
#include "gis/data/postgis.h"
#include "gis/data/rastersource.h"
#include "gis/project/stylejson.h"
#include "jsonpath.h"
#include "projectjson.h"
#include "projectlayerkeys.h"
#include "projectpaths.h"

namespace fs = std::filesystem;

namespace gis {

using detail::JsonNode;

namespace {

bool isRasterPath(const std::string& path)
{
    std::string ext = fs::path(path).extension().string();
    for (auto& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext == ".tif" || ext == ".tiff" || ext == ".vrt" || ext == ".asc" || ext == ".dem" || ext == ".img"
        || ext == ".jp2" || ext == ".png" || ext == ".jpg" || ext == ".hgt";
}

/// [minx, miny, maxx, maxy], not empty.
Box readBox(const JsonNode& e)
{
    if (e.size() != 4)
        e.fail("give [minx, miny, maxx, maxy]");
    const Box box(e.at(0).number(), e.at(1).number(), e.at(2).number(), e.at(3).number());
    if (box.isEmpty())
        e.fail("minx must be below maxx and miny below maxy");
    return box;
}

} // namespace

namespace detail {

Json readJsonFile(const std::string& path, const char* what, std::string* bytesRead)
{
    std::string bytes = readSmallFile(path, kMaxJsonFileBytes, what);
    Json doc = parseJson(bytes, path);
    if (!doc.is_object())
        throw Error(ErrorCode::Format, path + ": a " + what + " holds one JSON object");
    if (bytesRead)
        *bytesRead = std::move(bytes);
    return doc;
}

} // namespace detail

Project Project::load(const std::string& path, const ProjectLoadOptions& options)
{
    Project project;
    project.path = path;
    project.trustedFolders = options.trustedFolders;
    const PathRules sourceRules = detail::projectSourceRules(path, options.trustedFolders);
    const PathRules styleRules = detail::projectStyleRules(path, options.trustedFolders);
    std::vector<PathRefusal> refusals; // all of them, so that the user is asked once
    const std::string dir = fs::path(path).parent_path().string();
    const std::string fileName = fs::path(path).filename().string();
    std::string bytes;
    const Json document = detail::readJsonFile(path, "project file", &bytes);
    const JsonNode root(document, fileName + ":");
    // Keys this program does not know (a comment, another tool's settings, a newer version's) are kept as written:
    // save() starts from the file as read and changes only what the model changed.
    root.objectKeepingUnknown();
    if (!root["version"].isNull() && root["version"].number() != 1)
        root["version"].fail("this program reads project version 1");
    project.title = root["title"].optString().value_or("");
    project.titleAr = root["title_ar"].optString().value_or("");
    project.credits = root["credits"].optString().value_or("");
    project.creditsAr = root["credits_ar"].optString().value_or("");
    if (!root["language"].isNull())
        project.language = root["language"].choice({"ar", "en"}) == 0 ? "ar" : "en";
    if (auto crs = root["crs"].optString()) {
        try {
            project.crs = Crs::fromUserInput(*crs);
        } catch (const Error& e) {
            root["crs"].fail(e.what());
        }
    }
    if (!root["extent"].isNull())
        project.extent = readBox(root["extent"]);
    if (!root["view"].isNull()) {
        root["view"].object({"extent"});
        project.view = readBox(root["view"]["extent"]);
    }
    if (!root["background"].isNull())
        project.background = root["background"].color();
    const JsonNode layers = root["layers"];
    detail::LayerReadContext context{path, dir, sourceRules, styleRules, options.trustedFolders, refusals};
    for (int i = 0; i < layers.size(); ++i) {
        const JsonNode l = layers.at(i);
        l.objectKeepingUnknown();
        ProjectLayer pl;
        for (const detail::LayerProperty& property : detail::layerProperties())
            property.read(l[property.key], pl, context);
        project.layers.push_back(std::move(pl));
    }
    if (!root["history"].isNull()) {
        const JsonNode history = root["history"];
        if (static_cast<std::size_t>(history.size()) > kMaxProvenanceRecords)
            history.fail("more than " + std::to_string(kMaxProvenanceRecords) + " records");
        for (int i = 0; i < history.size(); ++i) {
            ProvenanceRecord record = provenanceFromJson(history.at(i).value(), history.at(i).path());
            if (findProvenance(project.history, record.id))
                history.at(i)["id"].fail("\"" + record.id + "\" is the id of an earlier record");
            project.history.push_back(std::move(record));
        }
    }
    // What the file held, so that save() changes only what the model changes.
    for (std::size_t i = 0; i < project.layers.size(); ++i)
        project.layers[i].origin = {layers.at(static_cast<int>(i)).value(), projectLayerJson(project.layers[i]), {}};
    project.origin = {document, detail::documentJson(project), std::move(bytes)};
    if (!refusals.empty())
        throw PathRefusedError(std::move(refusals));
    return project;
}

void Project::loadData(const VectorReader& readVector)
{
    const PathRules sourceRules = detail::projectSourceRules(path, trustedFolders);
    const PathRules styleRules = detail::projectStyleRules(path, trustedFolders);
    const std::string fileName = fs::path(path).filename().string();
    auto loadOne = [&](ProjectLayer& pl, std::size_t index) {
        bool dataRead = false;
        try {
            // Again, just before GDAL opens it: the folder may have changed since load() (a file swapped for a
            // link), and a layer may have been added or edited since.
            const std::string where = fileName + ": layers[" + std::to_string(index) + "]";
            if (gis::pg::isPostgresSource(pl.source)) {
                const std::string problem = gis::pg::projectSourceProblem(pl.source);
                if (!problem.empty())
                    throw Error(ErrorCode::Argument, where + ".source: " + problem);
                if (pl.layer.empty())
                    throw Error(ErrorCode::Argument, where + ".layer: a PostgreSQL source needs the layer's \"layer\" (schema.table)");
                pl.sourcePath = pl.source;
            } else {
                pl.sourcePath = resolveDocumentPath(pl.source, where + ".source", sourceRules);
            }
            if (!gis::pg::isPostgresSource(pl.source) && isRasterPath(pl.sourcePath)) {
                pl.map.raster = RasterSource::open(pl.sourcePath);
            } else {
                pl.map.vector = readVector ? readVector(pl.sourcePath, pl.layer) : readLayer(pl.sourcePath, pl.layer);
                dataRead = true; // what fails from here is the style's
                if (!pl.styleFile.empty()) { // style files are re-read against the data so classes and fields resolve
                    const std::string stylePath = resolveDocumentPath(pl.styleFile, where + ".style", styleRules);
                    pl.map.style = readStyleFile(stylePath, pl.map.vector.get());
                    if (!pl.styleOrigin.empty()) // what was read, not a change to write back
                        pl.styleOrigin.loaded = styleToJson(pl.map.style);
                    std::vector<PathRefusal> refusals;
                    detail::checkStyleIcons(pl.map.style, where + ".style → " + fs::path(stylePath).filename().string() + ":", path,
                        fs::path(stylePath).parent_path().string(),
                        trustedFolders, refusals);
                    if (!refusals.empty())
                        throw PathRefusedError(std::move(refusals));
                } else {
                    validateStyle(pl.map.style, *pl.map.vector, where + ".style");
                }
            }
            pl.available = true;
            pl.error.clear();
            pl.styleProblem = false;
        } catch (const std::exception& e) {
            pl.available = false;
            pl.styleProblem = dataRead;
            pl.map.vector.reset();
            pl.map.raster.reset();
            pl.error = e.what();
        }
    };
    // Two layers at a time: one per core, each DataSource on its own thread.
    ParallelOptions twoAtATime;
    twoAtATime.maxThreads = 2;
    parallelFor(layers.size(), [&](std::size_t i) { loadOne(layers[i], i); }, nullptr, twoAtATime);
    if (!crs.isValid()) {
        for (const auto& pl : layers) {
            const MapLayer& ml = pl.map;
            if (ml.vector && ml.vector->crs().isValid()) {
                crs = ml.vector->crs();
                break;
            }
            if (ml.raster && ml.raster->info().crs.isValid()) {
                crs = ml.raster->info().crs;
                break;
            }
        }
        if (crs.isValid() && !origin.empty()) // taken from the data, not set by the user: not written back
            origin.loaded["crs"] = crs.identifier();
    }
}

Box Project::dataExtent() const
{
    Box box;
    for (const auto& pl : layers) {
        const MapLayer& ml = pl.map;
        Box b;
        Crs from;
        if (ml.vector) {
            b = ml.vector->extent();
            from = ml.vector->crs();
        } else if (ml.raster) {
            b = ml.raster->info().extent;
            from = ml.raster->info().crs;
        }
        if (b.isEmpty())
            continue;
        if (from.isValid() && crs.isValid() && !from.isEquivalentTo(crs)) {
            try {
                b = Transformer(from, crs).transformBox(b);
            } catch (const Error&) {
                continue;
            }
        }
        box.expand(b);
    }
    return box;
}

} // namespace gis
