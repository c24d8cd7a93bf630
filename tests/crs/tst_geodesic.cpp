#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QtTest>

#include "gis/crs/geodesic.h"

using gis::Coord;
namespace geodesic = gis::geodesic;

Q_DECLARE_METATYPE(gis::Coord)

namespace {

constexpr double kMillimetre = 1e-3;

const Coord kNizwa{57.5301, 22.9333};
const Coord kMuscat{58.4059, 23.5880};
const Coord kSalalah{54.0924, 17.0151};
const Coord kKhasab{56.2483, 26.1799};

using Ring = std::vector<Coord>;

/// Runs one of GeographicLib's tools (package geographiclib-tools) with `input` on stdin and returns the
/// whitespace-separated numbers of each output line; sets `error` on failure.
std::vector<std::vector<double>> geographicLib(const QString& tool, const QStringList& args, const QByteArray& input,
                                               QString* error)
{
    QProcess process;
    process.start(tool, args);
    if (!process.waitForStarted()) {
        *error = "cannot run " + tool + " (package geographiclib-tools): " + process.errorString();
        return {};
    }
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000) || process.exitCode() != 0) {
        *error = tool + " failed: " + QString::fromUtf8(process.readAllStandardError());
        return {};
    }
    std::vector<std::vector<double>> lines;
    for (const QByteArray& line : process.readAllStandardOutput().split('\n')) {
        const QByteArray trimmed = line.simplified();
        if (trimmed.isEmpty())
            continue;
        std::vector<double> numbers;
        for (const QByteArray& field : trimmed.split(' '))
            numbers.push_back(field.toDouble());
        lines.push_back(std::move(numbers));
    }
    return lines;
}

QByteArray latLonLines(const Ring& ring)
{
    QByteArray text;
    for (const Coord& c : ring)
        text += QByteArray::number(c.y, 'f', 12) + ' ' + QByteArray::number(c.x, 'f', 12) + '\n';
    return text;
}

Ring ringFromJson(const QJsonArray& positions)
{
    Ring ring;
    for (const QJsonValue& p : positions) {
        const QJsonArray xy = p.toArray();
        ring.push_back({xy.at(0).toDouble(), xy.at(1).toDouble()});
    }
    return ring;
}

/// Each polygon as its rings: the exterior first, then the holes (GeoJSON order).
std::vector<std::vector<Ring>> polygonsOf(const QJsonObject& geometry)
{
    std::vector<std::vector<Ring>> polygons;
    const QString type = geometry.value("type").toString();
    const QJsonArray coordinates = geometry.value("coordinates").toArray();
    const auto addPolygon = [&](const QJsonArray& rings) {
        std::vector<Ring> polygon;
        for (const QJsonValue& r : rings)
            polygon.push_back(ringFromJson(r.toArray()));
        polygons.push_back(std::move(polygon));
    };
    if (type == "Polygon")
        addPolygon(coordinates);
    else if (type == "MultiPolygon")
        for (const QJsonValue& p : coordinates)
            addPolygon(p.toArray());
    return polygons;
}

double degreesToMetres(const Coord& a, const Coord& b)
{
    constexpr double metresPerDegree = 111320.0;
    const double dx = (a.x - b.x) * metresPerDegree * std::cos(a.y * std::numbers::pi / 180);
    return std::hypot(dx, (a.y - b.y) * metresPerDegree);
}

} // namespace

class TestGeodesic : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void distance_data();
    void distance();
    void governorateArea_data();
    void governorateArea();
    void ringOrientationAndClosure();
    void length();
    void destination_data();
    void destination();
    void degenerate();

private:
    QJsonArray m_governorates;
};

void TestGeodesic::initTestCase()
{
    for (const char* tool : {"GeodSolve", "Planimeter"})
        if (QStandardPaths::findExecutable(tool).isEmpty())
            QFAIL(qPrintable(QString("%1 not found: install the Debian package geographiclib-tools (it is in the "
                                     "package list)")
                                 .arg(tool)));

    const QString path = QString(GIS_SHARED_DATA_DIR) + "/oman/governorates.geojson";
    QFile file(path);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path + ": " + file.errorString()));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(path + ": " + error.errorString()));
    m_governorates = doc.object().value("features").toArray();
    QVERIFY(!m_governorates.isEmpty());
}

void TestGeodesic::distance_data()
{
    QTest::addColumn<Coord>("a");
    QTest::addColumn<Coord>("b");

    QTest::newRow("Nizwa-Muscat") << kNizwa << kMuscat;
    QTest::newRow("Nizwa-Salalah") << kNizwa << kSalalah;
    QTest::newRow("Khasab-Salalah") << kKhasab << kSalalah;
    QTest::newRow("same point") << kNizwa << kNizwa;
    QTest::newRow("across the antimeridian") << Coord{179.5, -16.8} << Coord{-179.8, -17.2};
    // Nearly antipodal points are where naive methods fail to converge.
    QTest::newRow("nearly antipodal") << kMuscat << Coord{kMuscat.x - 180 + 0.5, -kMuscat.y + 0.3};
}

void TestGeodesic::distance()
{
    QFETCH(Coord, a);
    QFETCH(Coord, b);

    QString error;
    const QByteArray input = QByteArray::number(a.y, 'f', 12) + ' ' + QByteArray::number(a.x, 'f', 12) + ' ' +
                             QByteArray::number(b.y, 'f', 12) + ' ' + QByteArray::number(b.x, 'f', 12) + '\n';
    // GeodSolve -i answers "azi1 azi2 s12"; -p 6 gives s12 to the micrometre.
    const auto out = geographicLib("GeodSolve", {"-i", "-p", "6"}, input, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(out.size(), std::size_t(1));
    const double expected = out[0].at(2);

    const double ours = geodesic::distance(a, b);
    QVERIFY2(std::abs(ours - expected) < kMillimetre,
             qPrintable(QString("ours %1 m, GeodSolve %2 m").arg(ours, 0, 'f', 6).arg(expected, 0, 'f', 6)));
    QCOMPARE(geodesic::distance(a.x, a.y, b.x, b.y), ours);
    QVERIFY(std::abs(geodesic::distance(b, a) - ours) < kMillimetre);
}

void TestGeodesic::governorateArea_data()
{
    QTest::addColumn<QString>("code");
    bool found = false;
    for (const QJsonValue& f : m_governorates) {
        const QString code = f.toObject().value("properties").toObject().value("code").toString();
        QTest::newRow(qPrintable(code)) << code;
        found |= code == "OM-DA";
    }
    QVERIFY2(found, "Ad Dakhiliyah (OM-DA) missing from governorates.geojson");
}

void TestGeodesic::governorateArea()
{
    QFETCH(QString, code);
    QJsonObject geometry;
    for (const QJsonValue& f : m_governorates)
        if (f.toObject().value("properties").toObject().value("code").toString() == code)
            geometry = f.toObject().value("geometry").toObject();
    const auto polygons = polygonsOf(geometry);
    QVERIFY(!polygons.empty());

    double ourArea = 0, ourPerimeter = 0, expectedArea = 0, expectedPerimeter = 0;
    for (const auto& polygon : polygons) {
        for (std::size_t r = 0; r < polygon.size(); ++r) {
            const Ring& ring = polygon[r];
            const double sign = r == 0 ? 1 : -1; // holes are subtracted
            ourArea += sign * geodesic::ringArea(ring.data(), ring.size());
            ourPerimeter += geodesic::ringPerimeter(ring.data(), ring.size());

            // Planimeter reads one ring as "lat lon" lines and prints "count perimeter area" (signed
            // by orientation, hence the abs).
            QString error;
            const auto out = geographicLib("Planimeter", {"-p", "6"}, latLonLines(ring), &error);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            QCOMPARE(out.size(), std::size_t(1));
            expectedPerimeter += out[0].at(1);
            expectedArea += sign * std::abs(out[0].at(2));
        }
    }
    QVERIFY(ourArea > 1e8); // every governorate is more than 100 km²
    QVERIFY2(std::abs(ourArea - expectedArea) <= 1e-4 * expectedArea,
             qPrintable(QString("area: ours %1 m², Planimeter %2 m²").arg(ourArea, 0, 'f', 1).arg(expectedArea, 0, 'f', 1)));
    QVERIFY2(std::abs(ourPerimeter - expectedPerimeter) <= 1e-4 * expectedPerimeter,
             qPrintable(QString("perimeter: ours %1 m, Planimeter %2 m").arg(ourPerimeter).arg(expectedPerimeter)));
    if (code == "OM-DA") // Ad Dakhiliyah is about 31,900 km²: a guard against a units slip in both tools
        QVERIFY2(ourArea > 2.5e10 && ourArea < 4e10, qPrintable(QString::number(ourArea)));
}

void TestGeodesic::ringOrientationAndClosure()
{
    const Ring open{kNizwa, kMuscat, {59.5289, 22.5667}, {57.0, 21.5}};
    Ring closed = open;
    closed.push_back(open.front());
    Ring reversed(open.rbegin(), open.rend());

    const double area = geodesic::ringArea(open.data(), open.size());
    QVERIFY(area > 0);
    QCOMPARE(geodesic::ringArea(closed.data(), closed.size()), area);
    QVERIFY(std::abs(geodesic::ringArea(reversed.data(), reversed.size()) - area) < 1e-6 * area);
    QCOMPARE(geodesic::ringPerimeter(closed.data(), closed.size()), geodesic::ringPerimeter(open.data(), open.size()));

    // The perimeter is the closed polyline's length.
    QVERIFY(std::abs(geodesic::ringPerimeter(open.data(), open.size()) - geodesic::length(closed.data(), closed.size())) <
            kMillimetre);
}

void TestGeodesic::length()
{
    const std::vector<Coord> route{kMuscat, kNizwa, {57.2, 22.9}, kSalalah};
    double sum = 0;
    for (std::size_t i = 1; i < route.size(); ++i)
        sum += geodesic::distance(route[i - 1], route[i]);
    QVERIFY(std::abs(geodesic::length(route.data(), route.size()) - sum) < kMillimetre);

    // Planimeter -l measures a polyline: "count length".
    QString error;
    const auto out = geographicLib("Planimeter", {"-l", "-p", "6"}, latLonLines(route), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(out.size(), std::size_t(1));
    QVERIFY2(std::abs(geodesic::length(route.data(), route.size()) - out[0].at(1)) < kMillimetre,
             qPrintable(QString("ours %1, Planimeter %2").arg(sum, 0, 'f', 6).arg(out[0].at(1), 0, 'f', 6)));
}

void TestGeodesic::destination_data()
{
    QTest::addColumn<Coord>("start");
    QTest::addColumn<double>("azimuth");
    QTest::addColumn<double>("metres");

    QTest::newRow("1 m north") << kNizwa << 0.0 << 1.0;
    QTest::newRow("Nizwa 10 km east") << kNizwa << 90.0 << 10000.0;
    QTest::newRow("Nizwa 150 km north-east") << kNizwa << 45.0 << 150000.0;
    QTest::newRow("Muscat 800 km south-west") << kMuscat << 225.0 << 800000.0;
    QTest::newRow("Muscat 5000 km west") << kMuscat << -90.0 << 5.0e6;
    QTest::newRow("zero distance") << kMuscat << 123.0 << 0.0;
}

void TestGeodesic::destination()
{
    QFETCH(Coord, start);
    QFETCH(double, azimuth);
    QFETCH(double, metres);

    const Coord end = geodesic::destination(start.x, start.y, azimuth, metres);
    // Round trip through the inverse problem.
    QVERIFY2(std::abs(geodesic::distance(start, end) - metres) < 1e-6,
             qPrintable(QString::number(geodesic::distance(start, end), 'f', 9)));

    // And GeodSolve's direct problem: "lat1 lon1 azi1 s12" -> "lat2 lon2 azi2".
    QString error;
    const QByteArray input = QByteArray::number(start.y, 'f', 12) + ' ' + QByteArray::number(start.x, 'f', 12) + ' ' +
                             QByteArray::number(azimuth, 'f', 12) + ' ' + QByteArray::number(metres, 'f', 6) + '\n';
    const auto out = geographicLib("GeodSolve", {"-p", "6"}, input, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(out.size(), std::size_t(1));
    const Coord expected{out[0].at(1), out[0].at(0)};
    QVERIFY2(degreesToMetres(end, expected) < kMillimetre,
             qPrintable(QString("ours (%1, %2), GeodSolve (%3, %4)")
                            .arg(end.x, 0, 'f', 10).arg(end.y, 0, 'f', 10)
                            .arg(expected.x, 0, 'f', 10).arg(expected.y, 0, 'f', 10)));
}

void TestGeodesic::degenerate()
{
    QCOMPARE(geodesic::length(nullptr, 0), 0.0);
    QCOMPARE(geodesic::length(&kNizwa, 1), 0.0);
    QCOMPARE(geodesic::ringArea(nullptr, 0), 0.0);
    QCOMPARE(geodesic::ringPerimeter(nullptr, 0), 0.0);
    const Coord two[] = {kNizwa, kMuscat};
    QCOMPARE(geodesic::ringArea(two, 2), 0.0);
    QVERIFY(std::abs(geodesic::ringPerimeter(two, 2) - 2 * geodesic::distance(kNizwa, kMuscat)) < kMillimetre);
}

QTEST_APPLESS_MAIN(TestGeodesic)
#include "tst_geodesic.moc"
