// DevicePathBuilder: rings in device pixels with what cannot show removed. The bug it carries: a governorate
// whose parts all lie beyond the edges of an atlas page collapsed to lone points, which QPdfWriter wrote as
// "x y m h f*" and, under the layer's semi-transparent outline, "h f" with no current point ("Syntax Error: No
// current point in closepath" from poppler). Oracle for that: poppler's pdftoppm and qpdf on the exported PDF.

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <limits>
#include <vector>

#include "gis/render/mapexport.h"
#include "gis/project/project.h"
#include "support/testsupport.h"

#include "devicepath.h"

using namespace gis;
using detail::DevicePathBuilder;

Q_DECLARE_METATYPE(std::vector<gis::Coord>)

namespace {

/// JSON written with single quotes, for fixtures that read well in C++.
QByteArray json(const char* text)
{
    return QByteArray(text).replace('\'', '"');
}

// Map (x, y) with an extent of (0, 0, 100, 100) on 100 x 100 pixels: device (x, 100 - y).
DevicePathBuilder builder()
{
    return DevicePathBuilder(detail::DeviceMapping(MapTransform(Box(0, 0, 100, 100), QSize(100, 100))), QSize(100, 100), 2);
}

std::vector<Coord> square(double x, double y, double side)
{
    return {{x, y}, {x + side, y}, {x + side, y + side}, {x + side / 2, y + side * 1.2}, {x, y + side}, {x, y}};
}

} // namespace

class TestDevicePath : public QObject {
    Q_OBJECT

private slots:
    void keepsWhatShows_data()
    {
        QTest::addColumn<std::vector<Coord>>("ring");
        QTest::addColumn<int>("points");
        QTest::newRow("inside") << square(40, 40, 20) << 6;
        QTest::newRow("across the left edge") << square(-10, 40, 20) << 6;
        QTest::newRow("line of two") << std::vector<Coord>{{10, 10}, {90, 90}} << 2;
        // A ring as thin as the tolerance still strokes as a line: A, B, A stays.
        QTest::newRow("sliver") << std::vector<Coord>{{10, 10}, {90, 10.1}, {10, 10}} << 3;
    }

    void keepsWhatShows()
    {
        QFETCH(std::vector<Coord>, ring);
        QFETCH(int, points);
        std::vector<QPointF> out{QPointF(-1, -1)}; // appends after what is there
        QCOMPARE(builder().append(ring.data(), ring.size(), out), std::size_t(points));
        QCOMPARE(out.size(), std::size_t(points + 1));
        QCOMPARE(out.front(), QPointF(-1, -1));
    }

    // What collapses to one point has nothing to fill or stroke: nothing is appended.
    void dropsWhatCollapses_data()
    {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        QTest::addColumn<std::vector<Coord>>("ring");
        QTest::newRow("beyond the left edge") << square(-60, 40, 20);
        QTest::newRow("beyond the bottom edge") << square(40, -300, 50);
        QTest::newRow("beyond a corner") << square(-90, -90, 30);
        QTest::newRow("smaller than the tolerance") << square(50, 50, 0.001);
        QTest::newRow("one finite point") << std::vector<Coord>{{nan, nan}, {50, 50}, {nan, 1}};
        QTest::newRow("one point") << std::vector<Coord>{{50, 50}};
        QTest::newRow("no finite point") << std::vector<Coord>{{nan, nan}, {nan, nan}};
    }

    void dropsWhatCollapses()
    {
        QFETCH(std::vector<Coord>, ring);
        std::vector<QPointF> out{QPointF(-1, -1)};
        QCOMPARE(builder().append(ring.data(), ring.size(), out), std::size_t(0));
        QCOMPARE(out.size(), std::size_t(1));
    }

    // The input that broke the atlas: one feature whose parts lie beyond two edges (so its box crosses the view
    // and it is drawn) with a semi-transparent layer (so Qt strokes the outline itself). Poppler says nothing.
    void pdfOfCollapsedPartsHasNoEmptyClosepath()
    {
        QVERIFY(test::haveTool("pdftoppm") && test::haveTool("qpdf"));
        QTemporaryDir dir;
        test::writeFile(dir.filePath("parts.geojson"), json("{'type': 'FeatureCollection', 'features': [ "
            "{'type': 'Feature', 'properties': {}, 'geometry': {'type': 'MultiPolygon', 'coordinates': ["
              "[[[-3, 0.4], [-2, 0.4], [-2, 0.6], [-2.5, 0.65], [-3, 0.6], [-3, 0.4]]],"
              "[[[3, 0.4], [4, 0.4], [4, 0.6], [3.5, 0.65], [3, 0.6], [3, 0.4]]]]}},"
            "{'type': 'Feature', 'properties': {}, 'geometry': {'type': 'Polygon', 'coordinates':"
              "[[[0.2, 0.2], [0.8, 0.2], [0.8, 0.8], [0.2, 0.8], [0.2, 0.2]]]}}]}"));
        test::writeFile(dir.filePath("parts.json"), json("{'crs': 'EPSG:4326', 'extent': [0, 0, 1, 1], 'layers': [ "
            "{'name': 'parts', 'source': 'parts.geojson', 'style': {'opacity': 0.85, 'renderer': {'type': 'single',"
              "'symbol': {'fill': '#fd8d3c', 'stroke': {'color': '#8c8c8c', 'width': 0.8}}}}}]}"));
        Project project = Project::load(dir.filePath("parts.json").toStdString());
        project.loadData();
        const QString pdf = dir.filePath("parts.pdf");
        const RenderResult result = exportMap(gis::makeRequest(project, QSize(200, 200), 96), pdf.toStdString());
        QVERIFY(result.errors.empty());
        QCOMPARE(result.featuresDrawn, std::size_t(2));

        const test::ToolResult page = test::runTool("pdftoppm", {"-r", "30", "-png", "-singlefile", pdf, dir.filePath("page")});
        QCOMPARE(page.exitCode, 0);
        QVERIFY2(page.err.isEmpty(), page.err.constData());
        const test::ToolResult check = test::runTool("qpdf", {"--check", pdf});
        QVERIFY2(check.exitCode == 0 && check.err.isEmpty(), (check.out + check.err).constData());
    }
};

QTEST_MAIN(TestDevicePath)
#include "tst_devicepath.moc"
