// Issue 17 §1 on exported pages, read back with pdftotext: the project's own credits (true sources, GeoNames'
// CC BY credit, the statistics source, what is synthetic) in the page's language, and an Arabic page's numbers —
// legend values and the grouped scale — in Arabic-Indic digits with U+066C, never a separator that reads as ٠.

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "support/testsupport.h"

namespace {

const QString kGis = GIS_BINARY_DIR "/bin/gis";
const QString kProject = GIS_SOURCE_DIR "/data/dakhiliyah.json";

QString pdfText(const QString& pdf)
{
    const auto extracted = gis::test::runTool("pdftotext", {pdf, "-"});
    QString text = QString::fromUtf8(extracted.out).normalized(QString::NormalizationForm_KC);
    text.remove(QChar(0x202A)).remove(QChar(0x202B)).remove(QChar(0x202C));
    return text.simplified();
}

} // namespace

class TestExportCredits : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY2(gis::test::haveTool("pdftotext"), "pdftotext (poppler-utils) reads the pages back");
        QVERIFY(m_dir.isValid());
    }

    void credits_data()
    {
        QTest::addColumn<QString>("layout");
        QTest::addColumn<QStringList>("present");
        QTest::addColumn<QStringList>("absent");
        const QStringList en{"Natural Earth", "GeoNames, CC BY 4.0", "NCSI Statistical Year Book 2025", "are synthetic"};
        const QStringList ar{"Natural Earth", "GeoNames", "CC BY 4.0", QString::fromUtf8("المركز الوطني للإحصاء"), QString::fromUtf8("والمعلومات"),
            QString::fromUtf8("بيانات اصطناعية")};
        const QStringList never{"OSM", "OpenStreetMap", QString::fromUtf8("عينة مستكشف الداخلية")};
        QTest::newRow("a4-landscape-en") << "a4-landscape-en" << en << never;
        QTest::newRow("a4-landscape-ar") << "a4-landscape-ar" << ar << never;
        QTest::newRow("a4-portrait-ar") << "a4-portrait-ar" << ar << never;
        QTest::newRow("a3-landscape-ar") << "a3-landscape-ar" << ar << never;
    }

    void credits()
    {
        QFETCH(QString, layout);
        QFETCH(QStringList, present);
        QFETCH(QStringList, absent);
        const QString out = m_dir.filePath(layout + ".pdf");
        const auto r = gis::test::runTool(kGis, {"export-map", kProject, "-o", out, "--layout", layout});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString text = pdfText(out);
        for (const QString& s : present)
            QVERIFY2(text.contains(s), qPrintable(s + " not in: " + text.left(3000)));
        for (const QString& s : absent)
            QVERIFY2(!text.contains(s), qPrintable(s + " in: " + text.left(3000)));
    }

    void arabicNumbers()
    {
        const QString out = m_dir.filePath("numbers-ar.pdf");
        const auto r = gis::test::runTool(kGis, {"export-map", kProject, "-o", out, "--layout", "a4-landscape-ar"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString text = pdfText(out);
        // The legend's population classes (1,498,521 on the English page).
        QVERIFY2(text.contains(QString::fromUtf8("١٬٤٩٨٬٥٢١")), qPrintable(text.left(3000)));
        QVERIFY2(!text.contains("1,498,521") && !text.contains("1498521"), qPrintable(text.left(3000)));
        // The scale: 1:N grouped by U+066C, in Arabic-Indic digits.
        const auto scale = QRegularExpression(QString::fromUtf8("١:([٠-٩٬٫.]+)")).match(text);
        QVERIFY2(scale.hasMatch(), qPrintable(text.left(3000)));
        const QString n = scale.captured(1);
        QVERIFY2(n.contains(QChar(0x066C)), qPrintable(n));
        QVERIFY2(!n.contains(QChar(0x066B)) && !n.contains('.'), qPrintable(n)); // no separator that reads as ٠
        QVERIFY2(QRegularExpression(QString::fromUtf8("^[١-٩][٠-٩]{0,2}(٬[٠-٩]{3})+$")).match(n).hasMatch(), qPrintable(n));
        QVERIFY(!QRegularExpression("1:\\d").match(text).hasMatch()); // no Western-digit scale
        // Nothing beside the scale's digits that reads as ٠: the date follows after an Arabic comma, not a "·".
        QVERIFY2(text.contains(QString::fromUtf8("التاريخ")) && text.contains(QString::fromUtf8("،")), qPrintable(text.left(3000)));
        QVERIFY2(!text.contains(QChar(0x00B7)), qPrintable(text.left(3000)));
    }

    // The English page groups the scale's thousands too (it printed 1:1638889).
    void englishScaleIsGrouped()
    {
        const QString out = m_dir.filePath("numbers-en.pdf");
        const auto r = gis::test::runTool(kGis, {"export-map", kProject, "-o", out, "--layout", "a4-landscape-en"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString text = pdfText(out);
        const auto scale = QRegularExpression("1:([0-9,.]+)").match(text);
        QVERIFY2(scale.hasMatch(), qPrintable(text.left(3000)));
        QVERIFY2(QRegularExpression("^[1-9][0-9]{0,2}(,[0-9]{3})+$").match(scale.captured(1)).hasMatch(),
            qPrintable(scale.captured(0)));
    }

    // A town whose Arabic name is empty is labelled in English on the Arabic page (it was a bare dot).
    void townWithoutArabicNameIsLabelled()
    {
        const QString out = m_dir.filePath("labels-ar.pdf");
        const auto r = gis::test::runTool(kGis, {"export-map", kProject, "-o", out, "--layout", "a4-landscape-ar"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString text = pdfText(out);
        QVERIFY2(text.contains(QString::fromUtf8("Al Māzim")), qPrintable(text.left(3000)));
        QVERIFY2(text.contains(QString::fromUtf8("Yanqul")), qPrintable(text.left(3000))); // its neighbour, as before
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestExportCredits)
#include "tst_exportcredits.moc"
