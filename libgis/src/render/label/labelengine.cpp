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

std::vector<PlacedLabel> LabelEngine::placeAndDraw(QPainter& painter, const CancellationToken& cancel)
{
    Impl& d = *m_impl;
    d.layouts.clear();
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
    LabelCandidate chosen;
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
        d.offerCandidates(feature, layer, *text, [&](LabelCandidate& candidate) {
            if (!d.fitsInside(candidate) || index.collides(candidate.boxes))
                return false;
            chosen = std::move(candidate);
            found = true;
            return true;
        });
        if (!found)
            continue;
        index.insert(chosen.boxes);
        drawLabel(painter, *text, chosen, layer.paint, *layer.halos);
        placed.push_back({layer.name, text->text(), chosen.bounds(), feature.row});
        if (d.recordLayouts)
            d.layouts.push_back(describe(*text, chosen));
    }
    return placed;
}

void LabelEngine::setRecordLayouts(bool record) { m_impl->recordLayouts = record; }

const std::vector<LabelLayout>& LabelEngine::layouts() const { return m_impl->layouts; }

} // namespace gis::detail
