#pragma once

#include <QColor>
#include <QPainterPath>
#include <QPointF>
#include <QSize>

#include <cstdint>
#include <map>
#include <vector>

#include "gis/render/maprenderer.h"

class QPainter;

namespace viewer {

class MapDocument;

/// Selected or highlighted geometries already in map coordinates, ready to draw at any view.
struct OverlayShapes {
    QPainterPath lines;          ///< lines and polygon outlines/areas (map coordinates)
    std::vector<QPointF> points; ///< point features (map coordinates)
    bool polygons = false;
};

/// What the map canvas draws over the map image from the document: every layer's selected features (yellow)
/// and the identify highlight (red), built as paths in the map CRS once per change (at most 250,000 features a
/// layer) and drawn at any view. The document is not owned and must outlive the overlay. GUI thread.
class SelectionOverlay {
public:
    explicit SelectionOverlay(const MapDocument* document);

    /// Rebuilds one layer's selection shapes from the document (after its selection changed).
    void rebuildSelection(int layerId);
    /// Rebuilds every layer's (after the layers or the map CRS changed).
    void rebuildAllSelections();
    void setHighlight(int layerId, const std::vector<std::uint32_t>& rows);
    void clearHighlight();
    /// Draws the selections, then the highlight, for the view `t` of a widget of `size`.
    void draw(QPainter& p, const gis::MapTransform& t, QSize size) const;

private:
    OverlayShapes shapesOf(int layerId, const std::vector<std::uint32_t>& rows) const;
    static void drawShapes(QPainter& p, const gis::MapTransform& t, QSize size, const OverlayShapes& shapes,
        const QColor& color, bool fill);

    const MapDocument* m_doc;
    std::map<int, OverlayShapes> m_selection; // by layer id
    OverlayShapes m_highlight;
};

} // namespace viewer
