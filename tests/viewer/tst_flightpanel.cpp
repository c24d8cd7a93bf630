// The drone flights panel (issue #16 §2): a project's flights listed by date from a drone_flights layer, the time
// slider showing exactly that flight's orthophoto (pixels against a direct render of the raster and the colours
// gdal_create/gdal_rasterize burnt into it), the swipe composite (later flight left of the divider, earlier right,
// no render while dragging), side-by-side views linked both ways, and rows naming a raster outside the GeoPackage's
// and project's folders refused. Fixtures are made here with GDAL's command-line tools; sqlite3 is the oracle of
// the flights' order.

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QListWidget>
#include <QSignalSpy>
#include <QSlider>
#include <QTemporaryDir>
#include <QtTest>

#include "app/language.h"
#include "app/mainwindow.h"
#include "drone/flightpanel.h"
#include "drone/flightstack.h"
#include "drone/swipeview.h"
#include "edit/digitizetool.h"
#include "edit/editcontroller.h"
#include "gis/core/pathguard.h"
#include "gis/data/editsession.h"
#include "gis/data/rastersource.h"
#include "gis/project/droneflights.h"
#include "map/mapcanvas.h"
#include "map/mapdocument.h"
#include "support/testsupport.h"

using namespace viewer;
using gis::test::runTool;

namespace {

struct Scene {
    const char* date;
    int bg[3];
    double rect[4]; // minX minY maxX maxY (EPSG:32640)
    int fg[3];
};

// Out of date order on purpose: the panel sorts.
const Scene kScenes[] = {
    {"2026-09-15", {150, 150, 150}, {590080, 2530080, 590140, 2530140}, {90, 90, 200}},
    {"2026-08-15", {170, 140, 100}, {590020, 2530020, 590060, 2530060}, {120, 90, 60}},
    {"2026-10-15", {100, 160, 100}, {590040, 2530120, 590160, 2530180}, {220, 60, 40}},
};

QString rectJson(const double r[4])
{
    return QString(R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:32640"}},"features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[%1,%2],[%3,%2],[%3,%4],[%1,%4],[%1,%2]]]}}]})")
        .arg(r[0], 0, 'f', 1).arg(r[1], 0, 'f', 1).arg(r[2], 0, 'f', 1).arg(r[3], 0, 'f', 1);
}

QRgb rgb(const int c[3])
{
    return qRgb(c[0], c[1], c[2]);
}

// The image a canvas shows (its last frame), waited for without sleeping: the newest request answered.
QImage frameOf(MapCanvas& canvas)
{
    if (!QTest::qWaitFor([&] { return canvas.hasFrame() && !canvas.isRendering(); }, 60000))
        return {};
    return canvas.worker().lastFrame().image;
}

} // namespace

class TestFlightPanel : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString m_project;
    QString m_tif[3]; // by date: 08-15, 09-15, 10-15
    MapDocument m_doc;
    MapCanvas* m_canvas = nullptr;
    FlightPanel* m_panel = nullptr;

    int flightsLayer() const { return m_doc.findByName("drone_flights"); }

    // A direct render of one raster alone, of the canvas's extent and size: the oracle of what the map shows.
    QImage directRender(const QString& tif, const gis::Box& extent, QSize size) const
    {
        gis::RenderRequest r;
        r.crs = m_doc.crs();
        r.extent = extent;
        r.size = size;
        r.background = m_doc.background();
        gis::MapLayer l;
        l.name = "direct";
        l.raster = gis::RasterSource::open(tif.toStdString());
        r.layers.push_back(l);
        return gis::renderImage(r).image;
    }

private slots:
    void initTestCase()
    {
        for (const char* tool : {"gdal_create", "gdal_rasterize", "ogr2ogr", "sqlite3"})
            QVERIFY2(gis::test::haveTool(tool), tool);
        const QDir d(m_tmp.path());
        QVERIFY(d.mkpath("proj/site/drone") && d.mkpath("secret"));
        const QString site = d.filePath("proj/site");
        QString features;
        for (const Scene& s : kScenes) {
            const QString tif = QString("%1/drone/site_%2_ortho.tif").arg(site, s.date);
            auto r = runTool("gdal_create", {"-of", "GTiff", "-outsize", "200", "200", "-bands", "3", "-ot", "Byte",
                "-burn", QString::number(s.bg[0]), "-burn", QString::number(s.bg[1]), "-burn", QString::number(s.bg[2]),
                "-a_srs", "EPSG:32640", "-a_ullr", "590000", "2530200", "590200", "2530000", tif});
            QVERIFY2(r.exitCode == 0, r.err.constData());
            const QString rect = d.filePath(QString("rect_%1.geojson").arg(s.date));
            gis::test::writeFile(rect, rectJson(s.rect).toUtf8());
            r = runTool("gdal_rasterize", {"-b", "1", "-b", "2", "-b", "3", "-burn", QString::number(s.fg[0]), "-burn",
                QString::number(s.fg[1]), "-burn", QString::number(s.fg[2]), rect, tif});
            QVERIFY2(r.exitCode == 0, r.err.constData());
            const int index = QString(s.date) == "2026-08-15" ? 0 : QString(s.date) == "2026-09-15" ? 1 : 2;
            m_tif[index] = tif;
            features += QString(R"({"type":"Feature","properties":{"flight_id":"F-P1-%1","project_id":"P1","flight_date":"%1","sensor":"synthetic","gsd_m":1.0,"ortho_path":"drone/site_%1_ortho.tif","dsm_path":null,"synthetic":1},"geometry":{"type":"Polygon","coordinates":[[[590000,2530000],[590200,2530000],[590200,2530200],[590000,2530200],[590000,2530000]]]}},)")
                            .arg(s.date);
        }
        // Project P2's rows point outside: a real file beyond the project's folder, and a URL.
        QVERIFY(QFile::copy(m_tif[0], d.filePath("secret/outside.tif")));
        features += R"({"type":"Feature","properties":{"flight_id":"F-P2-a","project_id":"P2","flight_date":"2026-08-01","ortho_path":"../../secret/outside.tif"},"geometry":{"type":"Polygon","coordinates":[[[590000,2530000],[590200,2530000],[590200,2530200],[590000,2530000]]]}},)";
        features += R"({"type":"Feature","properties":{"flight_id":"F-P2-b","project_id":"P2","flight_date":"2026-09-01","ortho_path":"/vsicurl/http://127.0.0.1:1/x.tif"},"geometry":{"type":"Polygon","coordinates":[[[590000,2530000],[590200,2530000],[590200,2530200],[590000,2530000]]]}})";
        const QString json = d.filePath("flights.geojson");
        gis::test::writeFile(json, ("{\"type\":\"FeatureCollection\",\"features\":[" + features + "]}").toUtf8());
        const auto r = runTool("ogr2ogr", {"-f", "GPKG", site + "/flights.gpkg", json, "-nln", "drone_flights",
            "-a_srs", "EPSG:32640"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        // An annotations layer: a point per remark, linked to the flight it was drawn on.
        const QString ann = d.filePath("annotations.geojson");
        gis::test::writeFile(ann, R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"flight_id":"seed","note":"seed"},"geometry":{"type":"Point","coordinates":[590001,2530001]}}]})");
        const auto a = runTool("ogr2ogr", {"-f", "GPKG", "-update", site + "/flights.gpkg", ann, "-nln",
            "flight_annotations", "-a_srs", "EPSG:32640"});
        QVERIFY2(a.exitCode == 0, a.err.constData());
        m_project = d.filePath("proj/project.json");
        gis::test::writeFile(m_project, R"({"version":1,"title":"Site","crs":"EPSG:32640","layers":[
            {"name":"drone_flights","source":"site/flights.gpkg","layer":"drone_flights"},
            {"name":"flight_annotations","source":"site/flights.gpkg","layer":"flight_annotations"}]})");
        m_doc.loadProject(m_project);
        QVERIFY(flightsLayer() >= 0);
        QVERIFY(m_doc.layer(flightsLayer())->available);
        m_doc.setVisible(m_doc.findByName("flight_annotations"), false); // the rasters alone are compared

        m_canvas = new MapCanvas(&m_doc);
        m_canvas->resize(600, 400);
        m_canvas->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_canvas));
        m_panel = new FlightPanel(&m_doc, m_canvas);
        m_panel->show();
    }

    void cleanupTestCase()
    {
        delete m_panel;
        delete m_canvas;
    }

    void flightsListedByDate()
    {
        const auto r = runTool("sqlite3", {QFileInfo(m_project).dir().filePath("site/flights.gpkg"),
            "SELECT flight_date FROM drone_flights WHERE project_id = 'P1' ORDER BY flight_date"});
        const QStringList expected = QString::fromUtf8(r.out).trimmed().split('\n');
        QCOMPARE(expected.size(), 3);
        QCOMPARE(m_panel->projectChooser()->count(), 2); // P1 and P2
        m_panel->chooseSource(0);
        const auto* list = m_panel->findChild<QListWidget*>("flightList");
        QCOMPARE(list->count(), 3);
        for (int i = 0; i < 3; ++i)
            QVERIFY2(list->item(i)->text().startsWith(expected[i]), qPrintable(list->item(i)->text()));
        QCOMPARE(m_panel->slider()->maximum(), 2);
        QCOMPARE(m_panel->slider()->value(), 2); // the latest flight first
        QCOMPARE(m_panel->stack()->currentFlightId(), QString("F-P1-2026-10-15"));
        // Opening the project's flights zoomed to the site.
        const gis::Box e = m_canvas->extent();
        QVERIFY(e.contains(gis::Box(590000, 2530000, 590200, 2530200)));
        QVERIFY(e.width() < 400 && e.height() < 400);
    }

    /// The dates in the interface's digits: Arabic-Indic in Arabic (they were Latin), ISO 8601 in English.
    void datesInTheInterfaceLanguage()
    {
        m_panel->chooseSource(0);
        const auto* list = m_panel->findChild<QListWidget*>("flightList");
        const auto* date = m_panel->findChild<QLabel*>("flightDate");
        QVERIFY(list && date);
        const auto arabicDigits = [](const QString& s) {
            return std::any_of(s.begin(), s.end(), [](QChar c) { return c.unicode() >= 0x0660 && c.unicode() <= 0x0669; });
        };
        const auto latinDigits = [](const QString& s) { return std::any_of(s.begin(), s.end(), [](QChar c) { return c.isDigit() && c.unicode() < 128; }); };
        applyLanguage("ar");
        QTRY_VERIFY2(arabicDigits(date->text()), qPrintable(date->text()));
        QVERIFY2(!latinDigits(date->text()), qPrintable(date->text()));
        for (int i = 0; i < list->count(); ++i) {
            const QString when = list->item(i)->text().section(QStringLiteral(" · "), 0, 0);
            QVERIFY2(arabicDigits(when) && !latinDigits(when), qPrintable(list->item(i)->text()));
        }
        applyLanguage("en");
        QTRY_COMPARE(date->text(), QString("2026-10-15"));
        QVERIFY(list->item(0)->text().startsWith("2026-08-15"));
    }

    void sliderShowsExactlyThatFlight_data()
    {
        QTest::addColumn<int>("index");
        QTest::newRow("2026-08-15") << 0;
        QTest::newRow("2026-09-15") << 1;
        QTest::newRow("2026-10-15") << 2;
    }

    void sliderShowsExactlyThatFlight()
    {
        QFETCH(int, index);
        m_doc.setVisible(flightsLayer(), false); // the raster alone, to compare with the raster alone
        m_panel->slider()->setValue(index);
        QCOMPARE(m_panel->stack()->current(), index);
        for (int i = 0; i < 3; ++i) {
            const int id = m_panel->stack()->flights()[static_cast<std::size_t>(i)].orthoLayer;
            QVERIFY(id >= 0);
            QCOMPARE(m_doc.layer(id)->map.visible, i == index);
        }
        const QImage shown = frameOf(*m_canvas).convertToFormat(QImage::Format_RGB32);
        QVERIFY(!shown.isNull());
        const RenderFrame& frame = m_canvas->worker().lastFrame();
        const QImage direct = directRender(m_tif[index], frame.transform.extent(), shown.size()).convertToFormat(QImage::Format_RGB32);
        QCOMPARE(shown, direct);
        // And against what GDAL burnt: the rectangle's colour inside it, the background's outside.
        const Scene& s = *std::find_if(std::begin(kScenes), std::end(kScenes),
            [&](const Scene& x) { return QString(x.date) == QTest::currentDataTag(); });
        const QPointF inside = frame.transform.toDevice({(s.rect[0] + s.rect[2]) / 2, (s.rect[1] + s.rect[3]) / 2});
        const QPointF outside = frame.transform.toDevice({590005, 2530195});
        QCOMPARE(shown.pixel(inside.toPoint()), rgb(s.fg));
        QCOMPARE(shown.pixel(outside.toPoint()), rgb(s.bg));
    }

    void swipeLaterLeftEarlierRight()
    {
        m_doc.setVisible(flightsLayer(), false);
        m_panel->slider()->setValue(2); // 2026-10-15 against 2026-09-15
        QCOMPARE(m_panel->stack()->comparison(), 1);
        SwipeView* swipe = m_panel->swipe();
        m_panel->setSwipe(true);
        swipe->setDividerX(300);
        const QImage later = frameOf(*m_canvas).convertToFormat(QImage::Format_RGB32);
        QVERIFY(QTest::qWaitFor([&] { return !swipe->worker().isBusy() && !swipe->worker().lastFrame().image.isNull(); }, 60000));
        const gis::Box extent = m_canvas->worker().lastFrame().transform.extent();
        QCOMPARE(swipe->worker().lastFrame().transform.extent().minX, extent.minX);
        const QImage directLater = directRender(m_tif[2], extent, later.size()).convertToFormat(QImage::Format_RGB32);
        const QImage directEarlier = directRender(m_tif[1], extent, later.size()).convertToFormat(QImage::Format_RGB32);

        auto check = [&](int divider) {
            const QImage shot = m_canvas->grab().toImage().convertToFormat(QImage::Format_RGB32);
            QCOMPARE(shot.size(), later.size());
            int compared = 0;
            for (int y = 0; y < shot.height() - 60; y += 3) // above the scale bar
                for (int x = 0; x < shot.width(); x += 3) {
                    if (std::abs(x - divider) <= 10) // the divider's handle
                        continue;
                    const QRgb want = x < divider ? directLater.pixel(x, y) : directEarlier.pixel(x, y);
                    if (shot.pixel(x, y) != want)
                        QFAIL(qPrintable(QString("pixel %1,%2 (divider %3)").arg(x).arg(y).arg(divider)));
                    ++compared;
                }
            QVERIFY(compared > 10000);
        };
        check(300);

        // Dragging the divider composites the two images: nothing is rendered again.
        const auto canvasGeneration = m_canvas->worker().latestGeneration();
        const auto swipeGeneration = swipe->worker().latestGeneration();
        const QPoint grip(swipe->width() / 2, swipe->height() / 2);
        QTest::mousePress(swipe, Qt::LeftButton, {}, grip);
        for (int step = 1; step <= 10; ++step) { // the handle moves under the mouse: positions relative to it now
            const QPointF global = m_canvas->mapToGlobal(QPointF(300 - step * 15, 200));
            QMouseEvent move(QEvent::MouseMove, swipe->mapFromGlobal(global), global, Qt::NoButton, Qt::LeftButton, {});
            QApplication::sendEvent(swipe, &move);
        }
        QTest::mouseRelease(swipe, Qt::LeftButton, {}, grip);
        QCOMPARE(swipe->dividerX(), 150);
        QCOMPARE(m_canvas->worker().latestGeneration(), canvasGeneration);
        QCOMPARE(swipe->worker().latestGeneration(), swipeGeneration);
        check(150);

        // Mirrored in Arabic: the earlier flight on the left.
        m_canvas->setLayoutDirection(Qt::RightToLeft);
        const QImage shot = m_canvas->grab().toImage().convertToFormat(QImage::Format_RGB32);
        const gis::MapTransform t = m_canvas->worker().lastFrame().transform;
        const QPoint left = t.toDevice({590010, 2530190}).toPoint(), right = t.toDevice({590190, 2530190}).toPoint();
        QVERIFY(left.x() < 140 && right.x() > 160);
        QCOMPARE(shot.pixel(left), directEarlier.pixel(left));
        QCOMPARE(shot.pixel(right), directLater.pixel(right));
        QVERIFY(directEarlier.pixel(left) != directLater.pixel(left));
        m_canvas->setLayoutDirection(Qt::LeftToRight);
        m_panel->setSwipe(false);
    }

    void sideBySideLinkedBothWays()
    {
        m_panel->slider()->setValue(2);
        m_panel->setSideBySide(true);
        MapCanvas* side = m_panel->sideCanvas();
        side->resize(m_canvas->size());
        side->show();
        QVERIFY(QTest::qWaitForWindowExposed(side));
        side->matchView(*m_canvas);
        QCOMPARE(side->extent(), m_canvas->extent());
        m_canvas->panByPixels(QPointF(40, -25));
        QCOMPARE(side->extent(), m_canvas->extent());
        m_canvas->zoomAt(2.0, QPointF(100, 80));
        QCOMPARE(side->extent(), m_canvas->extent());
        side->panByPixels(QPointF(-70, 10));
        QCOMPARE(m_canvas->extent(), side->extent());
        side->zoomAt(0.5, QPointF(300, 200));
        QCOMPARE(m_canvas->extent(), side->extent());
        // The side view shows the comparison flight (09-15), the main view the current one (10-15).
        m_doc.setVisible(flightsLayer(), false);
        const QImage other = frameOf(*side).convertToFormat(QImage::Format_RGB32);
        const gis::Box e = side->worker().lastFrame().transform.extent();
        QCOMPARE(other, directRender(m_tif[1], e, other.size()).convertToFormat(QImage::Format_RGB32));
        side->hide();
        m_panel->setSideBySide(false);
    }

    void outsidePathsRefused()
    {
        // The library's guard: the GeoPackage's folder and the project's only.
        const QString gpkg = QFileInfo(m_project).dir().filePath("site/flights.gpkg");
        const gis::Project& project = m_doc.project();
        QCOMPARE(QString::fromStdString(gis::resolveFlightFile("drone/site_2026-08-15_ortho.tif", gpkg.toStdString(), project, "f")),
            QFileInfo(m_tif[0]).canonicalFilePath());
        QVERIFY_THROWS_EXCEPTION(gis::PathRefusedError,
            gis::resolveFlightFile("../../secret/outside.tif", gpkg.toStdString(), project, "f"));
        QVERIFY_THROWS_EXCEPTION(gis::Error, gis::resolveFlightFile("/vsicurl/http://127.0.0.1:1/x.tif", gpkg.toStdString(), project, "f"));

        // The panel: P2's flights are listed, their rasters refused and never opened.
        const std::size_t layersBefore = m_doc.layers().size();
        m_panel->chooseSource(1);
        QCOMPARE(m_panel->stack()->source().projectId, std::string("P2"));
        QCOMPARE(m_panel->stack()->flights().size(), std::size_t(2));
        for (const auto& f : m_panel->stack()->flights())
            QCOMPARE(f.orthoLayer, -1);
        QCOMPARE(m_panel->stack()->refusals().size(), 2);
        QVERIFY(m_panel->stack()->refusals()[0].contains("outside the folder"));
        QVERIFY(m_panel->stack()->refusals()[1].contains("not a local file"));
        QVERIFY(!m_panel->stack()->refusals().join(' ').contains(m_tmp.path())); // no absolute path shown
        QCOMPARE(m_doc.layers().size(), layersBefore);
        for (const auto& l : m_doc.layers())
            QVERIFY(!QString::fromStdString(l.sourcePath).contains("outside"));
        m_panel->chooseSource(0);
    }

    // A project opened with the panel closed stays as its file says: no raster added, no zoom, until it is shown.
    void closedPanelLeavesTheMapAlone()
    {
        MapDocument doc;
        MapCanvas canvas(&doc);
        canvas.resize(400, 300);
        FlightPanel panel(&doc, &canvas);
        doc.loadProject(m_project);
        QCOMPARE(doc.layers().size(), std::size_t(2));
        QCOMPARE(panel.projectChooser()->count(), 2);
        QVERIFY(panel.stack()->flights().empty());
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QCOMPARE(panel.stack()->flights().size(), std::size_t(3));
        QCOMPARE(doc.layers().size(), std::size_t(5));
    }

    // Annotations on a flight: a point digitised with the edit tools while a flight is shown gets its flight_id.
    void annotationTakesTheCurrentFlight()
    {
        MainWindow::Options options;
        options.dialogs = false;
        options.useSettings = false;
        MainWindow w(options);
        w.resize(1100, 700);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openProject(m_project));
        w.showFlightPanel();
        FlightPanel* panel = w.flightPanel();
        QCOMPARE(panel->projectChooser()->currentIndex(), 0);
        panel->slider()->setValue(1);
        QCOMPARE(panel->stack()->currentFlightId(), QString("F-P1-2026-09-15"));
        const int id = w.document()->findByName("flight_annotations");
        QVERIFY(id >= 0);
        QVERIFY(w.setEditing(id, true));
        w.digitizeTool()->setLayer(id);
        w.digitizeTool()->setMode(DigitizeTool::Mode::AddPoint);
        QSignalSpy added(w.digitizeTool(), &DigitizeTool::featureAdded);
        w.digitizeTool()->addPointAt({590100, 2530100});
        QCOMPARE(added.count(), 1);
        QTRY_VERIFY(w.edits()->isModified(id));
        QTRY_COMPARE(w.edits()->session(id)->feature(added.front()[1].toLongLong())->values[0], gis::FieldValue(std::string("F-P1-2026-09-15")));
        QVERIFY(w.saveEdits());
        const auto r = runTool("sqlite3", {QFileInfo(m_project).dir().filePath("site/flights.gpkg"),
            "SELECT flight_id FROM flight_annotations WHERE flight_id <> 'seed'"});
        QCOMPARE(QString::fromUtf8(r.out).trimmed(), QString("F-P1-2026-09-15"));
    }
};

QTEST_MAIN(TestFlightPanel)
#include "tst_flightpanel.moc"
