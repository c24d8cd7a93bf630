// XYZ and OGC API - Tiles of gis serve, dispatched straight to the router: tile bounds against the slippy-map
// formula and gdaltransform, a tile against the GetMap of its metatile, the cache (hits, ETag, 304) and its
// invalidation when a layer is published again with changed data.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <cmath>

#include "gis/data/editsession.h"
#include "support/mapsupport.h"

using namespace gis;
using namespace gis::testing;

namespace {

/// EPSG:3857 metres of a lon/lat point, by gdaltransform (the oracle).
std::pair<double, double> mercator(double lon, double lat)
{
    bool ok = false;
    const QString out = run("gdaltransform", {"-s_srs", "EPSG:4326", "-t_srs", "EPSG:3857", "-output_xy"}, &ok,
        QByteArray::number(lon, 'g', 17) + " " + QByteArray::number(lat, 'g', 17) + "\n");
    const QStringList v = out.trimmed().split(' ', Qt::SkipEmptyParts);
    if (!ok || v.size() < 2)
        return {NAN, NAN};
    return {v[0].toDouble(), v[1].toDouble()};
}

/// The slippy-map formula (OpenStreetMap wiki): the lon/lat of tile (z, x, y)'s top-left corner.
std::pair<double, double> tileCorner(int z, int x, int y)
{
    const double n = std::ldexp(1.0, z);
    return {x / n * 360.0 - 180.0, std::atan(std::sinh(M_PI * (1 - 2 * y / n))) * 180.0 / M_PI};
}

} // namespace

class TestTiles : public QObject {
    Q_OBJECT

    std::unique_ptr<MapFixture> f;

private slots:
    void init() { f = std::make_unique<MapFixture>(); } // a fresh cache for each test

    void tileEqualsTheGetMapOfItsMetatile()
    {
        // Nizwa (57.53333, 22.93333) is in tile 9/337/222; its 4 x 4 metatile starts at 336/220.
        const int z = 9, x = 337, y = 222, mx = 336, my = 220;
        const auto tl = tileCorner(z, mx, my), br = tileCorner(z, mx + 4, my + 4);
        const auto [minX, maxY] = mercator(tl.first, tl.second);
        const auto [maxX, minY] = mercator(br.first, br.second);
        QVERIFY(std::isfinite(minX) && std::isfinite(minY));
        const auto t = f->get("/tiles/9/337/222.png");
        QCOMPARE(t.status, 200);
        QCOMPARE(QString::fromStdString(t.contentType), QString("image/png"));
        const QImage tile = MapFixture::image(t);
        QCOMPARE(tile.size(), QSize(256, 256));
        tile.save(QDir::temp().filePath("servemap_tile.png"));
        const std::string bbox = QString("%1,%2,%3,%4").arg(minX, 0, 'f', 6).arg(minY, 0, 'f', 6).arg(maxX, 0, 'f', 6)
                                     .arg(maxY, 0, 'f', 6).toStdString();
        const auto m = f->get("/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=countries,governorates,hillshade,"
                              "parcels,wilayat,roads,inspections,projects,towns&STYLES=&CRS=EPSG:3857&BBOX=" + bbox
            + "&WIDTH=1024&HEIGHT=1024&FORMAT=image/png");
        QCOMPARE(m.status, 200);
        const QImage meta = MapFixture::image(m);
        meta.save(QDir::temp().filePath("servemap_metatile.png"));
        const QImage cut = meta.copy((x - mx) * 256, (y - my) * 256, 256, 256);
        const double share = differingShare(tile, cut, 8);
        QVERIFY2(share < 0.002, qPrintable(QString("%1 of the pixels differ").arg(share)));
        // The OGC API - Tiles path (tileMatrix/tileRow/tileCol) serves the same tile.
        QVERIFY(f->get("/tiles/WebMercatorQuad/9/222/337").body == t.body);
    }

    void cacheHitsAndEtags()
    {
        const auto first = f->get("/tiles/9/337/222.png");
        auto stats = f->service->cacheStats();
        QCOMPARE(stats.renders, std::size_t(1));
        QCOMPARE(stats.entries, std::size_t(16)); // the whole metatile is cached
        const auto again = f->get("/tiles/9/337/222.png");
        const auto neighbour = f->get("/tiles/9/338/223.png");
        stats = f->service->cacheStats();
        QCOMPARE(stats.renders, std::size_t(1));
        QCOMPARE(stats.hits, std::size_t(2));
        QVERIFY(again.body == first.body);
        const auto header = [](const serve::HttpResponse& r, const std::string& name) {
            for (const auto& [k, v] : r.headers)
                if (k == name)
                    return v;
            return std::string();
        };
        const std::string etag = header(first, "ETag");
        QVERIFY(!etag.empty());
        QCOMPARE(header(again, "ETag"), etag);
        QVERIFY(header(neighbour, "ETag") != etag);
        QCOMPARE(QString::fromStdString(header(first, "Cache-Control")), QString("public, max-age=60"));
        const auto notModified = f->get("/tiles/9/337/222.png", {}, {{"if-none-match", etag}});
        QCOMPARE(notModified.status, 304);
        QVERIFY(notModified.body.empty());
    }

    void publishingAnEditedLayerInvalidatesItsTiles()
    {
        const auto before = f->get("/tiles/9/337/222.png");
        const std::string etag = [&] {
            for (const auto& [k, v] : before.headers)
                if (k == "ETag")
                    return v;
            return std::string();
        }();
        // Delete Nizwa (fid 10: ogrinfo) from towns, as a write through the features API would publish it.
        const auto towns = f->live.get("towns");
        EditSession session(towns);
        session.remove(10);
        f->live.publish("towns", session.snapshot()->toLayer());
        QCOMPARE(f->service->cacheStats().entries, std::size_t(0)); // dropped at once
        const auto after = f->get("/tiles/9/337/222.png");
        QCOMPARE(f->service->cacheStats().renders, std::size_t(2));
        QVERIFY(after.body != before.body);
        for (const auto& [k, v] : after.headers)
            if (k == "ETag")
                QVERIFY(v != etag);
        // The old ETag no longer answers 304.
        QCOMPARE(f->get("/tiles/9/337/222.png", {}, {{"if-none-match", etag}}).status, 200);
        // And the town is gone from the map where it was: GetFeatureInfo finds nothing there.
        const auto info = f->get("/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetFeatureInfo&LAYERS=towns&QUERY_LAYERS=towns"
                                 "&CRS=CRS:84&BBOX=57.48333,22.88333,57.58333,22.98333&WIDTH=101&HEIGHT=101&I=50&J=50");
        QVERIFY(!QString::fromStdString(info.body).contains("Nizw"));
    }

    void outOfRangeTilesAre404()
    {
        QCOMPARE(f->get("/tiles/2/4/0.png").status, 404);
        QCOMPARE(f->get("/tiles/23/0/0.png").status, 404);
        QCOMPARE(f->get("/tiles/1/-1/0.png").status, 404);
        QCOMPARE(f->get("/tiles/1/0/0.jpg").status, 404);
        QCOMPARE(f->get("/tiles/1/0/99999999999999999999.png").status, 404);
        QCOMPARE(f->get("/tiles/0/0/0.png").status, 200);
    }

    void tilesetDocuments()
    {
        const auto list = f->get("/tiles");
        QCOMPARE(list.status, 200);
        const QJsonObject l = QJsonDocument::fromJson(QByteArray::fromStdString(list.body)).object();
        QCOMPARE(l["tilesets"].toArray().size(), 1);
        const QJsonObject ts = l["tilesets"].toArray()[0].toObject();
        QCOMPARE(ts["dataType"].toString(), QString("map"));
        QCOMPARE(ts["tileMatrixSetURI"].toString(), QString("http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad"));
        const auto meta = f->get("/tiles/WebMercatorQuad");
        const QJsonObject m = QJsonDocument::fromJson(QByteArray::fromStdString(meta.body)).object();
        QCOMPARE(m["crs"].toString(), QString("http://www.opengis.net/def/crs/EPSG/0/3857"));
        bool item = false, scheme = false;
        for (const auto& link : m["links"].toArray()) {
            const QJsonObject o = link.toObject();
            item |= o["rel"].toString() == "item" && o["href"].toString().endsWith("/tiles/WebMercatorQuad/{tileMatrix}/{tileRow}/{tileCol}");
            scheme |= o["rel"].toString() == "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme";
        }
        QVERIFY(item && scheme);
        QCOMPARE(m["tileMatrixSetLimits"].toArray().size(), 23);
    }
};

QTEST_MAIN(TestTiles)
#include "tst_tiles.moc"
