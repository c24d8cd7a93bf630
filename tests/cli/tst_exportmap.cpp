// `gis export-map` as a user runs it: the sample project on print layouts. Oracles: poppler's pdfinfo (page size
// in points) and pdftotext (the titles, legend labels and scale bar as real text), Qt's image reader for the PNG's
// size and DPI, an XML parser for the SVG.

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

/// pdftotext's text with Arabic presentation forms folded (NFKC), bidi embeddings removed, whitespace simplified.
QString pdfText(const QString& pdf)
{
    const auto extracted = gis::test::runTool("pdftotext", {pdf, "-"});
    QString text = QString::fromUtf8(extracted.out).normalized(QString::NormalizationForm_KC);
    text.remove(QChar(0x202A)).remove(QChar(0x202B)).remove(QChar(0x202C));
    return text.simplified();
}

} // namespace

class TestExportMap : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(gis::test::haveTool("pdfinfo") && gis::test::haveTool("pdftotext"), "poppler-utils missing");
    }

    void pdfPageSizes_data()
    {
        QTest::addColumn<QString>("layout");
        QTest::addColumn<QString>("lang");
        QTest::addColumn<QString>("size");
        QTest::newRow("a4 landscape en") << "a4-landscape" << "en" << "842 x 595 pts";
        QTest::newRow("a4 landscape ar") << "a4-landscape" << "ar" << "842 x 595 pts";
        QTest::newRow("a4 portrait en") << "a4-portrait" << "en" << "595 x 842 pts";
        QTest::newRow("a3 landscape ar") << "a3-landscape" << "ar" << "1191 x 842 pts";
    }

    void pdfPageSizes()
    {
        QFETCH(QString, layout);
        QFETCH(QString, lang);
        QFETCH(QString, size);
        const QString out = m_dir.filePath(layout + "-" + lang + ".pdf");
        const auto r = runGis({"export-map", kProject, "-o", out, "--layout", layout, "--lang", lang});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto info = gis::test::runTool("pdfinfo", {out});
        QVERIFY2(QString(info.out).contains(QRegularExpression("Page size:\\s+" + size)), info.out.constData());
        QVERIFY2(QString(info.out).contains(QRegularExpression("Pages:\\s+1\\b")), info.out.constData());
    }

    void englishPdfText()
    {
        const QString out = m_dir.filePath("en.pdf");
        const auto r = runGis({"export-map", kProject, "-o", out, "--lang", "en"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString text = pdfText(out);
        for (const char* s : {"Ad Dakhiliyah Governorate", "Completed", "Motorway", "Residential", "Governorates (population 2024)", "1,498,521", "50 km",
                 "EPSG:32640"})
            QVERIFY2(text.contains(QString::fromUtf8(s)), qPrintable(s + QString(" not in: ") + text.left(3000)));
        QVERIFY(text.contains(QString::fromUtf8("محافظة الداخلية"))); // the subtitle
    }

    void arabicPdfText()
    {
        const QString out = m_dir.filePath("ar.pdf");
        // The sample project's language is Arabic: the default layout is Arabic.
        const auto r = runGis({"export-map", kProject, "-o", out});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString text = pdfText(out);
        for (const char* s : {"محافظة الداخلية", "مكتمل", "طريق سريع", "كم", "٥٠", "المدن", "قطع الأراضي"})
            QVERIFY2(text.contains(QString::fromUtf8(s)), qPrintable(QString::fromUtf8(s) + " not in: " + text.left(3000)));
        QVERIFY(!text.contains("50 km"));
    }

    void titleOption()
    {
        const QString out = m_dir.filePath("title.pdf");
        const auto r = runGis({"export-map", kProject, "-o", out, "--lang", "en", "--title", "Nizwa Inspections 2025"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(pdfText(out).contains("Nizwa Inspections 2025"));
    }

    void pngAt300Dpi()
    {
        const QString out = m_dir.filePath("page.png");
        const auto r = runGis({"export-map", kProject, "-o", out, "--layout", "a4-landscape", "--lang", "en"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QImage image(out);
        QCOMPARE(image.size(), QSize(3508, 2480));
        QCOMPARE(image.dotsPerMeterX(), qRound(300 / 0.0254));
        QCOMPARE(image.dotsPerMeterY(), qRound(300 / 0.0254));
    }

    void svgIsValid()
    {
        const QString out = m_dir.filePath("page.svg");
        const auto r = runGis({"export-map", kProject, "-o", out, "--layout", "a4-portrait", "--lang", "ar"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QString error;
        const int elements = gis::test::xmlElementCount(out, &error);
        QVERIFY2(elements >= 0, qPrintable(error));
        QVERIFY(elements > 100);
    }

    void atlasOnePagePerGovernorate()
    {
        // Oracle for the features and their order: GDAL's ogrinfo on the project's source.
        const auto names = gis::test::runTool("ogrinfo", {"-q", "-sql", "SELECT name_en FROM governorates",
            GIS_SOURCE_DIR "/data/dakhiliyah.gpkg"});
        QStringList expected;
        for (const QString& line : QString::fromUtf8(names.out).split('\n'))
            if (line.contains("name_en (String) = "))
                expected << line.section(" = ", 1).trimmed();
        QCOMPARE(expected.size(), 11);
        const QString out = m_dir.filePath("atlas.pdf");
        const auto r = runGis({"export-map", kProject, "-o", out, "--lang", "en", "--dpi", "96", "--atlas", "governorates",
            "--atlas-title", "name_en"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto info = gis::test::runTool("pdfinfo", {out});
        QVERIFY2(QString(info.out).contains(QRegularExpression("Pages:\\s+11\\b")), info.out.constData());
        for (int page = 1; page <= 11; ++page) {
            const auto extracted = gis::test::runTool("pdftotext", {"-raw", "-f", QString::number(page), "-l", QString::number(page), out, "-"});
            const QString text = QString::fromUtf8(extracted.out).simplified();
            // The page's title block in drawing order (-raw): the feature's name, then the project's title as
            // subtitle; map labels of neighbouring features come before it.
            QVERIFY2(text.contains(expected[page - 1] + " Ad Dakhiliyah Governorate"),
                qPrintable(QString::number(page) + ": " + text.left(400)));
        }
        QCOMPARE(runGis({"export-map", kProject, "-o", out, "--atlas", "governorates"}).exitCode, 2);
        QCOMPARE(runGis({"export-map", kProject, "-o", out, "--atlas", "nosuch", "--atlas-title", "x"}).exitCode, 2);
    }

    void atlasNumberedPngs()
    {
        const QString out = m_dir.filePath("atlas.png");
        const auto r = runGis({"export-map", kProject, "-o", out, "--dpi", "30", "--atlas", "governorates",
            "--atlas-title", "name_ar"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        for (int page = 1; page <= 11; ++page) {
            const QImage image(m_dir.filePath(QString("atlas-%1.png").arg(page, 3, 10, QChar('0'))));
            QCOMPARE(image.size(), QSize(qRound(297 / 25.4 * 30), qRound(210 / 25.4 * 30)));
        }
        QVERIFY(!QFile::exists(m_dir.filePath("atlas-012.png")));
    }

    void usageErrors()
    {
        QCOMPARE(runGis({"export-map", kProject}).exitCode, 2);
        QCOMPARE(runGis({"export-map", kProject, "-o", m_dir.filePath("x.jpg")}).exitCode, 2);
        QCOMPARE(runGis({"export-map", kProject, "-o", m_dir.filePath("x.pdf"), "--lang", "fr"}).exitCode, 2);
        const auto r = runGis({"export-map", kProject, "-o", m_dir.filePath("x.pdf"), "--layout", "b5-round"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("b5-round"));
        QVERIFY(!QFile::exists(m_dir.filePath("x.pdf")));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestExportMap)
#include "tst_exportmap.moc"
