#pragma once

#include <QColor>
#include <QImage>
#include <QPainter>
#include <QRectF>
#include <QSize>
#include <QString>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gis/core/box.h"
#include "gis/core/export.h"
#include "gis/core/feedback.h"
#include "gis/crs/crs.h"
#include "gis/project/maplayer.h"
#include "gis/project/style.h"
#include "gis/render/rendersession.h"

GIS_API_BEGIN

namespace gis {

class Project;

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
    /// Raster layers drawn only from the tiles already cached (RasterDrawOptions::cachedOnly), reading none: a frame
    /// at once, which a second render without it refines (RenderResult::rasterTilesMissing says whether it would).
    bool rasterCachedOnly = false;
    /// Caches kept from one render to the next (image buffers, halos, icons): a viewer's, shared by its renders.
    /// Null: the render makes its own and frees it after.
    std::shared_ptr<RenderSession> session;
    /// How each drawn layer that a recorded analysis run made was made (gis::provenanceLines, English and
    /// Arabic): the PDF exports (map and layout) state these lines in the file's metadata. Empty: none.
    std::vector<std::string> provenanceEn;
    std::vector<std::string> provenanceAr;
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

/// The one conversion from a project to a render request, used by gis render, gis export-map, the print
/// layouts and the viewer (canvas, overview, export, print): the visible, available layers' MapLayer values
/// as they are (bottom to top), the CRS and background, at `size` and `dpi`. `extent` (map CRS) when given,
/// even empty; else the project's, or all layers' when it has none.
RenderRequest makeRequest(const Project& project, QSize size, double dpi = 96,
    const std::optional<Box>& extent = std::nullopt);

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
    /// Point markers a label lies on (layer, row). Labels keep clear of markers where they can; where a label fits
    /// nowhere free it may lie on markers of lower priority than its own (LabelStyle::priority; a point layer's
    /// markers rank as its labels do), drawn above them. Every marker is drawn.
    std::vector<std::pair<std::string, std::size_t>> markersUnderLabels;
    bool cancelled = false;
    double prepareMs = 0; ///< reprojection and simplification
    double drawMs = 0;    ///< symbols (all layers, in parallel for images)
    double labelMs = 0;   ///< placement and drawing of labels
    std::size_t featuresDrawn = 0;
    /// Raster tiles a rasterCachedOnly render lacked (drawn coarser or not at all); 0 otherwise.
    int rasterTilesMissing = 0;
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
