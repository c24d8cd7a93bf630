#include "atlashighlight.h"

#include <cmath>

namespace gis::detail {

namespace {

// The veil: white at 55 %, enough that other features recede while staying legible as context. The outline:
// 0.8 mm of dark red, which none of the sample's fills use.
constexpr Color kVeil{255, 255, 255, 140};
constexpr Color kOutline{165, 15, 21};

std::shared_ptr<const Layer> polygonLayer(const char* name, const Crs& crs, GeometryColumn geometry)
{
    AttributeTable attributes;
    attributes.setRowCount(1);
    return std::make_shared<const Layer>(name, crs, GeometryType::Polygon, std::move(geometry), std::move(attributes),
        std::vector<std::int64_t>{1});
}

MapLayer overlay(const char* name, std::shared_ptr<const Layer> layer, const Symbol& symbol)
{
    MapLayer m;
    m.name = name;
    m.vector = std::move(layer);
    m.style.renderer.symbol = symbol;
    m.inLegend = false;
    return m;
}

} // namespace

void addAtlasHighlight(RenderRequest& map, const Layer& layer, std::size_t row, const std::optional<Transformer>& toMap,
    const Crs& mapCrs)
{
    const GeometryColumn& g = layer.geometries();
    if (row >= g.size() || g.isNull(row) || g.isEmpty(row))
        return;
    // The feature's rings in the map CRS; a point or line part means this is not a polygon page.
    std::vector<std::vector<Coord>> rings;
    for (std::size_t p = g.partBegin(row); p < g.partEnd(row); ++p) {
        if (g.partType(p) != GeometryType::Polygon)
            return;
        for (std::size_t r = g.ringBegin(p); r < g.ringEnd(p); ++r) {
            std::vector<Coord> ring(g.coords() + g.coordBegin(r), g.coords() + g.coordEnd(r));
            if (toMap)
                toMap->transform(ring.data(), ring.size());
            rings.push_back(std::move(ring));
        }
    }
    if (rings.empty())
        return;

    // One polygon: a rectangle far beyond anything the frame can show, with every ring of the feature inside
    // it; drawn even-odd, the feature is a hole and the feature's own holes are veiled again.
    const Box e = map.extent;
    const double reach = std::max(e.width(), e.height()) * 10;
    GeometryColumn veil;
    veil.beginGeometry(GeometryType::Polygon);
    veil.beginPart(GeometryType::Polygon);
    veil.beginRing();
    for (const Coord c : {Coord{e.minX - reach, e.minY - reach}, Coord{e.maxX + reach, e.minY - reach},
             Coord{e.maxX + reach, e.maxY + reach}, Coord{e.minX - reach, e.maxY + reach}, Coord{e.minX - reach, e.minY - reach}})
        veil.addCoord(c.x, c.y);
    for (const auto& ring : rings) {
        veil.beginRing();
        for (const Coord& c : ring)
            veil.addCoord(c.x, c.y);
    }
    veil.endGeometry();

    GeometryColumn outline;
    outline.beginGeometry(GeometryType::Polygon);
    for (std::size_t p = g.partBegin(row), k = 0; p < g.partEnd(row); ++p) {
        outline.beginPart(GeometryType::Polygon);
        for (std::size_t r = g.ringBegin(p); r < g.ringEnd(p); ++r, ++k) {
            outline.beginRing();
            for (const Coord& c : rings[k])
                outline.addCoord(c.x, c.y);
        }
    }
    outline.endGeometry();

    Symbol veilSymbol;
    veilSymbol.fill.color = kVeil;
    veilSymbol.stroke.enabled = false;
    Symbol outlineSymbol;
    outlineSymbol.fill.pattern = Fill::Pattern::None;
    outlineSymbol.stroke.color = kOutline;
    outlineSymbol.stroke.width = Length{0.8, Length::Unit::Millimetre};
    map.layers.push_back(overlay("atlas-veil", polygonLayer("atlas-veil", mapCrs, std::move(veil)), veilSymbol));
    map.layers.push_back(overlay("atlas-feature", polygonLayer("atlas-feature", mapCrs, std::move(outline)), outlineSymbol));
}

} // namespace gis::detail
