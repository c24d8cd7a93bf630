#pragma once

#include <QObject>
#include <QSize>
#include <QString>
#include <QStringList>

#include <string>
#include <vector>

#include "gis/core/box.h"
#include "gis/project/droneflights.h"
#include "gis/render/maprenderer.h"

namespace gis {
struct ProjectLayer;
}

namespace viewer {

class MapDocument;

/// A construction project's drone flights as a time stack over the open map: which layers of the document hold
/// flights (the drone_flights schema, gis/project/droneflights.h), the flights of one project by date, and each
/// flight's orthophoto and DSM as raster layers of the document (found by file, else added). Exactly one flight is
/// shown at a time (setCurrent): its orthophoto, or its DSM when showDsm(), and every other flight's rasters are
/// hidden. The rasters are resolved through the path guard relative to the flights' GeoPackage: a row naming a file
/// outside that folder (and the project's trusted folders) is refused, reported in refusals(), and never read.
///
/// requestFor() renders one flight without touching the document's visibility: the swipe and the side-by-side
/// view draw the other flight from it. GUI thread only; the document must outlive it.
class FlightStack : public QObject {
    Q_OBJECT
public:
    /// A project's flights in one layer: what the panel's chooser lists.
    struct Source {
        int layerId = 0;
        std::string projectId;
    };
    struct Flight {
        gis::DroneFlight record;
        int orthoLayer = -1; ///< document layer id; -1: none (no path, refused or unreadable)
        int dsmLayer = -1;
    };

    explicit FlightStack(MapDocument* document, QObject* parent = nullptr);

    /// Every (flights layer, project id) of the document, in layer order then by project id.
    std::vector<Source> sources() const;
    /// Loads the flights of `source` and makes their rasters layers of the document. Throws nothing: a flight
    /// whose raster is refused or unreadable keeps no layer and its reason is in refusals(). Shows the latest flight.
    void setSource(const Source& source);
    const Source& source() const { return m_source; }
    const std::vector<Flight>& flights() const { return m_flights; }
    /// Why flights' rasters were not loaded (one line each, no path beyond what the row wrote).
    const QStringList& refusals() const { return m_refusals; }

    /// Shows flight `index` alone (its orthophoto, or DSM); -1 hides every flight.
    void setCurrent(int index);
    int current() const { return m_current; }
    void setShowDsm(bool dsm);
    bool showDsm() const { return m_showDsm; }
    /// The flight to compare the current one with: the one before it, or for the first flight the one after; -1
    /// when there are fewer than two flights.
    int comparison() const;
    /// The flight id of the current flight ("" when none): what a new annotation is linked to.
    QString currentFlightId() const;

    /// The document's visible layers as MapDocument::makeRequest gives them, but with flight `index`'s raster
    /// shown in place of whatever flight is visible (-1: no flight).
    gis::RenderRequest requestFor(int index, const gis::Box& extent, QSize deviceSize, double dpi) const;
    /// The union of the flights' raster extents in the map CRS (empty when none is loaded).
    gis::Box siteExtent() const;

signals:
    void flightsChanged(); ///< setSource
    void currentChanged(int index);

private:
    bool isFlightLayer(int id) const;
    int shownLayer(int index) const; ///< the layer that shows flight `index`: ortho or DSM
    int rasterLayer(const std::string& value, const gis::ProjectLayer& flightsLayer, const gis::DroneFlight& flight);
    void applyVisibility();

    MapDocument* m_doc;
    Source m_source;
    std::vector<Flight> m_flights;
    QStringList m_refusals;
    int m_current = -1;
    bool m_showDsm = false;
};

} // namespace viewer
