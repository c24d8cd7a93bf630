// The viewer's edit mode driven as a user would (QTest mouse and key events on the real main window, offscreen):
// digitise a polygon with snapping, undo/redo, save, and check the row with ogrinfo (an independent oracle); the
// vertex tool; a conflict with another writer; the prompt for a journal an abandoned session left; the prompt for
// unsaved edits on close; edits shown as base + overlay (drawn, identified, in the table, selection kept by id)
// without the layer being made again; and what a vertex drag, an insert, a delete and an undo cost on a
// 100,000-vertex polygon and a 100,000-point layer.

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>
#include <QProcess>

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>

#include "app/language.h"
#include "app/mainwindow.h"
#include "dialogs/conflictdialog.h"
#include "dialogs/coordinatedialog.h"
#include "edit/digitizetool.h"
#include "edit/editcontroller.h"
#include "gis/crs/transformer.h"
#include "gis/data/editsession.h"
#include "gis/data/layer.h"
#include "map/mapcanvas.h"
#include "map/mapdocument.h"
#include "map/maptools.h"
#include "panels/attributemodel.h"
#include "panels/attributepanel.h"
#include "panels/layerpanel.h"
#include "gis/render/maprenderer.h"
#include "support/testsupport.h"

using namespace viewer;

namespace {

/// Answers the modal dialog of that object name once it is up (a zero-interval timer finds it from the event loop
/// its exec() runs) and records its text.
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

/// The coordinates of the last row of a GeoPackage table as ogrinfo prints them (WKT of its geometry).
std::vector<gis::Coord> ogrLastRowCoords(const QString& gpkg, const QString& table, int* count = nullptr)
{
    const auto r = gis::test::runTool("ogrinfo", {"-ro", "-q", gpkg, "-sql",
        QStringLiteral("SELECT * FROM %1 ORDER BY fid DESC LIMIT 1").arg(table)});
    const QString out = QString::fromUtf8(r.out);
    std::vector<gis::Coord> coords;
    const int at = out.indexOf(QRegularExpression("(MULTI)?POLYGON|POINT|LINESTRING"));
    if (at < 0)
        return coords;
    static const QRegularExpression pair(QStringLiteral("(-?[0-9.]+) (-?[0-9.]+)"));
    for (auto it = pair.globalMatch(out.mid(at, out.indexOf('\n', at) - at)); it.hasNext();) {
        const auto m = it.next();
        coords.push_back({m.captured(1).toDouble(), m.captured(2).toDouble()});
    }
    if (count) {
        const auto c = gis::test::runTool("ogrinfo", {"-ro", "-so", gpkg, table});
        const int k = c.out.indexOf("Feature Count: ");
        *count = k < 0 ? -1 : c.out.mid(k + 15, c.out.indexOf('\n', k) - k - 15).toInt();
    }
    return coords;
}

} // namespace

class TestEditMode : public QObject {
    Q_OBJECT

    QTemporaryDir m_settings;
    QTemporaryDir m_tmp;
    QString m_gpkg;
    std::unique_ptr<MainWindow> m_w;

    MapCanvas* canvas() { return m_w->canvas(); }
    MapDocument* doc() { return m_w->document(); }
    EditController* edits() { return m_w->edits(); }

    /// A click as the user makes it: the mouse moves there, then presses and releases.
    void clickAt(QPointF p, Qt::MouseButton button = Qt::LeftButton)
    {
        QTest::mouseMove(canvas(), p.toPoint());
        QTest::mouseClick(canvas(), button, {}, p.toPoint());
    }

    /// Shows a box of `metres` around a map point.
    void showAround(const gis::Coord& c, double metres)
    {
        canvas()->setExtent({c.x - metres / 2, c.y - metres / 2, c.x + metres / 2, c.y + metres / 2});
        QTest::qWait(20);
    }

    gis::Coord firstVertex(int id, std::int64_t fid)
    {
        const gis::Geometry g = edits()->mapGeometry(id, fid);
        return g.column().coord(0);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(gis::test::haveTool("ogrinfo"));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
        QCoreApplication::setOrganizationName("InteriorExplorerTest");
        applyLanguage("en");
        // A copy of the sample project and its data: the edits are written there.
        const QString folder = m_tmp.filePath("sample");
        QDir().mkpath(folder + "/data");
        for (const char* f : {"dakhiliyah.gpkg", "nizwa_dem.tif"})
            QVERIFY(QFile::copy(GIS_SOURCE_DIR "/data/" + QString(f), folder + "/data/" + f));
        QFile::link(GIS_SOURCE_DIR "/styles", folder + "/styles");
        gis::test::writeFile(folder + "/data/dakhiliyah.json", gis::test::readFile(GIS_SOURCE_DIR "/data/dakhiliyah.json"));
        m_gpkg = folder + "/data/dakhiliyah.gpkg";
        MainWindow::Options options;
        options.dialogs = false;
        options.useSettings = false;
        m_w = std::make_unique<MainWindow>(options);
        m_w->resize(1280, 820);
        m_w->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_w.get()));
        QVERIFY(m_w->openProject(folder + "/data/dakhiliyah.json"));
    }

    void digitisePolygonWithSnappingUndoRedoSave()
    {
        const int parcels = doc()->findByName("parcels");
        QVERIFY(parcels > 0);
        QVERIFY(edits()->canEdit(parcels));
        QVERIFY(m_w->setEditing(parcels, true));
        QCOMPARE(m_w->layerPanel()->editMark(parcels), LayerPanel::EditMark::Editing);
        QCOMPARE(m_w->action("actionSaveEdits")->shortcut(), QKeySequence(QKeySequence::Save)); // Ctrl+S saves edits
        const std::size_t before = doc()->rows(parcels).count();
        // Next to the first vertex of a parcel: the first click, 4 px off, snaps onto it exactly.
        const std::int64_t parcelFid = doc()->layer(parcels)->map.vector->fid(0);
        const gis::Coord corner = firstVertex(parcels, parcelFid);
        showAround(corner, 300);
        m_w->action("actionAddPolygon")->trigger();
        QCOMPARE(canvas()->tool(), MapCanvas::Tool::Edit);
        QCOMPARE(m_w->digitizeTool()->mode(), DigitizeTool::Mode::AddPolygon);
        const QPointF c = canvas()->mapToWidget(corner);
        QTest::mouseMove(canvas(), (c + QPointF(4, -3)).toPoint());
        QVERIFY(m_w->digitizeTool()->snapHit().has_value()); // the marker shows before the click
        QVERIFY(m_w->digitizeTool()->snapHit()->onVertex);
        clickAt(c + QPointF(4, -3));
        QCOMPARE(m_w->digitizeTool()->sketch().size(), std::size_t(1));
        QCOMPARE(m_w->digitizeTool()->sketch()[0], corner);
        // Three more clicks in open space (snapping off, so the test knows where they land); Backspace takes
        // the last one back.
        m_w->action("actionSnapping")->setChecked(false);
        const QPointF pts[] = {c + QPointF(-200, 10), c + QPointF(-190, 120), c + QPointF(-20, 110), c + QPointF(-100, 60)};
        for (const QPointF& p : pts)
            clickAt(p);
        QCOMPARE(m_w->digitizeTool()->sketch().size(), std::size_t(5));
        QVERIFY(m_w->digitizeTool()->measureText().contains("Area")); // length and area while digitising
        QTest::keyClick(canvas(), Qt::Key_Backspace);
        QCOMPARE(m_w->digitizeTool()->sketch().size(), std::size_t(4));
        const std::vector<gis::Coord> sketch = m_w->digitizeTool()->sketch();
        // A double-click at the last vertex finishes (it adds no vertex of its own).
        QTest::mouseDClick(canvas(), Qt::LeftButton, {}, pts[2].toPoint());
        QVERIFY(m_w->digitizeTool()->sketch().empty());
        QCOMPARE(doc()->rows(parcels).count(), before + 1);
        QCOMPARE(m_w->layerPanel()->editMark(parcels), LayerPanel::EditMark::Unsaved);
        QVERIFY(m_w->layerPanel()->itemOf(parcels)->text(0).endsWith(" *"));
        // Undo, redo (Ctrl+Z, Ctrl+Y through the actions the shortcuts trigger).
        QCOMPARE(m_w->action("actionUndoEdit")->shortcut(), QKeySequence(QKeySequence::Undo));
        m_w->action("actionUndoEdit")->trigger();
        QCOMPARE(doc()->rows(parcels).count(), before);
        QVERIFY(!edits()->isModified(parcels));
        m_w->action("actionRedoEdit")->trigger();
        QCOMPARE(doc()->rows(parcels).count(), before + 1);
        // Save, and read the row back with ogrinfo: the polygon clicked, its first vertex the snapped corner.
        QVERIFY(m_w->saveEdits());
        QVERIFY(!edits()->isModified(parcels));
        QCOMPARE(m_w->layerPanel()->editMark(parcels), LayerPanel::EditMark::Editing);
        int count = 0;
        const auto stored = ogrLastRowCoords(m_gpkg, "parcels", &count);
        QCOMPARE(count, static_cast<int>(before) + 1);
        QCOMPARE(stored.size(), sketch.size() + 1); // closed ring
        const gis::Transformer toLonLat(doc()->crs(), gis::Crs::fromEpsg(4326));
        for (std::size_t i = 0; i < sketch.size(); ++i) {
            const gis::Coord ll = toLonLat.transform(sketch[i]);
            QVERIFY2(std::abs(ll.x - stored[i].x) < 1e-9 && std::abs(ll.y - stored[i].y) < 1e-9,
                qPrintable(QStringLiteral("vertex %1: %2 %3 vs %4 %5").arg(i).arg(ll.x, 0, 'f', 12).arg(ll.y, 0, 'f', 12)
                               .arg(stored[i].x, 0, 'f', 12).arg(stored[i].y, 0, 'f', 12)));
        }
        QCOMPARE(stored.front(), stored.back());
        // The snapped vertex is the parcel's own corner as stored.
        const gis::Coord cornerLl = toLonLat.transform(corner);
        QVERIFY(std::abs(stored.front().x - cornerLl.x) < 1e-12 && std::abs(stored.front().y - cornerLl.y) < 1e-12);
        m_w->action("actionSnapping")->setChecked(true);
    }

    void vertexToolMovesAddsAndDeletes()
    {
        const int parcels = doc()->findByName("parcels");
        QVERIFY(edits()->isEditing(parcels));
        const std::int64_t fid = doc()->layer(parcels)->map.vector->fid(1);
        const gis::Geometry g0 = edits()->mapGeometry(parcels, fid);
        const std::size_t n0 = g0.column().coordCount();
        showAround(g0.column().coord(0), 200);
        m_w->action("actionVertexTool")->trigger();
        m_w->action("actionSnapping")->setChecked(false); // the drag lands where the mouse is
        // Drag vertex 1 by (25, 15) px in several moves: one undo step.
        const QPointF v1 = canvas()->mapToWidget(g0.column().coord(1));
        QTest::mouseMove(canvas(), v1.toPoint());
        QTest::mousePress(canvas(), Qt::LeftButton, {}, v1.toPoint());
        for (int i = 1; i <= 5; ++i)
            QTest::mouseMove(canvas(), (v1 + QPointF(5 * i, 3 * i)).toPoint());
        QTest::mouseRelease(canvas(), Qt::LeftButton, {}, (v1 + QPointF(25, 15)).toPoint());
        const gis::Coord moved = edits()->mapGeometry(parcels, fid).column().coord(1);
        const gis::Coord expect = canvas()->widgetToMap((v1 + QPointF(25, 15)).toPoint());
        QVERIFY(std::abs(moved.x - expect.x) < 1e-6 && std::abs(moved.y - expect.y) < 1e-6);
        QCOMPARE(edits()->session(parcels)->undoCount(), std::size_t(1));
        // A click on the middle of segment 2-3 adds a vertex there.
        const gis::Geometry g1 = edits()->mapGeometry(parcels, fid);
        const QPointF mid = (canvas()->mapToWidget(g1.column().coord(2)) + canvas()->mapToWidget(g1.column().coord(3))) / 2;
        clickAt(mid);
        QCOMPARE(edits()->mapGeometry(parcels, fid).column().coordCount(), n0 + 1);
        // A right click on that new vertex removes it again.
        QTest::mouseMove(canvas(), mid.toPoint());
        QTest::mouseClick(canvas(), Qt::RightButton, {}, mid.toPoint());
        QCOMPARE(edits()->mapGeometry(parcels, fid).column().coordCount(), n0);
        // Three undos give the parcel back as it was.
        for (int i = 0; i < 3; ++i)
            m_w->action("actionUndoEdit")->trigger();
        QVERIFY(!edits()->isModified(parcels));
        QCOMPARE(edits()->mapGeometry(parcels, fid).column().coord(1), g0.column().coord(1));
        m_w->action("actionSnapping")->setChecked(true);
        m_w->action("actionPan")->trigger();
    }

    void moveFeatureAndDeleteSelection()
    {
        const int parcels = doc()->findByName("parcels");
        QVERIFY(edits()->isEditing(parcels));
        const std::int64_t fid = doc()->layer(parcels)->map.vector->fid(5);
        const gis::Geometry g0 = edits()->mapGeometry(parcels, fid);
        gis::Coord centre{0, 0};
        const std::size_t n = g0.column().coordCount() - 1; // the closing vertex repeats the first
        for (std::size_t k = 0; k < n; ++k)
            centre = {centre.x + g0.column().coord(k).x / n, centre.y + g0.column().coord(k).y / n};
        showAround(centre, 200);
        m_w->action("actionSnapping")->setChecked(false);
        m_w->action("actionMoveFeature")->trigger();
        // Drag the parcel from inside it by (40, 25) px: every vertex moves by that much, in one undo step.
        const QPointF from = canvas()->mapToWidget(centre), to = from + QPointF(40, 25);
        QTest::mouseMove(canvas(), from.toPoint());
        QTest::mousePress(canvas(), Qt::LeftButton, {}, from.toPoint());
        QTest::mouseMove(canvas(), (from + QPointF(20, 12)).toPoint());
        QTest::mouseMove(canvas(), to.toPoint());
        QTest::mouseRelease(canvas(), Qt::LeftButton, {}, to.toPoint());
        const gis::Coord a = canvas()->widgetToMap(from.toPoint()), b = canvas()->widgetToMap(to.toPoint());
        const gis::Geometry g1 = edits()->mapGeometry(parcels, fid);
        QCOMPARE(g1.column().coordCount(), g0.column().coordCount());
        for (std::size_t k = 0; k < g0.column().coordCount(); ++k) {
            const gis::Coord &p0 = g0.column().coord(k), &p1 = g1.column().coord(k);
            QVERIFY(std::abs(p1.x - p0.x - (b.x - a.x)) < 1e-4 && std::abs(p1.y - p0.y - (b.y - a.y)) < 1e-4);
        }
        QCOMPARE(edits()->session(parcels)->undoCount(), std::size_t(1));
        m_w->action("actionUndoEdit")->trigger();
        QVERIFY(!edits()->isModified(parcels));
        // Delete the selected features (Delete): one undo step for all.
        const std::size_t before = doc()->rows(parcels).count();
        m_w->layerPanel()->setCurrentLayer(parcels);
        doc()->setSelection(parcels, {7, 8, 9});
        m_w->action("actionDeleteSelected")->trigger();
        QCOMPARE(doc()->rows(parcels).count(), before - 3);
        m_w->action("actionUndoEdit")->trigger();
        QCOMPARE(doc()->rows(parcels).count(), before);
        QVERIFY(!edits()->isModified(parcels));
        m_w->action("actionSnapping")->setChecked(true);
        m_w->action("actionPan")->trigger();
    }

    void conflictWithAnotherWriterKeepsMine()
    {
        const int parcels = doc()->findByName("parcels");
        const std::int64_t fid = doc()->layer(parcels)->map.vector->fid(2);
        const gis::Coord v = firstVertex(parcels, fid);
        edits()->moveVertex(parcels, fid, 1, {v.x + 10, v.y + 10});
        // Someone else moves the same parcel's vertex and saves first.
        {
            auto other = gis::EditSession::open(m_gpkg.toStdString(), "parcels");
            const auto f = other->feature(fid);
            QVERIFY(f.has_value());
            const gis::Coord k = f->geometry.column().coord(1);
            other->moveVertex(fid, 1, k.x + 0.001, k.y);
            QVERIFY(other->commit().committed);
        }
        ModalAnswer answer("ConflictDialog", [](QWidget* w) {
            auto* d = qobject_cast<ConflictDialog*>(w);
            QCOMPARE(d->table()->rowCount(), 1);
            QVERIFY(!d->table()->item(0, 1)->text().isEmpty() && !d->table()->item(0, 2)->text().isEmpty());
            d->setAll(gis::ConflictResolution::Choice::KeepMine);
            d->accept();
        });
        QVERIFY(m_w->saveEdits());
        QVERIFY(answer.shown);
        // Mine is in the file: read it back through a session of our own (the oracle for content is ogrinfo
        // above; here the same reader the viewer uses is enough to see which version won).
        auto check = gis::EditSession::open(m_gpkg.toStdString(), "parcels");
        const gis::Coord stored = check->feature(fid)->geometry.column().coord(1);
        const gis::Transformer toLonLat(doc()->crs(), gis::Crs::fromEpsg(4326));
        const gis::Coord mine = toLonLat.transform({v.x + 10, v.y + 10});
        QVERIFY(std::abs(stored.x - mine.x) < 1e-9 && std::abs(stored.y - mine.y) < 1e-9);
    }

    void recoverPromptForAnAbandonedJournal()
    {
        const int inspections = doc()->findByName("inspections");
        // A session that edits and ends without commit (as a crash would): its journal stays beside the data.
        {
            auto abandoned = gis::EditSession::open(m_gpkg.toStdString(), "inspections");
            gis::EditFeature f;
            gis::GeometryColumn c;
            c.appendPoint(57.53, 22.93);
            f.geometry = gis::Geometry(std::move(c));
            abandoned->insert(f);
            abandoned->insert(f);
        }
        QCOMPARE(edits()->recoverable(inspections).size(), std::size_t(1));
        const std::size_t stored = doc()->rows(inspections).count();
        ModalAnswer answer("RecoverEditsPrompt", ModalAnswer::click(QMessageBox::Yes));
        QVERIFY(m_w->setEditing(inspections, true));
        QVERIFY(answer.shown);
        QVERIFY2(answer.text.startsWith("2 unsaved edits to Inspections from "), qPrintable(answer.text));
        QCOMPARE(doc()->rows(inspections).count(), stored + 2); // replayed and shown
        QCOMPARE(m_w->layerPanel()->editMark(inspections), LayerPanel::EditMark::Unsaved);
        // Leaving edit mode asks; Don't save rolls back and removes the journal.
        ModalAnswer discard("UnsavedEditsPrompt", ModalAnswer::click(QMessageBox::Discard));
        QVERIFY(m_w->setEditing(inspections, false));
        QVERIFY(discard.shown);
        QCOMPARE(doc()->rows(inspections).count(), stored);
        QVERIFY(edits()->recoverable(inspections).empty());
    }

    void addPointAtTypedCoordinates()
    {
        QVERIFY(CoordinateDialog::parseAngle("57°31′52.4″E").has_value());
        QCOMPARE(*CoordinateDialog::parseAngle("57 30 00 W"), -57.5);
        QCOMPARE(*CoordinateDialog::parseAngle("٢٢٫٥"), 22.5);
        QVERIFY(!CoordinateDialog::parseAngle("57 61 0").has_value());
        CoordinateDialog d(doc()->crs());
        d.setFormat(CoordinateDialog::Format::Dms);
        d.setText("57°31′48″E", "22°56′N");
        const auto p = d.mapPoint();
        QVERIFY(p.has_value());
        const gis::Coord ll = gis::Transformer(doc()->crs(), gis::Crs::fromEpsg(4326)).transform(*p);
        QVERIFY(std::abs(ll.x - 57.53) < 1e-9 && std::abs(ll.y - (22 + 56.0 / 60)) < 1e-9);
        d.setFormat(CoordinateDialog::Format::Utm40N);
        d.setText("560000", "2535000");
        QVERIFY(std::abs(d.mapPoint()->x - 560000) < 1e-6); // the map is UTM 40N already
    }

    void closingWithUnsavedEditsAsks()
    {
        const int parcels = doc()->findByName("parcels");
        const std::int64_t fid = doc()->layer(parcels)->map.vector->fid(3);
        edits()->removeFeatures(parcels, {fid});
        {
            ModalAnswer cancel("UnsavedEditsPrompt", ModalAnswer::click(QMessageBox::Cancel));
            QVERIFY(!m_w->close());
            QVERIFY(cancel.shown);
            QVERIFY2(cancel.text.contains("Land parcels"), qPrintable(cancel.text));
        }
        QVERIFY(m_w->isVisible());
        QVERIFY(edits()->isModified(parcels));
        {
            ModalAnswer discard("UnsavedEditsPrompt", ModalAnswer::click(QMessageBox::Discard));
            QVERIFY(m_w->confirmDiscardEdits());
            QVERIFY(discard.shown);
        }
        QVERIFY(!edits()->isEditing(parcels));
    }

    void arabicPromptIsRightToLeft()
    {
        applyLanguage("ar");
        const int parcels = doc()->findByName("parcels");
        QVERIFY(m_w->setEditing(parcels, true));
        edits()->removeFeatures(parcels, {doc()->layer(parcels)->map.vector->fid(4)});
        ModalAnswer discard("UnsavedEditsPrompt", ModalAnswer::click(QMessageBox::Discard));
        QVERIFY(m_w->confirmDiscardEdits());
        QVERIFY(discard.shown);
        QCOMPARE(discard.direction, Qt::RightToLeft);
        QVERIFY2(discard.text.contains(QStringLiteral("قطع الأراضي")), qPrintable(discard.text));
        applyLanguage("en");
    }

    /// What dragging a vertex of a 100,000-vertex polygon costs: each move is a journaled moveVertex and a new
    /// snapshot made into a whole layer for the renderer (EditSnapshot::toLayer, O(layer)).
    void dragCost()
    {
        const QString path = m_tmp.filePath("big.geojson");
        {
            const int n = 100000;
            QByteArray json = R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"big"},"geometry":{"type":"Polygon","coordinates":[[)";
            for (int i = 0; i <= n; ++i) {
                const double a = 2 * M_PI * (i % n) / n;
                json += (i ? "," : "") + QByteArray("[") + QByteArray::number(57.5 + 0.05 * std::cos(a), 'f', 9) + ","
                    + QByteArray::number(22.9 + 0.05 * std::sin(a), 'f', 9) + "]";
            }
            json += "]]}}]}";
            gis::test::writeFile(path, json);
        }
        const auto ids = m_w->addFiles({path});
        QCOMPARE(ids, 1);
        const int big = doc()->findByName("big");
        QVERIFY(big > 0);
        QVERIFY(m_w->setEditing(big, true));
        const std::int64_t fid = doc()->layer(big)->map.vector->fid(0);
        const gis::Coord v = firstVertex(big, fid);
        // As the vertex tool drags: each move journaled (fdatasync) and drawn from the edit overlay; the table and
        // the edited outline are refreshed once, when the button is let go. The data is never made again.
        std::vector<double> moves, withRefresh;
        QElapsedTimer t;
        const std::shared_ptr<const gis::Layer> shown = doc()->layer(big)->map.vector;
        for (int i = 0; i < 60; ++i) {
            t.start();
            edits()->moveVertex(big, fid, 5, {v.x + i, v.y + i}, false);
            moves.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
        }
        // The cost a frame must not have: the document's data is not made again during the drag (the map draws the
        // move from the edit overlay); the times above are a measurement for the note, not an assertion (a loaded
        // or sanitizer build is slower; bench_editdraw measures frames).
        QCOMPARE(doc()->layer(big)->map.vector, shown);
        QVERIFY(doc()->layer(big)->map.edits && doc()->layer(big)->map.edits->added);
        t.start();
        edits()->refresh(big);
        QCOMPARE(doc()->layer(big)->map.vector, shown); // on release too: the overlay, not a rebuild
        QVERIFY(!edits()->lastRefreshFolded());
        QCOMPARE(doc()->rows(big).count(), std::size_t(1));
        const double release = static_cast<double>(t.nsecsElapsed()) / 1e6;
        const double toLayer = edits()->lastRefreshMs();
        QCOMPARE(edits()->session(big)->undoCount(), std::size_t(1)); // one drag, one step
        // What it costs to show every move at once (table and outline included).
        for (int i = 0; i < 10; ++i) {
            t.start();
            edits()->moveVertex(big, fid, 5, {v.x - i, v.y}, true);
            withRefresh.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
        }
        std::sort(moves.begin(), moves.end());
        std::sort(withRefresh.begin(), withRefresh.end());
        qInfo("vertex drag on a 100,000-vertex polygon: per move (journaled, no refresh) median %.2f ms, max %.2f ms; "
              "release (overlay %.1f ms + document update) %.1f ms; a full refresh per move costs median %.1f ms, max %.1f ms",
            moves[30], moves.back(), toLayer, release, withRefresh[5], withRefresh.back());
        ModalAnswer discard("UnsavedEditsPrompt", ModalAnswer::click(QMessageBox::Discard));
        QVERIFY(m_w->setEditing(big, false));
    }

    /// Insert, delete and undo show through the edit overlay: the document's data stays the same object (no
    /// O(layer) rebuild); the map draws the new feature (its pixel changes from the background to the parcels'
    /// fill and back on undo), identify finds it, the attribute table has its row, and the selection keeps its
    /// features by id while rows change meaning. The oracles: the render of the document's request before the edit
    /// (the background there), the session's own features by id, and the parcel's row in the table.
    void editsShowThroughTheOverlay()
    {
        const int parcels = doc()->findByName("parcels");
        QVERIFY(parcels > 0);
        QVERIFY(m_w->setEditing(parcels, true));
        m_w->layerPanel()->setCurrentLayer(parcels);
        const std::shared_ptr<const gis::Layer> data = doc()->layer(parcels)->map.vector;
        const std::size_t count = doc()->rows(parcels).count();
        // An empty spot: west of the layer's extent (in map coordinates), where nothing is drawn.
        const gis::Box extent = doc()->layerExtent(parcels);
        const double w = extent.width() * 0.05;
        const gis::Coord centre{extent.minX - 3 * w, (extent.minY + extent.maxY) / 2};
        const gis::Box view{centre.x - 4 * w, centre.y - 4 * w, centre.x + 4 * w, centre.y + 4 * w};
        const auto pixelAtCentre = [&] {
            const gis::RenderResult r = gis::renderImage(doc()->makeRequest(view, QSize(200, 200)));
            return r.image.pixel(100, 100);
        };
        const QRgb background = pixelAtCentre();
        canvas()->setExtent(view); // identify's tolerance is a few pixels of this view
        QVERIFY(m_w->tools()->identifyAt(centre).empty() || m_w->tools()->identifyAt(centre).front().layerId != parcels);
        // A stored parcel selected: it stays selected through the edits (by id).
        const std::int64_t keptFid = data->fid(2);
        doc()->setSelection(parcels, {2});

        const std::int64_t added = edits()->addFeature(parcels, gis::GeometryType::Polygon,
            {{centre.x - w, centre.y - w}, {centre.x + w, centre.y - w}, {centre.x + w, centre.y + w}, {centre.x - w, centre.y + w}});
        // Its form filled in (the parcels' style draws them by land use): the same undo step as the insert.
        gis::EditFeature filled = *edits()->session(parcels)->feature(added);
        filled.values[static_cast<std::size_t>(data->attributes().indexOf("land_use"))] = std::string("residential");
        const std::int64_t fid = edits()->completeNewFeature(parcels, added, filled);
        QVERIFY(!edits()->lastRefreshFolded());
        QCOMPARE(doc()->layer(parcels)->map.vector, data); // not made again
        QCOMPARE(doc()->rows(parcels).count(), count + 1);
        QVERIFY(pixelAtCentre() != background); // drawn
        const auto hits = m_w->tools()->identifyAt(centre);
        QVERIFY(!hits.empty());
        QCOMPARE(hits.front().layerId, parcels);
        const LayerRows::Ref hit = doc()->rows(parcels).locate(hits.front().row);
        QVERIFY(hit);
        QCOMPARE(hit.layer->fid(hit.row), fid); // identify finds it
        QCOMPARE(edits()->selectedFids(parcels), std::vector<std::int64_t>{keptFid});
        // The attribute table: one more row, the new feature's (its id in the header).
        AttributePanel* panel = m_w->attributePanel();
        panel->setLayer(parcels);
        QTRY_COMPARE(panel->model()->rowCount(), static_cast<int>(count + 1));
        const int viewRow = panel->model()->viewRow(hits.front().row);
        QVERIFY(viewRow >= 0);
        QCOMPARE(panel->model()->headerData(viewRow, Qt::Vertical, Qt::DisplayRole).toString(), QString::number(fid));
        // Select the new feature too, then delete another parcel: both stay selected, the deleted one is gone
        // from identify and the table.
        doc()->setSelection(parcels, {2, hits.front().row});
        // Saving that selection is refused (the new feature is not in the data yet) and writes nothing; the stored
        // parcel alone saves (ogrinfo counts one feature).
        const QString withEdit = m_tmp.filePath("selection_with_edit.gpkg");
        QVERIFY(!m_w->saveSelection(withEdit));
        QVERIFY(!QFile::exists(withEdit));
        doc()->setSelection(parcels, {2});
        const QString stored = m_tmp.filePath("selection_stored.gpkg");
        QVERIFY(m_w->saveSelection(stored));
        QProcess ogrinfo;
        ogrinfo.start("ogrinfo", {"-so", "-al", stored});
        QVERIFY(ogrinfo.waitForFinished(-1));
        QVERIFY2(ogrinfo.readAllStandardOutput().contains("Feature Count: 1"), "ogrinfo: not one feature");
        doc()->setSelection(parcels, {2, hits.front().row});
        const std::int64_t goneFid = data->fid(5);
        const gis::Coord gone = data->geometries().bounds(5).center();
        gis::Coord goneMap = gone;
        if (data->crs().isValid() && !data->crs().isEquivalentTo(doc()->crs()))
            goneMap = gis::Transformer(data->crs(), doc()->crs()).transform(gone);
        edits()->removeFeatures(parcels, {goneFid});
        QVERIFY(!edits()->lastRefreshFolded());
        QCOMPARE(doc()->layer(parcels)->map.vector, data);
        QTRY_COMPARE(panel->model()->rowCount(), static_cast<int>(count));
        std::vector<std::int64_t> selected = edits()->selectedFids(parcels);
        std::sort(selected.begin(), selected.end());
        QCOMPARE(selected, (std::vector<std::int64_t>{fid, keptFid})); // fid is provisional: negative, first
        for (const IdentifyHit& h : m_w->tools()->identifyAt(goneMap))
            if (h.layerId == parcels)
                QVERIFY(edits()->fidsOfRows(parcels, {h.row}) != std::vector<std::int64_t>{goneFid});
        // Undo the delete, then the insert: the parcel is back, the new feature gone from the map, identify, the
        // table and the selection.
        edits()->undo(parcels);
        QTRY_COMPARE(panel->model()->rowCount(), static_cast<int>(count + 1));
        edits()->undo(parcels);
        QVERIFY(!edits()->isModified(parcels));
        QCOMPARE(doc()->layer(parcels)->map.vector, data);
        QTRY_COMPARE(panel->model()->rowCount(), static_cast<int>(count));
        QCOMPARE(pixelAtCentre(), background);
        for (const IdentifyHit& h : m_w->tools()->identifyAt(centre))
            QVERIFY(h.layerId != parcels);
        QCOMPARE(edits()->selectedFids(parcels), std::vector<std::int64_t>{keptFid});
        doc()->setSelection(parcels, {});
        QVERIFY(m_w->setEditing(parcels, false));
    }

    /// What an insert, a delete and an undo cost in the viewer (the edit with its refresh of the document) on a
    /// 100,000-vertex polygon layer and a 100,000-point layer: medians of 25 of each, printed for the note (a
    /// measurement, not an assertion). Behaviour checked on the way: each edit shows (the features the document
    /// shows change by one).
    void editRefreshCost()
    {
        const auto measure = [&](const QString& name, const QByteArray& json, gis::GeometryType type,
                                 const std::function<std::vector<gis::Coord>(int)>& shape) {
            const QString path = m_tmp.filePath(name + ".geojson");
            gis::test::writeFile(path, json);
            QCOMPARE(m_w->addFiles({path}), 1);
            const int id = doc()->findByName(name);
            QVERIFY(id > 0);
            QVERIFY(m_w->setEditing(id, true));
            std::vector<double> inserts, deletes, undos, refreshes;
            QElapsedTimer t;
            for (int i = 0; i < 25; ++i) {
                t.start();
                const std::int64_t fid = edits()->addFeature(id, type, shape(i));
                inserts.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
                refreshes.push_back(edits()->lastRefreshMs());
                t.start();
                edits()->removeFeatures(id, {fid});
                deletes.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
                t.start();
                edits()->undo(id); // the delete undone: the feature shows again
                undos.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
            }
            QVERIFY(edits()->session(id)->feature(doc()->layer(id)->map.vector->fid(0)).has_value());
            for (auto* v : {&inserts, &deletes, &undos, &refreshes})
                std::sort(v->begin(), v->end());
            qInfo("%s: insert median %.2f ms (its refresh %.2f ms), delete %.2f ms, undo %.2f ms (25 each; max %.1f, %.1f, %.1f)",
                qPrintable(name), inserts[12], refreshes[12], deletes[12], undos[12], inserts.back(), deletes.back(), undos.back());
            ModalAnswer discard("UnsavedEditsPrompt", ModalAnswer::click(QMessageBox::Discard));
            QVERIFY(m_w->setEditing(id, false));
        };
        const int n = 100000;
        QByteArray polygon = R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"big"},"geometry":{"type":"Polygon","coordinates":[[)";
        for (int i = 0; i <= n; ++i) {
            const double a = 2 * M_PI * (i % n) / n;
            polygon += (i ? "," : "") + QByteArray("[") + QByteArray::number(57.5 + 0.05 * std::cos(a), 'f', 9) + ","
                + QByteArray::number(22.9 + 0.05 * std::sin(a), 'f', 9) + "]";
        }
        polygon += "]]}}]}";
        // The map may be in another CRS than the layers (the sample's is UTM 40N): shapes in map coordinates near
        // the layer's centre.
        const auto toMap = [&](double lon, double lat) {
            return gis::Transformer(gis::Crs::fromEpsg(4326), doc()->crs()).transform(gis::Coord{lon, lat});
        };
        measure("bigpolygon", polygon, gis::GeometryType::Polygon, [&](int i) {
            const double x = 57.5 + 0.001 * i, y = 22.9;
            return std::vector<gis::Coord>{toMap(x, y), toMap(x + 0.0005, y), toMap(x, y + 0.0005)};
        });
        QByteArray points = R"({"type":"FeatureCollection","features":[)";
        for (int i = 0; i < n; ++i)
            points += (i ? "," : "") + QByteArray(R"({"type":"Feature","properties":{"k":)") + QByteArray::number(i)
                + R"(},"geometry":{"type":"Point","coordinates":[)" + QByteArray::number(57.4 + 0.2 * (i % 317) / 317.0, 'f', 6)
                + "," + QByteArray::number(22.8 + 0.2 * (i / 317) / 316.0, 'f', 6) + "]}}";
        points += "]}";
        measure("manypoints", points, gis::GeometryType::Point,
            [&](int i) { return std::vector<gis::Coord>{toMap(57.45 + 0.001 * i, 22.85)}; });
    }
};

QTEST_MAIN(TestEditMode)
#include "tst_editmode.moc"
