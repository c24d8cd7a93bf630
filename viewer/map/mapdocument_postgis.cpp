// MapDocument: PostGIS layers — read whole, or fetched by view when the table is big (docs/postgis.md, "Big tables
// in the viewer").

#include <QLocale>

#include "gis/data/datasource.h"
#include "gis/data/layer.h"
#include "gis/project/project.h"
#include "map/mapdocument.h"
#include "postgis/pgviewloader.h"

namespace viewer {

static_assert(MapDocument::kBigTableRows == PgViewLoader::kBigTableRows);

std::shared_ptr<const gis::Layer> MapDocument::readPostgis(const std::string& source, const std::string& layer,
    std::int64_t bigTableRows, std::optional<gis::LayerInfo>& big)
{
    const gis::DataSource ds = gis::DataSource::open(source);
    // The listing's estimate (pg_class.reltuples): deciding must not scan the table it is meant to spare.
    const gis::LayerInfo info = ds.layers()[ds.layerIndex(layer)];
    if (info.featureCount <= bigTableRows)
        return ds.readLayer(layer);
    big = info;
    return PgViewLoader::emptyLayerOf(info);
}

int MapDocument::addPostgisLayer(const std::string& source, const std::string& layer, std::int64_t bigTableRows)
{
    gis::ProjectLayer l;
    const std::size_t dot = layer.rfind('.');
    l.map.name = dot == std::string::npos ? layer : layer.substr(dot + 1);
    l.source = l.sourcePath = source;
    l.layer = layer;
    std::optional<gis::LayerInfo> big;
    l.map.vector = readPostgis(source, layer, bigTableRows, big); // throws: nothing is added
    l.map.style = gis::defaultStyle(gis::geometryTypeName(l.map.vector->geometryType()), m_styleSeed++);
    PgViewLoader* loader = big ? new PgViewLoader(source, layer, *big, this) : nullptr;
    if (loader)
        l.map.vector = loader->emptyLayer();
    const int id = addLayer(std::move(l));
    if (loader)
        watchView(id, loader);
    return id;
}

void MapDocument::watchView(int id, PgViewLoader* loader)
{
    m_viewLoaders[id] = loader;
    connect(loader, &PgViewLoader::viewReady, this, [this, id](std::shared_ptr<const gis::Layer> rows) {
        setLayerNote(id, {});
        setLayerData(id, std::move(rows));
    });
    connect(loader, &PgViewLoader::tooMany, this, [this, id, loader](qint64 estimated) {
        setLayerData(id, loader->emptyLayer());
        const gis::ProjectLayer* pl = layer(id);
        setLayerNote(id, tr("%1: zoom in to see its features (about %2 in this view)")
                             .arg(pl ? layerDisplayName(*pl, QString::fromStdString(m_project.language)) : QString(),
                                 QLocale().toString(estimated)));
    });
    connect(loader, &PgViewLoader::failed, this, [this, id](const QString& message) {
        const gis::ProjectLayer* pl = layer(id);
        setLayerNote(id, tr("%1: could not read this view: %2")
                             .arg(pl ? QString::fromStdString(pl->map.name) : QString(), message));
    });
}

void MapDocument::showingExtent(const gis::Box& extent)
{
    for (const auto& [id, loader] : m_viewLoaders) {
        const gis::ProjectLayer* pl = layer(id);
        if (pl && pl->map.visible) // a hidden layer is read when it is shown again
            loader->setView(extent, m_project.crs);
    }
}

PgViewLoader* MapDocument::viewLoader(int id) const
{
    const auto it = m_viewLoaders.find(id);
    return it == m_viewLoaders.end() ? nullptr : it->second;
}

QString MapDocument::layerNote(int id) const
{
    const auto it = m_notes.find(id);
    return it == m_notes.end() ? QString() : it->second;
}

QStringList MapDocument::layerNotes() const
{
    QStringList notes;
    for (std::size_t i = 0; i < m_states.size(); ++i)
        if (m_project.layers[i].map.visible)
            if (const QString note = layerNote(m_states[i].id); !note.isEmpty())
                notes << note;
    return notes;
}

void MapDocument::setLayerNote(int id, const QString& note)
{
    QString& current = m_notes[id];
    if (current == note)
        return;
    current = note;
    emit layerNoteChanged(id);
}

void MapDocument::dropViewLoaders()
{
    for (const auto& entry : m_viewLoaders)
        delete entry.second;
    m_viewLoaders.clear();
    m_notes.clear();
}

} // namespace viewer
