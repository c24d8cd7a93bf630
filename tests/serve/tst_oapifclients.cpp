// OGC API – Features through clients nobody here wrote, against the real `gis serve` process (started by the test
// on 127.0.0.1, port 0, killed afterwards even when a check fails): GDAL's OAPIF driver (ogrinfo lists the
// collections; ogr2ogr copies each collection and the copy equals the source layer: count, attributes and
// geometries, compared as ogr2ogr's CSV of both) and OWSLib's owslib.ogcapi.features.Features (collections,
// items, one item). The oracle for the source is the GeoPackage itself, read by GDAL and sqlite3.

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "support/serveprocess.h"

namespace {

const QString kGis = GIS_BINARY_DIR "/bin/gis";
const QString kProject = GIS_SOURCE_DIR "/data/dakhiliyah.json";
const QString kGpkg = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";
// The collections: the project's vector layers (the raster "hillshade" is not one); names equal the GeoPackage's.
const QStringList kCollections = {"countries", "governorates", "parcels", "wilayat", "roads", "construction_sites",
    "drone_flights", "inspections",
    "building_inspections", "projects", "towns"};

struct Server : gis::testing::ServeProcess {
    bool start() { return ServeProcess::start(kProject); }
    QString url() const { return ServeProcess::url("/"); }
};

struct Result {
    int exitCode = -1;
    QString out;
    QString err;
};

Result run(const QString& program, const QStringList& args)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(300000)) {
        p.kill();
        p.waitForFinished();
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
        QString::fromUtf8(p.readAllStandardError())};
}

// A layer as ogr2ogr writes it to CSV: a header line, then one line per feature with its geometry as WKT.
QString csv(const QString& source, const QString& layer)
{
    const Result r = run("ogr2ogr", {"-f", "CSV", "/vsistdout/", source, layer, "-lco", "GEOMETRY=AS_WKT"});
    if (r.exitCode != 0)
        qWarning() << "ogr2ogr" << source << layer << r.err;
    return r.out;
}

} // namespace

class TestOapifClients : public QObject {
    Q_OBJECT

    Server m_server;
    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        QVERIFY(QFile::exists(kGis));
        QVERIFY(m_dir.isValid());
        QVERIFY(m_server.start());
    }

    // ogrinfo OAPIF:URL lists every collection.
    void ogrinfoListsCollections()
    {
        const Result r = run("ogrinfo", {"-ro", "-q", "OAPIF:" + m_server.url()});
        QCOMPARE(r.exitCode, 0);
        QStringList names;
        const QRegularExpression line("^\\d+: (\\S+)", QRegularExpression::MultilineOption);
        for (auto it = line.globalMatch(r.out); it.hasNext();)
            names << it.next().captured(1);
        QCOMPARE(names, kCollections);
    }

    // ogr2ogr copies each collection; the copy equals the source layer (count, attributes in order, geometries).
    void ogr2ogrCopiesEqualTheLayers_data()
    {
        QTest::addColumn<QString>("collection");
        for (const QString& c : kCollections)
            QTest::newRow(qPrintable(c)) << c;
    }
    void ogr2ogrCopiesEqualTheLayers()
    {
        QFETCH(QString, collection);
        const QString copy = m_dir.filePath(collection + ".gpkg");
        const Result r = run("ogr2ogr", {"-f", "GPKG", copy, "OAPIF:" + m_server.url(), collection, "-nln", collection});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QString expected = csv(kGpkg, collection);
        const QString actual = csv(copy, collection);
        QVERIFY(!expected.isEmpty());
        const QStringList e = expected.split('\n');
        const QStringList a = actual.split('\n');
        QCOMPARE(a.size(), e.size()); // the count
        for (int i = 0; i < e.size(); ++i)
            QVERIFY2(a[i] == e[i], qPrintable(QString("line %1:\n  source %2\n  copy   %3").arg(i).arg(e[i].left(300), a[i].left(300))));
    }

    // OWSLib's OGC API – Features client: the collections, a page of items with its counts, one item.
    void owslibReadsCollectionsAndItems()
    {
        const QString script = R"(
import json, sys
from owslib.ogcapi.features import Features
w = Features(sys.argv[1])
out = {"title": w.response.get("title"), "openapi": w.api().get("openapi"), "conformance": w.conformance()["conformsTo"],
       "collections": [c["id"] for c in w.collections()["collections"]]}
towns = w.collection("towns")
out["towns_title"] = towns["title"]
items = w.collection_items("towns", limit=5, offset=10)
out["matched"] = items["numberMatched"]
out["ids"] = [f["id"] for f in items["features"]]
one = w.collection_item("towns", str(items["features"][0]["id"]))
out["one"] = one["properties"]["name_en"]
inspections = w.collection_items("inspections", datetime="2025-01-01/2025-01-31", limit=1)
out["january"] = inspections["numberMatched"]
health = w.collection_items("inspections", filter="type = 'health' AND score > 80", limit=1)
out["health"] = health["numberMatched"]
print(json.dumps(out))
)";
        const Result r = run("/usr/bin/python3", {"-c", script, m_server.url()});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject out = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(out["title"].toString(), QString("Ad Dakhiliyah Governorate"));
        QVERIFY(out["openapi"].toString().startsWith("3.0"));
        QVERIFY(out["conformance"].toArray().contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"));
        QStringList ids;
        for (const QJsonValue& v : out["collections"].toArray())
            ids << v.toString();
        QCOMPARE(ids, kCollections);
        QCOMPARE(out["towns_title"].toString(), QString("Towns"));
        const QStringList sqlite = run("sqlite3", {kGpkg, "SELECT count(*) FROM towns; SELECT fid FROM towns ORDER BY fid "
                                                          "LIMIT 5 OFFSET 10; SELECT name_en FROM towns ORDER BY fid LIMIT 1 OFFSET 10; "
                                                          "SELECT count(*) FROM inspections WHERE inspection_date BETWEEN "
                                                          "'2025-01-01' AND '2025-01-31'; SELECT count(*) FROM inspections "
                                                          "WHERE type = 'health' AND score > 80"})
                                       .out.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(out["matched"].toInt(), sqlite[0].toInt());
        QStringList got;
        for (const QJsonValue& v : out["ids"].toArray())
            got << QString::number(v.toInteger());
        QCOMPARE(got, sqlite.mid(1, 5));
        QCOMPARE(out["one"].toString(), sqlite[6]);
        QCOMPARE(out["january"].toInt(), sqlite[7].toInt());
        QCOMPARE(out["health"].toInt(), sqlite[8].toInt()); // a CQL2 filter sent by OWSLib
    }
};

QTEST_GUILESS_MAIN(TestOapifClients)
#include "tst_oapifclients.moc"
