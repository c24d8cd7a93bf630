// The viewer's main window driven as a user would: real widgets, QTest mouse and keyboard events, on the
// offscreen platform. Results are checked against independent oracles (ogrinfo, GeodSolve) where one exists.

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QDockWidget>
#include <QMenu>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include <unistd.h>

#include <algorithm>
#include <memory>

#include "app/language.h"
#include "app/mainwindow.h"
#include "gis/crs/transformer.h"
#include "gis/data/datasource.h"
#include "gis/data/layer.h"
#include "gis/layout/layoutcontent.h"
#include "gis/layout/layoutfile.h"
#include "gis/layout/mapframe.h"
#include "gis/query/spatialquery.h"
#include "gis/project/project.h"
#include "map/mapcanvas.h"
#include "map/mapdocument.h"
#include "map/maptools.h"
#include "map/overviewmap.h"
#include "panels/attributemodel.h"
#include "panels/attributepanel.h"
#include "panels/identifypanel.h"
#include "panels/layerpanel.h"
#include "panels/measurepanel.h"
#include "panels/querybuilder.h"
#include "style/styleeditordialog.h"
#include "support/testsupport.h"

using namespace viewer;

namespace {

const QString kProject = GIS_SOURCE_DIR "/data/dakhiliyah.json";
const QString kGpkg = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";

/// Row of the towns layer whose Arabic name is `nameAr`.
std::uint32_t townRow(const gis::Layer& towns, const QString& nameAr)
{
    const auto& col = towns.attributes().column("name_ar");
    for (std::uint32_t i = 0; i < towns.size(); ++i)
        if (QString::fromStdString(col.toString(i)) == nameAr)
            return i;
    return UINT32_MAX;
}

int ogrCount(const QStringList& args)
{
    const auto r = gis::test::runTool("ogrinfo", QStringList{"-ro", "-so"} + args);
    const int at = r.out.indexOf("Feature Count: ");
    return at < 0 ? -1 : r.out.mid(at + 15, r.out.indexOf('\n', at) - at - 15).toInt();
}

/// A copy of the sample project that may be saved: data/dakhiliyah.json beside copies of its data (a project reads
/// only files inside its folder) and a link to the program's styles/ (which every project may read).
QString copySampleProject(const QString& folder)
{
    QDir().mkpath(folder + "/data");
    for (const char* f : {"dakhiliyah.gpkg", "nizwa_dem.tif"})
        QFile::copy(GIS_SOURCE_DIR "/data/" + QString(f), folder + "/data/" + f);
    QFile::link(GIS_SOURCE_DIR "/styles", folder + "/styles");
    const QString project = folder + "/data/dakhiliyah.json";
    QFile::remove(project);
    gis::test::writeFile(project, gis::test::readFile(kProject));
    return project;
}

QJsonObject readJsonObject(const QString& path)
{
    return QJsonDocument::fromJson(gis::test::readFile(path)).object();
}

/// The frame extent gis export-map prints for a project file (a4-landscape in the project's language).
gis::Box printedExtent(const QString& path)
{
    gis::Project project = gis::Project::load(path.toStdString());
    project.loadData();
    const gis::Layout layout = gis::readLayoutFile(gis::findLayoutTemplate("a4-landscape", project.language, path.toStdString()));
    const gis::LayoutContent content = gis::projectLayoutContent(project, layout.language);
    for (const auto& item : layout.items)
        if (item.kind == gis::LayoutItem::Kind::Map)
            return gis::layoutMapExtent(layout, item, content.map);
    return {};
}

/// Answers the unsaved-changes prompt with `button` once it is up (from the event loop its exec() runs) and
/// records what it showed. A zero-interval timer looks for the modal box: no sleeps. Lives on the stack of a test.
struct PromptAnswer {
    explicit PromptAnswer(QMessageBox::StandardButton answer = QMessageBox::Cancel) : button(answer)
    {
        QObject::connect(&timer, &QTimer::timeout, [this] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            if (!box || box->objectName() != "UnsavedChangesPrompt")
                return;
            timer.stop();
            shown = true;
            text = box->text();
            saveText = box->button(QMessageBox::Save)->text();
            direction = box->layoutDirection();
            box->button(button)->click();
        });
        timer.start(0);
    }

    QMessageBox::StandardButton button;
    QTimer timer;
    bool shown = false;
    QString text, saveText;
    Qt::LayoutDirection direction = Qt::LeftToRight;
};

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

    QTemporaryDir m_settings;
    QTemporaryDir m_tmp;
    std::unique_ptr<MainWindow> m_w;

    MapCanvas* canvas() { return m_w->canvas(); }
    MapDocument* doc() { return m_w->document(); }
    int layerId(const char* name) { return doc()->findByName(name); }

    /// The sample GeoPackage copied beside the projects the tests write, which may read only their own folder.
    QString localGpkg()
    {
        const QString copy = m_tmp.filePath("dakhiliyah.gpkg");
        if (!QFile::exists(copy))
            QFile::copy(kGpkg, copy);
        return copy;
    }

    /// Waits until the canvas shows the image of its newest request.
    bool waitForSharpFrame(int timeoutMs = 60000)
    {
        QElapsedTimer t;
        t.start();
        QTest::qWait(30); // let a scheduled render start
        while (t.elapsed() < timeoutMs) {
            if (canvas()->hasFrame() && !canvas()->isRendering())
                return true;
            QTest::qWait(20);
        }
        return false;
    }

    void useLonLatMap()
    {
        QComboBox* crs = m_w->crsChooser();
        const int i = crs->findData("EPSG:4326");
        QVERIFY(i >= 0);
        crs->setCurrentIndex(i);
        emit crs->activated(i);
        QVERIFY(doc()->crs().isGeographic());
        QVERIFY(waitForSharpFrame());
    }

    void useUtmMap()
    {
        QComboBox* crs = m_w->crsChooser();
        const int i = crs->findData("EPSG:32640");
        QVERIFY(i >= 0);
        crs->setCurrentIndex(i);
        emit crs->activated(i);
        QCOMPARE(QString::fromStdString(doc()->crs().authorityCode()), QString("EPSG:32640"));
        QVERIFY(waitForSharpFrame());
    }

private slots:
    void initTestCase()
    {
        QVERIFY(gis::test::haveTool("ogrinfo"));
        QVERIFY(gis::test::haveTool("GeodSolve"));
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
    }

    void cleanupTestCase() { m_w.reset(); }

    void opensSampleProject()
    {
        QVERIFY(m_w->openProject(kProject));
        // As many as the file lists (read with Qt's JSON, not ours): the sample gains layers (the drone flights).
        const int listed = static_cast<int>(QJsonDocument::fromJson(gis::test::readFile(kProject)).object()["layers"].toArray().size());
        QVERIFY(listed >= 10);
        QCOMPARE(static_cast<int>(doc()->layers().size()), listed);
        for (const char* name : {"countries", "governorates", "parcels", "wilayat", "roads", "inspections", "projects", "towns"}) {
            const gis::ProjectLayer* l = doc()->layer(layerId(name));
            QVERIFY2(l && l->map.vector, name);
        }
        // The tree lists the top layer first and every layer once.
        QCOMPARE(m_w->layerPanel()->tree()->topLevelItemCount(), listed);
        // Named by the project's layer titles in the UI's language.
        const QString top = m_w->layerPanel()->tree()->topLevelItem(0)->text(0);
        QVERIFY2(top == QString::fromUtf8("المدن") || top == "Towns", qPrintable(top));
        QCOMPARE(top, layerDisplayName(*doc()->layer(layerId("towns")), currentLanguage()));
        QVERIFY(waitForSharpFrame());
        QVERIFY(!canvas()->worker().lastFrame().image.isNull());
        QVERIFY(m_w->scaleEdit()->text().startsWith("1:"));
        QCOMPARE(m_w->crsChooser()->currentData().toString(), QString("EPSG:32640"));
    }

    void togglesLayerWithKeyboard()
    {
        const int roads = layerId("roads");
        QTreeWidget* tree = m_w->layerPanel()->tree();
        QTreeWidgetItem* item = m_w->layerPanel()->itemOf(roads);
        QVERIFY(item);
        tree->setFocus();
        tree->setCurrentItem(item);
        const auto before = canvas()->worker().latestGeneration();
        QTest::keyClick(tree, Qt::Key_Space);
        QCOMPARE(item->checkState(0), Qt::Unchecked);
        QVERIFY(!doc()->layer(roads)->map.visible);
        QVERIFY(waitForSharpFrame());
        QVERIFY(canvas()->worker().latestGeneration() > before); // the map was redrawn without it
        QTest::keyClick(tree, Qt::Key_Space);
        QVERIFY(doc()->layer(roads)->map.visible);
        QVERIFY(waitForSharpFrame());
    }

    void identifiesNizwa()
    {
        const int towns = layerId("towns");
        m_w->layerPanel()->setCurrentLayer(towns);
        m_w->action("actionIdentify")->trigger();
        QCOMPARE(canvas()->tool(), MapCanvas::Tool::Identify);
        const gis::Layer& layer = *doc()->layer(towns)->map.vector;
        const std::uint32_t row = townRow(layer, QStringLiteral("نزوى"));
        QVERIFY(row != UINT32_MAX);
        const gis::Coord ll = layer.geometries().coord(row);
        const gis::Coord map = gis::Transformer(layer.crs(), doc()->crs()).transform(ll);
        const QPoint pos = canvas()->mapToWidget(map).toPoint();
        QVERIFY(canvas()->rect().contains(pos));
        QSignalSpy identified(m_w->tools(), &MapTools::identified);
        QTest::mouseClick(canvas(), Qt::LeftButton, {}, pos + QPoint(2, -1)); // a click near, not exactly on, it
        QCOMPARE(identified.count(), 1);
        // Oracle: the attributes as ogrinfo reads them from the GeoPackage.
        const auto r = gis::test::runTool("ogrinfo", {"-ro", "-q", kGpkg, "-sql", "SELECT name_en, governorate FROM towns WHERE name_ar = 'نزوى'"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString out = QString::fromUtf8(r.out);
        QVERIFY2(out.contains("name_en (String) = " + m_w->identifyPanel()->firstValue("name_en")), qPrintable(out));
        QVERIFY(out.contains("governorate (String) = " + m_w->identifyPanel()->firstValue("governorate")));
        QCOMPARE(m_w->identifyPanel()->firstValue("name_ar"), QStringLiteral("نزوى"));
        // The status bar follows the cursor: lon/lat in decimal degrees and DMS, and UTM 40N (the map CRS here).
        QTest::mouseMove(canvas(), pos);
        const QString lonLat = m_w->findChild<QLabel*>("CursorLonLat")->text();
        const QString utm = m_w->findChild<QLabel*>("CursorUtm")->text();
        QVERIFY2(lonLat.contains("57.5") && lonLat.contains("22.9") && lonLat.contains("57° 3") && lonLat.contains("″"), qPrintable(lonLat));
        const gis::Coord under = canvas()->widgetToMap(pos);
        QVERIFY2(utm.contains(QLocale().toString(static_cast<qlonglong>(std::llround(under.x)))), qPrintable(utm));
        QCOMPARE(m_w->identifyPanel()->firstValue("governorate"), QString("OM-DA"));
    }

    void selectsByRectangle()
    {
        useLonLatMap();
        const int towns = layerId("towns");
        m_w->layerPanel()->setCurrentLayer(towns);
        m_w->action("actionSelectRectangle")->trigger();
        const QPoint a(canvas()->width() / 4, canvas()->height() / 4);
        const QPoint b(canvas()->width() * 3 / 4, canvas()->height() * 3 / 4);
        QTest::mousePress(canvas(), Qt::LeftButton, {}, a);
        QTest::mouseMove(canvas(), (a + b) / 2);
        QTest::mouseMove(canvas(), b);
        QTest::mouseRelease(canvas(), Qt::LeftButton, {}, b);
        const gis::Coord ca = canvas()->widgetToMap(a), cb = canvas()->widgetToMap(b);
        const gis::Box box(std::min(ca.x, cb.x), std::min(ca.y, cb.y), std::max(ca.x, cb.x), std::max(ca.y, cb.y));
        const auto& selected = doc()->selection(towns);
        QVERIFY(!selected.empty());
        // Oracles: ogrinfo's spatial filter on the same box, and gis::selectByBox (points: box = geometry).
        const int expected = ogrCount({"-spat", QString::number(box.minX, 'g', 17), QString::number(box.minY, 'g', 17),
            QString::number(box.maxX, 'g', 17), QString::number(box.maxY, 'g', 17), kGpkg, "towns"});
        QCOMPARE(static_cast<int>(selected.size()), expected);
        QCOMPARE(selected, gis::selectByBox(*doc()->layer(towns)->map.vector, box));
        QVERIFY(selected.size() < doc()->layer(towns)->map.vector->size());
        // The table shows the same selection.
        QCOMPARE(m_w->attributePanel()->layerId(), towns);
        QCOMPARE(static_cast<std::size_t>(m_w->attributePanel()->view()->selectionModel()->selectedRows().size()), selected.size());
        useUtmMap();
        // Reprojected (UTM map, lon/lat layer): still the features inside the rectangle, by brute force.
        QTest::mousePress(canvas(), Qt::LeftButton, {}, a);
        QTest::mouseMove(canvas(), b);
        QTest::mouseRelease(canvas(), Qt::LeftButton, {}, b);
        const gis::Layer& layer = *doc()->layer(towns)->map.vector;
        gis::Transformer toMap(layer.crs(), doc()->crs());
        const gis::Coord ua = canvas()->widgetToMap(a), ub = canvas()->widgetToMap(b);
        const gis::Box ubox(std::min(ua.x, ub.x), std::min(ua.y, ub.y), std::max(ua.x, ub.x), std::max(ua.y, ub.y));
        std::vector<std::uint32_t> brute;
        for (std::uint32_t i = 0; i < layer.size(); ++i) {
            const gis::Coord p = toMap.transform(layer.geometries().coord(i));
            if (ubox.contains(p.x, p.y))
                brute.push_back(i);
        }
        QCOMPARE(doc()->selection(towns), brute);
        m_w->action("actionPan")->trigger();
    }

    void selectsByExpression()
    {
        const int towns = layerId("towns");
        const gis::Layer& layer = *doc()->layer(towns)->map.vector;
        QueryBuilderDialog dialog(doc()->layer(towns)->map.vector, "towns");
        dialog.setExpression("governorate = 'OM-DA'");
        const int expected = ogrCount({"-where", "governorate = 'OM-DA'", kGpkg, "towns"});
        QCOMPARE(dialog.matchCount(), static_cast<long long>(expected));
        dialog.setExpression("governorat = 'OM-DA'");
        QCOMPARE(dialog.matchCount(), -1LL); // a typo does not compile
        QCOMPARE(m_w->tools()->selectByExpression(towns, "governorate = 'OM-DA'"), static_cast<std::size_t>(expected));
        for (std::uint32_t r : doc()->selection(towns))
            QCOMPARE(layer.attributes().column("governorate").toString(r), std::string("OM-DA"));
    }

    void selectsByLocation()
    {
        const int towns = layerId("towns"), wilayat = layerId("wilayat"), parcels = layerId("parcels");
        // Oracle: SpatiaLite through ogrinfo's SQLite dialect on the GeoPackage itself.
        auto sqlCount = [](const QString& sql) {
            const auto r = gis::test::runTool("ogrinfo", {"-ro", "-q", kGpkg, "-dialect", "SQLite", "-sql", sql});
            const int at = r.out.indexOf("n (Integer) = ");
            return at < 0 ? -1 : r.out.mid(at + 14, r.out.indexOf('\n', at) - at - 14).trimmed().toInt();
        };
        const int within = sqlCount("SELECT COUNT(DISTINCT t.fid) AS n FROM towns t, wilayat w WHERE ST_Within(t.geom, w.geom)");
        QVERIFY(within > 0);
        QCOMPARE(m_w->tools()->selectByLocation(towns, gis::SpatialPredicate::Within, wilayat, false), static_cast<std::size_t>(within));
        // Against the selected features only: parcels touching the wilaya of Nizwa.
        m_w->tools()->selectByExpression(wilayat, "name_en = 'Nizwa'");
        QCOMPARE(doc()->selection(wilayat).size(), std::size_t(1));
        const int inNizwa = sqlCount("SELECT COUNT(DISTINCT p.fid) AS n FROM parcels p, wilayat w "
                                     "WHERE ST_Intersects(p.geom, w.geom) AND w.name_en = 'Nizwa'");
        QVERIFY(inNizwa > 0);
        QCOMPARE(m_w->tools()->selectByLocation(parcels, gis::SpatialPredicate::Intersects, wilayat, true),
            static_cast<std::size_t>(inNizwa));
        doc()->clearSelections();
        m_w->tools()->selectByExpression(towns, "governorate = 'OM-DA'");
    }

    void tableAndMapSelectionsFollowEachOther()
    {
        const int towns = layerId("towns");
        AttributePanel* panel = m_w->attributePanel();
        panel->setLayer(towns);
        QTableView* view = panel->view();
        // Map -> table: the selection from the expression is selected in the table.
        const auto selected = doc()->selection(towns);
        QCOMPARE(static_cast<std::size_t>(view->selectionModel()->selectedRows().size()), selected.size());
        for (const QModelIndex& i : view->selectionModel()->selectedRows())
            QVERIFY(std::binary_search(selected.begin(), selected.end(), panel->model()->featureRow(i.row())));
        // Table -> map: clicking a row selects that feature alone; ctrl-click adds another.
        view->scrollToTop();
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(panel->model()->index(3, 0)).center());
        QCOMPARE(doc()->selection(towns), std::vector<std::uint32_t>{panel->model()->featureRow(3)});
        QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::ControlModifier, view->visualRect(panel->model()->index(5, 0)).center());
        QCOMPARE(doc()->selection(towns).size(), std::size_t(2));
        // Sorting keeps the selection on the same features.
        const auto before = doc()->selection(towns);
        view->horizontalHeader()->setSortIndicator(0, Qt::DescendingOrder);
        QTRY_VERIFY(!panel->model()->isSorting());
        QCOMPARE(doc()->selection(towns), before);
        QCOMPARE(view->selectionModel()->selectedRows().size(), 2);
        // Selected only.
        panel->setSelectedOnly(true);
        QCOMPARE(panel->model()->rowCount(), 2);
        panel->setSelectedOnly(false);
        QCOMPARE(panel->model()->rowCount(), static_cast<int>(doc()->layer(towns)->map.vector->size()));
        // Filter by expression.
        QVERIFY(panel->setFilter("governorate = 'OM-DA'"));
        QCOMPARE(panel->model()->rowCount(), ogrCount({"-where", "governorate = 'OM-DA'", kGpkg, "towns"}));
        QVERIFY(!panel->setFilter("governorate = "));
        QVERIFY(panel->setFilter(""));
        // Arabic text reads from the right.
        const int nameAr = doc()->layer(towns)->map.vector->attributes().indexOf("name_ar");
        const auto align = panel->model()->data(panel->model()->index(0, nameAr), Qt::TextAlignmentRole).value<Qt::Alignment>();
        QVERIFY(align & Qt::AlignRight);
    }

    void measuresGeodesicDistance()
    {
        m_w->action("actionMeasureDistance")->trigger();
        const QPoint a(canvas()->width() / 5, canvas()->height() / 3);
        const QPoint b(canvas()->width() * 4 / 5, canvas()->height() * 2 / 3);
        QTest::mouseClick(canvas(), Qt::LeftButton, {}, a);
        QTest::mouseClick(canvas(), Qt::LeftButton, {}, b);
        QTest::keyClick(canvas(), Qt::Key_Return); // finish
        QVERIFY(canvas()->measureFinished());
        const Measurement m = m_w->tools()->measurement();
        QCOMPARE(m.vertices, 2);
        // Oracle: GeographicLib's GeodSolve on the clicked points' longitude/latitude.
        gis::Transformer toLonLat(doc()->crs(), gis::Crs::fromEpsg(4326));
        const gis::Coord pa = toLonLat.transform(canvas()->widgetToMap(a)), pb = toLonLat.transform(canvas()->widgetToMap(b));
        const QByteArray input = QByteArray::number(pa.y, 'g', 17) + " " + QByteArray::number(pa.x, 'g', 17) + " "
            + QByteArray::number(pb.y, 'g', 17) + " " + QByteArray::number(pb.x, 'g', 17) + "\n";
        const auto r = gis::test::runTool("GeodSolve", {"-i", "-p", "9"}, input);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const double expected = QString::fromUtf8(r.out).split(' ', Qt::SkipEmptyParts).value(2).toDouble();
        QVERIFY(expected > 1000);
        QVERIFY2(std::abs(m.length - expected) <= expected * 1e-3, qPrintable(QString("%1 vs %2").arg(m.length).arg(expected)));
        QVERIFY(m_w->measurePanel()->text().contains("km"));
        // Area: a triangle, against GeographicLib's Planimeter.
        m_w->action("actionMeasureArea")->trigger();
        const QPoint c(canvas()->width() / 5, canvas()->height() * 2 / 3);
        for (QPoint p : {a, b, c})
            QTest::mouseClick(canvas(), Qt::LeftButton, {}, p);
        QTest::keyClick(canvas(), Qt::Key_Return);
        const gis::Coord pc = toLonLat.transform(canvas()->widgetToMap(c));
        QByteArray poly;
        for (gis::Coord p : {pa, pb, pc})
            poly += QByteArray::number(p.y, 'g', 17) + " " + QByteArray::number(p.x, 'g', 17) + "\n";
        const auto pr = gis::test::runTool("Planimeter", {}, poly);
        QVERIFY2(pr.exitCode == 0, pr.err.constData());
        const double area = std::abs(QString::fromUtf8(pr.out).split(' ', Qt::SkipEmptyParts).value(2).toDouble());
        QVERIFY2(std::abs(m_w->tools()->measurement().area - area) <= area * 1e-3,
            qPrintable(QString("%1 vs %2").arg(m_w->tools()->measurement().area).arg(area)));
        QVERIFY(m_w->measurePanel()->text().contains("km²"));
        m_w->action("actionPan")->trigger();
    }

    void keyboardAndWheelNavigation()
    {
        canvas()->setFocus();
        const gis::Box start = canvas()->extent();
        QTest::keyClick(canvas(), Qt::Key_Right);
        const gis::Box right = canvas()->extent();
        QVERIFY(right.minX > start.minX);
        QVERIFY(std::abs(right.width() - start.width()) < start.width() * 1e-9);
        QTest::keyClick(canvas(), Qt::Key_Plus);
        QVERIFY(std::abs(canvas()->extent().width() - start.width() / 2) < start.width() * 1e-9);
        // The wheel zooms around the cursor: the map point under it stays put.
        const QPointF at(200, 150);
        const gis::Coord before = canvas()->widgetToMap(at);
        QWheelEvent wheel(at, canvas()->mapToGlobal(at), QPoint(), QPoint(0, 120), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(canvas(), &wheel);
        const gis::Coord after = canvas()->widgetToMap(at);
        QVERIFY(std::abs(after.x - before.x) < 1e-6 * start.width() && std::abs(after.y - before.y) < 1e-6 * start.width());
        QVERIFY(waitForSharpFrame());
        // Previous extent goes back; the scale box sets the scale.
        m_w->action("actionPreviousExtent")->trigger();
        QVERIFY2(std::abs(canvas()->extent().width() - start.width()) < start.width() * 1e-9,
            qPrintable(QString("%1 vs %2").arg(canvas()->extent().width()).arg(start.width())));
        m_w->action("actionNextExtent")->trigger();
        QVERIFY(canvas()->extent().width() < start.width() / 2);
        m_w->scaleEdit()->setText("1:100000");
        QTest::keyClick(m_w->scaleEdit(), Qt::Key_Return);
        QVERIFY(std::abs(canvas()->scale() - 100000) < 1);
        m_w->action("actionFullExtent")->trigger();
        QVERIFY(waitForSharpFrame());
    }

    void badFileIsReportedAndProjectKept()
    {
        const QString bad = m_tmp.filePath("broken.geojson");
        gis::test::writeFile(bad, "{ this is not json");
        const std::size_t before = doc()->layers().size();
        QSignalSpy errors(m_w.get(), &MainWindow::errorReported);
        QCOMPARE(m_w->addFiles({bad, kGpkg + "-missing.gpkg"}), 0);
        QCOMPARE(errors.count(), 1);
        const QString message = errors.front().front().toString();
        QVERIFY2(message.contains("broken.geojson") && message.contains("missing.gpkg"), qPrintable(message));
        QCOMPARE(doc()->layers().size(), before);
        QVERIFY(waitForSharpFrame());
        // A good file next to a bad one is added.
        const QString good = m_tmp.filePath("points.geojson");
        gis::test::writeFile(good, R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"n":1},"geometry":{"type":"Point","coordinates":[57.5,22.9]}}]})");
        QCOMPARE(m_w->addFiles({bad, good}), 1);
        QCOMPARE(errors.count(), 2);
        QCOMPARE(doc()->layers().size(), before + 1);
        doc()->removeLayer(doc()->layerStates().back().id);
    }

    void missingLayerFileCanBeLocated()
    {
        const QString project = m_tmp.filePath("moved.json");
        gis::test::writeFile(project, QStringLiteral(R"({"version": 1, "title": "Moved", "crs": "EPSG:32640", "layers": [
            {"name": "towns", "source": "%1", "layer": "towns"},
            {"name": "moved", "source": "gone/dakhiliyah.gpkg", "layer": "wilayat"}]})").arg(localGpkg()).toUtf8());
        QVERIFY(m_w->openProject(project));
        const int moved = layerId("moved");
        const gis::ProjectLayer* l = doc()->layer(moved);
        QVERIFY(l && !l->available);
        QVERIFY(QString::fromStdString(l->error).contains("gone/dakhiliyah.gpkg"));
        QTreeWidgetItem* item = m_w->layerPanel()->itemOf(moved);
        QVERIFY(item->toolTip(0).contains("gone/dakhiliyah.gpkg"));
        QVERIFY(!item->icon(0).isNull());
        QVERIFY(doc()->layer(layerId("towns"))->available);
        QVERIFY(waitForSharpFrame());
        QVERIFY(m_w->locateFile(moved, kGpkg));
        QVERIFY(doc()->layer(moved)->available);
        QCOMPARE(doc()->layer(moved)->map.vector->name(), std::string("wilayat"));
        QVERIFY(!m_w->layerPanel()->itemOf(moved)->toolTip(0).contains("Unavailable"));
        // Saved with the new path, relative to the project.
        QVERIFY(m_w->saveProject(project));
        QVERIFY(gis::test::readFile(project).contains("dakhiliyah.gpkg"));
        QVERIFY(!gis::test::readFile(project).contains("gone/"));
        QVERIFY(m_w->openProject(kProject));
        QVERIFY(waitForSharpFrame());
    }

    void projectNamingFilesElsewhereAsksFirst()
    {
        // A project in its own folder naming the sample GeoPackage elsewhere: opened only once the user allows
        // that folder, and the question lists it.
        QVERIFY(QDir().mkpath(m_tmp.filePath("elsewhere")));
        const QString project = m_tmp.filePath("elsewhere/elsewhere.json");
        gis::test::writeFile(project, QStringLiteral(R"({"version": 1, "title": "Elsewhere", "crs": "EPSG:32640",
            "layers": [{"name": "towns", "source": "%1", "layer": "towns"}]})").arg(kGpkg).toUtf8());
        MainWindow::Options options;
        options.dialogs = false;
        options.useSettings = false;
        QStringList asked;
        bool answer = false;
        options.allowFolders = [&](const QStringList& folders, const QString&) {
            asked = folders;
            return answer;
        };
        MainWindow w(options);
        QSignalSpy errors(&w, &MainWindow::errorReported);
        QVERIFY(!w.openProject(project));
        QCOMPARE(asked, QStringList{QFileInfo(kGpkg).canonicalPath()});
        QCOMPARE(errors.count(), 1);
        QVERIFY2(errors[0][0].toString().contains("elsewhere.json: layers[0].source"), qPrintable(errors[0][0].toString()));
        QVERIFY(w.document()->findByName("towns") < 0);
        answer = true;
        QVERIFY(w.openProject(project));
        QCOMPARE(errors.count(), 1);
        QVERIFY(w.document()->layer(w.document()->findByName("towns"))->available);
    }

    void savesSelectionAndExportsView()
    {
        const int towns = layerId("towns");
        m_w->layerPanel()->setCurrentLayer(towns);
        m_w->tools()->selectByExpression(towns, "governorate = 'OM-DA'");
        const std::size_t n = doc()->selection(towns).size();
        const QString out = m_tmp.filePath("selection.gpkg");
        QVERIFY(m_w->saveSelection(out));
        QCOMPARE(ogrCount({out, "towns"}), static_cast<int>(n));
        for (const QString ext : {"png", "pdf", "svg"}) {
            const QString path = m_tmp.filePath("view." + ext);
            QVERIFY(m_w->exportView(path, QSize(640, 400), 96));
            QVERIFY(QFileInfo(path).size() > 1000);
        }
        QImage png(m_tmp.filePath("view.png"));
        QCOMPARE(png.size(), QSize(640, 400));
    }

    void exportViewShowsTheLibrarysMessage()
    {
        // A missing folder: the library names the path and the cause; the viewer frames it, never replaces it.
        QSignalSpy errors(m_w.get(), &MainWindow::errorReported);
        const QString missing = m_tmp.filePath("no-such-folder/view.png");
        QVERIFY(!m_w->exportView(missing, QSize(320, 200), 96));
        QCOMPARE(errors.count(), 1);
        QString shown = errors[0][0].toString();
        QVERIFY2(shown.contains("Could not export the map:"), qPrintable(shown));
        QVERIFY2(shown.contains(missing + ": the folder"), qPrintable(shown));
        QVERIFY2(shown.contains("does not exist"), qPrintable(shown));
        QVERIFY(!QFileInfo::exists(missing));
        // A read-only folder (root may write anywhere, so only as another user).
        if (::geteuid() != 0) {
            const QString folder = m_tmp.filePath("read-only");
            QVERIFY(QDir().mkpath(folder));
            QVERIFY(QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::ExeOwner));
            const QString locked = folder + "/view.pdf";
            QVERIFY(!m_w->exportView(locked, QSize(320, 200), 96));
            QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
            QCOMPARE(errors.count(), 2);
            shown = errors[1][0].toString();
            QVERIFY2(shown.contains("Could not export the map:") && shown.contains(locked), qPrintable(shown));
        }
    }

    void styleEditorPreviewsAndCancels()
    {
        const int towns = layerId("towns");
        const auto original = doc()->layer(towns)->map.style.renderer.kind;
        StyleEditorDialog dialog(doc(), towns);
        dialog.setRendererKind(1);
        dialog.setField("governorate");
        const auto gen = canvas()->worker().latestGeneration();
        dialog.classify();
        QCOMPARE(doc()->layer(towns)->map.style.renderer.kind, gis::Renderer::Kind::Categorized);
        QCOMPARE(doc()->layer(towns)->map.style.renderer.categories.size(), std::size_t(11));
        QVERIFY(waitForSharpFrame());
        QVERIFY(canvas()->worker().latestGeneration() > gen); // previewed on the map
        const QString file = m_tmp.filePath("towns-style.json");
        QVERIFY(dialog.saveStyle(file));
        QVERIFY(QFileInfo::exists(file));
        dialog.reject();
        QCOMPARE(doc()->layer(towns)->map.style.renderer.kind, original);
    }

    void bookmarkRestoresExtent()
    {
        QVERIFY(waitForSharpFrame());
        const gis::Box saved = canvas()->extent();
        m_w->addBookmark("test bookmark");
        canvas()->zoomIn();
        canvas()->zoomIn();
        QVERIFY(waitForSharpFrame());
        QVERIFY(canvas()->extent().width() < saved.width() / 2);
        QAction* bookmark = nullptr;
        for (QMenu* menu : m_w->findChildren<QMenu*>())
            for (QAction* a : menu->actions())
                if (a->text() == "test bookmark")
                    bookmark = a;
        QVERIFY(bookmark);
        bookmark->trigger();
        const gis::Box back = canvas()->extent();
        const double tol = saved.width() * 1e-6;
        QVERIFY(std::abs(back.minX - saved.minX) < tol && std::abs(back.maxX - saved.maxX) < tol);
        QVERIFY(std::abs(back.minY - saved.minY) < tol && std::abs(back.maxY - saved.maxY) < tol);
        QVERIFY(waitForSharpFrame());
        m_w->action("actionClearBookmarks")->trigger();
        QVERIFY(QSettings().value("bookmarks").toList().isEmpty());
    }

    void panningDoesNotModifyButEditsDo()
    {
        const QString project = copySampleProject(m_tmp.filePath("modified"));
        QVERIFY(m_w->openProject(project));
        QVERIFY(waitForSharpFrame());
        QVERIFY(!doc()->isModified());
        QVERIFY(!m_w->isWindowModified());
        QVERIFY(m_w->windowTitle().contains("[*]")); // where Qt shows the mark
        QSignalSpy modified(doc(), &MapDocument::modifiedChanged);

        canvas()->zoomAt(2, QPointF(100, 100));
        canvas()->panByPixels(QPointF(40, -25));
        QVERIFY(!doc()->isModified());

        // A layer switched off in the Layers panel.
        const int roads = layerId("roads");
        m_w->layerPanel()->itemOf(roads)->setCheckState(0, Qt::Unchecked);
        QVERIFY(!doc()->layer(roads)->map.visible);
        QVERIFY(doc()->isModified());
        QVERIFY(m_w->isWindowModified());
        QCOMPARE(modified.count(), 1);

        // Ctrl+S saves and clears it; the file differs from the original in that layer's visibility and the view.
        m_w->action("actionSaveProject")->trigger();
        QVERIFY(!doc()->isModified());
        QVERIFY(!m_w->isWindowModified());
        QStringList changed;
        const QJsonObject before = readJsonObject(kProject), after = readJsonObject(project);
        for (const QString& key : after.keys())
            if (after[key] != before[key])
                changed << key;
        QCOMPARE(changed, (QStringList{"layers", "view"}));
        QCOMPARE(after["layers"].toArray().at(5).toObject()["visible"], QJsonValue(false));

        // Each of these is a change to ask about.
        auto expectModified = [this](const char* what, const std::function<void()>& change) {
            doc()->setModified(false);
            change();
            QVERIFY2(doc()->isModified(), what);
        };
        expectModified("style", [&] {
            gis::LayerStyle style = doc()->layer(roads)->map.style;
            style.opacity = 0.5;
            doc()->setStyle(roads, style);
        });
        expectModified("order", [&] {
            std::vector<int> ids;
            for (const LayerState& l : doc()->layerStates())
                ids.insert(ids.begin(), l.id);
            doc()->reorder(ids);
        });
        expectModified("added", [&] { QVERIFY(m_w->addFiles({kGpkg}) > 0); });
        expectModified("removed", [&] { doc()->removeLayer(doc()->layerStates().back().id); });
        expectModified("title", [&] { doc()->setTitle("Another title", "عنوان آخر"); });
        // Nothing changes when the same values are set again.
        doc()->setModified(false);
        doc()->setStyle(roads, doc()->layer(roads)->map.style, doc()->styleFilePath(roads));
        doc()->setVisible(roads, doc()->layer(roads)->map.visible);
        QVERIFY(!doc()->isModified());
        QVERIFY(m_w->openProject(kProject));
        QVERIFY(waitForSharpFrame());
    }

    void savingStoresTheViewNotThePrintExtent()
    {
        // The review's case: Ctrl+S on an unchanged project with the window showing all of Oman. The print
        // extent (what gis export-map prints) must stay Ad Dakhiliyah; the view goes to "view".
        const QString project = copySampleProject(m_tmp.filePath("view"));
        const gis::Box printedBefore = printedExtent(project);
        QVERIFY(m_w->openProject(project));
        QVERIFY(waitForSharpFrame());
        canvas()->setExtent(gis::Box(100000, 1800000, 1100000, 2900000));
        const gis::Box view = canvas()->extent();
        QVERIFY(!doc()->isModified());
        m_w->action("actionSaveProject")->trigger();

        const QJsonObject before = readJsonObject(kProject), after = readJsonObject(project);
        QCOMPARE(after["extent"], before["extent"]);
        QCOMPARE(after["description"], before["description"]);
        QCOMPARE(after["layers"], before["layers"]);
        const gis::Box printedAfter = printedExtent(project);
        QCOMPARE(printedAfter, printedBefore);
        const gis::Project saved = gis::Project::load(project.toStdString());
        QVERIFY(std::abs(saved.view.minX - view.minX) < 1e-6 && std::abs(saved.view.maxY - view.maxY) < 1e-6);

        // Opened again, the window shows that view (fitted to the window: its centre and at least its extent).
        QVERIFY(m_w->openProject(kProject));
        QVERIFY(m_w->openProject(project));
        const gis::Box shown = canvas()->extent();
        QVERIFY(std::abs(shown.center().x - view.center().x) < view.width() * 1e-3);
        QVERIFY(std::abs(shown.center().y - view.center().y) < view.height() * 1e-3);
        QVERIFY(shown.width() >= view.width() * 0.999 && shown.height() >= view.height() * 0.999);
        QVERIFY(shown.width() <= view.width() * 1.001 || shown.height() <= view.height() * 1.001);
        QVERIFY(m_w->openProject(kProject));
        QVERIFY(waitForSharpFrame());
    }

    void quittingAsksAboutUnsavedChanges()
    {
        MainWindow::Options options;
        options.dialogs = false;
        options.useSettings = false;
        const QString project = copySampleProject(m_tmp.filePath("quit"));
        const QByteArray original = gis::test::readFile(project);
        MainWindow w(options);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openProject(project));
        const int towns = w.document()->findByName("towns");

        // Nothing changed: Ctrl+Q quits without asking.
        {
            MainWindow clean(options);
            clean.show();
            QVERIFY(clean.openProject(project));
            PromptAnswer answer(QMessageBox::Cancel);
            clean.action("actionQuit")->trigger();
            QVERIFY(!clean.isVisible());
            QVERIFY(!answer.shown);
        }

        w.document()->setVisible(towns, false);
        QVERIFY(w.isWindowModified());

        // Cancel (Ctrl+Q): the window stays, and so does the change.
        PromptAnswer cancel(QMessageBox::Cancel);
        w.action("actionQuit")->trigger();
        QVERIFY(cancel.shown);
        QVERIFY(w.isVisible());
        QVERIFY(w.document()->isModified());
        QVERIFY(!w.document()->layer(towns)->map.visible);
        QCOMPARE(gis::test::readFile(project), original);

        // Cancel before opening another project or making a new one: the map stays.
        PromptAnswer cancelNew(QMessageBox::Cancel);
        w.action("actionNewProject")->trigger();
        QVERIFY(cancelNew.shown);
        QCOMPARE(static_cast<int>(w.document()->layers().size()),
            static_cast<int>(QJsonDocument::fromJson(gis::test::readFile(kProject)).object()["layers"].toArray().size()));
        PromptAnswer cancelOpen(QMessageBox::Cancel);
        w.action("actionOpenProject")->trigger(); // Cancel: no file dialog follows
        QVERIFY(cancelOpen.shown);
        QCOMPARE(w.document()->projectPath(), QFileInfo(project).absoluteFilePath());

        // Save (the window's close button): saved, then closed.
        PromptAnswer save(QMessageBox::Save);
        QVERIFY(w.close());
        QVERIFY(save.shown);
        QVERIFY(!w.isVisible());
        QVERIFY(!w.document()->isModified());
        QCOMPARE(readJsonObject(project)["layers"].toArray().at(9).toObject()["visible"], QJsonValue(false));

        // Discard: closed, the file as it was saved.
        w.show();
        const QByteArray saved = gis::test::readFile(project);
        w.document()->setVisible(towns, true);
        PromptAnswer discard(QMessageBox::Discard);
        QVERIFY(w.close());
        QVERIFY(discard.shown);
        QCOMPARE(gis::test::readFile(project), saved);

        // New project after Discard: an empty, unmodified map.
        w.show();
        w.document()->setVisible(towns, false);
        PromptAnswer discardNew(QMessageBox::Discard);
        w.action("actionNewProject")->trigger();
        QVERIFY(discardNew.shown);
        QVERIFY(w.document()->layers().empty());
        QVERIFY(!w.document()->isModified());
        w.hide();
        m_w->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_w.get()));
    }

    void unsavedChangesPromptInArabic()
    {
        MainWindow::Options options;
        options.dialogs = false;
        options.useSettings = false;
        MainWindow w(options);
        w.show();
        QVERIFY(w.openProject(kProject));
        w.setLanguage("ar");
        w.document()->setVisible(w.document()->findByName("towns"), false);
        PromptAnswer answer(QMessageBox::Cancel);
        const bool closed = w.close();
        w.setLanguage("en"); // before any check can fail: the other tests run in English
        w.document()->setModified(false);
        QVERIFY(!closed);
        QVERIFY(answer.shown);
        QCOMPARE(answer.direction, Qt::RightToLeft);
        QVERIFY2(answer.text.contains(QStringLiteral("محافظة الداخلية")), qPrintable(answer.text)); // the Arabic title
        QVERIFY2(answer.text.startsWith(QStringLiteral("هل تريد حفظ")), qPrintable(answer.text));
        // Ours ("حفظ"), or Qt's own translation of the standard button when it is installed ("احفظ").
        QVERIFY2(answer.saveText.contains(QStringLiteral("حفظ")), qPrintable(answer.saveText));
        w.hide();
        m_w->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_w.get()));
    }

    void recentProjectsArePersisted()
    {
        // QSettings points at m_settings (initTestCase): the user's own settings are not touched.
        QSettings().remove("files/recent");
        const QString small = m_tmp.filePath("small.json");
        gis::test::writeFile(small, QStringLiteral(R"({"version": 1, "title": "Small", "crs": "EPSG:32640",
            "layers": [{"name": "towns", "source": "%1", "layer": "towns"}]})").arg(localGpkg()).toUtf8());
        MainWindow::Options options;
        options.dialogs = false;
        options.useSettings = true;
        auto recentMenu = [](const MainWindow& w) -> QMenu* {
            for (QAction* a : w.fileMenu()->actions())
                if (a->menu() && a->menu()->title().remove('&') == "Recent projects")
                    return a->menu();
            return nullptr;
        };
        {
            MainWindow w(options);
            QVERIFY(recentMenu(w) && !recentMenu(w)->isEnabled());
            QVERIFY(w.openProject(small));
            QVERIFY(w.openProject(kProject));
            QVERIFY(w.openProject(small));
            const QList<QAction*> entries = recentMenu(w)->actions();
            QCOMPARE(entries.size(), 2);
            QCOMPARE(entries[0]->toolTip(), QFileInfo(small).absoluteFilePath());
            QCOMPARE(entries[1]->toolTip(), QFileInfo(kProject).absoluteFilePath());
        }
        QCOMPARE(QSettings().value("files/recent").toStringList(),
            (QStringList{QFileInfo(small).absoluteFilePath(), QFileInfo(kProject).absoluteFilePath()}));
        // A new session lists them, and an entry opens its project.
        MainWindow w(options);
        QMenu* menu = recentMenu(w);
        QVERIFY(menu && menu->isEnabled());
        QCOMPARE(menu->actions().size(), 2);
        QCOMPARE(menu->actions().first()->text(), QString("small.json"));
        menu->actions()[1]->trigger();
        QCOMPARE(QFileInfo(w.document()->projectPath()).absoluteFilePath(), QFileInfo(kProject).absoluteFilePath());
        QCOMPARE(menu->actions().first()->toolTip(), QFileInfo(kProject).absoluteFilePath());
        QSettings().remove("files/recent");
    }

    void dropsFilesOnTheWindow()
    {
        const QString projectBefore = doc()->projectPath();
        const std::size_t before = doc()->layers().size();
        const QString good = m_tmp.filePath("dropped.geojson");
        gis::test::writeFile(good, R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"n":1},"geometry":{"type":"Point","coordinates":[57.5,22.9]}}]})");
        auto drop = [this](const QString& path) {
            QMimeData mime;
            mime.setUrls({QUrl::fromLocalFile(path)});
            const QPoint at = m_w->rect().center();
            QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(m_w.get(), &enter);
            const bool accepted = enter.isAccepted();
            QDropEvent dropped(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(m_w.get(), &dropped);
            return accepted;
        };
        QVERIFY(drop(good));
        QCOMPARE(doc()->layers().size(), before + 1);
        const int id = layerId("dropped");
        QVERIFY(id >= 0 && doc()->layer(id)->map.vector && doc()->layer(id)->map.vector->size() == 1);
        QVERIFY(m_w->layerPanel()->itemOf(id));
        QVERIFY(waitForSharpFrame());

        const QString bad = m_tmp.filePath("dropped-broken.geojson");
        gis::test::writeFile(bad, "{ not json");
        QSignalSpy errors(m_w.get(), &MainWindow::errorReported);
        drop(bad);
        QCOMPARE(errors.count(), 1);
        QVERIFY2(errors.front().front().toString().contains("dropped-broken.geojson"),
            qPrintable(errors.front().front().toString()));
        QCOMPARE(doc()->layers().size(), before + 1);
        QCOMPARE(doc()->projectPath(), projectBefore);
        doc()->removeLayer(id);
        QVERIFY(waitForSharpFrame());
    }

    void overviewClickRecentresCanvas()
    {
        auto* overview = m_w->findChild<OverviewMap*>();
        QVERIFY(overview);
        if (auto* dock = qobject_cast<QDockWidget*>(overview->parentWidget()))
            dock->show();
        QTRY_VERIFY_WITH_TIMEOUT(overview->isVisible() && !overview->lastFrame().image.isNull(), 30000);
        QVERIFY(waitForSharpFrame());
        canvas()->zoomIn();
        QVERIFY(waitForSharpFrame());
        const double width = canvas()->extent().width();
        const QPoint at(overview->width() / 3, overview->height() * 2 / 3);
        const gis::Coord expected = overview->lastFrame().transform.toMap(QPointF(at));
        QVERIFY(std::abs(canvas()->extent().center().x - expected.x) > width * 0.05);
        QTest::mouseClick(overview, Qt::LeftButton, Qt::NoModifier, at);
        const gis::Coord c = canvas()->extent().center();
        QVERIFY2(std::abs(c.x - expected.x) < width * 0.01 && std::abs(c.y - expected.y) < width * 0.01,
            qPrintable(QString("%1 %2 vs %3 %4").arg(c.x).arg(c.y).arg(expected.x).arg(expected.y)));
        QCOMPARE(canvas()->extent().width(), width); // recentred, not zoomed
        QVERIFY(waitForSharpFrame());
    }

    void switchesToArabic()
    {
        m_w->setLanguage("ar");
        QCOMPARE(QApplication::layoutDirection(), Qt::RightToLeft);
        QCOMPARE(m_w->layoutDirection(), Qt::RightToLeft);
        QCOMPARE(m_w->fileMenu()->title(), QStringLiteral("ملف"));
        QCOMPARE(m_w->action("actionIdentify")->text(), QStringLiteral("تعريف المعالم"));
        QCOMPARE(m_w->action("actionMeasureDistance")->text(), QStringLiteral("قياس المسافة"));
        // Arabic has no mnemonics: no menu title or menu entry shows a stray '&' underline...
        for (QAction* top : m_w->menuBar()->actions()) {
            QVERIFY2(!top->text().contains('&'), qPrintable(top->text()));
            if (top->menu())
                for (QAction* a : top->menu()->actions())
                    QVERIFY2(!a->text().contains('&'), qPrintable(a->text()));
        }
        // ... and the keyboard shortcuts still work.
        QCOMPARE(m_w->action("actionIdentify")->shortcut(), QKeySequence("Ctrl+2"));
        m_w->activateWindow();
        canvas()->setFocus();
        QTest::keyClick(m_w.get(), Qt::Key_2, Qt::ControlModifier);
        QVERIFY(m_w->action("actionIdentify")->isChecked());
        QTest::keyClick(m_w.get(), Qt::Key_1, Qt::ControlModifier);
        QVERIFY(m_w->action("actionPan")->isChecked());
        QVERIFY(m_w->crsChooser()->currentText().contains(QStringLiteral("المنطقة")));
        // Numbers in Arabic-Indic digits.
        QVERIFY(m_w->scaleEdit()->text().contains(QChar(0x0660)) || m_w->scaleEdit()->text().contains(QChar(0x0661))
            || m_w->scaleEdit()->text().contains(QChar(0x0662)) || m_w->scaleEdit()->text().contains(QChar(0x0663))
            || m_w->scaleEdit()->text().contains(QChar(0x0664)) || m_w->scaleEdit()->text().contains(QChar(0x0665))
            || m_w->scaleEdit()->text().contains(QChar(0x0666)) || m_w->scaleEdit()->text().contains(QChar(0x0667))
            || m_w->scaleEdit()->text().contains(QChar(0x0668)) || m_w->scaleEdit()->text().contains(QChar(0x0669)));
        QVERIFY(waitForSharpFrame());
        m_w->setLanguage("en");
        QCOMPARE(QApplication::layoutDirection(), Qt::LeftToRight);
        QCOMPARE(m_w->fileMenu()->title(), QString("&File"));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
