// OGC API – Features Parts 1 and 2 on the sample project, called through Router::dispatch (no sockets). Each test
// is named after the abstract test (ATS) of the standard it checks (/conf/core/..., /conf/crs/...), written from the
// standard's text. Items are compared with independent oracles: sqlite3 on data/dakhiliyah.gpkg (attributes,
// dates, ids, row order), ogrinfo's spatial filter (bbox), ogr2ogr's reprojection (CRS), the project file read as
// plain JSON (which layers are collections).

#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QtTest>

#include <algorithm>
#include <atomic>
#include <iterator>
#include <cmath>
#include <thread>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gis/data/layer.h"
#include "gis/project/project.h"
#include "gis/serve/features.h"
#include "gis/serve/http.h"
#include "gis/serve/livelayers.h"

using namespace gis;
using namespace gis::serve;
using json = nlohmann::json;

namespace {

const std::string kGpkg = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";
const std::string kProject = GIS_SOURCE_DIR "/data/dakhiliyah.json";
const std::string kBase = "http://127.0.0.1:8080";
const std::string kCrs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
const std::string kEpsg4326 = "http://www.opengis.net/def/crs/EPSG/0/4326";
const std::string kEpsg32640 = "http://www.opengis.net/def/crs/EPSG/0/32640";

QString run(const QString& program, const QStringList& args)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(120000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        qWarning() << program << args << p.readAllStandardError();
    return QString::fromUtf8(p.readAllStandardOutput());
}

// sqlite3's answer, one row per line, columns separated by '|'.
QStringList sqlite(const QString& sql)
{
    return run("sqlite3", {QString::fromStdString(kGpkg), sql}).split('\n', Qt::SkipEmptyParts);
}

std::vector<std::int64_t> sqliteIds(const QString& sql)
{
    std::vector<std::int64_t> ids;
    for (const QString& line : sqlite(sql))
        ids.push_back(line.toLongLong());
    return ids;
}

// The fids ogrinfo's spatial filter selects (GDAL tests the geometries exactly with GEOS).
std::vector<std::int64_t> ogrSpatialIds(const QString& layer, const QStringList& spat)
{
    const QString out = run("ogrinfo", QStringList{"-ro", "-q", "-spat"} + spat
        + QStringList{QString::fromStdString(kGpkg), layer, "-geom=NO"});
    std::vector<std::int64_t> ids;
    static const QRegularExpression re("OGRFeature\\([^)]*\\):(\\d+)");
    for (auto it = re.globalMatch(out); it.hasNext();)
        ids.push_back(it.next().captured(1).toLongLong());
    std::sort(ids.begin(), ids.end());
    return ids;
}

HttpRequest makeRequest(const std::string& target, std::vector<std::pair<std::string, std::string>> headers = {})
{
    HttpRequest r;
    r.method = "GET";
    r.target = target;
    r.baseUrl = kBase;
    const std::size_t q = target.find('?');
    r.path = percentDecode(target.substr(0, q), false);
    if (q != std::string::npos) {
        const std::string query = target.substr(q + 1);
        std::size_t start = 0;
        while (start <= query.size()) {
            const std::size_t amp = std::min(query.find('&', start), query.size());
            const std::string item = query.substr(start, amp - start);
            const std::size_t eq = item.find('=');
            if (!item.empty())
                r.query.emplace_back(percentDecode(item.substr(0, eq), true),
                    eq == std::string::npos ? "" : percentDecode(item.substr(eq + 1), true));
            start = amp + 1;
        }
    }
    r.headers = std::move(headers);
    return r;
}

std::string header(const HttpResponse& r, const std::string& name)
{
    for (const auto& [key, value] : r.headers)
        if (QString::fromStdString(key).compare(QString::fromStdString(name), Qt::CaseInsensitive) == 0)
            return value;
    return {};
}

// A property as sqlite3 prints it: null is empty.
QString str(const json& value)
{
    return value.is_null() ? QString() : value.is_string() ? QString::fromStdString(value.get<std::string>())
                                                          : QString::fromStdString(value.dump());
}

json linkOf(const json& doc, const std::string& rel, const std::string& type = {})
{
    for (const json& l : doc["links"])
        if (l["rel"] == rel && (type.empty() || l["type"] == type))
            return l;
    return nullptr;
}

} // namespace

class TestFeatures : public QObject {
    Q_OBJECT

    std::unique_ptr<Project> m_project;
    std::unique_ptr<LiveLayers> m_live;
    std::unique_ptr<FeatureService> m_service;
    Router m_router;

    HttpResponse get(const std::string& target, std::vector<std::pair<std::string, std::string>> headers = {})
    {
        HttpRequest r = makeRequest(target, std::move(headers));
        return m_router.dispatch(r);
    }
    json getJson(const std::string& target, int status = 200)
    {
        const HttpResponse r = get(target);
        if (r.status != status)
            qWarning() << target.c_str() << r.status << r.body.substr(0, 300).c_str();
        [&] { QCOMPARE(r.status, status); }();
        return json::parse(r.body);
    }
    // Follows `next` links from `target` and returns every feature id, in order.
    std::vector<std::int64_t> walk(std::string target, int* pages = nullptr)
    {
        std::vector<std::int64_t> ids;
        int count = 0;
        while (!target.empty() && count < 10000) {
            const json page = getJson(target);
            for (const json& f : page["features"])
                ids.push_back(f["id"].get<std::int64_t>());
            const json next = linkOf(page, "next");
            target = next.is_null() ? std::string() : next["href"].get<std::string>().substr(kBase.size());
            ++count;
        }
        if (pages)
            *pages = count;
        return ids;
    }

private slots:
    void initTestCase()
    {
        m_project = std::make_unique<Project>(Project::load(kProject));
        m_project->loadData();
        m_live = std::make_unique<LiveLayers>();
        m_service = std::make_unique<FeatureService>(*m_project, *m_live);
        m_service->addRoutes(m_router);
    }

    // /conf/core/root-op, /conf/core/root-success: the landing page links to the API definition, the
    // conformance declaration and the collections.
    void conf_core_root_op()
    {
        const json doc = getJson("/");
        QCOMPARE(doc["title"].get<std::string>(), m_project->title);
        QCOMPARE(doc["title_ar"].get<std::string>(), m_project->titleAr);
        for (const char* rel : {"self", "alternate", "service-desc", "service-doc", "conformance", "data"})
            QVERIFY2(!linkOf(doc, rel).is_null(), rel);
        QCOMPARE(linkOf(doc, "data")["href"].get<std::string>(), kBase + "/collections");
        QCOMPARE(linkOf(doc, "conformance")["href"].get<std::string>(), kBase + "/conformance");
        // every link's target answers
        for (const json& l : doc["links"]) {
            const HttpResponse r = get(l["href"].get<std::string>().substr(kBase.size()));
            QVERIFY2(r.status == 200, l["href"].get<std::string>().c_str());
        }
    }

    // /conf/core/api-definition-op, /conf/oas30/oas-definition-1: an OpenAPI 3.0 document with the real paths.
    void conf_core_api_definition_op()
    {
        const HttpResponse r = get("/api");
        QCOMPARE(r.status, 200);
        QVERIFY(r.contentType.find("application/vnd.oai.openapi+json") == 0);
        const json doc = json::parse(r.body);
        QVERIFY(doc["openapi"].get<std::string>().rfind("3.0", 0) == 0);
        for (const char* path : {"/", "/conformance", "/collections", "/collections/towns", "/collections/towns/items",
                 "/collections/towns/items/{featureId}", "/collections/inspections/items"})
            QVERIFY2(doc["paths"].contains(path), path);
        QVERIFY(!doc["paths"].contains("/collections/hillshade")); // a raster is not a collection
        QCOMPARE(doc["components"]["parameters"]["limit"]["schema"]["maximum"].get<int>(), 10000);
        // every path of the document answers (with its placeholder filled)
        for (const auto& [path, item] : doc["paths"].items()) {
            std::string p = path;
            if (const std::size_t at = p.find("{featureId}"); at != std::string::npos)
                p.replace(at, 11, "1");
            QVERIFY2(get(p).status == 200, p.c_str());
        }
    }

    // /conf/core/conformance-op, /conf/core/conformance-success: exactly the classes implemented.
    void conf_core_conformance_op()
    {
        const json doc = getJson("/conformance");
        std::set<std::string> classes;
        for (const json& c : doc["conformsTo"])
            classes.insert(c.get<std::string>());
        const std::string p1 = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/";
        const std::set<std::string> expected = {p1 + "core", p1 + "oas30", p1 + "html", p1 + "geojson",
            "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
            "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
            "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text", "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
            "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
            "http://www.opengis.net/spec/cql2/1.0/conf/case-insensitive-comparison",
            "http://www.opengis.net/spec/cql2/1.0/conf/accent-insensitive-comparison",
            "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
            "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions"};
        QVERIFY(classes == expected);
    }

    // /conf/core/fc-md-op, /conf/core/fc-md-items: one collection per vector layer of the project (its JSON read
    // as plain JSON: every layer whose source is not the raster), in the project's order.
    void conf_core_fc_md_op()
    {
        QFile file(QString::fromStdString(kProject));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const json project = json::parse(file.readAll().toStdString());
        std::vector<std::string> expected;
        for (const json& l : project["layers"])
            if (l["source"].get<std::string>().find(".tif") == std::string::npos)
                expected.push_back(l["name"]);
        const json doc = getJson("/collections");
        std::vector<std::string> ids;
        for (const json& c : doc["collections"]) {
            ids.push_back(c["id"]);
            QCOMPARE(c["itemType"].get<std::string>(), std::string("feature"));
            QVERIFY(!linkOf(c, "items").is_null());
        }
        QVERIFY(ids == expected);
        QVERIFY(!linkOf(doc, "self").is_null());
        QVERIFY(!linkOf(doc, "alternate").is_null());
    }

    // /conf/core/sfc-md-op, /conf/core/sfc-md-extent: the collection's extent in CRS84 equals ogrinfo's; titles in
    // both languages; Part 2's crs list and storageCrs.
    void conf_core_sfc_md_op()
    {
        const json doc = getJson("/collections/towns");
        QCOMPARE(doc["id"].get<std::string>(), std::string("towns"));
        QCOMPARE(doc["title"].get<std::string>(), std::string("Towns"));
        QVERIFY(!doc["title_ar"].get<std::string>().empty());
        const QString info = run("ogrinfo", {"-ro", "-so", QString::fromStdString(kGpkg), "towns"});
        const QRegularExpression re("Extent: \\(([-\\d.]+), ([-\\d.]+)\\) - \\(([-\\d.]+), ([-\\d.]+)\\)");
        const auto m = re.match(info);
        QVERIFY(m.hasMatch());
        const json bbox = doc["extent"]["spatial"]["bbox"][0];
        for (int i = 0; i < 4; ++i)
            QVERIFY(std::abs(bbox[i].get<double>() - m.captured(i + 1).toDouble()) < 1e-6);
        QCOMPARE(doc["extent"]["spatial"]["crs"].get<std::string>(), kCrs84);
        QVERIFY(!doc.contains("extent") || !doc["extent"].contains("temporal")); // towns have no date
        const std::vector<std::string> crs = doc["crs"];
        QVERIFY(crs.size() == 3 && crs[0] == kCrs84 && crs[1] == kEpsg4326 && crs[2] == kEpsg32640);
        QCOMPARE(doc["storageCrs"].get<std::string>(), kEpsg4326);

        const json ar = getJson("/collections/towns?lang=ar");
        QCOMPARE(ar["title"], doc["title_ar"]);
        const HttpResponse byHeader = get("/collections/towns", {{"accept-language", "ar-OM,ar;q=0.9,en;q=0.5"}});
        QCOMPARE(json::parse(byHeader.body)["title"], doc["title_ar"]);
        QCOMPARE(header(byHeader, "Content-Language"), std::string("ar"));
        QCOMPARE(get("/collections/nowhere").status, 404);
        QCOMPARE(get("/collections/..%2F..%2Fetc").status, 404);
    }

    // The temporal extent of a layer with a date field: the first Date field's min and max (sqlite3).
    void conf_core_sfc_md_extent_temporal()
    {
        const json doc = getJson("/collections/inspections");
        QCOMPARE(doc["datetimeField"].get<std::string>(), std::string("inspection_date"));
        const QStringList range = sqlite("SELECT min(inspection_date), max(inspection_date) FROM inspections")[0].split('|');
        const json interval = doc["extent"]["temporal"]["interval"][0];
        QCOMPARE(QString::fromStdString(interval[0]), range[0] + "T00:00:00Z");
        QCOMPARE(QString::fromStdString(interval[1]), range[1] + "T00:00:00Z");
    }

    // /conf/core/fc-op, /conf/core/fc-response, /conf/core/fc-links: a FeatureCollection with its counts and
    // timeStamp; the features equal sqlite3's rows (ids, attribute values), in row (fid) order.
    void conf_core_fc_op()
    {
        const HttpResponse r = get("/collections/towns/items?limit=100");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.contentType, std::string("application/geo+json"));
        QCOMPARE(header(r, "Content-Crs"), "<" + kCrs84 + ">");
        const json doc = json::parse(r.body);
        QCOMPARE(doc["type"].get<std::string>(), std::string("FeatureCollection"));
        const QStringList rows = sqlite("SELECT fid, name_en, name_ar, governorate FROM towns ORDER BY fid");
        QCOMPARE(doc["numberMatched"].get<int>(), rows.size());
        QCOMPARE(doc["numberReturned"].get<int>(), rows.size());
        QVERIFY(QDateTime::fromString(QString::fromStdString(doc["timeStamp"]), Qt::ISODate).isValid());
        QVERIFY(linkOf(doc, "next").is_null());
        QVERIFY(linkOf(doc, "prev").is_null());
        QCOMPARE(linkOf(doc, "self")["type"].get<std::string>(), std::string("application/geo+json"));
        for (int i = 0; i < rows.size(); ++i) {
            const QStringList v = rows[i].split('|');
            const json& f = doc["features"][i];
            QCOMPARE(f["id"].get<qint64>(), v[0].toLongLong());
            QCOMPARE(str(f["properties"]["name_en"]), v[1]);
            QCOMPARE(str(f["properties"]["name_ar"]), v[2]);
            QCOMPARE(str(f["properties"]["governorate"]), v[3]);
            QCOMPARE(f["geometry"]["type"].get<std::string>(), std::string("Point"));
        }
        // the default limit is 10
        QCOMPARE(getJson("/collections/towns/items")["numberReturned"].get<int>(), 10);
    }

    // /conf/core/fc-limit-response: limit bounds the page; values outside 1..10000 or not integers are 400.
    void conf_core_fc_limit_response_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<int>("status");
        QTest::newRow("5") << "limit=5" << 200;
        QTest::newRow("10000") << "limit=10000" << 200;
        QTest::newRow("0") << "limit=0" << 400;
        QTest::newRow("10001") << "limit=10001" << 400;
        QTest::newRow("negative") << "limit=-1" << 400;
        QTest::newRow("1e309") << "limit=1e309" << 400;
        QTest::newRow("fraction") << "limit=2.5" << 400;
        QTest::newRow("huge") << "limit=99999999999999999999999" << 400;
        QTest::newRow("empty") << "limit=" << 400;
        QTest::newRow("offset -1") << "offset=-1" << 400;
        QTest::newRow("offset x") << "offset=x" << 400;
        QTest::newRow("offset past the end") << "offset=100000" << 200;
        QTest::newRow("repeated") << "limit=1&limit=2" << 400;
        QTest::newRow("unknown parameter") << "colour=red" << 400;
        QTest::newRow("property name") << "name_en=Sur" << 400;
        QTest::newRow("filter on an unknown property") << "filter=name_en%3D%27Sur%27" << 400;
        QTest::newRow("filter-lang without filter") << "filter-lang=cql2-text" << 400;
        QTest::newRow("filter-lang cql2-json") << "filter=land_use%3D%27x%27&filter-lang=cql2-json" << 400;
        QTest::newRow("filter syntax") << "filter=land_use%3D" << 400;
        QTest::newRow("filter-crs unknown") << "filter=land_use%3D%27x%27&filter-crs=EPSG:3857" << 400;
        QTest::newRow("bad f") << "f=xml" << 400;
        QTest::newRow("bad lang") << "lang=fr" << 400;
    }
    void conf_core_fc_limit_response()
    {
        QFETCH(QString, query);
        QFETCH(int, status);
        const HttpResponse r = get("/collections/parcels/items?" + query.toStdString());
        QCOMPARE(r.status, status);
        const json doc = json::parse(r.body);
        if (status == 400) {
            QCOMPARE(doc["code"].get<std::string>(), std::string("InvalidParameterValue"));
            QVERIFY(doc["description"].get<std::string>().find(GIS_SOURCE_DIR) == std::string::npos);
            QVERIFY(doc["description"].get<std::string>().find(".gpkg") == std::string::npos);
        } else if (query.startsWith("limit=")) {
            QCOMPARE(doc["numberReturned"].get<int>(), std::min(query.mid(6).toInt(), doc["numberMatched"].get<int>()));
        } else {
            QCOMPARE(doc["numberReturned"].get<int>(), 0);
        }
    }

    // Paging (/conf/core/fc-links): following next links visits every feature once, in sqlite3's fid order;
    // prev goes back one page.
    void conf_core_fc_paging()
    {
        int pages = 0;
        const std::vector<std::int64_t> ids = walk("/collections/parcels/items?limit=700", &pages);
        QVERIFY(ids == sqliteIds("SELECT fid FROM parcels ORDER BY fid"));
        QCOMPARE(pages, 5); // 3026 features
        const json second = getJson("/collections/parcels/items?limit=700&offset=700");
        const json prev = linkOf(second, "prev");
        QVERIFY(prev["href"].get<std::string>().find("offset=0") != std::string::npos);
        const json first = getJson(prev["href"].get<std::string>().substr(kBase.size()));
        QCOMPARE(first["features"][0]["id"].get<qint64>(), ids[0]);
    }

    // /conf/core/fc-bbox-response: features whose geometry intersects the bbox, as ogrinfo's spatial filter
    // selects them (points and polygons); 6 numbers the same as 4; a malformed bbox is 400.
    void conf_core_fc_bbox_response_data()
    {
        QTest::addColumn<QString>("layer");
        QTest::addColumn<QString>("bbox");
        QTest::newRow("towns north") << "towns" << "56,22,59,25";
        QTest::newRow("towns all") << "towns" << "50,10,65,30";
        QTest::newRow("towns none") << "towns" << "0,0,1,1";
        QTest::newRow("parcels") << "parcels" << "57.5,22.9,57.56,22.95";
        QTest::newRow("governorates") << "governorates" << "56.5,22.5,57.5,23.5";
        QTest::newRow("roads") << "roads" << "57.3,22.6,57.9,23.2";
    }
    void conf_core_fc_bbox_response()
    {
        QFETCH(QString, layer);
        QFETCH(QString, bbox);
        const QStringList n = bbox.split(',');
        const std::vector<std::int64_t> expected = ogrSpatialIds(layer, n);
        const std::string base = "/collections/" + layer.toStdString() + "/items?limit=10000&bbox=";
        std::vector<std::int64_t> ids = walk(base + bbox.toStdString());
        QVERIFY2(ids == expected, qPrintable(QString("%1 ids, ogrinfo %2").arg(ids.size()).arg(expected.size())));
        // with heights
        ids = walk(base + (n[0] + "," + n[1] + ",-100," + n[2] + "," + n[3] + ",100").toStdString());
        QVERIFY(ids == expected);
        // EPSG:4326 is latitude first
        ids = walk(base + (n[1] + "," + n[0] + "," + n[3] + "," + n[2]).toStdString() + "&bbox-crs=" + kEpsg4326);
        QVERIFY(ids == expected);
    }
    void conf_core_fc_bbox_invalid_data()
    {
        QTest::addColumn<QString>("bbox");
        for (const char* b : {"1,2,3", "1,2,3,4,5", "1,2,3,4,5,6,7", "a,b,c,d", "nan,1,2,3", "1e309,1,2,3",
                 "1,2,3,1e10", "1,5,2,3", "-190,0,0,1", "0,-91,1,1", "1,,2,3", "", "1,2,3,4,", " 1,2,3,4", "1,2,7,3,4,6"})
            QTest::newRow(b) << b;
    }
    void conf_core_fc_bbox_invalid()
    {
        QFETCH(QString, bbox);
        const HttpResponse r = get("/collections/towns/items?bbox=" + percentEncode(bbox.toStdString()));
        QCOMPARE(r.status, 400);
        QCOMPARE(json::parse(r.body)["code"].get<std::string>(), std::string("InvalidParameterValue"));
    }

    // /conf/crs/bbox-crs-parameter: a bbox in EPSG:32640 selects the towns whose UTM coordinates (ogr2ogr's
    // reprojection, brute force containment) lie in it.
    void conf_crs_bbox_crs_parameter()
    {
        const QString csv = run("ogr2ogr", {"-f", "CSV", "/vsistdout/", QString::fromStdString(kGpkg), "towns",
            "-t_srs", "EPSG:32640", "-lco", "GEOMETRY=AS_XY", "-select", "name_en"});
        const double minX = 450000, minY = 2400000, maxX = 700000, maxY = 2700000;
        const QStringList lines = csv.split('\n', Qt::SkipEmptyParts);
        std::vector<std::int64_t> inside;
        std::vector<std::int64_t> all = sqliteIds("SELECT fid FROM towns ORDER BY fid");
        QCOMPARE(lines.size() - 1, static_cast<int>(all.size()));
        for (int i = 1; i < lines.size(); ++i) {
            const QStringList v = lines[i].split(',');
            const double x = v[0].toDouble(), y = v[1].toDouble();
            if (x >= minX && x <= maxX && y >= minY && y <= maxY)
                inside.push_back(all[i - 1]);
        }
        QVERIFY(!inside.empty() && inside.size() < all.size());
        const std::vector<std::int64_t> ids = walk("/collections/towns/items?limit=100&bbox=450000,2400000,700000,2700000&bbox-crs="
            + kEpsg32640);
        QVERIFY(ids == inside);
        QCOMPARE(get("/collections/towns/items?bbox=1,2,3,4&bbox-crs=EPSG:9999").status, 400);
    }

    // /conf/crs/crs-parameter, /conf/crs/ogc-crs-header: coordinates in the requested CRS, in its axis order,
    // with Content-Crs; ogr2ogr's reprojection as the oracle; an unsupported CRS is 400.
    void conf_crs_crs_parameter()
    {
        const json lonLat = getJson("/collections/towns/items?limit=100");
        const HttpResponse r4326 = get("/collections/towns/items?limit=100&crs=" + kEpsg4326);
        QCOMPARE(header(r4326, "Content-Crs"), "<" + kEpsg4326 + ">");
        const json latLon = json::parse(r4326.body);
        for (std::size_t i = 0; i < lonLat["features"].size(); ++i) {
            const json& a = lonLat["features"][i]["geometry"]["coordinates"];
            const json& b = latLon["features"][i]["geometry"]["coordinates"];
            QCOMPARE(a[0].get<double>(), b[1].get<double>());
            QCOMPARE(a[1].get<double>(), b[0].get<double>());
        }
        const HttpResponse rUtm = get("/collections/towns/items?limit=100&crs=" + kEpsg32640);
        QCOMPARE(header(rUtm, "Content-Crs"), "<" + kEpsg32640 + ">");
        const json utm = json::parse(rUtm.body);
        const QStringList lines = run("ogr2ogr", {"-f", "CSV", "/vsistdout/", QString::fromStdString(kGpkg), "towns",
            "-t_srs", "EPSG:32640", "-lco", "GEOMETRY=AS_XY", "-select", "name_en"}).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(static_cast<int>(utm["features"].size()), lines.size() - 1);
        for (int i = 1; i < lines.size(); ++i) {
            const QStringList v = lines[i].split(',');
            const json& c = utm["features"][i - 1]["geometry"]["coordinates"];
            QVERIFY(std::abs(c[0].get<double>() - v[0].toDouble()) < 1e-3);
            QVERIFY(std::abs(c[1].get<double>() - v[1].toDouble()) < 1e-3);
        }
        QCOMPARE(get("/collections/towns/items?crs=EPSG:4326").status, 400); // URIs only
        QCOMPARE(get("/collections/towns/items?crs=http://www.opengis.net/def/crs/EPSG/0/3857").status, 400);
        QCOMPARE(get("/collections/towns/items/1?crs=" + kEpsg32640).status, 200);
    }

    // /conf/core/fc-time-response: datetime on the first date field (inspection_date), compared with sqlite3.
    void conf_core_fc_time_response_data()
    {
        QTest::addColumn<QString>("datetime");
        QTest::addColumn<QString>("where");
        QTest::newRow("instant date") << "2025-03-01" << "inspection_date = '2025-03-01'";
        QTest::newRow("instant time") << "2025-03-01T10:00:00Z" << "inspection_date = '2025-03-01'";
        QTest::newRow("interval") << "2025-01-01/2025-01-31" << "inspection_date BETWEEN '2025-01-01' AND '2025-01-31'";
        QTest::newRow("interval times") << "2025-01-01T12:00:00Z/2025-01-31T00:00:00Z"
                                        << "inspection_date BETWEEN '2025-01-01' AND '2025-01-31'";
        QTest::newRow("open start") << "../2024-02-15" << "inspection_date <= '2024-02-15'";
        QTest::newRow("open end") << "2025-10-01/.." << "inspection_date >= '2025-10-01'";
        QTest::newRow("empty start") << "/2024-01-10" << "inspection_date <= '2024-01-10'";
        QTest::newRow("none") << "1990-01-01" << "0";
    }
    void conf_core_fc_time_response()
    {
        QFETCH(QString, datetime);
        QFETCH(QString, where);
        const std::vector<std::int64_t> expected = sqliteIds("SELECT fid FROM inspections WHERE " + where + " ORDER BY fid");
        const std::vector<std::int64_t> ids
            = walk("/collections/inspections/items?limit=10000&datetime=" + percentEncode(datetime.toStdString()));
        QVERIFY2(ids == expected, qPrintable(QString("%1 vs %2").arg(ids.size()).arg(expected.size())));
    }
    void conf_core_fc_time_invalid()
    {
        for (const char* d : {"2025-13-01", "yesterday", "../..", "/", "2025-02-01/2025-01-01", "2025/03/01",
                 "2025-03-01/2025-04-01/2025-05-01"})
            QVERIFY2(get("/collections/inspections/items?datetime=" + percentEncode(d)).status == 400, d);
        // a collection without a date field cannot filter by date: said, not ignored
        QCOMPARE(get("/collections/towns/items?datetime=2025-03-01").status, 400);
    }

    // /conf/core/f-op, /conf/html/content: HTML by f=html or Accept, Arabic right to left, escaped, with links
    // to the JSON alternate.
    void conf_core_f_op()
    {
        for (const std::string path : {"/", "/conformance", "/collections", "/collections/towns",
                 "/collections/towns/items", "/collections/towns/items/1", "/api"}) {
            const HttpResponse html = get(path + "?f=html");
            QCOMPARE(html.status, 200);
            QVERIFY(html.contentType.rfind("text/html", 0) == 0);
            QVERIFY(html.body.find("<html lang=\"en\" dir=\"ltr\">") != std::string::npos);
            const HttpResponse byAccept = get(path, {{"accept", "text/html,application/xhtml+xml"}});
            QVERIFY(byAccept.contentType.rfind("text/html", 0) == 0);
            const HttpResponse ar = get(path + "?f=html&lang=ar");
            QVERIFY(ar.body.find("<html lang=\"ar\" dir=\"rtl\">") != std::string::npos);
            QVERIFY(get(path, {{"accept", "application/json"}}).contentType.find("json") != std::string::npos);
        }
        const HttpResponse page = get("/collections/towns?f=html&lang=ar");
        const std::size_t arabic = page.body.find("المدن");
        const std::size_t english = page.body.find(">Towns<");
        QVERIFY(arabic != std::string::npos && english != std::string::npos && arabic < english);
        QVERIFY(page.body.find("/collections/towns?lang=ar&amp;f=json") != std::string::npos); // the alternate
        const HttpResponse items = get("/collections/towns/items?f=html&limit=100");
        QVERIFY(items.body.find("Thamar") != std::string::npos);
        QVERIFY(items.body.find("<a href=\"" + kBase + "/collections/towns/items/1?f=html&amp;lang=en\">1</a>")
            != std::string::npos); // each row links to its feature's page
    }

    // /conf/core/sfc-op (single feature): the feature equals sqlite3's row; ETag quoted; unknown ids 404.
    void conf_core_f_single_feature()
    {
        const QStringList row = sqlite("SELECT fid, inspection_id, inspection_date, score, type FROM inspections WHERE fid = 17")[0].split('|');
        const HttpResponse r = get("/collections/inspections/items/17");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.contentType, std::string("application/geo+json"));
        const json f = json::parse(r.body);
        QCOMPARE(f["type"].get<std::string>(), std::string("Feature"));
        QCOMPARE(f["id"].get<qint64>(), row[0].toLongLong());
        QCOMPARE(str(f["properties"]["inspection_id"]), row[1]);
        QCOMPARE(str(f["properties"]["inspection_date"]), row[2]);
        QCOMPARE(f["properties"]["score"].get<qint64>(), row[3].toLongLong());
        QCOMPARE(str(f["properties"]["type"]), row[4]);
        QVERIFY(!linkOf(f, "collection").is_null());
        const std::string etag = header(r, "ETag");
        QVERIFY(etag.size() > 2 && etag.front() == '"' && etag.back() == '"');
        QCOMPARE(header(get("/collections/inspections/items/17"), "ETag"), etag);
        QVERIFY(header(get("/collections/inspections/items/18"), "ETag") != etag);
        QCOMPARE(get("/collections/inspections/items/999999").status, 404);
        QCOMPARE(get("/collections/inspections/items/abc").status, 404);
        QCOMPARE(get("/collections/inspections/items/17?limit=3").status, 400);
        QCOMPARE(get("/collections/nowhere/items/17").status, 404);
    }

    // Features come from LiveLayers: a newly published version is what the next request sees; HTML escapes it.
    void liveLayersAreRead()
    {
        const std::shared_ptr<const Layer> before = m_live->get("projects");
        QVERIFY(before);
        AttributeTable table;
        table.addColumn("name", FieldType::String).appendString("<script>alert(1)</script> & \"x\"");
        GeometryColumn g;
        g.appendPoint(57.5, 23.1);
        m_live->publish("projects", std::make_shared<const Layer>("projects", before->crs(), GeometryType::Point, std::move(g),
            std::move(table), std::vector<std::int64_t>{42}));
        const json doc = getJson("/collections/projects/items");
        QCOMPARE(doc["numberMatched"].get<int>(), 1);
        QCOMPARE(doc["features"][0]["id"].get<int>(), 42);
        const HttpResponse html = get("/collections/projects/items/42?f=html");
        QVERIFY(html.body.find("<script>") == std::string::npos);
        QVERIFY(html.body.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;") != std::string::npos);
        m_live->publish("projects", before);
        QCOMPARE(getJson("/collections/projects/items")["numberMatched"].get<int>(), static_cast<int>(before->size()));
    }

    // Every geometry type comes out as GeoJSON the way ogr2ogr writes it (coordinates of the first feature).
    void geometriesEqualOgr_data()
    {
        QTest::addColumn<QString>("layer");
        for (const char* l : {"governorates", "roads", "countries", "wilayat", "parcels", "towns"})
            QTest::newRow(l) << l;
    }
    void geometriesEqualOgr()
    {
        QFETCH(QString, layer);
        const json ours = getJson("/collections/" + layer.toStdString() + "/items?limit=3");
        const json ogr = json::parse(run("ogr2ogr", {"-f", "GeoJSON", "/vsistdout/", QString::fromStdString(kGpkg),
            layer, "-limit", "3", "-lco", "COORDINATE_PRECISION=15"}).toStdString());
        QCOMPARE(ours["features"].size(), ogr["features"].size());
        for (std::size_t i = 0; i < ours["features"].size(); ++i) {
            const json& a = ours["features"][i]["geometry"];
            const json& b = ogr["features"][i]["geometry"];
            QCOMPARE(a["type"], b["type"]);
            const std::string ta = a["coordinates"].dump(), tb = b["coordinates"].dump();
            // same nesting and numbers to 1e-9 degrees
            const json fa = json::parse(ta), fb = json::parse(tb);
            std::function<bool(const json&, const json&)> near = [&](const json& x, const json& y) {
                if (x.is_number() && y.is_number())
                    return std::abs(x.get<double>() - y.get<double>()) < 1e-9;
                if (!x.is_array() || !y.is_array() || x.size() != y.size())
                    return false;
                for (std::size_t k = 0; k < x.size(); ++k)
                    if (!near(x[k], y[k]))
                        return false;
                return true;
            };
            QVERIFY(near(fa, fb));
        }
    }

    // dispatch() from many threads at once (the server's workers): every answer equals the serial one (the
    // per-thread transformers, the shared state), for reprojected and plain pages alike. timeStamp aside.
    void concurrentRequestsAgree()
    {
        const std::vector<std::string> targets = {"/collections/parcels/items?limit=200&crs=" + kEpsg32640,
            "/collections/towns/items?bbox=450000,2400000,700000,2700000&bbox-crs=" + kEpsg32640,
            "/collections/inspections/items?datetime=2025-01-01/2025-01-31&limit=50&crs=" + kEpsg4326,
            "/collections/governorates", "/collections/roads/items/3?crs=" + kEpsg32640};
        const auto body = [this](const std::string& target) {
            json doc = json::parse(get(target).body);
            doc.erase("timeStamp");
            return doc.dump();
        };
        std::vector<std::string> serial;
        for (const std::string& t : targets)
            serial.push_back(body(t));
        std::atomic<int> mismatches{0};
        std::vector<std::thread> threads;
        for (int w = 0; w < 4; ++w)
            threads.emplace_back([&, w] {
                for (int i = 0; i < 20; ++i) {
                    const std::size_t k = static_cast<std::size_t>(i + w) % targets.size();
                    if (body(targets[k]) != serial[k])
                        ++mismatches;
                }
            });
        for (std::thread& t : threads)
            t.join();
        QCOMPARE(mismatches.load(), 0);
    }

    // Not a pass/fail check: how long typical pages take (docs/serve.md quotes these).
    void timings()
    {
        QElapsedTimer timer;
        const auto measure = [&](const std::string& target, int repeat) {
            timer.start();
            for (int i = 0; i < repeat; ++i)
                QCOMPARE(get(target).status, 200);
            qInfo("%s: %.2f ms", target.c_str(), timer.nsecsElapsed() / 1e6 / repeat);
        };
        measure("/collections/parcels/items?limit=100&bbox=57.4,22.8,57.7,23.0", 50);
        measure("/collections/parcels/items?limit=100&bbox=57.4,22.8,57.7,23.0&crs=" + kEpsg32640, 50);
        measure("/collections/inspections/items?limit=100&offset=2000", 50);
        measure("/collections/parcels/items?limit=10000", 3);
        measure("/collections/inspections/items/17", 200);
    }

    // /conf/queryables/get-queryables-op (Part 3): a JSON Schema of the layer's fields, names and types as
    // sqlite3 declares them in the GeoPackage, plus the geometry; linked from the collection.
    void conf_queryables_get_queryables_op()
    {
        const HttpResponse r = get("/collections/inspections/queryables");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.contentType, std::string("application/schema+json"));
        const json doc = json::parse(r.body);
        QCOMPARE(doc["type"].get<std::string>(), std::string("object"));
        QCOMPARE(doc["$id"].get<std::string>(), kBase + "/collections/inspections/queryables");
        std::map<std::string, std::string> expected = {{"geometry", "geometry-any"}};
        for (const QString& line : sqlite("SELECT name, type FROM pragma_table_info('inspections') WHERE name NOT IN ('fid', 'geom')")) {
            const QStringList v = line.split('|');
            const QString type = v[1].toUpper();
            expected[v[0].toStdString()] = type.contains("INT") ? "integer" : type == "REAL" ? "number" : type == "DATE" ? "date" : "string";
        }
        std::map<std::string, std::string> actual;
        for (const auto& [name, schema] : doc["properties"].items())
            actual[name] = schema.value("format", schema.value("type", std::string()));
        QVERIFY(actual == expected);
        const json collection = getJson("/collections/inspections");
        QCOMPARE(linkOf(collection, "http://www.opengis.net/def/rel/ogc/1.0/queryables")["href"], doc["$id"]);
        QCOMPARE(get("/collections/nowhere/queryables").status, 404);
        QCOMPARE(get("/collections/towns/queryables?f=html&lang=ar").status, 200);
    }

    // /conf/filter/filter-param, /conf/features-filter/response (Part 3): CQL2 text filters give sqlite3's rows
    // (ogrinfo's spatial filter for S_INTERSECTS), alone and with bbox and datetime; filter-crs EPSG:4326 is
    // latitude first.
    void conf_filter_response_data()
    {
        QTest::addColumn<QString>("layer");
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("where");
        QTest::newRow("comparison and") << "inspections" << "filter=type = 'health' AND score > 80"
                                        << "type = 'health' AND score > 80";
        QTest::newRow("in, between, or") << "inspections" << "filter=result IN ('pass', 'fail') AND (score BETWEEN 50 AND 60 OR score < 10)"
                                         << "result IN ('pass', 'fail') AND (score BETWEEN 50 AND 60 OR score < 10)";
        QTest::newRow("is null") << "inspections" << "filter=follow_up_date IS NULL" << "follow_up_date IS NULL";
        QTest::newRow("not null") << "inspections" << "filter=follow_up_date IS NOT NULL" << "follow_up_date IS NOT NULL";
        QTest::newRow("like") << "towns" << "filter=name_en LIKE 'S%'" << "name_en GLOB 'S*'";
        QTest::newRow("with datetime") << "inspections" << "filter=score >= 90&datetime=2025-01-01/2025-06-30"
                                       << "score >= 90 AND inspection_date BETWEEN '2025-01-01' AND '2025-06-30'";
        QTest::newRow("date literal") << "inspections" << "filter=inspection_date < DATE('2024-02-01') AND type = 'building'"
                                      << "inspection_date < '2024-02-01' AND type = 'building'";
    }
    void conf_filter_response()
    {
        QFETCH(QString, layer);
        QFETCH(QString, query);
        QFETCH(QString, where);
        QString encoded;
        for (const QString& part : query.split('&')) {
            const int eq = part.indexOf('=');
            encoded += (encoded.isEmpty() ? "" : "&") + part.left(eq) + "="
                + QString::fromStdString(percentEncode(part.mid(eq + 1).toStdString()));
        }
        const std::vector<std::int64_t> expected = sqliteIds("SELECT fid FROM " + layer + " WHERE " + where + " ORDER BY fid");
        QVERIFY(!expected.empty());
        const std::vector<std::int64_t> ids = walk("/collections/" + layer.toStdString() + "/items?limit=10000&"
            + encoded.toStdString() + "&filter-lang=cql2-text");
        QVERIFY2(ids == expected, qPrintable(QString("%1 vs %2").arg(ids.size()).arg(expected.size())));
    }
    void conf_filter_spatial()
    {
        const std::vector<std::int64_t> expected = ogrSpatialIds("parcels", {"57.5", "22.9", "57.56", "22.95"});
        QVERIFY(!expected.empty());
        const std::string lonLat = "S_INTERSECTS(geometry, POLYGON((57.5 22.9, 57.56 22.9, 57.56 22.95, 57.5 22.95, 57.5 22.9)))";
        QVERIFY(walk("/collections/parcels/items?limit=10000&filter=" + percentEncode(lonLat)) == expected);
        const std::string latLon = "S_INTERSECTS(geometry, POLYGON((22.9 57.5, 22.9 57.56, 22.95 57.56, 22.95 57.5, 22.9 57.5)))";
        QVERIFY(walk("/collections/parcels/items?limit=10000&filter-crs=" + kEpsg4326 + "&filter=" + percentEncode(latLon))
            == expected);
        // with a bbox the two intersect
        const std::vector<std::int64_t> both = walk("/collections/parcels/items?limit=10000&bbox=57.53,22.9,57.6,23&filter="
            + percentEncode(lonLat));
        const std::vector<std::int64_t> box = ogrSpatialIds("parcels", {"57.53", "22.9", "57.6", "23"});
        std::vector<std::int64_t> common;
        std::set_intersection(expected.begin(), expected.end(), box.begin(), box.end(), std::back_inserter(common));
        QVERIFY(both == common);
        const HttpResponse bad = get("/collections/parcels/items?filter=" + percentEncode("S_INTERSECTS(geometry, POLYGON((1 2)))"));
        QCOMPARE(bad.status, 400);
        QVERIFY(json::parse(bad.body)["description"].get<std::string>().find("CQL2") != std::string::npos);
    }

    void headIsAnsweredByTheGet()
    {
        // The router answers HEAD with the GET route and keeps the body: the server sends its Content-Length
        // without it (RFC 9110; tst_httpserver's headCarriesTheContentLengthOfTheGet checks the wire).
        HttpRequest r = makeRequest("/collections/towns/items/1");
        r.method = "HEAD";
        const HttpResponse a = m_router.dispatch(r);
        const HttpResponse b = get("/collections/towns/items/1");
        QCOMPARE(a.status, 200);
        QCOMPARE(a.contentType, b.contentType);
        QCOMPARE(header(a, "ETag"), header(b, "ETag"));
        QVERIFY(!a.body.empty());
        QVERIFY(a.body == b.body);
    }
};

QTEST_GUILESS_MAIN(TestFeatures)
#include "tst_features.moc"
