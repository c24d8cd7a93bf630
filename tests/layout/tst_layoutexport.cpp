// Layout export beyond the page itself: the world file beside a PNG (oracle: GDAL reading the PNG with its
// sidecars and converting a coordinate to a pixel), atlas pages with titles from an expression, progress and
// cancellation (the target left intact), and finding templates by name.

#include <QCryptographicHash>
#include <QDir>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

#include "gis/core/error.h"
#include "gis/layout/atlas.h"
#include "gis/layout/layoutexport.h"
#include "gis/layout/layoutfile.h"
#include "gis/project/project.h"
#include "support/testsupport.h"

namespace {

const std::string kProject = GIS_SOURCE_DIR "/data/dakhiliyah.json";

gis::Layout readTemplate(const std::string& name)
{
    return gis::readLayoutFile(GIS_SOURCE_DIR "/styles/layouts/" + name + ".json");
}

QByteArray sha(const QString& path)
{
    return QCryptographicHash::hash(gis::test::readFile(path), QCryptographicHash::Sha256);
}

QStringList tempFiles(const QString& dir)
{
    return QDir(dir).entryList({".*tmp*"}, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
}

} // namespace

class TestLayoutExport : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_project = gis::Project::load(kProject);
        m_project.loadData();
    }

    void worldFilePlacesAPointWhereGdalSaysItIs()
    {
        // A single big red square in UTM 40N on an otherwise blank project.
        const QString dir = m_dir.filePath("world");
        QDir().mkpath(dir);
        gis::test::writeFile(dir + "/pt.geojson",
            "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::32640\"}},"
            "\"features\":[{\"type\":\"Feature\",\"properties\":{\"id\":1},\"geometry\":{\"type\":\"Point\",\"coordinates\":[560000,2540000]}}]}");
        gis::test::writeFile(dir + "/p.json",
            "{\"version\":1,\"title\":\"T\",\"language\":\"en\",\"crs\":\"EPSG:32640\",\"extent\":[500000,2500000,620000,2580000],"
            "\"layers\":[{\"name\":\"pt\",\"source\":\"pt.geojson\",\"style\":{\"renderer\":{\"type\":\"single\",\"symbol\":"
            "{\"marker\":\"square\",\"size\":\"4mm\",\"fill\":\"#ff0000\",\"stroke\":\"none\"}}}}]}");
        gis::Project project = gis::Project::load((dir + "/p.json").toStdString());
        project.loadData();
        const gis::Layout layout = readTemplate("a4-landscape-en");
        const gis::LayoutContent content = gis::projectLayoutContent(project, "en");
        const QString png = dir + "/page.png";
        gis::LayoutExportOptions options;
        options.worldFile = true;
        gis::exportLayout(layout, content, png.toStdString(), 100, options);
        QVERIFY(QFile::exists(dir + "/page.pgw"));
        QVERIFY(QFile::exists(png + ".aux.xml"));

        // GDAL reads the world file and the CRS...
        const auto info = gis::test::runTool("gdalinfo", {png});
        QVERIFY2(info.exitCode == 0, info.err.constData());
        QVERIFY2(info.out.contains("UTM zone 40N"), info.out.constData());
        // ...and says where the point is on the page: there the image is red.
        const auto loc = gis::test::runTool("gdallocationinfo", {"-geoloc", "-xml", png, "560000", "2540000"});
        QVERIFY2(loc.exitCode == 0, loc.err.constData());
        const QRegularExpression pl(QStringLiteral("pixel=\"(\\d+)\" line=\"(\\d+)\""));
        const auto m = pl.match(QString::fromUtf8(loc.out));
        QVERIFY2(m.hasMatch(), loc.out.constData());
        const QImage image(png);
        const QPoint at(m.captured(1).toInt(), m.captured(2).toInt());
        const QColor c = image.pixelColor(at);
        QVERIFY2(c.red() > 200 && c.green() < 60 && c.blue() < 60, qPrintable(c.name()));
        // The red square (4 mm = ~16 px at 100 DPI) is centred on that pixel within a pixel.
        int minX = image.width(), maxX = 0, minY = image.height(), maxY = 0;
        for (int y = std::max(0, at.y() - 30); y < std::min(image.height(), at.y() + 30); ++y)
            for (int x = std::max(0, at.x() - 30); x < std::min(image.width(), at.x() + 30); ++x) {
                const QColor p = image.pixelColor(x, y);
                if (p.red() > 200 && p.green() < 60 && p.blue() < 60) {
                    minX = std::min(minX, x), maxX = std::max(maxX, x);
                    minY = std::min(minY, y), maxY = std::max(maxY, y);
                }
            }
        QVERIFY(maxX - minX > 10);
        QVERIFY2(std::abs((minX + maxX) / 2.0 - at.x()) <= 1.5 && std::abs((minY + maxY) / 2.0 - at.y()) <= 1.5,
            qPrintable(QString("red %1..%2 x %3..%4, GDAL pixel %5,%6").arg(minX).arg(maxX).arg(minY).arg(maxY).arg(at.x()).arg(at.y())));

        // A world file only goes with a PNG.
        QVERIFY_THROWS_EXCEPTION(gis::Error, gis::exportLayout(layout, content, (dir + "/page.pdf").toStdString(), 100, options));
    }

    void atlasTitlesFromAnExpression()
    {
        const gis::LayoutContent base = gis::projectLayoutContent(m_project, "en");
        const auto pages = gis::atlasPages(m_project, base, "governorates", "name_en || ' / ' || upper(name_en)");
        QCOMPARE(pages.size(), std::size_t(11));
        for (const auto& p : pages) {
            const QStringList parts = p.title.split(" / ");
            QCOMPARE(parts.size(), 2);
            QCOMPARE(parts[1], parts[0].toUpper());
            QCOMPARE(p.subtitle, base.title);
            QVERIFY(!p.map.extent.isEmpty());
        }
        try {
            gis::atlasPages(m_project, base, "governorates", "name_eng");
            QFAIL("a misspelt field must throw");
        } catch (const gis::Error& e) {
            const QString what = e.what();
            QVERIFY2(what.contains("governorates") && what.contains("name_eng") && what.contains("name_en"), e.what());
        }
        QVERIFY_THROWS_EXCEPTION(gis::Error, gis::atlasPages(m_project, base, "nosuch", "name_en"));
    }

    void atlasReportsProgressAndCancels()
    {
        const gis::Layout layout = readTemplate("a4-landscape-en");
        const gis::LayoutContent base = gis::projectLayoutContent(m_project, "en");
        const auto pages = gis::atlasPages(m_project, base, "governorates", "name_en");
        const QString dir = m_dir.filePath("atlas");
        QDir().mkpath(dir);

        // Progress: one report per page, increasing to 1.
        std::vector<double> reports;
        gis::LayoutExportOptions options;
        options.feedback.progress = [&](double f) { reports.push_back(f); };
        const auto files = gis::exportLayoutPages(layout, pages, (dir + "/all.png").toStdString(), 20, nullptr, options);
        QCOMPARE(files.size(), std::size_t(11));
        QCOMPARE(reports.size(), std::size_t(11));
        QVERIFY(std::is_sorted(reports.begin(), reports.end()));
        QCOMPARE(reports.back(), 1.0);

        // Cancelled after the second page: Error(Cancelled), and the pages are all-or-nothing (the rule for
        // multi-file outputs): none is written, nothing half-written is left.
        gis::LayoutExportOptions cancelling;
        int done = 0;
        cancelling.feedback.progress = [&](double) {
            if (++done == 2)
                cancelling.feedback.cancel.cancel();
        };
        try {
            gis::exportLayoutPages(layout, pages, (dir + "/cut.png").toStdString(), 20, nullptr, cancelling);
            QFAIL("a cancelled atlas must throw");
        } catch (const gis::Error& e) {
            QCOMPARE(e.code(), gis::ErrorCode::Cancelled);
        }
        QVERIFY(!QFile::exists(dir + "/cut-001.png"));
        QVERIFY(!QFile::exists(dir + "/cut-002.png"));
        QCOMPARE(tempFiles(dir), QStringList());

        // A cancelled PDF atlas leaves the existing file as it was.
        const QString pdf = dir + "/atlas.pdf";
        gis::test::writeFile(pdf, "the planner's previous atlas");
        const QByteArray before = sha(pdf);
        gis::LayoutExportOptions cancelPdf;
        int pdfDone = 0;
        cancelPdf.feedback.progress = [&](double) {
            if (++pdfDone == 3)
                cancelPdf.feedback.cancel.cancel();
        };
        QVERIFY_THROWS_EXCEPTION(gis::Error, gis::exportLayoutPages(layout, pages, pdf.toStdString(), 30, nullptr, cancelPdf));
        QCOMPARE(sha(pdf), before);
        QCOMPARE(tempFiles(dir), QStringList());
    }

    void templatesByName()
    {
        const auto names = gis::availableLayoutTemplates(kProject);
        for (const char* n : {"a3-landscape-ar", "a3-landscape-en", "a4-landscape-ar", "a4-landscape-en", "a4-portrait-ar", "a4-portrait-en"})
            QVERIFY2(std::find(names.begin(), names.end(), n) != names.end(), n);
        QVERIFY(std::is_sorted(names.begin(), names.end()));
        // The drone report's templates are filled by gis drone-report: a project's page would print their
        // placeholders, so they are not offered (the viewer's print window lists these names).
        for (const char* n : {"drone-report-ar", "drone-report-en"}) {
            QVERIFY2(std::find(names.begin(), names.end(), n) == names.end(), n);
            QCOMPARE(gis::readLayoutFile(gis::findLayoutTemplate(n, "en", kProject)).filledBy, std::string("gis drone-report"));
        }
        const std::string found = gis::findLayoutTemplate("a4-portrait", "ar", kProject);
        QVERIFY2(found.ends_with("styles/layouts/a4-portrait-ar.json"), found.c_str());
        QCOMPARE(gis::readLayoutFile(found).language, std::string("ar"));
        QCOMPARE(gis::findLayoutTemplate("a3-landscape-en", "ar", kProject).ends_with("a3-landscape-en.json"), true);
        try {
            gis::findLayoutTemplate("b5-round", "en", kProject);
            QFAIL("an unknown template must throw");
        } catch (const gis::Error& e) {
            QVERIFY2(QString(e.what()).contains("b5-round-en.json"), e.what());
        }
    }

    void contentInTheLayoutsLanguage()
    {
        const gis::LayoutContent ar = gis::projectLayoutContent(m_project, "ar");
        const gis::LayoutContent en = gis::projectLayoutContent(m_project, "en");
        QCOMPARE(ar.title, QString::fromStdString(m_project.titleAr));
        QCOMPARE(ar.subtitle, QString::fromStdString(m_project.title));
        QCOMPARE(en.title, QString::fromStdString(m_project.title));
        QCOMPARE(en.subtitle, QString::fromStdString(m_project.titleAr));
        QVERIFY(ar.attribution.contains(QString::fromUtf8("البيانات")));
        QVERIFY(!ar.map.layers.empty());
    }

private:
    QTemporaryDir m_dir;
    gis::Project m_project;
};

QTEST_MAIN(TestLayoutExport)
#include "tst_layoutexport.moc"
