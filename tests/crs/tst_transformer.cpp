#include <cmath>
#include <limits>
#include <numbers>
#include <optional>
#include <thread>
#include <vector>

#include <QProcess>
#include <QStandardPaths>
#include <QtTest>

#include "gis/core/error.h"
#include "gis/crs/transformer.h"

using gis::Box;
using gis::Coord;
using gis::Crs;
using gis::Transformer;

Q_DECLARE_METATYPE(gis::Coord)
Q_DECLARE_METATYPE(gis::Box)

namespace {

constexpr double kMillimetre = 1e-3;
// EPSG defines the reverse of a 7-parameter Helmert (PSD93 -> WGS 84) as the same formula with the signs
// of the parameters flipped, which is not an exact inverse: a round trip through EPSG:3440 drifts by
// ~2 mm in cs2cs too. Pure map projections (UTM, Web Mercator) come back exactly.
constexpr double kHelmertRoundTrip = 5e-3;

double roundTripTolerance(const QString& target)
{
    return target == "EPSG:3440" ? kHelmertRoundTrip : kMillimetre;
}

const Coord kNizwa{57.5301, 22.9333};
const Coord kMuscat{58.4059, 23.5880};
const Coord kSalalah{54.0924, 17.0151};

// Good to well under a millimetre for the sub-millimetre differences measured here.
double degreesToMetres(const Coord& a, const Coord& b)
{
    constexpr double metresPerDegree = 111320.0;
    const double dx = (a.x - b.x) * metresPerDegree * std::cos(a.y * std::numbers::pi / 180);
    const double dy = (a.y - b.y) * metresPerDegree;
    return std::hypot(dx, dy);
}

QString show(const Coord& c)
{
    return QString("(%1, %2)").arg(c.x, 0, 'f', 9).arg(c.y, 0, 'f', 9);
}

/// PROJ's own command-line tool, run on `points` given in the *authority* axis order of `from`
/// (latitude first for EPSG:4326); its output is likewise in the authority order of `to`.
/// Returns an empty vector and sets `error` if cs2cs could not be run.
std::vector<Coord> cs2cs(const QString& from, const QString& to, const std::vector<Coord>& points, QString* error)
{
    QProcess process;
    process.start("cs2cs", {"-f", "%.12f", from, to});
    if (!process.waitForStarted()) {
        *error = "cannot run cs2cs (package proj-bin): " + process.errorString();
        return {};
    }
    QByteArray input;
    for (const Coord& p : points)
        input += QByteArray::number(p.x, 'f', 12) + ' ' + QByteArray::number(p.y, 'f', 12) + '\n';
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000) || process.exitCode() != 0) {
        *error = "cs2cs failed: " + QString::fromUtf8(process.readAllStandardError());
        return {};
    }
    std::vector<Coord> out;
    const QList<QByteArray> lines = process.readAllStandardOutput().split('\n');
    for (const QByteArray& line : lines) {
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (fields.size() < 2)
            continue;
        bool okX = false, okY = false;
        const double x = fields[0].toDouble(&okX), y = fields[1].toDouble(&okY);
        // cs2cs prints "*" for a point it cannot transform.
        out.push_back(okX && okY ? Coord{x, y}
                                 : Coord{std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity()});
    }
    if (out.size() != points.size())
        *error = QString("cs2cs returned %1 points for %2").arg(out.size()).arg(points.size());
    return out;
}

Coord swapped(const Coord& c)
{
    return {c.y, c.x};
}

std::vector<Coord> omanGrid(int nx, int ny)
{
    std::vector<Coord> points;
    for (int j = 0; j < ny; ++j)
        for (int i = 0; i < nx; ++i)
            points.push_back({52.0 + 8.0 * i / (nx - 1), 16.5 + 10.0 * j / (ny - 1)});
    return points;
}

} // namespace

class TestTransformer : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void againstCs2cs_data();
    void againstCs2cs();
    void toGeographicAgainstCs2cs_data();
    void toGeographicAgainstCs2cs();
    void batchEqualsPerPoint_data();
    void batchEqualsPerPoint();
    void transformBox_data();
    void transformBox();
    void transformBoxAcrossAntimeridian();
    void identity();
    void failedPointsBecomeInfinite();
    void unknownCrsThrows();
    void moveAndThreads();
};

void TestTransformer::initTestCase()
{
    if (QStandardPaths::findExecutable("cs2cs").isEmpty())
        QFAIL("cs2cs not found: install the Debian package proj-bin (it is in the package list)");
}

void TestTransformer::againstCs2cs_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<Coord>("lonLat");

    for (const char* target : {"EPSG:32640", "EPSG:3440", "EPSG:3857"}) {
        QTest::addRow("Nizwa %s", target) << target << kNizwa;
        QTest::addRow("Muscat %s", target) << target << kMuscat;
    }
    // Salalah lies in zone 39; PSD93's area of use reaches it.
    QTest::newRow("Salalah EPSG:32639") << "EPSG:32639" << kSalalah;
    QTest::newRow("Salalah EPSG:3440") << "EPSG:3440" << kSalalah;
}

void TestTransformer::againstCs2cs()
{
    QFETCH(QString, target);
    QFETCH(Coord, lonLat);

    const Transformer t(Crs::fromEpsg(4326), Crs::fromUserInput(target.toStdString()));
    QVERIFY(!t.isIdentity());
    const Coord ours = t.transform(lonLat); // lon/lat in, easting/northing out

    QString error;
    const auto expected = cs2cs("EPSG:4326", target, {swapped(lonLat)}, &error); // cs2cs wants lat lon
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const double dx = ours.x - expected[0].x, dy = ours.y - expected[0].y;
    QVERIFY2(std::hypot(dx, dy) < kMillimetre,
             qPrintable(QString("ours %1, cs2cs %2").arg(show(ours), show(expected[0]))));

    Coord back = ours;
    t.inverse(&back, 1);
    const auto expectedBack = cs2cs(target, "EPSG:4326", {ours}, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(degreesToMetres(back, swapped(expectedBack[0])) < kMillimetre,
             qPrintable(QString("inverse %1, cs2cs %2").arg(show(back), show(swapped(expectedBack[0])))));
    QVERIFY2(degreesToMetres(back, lonLat) < roundTripTolerance(target),
             qPrintable(QString("round trip %1 -> %2").arg(show(lonLat), show(back))));
}

void TestTransformer::toGeographicAgainstCs2cs_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<Coord>("point");

    QTest::newRow("EPSG:32640 Nizwa") << "EPSG:32640" << Coord{554352.656629, 2536234.099834};
    QTest::newRow("EPSG:3440 Nizwa") << "EPSG:3440" << Coord{554061.070118, 2535988.610230};
    QTest::newRow("EPSG:3440 Muscat") << "EPSG:3440" << Coord{643550.0, 2608950.0};
}

void TestTransformer::toGeographicAgainstCs2cs()
{
    QFETCH(QString, source);
    QFETCH(Coord, point);

    // The axis-order trap: cs2cs answers "lat lon" for EPSG:4326, libgis always x = longitude.
    const Transformer t(Crs::fromUserInput(source.toStdString()), Crs::fromEpsg(4326));
    const Coord ours = t.transform(point);
    QString error;
    const auto expected = cs2cs(source, "EPSG:4326", {point}, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const Coord expectedLonLat = swapped(expected[0]);
    QVERIFY2(ours.x > 50 && ours.x < 60 && ours.y > 16 && ours.y < 27, qPrintable(show(ours)));
    QVERIFY2(degreesToMetres(ours, expectedLonLat) < kMillimetre,
             qPrintable(QString("ours %1, cs2cs %2").arg(show(ours), show(expectedLonLat))));

    // Projected to projected, both easting first.
    const Transformer toUtm(Crs::fromUserInput(source.toStdString()), Crs::fromEpsg(32639));
    const Coord utm = toUtm.transform(point);
    const auto expectedUtm = cs2cs(source, "EPSG:32639", {point}, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(std::hypot(utm.x - expectedUtm[0].x, utm.y - expectedUtm[0].y) < kMillimetre,
             qPrintable(QString("ours %1, cs2cs %2").arg(show(utm), show(expectedUtm[0]))));
}

void TestTransformer::batchEqualsPerPoint_data()
{
    QTest::addColumn<QString>("target");
    QTest::newRow("EPSG:32640") << "EPSG:32640";
    // Several PSD93 -> WGS 84 operations, chosen per point by area of use.
    QTest::newRow("EPSG:3440") << "EPSG:3440";
}

void TestTransformer::batchEqualsPerPoint()
{
    QFETCH(QString, target);
    const Transformer t(Crs::fromEpsg(4326), Crs::fromUserInput(target.toStdString()));
    const std::vector<Coord> input = omanGrid(41, 51);

    std::vector<Coord> batch = input;
    t.transform(batch.data(), batch.size());

    std::vector<double> xs, ys;
    for (const Coord& c : input) {
        xs.push_back(c.x);
        ys.push_back(c.y);
    }
    t.transform(xs.data(), ys.data(), nullptr, xs.size());

    QString error;
    std::vector<Coord> latLon;
    for (const Coord& c : input)
        latLon.push_back(swapped(c));
    const auto expected = cs2cs("EPSG:4326", target, latLon, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    for (std::size_t i = 0; i < input.size(); ++i) {
        const Coord single = t.transform(input[i]);
        QVERIFY2(single == batch[i], qPrintable(show(single) + " != " + show(batch[i])));
        QVERIFY(xs[i] == batch[i].x && ys[i] == batch[i].y);
        QVERIFY2(std::hypot(batch[i].x - expected[i].x, batch[i].y - expected[i].y) < kMillimetre,
                 qPrintable(QString("at %1: ours %2, cs2cs %3").arg(show(input[i]), show(batch[i]), show(expected[i]))));
    }

    std::vector<Coord> back = batch;
    t.inverse(back.data(), back.size());
    const auto expectedBack = cs2cs(target, "EPSG:4326", batch, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    for (std::size_t i = 0; i < input.size(); ++i) {
        QVERIFY2(degreesToMetres(back[i], swapped(expectedBack[i])) < kMillimetre,
                 qPrintable(QString("inverse %1, cs2cs %2").arg(show(back[i]), show(swapped(expectedBack[i])))));
        QVERIFY2(degreesToMetres(back[i], input[i]) < roundTripTolerance(target),
                 qPrintable(show(input[i]) + " -> " + show(back[i])));
    }
}

void TestTransformer::transformBox_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("target");
    QTest::addColumn<Box>("box");
    QTest::addColumn<int>("densify");

    const Box dakhiliyah(56.4, 21.6, 58.6, 23.6);
    const Box oman(52.0, 16.6, 59.9, 26.5);
    QTest::newRow("Ad Dakhiliyah to UTM 40N") << "EPSG:4326" << "EPSG:32640" << dakhiliyah << 21;
    QTest::newRow("Oman to PSD93") << "EPSG:4326" << "EPSG:3440" << oman << 21;
    QTest::newRow("Oman to Web Mercator") << "EPSG:4326" << "EPSG:3857" << oman << 5;
    QTest::newRow("UTM 40N to lon/lat") << "EPSG:32640" << "EPSG:4326" << Box(400000, 2300000, 700000, 2700000) << 21;
    QTest::newRow("PSD93 to UTM 39N") << "EPSG:3440" << "EPSG:32639" << Box(400000, 2300000, 700000, 2700000) << 0;
}

void TestTransformer::transformBox()
{
    QFETCH(QString, source);
    QFETCH(QString, target);
    QFETCH(Box, box);
    QFETCH(int, densify);

    const Transformer t(Crs::fromUserInput(source.toStdString()), Crs::fromUserInput(target.toStdString()));
    const Box out = t.transformBox(box, densify);
    QVERIFY(!out.isEmpty());

    // The oracle: every densified edge point, transformed one by one, lies in the box; and the box is no
    // bigger than those points (PROJ densifies the same way, with at least 2 points for lon/lat output).
    const int perEdge = std::max(densify, t.target().isGeographic() ? 2 : 0) + 1;
    std::vector<Coord> edge;
    for (int i = 0; i <= perEdge; ++i) {
        const double fx = double(i) / perEdge;
        const double x = box.minX + fx * (box.maxX - box.minX), y = box.minY + fx * (box.maxY - box.minY);
        edge.insert(edge.end(), {{x, box.minY}, {x, box.maxY}, {box.minX, y}, {box.maxX, y}});
    }
    t.transform(edge.data(), edge.size());
    Box hull;
    const double eps = t.target().isGeographic() ? 1e-9 : 1e-6;
    for (const Coord& c : edge) {
        QVERIFY(std::isfinite(c.x) && std::isfinite(c.y));
        QVERIFY2(Box(out.minX - eps, out.minY - eps, out.maxX + eps, out.maxY + eps).contains(c.x, c.y),
                 qPrintable(show(c) + " outside the transformed box"));
        hull.expand(c);
    }
    QVERIFY2(std::abs(hull.minX - out.minX) < eps && std::abs(hull.maxX - out.maxX) < eps &&
                 std::abs(hull.minY - out.minY) < eps && std::abs(hull.maxY - out.maxY) < eps,
             "the transformed box is larger than its densified edges");

    QVERIFY(t.transformBox(Box()).isEmpty());
    QVERIFY_THROWS_EXCEPTION(gis::Error, t.transformBox(box, -1));
}

void TestTransformer::transformBoxAcrossAntimeridian()
{
    // UTM zone 1N reaches west of 180°W: PROJ answers minX > maxX, which a Box cannot hold.
    const Transformer t(Crs::fromEpsg(32601), Crs::fromEpsg(4326));
    const Box out = t.transformBox(Box(100000, 5000000, 900000, 6000000));
    QCOMPARE(out.minX, -180.0);
    QCOMPARE(out.maxX, 180.0);
    QVERIFY(out.minY > 45 && out.maxY < 55);
}

void TestTransformer::identity()
{
    // EPSG:4326 is lat/lon and OGC:CRS84 lon/lat, but both are x = longitude in libgis: nothing to do.
    for (const auto& [a, b] : {std::pair{"EPSG:4326", "OGC:CRS84"}, std::pair{"EPSG:32640", "32640"}}) {
        const Transformer t(Crs::fromUserInput(a), Crs::fromUserInput(b));
        QVERIFY2(t.isIdentity(), a);
        std::vector<Coord> coords{kNizwa, kMuscat, {1e9, -1e9}, {std::nan(""), 0}};
        const std::vector<Coord> before = coords;
        t.transform(coords.data(), coords.size());
        t.inverse(coords.data(), coords.size());
        for (std::size_t i = 0; i < 3; ++i)
            QCOMPARE(coords[i], before[i]);
        QVERIFY(std::isnan(coords[3].x));
        const Box box(56, 22, 58, 24);
        QCOMPARE(t.transformBox(box), box);
    }
    QVERIFY(!Transformer(Crs::fromEpsg(4326), Crs::fromEpsg(4979)).isIdentity());
    QVERIFY(!Transformer(Crs::fromEpsg(32640), Crs::fromEpsg(3440)).isIdentity());
}

void TestTransformer::failedPointsBecomeInfinite()
{
    const Transformer t(Crs::fromEpsg(4326), Crs::fromEpsg(32640));
    std::vector<Coord> coords{kNizwa, {57, 95}, kMuscat};
    t.transform(coords.data(), coords.size());
    QVERIFY(!std::isfinite(coords[1].x) && !std::isfinite(coords[1].y));
    // One bad point does not spoil the others.
    QVERIFY(std::isfinite(coords[0].x) && std::isfinite(coords[2].x));
    QCOMPARE(coords[2], t.transform(kMuscat));
}

void TestTransformer::unknownCrsThrows()
{
    const Crs wgs84 = Crs::fromEpsg(4326);
    for (const auto& [a, b] : {std::pair{Crs(), wgs84}, std::pair{wgs84, Crs()}, std::pair{Crs(), Crs()}}) {
        try {
            Transformer t(a, b);
            QFAIL("no exception for an unknown CRS");
        } catch (const gis::Error& e) {
            QCOMPARE(e.code(), gis::ErrorCode::Crs);
            QVERIFY2(QString(e.what()).contains("unknown CRS"), e.what());
        }
    }
    // And an unknown definition never gets as far as a Transformer.
    QVERIFY_THROWS_EXCEPTION(gis::Error, Transformer(Crs::fromUserInput("EPSG:999999"), wgs84));
}

void TestTransformer::moveAndThreads()
{
    const Crs wgs84 = Crs::fromEpsg(4326), psd93 = Crs::fromEpsg(3440);
    Transformer first(wgs84, psd93);
    Transformer moved(std::move(first));
    const std::vector<Coord> input = omanGrid(21, 21);
    std::vector<Coord> expected = input;
    moved.transform(expected.data(), expected.size());
    QCOMPARE(moved.source(), wgs84);
    QCOMPARE(moved.target(), psd93);

    // One Transformer per thread, all from the same shared Crs values.
    std::vector<std::vector<Coord>> results(4, input);
    std::vector<std::thread> threads;
    for (auto& r : results)
        threads.emplace_back([&wgs84, &psd93, &r] {
            const Transformer t(wgs84, psd93);
            t.transform(r.data(), r.size());
        });
    for (auto& th : threads)
        th.join();
    for (const auto& r : results)
        QVERIFY(r == expected);

    Transformer assigned(wgs84, wgs84);
    assigned = std::move(moved);
    QVERIFY(!assigned.isIdentity());
    QCOMPARE(assigned.transform(input[7]), expected[7]);
}

QTEST_APPLESS_MAIN(TestTransformer)
#include "tst_transformer.moc"
