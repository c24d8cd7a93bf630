// The pole of inaccessibility (where a polygon's label goes) against brute force: QPolygonF::containsPoint for
// inside, the distance to every edge measured here with QLineF, on a fine grid over the polygon. And its work stays
// bounded whatever the shape: a sliver that clipping to the image leaves along an edge (2.5e-14 x 598 px, seen in a
// WMS GetMap of the governorates) once made it lay out 1e10 cells, 20 GB, and never return.

#include <QLineF>
#include <QPolygonF>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>

#include "label/polylabel.h"

using gis::detail::kMaxPoleCells;
using gis::detail::kMaxPoleSegmentTests;
using gis::detail::Pole;
using gis::detail::poleOfInaccessibility;

namespace {

double edgeDistance(const QPointF& p, const QPolygonF& ring)
{
    double best = std::numeric_limits<double>::infinity();
    for (qsizetype i = 0; i < ring.size(); ++i) {
        const QLineF edge(ring[i], ring[(i + 1) % ring.size()]);
        const QPointF d = edge.p2() - edge.p1();
        const double len2 = QPointF::dotProduct(d, d);
        const double t = len2 == 0 ? 0 : std::clamp(QPointF::dotProduct(p - edge.p1(), d) / len2, 0.0, 1.0);
        best = std::min(best, QLineF(p, edge.p1() + d * t).length());
    }
    return best;
}

bool inside(const QPointF& p, const QPolygonF& ring)
{
    QPolygonF closed = ring;
    closed << ring.front();
    return closed.containsPoint(p, Qt::OddEvenFill);
}

/// The largest distance to the boundary of any grid point inside the ring (steps x steps over its box).
double bruteForceBest(const QPolygonF& ring, int steps)
{
    const QRectF box = ring.boundingRect();
    double best = 0;
    for (int i = 0; i <= steps; ++i)
        for (int j = 0; j <= steps; ++j) {
            const QPointF p(box.left() + box.width() * i / steps, box.top() + box.height() * j / steps);
            if (inside(p, ring))
                best = std::max(best, edgeDistance(p, ring));
        }
    return best;
}

} // namespace

class TestPolylabel : public QObject {
    Q_OBJECT

private slots:
    void poleMatchesBruteForce_data()
    {
        QTest::addColumn<QPolygonF>("ring");
        QTest::newRow("square") << QPolygonF({{0, 0}, {400, 0}, {400, 400}, {0, 400}});
        QTest::newRow("U") << QPolygonF({{50, 40}, {350, 40}, {350, 260}, {270, 260}, {270, 100}, {130, 100}, {130, 260}, {50, 260}});
        QTest::newRow("long and thin") << QPolygonF({{0, 0}, {20000, 0}, {20000, 12}, {0, 12}});
        QTest::newRow("far from the origin") << QPolygonF({{1e9, 1e9}, {1e9 + 300, 1e9}, {1e9 + 300, 1e9 + 200}, {1e9, 1e9 + 200}});
        QTest::newRow("diagonal strip") << QPolygonF({{0, 0}, {5, 0}, {3000, 2995}, {3000, 3000}, {2995, 3000}, {0, 5}});
    }

    void poleMatchesBruteForce()
    {
        QFETCH(QPolygonF, ring);
        const Pole pole = poleOfInaccessibility({ring}, 1.0);
        QVERIFY(inside(pole.point, ring));
        QVERIFY(std::abs(pole.distance - edgeDistance(pole.point, ring)) < 1e-6 * std::max(1.0, pole.distance));
        // No grid point is farther from the edges than the pole by more than the precision and the grid's own error
        // (half a grid diagonal).
        const int steps = 400;
        const QRectF box = ring.boundingRect();
        const double gridError = std::hypot(box.width(), box.height()) / steps / 2;
        const double brute = bruteForceBest(ring, steps);
        QVERIFY2(pole.distance >= brute - 1.0 - gridError,
            qPrintable(QString("pole %1, brute force %2").arg(pole.distance).arg(brute)));
        QVERIFY(pole.cells <= kMaxPoleCells);
    }

    void slivers_data()
    {
        QTest::addColumn<QPolygonF>("ring");
        // What clipping a governorate just beside the map to the image left: 2.5e-14 px wide, 598 px tall.
        QTest::newRow("clipped edge") << QPolygonF({{1, 1}, {1 + 2.4868995751603507e-14, 1}, {1 + 2.4868995751603507e-14, 599}, {1, 599}});
        QTest::newRow("lying") << QPolygonF({{1, 1}, {799, 1}, {799, 1 + 1e-12}, {1, 1 + 1e-12}});
        QTest::newRow("far and thin") << QPolygonF({{1e7, 1e7}, {1e7 + 1e-6, 1e7}, {1e7 + 1e-6, 1e7 + 600}, {1e7, 1e7 + 600}});
        QTest::newRow("huge and thin") << QPolygonF({{0, 0}, {1e12, 0}, {1e12, 1e-3}, {0, 1e-3}});
    }

    void slivers()
    {
        QFETCH(QPolygonF, ring);
        const Pole pole = poleOfInaccessibility({ring}, 1.0);
        QVERIFY2(pole.cells <= kMaxPoleCells, qPrintable(QString("%1 cells").arg(pole.cells)));
        QVERIFY(ring.boundingRect().adjusted(-1e-9, -1e-9, 1e-9, 1e-9).contains(pole.point));
        QVERIFY(pole.distance <= std::min(ring.boundingRect().width(), ring.boundingRect().height()));
    }

    void manyVerticesBoundTheWork()
    {
        // A clipped coastline: 40,000 vertices on a jagged circle. Each measured cell passes over every vertex, so
        // the cells are bounded by kMaxPoleSegmentTests / vertices; the pole is coarser but still well inside.
        QPolygonF ring;
        const int n = 40000;
        for (int i = 0; i < n; ++i) {
            const double a = 2 * M_PI * i / n;
            const double r = 300 + ((i * 7919) % 13) * 0.7; // jagged, deterministic
            ring << QPointF(400 + r * std::cos(a), 300 + r * std::sin(a));
        }
        const Pole pole = poleOfInaccessibility({ring});
        const double allowed = std::max(kMaxPoleSegmentTests / n + 2, 66.0);
        QVERIFY2(double(pole.cells) <= allowed, qPrintable(QString("%1 cells, %2 allowed").arg(pole.cells).arg(allowed)));
        QVERIFY(inside(pole.point, ring));
        const double best = bruteForceBest(ring, 24);
        QVERIFY2(pole.distance >= 0.5 * best, qPrintable(QString("pole %1, brute force %2").arg(pole.distance).arg(best)));
    }

    void degenerateRings()
    {
        QCOMPARE(poleOfInaccessibility({}).cells, std::size_t(0));
        QCOMPARE(poleOfInaccessibility({QPolygonF({{3, 4}, {3, 4}, {3, 4}})}).point, QPointF(3, 4));
        const double inf = std::numeric_limits<double>::infinity();
        QCOMPARE(poleOfInaccessibility({QPolygonF({{0, 0}, {inf, 0}, {inf, 5}, {0, 5}})}).cells, std::size_t(0));
    }
};

QTEST_APPLESS_MAIN(TestPolylabel)
#include "tst_polylabel.moc"
