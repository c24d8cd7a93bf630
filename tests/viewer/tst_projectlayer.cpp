// One layer model (issue #11): a layer's drawn properties live in one place, gis::ProjectLayer::map (a
// gis::MapLayer), from the viewer's document through the project file to the print layout's render request.
//
// The mechanism: properties are set through the viewer's model (MapDocument: a style with a new opacity and
// colour, a hidden layer), the document is saved (gis::Project::save), reloaded in a new document, and the print
// layout's content (documentLayoutContent, what the print preview and the export draw) is checked against the
// reloaded project. The check compares EVERY field of gis::MapLayer: `sameMapLayer` unpacks both values with a
// structured binding, which stops compiling the moment MapLayer gains a field. Whoever adds a property must then
// extend this comparison, and the test proves the new property reaches print too, without anyone having to
// remember a copy loop. A hand-written copy loop that forgot a field would fail the comparison; the data
// pointers must be the very ones the project holds (shared, not re-read or copied).
//
// The keys of a layer in the project file are mapped by one table in the library (projectlayerkeys.cpp), walked
// by both Project::load and projectLayerJson; gis::projectLayerKeys() lists it. The issue asked for a test that
// adds a dummy property in one place; a test cannot add a member to MapLayer, and a run-time registry would need
// a property bag in the model that only this test used. Instead, everyLayerKeySurvivesLoadSaveReloadPrint proves
// the fixed table complete and working: `mapLayerKeys` (a structured binding again) names the key that sets each
// MapLayer member, the test's own list of keys must equal the table's, and a file setting EVERY key to a value
// other than its default goes through load → viewer document → save → reload → print unchanged.

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

#include <set>
#include <string>
#include <vector>

#include "support/jsonsupport.h"
#include "gis/core/box.h"
#include "gis/layout/layoutcontent.h"
#include "gis/render/maprenderer.h"
#include "gis/project/project.h"
#include "gis/project/stylejson.h"
#include "map/mapdocument.h"
#include "print/printlayoutcontent.h"

using namespace viewer;

namespace {

const QString kSource = GIS_SOURCE_DIR;

/// Every field of two map layers, or the first that differs ("" when none). Extend it when MapLayer grows: the
/// structured bindings below do not compile until you do.
std::string mapLayerDifference(const gis::MapLayer& a, const gis::MapLayer& b)
{
    const auto& [name, title, titleAr, vector, raster, edits, style, visible, inLegend] = a;
    const auto& [name2, title2, titleAr2, vector2, raster2, edits2, style2, visible2, inLegend2] = b;
    if (name != name2)
        return "name";
    if (title != title2)
        return "title";
    if (titleAr != titleAr2)
        return "titleAr";
    if (vector != vector2)
        return "vector (not the project's data)";
    if (raster != raster2)
        return "raster (not the project's data)";
    if (edits != edits2)
        return "edits (an edit session's, not the project's)";
    if (gis::styleToJson(style) != gis::styleToJson(style2))
        return "style";
    if (visible != visible2)
        return "visible";
    if (inLegend != inLegend2)
        return "inLegend";
    return {};
}

/// The key of a layer's object that sets each member of a map layer (its data comes from "source"). Extend it
/// when MapLayer grows: the structured binding does not compile until you do, and the test then fails until the
/// library's layer key table has the new key.
std::vector<std::string> mapLayerKeys(const gis::MapLayer& layer)
{
    // `edits` is an edit session's changes to the data the source gave (not stored in the project). `inLegend` is a
    // print page's own (an atlas page's highlight layer), never stored: a project's layer is listed when visible.
    [[maybe_unused]] const auto& [name, title, titleAr, vector, raster, edits, style, visible, inLegend] = layer;
    return {"name", "title", "title_ar", "source", "source", "source", "style", "visible", "visible"};
}

QJsonObject readJsonObject(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return QJsonDocument::fromJson(f.readAll()).object();
}

} // namespace

class TestProjectLayer : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

private slots:
    void propertySetInTheViewerReachesSaveReloadAndPrint()
    {
        // The sample project, read from the source tree; the copy is saved elsewhere, so it must trust the
        // folders of the data and styles it names.
        const std::vector<std::string> trusted{(kSource + "/data").toStdString(), (kSource + "/styles").toStdString()};
        MapDocument doc;
        doc.loadProject(kSource + "/data/dakhiliyah.json", trusted);
        const int roads = doc.findByName("roads");
        const int parcels = doc.findByName("parcels");
        QVERIFY(roads > 0 && parcels > 0);

        // Set through the model. Inline (no style file), so nothing in the source tree is rewritten.
        gis::LayerStyle style = doc.layer(roads)->map.style;
        style.opacity = 0.35;
        style.renderer.symbol.stroke.color = gis::Color(0x12, 0x34, 0x56);
        doc.setStyle(roads, style);
        doc.setVisible(parcels, false);
        const QJsonObject styleJson = gis::test::toQt(gis::styleToJson(style));
        // The viewer's canvas draws from the same conversion.
        const gis::RenderRequest canvas = doc.makeRequest(doc.fullExtent(), QSize(200, 150));
        for (const gis::MapLayer& ml : canvas.layers)
            QVERIFY(ml.name != "parcels");

        const QString saved = m_tmp.filePath("saved.json");
        doc.saveProject(saved);
        QVERIFY(!doc.isModified());

        MapDocument again;
        again.loadProject(saved, trusted);
        const gis::Project& project = again.project();
        QCOMPARE(project.layers.size(), doc.layers().size());
        const gis::ProjectLayer* reloaded = again.layer(again.findByName("roads"));
        QVERIFY(reloaded && reloaded->available);
        QCOMPARE(gis::test::toQt(gis::styleToJson(reloaded->map.style)), styleJson);
        QCOMPARE(reloaded->map.style.opacity, 0.35);
        QVERIFY(!again.layer(again.findByName("parcels"))->map.visible);

        // Print: what the print preview, the layout export and the atlas draw.
        const gis::LayoutContent content = documentLayoutContent(again, "ar");
        const gis::RenderRequest& print = content.map;
        std::size_t visible = 0;
        for (const gis::ProjectLayer& pl : project.layers)
            visible += pl.map.visible && pl.available ? 1 : 0;
        QCOMPARE(print.layers.size(), visible);
        std::size_t k = 0;
        for (const gis::ProjectLayer& pl : project.layers) {
            if (!pl.map.visible || !pl.available)
                continue;
            const std::string diff = mapLayerDifference(print.layers[k], pl.map);
            QVERIFY2(diff.empty(), qPrintable(QString::fromStdString(pl.map.name + ": " + diff)));
            ++k;
        }
        bool sawRoads = false;
        for (const gis::MapLayer& ml : print.layers) {
            QVERIFY(ml.name != "parcels");
            if (ml.name == "roads") {
                sawRoads = true;
                QCOMPARE(ml.style.opacity, 0.35);
                QCOMPARE(QString::fromStdString(ml.titleAr), QString::fromUtf8("الطرق")); // the legend's name, kept from the file
            }
        }
        QVERIFY(sawRoads);

        // And the map drawn from it shows the change: the same request with the old opacity draws differently.
        gis::RenderRequest small = print;
        small.size = QSize(240, 180);
        small.drawLabels = false;
        gis::RenderRequest opaque = small;
        for (gis::MapLayer& ml : opaque.layers)
            if (ml.name == "roads")
                ml.style.opacity = 1;
        const QImage drawn = gis::renderImage(small).image;
        QVERIFY(!drawn.isNull());
        QVERIFY(drawn != gis::renderImage(opaque).image);
    }

    void everyLayerKeySurvivesLoadSaveReloadPrint()
    {
        // Every key the model knows, each set to a value other than its default (what an absent key means). The
        // second layer is hidden, so that "visible" is written and the first is what print shows. The data is
        // copied beside the project so that paths stay as written when the document saves them relative to it.
        gis::LayerStyle style;
        style.opacity = 0.5;
        const QJsonObject shown{{"source", "dakhiliyah.gpkg"}, {"layer", "roads"}, {"name", "main_roads"},
            {"title", "Main roads"}, {"title_ar", QString::fromUtf8("الطرق الرئيسية")}, {"made_by", "run-1"},
            {"style", gis::test::toQt(gis::styleToJson(style))},
            {"form", QJsonObject{{"items", QJsonArray{QJsonObject{{"field", "name"}, {"label_ar", QString::fromUtf8("الاسم")},
                {"constraints", QJsonArray{QJsonObject{{"type", "not_null"}}}}}}}}}};
        QJsonObject hidden = shown;
        hidden.remove("form");
        hidden["layer"] = "towns";
        hidden["name"] = "hidden_towns";
        hidden["visible"] = false;

        std::set<std::string> testKeys;
        for (const QJsonObject& o : {shown, hidden})
            for (const QString& k : o.keys())
                testKeys.insert(k.toStdString());
        const std::vector<std::string> tableKeys = gis::projectLayerKeys();
        QCOMPARE(std::set<std::string>(tableKeys.begin(), tableKeys.end()), testKeys);
        QCOMPARE(tableKeys.size(), testKeys.size()); // each key once
        for (const std::string& key : mapLayerKeys(gis::MapLayer{}))
            QVERIFY2(testKeys.count(key) == 1, key.c_str());

        const QString dir = m_tmp.filePath("keys");
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(QFile::copy(kSource + "/data/dakhiliyah.gpkg", dir + "/dakhiliyah.gpkg"));
        const QString file = dir + "/keys.json";
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QJsonDocument(QJsonObject{{"version", 1}, {"layers", QJsonArray{shown, hidden}}}).toJson());
        }

        // Read into the viewer's document: the table's write gives back exactly what its read took.
        MapDocument doc;
        doc.loadProject(file);
        QCOMPARE(doc.layers().size(), std::size_t(2));
        QCOMPARE(gis::test::toQt(gis::projectLayerJson(doc.layers()[0])), shown);
        QCOMPARE(gis::test::toQt(gis::projectLayerJson(doc.layers()[1])), hidden);
        QVERIFY(doc.layers()[0].available);

        // Saved after a change (the order), so the layers are written from the model, not copied from the file.
        doc.reorder({doc.idAt(1), doc.idAt(0)});
        const QString saved = dir + "/saved.json";
        doc.saveProject(saved);
        const QJsonArray written = readJsonObject(saved)["layers"].toArray();
        QCOMPARE(written.size(), qsizetype(2));
        QCOMPARE(written.at(0).toObject(), hidden);
        QCOMPARE(written.at(1).toObject(), shown);

        MapDocument again;
        again.loadProject(saved);
        const gis::ProjectLayer* roads = again.layer(again.findByName("main_roads"));
        const gis::ProjectLayer* towns = again.layer(again.findByName("hidden_towns"));
        QVERIFY(roads && towns && roads->available);
        QCOMPARE(gis::test::toQt(gis::projectLayerJson(*roads)), shown);
        QCOMPARE(gis::test::toQt(gis::projectLayerJson(*towns)), hidden);

        // Print: only the shown layer, with every property as the file had it.
        const gis::RenderRequest print = documentLayoutContent(again, "ar").map;
        QCOMPARE(print.layers.size(), std::size_t(1));
        const std::string diff = mapLayerDifference(print.layers[0], roads->map);
        QVERIFY2(diff.empty(), diff.c_str());
        const gis::MapLayer& ml = print.layers[0];
        QCOMPARE(ml.name, std::string("main_roads"));
        QCOMPARE(QString::fromStdString(ml.title), QString("Main roads"));
        QCOMPARE(QString::fromStdString(ml.titleAr), QString::fromUtf8("الطرق الرئيسية"));
        QCOMPARE(gis::test::toQt(gis::styleToJson(ml.style)), shown["style"].toObject());
        QCOMPARE(ml.style.opacity, 0.5);
        QVERIFY(ml.visible && ml.vector && !ml.raster);
    }
};

QTEST_MAIN(TestProjectLayer)
#include "tst_projectlayer.moc"
