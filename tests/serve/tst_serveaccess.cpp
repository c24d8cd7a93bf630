// A collection protected by the server config ("parcels": {"read": "token"}), through the real `gis serve --config`
// binary and clients nobody here wrote: curl (/collections, /api, the collection's own routes, tiles, HEAD),
// GDAL's OAPIF driver (ogrinfo, with and without GDAL_HTTP_HEADERS) and OWSLib's WebMapService (capabilities, with
// and without the header). Without the token the collection shows nowhere; with it, everywhere.

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "support/serveprocess.h"

using gis::testing::ServeProcess;

namespace {

const QString kProject = GIS_SOURCE_DIR "/data/dakhiliyah.json";
const QByteArray kToken = "viewer-token-4b1d";
const QString kBearer = "Authorization: Bearer " + QString::fromLatin1(kToken);
const QString kPython = "/usr/bin/python3"; // Debian's, with python3-owslib

struct Result {
    int exitCode = -1;
    QByteArray out;
};

Result run(const QString& program, const QStringList& args, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    Result r;
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    if (r.exitCode != 0)
        qWarning() << program << args << p.readAllStandardError();
    return r;
}

QByteArray curl(const QStringList& args)
{
    return run("curl", QStringList{"-sS"} + args).out;
}

QStringList collectionIds(const QByteArray& body)
{
    QStringList ids;
    for (const auto& c : QJsonDocument::fromJson(body).object()["collections"].toArray())
        ids << c.toObject()["id"].toString();
    return ids;
}

} // namespace

class TestServeAccess : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    ServeProcess m_server;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QFile config(m_dir.filePath("serve.json"));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("{\"tokens\":[{\"name\":\"viewer\",\"sha256\":\""
            + QCryptographicHash::hash(kToken, QCryptographicHash::Sha256).toHex()
            + "\"}],\"collections\":{\"parcels\":{\"read\":\"token\"}}}");
        config.close();
        QVERIFY(m_server.start(kProject, {"--config", m_dir.filePath("serve.json")}));
    }

    void curlSeesItOnlyWithTheToken()
    {
        const QStringList anonymous = collectionIds(curl({m_server.url("/collections")}));
        const QStringList holder = collectionIds(curl({"-H", kBearer, m_server.url("/collections")}));
        QVERIFY(holder.contains("parcels"));
        QVERIFY(!anonymous.contains("parcels"));
        QStringList expected = holder;
        expected.removeAll("parcels");
        QCOMPARE(anonymous, expected);
        QVERIFY(!curl({m_server.url("/collections?f=html")}).contains("/collections/parcels"));
        QVERIFY(!curl({m_server.url("/api")}).contains("parcels"));
        QVERIFY(curl({"-H", kBearer, m_server.url("/api")}).contains("/collections/parcels/items"));
        for (const char* path : {"/collections/parcels", "/collections/parcels/items?limit=1", "/collections/parcels/queryables"}) {
            QCOMPARE(curl({"-o", "/dev/null", "-w", "%{http_code}", m_server.url(path)}), QByteArray("401"));
            QCOMPARE(curl({"-o", "/dev/null", "-w", "%{http_code}", "-H", kBearer, m_server.url(path)}), QByteArray("200"));
        }
    }

    void gdalListsItOnlyWithTheToken()
    {
        const QString source = "OAPIF:" + m_server.url("/");
        const Result anonymous = run("ogrinfo", {"-ro", "-q", source});
        QCOMPARE(anonymous.exitCode, 0);
        QVERIFY(anonymous.out.contains(": towns"));
        QVERIFY(!anonymous.out.contains("parcels"));
        const Result holder = run("ogrinfo", {"-ro", "-q", source, "--config", "GDAL_HTTP_HEADERS", kBearer});
        QCOMPARE(holder.exitCode, 0);
        QVERIFY(holder.out.contains(": parcels"));
        // The same feature count as the file (sqlite3 as the oracle), read through the token.
        const Result count = run("ogrinfo", {"-ro", "-so", source, "parcels", "--config", "GDAL_HTTP_HEADERS", kBearer});
        const QByteArray rows = run("sqlite3", {GIS_SOURCE_DIR "/data/dakhiliyah.gpkg", "SELECT count(*) FROM parcels"}).out.trimmed();
        QVERIFY2(count.out.contains("Feature Count: " + rows), count.out.constData());
    }

    void owslibWmsNamesItOnlyWithTheToken()
    {
        const QString script = QString(
            "import sys\n"
            "from owslib.wms import WebMapService\n"
            "headers = {'Authorization': 'Bearer %1'} if sys.argv[2] == 'token' else None\n"
            "wms = WebMapService(sys.argv[1], version='1.3.0', headers=headers)\n"
            "print(','.join(sorted(wms.contents)))\n").arg(QString::fromLatin1(kToken));
        const Result anonymous = run(kPython, {"-c", script, m_server.url("/wms"), "none"});
        const Result holder = run(kPython, {"-c", script, m_server.url("/wms"), "token"});
        QCOMPARE(anonymous.exitCode, 0);
        QCOMPARE(holder.exitCode, 0);
        QStringList all = QString::fromUtf8(holder.out.trimmed()).split(',');
        QVERIFY(all.contains("parcels") && all.contains("towns"));
        all.removeAll("parcels");
        QCOMPARE(QString::fromUtf8(anonymous.out.trimmed()).split(','), all);
        const QByteArray legend = curl({m_server.url("/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetLegendGraphic&LAYER=parcels&FORMAT=image/png")});
        QVERIFY(legend.contains("LayerNotDefined"));
    }

    void tilesDifferByAccessLevel()
    {
        // Zoom 14 over Nizwa's parcels (57.53, 22.93): tile 14/10810/7119 (the slippy-map formula).
        const QString tile = m_server.url("/tiles/14/10810/7119.png");
        const QByteArray anonymous = curl({"-D", "-", tile});
        const QByteArray holder = curl({"-D", "-", "-H", kBearer, tile});
        QVERIFY(anonymous.toLower().contains("cache-control: public"));
        QVERIFY(holder.toLower().contains("cache-control: private"));
        const QByteArray a = anonymous.mid(anonymous.indexOf("\r\n\r\n") + 4), h = holder.mid(holder.indexOf("\r\n\r\n") + 4);
        QVERIFY(a.startsWith("\x89PNG") && h.startsWith("\x89PNG"));
        QVERIFY(a != h);
    }

    void headCarriesTheLengthOfTheGet()
    {
        for (const char* path : {"/collections", "/wms?SERVICE=WMS&REQUEST=GetCapabilities", "/collections/towns/items/1"}) {
            const QByteArray size = curl({"-o", "/dev/null", "-w", "%{size_download}", m_server.url(path)});
            const QByteArray head = curl({"-I", m_server.url(path)}).toLower();
            QVERIFY2(head.contains("content-length: " + size + "\r\n"), head.constData());
        }
    }

    void cleanupTestCase()
    {
        m_server.process.terminate(); // SIGTERM: the graceful stop
        QVERIFY(m_server.process.waitForFinished(20000));
        QCOMPARE(m_server.process.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestServeAccess)
#include "tst_serveaccess.moc"
