#include "mapdocument.h"

#include <algorithm>
#include <filesystem>

#include "gis/core/error.h"
#include "gis/crs/transformer.h"
#include "gis/data/datasource.h"
#include "gis/data/layer.h"
#include "gis/data/postgis.h"
#include "gis/project/project.h"
#include "gis/render/rasterdraw.h"
#include "gis/project/stylejson.h"
#include "postgis/pgviewloader.h"

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

bool sameStyle(const gis::LayerStyle& a, const gis::LayerStyle& b)
{
    return gis::styleToJson(a) == gis::styleToJson(b);
}

} // namespace

QString layerDisplayName(const gis::ProjectLayer& layer, const QString& language)
{
    const gis::MapLayer& l = layer.map;
    if (language == "ar" && !l.titleAr.empty())
        return QString::fromStdString(l.titleAr);
    return QString::fromStdString(l.title.empty() ? l.name : l.title);
}

MapDocument::MapDocument(QObject* parent) : QObject(parent) {}

gis::Project MapDocument::emptyProject()
{
    gis::Project project;
    project.background = gis::Color(0xdf, 0xee, 0xf7); // the viewer's sea for a new map
    return project;
}

void MapDocument::clear()
{
    const std::string language = m_project.language; // a new map keeps the language of the texts in use
    m_project = emptyProject();
    m_project.language = language;
    m_states.clear();
    dropViewLoaders();
    setModified(false);
    emit layersChanged();
    emit crsChanged();
    emit projectChanged();
}

void MapDocument::setModified(bool modified)
{
    if (m_modified == modified)
        return;
    m_modified = modified;
    emit modifiedChanged(modified);
}

void MapDocument::setTitle(const QString& title, const QString& titleAr)
{
    if (title.toStdString() == m_project.title && titleAr.toStdString() == m_project.titleAr)
        return;
    m_project.title = title.toStdString();
    m_project.titleAr = titleAr.toStdString();
    setModified(true);
    emit projectChanged();
}

void MapDocument::setInitialExtent(const gis::Box& extent)
{
    if (extent == m_project.extent)
        return;
    m_project.extent = extent;
    setModified(true);
}

void MapDocument::loadData(gis::ProjectLayer& pl, const std::string& styleFile) const
{
    gis::MapLayer& l = pl.map;
    const gis::DataSource ds = gis::DataSource::open(pl.sourcePath);
    const auto infos = ds.layers();
    if (infos.empty() && !ds.rasters().empty()) {
        l.raster = gis::RasterSource::open(pl.sourcePath);
        l.vector.reset();
    } else {
        l.vector = pl.layer.empty() ? ds.readLayer(0) : ds.readLayer(pl.layer);
        l.raster.reset();
        if (!styleFile.empty())
            l.style = gis::readStyleFile(styleFile, l.vector.get());
        else
            gis::validateStyle(l.style, *l.vector, l.name);
    }
    pl.available = true;
    pl.error.clear();
    pl.styleProblem = false;
}

std::vector<int> MapDocument::addFile(const QString& path)
{
    const std::string file = fs::absolute(path.toStdString()).lexically_normal().string();
    const gis::DataSource ds = gis::DataSource::open(file); // throws: nothing is added
    const auto infos = ds.layers();
    std::vector<gis::ProjectLayer> added;
    if (infos.empty()) {
        if (ds.rasters().empty())
            throw gis::Error(gis::ErrorCode::Format, file + ": holds neither vector layers nor a raster");
        gis::ProjectLayer l;
        l.map.name = fs::path(file).stem().string();
        l.source = l.sourcePath = file;
        l.map.raster = gis::RasterSource::open(file);
        added.push_back(std::move(l));
    } else {
        for (std::size_t i = 0; i < infos.size(); ++i) {
            gis::ProjectLayer l;
            l.map.name = infos.size() == 1 ? fs::path(file).stem().string() : infos[i].name;
            l.source = l.sourcePath = file;
            l.layer = infos.size() == 1 ? std::string() : infos[i].name;
            l.map.vector = ds.readLayer(i);
            l.map.style = gis::defaultStyle(gis::geometryTypeName(l.map.vector->geometryType()), m_styleSeed++);
            added.push_back(std::move(l));
        }
    }
    std::vector<int> ids;
    for (gis::ProjectLayer& l : added)
        ids.push_back(addLayer(std::move(l)));
    return ids;
}

int MapDocument::addLayer(gis::ProjectLayer layer)
{
    const int id = m_nextId++;
    layer.available = layer.map.vector || layer.map.raster;
    gis::Crs& crs = m_project.crs;
    const bool first = !crs.isValid();
    if (first) {
        if (layer.map.vector && layer.map.vector->crs().isValid())
            crs = layer.map.vector->crs();
        else if (layer.map.raster && layer.map.raster->info().crs.isValid())
            crs = layer.map.raster->info().crs;
    }
    m_project.layers.push_back(std::move(layer));
    m_states.push_back(LayerState{id, {}});
    setModified(true);
    emit layersChanged();
    if (first && crs.isValid())
        emit crsChanged();
    return id;
}

void MapDocument::removeLayer(int id)
{
    const int i = indexOf(id);
    if (i < 0)
        return;
    m_project.layers.erase(m_project.layers.begin() + i);
    m_states.erase(m_states.begin() + i);
    if (const auto loader = m_viewLoaders.find(id); loader != m_viewLoaders.end()) {
        delete loader->second; // cancels its read and joins its worker
        m_viewLoaders.erase(loader);
    }
    m_notes.erase(id);
    setModified(true);
    emit layersChanged();
}

void MapDocument::reorder(const std::vector<int>& ids)
{
    if (ids.size() != m_states.size())
        return;
    std::vector<gis::ProjectLayer> layers;
    std::vector<LayerState> states;
    for (int id : ids) {
        const int i = indexOf(id);
        if (i < 0)
            return;
        layers.push_back(m_project.layers[static_cast<std::size_t>(i)]);
        states.push_back(m_states[static_cast<std::size_t>(i)]);
    }
    bool same = true;
    for (std::size_t k = 0; k < states.size(); ++k)
        same = same && states[k].id == m_states[k].id;
    if (same)
        return;
    m_project.layers = std::move(layers);
    m_states = std::move(states);
    setModified(true);
    emit layersChanged();
}

void MapDocument::setVisible(int id, bool visible)
{
    const int i = indexOf(id);
    if (i < 0 || m_project.layers[static_cast<std::size_t>(i)].map.visible == visible)
        return;
    m_project.layers[static_cast<std::size_t>(i)].map.visible = visible;
    setModified(true);
    emit layerChanged(id);
}

void MapDocument::setOpacity(int id, double opacity)
{
    const int i = indexOf(id);
    if (i < 0)
        return;
    double& current = m_project.layers[static_cast<std::size_t>(i)].map.style.opacity;
    if (current == std::clamp(opacity, 0.0, 1.0))
        return;
    current = std::clamp(opacity, 0.0, 1.0);
    setModified(true);
    emit layerChanged(id);
}

void MapDocument::setStyle(int id, const gis::LayerStyle& style, const std::string& styleFile)
{
    const int i = indexOf(id);
    if (i < 0)
        return;
    gis::ProjectLayer& l = m_project.layers[static_cast<std::size_t>(i)];
    const std::string current = styleFilePath(id);
    if (styleFile == current && sameStyle(style, l.map.style))
        return; // e.g. a style dialog confirmed without edits
    if (!styleFile.empty() && styleFile != current) {
        // A file the style was just read from or written to: it holds this style, a save need not rewrite it.
        // (Back to the file it was loaded from, e.g. a cancelled edit: the origin read from it stays.)
        const gis::Json json = gis::styleToJson(style);
        if (json != l.styleOrigin.loaded)
            l.styleOrigin = {json, json, {}};
    }
    l.map.style = style;
    if (styleFile != current)
        l.styleFile = styleFile; // absolute until a save writes it relative to the project file
    setModified(true);
    emit layerChanged(id);
}

void MapDocument::relocate(int id, const QString& path)
{
    const int i = indexOf(id);
    if (i < 0)
        return;
    gis::ProjectLayer copy = m_project.layers[static_cast<std::size_t>(i)];
    copy.sourcePath = fs::absolute(path.toStdString()).lexically_normal().string();
    copy.source = copy.sourcePath; // saveProject writes it relative to the project file
    loadData(copy, styleFilePath(id)); // throws: the layer stays as it was
    m_project.layers[static_cast<std::size_t>(i)] = std::move(copy);
    m_states[static_cast<std::size_t>(i)].selection.clear();
    setModified(true);
    if (!m_project.crs.isValid()) {
        const gis::MapLayer& l = m_project.layers[static_cast<std::size_t>(i)].map;
        m_project.crs = l.vector ? l.vector->crs() : l.raster->info().crs;
        emit crsChanged();
    }
    emit layersChanged();
}

void MapDocument::setLayerData(int id, std::shared_ptr<const gis::Layer> data)
{
    const int i = indexOf(id);
    if (i < 0 || !data)
        return;
    gis::ProjectLayer& l = m_project.layers[static_cast<std::size_t>(i)];
    if (l.map.vector == data && !l.map.edits)
        return;
    l.map.edits.reset(); // the data now holds them
    l.map.vector = std::move(data);
    if (!m_states[static_cast<std::size_t>(i)].selection.empty()) {
        m_states[static_cast<std::size_t>(i)].selection.clear();
        emit selectionChanged(id);
    }
    emit layerDataChanged(id);
    emit layerChanged(id);
}

void MapDocument::setLayerEdits(int id, std::shared_ptr<const gis::VectorEdits> edits, bool rowsChanged)
{
    const int i = indexOf(id);
    if (i < 0)
        return;
    gis::ProjectLayer& l = m_project.layers[static_cast<std::size_t>(i)];
    if (!l.map.vector || l.map.edits == edits)
        return;
    l.map.edits = std::move(edits);
    auto& sel = m_states[static_cast<std::size_t>(i)].selection;
    std::vector<std::uint32_t> live = rows(id).live(sel);
    if (live.size() != sel.size()) {
        sel = std::move(live);
        emit selectionChanged(id);
    }
    if (rowsChanged)
        emit layerDataChanged(id);
    emit layerEditsChanged(id);
}

LayerRows MapDocument::rows(int id) const
{
    const gis::ProjectLayer* l = layer(id);
    if (!l || !l->map.vector)
        return {};
    return LayerRows{l->map.vector, l->map.edits};
}

void MapDocument::setSelection(int id, std::vector<std::uint32_t> rows)
{
    const int i = indexOf(id);
    if (i < 0)
        return;
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    rows = this->rows(id).live(std::move(rows));
    auto& sel = m_states[static_cast<std::size_t>(i)].selection;
    if (sel == rows)
        return;
    sel = std::move(rows);
    emit selectionChanged(id);
}

void MapDocument::clearSelections()
{
    for (const LayerState& s : m_states)
        if (!s.selection.empty())
            setSelection(s.id, {});
}

void MapDocument::setCrs(const gis::Crs& crs)
{
    if (!crs.isValid() || crs.isEquivalentTo(m_project.crs))
        return;
    m_project.extent = toMapCrs(m_project.extent, m_project.crs, crs);
    m_project.view = toMapCrs(m_project.view, m_project.crs, crs);
    m_project.crs = crs;
    setModified(true);
    emit crsChanged();
}

const gis::ProjectLayer* MapDocument::layer(int id) const
{
    const int i = indexOf(id);
    return i < 0 ? nullptr : &m_project.layers[static_cast<std::size_t>(i)];
}

int MapDocument::indexOf(int id) const
{
    for (std::size_t i = 0; i < m_states.size(); ++i)
        if (m_states[i].id == id)
            return static_cast<int>(i);
    return -1;
}

int MapDocument::findByName(const QString& name) const
{
    for (std::size_t i = 0; i < m_states.size(); ++i)
        if (QString::fromStdString(m_project.layers[i].map.name) == name)
            return m_states[i].id;
    return -1;
}

const std::vector<std::uint32_t>& MapDocument::selection(int id) const
{
    static const std::vector<std::uint32_t> none;
    const int i = indexOf(id);
    return i < 0 ? none : m_states[static_cast<std::size_t>(i)].selection;
}

std::string MapDocument::styleFilePath(int id) const
{
    const gis::ProjectLayer* l = layer(id);
    if (!l || l->styleFile.empty())
        return {};
    const fs::path file(l->styleFile);
    if (file.is_absolute() || m_project.path.empty())
        return l->styleFile;
    return (fs::path(m_project.path).parent_path() / file).lexically_normal().string();
}

gis::Box MapDocument::layerExtent(int id, bool selectionOnly) const
{
    const gis::ProjectLayer* pl = layer(id);
    if (!pl || !pl->available)
        return {};
    const gis::MapLayer& l = pl->map;
    const gis::Crs& crs = m_project.crs;
    if (l.raster)
        return toMapCrs(l.raster->info().extent, l.raster->info().crs, crs);
    gis::Box box;
    if (selectionOnly) {
        const LayerRows all = rows(id);
        for (std::uint32_t row : selection(id))
            if (const LayerRows::Ref ref = all.locate(row))
                box.expand(ref.layer->geometries().bounds(ref.row));
    } else if (const PgViewLoader* loader = viewLoader(id)) {
        box = loader->info().extent; // the server's estimate: the rows held are only the view's
    } else {
        box = l.vector->extent();
    }
    return toMapCrs(box, l.vector->crs(), crs);
}

gis::Box MapDocument::fullExtent() const
{
    gis::Box box;
    for (const LayerState& s : m_states)
        box.expand(layerExtent(s.id));
    return box;
}

} // namespace viewer
