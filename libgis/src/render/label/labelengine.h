#pragma once

// Private: labels of one render. Every layer hands in its candidates; the engine places them across all
// layers, highest priority first, never overlapping one another nor leaving the image, and draws them.
// Text is shaped as a whole by Qt (Arabic joins and runs right to left); a label along a line is the shaped
// string laid glyph run by glyph run along the curve, never re-shaped letter by letter.

#include <QPainter>
#include <QPointF>
#include <QSize>
#include <QString>

#include <memory>
#include <string>
#include <vector>

#include "gis/core/feedback.h"
#include "gis/data/layer.h"
#include "gis/render/maprenderer.h"
#include "gis/project/style.h"

namespace gis::detail {

class HaloStore;

/// How one placed label was laid out, glyph by glyph (for tests and debugging; see setRecordLayouts()).
struct LabelLayout {
    struct Glyph {
        quint32 index = 0;    ///< glyph index in `font` (as shaped: contextual Arabic forms, ligatures)
        QString font;         ///< the family of the glyph's font (a fallback font for another script)
        QPointF origin;       ///< left end of the glyph's baseline, device pixels
        double angle = 0;     ///< degrees, device y down: 0 reads left to right, 90 reads downwards
    };
    bool curved = false;             ///< glyph by glyph along a line; otherwise whole runs in one block
    std::vector<QPointF> lineOrigins; ///< a block's lines: left end of each baseline (device px); curved: empty
    std::vector<Glyph> glyphs;        ///< in visual order, line by line
};

/// Places the labels of one render and draws them; one per feature at most. Used by one thread at a time.
///
/// Placement: points around their symbol (pointCandidates() in labelplacement.h gives the order: the side where
/// the first line starts reading, so left of the point for Arabic), lines along the line (curved, upright),
/// polygons at their pole of inaccessibility. Every label is tested against every label placed before it, of
/// all layers, against the markers it is told of (addMarkers()), and against the image's edge (a 1 px margin).
/// Labels and markers share that space by priority: a label takes the first free place, else the place where it
/// hides the least of the markers' area, all of lower priority, else none; a marker is always drawn. Order: higher LabelStyle::priority
/// first, then layers added later, then the order of `rows`.
class LabelEngine {
public:
    /// `scaleDenominator` decides scale-dependent labels (LabelStyle::minScale/maxScale). Glyph halos come from
    /// `halos` (a render session's store, which must outlive the engine), or from the engine's own when null.
    LabelEngine(QSize deviceSize, double dpi, double scaleDenominator, HaloStore* halos = nullptr);
    ~LabelEngine();

    /// Adds label candidates for `rows` of `layer`. `mapGeometries` are the layer's geometries in the map CRS
    /// (same rows), `transform` maps them to device pixels. Layers added later are above earlier ones and
    /// win ties of priority. Throws Error(Query) when the label expression does not compile (the caller
    /// records it as that layer's error).
    ///
    /// Nothing is added when the style is disabled, has no text, or its scale range excludes this render's
    /// scale. Features outside the image are skipped; lines and polygons are cut to it so their labels go on
    /// the visible part. The texts are evaluated here: `layer` and `mapGeometries` need not outlive the call.
    /// `pointSymbolSize` is the diameter (device px) of the layer's point symbols, which labels keep clear of;
    /// negative: the default Symbol size.
    void addLayer(const std::string& layerName, const Layer& layer, const GeometryColumn& mapGeometries,
        const std::vector<std::uint32_t>& rows, const LabelStyle& style, const MapTransform& transform,
        double pointSymbolSize = -1);

    /// Point markers on the map, which labels share it with: a label keeps clear of every marker but its own
    /// feature's. `layer` and `rows` identify the markers as addLayer() is given them (the same Layer object, the
    /// same row numbers); one centre and diameter (device px) per entry. `priority` is the marker layer's (0-10, as
    /// LabelStyle::priority): a label that fits nowhere free may lie on markers of lower priority than its own (it
    /// is drawn above them; coveredMarkers() lists them), never on markers of equal or higher priority.
    void addMarkers(const Layer& layer, int priority, const std::vector<std::uint32_t>& rows,
        const std::vector<QPointF>& centres, const std::vector<double>& diameters);

    /// Places and draws every label that fits; returns what was placed. Checks `cancel` in its loops.
    std::vector<PlacedLabel> placeAndDraw(QPainter& painter, const CancellationToken& cancel);
    /// A marker that a label placed by the last placeAndDraw() lies on.
    struct CoveredMarker {
        const Layer* layer = nullptr;
        std::uint32_t row = 0;
    };
    /// The markers the last placeAndDraw() put labels on, each once.
    const std::vector<CoveredMarker>& coveredMarkers() const;

    /// Keep a LabelLayout for every label placed by placeAndDraw() (off by default: it costs a little).
    void setRecordLayouts(bool record);
    /// One per label returned by the last placeAndDraw(), in the same order (when recording).
    const std::vector<LabelLayout>& layouts() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace gis::detail
