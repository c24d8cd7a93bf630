#include <cmath>
#include <vector>

#include <QProcess>
#include <QStandardPaths>
#include <QtTest>

#include "gis/crs/measure.h"
#include "gis/geom/geometrycolumn.h"

using gis::Coord;
using gis::GeometryColumn;
using gis::GeometryType;

namespace {

using Ring = std::vector<Coord>;
using Polygon = std::vector<Ring>; // exterior, then holes
using Line = std::vector<Coord>;

Ring box(double minX, double minY, double maxX, double maxY)
{
    return {{minX, minY}, {maxX, minY}, {maxX, maxY}, {minX, maxY}, {minX, minY}};
}

void addRings(GeometryColumn& column, const std::vector<Ring>& rings)
{
    for (const Ring& ring : rings) {
        column.beginRing();
        for (const Coord& c : ring)
            column.addCoord(c.x, c.y);
    }
}

/// One geometry of `type` made of polygons and lines (a GeometryCollection takes both).
GeometryColumn makeGeometry(GeometryType type, const std::vector<Polygon>& polygons, const std::vector<Line>& lines = {})
{
    GeometryColumn column;
    column.beginGeometry(type);
    for (const Polygon& polygon : polygons) {
        column.beginPart(GeometryType::Polygon);
        addRings(column, polygon);
    }
    for (const Line& line : lines) {
        column.beginPart(GeometryType::LineString);
        addRings(column, {line});
    }
    column.endGeometry();
    return column;
}

QByteArray latLonLines(const Ring& ring)
{
    QByteArray text;
    for (const Coord& c : ring)
        text += QByteArray::number(c.y, 'f', 12) + ' ' + QByteArray::number(c.x, 'f', 12) + '\n';
    return text;
}

/// GeographicLib's Planimeter on one ring (or, with -l, one polyline): "count perimeter area" or "count length".
QList<double> planimeter(const Ring& points, bool polyline)
{
    QProcess process;
    QStringList args{"-p", "6"};
    if (polyline)
        args << "-l";
    process.start("Planimeter", args);
    if (!process.waitForStarted())
        return {};
    process.write(latLonLines(points));
    process.closeWriteChannel();
    if (!process.waitForFinished(60000) || process.exitCode() != 0)
        return {};
    QList<double> numbers;
    for (const QByteArray& field : process.readAllStandardOutput().simplified().split(' '))
        numbers << field.toDouble();
    return numbers;
}

bool closeTo(double ours, double expected, double relative)
{
    return std::abs(ours - expected) <= relative * std::max(1.0, std::abs(expected));
}

// Near Nizwa: a 6 km square with a 1 km hole, and a second polygon to make a multipolygon.
const Polygon kWithHole{box(57.50, 22.90, 57.56, 22.96), box(57.52, 22.92, 57.53, 22.93)};
const Polygon kSecond{{{57.60, 22.80}, {57.70, 22.82}, {57.66, 22.90}, {57.60, 22.80}}};

} // namespace

Q_DECLARE_METATYPE(Ring)
Q_DECLARE_METATYPE(Polygon)

class TestMeasure : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void geodesicPolygons_data();
    void geodesicPolygons();
    void geodesicLength();
    void planar_data();
    void planar();
    void nullAndEmpty();
};

void TestMeasure::initTestCase()
{
    if (QStandardPaths::findExecutable("Planimeter").isEmpty())
        QFAIL("Planimeter not found: install the Debian package geographiclib-tools (it is in the package list)");
}

void TestMeasure::geodesicPolygons_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<QList<int>>("which"); // indexes into {kWithHole, kSecond}
    QTest::newRow("polygon with a hole") << int(GeometryType::Polygon) << QList<int>{0};
    QTest::newRow("multipolygon") << int(GeometryType::MultiPolygon) << QList<int>{0, 1};
    QTest::newRow("triangle") << int(GeometryType::Polygon) << QList<int>{1};
}

void TestMeasure::geodesicPolygons()
{
    QFETCH(int, type);
    QFETCH(QList<int>, which);
    const Polygon all[] = {kWithHole, kSecond};
    std::vector<Polygon> polygons;
    double expectedArea = 0, expectedPerimeter = 0;
    for (int i : which) {
        polygons.push_back(all[i]);
        for (std::size_t r = 0; r < all[i].size(); ++r) {
            const QList<double> out = planimeter(all[i][r], false);
            QCOMPARE(out.size(), 3);
            expectedPerimeter += out[1];
            expectedArea += (r == 0 ? 1 : -1) * std::abs(out[2]);
        }
    }
    const GeometryColumn g = makeGeometry(static_cast<GeometryType>(type), polygons);
    const double area = gis::geometryArea({&g, 0}, true);
    const double perimeter = gis::geometryPerimeter({&g, 0}, true);
    QVERIFY2(closeTo(area, expectedArea, 1e-9), qPrintable(QString("ours %1, Planimeter %2").arg(area, 0, 'f', 3).arg(expectedArea, 0, 'f', 3)));
    QVERIFY2(closeTo(perimeter, expectedPerimeter, 1e-9),
             qPrintable(QString("ours %1, Planimeter %2").arg(perimeter, 0, 'f', 6).arg(expectedPerimeter, 0, 'f', 6)));
    QCOMPARE(gis::geometryLength({&g, 0}, true), 0.0); // a boundary is a perimeter, not a length
    QVERIFY(area > 1e6);
}

void TestMeasure::geodesicLength()
{
    const Line wadi{{57.53, 22.93}, {57.60, 22.99}, {57.71, 23.02}};
    const Line road{{57.40, 22.80}, {57.45, 22.70}};
    const QList<double> a = planimeter(wadi, true), b = planimeter(road, true);
    QCOMPARE(a.size(), 2);
    QCOMPARE(b.size(), 2);
    const GeometryColumn g = makeGeometry(GeometryType::MultiLineString, {}, {wadi, road});
    const double length = gis::geometryLength({&g, 0}, true);
    QVERIFY2(closeTo(length, a[1] + b[1], 1e-9), qPrintable(QString("ours %1, Planimeter %2").arg(length).arg(a[1] + b[1])));
    QCOMPARE(gis::geometryArea({&g, 0}, true), 0.0);
    QCOMPARE(gis::geometryPerimeter({&g, 0}, true), 0.0);
}

void TestMeasure::planar_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<QList<Polygon>>("polygons");
    QTest::addColumn<QList<Line>>("lines");
    QTest::addColumn<double>("area");
    QTest::addColumn<double>("perimeter");
    QTest::addColumn<double>("length");

    // Worked by hand: 100 m square minus a 20 m hole; UTM-sized coordinates must not cost precision.
    const Polygon square{box(500000, 2500000, 500100, 2500100), box(500040, 2500040, 500060, 2500060)};
    const Polygon triangle{{{0, 0}, {4, 0}, {0, 3}, {0, 0}}};           // 3-4-5: area 6, perimeter 12
    const Polygon openTriangle{{{0, 0}, {4, 0}, {0, 3}}};               // not closed: the same measures
    const Polygon clockwise{{{0, 0}, {0, 3}, {4, 0}, {0, 0}}};          // orientation does not matter
    const Line bent{{0, 0}, {3, 4}, {3, 10}};                            // 5 + 6
    QTest::newRow("square with hole") << int(GeometryType::Polygon) << QList<Polygon>{square} << QList<Line>{} << 9600.0
                                      << 480.0 << 0.0;
    QTest::newRow("triangle") << int(GeometryType::Polygon) << QList<Polygon>{triangle} << QList<Line>{} << 6.0 << 12.0 << 0.0;
    QTest::newRow("open ring") << int(GeometryType::Polygon) << QList<Polygon>{openTriangle} << QList<Line>{} << 6.0
                               << 12.0 << 0.0;
    QTest::newRow("clockwise") << int(GeometryType::Polygon) << QList<Polygon>{clockwise} << QList<Line>{} << 6.0 << 12.0
                               << 0.0;
    QTest::newRow("multipolygon") << int(GeometryType::MultiPolygon) << QList<Polygon>{square, triangle} << QList<Line>{}
                                  << 9606.0 << 492.0 << 0.0;
    QTest::newRow("line") << int(GeometryType::LineString) << QList<Polygon>{} << QList<Line>{bent} << 0.0 << 0.0 << 11.0;
    QTest::newRow("multiline") << int(GeometryType::MultiLineString) << QList<Polygon>{} << QList<Line>{bent, {{0, 0}, {0, 2}}}
                               << 0.0 << 0.0 << 13.0;
    QTest::newRow("collection") << int(GeometryType::GeometryCollection) << QList<Polygon>{triangle} << QList<Line>{bent}
                                << 6.0 << 12.0 << 11.0;
}

void TestMeasure::planar()
{
    QFETCH(int, type);
    QFETCH(QList<Polygon>, polygons);
    QFETCH(QList<Line>, lines);
    QFETCH(double, area);
    QFETCH(double, perimeter);
    QFETCH(double, length);
    const GeometryColumn g = makeGeometry(static_cast<GeometryType>(type), {polygons.begin(), polygons.end()},
                                          {lines.begin(), lines.end()});
    QVERIFY(closeTo(gis::geometryArea({&g, 0}, false), area, 1e-12));
    QVERIFY(closeTo(gis::geometryPerimeter({&g, 0}, false), perimeter, 1e-12));
    QVERIFY(closeTo(gis::geometryLength({&g, 0}, false), length, 1e-12));
}

void TestMeasure::nullAndEmpty()
{
    GeometryColumn column;
    column.appendNull();
    column.appendPoint(57.53, 22.93);
    column.beginGeometry(GeometryType::Polygon);
    column.endGeometry(); // empty polygon
    for (std::size_t i = 0; i < column.size(); ++i) {
        for (bool geodesic : {false, true}) {
            QCOMPARE(gis::geometryArea({&column, i}, geodesic), 0.0);
            QCOMPARE(gis::geometryPerimeter({&column, i}, geodesic), 0.0);
            QCOMPARE(gis::geometryLength({&column, i}, geodesic), 0.0);
        }
    }
}

QTEST_GUILESS_MAIN(TestMeasure)
#include "tst_measure.moc"
