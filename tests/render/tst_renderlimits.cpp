// The limits on sizes that reach the renderer (gis/render/limits.h, libgis/src/render/renderlimits.h,
// libgis/src/layout/layoutlimits.h, docs/styles.md and docs/layouts.md "Limits"): each hostile value found by the
// security review gets its clear error, and no crash, no allocation of gigabytes, no render that runs until
// killed. The expected messages are written out here, not built from the limit constants, so a changed limit
// shows up as a failing test and a doc to update.

#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <limits>

#include "support/jsonsupport.h"
#include "gis/core/error.h"
#include "gis/crs/crs.h"
#include "gis/data/layer.h"
#include "gis/layout/atlas.h"
#include "gis/layout/layoutdraw.h"
#include "gis/layout/layoutexport.h"
#include "gis/layout/layoutfile.h"
#include "gis/render/mapexport.h"
#include "gis/render/limits.h"
#include "gis/render/maprenderer.h"
#include "gis/project/project.h"
#include "gis/project/stylejson.h"
#include "support/testsupport.h"

using namespace gis;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();
const QString kGis = GIS_BINARY_DIR "/bin/gis";
const QString kProject = GIS_SOURCE_DIR "/data/dakhiliyah.json";

/// The message of the Error `f` throws, or "" when it throws none.
template <class F>
QString errorOf(F&& f)
{
    try {
        f();
    } catch (const Error& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

/// One point layer with a string field "name" holding `name`, in the middle of a `w` x `h` device-pixel map.
std::shared_ptr<const Layer> pointLayer(const std::string& name, double w, double h)
{
    GeometryColumn g;
    AttributeTable t;
    t.addColumn("name", FieldType::String);
    g.beginGeometry(GeometryType::Point);
    g.beginPart(GeometryType::Point);
    g.beginRing();
    g.addCoord(w / 2, h / 2);
    g.endGeometry();
    t.column(0).appendString(name);
    return std::make_shared<Layer>("points", Crs(), GeometryType::Point, std::move(g), std::move(t));
}

RenderRequest pointRequest(const std::string& name, int w, int h, double labelPx)
{
    RenderRequest r;
    r.extent = Box(0, 0, w, h);
    r.size = QSize(w, h);
    MapLayer m;
    m.name = "points";
    m.vector = pointLayer(name, w, h);
    m.style.labels.enabled = true;
    m.style.labels.text = "name";
    m.style.labels.font = "DejaVu Sans";
    m.style.labels.size = Length{labelPx};
    m.style.labels.placement = LabelStyle::Placement::Inside;
    r.layers.push_back(m);
    return r;
}

/// A layout template: the A4 landscape page with one title and one map item, `item` merged into the title.
QByteArray layoutTemplate(const QJsonObject& page, const QJsonObject& title)
{
    QJsonObject t{{"type", "title"}, {"rect", QJsonArray{0, 0, 200, 20}}};
    for (auto it = title.begin(); it != title.end(); ++it)
        t.insert(it.key(), it.value());
    QJsonObject p{{"size", "A4"}, {"orientation", "landscape"}};
    for (auto it = page.begin(); it != page.end(); ++it)
        p.insert(it.key(), it.value());
    const QJsonObject root{{"language", "en"}, {"page", p},
        {"items", QJsonArray{t, QJsonObject{{"type", "map"}, {"rect", QJsonArray{0, 30, 200, 150}}}}}};
    return QJsonDocument(root).toJson();
}

} // namespace

class TestRenderLimits : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void styleValues_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("says");
        // The security review's segfault: a label of 100,000 px.
        QTest::newRow("label size") << QByteArray(R"({"labels": {"text": "name", "size": 100000}})")
            << "towns.json: labels.size: 100000 px is larger than the limit of 1000 px (264.6 mm)";
        QTest::newRow("label size mm") << QByteArray(R"({"labels": {"text": "name", "size": "300mm"}})")
            << "towns.json: labels.size: 300 mm (1134 px) is larger than the limit of 1000 px";
        QTest::newRow("halo") << QByteArray(R"({"labels": {"text": "name", "halo_width": 1e6}})")
            << "towns.json: labels.halo_width: 1000000 px is larger than the limit of 100 px";
        QTest::newRow("offset") << QByteArray(R"({"labels": {"text": "name", "offset": "5000mm"}})")
            << "towns.json: labels.offset: 5000 mm (18898 px) is larger than the limit of 1000 px";
        QTest::newRow("marker size") << QByteArray(R"({"renderer": {"type": "single", "symbol": {"size": 100000}}})")
            << "towns.json: renderer.symbol.size: 100000 px is larger than the limit of 200 px";
        QTest::newRow("icon size") << QByteArray(R"({"renderer": {"type": "single", "symbol": {"icon": "a.svg", "size": "1000mm"}}})")
            << "towns.json: renderer.symbol.size: 1000 mm (3780 px) is larger than the limit of 200 px";
        QTest::newRow("line width") << QByteArray(R"({"renderer": {"type": "single", "symbol": {"stroke": {"width": 1e9}}}})")
            << "towns.json: renderer.symbol.stroke.width: 1000000000 px is larger than the limit of 200 px";
        QTest::newRow("casing") << QByteArray(R"({"renderer": {"type": "single", "symbol": {"casing": {"width": 500}}}})")
            << "towns.json: renderer.symbol.casing.width: 500 px is larger than the limit of 200 px";
        QTest::newRow("hatch spacing") << QByteArray(R"({"renderer": {"type": "single", "symbol": {"fill": {"pattern": "cross", "spacing": 1e5}}}})")
            << "towns.json: renderer.symbol.fill.spacing: 100000 px is larger than the limit of 100 px";
        QTest::newRow("hatch width") << QByteArray(R"({"renderer": {"type": "single", "symbol": {"fill": {"pattern": "cross", "line_width": 101}}}})")
            << "towns.json: renderer.symbol.fill.line_width: 101 px is larger than the limit of 100 px";
        QTest::newRow("tiny dash") << QByteArray(R"({"renderer": {"type": "single", "symbol": {"stroke": {"dashes": [1e-9, 1]}}}})")
            << "towns.json: renderer.symbol.stroke.dashes[0]: 1e-09 is outside 0.1 to 1000 (multiples of the line width)";
        QTest::newRow("huge gap") << QByteArray(R"({"renderer": {"type": "single", "symbol": {"stroke": {"dashes": [1, 1e7]}}}})")
            << "towns.json: renderer.symbol.stroke.dashes[1]: 10000000 is outside 0.1 to 1000";
        QTest::newRow("many dashes") << QByteArray(R"({"renderer": {"type": "single", "symbol": {"stroke": {"dashes": [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]}}}})")
            << "towns.json: renderer.symbol.stroke.dashes: 18 values are more than the limit of 16";
        QTest::newRow("category") << QByteArray(R"({"renderer": {"type": "categorized", "field": "name", "categories": [
            {"value": "a", "symbol": {"size": 4}}, {"value": "b", "symbol": {"size": 250}}]}})")
            << "towns.json: renderer.categories[1].symbol.size: 250 px is larger than the limit of 200 px";
        QTest::newRow("rule") << QByteArray(R"({"renderer": {"type": "rule_based", "rules": [{"symbol": {"stroke": {"width": "100mm"}}}]}})")
            << "towns.json: renderer.rules[0].symbol.stroke.width: 100 mm (378 px) is larger than the limit of 200 px";
    }

    void styleValues()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, says);
        const QJsonObject object = QJsonDocument::fromJson(json).object();
        QVERIFY(!object.isEmpty());
        const QString error = errorOf([&] { parseStyle(test::fromQt(object), "towns.json:", {}, nullptr); });
        QVERIFY2(error.startsWith(says), qPrintable(error));
    }

    void styleLimitsAreInclusive()
    {
        const QJsonObject object = QJsonDocument::fromJson(R"({"labels": {"text": "name", "size": 1000, "halo_width": 100,
            "offset": 1000}, "renderer": {"type": "single", "symbol": {"size": 200, "stroke": {"width": 200,
            "dashes": [0.1, 1000]}, "fill": {"pattern": "cross", "spacing": 100, "line_width": 100}}}})").object();
        const QString error = errorOf([&] { parseStyle(test::fromQt(object), "towns.json:", {}, nullptr); });
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void styleFileNamesTheFile()
    {
        const QString path = m_dir.filePath("towns.json");
        gis::test::writeFile(path, R"({"labels": {"text": "name", "size": 100000}})");
        const QString error = errorOf([&] { readStyleFile(path.toStdString()); });
        QCOMPARE(error, QString("towns.json: labels.size: 100000 px is larger than the limit of 1000 px (264.6 mm)"));
    }

    void styleMadeInCodeIsALayerError()
    {
        // The viewer's style editor builds styles without the parser: the render checks them per layer, and the
        // other layers still draw.
        RenderRequest request = pointRequest("Nizwa", 200, 100, 100000);
        MapLayer fine;
        fine.name = "fine";
        fine.vector = pointLayer("x", 200, 100);
        fine.style.renderer.symbol.size = Length{20};
        fine.style.renderer.symbol.fill.color = Color(255, 0, 0);
        request.layers.push_back(fine);
        request.background = Qt::white;
        const RenderResult result = renderImage(request);
        QCOMPARE(int(result.errors.size()), 1);
        QCOMPARE(QString::fromStdString(result.errors[0].layer), QString("points"));
        QCOMPARE(QString::fromStdString(result.errors[0].message),
            QString("style.labels.size: 100000 px is larger than the limit of 1000 px (264.6 mm)"));
        QVERIFY(!result.image.isNull());
        QCOMPARE(QColor(result.image.pixel(100, 50)), QColor(Qt::red)); // the other layer's marker
    }

    void proportionalMarkerAboveItsMaxIsBounded()
    {
        // size_field_max far below the data: a value of 1e12 asked for a marker a million times `size` (the render
        // ran until killed). It is drawn no larger than the largest size a style may give, 200 px: a disc of
        // radius 100 around the point, the rest background.
        GeometryColumn g;
        AttributeTable t;
        t.addColumn("v", FieldType::Real);
        g.beginGeometry(GeometryType::Point);
        g.beginPart(GeometryType::Point);
        g.beginRing();
        g.addCoord(300, 300);
        g.endGeometry();
        t.column(0).appendReal(1e12);
        RenderRequest request;
        request.extent = Box(0, 0, 600, 600);
        request.size = QSize(600, 600);
        MapLayer m;
        m.name = "proportional";
        m.vector = std::make_shared<Layer>("p", Crs(), GeometryType::Point, std::move(g), std::move(t));
        Symbol& s = m.style.renderer.symbol;
        s.size = Length{10};
        s.sizeField = "v";
        s.sizeFieldMax = 1e-6;
        s.fill.color = Color(255, 0, 0);
        s.stroke.enabled = false;
        request.layers.push_back(m);
        const RenderResult result = renderImage(request);
        QVERIFY2(result.errors.empty(), result.errors.empty() ? "" : result.errors[0].message.c_str());
        QCOMPARE(result.image.pixelColor(300 + 95, 300), QColor(Qt::red));
        QCOMPARE(result.image.pixelColor(300, 300 - 95), QColor(Qt::red));
        QCOMPARE(result.image.pixelColor(300 + 105, 300), QColor(Qt::white));
        QCOMPARE(result.image.pixelColor(300 + 75, 300 + 75), QColor(Qt::white)); // outside the disc, inside its square
    }

    void renderRequests_data()
    {
        QTest::addColumn<double>("dpi");
        QTest::addColumn<QSize>("size");
        QTest::addColumn<QString>("says");
        const QString dpiLimits = "is outside the limits of 1 to 2400 dpi";
        QTest::newRow("dpi nan") << kNaN << QSize(100, 100) << "a resolution of nan dpi " + dpiLimits;
        QTest::newRow("dpi 0") << 0.0 << QSize(100, 100) << "a resolution of 0 dpi " + dpiLimits;
        QTest::newRow("dpi negative") << -96.0 << QSize(100, 100) << "a resolution of -96 dpi " + dpiLimits;
        QTest::newRow("dpi inf") << kInf << QSize(100, 100) << "a resolution of inf dpi " + dpiLimits;
        QTest::newRow("dpi 1e9") << 1e9 << QSize(100, 100) << "a resolution of 1000000000 dpi " + dpiLimits;
        QTest::newRow("size 0x0") << 96.0 << QSize(0, 0) << "an image of 0 x 0 pixels is empty (at least 1 x 1)";
        QTest::newRow("size negative") << 96.0 << QSize(-5, 10) << "an image of -5 x 10 pixels is empty (at least 1 x 1)";
        QTest::newRow("size 100000") << 96.0 << QSize(100000, 100000)
            << "an image of 100000 x 100000 pixels is larger than the limit of 32768 pixels a side";
        QTest::newRow("side") << 96.0 << QSize(40000, 10) << "an image of 40000 x 10 pixels is larger than the limit of 32768 pixels a side";
        QTest::newRow("pixels") << 96.0 << QSize(20000, 20000)
            << "an image of 20000 x 20000 pixels (400000000 pixels) is larger than the limit of 268435456 pixels (1 GiB)";
    }

    void renderRequests()
    {
        QFETCH(double, dpi);
        QFETCH(QSize, size);
        QFETCH(QString, says);
        RenderRequest request = pointRequest("Nizwa", 100, 100, 10);
        request.dpi = dpi;
        request.size = size;
        // renderImage never throws: the refusal is its one error, with no image.
        const RenderResult result = renderImage(request);
        QVERIFY(result.image.isNull());
        QCOMPARE(int(result.errors.size()), 1);
        QCOMPARE(QString::fromStdString(result.errors[0].message), "render: " + says);
        // exportMap throws before it writes anything.
        for (const char* ext : {".png", ".pdf", ".svg"}) {
            const QString out = m_dir.filePath(QString("refused") + ext);
            const QString error = errorOf([&] { exportMap(request, out.toStdString()); });
            QCOMPARE(error, out + ": " + says);
            QVERIFY(!QFile::exists(out));
        }
    }

    void layoutTemplates_data()
    {
        QTest::addColumn<QJsonObject>("page");
        QTest::addColumn<QJsonObject>("title");
        QTest::addColumn<QString>("says");
        // The review's runs until killed: a title or legend font of 1,000,000 pt.
        QTest::newRow("title font") << QJsonObject() << QJsonObject{{"font_size", 1e6}}
            << "items[0].font_size: 1000000 pt is outside the limits of 3 to 300 pt";
        QTest::newRow("legend font") << QJsonObject() << QJsonObject{{"type", "legend"}, {"font_size", 1e5}}
            << "items[0].font_size: 100000 pt is outside the limits of 3 to 300 pt";
        QTest::newRow("tiny font") << QJsonObject() << QJsonObject{{"type", "text"}, {"font_size", 0.01}}
            << "items[0].font_size: 0.01 pt is outside the limits of 3 to 300 pt";
        QTest::newRow("negative font") << QJsonObject() << QJsonObject{{"font_size", -20}}
            << "items[0].font_size: -20 pt is outside";
        QTest::newRow("scale negative") << QJsonObject() << QJsonObject{{"type", "map"}, {"scale", -1}}
            << "items[0].scale: -1 is not a scale denominator from 1 to 1000000000 (or 0: fit the map)";
        QTest::newRow("scale 1:0.001") << QJsonObject() << QJsonObject{{"type", "map"}, {"scale", 0.001}}
            << "items[0].scale: 0.001 is not a scale denominator";
        QTest::newRow("scale 1e15") << QJsonObject() << QJsonObject{{"type", "map"}, {"scale", 1e15}}
            << "items[0].scale: 1e+15 is not a scale denominator";
        QTest::newRow("grid font") << QJsonObject()
            << QJsonObject{{"type", "map"}, {"grid", QJsonObject{{"type", "utm"}, {"font_size", 1000}}}}
            << "items[0].grid.font_size: expected 3 to 36 points";
        QTest::newRow("margin") << QJsonObject{{"margin_mm", -50}} << QJsonObject()
            << "page.margin_mm: expected 0 to less than half the page's shorter side";
        QTest::newRow("page") << QJsonObject{{"size", "custom"}, {"width_mm", 1e9}, {"height_mm", 100}} << QJsonObject()
            << "page.size: \"custom\" is not A0..A4";
    }

    void layoutTemplates()
    {
        QFETCH(QJsonObject, page);
        QFETCH(QJsonObject, title);
        QFETCH(QString, says);
        const QString path = m_dir.filePath("hostile.json");
        gis::test::writeFile(path, layoutTemplate(page, title));
        const QString error = errorOf([&] { readLayoutFile(path.toStdString()); });
        QVERIFY2(error.startsWith(path + ": " + says), qPrintable(error));
    }

    void layoutExports_data()
    {
        QTest::addColumn<QString>("ext");
        QTest::addColumn<double>("dpi");
        QTest::addColumn<QString>("says");
        // A4 landscape: 297 x 210 mm; the map frame 200 x 150 mm.
        QTest::newRow("png 100000 dpi") << "png" << 1e5 << "a resolution of 100000 dpi is outside the limits of 1 to 2400 dpi";
        QTest::newRow("png 2400 dpi") << "png" << 2400.0
            << "an image of 28063 x 19843 pixels (556854109 pixels) is larger than the limit of 268435456 pixels (1 GiB) "
               "for the page of 297 x 210 mm at 2400 dpi (at most 1666 dpi)";
        QTest::newRow("pdf 100000 dpi") << "pdf" << 1e5 << "a resolution of 100000 dpi is outside the limits of 1 to 2400 dpi";
        QTest::newRow("pdf nan") << "pdf" << kNaN << "a resolution of nan dpi is outside";
        QTest::newRow("pdf 0") << "pdf" << 0.0 << "a resolution of 0 dpi is outside";
    }

    void layoutExports()
    {
        QFETCH(QString, ext);
        QFETCH(double, dpi);
        QFETCH(QString, says);
        const QString path = m_dir.filePath("page.json");
        gis::test::writeFile(path, layoutTemplate({}, {}));
        const Layout layout = readLayoutFile(path.toStdString());
        LayoutContent content;
        content.map = pointRequest("Nizwa", 100, 100, 10);
        content.title = "Title";
        const QString out = m_dir.filePath("page." + ext);
        QString error = errorOf([&] { exportLayout(layout, content, out.toStdString(), dpi); });
        QVERIFY2(error.startsWith(out + ": " + says), qPrintable(error));
        QVERIFY(!QFile::exists(out));
        error = errorOf([&] { exportLayoutPages(layout, {content, content}, out.toStdString(), dpi); });
        QVERIFY2(error.startsWith(out + ": " + says), qPrintable(error));
        QVERIFY(QDir(m_dir.path()).entryList({"page*." + ext}).isEmpty());
        if (ext == "png") { // the viewer's preview: no image, the reason among the errors
            std::vector<LayerError> errors;
            QVERIFY(renderLayoutImage(layout, content, dpi, {}, &errors).isNull());
            QCOMPARE(int(errors.size()), 1);
            QVERIFY2(QString::fromStdString(errors[0].message).startsWith("page image: " + says), errors[0].message.c_str());
        }
    }

    void hugeFontInALayoutMadeInCodeStillEnds()
    {
        // A Layout built in code skips the template's checks: the page image refuses it, and drawLayout itself
        // starts its shrinking loops from the limit (the review's font of 1e6 pt ran until killed).
        const QString path = m_dir.filePath("page.json");
        gis::test::writeFile(path, layoutTemplate({}, {}));
        Layout layout = readLayoutFile(path.toStdString());
        layout.items[0].fontSizePt = 1e6;
        LayoutContent content;
        content.map = pointRequest("Nizwa", 100, 100, 10);
        content.title = "Title";
        std::vector<LayerError> errors;
        QVERIFY(renderLayoutImage(layout, content, 30, {}, &errors).isNull());
        QVERIFY(!errors.empty());
        QCOMPARE(QString::fromStdString(errors[0].message),
            QString("layout: items[0].font_size: 1000000 pt is outside the limits of 3 to 300 pt"));
        QImage image(QSize(351, 248), QImage::Format_ARGB32_Premultiplied);
        QPainter painter(&image);
        drawLayout(painter, layout, content, 30);
        painter.end();
        QVERIFY(image.pixelColor(5, 5) == Qt::white);
    }

    void hugePageMadeInCodeIsRefused()
    {
        const QString path = m_dir.filePath("page.json");
        gis::test::writeFile(path, layoutTemplate({}, {}));
        Layout layout = readLayoutFile(path.toStdString());
        layout.widthMm = 1e9;
        LayoutContent content;
        content.map = pointRequest("Nizwa", 100, 100, 10);
        const QString out = m_dir.filePath("wide.pdf");
        const QString error = errorOf([&] { exportLayout(layout, content, out.toStdString(), 300); });
        QCOMPARE(error, QString("layout: page.size: 1000000000 x 210 mm is outside the limits of 10 to 5000 mm a side"));
        QVERIFY(!QFile::exists(out));
    }

    void denseGridIsReported()
    {
        // A 1 m UTM grid over a 100 km frame: 100,000 lines. None is drawn, and the export says why.
        const QString path = m_dir.filePath("grid.json");
        gis::test::writeFile(path, layoutTemplate({}, QJsonObject{{"type", "map"}, {"grid", QJsonObject{{"type", "utm"}, {"interval", 1}}}}));
        const Layout layout = readLayoutFile(path.toStdString());
        LayoutContent content;
        content.map = pointRequest("Nizwa", 100, 100, 10);
        content.map.crs = Crs::fromEpsg(32640);
        content.map.extent = Box(500000, 2500000, 600000, 2575000);
        const auto errors = exportLayout(layout, content, m_dir.filePath("grid.pdf").toStdString(), 30);
        QCOMPARE(int(errors.size()), 1);
        QCOMPARE(QString::fromStdString(errors[0].layer), QString("map"));
        QCOMPARE(QString::fromStdString(errors[0].message),
            QString("grid: an interval of 1 gives more than 400 lines across the frame; no grid drawn (0 chooses one)"));
        // An interval of 10 km on the same frame is drawn without a word.
        gis::test::writeFile(path, layoutTemplate({}, QJsonObject{{"type", "map"}, {"grid", QJsonObject{{"type", "utm"}, {"interval", 10000}}}}));
        QVERIFY(exportLayout(readLayoutFile(path.toStdString()), content, m_dir.filePath("grid.pdf").toStdString(), 30).empty());
    }

    void hugeLabelIsCutAndDrawn()
    {
        // The review's 50 MB attribute as a label: cut to 1000 code points and an ellipsis before it is shaped.
        // A 2 px font on a wide map gives the cut label room to be placed, so its drawn text can be read back.
        std::string huge;
        for (std::size_t i = 0; huge.size() < 50u * 1024 * 1024; ++i)
            huge += i % 2 ? "Nizwa " : "\xd9\x86\xd8\xb2\xd9\x88\xd9\x89 \n"; // نزوى, and newlines that collapse
        const RenderRequest request = pointRequest(huge, 4000, 200, 2);
        const RenderResult result = renderImage(request);
        QVERIFY2(result.errors.empty(), result.errors.empty() ? "" : result.errors[0].message.c_str());
        QCOMPARE(int(result.labels.size()), 1);
        const QString text = result.labels[0].text;
        QCOMPARE(text.size(), 1001);
        QVERIFY(text.endsWith(QChar(0x2026)));
        QVERIFY(text.startsWith(QString::fromUtf8("نزوى Nizwa نزوى Nizwa")));
        QVERIFY(result.labels[0].box.width() > 100);
    }

    void hugeAtlasTitleIsCut()
    {
        // atlasPages cuts the title the same way (the review's --atlas-title on a 50 MB field ran until killed);
        // the page then draws in ordinary time.
        Project project;
        project.title = "T";
        project.language = "en";
        ProjectLayer towns;
        towns.map.name = "governorates"; // the name the template's locator map draws
        towns.map.vector = pointLayer(std::string(50u * 1024 * 1024, 'A'), 100, 100);
        towns.available = true;
        project.layers.push_back(towns);
        const LayoutContent base = projectLayoutContent(project, "en");
        const auto pages = atlasPages(project, base, "governorates", "name");
        QCOMPARE(int(pages.size()), 1);
        QCOMPARE(pages[0].title, QString(1000, 'A') + QChar(0x2026));
        const Layout layout = readLayoutFile(GIS_SOURCE_DIR "/styles/layouts/a4-landscape-en.json");
        std::vector<LayerError> errors;
        QVERIFY(!renderLayoutImage(layout, pages[0], 30, {}, &errors).isNull());
        QVERIFY2(errors.empty(), errors.empty() ? "" : errors[0].message.c_str());
    }

    void limitTextKeepsCodePointsWhole()
    {
        const QString emoji = QString::fromUcs4(U"\U0001F30D"); // two UTF-16 units
        QString text;
        for (int i = 0; i < 1500; ++i)
            text += emoji;
        const QString cut = limitText(text);
        QCOMPARE(cut, text.left(2000) + QChar(0x2026));
        QCOMPARE(limitText(text.toStdString()), cut);
        QCOMPARE(limitText(QString(1000, 'x')), QString(1000, 'x')); // at the limit: untouched
        QCOMPARE(limitText(std::string(1001, 'x')), QString(1000, 'x') + QChar(0x2026));
        // Whitespace collapsed first, then cut: 2000 spaces between two words still leave both.
        QCOMPARE(limitText("a" + std::string(2000, ' ') + "b", true), QString("a b"));
        // A multi-byte character straddling the UTF-8 prefix's end is not split into a replacement character,
        // and a text cut at the prefix gets its ellipsis even when the prefix is short after collapsing.
        std::string arabic = "x";
        for (int i = 0; i < 100000; ++i)
            arabic += "\xd9\x86"; // ن
        const QString fromUtf8 = limitText(arabic);
        QCOMPARE(fromUtf8.size(), 1001);
        QVERIFY(!fromUtf8.contains(QChar(0xFFFD)));
        QCOMPARE(limitText(std::string(100000, ' ') + "tail", true), QString(QChar(0x2026)));
    }

    void cli_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("says");
        QTest::newRow("dpi nan") << QStringList{"--dpi", "nan"} << "--dpi: \"nan\" is not a number";
        QTest::newRow("dpi inf") << QStringList{"--dpi", "inf"} << "--dpi: \"inf\" is not a number";
        QTest::newRow("dpi 0") << QStringList{"--dpi", "0"} << "--dpi must be a number";
        QTest::newRow("dpi negative") << QStringList{"--dpi=-300"} << "--dpi must be a number";
        QTest::newRow("dpi 1e9") << QStringList{"--dpi", "1e9"} << "--dpi must be a number";
        QTest::newRow("size 0x0") << QStringList{"--size", "0x0"} << "--size must be whole pixels between 1x1 and 32768x32768, not \"0x0\"";
        QTest::newRow("size 100000") << QStringList{"--size", "100000x100000"} << "--size must be whole pixels between 1x1 and 32768x32768";
        QTest::newRow("size nan") << QStringList{"--size", "nanx100"} << "--size width: \"nan\" is not a number";
        QTest::newRow("size pixels") << QStringList{"--size", "20000x20000"}
            << "an image of 20000 x 20000 pixels (400000000 pixels) is larger than the limit of 268435456 pixels";
    }

    void cli()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, says);
        for (const char* ext : {".png", ".pdf"}) {
            const QString out = m_dir.filePath(QString("cli") + ext);
            const auto r = gis::test::runTool(kGis, QStringList{"render", kProject, "-o", out} + args);
            QVERIFY(!r.crashed);
            QVERIFY(r.exitCode != 0);
            QVERIFY2(QString::fromUtf8(r.err).contains(says), r.err.constData());
            QVERIFY(!QFile::exists(out));
        }
    }

    void cliExportMapDpi_data()
    {
        QTest::addColumn<QString>("dpi");
        QTest::newRow("nan") << "nan";
        QTest::newRow("inf") << "inf";
        QTest::newRow("0") << "0";
        QTest::newRow("1e9") << "1e9";
    }

    void cliExportMapDpi()
    {
        QFETCH(QString, dpi);
        const QString out = m_dir.filePath("layout.png");
        const auto r = gis::test::runTool(kGis, {"export-map", kProject, "-o", out, "--dpi", dpi});
        QVERIFY(!r.crashed);
        QVERIFY(r.exitCode != 0);
        // Not a finite number at all ("nan", "inf") is refused by the number parser; a number out of range by the range.
        const QString err = QString::fromUtf8(r.err);
        QVERIFY2(err.contains("--dpi must be a number between 30 and 1200, not \"" + dpi + "\"")
                || err.contains("--dpi: \"" + dpi + "\" is not a number"), r.err.constData());
        QVERIFY(!QFile::exists(out));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestRenderLimits)
#include "tst_renderlimits.moc"
