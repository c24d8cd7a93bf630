// The map endpoints through `gis serve` with clients nobody here wrote: the real binary on 127.0.0.1, port 0, read
// by OWSLib's WebMapService 1.3.0 (capabilities, then GetMap) and by curl (a tile's ETag, then 304). The server is
// killed when a test fails too (Server's destructor).

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "support/mapsupport.h"

using namespace gis;
using namespace gis::testing;

#include "support/serveprocess.h"

namespace {

const QString kProject = GIS_SOURCE_DIR "/data/dakhiliyah.json";
const QString kPython = "/usr/bin/python3"; // Debian's, with python3-owslib

struct Server : gis::testing::ServeProcess {
    bool start() { return ServeProcess::start(kProject); }
};

} // namespace

class TestWmsClients : public QObject {
    Q_OBJECT

    Server server;

private slots:
    void initTestCase() { QVERIFY(server.start()); }

    void owslibReadsCapabilitiesAndGetsAMap()
    {
        QTemporaryDir dir;
        const QString png = dir.filePath("map.png");
        const char* script = R"(
import sys
from owslib.wms import WebMapService
w = WebMapService(sys.argv[1], version='1.3.0')
print(w.identification.version, len(list(w.contents)), w['towns'].title)
img = w.getmap(layers=['wilayat', 'roads', 'towns'], styles=['', '', ''], srs='EPSG:32640',
               bbox=(520000, 2490000, 660000, 2595000), size=(400, 300), format='image/png')
open(sys.argv[2], 'wb').write(img.read())
)";
        bool ok = false;
        const QString out = run(kPython, {"-c", script, server.url("/wms"), png}, &ok);
        QVERIFY2(ok, qPrintable(out));
        // Every layer of the sample project, as its file lists them (read with Qt's JSON).
        QFile sample(GIS_SOURCE_DIR "/data/dakhiliyah.json");
        QVERIFY(sample.open(QIODevice::ReadOnly));
        const auto listed = QJsonDocument::fromJson(sample.readAll()).object()["layers"].toArray().size();
        QCOMPARE(out.trimmed(), QString("1.3.0 %1 Towns").arg(listed));
        const QImage got(png);
        QCOMPARE(got.size(), QSize(400, 300));
        // The same map dispatched in this process (no HTTP): the server drew what the service draws.
        MapFixture f;
        const auto direct = f.get("/wms?SERVICE=WMS&VERSION=1.3.0&REQUEST=GetMap&LAYERS=wilayat,roads,towns&STYLES=,,"
                                  "&CRS=EPSG:32640&BBOX=520000,2490000,660000,2595000&WIDTH=400&HEIGHT=300&FORMAT=image/png"
                                  "&BGCOLOR=0xFFFFFF"); // OWSLib sends WMS's default background
        QCOMPARE(direct.status, 200);
        const double share = differingShare(got, MapFixture::image(direct), 8);
        QVERIFY2(share < 0.002, qPrintable(QString("%1 of the pixels differ").arg(share)));
    }

    void curlSeesTileEtagsAnd304()
    {
        bool ok = false;
        const QString headers = run("curl", {"-s", "-D", "-", "-o", "/dev/null", server.url("/tiles/6/42/27.png")}, &ok);
        QVERIFY2(ok, qPrintable(headers));
        QVERIFY2(headers.startsWith("HTTP/1.1 200"), qPrintable(headers));
        const auto m = QRegularExpression("(?i)etag: (\"[0-9a-f]+\")").match(headers);
        QVERIFY2(m.hasMatch(), qPrintable(headers));
        QVERIFY(headers.contains(QRegularExpression("(?i)cache-control: public, max-age=60")));
        QVERIFY(headers.contains(QRegularExpression("(?i)content-type: image/png")));
        const QString again = run("curl", {"-s", "-D", "-", "-o", "/dev/null", "-H", "If-None-Match: " + m.captured(1),
            server.url("/tiles/6/42/27.png")}, &ok);
        QVERIFY2(again.startsWith("HTTP/1.1 304"), qPrintable(again));
    }
};

QTEST_MAIN(TestWmsClients)
#include "tst_wmsclients.moc"
