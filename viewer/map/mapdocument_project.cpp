// MapDocument: reading and writing project files (gis::Project), keeping what the file held.

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <utility>

#include "gis/core/error.h"
#include "gis/data/datasource.h"
#include "gis/data/layer.h"
#include "gis/data/postgis.h"
#include "gis/project/project.h"
#include "map/mapdocument.h"
#include "postgis/pgviewloader.h"

namespace fs = std::filesystem;

namespace viewer {

namespace {

/// The path as the project file wrote it when it still names `absolutePath` from `projectPath`'s folder
/// ("./roads.gpkg" stays as written), else `absolutePath` relative to that folder.
/// Member `key` of a JSON object as read (null when absent or not an object).
gis::Json member(const gis::Json& object, const char* key)
{
    if (!object.is_object())
        return {};
    const auto it = object.find(key);
    return it == object.end() ? gis::Json() : *it;
}

std::string pathAsWritten(const gis::Json& written, const std::string& absolutePath, const std::string& projectPath)
{
    const fs::path base = fs::absolute(projectPath).parent_path();
    if (written.is_string()) {
        const fs::path w(written.get<std::string>());
        if ((w.is_absolute() ? w : base / w).lexically_normal() == fs::path(absolutePath).lexically_normal())
            return w.string();
    }
    const fs::path rel = fs::path(absolutePath).lexically_relative(base);
    return rel.empty() ? absolutePath : rel.string();
}

} // namespace

void MapDocument::loadProject(const QString& path, const std::vector<std::string>& trustedFolders)
{
    // Throws before anything changes.
    gis::Project project = gis::Project::load(path.toStdString(), gis::ProjectLoadOptions{trustedFolders});
    // Big PostGIS tables get their fields only, and a loader that fetches their rows by view (below).
    std::mutex bigMutex;
    std::map<std::pair<std::string, std::string>, gis::LayerInfo> big;
    project.loadData([&](const std::string& source, const std::string& layer) -> std::shared_ptr<const gis::Layer> {
        if (!gis::pg::isPostgresSource(source))
            return gis::readLayer(source, layer);
        std::optional<gis::LayerInfo> info;
        std::shared_ptr<const gis::Layer> read = readPostgis(source, layer, kBigTableRows, info);
        if (info) {
            std::lock_guard lock(bigMutex);
            big.emplace(std::make_pair(source, layer), std::move(*info));
        }
        return read;
    });
    // Absolute, so that the layers' relative paths resolve wherever the working folder goes.
    project.path = fs::absolute(path.toStdString()).lexically_normal().string();
    std::vector<LayerState> states;
    for (gis::ProjectLayer& pl : project.layers) {
        if (!gis::pg::isPostgresSource(pl.sourcePath)) // "PG:service=…" names a database, not a file
            pl.sourcePath = fs::absolute(pl.sourcePath).lexically_normal().string();
        states.push_back(LayerState{m_nextId++, {}});
    }
    dropViewLoaders();
    std::vector<std::pair<int, PgViewLoader*>> loaders;
    for (std::size_t i = 0; i < project.layers.size(); ++i) {
        gis::ProjectLayer& pl = project.layers[i];
        const auto info = big.find({pl.sourcePath, pl.layer});
        if (!pl.available || info == big.end())
            continue;
        auto* loader = new PgViewLoader(pl.sourcePath, pl.layer, info->second, this);
        pl.map.vector = loader->emptyLayer();
        loaders.emplace_back(states[i].id, loader);
    }
    m_project = std::move(project);
    m_states = std::move(states);
    for (const auto& [id, loader] : loaders)
        watchView(id, loader);
    setModified(false);
    emit layersChanged();
    emit crsChanged();
    emit projectChanged();
}

void MapDocument::saveProject(const QString& path)
{
    const std::string target = fs::absolute(path.toStdString()).lexically_normal().string();
    // A layer made in memory (an analysis result without an output file) has no source a project could name: a
    // project written with it would not load again, and leaving it out would lose it silently. Refused, naming
    // each, before anything is written.
    std::string inMemory;
    for (const gis::ProjectLayer& pl : m_project.layers)
        if (pl.sourcePath.empty())
            inMemory += (inMemory.empty() ? "\"" : ", \"") + pl.map.name + "\"";
    if (!inMemory.empty())
        throw gis::Error(gis::ErrorCode::Argument, "the layers " + inMemory + " exist only in memory (analysis results "
                "without an output file): run them again with an output file, or remove them, then save the project");
    // A database named by anything but a service of the user's pg_service.conf (a host, a user, a password) is
    // never written into a project (docs/postgis.md): refused with the library's reason, naming the layer.
    for (const gis::ProjectLayer& pl : m_project.layers)
        if (gis::pg::isPostgresSource(pl.sourcePath)) {
            const std::string problem = gis::pg::projectSourceProblem(pl.sourcePath);
            if (!problem.empty())
                throw gis::Error(gis::ErrorCode::Argument, "the layer \"" + pl.map.name + "\" cannot be saved in a project: "
                        + problem + ". Remove it, or add it again through a service of your pg_service.conf, then save the project");
        }
    // A copy, so that a failed save leaves the document as it was, still modified. It shares the layers' data.
    gis::Project project = m_project;
    // A new project is named after its file; a loaded one keeps what it had (also no title). The name is the
    // file's only: the document keeps its own title (a later save compares against what was written).
    if (project.title.empty() && project.origin.empty())
        project.title = fs::path(target).stem().string();
    // Paths relative to the file saved to (as the file wrote them when they still name the same file).
    for (std::size_t i = 0; i < project.layers.size(); ++i) {
        gis::ProjectLayer& pl = project.layers[i];
        pl.source = gis::pg::isPostgresSource(pl.sourcePath)
            ? pl.sourcePath
            : pathAsWritten(member(pl.origin.written, "source"), pl.sourcePath, target);
        const std::string styleFile = styleFilePath(m_states[i].id);
        if (!styleFile.empty())
            pl.styleFile = pathAsWritten(member(pl.origin.written, "style"), styleFile, target);
    }
    // The history's paths likewise: a record written relative to the old file names the same files from the new one.
    const std::string oldPath = m_project.path;
    const auto rewrite = [&](std::string& written) {
        if (written.empty() || written == gis::kProvenanceInMemory)
            return;
        fs::path file(written);
        if (file.is_relative()) {
            if (oldPath.empty())
                return;
            file = fs::absolute(oldPath).parent_path() / file;
        }
        written = gis::projectRelativePath(target, file.lexically_normal().string());
    };
    for (gis::ProvenanceRecord& r : project.history) {
        for (gis::ProvenanceInput& in : r.inputs)
            rewrite(in.source);
        rewrite(r.output.path);
    }
    project.save(target); // throws: the document stays as it was, still modified
    project.title = m_project.title;
    m_project = std::move(project);
    setModified(false);
}

std::string MapDocument::recordRun(gis::ProvenanceRecord record, int layerId)
{
    if (m_project.history.size() >= gis::kMaxProvenanceRecords)
        throw gis::Error(gis::ErrorCode::Argument, "the project's history holds " + std::to_string(gis::kMaxProvenanceRecords)
                + " records, the most a project keeps; the run was not recorded");
    record.id = gis::nextProvenanceId(m_project.history);
    gis::boundProvenance(record);
    const int index = indexOf(layerId);
    if (index >= 0) {
        gis::ProjectLayer& layer = m_project.layers[static_cast<std::size_t>(index)];
        layer.madeBy = record.id;
        record.output.projectLayer = layer.map.name;
    }
    m_project.history.push_back(std::move(record));
    setModified(true);
    emit historyChanged();
    return m_project.history.back().id;
}

} // namespace viewer
