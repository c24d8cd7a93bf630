// The print legend says what the map draws. Oracles: the painter commands the legend issues (recorded by a paint
// engine that keeps text and the brushes of rectangles), the map renderer's own drawing of one feature of each
// legend entry's symbol (pixels compared), and the raster renderer's tint ramp.

#include <QGradient>
#include <QImage>
#include <QPaintEngine>
#include <QPainter>
#include <QTest>

#include <algorithm>
#include <cmath>

#include "gis/geom/wkt.h"
#include "gis/layout/layoutdraw.h"
#include "gis/layout/layoutfile.h"
#include "gis/project/classify.h"
#include "gis/project/project.h"
#include "gis/render/maprenderer.h"
#include "gis/render/qtstyle.h"
#include "gis/render/symbolpreview.h"
#include "support/analysissupport.h"

namespace {

const std::string kProject = GIS_SOURCE_DIR "/data/dakhiliyah.json";

/// What a page drew: its texts (with where they start, device px) and the brushes of its rectangles.
struct Recorded {
    struct Text {
        QString text;
        QPointF at;
    };
    struct Rect {
        QRectF rect;
        QBrush brush;
        double opacity = 1;
    };
    std::vector<Text> texts;
    std::vector<Rect> rects;
};

class RecordingEngine : public QPaintEngine {
public:
    explicit RecordingEngine(Recorded& out) : QPaintEngine(QPaintEngine::AllFeatures), m_out(out) {}
    bool begin(QPaintDevice*) override { return true; }
    bool end() override { return true; }
    void updateState(const QPaintEngineState& state) override
    {
        if (state.state() & QPaintEngine::DirtyTransform)
            m_transform = state.transform();
        if (state.state() & QPaintEngine::DirtyBrush)
            m_brush = state.brush();
        if (state.state() & QPaintEngine::DirtyOpacity)
            m_opacity = state.opacity();
    }
    void drawPixmap(const QRectF&, const QPixmap&, const QRectF&) override {}
    void drawImage(const QRectF&, const QImage&, const QRectF&, Qt::ImageConversionFlags) override {}
    void drawPath(const QPainterPath&) override {}
    void drawPolygon(const QPointF*, int, PolygonDrawMode) override {}
    void drawTextItem(const QPointF& p, const QTextItem& item) override
    {
        m_out.texts.push_back({item.text(), m_transform.map(p)});
    }
    void drawRects(const QRectF* rects, int count) override
    {
        for (int i = 0; i < count; ++i)
            m_out.rects.push_back({m_transform.mapRect(rects[i]), m_brush, m_opacity});
    }
    Type type() const override { return QPaintEngine::User; }

private:
    Recorded& m_out;
    QTransform m_transform;
    QBrush m_brush;
    double m_opacity = 1;
};

/// A page-sized device that paints nothing and records what was asked of it.
class RecordingDevice : public QPaintDevice {
public:
    RecordingDevice(QSize size, double dpi) : m_engine(recorded), m_size(size), m_dpi(dpi) {}
    QPaintEngine* paintEngine() const override { return const_cast<RecordingEngine*>(&m_engine); }
    Recorded recorded;

protected:
    int metric(PaintDeviceMetric m) const override
    {
        switch (m) {
        case PdmWidth: return m_size.width();
        case PdmHeight: return m_size.height();
        case PdmWidthMM: return int(m_size.width() * 25.4 / m_dpi);
        case PdmHeightMM: return int(m_size.height() * 25.4 / m_dpi);
        case PdmDpiX: case PdmDpiY: case PdmPhysicalDpiX: case PdmPhysicalDpiY: return int(m_dpi);
        case PdmDepth: return 32;
        case PdmNumColors: return INT_MAX;
        case PdmDevicePixelRatio: return 1;
        case PdmDevicePixelRatioScaled: return int(QPaintDevice::devicePixelRatioFScale());
        default: return 0;
        }
    }

private:
    RecordingEngine m_engine;
    QSize m_size;
    double m_dpi;
};

gis::Layout readTemplate(const std::string& name)
{
    return gis::readLayoutFile(GIS_SOURCE_DIR "/styles/layouts/" + name + ".json");
}

/// The page of `layout` for the sample project in `language`, recorded at `dpi`; `legend` gets the legend's
/// rectangle in device pixels.
Recorded recordPage(const gis::Project& project, const std::string& layoutName, const std::string& language, double dpi,
    QRectF& legend)
{
    const gis::Layout layout = readTemplate(layoutName);
    const double mm = dpi / 25.4;
    RecordingDevice device(QSize(int(layout.widthMm * mm), int(layout.heightMm * mm)), dpi);
    {
        QPainter painter(&device);
        gis::drawLayout(painter, layout, gis::projectLayoutContent(project, language), dpi);
    }
    for (const auto& item : layout.items)
        if (item.kind == gis::LayoutItem::Kind::Legend)
            legend = QRectF(item.rectMm.x() * mm, item.rectMm.y() * mm, item.rectMm.width() * mm, item.rectMm.height() * mm);
    return device.recorded;
}

/// The share of pixels of `a` with no pixel within one pixel of the same place in `b` whose channels are all within
/// `tolerance` (0..255), or the other way round; 1 when the sizes differ. The one pixel of slack absorbs the
/// half-pixel by which a marker drawn from a sprite (on the map) and as a vector (in the legend) may differ, and
/// nothing else: a colour, a size, a dash or a width that differs shows.
double differingShare(const QImage& a, const QImage& b, int tolerance)
{
    if (a.size() != b.size())
        return 1;
    const QImage x = a.convertToFormat(QImage::Format_ARGB32), y = b.convertToFormat(QImage::Format_ARGB32);
    const auto close = [tolerance](QRgb p, QRgb q) {
        return std::abs(qRed(p) - qRed(q)) <= tolerance && std::abs(qGreen(p) - qGreen(q)) <= tolerance &&
               std::abs(qBlue(p) - qBlue(q)) <= tolerance;
    };
    const auto matched = [&](const QImage& from, const QImage& in, int col, int row) {
        for (int dy = -1; dy <= 1; ++dy)
            for (int dx = -1; dx <= 1; ++dx)
                if (in.rect().contains(col + dx, row + dy) && close(from.pixel(col, row), in.pixel(col + dx, row + dy)))
                    return true;
        return false;
    };
    long long differ = 0;
    for (int row = 0; row < x.height(); ++row)
        for (int col = 0; col < x.width(); ++col)
            differ += !matched(x, y, col, row) || !matched(y, x, col, row);
    return double(differ) / (double(x.width()) * x.height());
}

QImage white(QSize size)
{
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    return image;
}

} // namespace

class TestLegend : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_project = gis::Project::load(kProject);
        m_project.loadData();
    }

    // "Governorates (population 2024)" was cut to "Governorates (population 20…" on the A3 English page: a heading
    // wider than its column wraps, every word of it inside the legend's frame, and nothing is elided.
    void headingWrapsWithinTheLegendFrame_data()
    {
        QTest::addColumn<QString>("layout");
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("heading");
        QTest::addColumn<double>("dpi");
        for (const double dpi : {100.0, 300.0}) { // 300: export-map's default, where the English heading was cut
            for (const char* l : {"a3-landscape-en", "a4-landscape-en", "a4-portrait-en"})
                QTest::addRow("%s %g dpi", l, dpi) << l << "en" << "Governorates (population 2024)" << dpi;
            for (const char* l : {"a3-landscape-ar", "a4-landscape-ar", "a4-portrait-ar"})
                QTest::addRow("%s %g dpi", l, dpi) << l << "ar" << QString::fromUtf8("المحافظات (السكان ٢٠٢٤)") << dpi;
        }
    }
    void headingWrapsWithinTheLegendFrame()
    {
        QFETCH(QString, layout);
        QFETCH(QString, language);
        QFETCH(QString, heading);
        QFETCH(double, dpi);
        QRectF legend;
        const Recorded page = recordPage(m_project, layout.toStdString(), language.toStdString(), dpi, legend);
        QVERIFY(!legend.isEmpty());
        QStringList inLegend;
        for (const auto& t : page.texts)
            if (legend.adjusted(-1, -1, 1, 1).contains(t.at))
                inLegend << t.text;
        QVERIFY2(!inLegend.isEmpty(), "the legend drew no text");
        for (const QString& t : inLegend)
            QVERIFY2(!t.contains(QChar(0x2026)), qPrintable("elided in the legend: " + t));
        // Every word of the heading was drawn inside the frame (Arabic's runs come in visual order, its
        // parentheses apart: words are looked for without them).
        const QString all = inLegend.join(u' ');
        for (QString word : heading.split(u' ')) {
            word.remove(u'(').remove(u')');
            QVERIFY2(all.contains(word), qPrintable("missing from the legend: " + word + " (drawn: " + all + ")"));
        }
    }

    // The relief layer is a hillshade over the Terrain tint at 60 % opacity: its legend swatch is that tint at that
    // opacity, not a grey ramp.
    void reliefLegendIsTheMapsTint()
    {
        QRectF legend;
        const Recorded page = recordPage(m_project, "a3-landscape-en", "en", 100, legend);
        const auto terrain = gis::colorRamp("Terrain", 5);
        int gradients = 0;
        for (const auto& r : page.rects) {
            if (!legend.contains(r.rect) || !r.brush.gradient())
                continue;
            ++gradients;
            const QGradientStops stops = r.brush.gradient()->stops();
            QCOMPARE(stops.size(), qsizetype(terrain.size()));
            for (std::size_t i = 0; i < terrain.size(); ++i)
                QCOMPARE(stops[qsizetype(i)].second, gis::toQColor(terrain[i]));
            QCOMPARE(r.opacity, 0.6); // hillshade.json's layer opacity, which the map composites the raster with
        }
        QCOMPARE(gradients, 1);
    }

    // Each legend entry's symbol, drawn as the legend draws it, against the map renderer's drawing of one feature
    // with that symbol in the same box at the same DPI: a marker at the box's centre, a line along its middle, a
    // polygon filling it. Every class of every vector layer of the sample project.
    void legendSymbolsAreTheMapsSymbols()
    {
        const double dpi = 150;
        const QSize size(120, 48); // a swatch large enough that the legend's caps on sizes do not apply
        const QRectF box(10, 10, 100, 28);
        int compared = 0;
        for (const auto& pl : m_project.layers) {
            if (!pl.available || !pl.map.vector)
                continue;
            const gis::Renderer& r = pl.map.style.renderer;
            std::vector<gis::Symbol> symbols;
            if (r.kind == gis::Renderer::Kind::Single)
                symbols.push_back(r.symbol);
            for (const auto& c : r.categories)
                symbols.push_back(c.symbol);
            for (const auto& g : r.ranges)
                symbols.push_back(g.symbol);
            for (const auto& rule : r.rules)
                symbols.push_back(rule.symbol);
            const gis::GeometryType type = gis::singleType(pl.map.vector->geometryType());
            for (std::size_t i = 0; i < symbols.size(); ++i) {
                const QByteArray what = QByteArray::fromStdString(pl.map.name) + " symbol " + QByteArray::number(int(i));
                QImage legendImage = white(size);
                {
                    QPainter p(&legendImage);
                    p.setRenderHint(QPainter::Antialiasing);
                    const auto shape = type == gis::GeometryType::Point        ? gis::SymbolPreviewShape::Point
                                       : type == gis::GeometryType::LineString ? gis::SymbolPreviewShape::Line
                                                                               : gis::SymbolPreviewShape::Polygon;
                    gis::drawSymbolPreview(p, symbols[i], shape, box, dpi);
                }
                // The feature in "device units": map (x, y) in an extent of (0, 0, W, H) is pixel (x, H - y).
                const double h = size.height();
                const auto X = [](double x) { return std::to_string(x); };
                const auto Y = [h](double y) { return std::to_string(h - y); };
                std::string wkt;
                if (type == gis::GeometryType::Point)
                    wkt = "POINT(" + X(box.center().x()) + " " + Y(box.center().y()) + ")";
                else if (type == gis::GeometryType::LineString)
                    wkt = "LINESTRING(" + X(box.left()) + " " + Y(box.center().y()) + "," + X(box.right()) + " " + Y(box.center().y()) + ")";
                else // clockwise on the page from the top left, as QPainter::drawRect strokes a rectangle
                    wkt = "POLYGON((" + X(box.left()) + " " + Y(box.top()) + "," + X(box.right()) + " " + Y(box.top()) + "," +
                          X(box.right()) + " " + Y(box.bottom()) + "," + X(box.left()) + " " + Y(box.bottom()) + "," +
                          X(box.left()) + " " + Y(box.top()) + "))";
                gis::MapLayer layer;
                layer.name = "one";
                layer.vector = gis::test::layerFromWkt({wkt}, type, {"one", gis::Crs{}});
                layer.style.renderer.symbol = symbols[i];
                gis::RenderRequest request;
                request.extent = gis::Box(0, 0, size.width(), size.height());
                request.size = size;
                request.dpi = dpi;
                request.background = Qt::white;
                request.drawLabels = false;
                request.layers.push_back(layer);
                const gis::RenderResult map = gis::renderImage(request);
                QVERIFY2(map.errors.empty(), what + ": " + QByteArray::fromStdString(map.errors.empty() ? "" : map.errors[0].message));
                const QImage mapImage = map.image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
                const double differing = differingShare(legendImage, mapImage, 48);
                if (differing > 0.02) {
                    legendImage.save(QString("/tmp/legend-%1.png").arg(QString(what)));
                    mapImage.save(QString("/tmp/map-%1.png").arg(QString(what)));
                }
                QVERIFY2(differing <= 0.02, what + ": " + QByteArray::number(differing * 100, 'f', 1) + " % of pixels differ");
                ++compared;
            }
        }
        QVERIFY2(compared >= 20, QByteArray::number(compared)); // every class of the sample's vector layers
    }

private:
    gis::Project m_project;
};

QTEST_MAIN(TestLegend)
#include "tst_legend.moc"
