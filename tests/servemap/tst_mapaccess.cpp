// Read protection of the map endpoints: with "towns" protected by the server config ("read": "token"), a client
// without a token finds no such layer anywhere (GetCapabilities leaves it out; GetMap, GetFeatureInfo and
// GetLegendGraphic answer LayerNotDefined exactly as for a name that does not exist) and its tiles are drawn
// without it; with a token of the config every one of them shows the layer. Oracles: the unprotected service's
// answers (same project, no config) and the GetMap of the tile's metatile without the layer.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QXmlStreamReader>
#include <QtTest>

#include <cmath>

#include "gis/serve/accessguard.h"
#include "gis/serve/config.h"
#include "support/mapsupport.h"

using namespace gis;
using namespace gis::testing;

namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;
const Headers kToken{{"authorization", "Bearer viewer-token"}};
const Headers kNone{};

std::shared_ptr<const serve::AccessGuard> guard()
{
    serve::ServerConfig c;
    c.tokens = {{"viewer", serve::sha256Hex("viewer-token")}};
    c.collections["towns"] = {serve::CollectionAccess::Read::Token, false, {}};
    return std::make_shared<const serve::AccessGuard>(c);
}

QStringList layerNames(const serve::HttpResponse& r)
{
    QXmlStreamReader x(QByteArray::fromStdString(r.body));
    QStringList names;
    int depth = 0;
    bool inStyle = false;
    while (!x.atEnd()) {
        x.readNext();
        if (x.isStartElement()) {
            if (x.name() == QLatin1String("Layer"))
                ++depth;
            else if (x.name() == QLatin1String("Style"))
                inStyle = true;
            else if (x.name() == QLatin1String("Name") && depth == 2 && !inStyle)
                names << x.readElementText();
        } else if (x.isEndElement()) {
            if (x.name() == QLatin1String("Layer"))
                --depth;
            else if (x.name() == QLatin1String("Style"))
                inStyle = false;
        }
    }
    return names;
}

/// The report of a WMS exception with the layer name taken out: the answer for a protected layer must be the
/// answer for one that does not exist.
std::string reportWithout(const serve::HttpResponse& r, const std::string& name)
{
    std::string body = r.body;
    for (std::size_t at; (at = body.find(name)) != std::string::npos;)
        body.erase(at, name.size());
    return std::to_string(r.status) + " " + r.contentType + " " + body;
}

std::string header(const serve::HttpResponse& r, const std::string& name)
{
    for (const auto& [key, value] : r.headers)
        if (QString::fromStdString(key).compare(QString::fromStdString(name), Qt::CaseInsensitive) == 0)
            return value;
    return {};
}

const std::string kNizwaBox = "22.88333,57.48333,22.98333,57.58333"; // EPSG:4326, lat/lon, around Nizwa

} // namespace

class TestMapAccess : public QObject {
    Q_OBJECT

    std::unique_ptr<MapFixture> f;    // towns protected
    std::unique_ptr<MapFixture> open; // the same project, no config

private slots:
    void init()
    {
        f = std::make_unique<MapFixture>();
        f->service->setReadAccess(serve::AccessGuard::readAccess(guard()));
        open = std::make_unique<MapFixture>();
    }

    void capabilitiesNameTheLayerOnlyWithAToken()
    {
        const QStringList all = layerNames(open->get("/wms?SERVICE=WMS&REQUEST=GetCapabilities"));
        QVERIFY(all.contains("towns"));
        QStringList withoutTowns = all;
        withoutTowns.removeAll("towns");
        const auto anonymous = f->get("/wms?SERVICE=WMS&REQUEST=GetCapabilities");
        QCOMPARE(layerNames(anonymous), withoutTowns);
        QVERIFY(anonymous.body.find("towns") == std::string::npos); // nor its legend URL
        QCOMPARE(layerNames(f->get("/wms?SERVICE=WMS&REQUEST=GetCapabilities", {}, kToken)), all);
        QCOMPARE(layerNames(f->get("/wms?SERVICE=WMS&REQUEST=GetCapabilities", {}, {{"authorization", "Bearer x"}})),
            withoutTowns);
    }

    void getMapFeatureInfoLegendAsIfItDidNotExist_data()
    {
        QTest::addColumn<QString>("query");
        const std::string map = "&STYLES=&CRS=EPSG:4326&BBOX=" + kNizwaBox + "&WIDTH=101&HEIGHT=101";
        QTest::newRow("GetMap") << QString::fromStdString(
            "/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=wilayat,towns" + map + "&FORMAT=image/png");
        QTest::newRow("GetFeatureInfo") << QString::fromStdString(
            "/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetFeatureInfo&LAYERS=towns&QUERY_LAYERS=towns" + map
            + "&I=50&J=50&INFO_FORMAT=application/json");
        QTest::newRow("GetLegendGraphic") << QString("/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetLegendGraphic&LAYER=towns&FORMAT=image/png");
    }

    void getMapFeatureInfoLegendAsIfItDidNotExist()
    {
        QFETCH(QString, query);
        const std::string q = query.toStdString();
        const auto anonymous = f->get(q);
        QCOMPARE(anonymous.status, 400);
        std::string missing = q;
        for (std::size_t at; (at = missing.find("towns")) != std::string::npos;)
            missing.replace(at, 5, "nosuchlayer");
        QCOMPARE(reportWithout(anonymous, "towns"), reportWithout(open->get(missing), "nosuchlayer"));
        QVERIFY(QString::fromStdString(anonymous.body).contains("LayerNotDefined"));
        // With the token: the unprotected service's answer (images: the same pixels within antialiasing noise).
        const auto holder = f->get(q, {}, kToken);
        const auto unprotected = open->get(q);
        QCOMPARE(holder.status, 200);
        QCOMPARE(holder.contentType, unprotected.contentType);
        if (holder.contentType == "image/png")
            QVERIFY(differingShare(MapFixture::image(holder), MapFixture::image(unprotected), 8) < 0.002);
        else
            QVERIFY(holder.body == unprotected.body);
        if (q.find("GetFeatureInfo") != std::string::npos)
            QVERIFY(!QJsonDocument::fromJson(QByteArray::fromStdString(holder.body)).object()["features"].toArray().isEmpty());
    }

    void tilesAreDrawnPerAccessLevel()
    {
        // Nizwa's tile 9/337/222 (metatile 336/220 at zoom 9): its towns symbol and label are drawn for the token
        // holder only. The oracles: the unprotected service's tile (all visible layers) and the GetMap of the
        // metatile with every visible layer but towns (the tile must be cut from it).
        const auto holder = f->get("/tiles/9/337/222.png", {}, kToken);
        const auto anonymous = f->get("/tiles/9/337/222.png");
        QCOMPARE(holder.status, 200);
        QCOMPARE(anonymous.status, 200);
        QVERIFY(differingShare(MapFixture::image(holder), MapFixture::image(open->get("/tiles/9/337/222.png")), 8) < 0.002);
        QVERIFY(anonymous.body != holder.body);
        QVERIFY(header(anonymous, "ETag") != header(holder, "ETag"));
        QVERIFY(header(holder, "Cache-Control").starts_with("private"));
        QVERIFY(header(anonymous, "Cache-Control").starts_with("public"));
        QCOMPARE(header(anonymous, "Vary"), std::string("Authorization"));
        // The metatile's extent from the tile math of tst_tiles (slippy-map corners in EPSG:3857).
        const auto merc = [](int z, int x, int y) {
            const double n = std::ldexp(1.0, z), half = 20037508.342789244;
            return std::pair{-half + x / n * 2 * half, half - y / n * 2 * half};
        };
        const auto [minX, maxY] = merc(9, 336, 220);
        const auto [maxX, minY] = merc(9, 340, 224);
        const std::string bbox = QString("%1,%2,%3,%4").arg(minX, 0, 'f', 6).arg(minY, 0, 'f', 6).arg(maxX, 0, 'f', 6)
                                     .arg(maxY, 0, 'f', 6).toStdString();
        const auto without = open->get("/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=countries,governorates,"
                                       "hillshade,parcels,wilayat,roads,inspections,projects&STYLES=&CRS=EPSG:3857&BBOX="
            + bbox + "&WIDTH=1024&HEIGHT=1024&FORMAT=image/png");
        QCOMPARE(without.status, 200);
        const QImage cut = MapFixture::image(without).copy(256, 512, 256, 256);
        const double same = differingShare(MapFixture::image(anonymous), cut, 8);
        const double differ = differingShare(MapFixture::image(holder), cut, 8);
        QVERIFY2(same < 0.002, qPrintable(QString("%1 of the anonymous tile's pixels differ").arg(same)));
        QVERIFY2(differ > 0.002, qPrintable(QString("only %1 of the holder's tile differs").arg(differ)));
        // Each level has its own cache entries: asking again hits, and answers the same bytes per level.
        const std::size_t renders = f->service->cacheStats().renders;
        QVERIFY(f->get("/tiles/9/337/222.png").body == anonymous.body);
        QVERIFY(f->get("/tiles/9/337/222.png", {}, kToken).body == holder.body);
        QCOMPARE(f->service->cacheStats().renders, renders);
    }
};

QTEST_MAIN(TestMapAccess)
#include "tst_mapaccess.moc"
