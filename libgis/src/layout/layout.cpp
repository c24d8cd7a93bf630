// Print layout templates (JSON) and the map frame's geometry: extent, scale bar, grid convergence.

#include "gis/layout/layoutfile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

#include "gis/core/error.h"
#include "gis/core/pathguard.h"
#include "gis/core/readfile.h"
#include "gis/crs/transformer.h"
#include "gis/data/layer.h"
#include "gis/layout/arabicdigits.h"
#include "gis/layout/mapframe.h"
#include "layoutparts.h"
#include "layoutlimits.h"

namespace fs = std::filesystem;

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

Crs mapCrs(const RenderRequest& map) { return detail::layoutMapCrs(map); }

/// The grid of a map item: "grid": {"type": "graticule"|"utm"|"none", "interval": N, "font_size": pt}.
LayoutGrid parseGrid(const std::string& path, const std::string& where, const QJsonValue& v)
{
    LayoutGrid grid;
    if (v.isUndefined() || v.isNull())
        return grid;
    if (!v.isObject())
        fail(path, where + ": expected an object {\"type\": \"graticule\"|\"utm\"|\"none\", \"interval\": N}");
    const QJsonObject o = v.toObject();
    const QString type = o.value("type").toString("graticule");
    if (type == "graticule")
        grid.kind = LayoutGrid::Kind::Graticule;
    else if (type == "utm")
        grid.kind = LayoutGrid::Kind::Utm;
    else if (type != "none")
        fail(path, where + ".type: expected \"graticule\", \"utm\" or \"none\", not \"" + type.toStdString() + "\"");
    grid.interval = o.value("interval").toDouble(0);
    if (!(grid.interval >= 0) || !std::isfinite(grid.interval))
        fail(path, where + ".interval: expected a positive number (degrees or metres), or 0 for automatic");
    grid.fontSizePt = o.value("font_size").toDouble(grid.fontSizePt);
    if (!(grid.fontSizePt >= 3 && grid.fontSizePt <= 36))
        fail(path, where + ".font_size: expected 3 to 36 points");
    if (o.contains("color")) {
        const QColor c = QColor::fromString(o.value("color").toString());
        if (!c.isValid())
            fail(path, where + ".color: expected a colour such as \"#5a5a5aaa\"");
        grid.color = c;
    }
    return grid;
}

/// An image item's file, relative to the template's folder and inside it: the absolute path.
std::string resolveImage(const std::string& path, const std::string& where, const QString& value)
{
    const std::string name = value.toStdString();
    const fs::path rel(name);
    if (name.empty())
        fail(path, where + ": expected the image's file name, relative to the template's folder");
    if (rel.is_absolute() || rel.has_root_name() || rel.has_root_directory())
        fail(path, where + ": \"" + name + "\" is absolute; give a path relative to the template's folder");
    for (const auto& part : rel)
        if (part == "..")
            fail(path, where + ": \"" + name + "\" leaves the template's folder (\"..\" is not allowed)");
    // Then the one resolver every document path goes through: links followed, inside the template's folder,
    // a regular file.
    std::error_code ec;
    PathRules rules;
    rules.baseDir = fs::absolute(fs::path(path), ec).parent_path().string();
    rules.allowedFolders = {rules.baseDir};
    rules.refuseVrt = false; // drawn by Qt, never handed to GDAL
    rules.document = "layout template";
    rules.what = "image";
    std::string resolved; // a missing file or a FIFO throws, naming `where`
    if (!checkDocumentPath(name, path + ": " + where, rules, &resolved).empty())
        fail(path, where + ": \"" + name + "\" is a link to a file outside the template's folder");
    const fs::path full(resolved);
    std::string ext = full.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    if (ext != ".png" && ext != ".jpg" && ext != ".jpeg" && ext != ".svg")
        fail(path, where + ": \"" + name + "\" is not a .png, .jpg or .svg file");
    return full.string();
}

} // namespace

namespace detail {

Crs layoutMapCrs(const RenderRequest& map)
{
    if (map.crs.isValid())
        return map.crs;
    for (const auto& l : map.layers)
        if (l.vector)
            return l.vector->crs();
    return {};
}

Box layoutFittedExtent(const Layout& layout, const LayoutItem& mapItem, const RenderRequest& map)
{
    const Box e = layoutMapExtent(layout, mapItem, map);
    const double wMm = mapItem.rectMm.width(), hMm = mapItem.rectMm.height();
    const double unitsPerMm = std::max(e.width() / wMm, e.height() / hMm);
    const Coord c = e.center();
    return Box(c.x - unitsPerMm * wMm / 2, c.y - unitsPerMm * hMm / 2, c.x + unitsPerMm * wMm / 2, c.y + unitsPerMm * hMm / 2);
}

} // namespace detail

QString toArabicDigits(const QString& text)
{
    QString out = text;
    for (QChar& c : out)
        if (c >= QChar('0') && c <= QChar('9'))
            c = QChar(0x0660 + (c.unicode() - '0'));
    return out;
}

QString toArabicNumerals(const QString& text)
{
    auto isDigit = [&](qsizetype i) { return i >= 0 && i < text.size() && text[i] >= QChar('0') && text[i] <= QChar('9'); };
    QString out = toArabicDigits(text);
    for (qsizetype i = 1; i + 1 < text.size(); ++i)
        if ((text[i] == QChar(',') || text[i] == QChar('.')) && isDigit(i - 1) && isDigit(i + 1))
            out[i] = QChar(text[i] == QChar(',') ? 0x066C : 0x066B);
    return out;
}

QString groupThousands(long long value)
{
    const QString digits = QString::number(value < 0 ? -static_cast<unsigned long long>(value) : static_cast<unsigned long long>(value));
    QString out;
    for (qsizetype i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            out += QChar(',');
        out += digits[i];
    }
    return value < 0 ? "-" + out : out;
}

Layout readLayoutFile(const std::string& path)
{
    const QByteArray bytes = QByteArray::fromStdString(readSmallFile(path, kMaxJsonFileBytes, "layout template"));
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &err);
    if (!doc.isObject())
        fail(path, "not a JSON object (" + err.errorString().toStdString() + ")");
    const QJsonObject root = doc.object();
    Layout layout;
    layout.language = root.value("language").toString("en").toStdString();
    if (layout.language != "ar" && layout.language != "en")
        fail(path, "language: expected \"ar\" or \"en\"");
    layout.filledBy = root.value("filled_by").toString().left(80).toStdString();
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
    if (!(margin >= 0 && margin < std::min(w, h) / 2))
        fail(path, "page.margin_mm: expected 0 to less than half the page's shorter side");
    const QJsonArray items = root.value("items").toArray();
    std::set<std::string> explicitIds;
    for (int i = 0; i < items.size(); ++i) {
        const QJsonObject o = items[i].toObject();
        const std::string where = "items[" + std::to_string(i) + "]";
        LayoutItem item;
        const QString type = o.value("type").toString();
        static const std::vector<std::pair<QString, LayoutItem::Kind>> kinds = {{"map", LayoutItem::Kind::Map},
            {"title", LayoutItem::Kind::Title}, {"legend", LayoutItem::Kind::Legend},
            {"scale_bar", LayoutItem::Kind::ScaleBar}, {"north_arrow", LayoutItem::Kind::NorthArrow},
            {"text", LayoutItem::Kind::Text}, {"inset", LayoutItem::Kind::Inset}, {"image", LayoutItem::Kind::Image},
            {"provenance", LayoutItem::Kind::Text}}; // a text item whose text defaults to "{provenance}"
        auto k = std::find_if(kinds.begin(), kinds.end(), [&](const auto& p) { return p.first == type; });
        if (k == kinds.end())
            fail(path, where + ".type: unknown item type \"" + type.toStdString() + "\"");
        item.kind = k->second;
        item.id = o.value("id").toString(type).toStdString();
        if (o.contains("id") && (!o.value("id").isString() || item.id.empty() || !explicitIds.insert(item.id).second))
            fail(path, where + ".id: expected a name no other item has");
        if (o.contains("visible") && !o.value("visible").isBool())
            fail(path, where + ".visible: expected true or false");
        item.visible = o.value("visible").toBool(true);
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
        item.text = o.value("text").toString(type == "provenance" ? "{provenance}" : QString());
        if (o.contains("grid") && item.kind != LayoutItem::Kind::Map)
            fail(path, where + ".grid: only a map item has a grid");
        item.grid = parseGrid(path, where + ".grid", o.value("grid"));
        if (item.kind == LayoutItem::Kind::Inset) {
            const QJsonValue layers = o.value("layers");
            if (!layers.isUndefined() && !layers.isArray())
                fail(path, where + ".layers: expected an array of the project's layer names");
            for (const auto& name : layers.toArray()) {
                if (!name.isString())
                    fail(path, where + ".layers: expected an array of the project's layer names");
                item.insetLayers.push_back(name.toString().toStdString());
            }
        }
        if (item.kind == LayoutItem::Kind::Image)
            item.imagePath = resolveImage(path, where + ".path", o.value("path").toString());
        layout.items.push_back(item);
    }
    detail::checkLayout(layout, path + ":");
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
    // An empty or endless extent has no scale (1:0, 1:inf): no bar rather than NaN lengths.
    if (!(g.scaleDenominator > 0 && std::isfinite(g.scaleDenominator) && maxMm > 0)) {
        g.scaleDenominator = 0;
        g.lengthMm = 0;
        return g;
    }
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
