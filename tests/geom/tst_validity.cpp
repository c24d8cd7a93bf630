#include <cmath>
#include <thread>
#include <vector>

#include <QtTest>

#include "gis/core/error.h"
#include "gis/geom/validity.h"
#include "gis/geom/wkt.h"

using namespace gis;

namespace {

// Two triangles of area 1 each meeting at (1 1): the classic self-intersecting "bow-tie" ring.
constexpr const char* kBowTie = "POLYGON ((0 0, 2 2, 2 0, 0 2, 0 0))";

} // namespace

class TestValidity : public QObject {
    Q_OBJECT

private slots:
    void checkValidity_data()
    {
        QTest::addColumn<QString>("wkt");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<double>("x"); // NaN: no location expected
        QTest::addColumn<double>("y");
        const double none = std::nan("");
        QTest::newRow("square") << "POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))" << true << "" << none << none;
        QTest::newRow("square with hole") << "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2))"
                                          << true << "" << none << none;
        QTest::newRow("bow-tie") << kBowTie << false << "Self-intersection" << 1.0 << 1.0;
        QTest::newRow("hole outside shell") << "POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0), (5 5, 5 6, 6 6, 5 5))" << false
                                            << "Hole lies outside shell" << 5.0 << 5.0;
        QTest::newRow("overlapping multipolygon")
            << "MULTIPOLYGON (((0 0, 2 0, 2 2, 0 2, 0 0)), ((1 1, 3 1, 3 3, 1 3, 1 1)))" << false << "Self-intersection"
            << none << none;
        QTest::newRow("self-crossing line is valid") << "LINESTRING (0 0, 2 2, 2 0, 0 2)" << true << "" << none << none;
        QTest::newRow("empty") << "POLYGON EMPTY" << true << "" << none << none;
        QTest::newRow("unclosed ring") << "POLYGON ((0 0, 1 0, 1 1, 0 1))" << false << "GEOS: " << none << none;
        QTest::newRow("too few points") << "POLYGON ((0 0, 1 0, 0 0))" << false << "Too few points" << none << none;
    }
    void checkValidity()
    {
        QFETCH(QString, wkt);
        QFETCH(bool, valid);
        QFETCH(QString, reason);
        QFETCH(double, x);
        QFETCH(double, y);
        const Validity v = gis::checkValidity(geometryFromWkt(wkt.toStdString()));
        QCOMPARE(v.valid, valid);
        QVERIFY2(QString::fromStdString(v.reason).startsWith(reason), v.reason.c_str());
        if (valid)
            QVERIFY(v.reason.empty() && !v.location);
        if (!std::isnan(x)) {
            QVERIFY(v.location.has_value());
            QCOMPARE(v.location->x, x);
            QCOMPARE(v.location->y, y);
        }
    }

    void nullIsInvalid()
    {
        const Validity v = gis::checkValidity(Geometry());
        QVERIFY(!v.valid);
        QCOMPARE(v.reason, std::string("null geometry"));
        QVERIFY(gis::makeValid(Geometry()).isNull());
        QCOMPARE(planarArea(Geometry()), 0.0);
    }

    void makeValidBowTie()
    {
        const Geometry bowTie = geometryFromWkt(kBowTie);
        QCOMPARE(planarArea(bowTie), 0.0); // the two lobes cancel: why the bow-tie is a problem
        const Geometry fixed = gis::makeValid(bowTie);
        QCOMPARE(fixed.type(), GeometryType::MultiPolygon);
        QCOMPARE(fixed.column().partEnd(0) - fixed.column().partBegin(0), std::size_t(2));
        QVERIFY(gis::checkValidity(fixed).valid);
        QCOMPARE(planarArea(fixed), 2.0);
        QCOMPARE(fixed.bounds(), Box(0, 0, 2, 2));
    }

    void makeValid_data()
    {
        QTest::addColumn<QString>("wkt");
        QTest::addColumn<GeometryType>("type");
        QTest::addColumn<double>("area");
        QTest::addColumn<double>("length");
        QTest::newRow("valid polygon unchanged") << "POLYGON ((0 0, 3 0, 3 3, 0 3, 0 0))" << GeometryType::Polygon << 9.0
                                                 << 12.0;
        // GEOS keeps a hole that lies outside its shell as an area of its own
        QTest::newRow("hole outside shell") << "POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0), (5 5, 5 6, 6 6, 5 5))"
                                            << GeometryType::MultiPolygon << 1.5 << 4.0 + 2 + std::sqrt(2.0);
        QTest::newRow("overlapping parts merge")
            << "MULTIPOLYGON (((0 0, 2 0, 2 2, 0 2, 0 0)), ((1 1, 3 1, 3 3, 1 3, 1 1)))" << GeometryType::Polygon
            << 7.0 << 12.0;
        QTest::newRow("line keeps its lines") << "LINESTRING (0 0, 2 2, 2 0, 0 2)" << GeometryType::LineString << 0.0
                                              << 2 + 4 * std::sqrt(2.0);
        QTest::newRow("Z kept") << "POLYGON Z ((0 0 1, 2 2 1, 2 0 1, 0 2 1, 0 0 1))" << GeometryType::MultiPolygon
                                << 2.0 << 4 + 4 * std::sqrt(2.0);
    }
    void makeValid()
    {
        QFETCH(QString, wkt);
        QFETCH(GeometryType, type);
        QFETCH(double, area);
        QFETCH(double, length);
        const Geometry fixed = gis::makeValid(geometryFromWkt(wkt.toStdString()));
        QCOMPARE(fixed.type(), type);
        QVERIFY(gis::checkValidity(fixed).valid);
        QVERIFY2(std::abs(planarArea(fixed) - area) < 1e-12, qPrintable(QString::number(planarArea(fixed))));
        QVERIFY2(std::abs(planarLength(fixed) - length) < 1e-12, qPrintable(QString::number(planarLength(fixed))));
        if (wkt.contains(" Z ")) {
            QVERIFY(fixed.column().hasZ());
            QCOMPARE(fixed.column().zValues().front(), 1.0);
        }
    }

    void makeValidOfUnbuildableThrows()
    {
        try {
            gis::makeValid(geometryFromWkt("POLYGON ((0 0, 1 0, 1 1, 0 1))"));
            QFAIL("no exception");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Geometry);
            QVERIFY2(QByteArray(e.what()).startsWith("GEOS: "), e.what());
        }
    }

    void measures_data()
    {
        QTest::addColumn<QString>("wkt");
        QTest::addColumn<double>("area");
        QTest::addColumn<double>("length");
        QTest::newRow("point") << "POINT (1 2)" << 0.0 << 0.0;
        QTest::newRow("line") << "LINESTRING (0 0, 3 4, 3 5)" << 0.0 << 6.0;
        QTest::newRow("polygon with hole") << "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2))"
                                           << 96.0 << 48.0;
        QTest::newRow("clockwise shell") << "POLYGON ((0 0, 0 10, 10 10, 10 0, 0 0))" << 100.0 << 40.0;
        QTest::newRow("multipolygon") << "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 1, 0 0)), ((5 5, 7 5, 7 7, 5 7, 5 5)))"
                                      << 5.0 << 12.0;
        QTest::newRow("collection") << "GEOMETRYCOLLECTION (POINT (0 0), LINESTRING (0 0, 0 2), POLYGON ((0 0, 1 0, 1 "
                                       "1, 0 1, 0 0)))"
                                    << 1.0 << 6.0;
        QTest::newRow("empty") << "MULTIPOLYGON EMPTY" << 0.0 << 0.0;
    }
    void measures()
    {
        QFETCH(QString, wkt);
        QFETCH(double, area);
        QFETCH(double, length);
        const Geometry g = geometryFromWkt(wkt.toStdString());
        QCOMPARE(planarArea(g), area);
        QCOMPARE(planarLength(g), length);
    }

    // Each thread gets its own GEOS context (created on first use, finished at thread exit: the sanitizer build
    // checks nothing leaks).
    void threads()
    {
        const Geometry bowTie = geometryFromWkt(kBowTie);
        std::vector<std::thread> workers;
        std::vector<int> ok(4, 0);
        for (int t = 0; t < 4; ++t) {
            workers.emplace_back([&, t] {
                for (int i = 0; i < 200; ++i) {
                    if (!gis::checkValidity(bowTie).valid && planarArea(gis::makeValid(bowTie)) == 2.0)
                        ++ok[t];
                }
            });
        }
        for (std::thread& w : workers)
            w.join();
        for (int t = 0; t < 4; ++t)
            QCOMPARE(ok[t], 200);
    }
};

QTEST_APPLESS_MAIN(TestValidity)
#include "tst_validity.moc"
