// The map renderer against independent oracles: small reference images (looked at by a person, regenerated
// with GIS_UPDATE_REFERENCES=1), gdal_rasterize for filled polygons, PROJ (through Transformer) for where a
// reprojected point lands, poppler and QXmlStreamReader for PDF and SVG export, and its own single-threaded
// output for the two-band parallel render.
//
// Small layers are built in "device units": map (x, y) with an extent of (0, 0, W, H) lands on device pixel
// (x, H - y), so the cases below read as pixel positions.

#include <QBuffer>
#include <QDir>
#include <QImageWriter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QSvgGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <chrono>
#include <cmath>
#include <random>
#include <thread>

#include "gis/render/qtstyle.h"
#include "gis/core/error.h"
#include "gis/crs/transformer.h"
#include "gis/data/datasource.h"
#include "gis/render/maprenderer.h"
#include "gis/render/rasterdraw.h"
#include "support/referenceimage.h"
#include "support/testsupport.h"

#include "layerprep.h"
#include "pointblitter.h"
#include "projectioncache.h"
#include "vectordrawer.h"

using namespace gis;

namespace {

using Ring = std::vector<QPointF>;

struct Feature {
    GeometryType type = GeometryType::Point;
    std::vector<Ring> rings; // a point: one ring of one point; a polygon: exterior then holes
    QString kind;
    double value = 0;
};

Feature point(double x, double y, const QString& kind = {}, double value = 0)
{
    return {GeometryType::Point, {{QPointF(x, y)}}, kind, value};
}
Feature line(Ring r, const QString& kind = {}, double value = 0) { return {GeometryType::LineString, {std::move(r)}, kind, value}; }
Feature polygon(std::vector<Ring> rings, const QString& kind = {}, double value = 0)
{
    return {GeometryType::Polygon, std::move(rings), kind, value};
}
Ring rect(double x, double y, double w, double h) { return {{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}, {x, y}}; }

/// A layer of features given in device pixels of an image `height` tall (see the file comment).
std::shared_ptr<const Layer> makeLayer(const std::vector<Feature>& features, double height, Crs crs = {},
    const char* name = "layer")
{
    GeometryColumn g;
    AttributeTable t;
    t.addColumn("kind", FieldType::String);
    t.addColumn("value", FieldType::Real);
    AttributeColumn& kind = t.column(0); // taken after both are added: adding one may move the other
    AttributeColumn& value = t.column(1);
    GeometryType type = features.empty() ? GeometryType::Point : features.front().type;
    for (const Feature& f : features) {
        if (f.type != type)
            type = GeometryType::GeometryCollection;
        g.beginGeometry(f.type);
        g.beginPart(f.type);
        for (const Ring& r : f.rings) {
            g.beginRing();
            for (const QPointF& p : r)
                g.addCoord(p.x(), height - p.y());
        }
        g.endGeometry();
        kind.appendString(f.kind.toStdString());
        value.appendReal(f.value);
    }
    return std::make_shared<Layer>(name, std::move(crs), type, std::move(g), std::move(t));
}

MapLayer mapLayer(std::shared_ptr<const Layer> layer, const Symbol& symbol, const char* name = "layer")
{
    MapLayer m;
    m.name = name;
    m.vector = std::move(layer);
    m.style.renderer.symbol = symbol;
    return m;
}

RenderRequest deviceRequest(int w, int h)
{
    RenderRequest r;
    r.extent = Box(0, 0, w, h);
    r.size = QSize(w, h);
    r.drawLabels = false;
    return r;
}

Symbol markerSymbol(Symbol::Marker marker, double size, QColor fill, QColor stroke = QColor(30, 30, 30))
{
    Symbol s;
    s.marker = marker;
    s.size = Length{size};
    s.fill.color = toColor(fill);
    s.stroke.color = toColor(stroke);
    s.stroke.width = Length{1};
    return s;
}

Symbol fillSymbol(QColor fill, Fill::Pattern pattern = Fill::Pattern::Solid, bool outline = true)
{
    Symbol s;
    s.fill.color = toColor(fill);
    s.fill.pattern = pattern;
    s.stroke.enabled = outline;
    s.stroke.color = Color::black();
    return s;
}

QString dataPath(const QString& file) { return QString(GIS_SOURCE_DIR) + "/tests/render/data/" + file; }


int countPixels(const QImage& image, const std::function<bool(QRgb)>& test)
{
    int n = 0;
    const QImage argb = image.convertToFormat(QImage::Format_ARGB32);
    for (int y = 0; y < argb.height(); ++y)
        for (int x = 0; x < argb.width(); ++x)
            n += test(argb.pixel(x, y));
    return n;
}

bool reddish(QRgb c) { return qRed(c) > 180 && qGreen(c) < 90 && qBlue(c) < 90; }
bool bluish(QRgb c) { return qBlue(c) > 180 && qRed(c) < 90 && qGreen(c) < 90; }

// Reference scenes, 128 x 96 unless said otherwise.
RenderRequest markerScene(Symbol::Marker marker)
{
    RenderRequest r = deviceRequest(64, 64);
    Symbol s = markerSymbol(marker, 14, QColor(230, 120, 30));
    if (marker == Symbol::Marker::Svg)
        s.icon = dataPath("pin.svg").toStdString();
    r.layers.push_back(mapLayer(makeLayer({point(16.5, 16.5), point(44.5, 18.5)}, 64), s));
    s.size = Length{24};
    s.opacity = 0.6;
    r.layers.push_back(mapLayer(makeLayer({point(24.5, 42.5), point(36.5, 46.5)}, 64), s));
    return r;
}

RenderRequest linesScene()
{
    RenderRequest r = deviceRequest(128, 96);
    r.background = QColor(235, 235, 220);
    Symbol road;
    road.stroke.color = Color(240, 160, 40);
    road.stroke.width = Length{4};
    road.casing = Stroke{Color(90, 60, 20), Length{7}, {}, LineCap::Round, LineJoin::Round, true};
    // Crossing roads: the casings all go under both strokes, so the junction is open.
    r.layers.push_back(mapLayer(makeLayer({line({{10, 20}, {118, 70}}), line({{20, 80}, {110, 15}})}, 96), road));
    Symbol track;
    track.stroke.color = Color(40, 40, 160);
    track.stroke.width = Length{2};
    track.stroke.dashes = {3, 2};
    track.stroke.cap = LineCap::Flat;
    r.layers.push_back(mapLayer(makeLayer({line({{8, 88}, {60, 60}, {120, 88}})}, 96), track));
    Symbol thin;
    thin.stroke.color = Color(0, 120, 0);
    thin.stroke.width = Length{0.5, Length::Unit::Millimetre}; // 1.9 px at 96 dpi
    thin.stroke.dashes = {1, 2, 4}; // odd: repeated to make it even
    r.layers.push_back(mapLayer(makeLayer({line({{8, 8}, {120, 8}})}, 96), thin));
    return r;
}

RenderRequest hatchScene()
{
    RenderRequest r = deviceRequest(128, 96);
    const std::pair<Fill::Pattern, QRectF> cells[] = {{Fill::Pattern::Horizontal, {6, 6, 54, 38}},
        {Fill::Pattern::ForwardDiagonal, {68, 6, 54, 38}}, {Fill::Pattern::DiagonalCross, {6, 52, 54, 38}},
        {Fill::Pattern::Dots, {68, 52, 54, 38}}};
    for (const auto& [pattern, box] : cells) {
        Symbol s = fillSymbol(QColor(20, 90, 160), pattern);
        s.fill.spacing = Length{5};
        r.layers.push_back(mapLayer(makeLayer({polygon({rect(box.x(), box.y(), box.width(), box.height())})}, 96), s));
    }
    return r;
}

std::vector<Feature> mixedPolygons()
{
    return {polygon({rect(6, 6, 40, 40), rect(16, 16, 12, 12)}, "wadi", 10), // with a hole
        polygon({rect(52, 10, 30, 70)}, "falaj", 55), polygon({rect(88, 20, 34, 34)}, "wadi", 90),
        polygon({rect(10, 60, 30, 30)}, "souq", 30)};
}

RenderRequest categorizedScene()
{
    RenderRequest r = deviceRequest(128, 96);
    MapLayer m = mapLayer(makeLayer(mixedPolygons(), 96), fillSymbol(Qt::gray));
    m.style.renderer.kind = Renderer::Kind::Categorized;
    m.style.renderer.field = "kind";
    m.style.renderer.categories = {{"wadi", "Wadi", fillSymbol(QColor(102, 194, 165))},
        {"falaj", "Falaj", fillSymbol(QColor(252, 141, 98))}}; // "souq" is not listed: not drawn
    r.layers.push_back(m);
    return r;
}

RenderRequest graduatedScene()
{
    RenderRequest r = deviceRequest(128, 96);
    std::vector<Feature> points;
    for (int i = 0; i < 10; ++i)
        points.push_back(point(10.5 + i * 12, 20.5 + (i % 3) * 25, {}, i * 10));
    MapLayer m = mapLayer(makeLayer(points, 96), markerSymbol(Symbol::Marker::Circle, 9, Qt::gray));
    m.style.renderer.kind = Renderer::Kind::Graduated;
    m.style.renderer.field = "value";
    const QColor colors[] = {QColor(254, 240, 217), QColor(253, 204, 138), QColor(252, 141, 89), QColor(215, 48, 31)};
    for (int c = 0; c < 4; ++c)
        m.style.renderer.ranges.push_back(
            {c * 25.0, (c + 1) * 25.0, {}, markerSymbol(Symbol::Marker::Square, 9 + 2 * c, colors[c])});
    r.layers.push_back(m);
    return r;
}

RenderRequest ruleScene()
{
    RenderRequest r = deviceRequest(128, 96);
    MapLayer m = mapLayer(makeLayer(mixedPolygons(), 96), fillSymbol(Qt::gray));
    m.style.renderer.kind = Renderer::Kind::RuleBased;
    Renderer::Rule big{"big", "value >= 50", false, 0, 0, fillSymbol(QColor(200, 30, 30), Fill::Pattern::BackwardDiagonal)};
    Renderer::Rule wadi{"wadi", "kind = 'wadi'", false, 0, 0, fillSymbol(QColor(30, 30, 200))};
    Renderer::Rule hidden{"far", "", false, 1, 1000, fillSymbol(Qt::green)}; // out of scale range: ignored
    Renderer::Rule other{"else", "", true, 0, 0, fillSymbol(QColor(250, 200, 0))};
    m.style.renderer.rules = {big, wadi, hidden, other};
    r.layers.push_back(m);
    return r;
}

RenderRequest opacityScene()
{
    RenderRequest r = deviceRequest(128, 96);
    r.layers.push_back(mapLayer(makeLayer({polygon({rect(10, 10, 70, 60)})}, 96), fillSymbol(QColor(30, 60, 200))));
    // Layer opacity: the overlap of its two polygons is no darker than the rest (one layer image, then 50%).
    MapLayer top = mapLayer(makeLayer({polygon({rect(40, 30, 60, 50)}), polygon({rect(60, 20, 60, 40)})}, 96),
        fillSymbol(QColor(220, 40, 40), Fill::Pattern::Solid, false));
    top.style.opacity = 0.5;
    r.layers.push_back(top);
    // Symbol opacity: multiplies the colours, so overlaps within the layer do darken.
    Symbol faint = markerSymbol(Symbol::Marker::Circle, 20, QColor(0, 160, 0));
    faint.opacity = 0.4;
    r.layers.push_back(mapLayer(makeLayer({point(20.5, 80.5), point(30.5, 80.5)}, 96), faint));
    return r;
}

RenderRequest proportionalScene()
{
    RenderRequest r = deviceRequest(128, 96);
    Symbol s = markerSymbol(Symbol::Marker::Circle, 40, QColor(120, 60, 160, 200));
    s.sizeField = "value"; // area follows the value: 100 -> 40 px, 25 -> 20 px
    r.layers.push_back(mapLayer(makeLayer({point(30.5, 48.5, {}, 100), point(80.5, 30.5, {}, 25),
                                   point(100.5, 70.5, {}, 6.25), point(60.5, 80.5, {}, 0)}, 96), s));
    return r;
}

} // namespace

class TestMapRenderer : public QObject {
    Q_OBJECT

private slots:
    // Two dashed outlines along a shared edge stroke it in opposite directions from different starts: their dashes
    // fill each other's gaps and the boundary read as solid (issue 17). Each shared edge is stroked once, so its
    // gaps show like those of an outer edge; the image is the same in the parallel and the PDF-like path.
    void dashedSharedEdgesStayDashed()
    {
        const int w = 140, h = 120;
        // Left square's ring reaches the shared edge x = 60 after 60 px going up, the right square's after 300 px
        // going down: with a 12 px period both start it in phase and, going opposite ways, cover every gap.
        const auto layer = makeLayer({polygon({rect(10, 10, 50, 100)}), polygon({rect(60, 10, 60, 100)})}, h);
        Symbol s;
        s.fill.pattern = Fill::Pattern::None;
        s.stroke.color = Color::black();
        s.stroke.width = Length{2};
        s.stroke.dashes = {4, 2};
        s.stroke.cap = LineCap::Flat;
        RenderRequest r = deviceRequest(w, h);
        r.layers.push_back(mapLayer(layer, s));
        const auto gapShare = [&](const QImage& image, int x) {
            int gaps = 0, n = 0;
            for (int y = 20; y < 100; ++y, ++n) { // clear of the corners, where the horizontal edges pass
                const QRgb c = image.pixel(x, y);
                gaps += qGray(c) > 200 && qGray(image.pixel(x - 1, y)) > 200;
            }
            return double(gaps) / n;
        };
        const QImage image = renderImage(r).image.convertToFormat(QImage::Format_ARGB32);
        const double outer = gapShare(image, 10), shared = gapShare(image, 60);
        QVERIFY2(outer > 0.2, QByteArray::number(outer)); // a 2-on-1-off pattern: a third of the edge is gap
        QVERIFY2(shared > 0.2, QByteArray::number(shared) + " of the shared edge is gap");
        QVERIFY2(std::abs(shared - outer) < 0.1, QByteArray::number(shared) + " vs " + QByteArray::number(outer));
        // The painter path (PDF, SVG, print layouts) strokes the same runs.
        QImage painted(w, h, QImage::Format_ARGB32_Premultiplied);
        painted.fill(Qt::white);
        {
            QPainter p(&painted);
            renderToPainter(p, r);
        }
        QVERIFY2(gapShare(painted.convertToFormat(QImage::Format_ARGB32), 60) > 0.2, "painter path");
    }

    void transformFitsExtent()
    {
        // A square extent in a 2:1 image is widened, centred, to 2:1.
        const MapTransform t(Box(0, 0, 10, 10), QSize(200, 100));
        QCOMPARE(t.pixelSize(), 0.1);
        QCOMPARE(t.extent(), Box(-5, 0, 15, 10));
        QCOMPARE(t.toDevice({0, 10}), QPointF(50, 0));
        QCOMPARE(t.toMap(QPointF(200, 100)).x, 15.0);
        const MapTransform point(Box(3, 4, 3, 4), QSize(10, 10)); // degenerate: one unit a pixel
        QCOMPARE(point.pixelSize(), 1.0);
    }

    void scale()
    {
        RenderRequest r;
        r.crs = Crs::fromEpsg(32640);
        r.extent = Box(500000, 2500000, 510000, 2510000); // 10 km across 1000 px at 96 dpi: 10 m a pixel
        r.size = QSize(1000, 1000);
        QVERIFY(std::abs(scaleDenominator(r) - 10 / (0.0254 / 96)) < 1);
        r.crs = Crs::fromEpsg(4326); // 0.1 degree at the equator: about 11.1 km
        r.extent = Box(0, -0.05, 0.1, 0.05);
        QVERIFY(std::abs(scaleDenominator(r) / (11132 / (0.0254 / 96) / 1000) - 1) < 0.01);
    }

    void references_data()
    {
        QTest::addColumn<QString>("name");
        for (const char* n : {"marker_circle", "marker_square", "marker_triangle", "marker_star", "marker_cross",
                 "marker_svg", "lines_casing_dashes", "hatch_fill", "categorized", "graduated", "rule_based", "opacity",
                 "proportional"})
            QTest::newRow(n) << QString(n);
    }
    void references()
    {
        QFETCH(QString, name);
        RenderRequest r;
        const std::map<QString, Symbol::Marker> markers = {{"marker_circle", Symbol::Marker::Circle},
            {"marker_square", Symbol::Marker::Square}, {"marker_triangle", Symbol::Marker::Triangle},
            {"marker_star", Symbol::Marker::Star}, {"marker_cross", Symbol::Marker::Cross},
            {"marker_svg", Symbol::Marker::Svg}};
        if (markers.count(name))
            r = markerScene(markers.at(name));
        else if (name == "lines_casing_dashes")
            r = linesScene();
        else if (name == "hatch_fill")
            r = hatchScene();
        else if (name == "categorized")
            r = categorizedScene();
        else if (name == "graduated")
            r = graduatedScene();
        else if (name == "rule_based")
            r = ruleScene();
        else if (name == "opacity")
            r = opacityScene();
        else
            r = proportionalScene();
        const RenderResult result = renderImage(r);
        QVERIFY2(result.errors.empty(), result.errors.empty() ? "" : result.errors.front().message.c_str());
        QVERIFY(!result.cancelled);
        gis::test::compareWithReference(result.image, name);
    }

    void featureCountsAndFilters()
    {
        const RenderResult categorized = renderImage(categorizedScene());
        QCOMPARE(categorized.featuresDrawn, std::size_t{3}); // the unlisted "souq" is not drawn
        const RenderResult rules = renderImage(ruleScene());
        QCOMPARE(rules.featuresDrawn, std::size_t{4});       // the else rule takes the souq
        const RenderResult sized = renderImage(proportionalScene());
        QCOMPARE(sized.featuresDrawn, std::size_t{3});       // value 0: no area, no marker
    }

    // Labels come from the label engine, above every layer; a label expression that does not compile is its
    // layer's error, and that layer's symbols are still drawn.
    void labelsOnTop_data()
    {
        QTest::addColumn<bool>("toPainter");
        QTest::newRow("image") << false;
        QTest::newRow("painter") << true;
    }
    void labelsOnTop()
    {
        QFETCH(bool, toPainter);
        RenderRequest r = deviceRequest(240, 120);
        r.drawLabels = true;
        MapLayer towns = mapLayer(makeLayer({point(60.5, 60.5, "Nizwa"), point(180.5, 60.5, "Bahla")}, 120),
            markerSymbol(Symbol::Marker::Circle, 8, Qt::red), "towns");
        towns.style.labels.enabled = true;
        towns.style.labels.text = "kind";
        MapLayer bad = mapLayer(makeLayer({point(120.5, 100.5, "x")}, 120), markerSymbol(Symbol::Marker::Square, 8, Qt::blue), "bad");
        bad.style.labels.enabled = true;
        bad.style.labels.text = "nosuchfield";
        r.layers = {towns, bad};
        RenderResult result;
        if (toPainter) {
            QImage image(r.size, QImage::Format_ARGB32_Premultiplied);
            QPainter painter(&image);
            result = renderToPainter(painter, r);
            result.image = image;
        } else {
            result = renderImage(r);
        }
        QCOMPARE(result.labels.size(), std::size_t{2});
        QStringList texts;
        for (const PlacedLabel& l : result.labels) {
            texts << l.text;
            QCOMPARE(l.layer, std::string("towns"));
            QVERIFY(QRectF(0, 0, 240, 120).contains(l.box));
        }
        texts.sort();
        QCOMPARE(texts, QStringList({"Bahla", "Nizwa"}));
        QCOMPARE(result.errors.size(), std::size_t{1});
        QCOMPARE(result.errors[0].layer, std::string("bad"));
        QCOMPARE(result.featuresDrawn, std::size_t{3});
        QVERIFY(countPixels(result.image, bluish) > 20); // the bad layer's marker is there
    }

    void polygonsAgreeWithGdalRasterize_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QSize>("size");
        QTest::newRow("governorates") << QString(GIS_SHARED_DATA_DIR) + "/oman/governorates.geojson" << QSize(300, 360);
        QTest::newRow("donuts") << QString() << QSize(256, 200);
    }
    void polygonsAgreeWithGdalRasterize()
    {
        QFETCH(QString, file);
        QFETCH(QSize, size);
        QTemporaryDir dir;
        if (file.isEmpty()) { // polygons with holes and a multipolygon, to check the fill rule
            file = dir.filePath("donuts.geojson");
            test::writeFile(file,
                "{\"type\":\"FeatureCollection\",\"features\":["
                "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
                "[[[0,0],[10,0],[10,8],[0,8],[0,0]],[[2,2],[5,2],[5,6],[2,6],[2,2]],[[6,1],[9,1],[7.5,7],[6,1]]]}},"
                "{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":"
                "[[[[11,0],[14,3],[11,6],[11,0]]],[[[12,7],[14,7],[14,8],[12,8],[12,7]]]]}}]}");
        }
        QVERIFY(test::haveTool("gdal_rasterize"));
        const auto layer = readLayer(file.toStdString());
        RenderRequest r;
        r.extent = layer->extent();
        r.size = size;
        r.background = Qt::transparent;
        r.layers.push_back(mapLayer(layer, fillSymbol(Qt::black, Fill::Pattern::Solid, false)));
        const RenderResult result = renderImage(r);
        QVERIFY(result.errors.empty());
        const Box e = MapTransform(r.extent, r.size).extent();
        const QString raw = dir.filePath("burn.img");
        const test::ToolResult tool = test::runTool("gdal_rasterize",
            {"-q", "-burn", "255", "-ot", "Byte", "-of", "ENVI", "-ts", QString::number(size.width()),
                QString::number(size.height()), "-te", QString::number(e.minX, 'g', 17), QString::number(e.minY, 'g', 17),
                QString::number(e.maxX, 'g', 17), QString::number(e.maxY, 'g', 17), file, raw});
        QVERIFY2(tool.exitCode == 0, tool.err.constData());
        const QByteArray burnt = test::readFile(raw);
        QCOMPARE(burnt.size(), size.width() * size.height());
        int agree = 0, inside = 0;
        for (int y = 0; y < size.height(); ++y)
            for (int x = 0; x < size.width(); ++x) {
                const bool ours = qAlpha(result.image.pixel(x, y)) >= 128; // antialiased: covered at least half
                const bool gdal = static_cast<unsigned char>(burnt[y * size.width() + x]) == 255;
                agree += ours == gdal;
                inside += gdal;
            }
        const double fraction = static_cast<double>(agree) / (size.width() * size.height());
        qInfo("%s: %.3f%% of pixels agree (%d burnt)", qPrintable(QFileInfo(file).fileName()), fraction * 100, inside);
        QVERIFY(inside > size.width() * size.height() / 10);
        QVERIFY2(fraction >= 0.99, qPrintable(QString::number(fraction)));
    }

    void brokenLayersDoNotStopOthers()
    {
        QTemporaryDir dir;
        const QString tif = dir.filePath("gone.tif");
        QVERIFY(test::haveTool("gdal_create"));
        const test::ToolResult made = test::runTool("gdal_create", {"-q", "-of", "GTiff", "-outsize", "8", "8", "-bands",
            "1", "-burn", "100", "-a_srs", "EPSG:4326", "-a_ullr", "0", "96", "128", "0", tif});
        QVERIFY2(made.exitCode == 0, made.err.constData());
        const auto raster = RasterSource::open(tif.toStdString());
        QVERIFY(QFile::remove(tif)); // vanished after it was opened

        RenderRequest r = deviceRequest(128, 96);
        r.crs = Crs::fromEpsg(4326);
        r.layers.push_back(mapLayer(makeLayer({polygon({rect(4, 4, 50, 50)})}, 96, Crs::fromEpsg(4326)),
            fillSymbol(QColor(220, 20, 20)), "red"));
        MapLayer broken = mapLayer(makeLayer({polygon({rect(30, 30, 60, 60)})}, 96, Crs::fromEpsg(4326)),
            fillSymbol(Qt::green), "broken rule");
        broken.style.renderer.kind = Renderer::Kind::RuleBased;
        broken.style.renderer.rules = {{"typo", "populaton > 3", false, 0, 0, fillSymbol(Qt::green)}};
        r.layers.push_back(broken);
        MapLayer missing;
        missing.name = "vanished raster";
        missing.raster = raster;
        r.layers.push_back(missing);
        MapLayer unknownField = mapLayer(makeLayer({polygon({rect(30, 30, 60, 60)})}, 96, Crs::fromEpsg(4326)),
            fillSymbol(Qt::green), "bad category field");
        unknownField.style.renderer.kind = Renderer::Kind::Categorized;
        unknownField.style.renderer.field = "nosuchfield";
        r.layers.push_back(unknownField);
        r.layers.push_back(mapLayer(makeLayer({point(100.5, 80.5)}, 96, Crs::fromEpsg(4326)),
            markerSymbol(Symbol::Marker::Square, 12, QColor(20, 20, 220), QColor(20, 20, 220)), "blue"));

        for (bool toPainter : {false, true}) {
            RenderResult result;
            if (toPainter) {
                QImage image(128, 96, QImage::Format_ARGB32_Premultiplied);
                QPainter painter(&image);
                result = renderToPainter(painter, r);
                result.image = image;
            } else {
                result = renderImage(r);
            }
            QCOMPARE(result.errors.size(), std::size_t{3});
            QCOMPARE(result.errors[0].layer, std::string("broken rule"));
            QVERIFY2(QString::fromStdString(result.errors[0].message).contains("populaton"), result.errors[0].message.c_str());
            QCOMPARE(result.errors[1].layer, std::string("vanished raster"));
            QCOMPARE(result.errors[2].layer, std::string("bad category field"));
            QVERIFY(countPixels(result.image, reddish) > 2000);
            QVERIFY(countPixels(result.image, bluish) > 100);
            QVERIFY(!result.cancelled);
        }
    }

    void cancellation_data()
    {
        QTest::addColumn<int>("delayMs");
        QTest::addColumn<int>("mapEpsg");
        QTest::newRow("while reprojecting") << 5 << 32640;
        QTest::newRow("early") << 5 << 4326;
        QTest::newRow("drawing") << 60 << 4326;
        QTest::newRow("later") << 250 << 4326;
    }
    void cancellation()
    {
        QFETCH(int, delayMs);
        QFETCH(int, mapEpsg);
        RenderRequest r = heavyRequest();
        r.crs = Crs::fromEpsg(mapEpsg);
        if (mapEpsg != 4326)
            r.extent = Box(200000, 1800000, 900000, 2950000);
        const CancellationToken token;
        RenderResult result;
        std::chrono::steady_clock::time_point returned;
        std::atomic<bool> started{false};
        std::thread worker([&] {
            started = true;
            result = renderImage(r, token);
            returned = std::chrono::steady_clock::now();
        });
        while (!started)
            std::this_thread::yield();
        std::this_thread::sleep_for(std::chrono::milliseconds(delayMs));
        const auto cancelledAt = std::chrono::steady_clock::now();
        token.cancel();
        worker.join();
        const double latency = std::chrono::duration<double, std::milli>(returned - cancelledAt).count();
        qInfo("returned %.1f ms after cancel", latency);
        QVERIFY2(result.cancelled, "the render finished before it was cancelled: make the request heavier");
        QVERIFY2(latency < 100, qPrintable(QString("%1 ms").arg(latency)));
        QVERIFY(result.errors.empty());
    }

    void reprojectedLayerLandsWherePROJSays_data()
    {
        QTest::addColumn<bool>("zoomed"); // a view much smaller than the layer: the search box goes back to 4326
        QTest::addColumn<bool>("toPainter");
        QTest::newRow("whole, image") << false << false;
        QTest::newRow("whole, painter") << false << true;
        QTest::newRow("zoomed, image") << true << false;
    }
    void reprojectedLayerLandsWherePROJSays()
    {
        QFETCH(bool, zoomed);
        QFETCH(bool, toPainter);
        const std::vector<Coord> lonLat = {{57.53, 22.93}, {56.2, 24.1}, {58.6, 22.3}}; // Nizwa, and two more
        GeometryColumn g;
        for (const Coord& c : lonLat)
            g.appendPoint(c.x, c.y);
        const auto layer = std::make_shared<Layer>("towns", Crs::fromEpsg(4326), GeometryType::Point, std::move(g), AttributeTable{});
        const Transformer toUtm(Crs::fromEpsg(4326), Crs::fromEpsg(32640));
        std::vector<Coord> utm = lonLat;
        toUtm.transform(utm.data(), utm.size());
        RenderRequest r;
        r.crs = Crs::fromEpsg(32640);
        r.size = QSize(300, 240);
        r.extent = zoomed ? Box(utm[0].x - 3000, utm[0].y - 3000, utm[0].x + 3000, utm[0].y + 3000)
                          : Box(utm[1].x - 30000, utm[2].y - 30000, utm[2].x + 30000, utm[1].y + 30000);
        r.layers.push_back(mapLayer(layer, markerSymbol(Symbol::Marker::Circle, 7, Qt::red, Qt::red)));
        RenderResult result;
        if (toPainter) {
            QImage image(r.size, QImage::Format_ARGB32_Premultiplied);
            QPainter painter(&image);
            result = renderToPainter(painter, r);
            result.image = image;
        } else {
            result = renderImage(r);
        }
        QVERIFY(result.errors.empty());
        const MapTransform t(r.extent, r.size);
        for (std::size_t i = 0; i < (zoomed ? 1 : utm.size()); ++i) {
            const QPointF expected = t.toDevice(utm[i]);
            double sx = 0, sy = 0, sw = 0; // centroid of the marker's red
            for (int y = int(expected.y()) - 8; y <= int(expected.y()) + 8; ++y)
                for (int x = int(expected.x()) - 8; x <= int(expected.x()) + 8; ++x) {
                    if (!result.image.rect().contains(x, y))
                        continue;
                    const QRgb c = result.image.pixel(x, y);
                    const double w = std::max(0, qRed(c) - qGreen(c)) / 255.0;
                    sx += (x + 0.5) * w;
                    sy += (y + 0.5) * w;
                    sw += w;
                }
            QVERIFY2(sw > 10, "marker not found");
            const QPointF found(sx / sw, sy / sw);
            QVERIFY2(std::hypot(found.x() - expected.x(), found.y() - expected.y()) <= 0.75,
                qPrintable(QString("expected (%1, %2), found (%3, %4)").arg(expected.x()).arg(expected.y())
                               .arg(found.x()).arg(found.y())));
        }
    }

    // Reprojected once per (layer, CRS) and reused; the cache never keeps a closed layer alive.
    void projectionCache()
    {
        std::weak_ptr<const Layer> weak;
        {
            const auto layer = makeLayer({polygon({rect(57, 22, 1, 1)})}, 0, Crs::fromEpsg(4326));
            weak = layer;
            const auto utm = detail::geometriesInCrs(layer, Crs::fromEpsg(32640));
            QCOMPARE(detail::geometriesInCrs(layer, Crs::fromEpsg(32640)).get(), utm.get()); // transformed once
            QCOMPARE(detail::geometriesInCrs(layer, Crs::fromEpsg(4326)).get(), &layer->geometries());
            QCOMPARE(detail::geometriesInCrs(layer, Crs()).get(), &layer->geometries());
            const Coord expected = Transformer(Crs::fromEpsg(4326), Crs::fromEpsg(32640)).transform(layer->geometries().coord(0));
            QCOMPARE(utm->coord(0), expected);
            QCOMPARE(detail::boundsInCrs(layer, Crs::fromEpsg(32640))->at(0), utm->bounds(0));
            RenderRequest r;
            r.crs = Crs::fromEpsg(32640);
            r.extent = utm->bounds(0);
            r.layers.push_back(mapLayer(layer, fillSymbol(Qt::red)));
            QVERIFY(renderImage(r).errors.empty());
            r.crs = Crs::fromEpsg(4326);
            r.extent = layer->extent();
            QVERIFY(renderImage(r).errors.empty());
        }
        QVERIFY(weak.expired());
    }

    void pdfKeepsVectors()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("map.pdf");
        RenderRequest r = categorizedScene();
        r.layers.push_back(linesScene().layers.front());
        {
            QPdfWriter pdf(path);
            pdf.setResolution(96);
            pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
            pdf.setPageSize(QPageSize(QSizeF(128 * 72.0 / 96, 96 * 72.0 / 96), QPageSize::Point));
            QPainter painter(&pdf);
            const RenderResult result = renderToPainter(painter, r);
            QVERIFY(result.errors.empty());
        }
        QVERIFY(test::haveTool("pdfinfo") && test::haveTool("pdfimages"));
        const test::ToolResult info = test::runTool("pdfinfo", {path});
        QVERIFY2(info.exitCode == 0, info.err.constData());
        QVERIFY2(QRegularExpression("Pages:\\s+1\\n").match(QString::fromUtf8(info.out)).hasMatch(), info.out.constData());
        // No raster anywhere: the map is paths, not a picture of paths.
        const test::ToolResult images = test::runTool("pdfimages", {"-list", path});
        QCOMPARE(images.exitCode, 0);
        QCOMPARE(images.out.trimmed().split('\n').size(), 2); // the two header lines only
        // The content streams hold path operators: moveto, lineto, fill, stroke.
        const QByteArray bytes = test::readFile(path);
        QByteArray content;
        for (qsizetype at = 0; (at = bytes.indexOf("stream", at)) >= 0;) {
            qsizetype begin = at + 6;
            while (begin < bytes.size() && (bytes[begin] == '\r' || bytes[begin] == '\n'))
                ++begin;
            const qsizetype end = bytes.indexOf("endstream", begin);
            if (end < 0)
                break;
            QByteArray zipped = bytes.mid(begin, end - begin);
            zipped.prepend(QByteArray("\x00\x10\x00\x00", 4)); // qUncompress wants a size hint first
            content += qUncompress(zipped);
            at = end + 9;
        }
        QVERIFY(content.count(" m\n") + content.count(" m ") >= 4);
        QVERIFY(content.count(" l\n") + content.count(" l ") >= 12);
        QVERIFY(content.contains("f") && content.contains("S"));
    }

    void svgIsValid()
    {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        RenderRequest r = hatchScene();
        r.layers.push_back(markerScene(Symbol::Marker::Svg).layers.front());
        {
            QSvgGenerator svg;
            svg.setOutputDevice(&buffer);
            svg.setSize(r.size);
            svg.setViewBox(QRect(QPoint(0, 0), r.size));
            QPainter painter(&svg);
            QVERIFY(renderToPainter(painter, r).errors.empty());
        }
        QXmlStreamReader xml(buffer.data());
        int paths = 0;
        while (!xml.atEnd())
            if (xml.readNext() == QXmlStreamReader::StartElement && (xml.name() == u"path" || xml.name() == u"polygon" ||
                                                                        xml.name() == u"polyline"))
                ++paths;
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(paths >= 4);
    }

    // The banded parallel image matches one painter drawing everything on one thread: fills exactly, and thin
    // outlines to within a few levels of antialiasing. Each band is drawn on a device of its own rows (so that Qt
    // rasterizes only those); Qt's cosmetic stroker starts a line where it enters the device, so a 1 px outline
    // crossing a band's edge may round its coverage differently there (6 levels at most here). No seam shows.
    void bandsEqualSingleThread_data()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("polygons") << 0;
        QTest::newRow("lines with casing and dashes") << 1;
    }
    void bandsEqualSingleThread()
    {
        QFETCH(int, kind);
        RenderRequest r;
        r.size = QSize(640, 470);
        r.extent = Box(0, 0, 640, 470);
        r.drawLabels = false;
        std::mt19937 rng(11);
        std::uniform_real_distribution<double> pos(-40, 680), len(2, 120);
        std::vector<Feature> features;
        for (int i = 0; i < 400; ++i) {
            const double x = pos(rng), y = pos(rng) * 0.75, w = len(rng), h = len(rng);
            if (kind == 0)
                features.push_back(polygon({{{x, y}, {x + w, y + h / 3}, {x + w / 2, y + h}, {x - w / 4, y + h / 2}, {x, y}}}));
            else
                features.push_back(line({{x, y}, {x + w, y + h}, {x + 2 * w, y}}));
        }
        Symbol s = fillSymbol(QColor(40, 120, 200, 160), Fill::Pattern::DiagonalCross);
        if (kind == 1) {
            s.stroke.width = Length{2.5};
            s.stroke.dashes = {4, 2};
            s.casing = Stroke{Color::black(), Length{5}, {}, LineCap::Round, LineJoin::Round, true};
        }
        r.layers.push_back(mapLayer(makeLayer(features, 480), s));
        const RenderResult parallel = renderImage(r);
        QImage single(r.size, QImage::Format_ARGB32_Premultiplied);
        single.fill(r.background);
        {
            QPainter painter(&single);
            QVERIFY(renderToPainter(painter, r).errors.empty());
        }
        QCOMPARE(parallel.image.size(), single.size());
        int differing = 0, largest = 0;
        for (int y = 0; y < single.height(); ++y)
            for (int x = 0; x < single.width(); ++x) {
                const QRgb a = parallel.image.pixel(x, y), b = single.pixel(x, y);
                const int d = std::max({std::abs(qRed(a) - qRed(b)), std::abs(qGreen(a) - qGreen(b)),
                    std::abs(qBlue(a) - qBlue(b)), std::abs(qAlpha(a) - qAlpha(b))});
                differing += d > 0;
                largest = std::max(largest, d);
            }
        qInfo("%d pixels differ, by %d levels at most", differing, largest);
        QVERIFY2(largest <= 8, qPrintable(QString("a pixel differs by %1 levels").arg(largest)));
        QVERIFY2(differing < single.width() * single.height() / 20, qPrintable(QString("%1 pixels differ").arg(differing)));
    }

    void pointBandsEqualSingleBand()
    {
        RenderRequest r;
        r.size = QSize(400, 300);
        r.extent = Box(0, 0, 400, 300);
        std::mt19937 rng(5);
        std::uniform_real_distribution<double> x(-10, 410), y(-10, 310);
        std::vector<Feature> points;
        for (int i = 0; i < 20000; ++i)
            points.push_back(point(x(rng), y(rng)));
        for (Symbol s : {markerSymbol(Symbol::Marker::Circle, 7, Qt::darkGreen, Qt::darkGreen), // skips covered pixels
                 markerSymbol(Symbol::Marker::Star, 9, Qt::yellow, Qt::black)}) {
            r.layers = {mapLayer(makeLayer(points, 300), s)};
            const detail::RenderContext ctx = detail::makeContext(r);
            const detail::PreparedLayer prepared = detail::prepareLayer(r.layers[0], ctx, {});
            QImage one(r.size, QImage::Format_ARGB32_Premultiplied), two(r.size, QImage::Format_ARGB32_Premultiplied);
            one.fill(Qt::white);
            two.fill(Qt::white);
            QVERIFY(detail::blitPoints(one, 0, 300, prepared, ctx, {}));
            QVERIFY(detail::blitPoints(two, 0, 137, prepared, ctx, {}));
            QVERIFY(detail::blitPoints(two, 137, 300, prepared, ctx, {}));
            QCOMPARE(one, two);
            QCOMPARE(renderImage(r).image, one);
        }
    }

    // Simplification (half-pixel tolerance, outside collapse) looks like full detail: the world's coastlines,
    // whole and zoomed in. Single pixels do differ where a crinkled coast packs many sub-pixel zigzags into one
    // pixel (full detail piles up their antialiased outlines), so the eye's view is compared too: 3 x 3 means.
    void simplifiedLooksLikeFullDetail()
    {
        const auto land = readLayer(std::string(GIS_SHARED_DATA_DIR) + "/world/land.gpkg");
        for (const Box& extent : {Box(-180, -90, 180, 90), Box(55, 20, 60, 25)}) {
            RenderRequest r;
            r.size = QSize(1024, 512);
            r.extent = extent;
            r.layers.push_back(mapLayer(land, fillSymbol(QColor(200, 190, 150))));
            detail::RenderContext ctx = detail::makeContext(r);
            const detail::PreparedLayer prepared = detail::prepareLayer(r.layers[0], ctx, {});
            QImage images[2];
            for (int i = 0; i < 2; ++i) {
                ctx.simplifyTolerance = i == 0 ? 0.0 : 0.5;
                images[i] = QImage(r.size, QImage::Format_ARGB32_Premultiplied);
                images[i].fill(Qt::white);
                QPainter painter(&images[i]);
                QVERIFY(detail::drawVectorLayer(painter, prepared, ctx, images[i].rect(), false, {}));
            }
            const auto channel = [&](int i, int x, int y, int c) {
                const QRgb p = images[i].pixel(x, y);
                return c == 0 ? qRed(p) : c == 1 ? qGreen(p) : qBlue(p);
            };
            int raw = 0, seen = 0;
            for (int y = 1; y + 1 < r.size.height(); ++y)
                for (int x = 1; x + 1 < r.size.width(); ++x)
                    for (int c = 0; c < 3; ++c) {
                        if (std::abs(channel(0, x, y, c) - channel(1, x, y, c)) > 48) {
                            ++raw;
                            break;
                        }
                        int sum = 0;
                        for (int dy = -1; dy <= 1; ++dy)
                            for (int dx = -1; dx <= 1; ++dx)
                                sum += channel(0, x + dx, y + dy, c) - channel(1, x + dx, y + dy, c);
                        if (std::abs(sum) > 9 * 32) {
                            ++seen;
                            break;
                        }
                    }
            const int pixels = r.size.width() * r.size.height();
            qInfo("%d pixels differ by more than 48 levels, %d in 3 x 3 means by more than 32", raw, seen);
            QVERIFY(raw < pixels / 200);
            QVERIFY(seen < pixels / 2000);
        }
    }

    void subPixelFeaturesStayVisible()
    {
        // 2,000 islands of a hundredth of a pixel: each still shows as a pixel of its outline colour.
        std::vector<Feature> islands;
        for (int i = 0; i < 2000; ++i) {
            const double x = 5.5 + (i % 50) * 8, y = 5.5 + (i / 50) * 7;
            islands.push_back(polygon({rect(x, y, 0.01, 0.01)}));
        }
        RenderRequest r = deviceRequest(410, 290);
        r.layers.push_back(mapLayer(makeLayer(islands, 290), fillSymbol(QColor(200, 0, 0))));
        const RenderResult result = renderImage(r);
        QCOMPARE(countPixels(result.image, [](QRgb c) { return qRed(c) < 40 && qGreen(c) < 40; }), 2000);
    }

private:
    // Two million points (categorised, outlined stars: no pixel skipping) over 400,000 dashed polygons.
    RenderRequest heavyRequest()
    {
        if (!m_heavyPoints) {
            std::mt19937_64 rng(42);
            std::uniform_real_distribution<double> lon(52, 60), lat(16.5, 26.5);
            GeometryColumn points;
            AttributeTable attributes;
            AttributeColumn& kind = attributes.addColumn("kind", FieldType::String);
            const char* kinds[] = {"well", "falaj", "school", "clinic"};
            for (int i = 0; i < 2000000; ++i) {
                points.appendPoint(lon(rng), lat(rng));
                kind.appendString(kinds[i % 4]);
            }
            m_heavyPoints = std::make_shared<Layer>("points", Crs::fromEpsg(4326), GeometryType::Point,
                std::move(points), std::move(attributes));
            GeometryColumn polys;
            for (int i = 0; i < 400000; ++i) {
                const double x = lon(rng), y = lat(rng);
                polys.beginGeometry(GeometryType::Polygon);
                polys.beginPart(GeometryType::Polygon);
                polys.beginRing();
                for (int k = 0; k <= 12; ++k)
                    polys.addCoord(x + 0.05 * std::cos(k * 0.5236), y + 0.05 * std::sin(k * 0.5236));
                polys.endGeometry();
            }
            m_heavyPolygons = std::make_shared<Layer>("polygons", Crs::fromEpsg(4326), GeometryType::Polygon,
                std::move(polys), AttributeTable{});
        }
        RenderRequest r;
        r.extent = Box(52, 16.5, 60, 26.5);
        r.size = QSize(3000, 3000);
        Symbol outline = fillSymbol(QColor(100, 150, 200, 120));
        outline.stroke.width = Length{2};
        outline.stroke.dashes = {2, 1};
        r.layers.push_back(mapLayer(m_heavyPolygons, outline));
        MapLayer points = mapLayer(m_heavyPoints, Symbol{});
        points.style.renderer.kind = Renderer::Kind::Categorized;
        points.style.renderer.field = "kind";
        for (const char* k : {"well", "falaj", "school", "clinic"})
            points.style.renderer.categories.push_back({k, k, markerSymbol(Symbol::Marker::Star, 11, Qt::yellow, Qt::black)});
        r.layers.push_back(points);
        return r;
    }

    std::shared_ptr<const Layer> m_heavyPoints;
    std::shared_ptr<const Layer> m_heavyPolygons;
};

QTEST_MAIN(TestMapRenderer)
#include "tst_maprenderer.moc"
