// `gis render` as a user runs it: the sample project to PNG, PDF and SVG. Oracles: Qt's image reader for the
// PNG's size and DPI, poppler's pdfinfo/pdftotext for the PDF's page and real text, an XML parser for the SVG.

#include <QImage>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "support/testsupport.h"

namespace {

const QString kGis = GIS_BINARY_DIR "/bin/gis";
const QString kProject = GIS_SOURCE_DIR "/data/dakhiliyah.json";

gis::test::ToolResult runGis(const QStringList& args)
{
    return gis::test::runTool(kGis, args);
}

} // namespace

class TestRender : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void pngCarriesSizeAndDpi()
    {
        const QString out = m_dir.filePath("map.png");
        const auto r = runGis({"render", kProject, "-o", out, "--size=800x600", "--dpi", "150", "--timings"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(QRegularExpression("load_ms=\\d+ render_ms=\\d+ write_ms=\\d+ total_ms=\\d+").match(QString(r.err)).hasMatch(), r.err.constData());
        const QImage image(out);
        QCOMPARE(image.size(), QSize(800, 600));
        QCOMPARE(image.dotsPerMeterX(), qRound(150 / 0.0254));
        // Not a blank canvas: the map has many colours.
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 7)
            for (int x = 0; x < image.width(); x += 7)
                colours.insert(image.pixel(x, y));
        QVERIFY2(colours.size() > 50, qPrintable(QString::number(colours.size())));
    }

    void pdfIsVectorWithArabicText()
    {
        const QString out = m_dir.filePath("map.pdf");
        const auto r = runGis({"render", kProject, "-o", out, "--size", "1600x1200", "--dpi", "150"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto info = gis::test::runTool("pdfinfo", {out});
        // 1600 px / 150 dpi * 72 = 768 pt
        QVERIFY2(QRegularExpression("Page size:\\s+768 x 576 pts").match(QString(info.out)).hasMatch(), info.out.constData());
        const auto extracted = gis::test::runTool("pdftotext", {out, "-"});
        // Letters as typed, not the shaped glyphs' presentation forms (gis::detail::normalizePdfToUnicode); the
        // bidi marks poppler puts around each line do not split a word.
        const QString text = QString::fromUtf8(extracted.out);
        QVERIFY2(text.contains("نزوى"), extracted.out.left(2000).constData());
        QVERIFY(text.contains("Nizw"));
        QVERIFY(QFileInfo(out).size() < 8 * 1024 * 1024);
    }

    void svgIsValid()
    {
        const QString out = m_dir.filePath("map.svg");
        const auto r = runGis({"render", kProject, "-o", out, "--size", "640x480"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QString error;
        const int elements = gis::test::xmlElementCount(out, &error);
        QVERIFY2(elements >= 0, qPrintable(error));
        QVERIFY(elements > 100);
    }

    void dataPathsWithDefaultStyleAndNegativeExtent()
    {
        const QString out = m_dir.filePath("world.png");
        const auto r = runGis({"render", GIS_SHARED_DATA_DIR "/oman/countries.geojson", GIS_SHARED_DATA_DIR "/oman/towns.geojson",
            "-o", out, "--size", "400x300", "--extent=-10,10,70,40", "--background", "#ffffff"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(QImage(out).size(), QSize(400, 300));
    }

    void brokenLayerWarnsAndTheRestDraws()
    {
        QTemporaryDir dir;
        QVERIFY(QFile::copy(GIS_SOURCE_DIR "/data/dakhiliyah.gpkg", dir.filePath("dakhiliyah.gpkg")));
        gis::test::writeFile(dir.filePath("p.json"),
            "{\"crs\": \"EPSG:4326\", \"layers\": ["
            "{\"name\": \"gone\", \"source\": \"nowhere.gpkg\", \"layer\": \"roads\"},"
            "{\"name\": \"towns\", \"source\": \"dakhiliyah.gpkg\", \"layer\": \"towns\"}]}");
        const QString out = dir.filePath("p.png");
        const auto r = runGis({"render", dir.filePath("p.json"), "-o", out, "--size", "300x200"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains("layer \"gone\" left out") && r.err.contains("nowhere.gpkg"), r.err.constData());
        QVERIFY(QFile::exists(out));
    }

    void badInput_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("says");
        QTest::newRow("no output") << QStringList{"render", kProject} << "-o OUT";
        QTest::newRow("bad extension") << QStringList{"render", kProject, "-o", "/tmp/x.gif"} << ".png, .pdf or .svg";
        QTest::newRow("missing project") << QStringList{"render", "/nonexistent/p.json", "-o", "/tmp/x.png"} << "p.json";
        QTest::newRow("bad size") << QStringList{"render", kProject, "-o", "/tmp/x.png", "--size", "big"} << "--size";
        QTest::newRow("bad style") << QStringList{"render", GIS_SHARED_DATA_DIR "/oman/towns.geojson", "-o", "/tmp/x.png",
            "--style", GIS_SOURCE_DIR "/styles/roads.json"} << "unknown field \"class\"";
    }

    void badInput()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, says);
        const auto r = runGis(args);
        QVERIFY(!r.crashed);
        QVERIFY(r.exitCode != 0);
        QVERIFY2(QString::fromUtf8(r.err).contains(says), r.err.constData());
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestRender)
#include "tst_render.moc"
