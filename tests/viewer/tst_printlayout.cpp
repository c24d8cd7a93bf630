// The print layout window driven as a user would, on the sample project: templates, title, scale, show/hide,
// the page preview (the export's own drawing code), export and atlas. Oracles: the template's page size and item
// rectangles, pdfinfo for the exported PDF, ogrinfo for the number of atlas pages, and the exported PNG itself for
// the preview.

#include <QtTest>

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QXmlStreamReader>

#include <cmath>
#include <memory>
#include <optional>

#include "app/language.h"
#include "app/mainwindow.h"
#include "gis/layout/layoutfile.h"
#include "gis/layout/mapframe.h"
#include "map/mapcanvas.h"
#include "map/mapdocument.h"
#include "print/printlayoutatlasdialog.h"
#include "print/printlayoutatlasjob.h"
#include "print/printlayoutpreview.h"
#include "print/printlayoutwindow.h"
#include "support/testsupport.h"

using namespace viewer;

namespace {

const QString kProject = GIS_SOURCE_DIR "/data/dakhiliyah.json";
const QString kGpkg = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";

/// A copy: layout() returns a temporary.
std::optional<gis::LayoutItem> findItem(const gis::Layout& layout, const char* id)
{
    for (const auto& item : layout.items)
        if (item.id == id)
            return item;
    return std::nullopt;
}

/// A layout rectangle (mm) in the preview image's pixels, shrunk by a pixel (antialiased edges).
QRect toPixels(const QRectF& mm, double dpi)
{
    const double k = dpi / 25.4;
    return QRectF(mm.x() * k, mm.y() * k, mm.width() * k, mm.height() * k).toAlignedRect().adjusted(1, 1, -1, -1);
}

int differingPixels(const QImage& a, const QImage& b, const QRect& r)
{
    int n = 0;
    for (int y = r.top(); y <= r.bottom(); ++y)
        for (int x = r.left(); x <= r.right(); ++x)
            n += a.pixel(x, y) != b.pixel(x, y);
    return n;
}

QStringList filesIn(const QString& dir, const QString& pattern)
{
    return QDir(dir).entryList({pattern}, QDir::Files, QDir::Name);
}

} // namespace

class TestPrintLayout : public QObject {
    Q_OBJECT

    QTemporaryDir m_settings;
    QTemporaryDir m_tmp;
    std::unique_ptr<MainWindow> m_w;
    PrintLayoutWindow* m_p = nullptr;

    PrintLayoutPreview* preview() { return m_p->preview(); }

    /// Runs `change` and waits for the preview of the page it leads to.
    template <class F>
    bool renderAfter(F change)
    {
        QSignalSpy rendered(preview(), &PrintLayoutPreview::rendered);
        change();
        return rendered.wait(120000) && !preview()->isRendering();
    }

    void chooseTemplate(const QString& name)
    {
        QComboBox* chooser = m_p->templateChooser();
        const int i = chooser->findData(name);
        QVERIFY2(i >= 0, qPrintable(name));
        QVERIFY(renderAfter([&] {
            chooser->setCurrentIndex(i);
            emit chooser->activated(i);
        }));
        QVERIFY2(m_p->templatePath().endsWith("/" + name + ".json"), qPrintable(m_p->templatePath()));
    }

    QListWidgetItem* itemRow(const QString& id)
    {
        for (int i = 0; i < m_p->itemList()->count(); ++i)
            if (m_p->itemList()->item(i)->data(Qt::UserRole + 1).toString() == id)
                return m_p->itemList()->item(i);
        return nullptr;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(gis::test::haveTool("pdfinfo"));
        QVERIFY(gis::test::haveTool("ogrinfo"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
        QCoreApplication::setOrganizationName("InteriorExplorerTest");
        applyLanguage("en");
        MainWindow::Options options;
        options.dialogs = false;
        options.useSettings = false;
        m_w = std::make_unique<MainWindow>(options);
        m_w->resize(1280, 820);
        m_w->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_w.get()));
        QSignalSpy errors(m_w.get(), &MainWindow::errorReported);
        QVERIFY2(m_w->openProject(kProject), errors.isEmpty() ? "" : qPrintable(errors.front().front().toString()));
    }

    void cleanupTestCase() { m_w.reset(); }

    void opensFromTheFileMenu()
    {
        QAction* action = m_w->action("actionPrintLayout");
        QVERIFY(action);
        QVERIFY(m_w->fileMenu()->actions().contains(action));
        QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_P));
        QVERIFY(!m_w->printLayoutWindow());
        QSignalSpy errors(m_w.get(), &MainWindow::errorReported);
        action->trigger();
        m_p = m_w->printLayoutWindow();
        QVERIFY(m_p);
        QVERIFY(QTest::qWaitForWindowExposed(m_p));
        QVERIFY(!m_p->isModal());
        // The default: A4 landscape in the UI language, titles from the project in the template's language.
        QVERIFY2(m_p->templatePath().endsWith("/a4-landscape-en.json"), qPrintable(m_p->templatePath()));
        QCOMPARE(m_p->titleEdit()->text(), QString("Ad Dakhiliyah Governorate"));
        QCOMPARE(m_p->subtitleEdit()->text(), QStringLiteral("محافظة الداخلية"));
        QVERIFY(m_p->itemList()->count() == int(m_p->layout().items.size()));
        QVERIFY(itemRow("legend") && itemRow("map") && itemRow("title"));
        if (preview()->image().isNull() || preview()->isRendering())
            QVERIFY(QSignalSpy(preview(), &PrintLayoutPreview::rendered).wait(120000));
        QVERIFY(!preview()->image().isNull());
        QVERIFY(errors.isEmpty());
        QVERIFY(!m_p->exportButton()->autoDefault()); // Enter in the title field does not open Export…
        // Triggering again shows the same window.
        action->trigger();
        QCOMPARE(m_w->printLayoutWindow(), m_p);
    }

    void previewHasTheTemplatesPageShape_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("title");
        QTest::newRow("a4-portrait-en") << "a4-portrait-en" << "Ad Dakhiliyah Governorate";
        QTest::newRow("a3-landscape-en") << "a3-landscape-en" << "Ad Dakhiliyah Governorate";
        QTest::newRow("a4-portrait-ar") << "a4-portrait-ar" << QStringLiteral("محافظة الداخلية");
        QTest::newRow("a4-landscape-en") << "a4-landscape-en" << "Ad Dakhiliyah Governorate";
    }

    void previewHasTheTemplatesPageShape()
    {
        QFETCH(QString, name);
        QFETCH(QString, title);
        chooseTemplate(name);
        const gis::Layout oracle = gis::readLayoutFile(GIS_SOURCE_DIR "/styles/layouts/" + name.toStdString() + ".json");
        const QImage image = preview()->image();
        QCOMPARE(m_p->layout().widthMm, oracle.widthMm);
        QCOMPARE(m_p->layout().heightMm, oracle.heightMm);
        // The page's aspect ratio, to the pixel, and the DPI the preview reports.
        QVERIFY2(std::abs(image.width() - image.height() * oracle.widthMm / oracle.heightMm) <= 1.0,
            qPrintable(QString("%1x%2").arg(image.width()).arg(image.height())));
        QVERIFY(std::abs(image.width() - oracle.widthMm / 25.4 * preview()->imageDpi()) <= 1.0);
        // It fits the widget.
        QVERIFY(image.width() <= preview()->width() && image.height() <= preview()->height());
        QVERIFY(image.width() >= preview()->width() * 0.8 || image.height() >= preview()->height() * 0.8);
        // The title follows the template's language (the user did not edit it).
        QCOMPARE(m_p->titleEdit()->text(), title);
    }

    void otherTemplateFile()
    {
        // "Other…": any template file; it joins the chooser and its page shape and items are used.
        const QString path = m_tmp.filePath("strip.json");
        gis::test::writeFile(path, R"({"language": "en", "page": {"size": "custom", "width_mm": 300, "height_mm": 120,
            "orientation": "landscape", "margin_mm": 5},
            "items": [{"id": "map", "type": "map", "rect": [0, 0, 200, 110]},
                      {"id": "legend", "type": "legend", "rect": [205, 0, 85, 110]}]})");
        QVERIFY(renderAfter([&] { QVERIFY(m_p->setTemplate(path)); }));
        QCOMPARE(m_p->templateChooser()->currentData().toString(), path);
        QCOMPARE(m_p->itemList()->count(), 2);
        const QImage image = preview()->image();
        QVERIFY(std::abs(image.width() - image.height() * 300.0 / 120.0) <= 1.0);
        // A broken file is reported, naming it, and the page stays as it was.
        const QString broken = m_tmp.filePath("broken.json");
        gis::test::writeFile(broken, R"({"page": {"size": "B7"}, "items": []})");
        QSignalSpy errors(m_p, &PrintLayoutWindow::errorReported);
        QVERIFY(!m_p->setTemplate(broken));
        QCOMPARE(errors.count(), 1);
        QVERIFY2(errors.front().front().toString().contains("broken.json"), qPrintable(errors.front().front().toString()));
        QCOMPARE(m_p->templatePath(), path);
        QCOMPARE(m_p->templateChooser()->currentData().toString(), path);
        chooseTemplate("a4-landscape-en");
    }

    void followsTheMapView()
    {
        QVERIFY(renderAfter([&] { m_p->extentChooser()->setCurrentIndex(1); }));
        const auto same = [](const gis::Box& a, const gis::Box& b) {
            return std::abs(a.minX - b.minX) < 1e-6 && std::abs(a.maxX - b.maxX) < 1e-6 && std::abs(a.minY - b.minY) < 1e-6
                && std::abs(a.maxY - b.maxY) < 1e-6;
        };
        QVERIFY(same(m_p->content().map.extent, m_w->canvas()->extent()));
        // Zooming the main map draws the page again, with the new view.
        QVERIFY(renderAfter([&] { m_w->canvas()->zoomIn(); }));
        QVERIFY(same(m_p->content().map.extent, m_w->canvas()->extent()));
        QVERIFY(renderAfter([&] {
            m_p->extentChooser()->setCurrentIndex(0);
            m_w->canvas()->zoomToFullExtent();
        }));
        QVERIFY(same(m_p->content().map.extent, gis::Box(416000, 2322000, 679000, 2617000))); // the project's "extent"
    }

    void typingRendersOnce()
    {
        const int dropped = preview()->droppedCount();
        QVERIFY(renderAfter([&] {
            m_p->titleEdit()->selectAll();
            QTest::keyClicks(m_p->titleEdit(), "Wilayat of Nizwa");
        }));
        QCOMPARE(m_p->content().title, QString("Wilayat of Nizwa"));
        // Keystrokes within the pause start no render, so none was started only to be thrown away.
        QVERIFY2(preview()->droppedCount() - dropped <= 1, qPrintable(QString::number(preview()->droppedCount() - dropped)));
        // An edited title stays when the template changes.
        chooseTemplate("a4-portrait-en");
        QCOMPARE(m_p->titleEdit()->text(), QString("Wilayat of Nizwa"));
        chooseTemplate("a4-landscape-en");
        QVERIFY(renderAfter([&] { m_p->titleEdit()->setText("Ad Dakhiliyah Governorate"); }));
    }

    void hidingTheLegendBlanksItsRectangle()
    {
        const QImage before = preview()->image();
        const auto legend = findItem(m_p->layout(), "legend");
        QVERIFY(legend && legend->visible);
        const QRect r = toPixels(legend->rectMm, preview()->imageDpi());
        QVERIFY(before.rect().contains(r));
        QListWidgetItem* row = itemRow("legend");
        QVERIFY(renderAfter([&] { row->setCheckState(Qt::Unchecked); }));
        QVERIFY(!findItem(m_p->layout(), "legend")->visible);
        const QImage after = preview()->image();
        QCOMPARE(after.size(), before.size());
        QVERIFY(differingPixels(before, after, r) > 100); // the legend was drawn there ...
        for (int y = r.top(); y <= r.bottom(); ++y)           // ... and now it is paper
            for (int x = r.left(); x <= r.right(); ++x)
                QVERIFY2(after.pixel(x, y) == qRgb(255, 255, 255), qPrintable(QString("%1,%2").arg(x).arg(y)));
        // Outside the map frame's neighbourhood nothing else changed: the title is where it was.
        const QRect title = toPixels(findItem(m_p->layout(), "title")->rectMm, preview()->imageDpi());
        QCOMPARE(differingPixels(before, after, title), 0);
        QVERIFY(renderAfter([&] { row->setCheckState(Qt::Checked); }));
        QVERIFY(differingPixels(before, preview()->image(), r) == 0);
    }

    void fixedScaleSetsTheMapItemsScale()
    {
        const QImage before = preview()->image();
        const auto map = findItem(m_p->layout(), "map");
        QVERIFY(map);
        QCOMPARE(map->scale, 0.0);
        QVERIFY(renderAfter([&] {
            m_p->fixedScaleButton()->click();
            m_p->scaleSpin()->setValue(250000);
        }));
        QVERIFY(m_p->scaleSpin()->isEnabled());
        const gis::Layout page = m_p->layout();
        QCOMPARE(findItem(page, "map")->scale, 250000.0);
        // The library's own reading of the page agrees, and the map looks different.
        QCOMPARE(std::round(gis::layoutScaleBar(page, *findItem(page, "map"), m_p->content().map, 50).scaleDenominator), 250000.0);
        const QRect frame = toPixels(map->rectMm, preview()->imageDpi());
        QVERIFY(differingPixels(before, preview()->image(), frame) > frame.width() * frame.height() / 20);
        QVERIFY(renderAfter([&] { m_p->fitScaleButton()->click(); }));
        QCOMPARE(findItem(m_p->layout(), "map")->scale, 0.0);
        QVERIFY(!m_p->scaleSpin()->isEnabled());
    }

    void previewIsTheExportedPage()
    {
        // Same drawing code: a PNG exported at the preview's DPI is the preview, pixel for pixel.
        const QString png = m_tmp.filePath("same.png");
        QVERIFY(m_p->exportTo(png, preview()->imageDpi()));
        const QImage exported = QImage(png).convertToFormat(QImage::Format_ARGB32);
        const QImage shown = preview()->image().convertToFormat(QImage::Format_ARGB32);
        QCOMPARE(exported.size(), shown.size());
        const int differing = differingPixels(exported, shown, shown.rect());
        QVERIFY2(differing == 0, qPrintable(QString("%1 pixels differ").arg(differing)));
    }

    void exportsAnA4Pdf()
    {
        const QString pdf = m_tmp.filePath("page.pdf");
        QVERIFY(m_p->exportTo(pdf, 150));
        const auto r = gis::test::runTool("pdfinfo", {pdf});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString out = QString::fromUtf8(r.out);
        QVERIFY2(out.contains(QRegularExpression("Page size:\\s+84[12](\\.\\d+)? x 595(\\.\\d+)? pts \\(A4\\)")), qPrintable(out));
        QVERIFY2(out.contains(QRegularExpression("Pages:\\s+1\\n")), qPrintable(out));
        // A PNG with its world file; an unknown extension is refused and reported, naming the file.
        QVERIFY(m_p->exportTo(m_tmp.filePath("page.png"), 40, true));
        QVERIFY(QFileInfo::exists(m_tmp.filePath("page.pgw")));
        QSignalSpy errors(m_p, &PrintLayoutWindow::errorReported);
        QVERIFY(!m_p->exportTo(m_tmp.filePath("page.bmp"), 40));
        QCOMPARE(errors.count(), 1);
        QVERIFY(errors.front().front().toString().contains("page.bmp"));
    }

    void atlasOfGovernoratesWritesAPagePerFeature()
    {
        const auto r = gis::test::runTool("ogrinfo", {"-ro", "-so", kGpkg, "governorates"});
        const int at = r.out.indexOf("Feature Count: ");
        QVERIFY(at >= 0);
        const int features = r.out.mid(at + 15, r.out.indexOf('\n', at) - at - 15).toInt();
        QCOMPARE(features, 11);

        PrintLayoutAtlasDialog* atlas = m_p->openAtlas();
        QVERIFY(QTest::qWaitForWindowExposed(atlas));
        atlas->layerChooser()->setCurrentIndex(atlas->layerChooser()->findText("governorates"));
        QCOMPARE(atlas->titleExpression()->currentText(), QString("name_en"));
        QVERIFY(QDir(m_tmp.path()).mkpath("atlas"));
        atlas->pathEdit()->setText(m_tmp.filePath("atlas/gov.png"));
        atlas->dpiSpin()->setValue(30);
        QSignalSpy finished(atlas, &PrintLayoutAtlasDialog::finished);
        QList<int> values;
        QObject scope; // the connections end with this test
        connect(atlas, &PrintLayoutAtlasDialog::started, &scope, [&](PrintLayoutAtlasJob* job) {
            connect(job, &PrintLayoutAtlasJob::progress, &scope, [&](int done, int) { values << done; });
        });
        QTest::mouseClick(atlas->runButton(), Qt::LeftButton);
        QVERIFY(!atlas->runButton()->isEnabled()); // running
        QVERIFY(finished.wait(300000));
        const PrintLayoutAtlasJob* job = atlas->job();
        QVERIFY2(job->error().isEmpty(), qPrintable(job->error()));
        QVERIFY(!job->wasCancelled());
        QCOMPARE(filesIn(m_tmp.filePath("atlas"), "gov-*.png").size(), features);
        QCOMPARE(job->files().size(), features);
        QCOMPARE(atlas->progressBar()->maximum(), features);
        QCOMPARE(atlas->progressBar()->value(), features);
        QCOMPARE(values.size(), features); // one report per page, in order
        for (int i = 0; i < values.size(); ++i)
            QCOMPARE(values[i], i + 1);
        QVERIFY(atlas->runButton()->isEnabled());
        // A page is the layout at 30 DPI.
        const QImage first(m_tmp.filePath("atlas/gov-001.png"));
        QCOMPARE(first.width(), int(std::lround(297 / 25.4 * 30)));
    }

    void cancellingTheAtlasStopsIt()
    {
        PrintLayoutAtlasDialog* atlas = m_p->openAtlas();
        QVERIFY(QDir(m_tmp.path()).mkpath("cancelled"));
        atlas->pathEdit()->setText(m_tmp.filePath("cancelled/gov.png"));
        // Cancel from the worker's own report of page 1, before page 2 starts: deterministic, no timing.
        QObject scope; // the connection ends with this test
        connect(atlas, &PrintLayoutAtlasDialog::started, &scope, [](PrintLayoutAtlasJob* job) {
            connect(job, &PrintLayoutAtlasJob::pageDone, job, [job](int done, int) {
                if (done == 1)
                    job->cancel();
            }, Qt::DirectConnection);
        });
        QSignalSpy finished(atlas, &PrintLayoutAtlasDialog::finished);
        QVERIFY(atlas->start());
        QVERIFY(finished.wait(300000));
        const PrintLayoutAtlasJob* job = atlas->job();
        QVERIFY(job->wasCancelled());
        QVERIFY(job->error().isEmpty());
        // An atlas's pages are replaced all-or-nothing (docs/safety.md): a cancelled run writes none.
        QCOMPARE(filesIn(m_tmp.filePath("cancelled"), "gov-*.png"), QStringList{});
        QVERIFY(atlas->progressBar()->value() < atlas->progressBar()->maximum());
        QVERIFY(atlas->runButton()->isEnabled());
        QVERIFY(atlas->isVisible()); // the dialog stays, ready for another run
    }

    void atlasErrorsNameTheirCause()
    {
        PrintLayoutAtlasDialog* atlas = m_p->openAtlas();
        QSignalSpy errors(atlas, &PrintLayoutAtlasDialog::errorReported);
        atlas->titleExpression()->setEditText("no_such_field");
        QVERIFY(!atlas->start());
        QCOMPARE(errors.count(), 1);
        QVERIFY2(errors.back().front().toString().contains("no_such_field"), qPrintable(errors.back().front().toString()));
        // A folder that does not exist: the job fails and the message names the file.
        atlas->titleExpression()->setEditText("name_en");
        const QString bad = m_tmp.filePath("missing/folder/gov.pdf");
        atlas->pathEdit()->setText(bad);
        QSignalSpy finished(atlas, &PrintLayoutAtlasDialog::finished);
        QVERIFY(atlas->start());
        QVERIFY(finished.wait(300000));
        QCOMPARE(errors.count(), 2);
        QVERIFY2(errors.back().front().toString().contains(bad), qPrintable(errors.back().front().toString()));
        atlas->close();
    }

    void arabicIsRightToLeftAndTranslated()
    {
        // Settings ▸ Language ▸ العربية; the LanguageChange event reaches the window through the event queue.
        m_w->action("actionLanguageArabic")->trigger();
        QCoreApplication::sendPostedEvents();
        QCOMPARE(m_p->windowTitle(), QStringLiteral("تخطيط الطباعة"));
        QVERIFY(m_p->isRightToLeft());
        const QString text = m_w->action("actionPrintLayout")->text();
        QVERIFY2(!text.contains('&') && text.startsWith(QStringLiteral("تخطيط الطباعة")), qPrintable(text));
        QCOMPARE(m_p->exportButton()->text(), QStringLiteral("تصدير…"));
        QCOMPARE(m_p->scaleSpin()->prefix(), QStringLiteral("١:"));
        {
            // A window opened in Arabic starts on the Arabic template, titled in Arabic.
            PrintLayoutWindow fresh(m_w->document(), PrintLayoutWindow::Options{false, m_tmp.path(), {}});
            QVERIFY2(fresh.templatePath().endsWith("/a4-landscape-ar.json"), qPrintable(fresh.templatePath()));
            QCOMPARE(fresh.titleEdit()->text(), QStringLiteral("محافظة الداخلية"));
            QCOMPARE(fresh.subtitleEdit()->text(), QString("Ad Dakhiliyah Governorate"));
            QVERIFY(fresh.isRightToLeft());
            QVERIFY(!fresh.extentChooser()->isEnabled()); // no main map to follow
        }
        m_w->action("actionLanguageEnglish")->trigger();
        QCoreApplication::sendPostedEvents();
        QCOMPARE(m_p->windowTitle(), QString("Print layout"));
        QCOMPARE(m_p->scaleSpin()->prefix(), QString("1:"));
        QVERIFY(!m_p->isRightToLeft());
    }

    void everyPrintLayoutMessageIsTranslated()
    {
        for (const QString lang : {"ar", "en"}) {
            QXmlStreamReader ts(gis::test::readFile(GIS_SOURCE_DIR "/viewer/translations/interior-explorer_" + lang + ".ts"));
            QString context, source;
            int messages = 0;
            while (!ts.atEnd()) {
                if (ts.readNext() != QXmlStreamReader::StartElement)
                    continue;
                if (ts.name() == u"name")
                    context = ts.readElementText();
                else if (ts.name() == u"source")
                    source = ts.readElementText();
                else if (ts.name() == u"translation" && context.startsWith("viewer::PrintLayout")) {
                    const bool unfinished = !ts.attributes().value("type").isEmpty();
                    const QString t = ts.readElementText();
                    QVERIFY2(!t.isEmpty() && !unfinished, qPrintable(lang + " " + context + ": " + source));
                    // Arabic: Arabic words, unless the message has none ("%1 %2 (%3)").
                    if (lang == "ar")
                        QVERIFY2(t.contains(QRegularExpression("[\\x{0600}-\\x{06FF}]")) || !source.contains(QRegularExpression("[a-z]{3}")),
                            qPrintable(context + ": " + source + " -> " + t));
                    ++messages;
                }
            }
            QVERIFY2(!ts.hasError(), qPrintable(ts.errorString()));
            QVERIFY2(messages > 50, qPrintable(lang + ": " + QString::number(messages)));
        }
    }
};

QTEST_MAIN(TestPrintLayout)
#include "tst_printlayout.moc"
