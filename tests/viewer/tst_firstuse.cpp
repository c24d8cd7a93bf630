// What a new user meets first, in Arabic and in English (issue 17 §2): docks on the reading side, the UTM readout as
// one bidi-isolated unit, dialog buttons that are not cut, rule filters shown as written, ISO dates in English, one
// status message at a time, hints that can fix what they describe, and default sizes that show the data. Oracles:
// the style file read as JSON, ogrinfo for dates and extents, QTextLayout for where text lands on screen.

#include <QApplication>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QStatusBar>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTextLayout>
#include <QToolButton>
#include <QtTest>

#include <algorithm>
#include <memory>

#include "app/language.h"
#include "app/lefttorightdelegate.h"
#include "app/mainwindow.h"
#include "gis/crs/crs.h"
#include "gis/crs/transformer.h"
#include "map/mapcanvas.h"
#include "map/mapdocument.h"
#include "map/overviewmap.h"
#include "panels/attributemodel.h"
#include "panels/attributepanel.h"
#include "panels/layerpanel.h"
#include "style/styleeditordialog.h"
#include "support/testsupport.h"

using namespace viewer;

namespace {

/// The map's rectangle in the window's coordinates (it sits in a splitter beside the side-by-side flight map, so its
/// own geometry() is its parent's).
QRect canvasInWindow(viewer::MainWindow& w)
{
    return QRect(w.canvas()->mapTo(&w, QPoint(0, 0)), w.canvas()->size());
}

const QString kProject = GIS_SOURCE_DIR "/data/dakhiliyah.json";

std::unique_ptr<MainWindow> makeWindow()
{
    MainWindow::Options options;
    options.dialogs = false;
    options.useSettings = false;
    return std::make_unique<MainWindow>(options);
}

QDockWidget* dock(MainWindow& w, const char* name)
{
    return w.findChild<QDockWidget*>(name);
}

bool hasAsciiDigit(const QString& s)
{
    return s.contains(QRegularExpression("[0-9]"));
}

/// x of the start of character `index` of `text` laid out as a label lays it out (paragraph direction from the
/// text itself, as a QLabel does).
qreal xOf(const QString& text, int index, const QFont& font)
{
    QTextLayout layout(text, font);
    QTextOption option;
    option.setTextDirection(text.isRightToLeft() ? Qt::RightToLeft : Qt::LeftToRight);
    layout.setTextOption(option);
    layout.beginLayout();
    QTextLine line = layout.createLine();
    line.setLineWidth(2000);
    layout.endLayout();
    return line.cursorToX(index);
}

/// A copy of the sample project in `folder` whose layer `brokenStyleLayer` has an inline style classifying by a
/// field it does not have and whose layer `missingLayer` names a file that is not there.
QString projectWithProblems(const QString& folder, const QString& brokenStyleLayer, const QString& missingLayer)
{
    QFile::copy(GIS_SOURCE_DIR "/data/dakhiliyah.gpkg", folder + "/dakhiliyah.gpkg");
    QFile::link(GIS_SOURCE_DIR "/styles", folder + "/../styles");
    QJsonObject project = QJsonDocument::fromJson(gis::test::readFile(kProject)).object();
    QJsonArray layers;
    for (const QJsonValue& v : project["layers"].toArray()) {
        QJsonObject l = v.toObject();
        if (l["source"].toString() != "dakhiliyah.gpkg")
            continue; // the DEM stays out: only what the test needs
        if (l["name"].toString() == brokenStyleLayer)
            l["style"] = QJsonObject{{"renderer", QJsonObject{{"type", "categorized"}, {"field", "no_such_field"}}}};
        if (l["name"].toString() == missingLayer)
            l["source"] = "gone.gpkg";
        layers.append(l);
    }
    project["layers"] = layers;
    const QString path = folder + "/problems.json";
    gis::test::writeFile(path, QJsonDocument(project).toJson());
    return path;
}

} // namespace

class TestFirstUse : public QObject {
    Q_OBJECT

private slots:
    void cleanup() { applyLanguage("en"); }

    void docksAreOnTheReadingSide()
    {
        applyLanguage("ar");
        auto w = makeWindow();
        QVERIFY(w->openProject(kProject));
        w->resize(1440, 900);
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        QDockWidget* identify = dock(*w, "IdentifyDock");
        QDockWidget* measure = dock(*w, "MeasureDock");
        for (const char* name : {"LayersDock", "OverviewDock"}) {
            QCOMPARE(w->dockWidgetArea(dock(*w, name)), Qt::RightDockWidgetArea);
            // Where the user sees it: right of the map.
            QVERIFY2(dock(*w, name)->geometry().left() >= canvasInWindow(*w).right(), name);
        }
        QCOMPARE(w->dockWidgetArea(identify), Qt::LeftDockWidgetArea);
        QCOMPARE(w->dockWidgetArea(dock(*w, "ToolboxDock")), Qt::LeftDockWidgetArea);

        // A switch to English moves them back, the tabbed Identify and Measure still tabbed, hidden ones hidden.
        applyLanguage("en");
        QTRY_COMPARE(w->dockWidgetArea(dock(*w, "LayersDock")), Qt::LeftDockWidgetArea);
        QCOMPARE(w->dockWidgetArea(dock(*w, "OverviewDock")), Qt::LeftDockWidgetArea);
        QCOMPARE(w->dockWidgetArea(identify), Qt::RightDockWidgetArea);
        QVERIFY(identify->isHidden());
        QTRY_VERIFY(dock(*w, "LayersDock")->geometry().right() <= canvasInWindow(*w).left());
        identify->show(); // Qt lists only visible docks as tabbed
        measure->show();
        QTRY_VERIFY(w->tabifiedDockWidgets(identify).contains(measure));
        applyLanguage("ar");
        QTRY_COMPARE(w->dockWidgetArea(dock(*w, "LayersDock")), Qt::RightDockWidgetArea);
        QCOMPARE(w->dockWidgetArea(measure), Qt::LeftDockWidgetArea);
        QVERIFY(w->tabifiedDockWidgets(identify).contains(measure));
        QVERIFY(identify->isVisible());
    }

    void utmReadoutIsOneIsolatedUnit_data()
    {
        QTest::addColumn<QString>("language");
        QTest::newRow("ar") << "ar";
        QTest::newRow("en") << "en";
    }
    void utmReadoutIsOneIsolatedUnit()
    {
        QFETCH(QString, language);
        applyLanguage(language);
        auto w = makeWindow();
        QVERIFY(w->openProject(kProject));
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        // Nizwa fort, in the map's CRS (UTM 40N): the readout must say these metres.
        emit w->canvas()->cursorMoved(533800, 2538100);
        auto* utm = w->findChild<QLabel*>("CursorUtm");
        QVERIFY(utm);
        const QString text = utm->text();
        QVERIFY2(text.startsWith(QChar(0x2068)) && text.endsWith(QChar(0x2069)), qPrintable(text));
        QCOMPARE(text.count(QChar(0x2068)), 1);
        const int utmAt = text.indexOf("UTM");
        QVERIFY(utmAt > 0);
        if (language == "ar") {
            // One kind of digits: the zone in Arabic-Indic digits like the metres (٥٣٣٬٨٠٠).
            QVERIFY2(!hasAsciiDigit(text), qPrintable(text));
            QVERIFY2(text.contains(QString::fromUtf8("٤٠")) && text.contains(QString::fromUtf8("٥٣٣٬٨٠٠")), qPrintable(text));
            // Read right to left: "UTM" first (rightmost), the easting after it, to its left.
            const int easting = text.indexOf(QString::fromUtf8("٥٣٣"));
            QVERIFY2(xOf(text, utmAt, utm->font()) > xOf(text, easting, utm->font()), qPrintable(text));
        } else {
            QVERIFY2(text.contains("UTM 40N: 533,800 E, 2,538,100 N"), qPrintable(text));
            QVERIFY(xOf(text, utmAt, utm->font()) < xOf(text, text.indexOf("533"), utm->font()));
        }
        // The degrees readouts (decimal and degrees-minutes-seconds) join longitude and latitude with the
        // language's comma: "،" in Arabic, where an ASCII comma is Latin punctuation.
        auto* lonLat = w->findChild<QLabel*>("CursorLonLat");
        QVERIFY(lonLat);
        const QString degrees = lonLat->text();
        QVERIFY2(degrees.contains(QChar(0x2032)), qPrintable(degrees)); // the DMS readout is there (′)
        if (language == "ar") {
            QVERIFY2(!degrees.contains(','), qPrintable(degrees));
            QCOMPARE(degrees.count(QChar(0x060C)), 2);
        } else {
            QVERIFY2(!degrees.contains(QChar(0x060C)), qPrintable(degrees));
            QCOMPARE(degrees.count(','), 2);
        }
    }

    void styleEditorButtonsAreNotCutAndShowFiveRules_data()
    {
        QTest::addColumn<QString>("language");
        QTest::newRow("ar") << "ar";
        QTest::newRow("en") << "en";
    }
    void styleEditorButtonsAreNotCutAndShowFiveRules()
    {
        QFETCH(QString, language);
        applyLanguage(language);
        auto w = makeWindow();
        QVERIFY(w->openProject(kProject));
        const int inspections = w->document()->findByName("inspections");
        QVERIFY(inspections >= 0);
        StyleEditorDialog dialog(w->document(), inspections, w.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        const auto buttons = dialog.findChildren<QPushButton*>(); // OK, Cancel, Load, Save and the editor's own
        QVERIFY(buttons.size() >= 4);
        for (QPushButton* b : buttons) {
            if (!b->isVisible())
                continue;
            const QRect inDialog(b->mapTo(&dialog, QPoint(0, 0)), b->size());
            QVERIFY2(b->width() >= b->sizeHint().width(), qPrintable(b->text()));
            QVERIFY2(dialog.rect().contains(inDialog), qPrintable(b->text()));
        }
        // Cancel says the word the rest of the viewer says, not Qt's imperative that read as a cut word.
        auto* box = dialog.findChild<QDialogButtonBox*>("buttons");
        QVERIFY(box);
        QCOMPARE(box->button(QDialogButtonBox::Cancel)->text(),
            language == "ar" ? QString::fromUtf8("إلغاء") : QString("Cancel"));
        QVERIFY(box->button(QDialogButtonBox::Cancel)->icon().isNull());
        auto* table = dialog.findChild<QTableWidget*>("classTable");
        QVERIFY(table);
        QVERIFY(table->rowCount() >= 2);
        QVERIFY2(table->viewport()->height() >= 5 * table->rowHeight(0),
            qPrintable(QString("%1 px for rows of %2").arg(table->viewport()->height()).arg(table->rowHeight(0))));
    }

    void ruleFiltersAreShownAsWritten()
    {
        applyLanguage("ar");
        auto w = makeWindow();
        QVERIFY(w->openProject(kProject));
        const int inspections = w->document()->findByName("inspections");
        // The oracle: the style file's rules as JSON.
        const QJsonArray rules = QJsonDocument::fromJson(gis::test::readFile(GIS_SOURCE_DIR "/styles/inspections.json"))
                                     .object()["renderer"].toObject()["rules"].toArray();
        QVERIFY(rules.size() >= 2);
        StyleEditorDialog dialog(w->document(), inspections, w.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* table = dialog.findChild<QTableWidget*>("classTable");
        auto* delegate = qobject_cast<LeftToRightDelegate*>(table->itemDelegateForColumn(1));
        QVERIFY2(delegate, "the filter column is drawn left to right");
        for (int r = 0; r < rules.size(); ++r) {
            const QString written = rules[r].toObject()["filter"].toString();
            if (written.isEmpty())
                continue;
            const QModelIndex index = table->model()->index(r, 1);
            QStyleOptionViewItem option;
            option.initFrom(table);
            QCOMPARE(option.direction, Qt::RightToLeft); // the table is Arabic...
            delegate->initStyleOption(&option, index);
            QCOMPARE(option.text, written);              // ...the filter is the text as written...
            QCOMPARE(option.direction, Qt::LeftToRight); // ...laid out as code reads
            std::unique_ptr<QWidget> editor(delegate->createEditor(table->viewport(), option, index));
            QVERIFY(editor);
            QCOMPARE(editor->layoutDirection(), Qt::LeftToRight);
        }
        // An edit typed into the cell is the filter saved, character for character.
        const QString typed = "result = 'pass' and score >= 50";
        table->item(0, 1)->setText(typed);
        QTest::mouseClick(dialog.findChild<QDialogButtonBox*>("buttons")->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QCOMPARE(QString::fromStdString(w->document()->layer(inspections)->map.style.renderer.rules.at(0).filter), typed);
        QCOMPARE(QString::fromStdString(w->document()->layer(inspections)->map.style.renderer.rules.at(1).filter),
            rules[1].toObject()["filter"].toString());
    }

    void englishDatesAreIso8601()
    {
        applyLanguage("en");
        auto w = makeWindow();
        QVERIFY(w->openProject(kProject));
        const int inspections = w->document()->findByName("inspections");
        w->attributePanel()->setLayer(inspections);
        AttributeModel* model = w->attributePanel()->model();
        int column = -1;
        for (int c = 0; c < model->columnCount(); ++c)
            if (model->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString() == "inspection_date")
                column = c;
        QVERIFY(column >= 0);
        const QString shown = model->data(model->index(0, column), Qt::DisplayRole).toString();
        const QString fid = model->headerData(0, Qt::Vertical, Qt::DisplayRole).toString();
        // ogrinfo prints a date field as 2024/01/01.
        const auto r = gis::test::runTool("ogrinfo", {"-ro", "-q", GIS_SOURCE_DIR "/data/dakhiliyah.gpkg", "-sql",
                                                         "SELECT inspection_date FROM inspections WHERE fid = " + fid});
        QCOMPARE(r.exitCode, 0);
        const QRegularExpressionMatch m = QRegularExpression("inspection_date \\(Date\\) = (\\d{4})/(\\d\\d)/(\\d\\d)").match(r.out);
        QVERIFY2(m.hasMatch(), r.out.constData());
        QCOMPARE(shown, m.captured(1) + '-' + m.captured(2) + '-' + m.captured(3));
    }

    void oneStatusMessageAtATime()
    {
        // A project opened before the window shows (as from the command line) leaves a hint on the status bar:
        // it must not be drawn over the cursor readout.
        QTemporaryDir tmp;
        QDir().mkpath(tmp.path() + "/p");
        const QString path = projectWithProblems(tmp.path() + "/p", QString(), "roads");
        applyLanguage("en");
        auto w = makeWindow();
        QVERIFY(w->openProject(path));
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        QStatusBar* bar = w->statusBar();
        QVERIFY(bar->currentMessage().contains("roads"));
        auto* lonLat = w->findChild<QLabel*>("CursorLonLat");
        QVERIFY(!lonLat->isVisible()); // one thing on the bar: the message
        // A newer message replaces the older one.
        const int towns = w->document()->findByName("towns");
        w->document()->setSelection(towns, {0, 1});
        QCOMPARE(bar->currentMessage(), QString("towns: 2 features selected"));
        QVERIFY(!bar->currentMessage().contains("roads"));
        bar->clearMessage();
        QVERIFY(lonLat->isVisible());
    }

    void aStyleErrorDoesNotSuggestLocatingAFile()
    {
        QTemporaryDir tmp;
        QDir().mkpath(tmp.path() + "/p");
        const QString path = projectWithProblems(tmp.path() + "/p", "towns", "roads");
        applyLanguage("en");
        auto w = makeWindow();
        QVERIFY(w->openProject(path));
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        MapDocument* doc = w->document();
        const gis::ProjectLayer* towns = doc->layer(doc->findByName("towns"));
        const gis::ProjectLayer* roads = doc->layer(doc->findByName("roads"));
        QVERIFY(towns && !towns->available && towns->styleProblem);
        QVERIFY(roads && !roads->available && !roads->styleProblem);
        // The hint: Locate file for the missing file only; the style error is told to be corrected.
        const QString message = w->statusBar()->currentMessage();
        QVERIFY2(message.contains(QRegularExpression("Unavailable layers: roads — use “Locate file…”")), qPrintable(message));
        QVERIFY2(message.contains(QRegularExpression("style cannot be used: towns — correct the style")), qPrintable(message));
        LayerPanel* panel = w->layerPanel();
        auto* locate = panel->findChild<QToolButton*>("locateFile");
        QVERIFY(locate);
        panel->setCurrentLayer(doc->findByName("towns"));
        QVERIFY(!locate->isVisible());
        QVERIFY(!panel->itemOf(doc->findByName("towns"))->toolTip(0).contains("Locate"));
        QVERIFY(panel->itemOf(doc->findByName("towns"))->toolTip(0).contains("no_such_field"));
        panel->setCurrentLayer(doc->findByName("roads"));
        QVERIFY(locate->isVisible());
        QVERIFY(panel->itemOf(doc->findByName("roads"))->toolTip(0).contains("Locate file"));
    }

    void defaultSizesShowTheData_data()
    {
        QTest::addColumn<QString>("language");
        QTest::newRow("ar") << "ar";
        QTest::newRow("en") << "en";
    }
    void defaultSizesShowTheData()
    {
        QFETCH(QString, language);
        applyLanguage(language);
        auto w = makeWindow();
        QVERIFY(w->openProject(kProject));
        w->resize(1440, 900); // the size of --screenshot and of the documentation's pictures
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        QTableView* table = w->attributePanel()->view();
        QTRY_VERIFY(table->model()->rowCount() >= 10);
        QVERIFY2(table->viewport()->height() >= 10 * table->rowHeight(0),
            qPrintable(QString("%1 px for rows of %2").arg(table->viewport()->height()).arg(table->rowHeight(0))));
        QVERIFY2(w->canvas()->height() >= 350, qPrintable(QString::number(w->canvas()->height())));

        // The overview frames Oman: the governorates' extent (ogrinfo, in the map's CRS) with little more.
        auto* overview = w->findChild<OverviewMap*>();
        QVERIFY(overview);
        QTRY_VERIFY_WITH_TIMEOUT(!overview->lastFrame().image.isNull(), 30000);
        QTRY_COMPARE(overview->lastFrame().image.size(), overview->size()); // the image drawn fills the widget...
        const QRect shown(overview->mapTo(w.get(), QPoint(0, 0)), overview->size());
        QVERIFY2(w->rect().contains(shown), "...which is inside the window");
        const gis::Box framed = overview->lastFrame().transform.extent();
        const auto r = gis::test::runTool("ogrinfo", {"-ro", "-so", GIS_SOURCE_DIR "/data/dakhiliyah.gpkg", "governorates"});
        const QRegularExpressionMatch m = QRegularExpression("Extent: \\(([-\\d.]+), ([-\\d.]+)\\) - \\(([-\\d.]+), ([-\\d.]+)\\)").match(r.out);
        QVERIFY2(m.hasMatch(), r.out.constData());
        gis::Transformer toMap(gis::Crs::fromEpsg(4326), w->document()->crs());
        const gis::Box oman = toMap.transformBox(gis::Box{m.captured(1).toDouble(), m.captured(2).toDouble(),
            m.captured(3).toDouble(), m.captured(4).toDouble()});
        const gis::Box omanInside{oman.minX + 0.05 * oman.width(), oman.minY + 0.05 * oman.height(),
            oman.maxX - 0.05 * oman.width(), oman.maxY - 0.05 * oman.height()};
        QVERIFY2(framed.contains(omanInside), "the overview shows (nearly) all of Oman");
        // ...and Oman fills it in one direction (the other follows the widget's shape): the peninsula is 3 times more.
        const double fill = std::min(framed.width() / oman.width(), framed.height() / oman.height());
        QVERIFY2(fill < 1.25, qPrintable(QString("the overview is %1 times Oman's size").arg(fill)));
    }
};

QTEST_MAIN(TestFirstUse)
#include "tst_firstuse.moc"
