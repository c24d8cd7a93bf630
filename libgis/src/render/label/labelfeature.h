#pragma once

// Private: what the label engine keeps of a feature between addLayer() and placeAndDraw(): its texts and its
// geometry in device pixels, cut to the image, in the form its placement needs.

#include <QPointF>
#include <QPolygonF>
#include <QRectF>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "gis/geom/geometrycolumn.h"
#include "gis/render/maprenderer.h"
#include "gis/project/style.h"

namespace gis::detail {

struct LabelFeature {
    enum class Kind : std::uint8_t {
        AroundPoint,   ///< `point`: around it
        CentredPoint,  ///< `point`: centred on it
        AlongCurved,   ///< `shapes`: visible line pieces, longest first; glyph by glyph
        AlongStraight, ///< `shapes`: as AlongCurved; straight blocks only
        InsidePolygon, ///< `shapes`: rings (exterior first) of the largest visible part; at its pole
        AroundPolygon, ///< `shapes`: as InsidePolygon; around its pole as around a point
    };
    std::uint32_t layer = 0; ///< index of the layer in the engine
    std::size_t row = 0;
    QString first;  ///< first line (never empty)
    QString second; ///< second line, may be empty
    Kind kind = Kind::AroundPoint;
    QPointF point;
    std::vector<QPolygonF> shapes;
};

/// Fills `feature`'s kind and geometry from geometry `row` of `geometries` as `placement` asks; `view` is the
/// part of the image labels may use. False when nothing of the feature is visible.
bool labelGeometry(const GeometryColumn& geometries, std::size_t row, const MapTransform& transform,
    const QRectF& view, LabelStyle::Placement placement, LabelFeature& feature);

} // namespace gis::detail
