#pragma once

#include <QObject>

#include <cstdint>
#include <string>
#include <vector>

#include "gis/core/box.h"
#include "gis/query/spatialquery.h"

namespace viewer {

class MapCanvas;
class MapDocument;

struct IdentifyHit {
    int layerId = 0;
    std::uint32_t row = 0;
};

/// Geodesic measures of the canvas's measure sketch, in metres and square metres.
struct Measurement {
    double length = 0;    ///< along the polyline (MeasureDistance), or the perimeter (MeasureArea)
    double area = 0;      ///< MeasureArea only
    double lastSegment = 0;
    int vertices = 0;
};

/// What the map tools do with what the user picked on the canvas: identify, select (click, rectangle,
/// polygon, expression, location) and measure. All GIS work goes through libgis (gis::identify,
/// selectByPredicate, Expression, geodesic); query geometries are reprojected from the map CRS to each layer's
/// CRS first. GUI thread only; errors are gis::Error thrown to the caller (the MainWindow's handlers).
class MapTools : public QObject {
    Q_OBJECT
public:
    enum class Scope { CurrentLayer, AllLayers };

    MapTools(MapDocument* document, MapCanvas* canvas, QObject* parent = nullptr);

    void setCurrentLayer(int id) { m_current = id; }
    int currentLayer() const { return m_current; }
    void setIdentifyScope(Scope scope) { m_scope = scope; }
    Scope identifyScope() const { return m_scope; }

    /// Features at a map point within a few pixels, nearest first, top layer first.
    std::vector<IdentifyHit> identifyAt(const gis::Coord& mapPoint) const;

    /// Selections in the current layer; `add` keeps what was selected. Return the new selection's size.
    std::size_t selectAtPoint(const gis::Coord& mapPoint, bool add);
    std::size_t selectInBox(const gis::Box& mapBox, bool add);
    std::size_t selectInPolygon(const std::vector<gis::Coord>& mapRing, bool add);
    /// Rows of `layerId` matching the expression (throws gis::Error(Query) naming the column).
    std::size_t selectByExpression(int layerId, const std::string& expression, bool add = false);
    /// Rows of `targetId` that satisfy `predicate` against any feature of `sourceId` (only its selected
    /// features when `selectedOnly`).
    std::size_t selectByLocation(int targetId, gis::SpatialPredicate predicate, int sourceId, bool selectedOnly,
        bool add = false);

    Measurement measurement() const;

signals:
    void identified(const std::vector<viewer::IdentifyHit>& hits);
    /// A tool could not act (no current vector layer, ...): a message for the status bar.
    void message(const QString& text);

private:
    void onPoint(double x, double y, Qt::KeyboardModifiers modifiers);
    void applySelection(int layerId, std::vector<std::uint32_t> rows, bool add);
    /// Tolerance of a click in the units gis::identify uses for the layer.
    double clickTolerance(int layerId) const;
    int currentVectorLayer();

    MapDocument* m_doc;
    MapCanvas* m_canvas;
    int m_current = -1;
    Scope m_scope = Scope::CurrentLayer;
};

} // namespace viewer
