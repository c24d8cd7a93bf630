// field-calculator against independent oracles: GeographicLib's Planimeter (geographiclib-tools, run as a process)
// for $area and $perimeter on longitude/latitude polygons, brute force (the shoelace formula, segment lengths) on a
// projected layer, and plain arithmetic for attribute expressions. Also: the output type (auto, explicit, an
// existing field keeps its own), ids, geometries and other fields kept, the invalid-geometry policies for an
// expression that measures geometries, one thread against all, cancel, and the errors that name the feature.

#include <QProcess>
#include <QtTest>

#include <cmath>
#include <memory>

#include "gis/analysis/algorithm.h"
#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/geom/wkb.h"
#include "gis/geom/wkt.h"
#include "support/analysissupport.h"

using namespace gis;

namespace {

/// A layer from WKT (empty: no geometry) with fields pop (integer), name (text), when (text, a date); ids from 501.
std::shared_ptr<const Layer> makeLayer(const std::vector<std::string>& wkts, GeometryType type, const Crs& crs)
{
    AttributeTable attributes;
    attributes.addColumn("pop", FieldType::Integer);
    attributes.addColumn("name", FieldType::String);
    attributes.addColumn("when", FieldType::String);
    for (std::size_t i = 0; i < wkts.size(); ++i) {
        attributes.column(0).appendInteger(static_cast<std::int64_t>(i * 1000 + 7));
        // QString, not "f" + std::to_string(i): GCC 12 warns -Wrestrict falsely on that (PR105329)
        attributes.column(1).appendString(QString("f%1").arg(i).toStdString());
        attributes.column(2).appendString(QString("2025-0%1-1%2").arg(1 + i % 9).arg(i % 10).toStdString());
    }
    return test::makeTestLayer("parcels", crs, type, test::geometriesFromWkt(wkts), std::move(attributes), 501);
}

/// Planimeter's area (m², WGS 84) and perimeter (m) of one ring given as lon/lat pairs.
std::pair<double, double> planimeter(const std::vector<std::pair<double, double>>& ring)
{
    QByteArray input;
    for (const auto& [lon, lat] : ring)
        input += QByteArray::number(lat, 'g', 17) + " " + QByteArray::number(lon, 'g', 17) + "\n";
    QProcess p;
    p.start("Planimeter", {"-p", "9"});
    p.write(input);
    p.closeWriteChannel();
    p.waitForFinished(-1);
    const QStringList out = QString::fromUtf8(p.readAllStandardOutput()).split(' ', Qt::SkipEmptyParts);
    if (out.size() < 3)
        return {NAN, NAN};
    return {std::fabs(out[2].toDouble()), out[1].toDouble()};
}

std::string ringWkt(const std::vector<std::pair<double, double>>& ring)
{
    std::string s = "POLYGON ((";
    for (const auto& [x, y] : ring)
        s += QString("%1 %2, ").arg(x, 0, 'g', 17).arg(y, 0, 'g', 17).toStdString();
    return s + QString("%1 %2))").arg(ring[0].first, 0, 'g', 17).arg(ring[0].second, 0, 'g', 17).toStdString();
}

double shoelace(const std::vector<std::pair<double, double>>& ring)
{
    double twice = 0;
    for (std::size_t i = 0; i < ring.size(); ++i) {
        const auto& a = ring[i];
        const auto& b = ring[(i + 1) % ring.size()];
        twice += a.first * b.second - b.first * a.second;
    }
    return std::fabs(twice) / 2;
}

/// Deterministic irregular rings: n points around a centre, radii varying.
std::vector<std::pair<double, double>> ring(double cx, double cy, double r, int n, int seed)
{
    std::vector<std::pair<double, double>> pts;
    for (int k = 0; k < n; ++k) {
        const double a = 2 * M_PI * k / n;
        const double rr = r * (0.6 + 0.4 * std::fabs(std::sin(seed * 1.7 + k * 2.3)));
        pts.emplace_back(cx + rr * std::cos(a), cy + rr * std::sin(a));
    }
    return pts;
}

const std::string kBowtie = "POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))";

} // namespace

class TestFieldCalculator : public QObject {
    Q_OBJECT

private slots:
    void registered()
    {
        const analysis::Algorithm* a = analysis::findAlgorithm("field-calculator");
        QVERIFY(a);
        QVERIFY(!a->info().titleAr.empty() && !a->info().descriptionAr.empty());
        for (const auto& p : a->info().parameters)
            QVERIFY2(!p.titleAr.empty() && !p.helpAr.empty() && !p.helpEn.empty(), p.name.c_str());
    }

    void geodesicAreaAgainstPlanimeter()
    {
        std::vector<std::vector<std::pair<double, double>>> rings;
        std::vector<std::string> wkts;
        for (int i = 0; i < 6; ++i) {
            rings.push_back(ring(57.0 + 0.2 * i, 22.5 + 0.1 * i, 0.02 + 0.03 * i, 7 + i, i));
            wkts.push_back(ringWkt(rings.back()));
        }
        const auto layer = makeLayer(wkts, GeometryType::Polygon, Crs::fromEpsg(4326));
        const auto area = analysis::run("field-calculator", {layer, nullptr}, {{"field", "area_m2"}, {"expression", "$area"}});
        const auto perimeter = analysis::run("field-calculator", {layer, nullptr}, {{"field", "p"}, {"expression", "$perimeter"}});
        const AttributeColumn& a = area.layer->attributes().column("area_m2");
        QCOMPARE(a.type(), FieldType::Real);
        for (std::size_t i = 0; i < rings.size(); ++i) {
            const auto [expectedArea, expectedPerimeter] = planimeter(rings[i]);
            QVERIFY2(std::fabs(a.real(i) - expectedArea) <= 1e-6 * expectedArea,
                qPrintable(QString("%1 against %2").arg(a.real(i), 0, 'g', 15).arg(expectedArea, 0, 'g', 15)));
            const double p = perimeter.layer->attributes().column("p").real(i);
            QVERIFY2(std::fabs(p - expectedPerimeter) <= 1e-6 * expectedPerimeter, qPrintable(QString::number(p)));
        }
    }

    void planarAreaAndLength()
    {
        std::vector<std::string> wkts;
        std::vector<double> areas;
        for (int i = 0; i < 5; ++i) {
            const auto r = ring(500000 + 1000 * i, 2500000, 300 + 50 * i, 9, i);
            wkts.push_back(ringWkt(r));
            areas.push_back(shoelace(r));
        }
        const auto layer = makeLayer(wkts, GeometryType::Polygon, Crs::fromEpsg(32640));
        const auto result = analysis::run("field-calculator", {layer, nullptr}, {{"field", "ha"}, {"expression", "$area / 10000"}});
        for (std::size_t i = 0; i < areas.size(); ++i)
            QVERIFY(std::fabs(result.layer->attributes().column("ha").real(i) - areas[i] / 10000) <= 1e-9 * areas[i] / 10000);
        const auto lines = makeLayer({"LINESTRING (0 0, 3 4, 3 10)", "LINESTRING (1 1, 2 2)"}, GeometryType::LineString,
            Crs::fromEpsg(32640));
        const auto length = analysis::run("field-calculator", {lines, nullptr}, {{"field", "len"}, {"expression", "$length"}});
        QCOMPARE(length.layer->attributes().column("len").real(0), 11.0);
        QVERIFY(std::fabs(length.layer->attributes().column("len").real(1) - std::sqrt(2.0)) < 1e-15);
    }

    void typesAndKeptData()
    {
        const auto layer = makeLayer({"POINT (1 2)", "", "POINT (5 6)"}, GeometryType::Point, Crs::fromEpsg(32640));
        // auto: an integer expression makes an integer field; other fields, ids and geometries are kept
        const auto doubled = analysis::run("field-calculator", {layer, nullptr}, {{"field", "twice"}, {"expression", "pop * 2 + 1"}});
        const Layer& out = *doubled.layer;
        QCOMPARE(out.size(), std::size_t(3));
        QCOMPARE(out.attributes().columnCount(), std::size_t(4));
        QCOMPARE(out.attributes().column("twice").type(), FieldType::Integer);
        for (std::size_t i = 0; i < 3; ++i) {
            QCOMPARE(out.attributes().column("twice").integer(i), 2 * layer->attributes().column("pop").integer(i) + 1);
            QCOMPARE(out.fid(i), layer->fid(i));
            QCOMPARE(out.geometries().isNull(i), layer->geometries().isNull(i));
            if (!layer->geometries().isNull(i))
                QVERIFY(toWkb(out.geometry(i)) == toWkb(layer->geometry(i)));
            QCOMPARE(out.attributes().column("name").toString(i), layer->attributes().column("name").toString(i));
        }
        // text
        const auto text = analysis::run("field-calculator", {layer, nullptr}, {{"field", "label"}, {"expression", "name || ':' || pop"}});
        QCOMPARE(text.layer->attributes().column("label").type(), FieldType::String);
        QCOMPARE(text.layer->attributes().column("label").toString(2), std::string("f2:2007"));
        // an existing field is updated in place and keeps its type (pop: integer, from a real, rounded)
        const auto updated = analysis::run("field-calculator", {layer, nullptr}, {{"field", "pop"}, {"expression", "pop / 2.0"}});
        QCOMPARE(updated.layer->attributes().columnCount(), std::size_t(3));
        QCOMPARE(updated.layer->attributes().column(0).name(), std::string("pop"));
        QCOMPARE(updated.layer->attributes().column("pop").type(), FieldType::Integer);
        QCOMPARE(updated.layer->attributes().column("pop").integer(1), std::int64_t(504)); // 1007 / 2 = 503.5 → 504
        // explicit types: real, date from text
        const auto real = analysis::run("field-calculator", {layer, nullptr}, {{"field", "r"}, {"expression", "pop"}, {"type", "real"}});
        QCOMPARE(real.layer->attributes().column("r").type(), FieldType::Real);
        QCOMPARE(real.layer->attributes().column("r").real(2), 2007.0);
        const auto date = analysis::run("field-calculator", {layer, nullptr}, {{"field", "d"}, {"expression", "\"when\""}, {"type", "date"}});
        QCOMPARE(date.layer->attributes().column("d").type(), FieldType::Date);
        QCOMPARE(date.layer->attributes().column("d").toString(1), std::string("2025-02-11"));
        // a value that cannot take the type names the feature
        try {
            (void)analysis::run("field-calculator", {layer, nullptr}, {{"field", "n"}, {"expression", "name"}, {"type", "integer"}});
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("layer \"parcels\", feature 501: the value \"f0\" is not an integer"), e.what());
        }
        try {
            (void)analysis::run("field-calculator", {layer, nullptr}, {{"field", "n"}, {"expression", "nme || 'x'"}});
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("field-calculator: --expression: unknown field \"nme\"")
                    && QString(e.what()).contains("did you mean \"name\"?"), e.what());
        }
    }

    void invalidGeometryWhenMeasuring()
    {
        const auto layer = makeLayer({"POLYGON ((0 0, 4 0, 4 4, 0 4, 0 0))", kBowtie}, GeometryType::Polygon, Crs::fromEpsg(32640));
        try {
            (void)analysis::run("field-calculator", {layer, nullptr}, {{"field", "a"}, {"expression", "$area"}});
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("layer \"parcels\", feature 502: Self-intersection"), e.what());
        }
        // an expression that does not measure geometries does not look at them
        QCOMPARE(analysis::run("field-calculator", {layer, nullptr}, {{"field", "a"}, {"expression", "pop"}}).layer->size(), std::size_t(2));
        analysis::RunOptions skip;
        skip.invalid = analysis::InvalidPolicy::Skip;
        const auto skipped = analysis::run("field-calculator", {layer, nullptr}, {{"field", "a"}, {"expression", "$area"}}, skip);
        QCOMPARE(skipped.layer->size(), std::size_t(2));
        QCOMPARE(skipped.layer->attributes().column("a").real(0), 16.0);
        QVERIFY(skipped.layer->attributes().column("a").isNull(1));
        QCOMPARE(skipped.invalid.size(), std::size_t(1));
        analysis::RunOptions repair;
        repair.invalid = analysis::InvalidPolicy::Repair;
        const auto repaired = analysis::run("field-calculator", {layer, nullptr}, {{"field", "a"}, {"expression", "$area"}}, repair);
        QCOMPARE(repaired.layer->attributes().column("a").real(1), 50.0); // the two triangles of the bow-tie
        QVERIFY(repaired.invalid[0].repaired);
        QVERIFY(toWkb(repaired.layer->geometry(1)) == toWkb(layer->geometry(1))); // the output keeps the input's geometry
    }

    void sameOnOneThreadAndOnAllAndCancel()
    {
        std::vector<std::string> wkts;
        for (int i = 0; i < 5000; ++i)
            wkts.push_back(ringWkt(ring(57 + (i % 70) * 0.01, 22 + (i / 70) * 0.01, 0.004, 6, i)));
        const auto layer = makeLayer(wkts, GeometryType::Polygon, Crs::fromEpsg(4326));
        analysis::RunOptions one;
        one.threads = 1;
        const auto a = analysis::run("field-calculator", {layer, nullptr}, {{"field", "x"}, {"expression", "$area + pop"}}, one);
        const auto b = analysis::run("field-calculator", {layer, nullptr}, {{"field", "x"}, {"expression", "$area + pop"}});
        for (std::size_t i = 0; i < layer->size(); ++i)
            QCOMPARE(a.layer->attributes().column("x").real(i), b.layer->attributes().column("x").real(i));
        analysis::RunOptions cancelled;
        cancelled.feedback.progress = [&](double) { cancelled.feedback.cancel.cancel(); };
        try {
            (void)analysis::run("field-calculator", {layer, nullptr}, {{"field", "x"}, {"expression", "$area"}}, cancelled);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Cancelled);
        }
    }
};

QTEST_GUILESS_MAIN(TestFieldCalculator)
#include "tst_fieldcalculator.moc"
