#include "mapdocument.h"

#include <algorithm>
#include <filesystem>

#include "gis/core/error.h"
#include "gis/crs/transformer.h"
#include "gis/data/datasource.h"
#include "gis/data/layer.h"
#include "gis/render/project.h"
#include "gis/render/rastersource.h"
#include "gis/render/stylejson.h"

namespace fs = std::filesystem;

namespace viewer {

namespace {

gis::Box toMapCrs(const gis::Box& box, const gis::Crs& from, const gis::Crs& to)
{
    if (box.isEmpty() || !from.isValid() || !to.isValid() || from.isEquivalentTo(to))
        return box;
    try {
        return gis::Transformer(from, to).transformBox(box);
    } catch (const gis::Error&) {
        return {};
    }
}

} // namespace

MapDocument::MapDocument(QObject* parent) : QObject(parent) {}

void MapDocument::clear()
{
    m_layers.clear();
    m_crs = gis::Crs();
    m_extent = gis::Box();
    m_projectPath.clear();
    m_title.clear();
    m_titleAr.clear();
    m_background = QColor(0xdf, 0xee, 0xf7);
    emit layersChanged();
    emit crsChanged();
    emit projectChanged();
}

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
        layers.push_back(std::move(l));
    }
    m_layers = std::move(layers);
    m_projectPath = QString::fromStdString(fs::absolute(path.toStdString()).lexically_normal().string());
    m_title = project.title;
    m_titleAr = project.titleAr;
    m_language = project.language;
    m_crs = project.crs;
    m_extent = project.extent;
    m_background = project.background;
    emit layersChanged();
    emit crsChanged();
    emit projectChanged();
}

std::string MapDocument::relativeToProject(const std::string& path, const std::string& projectPath) const
{
    const fs::path base = fs::absolute(projectPath).parent_path();
    const fs::path rel = fs::path(path).lexically_relative(base);
    return rel.empty() ? path : rel.string();
}

void MapDocument::saveProject(const QString& path)
{
    const std::string target = fs::absolute(path.toStdString()).lexically_normal().string();
    gis::Project project;
    project.path = target;
    project.title = m_title.isEmpty() ? QString::fromStdString(fs::path(target).stem().string()) : m_title;
    project.titleAr = m_titleAr;
    project.language = m_language;
    project.crs = m_crs;
    project.extent = m_extent;
    project.background = m_background;
    for (const DocLayer& l : m_layers) {
        gis::ProjectLayer pl;
        pl.name = l.name;
        pl.title = l.title;
        pl.titleAr = l.titleAr;
        pl.source = relativeToProject(l.sourcePath, target);
        pl.sourcePath = l.sourcePath;
        pl.layer = l.sourceLayer;
        if (!l.styleFile.empty())
            pl.styleFile = relativeToProject(l.styleFile, target);
        pl.style = l.style;
        pl.visible = l.visible;
        project.layers.push_back(std::move(pl));
    }
    project.save(target);
    m_projectPath = QString::fromStdString(target);
}

void MapDocument::loadData(DocLayer& l)
{
    const gis::DataSource ds = gis::DataSource::open(l.sourcePath);
    const auto infos = ds.layers();
    if (infos.empty() && !ds.rasters().empty()) {
        l.raster = gis::RasterSource::open(l.sourcePath);
        l.vector.reset();
    } else {
        l.vector = l.sourceLayer.empty() ? ds.readLayer(0) : ds.readLayer(l.sourceLayer);
        l.raster.reset();
        if (!l.styleFile.empty())
            l.style = gis::readStyleFile(l.styleFile, l.vector.get());
        else
            gis::validateStyle(l.style, *l.vector, l.name);
    }
    l.error.clear();
    l.selection.clear();
}

std::vector<int> MapDocument::addFile(const QString& path)
{
    const std::string file = fs::absolute(path.toStdString()).lexically_normal().string();
    const gis::DataSource ds = gis::DataSource::open(file); // throws: nothing is added
    const auto infos = ds.layers();
    std::vector<DocLayer> added;
    if (infos.empty()) {
        if (ds.rasters().empty())
            throw gis::Error(gis::ErrorCode::Format, file + ": holds neither vector layers nor a raster");
        DocLayer l;
        l.name = fs::path(file).stem().string();
        l.sourcePath = file;
        l.raster = gis::RasterSource::open(file);
        added.push_back(std::move(l));
    } else {
        for (std::size_t i = 0; i < infos.size(); ++i) {
            DocLayer l;
            l.name = infos.size() == 1 ? fs::path(file).stem().string() : infos[i].name;
            l.sourcePath = file;
            l.sourceLayer = infos.size() == 1 ? std::string() : infos[i].name;
            l.vector = ds.readLayer(i);
            l.style = gis::defaultStyle(gis::geometryTypeName(l.vector->geometryType()), m_styleSeed++);
            added.push_back(std::move(l));
        }
    }
    std::vector<int> ids;
    for (DocLayer& l : added)
        ids.push_back(addLayer(std::move(l)));
    return ids;
}

int MapDocument::addLayer(DocLayer layer)
{
    layer.id = m_nextId++;
    const int id = layer.id;
    const bool first = !m_crs.isValid();
    if (first) {
        if (layer.vector && layer.vector->crs().isValid())
            m_crs = layer.vector->crs();
        else if (layer.raster && layer.raster->info().crs.isValid())
            m_crs = layer.raster->info().crs;
    }
    m_layers.push_back(std::move(layer));
    emit layersChanged();
    if (first && m_crs.isValid())
        emit crsChanged();
    return id;
}

void MapDocument::removeLayer(int id)
{
    const int i = indexOf(id);
    if (i < 0)
        return;
    m_layers.erase(m_layers.begin() + i);
    emit layersChanged();
}

void MapDocument::reorder(const std::vector<int>& ids)
{
    if (ids.size() != m_layers.size())
        return;
    std::vector<DocLayer> out;
    for (int id : ids) {
        const int i = indexOf(id);
        if (i < 0)
            return;
        out.push_back(m_layers[static_cast<std::size_t>(i)]);
    }
    m_layers = std::move(out);
    emit layersChanged();
}

void MapDocument::setVisible(int id, bool visible)
{
    const int i = indexOf(id);
    if (i < 0 || m_layers[static_cast<std::size_t>(i)].visible == visible)
        return;
    m_layers[static_cast<std::size_t>(i)].visible = visible;
    emit layerChanged(id);
}

void MapDocument::setOpacity(int id, double opacity)
{
    const int i = indexOf(id);
    if (i < 0)
        return;
    m_layers[static_cast<std::size_t>(i)].style.opacity = std::clamp(opacity, 0.0, 1.0);
    emit layerChanged(id);
}

void MapDocument::setStyle(int id, const gis::LayerStyle& style, const std::string& styleFile)
{
    const int i = indexOf(id);
    if (i < 0)
        return;
    m_layers[static_cast<std::size_t>(i)].style = style;
    m_layers[static_cast<std::size_t>(i)].styleFile = styleFile;
    emit layerChanged(id);
}

void MapDocument::relocate(int id, const QString& path)
{
    const int i = indexOf(id);
    if (i < 0)
        return;
    DocLayer copy = m_layers[static_cast<std::size_t>(i)];
    copy.sourcePath = fs::absolute(path.toStdString()).lexically_normal().string();
    loadData(copy); // throws: the layer stays as it was
    m_layers[static_cast<std::size_t>(i)] = std::move(copy);
    if (!m_crs.isValid()) {
        const DocLayer& l = m_layers[static_cast<std::size_t>(i)];
        m_crs = l.vector ? l.vector->crs() : l.raster->info().crs;
        emit crsChanged();
    }
    emit layersChanged();
}

void MapDocument::setSelection(int id, std::vector<std::uint32_t> rows)
{
    const int i = indexOf(id);
    if (i < 0)
        return;
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    auto& sel = m_layers[static_cast<std::size_t>(i)].selection;
    if (sel == rows)
        return;
    sel = std::move(rows);
    emit selectionChanged(id);
}

void MapDocument::clearSelections()
{
    for (const DocLayer& l : m_layers)
        if (!l.selection.empty())
            setSelection(l.id, {});
}

void MapDocument::setCrs(const gis::Crs& crs)
{
    if (!crs.isValid() || crs.isEquivalentTo(m_crs))
        return;
    m_extent = toMapCrs(m_extent, m_crs, crs);
    m_crs = crs;
    emit crsChanged();
}

const DocLayer* MapDocument::layer(int id) const
{
    const int i = indexOf(id);
    return i < 0 ? nullptr : &m_layers[static_cast<std::size_t>(i)];
}

int MapDocument::indexOf(int id) const
{
    for (std::size_t i = 0; i < m_layers.size(); ++i)
        if (m_layers[i].id == id)
            return static_cast<int>(i);
    return -1;
}

int MapDocument::findByName(const QString& name) const
{
    for (const DocLayer& l : m_layers)
        if (QString::fromStdString(l.name) == name)
            return l.id;
    return -1;
}

gis::Box MapDocument::layerExtent(int id, bool selectionOnly) const
{
    const DocLayer* l = layer(id);
    if (!l || !l->available())
        return {};
    if (l->raster)
        return toMapCrs(l->raster->info().extent, l->raster->info().crs, m_crs);
    gis::Box box;
    if (selectionOnly) {
        for (std::uint32_t row : l->selection)
            box.expand(l->vector->geometries().bounds(row));
    } else {
        box = l->vector->extent();
    }
    return toMapCrs(box, l->vector->crs(), m_crs);
}

gis::Box MapDocument::fullExtent() const
{
    gis::Box box;
    for (const DocLayer& l : m_layers)
        box.expand(layerExtent(l.id));
    return box;
}

gis::RenderRequest MapDocument::makeRequest(const gis::Box& extent, QSize size, double dpi) const
{
    gis::RenderRequest request;
    request.crs = m_crs;
    request.extent = extent;
    request.size = size;
    request.dpi = dpi;
    request.background = m_background;
    for (const DocLayer& l : m_layers) {
        if (!l.visible || !l.available())
            continue;
        gis::MapLayer ml;
        ml.name = l.name;
        ml.title = l.title;
        ml.titleAr = l.titleAr;
        ml.vector = l.vector;
        ml.raster = l.raster;
        ml.style = l.style;
        request.layers.push_back(std::move(ml));
    }
    return request;
}

} // namespace viewer
