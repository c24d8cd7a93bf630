#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include <QtTest>
#include <geos_c.h>

#include "gis/core/error.h"
#include "gis/core/handle.h"
#include "gis/geom/wkb.h"
#include "gis/geom/wkt.h"
#include "support/geosoracle.h"

using namespace gis;

namespace {

// --- the oracle: GEOS's own readers (tests/support/geosoracle.h) and writers -------------------------------------

using test::GeosDeleter;
using test::GeosPtr;
using test::geosFromWkb;
using test::geosFromWkt;

std::vector<std::uint8_t> geosToWkb(const GEOSGeometry* g, int flavor, int byteOrder, bool srid)
{
    const std::unique_ptr<GEOSWKBWriter, GeosDeleter<GEOSWKBWriter_destroy_r>> writer(
        GEOSWKBWriter_create_r(test::oracleGeos()));
    GEOSWKBWriter_setOutputDimension_r(test::oracleGeos(), writer.get(), 3);
    GEOSWKBWriter_setFlavor_r(test::oracleGeos(), writer.get(), flavor);
    GEOSWKBWriter_setByteOrder_r(test::oracleGeos(), writer.get(), byteOrder);
    GEOSWKBWriter_setIncludeSRID_r(test::oracleGeos(), writer.get(), srid);
    std::size_t size = 0;
    const std::unique_ptr<unsigned char, GeosDeleter<GEOSFree_r>> bytes(
        GEOSWKBWriter_write_r(test::oracleGeos(), writer.get(), g, &size));
    return bytes ? std::vector<std::uint8_t>(bytes.get(), bytes.get() + size) : std::vector<std::uint8_t>();
}

/// GEOS's WKT with Z, to compare third ordinates too (GEOSEqualsExact_r looks at x and y only).
std::string geosWktZ(const GEOSGeometry* g)
{
    const std::unique_ptr<GEOSWKTWriter, GeosDeleter<GEOSWKTWriter_destroy_r>> writer(
        GEOSWKTWriter_create_r(test::oracleGeos()));
    GEOSWKTWriter_setOutputDimension_r(test::oracleGeos(), writer.get(), 3);
    GEOSWKTWriter_setTrim_r(test::oracleGeos(), writer.get(), 1);
    const std::unique_ptr<char, GeosDeleter<GEOSFree_r>> text(GEOSWKTWriter_write_r(test::oracleGeos(), writer.get(), g));
    return text ? std::string(text.get()) : std::string("<GEOS failed>");
}

/// Empty when equal, else what differs.
QString compareGeos(const GEOSGeometry* expected, const GEOSGeometry* actual)
{
    const std::string e = geosWktZ(expected), a = geosWktZ(actual);
    if (GEOSEqualsExact_r(test::oracleGeos(), expected, actual, 0) != 1 || e != a)
        return QString("expected %1, got %2").arg(QString::fromStdString(e), QString::fromStdString(a));
    return {};
}

QString hex(const std::vector<std::uint8_t>& bytes)
{
    return QByteArray(reinterpret_cast<const char*>(bytes.data()), qsizetype(bytes.size())).toHex();
}

// --- hand-made WKB ----------------------------------------------------------------------------------------------

/// Writes WKB values in a chosen byte order: Wkb().le().u32(1).f64(1).f64(2) is POINT (1 2).
struct Wkb {
    QByteArray bytes;
    bool big = false;

    Wkb& le() { return order(false); }
    Wkb& be() { return order(true); }
    Wkb& order(bool bigEndian)
    {
        big = bigEndian;
        bytes.append(char(bigEndian ? 0 : 1));
        return *this;
    }
    Wkb& u32(std::uint32_t v)
    {
        if (big != (std::endian::native == std::endian::big))
            v = __builtin_bswap32(v);
        bytes.append(reinterpret_cast<const char*>(&v), 4);
        return *this;
    }
    Wkb& f64(double d)
    {
        auto v = std::bit_cast<std::uint64_t>(d);
        if (big != (std::endian::native == std::endian::big))
            v = __builtin_bswap64(v);
        bytes.append(reinterpret_cast<const char*>(&v), 8);
        return *this;
    }
    Wkb& raw(const QByteArray& b)
    {
        bytes.append(b);
        return *this;
    }
    Wkb& head(std::uint32_t type, bool bigEndian = false) { return order(bigEndian).u32(type); }
};

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<std::uint8_t> toVector(const QByteArray& b)
{
    return std::vector<std::uint8_t>(b.begin(), b.end());
}

} // namespace

class TestWkb : public QObject {
    Q_OBJECT

private slots:
    // Every input: GEOS parses the WKT and writes WKB in both flavours, both byte orders, with and without SRID;
    // we parse that WKB and write ours; GEOS reads ours back, which must equal GEOS's reading of `expected`
    // (nested collections flattened and empty members dropped), and ours must match GEOS's ISO little-endian
    // WKB of `expected` byte for byte.
    void geosWkbRoundTrip_data()
    {
        QTest::addColumn<QString>("wkt");
        QTest::addColumn<QString>("expected");
        const char* const cases[][2] = {
            {"POINT (1 2)", ""},
            {"POINT (-180 -90.5)", ""},
            {"POINT Z (1 2 3)", ""},
            {"POINT EMPTY", ""},
            {"LINESTRING (0 0, 1 1, 2 0.5)", ""},
            {"LINESTRING Z (0 0 1, 1 1 2, 3 3 -4.25)", ""},
            {"LINESTRING EMPTY", ""},
            {"POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))", ""},
            {"POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2))", ""},
            {"POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (1 1, 1 2, 2 2, 1 1), (5 5, 5 6, 6 6, 5 5))", ""},
            {"POLYGON Z ((0 0 1, 1 0 1, 1 1 2, 0 0 1))", ""},
            {"POLYGON EMPTY", ""},
            {"MULTIPOINT ((1 2), (3 4))", ""},
            {"MULTIPOINT Z ((1 2 3), (4 5 6))", ""},
            {"MULTIPOINT EMPTY", ""},
            {"MULTIPOINT (EMPTY, (1 2))", "MULTIPOINT ((1 2))"},
            {"MULTILINESTRING ((0 0, 1 1), (2 2, 3 3, 4 2))", ""},
            {"MULTILINESTRING EMPTY", ""},
            {"MULTIPOLYGON (((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2)), ((20 20, 30 20, 30 30, 20 20)))",
             ""},
            {"MULTIPOLYGON Z (((0 0 5, 1 0 5, 1 1 5, 0 0 5)))", ""},
            {"MULTIPOLYGON EMPTY", ""},
            {"MULTIPOLYGON (EMPTY, ((0 0, 1 0, 1 1, 0 0)))", "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)))"},
            {"GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1), POLYGON ((0 0, 1 0, 1 1, 0 0)))", ""},
            {"GEOMETRYCOLLECTION EMPTY", ""},
            {"GEOMETRYCOLLECTION (POINT (1 2), GEOMETRYCOLLECTION (LINESTRING (0 0, 1 1), GEOMETRYCOLLECTION "
             "(POINT (5 5))))",
             "GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1), POINT (5 5))"},
            {"GEOMETRYCOLLECTION (MULTIPOINT ((1 2), (3 4)), LINESTRING (0 0, 1 1))",
             "GEOMETRYCOLLECTION (POINT (1 2), POINT (3 4), LINESTRING (0 0, 1 1))"},
            {"GEOMETRYCOLLECTION Z (POINT Z (1 2 3), LINESTRING Z (0 0 0, 1 1 1))", ""},
            {"GEOMETRYCOLLECTION (POINT EMPTY, POINT (1 2))", "GEOMETRYCOLLECTION (POINT (1 2))"},
            {"POINT (1e-300 1e100)", ""}, // GEOS 3.11's WKT writer overflows its buffer beyond ~1e150
            {"LINESTRING (0.1 0.2, 0.30000000000000004 1e21, -0 5e-324)", ""},
        };
        for (const auto& c : cases)
            QTest::newRow(c[0]) << QString(c[0]) << QString(c[1][0] ? c[1] : c[0]);
    }
    void geosWkbRoundTrip()
    {
        QFETCH(QString, wkt);
        QFETCH(QString, expected);
        const GeosPtr source = geosFromWkt(wkt);
        const GeosPtr want = geosFromWkt(expected);
        QVERIFY(source && want);
        GEOSSetSRID_r(test::oracleGeos(), source.get(), 4326);
        struct Variant {
            int flavor, order;
            bool srid;
        };
        for (const Variant v : {Variant{GEOS_WKB_ISO, GEOS_WKB_NDR, false}, Variant{GEOS_WKB_ISO, GEOS_WKB_XDR, false},
                                Variant{GEOS_WKB_EXTENDED, GEOS_WKB_NDR, false},
                                Variant{GEOS_WKB_EXTENDED, GEOS_WKB_XDR, true},
                                Variant{GEOS_WKB_EXTENDED, GEOS_WKB_NDR, true}}) {
            const std::vector<std::uint8_t> input = geosToWkb(source.get(), v.flavor, v.order, v.srid);
            QVERIFY(!input.empty());
            const QString where = QString(" (GEOS WKB %1)").arg(hex(input));
            GeometryColumn column;
            try {
                appendWkb(column, input.data(), input.size());
            } catch (const Error& e) {
                QFAIL(qPrintable(e.what() + where));
            }
            QCOMPARE(column.size(), std::size_t(1));
            const std::vector<std::uint8_t> ours = toWkb({&column, 0});
            const GeosPtr back = geosFromWkb(ours);
            QVERIFY2(back, qPrintable("GEOS cannot read our WKB " + hex(ours) + where));
            const QString diff = compareGeos(want.get(), back.get());
            QVERIFY2(diff.isEmpty(), qPrintable(diff + where));
            const std::vector<std::uint8_t> geosIso = geosToWkb(want.get(), GEOS_WKB_ISO, GEOS_WKB_NDR, false);
            QCOMPARE(hex(ours), hex(geosIso));
        }
    }

    // What GEOS 3.11 cannot write: M, ZM, EWKB flags and SRIDs, byte orders mixed within one geometry, nesting.
    void handMadeWkb_data()
    {
        QTest::addColumn<QByteArray>("wkb");
        QTest::addColumn<QString>("wkt");
        QTest::newRow("ISO M") << Wkb().head(2001).f64(1).f64(2).f64(3).bytes << "POINT M (1 2 3)";
        QTest::newRow("ISO ZM") << Wkb().head(3001).f64(1).f64(2).f64(3).f64(4).bytes << "POINT ZM (1 2 3 4)";
        QTest::newRow("ISO Z big-endian") << Wkb().head(1001, true).f64(1).f64(2).f64(3).bytes << "POINT Z (1 2 3)";
        QTest::newRow("EWKB M") << Wkb().head(0x40000001).f64(1).f64(2).f64(3).bytes << "POINT M (1 2 3)";
        QTest::newRow("EWKB ZM") << Wkb().head(0xC0000001).f64(1).f64(2).f64(3).f64(4).bytes << "POINT ZM (1 2 3 4)";
        QTest::newRow("EWKB SRID") << Wkb().head(0x20000001).u32(4326).f64(1).f64(2).bytes << "POINT (1 2)";
        QTest::newRow("EWKB Z SRID big-endian") << Wkb().head(0xA0000002, true).u32(32640).u32(2).f64(0).f64(0).f64(
            7).f64(1).f64(1).f64(8).bytes << "LINESTRING Z (0 0 7, 1 1 8)";
        QTest::newRow("GDAL 2.5D polygon") << Wkb().head(0x80000003).u32(1).u32(4).f64(0).f64(0).f64(1).f64(1).f64(
            0).f64(2).f64(1).f64(1).f64(3).f64(0).f64(0).f64(1).bytes
                                           << "POLYGON Z ((0 0 1, 1 0 2, 1 1 3, 0 0 1))";
        QTest::newRow("LineString M") << Wkb().head(2002).u32(2).f64(0).f64(0).f64(10).f64(3).f64(4).f64(15).bytes
                                      << "LINESTRING M (0 0 10, 3 4 15)";
        QTest::newRow("mixed byte orders") << Wkb().head(4).u32(2).head(1, true).f64(1).f64(2).head(1).f64(3).f64(4)
                                                  .bytes
                                           << "MULTIPOINT ((1 2), (3 4))";
        QTest::newRow("empty point member") << Wkb().head(4).u32(2).head(1).f64(kNaN).f64(kNaN).head(1).f64(3).f64(4)
                                                   .bytes
                                            << "MULTIPOINT ((3 4))";
        QTest::newRow("big-endian empty point") << Wkb().head(1, true).f64(kNaN).f64(kNaN).bytes << "POINT EMPTY";
        QTest::newRow("empty exterior ring") << Wkb().head(3).u32(2).u32(0).u32(4).f64(0).f64(0).f64(1).f64(0).f64(
            1).f64(1).f64(0).f64(0).bytes << "POLYGON EMPTY";
        QTest::newRow("empty hole") << Wkb().head(3).u32(2).u32(4).f64(0).f64(0).f64(1).f64(0).f64(1).f64(1).f64(0)
                                           .f64(0).u32(0).bytes
                                    << "POLYGON ((0 0, 1 0, 1 1, 0 0))";
        Wkb nested;
        for (int i = 0; i < 32; ++i)
            nested.head(7).u32(1);
        nested.head(1).f64(5).f64(6);
        QTest::newRow("32 nested collections") << nested.bytes << "GEOMETRYCOLLECTION (POINT (5 6))";
        QTest::newRow("collection of multis")
            << Wkb().head(7).u32(2).head(5).u32(1).head(2).u32(2).f64(0).f64(0).f64(1).f64(1).head(6).u32(0).bytes
            << "GEOMETRYCOLLECTION (LINESTRING (0 0, 1 1))";
    }
    void handMadeWkb()
    {
        QFETCH(QByteArray, wkb);
        QFETCH(QString, wkt);
        GeometryColumn column;
        column.appendPoint(-1, -1); // appending after other geometries
        appendWkb(column, reinterpret_cast<const std::uint8_t*>(wkb.constData()), std::size_t(wkb.size()));
        QCOMPARE(column.size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(toWkt({&column, 1})), wkt);
        // and back: our WKB of it parses to the same thing
        const std::vector<std::uint8_t> ours = toWkb({&column, 1});
        GeometryColumn again;
        appendWkb(again, ours.data(), ours.size());
        QCOMPARE(QString::fromStdString(toWkt({&again, 0})), wkt);
    }

    void badWkb_data()
    {
        QTest::addColumn<QByteArray>("wkb");
        QTest::addColumn<QString>("message");
        const QByteArray point = Wkb().head(1).f64(1).f64(2).bytes;
        QTest::newRow("nothing") << QByteArray() << "WKB: truncated at byte 0 (need 1 more)";
        QTest::newRow("no type") << QByteArray("\x01\x01", 2) << "WKB: truncated at byte 1 (need 3 more)";
        QTest::newRow("short point") << point.left(15) << "WKB: truncated at byte 5 (need 6 more)";
        QTest::newRow("short z point") << Wkb().head(1001).f64(1).f64(2).bytes
                                       << "WKB: truncated at byte 5 (need 8 more)";
        QTest::newRow("unknown type") << Wkb().head(17).f64(1).f64(2).bytes << "WKB: unknown geometry type 17 at byte 0";
        QTest::newRow("type 4001") << Wkb().head(4001).f64(1).f64(2).bytes << "unknown geometry type 4001 at byte 0";
        QTest::newRow("type 0") << Wkb().head(0).bytes << "unknown geometry type 0 at byte 0";
        QTest::newRow("byte order") << QByteArray("\x07\x01\0\0\0", 5) << "WKB: invalid byte order 7 at byte 0";
        QTest::newRow("huge count") << Wkb().head(2).u32(0xFFFFFFFF).f64(1).f64(2).bytes
                                    << "WKB: truncated at byte 9 (need 68719476704 more)";
        QTest::newRow("short ring count") << Wkb().head(3).u32(2).u32(0).bytes << "truncated at byte 13 (need 4 more)";
        QTest::newRow("srid cut") << Wkb().head(0x20000001).raw("\x01\x02").bytes
                                  << "WKB: truncated at byte 5 (need 2 more)";
        QTest::newRow("member type") << Wkb().head(4).u32(1).head(2).u32(0).bytes
                                     << "WKB: a MultiPoint member of type LineString at byte 9";
        QTest::newRow("multi in multi") << Wkb().head(6).u32(1).head(6).u32(0).bytes
                                        << "a MultiPolygon member of type MultiPolygon at byte 9";
        QTest::newRow("member cut") << Wkb().head(7).u32(2).raw(point).raw(point.left(10)).bytes
                                    << "truncated at byte 35 (need 11 more)";
        QTest::newRow("trailing bytes") << point + QByteArray("abc") << "WKB: 3 bytes after the geometry at byte 21";
        Wkb deep;
        for (int i = 0; i < 33; ++i)
            deep.head(7).u32(1);
        deep.head(1).f64(5).f64(6);
        QTest::newRow("33 nested collections") << deep.bytes << "WKB: collections nested deeper than 32 at byte 288";
    }
    void badWkb()
    {
        QFETCH(QByteArray, wkb);
        QFETCH(QString, message);
        GeometryColumn column;
        column.appendPoint(1, 1);
        column.appendPoint(2, 2);
        try {
            appendWkb(column, reinterpret_cast<const std::uint8_t*>(wkb.constData()), std::size_t(wkb.size()));
            QFAIL("no exception");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Geometry);
            QVERIFY2(QString(e.what()).contains(message), e.what());
        }
        QCOMPARE(column.size(), std::size_t(2));
        QVERIFY(column.isPointsOnly());
        QCOMPARE(column.coordCount(), std::size_t(2));
    }

    // A failure after coordinates with Z went in must take them out again.
    void failureLeavesColumnUnchanged()
    {
        GeometryColumn column;
        column.appendPoint(1, 1);
        const QByteArray wkb = Wkb().head(7).u32(2).head(1001).f64(1).f64(2).f64(3).head(1001).f64(4).bytes;
        QVERIFY_THROWS_EXCEPTION(Error, appendWkb(column, reinterpret_cast<const std::uint8_t*>(wkb.constData()),
                                                  std::size_t(wkb.size())));
        QCOMPARE(column.size(), std::size_t(1));
        QVERIFY(column.isPointsOnly());
        QVERIFY(!column.hasZ());
        QCOMPARE(column.coordCount(), std::size_t(1));
        column.appendPoint(2, 2);
        QCOMPARE(column.coord(1), (Coord{2, 2}));
    }

    void nullHasNoWkb()
    {
        try {
            toWkb(Geometry());
            QFAIL("no exception");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Geometry);
        }
    }

    // Z is written per geometry: a 2D geometry in a column that has Z elsewhere stays 2D; within a 3D geometry a
    // coordinate without z writes NaN.
    void zIsPerGeometry()
    {
        GeometryColumn column;
        column.appendPoint(1, 2);
        column.beginGeometry(GeometryType::LineString);
        column.beginPart(GeometryType::LineString);
        column.beginRing();
        column.addCoord(0, 0, 5, kNaN);
        column.addCoord(1, 1);
        column.endGeometry();
        QCOMPARE(hex(toWkb({&column, 0})), hex(toVector(Wkb().head(1).f64(1).f64(2).bytes)));
        QCOMPARE(hex(toWkb({&column, 1})),
                 hex(toVector(Wkb().head(1002).u32(2).f64(0).f64(0).f64(5).f64(1).f64(1).f64(kNaN).bytes)));
    }

    void appendWkbToConcatenates()
    {
        const Geometry a = geometryFromWkt("POINT (1 2)");
        const Geometry b = geometryFromWkt("LINESTRING (0 0, 1 1)");
        std::vector<std::uint8_t> buf;
        appendWkbTo(buf, a);
        appendWkbTo(buf, b);
        const std::vector<std::uint8_t> wa = toWkb(a), wb = toWkb(b);
        QCOMPARE(buf.size(), wa.size() + wb.size());
        QVERIFY(std::equal(wa.begin(), wa.end(), buf.begin()));
        QVERIFY(std::equal(wb.begin(), wb.end(), buf.begin() + std::ptrdiff_t(wa.size())));
    }

    // The points-only fast path and the general parser agree, and points in either byte order or with an SRID
    // all stay in the compact layout.
    void manyPoints()
    {
        GeometryColumn column;
        for (int i = 0; i < 10000; ++i) {
            const QByteArray wkb = i % 3 == 2 ? Wkb().head(0x20000001).u32(4326).f64(i).f64(-i).bytes // EWKB SRID
                                              : Wkb().head(1, i % 3).f64(i).f64(-i).bytes;
            appendWkb(column, reinterpret_cast<const std::uint8_t*>(wkb.constData()), std::size_t(wkb.size()));
        }
        QVERIFY(column.isPointsOnly());
        QCOMPARE(column.size(), std::size_t(10000));
        QCOMPARE(column.coord(9999), (Coord{9999, -9999}));
        QCOMPARE(column.coord(1234), (Coord{1234, -1234}));
    }
};

QTEST_APPLESS_MAIN(TestWkb)
#include "tst_wkb.moc"
