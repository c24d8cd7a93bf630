#include "labelengine.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>
#include <optional>

#include "gis/query/expression.h"
#include "gis/render/qtstyle.h"
#include "labeldraw.h"
#include "labelfeature.h"
#include "labelplacement.h"
#include "labeltext.h"
#include "polylabel.h"
#include "renderlimits.h"
#include "sessioncaches.h"

namespace gis::detail {

namespace {

// No label closer than this to the image's edge (device px): a glyph cut by the border reads as another word.
constexpr double kEdgeMargin = 1.0;

struct LabelLayer {
    std::string name;
    const Layer* source = nullptr; // whose markers are the layer's own (addMarkers)
    int priority = 5;
    LabelPaint paint;
    double halo = 0;          // device px
    double pointDistance = 0; // symbol radius plus offset, device px
    std::unique_ptr<TextShaper> shaper;
    std::unique_ptr<HaloCache> halos;
};

QString evaluateText(const Expression& expression, std::size_t row)
{
    // Labels are one line each: newlines and runs of spaces in the data collapse to single spaces. A text longer
    // than any map can show is cut (with an ellipsis) before it is converted and shaped: a 50 MB attribute
    // would otherwise take minutes.
    return limitText(std::string_view(expression.evaluate(row).toString()), true);
}

double degrees(double radians) { return radians * 180 / std::numbers::pi; }

LabelLayout describe(const ShapedText& text, const LabelCandidate& candidate)
{
    LabelLayout layout;
    layout.curved = candidate.curved();
    if (layout.curved) {
        for (const PlacedGlyph& g : candidate.glyphs)
            layout.glyphs.push_back({g.index, g.font.familyName(), g.toDevice.map(QPointF(0, 0)), degrees(g.angle)});
        return layout;
    }
    const QTransform& t = candidate.toDevice;
    const double angle = degrees(std::atan2(t.m12(), t.m11()));
    for (const ShapedLine& line : text.lines()) {
        layout.lineOrigins.push_back(t.map(line.origin));
        for (const ShapedGlyph& g : line.glyphs)
            layout.glyphs.push_back({g.index, g.font.familyName(), t.map(line.origin + g.position), angle});
    }
    return layout;
}

// The markers labels share the map with (LabelEngine::addMarkers): a box per marker, whose it is, its priority.
struct Markers {
    explicit Markers(QSize size) : index(size) {}
    CollisionIndex index;
    std::vector<LabelEngine::CoveredMarker> owner; // per box: its layer and row
    std::vector<int> priority;
    std::vector<QRectF> body;

    /// The area of marker `i` that `boxes` lie on (px², by their bounds).
    double underLabel(std::uint32_t i, const std::vector<LabelBox>& boxes) const
    {
        double area = 0;
        for (const LabelBox& b : boxes) {
            const QRectF r = b.bounds.intersected(body[i]);
            area += r.isValid() ? r.width() * r.height() : 0;
        }
        return area;
    }
    bool owns(std::uint32_t i, const Layer* layer, std::uint32_t row) const
    {
        return owner[i].layer == layer && owner[i].row == row;
    }
};

} // namespace

struct LabelEngine::Impl {
    std::unique_ptr<HaloStore> ownHalos; // without a session's store; first: the layers' caches refer to it
    HaloStore* halos = nullptr;
    QSize size;
    double dpi = 96;
    double scale = 0;
    QRectF inside; // where label boxes must stay
    std::vector<LabelLayer> layers;
    std::vector<LabelFeature> features;
    bool recordLayouts = false;
    std::vector<LabelLayout> layouts;
    std::unique_ptr<Markers> markers;
    std::vector<CoveredMarker> covered;

    bool fitsInside(const LabelCandidate& candidate) const
    {
        return std::all_of(candidate.boxes.begin(), candidate.boxes.end(), [this](const LabelBox& box) {
            return box.bounds.left() >= inside.left() && box.bounds.right() <= inside.right()
                && box.bounds.top() >= inside.top() && box.bounds.bottom() <= inside.bottom();
        });
    }

    void offerCandidates(const LabelFeature& feature, const LabelLayer& layer, const ShapedText& text,
        const CandidateVisitor& visit) const;
};

void LabelEngine::Impl::offerCandidates(const LabelFeature& feature, const LabelLayer& layer, const ShapedText& text,
    const CandidateVisitor& visit) const
{
    using Kind = LabelFeature::Kind;
    switch (feature.kind) {
    case Kind::AroundPoint:
        pointCandidates(feature.point, layer.pointDistance, text, layer.halo, visit);
        break;
    case Kind::CentredPoint:
        centredCandidates(feature.point, text, layer.halo, visit);
        break;
    case Kind::AlongCurved:
    case Kind::AlongStraight:
        lineCandidates(feature.shapes, text, layer.halo, feature.kind == Kind::AlongCurved, visit);
        break;
    case Kind::InsidePolygon:
        polygonCandidates(feature.shapes, text, layer.halo, visit);
        break;
    case Kind::AroundPolygon:
        pointCandidates(poleOfInaccessibility(feature.shapes).point, layer.pointDistance, text, layer.halo, visit);
        break;
    }
}

LabelEngine::LabelEngine(QSize deviceSize, double dpi, double scaleDenominator, HaloStore* halos)
    : m_impl(std::make_unique<Impl>())
{
    if (!halos) {
        m_impl->ownHalos = std::make_unique<HaloStore>();
        halos = m_impl->ownHalos.get();
    }
    m_impl->halos = halos;
    m_impl->size = deviceSize;
    m_impl->dpi = dpi > 0 ? dpi : 96;
    m_impl->scale = scaleDenominator;
    m_impl->inside = QRectF(QPointF(0, 0), QSizeF(deviceSize)).adjusted(kEdgeMargin, kEdgeMargin, -kEdgeMargin, -kEdgeMargin);
}

LabelEngine::~LabelEngine() = default;

void LabelEngine::addLayer(const std::string& layerName, const Layer& layer, const GeometryColumn& mapGeometries,
    const std::vector<std::uint32_t>& rows, const LabelStyle& style, const MapTransform& transform,
    double pointSymbolSize)
{
    Impl& d = *m_impl;
    if (!style.enabled || style.text.empty() || !inScaleRange(style.minScale, style.maxScale, d.scale))
        return;
    // Compiled once per layer; a bad expression is the caller's layer error (Error(Query) from compile()).
    const Expression first = Expression::compile(style.text, layer);
    std::optional<Expression> second;
    if (!style.secondText.empty())
        second.emplace(Expression::compile(style.secondText, layer));

    LabelLayer entry;
    entry.name = layerName;
    entry.source = &layer;
    entry.priority = std::clamp(style.priority, 0, 10);
    entry.halo = std::max(0.0, style.haloWidth.toDevice(d.dpi));
    entry.paint = {toQColor(style.color), toQColor(style.haloColor)};
    entry.halos = std::make_unique<HaloCache>(entry.halo, *d.halos);
    const double symbolSize = pointSymbolSize >= 0 ? pointSymbolSize : Symbol{}.size.toDevice(d.dpi);
    entry.pointDistance = symbolSize / 2 + std::max(0.0, style.offset.toDevice(d.dpi));
    entry.shaper = std::make_unique<TextShaper>(labelFont(style, d.dpi));
    const auto layerIndex = static_cast<std::uint32_t>(d.layers.size());

    // Cull with the map extent of the image before converting anything.
    const Coord a = transform.toMap(d.inside.topLeft());
    const Coord b = transform.toMap(d.inside.bottomRight());
    const Box visible(std::min(a.x, b.x), std::min(a.y, b.y), std::max(a.x, b.x), std::max(a.y, b.y));
    const std::size_t count = std::min(mapGeometries.size(), layer.size());
    std::size_t added = 0;
    for (const std::uint32_t row : rows) {
        if (row >= count || !mapGeometries.bounds(row).intersects(visible))
            continue;
        LabelFeature feature;
        feature.first = evaluateText(first, row);
        if (second)
            feature.second = evaluateText(*second, row);
        // A feature without a first line (a town without an Arabic name) is named in the other language alone
        // rather than left an unlabelled dot (issue 17: Al Māzim).
        if (feature.first.isEmpty())
            std::swap(feature.first, feature.second);
        if (feature.first.isEmpty())
            continue;
        if (!labelGeometry(mapGeometries, row, transform, d.inside, style.placement, feature))
            continue;
        feature.layer = layerIndex;
        feature.row = row;
        d.features.push_back(std::move(feature));
        ++added;
    }
    if (added > 0)
        d.layers.push_back(std::move(entry));
}

void LabelEngine::addMarkers(const Layer& layer, int priority, const std::vector<std::uint32_t>& rows,
    const std::vector<QPointF>& centres, const std::vector<double>& diameters)
{
    Impl& d = *m_impl;
    if (!d.markers)
        d.markers = std::make_unique<Markers>(d.size);
    Markers& m = *d.markers;
    const QRectF image(QPointF(0, 0), QSizeF(d.size));
    std::vector<LabelBox> box(1);
    for (std::size_t i = 0; i < rows.size() && i < centres.size() && i < diameters.size(); ++i) {
        // The marker's square less half a pixel a side: a label may touch a marker's antialiased rim, not its body.
        const double half = diameters[i] / 2 - 0.5;
        if (!(half > 0) || !std::isfinite(centres[i].x()) || !std::isfinite(centres[i].y()))
            continue;
        const QRectF r(centres[i] - QPointF(half, half), QSizeF(2 * half, 2 * half));
        if (!r.intersects(image))
            continue;
        box[0] = LabelBox::fromRect(r, QTransform());
        m.index.insert(box);
        m.owner.push_back({&layer, rows[i]});
        m.priority.push_back(std::clamp(priority, 0, 10));
        m.body.push_back(r);
    }
}

std::vector<PlacedLabel> LabelEngine::placeAndDraw(QPainter& painter, const CancellationToken& cancel)
{
    Impl& d = *m_impl;
    d.layouts.clear();
    d.covered.clear();
    // Higher priority first, then the layer on top, then the rows' own order (a stable sort keeps it).
    std::vector<std::size_t> order(d.features.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) {
        const LabelFeature& a = d.features[i];
        const LabelFeature& b = d.features[j];
        const int pa = d.layers[a.layer].priority, pb = d.layers[b.layer].priority;
        return pa != pb ? pa > pb : a.layer > b.layer;
    });

    std::vector<PlacedLabel> placed;
    CollisionIndex index(d.size);
    LabelCandidate chosen, fallback;
    std::vector<std::uint32_t> hits, under;
    std::size_t visited = 0;
    for (const std::size_t i : order) {
        if ((visited++ & 63) == 0 && cancel.isCancelled())
            break;
        const LabelFeature& feature = d.features[i];
        LabelLayer& layer = d.layers[feature.layer];
        if (feature.kind == LabelFeature::Kind::AroundPoint) {
            // In a crowded map most point labels have no room left: find out before shaping their text.
            const auto probes = pointCandidateProbes(feature.point, layer.pointDistance);
            if (std::all_of(probes.begin(), probes.end(), [&](const QPointF& p) { return index.covers(p); }))
                continue;
        }
        const std::shared_ptr<const ShapedText> text = layer.shaper->shape(feature.first, feature.second);
        if (!text)
            continue;
        bool found = false;
        double least = -1; // the area of the markers the fallback lies on; -1: none found
        d.offerCandidates(feature, layer, *text, [&](LabelCandidate& candidate) {
            if (!d.fitsInside(candidate) || index.collides(candidate.boxes))
                return false;
            if (d.markers) {
                d.markers->index.colliding(candidate.boxes, hits);
                std::size_t n = 0;
                for (const std::uint32_t h : hits) {
                    if (d.markers->owns(h, layer.source, feature.row))
                        continue;
                    if (d.markers->priority[h] >= layer.priority)
                        return false; // a marker that outranks the label (or ties): never covered
                    hits[n++] = h;
                }
                if (n > 0) { // only lower markers in the way: remember the place that hides the least of them
                    double area = 0; // of the markers' bodies under the label
                    for (std::size_t k = 0; k < n; ++k)
                        area += d.markers->underLabel(hits[k], candidate.boxes);
                    if (least < 0 || area < least) {
                        least = area;
                        fallback = candidate;
                        under.assign(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(n));
                    }
                    return false;
                }
            }
            chosen = std::move(candidate);
            found = true;
            return true;
        });
        if (!found && least >= 0) {
            chosen = std::move(fallback);
            found = true;
            for (const std::uint32_t h : under) {
                const CoveredMarker& m = d.markers->owner[h];
                if (std::none_of(d.covered.begin(), d.covered.end(),
                        [&](const CoveredMarker& x) { return x.layer == m.layer && x.row == m.row; }))
                    d.covered.push_back(m);
            }
        }
        if (!found)
            continue;
        index.insert(chosen.boxes);
        // Drawn as soon as placed (a label drawn after all were placed came out a level or two off in its halo).
        drawLabel(painter, *text, chosen, layer.paint, *layer.halos);
        placed.push_back({layer.name, text->text(), chosen.bounds(), feature.row});
        if (d.recordLayouts)
            d.layouts.push_back(describe(*text, chosen));
    }
    return placed;
}

const std::vector<LabelEngine::CoveredMarker>& LabelEngine::coveredMarkers() const { return m_impl->covered; }

void LabelEngine::setRecordLayouts(bool record) { m_impl->recordLayouts = record; }

const std::vector<LabelLayout>& LabelEngine::layouts() const { return m_impl->layouts; }

} // namespace gis::detail
