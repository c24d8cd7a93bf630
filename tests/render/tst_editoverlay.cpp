// Drawing a layer in edit mode as its loaded rows plus an edit overlay (MapLayer::edits: the rows an edit session
// hides, and its inserted or replaced features in a small layer of their own) against the oracle of drawing the
// edited data written out as one layer (EditSnapshot::toLayer(), O(layer)).
//
// Random edit sequences (inserts, vertex moves, new geometries, deletes, attribute changes that move a feature to
// another class or out of every class, value changes that rescale proportional symbols, undo and redo) are made with
// a gis::EditSession. Where drawing order cannot change the pixels (every feature in a cell of its own, with a gap
// wider than any stroke's antialiasing), the two images must be equal pixel for pixel, and the placed labels too.
// Where features overlap, order matters: the overlay draws replaced features after the layer's rows, so the oracle
// is then toLayer()'s features put in that order (the layer's rows less the hidden ones, then deltaLayer()'s),
// again pixel for pixel. Layers are in "device units": map (x, y) with extent (0, 0, W, H) is pixel (x, H - y).

#include <QPainter>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "gis/core/error.h"
#include "gis/data/editsession.h"
#include "gis/data/layer.h"
#include "gis/render/maprenderer.h"

using namespace gis;

namespace {

constexpr int kWidth = 640;
constexpr int kHeight = 480;
constexpr int kCell = 40; // 16 x 12 cells
constexpr int kColumns = kWidth / kCell;
constexpr int kRows = kHeight / kCell;
constexpr double kInset = 6; // gap to the cell's edge: two features are always >= 12 px apart

const char* const kKinds[] = {"school", "clinic", "mosque", "unclassified"}; // the last has no class: not drawn

struct Cell {
    int column = 0, row = 0;
    double x0() const { return column * kCell + kInset; }
    double y0() const { return row * kCell + kInset; }
    double size() const { return kCell - 2 * kInset; }
};

// A convex-enough quadrilateral inside `cell` (or across `span` cells when features may overlap): one corner per
// quadrant, in ring order, so it is always simple.
Geometry quad(std::mt19937& rng, double x0, double y0, double size)
{
    std::uniform_real_distribution<double> u(0, size / 2 - 1);
    const double h = size / 2;
    const Coord c[4] = {{x0 + u(rng), y0 + u(rng)}, {x0 + h + 1 + u(rng), y0 + u(rng)},
        {x0 + h + 1 + u(rng), y0 + h + 1 + u(rng)}, {x0 + u(rng), y0 + h + 1 + u(rng)}};
    GeometryColumn g;
    g.beginGeometry(GeometryType::Polygon);
    g.beginPart(GeometryType::Polygon);
    g.beginRing();
    for (const Coord& k : c)
        g.addCoord(k.x, k.y);
    g.addCoord(c[0].x, c[0].y);
    g.endGeometry();
    return Geometry(std::move(g));
}

Geometry point(std::mt19937& rng, const Cell& cell)
{
    std::uniform_real_distribution<double> u(cell.size() / 2 - 3, cell.size() / 2 + 3);
    GeometryColumn g;
    g.appendPoint(cell.x0() + u(rng), cell.y0() + u(rng));
    return Geometry(std::move(g));
}

std::shared_ptr<const Layer> baseLayer(const std::vector<EditFeature>& features, GeometryType type)
{
    GeometryColumn g;
    AttributeTable t;
    t.addColumn("kind", FieldType::String);
    t.addColumn("value", FieldType::Real);
    for (const EditFeature& f : features) {
        g.append(f.geometry.column(), 0);
        t.column(0).appendString(std::get<std::string>(f.values[0]));
        t.column(1).appendReal(std::get<double>(f.values[1]));
    }
    return std::make_shared<const Layer>("edited", Crs(), type, std::move(g), std::move(t));
}

LayerStyle style(bool points)
{
    LayerStyle s;
    Renderer& r = s.renderer;
    if (points) {
        // Proportional markers: the largest value of the edited data is the reference size, so an edit that raises
        // or removes the largest value resizes every marker.
        r.kind = Renderer::Kind::Single;
        r.symbol.size = Length{14};
        r.symbol.sizeField = "value";
        r.symbol.fill.color = Color(200, 40, 40);
        r.symbol.stroke.color = Color(20, 20, 20);
    } else {
        r.kind = Renderer::Kind::Categorized;
        r.field = "kind";
        const Color colours[] = {Color(230, 120, 40), Color(40, 120, 230), Color(60, 170, 60)};
        for (int i = 0; i < 3; ++i) {
            Renderer::Category c;
            c.value = kKinds[i];
            c.label = kKinds[i];
            c.symbol.fill.color = colours[i];
            c.symbol.stroke.color = Color(30, 30, 30);
            c.symbol.stroke.width = Length{1.5};
            r.categories.push_back(c);
        }
        r.drawOtherValues = false;
    }
    s.labels.enabled = true;
    s.labels.text = "value";
    s.labels.size = Length{7};
    return s;
}

// Labels without halos unless `halos`: a label's halo comes out a unit of colour different in some pixels when
// the same glyphs were stroked for another label layer first (the overlay's features are a label layer of their
// own), so pixel-exact comparisons leave halos out and halos are compared within a tolerance.
RenderRequest request(MapLayer layer, bool halos = false, bool labels = true)
{
    if (!halos)
        layer.style.labels.haloWidth = Length{0};
    RenderRequest q;
    q.drawLabels = labels;
    q.layers.push_back(std::move(layer));
    q.extent = Box(0, 0, kWidth, kHeight);
    q.size = QSize(kWidth, kHeight);
    return q;
}

MapLayer mapLayer(std::shared_ptr<const Layer> data, bool points)
{
    MapLayer l;
    l.name = "edited";
    l.vector = std::move(data);
    l.style = style(points);
    return l;
}

MapLayer overlayLayer(const EditSnapshot& snapshot, bool points)
{
    MapLayer l = mapLayer(snapshot.baseLayer(), points);
    auto edits = std::make_shared<VectorEdits>();
    edits->hiddenRows = snapshot.hiddenRows();
    edits->added = snapshot.deltaLayer();
    l.edits = std::move(edits);
    return l;
}

using LabelKey = std::tuple<QString, int, int, int, int>;
std::multiset<LabelKey> labelSet(const RenderResult& r)
{
    std::multiset<LabelKey> out;
    for (const PlacedLabel& p : r.labels) {
        const QRect b = p.box.toAlignedRect();
        out.insert({p.text, b.x(), b.y(), b.width(), b.height()});
    }
    return out;
}

QImage painted(const RenderRequest& q)
{
    QImage image(q.size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    const RenderResult r = renderToPainter(painter, q);
    painter.end();
    if (!r.errors.empty())
        qFatal("renderToPainter: %s", r.errors.front().message.c_str());
    return image;
}

// The largest difference of one channel of one pixel.
int maxDifference(const QImage& a, const QImage& b)
{
    int most = 0;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x) {
            const QRgb p = a.pixel(x, y), q = b.pixel(x, y);
            most = std::max({most, std::abs(qRed(p) - qRed(q)), std::abs(qGreen(p) - qGreen(q)),
                std::abs(qBlue(p) - qBlue(q)), std::abs(qAlpha(p) - qAlpha(q))});
        }
    return most;
}

// Where the images differ, for a failure message.
QString firstDifference(const QImage& a, const QImage& b)
{
    int count = 0;
    QString first;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x)
            if (a.pixel(x, y) != b.pixel(x, y)) {
                if (count++ == 0)
                    first = QString("(%1, %2): %3 vs %4").arg(x).arg(y).arg(a.pixel(x, y), 8, 16).arg(b.pixel(x, y), 8, 16);
            }
    return QString("%1 pixels differ, first at %2").arg(count).arg(first);
}

/// Random edits on a layer, one cell per feature (`overlap` false) or features spread across several cells.
class EditSequence {
public:
    EditSequence(unsigned seed, bool points, bool overlap) : m_rng(seed), m_points(points), m_overlap(overlap)
    {
        std::vector<EditFeature> features;
        for (int row = 0; row < kRows; ++row)
            for (int column = 0; column < kColumns; ++column) {
                const Cell cell{column, row};
                if (std::uniform_int_distribution<int>(0, 9)(m_rng) < 3) {
                    m_free.push_back(cell);
                    continue;
                }
                features.push_back(feature(cell));
                m_cellOf.push_back(cell);
            }
        const auto base = baseLayer(features, points ? GeometryType::Point : GeometryType::Polygon);
        for (std::size_t i = 0; i < base->size(); ++i)
            m_live.push_back({base->fid(i), m_cellOf[i]});
        m_known = m_live;
        m_session = std::make_unique<EditSession>(base);
    }

    EditSession& session() { return *m_session; }

    /// One random edit; returns its name (for failure messages).
    std::string step()
    {
        const int what = std::uniform_int_distribution<int>(0, 9)(m_rng);
        if (what == 0 && m_session->canUndo()) {
            m_session->undo();
            resync();
            return "undo";
        }
        if (what == 1 && m_session->canRedo()) {
            m_session->redo();
            resync();
            return "redo";
        }
        if ((what == 2 || m_live.empty()) && !m_free.empty()) {
            const std::size_t i = pick(m_free.size());
            const Cell cell = m_free[i];
            m_free.erase(m_free.begin() + static_cast<std::ptrdiff_t>(i));
            const std::int64_t fid = m_session->insert(feature(cell));
            m_live.push_back({fid, cell});
            m_known.push_back({fid, cell});
            return "insert";
        }
        if (m_live.empty())
            return "nothing";
        const std::size_t i = pick(m_live.size());
        const auto [fid, cell] = m_live[i];
        switch (what) {
        case 3:
            m_session->remove(fid);
            m_live.erase(m_live.begin() + static_cast<std::ptrdiff_t>(i));
            m_free.push_back(cell);
            return "remove";
        case 4:
        case 5: {
            if (m_points) {
                const Geometry g = point(m_rng, cell);
                const Box b = g.bounds();
                m_session->moveVertex(fid, 0, b.minX, b.minY);
                return "move point";
            }
            // A vertex stays in its quadrant of the feature's square: the quad stays simple.
            const std::size_t v = pick(4);
            const double size = extent(cell);
            std::uniform_real_distribution<double> u(0, size / 2 - 1);
            const double qx = cell.x0() + ((v == 1 || v == 2) ? size / 2 + 1 : 0);
            const double qy = cell.y0() + (v >= 2 ? size / 2 + 1 : 0);
            m_session->moveVertex(fid, v, qx + u(m_rng), qy + u(m_rng));
            return "move vertex";
        }
        case 6:
            m_session->setGeometry(fid, shape(cell));
            return "new geometry";
        case 7:
            m_session->setAttribute(fid, 0, std::string(kKinds[pick(4)]));
            return "change class";
        default:
            m_session->setAttribute(fid, 1, value());
            return "change value";
        }
    }

private:
    std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(m_rng); }
    double extent(const Cell& cell) const { return m_overlap ? 2.6 * kCell : cell.size(); }
    Geometry shape(const Cell& cell)
    {
        return m_points ? point(m_rng, cell) : quad(m_rng, cell.x0(), cell.y0(), extent(cell));
    }
    // Whole numbers: short labels, which never reach a neighbour's (placement would then depend on order).
    double value() { return std::round(std::uniform_real_distribution<double>(1, 120)(m_rng)); }
    EditFeature feature(const Cell& cell)
    {
        EditFeature f;
        f.geometry = shape(cell);
        f.values = {std::string(kKinds[pick(4)]), value()};
        return f;
    }
    // After an undo or redo: which features exist (and so which cells are free) is read back from the session.
    void resync()
    {
        std::vector<std::pair<std::int64_t, Cell>> live;
        std::set<std::pair<int, int>> used;
        for (const auto& [fid, cell] : m_known)
            if (m_session->feature(fid)) {
                live.push_back({fid, cell});
                used.insert({cell.column, cell.row});
            }
        m_live = std::move(live);
        m_free.clear();
        for (int row = 0; row < kRows; ++row)
            for (int column = 0; column < kColumns; ++column)
                if (!used.count({column, row}))
                    m_free.push_back({column, row});
    }

    std::mt19937 m_rng;
    bool m_points;
    bool m_overlap;
    std::vector<Cell> m_cellOf;
    std::vector<Cell> m_free;
    std::vector<std::pair<std::int64_t, Cell>> m_live;
    std::vector<std::pair<std::int64_t, Cell>> m_known; ///< every feature ever made (the undo history is linear:
                                                        ///< two features of one cell never exist at once)
    std::unique_ptr<EditSession> m_session;
};

} // namespace

class TestEditOverlay : public QObject {
    Q_OBJECT
private slots:
    // The first labels a process draws come out slightly different from the same labels drawn again (Qt fills its
    // glyph cache on the way), so every comparison below is made after one render of labels.
    void initTestCase()
    {
        EditSequence warm(0, false, false);
        const RenderResult r = renderImage(request(mapLayer(warm.session().base(), false)));
        QVERIFY(!r.labels.empty());
    }

    void sameAsToLayerWhereOrderCannotMatter_data()
    {
        QTest::addColumn<bool>("points");
        QTest::addColumn<unsigned>("seed");
        for (unsigned seed : {1u, 2u, 3u}) {
            QTest::addRow("polygons %u", seed) << false << seed;
            QTest::addRow("points %u", seed) << true << seed;
        }
    }

    // Features never closer than 12 px: the overlay's image and labels equal toLayer()'s, pixel for pixel, after
    // every edit of a random sequence.
    void sameAsToLayerWhereOrderCannotMatter()
    {
        QFETCH(bool, points);
        QFETCH(unsigned, seed);
        EditSequence edits(seed, points, false);
        std::string history;
        for (int i = 0; i < 60; ++i) {
            history += edits.step() + ", ";
            const auto snapshot = edits.session().snapshot();
            const RenderResult expected = renderImage(request(mapLayer(snapshot->toLayer(), points)));
            const RenderResult actual = renderImage(request(overlayLayer(*snapshot, points)));
            QVERIFY2(expected.errors.empty() && actual.errors.empty(), history.c_str());
            QVERIFY2(actual.image == expected.image,
                qPrintable(QString::fromStdString(history) + firstDifference(actual.image, expected.image)));
            QCOMPARE(actual.featuresDrawn, expected.featuresDrawn);
            QVERIFY2(labelSet(actual) == labelSet(expected), history.c_str());
            QVERIFY(!actual.labels.empty());
            // With halos: the same labels, pixels within a few units of colour (see request()). Polygons only: a
            // point's label with its halo may reach a neighbour's, and which of two colliding labels wins is order.
            if (!points && i % 10 == 9) {
                const RenderResult e = renderImage(request(mapLayer(snapshot->toLayer(), points), true));
                const RenderResult a = renderImage(request(overlayLayer(*snapshot, points), true));
                QVERIFY2(maxDifference(a.image, e.image) <= 4, qPrintable(firstDifference(a.image, e.image)));
                QVERIFY(labelSet(a) == labelSet(e));
            }
        }
        QVERIFY(edits.session().snapshot()->deltaSize() > 0);
        // The painter path (PDF, SVG, print) draws the overlay the same way.
        const auto snapshot = edits.session().snapshot();
        QVERIFY(painted(request(overlayLayer(*snapshot, points))) == painted(request(mapLayer(snapshot->toLayer(), points))));
    }

    // Overlapping features: the overlay draws its features after the layer's rows, which is toLayer()'s data in
    // that order (VectorEdits' documented drawing order). Labels are left out: where they collide, the overlay's
    // (a label layer above the layer's rows) win ties, which no order of one layer reproduces.
    void overlappingFeaturesDrawAfterTheLayersRows()
    {
        for (unsigned seed : {4u, 5u}) {
            EditSequence edits(seed, false, true);
            for (int i = 0; i < 40; ++i) {
                const std::string what = edits.step();
                const auto snapshot = edits.session().snapshot();
                const Layer& base = snapshot->base();
                std::vector<std::int64_t> order;
                const std::vector<std::uint32_t> hidden = snapshot->hiddenRows();
                for (std::size_t row = 0; row < base.size(); ++row)
                    if (!std::binary_search(hidden.begin(), hidden.end(), static_cast<std::uint32_t>(row)))
                        order.push_back(base.fid(row));
                const auto delta = snapshot->deltaLayer();
                for (std::size_t k = 0; k < delta->size(); ++k)
                    order.push_back(delta->fid(k));
                const auto reordered = snapshot->layerOf(order);
                QCOMPARE(reordered->size(), snapshot->size()); // the same features as toLayer(), in overlay order
                const RenderResult expected = renderImage(request(mapLayer(reordered, false), false, false));
                const RenderResult actual = renderImage(request(overlayLayer(*snapshot, false), false, false));
                QVERIFY2(actual.image == expected.image,
                    qPrintable(QString::fromStdString(what) + ": " + firstDifference(actual.image, expected.image)));
            }
        }
    }

    // deltaLayer() holds exactly the features toLayer() has that the base does not have as they are, with their
    // ids; hiddenRows() the base rows toLayer() no longer has as they were.
    void deltaLayerAndHiddenRowsDescribeTheEdits()
    {
        EditSequence edits(7, false, false);
        for (int i = 0; i < 80; ++i)
            edits.step();
        const auto snapshot = edits.session().snapshot();
        const auto whole = snapshot->toLayer();
        const auto delta = snapshot->deltaLayer();
        const std::vector<std::uint32_t> hidden = snapshot->hiddenRows();
        QCOMPARE(snapshot->base().size() - hidden.size() + delta->size(), whole->size());
        QCOMPARE(delta->attributes().columnCount(), snapshot->base().attributes().columnCount());
        QVERIFY(std::is_sorted(hidden.begin(), hidden.end()));
        for (std::size_t k = 0; k < delta->size(); ++k) {
            const auto f = edits.session().feature(delta->fid(k));
            QVERIFY(f);
            QVERIFY(sameContent(editFeatureFromLayer(*delta, k), *f));
        }
    }

    // An overlay that does not fit its layer is that layer's error, naming it; the other layers are drawn.
    void overlayThatDoesNotFitIsAnError()
    {
        EditSequence edits(9, false, false);
        const auto snapshot = edits.session().snapshot();
        MapLayer bad = overlayLayer(*snapshot, false);
        auto wrong = std::make_shared<VectorEdits>();
        wrong->hiddenRows = {static_cast<std::uint32_t>(snapshot->base().size())};
        bad.edits = wrong;
        RenderRequest q = request(mapLayer(snapshot->baseLayer(), false));
        q.layers.push_back(bad);
        RenderResult r = renderImage(q);
        QCOMPARE(r.errors.size(), std::size_t(1));
        QVERIFY2(QString::fromStdString(r.errors[0].message).contains("\"edited\""), r.errors[0].message.c_str());
        QVERIFY(!r.image.isNull());

        wrong = std::make_shared<VectorEdits>();
        GeometryColumn g;
        g.appendPoint(1, 1);
        AttributeTable t;
        t.addColumn("other", FieldType::Integer);
        t.column(0).appendInteger(1);
        wrong->added = std::make_shared<const Layer>("x", Crs(), GeometryType::Point, std::move(g), std::move(t));
        q.layers.back().edits = wrong;
        r = renderImage(q);
        QCOMPARE(r.errors.size(), std::size_t(1));
        QVERIFY2(QString::fromStdString(r.errors[0].message).contains("other fields"), r.errors[0].message.c_str());
    }
};

QTEST_MAIN(TestEditOverlay)
#include "tst_editoverlay.moc"
