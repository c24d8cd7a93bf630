#include "flightstack.h"

#include <algorithm>
#include <filesystem>

#include "gis/core/error.h"
#include "gis/core/pathguard.h"
#include "gis/data/layer.h"
#include "map/mapdocument.h"

namespace fs = std::filesystem;

namespace viewer {

namespace {

std::string canonical(const std::string& path)
{
    std::error_code ec;
    const fs::path p = fs::weakly_canonical(fs::path(path), ec);
    return ec ? path : p.string();
}

} // namespace

FlightStack::FlightStack(MapDocument* document, QObject* parent) : QObject(parent), m_doc(document)
{
    // A new project, or layers removed under us: the layer ids held are stale.
    connect(m_doc, &MapDocument::projectChanged, this, [this] {
        m_flights.clear();
        m_source = {};
        m_current = -1;
        emit flightsChanged();
    });
}

std::vector<FlightStack::Source> FlightStack::sources() const
{
    std::vector<Source> out;
    for (std::size_t i = 0; i < m_doc->layers().size(); ++i) {
        const gis::ProjectLayer& l = m_doc->layers()[i];
        if (!l.available || !l.map.vector || !gis::isDroneFlightsLayer(*l.map.vector))
            continue;
        for (const std::string& project : gis::droneFlightProjects(*l.map.vector))
            out.push_back({m_doc->idAt(i), project});
    }
    return out;
}

int FlightStack::rasterLayer(const std::string& value, const gis::ProjectLayer& flightsLayer,
    const gis::DroneFlight& flight)
{
    if (value.empty())
        return -1;
    std::string file;
    try {
        file = gis::resolveFlightFile(value, flightsLayer.sourcePath, m_doc->project(), flight.flightId);
    } catch (const gis::PathRefusedError&) {
        // The guard's message names where the path leads; the user sees the row's own value only.
        m_refusals << tr("Flight %1: %2 is outside the folder of the flights' GeoPackage and was not read")
                          .arg(QString::fromStdString(flight.flightId), QString::fromStdString(value));
        return -1;
    } catch (const gis::Error&) {
        m_refusals << tr("Flight %1: %2 is missing or is not a local file; it was not read")
                          .arg(QString::fromStdString(flight.flightId), QString::fromStdString(value));
        return -1;
    }
    const std::string wanted = canonical(file);
    for (std::size_t i = 0; i < m_doc->layers().size(); ++i) {
        const gis::ProjectLayer& l = m_doc->layers()[i];
        if (l.map.raster && canonical(l.sourcePath) == wanted)
            return m_doc->idAt(i);
    }
    try {
        const std::vector<int> ids = m_doc->addFile(QString::fromStdString(file));
        return ids.empty() ? -1 : ids.front();
    } catch (const gis::Error&) {
        m_refusals << tr("Flight %1: %2 could not be read as a raster")
                          .arg(QString::fromStdString(flight.flightId), QString::fromStdString(value));
        return -1;
    }
}

void FlightStack::setSource(const Source& source)
{
    m_source = source;
    m_flights.clear();
    m_refusals.clear();
    m_current = -1;
    const gis::ProjectLayer* layer = m_doc->layer(source.layerId);
    if (layer && layer->available && layer->map.vector && gis::isDroneFlightsLayer(*layer->map.vector)) {
        const gis::ProjectLayer flightsLayer = *layer; // addFile below may move the document's layers
        for (gis::DroneFlight& record : gis::droneFlights(*flightsLayer.map.vector, source.projectId)) {
            Flight f;
            f.orthoLayer = rasterLayer(record.orthoPath, flightsLayer, record);
            f.dsmLayer = rasterLayer(record.dsmPath, flightsLayer, record);
            f.record = std::move(record);
            m_flights.push_back(std::move(f));
        }
    }
    emit flightsChanged();
    setCurrent(static_cast<int>(m_flights.size()) - 1);
}

int FlightStack::shownLayer(int index) const
{
    if (index < 0 || index >= static_cast<int>(m_flights.size()))
        return -1;
    const Flight& f = m_flights[static_cast<std::size_t>(index)];
    return m_showDsm && f.dsmLayer >= 0 ? f.dsmLayer : f.orthoLayer;
}

bool FlightStack::isFlightLayer(int id) const
{
    return std::any_of(m_flights.begin(), m_flights.end(),
        [id](const Flight& f) { return id >= 0 && (f.orthoLayer == id || f.dsmLayer == id); });
}

void FlightStack::applyVisibility()
{
    const int shown = shownLayer(m_current);
    for (const Flight& f : m_flights)
        for (int id : {f.orthoLayer, f.dsmLayer})
            if (id >= 0 && m_doc->layer(id))
                m_doc->setVisible(id, id == shown);
}

void FlightStack::setCurrent(int index)
{
    m_current = index >= 0 && index < static_cast<int>(m_flights.size()) ? index : -1;
    applyVisibility();
    emit currentChanged(m_current);
}

void FlightStack::setShowDsm(bool dsm)
{
    m_showDsm = dsm;
    applyVisibility();
    emit currentChanged(m_current);
}

int FlightStack::comparison() const
{
    if (m_flights.size() < 2 || m_current < 0)
        return -1;
    return m_current > 0 ? m_current - 1 : 1;
}

QString FlightStack::currentFlightId() const
{
    return m_current < 0 ? QString() : QString::fromStdString(m_flights[static_cast<std::size_t>(m_current)].record.flightId);
}

gis::RenderRequest FlightStack::requestFor(int index, const gis::Box& extent, QSize deviceSize, double dpi) const
{
    gis::RenderRequest request = m_doc->makeRequest(extent, deviceSize, dpi);
    request.layers.clear();
    const int shown = shownLayer(index);
    for (std::size_t i = 0; i < m_doc->layers().size(); ++i) {
        const gis::ProjectLayer& l = m_doc->layers()[i];
        const int id = m_doc->idAt(i);
        const bool draw = isFlightLayer(id) ? id == shown : l.map.visible;
        if (draw && l.available) {
            request.layers.push_back(l.map);
            request.layers.back().visible = true;
        }
    }
    return request;
}

gis::Box FlightStack::siteExtent() const
{
    gis::Box box;
    for (const Flight& f : m_flights)
        for (int id : {f.orthoLayer, f.dsmLayer})
            if (id >= 0) {
                const gis::Box e = m_doc->layerExtent(id);                box.expand(e);
            }
    return box;
}

} // namespace viewer
