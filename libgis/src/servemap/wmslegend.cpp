// WMS GetLegendGraphic: one layer's symbols with their labels, drawn with the map's own symbol drawing (the swatches
// of a print layout's legend, gis/render/symbolpreview.h). LANGUAGE=ar gives the Arabic title.

#include <QFont>
#include <QFontMetricsF>
#include <QImage>
#include <QPainter>

#include <algorithm>

#include "gis/data/layer.h"
#include "gis/geom/geometrycolumn.h"
#include "gis/render/limits.h"
#include "gis/render/symbolpreview.h"

#include "wmshandlers.h"

namespace gis::servemap {

namespace {

struct Entry {
    QString text;
    Symbol symbol;
};

/// The entries of a vector layer's renderer, in the order a layout's legend lists them.
std::vector<Entry> entriesOf(const MapLayer& l)
{
    std::vector<Entry> out;
    const Renderer& r = l.style.renderer;
    switch (r.kind) {
    case Renderer::Kind::Single: out.push_back({QString(), r.symbol}); break;
    case Renderer::Kind::Categorized:
        for (const auto& c : r.categories)
            out.push_back({limitText(c.label.empty() ? c.value : c.label), c.symbol});
        break;
    case Renderer::Kind::Graduated:
        for (const auto& g : r.ranges)
            out.push_back({limitText(g.label), g.symbol});
        break;
    case Renderer::Kind::RuleBased:
        for (const auto& rule : r.rules)
            out.push_back({limitText(rule.label), rule.symbol});
        break;
    }
    return out;
}

constexpr int kRow = 22, kSwatch = 28, kPad = 4, kMaxEntries = 200;

} // namespace

serve::HttpResponse wmsLegendGraphic(const MapService::Impl& service, const serve::HttpRequest& request)
{
    const std::string& name = requiredParam(request, "LAYER");
    const MapLayer* found = service.find(name, request);
    if (!found)
        throw WmsError{"LayerNotDefined", "no layer \"" + name.substr(0, 100) + "\""};
    if (const std::string* f = request.queryParamNoCase("FORMAT"); f && *f != "image/png")
        throw WmsError{"InvalidFormat", "FORMAT must be image/png"};
    const std::string* language = request.queryParamNoCase("LANGUAGE");
    const bool arabic = language && *language == "ar";
    const MapLayer l = service.current(*found);

    const QString title = limitText(arabic && !l.titleAr.empty() ? l.titleAr : l.title.empty() ? l.name : l.title);
    std::vector<Entry> entries;
    SymbolPreviewShape shape = SymbolPreviewShape::Polygon;
    if (l.vector) {
        entries = entriesOf(l);
        const GeometryType t = singleType(l.vector->geometryType());
        shape = t == GeometryType::Point ? SymbolPreviewShape::Point
            : t == GeometryType::LineString ? SymbolPreviewShape::Line : SymbolPreviewShape::Polygon;
    }
    if (entries.size() > kMaxEntries)
        entries.resize(kMaxEntries);

    QFont font("Noto Sans");
    font.setPixelSize(12);
    QFont bold = font;
    bold.setBold(true);
    double width = QFontMetricsF(bold).horizontalAdvance(title);
    for (const auto& e : entries)
        width = std::max(width, kSwatch + kPad + QFontMetricsF(font).horizontalAdvance(e.text));
    const QSize size(std::min(1024, int(width) + 2 * kPad + 1), kRow * int(1 + entries.size()) + kPad);

    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    {
        QPainter p(&image);
        p.setRenderHint(QPainter::Antialiasing);
        p.setRenderHint(QPainter::TextAntialiasing);
        p.setPen(Qt::black);
        p.setFont(bold);
        const Qt::AlignmentFlag side = arabic ? Qt::AlignRight : Qt::AlignLeft;
        p.drawText(QRectF(kPad, 0, size.width() - 2 * kPad, kRow), side | Qt::AlignVCenter, title);
        p.setFont(font);
        for (std::size_t i = 0; i < entries.size(); ++i) {
            const double y = kRow * (i + 1.0);
            const QRectF swatch(arabic ? size.width() - kPad - kSwatch : kPad, y + 3, kSwatch, kRow - 6);
            drawSymbolPreview(p, entries[i].symbol, shape, swatch, 96);
            const QRectF text(arabic ? kPad : kPad + kSwatch + kPad, y, size.width() - kSwatch - 3 * kPad, kRow);
            p.setPen(Qt::black);
            p.drawText(text, side | Qt::AlignVCenter, entries[i].text);
        }
    }
    serve::HttpResponse out;
    out.contentType = "image/png";
    out.body = encodeImage(image, false);
    return out;
}

} // namespace gis::servemap
