// The ToUnicode rewrite of QPdfWriter's PDFs (issue #4 §6/§7: Arabic labels are text a person can search).
// Oracles: poppler's pdftotext (what Evince and Okular search), MuPDF's mutool (a second extractor, which
// follows the content stream where poppler follows positions), qpdf --check for the rebuilt cross-reference
// table, poppler's pdfinfo/pdftoppm for warnings, and pdftoppm's pixels before and after.

#include <QDir>
#include <QImage>
#include <QPdfWriter>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

#include "gis/render/mapexport.h"
#include "gis/project/project.h"
#include "support/testsupport.h"

#include "pdf/pdftext.h"

using namespace gis;

namespace {

/// JSON written with single quotes, for fixtures that read well in C++.
QByteArray json(const char* text)
{
    return QByteArray(text).replace('\'', '"');
}

const QString kNizwa = QStringLiteral("نزوى");

bool hasPresentationForms(const QString& text)
{
    return std::any_of(text.begin(), text.end(), [](QChar c) {
        const char16_t u = c.unicode();
        return (u >= 0xFB50 && u <= 0xFDFF) || (u >= 0xFE70 && u <= 0xFEFF);
    });
}

RenderRequest sampleRequest()
{
    Project project = Project::load(GIS_SOURCE_DIR "/data/dakhiliyah.json");
    project.loadData();
    return gis::makeRequest(project, QSize(1600, 1200), 96);
}

/// What exportMap wrote before the rewrite: the map through QPdfWriter, nothing else.
bool writeQtPdf(const RenderRequest& request, const QString& path)
{
    QPdfWriter pdf(path);
    pdf.setResolution(static_cast<int>(request.dpi));
    pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
    pdf.setPageSize(QPageSize(QSizeF(request.size.width() * 72.0 / request.dpi, request.size.height() * 72.0 / request.dpi),
        QPageSize::Point));
    QPainter painter(&pdf);
    renderToPainter(painter, request);
    return painter.end();
}

/// A one-line page of Arabic text, the smallest PDF with a presentation-form ToUnicode map.
bool writeArabicLine(const QString& path)
{
    QPdfWriter pdf(path);
    pdf.setPageSize(QPageSize(QSizeF(300, 100), QPageSize::Point));
    QPainter painter(&pdf);
    painter.setFont(QFont("Noto Sans Arabic", 20));
    painter.drawText(QRectF(0, 0, pdf.width(), pdf.height()), Qt::AlignCenter, kNizwa);
    return painter.end();
}

QString extract(const QString& program, const QStringList& args, bool quiet = true)
{
    const test::ToolResult r = test::runTool(program, args);
    if (r.exitCode != 0 || (quiet && !r.err.isEmpty()))
        return "FAILED: " + program + ": " + QString::fromUtf8(r.err);
    return QString::fromUtf8(r.out);
}

QString pdftotext(const QString& pdf) { return extract("pdftotext", {pdf, "-"}); }
// Debian's mutool always warns that it was built without ICC support.
QString mutoolText(const QString& pdf) { return extract("mutool", {"draw", "-q", "-F", "txt", pdf}, false); }

/// The page at `dpi` through poppler; fails the test on any warning.
QImage page(const QString& pdf, int dpi)
{
    const test::ToolResult r = test::runTool("pdftoppm", {"-r", QString::number(dpi), "-png", "-singlefile", pdf, pdf + ".page"});
    if (r.exitCode != 0 || !r.err.isEmpty()) {
        qWarning("pdftoppm %s: %s", qPrintable(pdf), r.err.constData());
        return {};
    }
    return QImage(pdf + ".page.png");
}

void checkStructure(const QString& pdf)
{
    const test::ToolResult check = test::runTool("qpdf", {"--check", pdf});
    QVERIFY2(check.exitCode == 0 && check.err.isEmpty() && check.out.contains("No syntax or stream encoding errors"),
        (check.out + check.err).constData());
    const test::ToolResult info = test::runTool("pdfinfo", {pdf});
    QVERIFY2(info.exitCode == 0 && info.err.isEmpty(), info.err.constData());
}

/// MuPDF reads a glyph's letters in the order the ToUnicode map lists them, which is the order poppler and
/// pdf.js need (pdfcmap.h): it gives each lam-alef ligature alef first.
QString swappedLamAlef(QString word)
{
    for (qsizetype i = 0; i + 1 < word.size(); ++i)
        if (word[i] == QChar(0x0644) && QStringLiteral("\u0627\u0623\u0625\u0622").contains(word[i + 1])) {
            std::swap(word[i], word[i + 1]);
            ++i;
        }
    return word;
}

} // namespace

class TestPdfText : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        for (const char* tool : {"pdftotext", "pdftoppm", "pdfinfo", "qpdf", "mutool"})
            QVERIFY2(test::haveTool(tool), tool); // packaging/debian/packages.txt: poppler-utils, qpdf, mupdf-tools
    }

    // The test: the sample project's PDF gives نزوى to pdftotext, as letters, not as forms.
    void sampleMapExtractsLetters()
    {
        const QString out = m_dir.filePath("sample.pdf");
        const RenderResult result = exportMap(sampleRequest(), out.toStdString());
        for (const LayerError& e : result.errors)
            QVERIFY2(e.message.find("presentation forms") == std::string::npos, e.message.c_str());
        const QString text = pdftotext(out);
        QVERIFY2(text.contains(kNizwa), qPrintable(text.left(2000)));
        QVERIFY2(!hasPresentationForms(text), qPrintable(text.left(2000)));
        QVERIFY2(text.contains("Nizw"), qPrintable(text.left(2000)));
        QVERIFY2(mutoolText(out).contains(kNizwa), qPrintable(mutoolText(out).left(2000)));
        checkStructure(out);
        QVERIFY(!page(out, 20).isNull());
    }

    // Only the ToUnicode maps change: the page looks the same, pixel for pixel, and a second run (on the
    // Flate-compressed maps of the first) has nothing left to do.
    void rewriteKeepsThePage()
    {
        const QString before = m_dir.filePath("before.pdf");
        const QString after = m_dir.filePath("after.pdf");
        QVERIFY(writeQtPdf(sampleRequest(), before));
        QVERIFY(QFile::copy(before, after));
        QVERIFY2(hasPresentationForms(pdftotext(before)), "Qt's own ToUnicode maps no longer give presentation forms: is the rewrite still needed?");

        QString error;
        QVERIFY2(detail::normalizePdfToUnicode(after, &error), qPrintable(error));
        QVERIFY(test::readFile(before) != test::readFile(after));
        checkStructure(after);
        const QImage a = page(before, 30), b = page(after, 30);
        QVERIFY(!a.isNull() && !b.isNull());
        QCOMPARE(b, a);

        const QByteArray once = test::readFile(after);
        QVERIFY2(detail::normalizePdfToUnicode(after, &error), qPrintable(error));
        QCOMPARE(test::readFile(after), once);
    }

    // Lam-alef is one glyph for two letters, shadda with fatha one glyph for two marks; multi-word labels keep
    // their word order.
    void ligaturesAndWordOrder()
    {
        QTemporaryDir dir;
        const QString marked = "مُحَمَّد";
        const QStringList names = {"الإسلام", "فلج", "فلج الخطمين", "بلا سلام", marked};
        QByteArray features;
        for (int i = 0; i < names.size(); ++i)
            features += QByteArray(i ? "," : "") + json("{'type': 'Feature', 'properties': {'name': '") + names[i].toUtf8() +
                        json("'}, 'geometry': {'type': 'Point', 'coordinates': [0.5, ") + QByteArray::number(0.1 + 0.2 * i) + "]}}";
        test::writeFile(dir.filePath("words.geojson"), json("{'type': 'FeatureCollection', 'features': [") + features + "]}");
        test::writeFile(dir.filePath("words.json"), json("{'crs': 'EPSG:4326', 'extent': [0, 0, 1, 1], 'layers': [ "
            "{'name': 'words', 'source': 'words.geojson', 'style': {"
              "'renderer': {'type': 'single', 'symbol': {'marker': 'circle', 'size': 3, 'fill': '#333333'}},"
              "'labels': {'text': 'name', 'font': 'Noto Sans Arabic', 'size': 16, 'color': '#000000'}}}]}"));
        Project project = Project::load(dir.filePath("words.json").toStdString());
        project.loadData();
        const QString out = dir.filePath("words.pdf");
        const RenderResult result = exportMap(gis::makeRequest(project, QSize(400, 400), 96), out.toStdString());
        QCOMPARE(result.labels.size(), std::size_t(names.size()));

        const QString mutool = mutoolText(out).normalized(QString::NormalizationForm_C);
        const QString poppler = pdftotext(out);
        QVERIFY2(!hasPresentationForms(poppler), qPrintable(poppler));
        for (const QString& name : names) {
            // Poppler places marks apart from their letters, whatever the map says.
            if (name != marked)
                QVERIFY2(poppler.contains(name), qPrintable(name + " not in:\n" + poppler));
            // Marks in canonical order (NFC: the same text, not a compatibility folding). The lam-alef trade-off
            // is checked so that a change in either extractor is noticed.
            const QString expected = swappedLamAlef(name.normalized(QString::NormalizationForm_C));
            QVERIFY2(mutool.contains(expected), qPrintable(expected + " not in:\n" + mutool));
        }
        checkStructure(out);
    }

    // A ToUnicode map already Flate-compressed (qpdf compresses Qt's plain ones) is inflated and rewritten.
    void flateCompressedMaps()
    {
        QTemporaryDir dir;
        const QString qt = dir.filePath("qt.pdf"), flate = dir.filePath("flate.pdf");
        QVERIFY(writeArabicLine(qt));
        const test::ToolResult r = test::runTool("qpdf", {"--object-streams=disable", "--compress-streams=y", qt, flate});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(hasPresentationForms(pdftotext(flate)));
        QString error;
        QVERIFY2(detail::normalizePdfToUnicode(flate, &error), qPrintable(error));
        const QString text = pdftotext(flate);
        QVERIFY2(text.contains(kNizwa) && !hasPresentationForms(text), qPrintable(text));
        checkStructure(flate);
    }

    // Anything but the form QPdfWriter writes is left alone, byte for byte, with the reason.
    void refusesOtherPdfs_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("says");
        QTest::newRow("not a PDF") << "text" << "not a PDF";
        QTest::newRow("truncated") << "truncated" << "startxref";
        QTest::newRow("object streams") << "objstm" << "cross-reference stream";
        QTest::newRow("encrypted") << "encrypted" << "/Encrypt";
        QTest::newRow("incremental update") << "prev" << "/Prev";
        QTest::newRow("offsets off") << "shifted" << "does not point at object";
        QTest::newRow("other filter") << "asciihex" << "filter other than FlateDecode";
        QTest::newRow("missing") << "missing" << "cannot read";
    }

    void refusesOtherPdfs()
    {
        QFETCH(QString, kind);
        QFETCH(QString, says);
        QTemporaryDir dir;
        const QString qt = dir.filePath("qt.pdf"), file = dir.filePath("other.pdf");
        QVERIFY(writeArabicLine(qt));
        QByteArray bytes = test::readFile(qt);
        QVERIFY(bytes.startsWith("%PDF-") && bytes.contains("/ToUnicode"));
        const qsizetype trailer = bytes.lastIndexOf("trailer\n<<");
        auto viaQpdf = [&](const QStringList& args) {
            const test::ToolResult r = test::runTool("qpdf", args + QStringList{qt, file});
            bytes = test::readFile(file);
            return r.exitCode == 0;
        };
        if (kind == "text") {
            bytes = "just some text\n";
        } else if (kind == "truncated") {
            bytes.truncate(bytes.size() / 2);
        } else if (kind == "objstm") {
            QVERIFY(viaQpdf({"--object-streams=generate"}));
        } else if (kind == "encrypted") {
            QVERIFY(viaQpdf({"--encrypt", "", "", "256", "--"}));
        } else if (kind == "prev") {
            bytes.insert(trailer + 10, "/Prev 15\n");
        } else if (kind == "shifted") {
            // Object 2's entry one byte off (each entry is 20 bytes; object 0's comes first).
            const qsizetype entry = bytes.indexOf("\n", bytes.lastIndexOf("\nxref\n") + 6) + 1 + 2 * 20;
            const qlonglong offset = bytes.mid(entry, 10).toLongLong();
            QVERIFY(bytes.mid(offset, 7) == "2 0 obj");
            bytes.replace(entry, 10, QByteArray::number(offset + 1).rightJustified(10, '0'));
        } else if (kind == "asciihex") {
            // The ToUnicode map hex-encoded: edited in qpdf's QDF form, whose lengths and offsets fix-qdf redoes.
            QVERIFY(viaQpdf({"--qdf", "--object-streams=disable"}));
            const qsizetype map = bytes.indexOf("/CIDInit");
            const qsizetype dict = bytes.lastIndexOf("<<", map), end = bytes.indexOf("endstream", map);
            QVERIFY(map > 0 && dict > 0 && end > map);
            bytes.replace(map, end - map, bytes.mid(map, end - map).toHex() + ">\n");
            bytes.insert(dict + 2, "\n  /Filter /ASCIIHexDecode");
            test::writeFile(file, bytes);
            const test::ToolResult fixed = test::runTool("fix-qdf", {file});
            QVERIFY2(fixed.exitCode == 0, fixed.err.constData());
            bytes = fixed.out;
        }
        if (kind != "missing") {
            test::writeFile(file, bytes);
            if (kind == "objstm" || kind == "asciihex")
                checkStructure(file); // a valid PDF, just not QPdfWriter's form
        }

        QString error;
        QVERIFY(!detail::normalizePdfToUnicode(file, &error));
        QVERIFY2(error.contains(says), qPrintable(error));
        if (kind == "missing")
            QVERIFY(!QFile::exists(file));
        else
            QCOMPARE(test::readFile(file), bytes);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), kind == "missing" ? 1 : 2);
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestPdfText)
#include "tst_pdftext.moc"
