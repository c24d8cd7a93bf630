// The viewer's edit tools beyond the basic ones, driven as a user would (QTest mouse and key events on the real
// main window, offscreen): holes and parts (add, reshape inside them, delete), the make-valid prompt for an invalid
// polygon, merging a conflict field by field, and the prompt when a layer with unsaved edits is removed. What was
// saved is read back with ogrinfo, and validity with SpatiaLite's ST_IsValid (GEOS, through GDAL's SQLite dialect):
// oracles independent of the viewer and of libgis.
//
// With EDITTOOLS_SHOTS=<folder> the make-valid prompt and the merge dialog are saved there as PNGs, in English and
// Arabic (run under xvfb-run with QT_QPA_PLATFORM=xcb to look at them).

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QMessageBox>
#include <QListWidget>
#include <QPushButton>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>

#include "app/language.h"
#include "app/mainwindow.h"
#include "dialogs/conflictdialog.h"
#include "dialogs/snappingdialog.h"
#include "edit/digitizetool.h"
#include "edit/editcontroller.h"
#include "gis/core/error.h"
#include "gis/crs/transformer.h"
#include "gis/data/editsession.h"
#include "gis/data/layer.h"
#include "gis/geom/validity.h"
#include "map/mapcanvas.h"
#include "map/mapdocument.h"
#include "panels/layerpanel.h"
#include "support/testsupport.h"

using namespace viewer;

namespace {

/// Answers the modal dialog of that object name once it is up, records its text and direction.
struct ModalAnswer {
    ModalAnswer(QString name, std::function<void(QWidget*)> answer) : objectName(std::move(name)), act(std::move(answer))
    {
        QObject::connect(&timer, &QTimer::timeout, [this] {
            QWidget* w = QApplication::activeModalWidget();
            if (!w || w->objectName() != objectName)
                return;
            timer.stop();
            shown = true;
            if (auto* box = qobject_cast<QMessageBox*>(w))
                text = box->text();
            direction = w->layoutDirection();
            act(w);
        });
        timer.start(0);
    }
    /// Clicks the button of that object name (FixButton, KeepButton, CancelButton) or standard button.
    static std::function<void(QWidget*)> clickNamed(const QString& button, const QString& shot = {})
    {
        return [button, shot](QWidget* w) {
            if (!shot.isEmpty())
                w->grab().save(shot);
            w->findChild<QPushButton*>(button)->click();
        };
    }
    static std::function<void(QWidget*)> click(QMessageBox::StandardButton button)
    {
        return [button](QWidget* w) { qobject_cast<QMessageBox*>(w)->button(button)->click(); };
    }

    QString objectName;
    std::function<void(QWidget*)> act;
    QTimer timer;
    bool shown = false;
    QString text;
    Qt::LayoutDirection direction = Qt::LeftToRight;
};

/// The values of the first row of an SQL query (GDAL's SQLite dialect, SpatiaLite functions), by column name.
QMap<QString, QString> ogrRow(const QString& gpkg, const QString& sql)
{
    const auto r = gis::test::runTool("ogrinfo", {"-ro", "-q", gpkg, "-dialect", "sqlite", "-sql", sql});
    QMap<QString, QString> out;
    static const QRegularExpression line(QStringLiteral("^\\s+(\\w+) \\([^)]*\\) = (.*)$"), QRegularExpression::MultilineOption);
    for (auto it = line.globalMatch(QString::fromUtf8(r.out)); it.hasNext();) {
        const auto m = it.next();
        if (!out.contains(m.captured(1)))
            out[m.captured(1)] = m.captured(2);
    }
    return out;
}

std::vector<gis::Coord> wktCoords(const QString& wkt)
{
    std::vector<gis::Coord> coords;
    static const QRegularExpression pair(QStringLiteral("(-?[0-9.]+) (-?[0-9.]+)"));
    for (auto it = pair.globalMatch(wkt); it.hasNext();) {
        const auto m = it.next();
        coords.push_back({m.captured(1).toDouble(), m.captured(2).toDouble()});
    }
    return coords;
}

bool contains(const std::vector<int>& v, int x)
{
    return std::find(v.begin(), v.end(), x) != v.end();
}

bool near(const gis::Coord& a, const gis::Coord& b, double tol = 1e-6)
{
    return std::abs(a.x - b.x) < tol && std::abs(a.y - b.y) < tol;
}

double cross(const gis::Coord& o, const gis::Coord& a, const gis::Coord& b)
{
    return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

/// Makes a one-layer GeoPackage in UTM 40N from GeoJSON features with ogr2ogr.
void makeGpkg(const QString& path, const QString& layer, const QString& type, const QByteArray& features)
{
    const QString json = path + ".geojson";
    gis::test::writeFile(json, R"({"type":"FeatureCollection","features":[)" + features + "]}");
    const auto r = gis::test::runTool("ogr2ogr", {"-f", "GPKG", path, json, "-nln", layer, "-nlt", type, "-a_srs", "EPSG:32640"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
}

} // namespace

class TestEditTools : public QObject {
    Q_OBJECT

    QTemporaryDir m_settings;
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<MainWindow> m_w;
    QString m_plots, m_estates, m_tracks;
    QString m_shots;

    MapCanvas* canvas() { return m_w->canvas(); }
    MapDocument* doc() { return m_w->document(); }
    EditController* edits() { return m_w->edits(); }

    QPoint px(const gis::Coord& c) { return canvas()->mapToWidget(c).toPoint(); }
    /// Where a click at `c` lands on the map (the widget position is whole pixels).
    gis::Coord landed(const gis::Coord& c) { return canvas()->widgetToMap(QPointF(px(c))); }
    void clickAt(const gis::Coord& c, Qt::MouseButton button = Qt::LeftButton)
    {
        QTest::mouseMove(canvas(), px(c));
        QTest::mouseClick(canvas(), button, {}, px(c));
    }
    void showAround(const gis::Coord& c, double metres)
    {
        canvas()->setExtent({c.x - metres / 2, c.y - metres / 2, c.x + metres / 2, c.y + metres / 2});
        QTest::qWait(20);
    }
    /// Drags from one map position to another in a few moves.
    void drag(const gis::Coord& from, const gis::Coord& to)
    {
        const QPoint a = px(from), b = px(to);
        QTest::mouseMove(canvas(), a);
        QTest::mousePress(canvas(), Qt::LeftButton, {}, a);
        for (int i = 1; i <= 4; ++i)
            QTest::mouseMove(canvas(), a + (b - a) * i / 4);
        QTest::mouseRelease(canvas(), Qt::LeftButton, {}, b);
    }
    std::int64_t firstFid(int id) { return doc()->layer(id)->map.vector->fid(0); }
    gis::Geometry geometry(int id) { return edits()->mapGeometry(id, firstFid(id)); }
    void startEditing(int id)
    {
        QVERIFY(m_w->setEditing(id, true));
        m_w->layerPanel()->setCurrentLayer(id);
        m_w->action("actionSnapping")->setChecked(false); // clicks land where the mouse is
    }

private slots:
    void initTestCase()
    {
        QVERIFY(gis::test::haveTool("ogrinfo"));
        QVERIFY(gis::test::haveTool("ogr2ogr"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
        QCoreApplication::setOrganizationName("InteriorExplorerTest");
        m_shots = qEnvironmentVariable("EDITTOOLS_SHOTS");
        if (!m_shots.isEmpty())
            QDir().mkpath(m_shots);
    }

    void init()
    {
        applyLanguage("en");
        m_tmp = std::make_unique<QTemporaryDir>();
        m_plots = m_tmp->filePath("plots.gpkg");
        m_estates = m_tmp->filePath("estates.gpkg");
        m_tracks = m_tmp->filePath("tracks.gpkg");
        makeGpkg(m_plots, "plots", "POLYGON",
            R"({"type":"Feature","properties":{"name":"plot","area_ha":100.0},"geometry":{"type":"Polygon","coordinates":)"
            R"([[[500000,2500000],[501000,2500000],[501000,2501000],[500000,2501000],[500000,2500000]]]}})");
        makeGpkg(m_estates, "estates", "MULTIPOLYGON",
            R"({"type":"Feature","properties":{"name":"estate"},"geometry":{"type":"MultiPolygon","coordinates":)"
            R"([[[[502000,2500000],[502400,2500000],[502400,2500400],[502000,2500400],[502000,2500000]]],)"
            R"([[[502600,2500000],[503000,2500000],[503000,2500400],[502600,2500400],[502600,2500000]]]]}})");
        makeGpkg(m_tracks, "tracks", "MULTILINESTRING",
            R"({"type":"Feature","properties":{"name":"track"},"geometry":{"type":"MultiLineString","coordinates":)"
            R"([[[500000,2502000],[501000,2502000]]]}})");
        MainWindow::Options options;
        options.dialogs = false;
        options.useSettings = false;
        m_w = std::make_unique<MainWindow>(options);
        m_w->resize(1280, 820);
        m_w->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_w.get()));
        QCOMPARE(m_w->addFiles({m_plots, m_estates, m_tracks}), 3);
        QVERIFY(doc()->crs().isEquivalentTo(gis::Crs::fromEpsg(32640))); // map coordinates are the layers'
    }

    void cleanup()
    {
        edits()->stopAll();
        m_w.reset();
        m_tmp.reset();
    }

    /// A hole added to a polygon, its vertices moved and deleted (down to the 4-point minimum), the hole deleted.
    void holeAddReshapeDelete()
    {
        const int plots = doc()->findByName("plots");
        startEditing(plots);
        QVERIFY(m_w->action("actionAddRing")->isEnabled());
        QVERIFY(!m_w->action("actionAddPart")->isEnabled()); // a layer of single polygons
        showAround({500500, 2500500}, 1400);
        m_w->action("actionAddRing")->trigger();
        QCOMPARE(m_w->digitizeTool()->mode(), DigitizeTool::Mode::AddRing);
        const gis::Coord hole[] = {{500200, 2500200}, {500400, 2500200}, {500400, 2500400}, {500200, 2500400}};
        std::vector<gis::Coord> clicked;
        for (const gis::Coord& c : hole) {
            clickAt(c);
            clicked.push_back(landed(c));
        }
        QTest::keyClick(canvas(), Qt::Key_Return);
        gis::Geometry g = geometry(plots);
        QCOMPARE(g.column().ringCount(), std::size_t(2));
        QCOMPARE(g.column().coordCount(), std::size_t(10));
        for (std::size_t k = 0; k < 4; ++k)
            QVERIFY(near(g.column().coord(5 + k), clicked[k]));
        QVERIFY(near(g.column().coord(9), clicked[0])); // closed
        QCOMPARE(edits()->session(plots)->undoCount(), std::size_t(1));

        // The vertex tool reaches the hole's vertices: drag its second one (coordinate 6).
        m_w->action("actionVertexTool")->trigger();
        const gis::Coord target{500450, 2500150};
        drag(g.column().coord(6), target);
        g = geometry(plots);
        QVERIFY(near(g.column().coord(6), landed(target)));
        // Dragging the hole's first vertex moves its closing coordinate too.
        drag(g.column().coord(5), {500150, 2500180});
        g = geometry(plots);
        QVERIFY(near(g.column().coord(5), landed({500150, 2500180})));
        QVERIFY(near(g.column().coord(9), g.column().coord(5)));
        // A click on a segment of the hole adds a vertex there; a right click deletes vertices.
        const gis::Coord mid{(g.column().coord(7).x + g.column().coord(8).x) / 2, (g.column().coord(7).y + g.column().coord(8).y) / 2};
        clickAt(mid);
        QCOMPARE(geometry(plots).column().coordCount(), std::size_t(11));
        QSignalSpy errors(m_w.get(), &MainWindow::errorReported);
        for (int i = 0; i < 2; ++i) {
            const gis::Coord v = geometry(plots).column().coord(7);
            QTest::mouseMove(canvas(), px(v));
            QTest::mouseClick(canvas(), Qt::RightButton, {}, px(v));
        }
        QCOMPARE(geometry(plots).column().coordCount(), std::size_t(9)); // outer 5 + hole 4: the minimum
        QCOMPARE(errors.count(), 0);
        // One more would leave the hole with three points: refused, with the reason.
        const gis::Coord v = geometry(plots).column().coord(6);
        QTest::mouseMove(canvas(), px(v));
        QTest::mouseClick(canvas(), Qt::RightButton, {}, px(v));
        QCOMPARE(geometry(plots).column().coordCount(), std::size_t(9));
        QCOMPARE(errors.count(), 1);
        QVERIFY2(errors.front().front().toString().contains("at least four points"), qPrintable(errors.front().front().toString()));

        // Saved: ogrinfo sees one hole with the coordinates the viewer shows, and GEOS says it is valid.
        const gis::Geometry edited = geometry(plots);
        QVERIFY(m_w->saveEdits());
        auto row = ogrRow(m_plots, "SELECT ST_NumInteriorRing(geom) AS holes, ST_NPoints(geom) AS points, "
                                   "ST_IsValid(geom) AS valid, ST_AsText(ST_InteriorRingN(geom, 1)) AS hole FROM plots");
        QCOMPARE(row.value("holes"), QString("1"));
        QCOMPARE(row.value("points"), QString("9"));
        QCOMPARE(row.value("valid"), QString("1"));
        const auto stored = wktCoords(row.value("hole"));
        QCOMPARE(stored.size(), std::size_t(4));
        for (std::size_t k = 0; k < 4; ++k)
            QVERIFY(near(stored[k], edited.column().coord(5 + k), 1e-6));

        // Delete ring or part: a click inside the hole deletes the hole; inside the polygon's only part, refused.
        m_w->action("actionDeleteRingPart")->trigger();
        clickAt({500300, 2500300});
        QCOMPARE(geometry(plots).column().ringCount(), std::size_t(1));
        clickAt({500800, 2500800});
        QCOMPARE(geometry(plots).column().ringCount(), std::size_t(1));
        QVERIFY2(errors.back().front().toString().contains("only part"), qPrintable(errors.back().front().toString()));
        QVERIFY(m_w->saveEdits());
        row = ogrRow(m_plots, "SELECT ST_NumInteriorRing(geom) AS holes, ST_NPoints(geom) AS points FROM plots");
        QCOMPARE(row.value("holes"), QString("0"));
        QCOMPARE(row.value("points"), QString("5"));
        // Adding a part to a layer of single polygons is refused, naming the layer.
        try {
            edits()->addPart(plots, firstFid(plots), gis::GeometryType::Polygon, {{1, 1}, {2, 1}, {2, 2}});
            QFAIL("a part was added to a Polygon layer");
        } catch (const gis::Error& e) {
            QVERIFY2(QString(e.what()).contains("\"plots\" stores single Polygons"), e.what());
        }
    }

    /// Parts of a MultiPolygon and a MultiLineString feature: added to the selected feature, reshaped, deleted.
    void partsAddReshapeDelete()
    {
        const int estates = doc()->findByName("estates");
        startEditing(estates);
        QVERIFY(m_w->action("actionAddPart")->isEnabled());
        showAround({502700, 2500300}, 1600);
        QSignalSpy errors(m_w.get(), &MainWindow::errorReported);
        m_w->action("actionAddPart")->trigger();
        const gis::Coord tri[] = {{503200, 2500000}, {503400, 2500000}, {503300, 2500200}};
        // Without a selected feature there is nothing to add the part to.
        doc()->setSelection(estates, {});
        for (const gis::Coord& c : tri)
            clickAt(c);
        QTest::keyClick(canvas(), Qt::Key_Return);
        QCOMPARE(errors.count(), 1);
        QVERIFY2(errors.front().front().toString().contains("select the feature"), qPrintable(errors.front().front().toString()));
        QCOMPARE(geometry(estates).column().partCount(), std::size_t(2));
        doc()->setSelection(estates, {0});
        std::vector<gis::Coord> clicked;
        for (const gis::Coord& c : tri) {
            clickAt(c);
            clicked.push_back(landed(c));
        }
        QTest::keyClick(canvas(), Qt::Key_Return);
        gis::Geometry g = geometry(estates);
        QCOMPARE(g.column().partCount(), std::size_t(3));
        QCOMPARE(g.column().coordCount(), std::size_t(14));
        // The vertex tool reaches the new part's vertices (coordinates 10..13).
        m_w->action("actionVertexTool")->trigger();
        drag(g.column().coord(12), {503300, 2500250});
        g = geometry(estates);
        QVERIFY(near(g.column().coord(12), landed({503300, 2500250})));
        QVERIFY(m_w->saveEdits());
        auto row = ogrRow(m_estates, "SELECT ST_NumGeometries(geom) AS parts, ST_IsValid(geom) AS valid, "
                                     "ST_AsText(ST_GeometryN(geom, 3)) AS third FROM estates");
        QCOMPARE(row.value("parts"), QString("3"));
        QCOMPARE(row.value("valid"), QString("1"));
        const auto third = wktCoords(row.value("third"));
        QCOMPARE(third.size(), std::size_t(4));
        for (std::size_t k = 0; k < 4; ++k)
            QVERIFY(near(third[k], g.column().coord(10 + k)));
        // Delete the middle square by a click inside it: parts 1 and 3 stay (area: brute force).
        m_w->action("actionDeleteRingPart")->trigger();
        clickAt({502800, 2500200});
        QCOMPARE(geometry(estates).column().partCount(), std::size_t(2));
        QVERIFY(m_w->saveEdits());
        row = ogrRow(m_estates, "SELECT ST_NumGeometries(geom) AS parts, ST_Area(geom) AS area FROM estates");
        QCOMPARE(row.value("parts"), QString("2"));
        const double triangle = std::abs(cross(g.column().coord(10), g.column().coord(11), g.column().coord(12))) / 2;
        QVERIFY2(std::abs(row.value("area").toDouble() - (400.0 * 400.0 + triangle)) < 1e-3, qPrintable(row.value("area")));
        // Down to one part; the last part cannot be deleted.
        clickAt({502200, 2500200});
        QCOMPARE(geometry(estates).column().partCount(), std::size_t(1));
        clickAt({503300, 2500080});
        QCOMPARE(geometry(estates).column().partCount(), std::size_t(1));
        QVERIFY2(errors.back().front().toString().contains("only part"), qPrintable(errors.back().front().toString()));

        // A line part of a MultiLineString; deleted again by a click near it (within the snapping tolerance).
        const int tracks = doc()->findByName("tracks");
        startEditing(tracks);
        showAround({500500, 2502000}, 1400);
        doc()->setSelection(tracks, {0});
        m_w->action("actionAddPart")->trigger();
        clickAt({500000, 2502300});
        clickAt({501000, 2502300});
        QTest::keyClick(canvas(), Qt::Key_Return);
        QCOMPARE(geometry(tracks).column().partCount(), std::size_t(2));
        QVERIFY(m_w->saveEdits());
        QCOMPARE(ogrRow(m_tracks, "SELECT ST_NumGeometries(geom) AS parts FROM tracks").value("parts"), QString("2"));
        m_w->action("actionDeleteRingPart")->trigger();
        const QPoint nearLine = px({500500, 2502300}) + QPoint(0, 3);
        QTest::mouseMove(canvas(), nearLine);
        QTest::mouseClick(canvas(), Qt::LeftButton, {}, nearLine);
        g = geometry(tracks);
        QCOMPARE(g.column().partCount(), std::size_t(1));
        QVERIFY(near(g.column().coord(0), {500000, 2502000}));
    }

    /// A bow-tie digitised: the prompt names GEOS's reason; Cancel keeps the sketch, Keep adds it as drawn, Fix
    /// adds the repaired shape in one undo step — valid for GEOS, with the bow-tie's two triangles' area.
    void makeValidOfferedForANewPolygon()
    {
        const int estates = doc()->findByName("estates");
        startEditing(estates);
        showAround({502200, 2501200}, 1000);
        m_w->action("actionAddPolygon")->trigger();
        const gis::Coord bow[] = {{502000, 2501000}, {502400, 2501400}, {502400, 2501000}, {502000, 2501400}};
        const auto sketch = [&] {
            std::vector<gis::Coord> p;
            for (const gis::Coord& c : bow) {
                clickAt(c);
                p.push_back(landed(c));
            }
            return p;
        };
        const std::size_t before = doc()->rows(estates).count();
        const std::vector<gis::Coord> p = sketch();
        {
            ModalAnswer cancel("MakeValidPrompt", ModalAnswer::clickNamed("CancelButton",
                m_shots.isEmpty() ? QString() : m_shots + "/makevalid_en.png"));
            QTest::keyClick(canvas(), Qt::Key_Return);
            QVERIFY(cancel.shown);
            QVERIFY2(cancel.text.contains("Self-intersection"), qPrintable(cancel.text));
            QVERIFY(m_w->statusBar()->currentMessage().contains("Self-intersection"));
        }
        QCOMPARE(m_w->digitizeTool()->sketch().size(), std::size_t(4)); // the sketch stays
        QCOMPARE(doc()->rows(estates).count(), before);
        {
            ModalAnswer keep("MakeValidPrompt", ModalAnswer::clickNamed("KeepButton"));
            QTest::keyClick(canvas(), Qt::Key_Return);
            QVERIFY(keep.shown);
        }
        QCOMPARE(doc()->rows(estates).count(), before + 1);
        QCOMPARE(edits()->session(estates)->issues().size(), std::size_t(1)); // the invalid geometry stands
        m_w->action("actionUndoEdit")->trigger();
        QCOMPARE(doc()->rows(estates).count(), before);
        sketch();
        {
            ModalAnswer fix("MakeValidPrompt", ModalAnswer::clickNamed("FixButton"));
            QTest::keyClick(canvas(), Qt::Key_Return);
            QVERIFY(fix.shown);
        }
        QCOMPARE(doc()->rows(estates).count(), before + 1);
        QCOMPARE(edits()->session(estates)->undoCount(), std::size_t(1)); // insert and repair: one step
        QVERIFY(edits()->session(estates)->issues().empty());
        QVERIFY(m_w->saveEdits());
        // Brute force: the two triangles either side of the crossing of edges p0-p1 and p2-p3.
        const double t = cross(p[2], p[3], p[0]) / (cross(p[2], p[3], p[0]) - cross(p[2], p[3], p[1]));
        const gis::Coord x{p[0].x + t * (p[1].x - p[0].x), p[0].y + t * (p[1].y - p[0].y)};
        const double area = std::abs(cross(p[1], p[2], x)) / 2 + std::abs(cross(p[3], p[0], x)) / 2;
        const auto row = ogrRow(m_estates, "SELECT ST_IsValid(geom) AS valid, ST_NumGeometries(geom) AS parts, "
                                           "ST_Area(geom) AS area FROM estates ORDER BY fid DESC LIMIT 1");
        QCOMPARE(row.value("valid"), QString("1"));
        QCOMPARE(row.value("parts"), QString("2"));
        QVERIFY2(std::abs(row.value("area").toDouble() - area) < 1e-3 * area, qPrintable(row.value("area")));
    }

    /// A vertex drag that makes a polygon cross itself: Cancel undoes the drag, Fix repairs it as a step of its own;
    /// in a layer of single polygons a repair into two polygons is refused with the reason.
    void makeValidOfferedAfterAVertexDrag()
    {
        const int estates = doc()->findByName("estates");
        startEditing(estates);
        showAround({502400, 2500200}, 1400);
        m_w->action("actionVertexTool")->trigger();
        const gis::Geometry g0 = geometry(estates);
        {
            ModalAnswer cancel("MakeValidPrompt", ModalAnswer::clickNamed("CancelButton"));
            drag({502000, 2500000}, {502500, 2500200});
            QVERIFY(cancel.shown);
        }
        QVERIFY(!edits()->isModified(estates));
        QVERIFY(near(geometry(estates).column().coord(0), g0.column().coord(0)));
        {
            ModalAnswer fix("MakeValidPrompt", ModalAnswer::clickNamed("FixButton"));
            drag({502000, 2500000}, {502500, 2500200});
            QVERIFY(fix.shown);
        }
        QCOMPARE(edits()->session(estates)->undoCount(), std::size_t(2)); // the drag, then the repair
        QVERIFY(gis::checkValidity(geometry(estates)).valid);
        QVERIFY(m_w->saveEdits());
        auto row = ogrRow(m_estates, "SELECT ST_IsValid(geom) AS valid, ST_NumGeometries(geom) AS parts FROM estates");
        QCOMPARE(row.value("valid"), QString("1"));
        QCOMPARE(row.value("parts"), QString("3")); // the crossed square is two polygons now, the other square stays

        const int plots = doc()->findByName("plots");
        startEditing(plots);
        showAround({500750, 2500500}, 2500);
        m_w->action("actionVertexTool")->trigger();
        QSignalSpy errors(m_w.get(), &MainWindow::errorReported);
        {
            ModalAnswer fix("MakeValidPrompt", ModalAnswer::clickNamed("FixButton"));
            drag({500000, 2500000}, {501500, 2500500});
            QVERIFY(fix.shown);
        }
        QCOMPARE(errors.count(), 1);
        QVERIFY2(errors.front().front().toString().contains("2 parts"), qPrintable(errors.front().front().toString()));
        QCOMPARE(edits()->session(plots)->undoCount(), std::size_t(1)); // the drag stays, as drawn
        QVERIFY(!gis::checkValidity(geometry(plots)).valid);
    }

    void makeValidPromptInArabic()
    {
        applyLanguage("ar");
        const int estates = doc()->findByName("estates");
        startEditing(estates);
        showAround({502200, 2501200}, 1000);
        m_w->action("actionAddPolygon")->trigger();
        for (const gis::Coord& c : {gis::Coord{502000, 2501000}, {502400, 2501400}, {502400, 2501000}, {502000, 2501400}})
            clickAt(c);
        ModalAnswer cancel("MakeValidPrompt", ModalAnswer::clickNamed("CancelButton",
            m_shots.isEmpty() ? QString() : m_shots + "/makevalid_ar.png"));
        QTest::keyClick(canvas(), Qt::Key_Return);
        QVERIFY(cancel.shown);
        QCOMPARE(cancel.direction, Qt::RightToLeft);
        QVERIFY2(cancel.text.contains(QStringLiteral("تقاطع ذاتي")), qPrintable(cancel.text));
        applyLanguage("en");
    }

    /// Snapping settings: layers not in edit mode snap when chosen (one of them in another CRS), vertices /
    /// segments / both, the tolerance in pixels; every hit (and miss) under the mouse at 600 positions equals a
    /// brute-force search over the chosen layers' coordinates.
    void snappingSettingsMatchBruteForce()
    {
        // A point layer in WGS 84: its points are snapped to in the map's UTM coordinates.
        const gis::Coord wellsMap[] = {{501500, 2501000}, {501800, 2500700}, {502200, 2501600}};
        {
            const gis::Transformer toLonLat(gis::Crs::fromEpsg(32640), gis::Crs::fromEpsg(4326));
            QByteArray features;
            for (const gis::Coord& c : wellsMap) {
                const gis::Coord ll = toLonLat.transform(c);
                features += QByteArray(features.isEmpty() ? "" : ",") + R"({"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[)"
                    + QByteArray::number(ll.x, 'f', 12) + "," + QByteArray::number(ll.y, 'f', 12) + "]}}";
            }
            const QString wells = m_tmp->filePath("wells.geojson");
            gis::test::writeFile(wells, R"({"type":"FeatureCollection","features":[)" + features + "]}");
            QCOMPARE(m_w->addFiles({wells}), 1);
        }
        const int plots = doc()->findByName("plots"), estates = doc()->findByName("estates"),
                  tracks = doc()->findByName("tracks"), wells = doc()->findByName("wells");
        QVERIFY(wells > 0);
        startEditing(plots);
        m_w->action("actionSnapping")->setChecked(true);
        // By default only the layer in edit mode snaps.
        QCOMPARE(m_w->digitizeTool()->snapLayers(), std::vector<int>{plots});
        {
            const QString shot = m_shots.isEmpty() ? QString() : m_shots + "/snapping_en.png";
            ModalAnswer answer("SnappingDialog", [&](QWidget* w) {
                auto* d = qobject_cast<SnappingDialog*>(w);
                QCOMPARE(d->layerList()->count(), 4);
                d->setLayerChecked(plots, false);
                d->setLayerChecked(estates, true);
                d->setLayerChecked(tracks, true);
                d->setLayerChecked(wells, true);
                d->setTolerance(15);
                if (!shot.isEmpty())
                    w->grab().save(shot);
                d->accept();
            });
            m_w->action("actionSnappingSettings")->trigger();
            QVERIFY(answer.shown);
        }
        QCOMPARE(m_w->digitizeTool()->snapTolerance(), 15.0);
        std::vector<int> chosen = m_w->digitizeTool()->snapLayers();
        std::sort(chosen.begin(), chosen.end());
        std::vector<int> expect{estates, tracks, wells};
        std::sort(expect.begin(), expect.end());
        QCOMPARE(chosen, expect);

        // The brute force: every vertex and segment of the chosen layers, in map coordinates.
        struct Seg {
            gis::Coord a, b;
        };
        std::vector<gis::Coord> vertices(std::begin(wellsMap), std::end(wellsMap));
        std::vector<Seg> segments;
        const auto collect = [&](int id) {
            const gis::Layer& data = *doc()->layer(id)->map.vector;
            const gis::GeometryColumn& c = data.geometries();
            for (std::size_t r = 0; r < c.ringCount(); ++r)
                for (std::size_t k = c.coordBegin(r); k < c.coordEnd(r); ++k) {
                    vertices.push_back(c.coord(k));
                    if (k + 1 < c.coordEnd(r))
                        segments.push_back({c.coord(k), c.coord(k + 1)});
                }
        };
        collect(estates);
        collect(tracks);
        showAround({501500, 2501000}, 3500);
        m_w->action("actionAddPolygon")->trigger();
        QRandomGenerator random(12);
        QPoint last(-1, -1);
        const auto check = [&](SnapSettings::Targets targets, int samples, int* hits) {
            const double tol = 15 * canvas()->transform().pixelSize();
            for (int i = 0; i < samples; ++i) {
                // Near a vertex or a segment (within 25 px), or anywhere.
                QPointF at;
                const int kind = random.bounded(5);
                if (kind < 2) {
                    at = canvas()->mapToWidget(vertices[random.bounded(static_cast<int>(vertices.size()))]);
                } else if (kind < 4) {
                    const Seg& s = segments[random.bounded(static_cast<int>(segments.size()))];
                    const double t = random.generateDouble();
                    at = canvas()->mapToWidget({s.a.x + t * (s.b.x - s.a.x), s.a.y + t * (s.b.y - s.a.y)});
                } else {
                    at = QPointF(random.bounded(canvas()->width()), random.bounded(canvas()->height()));
                }
                QPoint pos = (at + QPointF(random.bounded(51) - 25, random.bounded(51) - 25)).toPoint();
                // Inside the canvas (a move outside it reaches no one), and never the same place twice in a row
                // (no move event then).
                pos = QPoint(std::clamp(pos.x(), 0, canvas()->width() - 1), std::clamp(pos.y(), 0, canvas()->height() - 1));
                if (pos == last)
                    pos += QPoint(1, 0);
                last = pos;
                QTest::mouseMove(canvas(), pos);
                const gis::Coord c = canvas()->widgetToMap(QPointF(pos));
                std::optional<gis::Coord> bestV, bestS;
                double dv = tol, ds = tol;
                if (targets != SnapSettings::Targets::Segments)
                    for (const gis::Coord& v : vertices)
                        if (const double d = std::hypot(v.x - c.x, v.y - c.y); d <= dv) {
                            dv = d;
                            bestV = v;
                        }
                if (targets != SnapSettings::Targets::Vertices)
                    for (const Seg& s : segments) {
                        const double dx = s.b.x - s.a.x, dy = s.b.y - s.a.y;
                        const double t = std::clamp(((c.x - s.a.x) * dx + (c.y - s.a.y) * dy) / (dx * dx + dy * dy), 0.0, 1.0);
                        const gis::Coord q{s.a.x + t * dx, s.a.y + t * dy};
                        if (const double d = std::hypot(q.x - c.x, q.y - c.y); d <= ds) {
                            ds = d;
                            bestS = q;
                        }
                    }
                const auto& hit = m_w->digitizeTool()->snapHit();
                const std::optional<gis::Coord> want = bestV ? bestV : bestS;
                QVERIFY2(hit.has_value() == want.has_value(), qPrintable(QStringLiteral("at %1 %2").arg(c.x).arg(c.y)));
                if (!want)
                    continue;
                ++*hits;
                QCOMPARE(hit->onVertex, bestV.has_value());
                QVERIFY2(near(hit->point, *want, 1e-4), qPrintable(QStringLiteral("%1 %2 vs %3 %4").arg(hit->point.x, 0, 'f', 5)
                    .arg(hit->point.y, 0, 'f', 5).arg(want->x, 0, 'f', 5).arg(want->y, 0, 'f', 5)));
            }
        };
        int hits = 0;
        check(SnapSettings::Targets::Both, 300, &hits);
        if (QTest::currentTestFailed())
            return;
        for (SnapSettings::Targets t : {SnapSettings::Targets::Vertices, SnapSettings::Targets::Segments}) {
            SnapSettings settings = m_w->digitizeTool()->snapSettings();
            settings.targets = t;
            m_w->digitizeTool()->setSnapSettings(settings);
            check(t, 150, &hits);
            if (QTest::currentTestFailed())
                return;
        }
        qInfo("snapping: %d of 600 positions snapped, all as the brute force says", hits);
        QVERIFY2(hits > 150 && hits < 550, qPrintable(QString::number(hits))); // both hits and misses were tried
        // A hidden layer does not snap.
        doc()->setVisible(tracks, false);
        QVERIFY(!contains(m_w->digitizeTool()->snapLayers(), tracks));
        QTest::mouseMove(canvas(), px({500500, 2502000}));
        QVERIFY(!m_w->digitizeTool()->snapHit().has_value());
        QVERIFY(m_w->digitizeTool()->snapLayers().size() == 2);
    }

    void snappingDialogInArabic()
    {
        applyLanguage("ar");
        ModalAnswer answer("SnappingDialog", [this](QWidget* w) {
            if (!m_shots.isEmpty())
                w->grab().save(m_shots + "/snapping_ar.png");
            qobject_cast<QDialog*>(w)->reject();
        });
        m_w->action("actionSnappingSettings")->trigger();
        QVERIFY(answer.shown);
        QCOMPARE(answer.direction, Qt::RightToLeft);
        applyLanguage("en");
    }

    /// Copy (Ctrl+C) and paste (Ctrl+V) between layers: points from a WGS 84 GeoJSON into a UTM GeoPackage
    /// (reprojected, values matched by field name and type, one undo step); a polygon into a MultiPolygon layer;
    /// a line into a polygon layer and a two-part MultiPolygon into a Polygon layer refused, naming both layers.
    void copyPasteBetweenLayers()
    {
        const QString sites = m_tmp->filePath("sites.gpkg");
        makeGpkg(sites, "sites", "POINT",
            R"({"type":"Feature","properties":{"name":"old","count":1,"depth":"deep"},"geometry":{"type":"Point","coordinates":[500100,2500100]}})");
        const gis::Coord wellsMap[] = {{501500, 2501000}, {501800, 2500700}};
        {
            const gis::Transformer toLonLat(gis::Crs::fromEpsg(32640), gis::Crs::fromEpsg(4326));
            QByteArray features;
            int i = 0;
            for (const gis::Coord& c : wellsMap) {
                const gis::Coord ll = toLonLat.transform(c);
                ++i;
                features += QStringLiteral("%1{\"type\":\"Feature\",\"properties\":{\"NAME\":\"well %2\",\"count\":%3,"
                                           "\"depth\":12.5},\"geometry\":{\"type\":\"Point\",\"coordinates\":[%4,%5]}}")
                                .arg(features.isEmpty() ? "" : ",").arg(i).arg(10 * i).arg(ll.x, 0, 'f', 12).arg(ll.y, 0, 'f', 12)
                                .toUtf8();
            }
            gis::test::writeFile(m_tmp->filePath("wells.geojson"), R"({"type":"FeatureCollection","features":[)" + features + "]}");
        }
        QCOMPARE(m_w->addFiles({sites, m_tmp->filePath("wells.geojson")}), 2);
        const int siteLayer = doc()->findByName("sites"), wells = doc()->findByName("wells");
        QCOMPARE(m_w->action("actionCopyFeatures")->shortcut(), QKeySequence(QKeySequence::Copy));
        QCOMPARE(m_w->action("actionPasteFeatures")->shortcut(), QKeySequence(QKeySequence::Paste));
        // Copy both wells (the layer is not in edit mode), paste into sites.
        m_w->layerPanel()->setCurrentLayer(wells);
        doc()->setSelection(wells, {0, 1});
        m_w->action("actionCopyFeatures")->trigger();
        QCOMPARE(edits()->clipboard().features.size(), std::size_t(2));
        startEditing(siteLayer);
        m_w->action("actionPasteFeatures")->trigger();
        QCOMPARE(doc()->rows(siteLayer).count(), std::size_t(3));
        QCOMPARE(edits()->session(siteLayer)->undoCount(), std::size_t(1));
        QVERIFY(m_w->saveEdits());
        for (int i = 1; i <= 2; ++i) {
            const auto row = ogrRow(sites, QStringLiteral("SELECT name, count, depth IS NULL AS nodepth, ST_X(geom) AS x, "
                                                          "ST_Y(geom) AS y FROM sites WHERE name = 'well %1'").arg(i));
            QCOMPARE(row.value("count"), QString::number(10 * i)); // integer into integer
            QCOMPARE(row.value("nodepth"), QString("1"));        // a real is not put into a text field
            QVERIFY2(near({row.value("x").toDouble(), row.value("y").toDouble()}, wellsMap[i - 1], 1e-4),
                qPrintable(row.value("x") + " " + row.value("y")));
        }

        // A polygon into a MultiPolygon layer: made Multi.
        const int plots = doc()->findByName("plots"), estates = doc()->findByName("estates"), tracks = doc()->findByName("tracks");
        m_w->layerPanel()->setCurrentLayer(plots);
        doc()->setSelection(plots, {0});
        QCOMPARE(m_w->copyFeatures(), 1);
        startEditing(estates);
        QCOMPARE(m_w->pasteFeatures(), 1);
        QVERIFY(m_w->saveEdits());
        auto row = ogrRow(m_estates, "SELECT GeometryType(geom) AS type, ST_Area(geom) AS area FROM estates ORDER BY fid DESC LIMIT 1");
        QCOMPARE(row.value("type"), QString("MULTIPOLYGON"));
        QCOMPARE(row.value("area").toDouble(), 1e6);

        // Refused: a line into a polygon layer; two parts into a layer of single polygons.
        QSignalSpy errors(m_w.get(), &MainWindow::errorReported);
        m_w->layerPanel()->setCurrentLayer(tracks);
        doc()->setSelection(tracks, {0});
        QCOMPARE(m_w->copyFeatures(), 1);
        startEditing(plots);
        QCOMPARE(m_w->pasteFeatures(), 0);
        QCOMPARE(errors.count(), 1);
        QString message = errors.back().front().toString();
        QVERIFY2(message.contains("tracks") && message.contains("plots") && message.contains("MultiLineString"), qPrintable(message));
        m_w->layerPanel()->setCurrentLayer(estates);
        doc()->setSelection(estates, {0});
        QCOMPARE(m_w->copyFeatures(), 1);
        m_w->layerPanel()->setCurrentLayer(plots);
        QCOMPARE(m_w->pasteFeatures(), 0);
        message = errors.back().front().toString();
        QVERIFY2(message.contains("estates") && message.contains("plots") && message.contains("several parts"), qPrintable(message));
        QVERIFY(!edits()->isModified(plots));
    }

    /// What the validity check after a vertex drag (the make-valid prompt's question) costs on a 100,000-vertex
    /// polygon: reported, not asserted (speed belongs to benchmarks); the check itself must say "valid".
    void validityCheckCostOnABigPolygon()
    {
        const QString path = m_tmp->filePath("big.geojson");
        {
            const int n = 100000;
            QByteArray json = "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"name\":\"big\"},"
                              "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[";
            for (int i = 0; i <= n; ++i) {
                const double a = 2 * M_PI * (i % n) / n;
                json += (i ? "," : "") + QByteArray("[") + QByteArray::number(57.5 + 0.05 * std::cos(a), 'f', 9) + ","
                    + QByteArray::number(22.9 + 0.05 * std::sin(a), 'f', 9) + "]";
            }
            json += "]]}}]}";
            gis::test::writeFile(path, json);
        }
        QCOMPARE(m_w->addFiles({path}), 1);
        const int big = doc()->findByName("big");
        QVERIFY(m_w->setEditing(big, true));
        const std::int64_t fid = firstFid(big);
        std::vector<double> ms;
        for (int i = 0; i < 5; ++i) {
            QElapsedTimer t;
            t.start();
            QVERIFY(edits()->validity(big, fid).valid);
            ms.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
        }
        std::sort(ms.begin(), ms.end());
        qInfo("validity check of a 100,000-vertex polygon after a drag: median %.1f ms, max %.1f ms", ms[2], ms.back());
    }

    /// Removing a layer with unsaved edits asks: Cancel keeps it and its edits; Don't save removes it and leaves
    /// the file as it was (no journal left); Save writes the edits, then removes it.
    void removingALayerWithUnsavedEditsAsks()
    {
        const int plots = doc()->findByName("plots");
        startEditing(plots);
        edits()->removeFeatures(plots, {firstFid(plots)});
        {
            ModalAnswer cancel("UnsavedEditsPrompt", ModalAnswer::click(QMessageBox::Cancel));
            m_w->layerPanel()->setCurrentLayer(plots);
            m_w->action("actionRemoveLayer")->trigger();
            QVERIFY(cancel.shown);
            QVERIFY2(cancel.text.contains("plots"), qPrintable(cancel.text));
        }
        QCOMPARE(doc()->findByName("plots"), plots);
        QVERIFY(edits()->isModified(plots));
        {
            ModalAnswer discard("UnsavedEditsPrompt", ModalAnswer::click(QMessageBox::Discard));
            QVERIFY(m_w->removeLayer(plots));
            QVERIFY(discard.shown);
        }
        QCOMPARE(doc()->findByName("plots"), -1);
        QCOMPARE(ogrRow(m_plots, "SELECT COUNT(*) AS n FROM plots").value("n"), QString("1"));
        QVERIFY(gis::EditSession::recoverable(m_plots.toStdString(), "plots").empty());

        const int estates = doc()->findByName("estates");
        const int tracks = doc()->findByName("tracks");
        startEditing(estates);
        startEditing(tracks);
        edits()->removeFeatures(estates, {firstFid(estates)});
        edits()->removeFeatures(tracks, {firstFid(tracks)});
        {
            ModalAnswer save("UnsavedEditsPrompt", ModalAnswer::click(QMessageBox::Save));
            QVERIFY(m_w->removeLayer(estates));
            QVERIFY(save.shown);
        }
        QCOMPARE(doc()->findByName("estates"), -1);
        QCOMPARE(ogrRow(m_estates, "SELECT COUNT(*) AS n FROM estates").value("n"), QString("0"));
        QVERIFY(gis::EditSession::recoverable(m_estates.toStdString(), "estates").empty());
        // Only that layer was saved: the other keeps its edits, unsaved.
        QVERIFY(edits()->isModified(tracks));
        QCOMPARE(ogrRow(m_tracks, "SELECT COUNT(*) AS n FROM tracks").value("n"), QString("1"));
        // A layer in edit mode without edits goes without a question.
        edits()->undo(tracks);
        QVERIFY(!edits()->isModified(tracks));
        QVERIFY(m_w->removeLayer(tracks));
        QVERIFY(!edits()->isEditing(tracks));
    }

    /// A conflict merged field by field: their area, my name, my geometry.
    void conflictMergedFieldByField_data()
    {
        QTest::addColumn<QString>("language");
        QTest::newRow("en") << "en";
        QTest::newRow("ar") << "ar";
    }
    void conflictMergedFieldByField()
    {
        QFETCH(QString, language);
        applyLanguage(language);
        const int plots = doc()->findByName("plots");
        startEditing(plots);
        const std::int64_t fid = firstFid(plots);
        gis::EditSession* mine = edits()->session(plots);
        std::size_t nameField = 0, areaField = 0;
        for (std::size_t k = 0; k < mine->fields().size(); ++k) {
            if (mine->fields()[k].name == "name")
                nameField = k;
            if (mine->fields()[k].name == "area_ha")
                areaField = k;
        }
        mine->setAttribute(fid, nameField, std::string("mine"));
        edits()->moveVertex(plots, fid, 2, {501100, 2501100});
        {
            auto other = gis::EditSession::open(m_plots.toStdString(), "plots");
            other->setAttribute(fid, nameField, std::string("theirs"));
            other->setAttribute(fid, areaField, 7.5);
            QVERIFY(other->commit().committed);
        }
        const QString shot = m_shots.isEmpty() ? QString() : m_shots + "/merge_" + language + ".png";
        ModalAnswer answer("ConflictDialog", [nameField, areaField, shot](QWidget* w) {
            auto* d = qobject_cast<ConflictDialog*>(w);
            QVERIFY(d->setChoice(0, gis::ConflictResolution::Choice::Merge));
            QCOMPARE(d->fieldTable()->rowCount(), 3); // name, area_ha, the geometry
            d->setFieldChoice(0, areaField, true);
            d->setFieldChoice(0, nameField, false);
            d->setGeometryChoice(0, false);
            const auto r = d->resolutions();
            QCOMPARE(r.size(), std::size_t(1));
            QCOMPARE(r[0].choice, gis::ConflictResolution::Choice::Merge);
            QVERIFY(r[0].takeTheirs[areaField] && !r[0].takeTheirs[nameField] && !r[0].takeTheirsGeometry);
            if (!shot.isEmpty())
                w->grab().save(shot);
            d->accept();
        });
        QVERIFY(m_w->saveEdits());
        QVERIFY(answer.shown);
        const auto row = ogrRow(m_plots, "SELECT name, area_ha, ST_AsText(geom) AS g FROM plots");
        QCOMPARE(row.value("name"), QString("mine"));
        QCOMPARE(row.value("area_ha").toDouble(), 7.5);
        const auto coords = wktCoords(row.value("g"));
        QVERIFY(coords.size() == 5 && near(coords[2], {501100, 2501100}));
        applyLanguage("en");
    }
};

QTEST_MAIN(TestEditTools)
#include "tst_edittools.moc"
