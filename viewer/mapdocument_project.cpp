// MapDocument: reading and writing project files (gis::Project), keeping what the file held.

#include <filesystem>

#include "gis/render/project.h"
#include "mapdocument.h"

namespace fs = std::filesystem;

namespace viewer {

namespace {

/// The path as the project file wrote it when it still names `absolutePath` from `projectPath`'s folder
/// ("./roads.gpkg" stays as written), else `absolutePath` relative to that folder.
std::string pathAsWritten(const QJsonValue& written, const std::string& absolutePath, const std::string& projectPath)
{
    const fs::path base = fs::absolute(projectPath).parent_path();
    if (written.isString()) {
        const fs::path w(written.toString().toStdString());
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
    project.loadData();
    const fs::path dir = fs::absolute(path.toStdString()).parent_path();
    std::vector<DocLayer> layers;
    for (auto& pl : project.layers) {
        DocLayer l;
        l.id = m_nextId++;
        l.name = pl.name;
        l.title = pl.title;
        l.titleAr = pl.titleAr;
        l.sourcePath = fs::absolute(pl.sourcePath).lexically_normal().string();
        l.sourceLayer = pl.layer;
        if (!pl.styleFile.empty())
            l.styleFile = (dir / pl.styleFile).lexically_normal().string();
        l.style = pl.style;
        l.visible = pl.visible;
        l.vector = pl.vector;
        l.raster = pl.raster;
        if (!pl.available)
            l.error = QString::fromStdString(pl.error);
        l.origin = pl.origin;
        l.styleOrigin = pl.styleOrigin;
        layers.push_back(std::move(l));
    }
    m_layers = std::move(layers);
    m_projectPath = QString::fromStdString(fs::absolute(path.toStdString()).lexically_normal().string());
    m_title = project.title;
    m_titleAr = project.titleAr;
    m_language = project.language;
    m_crs = project.crs;
    m_extent = project.extent;
    m_view = project.view;
    m_origin = project.origin;
    m_background = project.background;
    setModified(false);
    emit layersChanged();
    emit crsChanged();
    emit projectChanged();
}

gis::Project MapDocument::toProject(const std::string& target) const
{
    gis::Project project;
    project.path = target;
    // A new project is named after its file; a loaded one keeps what it had (also no title).
    project.title = m_title.isEmpty() && m_origin.empty() ? QString::fromStdString(fs::path(target).stem().string()) : m_title;
    project.titleAr = m_titleAr;
    project.language = m_language;
    project.crs = m_crs;
    project.extent = m_extent;
    project.view = m_view;
    project.background = m_background;
    project.origin = m_origin;
    for (const DocLayer& l : m_layers) {
        gis::ProjectLayer pl;
        pl.name = l.name;
        pl.title = l.title;
        pl.titleAr = l.titleAr;
        pl.source = pathAsWritten(l.origin.written.value("source"), l.sourcePath, target);
        pl.sourcePath = l.sourcePath;
        pl.layer = l.sourceLayer;
        if (!l.styleFile.empty())
            pl.styleFile = pathAsWritten(l.origin.written.value("style"), l.styleFile, target);
        pl.style = l.style;
        pl.visible = l.visible;
        pl.origin = l.origin;
        pl.styleOrigin = l.styleOrigin;
        project.layers.push_back(std::move(pl));
    }
    return project;
}

void MapDocument::saveProject(const QString& path)
{
    const std::string target = fs::absolute(path.toStdString()).lexically_normal().string();
    gis::Project project = toProject(target);
    project.save(target); // throws: the document stays as it was, still modified
    m_origin = project.origin;
    for (std::size_t i = 0; i < m_layers.size(); ++i) {
        m_layers[i].origin = project.layers[i].origin;
        m_layers[i].styleOrigin = project.layers[i].styleOrigin;
    }
    m_projectPath = QString::fromStdString(target);
    setModified(false);
}

} // namespace viewer
