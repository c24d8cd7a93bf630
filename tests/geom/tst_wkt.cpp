#include <bit>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include <QtTest>
#include <geos_c.h>

#include "gis/core/error.h"
#include "gis/core/handle.h"
#include "gis/geom/wkb.h"
#include "gis/geom/wkt.h"
// The GEOS bridge is checked here too, against the same oracle (through the internal target gis_geom_internal).
#include "geom/geosbridge.h"
#include "support/geosoracle.h"

using namespace gis;

namespace {

// --- the oracle: GEOS's own readers (tests/support/geosoracle.h) and writers -------------------------------------

using test::GeosDeleter;
using test::GeosPtr;
using test::geosFromWkb;
using test::geosFromWkt;

std::string geosWktZ(const GEOSGeometry* g)
{
    const std::unique_ptr<GEOSWKTWriter, GeosDeleter<GEOSWKTWriter_destroy_r>> writer(
        GEOSWKTWriter_create_r(test::oracleGeos()));
    GEOSWKTWriter_setOutputDimension_r(test::oracleGeos(), writer.get(), 3);
    GEOSWKTWriter_setTrim_r(test::oracleGeos(), writer.get(), 1);
    const std::unique_ptr<char, GeosDeleter<GEOSFree_r>> text(GEOSWKTWriter_write_r(test::oracleGeos(), writer.get(), g));
    return text ? std::string(text.get()) : std::string("<GEOS failed>");
}

/// Empty when equal, else what differs. With `xyOnly` (inputs with M, which GEOS 3.11 reads as Z) only x and y
/// are compared.
QString compareGeos(const GEOSGeometry* expected, const GEOSGeometry* actual, bool xyOnly)
{
    if (!actual)
        return "GEOS could not read it";
    const std::string e = geosWktZ(expected), a = geosWktZ(actual);
    if (GEOSEqualsExact_r(test::oracleGeos(), expected, actual, 0) != 1 || (!xyOnly && e != a))
        return QString("expected %1, got %2").arg(QString::fromStdString(e), QString::fromStdString(a));
    return {};
}

} // namespace

class TestWkt : public QObject {
    Q_OBJECT

private:
    // input (ours), what GEOS reads for it (nested collections flattened, empty members dropped, our-only syntax
    // spelled the ISO way), and whether it has M.
    void addCases()
    {
        QTest::addColumn<QString>("wkt");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<bool>("hasM");
        const char* const cases[][2] = {
            {"POINT (1 2)", ""},
            {"POINT (-180 -90.5)", ""},
            {"POINT Z (1 2 3)", ""},
            {"POINT (1 2 3)", "POINT Z (1 2 3)"},
            {"POINT EMPTY", ""},
            {"point(1 2)", "POINT (1 2)"},
            {"SRID=4326;POINT (1 2)", "POINT (1 2)"},
            {"  POINTZ\n(\t1  2 +3 )  ", "POINT Z (1 2 3)"},
            {"LINESTRING (0 0, 1 1, 2 0.5)", ""},
            {"LINESTRING Z (0 0 1, 1 1 2, 3 3 -4.25)", ""},
            {"LineString Empty", "LINESTRING EMPTY"},
            {"POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))", ""},
            {"POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2))", ""},
            {"POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (1 1, 1 2, 2 2, 1 1), EMPTY, (5 5, 5 6, 6 6, 5 5))",
             "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (1 1, 1 2, 2 2, 1 1), (5 5, 5 6, 6 6, 5 5))"},
            {"POLYGON Z ((0 0 1, 1 0 1, 1 1 2, 0 0 1))", ""},
            {"POLYGON EMPTY", ""},
            {"MULTIPOINT ((1 2), (3 4))", ""},
            {"MULTIPOINT (1 2, 3 4)", "MULTIPOINT ((1 2), (3 4))"},
            {"MULTIPOINT ((1 2), 3 4, EMPTY)", "MULTIPOINT ((1 2), (3 4))"},
            {"MULTIPOINT Z ((1 2 3), (4 5 6))", ""},
            {"MULTIPOINT EMPTY", ""},
            {"MULTILINESTRING ((0 0, 1 1), EMPTY, (2 2, 3 3, 4 2))", "MULTILINESTRING ((0 0, 1 1), (2 2, 3 3, 4 2))"},
            {"MULTILINESTRING EMPTY", ""},
            {"MULTIPOLYGON (((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2)), ((20 20, 30 20, 30 30, 20 20)))",
             ""},
            {"MULTIPOLYGON Z (((0 0 5, 1 0 5, 1 1 5, 0 0 5)))", ""},
            {"MULTIPOLYGON (EMPTY, ((0 0, 1 0, 1 1, 0 0)))", "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))"},
            {"MULTIPOLYGON EMPTY", ""},
            {"GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1), POLYGON ((0 0, 1 0, 1 1, 0 0)))", ""},
            {"GEOMETRYCOLLECTION EMPTY", ""},
            {"GEOMETRYCOLLECTION (POINT (1 2), GEOMETRYCOLLECTION (LINESTRING (0 0, 1 1), GEOMETRYCOLLECTION "
             "(POINT (5 5))))",
             "GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1), POINT (5 5))"},
            {"GEOMETRYCOLLECTION (MULTIPOINT ((1 2), (3 4)), POINT EMPTY, LINESTRING (0 0, 1 1))",
             "GEOMETRYCOLLECTION (POINT (1 2), POINT (3 4), LINESTRING (0 0, 1 1))"},
            {"GEOMETRYCOLLECTION Z (POINT Z (1 2 3), LINESTRING Z (0 0 0, 1 1 1))", ""},
            {"POINT (1e-300 1e100)", ""},
            {"LINESTRING (0.1 0.2, 0.30000000000000004 1e21, -0 5e-324)", ""},
        };
        for (const auto& c : cases)
            QTest::newRow(qPrintable(QString(c[0]).simplified())) << QString(c[0]) << QString(c[1][0] ? c[1] : c[0]) << false;
        QTest::newRow("POINT M") << "POINT M (1 2 3)" << "POINT (1 2)" << true;
        QTest::newRow("POINTM") << "POINTM (1 2 3)" << "POINT (1 2)" << true;
        QTest::newRow("POINT ZM") << "POINT ZM (1 2 3 4)" << "POINT Z (1 2 3)" << true;
        QTest::newRow("LINESTRING M") << "LINESTRING M (0 0 1, 1 1 2)" << "LINESTRING (0 0, 1 1)" << true;
        QTest::newRow("POLYGON ZM") << "POLYGON ZM ((0 0 1 9, 1 0 1 9, 1 1 1 9, 0 0 1 9))"
                                    << "POLYGON Z ((0 0 1, 1 0 1, 1 1 1, 0 0 1))" << true;
    }

private slots:
    // Ours parses; GEOS reads our WKB, our WKT and our GEOS conversion, all of which must equal GEOS's own
    // parse of `expected`. And GEOS's geometry converted back to ours writes the same WKB.
    void geosOracle_data() { addCases(); }
    void geosOracle()
    {
        QFETCH(QString, wkt);
        QFETCH(QString, expected);
        QFETCH(bool, hasM);
        const GeosPtr want = geosFromWkt(expected);
        QVERIFY2(want, "GEOS cannot read the expected WKT");
        Geometry ours;
        try {
            ours = geometryFromWkt(wkt.toStdString());
        } catch (const Error& e) {
            QFAIL(e.what());
        }
        const std::vector<std::uint8_t> wkb = toWkb(ours);
        QString diff = compareGeos(want.get(), geosFromWkb(wkb).get(), hasM);
        QVERIFY2(diff.isEmpty(), qPrintable("our WKB: " + diff));

        const std::string text = toWkt(ours);
        diff = compareGeos(want.get(), geosFromWkt(QString::fromStdString(text)).get(), hasM);
        QVERIFY2(diff.isEmpty(), qPrintable("our WKT " + QString::fromStdString(text) + ": " + diff));

        const detail::GeosGeometryPtr bridged = detail::toGeos(ours);
        diff = compareGeos(want.get(), bridged.get(), hasM);
        QVERIFY2(diff.isEmpty(), qPrintable("toGeos: " + diff));

        const Geometry fromGeos = detail::fromGeos(want.get());
        if (!hasM)
            QCOMPARE(toWkb(fromGeos), wkb);
        QCOMPARE(fromGeos.type(), ours.type());
        // GEOS's own nesting and empty members, flattened by appendGeos() the way our reader flattens them
        if (const GeosPtr raw = geosFromWkt(wkt); raw && !hasM)
            QCOMPARE(toWkb(detail::fromGeos(raw.get())), wkb);
    }

    void toGeosRefusesWhatGeosHasNot()
    {
        QVERIFY_THROWS_EXCEPTION(Error, detail::toGeos(Geometry()));
        GeometryColumn twoParts; // a Point with two parts: only a builder misuse makes one
        twoParts.beginGeometry(GeometryType::Point);
        for (int i = 0; i < 2; ++i) {
            twoParts.beginPart(GeometryType::Point);
            twoParts.beginRing();
            twoParts.addCoord(i, i);
        }
        twoParts.endGeometry();
        QVERIFY_THROWS_EXCEPTION(Error, detail::toGeos({&twoParts, 0}));
        QVERIFY_THROWS_EXCEPTION(Error, toWkb({&twoParts, 0}));
        QVERIFY_THROWS_EXCEPTION(Error, toWkt({&twoParts, 0}));
        try {
            detail::toGeos(geometryFromWkt("POLYGON ((0 0, 1 0, 1 1, 0 1))")); // not closed
            QFAIL("no exception");
        } catch (const Error& e) {
            QVERIFY2(QByteArray(e.what()).startsWith("GEOS: "), e.what());
            QVERIFY2(QByteArray(e.what()).contains("closed"), e.what());
        }
    }

    // WKT -> ours -> WKT -> ours: the text is stable and the coordinates exact.
    void roundTrip_data() { addCases(); }
    void roundTrip()
    {
        QFETCH(QString, wkt);
        const Geometry first = geometryFromWkt(wkt.toStdString());
        const std::string text = toWkt(first);
        const Geometry second = geometryFromWkt(text);
        QCOMPARE(toWkt(second), text);
        QCOMPARE(toWkb(second), toWkb(first));
    }

    void format_data()
    {
        QTest::addColumn<QString>("wkt");
        QTest::addColumn<int>("precision");
        QTest::addColumn<QString>("expected");
        QTest::newRow("point") << "point(1.0 2.50)" << -1 << "POINT (1 2.5)";
        QTest::newRow("shortest") << "POINT (0.1 0.30000000000000004)" << -1 << "POINT (0.1 0.30000000000000004)";
        QTest::newRow("exponents") << "POINT (1e21 -1e-7)" << -1 << "POINT (1e+21 -1e-07)";
        QTest::newRow("empty point") << "POINT Z EMPTY" << -1 << "POINT EMPTY";
        QTest::newRow("empty polygon") << "POLYGON EMPTY" << -1 << "POLYGON EMPTY";
        QTest::newRow("empty collection") << "GEOMETRYCOLLECTION EMPTY" << -1 << "GEOMETRYCOLLECTION EMPTY";
        QTest::newRow("polygon") << "POLYGON((0 0,10 0,10 10,0 0),(1 1,2 1,2 2,1 1))" << -1
                                 << "POLYGON ((0 0, 10 0, 10 10, 0 0), (1 1, 2 1, 2 2, 1 1))";
        QTest::newRow("multipolygon") << "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))" << -1
                                      << "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))";
        QTest::newRow("multipoint") << "MULTIPOINT (1 2, 3 4)" << -1 << "MULTIPOINT ((1 2), (3 4))";
        QTest::newRow("multilinestring") << "MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))" << -1
                                         << "MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))";
        QTest::newRow("collection Z") << "GEOMETRYCOLLECTION Z (POINT Z (1 2 3), LINESTRING Z (0 0 0, 1 1 1))" << -1
                                      << "GEOMETRYCOLLECTION Z (POINT Z (1 2 3), LINESTRING Z (0 0 0, 1 1 1))";
        QTest::newRow("implicit Z") << "POINT (1 2 3)" << -1 << "POINT Z (1 2 3)";
        QTest::newRow("M") << "POINT M (1 2 3)" << -1 << "POINT M (1 2 3)";
        QTest::newRow("ZM") << "POINT ZM (1 2 3 4)" << -1 << "POINT ZM (1 2 3 4)";
        QTest::newRow("precision 3") << "POINT (1.23456789 -0.0000001)" << 3 << "POINT (1.235 0)";
        QTest::newRow("precision 0") << "POINT (2.4 -3.6)" << 0 << "POINT (2 -4)";
        QTest::newRow("precision keeps integers") << "POINT (1500 20)" << 2 << "POINT (1500 20)";
        QTest::newRow("precision 15") << "POINT (0.1 0.30000000000000004)" << 15 << "POINT (0.1 0.3)";
    }
    void format()
    {
        QFETCH(QString, wkt);
        QFETCH(int, precision);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(toWkt(geometryFromWkt(wkt.toStdString()), precision)), expected);
    }

    void nullIsEmptyString()
    {
        QCOMPARE(toWkt(Geometry()), std::string());
    }

    void badWkt_data()
    {
        QTest::addColumn<QString>("wkt");
        QTest::addColumn<QString>("message");
        QTest::newRow("nothing") << "" << "WKT: expected a geometry type at column 1 near \"\"";
        QTest::newRow("unknown type") << "POLYGN ((0 0, 1 1))" << "WKT: unknown geometry type 'POLYGN' at column 1";
        QTest::newRow("no ring parenthesis") << "POLYGON (0 0, 1 0, 1 1, 0 0)"
                                             << "WKT: expected '(' or EMPTY at column 10 near \"POLYGON (0 0, 1 0, 1...\"";
        QTest::newRow("nan") << "POINT (nan 1)" << "WKT: non-finite coordinate at column 8 near \"POINT (nan 1)\"";
        QTest::newRow("inf") << "POINT (1 -inf)" << "WKT: non-finite coordinate at column 10";
        QTest::newRow("overflow") << "POINT (1e400 1)" << "WKT: non-finite coordinate at column 8";
        QTest::newRow("nan z") << "POINT Z (1 2 NaN)" << "WKT: non-finite coordinate at column 14";
        QTest::newRow("unclosed") << "POINT (1 2" << "WKT: expected ')' at column 11";
        QTest::newRow("trailing") << "POINT (1 2))" << "WKT: unexpected text after the geometry at column 12";
        QTest::newRow("one number") << "POINT (1)" << "WKT: expected 2 to 4 numbers per coordinate at column 8";
        QTest::newRow("Z needs 3") << "POINT Z (1 2)" << "WKT: expected 3 numbers per coordinate at column 10";
        QTest::newRow("ZM needs 4") << "LINESTRING ZM (1 2 3 4, 1 2 3)"
                                    << "WKT: expected 4 numbers per coordinate at column 25";
        QTest::newRow("five numbers") << "POINT (1 2 3 4 5)" << "WKT: more than 4 numbers in a coordinate at column 16";
        QTest::newRow("bad number") << "POINT (1 2x)" << "WKT: expected a number at column 10";
        QTest::newRow("two points") << "POINT (1 2, 3 4)" << "WKT: expected ')' at column 11";
        QTest::newRow("empty coordinate") << "LINESTRING (0 0, )" << "WKT: expected 2 to 4 numbers per coordinate at column 18";
        QTest::newRow("no parenthesis") << "POINT 1 2" << "WKT: expected '(' or EMPTY at column 7";
        QTest::newRow("bad member") << "GEOMETRYCOLLECTION (POINT (1 2), FOO (1))"
                                    << "WKT: unknown geometry type 'FOO' at column 34";
        QTest::newRow("srid") << "SRID=4326 POINT (1 2)" << "WKT: expected ';' at column 11";
        QTest::newRow("multipoint unclosed") << "MULTIPOINT ((1 2), (3 4)" << "WKT: expected ')' at column 25";
        QString deep;
        for (int i = 0; i < 33; ++i)
            deep += "GEOMETRYCOLLECTION (";
        deep += "POINT (1 2)" + QString(33, ')');
        QTest::newRow("deep") << deep << "WKT: collections nested deeper than 32 at column 661";
    }
    void badWkt()
    {
        QFETCH(QString, wkt);
        QFETCH(QString, message);
        GeometryColumn column;
        column.appendPoint(1, 1);
        try {
            appendWkt(column, wkt.toStdString());
            QFAIL("no exception");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Geometry);
            QVERIFY2(QString(e.what()).startsWith(message), e.what());
        }
        QCOMPARE(column.size(), std::size_t(1));
        QVERIFY(column.isPointsOnly());
        QVERIFY(!column.hasZ());
    }

    void failureAfterZLeavesColumnUnchanged()
    {
        GeometryColumn column;
        column.appendPoint(1, 1);
        QVERIFY_THROWS_EXCEPTION(Error, appendWkt(column, "GEOMETRYCOLLECTION (POINT ZM (1 2 3 4), POINT (nan 1))"));
        QCOMPARE(column.size(), std::size_t(1));
        QVERIFY(column.isPointsOnly());
        QVERIFY(!column.hasZ());
        QVERIFY(!column.hasM());
    }

    void appendsToColumn()
    {
        GeometryColumn column;
        appendWkt(column, "POINT (1 2)");
        appendWkt(column, "POINT (3 4)");
        QVERIFY(column.isPointsOnly()); // 2D points go in the compact layout
        appendWkt(column, "LINESTRING (0 0, 1 1)");
        QCOMPARE(column.size(), std::size_t(3));
        QCOMPARE(toWkt({&column, 1}), std::string("POINT (3 4)"));
        QCOMPARE(toWkt({&column, 2}), std::string("LINESTRING (0 0, 1 1)"));
    }

    // Shortest round-trip formatting reads back bit for bit, for any finite double.
    void shortestNumbersRoundTrip()
    {
        QRandomGenerator random(42);
        for (int i = 0; i < 20000; ++i) {
            const double x = std::bit_cast<double>(random.generate64());
            const double y = random.generateDouble() * 360 - 180;
            if (!std::isfinite(x))
                continue;
            GeometryColumn column;
            column.appendPoint(x, y);
            const Geometry back = geometryFromWkt(toWkt({&column, 0}));
            const Coord c = back.column().coord(0);
            QVERIFY2(std::memcmp(&c.x, &x, 8) == 0 && c.y == y, toWkt({&column, 0}).c_str());
        }
    }
};

QTEST_APPLESS_MAIN(TestWkt)
#include "tst_wkt.moc"
