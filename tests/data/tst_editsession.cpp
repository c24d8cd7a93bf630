// EditSession in memory: undo/redo against an independent model (random sequences, then full undo gives the
// original content exactly and redo the edited content), vertex-move merging, batches, snapshots searched against
// brute force, validation, and the journal's framing (every truncation and every flipped byte).

#include <QtTest>

#include <map>
#include <random>

#include "gis/core/error.h"
#include "gis/data/editsession.h"
#include "gis/data/layer.h"
#include "gis/geom/wkb.h"

using namespace gis;

namespace {

Geometry square(double x, double y, double size)
{
    GeometryColumn g;
    g.beginGeometry(GeometryType::Polygon);
    g.beginPart(GeometryType::Polygon);
    g.beginRing();
    for (auto [dx, dy] : {std::pair{0.0, 0.0}, {size, 0.0}, {size, size}, {0.0, size}, {0.0, 0.0}})
        g.addCoord(x + dx, y + dy);
    g.endGeometry();
    return Geometry(std::move(g));
}

/// `n` squares with an integer, a text and a real field; ids from 1 (as a GeoPackage's).
std::shared_ptr<const Layer> makeLayer(std::size_t n, std::uint32_t seed = 1)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> pos(0, 100);
    GeometryColumn g;
    AttributeTable t;
    t.addColumn("id", FieldType::Integer);
    t.addColumn("name", FieldType::String);
    t.addColumn("value", FieldType::Real); // references only once every column is added (the vector grows)
    auto& id = t.column(0);
    auto& name = t.column(1);
    auto& value = t.column(2);
    std::vector<std::int64_t> fids;
    for (std::size_t i = 0; i < n; ++i) {
        const Geometry s = square(pos(rng), pos(rng), 0.5 + pos(rng) / 50);
        g.append(s.column(), 0);
        id.appendInteger(static_cast<std::int64_t>(i));
        if (i % 7 == 3)
            name.appendNull();
        else
            name.appendString("feature " + std::to_string(i) + " معلم");
        value.appendReal(pos(rng));
        fids.push_back(static_cast<std::int64_t>(i + 1));
    }
    return std::make_shared<const Layer>("squares", Crs::fromEpsg(4326), GeometryType::Polygon, std::move(g),
        std::move(t), std::move(fids));
}

/// The content of a snapshot, by fid: what full undo and redo are compared on.
std::map<std::int64_t, std::string> content(const EditSnapshot& s)
{
    std::map<std::int64_t, std::string> out;
    s.forEach([&](const EditSnapshot::FeatureRef& ref) {
        const EditFeature f = s.feature(ref);
        std::string bytes = f.geometry.isNull() ? std::string("null") : [&] {
            const auto wkb = toWkb(f.geometry.ref());
            return std::string(wkb.begin(), wkb.end());
        }();
        for (const auto& v : f.values) {
            bytes += '|';
            if (std::holds_alternative<std::int64_t>(v))
                bytes.append("i").append(std::to_string(std::get<std::int64_t>(v)));
            else if (std::holds_alternative<double>(v))
                bytes.append("r").append(QByteArray::number(std::get<double>(v), 'g', 17).toStdString());
            else if (std::holds_alternative<std::string>(v))
                bytes.append("s").append(std::get<std::string>(v));
            else
                bytes += "null";
        }
        out[ref.fid] = bytes;
        return true;
    });
    return out;
}

/// One random edit; returns false when it did nothing (nothing to undo, ...).
bool randomEdit(EditSession& s, std::mt19937& rng, std::vector<std::int64_t>& live)
{
    std::uniform_real_distribution<double> pos(0, 100);
    const int op = std::uniform_int_distribution<int>(0, 9)(rng);
    auto pick = [&] { return live[std::uniform_int_distribution<std::size_t>(0, live.size() - 1)(rng)]; };
    switch (op) {
    case 0:
    case 1: {
        EditFeature f;
        f.geometry = square(pos(rng), pos(rng), 1);
        f.values = {std::int64_t(1000 + live.size()), std::string("new"), pos(rng)};
        live.push_back(s.insert(std::move(f)));
        return true;
    }
    case 2:
    case 3: {
        if (live.empty())
            return false;
        s.setAttribute(pick(), 2, pos(rng));
        return true;
    }
    case 4: {
        if (live.empty())
            return false;
        s.setGeometry(pick(), square(pos(rng), pos(rng), 2));
        return true;
    }
    case 5: {
        if (live.empty())
            return false;
        const std::int64_t fid = pick();
        s.moveVertex(fid, std::uniform_int_distribution<std::size_t>(0, 4)(rng), pos(rng), pos(rng));
        return true;
    }
    case 6: {
        if (live.empty())
            return false;
        const auto it = live.begin() + std::uniform_int_distribution<std::ptrdiff_t>(0, std::ptrdiff_t(live.size()) - 1)(rng);
        s.remove(*it);
        live.erase(it);
        return true;
    }
    case 7: {
        if (live.size() < 2)
            return false;
        s.beginBatch("two at once");
        s.setAttribute(live[0], 1, std::string("batched"));
        s.setAttribute(live[1], 0, std::int64_t(-5));
        s.endBatch();
        return true;
    }
    default: return false;
    }
}

std::vector<std::int64_t> liveFids(const EditSession& s)
{
    std::vector<std::int64_t> out;
    s.snapshot()->forEach([&](const EditSnapshot::FeatureRef& r) {
        out.push_back(r.fid);
        return true;
    });
    return out;
}

} // namespace

class TestEditSession : public QObject {
    Q_OBJECT

private slots:
    void undoAllGivesTheOriginalRedoAllTheEdited_data()
    {
        QTest::addColumn<int>("seed");
        QTest::addColumn<int>("steps");
        for (int seed = 1; seed <= 12; ++seed)
            QTest::newRow(qPrintable(QString("seed %1").arg(seed))) << seed << 40 + seed * 17;
    }
    void undoAllGivesTheOriginalRedoAllTheEdited()
    {
        QFETCH(int, seed);
        QFETCH(int, steps);
        const auto layer = makeLayer(60, static_cast<std::uint32_t>(seed));
        EditSession s(layer);
        const auto original = content(*s.snapshot());
        std::mt19937 rng(static_cast<std::uint32_t>(seed));
        std::vector<std::int64_t> live = liveFids(s);
        // The model: the content after each undo step, checked at every undo and redo.
        std::vector<std::map<std::int64_t, std::string>> history{original};
        for (int i = 0; i < steps; ++i) {
            const std::size_t before = s.undoCount();
            if (!randomEdit(s, rng, live))
                continue;
            const auto now = content(*s.snapshot());
            if (s.undoCount() == before) // merged into the last step (a second move of the same vertex)
                history.back() = now;
            else
                history.push_back(now);
            // Interleaved undo/redo pairs change nothing.
            if (i % 11 == 5) {
                s.undo();
                QCOMPARE(content(*s.snapshot()), history[history.size() - 2]);
                s.redo();
                QCOMPARE(content(*s.snapshot()), history.back());
                live = liveFids(s);
            }
        }
        QCOMPARE(s.undoCount() + 1, history.size());
        const auto edited = content(*s.snapshot());
        for (std::size_t k = history.size() - 1; k > 0; --k) {
            s.undo();
            QCOMPARE(content(*s.snapshot()), history[k - 1]);
        }
        QVERIFY(!s.canUndo());
        QCOMPARE(content(*s.snapshot()), original);
        QVERIFY(!s.isModified());
        QCOMPARE(s.snapshot()->deltaSize(), std::size_t(0));
        while (s.canRedo())
            s.redo();
        QCOMPARE(content(*s.snapshot()), edited);
        // The layer a snapshot makes holds the same content.
        const auto asLayer = s.snapshot()->toLayer();
        EditSession again(asLayer);
        auto fromLayer = content(*again.snapshot());
        QCOMPARE(fromLayer.size(), edited.size());
    }

    void snapshotSearchEqualsBruteForce_data()
    {
        QTest::addColumn<int>("seed");
        for (int seed = 1; seed <= 8; ++seed)
            QTest::newRow(qPrintable(QString("seed %1").arg(seed))) << seed;
    }
    void snapshotSearchEqualsBruteForce()
    {
        QFETCH(int, seed);
        EditSession s(makeLayer(500, static_cast<std::uint32_t>(seed)));
        std::mt19937 rng(static_cast<std::uint32_t>(seed) * 31);
        std::vector<std::int64_t> live = liveFids(s);
        std::uniform_real_distribution<double> pos(-5, 105);
        for (int round = 0; round < 30; ++round) {
            for (int i = 0; i < 25; ++i)
                randomEdit(s, rng, live);
            if (round % 4 == 3 && s.canUndo())
                s.undo();
            live = liveFids(s);
            const auto snap = s.snapshot();
            // Brute force over the snapshot made into a layer of its own (its rows and boxes, no index).
            const auto flat = snap->toLayer();
            for (int q = 0; q < 20; ++q) {
                const double x = pos(rng), y = pos(rng);
                const Box box(x, y, x + q * 0.8, y + q * 0.5);
                std::vector<std::int64_t> expected;
                for (std::size_t row = 0; row < flat->size(); ++row)
                    if (flat->geometries().bounds(row).intersects(box))
                        expected.push_back(flat->fid(row));
                std::vector<std::int64_t> got;
                for (const auto& ref : snap->search(box)) {
                    got.push_back(ref.fid);
                    QVERIFY(ref.geometry.bounds().intersects(box));
                }
                std::sort(expected.begin(), expected.end());
                std::sort(got.begin(), got.end());
                QCOMPARE(got, expected);
            }
        }
    }

    void snapshotsAreImmutable()
    {
        EditSession s(makeLayer(10));
        const auto before = s.snapshot();
        const auto beforeContent = content(*before);
        QCOMPARE(before->search(Box(-10, -10, 200, 200)).size(), std::size_t(10)); // an empty delta searches too
        s.remove(3);
        s.setAttribute(4, 1, std::string("changed"));
        QCOMPARE(content(*before), beforeContent); // a reader's snapshot never changes under it
        QCOMPARE(before->size(), std::size_t(10));
        QCOMPARE(s.snapshot()->size(), std::size_t(9));
        QVERIFY(!s.snapshot()->find(3));
        QCOMPARE(std::get<std::string>(s.snapshot()->value(*s.snapshot()->find(4), 1)), std::string("changed"));
        QCOMPARE(s.snapshot(), s.snapshot()); // cached until the next edit
    }

    void vertexMovesMerge()
    {
        EditSession s(makeLayer(5));
        const auto original = content(*s.snapshot());
        s.moveVertex(2, 1, 10, 10);
        s.moveVertex(2, 1, 11, 11);
        s.moveVertex(2, 1, 12, 12);
        QCOMPARE(s.undoCount(), std::size_t(1));
        s.moveVertex(2, 2, 13, 13); // another vertex: another step
        QCOMPARE(s.undoCount(), std::size_t(2));
        s.moveVertex(3, 2, 13, 13); // another feature: another step
        QCOMPARE(s.undoCount(), std::size_t(3));
        s.undo();
        s.moveVertex(2, 2, 14, 14); // after an undo the drag is a new step
        QCOMPARE(s.undoCount(), std::size_t(3));
        // The first vertex of a closed ring moves its closing vertex too.
        s.moveVertex(1, 0, 50, 60);
        const auto f = *s.feature(1);
        const auto& c = f.geometry.column();
        QCOMPARE(c.coord(0), (Coord{50, 60}));
        QCOMPARE(c.coord(4), (Coord{50, 60}));
        while (s.canUndo())
            s.undo();
        QCOMPARE(content(*s.snapshot()), original);
        QVERIFY_THROWS_EXCEPTION(Error, s.moveVertex(2, 5, 0, 0)); // out of range: nothing applied
        QVERIFY(!s.isModified());
    }

    void batchesAreOneStep()
    {
        EditSession s(makeLayer(5));
        s.beginBatch("move three");
        s.setAttribute(1, 0, std::int64_t(7));
        s.beginBatch(); // nested: still the outer step
        s.remove(2);
        s.endBatch();
        const std::int64_t fid = s.insert({square(1, 1, 1), {std::int64_t(9), std::string("x"), 1.5}});
        s.endBatch();
        QVERIFY(fid < 0);
        QCOMPARE(s.undoCount(), std::size_t(1));
        QCOMPARE(s.changedCount(), std::size_t(3));
        s.undo();
        QVERIFY(!s.isModified());
        s.redo();
        QCOMPARE(s.changedCount(), std::size_t(3));
        QVERIFY_THROWS_EXCEPTION(Error, s.endBatch());
    }

    void valuesAreChecked()
    {
        EditSession s(makeLayer(3));
        QVERIFY_THROWS_EXCEPTION(Error, s.setAttribute(1, 0, std::string("text in an integer")));
        QVERIFY_THROWS_EXCEPTION(Error, s.setAttribute(1, 9, std::int64_t(1)));
        QVERIFY_THROWS_EXCEPTION(Error, s.setAttribute(99, 0, std::int64_t(1)));
        s.setAttribute(1, 2, std::int64_t(4)); // an integer for a real field is a real
        QVERIFY(std::holds_alternative<double>(s.feature(1)->values[2]));
        QCOMPARE(s.undoCount(), std::size_t(1));
    }

    void invalidGeometriesAreReported()
    {
        EditSession s(makeLayer(3));
        GeometryColumn g; // a bow-tie
        g.beginGeometry(GeometryType::Polygon);
        g.beginPart(GeometryType::Polygon);
        g.beginRing();
        for (auto [x, y] : {std::pair{0.0, 0.0}, {2.0, 2.0}, {2.0, 0.0}, {0.0, 2.0}, {0.0, 0.0}})
            g.addCoord(x, y);
        g.endGeometry();
        std::vector<EditIssue> issues;
        const std::int64_t fid = s.insert({Geometry(std::move(g)), {}}, &issues);
        QCOMPARE(issues.size(), std::size_t(1));
        QCOMPARE(issues[0].fid, fid);
        QVERIFY2(QString::fromStdString(issues[0].message).contains("Self-intersection"), issues[0].message.c_str());
        QCOMPARE(s.issues().size(), std::size_t(1));
        // The forms' constraints plug in as validators.
        s.addValidator([](std::int64_t id, const EditFeature& f) {
            std::vector<EditIssue> out;
            if (std::holds_alternative<std::monostate>(f.values[1]))
                out.push_back({id, EditIssue::Severity::Warning, "name", "name is empty"});
            return out;
        });
        QCOMPARE(s.issues().size(), std::size_t(2));
        QVERIFY_THROWS_EXCEPTION(Error, s.commit()); // in memory: nothing to commit to
    }
};

QTEST_GUILESS_MAIN(TestEditSession)
#include "tst_editsession.moc"
