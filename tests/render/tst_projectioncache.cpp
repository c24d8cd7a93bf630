// The render's reprojection cache (white-box: projectioncache.h): what it hands out equals gis::Transformer applied
// directly (the oracle), also for a layer whose coordinates are all but a few those of the layer transformed just
// before (the vertex-drag case, where only the changed coordinates are transformed again), and for a layer of the
// same size whose coordinates all differ.

#include <QtTest>

#include <cstring>
#include <memory>
#include <random>

#include "gis/crs/transformer.h"
#include "gis/data/layer.h"
#include "projectioncache.h"

using namespace gis;

namespace {

std::shared_ptr<const Layer> ringLayer(const std::vector<Coord>& ring)
{
    GeometryColumn g;
    g.beginGeometry(GeometryType::Polygon);
    g.beginPart(GeometryType::Polygon);
    g.beginRing();
    for (const Coord& c : ring)
        g.addCoord(c.x, c.y);
    g.endGeometry();
    AttributeTable a;
    a.setRowCount(1);
    return std::make_shared<const Layer>("ring", Crs::fromEpsg(4326), GeometryType::Polygon, std::move(g), std::move(a));
}

std::vector<Coord> circle(std::size_t n, double radius)
{
    std::vector<Coord> ring;
    for (std::size_t i = 0; i < n; ++i) {
        const double t = 2 * M_PI * static_cast<double>(i) / static_cast<double>(n);
        ring.push_back({57.5 + radius * std::cos(t), 22.9 + radius * std::sin(t)});
    }
    ring.push_back(ring.front());
    return ring;
}

/// Every coordinate of the cache's column equals the oracle's transform of the layer's, bit for bit.
QString mismatch(const std::shared_ptr<const Layer>& layer, const Crs& to)
{
    const auto cached = detail::geometriesInCrs(layer, to);
    std::vector<Coord> expected(layer->geometries().coords(), layer->geometries().coords() + layer->geometries().coordCount());
    Transformer(layer->crs(), to).transform(expected.data(), expected.size());
    if (cached->coordCount() != expected.size())
        return "coordinate count differs";
    for (std::size_t i = 0; i < expected.size(); ++i)
        if (std::memcmp(&cached->coords()[i], &expected[i], sizeof(Coord)) != 0)
            return QString("coordinate %1 differs").arg(i);
    return {};
}

} // namespace

class TestProjectionCache : public QObject {
    Q_OBJECT

private slots:
    void equalsTheTransformerWhileAVertexMoves()
    {
        const Crs utm = Crs::fromEpsg(32640);
        std::vector<Coord> ring = circle(20000, 0.3);
        QCOMPARE(mismatch(ringLayer(ring), utm), QString());
        std::mt19937 rng(7);
        std::uniform_int_distribution<std::size_t> vertex(1, ring.size() - 2);
        for (int frame = 0; frame < 20; ++frame) {
            const std::size_t v = vertex(rng);
            ring[v].x += 1e-4; // one vertex dragged a little: a new layer, the same size
            QCOMPARE(mismatch(ringLayer(ring), utm), QString());
        }
        // Every coordinate different, the same count: transformed whole.
        QCOMPARE(mismatch(ringLayer(circle(20000, 0.2)), utm), QString());
        // Another count, another CRS pair.
        QCOMPARE(mismatch(ringLayer(circle(999, 0.25)), utm), QString());
        QCOMPARE(mismatch(ringLayer(circle(999, 0.25)), Crs::fromEpsg(3857)), QString());
    }

    void threadTransformerIsReused()
    {
        std::optional<Transformer> scratch;
        const Transformer& a = detail::threadTransformer(Crs::fromEpsg(4326), Crs::fromEpsg(32640), scratch);
        const Transformer& b = detail::threadTransformer(Crs::fromEpsg(4326), Crs::fromEpsg(32640), scratch);
        QCOMPARE(&a, &b);
        QVERIFY(!scratch);
        const Coord c = a.transform(Coord{57.5, 22.9});
        const Coord d = Transformer(Crs::fromEpsg(4326), Crs::fromEpsg(32640)).transform(Coord{57.5, 22.9});
        QCOMPARE(c.x, d.x);
        QCOMPARE(c.y, d.y);
    }
};

QTEST_GUILESS_MAIN(TestProjectionCache)
#include "tst_projectioncache.moc"
