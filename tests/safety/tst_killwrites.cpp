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
#include <functional>
#include <random>

#include "gis/core/atomicfile.h"
#include "gis/data/datasource.h"
#include "gis/data/layer.h"
#include "gis/data/layerwriter.h"
#include "gis/project/project.h"
#include "support/killsupport.h"
#include "support/testsupport.h"

using namespace gis;

namespace {

const QString kGis = GIS_BINARY_DIR "/bin/gis";
const QString kGpkg = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";
const QString kProject = GIS_SOURCE_DIR "/data/dakhiliyah.json";

using test::killRounds;
using test::runToEnd;

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
        const auto whole = test::fastestRun(args);
        QVERIFY(whole.count() > 0);
        QCOMPARE(check(), QString());
        QCOMPARE(runToEnd(before), 0); // back to the old version
        const auto tally = test::killUntilLanded(std::chrono::microseconds(0), whole * 11 / 10, 20261206,
            [&](int) { return test::spawnQuiet(args); },
            [&](int round, int) {
                // Readers and the next write recover an interrupted multi-file replacement first; so does this check.
                for (const auto& o : outputs)
                    recoverInterruptedWrites(m_dir.filePath(o).toStdString());
                const QString why = check();
                QVERIFY2(why.isEmpty(), qPrintable(QString("round %1: %2").arg(round).arg(why)));
                const QStringList left = strays(m_dir.path(), m_expected + outputs);
                QVERIFY2(left.isEmpty(), qPrintable(left.join(", ")));
            });
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(runToEnd(args), 0);
        QCOMPARE(check(), QString());
        QCOMPARE(stagingCount(m_dir.path()), 0);
        qInfo("%d runs killed before they finished (of %d)", tally.landed, tally.tries);
        QVERIFY2(tally.landed >= killRounds(), "too few kills landed during a run");
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
        // The child writes for ever, so every kill lands while it runs.
        const auto tally = test::killUntilLanded(std::chrono::microseconds(500), std::chrono::microseconds(60000), 7,
            [&](int) {
                const pid_t pid = ::fork();
                if (pid == 0) {
                    for (int i = 0;; ++i) {
                        writeLayer(*layer, gpkg.toStdString(), {}, {});
                        (i % 2 ? a : b).save(json.toStdString());
                    }
                }
                return pid;
            },
            [&](int, int) {
                recoverInterruptedWrites(gpkg.toStdString());
                QCOMPARE(sqliteIntegrity(gpkg), QString("ok"));
                QCOMPARE(ogrCount(gpkg), 41);
                const QByteArray now = slurp(json);
                QVERIFY2(now == project || now == other, "the project file is neither version");
                QVERIFY(!QJsonDocument::fromJson(now).isNull());
            });
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(tally.landed, killRounds());
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
