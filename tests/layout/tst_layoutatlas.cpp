// Atlas pages bring their own feature forward: on the page of one wilayat, the map inside that wilayat is drawn as on
// a plain page of the same extent, and the map inside the other wilayats is paler. Oracle: the same page drawn
// without the highlight, and a point-in-polygon test (even-odd ray casting, written here) on the wilayat rings
// transformed to the map CRS by PROJ.

#include <QImage>
#include <QPainter>
#include <QTest>

#include <cmath>

#include "gis/crs/transformer.h"
#include "gis/data/layer.h"
#include "gis/layout/atlas.h"
#include "gis/layout/layoutcontent.h"
#include "gis/layout/layoutdraw.h"
#include "gis/layout/layoutfile.h"
#include "gis/layout/mapframe.h"
#include "gis/project/project.h"

namespace {

using Ring = std::vector<gis::Coord>;

/// Even-odd: inside when a ray to the right crosses the rings an odd number of times.
bool inside(const std::vector<Ring>& rings, gis::Coord p)
{
    bool in = false;
    for (const Ring& r : rings)
        for (std::size_t i = 0, j = r.size() - 1; i < r.size(); j = i++)
            if ((r[i].y > p.y) != (r[j].y > p.y) &&
                p.x < (r[j].x - r[i].x) * (p.y - r[i].y) / (r[j].y - r[i].y) + r[i].x)
                in = !in;
    return in;
}

QImage drawPage(const gis::Layout& layout, const gis::LayoutContent& content, double dpi)
{
    QImage image(qRound(layout.widthMm / 25.4 * dpi), qRound(layout.heightMm / 25.4 * dpi), QImage::Format_ARGB32);
    image.fill(Qt::white);
    QPainter p(&image);
    gis::drawLayout(p, layout, content, dpi);
    return image;
}

} // namespace

class TestLayoutAtlas : public QObject {
    Q_OBJECT

private slots:
    void pageHighlightsItsFeatureAndDimsTheRest()
    {
        gis::Project project = gis::Project::load(GIS_SOURCE_DIR "/data/dakhiliyah.json");
        project.loadData();
        const gis::LayoutContent base = gis::projectLayoutContent(project, "en");
        const std::vector<gis::LayoutContent> pages = gis::atlasPages(project, base, "wilayat", "name_en");
        const gis::Layer* wilayat = nullptr;
        for (const auto& pl : project.layers)
            if (pl.map.name == "wilayat")
                wilayat = pl.map.vector.get();
        QVERIFY(wilayat);
        QCOMPARE(pages.size(), wilayat->size());

        // Every wilayat's rings in the map CRS.
        const gis::Transformer toMap(wilayat->crs(), base.map.crs);
        const gis::GeometryColumn& g = wilayat->geometries();
        std::vector<std::vector<Ring>> rings(g.size());
        for (std::size_t i = 0; i < g.size(); ++i)
            for (std::size_t p = g.partBegin(i); p < g.partEnd(i); ++p)
                for (std::size_t r = g.ringBegin(p); r < g.ringEnd(p); ++r) {
                    Ring ring(g.coords() + g.coordBegin(r), g.coords() + g.coordEnd(r));
                    toMap.transform(ring.data(), ring.size());
                    rings[i].push_back(std::move(ring));
                }

        const gis::Layout layout = gis::readLayoutFile(GIS_SOURCE_DIR "/styles/layouts/a4-landscape-en.json");
        const gis::LayoutItem* mapItem = nullptr;
        for (const auto& item : layout.items)
            if (item.kind == gis::LayoutItem::Kind::Map)
                mapItem = &item;
        QVERIFY(mapItem);
        const double dpi = 60, mm = dpi / 25.4;
        const QRectF frame(mapItem->rectMm.x() * mm, mapItem->rectMm.y() * mm, mapItem->rectMm.width() * mm,
            mapItem->rectMm.height() * mm);
        for (const std::size_t k : {std::size_t{0}, pages.size() / 2}) {
            const gis::LayoutContent& page = pages[k];
            gis::LayoutContent plain = page;
            plain.map.layers = base.map.layers;
            const QImage highlighted = drawPage(layout, page, dpi), unhighlighted = drawPage(layout, plain, dpi);
            const gis::Box e = gis::layoutMapExtent(layout, *mapItem, page.map);
            int own = 0, ownSame = 0, other = 0, otherPaler = 0;
            for (int y = int(frame.top()) + 3; y < int(frame.bottom()) - 3; y += 3)
                for (int x = int(frame.left()) + 3; x < int(frame.right()) - 3; x += 3) {
                    const gis::Coord c{e.minX + (x + 0.5 - frame.left()) / frame.width() * e.width(),
                        e.maxY - (y + 0.5 - frame.top()) / frame.height() * e.height()};
                    const QRgb h = highlighted.pixel(x, y), u = unhighlighted.pixel(x, y);
                    if (inside(rings[k], c)) {
                        ++own;
                        ownSame += std::abs(qGray(h) - qGray(u)) <= 6 && std::abs(qRed(h) - qRed(u)) <= 6;
                        continue;
                    }
                    for (std::size_t i = 0; i < rings.size(); ++i)
                        if (i != k && inside(rings[i], c)) {
                            ++other;
                            otherPaler += qGray(h) >= qGray(u) + 10 || qGray(u) > 245; // white stays white
                            break;
                        }
                }
            const QByteArray what = "page " + QByteArray::number(int(k) + 1) + ": ";
            QVERIFY2(own > 100 && other > 100, what + QByteArray::number(own) + " / " + QByteArray::number(other));
            // Inside its own wilayat the page is as a plain page, but for the outline along its edge.
            QVERIFY2(ownSame >= own * 0.85, what + QByteArray::number(ownSame) + " of " + QByteArray::number(own) + " unchanged");
            // Elsewhere paler, but for the labels (drawn above the veil).
            QVERIFY2(otherPaler >= other * 0.85, what + QByteArray::number(otherPaler) + " of " + QByteArray::number(other) + " paler");
        }
    }
};

QTEST_MAIN(TestLayoutAtlas)
#include "tst_layoutatlas.moc"
