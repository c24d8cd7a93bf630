// The label engine against Qt's own text drawing (the oracle for shaping), poppler's pdftotext (real text in a
// PDF), brute-force pairwise overlap checks and small reference images.
//
// Layers are built in memory in device pixels: with a default MapTransform a map coordinate (x, y) lands on
// device pixel (x, 1 - y), so at() and makeLayer() below store device pixel (x, y) as map (x, 1 - y). (This
// also keeps the test independent of MapTransform's fitting, which is the renderer's.)
//
// Rendered images go to $TMPDIR/tst_labelengine/ for looking at; the reference images are regenerated with
// GIS_UPDATE_REFERENCES=1.

#include <QDir>
#include <QElapsedTimer>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QPaintEngine>
#include <QPdfWriter>
#include <QPixmap>
#include <QPolygonF>
#include <QRawFont>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTextLayout>

#include <algorithm>
#include <climits>
#include <cmath>
#include <ctime>
#include <numbers>
#include <set>
#include <random>

#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "support/testsupport.h"

#include "label/labelengine.h"

using namespace gis;
using gis::detail::LabelEngine;
using gis::detail::LabelLayout;

namespace {

const QString kNizwa = QString::fromUtf8("\u0646\u0632\u0648\u0649");   // نزوى
const QString kBahla = QString::fromUtf8("\u0628\u0647\u0644\u0627\u0621"); // بهلاء (lam-alef ligature)
const QString kSamail = QString::fromUtf8("\u0633\u0645\u0627\u0626\u0644"); // سمائل
const QString kIzki = QString::fromUtf8("\u0625\u0632\u0643\u064A");   // إزكي
const QString kStreet = QString::fromUtf8("\u0634\u0627\u0631\u0639 \u0627\u0644\u0633\u0644\u0637\u0627\u0646 \u0642\u0627\u0628\u0648\u0633"); // شارع السلطان قابوس
constexpr double kScale = 50000;

struct Feature {
    std::vector<QPointF> points; // device pixels: one point, a line, or a polygon's exterior ring
    QString first;
    QString second;
    std::vector<QPointF> hole;   // polygons only
};

void at(GeometryColumn& g, const QPointF& p) { g.addCoord(p.x(), 1 - p.y()); }

/// A layer of `type` (Point, LineString or Polygon) with fields name_ar and name_en ("" is NULL).
Layer makeLayer(GeometryType type, const std::vector<Feature>& features)
{
    GeometryColumn g;
    AttributeTable attributes;
    attributes.addColumn("name_ar", FieldType::String);
    attributes.addColumn("name_en", FieldType::String);
    AttributeColumn& ar = attributes.column(0); // after both: adding a column moves the others
    AttributeColumn& en = attributes.column(1);
    for (const Feature& f : features) {
        if (type == GeometryType::Point) {
            g.appendPoint(f.points.front().x(), 1 - f.points.front().y());
        } else {
            g.beginGeometry(type);
            g.beginPart(type);
            g.beginRing();
            for (const QPointF& p : f.points)
                at(g, p);
            if (type == GeometryType::Polygon)
                at(g, f.points.front());
            if (!f.hole.empty()) {
                g.beginRing();
                for (const QPointF& p : f.hole)
                    at(g, p);
                at(g, f.hole.front());
            }
            g.endGeometry();
        }
        f.first.isEmpty() ? ar.appendNull() : ar.appendString(f.first.toStdString());
        f.second.isEmpty() ? en.appendNull() : en.appendString(f.second.toStdString());
    }
    return Layer("test", Crs(), type, std::move(g), std::move(attributes));
}

std::vector<std::uint32_t> allRows(const Layer& layer)
{
    std::vector<std::uint32_t> rows(layer.size());
    for (std::uint32_t i = 0; i < rows.size(); ++i)
        rows[i] = i;
    return rows;
}

LabelStyle style(double size = 20, double halo = 1.5)
{
    LabelStyle s;
    s.enabled = true;
    s.text = "name_ar";
    s.size = Length{size};
    s.haloWidth = Length{halo};
    return s;
}

QImage blank(QSize size = {400, 300})
{
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    return image;
}

/// Adds every (layer, style) pair and draws on `image`.
std::vector<PlacedLabel> render(QImage& image, const std::vector<std::pair<const Layer*, LabelStyle>>& layers,
    std::vector<LabelLayout>* layouts = nullptr, double scale = kScale)
{
    LabelEngine engine(image.size(), 96, scale);
    engine.setRecordLayouts(layouts != nullptr);
    for (const auto& [layer, s] : layers)
        engine.addLayer(layer->name(), *layer, layer->geometries(), allRows(*layer), s, MapTransform());
    QPainter painter(&image);
    auto placed = engine.placeAndDraw(painter, CancellationToken());
    if (layouts)
        *layouts = engine.layouts();
    return placed;
}

QString dumpPath(const QString& name)
{
    const QString dir = QDir::tempPath() + "/tst_labelengine";
    QDir().mkpath(dir);
    return dir + "/" + name + ".png";
}

/// Pixels whose colour differs by more than `threshold` in any channel.
int differingPixels(const QImage& a, const QImage& b, int threshold = 8)
{
    int count = 0;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x) {
            const QRgb p = a.pixel(x, y), q = b.pixel(x, y);
            if (std::abs(qRed(p) - qRed(q)) > threshold || std::abs(qGreen(p) - qGreen(q)) > threshold
                || std::abs(qBlue(p) - qBlue(q)) > threshold)
                ++count;
        }
    return count;
}

/// Bounding rectangle of the pixels that are not white.
QRect inkRect(const QImage& image)
{
    QRect r;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (image.pixel(x, y) != qRgb(255, 255, 255))
                r = r.united(QRect(x, y, 1, 1));
    return r;
}

QFont oracleFont(int pixelSize)
{
    QFont font(QStringLiteral("Noto Sans Arabic"));
    font.setPixelSize(pixelSize);
    return font;
}

/// Qt's glyphs for the whole string, left to right as displayed: the oracle for shaping.
std::vector<quint32> shapedGlyphs(const QString& text, const QFont& font)
{
    QTextLayout layout(text, font);
    QTextOption option;
    option.setTextDirection(text.isRightToLeft() ? Qt::RightToLeft : Qt::LeftToRight);
    layout.setTextOption(option);
    layout.beginLayout();
    layout.createLine();
    layout.endLayout();
    std::vector<std::pair<double, quint32>> glyphs;
    for (const QGlyphRun& run : layout.glyphRuns())
        for (qsizetype i = 0; i < run.glyphIndexes().size(); ++i)
            glyphs.emplace_back(run.positions()[i].x(), run.glyphIndexes()[i]);
    std::sort(glyphs.begin(), glyphs.end());
    std::vector<quint32> indexes;
    for (const auto& g : glyphs)
        indexes.push_back(g.second);
    return indexes;
}

/// A circular arc (centre, radius, from/to degrees, device y down), as a polyline.
std::vector<QPointF> arc(QPointF centre, double radius, double fromDeg, double toDeg, int steps = 48)
{
    std::vector<QPointF> points;
    for (int i = 0; i <= steps; ++i) {
        const double a = (fromDeg + (toDeg - fromDeg) * i / steps) * std::numbers::pi / 180;
        points.emplace_back(centre.x() + radius * std::cos(a), centre.y() + radius * std::sin(a));
    }
    return points;
}

/// A paint device whose engine keeps the characters of every text item it is given: what an SVG or PDF engine
/// receives to write real text (a glyph run alone carries no characters, and QSvgGenerator writes it as outlines).
class TextRecorder : public QPaintDevice {
public:
    QStringList texts() const { return m_engine.texts; }
    QPaintEngine* paintEngine() const override { return &m_engine; }

protected:
    int metric(PaintDeviceMetric metric) const override
    {
        switch (metric) {
        case PdmWidth: return 400;
        case PdmHeight: return 300;
        case PdmWidthMM: return 106;
        case PdmHeightMM: return 79;
        case PdmDpiX:
        case PdmDpiY:
        case PdmPhysicalDpiX:
        case PdmPhysicalDpiY: return 96;
        case PdmDepth: return 32;
        case PdmNumColors: return INT_MAX;
        case PdmDevicePixelRatio: return 1;
        case PdmDevicePixelRatioScaled: return int(devicePixelRatioFScale());
        }
        return 0;
    }

private:
    class Engine : public QPaintEngine {
    public:
        Engine() : QPaintEngine(QPaintEngine::AllFeatures) {}
        bool begin(QPaintDevice*) override { return true; }
        bool end() override { return true; }
        void updateState(const QPaintEngineState&) override {}
        void drawPath(const QPainterPath&) override {}
        void drawPolygon(const QPointF*, int, PolygonDrawMode) override {}
        void drawPixmap(const QRectF&, const QPixmap&, const QRectF&) override {}
        void drawTextItem(const QPointF&, const QTextItem& item) override { texts << item.text(); }
        Type type() const override { return QPaintEngine::User; }
        QStringList texts;
    };
    mutable Engine m_engine;
};

} // namespace

class TestLabelEngine : public QObject {
    Q_OBJECT

private slots:
    void fontsInstalled();
    void arabicIsShapedAsWhole_data();
    void arabicIsShapedAsWhole();
    void curvedLabelKeepsShapedGlyphs();
    void bends_data();
    void bends();
    void upright_data();
    void upright();
    void denseLabelsNeverOverlap();
    void mixedLayersNeverOverlap();
    void thousandsOfLabelsAreFast();
    void priority_data();
    void priority();
    void bilingualIsOneLabel();
    void labelsTakeAFreePlaceBesideMarkers();
    void crowdedLabelsHideTheLeastOfLowerMarkers();
    void markersOfHigherPriorityAreNeverCovered();
    void ownMarkerNeverBlocksItsLabel();
    void polygonLabelInside_data();
    void polygonLabelInside();
    void polygonTooSmallIsStillNamed();
    void multipolygonLabelsLargestPart();
    void polygonBesideTheImageHasNoLabel();
    void lineLabelOnVisiblePart();
    void cancelledPlacesNothing();
    void scaleRange_data();
    void scaleRange();
    void emptyTextHasNoLabel();
    void emptyFirstLineFallsBackToSecond();
    void badExpressionThrows();
    void labelsStayInsideImage();
    void pdfKeepsRealText();
    void straightLabelsReachEnginesAsText();
    void referenceImages_data();
    void referenceImages();
};

void TestLabelEngine::fontsInstalled()
{
    // fonts-noto-core is in the package list; the shaping tests mean nothing with a substitute font.
    QCOMPARE(QFontInfo(oracleFont(20)).family(), QStringLiteral("Noto Sans Arabic"));
}

void TestLabelEngine::arabicIsShapedAsWhole_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("nizwa") << kNizwa;
    QTest::newRow("bahla (lam-alef)") << kBahla;
    QTest::newRow("samail") << kSamail;
    QTest::newRow("izki") << kIzki;
    QTest::newRow("street (three words)") << kStreet;
}

void TestLabelEngine::arabicIsShapedAsWhole()
{
    QFETCH(QString, text);
    const Layer layer = makeLayer(GeometryType::Point, {{{{200, 60}}, text, {}, {}}});
    QImage engine = blank({400, 120});
    std::vector<LabelLayout> layouts;
    const auto placed = render(engine, {{&layer, style(24, 0)}}, &layouts);
    QCOMPARE(placed.size(), std::size_t(1));
    QCOMPARE(placed[0].text, text);
    QCOMPARE(layouts[0].lineOrigins.size(), std::size_t(1));
    const QPointF origin = layouts[0].lineOrigins[0];

    // Oracle: Qt's own drawText of the whole string at the same baseline origin.
    const QFont font = oracleFont(24);
    QImage whole = blank({400, 120});
    {
        QPainter p(&whole);
        p.setFont(font);
        p.setPen(Qt::black);
        p.setLayoutDirection(Qt::RightToLeft);
        p.drawText(origin, text);
    }
    // What QGIS issue 21940 shows: each letter drawn on its own (isolated forms), right to left.
    QImage isolated = blank({400, 120});
    {
        QPainter p(&isolated);
        p.setFont(font);
        p.setPen(Qt::black);
        const QFontMetricsF metrics(font);
        double x = origin.x() + metrics.horizontalAdvance(text);
        for (const QChar c : text) {
            x -= metrics.horizontalAdvance(c);
            p.drawText(QPointF(x, origin.y()), QString(c));
        }
    }
    const QString name = QString("shaped_%1").arg(QTest::currentDataTag()).replace(' ', '_');
    engine.save(dumpPath(name + "_engine"));
    whole.save(dumpPath(name + "_qt"));
    isolated.save(dumpPath(name + "_isolated"));

    const int ink = inkRect(whole).width() * inkRect(whole).height();
    QVERIFY(ink > 100);
    const int sameAsQt = differingPixels(engine, whole);
    const int sameAsIsolated = differingPixels(engine, isolated);
    QVERIFY2(sameAsQt <= ink / 200, qPrintable(QString("%1 pixels differ from Qt's drawText").arg(sameAsQt)));
    QVERIFY2(sameAsIsolated > ink / 10,
        qPrintable(QString("only %1 pixels differ from isolated letters").arg(sameAsIsolated)));

    // The glyphs drawn are the contextual forms Qt chose for the whole string.
    std::vector<quint32> drawn;
    for (const LabelLayout::Glyph& g : layouts[0].glyphs)
        drawn.push_back(g.index);
    std::vector<quint32> expected = shapedGlyphs(text, font);
    std::sort(drawn.begin(), drawn.end());
    std::sort(expected.begin(), expected.end());
    QVERIFY(drawn == expected);
}

void TestLabelEngine::curvedLabelKeepsShapedGlyphs()
{
    // A bend of 100 degrees under the label: curved, but never more than a few degrees between glyphs.
    const Layer layer = makeLayer(GeometryType::LineString, {{arc({200, 330}, 260, 220, 320), kStreet, {}, {}}});
    QImage image = blank();
    std::vector<LabelLayout> layouts;
    const auto placed = render(image, {{&layer, style(22)}}, &layouts);
    image.save(dumpPath("curved"));
    QCOMPARE(placed.size(), std::size_t(1));
    const LabelLayout& layout = layouts[0];
    QVERIFY(layout.curved);

    // Same glyphs, in the same visual order, as QTextLayout's runs for the whole string ...
    const QFont font = oracleFont(22);
    std::vector<quint32> drawn;
    for (const LabelLayout::Glyph& g : layout.glyphs)
        drawn.push_back(g.index);
    QVERIFY(drawn == shapedGlyphs(kStreet, font));
    // ... which are not the isolated forms of its letters.
    const QRawFont raw = QRawFont::fromFont(font);
    std::vector<quint32> isolated;
    for (const QChar c : kStreet)
        isolated.push_back(raw.glyphIndexesForString(QString(c)).value(0));
    std::sort(drawn.begin(), drawn.end());
    std::sort(isolated.begin(), isolated.end());
    std::vector<quint32> contextual;
    std::set_difference(drawn.begin(), drawn.end(), isolated.begin(), isolated.end(), std::back_inserter(contextual));
    QVERIFY2(contextual.size() >= 6, qPrintable(QString("%1 contextual glyphs").arg(contextual.size())));

    // Upright and following the bend: the glyphs turn, each within (-90, 90].
    double lowest = 180, highest = -180;
    for (const LabelLayout::Glyph& g : layout.glyphs) {
        QVERIFY2(g.angle > -90 && g.angle <= 90, qPrintable(QString::number(g.angle)));
        lowest = std::min(lowest, g.angle);
        highest = std::max(highest, g.angle);
    }
    QVERIFY(highest - lowest > 20);
}

void TestLabelEngine::bends_data()
{
    // The label (about 120 px at 20 px) must cross the bend: neither arm holds it alone.
    QTest::addColumn<double>("bend");     // degrees the line turns at its middle
    QTest::addColumn<int>("placement");   // LabelStyle::Placement
    QTest::addColumn<bool>("placed");
    QTest::addColumn<bool>("curved");
    const int curved = int(LabelStyle::Placement::Curved), line = int(LabelStyle::Placement::Line);
    QTest::newRow("straight, curved placement") << 0.0 << curved << true << false;
    QTest::newRow("gentle 20 degree bend") << 20.0 << curved << true << true;
    QTest::newRow("right angle") << 90.0 << curved << false << false;
    QTest::newRow("hairpin") << 150.0 << curved << false << false;
    QTest::newRow("straight, line placement") << 0.0 << line << true << false;
    QTest::newRow("right angle, line placement") << 90.0 << line << false << false;
}

void TestLabelEngine::bends()
{
    QFETCH(double, bend);
    QFETCH(int, placement);
    QFETCH(bool, placed);
    QFETCH(bool, curved);
    const QPointF corner(200, 150);
    const double a = bend * std::numbers::pi / 180;
    const std::vector<QPointF> line{corner - QPointF(70, 0), corner, corner + QPointF(std::cos(a), std::sin(a)) * 70};
    const Layer layer = makeLayer(GeometryType::LineString, {{line, kNizwa + " " + kBahla + " " + kIzki, {}, {}}});
    LabelStyle s = style(20);
    s.placement = LabelStyle::Placement(placement);
    QImage image = blank();
    std::vector<LabelLayout> layouts;
    const auto labels = render(image, {{&layer, s}}, &layouts);
    image.save(dumpPath(QString("bend_%1").arg(QTest::currentDataTag()).replace(' ', '_')));
    QCOMPARE(labels.size(), std::size_t(placed ? 1 : 0));
    if (placed)
        QCOMPARE(layouts[0].curved, curved);
}

void TestLabelEngine::upright_data()
{
    QTest::addColumn<QPolygonF>("line");
    QTest::addColumn<bool>("curved");
    QTest::newRow("left to right") << QPolygonF({{40, 150}, {360, 150}}) << false;
    QTest::newRow("right to left") << QPolygonF({{360, 150}, {40, 150}}) << false;
    QTest::newRow("downwards") << QPolygonF({{200, 10}, {200, 290}}) << false;
    QTest::newRow("upwards") << QPolygonF({{200, 290}, {200, 10}}) << false;
    QTest::newRow("up and left") << QPolygonF({{380, 290}, {20, 10}}) << false;
    QTest::newRow("down and left") << QPolygonF({{380, 10}, {20, 290}}) << false;
    QPolygonF backwardsArc;
    for (const QPointF& p : arc({200, 330}, 260, 320, 220))
        backwardsArc << p;
    QTest::newRow("arc right to left") << backwardsArc << true;
}

void TestLabelEngine::upright()
{
    QFETCH(QPolygonF, line);
    QFETCH(bool, curved);
    const Layer layer = makeLayer(GeometryType::LineString, {{{line.begin(), line.end()}, kNizwa + " " + kBahla, {}, {}}});
    QImage image = blank();
    std::vector<LabelLayout> layouts;
    QCOMPARE(render(image, {{&layer, style(20)}}, &layouts).size(), std::size_t(1));
    image.save(dumpPath(QString("upright_%1").arg(QTest::currentDataTag()).replace(' ', '_')));
    QCOMPARE(layouts[0].curved, curved);
    for (const LabelLayout::Glyph& g : layouts[0].glyphs)
        QVERIFY2(g.angle > -90 && g.angle <= 90, qPrintable(QString::number(g.angle)));
}

void TestLabelEngine::denseLabelsNeverOverlap()
{
    const QString names[] = {kNizwa, kBahla, kSamail, kIzki, "Adam", "Manah", "Al Hamra"};
    std::mt19937 random(42);
    std::uniform_real_distribution<double> x(0, 400), y(0, 300);
    std::vector<Feature> features;
    for (int i = 0; i < 2000; ++i)
        features.push_back({{{x(random), y(random)}}, names[i % 7] + " " + QString::number(i % 50), {}, {}});
    const Layer layer = makeLayer(GeometryType::Point, features);
    QImage image = blank();
    // Twice: the second render is what panning costs (fonts loaded, glyph halos cached).
    std::vector<PlacedLabel> placed;
    QElapsedTimer timer;
    for (const char* pass : {"first", "second"}) {
        image = blank();
        timer.start();
        const std::clock_t cpu = std::clock();
        placed = render(image, {{&layer, style(11)}});
        qInfo("2000 point labels, %s render: %zu placed in %lld ms (CPU %.0f ms)", pass, placed.size(),
            static_cast<long long>(timer.elapsed()), 1000.0 * double(std::clock() - cpu) / CLOCKS_PER_SEC);
    }
    image.save(dumpPath("dense"));
    QVERIFY(placed.size() > 40);
    const QRectF bounds(0, 0, 400, 300);
    for (std::size_t i = 0; i < placed.size(); ++i) {
        QVERIFY(bounds.contains(placed[i].box));
        for (std::size_t j = i + 1; j < placed.size(); ++j)
            QVERIFY2(!placed[i].box.intersects(placed[j].box), qPrintable(QString("%1 and %2").arg(i).arg(j)));
    }
    QVERIFY(timer.elapsed() < 5000); // tens of ms in a release build; generous for the sanitizers
}

void TestLabelEngine::mixedLayersNeverOverlap()
{
    // Lines, polygons and points together. Point and polygon labels are straight and unrotated here, so their
    // boxes are exact and must not meet; a curved label's bounding box may hold other labels in its bend, but
    // none of its glyphs may start inside another label's box.
    std::mt19937 random(7);
    std::uniform_real_distribution<double> x(20, 380), y(20, 280);
    std::vector<Feature> points, lines, polygons;
    for (int i = 0; i < 300; ++i)
        points.push_back({{{x(random), y(random)}}, kSamail, "Samail", {}});
    for (int i = 0; i < 40; ++i) {
        const QPointF c(x(random), y(random));
        lines.push_back({arc(c, 120, i * 9, i * 9 + 80), kStreet, {}, {}});
        polygons.push_back({{c + QPointF(-30, -20), c + QPointF(30, -20), c + QPointF(30, 20), c + QPointF(-30, 20)},
            kIzki, {}, {}});
    }
    const Layer pointLayer = makeLayer(GeometryType::Point, points);
    const Layer lineLayer = makeLayer(GeometryType::LineString, lines);
    const Layer polygonLayer = makeLayer(GeometryType::Polygon, polygons);
    LabelStyle pointStyle = style(12);
    pointStyle.secondText = "name_en";
    LabelStyle lineStyle = style(12);
    lineStyle.priority = 8; // the curved labels first, so the others must find room around their glyphs
    QImage image = blank();
    std::vector<LabelLayout> layouts;
    QElapsedTimer timer;
    timer.start();
    const auto placed =
        render(image, {{&polygonLayer, style(12)}, {&lineLayer, lineStyle}, {&pointLayer, pointStyle}}, &layouts);
    qInfo("mixed layers: %zu labels in %lld ms", placed.size(), static_cast<long long>(timer.elapsed()));
    image.save(dumpPath("mixed"));
    QVERIFY(placed.size() > 20);
    int curved = 0;
    for (std::size_t i = 0; i < placed.size(); ++i) {
        QVERIFY(QRectF(0, 0, 400, 300).contains(placed[i].box));
        curved += layouts[i].curved;
        for (std::size_t j = 0; j < placed.size(); ++j) {
            if (i == j || layouts[j].curved)
                continue;
            if (!layouts[i].curved && j > i)
                QVERIFY(!placed[i].box.intersects(placed[j].box));
            if (layouts[i].curved)
                for (const LabelLayout::Glyph& g : layouts[i].glyphs)
                    QVERIFY(!placed[j].box.contains(g.origin));
        }
    }
    QVERIFY(curved > 0);
}

void TestLabelEngine::thousandsOfLabelsAreFast()
{
    // A full-screen map: 5,000 towns with distinct bilingual names, 500 winding roads, 500 parcels.
    std::mt19937 random(11);
    std::uniform_real_distribution<double> x(0, 1600), y(0, 1000), turn(-0.4, 0.4);
    std::vector<Feature> towns, roads, parcels;
    for (int i = 0; i < 5000; ++i)
        towns.push_back({{{x(random), y(random)}}, kSamail + " " + QString::number(i), "Samail " + QString::number(i), {}});
    for (int i = 0; i < 500; ++i) {
        std::vector<QPointF> road{{x(random), y(random)}};
        double heading = turn(random) * 8;
        for (int k = 0; k < 30; ++k) {
            heading += turn(random);
            road.push_back(road.back() + QPointF(std::cos(heading), std::sin(heading)) * 12);
        }
        roads.push_back({road, kStreet, {}, {}});
        const QPointF c(x(random), y(random));
        parcels.push_back({{c, c + QPointF(50, 5), c + QPointF(45, 40), c + QPointF(-5, 35)}, kIzki, {}, {}});
    }
    const Layer townLayer = makeLayer(GeometryType::Point, towns);
    const Layer roadLayer = makeLayer(GeometryType::LineString, roads);
    const Layer parcelLayer = makeLayer(GeometryType::Polygon, parcels);
    LabelStyle townStyle = style(11);
    townStyle.secondText = "name_en";
    townStyle.priority = 7;

    QImage image = blank({1600, 1000});
    QElapsedTimer timer;
    timer.start();
    const std::clock_t cpuStart = std::clock(); // CPU time too: wall time means little on a busy machine
    LabelEngine engine(image.size(), 96, kScale);
    for (const auto& [layer, s] : std::vector<std::pair<const Layer*, LabelStyle>>{
             {&parcelLayer, style(10)}, {&roadLayer, style(11)}, {&townLayer, townStyle}})
        engine.addLayer(layer->name(), *layer, layer->geometries(), allRows(*layer), s, MapTransform());
    const qint64 added = timer.restart();
    const std::clock_t cpuAdded = std::clock();
    QPainter painter(&image);
    const auto placed = engine.placeAndDraw(painter, CancellationToken());
    const qint64 drawn = timer.elapsed();
    const std::clock_t cpuDrawn = std::clock();
    painter.end();
    image.save(dumpPath("thousands"));
    auto cpuMs = [](std::clock_t from, std::clock_t to) { return 1000.0 * double(to - from) / CLOCKS_PER_SEC; };
    qInfo("6,000 features: addLayer %lld ms (CPU %.0f ms), placeAndDraw %lld ms (CPU %.0f ms), %zu labels placed",
        static_cast<long long>(added), cpuMs(cpuStart, cpuAdded), static_cast<long long>(drawn),
        cpuMs(cpuAdded, cpuDrawn), placed.size());
    QVERIFY(placed.size() > 300);
    QVERIFY(added + drawn < 10000); // ~100 ms in a release build; the sanitizers are many times slower
}

void TestLabelEngine::priority_data()
{
    QTest::addColumn<int>("firstPriority");
    QTest::addColumn<int>("secondPriority");
    QTest::addColumn<QString>("winner");
    QTest::newRow("high added first") << 9 << 1 << "first";
    QTest::newRow("high added second") << 1 << 9 << "second";
    QTest::newRow("tie: later layer wins") << 5 << 5 << "second";
}

void TestLabelEngine::priority()
{
    QFETCH(int, firstPriority);
    QFETCH(int, secondPriority);
    QFETCH(QString, winner);
    Layer first = makeLayer(GeometryType::Point, {{{{200, 150}}, kNizwa, {}, {}}});
    Layer second = makeLayer(GeometryType::Point, {{{{200, 150}}, kBahla, {}, {}}});
    LabelStyle a = style(), b = style();
    a.priority = firstPriority;
    b.priority = secondPriority;
    a.placement = b.placement = LabelStyle::Placement::Inside; // one spot each: they must compete for it
    QImage image = blank();
    LabelEngine engine(image.size(), 96, kScale);
    engine.addLayer("first", first, first.geometries(), allRows(first), a, MapTransform());
    engine.addLayer("second", second, second.geometries(), allRows(second), b, MapTransform());
    QPainter painter(&image);
    const auto placed = engine.placeAndDraw(painter, CancellationToken());
    QCOMPARE(placed.size(), std::size_t(1));
    QCOMPARE(QString::fromStdString(placed[0].layer), winner);
}

namespace {

// Markers for LabelEngine::addMarkers: every point of `layer` with one diameter.
void addMarkers(LabelEngine& engine, const Layer& layer, int priority, double diameter)
{
    std::vector<std::uint32_t> rows;
    std::vector<QPointF> centres;
    std::vector<double> diameters;
    for (std::uint32_t i = 0; i < layer.size(); ++i) {
        const Coord c = layer.geometries().coords()[i];
        rows.push_back(i);
        centres.emplace_back(c.x, 1 - c.y); // makeLayer stores device (x, y) as map (x, 1 - y)
        diameters.push_back(diameter);
    }
    engine.addMarkers(layer, priority, rows, centres, diameters);
}

// Markers every `step` px over `area`, but none within `clear` px of `centre`; `sparse` px apart right of `sparseFrom`.
Layer markerField(const QRectF& area, double step, const QPointF& centre, double clear, double sparseFrom = 1e9, double sparse = 0)
{
    std::vector<Feature> f;
    for (double y = area.top(); y <= area.bottom(); y += step)
        for (double x = area.left(); x <= area.right(); x += step) {
            if (std::hypot(x - centre.x(), y - centre.y()) < clear)
                continue;
            if (x > sparseFrom && (std::fmod(x - area.left(), sparse) > 0.5 || std::fmod(y - area.top(), sparse) > 0.5))
                continue;
            f.push_back({{{x, y}}, "m", {}, {}});
        }
    return makeLayer(GeometryType::Point, f);
}

bool onAnyMarker(const QRectF& box, const Layer& markers, double diameter)
{
    const double half = diameter / 2 - 0.5;
    for (std::uint32_t i = 0; i < markers.size(); ++i) {
        const Coord c = markers.geometries().coords()[i];
        if (box.intersects(QRectF(c.x - half, 1 - c.y - half, 2 * half, 2 * half)))
            return true;
    }
    return false;
}

} // namespace

/// A marker of another layer where the label would go first (left of the point, for Arabic): the label goes to
/// another side, on no marker.
void TestLabelEngine::labelsTakeAFreePlaceBesideMarkers()
{
    const Layer towns = makeLayer(GeometryType::Point, {{{{200, 150}}, kNizwa, {}, {}}});
    const Layer clinics = makeLayer(GeometryType::Point, {{{{165, 150}}, "c", {}, {}}});
    LabelStyle s = style();
    s.priority = 9;
    QImage image = blank();
    LabelEngine free(image.size(), 96, kScale);
    free.addLayer("towns", towns, towns.geometries(), allRows(towns), s, MapTransform());
    QPainter painter(&image);
    const auto alone = free.placeAndDraw(painter, CancellationToken());
    QCOMPARE(alone.size(), std::size_t(1));
    QVERIFY2(onAnyMarker(alone[0].box, clinics, 12), "without the marker the label's first place is over it");

    LabelEngine engine(image.size(), 96, kScale);
    engine.addLayer("towns", towns, towns.geometries(), allRows(towns), s, MapTransform());
    addMarkers(engine, clinics, 5, 12);
    const auto placed = engine.placeAndDraw(painter, CancellationToken());
    QCOMPARE(placed.size(), std::size_t(1));
    QVERIFY(!onAnyMarker(placed[0].box, clinics, 12));
    QVERIFY(engine.coveredMarkers().empty());
}

/// Dots everywhere around a town, fewer to its right: the label (of higher priority) takes the right, where it
/// hides the least, and says which dots it lies on.
void TestLabelEngine::crowdedLabelsHideTheLeastOfLowerMarkers()
{
    const Layer towns = makeLayer(GeometryType::Point, {{{{200, 150}}, kNizwa, {}, {}}});
    const Layer dots = markerField(QRectF(60, 40, 280, 220), 8, {200, 150}, 10, 210, 32);
    LabelStyle s = style();
    s.priority = 9;
    QImage image = blank();
    LabelEngine engine(image.size(), 96, kScale);
    engine.addLayer("towns", towns, towns.geometries(), allRows(towns), s, MapTransform());
    addMarkers(engine, dots, 5, 4);
    QPainter painter(&image);
    const auto placed = engine.placeAndDraw(painter, CancellationToken());
    QCOMPARE(placed.size(), std::size_t(1));
    QVERIFY2(placed[0].box.left() > 200, "right of the town, where the dots are sparse");
    // Exactly the dots under the box, each once.
    std::set<std::uint32_t> under;
    for (std::uint32_t i = 0; i < dots.size(); ++i) {
        const Coord c = dots.geometries().coords()[i];
        if (placed[0].box.intersects(QRectF(c.x - 1.5, 1 - c.y - 1.5, 3, 3)))
            under.insert(i);
    }
    QVERIFY(!under.empty());
    std::set<std::uint32_t> reported;
    for (const auto& m : engine.coveredMarkers()) {
        QCOMPARE(m.layer, &dots);
        QVERIFY(reported.insert(m.row).second);
    }
    QCOMPARE(reported, under);
}

/// The same dots ranked above the label: it is left out rather than lie on them.
void TestLabelEngine::markersOfHigherPriorityAreNeverCovered()
{
    const Layer towns = makeLayer(GeometryType::Point, {{{{200, 150}}, kNizwa, {}, {}}});
    const Layer dots = markerField(QRectF(60, 40, 280, 220), 8, {200, 150}, 10, 210, 32);
    for (const int markerPriority : {5, 6}) {
        LabelStyle s = style();
        s.priority = 5; // equal first, then lower
        QImage image = blank();
        LabelEngine engine(image.size(), 96, kScale);
        engine.addLayer("towns", towns, towns.geometries(), allRows(towns), s, MapTransform());
        addMarkers(engine, dots, markerPriority, 4);
        QPainter painter(&image);
        QVERIFY(engine.placeAndDraw(painter, CancellationToken()).empty());
        QVERIFY(engine.coveredMarkers().empty());
    }
}

/// A feature's own marker, however big, is not in its label's way (other features of its layer are).
void TestLabelEngine::ownMarkerNeverBlocksItsLabel()
{
    const Layer towns = makeLayer(GeometryType::Point, {{{{200, 150}}, kNizwa, {}, {}}, {{{330, 150}}, kBahla, {}, {}}});
    LabelStyle s = style();
    QImage image = blank();
    LabelEngine engine(image.size(), 96, kScale);
    engine.addLayer("towns", towns, towns.geometries(), allRows(towns), s, MapTransform());
    addMarkers(engine, towns, s.priority, 60); // far bigger than the symbol the labels keep clear of
    QPainter painter(&image);
    const auto placed = engine.placeAndDraw(painter, CancellationToken());
    QCOMPARE(placed.size(), std::size_t(2));
    for (const PlacedLabel& p : placed) {
        const QPointF other = p.row == 0 ? QPointF(330, 150) : QPointF(200, 150);
        QVERIFY(!p.box.intersects(QRectF(other - QPointF(29.5, 29.5), QSizeF(59, 59))));
    }
    QVERIFY(engine.coveredMarkers().empty());
}

void TestLabelEngine::bilingualIsOneLabel()
{
    const Layer layer = makeLayer(GeometryType::Point, {{{{200, 150}}, kNizwa, "Nizwa", {}}});
    LabelStyle s = style(20);
    s.secondText = "name_en";
    QImage image = blank();
    std::vector<LabelLayout> layouts;
    const auto placed = render(image, {{&layer, s}}, &layouts);
    image.save(dumpPath("bilingual"));
    QCOMPARE(placed.size(), std::size_t(1));
    QCOMPARE(placed[0].text, kNizwa + "\nNizwa");
    QCOMPARE(layouts[0].lineOrigins.size(), std::size_t(2));
    QVERIFY(layouts[0].lineOrigins[1].y() > layouts[0].lineOrigins[0].y() + 10); // English below Arabic
    // Centred on each other.
    const QRect ink = inkRect(image);
    QVERIFY(placed[0].box.contains(QRectF(ink)));
    // Arabic first: the label is left of the point (it starts reading next to the symbol).
    QVERIFY(placed[0].box.right() < 200);
    QVERIFY(placed[0].box.top() < 150 && placed[0].box.bottom() > 150);
    // Both lines have ink: Latin came from a fallback font, not from boxes of a missing glyph.
    const auto latin = std::count_if(layouts[0].glyphs.begin(), layouts[0].glyphs.end(),
        [](const LabelLayout::Glyph& g) { return g.font != QStringLiteral("Noto Sans Arabic"); });
    QCOMPARE(latin, 5);
}

void TestLabelEngine::polygonLabelInside_data()
{
    QTest::addColumn<QPolygonF>("outer");
    QTest::addColumn<QPolygonF>("hole");
    // A U whose centroid falls in its notch.
    QTest::newRow("U") << QPolygonF({{50, 40}, {350, 40}, {350, 260}, {270, 260}, {270, 100}, {130, 100}, {130, 260}, {50, 260}})
                       << QPolygonF();
    QTest::newRow("L") << QPolygonF({{40, 40}, {120, 40}, {120, 200}, {360, 200}, {360, 270}, {40, 270}}) << QPolygonF();
    QTest::newRow("crescent") << QPolygonF({{60, 40}, {340, 40}, {340, 80}, {110, 80}, {110, 220}, {340, 220}, {340, 260}, {60, 260}})
                              << QPolygonF();
    QTest::newRow("ring") << QPolygonF({{40, 40}, {360, 40}, {360, 260}, {40, 260}})
                          << QPolygonF({{90, 80}, {310, 80}, {310, 220}, {90, 220}});
}

void TestLabelEngine::polygonLabelInside()
{
    QFETCH(QPolygonF, outer);
    QFETCH(QPolygonF, hole);
    const QPolygonF closedOuter = QPolygonF(outer) << outer.front();
    const QPolygonF closedHole = hole.isEmpty() ? QPolygonF() : QPolygonF(hole) << hole.front();
    auto inside = [&](const QPointF& p) {
        return closedOuter.containsPoint(p, Qt::OddEvenFill)
            && (closedHole.isEmpty() || !closedHole.containsPoint(p, Qt::OddEvenFill));
    };
    // The centroid (the naive anchor) is outside: that is what each case is about.
    auto centroid = [](const QPolygonF& ring, double& area) {
        double cx = 0, cy = 0, twice = 0;
        for (qsizetype i = 0; i + 1 < ring.size(); ++i) {
            const double f = ring[i].x() * ring[i + 1].y() - ring[i + 1].x() * ring[i].y();
            cx += (ring[i].x() + ring[i + 1].x()) * f;
            cy += (ring[i].y() + ring[i + 1].y()) * f;
            twice += f;
        }
        area = twice / 2;
        return QPointF(cx / (3 * twice), cy / (3 * twice));
    };
    double outerArea = 0, holeArea = 0;
    const QPointF outerCentre = centroid(closedOuter, outerArea);
    QPointF centre = outerCentre;
    if (!closedHole.isEmpty()) {
        const QPointF holeCentre = centroid(closedHole, holeArea);
        centre = (outerCentre * outerArea - holeCentre * holeArea) / (outerArea - holeArea);
    }
    QVERIFY(!inside(centre));

    const Layer layer = makeLayer(GeometryType::Polygon,
        {{{outer.begin(), outer.end()}, kIzki, {}, {hole.begin(), hole.end()}}});
    QImage image = blank();
    const auto placed = render(image, {{&layer, style(16)}});
    image.save(dumpPath(QString("polygon_%1").arg(QTest::currentDataTag())));
    QCOMPARE(placed.size(), std::size_t(1));
    QVERIFY(inside(placed[0].box.center()));
    // It fits here, so all of it is inside.
    const QRectF box = placed[0].box;
    for (const QPointF& corner : {box.topLeft(), box.topRight(), box.bottomLeft(), box.bottomRight()})
        QVERIFY(inside(corner));
}

void TestLabelEngine::polygonTooSmallIsStillNamed()
{
    // A 16 px plot with a long name: the label does not fit inside, it is centred on the plot all the same.
    const std::vector<QPointF> plot{{200, 140}, {216, 140}, {216, 156}, {200, 156}};
    const Layer layer = makeLayer(GeometryType::Polygon, {{plot, kStreet, {}, {}}});
    QImage image = blank();
    const auto placed = render(image, {{&layer, style(14)}});
    QCOMPARE(placed.size(), std::size_t(1));
    QVERIFY(placed[0].box.width() > 16);
    QVERIFY(std::abs(placed[0].box.center().x() - 208) < 1.5);
    QVERIFY(std::abs(placed[0].box.center().y() - 148) < 1.5);
}

void TestLabelEngine::multipolygonLabelsLargestPart()
{
    GeometryColumn g;
    g.beginGeometry(GeometryType::MultiPolygon);
    for (const QRectF& r : {QRectF(20, 20, 40, 30), QRectF(150, 100, 200, 150), QRectF(20, 200, 60, 60)}) {
        g.beginPart(GeometryType::Polygon);
        g.beginRing();
        for (const QPointF& p : {r.topLeft(), r.topRight(), r.bottomRight(), r.bottomLeft(), r.topLeft()})
            at(g, p);
    }
    g.endGeometry();
    AttributeTable attributes;
    attributes.addColumn("name_ar", FieldType::String).appendString(kIzki.toStdString());
    const Layer layer("islands", Crs(), GeometryType::MultiPolygon, std::move(g), std::move(attributes));
    QImage image = blank();
    const auto placed = render(image, {{&layer, style()}});
    QCOMPARE(placed.size(), std::size_t(1));
    QVERIFY(QRectF(150, 100, 200, 150).contains(placed[0].box));
}

void TestLabelEngine::polygonBesideTheImageHasNoLabel()
{
    // Its right edge is 1e-13 px inside the labelling area (the image less 1 px): clipped, it is a sliver nobody can
    // see. It gets no label (and its label search no longer lays out billions of cells); the polygon inside does.
    const double edge = 1 + 1e-13;
    const Layer layer = makeLayer(GeometryType::Polygon,
        {{{{-500, 40}, {edge, 40}, {edge, 260}, {-500, 260}}, kIzki, {}, {}},
            {{{200, 100}, {380, 100}, {380, 200}, {200, 200}}, kNizwa, {}, {}}});
    QImage image = blank();
    const auto placed = render(image, {{&layer, style()}});
    QCOMPARE(placed.size(), std::size_t(1));
    QVERIFY(QRectF(200, 100, 180, 100).contains(placed[0].box));
}

void TestLabelEngine::lineLabelOnVisiblePart()
{
    // A road from far west of the image: its middle is off the map, its label is on the part that is shown.
    const Layer layer = makeLayer(GeometryType::LineString, {{{{-3000, 150}, {300, 150}}, kNizwa + " " + kBahla, {}, {}}});
    QImage image = blank();
    const auto placed = render(image, {{&layer, style()}});
    QCOMPARE(placed.size(), std::size_t(1));
    QVERIFY(placed[0].box.left() >= 1 && placed[0].box.right() <= 300);
    QVERIFY(placed[0].box.top() < 150 && placed[0].box.bottom() > 150);
}

void TestLabelEngine::cancelledPlacesNothing()
{
    const Layer layer = makeLayer(GeometryType::Point, {{{{100, 100}}, kNizwa, {}, {}}, {{{300, 200}}, kBahla, {}, {}}});
    QImage image = blank();
    LabelEngine engine(image.size(), 96, kScale);
    engine.addLayer("towns", layer, layer.geometries(), allRows(layer), style(), MapTransform());
    CancellationToken cancel;
    cancel.cancel();
    QPainter painter(&image);
    QVERIFY(engine.placeAndDraw(painter, cancel).empty());
}

void TestLabelEngine::scaleRange_data()
{
    QTest::addColumn<double>("minScale");
    QTest::addColumn<double>("maxScale");
    QTest::addColumn<double>("scale");
    QTest::addColumn<bool>("shown");
    QTest::newRow("no limits") << 0.0 << 0.0 << 1e6 << true;
    QTest::newRow("inside") << 10000.0 << 100000.0 << 50000.0 << true;
    QTest::newRow("zoomed out too far") << 0.0 << 25000.0 << 50000.0 << false;
    QTest::newRow("zoomed in too far") << 100000.0 << 0.0 << 50000.0 << false;
    QTest::newRow("at the limit") << 50000.0 << 50000.0 << 50000.0 << true;
}

void TestLabelEngine::scaleRange()
{
    QFETCH(double, minScale);
    QFETCH(double, maxScale);
    QFETCH(double, scale);
    QFETCH(bool, shown);
    const Layer layer = makeLayer(GeometryType::Point, {{{{200, 150}}, kNizwa, {}, {}}});
    LabelStyle s = style();
    s.minScale = minScale;
    s.maxScale = maxScale;
    QImage image = blank();
    QCOMPARE(render(image, {{&layer, s}}, nullptr, scale).size(), std::size_t(shown ? 1 : 0));
    QCOMPARE(inkRect(image).isEmpty(), !shown);
}

void TestLabelEngine::emptyTextHasNoLabel()
{
    const Layer layer = makeLayer(GeometryType::Point,
        {{{{100, 100}}, {}, "Nizwa", {}}, {{{300, 100}}, "   ", {}, {}}, {{{200, 200}}, kBahla, {}, {}}});
    QImage image = blank();
    const auto placed = render(image, {{&layer, style()}});
    QCOMPARE(placed.size(), std::size_t(1));
    QCOMPARE(placed[0].row, std::size_t(2));
}

// Issue 17: a town whose Arabic name is empty (Al Māzim) is labelled in English alone, not left a bare dot; a
// feature with neither line still has no label.
void TestLabelEngine::emptyFirstLineFallsBackToSecond()
{
    const Layer layer = makeLayer(GeometryType::Point, {{{{100, 100}}, {}, "Al Mazim", {}},
        {{{300, 100}}, "   ", "Dib Dibba", {}}, {{{200, 200}}, kBahla, "Bahla", {}}, {{{300, 250}}, {}, {}, {}}});
    LabelStyle s = style();
    s.secondText = "name_en";
    QImage image = blank();
    auto placed = render(image, {{&layer, s}});
    std::sort(placed.begin(), placed.end(), [](const auto& a, const auto& b) { return a.row < b.row; });
    QCOMPARE(placed.size(), std::size_t(3));
    QCOMPARE(placed[0].row, std::size_t(0));
    QCOMPARE(placed[0].text, QString("Al Mazim")); // one line, not "\nAl Mazim"
    QCOMPARE(placed[1].text, QString("Dib Dibba"));
    QCOMPARE(placed[2].text, kBahla + "\nBahla");
}

void TestLabelEngine::badExpressionThrows()
{
    const Layer layer = makeLayer(GeometryType::Point, {{{{100, 100}}, kNizwa, {}, {}}});
    LabelStyle s = style();
    s.text = "name_xx";
    LabelEngine engine({400, 300}, 96, kScale);
    try {
        engine.addLayer("bad", layer, layer.geometries(), allRows(layer), s, MapTransform());
        QFAIL("no exception");
    } catch (const Error& e) {
        QCOMPARE(e.code(), ErrorCode::Query);
    }
}

void TestLabelEngine::labelsStayInsideImage()
{
    // Points in the corners and on the edges: their labels go to the side that fits, or nowhere.
    const Layer layer = makeLayer(GeometryType::Point,
        {{{{2, 2}}, kNizwa, {}, {}}, {{{398, 2}}, kBahla, {}, {}}, {{{2, 298}}, kSamail, {}, {}},
            {{{398, 298}}, kIzki, {}, {}}, {{{200, 1}}, "Adam", {}, {}}, {{{1, 150}}, "Manah", {}, {}}});
    QImage image = blank();
    const auto placed = render(image, {{&layer, style()}});
    image.save(dumpPath("edges"));
    QCOMPARE(placed.size(), std::size_t(6));
    for (const PlacedLabel& label : placed)
        QVERIFY(QRectF(1, 1, 398, 298).contains(label.box));
    QVERIFY(QRect(1, 1, 398, 298).contains(inkRect(image)));
}

void TestLabelEngine::pdfKeepsRealText()
{
    QVERIFY2(test::haveTool("pdftotext"), "pdftotext (poppler-utils) is missing");
    const Layer points = makeLayer(GeometryType::Point, {{{{300, 60}}, kNizwa, "Nizwa", {}}, {{{100, 60}}, kBahla, {}, {}}});
    const Layer lines = makeLayer(GeometryType::LineString,
        {{{{40, 200}, {360, 200}}, "Sultan Qaboos Street", {}, {}}, {arc({200, 330}, 200, 235, 305), kStreet, {}, {}}});
    LabelStyle pointStyle = style(16);
    pointStyle.secondText = "name_en";
    QTemporaryDir dir;
    const QString pdf = dir.filePath("labels.pdf");
    std::vector<PlacedLabel> pdfLabels;
    {
        QPdfWriter writer(pdf);
        writer.setResolution(96);
        writer.setPageSize(QPageSize(QSizeF(400, 300), QPageSize::Point));
        writer.setPageMargins(QMarginsF(0, 0, 0, 0));
        QPainter painter(&writer);
        // Device pixels as the renderer sets them up: the request's size over the page.
        const QSize size(400, 300);
        painter.scale(writer.width() / double(size.width()), writer.height() / double(size.height()));
        LabelEngine engine(size, 96, kScale);
        engine.addLayer("towns", points, points.geometries(), allRows(points), pointStyle, MapTransform());
        engine.addLayer("roads", lines, lines.geometries(), allRows(lines), style(16), MapTransform());
        engine.setRecordLayouts(true);
        pdfLabels = engine.placeAndDraw(painter, CancellationToken());
        QCOMPARE(pdfLabels.size(), std::size_t(4));
        QVERIFY(std::any_of(engine.layouts().begin(), engine.layouts().end(), [](const LabelLayout& l) { return l.curved; }));
    }
    // The same size on paper as on screen: the same boxes as on a QImage of the render's size.
    QImage image = blank();
    const auto imageLabels = render(image, {{&points, pointStyle}, {&lines, style(16)}});
    QCOMPARE(imageLabels.size(), pdfLabels.size());
    for (std::size_t i = 0; i < pdfLabels.size(); ++i)
        QCOMPARE(pdfLabels[i].box, imageLabels[i].box);

    const test::ToolResult r = test::runTool("pdftotext", {pdf, "-"});
    QCOMPARE(r.exitCode, 0);
    // pdftotext gives Arabic presentation forms (the shaped glyphs) in logical order, between bidi marks.
    QString text = QString::fromUtf8(r.out).normalized(QString::NormalizationForm_KC);
    text.remove(QChar(0x202A)).remove(QChar(0x202B)).remove(QChar(0x202C));
    QVERIFY2(text.contains(kNizwa), qPrintable(text));
    QVERIFY2(text.contains(kBahla), qPrintable(text));
    QVERIFY2(text.contains("Nizwa"), qPrintable(text));
    QVERIFY2(text.contains("Sultan Qaboos Street"), qPrintable(text));
    // The curved label is text too, glyph by glyph: its letters come out in order, though pdftotext breaks the
    // line where the arc drops.
    QString compact = text;
    compact.remove(QRegularExpression("\\s"));
    QVERIFY2(compact.contains(QString(kStreet).remove(' ')), qPrintable(text));
}

void TestLabelEngine::straightLabelsReachEnginesAsText()
{
    const Layer points = makeLayer(GeometryType::Point, {{{{300, 60}}, kNizwa, "Nizwa", {}}});
    const Layer lines = makeLayer(GeometryType::LineString, {{{{40, 200}, {360, 150}}, kStreet, {}, {}}});
    LabelStyle pointStyle = style(16);
    pointStyle.secondText = "name_en";
    TextRecorder device;
    LabelEngine engine({400, 300}, 96, kScale);
    engine.addLayer("towns", points, points.geometries(), allRows(points), pointStyle, MapTransform());
    engine.addLayer("roads", lines, lines.geometries(), allRows(lines), style(16), MapTransform());
    {
        QPainter painter(&device);
        QCOMPARE(engine.placeAndDraw(painter, CancellationToken()).size(), std::size_t(2));
    }
    const QString texts = device.texts().join('|');
    QVERIFY2(texts.contains(kNizwa), qPrintable(texts));
    QVERIFY2(texts.contains("Nizwa"), qPrintable(texts));
    QVERIFY2(texts.contains(kStreet), qPrintable(texts)); // a rotated straight label is text too
}

void TestLabelEngine::referenceImages_data()
{
    QTest::addColumn<QString>("scene");
    QTest::newRow("point") << "point";
    QTest::newRow("curved") << "curved";
    QTest::newRow("polygon") << "polygon";
}

void TestLabelEngine::referenceImages()
{
    QFETCH(QString, scene);
    QImage image = blank({240, 120});
    const Layer points = makeLayer(GeometryType::Point, {{{{150, 45}}, kNizwa, "Nizwa", {}}, {{{60, 90}}, kBahla, "Bahla", {}}});
    const Layer curve = makeLayer(GeometryType::LineString, {{arc({120, 200}, 170, 235, 305), kStreet, {}, {}}});
    const Layer polygon = makeLayer(GeometryType::Polygon,
        {{{{20, 10}, {220, 10}, {220, 110}, {160, 110}, {160, 50}, {80, 50}, {80, 110}, {20, 110}}, kSamail, "Samail", {}}});
    LabelStyle s = style(14, 2);
    s.secondText = "name_en";
    s.color = Color(40, 40, 120);
    {
        QPainter p(&image);
        p.setRenderHint(QPainter::Antialiasing);
        if (scene == "point") {
            p.setBrush(Qt::darkRed);
            p.drawEllipse(QPointF(150, 45), 3, 3);
            p.drawEllipse(QPointF(60, 90), 3, 3);
        } else if (scene == "curved") {
            p.setPen(QPen(QColor(200, 120, 40), 5));
            const auto a = arc({120, 200}, 170, 235, 305);
            p.drawPolyline(QPolygonF(a.begin(), a.end()));
        } else {
            p.setBrush(QColor(200, 230, 200));
            p.drawPolygon(QPolygonF({{20, 10}, {220, 10}, {220, 110}, {160, 110}, {160, 50}, {80, 50}, {80, 110}, {20, 110}}));
        }
    }
    const Layer& layer = scene == "point" ? points : scene == "curved" ? curve : polygon;
    QVERIFY(!render(image, {{&layer, s}}).empty());
    image = image.convertToFormat(QImage::Format_RGB32);
    image.save(dumpPath("reference_" + scene));

    const QString reference = QString(GIS_SOURCE_DIR) + "/tests/render/data/labels_" + scene + ".png";
    if (qEnvironmentVariableIntValue("GIS_UPDATE_REFERENCES") == 1) {
        QVERIFY(image.save(reference));
        qInfo("updated %s", qPrintable(reference));
    }
    const QImage expected = QImage(reference).convertToFormat(QImage::Format_RGB32);
    QVERIFY2(!expected.isNull(), qPrintable("missing " + reference + " (run with GIS_UPDATE_REFERENCES=1)"));
    QCOMPARE(expected.size(), image.size());
    // Font rasterisation may move a pixel's shade, never a glyph: allow a few strongly different pixels.
    const int differing = differingPixels(image, expected, 64);
    QVERIFY2(differing <= image.width() * image.height() / 200, qPrintable(QString("%1 pixels differ").arg(differing)));
}

QTEST_MAIN(TestLabelEngine)
#include "tst_labelengine.moc"
