// gis::select (QuerySpec) and the join table (groupJoinTotals, joinTotalsLayer) against brute force: every
// row of a generated layer tested by hand with plain math, for random combinations of conditions.

#include <QtTest>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "gis/core/error.h"
#include "gis/crs/transformer.h"
#include "gis/data/layer.h"
#include "gis/geom/wkt.h"
#include "gis/query/select.h"
#include "gis/query/spatialjoin.h"
#include "gis/query/spatialquery.h"

using namespace gis;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// One generated row as the oracle sees it: nothing, a point or an axis-aligned rectangle, on a 10 m lattice
/// so that points fall on edges and rectangles share edges (the boundary cases of every predicate).
struct Row {
    enum class Kind { Null, Point, Rect } kind = Kind::Null;
    Box box; // the point (a degenerate box) or the rectangle
    std::optional<std::int64_t> score;
    std::string tag;
};

std::string num(double v)
{
    return QByteArray::number(v, 'g', 17).toStdString();
}

/// "z<k>": a text key (built with append, as GCC 12 warns falsely about "z" + std::to_string()).
std::string textKey(int k)
{
    std::string s = "z";
    s += std::to_string(k);
    return s;
}

std::string rectWkt(const Box& b)
{
    return "POLYGON ((" + num(b.minX) + " " + num(b.minY) + ", " + num(b.maxX) + " " + num(b.minY) + ", " + num(b.maxX)
        + " " + num(b.maxY) + ", " + num(b.minX) + " " + num(b.maxY) + ", " + num(b.minX) + " " + num(b.minY) + "))";
}

/// Coordinates are lattice units times this: metres on a planar layer; 0.01 keeps a lon/lat layer within
/// about 10 degrees. Distances in the oracle are planar lattice units.
double g_scale = 1;

double lattice(std::mt19937& rng, int from, int to)
{
    return 10.0 * g_scale * std::uniform_int_distribution<int>(from, to)(rng);
}

Box randomRect(std::mt19937& rng, int minSide, int maxSide)
{
    const double x = lattice(rng, 0, 100), y = lattice(rng, 0, 100);
    return Box(x, y, x + lattice(rng, minSide, maxSide), y + lattice(rng, minSide, maxSide));
}

struct Generated {
    std::vector<Row> rows;
    std::shared_ptr<const Layer> layer;
};

/// `n` rows, about 80 % points and 15 % rectangles, the rest null; score null now and then.
Generated generate(std::size_t n, std::uint32_t seed, const Crs& crs, bool pointsOnly = false)
{
    std::mt19937 rng(seed);
    Generated g;
    GeometryColumn geometries;
    AttributeTable table;
    table.addColumn("score", FieldType::Integer);
    table.addColumn("tag", FieldType::String);
    // References only once both are added: adding one may move the others.
    AttributeColumn& scoreColumn = table.column(0);
    AttributeColumn& tagColumn = table.column(1);
    for (std::size_t i = 0; i < n; ++i) {
        Row r;
        const int pick = std::uniform_int_distribution<int>(0, 99)(rng);
        if (pointsOnly || pick < 80) {
            r.kind = Row::Kind::Point;
            const double x = lattice(rng, 0, 100), y = lattice(rng, 0, 100);
            r.box = Box(x, y, x, y);
            geometries.appendPoint(x, y);
        } else if (pick < 95) {
            r.kind = Row::Kind::Rect;
            r.box = randomRect(rng, 1, 6);
            appendWkt(geometries, rectWkt(r.box));
        } else {
            geometries.appendNull();
        }
        if (std::uniform_int_distribution<int>(0, 9)(rng) > 0)
            r.score = std::uniform_int_distribution<int>(0, 99)(rng);
        r.tag = std::string(1, static_cast<char>('a' + std::uniform_int_distribution<int>(0, 2)(rng)));
        r.score ? scoreColumn.appendInteger(*r.score) : scoreColumn.appendNull();
        tagColumn.appendString(r.tag);
        g.rows.push_back(r);
    }
    g.layer = std::make_shared<Layer>("generated", crs, pointsOnly ? GeometryType::Point : GeometryType::Unknown,
        std::move(geometries), std::move(table));
    return g;
}

// --- the oracle: each condition by hand --------------------------------------------------------------------

bool closedOverlap(const Box& a, const Box& b)
{
    return a.minX <= b.maxX && b.minX <= a.maxX && a.minY <= b.maxY && b.minY <= a.maxY;
}

bool inside(const Box& inner, const Box& outer) // closed containment
{
    return outer.minX <= inner.minX && inner.maxX <= outer.maxX && outer.minY <= inner.minY && inner.maxY <= outer.maxY;
}

/// "row PREDICATE query" for a non-degenerate query rectangle q.
bool predicateHolds(const Row& r, SpatialPredicate p, const Box& q)
{
    if (r.kind == Row::Kind::Null)
        return false;
    switch (p) {
    case SpatialPredicate::Intersects: return closedOverlap(r.box, q);
    case SpatialPredicate::Within:
        if (r.kind == Row::Kind::Point) // a point on the boundary is not within
            return q.minX < r.box.minX && r.box.minX < q.maxX && q.minY < r.box.minY && r.box.minY < q.maxY;
        return inside(r.box, q);
    case SpatialPredicate::Contains: return r.kind == Row::Kind::Rect && inside(q, r.box);
    default: break;
    }
    qFatal("predicate not in the oracle");
    return false;
}

/// Planar distance from a point to the row (0 inside a rectangle); infinity for a null row.
double distanceTo(const Row& r, Coord p)
{
    if (r.kind == Row::Kind::Null)
        return kInf;
    const double dx = std::max({0.0, r.box.minX - p.x, p.x - r.box.maxX});
    const double dy = std::max({0.0, r.box.minY - p.y, p.y - r.box.maxY});
    return std::sqrt(dx * dx + dy * dy);
}

bool whereHolds(const Row& r, int which)
{
    switch (which) {
    case 0: return r.score && *r.score < 50;
    case 1: return r.tag == "b";
    default: return r.score && *r.score >= 30 && r.tag != "a";
    }
}

const char* kWhere[] = {"score < 50", "tag = 'b'", "score >= 30 AND tag <> 'a'"};

/// A random spec over the lattice, and what each of its parts asks (for the oracle).
struct Case {
    QuerySpec spec;
    std::optional<Box> bbox;
    std::optional<std::pair<SpatialPredicate, Box>> predicate;
    std::optional<std::pair<Coord, double>> distance;
    std::optional<int> where;
    std::string text; // for failure messages
};

Case randomCase(std::mt19937& rng)
{
    Case c;
    auto coin = [&] { return std::uniform_int_distribution<int>(0, 1)(rng) == 1; };
    if (coin()) {
        c.bbox = randomRect(rng, 5, 50);
        c.spec.bbox = QuerySpec::BoxFilter{*c.bbox, {}};
        c.text += " bbox";
    }
    if (coin()) {
        const auto p = std::array{SpatialPredicate::Intersects, SpatialPredicate::Within,
            SpatialPredicate::Contains}[std::uniform_int_distribution<int>(0, 2)(rng)];
        // Contains needs a query small enough to fit in the rows' rectangles.
        const Box q = p == SpatialPredicate::Contains ? randomRect(rng, 1, 2) : randomRect(rng, 5, 50);
        c.predicate = {p, q};
        c.spec.predicates.push_back({p, geometryFromWkt(rectWkt(q)), {}});
        c.text += " " + std::string(spatialPredicateName(p));
    }
    if (coin()) {
        const Coord p{lattice(rng, 0, 100), lattice(rng, 0, 100)};
        // Off the lattice by 5 m: no row lies at exactly the distance, where GEOS's rounding may differ from
        // the oracle's sqrt by an ulp (tst_spatialquery covers touching at the distance).
        const double d = lattice(rng, 0, 20) + 5 * g_scale;
        c.distance = {p, d};
        c.spec.withinDistance = QuerySpec::DistanceFilter{geometryFromWkt("POINT (" + num(p.x) + " " + num(p.y) + ")"), d, {}};
        c.text += " dwithin " + num(d);
    }
    if (coin()) {
        c.where = std::uniform_int_distribution<int>(0, 2)(rng);
        c.spec.where = kWhere[*c.where];
        c.text += std::string(" where ") + kWhere[*c.where];
    }
    return c;
}

bool oracleKeeps(const Case& c, const Row& r)
{
    if (c.bbox && !(r.kind != Row::Kind::Null && closedOverlap(r.box, *c.bbox)))
        return false;
    if (c.predicate && !predicateHolds(r, c.predicate->first, c.predicate->second))
        return false;
    if (c.distance && !(distanceTo(r, c.distance->first) <= c.distance->second))
        return false;
    if (c.where && !whereHolds(r, *c.where))
        return false;
    return true;
}

std::vector<std::uint32_t> allRowsOf(const Selection& s, std::size_t size)
{
    if (!s.allRows)
        return s.rows;
    std::vector<std::uint32_t> rows(size);
    for (std::size_t i = 0; i < size; ++i)
        rows[i] = static_cast<std::uint32_t>(i);
    return rows;
}

/// The way gis query found "nearest among the selected rows" before select(): rank every row, keep the
/// selected ones, stop at k.
std::vector<std::pair<std::uint32_t, double>> nearestByRankingAll(const Layer& layer, Coord p, std::size_t k,
    const std::optional<std::vector<std::uint32_t>>& rows)
{
    std::vector<std::pair<std::uint32_t, double>> out;
    for (const auto& found : nearest(layer, p, rows ? layer.size() : k)) {
        if (rows && !std::binary_search(rows->begin(), rows->end(), found.first))
            continue;
        out.push_back(found);
        if (out.size() == k)
            break;
    }
    return out;
}

} // namespace

class TestSelect : public QObject {
    Q_OBJECT

private slots:
    void emptySpecSelectsEveryRow();
    void filtersMatchBruteForce();
    void nearestAmongFilteredMatchesBruteForce();
    void nearestAmongFilteredIsTheRankingOfAllRows_data();
    void nearestAmongFilteredIsTheRankingOfAllRows();
    void offsetAndLimit();
    void conditionInAnotherCrs();
    void errors();
    void joinTotalsMatchBruteForce_data();
    void joinTotalsMatchBruteForce();
    void joinTotalsLayerRows();
};

void TestSelect::emptySpecSelectsEveryRow()
{
    const Generated g = generate(50, 1, Crs::fromEpsg(32640));
    const Selection s = select(*g.layer, QuerySpec{});
    QVERIFY(s.allRows);
    QVERIFY(s.rows.empty());
    QCOMPARE(s.size(g.layer->size()), g.layer->size());
    QVERIFY(!QuerySpec{}.filters());
}

void TestSelect::filtersMatchBruteForce()
{
    const Generated g = generate(3000, 7, Crs::fromEpsg(32640));
    std::mt19937 rng(11);
    int nonTrivial = 0;
    for (int trial = 0; trial < 400; ++trial) {
        const Case c = randomCase(rng);
        std::vector<std::uint32_t> expected;
        for (std::size_t i = 0; i < g.rows.size(); ++i)
            if (oracleKeeps(c, g.rows[i]))
                expected.push_back(static_cast<std::uint32_t>(i));
        const Selection s = select(*g.layer, c.spec);
        QVERIFY2(s.distances.empty(), c.text.c_str());
        QCOMPARE(s.allRows, !c.spec.filters());
        const auto got = allRowsOf(s, g.layer->size());
        if (got != expected)
            QFAIL(("trial " + std::to_string(trial) + ":" + c.text + ": " + std::to_string(got.size()) + " rows, oracle "
                + std::to_string(expected.size())).c_str());
        nonTrivial += !expected.empty() && expected.size() < g.rows.size();
    }
    QVERIFY(nonTrivial > 100); // the cases select something, not nothing or everything
}

void TestSelect::nearestAmongFilteredMatchesBruteForce()
{
    // Points only: point-to-point distances are one sqrt in both, so ties (many, on the lattice) are broken by
    // row in both and the answers must be equal exactly.
    const Generated g = generate(2000, 5, Crs::fromEpsg(32640), /*pointsOnly=*/true);
    std::mt19937 rng(13);
    for (int trial = 0; trial < 300; ++trial) {
        Case c = randomCase(rng);
        const Coord p{lattice(rng, -10, 110), lattice(rng, -10, 110)};
        const std::size_t k = std::uniform_int_distribution<std::size_t>(1, 40)(rng);
        c.spec.nearest = QuerySpec::NearestFilter{p, k, {}};
        std::vector<std::pair<double, std::uint32_t>> ranked;
        for (std::size_t i = 0; i < g.rows.size(); ++i)
            if (oracleKeeps(c, g.rows[i]))
                ranked.push_back({distanceTo(g.rows[i], p), static_cast<std::uint32_t>(i)});
        std::sort(ranked.begin(), ranked.end());
        ranked.resize(std::min(ranked.size(), k));

        const Selection s = select(*g.layer, c.spec);
        QVERIFY(!s.allRows);
        QCOMPARE(s.distances.size(), s.rows.size());
        QVERIFY2(s.rows.size() == ranked.size(), (std::to_string(trial) + c.text).c_str());
        for (std::size_t i = 0; i < ranked.size(); ++i) {
            QVERIFY2(s.rows[i] == ranked[i].second, (std::to_string(trial) + c.text + " at " + std::to_string(i)).c_str());
            QCOMPARE(s.distances[i], ranked[i].first);
        }
    }
}

void TestSelect::nearestAmongFilteredIsTheRankingOfAllRows_data()
{
    QTest::addColumn<bool>("geographic");
    QTest::newRow("planar, points and rectangles") << false;
    QTest::newRow("lon/lat, geodesic metres") << true;
}

void TestSelect::nearestAmongFilteredIsTheRankingOfAllRows()
{
    // Rows of any kind: the answer is exactly what ranking all N rows and keeping the selected ones gave
    // (the way gis query answered before), row for row and distance for distance.
    QFETCH(bool, geographic);
    g_scale = geographic ? 0.01 : 1;
    const Generated g = generate(2500, 3, geographic ? Crs::fromEpsg(4326) : Crs::fromEpsg(32640));
    std::mt19937 rng(17);
    for (int trial = 0; trial < 150; ++trial) {
        Case c = randomCase(rng);
        if (geographic)
            c.spec.withinDistance.reset(); // the oracle's distances are planar; here only the ranking is compared
        QuerySpec filters = c.spec;
        const Coord p{lattice(rng, 0, 100), lattice(rng, 0, 100)};
        const std::size_t k = std::uniform_int_distribution<std::size_t>(1, 60)(rng);
        c.spec.nearest = QuerySpec::NearestFilter{p, k, {}};
        std::optional<std::vector<std::uint32_t>> rows;
        if (filters.filters())
            rows = select(*g.layer, filters).rows;
        const auto expected = nearestByRankingAll(*g.layer, p, k, rows);
        const Selection s = select(*g.layer, c.spec);
        QCOMPARE(s.rows.size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(s.rows[i], expected[i].first);
            QCOMPARE(s.distances[i], expected[i].second);
        }
    }
    g_scale = 1;
}

void TestSelect::offsetAndLimit()
{
    const Generated g = generate(200, 9, Crs::fromEpsg(32640));
    QuerySpec spec;
    spec.where = "score < 50";
    const auto all = select(*g.layer, spec).rows;
    QVERIFY(all.size() > 20);
    spec.offset = 5;
    spec.limit = 10;
    QCOMPARE(select(*g.layer, spec).rows, std::vector<std::uint32_t>(all.begin() + 5, all.begin() + 15));
    spec.offset = all.size() + 3;
    QVERIFY(select(*g.layer, spec).rows.empty());

    // Without conditions the window is over every row.
    QuerySpec window;
    window.offset = 190;
    const Selection tail = select(*g.layer, window);
    QVERIFY(!tail.allRows);
    QCOMPARE(tail.rows.size(), std::size_t(10));
    QCOMPARE(tail.rows.front(), 190u);

    // Nearest: the window is over the nearest order, distances alongside.
    QuerySpec near;
    near.nearest = QuerySpec::NearestFilter{{500, 500}, 8, {}};
    const Selection first = select(*g.layer, near);
    near.offset = 2;
    near.limit = 3;
    const Selection mid = select(*g.layer, near);
    QCOMPARE(mid.rows, std::vector<std::uint32_t>(first.rows.begin() + 2, first.rows.begin() + 5));
    QCOMPARE(mid.distances, std::vector<double>(first.distances.begin() + 2, first.distances.begin() + 5));
}

void TestSelect::conditionInAnotherCrs()
{
    // A box and a point given in lon/lat select from a UTM layer what they select once reprojected by hand.
    const Generated g = generate(1500, 21, Crs::fromEpsg(32640));
    const Crs wgs84 = Crs::fromEpsg(4326);
    const Transformer toLonLat(Crs::fromEpsg(32640), wgs84);
    const Transformer toUtm(wgs84, Crs::fromEpsg(32640));
    const Box lonLat = toLonLat.transformBox(Box(200, 200, 700, 600));

    QuerySpec given;
    given.bbox = QuerySpec::BoxFilter{lonLat, wgs84};
    given.nearest = QuerySpec::NearestFilter{toLonLat.transform(Coord{450, 450}), 12, wgs84};
    QuerySpec byHand;
    byHand.bbox = QuerySpec::BoxFilter{toUtm.transformBox(lonLat), {}};
    byHand.nearest = QuerySpec::NearestFilter{toUtm.transform(toLonLat.transform(Coord{450, 450})), 12, {}};
    const Selection a = select(*g.layer, given);
    QVERIFY(!a.rows.empty());
    QCOMPARE(a.rows, select(*g.layer, byHand).rows);

    // The layer's own CRS named explicitly is no reprojection.
    QuerySpec same;
    same.bbox = QuerySpec::BoxFilter{Box(200, 200, 700, 600), Crs::fromEpsg(32640)};
    QuerySpec none;
    none.bbox = QuerySpec::BoxFilter{Box(200, 200, 700, 600), {}};
    QCOMPARE(select(*g.layer, same).rows, select(*g.layer, none).rows);
}

void TestSelect::errors()
{
    const Generated g = generate(100, 2, Crs::fromEpsg(32640));
    auto code = [&](const QuerySpec& spec) {
        try {
            select(*g.layer, spec);
        } catch (const Error& e) {
            return e.code();
        }
        return ErrorCode::Io; // "no error" for the comparisons below
    };
    QuerySpec where;
    where.where = "nonexistent = 1";
    QCOMPARE(code(where), ErrorCode::Query);
    QuerySpec distance;
    distance.withinDistance = QuerySpec::DistanceFilter{geometryFromWkt("POINT (1 1)"), -1, {}};
    QCOMPARE(code(distance), ErrorCode::Argument);
    QuerySpec nanPoint;
    nanPoint.nearest = QuerySpec::NearestFilter{{std::nan(""), 0}, 1, {}};
    QCOMPARE(code(nanPoint), ErrorCode::Geometry);
    QuerySpec nullGeometry;
    nullGeometry.predicates.push_back({SpatialPredicate::Intersects, Geometry(), {}});
    QCOMPARE(code(nullGeometry), ErrorCode::Geometry);

    CancellationToken cancel;
    cancel.cancel();
    QuerySpec box;
    box.bbox = QuerySpec::BoxFilter{Box(0, 0, 100, 100), {}};
    QVERIFY_THROWS_EXCEPTION(Error, select(*g.layer, box, cancel));
}

void TestSelect::joinTotalsMatchBruteForce_data()
{
    QTest::addColumn<bool>("numericKey");
    QTest::addColumn<bool>("within");
    QTest::addColumn<bool>("includeEmpty");
    QTest::newRow("text key, within") << false << true << false;
    QTest::newRow("text key, intersects, all") << false << false << true;
    QTest::newRow("numeric key, within, all") << true << true << true;
    QTest::newRow("numeric key, intersects") << true << false << false;
}

void TestSelect::joinTotalsMatchBruteForce()
{
    QFETCH(bool, numericKey);
    QFETCH(bool, within);
    QFETCH(bool, includeEmpty);
    std::mt19937 rng(23);
    // Polygons: lattice rectangles, some overlapping, keyed by a few repeated values (one null).
    std::vector<Box> polys;
    std::vector<std::optional<int>> keys;
    GeometryColumn polyGeometries;
    AttributeTable polyTable;
    AttributeColumn& key = polyTable.addColumn("zone", numericKey ? FieldType::Integer : FieldType::String);
    for (int i = 0; i < 60; ++i) {
        polys.push_back(randomRect(rng, 2, 15));
        appendWkt(polyGeometries, rectWkt(polys.back()));
        std::optional<int> k;
        if (i != 17)
            k = std::uniform_int_distribution<int>(0, 11)(rng) * (numericKey ? 5 : 1);
        keys.push_back(k);
        if (!k)
            key.appendNull();
        else if (numericKey)
            key.appendInteger(*k);
        else
            key.appendString(textKey(*k));
    }
    const Layer polygons("zones", Crs::fromEpsg(32640), GeometryType::Polygon, std::move(polyGeometries),
        std::move(polyTable));
    // Points on the lattice (so on edges too) with whole values (exact sums), some null.
    std::vector<Coord> pts;
    std::vector<std::optional<double>> values;
    GeometryColumn ptGeometries;
    AttributeTable ptTable;
    AttributeColumn& value = ptTable.addColumn("value", FieldType::Real);
    for (int i = 0; i < 4000; ++i) {
        pts.push_back({lattice(rng, 0, 100), lattice(rng, 0, 100)});
        ptGeometries.appendPoint(pts.back().x, pts.back().y);
        std::optional<double> v;
        if (i % 7 != 0)
            v = std::uniform_int_distribution<int>(-50, 200)(rng);
        values.push_back(v);
        v ? value.appendReal(*v) : value.appendNull();
    }
    const Layer points("points", Crs::fromEpsg(32640), GeometryType::Point, std::move(ptGeometries), std::move(ptTable));

    const auto perPolygon = aggregatePerPolygon(points, polygons,
        within ? JoinPredicate::Within : JoinPredicate::Intersects, "value");
    const auto groups = groupJoinTotals(polygons, "zone", perPolygon, includeEmpty);

    // Brute force: every point against every polygon, summed per key.
    struct Totals {
        std::uint64_t count = 0, valueCount = 0, polygons = 0;
        double sum = 0;
    };
    std::map<std::pair<int, std::string>, Totals> expected; // (numeric order, text) as the table sorts
    for (std::size_t p = 0; p < polys.size(); ++p) {
        Totals t;
        for (std::size_t i = 0; i < pts.size(); ++i) {
            const Box& b = polys[p];
            const Coord c = pts[i];
            const bool hit = within ? (b.minX < c.x && c.x < b.maxX && b.minY < c.y && c.y < b.maxY)
                                    : (b.minX <= c.x && c.x <= b.maxX && b.minY <= c.y && c.y <= b.maxY);
            if (!hit)
                continue;
            ++t.count;
            if (values[i]) {
                ++t.valueCount;
                t.sum += *values[i];
            }
        }
        if (t.count == 0 && !includeEmpty)
            continue;
        const std::string text = keys[p] ? (numericKey ? std::to_string(*keys[p]) : textKey(*keys[p])) : "";
        // Null keys sort as text "" (before any other text; against numbers by text as well).
        Totals& e = expected[{numericKey && keys[p] ? *keys[p] : -1, numericKey ? "" : text}];
        e.count += t.count;
        e.valueCount += t.valueCount;
        e.sum += t.sum;
    }
    QCOMPARE(groups.size(), expected.size());
    std::size_t i = 0;
    for (const auto& [k, e] : expected) {
        const std::string text = numericKey ? (k.first < 0 ? "" : std::to_string(k.first)) : k.second;
        QCOMPARE(groups[i].key, text);
        QCOMPARE(groups[i].count, e.count);
        QCOMPARE(groups[i].valueCount, e.valueCount);
        QCOMPARE(groups[i].sum, e.sum);
        ++i;
    }
    QVERIFY_THROWS_EXCEPTION(Error, groupJoinTotals(polygons, "nonexistent", perPolygon));
}

void TestSelect::joinTotalsLayerRows()
{
    // The polygons-with-counts layer: rows of matched polygons sorted by key (ties in polygon order), their
    // geometries and ids, the key's type kept, the sum null where no value was summed.
    GeometryColumn polyGeometries;
    AttributeTable polyTable;
    AttributeColumn& key = polyTable.addColumn("zone", FieldType::String);
    const std::vector<std::string> names{"b", "a", "b", "c"};
    for (std::size_t i = 0; i < names.size(); ++i) {
        appendWkt(polyGeometries, rectWkt(Box(10.0 * i, 0, 10.0 * i + 10, 10)));
        key.appendString(names[i]);
    }
    const Layer polygons("zones", Crs::fromEpsg(32640), GeometryType::Polygon, std::move(polyGeometries),
        std::move(polyTable), {100, 101, 102, 103});
    std::vector<PolygonAggregate> totals(4);
    totals[0] = {2, 1, 5, 5, 5};
    totals[1] = {1, 0, 0, 0, 0};
    totals[2] = {3, 3, 9, 1, 4};
    // totals[3]: nothing matched

    const Layer matched = joinTotalsLayer(polygons, "zone", "value", totals);
    QCOMPARE(matched.size(), std::size_t(3));
    QCOMPARE(matched.attributes().columnCount(), std::size_t(3));
    QCOMPARE(matched.attributes().column(0).type(), FieldType::String);
    QCOMPARE(matched.attributes().indexOf("sum_value"), 2);
    QCOMPARE(matched.fid(0), std::int64_t(101)); // "a"
    QCOMPARE(matched.fid(1), std::int64_t(100)); // "b", first in polygon order
    QCOMPARE(matched.fid(2), std::int64_t(102));
    QCOMPARE(matched.attributes().column(1).integer(1), std::int64_t(2));
    QVERIFY(matched.attributes().column(2).isNull(0));
    QCOMPARE(matched.attributes().column(2).real(2), 9.0);
    QCOMPARE(toWkt(matched.geometry(0)), toWkt(polygons.geometry(1)));

    const Layer all = joinTotalsLayer(polygons, "zone", "", totals, /*includeEmpty=*/true);
    QCOMPARE(all.size(), std::size_t(4));
    QCOMPARE(all.attributes().columnCount(), std::size_t(2));
    QCOMPARE(all.fid(3), std::int64_t(103));
    QCOMPARE(all.attributes().column(1).integer(3), std::int64_t(0));
}

QTEST_GUILESS_MAIN(TestSelect)
#include "tst_select.moc"
