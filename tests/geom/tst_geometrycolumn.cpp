#include <cmath>
#include <functional>
#include <limits>

#include <QtTest>

#include "gis/core/error.h"
#include "gis/geom/geometrycolumn.h"

using namespace gis;

Q_DECLARE_METATYPE(std::function<void(GeometryColumn&)>)

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Square 0..10 with a hole 2..4, as builder calls.
void addSquareWithHole(GeometryColumn& c)
{
    c.beginGeometry(GeometryType::Polygon);
    c.beginPart(GeometryType::Polygon);
    c.beginRing();
    for (auto [x, y] : {std::pair{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}})
        c.addCoord(x, y);
    c.beginRing();
    for (auto [x, y] : {std::pair{2, 2}, {2, 4}, {4, 4}, {4, 2}, {2, 2}})
        c.addCoord(x, y);
    c.endGeometry();
}

void addTwoLines(GeometryColumn& c)
{
    c.beginGeometry(GeometryType::MultiLineString);
    c.beginPart(GeometryType::LineString);
    c.beginRing();
    c.addCoord(-1, -2);
    c.addCoord(3, 4);
    c.beginPart(GeometryType::LineString);
    c.beginRing();
    c.addCoord(5, 6);
    c.addCoord(7, 8);
    c.addCoord(9, 10);
    c.endGeometry();
}

bool sameDouble(double a, double b)
{
    return (std::isnan(a) && std::isnan(b)) || a == b;
}

} // namespace

class TestGeometryColumn : public QObject {
    Q_OBJECT

private slots:
    void builderOffsets()
    {
        GeometryColumn c;
        c.appendPoint(1, 2);
        addSquareWithHole(c);
        addTwoLines(c);
        c.appendNull();
        QCOMPARE(c.size(), std::size_t(4));
        QCOMPARE(c.type(0), GeometryType::Point);
        QCOMPARE(c.type(1), GeometryType::Polygon);
        QCOMPARE(c.type(2), GeometryType::MultiLineString);
        QVERIFY(c.isNull(3));
        QVERIFY(c.isEmpty(3));
        QVERIFY(!c.isEmpty(1));

        QCOMPARE(c.partBegin(1), std::size_t(1));
        QCOMPARE(c.partEnd(1), std::size_t(2));
        QCOMPARE(c.ringEnd(1) - c.ringBegin(1), std::size_t(2)); // exterior + hole
        QCOMPARE(c.coordEnd(c.ringBegin(1)) - c.coordBegin(c.ringBegin(1)), std::size_t(5));
        QCOMPARE(c.coord(c.coordBegin(c.ringBegin(1) + 1)), (Coord{2, 2}));

        QCOMPARE(c.partEnd(2) - c.partBegin(2), std::size_t(2));
        const std::size_t second = c.partBegin(2) + 1;
        QCOMPARE(c.partType(second), GeometryType::LineString);
        QCOMPARE(c.coordEnd(c.ringBegin(second)) - c.coordBegin(c.ringBegin(second)), std::size_t(3));
        QCOMPARE(c.coord(c.coordBegin(c.ringBegin(second))), (Coord{5, 6}));

        QCOMPARE(c.partBegin(3), c.partEnd(3));
        QCOMPARE(c.partCount(), std::size_t(4));
        QCOMPARE(c.ringCount(), std::size_t(5));
        QCOMPARE(c.coordCount(), std::size_t(1 + 10 + 5));
    }

    void pointsOnlyLayout()
    {
        GeometryColumn c;
        for (int i = 0; i < 1000; ++i)
            c.appendPoint(i, -i);
        QVERIFY(c.isPointsOnly());
        QVERIFY(c.memoryUsage() < 1100 * sizeof(Coord)); // the coordinates, no offsets or types
        QCOMPARE(c.partEnd(999) - c.partBegin(999), std::size_t(1));
        QCOMPARE(c.coord(c.coordBegin(c.ringBegin(c.partBegin(7)))), (Coord{7, -7}));
    }

    void leavingPointsOnly_data()
    {
        QTest::addColumn<std::function<void(GeometryColumn&)>>("append");
        QTest::addColumn<GeometryType>("type");
        QTest::addColumn<bool>("empty");
        QTest::newRow("polygon") << std::function<void(GeometryColumn&)>(addSquareWithHole) << GeometryType::Polygon
                                 << false;
        QTest::newRow("null") << std::function<void(GeometryColumn&)>([](GeometryColumn& c) { c.appendNull(); })
                              << GeometryType::Unknown << true;
        QTest::newRow("empty point") << std::function<void(GeometryColumn&)>([](GeometryColumn& c) {
            c.beginGeometry(GeometryType::Point);
            c.endGeometry();
        }) << GeometryType::Point << true;
        QTest::newRow("point with z") << std::function<void(GeometryColumn&)>([](GeometryColumn& c) {
            c.beginGeometry(GeometryType::Point);
            c.beginPart(GeometryType::Point);
            c.beginRing();
            c.addCoord(1, 2, 3, kNaN);
            c.endGeometry();
        }) << GeometryType::Point << false;
    }
    void leavingPointsOnly()
    {
        QFETCH(std::function<void(GeometryColumn&)>, append);
        QFETCH(GeometryType, type);
        QFETCH(bool, empty);
        GeometryColumn c;
        for (int i = 0; i < 5; ++i)
            c.appendPoint(i, 10 * i);
        append(c);
        QVERIFY(!c.isPointsOnly());
        QCOMPARE(c.size(), std::size_t(6));
        for (std::size_t i = 0; i < 5; ++i) { // the points before keep their identity layout
            QCOMPARE(c.type(i), GeometryType::Point);
            QCOMPARE(c.partEnd(i) - c.partBegin(i), std::size_t(1));
            QCOMPARE(c.coord(c.coordBegin(c.ringBegin(c.partBegin(i)))), (Coord{double(i), 10.0 * i}));
        }
        QCOMPARE(c.type(5), type);
        QCOMPARE(c.isEmpty(5), empty);
        c.appendPoint(42, 43); // and points after it use the general layout
        QCOMPARE(c.coord(c.coordBegin(c.ringBegin(c.partBegin(6)))), (Coord{42, 43}));
    }

    void bounds()
    {
        GeometryColumn c;
        c.appendPoint(5, -5);
        addSquareWithHole(c);
        addTwoLines(c);
        c.appendNull();
        QCOMPARE(c.bounds(0), Box(5, -5, 5, -5));
        QCOMPARE(c.bounds(1), Box(0, 0, 10, 10));
        QCOMPARE(c.bounds(2), Box(-1, -2, 9, 10));
        QVERIFY(c.bounds(3).isEmpty());
        QCOMPARE(c.bounds(), Box(-1, -5, 10, 10));
        QCOMPARE(GeometryRef({&c, 2}).bounds(), Box(-1, -2, 9, 10));
    }

    void isFinite_data()
    {
        QTest::addColumn<double>("x");
        QTest::addColumn<double>("z");
        QTest::addColumn<bool>("finite");
        const double inf = std::numeric_limits<double>::infinity();
        QTest::newRow("finite") << 1.0 << 2.0 << true;
        QTest::newRow("nan x") << kNaN << 2.0 << false;
        QTest::newRow("inf x") << -inf << 2.0 << false;
        QTest::newRow("nan z means no z") << 1.0 << kNaN << true;
        QTest::newRow("inf z") << 1.0 << inf << false;
    }
    void isFinite()
    {
        QFETCH(double, x);
        QFETCH(double, z);
        QFETCH(bool, finite);
        GeometryColumn c;
        c.appendPoint(0, 0);
        c.beginGeometry(GeometryType::LineString);
        c.beginPart(GeometryType::LineString);
        c.beginRing();
        c.addCoord(0, 0, 1, kNaN);
        c.addCoord(x, 1, z, kNaN);
        c.endGeometry();
        QVERIFY(c.isFinite(0));
        QCOMPARE(c.isFinite(1), finite);
    }

    void truncate()
    {
        GeometryColumn c;
        c.appendPoint(1, 1);
        addSquareWithHole(c);
        addTwoLines(c);
        c.truncate(2);
        QCOMPARE(c.size(), std::size_t(2));
        QCOMPARE(c.partCount(), std::size_t(2));
        QCOMPARE(c.ringCount(), std::size_t(3));
        QCOMPARE(c.coordCount(), std::size_t(11));
        QCOMPARE(c.bounds(1), Box(0, 0, 10, 10));
        addTwoLines(c); // the column is fully usable after truncate
        QCOMPARE(c.bounds(2), Box(-1, -2, 9, 10));
        c.truncate(10); // beyond the end: nothing to do
        QCOMPARE(c.size(), std::size_t(3));
    }

    // Dropping a failed geometry must leave the column as it was, including its layout and its Z/M arrays
    // (bug: truncate kept hasZ() true and the offset arrays after removing the only geometry that had them).
    void truncateUndoesLayoutAndZ()
    {
        GeometryColumn c;
        c.appendPoint(1, 2);
        c.appendPoint(3, 4);
        c.beginGeometry(GeometryType::LineString);
        c.beginPart(GeometryType::LineString);
        c.beginRing();
        c.addCoord(0, 0, 7, 8);
        c.endGeometry();
        QVERIFY(c.hasZ() && c.hasM() && !c.isPointsOnly());
        c.truncate(2);
        QVERIFY(!c.hasZ());
        QVERIFY(!c.hasM());
        QVERIFY(c.isPointsOnly());
        QVERIFY(c.memoryUsage() < 256); // the offset arrays are gone
        QCOMPARE(c.coord(1), (Coord{3, 4}));

        // Z that was there before the removed geometries stays.
        GeometryColumn z;
        z.appendNull();
        z.beginGeometry(GeometryType::Point);
        z.beginPart(GeometryType::Point);
        z.beginRing();
        z.addCoord(1, 2, 3, kNaN);
        z.endGeometry();
        z.appendPoint(5, 6);
        z.truncate(2);
        QVERIFY(z.hasZ());
        QCOMPARE(z.zValues().size(), std::size_t(1));
        QCOMPARE(z.zValues()[0], 3.0);
        QVERIFY(!z.isPointsOnly()); // a null was there before
    }

    void appendCopy()
    {
        GeometryColumn src;
        src.appendPoint(9, 9);
        addSquareWithHole(src);
        src.beginGeometry(GeometryType::Point);
        src.beginPart(GeometryType::Point);
        src.beginRing();
        src.addCoord(1, 2, 3, 4);
        src.endGeometry();

        GeometryColumn dst;
        dst.append(src, 0);
        QVERIFY(dst.isPointsOnly()); // a 2D point copies in the compact layout
        QVERIFY(!dst.hasZ());
        dst.append(src, 1);
        dst.append(src, 2);
        QCOMPARE(dst.size(), std::size_t(3));
        QCOMPARE(dst.bounds(1), Box(0, 0, 10, 10));
        QCOMPARE(dst.ringEnd(dst.partBegin(1)) - dst.ringBegin(dst.partBegin(1)), std::size_t(2));
        QVERIFY(dst.hasZ() && dst.hasM());
        QCOMPARE(dst.zValues().back(), 3.0);
        QCOMPARE(dst.mValues().back(), 4.0);
        QVERIFY(std::isnan(dst.zValues().front()));

        dst.append(dst, 1); // from itself
        QCOMPARE(dst.bounds(3), Box(0, 0, 10, 10));
        QCOMPARE(dst.coordCount(), std::size_t(1 + 10 + 1 + 10));

        const Geometry g(GeometryRef{&src, 1});
        QCOMPARE(g.type(), GeometryType::Polygon);
        QCOMPARE(g.bounds(), Box(0, 0, 10, 10));
        QVERIFY(Geometry().isNull());
    }

    void zmBackfill()
    {
        GeometryColumn c;
        c.appendPoint(1, 1);
        c.beginGeometry(GeometryType::LineString);
        c.beginPart(GeometryType::LineString);
        c.beginRing();
        c.addCoord(0, 0);
        c.addCoord(1, 1, kNaN, 5); // M only
        c.addCoord(2, 2, 6, kNaN); // then Z
        c.endGeometry();
        c.appendPoint(3, 3);
        const std::vector<double> zs = {kNaN, kNaN, kNaN, 6, kNaN};
        const std::vector<double> ms = {kNaN, kNaN, 5, kNaN, kNaN};
        QCOMPARE(c.zValues().size(), zs.size());
        QCOMPARE(c.mValues().size(), ms.size());
        for (std::size_t i = 0; i < zs.size(); ++i) {
            QVERIFY2(sameDouble(c.zValues()[i], zs[i]), qPrintable(QString("z %1").arg(i)));
            QVERIFY2(sameDouble(c.mValues()[i], ms[i]), qPrintable(QString("m %1").arg(i)));
        }
    }

    // Bug: the z and m of a column's very first coordinate were dropped (the backfill ran before the push and
    // left an empty array, which means "no z").
    void firstCoordinateKeepsZM()
    {
        GeometryColumn c;
        c.beginGeometry(GeometryType::Point);
        c.beginPart(GeometryType::Point);
        c.beginRing();
        c.addCoord(1, 2, 3, 4);
        c.endGeometry();
        QVERIFY(c.hasZ());
        QVERIFY(c.hasM());
        QCOMPARE(c.zValues(), std::vector<double>{3});
        QCOMPARE(c.mValues(), std::vector<double>{4});
    }

    void misuseThrows_data()
    {
        QTest::addColumn<std::function<void(GeometryColumn&)>>("misuse");
        using F = std::function<void(GeometryColumn&)>;
        QTest::newRow("coord before ring") << F([](GeometryColumn& c) {
            c.beginGeometry(GeometryType::LineString);
            c.beginPart(GeometryType::LineString);
            c.addCoord(1, 2);
        });
        QTest::newRow("ring before part") << F([](GeometryColumn& c) {
            c.beginGeometry(GeometryType::Polygon);
            c.beginRing();
        });
        QTest::newRow("part outside geometry") << F([](GeometryColumn& c) { c.beginPart(GeometryType::Point); });
        QTest::newRow("multi part type") << F([](GeometryColumn& c) {
            c.beginGeometry(GeometryType::GeometryCollection);
            c.beginPart(GeometryType::MultiPoint);
        });
        QTest::newRow("end without begin") << F([](GeometryColumn& c) { c.endGeometry(); });
        QTest::newRow("begin twice") << F([](GeometryColumn& c) {
            c.beginGeometry(GeometryType::Point);
            c.beginGeometry(GeometryType::Point);
        });
        QTest::newRow("point inside geometry") << F([](GeometryColumn& c) {
            c.beginGeometry(GeometryType::MultiPoint);
            c.appendPoint(1, 2);
        });
        QTest::newRow("truncate inside geometry") << F([](GeometryColumn& c) {
            c.beginGeometry(GeometryType::MultiPoint);
            c.truncate(0);
        });
    }
    void misuseThrows()
    {
        QFETCH(std::function<void(GeometryColumn&)>, misuse);
        GeometryColumn c;
        c.appendPoint(1, 1);
        try {
            misuse(c);
            QFAIL("no exception");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Geometry);
            QVERIFY2(QByteArray(e.what()).startsWith("geometry column: "), e.what());
        }
    }

    void geometryNeedsOneGeometry()
    {
        GeometryColumn two;
        two.appendPoint(1, 1);
        two.appendPoint(2, 2);
        QVERIFY_THROWS_EXCEPTION(Error, Geometry(std::move(two)));
    }
};

QTEST_APPLESS_MAIN(TestGeometryColumn)
#include "tst_geometrycolumn.moc"
