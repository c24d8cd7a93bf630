// Print layout templates (JSON) and the map frame's geometry: extent, scale bar, grid convergence.

#include "gis/render/layout.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

#include "gis/core/error.h"
#include "gis/crs/transformer.h"
#include "gis/data/layer.h"

namespace gis {

namespace {

constexpr double kPi = 3.14159265358979323846;

[[noreturn]] void fail(const std::string& path, const std::string& what)
{
    throw Error(ErrorCode::Format, path + ": " + what);
}

Qt::Alignment parseAlign(const QString& s)
{
    if (s == "right")
        return Qt::AlignRight;
    if (s == "center" || s == "centre")
        return Qt::AlignHCenter;
    return Qt::AlignLeft;
}

/// Metres per map unit at a latitude: 1 for projected CRSs (UTM scale factor ignored), a degree of longitude
/// on the WGS 84 ellipsoid for geographic ones.
double metresPerUnit(const Crs& crs, double latitude)
{
    if (!crs.isValid() || !crs.isGeographic())
        return 1;
    constexpr double a = 6378137.0;
    constexpr double e2 = 0.00669437999014;
    const double lat = std::clamp(latitude, -89.999, 89.999) * kPi / 180;
    const double s = std::sin(lat);
    return kPi / 180 * a * std::cos(lat) / std::sqrt(1 - e2 * s * s);
}

Crs mapCrs(const RenderRequest& map)
{
    if (map.crs.isValid())
        return map.crs;
    for (const auto& l : map.layers)
        if (l.vector)
            return l.vector->crs();
    return {};
}

} // namespace

QString toArabicDigits(const QString& text)
{
    QString out = text;
    for (QChar& c : out)
        if (c >= QChar('0') && c <= QChar('9'))
            c = QChar(0x0660 + (c.unicode() - '0'));
    return out;
}

Layout readLayoutFile(const std::string& path)
{
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly))
        throw Error(ErrorCode::Io, path + ": cannot read the layout template");
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &err);
    if (!doc.isObject())
        fail(path, "not a JSON object (" + err.errorString().toStdString() + ")");
    const QJsonObject root = doc.object();
    Layout layout;
    layout.language = root.value("language").toString("en").toStdString();
    if (layout.language != "ar" && layout.language != "en")
        fail(path, "language: expected \"ar\" or \"en\"");
    const QJsonObject page = root.value("page").toObject();
    const QString size = page.value("size").toString("A4");
    static const std::vector<std::pair<QString, std::pair<double, double>>> sizes = {{"A0", {841, 1189}},
        {"A1", {594, 841}}, {"A2", {420, 594}}, {"A3", {297, 420}}, {"A4", {210, 297}}, {"Letter", {215.9, 279.4}}};
    double w = 0, h = 0;
    for (const auto& [name, wh] : sizes)
        if (name.compare(size, Qt::CaseInsensitive) == 0)
            std::tie(w, h) = wh;
    if (size == "custom") {
        w = page.value("width_mm").toDouble();
        h = page.value("height_mm").toDouble();
    }
    if (!(w > 10 && h > 10 && w < 5000 && h < 5000))
        fail(path, "page.size: \"" + size.toStdString() + "\" is not A0..A4, Letter or custom with width_mm/height_mm");
    const QString orientation = page.value("orientation").toString("portrait");
    if (orientation != "portrait" && orientation != "landscape")
        fail(path, "page.orientation: expected portrait or landscape");
    if ((orientation == "landscape") != (w > h))
        std::swap(w, h);
    layout.widthMm = w;
    layout.heightMm = h;
    const double margin = page.value("margin_mm").toDouble(10);
    const QJsonArray items = root.value("items").toArray();
    for (int i = 0; i < items.size(); ++i) {
        const QJsonObject o = items[i].toObject();
        const std::string where = "items[" + std::to_string(i) + "]";
        LayoutItem item;
        const QString type = o.value("type").toString();
        static const std::vector<std::pair<QString, LayoutItem::Kind>> kinds = {{"map", LayoutItem::Kind::Map},
            {"title", LayoutItem::Kind::Title}, {"legend", LayoutItem::Kind::Legend},
            {"scale_bar", LayoutItem::Kind::ScaleBar}, {"north_arrow", LayoutItem::Kind::NorthArrow},
            {"text", LayoutItem::Kind::Text}};
        auto k = std::find_if(kinds.begin(), kinds.end(), [&](const auto& p) { return p.first == type; });
        if (k == kinds.end())
            fail(path, where + ".type: unknown item type \"" + type.toStdString() + "\"");
        item.kind = k->second;
        const QJsonArray r = o.value("rect").toArray();
        if (r.size() != 4 || r[2].toDouble() <= 0 || r[3].toDouble() <= 0)
            fail(path, where + ".rect: expected [x, y, width, height] in mm inside the margins");
        // Rectangles are relative to the margins, so a template reads the same on any page.
        item.rectMm = QRectF(margin + r[0].toDouble(), margin + r[1].toDouble(), r[2].toDouble(), r[3].toDouble());
        if (item.rectMm.right() > w - margin + 0.01 || item.rectMm.bottom() > h - margin + 0.01)
            fail(path, where + ".rect: outside the page's margins");
        item.align = parseAlign(o.value("align").toString("left"));
        item.fontSizePt = o.value("font_size").toDouble(item.kind == LayoutItem::Kind::Title ? 20 : 9);
        item.scale = o.value("scale").toDouble(0);
        item.text = o.value("text").toString();
        layout.items.push_back(item);
    }
    return layout;
}

Box layoutMapExtent(const Layout&, const LayoutItem& mapItem, const RenderRequest& map)
{
    const Box& e = map.extent;
    const double wMm = mapItem.rectMm.width(), hMm = mapItem.rectMm.height();
    const Coord c = e.center();
    if (mapItem.scale > 0) {
        const double mpu = metresPerUnit(mapCrs(map), c.y);
        const double halfW = wMm / 1000 * mapItem.scale / mpu / 2;
        // Degrees of latitude are longer than those of longitude: keep y in metres too (approximately).
        const double halfH = hMm / 1000 * mapItem.scale / (mapCrs(map).isValid() && mapCrs(map).isGeographic() ? 111320.0 : mpu) / 2;
        return Box(c.x - halfW, c.y - halfH, c.x + halfW, c.y + halfH);
    }
    // The same fitting as MapTransform: widen to the frame's aspect ratio, centred.
    const double unitsPerMm = std::max(e.width() / wMm, e.height() / hMm);
    return Box(c.x - unitsPerMm * wMm / 2, c.y - unitsPerMm * hMm / 2, c.x + unitsPerMm * wMm / 2, c.y + unitsPerMm * hMm / 2);
}

ScaleBarGeometry layoutScaleBar(const Layout& layout, const LayoutItem& mapItem, const RenderRequest& map, double maxMm)
{
    const Box extent = layoutMapExtent(layout, mapItem, map);
    ScaleBarGeometry g;
    const double groundWidth = extent.width() * metresPerUnit(mapCrs(map), extent.center().y);
    g.scaleDenominator = groundWidth / (mapItem.rectMm.width() / 1000);
    const double maxGround = maxMm / 1000 * g.scaleDenominator;
    double nice = std::pow(10, std::floor(std::log10(maxGround)));
    for (double m : {5.0, 2.0, 1.0})
        if (nice * m <= maxGround) {
            nice *= m;
            break;
        }
    g.groundMetres = nice;
    g.lengthMm = nice / g.scaleDenominator * 1000;
    const double first = nice / std::pow(10, std::floor(std::log10(nice)));
    g.segments = first == 1 ? 5 : first == 2 ? 4 : 5;
    const bool km = nice >= 1000;
    const QString number = QString::number(km ? nice / 1000 : nice, 'g', 12);
    if (layout.language == "ar")
        g.label = toArabicDigits(number) + (km ? QString::fromUtf8(" كم") : QString::fromUtf8(" م"));
    else
        g.label = number + (km ? " km" : " m");
    return g;
}

double gridConvergence(const Crs& crs, const Coord& centre)
{
    if (!crs.isValid() || crs.isGeographic())
        return 0;
    try {
        const Transformer toGeo(crs, Crs::fromEpsg(4326));
        const Transformer fromGeo(Crs::fromEpsg(4326), crs);
        Coord ll = toGeo.transform(centre);
        const Coord north = fromGeo.transform(Coord{ll.x, ll.y + 0.01});
        if (!std::isfinite(north.x) || !std::isfinite(north.y))
            return 0;
        // Angle of true north measured clockwise from grid north (up on the page).
        return std::atan2(north.x - centre.x, north.y - centre.y) * 180 / kPi;
    } catch (const Error&) {
        return 0;
    }
}

} // namespace gis
