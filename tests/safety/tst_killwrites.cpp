// Crash tests for every write path (SQLite's crash tests are the model): each path runs in a child process that is
// killed with SIGKILL at random moments. After every kill the target is byte-identical to before or a complete,
// valid new file (GeoPackage: PRAGMA integrity_check and ogrinfo; PDF: qpdf --check; PNG: decodes; GeoJSON: parses),
// and nothing but the documented staging folders (".NAME.gis-tmp-XXXXXX", cleaned by the next write) is left.
//
// Kills per path: GIS_KILL_ROUNDS (default 20 in `make test`; `make bench` runs 200).

#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <filesystem>
#include <csignal>
#include <functional>
#include <random>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gis/core/atomicfile.h"
#include "gis/data/datasource.h"
#include "gis/data/layer.h"
#include "gis/data/layerwriter.h"
#include "gis/project/project.h"
#include "support/testsupport.h"

extern char** environ;

using namespace gis;

namespace {

const QString kGis = GIS_BINARY_DIR "/bin/gis";
const QString kGpkg = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";
const QString kProject = GIS_SOURCE_DIR "/data/dakhiliyah.json";

int rounds()
{
    const int n = qEnvironmentVariableIntValue("GIS_KILL_ROUNDS");
    return n > 0 ? n : 20;
}

/// Starts `args` (args[0] is the program) with stdout/stderr to /dev/null; returns its pid.
pid_t spawn(const QStringList& args)
{
    std::vector<QByteArray> bytes;
    for (const auto& a : args)
        bytes.push_back(a.toLocal8Bit());
    std::vector<char*> argv;
    for (auto& b : bytes)
        argv.push_back(b.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    return rc == 0 ? pid : -1;
}

/// Runs to the end; the exit status.
int runToEnd(const QStringList& args)
{
    const pid_t pid = spawn(args);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

QByteArray slurp(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// Entries of `dir` that are neither expected files nor staging folders of them.
QStringList strays(const QString& dir, const QStringList& expected)
{
    QStringList out;
    for (const QString& e : QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot)) {
        bool ok = expected.contains(e);
        for (const QString& x : expected)
            ok |= QRegularExpression("^\\." + QRegularExpression::escape(x) + "\\.gis-tmp-[A-Za-z0-9]{6}$").match(e).hasMatch();
        if (!ok)
            out << e;
    }
    return out;
}

int stagingCount(const QString& dir)
{
    return QDir(dir).entryList({"*.gis-tmp-*"}, QDir::AllEntries | QDir::Hidden | QDir::System).size();
}

QString sqliteIntegrity(const QString& path)
{
    return QString(test::runTool("sqlite3", {path, "PRAGMA integrity_check"}).out).trimmed();
}

/// The feature count ogrinfo reports for the only or named layer, -1 when it cannot read the file.
int ogrCount(const QString& path)
{
    const auto r = test::runTool("ogrinfo", {"-ro", "-so", "-al", path});
    const auto m = QRegularExpression("Feature Count: (\\d+)").match(QString(r.out));
    return r.exitCode == 0 && m.hasMatch() ? m.captured(1).toInt() : -1;
}

} // namespace

class TestKillWrites : public QObject {
    Q_OBJECT

    /// One CLI write path: `args` writes `outputs` (in m_dir); `check` validates them after a kill (empty = ok).
    /// The outputs first hold an older version made by `before`; a reference run measures the time a whole run
    /// takes, and kills fall uniformly over it.
    void killCli(const QStringList& before, const QStringList& args, const QStringList& outputs,
        const std::function<QString()>& check)
    {
        m_expected += outputs; // from here on, a later test does not count this path's files as strays
        QCOMPARE(runToEnd(before), 0);
        for (const auto& o : outputs)
            QVERIFY2(QFileInfo::exists(m_dir.filePath(o)), qPrintable(o + " not written by the first run"));
        // The fastest of three reference runs: one slow run (cold caches, a busy machine) would spread the kills
        // past the end of the runs that follow.
        auto whole = std::chrono::microseconds::max();
        for (int i = 0; i < 3; ++i) {
            const auto start = std::chrono::steady_clock::now();
            QCOMPARE(runToEnd(args), 0);
            whole = std::min(whole,
                std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start));
        }
        QCOMPARE(check(), QString());
        QCOMPARE(runToEnd(before), 0); // back to the old version
        std::mt19937 rng(20261206);
        std::uniform_int_distribution<long> when(0, static_cast<long>(whole.count() * 11 / 10));
        int killed = 0;
        for (int round = 0; round < rounds(); ++round) {
            const pid_t pid = spawn(args);
            QVERIFY(pid > 0);
            ::usleep(static_cast<useconds_t>(when(rng)));
            ::kill(pid, SIGKILL);
            int status = 0;
            ::waitpid(pid, &status, 0);
            killed += WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL; // not finished before the kill
            // Readers and the next write recover an interrupted multi-file replacement first; so does this check.
            for (const auto& o : outputs)
                recoverInterruptedWrites(m_dir.filePath(o).toStdString());
            const QString why = check();
            QVERIFY2(why.isEmpty(), qPrintable(QString("round %1: %2").arg(round).arg(why)));
            const QStringList left = strays(m_dir.path(), m_expected + outputs);
            QVERIFY2(left.isEmpty(), qPrintable(left.join(", ")));
        }
        QCOMPARE(runToEnd(args), 0);
        QCOMPARE(check(), QString());
        QCOMPARE(stagingCount(m_dir.path()), 0);
        qInfo("%d runs killed before they finished (of %d)", killed, rounds());
        QVERIFY2(killed >= rounds() / 2, "too few kills landed during a run");
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        for (const char* tool : {"sqlite3", "ogrinfo", "qpdf"})
            QVERIFY2(test::haveTool(tool), tool);
    }

    void queryGeoJson()
    {
        const QString out = m_dir.filePath("q.geojson");
        const QStringList base{kGis, "query", kGpkg, "--layer", "parcels", "-o", out, "--overwrite"};
        QCOMPARE(runToEnd(base + QStringList{"--where", "area_m2 > 12000"}), 0);
        const QByteArray old = slurp(out);
        QCOMPARE(runToEnd(base), 0);
        const QByteArray fresh = slurp(out);
        QVERIFY(old != fresh);
        killCli(base + QStringList{"--where", "area_m2 > 12000"}, base, {"q.geojson"}, [&] {
            const QByteArray now = slurp(out);
            return now == old || now == fresh ? QString() : QString("q.geojson is neither the old nor the new file");
        });
    }

    void queryGeoPackage()
    {
        const QString out = m_dir.filePath("q.gpkg");
        const QStringList base{kGis, "query", kGpkg, "--layer", "parcels", "-o", out, "--overwrite"};
        killCli(base + QStringList{"--where", "area_m2 > 12000"}, base, {"q.gpkg"}, [&] {
            const QString integrity = sqliteIntegrity(out);
            const int n = ogrCount(out);
            if (integrity != "ok")
                return "integrity_check: " + integrity;
            return n == 137 || n == 3026 ? QString() : QString("q.gpkg has %1 features").arg(n);
        });
    }

    void queryShapefile()
    {
        const QString out = m_dir.filePath("q.shp");
        const QStringList base{kGis, "query", kGpkg, "--layer", "parcels", "-o", out, "--overwrite"};
        const QStringList set{"q.shp", "q.shx", "q.dbf", "q.prj", "q.cpg"};
        killCli(base + QStringList{"--where", "area_m2 > 12000"}, base, set, [&] {
            const int n = ogrCount(out);
            // ogrinfo reads .shp, .shx and .dbf together: a mixed set fails or miscounts.
            return n == 137 || n == 3026 ? QString() : QString("q.shp has %1 features").arg(n);
        });
    }

    void renderPng()
    {
        const QString out = m_dir.filePath("map.png");
        const QStringList base{kGis, "render", kProject, "-o", out};
        QCOMPARE(runToEnd(base + QStringList{"--size", "300x200"}), 0);
        const QByteArray old = slurp(out);
        QCOMPARE(runToEnd(base + QStringList{"--size", "800x600"}), 0);
        const QByteArray fresh = slurp(out);
        killCli(base + QStringList{"--size", "300x200"}, base + QStringList{"--size", "800x600"}, {"map.png"}, [&] {
            const QByteArray now = slurp(out);
            if (now != old && now != fresh)
                return QString("map.png is neither the old nor the new file");
            return QImage::fromData(now).isNull() ? QString("map.png does not decode") : QString();
        });
    }

    void renderPdf()
    {
        const QString out = m_dir.filePath("map.pdf");
        const QStringList base{kGis, "render", kProject, "-o", out};
        killCli(base + QStringList{"--size", "300x200"}, base + QStringList{"--size", "800x600"}, {"map.pdf"}, [&] {
            const auto r = test::runTool("qpdf", {"--check", out});
            return r.exitCode == 0 ? QString() : "qpdf --check: " + QString(r.out + r.err).left(300);
        });
    }

    void exportMapPdf()
    {
        const QString out = m_dir.filePath("layout.pdf");
        const QStringList base{kGis, "export-map", kProject, "-o", out};
        killCli(base + QStringList{"--lang", "ar"}, base + QStringList{"--lang", "en"}, {"layout.pdf"}, [&] {
            const auto r = test::runTool("qpdf", {"--check", out});
            return r.exitCode == 0 ? QString() : "qpdf --check: " + QString(r.out + r.err).left(300);
        });
    }

    void exportMapPngAtlas()
    {
        const QString out = m_dir.filePath("atlas.png");
        const QStringList base{kGis, "export-map", kProject, "-o", out, "--lang", "en", "--atlas", "governorates", "--atlas-title", "name_en"};
        QStringList pages;
        for (int i = 1; i <= 11; ++i)
            pages << QString("atlas-%1.png").arg(i, 3, 10, QChar('0'));
        killCli(base + QStringList{"--dpi", "30"}, base + QStringList{"--dpi", "36"}, pages, [&] {
            // All pages of one run: every page decodes and all share the old or the new size.
            QSet<int> widths;
            for (const auto& p : pages) {
                const QImage image(m_dir.filePath(p));
                if (image.isNull())
                    return p + " does not decode";
                widths.insert(image.width());
            }
            return widths.size() == 1 ? QString() : QString("pages of two runs mixed");
        });
    }

    /// Library paths in a forked child that writes in a loop: the layer writer and the project save.
    void layerWriterAndProjectSave()
    {
        const auto layer = DataSource::open(kGpkg.toStdString()).readLayer("towns");
        const QString gpkg = m_dir.filePath("w.gpkg");
        writeLayer(*layer, gpkg.toStdString(), {}, {});
        // Two versions of the project, saved by Project::save into a copy of the sample project and its files.
        QTemporaryDir copy;
        namespace fs = std::filesystem;
        const fs::path root = copy.path().toStdString();
        fs::create_directories(root / "data");
        for (const char* f : {"dakhiliyah.json", "dakhiliyah.gpkg", "nizwa_dem.tif"})
            fs::copy_file(fs::path(GIS_SOURCE_DIR) / "data" / f, root / "data" / f);
        fs::copy(fs::path(GIS_SOURCE_DIR) / "styles", root / "styles", fs::copy_options::recursive);
        const QString json = copy.filePath("data/dakhiliyah.json");
        // The copy's styles/ lies beside data/, outside the project's folder: trusted, as a user allows it.
        Project a = Project::load(json.toStdString(), ProjectLoadOptions{{(root / "styles").string()}});
        Project b = a;
        b.title = "Ad Dakhiliyah (edited)";
        a.save(json.toStdString());
        const QByteArray project = slurp(json);
        b.save(json.toStdString());
        const QByteArray other = slurp(json);
        QVERIFY(project != other);
        std::mt19937 rng(7);
        std::uniform_int_distribution<int> when(500, 60000);
        for (int round = 0; round < rounds(); ++round) {
            const pid_t pid = ::fork();
            if (pid == 0) {
                for (int i = 0;; ++i) {
                    writeLayer(*layer, gpkg.toStdString(), {}, {});
                    (i % 2 ? a : b).save(json.toStdString());
                }
            }
            ::usleep(static_cast<useconds_t>(when(rng)));
            ::kill(pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
            recoverInterruptedWrites(gpkg.toStdString());
            QCOMPARE(sqliteIntegrity(gpkg), QString("ok"));
            QCOMPARE(ogrCount(gpkg), 41);
            const QByteArray now = slurp(json);
            QVERIFY2(now == project || now == other, "the project file is neither version");
            QVERIFY(!QJsonDocument::fromJson(now).isNull());
        }
        writeLayer(*layer, gpkg.toStdString(), {}, {});
        a.save(json.toStdString());
        QCOMPARE(stagingCount(m_dir.path()), 0);
        QCOMPARE(stagingCount(copy.filePath("data")), 0);
        m_expected << "w.gpkg";
    }

private:
    QTemporaryDir m_dir;
    QStringList m_expected;
};

QTEST_GUILESS_MAIN(TestKillWrites)
#include "tst_killwrites.moc"
