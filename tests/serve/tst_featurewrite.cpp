// OGC API - Features Part 4 through FeatureEditor on a copy of data/dakhiliyah.gpkg: create, read back, replace and
// patch under If-Match (428 without, 412 stale), delete, form constraints (422 naming the field), bodies refused,
// a change made outside the server (409), the guard in front; sqlite3 and ogrinfo read the GeoPackage after each
// step (the oracle). Then the crash test: a forked child serves writes and reports each acknowledged one on a pipe,
// SIGKILL lands at random moments, and every acknowledged write must be in an intact file.
//
// Kills: GIS_KILL_ROUNDS (default 20).

#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <thread>

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include "features/etag.h"
#include "gis/data/layer.h"
#include "gis/project/form.h"
#include "gis/project/json.h"
#include "gis/project/project.h"
#include "gis/serve/accessguard.h"
#include "gis/serve/featureeditor.h"
#include "gis/serve/livelayers.h"
#include "support/killsupport.h"
#include "support/testsupport.h"

using namespace gis;
using namespace gis::serve;

namespace {

const QString kData = GIS_SOURCE_DIR "/data";

std::string inspection(const std::string& licence, const std::string& result = "pass", double lon = 57.53,
    double lat = 22.93, const std::string& extra = "")
{
    return R"({"type": "Feature", "geometry": {"type": "Point", "coordinates": [)" + std::to_string(lon) + ", "
        + std::to_string(lat) + R"(]}, "properties": {"inspection_id": "API-)" + licence + R"(", "type": "health",
        "establishment": "Test Cafe", "licence_no": ")" + licence + R"(", "activity": "cafe", "result": ")" + result
        + R"(", "score": 90, "inspector": "API", "inspection_date": "2026-12-07", "wilayat_en": "Nizwa")" + extra + "}}";
}

const std::string* headerOf(const HttpResponse& r, const std::string& name)
{
    for (const auto& [key, value] : r.headers)
        if (key == name)
            return &value;
    return nullptr;
}

/// sqlite3's answer to `sql` on `path`, trimmed.
QString sql(const QString& path, const QString& query)
{
    return QString::fromUtf8(test::runTool("sqlite3", {"-batch", path, query}).out).trimmed();
}

} // namespace

class TestFeatureWrite : public QObject {
    Q_OBJECT

    struct Server {
        LiveLayers live;
        Router router;
        std::shared_ptr<FeatureEditor> editor;
    };

    std::unique_ptr<Server> start(const QString& gpkg, std::shared_ptr<const PreparedForm> form, bool guard)
    {
        auto s = std::make_unique<Server>();
        s->editor = FeatureEditor::open("inspections", gpkg.toStdString(), "inspections", s->live, std::move(form));
        FeatureEditor::addWriteRoutes(s->router, {s->editor});
        if (guard) {
            ServerConfig config;
            config.tokens = {{"field-app", sha256Hex("field-token")}, {"viewer-app", sha256Hex("viewer-token")}};
            config.collections["inspections"] = {CollectionAccess::Read::Public, true, {"field-app"}};
            s->router.setGuard(AccessGuard::guard(config));
        }
        return s;
    }

    static HttpResponse send(Server& s, const std::string& method, const std::string& path, const std::string& body = {},
        std::vector<std::pair<std::string, std::string>> headers = {{"authorization", "Bearer field-token"}})
    {
        HttpRequest r;
        r.method = method;
        r.path = path;
        r.target = path;
        r.body = body;
        r.headers = std::move(headers);
        r.baseUrl = "http://127.0.0.1:8080";
        return s.router.dispatch(r);
    }

    /// The row of `fid` in the published layer, or -1.
    static long rowOf(const Layer& layer, std::int64_t fid)
    {
        for (std::size_t i = 0; i < layer.size(); ++i)
            if (layer.fid(i) == fid)
                return static_cast<long>(i);
        return -1;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(test::haveTool("sqlite3"), "sqlite3");
        QVERIFY2(test::haveTool("ogrinfo"), "ogrinfo");
        m_gpkg = m_dir.filePath("dakhiliyah.gpkg");
        QVERIFY(QFile::copy(kData + "/dakhiliyah.gpkg", m_gpkg));
        QFile(m_gpkg).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        // The form comes from the project in the source tree (read only; its styles sit beside it); the edits go to
        // the copy, which has the same schema.
        Project project = Project::load((kData + "/dakhiliyah.json").toStdString());
        project.loadData();
        for (const ProjectLayer& pl : project.layers)
            if (pl.map.name == "inspections")
                m_form = prepareProjectForm(project, pl);
        QVERIFY(m_form);
    }

    void createReadReplaceDelete()
    {
        auto s = start(m_gpkg, m_form, true);
        const QString before = sql(m_gpkg, "SELECT count(*) FROM inspections");

        // Create: 201, Location, ETag; in the file (sqlite3, ogrinfo) and in the published layer.
        HttpResponse r = send(*s, "POST", "/collections/inspections/items", inspection("HL-90001"));
        QCOMPARE(r.status, 201);
        QVERIFY(headerOf(r, "Location") && headerOf(r, "ETag"));
        const QString location = QString::fromStdString(*headerOf(r, "Location"));
        QVERIFY2(location.startsWith("http://127.0.0.1:8080/collections/inspections/items/"), qPrintable(location));
        const std::int64_t fid = location.section('/', -1).toLongLong();
        QVERIFY(fid > 3000);
        QCOMPARE(sql(m_gpkg, "SELECT count(*) FROM inspections").toInt(), before.toInt() + 1);
        QCOMPARE(sql(m_gpkg, QString("SELECT licence_no, result, score, inspection_date FROM inspections WHERE fid = %1").arg(fid)),
            QString("HL-90001|pass|90|2026-12-07"));
        const QString info = QString::fromUtf8(test::runTool("ogrinfo", {"-q", "-fid", QString::number(fid), m_gpkg, "inspections"}).out);
        QVERIFY2(info.contains("POINT (57.53 22.93)"), qPrintable(info));
        QCOMPARE(sql(m_gpkg, "PRAGMA integrity_check"), QString("ok"));

        auto layer = s->live.get("inspections");
        const long row = rowOf(*layer, fid);
        QVERIFY(row >= 0);
        // The read side's ETag of the published row is the one the write answered with.
        const std::string etag = featureEtag(*layer, static_cast<std::size_t>(row));
        QCOMPARE(QString::fromStdString(etag), QString::fromStdString(*headerOf(r, "ETag")));
        const std::string item = "/collections/inspections/items/" + std::to_string(fid);

        // Replace without If-Match: 428; with a stale one: 412 (nothing written).
        QCOMPARE(send(*s, "PUT", item, inspection("HL-90001", "pass", 57.6, 22.9)).status, 428);
        r = send(*s, "PUT", item, inspection("HL-90001", "pass", 57.6, 22.9),
            {{"authorization", "Bearer field-token"}, {"if-match", "\"0000000000000000\""}});
        QCOMPARE(r.status, 412);
        QCOMPARE(QString::fromStdString(*headerOf(r, "ETag")), QString::fromStdString(etag));
        QCOMPARE(sql(m_gpkg, QString("SELECT score FROM inspections WHERE fid = %1").arg(fid)), QString("90"));

        // Replace with the right ETag: 204, a new ETag, the file and the published layer changed.
        r = send(*s, "PUT", item, inspection("HL-90001", "pass", 57.6, 22.9, R"(, "score": 75)"),
            {{"authorization", "Bearer field-token"}, {"if-match", etag}});
        QCOMPARE(r.status, 204);
        const std::string etag2 = *headerOf(r, "ETag");
        QVERIFY(etag2 != etag);
        QCOMPARE(sql(m_gpkg, QString("SELECT score FROM inspections WHERE fid = %1").arg(fid)), QString("75"));
        QVERIFY(QString::fromUtf8(test::runTool("ogrinfo", {"-q", "-fid", QString::number(fid), m_gpkg, "inspections"}).out)
                    .contains("POINT (57.6 22.9)"));
        layer = s->live.get("inspections");
        QCOMPARE(QString::fromStdString(featureEtag(*layer, static_cast<std::size_t>(rowOf(*layer, fid)))),
            QString::fromStdString(etag2));

        // The first ETag is stale now.
        QCOMPARE(send(*s, "PATCH", item, R"({"type": "Feature", "properties": {"score": 80}})",
                     {{"authorization", "Bearer field-token"}, {"if-match", etag}}).status, 412);
        // Patch: only the given property changes.
        r = send(*s, "PATCH", item, R"({"type": "Feature", "properties": {"score": 80}})",
            {{"authorization", "Bearer field-token"}, {"if-match", etag2}});
        QCOMPARE(r.status, 204);
        QCOMPARE(sql(m_gpkg, QString("SELECT licence_no, score FROM inspections WHERE fid = %1").arg(fid)),
            QString("HL-90001|80"));
        const std::string etag3 = *headerOf(r, "ETag");

        // Patch in UTM (Content-Crs): the point lands where cs2cs would put it back in lon/lat.
        r = send(*s, "PATCH", item, R"({"type": "Feature", "geometry": {"type": "Point", "coordinates": [555000, 2535000]}})",
            {{"authorization", "Bearer field-token"}, {"if-match", etag3}, {"content-crs", "<http://www.opengis.net/def/crs/EPSG/0/32640>"}});
        QCOMPARE(r.status, 204);
        const auto back = test::runTool("cs2cs", {"-f", "%.6f", "EPSG:32640", "OGC:CRS84"}, "555000 2535000\n");
        const QStringList expected = QString::fromLatin1(back.out).simplified().split(' ');
        const QString point = QString::fromUtf8(test::runTool("ogrinfo", {"-q", "-fid", QString::number(fid), m_gpkg, "inspections"}).out);
        const QRegularExpression re("POINT \\(([-0-9.]+) ([-0-9.]+)\\)");
        const auto m = re.match(point);
        QVERIFY2(m.hasMatch() && expected.size() >= 2, qPrintable(point + back.out));
        QVERIFY(std::abs(m.captured(1).toDouble() - expected[0].toDouble()) < 1e-6);
        QVERIFY(std::abs(m.captured(2).toDouble() - expected[1].toDouble()) < 1e-6);
        const std::string etag4 = *headerOf(r, "ETag");

        // Delete: 428 without If-Match, 204 with; gone from the file and the published layer; then 404.
        QCOMPARE(send(*s, "DELETE", item).status, 428);
        QCOMPARE(send(*s, "DELETE", item, {}, {{"authorization", "Bearer field-token"}, {"if-match", etag4}}).status, 204);
        QCOMPARE(sql(m_gpkg, QString("SELECT count(*) FROM inspections WHERE fid = %1").arg(fid)), QString("0"));
        QCOMPARE(sql(m_gpkg, "SELECT count(*) FROM inspections"), before);
        QCOMPARE(rowOf(*s->live.get("inspections"), fid), -1L);
        QCOMPARE(send(*s, "DELETE", item, {}, {{"authorization", "Bearer field-token"}, {"if-match", "*"}}).status, 404);
        QCOMPARE(sql(m_gpkg, "PRAGMA integrity_check"), QString("ok"));
    }

    void guardInFront()
    {
        auto s = start(m_gpkg, m_form, true);
        const QString before = sql(m_gpkg, "SELECT count(*) FROM inspections");
        HttpResponse r = send(*s, "POST", "/collections/inspections/items", inspection("HL-90002"), {});
        QCOMPARE(r.status, 401);
        QVERIFY(headerOf(r, "WWW-Authenticate"));
        QCOMPARE(send(*s, "POST", "/collections/inspections/items", inspection("HL-90002"),
                     {{"authorization", "Bearer viewer-token"}}).status, 403);
        QCOMPARE(send(*s, "DELETE", "/collections/inspections/items/2", {}, {{"if-match", "*"}}).status, 401);
        QCOMPARE(sql(m_gpkg, "SELECT count(*) FROM inspections"), before);
        QCOMPARE(sql(m_gpkg, "SELECT count(*) FROM inspections WHERE fid = 2"), QString("1"));
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("named");
        QTest::newRow("form: follow-up needed") << QString::fromStdString(inspection("HL-90003", "fail")) << 422 << "follow_up_date";
        QTest::newRow("form: establishment missing")
            << QString::fromStdString(inspection("HL-90003", "pass", 57.53, 22.93, R"(, "establishment": null)")) << 422
            << "establishment";
        QTest::newRow("form: unique licence") << QString::fromStdString(inspection("HL-00001")) << 422 << "licence_no";
        QTest::newRow("unknown property") << QString::fromStdString(inspection("HL-90003", "pass", 57.53, 22.93, R"(, "colour": "red")"))
                                          << 422 << "properties.colour";
        QTest::newRow("wrong type") << QString::fromStdString(inspection("HL-90003", "pass", 57.53, 22.93, R"(, "score": "high")"))
                                    << 422 << "properties.score";
        QTest::newRow("bad date") << QString::fromStdString(inspection("HL-90003", "pass", 57.53, 22.93, R"(, "inspection_date": "7/12")"))
                                  << 422 << "properties.inspection_date";
        QTest::newRow("bad geometry") << R"({"type": "Feature", "geometry": {"type": "Point", "coordinates": "x"}, "properties": {}})"
                                      << 422 << "geometry";
        QTest::newRow("no geometry") << R"({"type": "Feature", "properties": {}})" << 422 << "geometry";
        QTest::newRow("not a feature") << R"({"type": "FeatureCollection", "features": []})" << 400 << "Feature";
        QTest::newRow("not json") << "{\"type\": " << 400 << "body";
        QTest::newRow("too deep") << QString(100, '[') + QString(100, ']') << 400 << "deeper than 32";
    }
    void refusals()
    {
        QFETCH(QString, body);
        QFETCH(int, status);
        QFETCH(QString, named);
        auto s = start(m_gpkg, m_form, true);
        const QString before = sql(m_gpkg, "SELECT count(*) FROM inspections");
        const HttpResponse r = send(*s, "POST", "/collections/inspections/items", body.toStdString());
        QCOMPARE(r.status, status);
        QVERIFY2(QString::fromStdString(r.body).contains(named), r.body.c_str());
        QVERIFY2(!QString::fromStdString(r.body).contains(m_dir.path()), "a path in an answer");
        QCOMPARE(sql(m_gpkg, "SELECT count(*) FROM inspections"), before);
        // The refused request left nothing for the next one to commit.
        const HttpResponse ok = send(*s, "POST", "/collections/inspections/items", inspection("HL-8" + std::to_string(1000 + m_next++)));
        QCOMPARE(ok.status, 201);
        QCOMPARE(sql(m_gpkg, "SELECT count(*) FROM inspections").toInt(), before.toInt() + 1);
    }

    void changeOutsideIsAConflict()
    {
        auto s = start(m_gpkg, m_form, false);
        auto layer = s->live.get("inspections");
        const long row = rowOf(*layer, 2);
        QVERIFY(row >= 0);
        const std::string etag = featureEtag(*layer, static_cast<std::size_t>(row));
        // Someone changes feature 2 in the file behind the server's back.
        // (ogrinfo, not sqlite3: the GeoPackage's R-tree triggers call GDAL's ST_ functions.)
        const auto outside = test::runTool("ogrinfo", {"-q", m_gpkg, "-sql", "UPDATE inspections SET score = 11 WHERE fid = 2"});
        QCOMPARE(outside.exitCode, 0);
        QCOMPARE(sql(m_gpkg, "SELECT score FROM inspections WHERE fid = 2"), QString("11"));
        HttpResponse r = send(*s, "PATCH", "/collections/inspections/items/2", R"({"type": "Feature", "properties": {"score": 55}})",
            {{"if-match", etag}});
        QCOMPARE(r.status, 409);
        QVERIFY2(QString::fromStdString(r.body).contains("features.2"), r.body.c_str());
        QCOMPARE(sql(m_gpkg, "SELECT score FROM inspections WHERE fid = 2"), QString("11")); // theirs kept
        // The server read storage again: the new ETag is served and accepted.
        layer = s->live.get("inspections");
        const std::string fresh = featureEtag(*layer, static_cast<std::size_t>(rowOf(*layer, 2)));
        QVERIFY(fresh != etag);
        r = send(*s, "PATCH", "/collections/inspections/items/2", R"({"type": "Feature", "properties": {"score": 55}})",
            {{"if-match", fresh}});
        QCOMPARE(r.status, 204);
        QCOMPARE(sql(m_gpkg, "SELECT score FROM inspections WHERE fid = 2"), QString("55"));
    }

    void latitudeFirstContentCrs()
    {
        // EPSG:4326 by Content-Crs is latitude first (OGC API - Features Part 2); the file holds lon/lat.
        auto s = start(m_gpkg, m_form, false);
        std::string body = inspection("HL-70001");
        body.replace(body.find("[57.530000, 22.930000]"), 22, "[22.930000, 57.530000]");
        const HttpResponse r = send(*s, "POST", "/collections/inspections/items", body,
            {{"content-crs", "<http://www.opengis.net/def/crs/EPSG/0/4326>"}});
        QCOMPARE(r.status, 201);
        const QString fid = QString::fromStdString(*headerOf(r, "Location")).section('/', -1);
        QVERIFY(QString::fromUtf8(test::runTool("ogrinfo", {"-q", "-fid", fid, m_gpkg, "inspections"}).out)
                    .contains("POINT (57.53 22.93)"));
        QCOMPARE(send(*s, "POST", "/collections/inspections/items", inspection("HL-70002"),
                     {{"content-crs", "<http://example.com/crs/1>"}}).status, 400);
    }

    void concurrentWritersAreSerialised()
    {
        // Four clients create at once while a reader keeps reading the published layer: every create is in the
        // file once, under the id its answer gave; the reader never sees a layer without a feature it saw before.
        auto s = start(m_gpkg, m_form, false);
        const QString before = sql(m_gpkg, "SELECT count(*) FROM inspections");
        constexpr int kThreads = 4, kEach = 5;
        std::vector<std::vector<std::string>> locations(kThreads);
        std::atomic<bool> done = false;
        std::atomic<int> shrank = 0;
        std::thread reader([&] {
            std::size_t last = 0;
            while (!done) {
                const auto layer = s->live.get("inspections");
                shrank += layer->size() < last;
                last = layer->size();
            }
        });
        std::vector<std::thread> writers;
        for (int t = 0; t < kThreads; ++t)
            writers.emplace_back([&, t] {
                for (int i = 0; i < kEach; ++i) {
                    const HttpResponse r = send(*s, "POST", "/collections/inspections/items",
                        inspection("HL-6" + std::to_string(t) + std::to_string(100 + i)), {});
                    locations[t].push_back(r.status == 201 ? *headerOf(r, "Location") : std::string());
                }
            });
        for (auto& w : writers)
            w.join();
        done = true;
        reader.join();
        QCOMPARE(shrank.load(), 0);
        QCOMPARE(sql(m_gpkg, "SELECT count(*) FROM inspections").toInt(), before.toInt() + kThreads * kEach);
        std::set<std::string> ids;
        for (int t = 0; t < kThreads; ++t)
            for (int i = 0; i < kEach; ++i) {
                const std::string& location = locations[t][i];
                QVERIFY(!location.empty());
                const std::string fid = location.substr(location.rfind('/') + 1);
                QVERIFY(ids.insert(fid).second);
                QCOMPARE(sql(m_gpkg, QString("SELECT licence_no FROM inspections WHERE fid = %1").arg(QString::fromStdString(fid))),
                    QString("HL-6%1%2").arg(t).arg(100 + i));
            }
        QCOMPARE(s->live.get("inspections")->size(), std::size_t(before.toInt() + kThreads * kEach));
    }

    void killedWhileWriting()
    {
        const QString path = m_dir.filePath("kill.gpkg");
        constexpr int kWrites = 20;
        // The child: serve kWrites creates (each followed by a patch of the one before), reporting "c <n> <fid>" and
        // "p <n>" on the pipe once acknowledged.
        const auto child = [&](int fd) {
            auto s = start(path, {}, false);
            std::string previous, previousEtag;
            for (int n = 0; n < kWrites; ++n) {
                const HttpResponse r = send(*s, "POST", "/collections/inspections/items",
                    inspection("K-" + std::to_string(n), "pass", 57.5 + n * 0.001, 22.9), {});
                if (r.status != 201)
                    ::_exit(3);
                const std::string location = *headerOf(r, "Location");
                const std::string line = "c " + std::to_string(n) + " " + location.substr(location.rfind('/') + 1) + "\n";
                (void)!::write(fd, line.data(), line.size());
                if (!previous.empty()) {
                    const HttpResponse p = send(*s, "PATCH", previous, R"({"type": "Feature", "properties": {"score": 1}})",
                        {{"if-match", previousEtag}});
                    if (p.status != 204)
                        ::_exit(4);
                    const std::string done = "p " + std::to_string(n - 1) + "\n";
                    (void)!::write(fd, done.data(), done.size());
                }
                previous = "/collections/inspections/items/" + location.substr(location.rfind('/') + 1);
                previousEtag = *headerOf(r, "ETag");
            }
        };
        const auto fresh = [&] {
            QFile::remove(path);
            for (const QString& f : QDir(m_dir.path()).entryList({"kill.gpkg*"}))
                QFile::remove(m_dir.filePath(f));
            QVERIFY(QFile::copy(kData + "/dakhiliyah.gpkg", path));
            QFile(path).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        };
        // How long a whole run takes (the fastest of two), so kills spread over it.
        auto whole = std::chrono::microseconds::max();
        for (int i = 0; i < 2; ++i) {
            fresh();
            const auto t0 = std::chrono::steady_clock::now();
            const pid_t pid = ::fork();
            if (pid == 0) {
                child(-1);
                ::_exit(0);
            }
            int status = 0;
            ::waitpid(pid, &status, 0);
            QVERIFY(WIFEXITED(status) && WEXITSTATUS(status) == 0);
            whole = std::min(whole, std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0));
        }
        QCOMPARE(sql(path, "SELECT count(*) FROM inspections WHERE inspection_id LIKE 'API-K-%'"), QString::number(kWrites));
        qInfo("a whole run of %d creates and %d patches: %lld ms", kWrites, kWrites - 1, static_cast<long long>(whole.count() / 1000));

        int pipeFd = -1;
        int recovered = 0;
        const auto tally = test::killUntilLanded(std::chrono::microseconds(0), whole * 11 / 10, 15,
            [&](int) {
                fresh();
                int fds[2];
                if (::pipe2(fds, O_CLOEXEC) != 0)
                    return pid_t(-1);
                const pid_t pid = ::fork();
                if (pid == 0) {
                    ::close(fds[0]);
                    try {
                        child(fds[1]);
                    } catch (...) {
                        ::_exit(5);
                    }
                    ::_exit(0);
                }
                ::close(fds[1]);
                pipeFd = fds[0];
                return pid;
            },
            [&](int round, int status) {
                // The child is reaped: the pipe holds everything it acknowledged, then EOF.
                QByteArray reports;
                char buf[4096];
                for (ssize_t n; (n = ::read(pipeFd, buf, sizeof buf)) > 0;)
                    reports.append(buf, n);
                ::close(pipeFd);
                QVERIFY2(WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) == 0),
                    qPrintable(QString("round %1: the child failed with %2").arg(round).arg(status)));
                QCOMPARE(sql(path, "PRAGMA integrity_check"), QString("ok"));
                int created = 0, patched = 0;
                for (const QByteArray& line : reports.split('\n')) {
                    const QList<QByteArray> w = line.split(' ');
                    if (w.size() == 3 && w[0] == "c") {
                        ++created;
                        QCOMPARE(sql(path, QString("SELECT inspection_id FROM inspections WHERE fid = %1").arg(QString(w[2]))),
                            QString("API-K-%1").arg(QString(w[1])));
                    } else if (w.size() == 2 && w[0] == "p") {
                        ++patched;
                        QCOMPARE(sql(path, QString("SELECT score FROM inspections WHERE inspection_id = 'API-K-%1'").arg(QString(w[1]))),
                            QString("1"));
                    }
                }
                // At most the one write in flight beyond what was acknowledged.
                const int inFile = sql(path, "SELECT count(*) FROM inspections WHERE inspection_id LIKE 'API-K-%'").toInt();
                QVERIFY2(inFile == created || inFile == created + 1, qPrintable(QString("round %1: %2 in the file, %3 acknowledged").arg(round).arg(inFile).arg(created)));
                // Reopening (as the server does at start) recovers any journal and leaves an intact file.
                {
                    LiveLayers live;
                    auto editor = FeatureEditor::open("inspections", path.toStdString(), "inspections", live);
                    QVERIFY(live.get("inspections"));
                    recovered += !editor->recoveryNote().empty();
                }
                QCOMPARE(sql(path, "PRAGMA integrity_check"), QString("ok"));
                const int after = sql(path, "SELECT count(*) FROM inspections WHERE inspection_id LIKE 'API-K-%'").toInt();
                QVERIFY(after == created || after == created + 1);
                Q_UNUSED(patched);
            });
        qInfo("%d kills landed of %d tries; %d left a journal the reopened editor handled", tally.landed, tally.tries, recovered);
        QVERIFY2(tally.landed >= test::killRounds(), "too few kills landed during a run");
    }

private:
    QTemporaryDir m_dir;
    QString m_gpkg;
    std::shared_ptr<const PreparedForm> m_form;
    int m_next = 0;
};

QTEST_GUILESS_MAIN(TestFeatureWrite)
#include "tst_featurewrite.moc"
