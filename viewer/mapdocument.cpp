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

bool sameStyle(const gis::LayerStyle& a, const gis::LayerStyle& b)
{
    return gis::styleToJson(a) == gis::styleToJson(b);
}

} // namespace

MapDocument::MapDocument(QObject* parent) : QObject(parent) {}

void MapDocument::clear()
{
    m_layers.clear();
    m_crs = gis::Crs();
    m_extent = gis::Box();
    m_view = gis::Box();
    m_origin = {};
    m_projectPath.clear();
    m_title.clear();
    m_titleAr.clear();
    m_background = QColor(0xdf, 0xee, 0xf7);
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
    if (title == m_title && titleAr == m_titleAr)
        return;
    m_title = title;
    m_titleAr = titleAr;
    setModified(true);
    emit projectChanged();
}

void MapDocument::setInitialExtent(const gis::Box& extent)
{
    if (extent == m_extent)
        return;
    m_extent = extent;
    setModified(true);
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
    setModified(true);
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
    setModified(true);
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
    bool same = true;
    for (std::size_t k = 0; k < out.size(); ++k)
        same = same && out[k].id == m_layers[k].id;
    if (same)
        return;
    m_layers = std::move(out);
    setModified(true);
    emit layersChanged();
}

void MapDocument::setVisible(int id, bool visible)
{
    const int i = indexOf(id);
    if (i < 0 || m_layers[static_cast<std::size_t>(i)].visible == visible)
        return;
    m_layers[static_cast<std::size_t>(i)].visible = visible;
    setModified(true);
    emit layerChanged(id);
}

void MapDocument::setOpacity(int id, double opacity)
{
    const int i = indexOf(id);
    if (i < 0)
        return;
    double& current = m_layers[static_cast<std::size_t>(i)].style.opacity;
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
    DocLayer& l = m_layers[static_cast<std::size_t>(i)];
    if (styleFile == l.styleFile && sameStyle(style, l.style))
        return; // e.g. a style dialog confirmed without edits
    if (!styleFile.empty() && styleFile != l.styleFile) {
        // A file the style was just read from or written to: it holds this style, a save need not rewrite it.
        // (Back to the file it was loaded from, e.g. a cancelled edit: the origin read from it stays.)
        const QJsonObject json = gis::styleToJson(style);
        if (json != l.styleOrigin.loaded)
            l.styleOrigin = {json, json, {}};
    }
    l.style = style;
    l.styleFile = styleFile;
    setModified(true);
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
    setModified(true);
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
    m_view = toMapCrs(m_view, m_crs, crs);
    m_crs = crs;
    setModified(true);
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
