// What a project may make the program read: hostile projects (network paths spelled every way, VRTs, files
// outside the project's folder, FIFOs, devices, huge files) are refused with the key that names them, without
// opening anything; trusted folders allow what is only outside. A TCP listener on 127.0.0.1 is the oracle
// for "no connection was attempted", FIFOs with no writer the oracle for "nothing blocks".

#include <QDir>
#include <QJsonObject>
#include <QJsonDocument>
#include <QJsonArray>
#include <QFile>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <filesystem>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gis/core/error.h"
#include "gis/core/pathguard.h"
#include "gis/core/readfile.h"
#include "gis/data/datasource.h"
#include "gis/project/project.h"
#include "gis/render/maprenderer.h"
#include "gis/render/rasterdraw.h"
#include "support/testsupport.h"

using namespace gis;

namespace {

/// How many layers the sample project lists, read from its JSON with Qt (not libgis): the count the tests expect.
int sampleLayerCount()
{
    QFile f(GIS_SOURCE_DIR "/data/dakhiliyah.json");
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    return static_cast<int>(QJsonDocument::fromJson(f.readAll()).object()["layers"].toArray().size());
}


const QByteArray kPoint = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"n\":1},"
                          "\"geometry\":{\"type\":\"Point\",\"coordinates\":[57.5,22.9]}}]}";

/// A TCP port on 127.0.0.1 that counts the connections made to it, accepted or still queued.
class Listener {
public:
    Listener()
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        if (m_fd < 0 || ::bind(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(m_fd, 16) != 0
            || ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
            qFatal("cannot listen on 127.0.0.1");
        m_port = ntohs(addr.sin_port);
    }
    ~Listener() { ::close(m_fd); }
    int port() const { return m_port; }
    /// Connections that arrived since the last call. The kernel completes a TCP handshake into the backlog
    /// without accept(), so a connect() that happened is here by the time the call that made it returned.
    int connections()
    {
        int n = 0;
        for (int c; (c = ::accept4(m_fd, nullptr, nullptr, SOCK_CLOEXEC)) >= 0; ++n)
            ::close(c);
        return n;
    }

private:
    int m_fd = -1;
    int m_port = 0;
};

/// True when some process has the FIFO open for reading: opening its write end without blocking fails
/// with ENXIO when no reader has it.
bool fifoHasReader(const QString& path)
{
    const int fd = ::open(path.toLocal8Bit().constData(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd >= 0)
        ::close(fd);
    return fd >= 0 || errno != ENXIO;
}

QString errorOfLoad(const QString& project, const ProjectLoadOptions& options = {})
{
    try {
        Project::load(project.toStdString(), options);
    } catch (const Error& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

} // namespace

class TestProjectSources : public QObject {
    Q_OBJECT

    QTemporaryDir m_root;
    QString m_proj;    // the project's folder
    QString m_outside; // a sibling folder
    Listener m_listener;

    QString url(const char* file) const { return QString("http://127.0.0.1:%1/%2").arg(m_listener.port()).arg(file); }

    /// A project p.json in the project folder with one layer (the JSON object `layer`).
    QString writeProject(const QString& layer) const
    {
        const QString path = m_proj + "/p.json";
        gis::test::writeFile(path, ("{\"version\": 1, \"layers\": [" + layer + "]}").toUtf8());
        return path;
    }

private slots:
    void initTestCase()
    {
        // Should the library's GDAL settings ever fail, GDAL connects to the listener, which never answers: a
        // short timeout turns that into a failed comparison instead of a hang.
        qputenv("GDAL_HTTP_TIMEOUT", "3");
        qputenv("GDAL_HTTP_CONNECTTIMEOUT", "3");
        m_proj = m_root.filePath("proj");
        m_outside = m_root.filePath("outside");
        QVERIFY(QDir().mkpath(m_proj + "/icons") && QDir().mkpath(m_outside));
        gis::test::writeFile(m_proj + "/inside.geojson", kPoint);
        gis::test::writeFile(m_outside + "/outside.geojson", kPoint);
        gis::test::writeFile(m_outside + "/style.json", "{\"renderer\": {\"type\": \"single\"}}");
        gis::test::writeFile(m_outside + "/icon.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 2 2\"/>");
        std::filesystem::create_symlink((m_outside + "/outside.geojson").toStdString(), (m_proj + "/link.geojson").toStdString());
        QCOMPARE(::mkfifo((m_proj + "/fifo.geojson").toLocal8Bit().constData(), 0600), 0);
        QCOMPARE(::mkfifo((m_proj + "/fifo.json").toLocal8Bit().constData(), 0600), 0);
        QCOMPARE(::mkfifo((m_proj + "/icons/fifo.svg").toLocal8Bit().constData(), 0600), 0);
        // VRTs naming a file and a URL: GDAL would follow them wherever they point.
        gis::test::writeFile(m_proj + "/passwd.vrt", "<VRTDataset rasterXSize=\"1\" rasterYSize=\"1\"><VRTRasterBand dataType=\"Byte\" band=\"1\">"
            "<SimpleSource><SourceFilename relativeToVRT=\"0\">/etc/passwd</SourceFilename></SimpleSource></VRTRasterBand></VRTDataset>");
        const QByteArray ogrVrt = "<OGRVRTDataSource><OGRVRTLayer name=\"x\"><SrcDataSource>" + url("x.geojson").toUtf8()
            + "</SrcDataSource></OGRVRTLayer></OGRVRTDataSource>";
        gis::test::writeFile(m_proj + "/url.vrt", ogrVrt);
        gis::test::writeFile(m_proj + "/disguised.geojson", ogrVrt); // a VRT by its content, not its name
        // A style of 20 MiB: valid JSON, so only the size limit can refuse it.
        QFile big(m_proj + "/big.json");
        QVERIFY(big.open(QIODevice::WriteOnly));
        big.write("{\"description\": \"");
        big.write(QByteArray(20 << 20, 'x'));
        big.write("\"}");
        big.close();
    }

    void hostileProjectsAreRefused_data()
    {
        QTest::addColumn<QString>("layer");     // the layer's JSON; PORT is the listener's port
        QTest::addColumn<QString>("key");       // the JSON key the error must name
        QTest::addColumn<QString>("reason");    // and why
        QTest::addColumn<bool>("fixable");      // a PathRefusedError (trusting a folder would allow it)
        const QString inside = "\"source\": \"inside.geojson\", ";
        QTest::newRow("vsicurl through ..") << "{\"source\": \"../../../../vsicurl?url=http%3A%2F%2F127.0.0.1%3APORT%2Fx.geojson\"}"
                                           << "layers[0].source" << "GDAL virtual file system" << false;
        QTest::newRow("vsicurl") << "{\"source\": \"/vsicurl/http://127.0.0.1:PORT/x.geojson\"}" << "layers[0].source" << "URL" << false;
        QTest::newRow("vsizip") << "{\"source\": \"/vsizip/{/etc/x.zip}/a.shp\"}" << "layers[0].source" << "GDAL virtual file system" << false;
        QTest::newRow("vsisubfile") << "{\"source\": \"/vsisubfile/0_10,/etc/passwd\"}" << "layers[0].source" << "GDAL virtual file system" << false;
        QTest::newRow("vsi inside a path") << "{\"source\": \"data/vsigzip/x.geojson\"}" << "layers[0].source" << "GDAL virtual file system" << false;
        QTest::newRow("url") << "{\"source\": \"http://127.0.0.1:PORT/x.geojson\"}" << "layers[0].source" << "URL" << false;
        QTest::newRow("postgres") << "{\"source\": \"PG:dbname=x host=127.0.0.1 port=PORT\"}" << "layers[0].source" << "may name a PostgreSQL service" << false;
        QTest::newRow("vrt to /etc/passwd") << "{\"source\": \"passwd.vrt\"}" << "layers[0].source" << "GDAL VRT" << true;
        QTest::newRow("vrt to a URL") << "{\"source\": \"url.vrt\"}" << "layers[0].source" << "GDAL VRT" << true;
        QTest::newRow("vrt by content") << "{\"source\": \"disguised.geojson\"}" << "layers[0].source" << "GDAL VRT" << true;
        QTest::newRow("absolute /etc/passwd") << "{\"source\": \"/etc/passwd\"}" << "layers[0].source" << "outside the project's folder" << true;
        QTest::newRow("../outside") << "{\"source\": \"../outside/outside.geojson\"}" << "layers[0].source" << "outside the project's folder" << true;
        QTest::newRow("link out") << "{\"source\": \"link.geojson\"}" << "layers[0].source" << "leads to" << true;
        QTest::newRow("fifo as source") << "{\"source\": \"fifo.geojson\"}" << "layers[0].source" << "FIFO" << false;
        QTest::newRow("fifo as style") << "{" + inside + "\"style\": \"fifo.json\"}" << "layers[0].style" << "FIFO" << false;
        QTest::newRow("/dev/zero as style") << "{" + inside + "\"style\": \"/dev/zero\"}" << "layers[0].style" << "a device" << false;
        QTest::newRow("style outside") << "{" + inside + "\"style\": \"../outside/style.json\"}" << "layers[0].style" << "outside" << true;
        QTest::newRow("20 MiB style") << "{" + inside + "\"style\": \"big.json\"}" << "big.json" << "the limit is 16 MiB" << false;
        auto icon = [&](const char* path) {
            return "{" + inside + "\"style\": {\"renderer\": {\"type\": \"single\", \"symbol\": {\"icon\": \"" + QString(path) + "\"}}}}";
        };
        QTest::newRow("/dev/stdin as icon") << icon("/dev/stdin") << "layers[0].style.renderer.symbol.icon" << "must be a regular file" << false;
        QTest::newRow("fifo as icon") << icon("icons/fifo.svg") << "layers[0].style.renderer.symbol.icon" << "FIFO" << false;
        QTest::newRow("/proc/self/mem as icon") << icon("/proc/self/mem") << "layers[0].style.renderer.symbol.icon" << "outside" << true;
        QTest::newRow("/etc/shadow as icon") << icon("/etc/shadow") << "layers[0].style.renderer.symbol.icon" << "outside" << true;
        QTest::newRow("icon outside") << icon("../outside/icon.svg") << "layers[0].style.renderer.symbol.icon" << "outside" << true;
    }

    void hostileProjectsAreRefused()
    {
        QFETCH(QString, layer);
        QFETCH(QString, key);
        QFETCH(QString, reason);
        QFETCH(bool, fixable);
        const QString project = writeProject(layer.replace("PORT", QString::number(m_listener.port())));
        QElapsedTimer timer;
        timer.start();
        try {
            Project::load(project.toStdString());
            QFAIL("the project was accepted");
        } catch (const PathRefusedError& e) {
            QVERIFY2(fixable, e.what());
            QVERIFY2(QString(e.what()).contains("p.json: " + key) && QString(e.what()).contains(reason), e.what());
            QVERIFY2(QString(e.what()).contains("--allow-path"), e.what()); // says how to allow it
            QCOMPARE(e.refusals().size(), std::size_t{1});
        } catch (const Error& e) {
            QVERIFY2(!fixable, e.what());
            QVERIFY2(QString(e.what()).contains(key) && QString(e.what()).contains(reason), e.what());
        }
        // Nothing was opened: no connection, no FIFO left open, and no waiting (a blocking open of a FIFO with
        // no writer would never have returned; this bound only catches a read of 20 MiB or more of /dev/zero).
        QCOMPARE(m_listener.connections(), 0);
        for (const QString& fifo : {m_proj + "/fifo.geojson", m_proj + "/fifo.json", m_proj + "/icons/fifo.svg"})
            QVERIFY(!fifoHasReader(fifo));
        QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed()) + " ms"));
    }

    void everyRefusalIsListedOnce()
    {
        // Two layers outside and an icon outside: one error lists all three, so the user is asked once.
        const QString project = m_proj + "/p.json";
        gis::test::writeFile(project, "{\"layers\": [{\"source\": \"../outside/outside.geojson\"}, {\"source\": \"link.geojson\"},\n"
            "            {\"source\": \"inside.geojson\", \"style\": {\"renderer\": {\"type\": \"single\", \"symbol\": {\"icon\": \"../outside/icon.svg\"}}}}]}");
        try {
            Project::load(project.toStdString());
            QFAIL("accepted");
        } catch (const PathRefusedError& e) {
            QCOMPARE(e.refusals().size(), std::size_t{3});
            for (const auto& r : e.refusals())
                QCOMPARE(QString::fromStdString(r.folder), QFileInfo(m_outside).canonicalFilePath());
            QCOMPARE(QString::fromStdString(e.refusals()[1].where), QString("p.json: layers[1].source"));
        }
    }

    void trustedFoldersAllowWhatIsOnlyOutside_data()
    {
        QTest::addColumn<QString>("layer");
        QTest::addColumn<QString>("trust"); // relative to the temporary root
        QTest::addColumn<bool>("available"); // the layer's data loads
        QTest::newRow("../outside") << "{\"source\": \"../outside/outside.geojson\"}" << "outside" << true;
        QTest::newRow("absolute") << "{\"source\": \"OUTSIDE/outside.geojson\"}" << "outside" << true;
        QTest::newRow("link out") << "{\"source\": \"link.geojson\"}" << "outside" << true;
        QTest::newRow("style outside") << "{\"source\": \"inside.geojson\", \"style\": \"../outside/style.json\"}" << "outside" << true;
        QTest::newRow("icon outside") << "{\"source\": \"inside.geojson\", \"style\": {\"renderer\": {\"type\": \"single\", \"symbol\": {\"icon\": \"../outside/icon.svg\"}}}}"
                                      << "outside" << true;
        // Trusted, the VRT is handed to GDAL, which must still not connect (the library's GDAL settings).
        QTest::newRow("vrt to a URL") << "{\"source\": \"url.vrt\"}" << "proj" << false;
        QTest::newRow("vrt by content") << "{\"source\": \"disguised.geojson\"}" << "proj" << false;
    }

    void trustedFoldersAllowWhatIsOnlyOutside()
    {
        QFETCH(QString, layer);
        QFETCH(QString, trust);
        QFETCH(bool, available);
        const QString project = writeProject(layer.replace("OUTSIDE", m_outside));
        QVERIFY(!errorOfLoad(project).isEmpty());
        ProjectLoadOptions options;
        options.trustedFolders = {m_root.filePath(trust).toStdString()};
        Project p = Project::load(project.toStdString(), options);
        p.loadData();
        QCOMPARE(p.layers.size(), std::size_t{1});
        QVERIFY2(p.layers[0].available == available, p.layers[0].error.c_str());
        QCOMPARE(m_listener.connections(), 0);
    }

    void trustingAFolderDoesNotAllowDevicesOrNetwork()
    {
        ProjectLoadOptions options;
        options.trustedFolders = {"/", "/dev", "/proc"};
        for (const QString& layer : {QString("{\"source\": \"inside.geojson\", \"style\": \"/dev/zero\"}"),
                 QString("{\"source\": \"fifo.geojson\"}"), QString("{\"source\": \"/vsicurl/http://127.0.0.1:PORT/x\"}")}) {
            const QString got = errorOfLoad(writeProject(QString(layer).replace("PORT", QString::number(m_listener.port()))), options);
            QVERIFY2(got.contains("layers[0]"), qPrintable(layer + " → " + got));
        }
        QCOMPARE(m_listener.connections(), 0);
    }

    void gdalNeverConnects_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("vsicurl") << "/vsicurl/URL";
        QTest::newRow("vsicurl_streaming") << "/vsicurl_streaming/URL";
        QTest::newRow("http driver") << "URL";
        QTest::newRow("ogr vrt") << "PROJ/url.vrt";
    }

    void gdalNeverConnects()
    {
        // Behind the path checks: the library's GDAL settings alone keep GDAL off the network.
        QFETCH(QString, path);
        path.replace("URL", url("x.geojson")).replace("PROJ", m_proj);
        try {
            const DataSource ds = DataSource::open(path.toStdString());
            for (std::size_t i = 0; i < ds.layers().size(); ++i)
                ds.readLayer(i);
        } catch (const Error&) {
        }
        try {
            RasterSource::open(path.toStdString());
        } catch (const Error&) {
        }
        QCOMPARE(m_listener.connections(), 0);
    }

    void readSmallFileRefusesWhatIsNotASmallFile_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("error");
        QTest::newRow("fifo") << "PROJ/fifo.json" << "FIFO";
        QTest::newRow("/dev/zero") << "/dev/zero" << "a device";
        QTest::newRow("/dev/stdin") << "/dev/stdin" << "not a file";
        QTest::newRow("folder") << "PROJ" << "a folder";
        QTest::newRow("too large") << "PROJ/big.json" << "the limit is 16 MiB";
        QTest::newRow("/proc/self/mem") << "/proc/self/mem" << "cannot read";
        QTest::newRow("missing") << "PROJ/nope.json" << "No such file";
    }

    void readSmallFileRefusesWhatIsNotASmallFile()
    {
        QFETCH(QString, path);
        QFETCH(QString, error);
        path.replace("PROJ", m_proj);
        try {
            readSmallFile(path.toStdString(), kMaxJsonFileBytes, "style file");
            QFAIL("read");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).startsWith(path) && QString(e.what()).contains(error), e.what());
        }
        QVERIFY(!fifoHasReader(m_proj + "/fifo.json"));
    }

    void readSmallFileLimitIsExact()
    {
        const QString path = m_root.filePath("exact.bin");
        gis::test::writeFile(path, QByteArray(1000, 'a'));
        QCOMPARE(readSmallFile(path.toStdString(), 1000, "file").size(), std::size_t{1000});
        try {
            readSmallFile(path.toStdString(), 999, "file");
            QFAIL("a file over the limit was read");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Format);
        }
        QCOMPARE(readFileHead(path.toStdString(), 10, "file"), std::string(10, 'a'));
    }

    void projectsInFoldersNamedLikeThatLoad()
    {
        // Only the document's own spelling is held to "no vsi component, no colon": the folders above it are
        // the user's ("/home/vsingh", "maps:2024").
        for (const char* folder : {"vsingh/maps", "maps:2024"}) {
            const QString dir = m_root.filePath(folder);
            QVERIFY(QDir().mkpath(dir));
            gis::test::writeFile(dir + "/inside.geojson", kPoint);
            gis::test::writeFile(dir + "/p.json", "{\"layers\": [{\"source\": \"inside.geojson\"}]}");
            Project p = Project::load((dir + "/p.json").toStdString());
            p.loadData();
            QVERIFY2(p.layers.at(0).available, p.layers.at(0).error.c_str());
        }
    }

    void iconsOfAProjectOpenedByARelativePath()
    {
        // parseStyle joins an inline style's icons to the project's folder as given, relative to the working
        // folder: the check must not join them a second time.
        gis::test::writeFile(m_proj + "/icons/ok.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 2 2\"/>");
        writeProject("{\"source\": \"inside.geojson\", \"style\": {\"renderer\": {\"type\": \"single\", "
                     "\"symbol\": {\"icon\": \"icons/ok.svg\"}}}}");
        const QString before = QDir::currentPath();
        QVERIFY(QDir::setCurrent(m_root.path()));
        const QString got = errorOfLoad("proj/p.json");
        QDir::setCurrent(before);
        QVERIFY2(got.isEmpty(), qPrintable(got));
    }

    void aMissingIconIsItsLayersProblemNotTheProjects()
    {
        // The project opens and every layer loads; drawing reports the missing file for its layer alone, and the
        // other layer is drawn.
        writeProject("{\"name\": \"pins\", \"source\": \"inside.geojson\", \"style\": {\"renderer\": {\"type\": "
                     "\"single\", \"symbol\": {\"icon\": \"gone.svg\"}}}}, {\"name\": \"dots\", \"source\": \"inside.geojson\"}");
        Project p = Project::load((m_proj + "/p.json").toStdString());
        p.loadData();
        QVERIFY2(p.layers.at(0).available && p.layers.at(1).available, p.layers.at(0).error.c_str());
        const RenderResult result = renderImage(makeRequest(p, QSize(64, 64)));
        QCOMPARE(result.errors.size(), std::size_t{1});
        QCOMPARE(result.errors[0].layer, std::string("pins"));
        QVERIFY2(QString::fromStdString(result.errors[0].message).contains("gone.svg"), result.errors[0].message.c_str());
        QVERIFY(!result.image.isNull());
    }

    void sampleProjectStillLoads()
    {
        // Its styles are in the program's bundled styles folder ("../styles/..."), which is allowed.
        Project p = Project::load(GIS_SOURCE_DIR "/data/dakhiliyah.json");
        QCOMPARE(static_cast<int>(p.layers.size()), sampleLayerCount());
        QVERIFY(p.layers.size() >= 10);
    }
};

QTEST_GUILESS_MAIN(TestProjectSources)
#include "tst_projectsources.moc"
