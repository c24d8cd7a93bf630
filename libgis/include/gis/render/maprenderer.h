#pragma once

#include <QColor>
#include <QImage>
#include <QPainter>
#include <QRectF>
#include <QSize>
#include <QString>

#include <memory>
#include <string>
#include <vector>

#include "gis/core/box.h"
#include "gis/core/export.h"
#include "gis/core/feedback.h"
#include "gis/crs/crs.h"
#include "gis/render/rendersession.h"
#include "gis/render/style.h"

GIS_API_BEGIN

namespace gis {

class Layer;
class RasterSource;

/// One layer of a map: a vector layer or a raster, with its style: everything that decides how it is drawn and
/// named in a legend. The one description of a drawn layer: a project layer holds one (ProjectLayer::map), the
/// viewer reads it from the project, and Project::makeRequest copies it whole into a request. A new drawn
/// property belongs here (and its key in the project file's one layer key table, which Project::load and
/// projectLayerJson both walk). Copying it shares the data, which is immutable.
struct MapLayer {
    std::string name; ///< identifies the layer (atlas, insets, errors); shown when it has no title
    QString title;   ///< for legends: English ("" → name)
    QString titleAr; ///< Arabic ("" → title)
    std::shared_ptr<const Layer> vector;        ///< either this
    std::shared_ptr<const RasterSource> raster; ///< or this
    LayerStyle style;
    bool visible = true;
};

/// Everything that decides a map image: an immutable value, so a render worker owns its copy and the newest
/// request simply replaces the old one.
struct RenderRequest {
    std::vector<MapLayer> layers; ///< bottom to top
    Crs crs;                      ///< map CRS; invalid: the first layer's
    Box extent;                   ///< in the map CRS; widened to the image's aspect ratio, centred
    QSize size{800, 600};         ///< device pixels
    double dpi = 96;
    QColor background = Qt::white; ///< may be transparent
    bool drawLabels = true;
    /// Caches kept from one render to the next (image buffers, halos, icons): a viewer's, shared by its renders.
    /// Null: the render makes its own and frees it after.
    std::shared_ptr<RenderSession> session;
};

/// Maps between map coordinates and device pixels (y down), for an extent fitted to a size.
class MapTransform {
public:
    MapTransform() = default;
    MapTransform(const Box& extent, QSize size);
    QPointF toDevice(const Coord& c) const { return {(c.x - m_extent.minX) / m_pixel, (m_extent.maxY - c.y) / m_pixel}; }
    Coord toMap(const QPointF& p) const { return {m_extent.minX + p.x() * m_pixel, m_extent.maxY - p.y() * m_pixel}; }
    /// The fitted extent (the requested one widened to the size's aspect ratio).
    const Box& extent() const { return m_extent; }
    /// Map units per device pixel.
    double pixelSize() const { return m_pixel; }
    QSize size() const { return m_size; }

private:
    Box m_extent{0, 0, 1, 1};
    double m_pixel = 1;
    QSize m_size{1, 1};
};

/// The scale denominator N of 1:N for a request (ground metres per paper metre at the extent's centre; for a
/// geographic map CRS, degrees are converted at the centre latitude).
double scaleDenominator(const RenderRequest& request);

struct LayerError {
    std::string layer;
    std::string message;
};

/// A label as placed: its text and its box in device pixels (for tests and for the viewer's hit testing).
struct PlacedLabel {
    std::string layer;
    QString text;
    QRectF box;
    std::size_t row = 0;
};

struct RenderResult {
    QImage image;                    ///< renderImage() only
    std::vector<LayerError> errors;  ///< one per layer that failed; the other layers are drawn
    std::vector<PlacedLabel> labels;
    bool cancelled = false;
    double prepareMs = 0; ///< reprojection and simplification
    double drawMs = 0;    ///< symbols (all layers, in parallel for images)
    double labelMs = 0;   ///< placement and drawing of labels
    std::size_t featuresDrawn = 0;
};

/// Renders into a new ARGB32 premultiplied image, vector layers on worker threads (one image per layer,
/// composited in order). Never throws: failures are in RenderResult::errors, cancellation in `cancelled`; a DPI
/// or size beyond the limits (docs/styles.md, "Limits") is one error and no image, a layer whose style is beyond
/// them that layer's error.
/// Any thread may call it; the request's layers are only read.
RenderResult renderImage(const RenderRequest& request, const CancellationToken& cancel = {});

/// Paints the same map with `painter` (a QPdfWriter's, a QSvgGenerator's, a print layout's map frame) whose
/// device pixels match request.size; layers are drawn in order on the calling thread, so vectors stay
/// vectors and labels stay text. Never throws.
RenderResult renderToPainter(QPainter& painter, const RenderRequest& request, const CancellationToken& cancel = {});

} // namespace gis

GIS_API_END
