// AttributeModel: a virtual table over a million features opens at once, scrolls, sorts on a worker without
// freezing the event loop, and maps view rows to feature rows both ways.

#include <QElapsedTimer>
#include <QIdentityProxyModel>
#include <QHeaderView>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QtTest>

#include "gis/data/layer.h"
#include "panels/attributemodel.h"

using namespace viewer;

namespace {

#if defined(__SANITIZE_ADDRESS__) || !defined(NDEBUG)
constexpr double kSlack = 15; // sanitizer / debug builds are this much slower
#else
constexpr double kSlack = 1;
#endif

/// Counts the cells a view asks for: proof that it asks for the visible rows only.
class CountingProxy : public QIdentityProxyModel {
public:
    QVariant data(const QModelIndex& index, int role) const override
    {
        ++calls;
        return QIdentityProxyModel::data(index, role);
    }
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override
    {
        ++calls;
        return QIdentityProxyModel::headerData(section, orientation, role);
    }
    mutable long long calls = 0;
};

/// n features: id (integer, descending from n), value (real, with nulls), name (Arabic or Latin text).
std::shared_ptr<const gis::Layer> makeLayer(std::size_t n)
{
    gis::GeometryColumn g;
    g.reserve(n, n);
    gis::AttributeTable t;
    t.addColumn("id", gis::FieldType::Integer);
    t.addColumn("value", gis::FieldType::Real);
    t.addColumn("name", gis::FieldType::String);
    auto& id = t.column(0); // references once all columns exist: adding a column may move the others
    auto& value = t.column(1);
    auto& name = t.column(2);
    const char* names[] = {"نزوى", "بهلاء", "Izki", "أدم", "Samail", "منح"};
    for (std::size_t i = 0; i < n; ++i) {
        g.appendPoint(57 + (i % 1000) * 1e-3, 22 + (i / 1000) * 1e-3);
        id.appendInteger(static_cast<std::int64_t>(n - i));
        if (i % 7 == 3)
            value.appendNull();
        else
            value.appendReal(static_cast<double>((i * 7919) % 100003) / 10.0);
        name.appendString(names[(i * 31) % 6]);
    }
    return std::make_shared<const gis::Layer>("big", gis::Crs::fromEpsg(4326), gis::GeometryType::Point, std::move(g), std::move(t));
}

} // namespace

class TestAttributeModel : public QObject {
    Q_OBJECT
    std::shared_ptr<const gis::Layer> m_big;

private slots:
    void initTestCase() { m_big = makeLayer(1000000); }

    void millionRowsOpenAndScrollAtOnce()
    {
        // "At once" as a count, not a clock: the view asks the model for the rows it shows, never for all of them
        // (the times are printed for the note; a loaded machine must not fail the test).
        QElapsedTimer t;
        t.start();
        AttributeModel model;
        CountingProxy counted;
        counted.setSourceModel(&model);
        QTableView view;
        view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
        view.setModel(&counted);
        model.setLayer(m_big);
        view.resize(800, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        qInfo("1,000,000 rows: open + first paint %lld ms, %lld cells asked for", t.elapsed(), counted.calls);
        QVERIFY2(counted.calls < 20000, qPrintable(QString::number(counted.calls)));
        QCOMPARE(model.rowCount(), 1000000);
        counted.calls = 0;
        t.restart();
        view.scrollToBottom();
        QTest::qWait(1);
        view.verticalScrollBar()->setValue(view.verticalScrollBar()->maximum() / 2);
        QTest::qWait(1);
        qInfo("two scrolls: %lld ms, %lld cells asked for", t.elapsed(), counted.calls);
        QVERIFY2(counted.calls < 20000, qPrintable(QString::number(counted.calls)));
        QCOMPARE(model.data(model.index(999999, 0), Qt::DisplayRole).toString(), QString("1"));
        QCOMPARE(model.headerData(999999, Qt::Vertical, Qt::DisplayRole).toString(), QString("999999"));
    }

    void sortsOnWorkerWithoutFreezing_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<int>("order");
        QTest::newRow("integer ascending") << 0 << int(Qt::AscendingOrder);
        QTest::newRow("real descending") << 1 << int(Qt::DescendingOrder);
        QTest::newRow("text ascending") << 2 << int(Qt::AscendingOrder);
    }
    void sortsOnWorkerWithoutFreezing()
    {
        QFETCH(int, column);
        QFETCH(int, order);
        AttributeModel model;
        model.setLayer(m_big);
        QSignalSpy done(&model, &AttributeModel::sortFinished);
        QElapsedTimer t;
        t.start();
        model.sort(column, static_cast<Qt::SortOrder>(order));
        qInfo("sort() returned after %lld ms", t.elapsed());
        QVERIFY2(model.isSorting(), "sort() must return before the sort is done for a big table"); // the worker sorts
        // The event loop keeps turning while it sorts.
        int ticks = 0;
        QTimer ticker;
        connect(&ticker, &QTimer::timeout, [&] { ++ticks; });
        ticker.start(5);
        QVERIFY(done.wait(int(30000 * kSlack)));
        const double ms = done.front().front().toDouble();
        qInfo("sort of 1,000,000 rows by column %d: %.0f ms on the worker", column, ms);
        QVERIFY(ticks > 0 || ms < 20);
        const gis::AttributeColumn& col = m_big->attributes().column(static_cast<std::size_t>(column));
        // Sorted (nulls first ascending, last descending), checked on every 997th pair.
        for (int r = 0; r + 1 < model.rowCount(); r += 997) {
            const auto a = model.featureRow(r), b = model.featureRow(r + 1);
            if (col.isNull(a) || col.isNull(b)) {
                QVERIFY(order == Qt::AscendingOrder ? col.isNull(a) : col.isNull(b));
                continue;
            }
            if (column == 2)
                QVERIFY(order == Qt::AscendingOrder ? col.string(a) <= col.string(b) : col.string(a) >= col.string(b));
            else
                QVERIFY(order == Qt::AscendingOrder ? col.real(a) <= col.real(b) : col.real(a) >= col.real(b));
        }
        if (column == 0)
            QCOMPARE(model.data(model.index(0, 0), Qt::DisplayRole).toString(), QString("1"));
        // Every row once: the view row of each feature row is consistent.
        for (std::uint32_t f : {0u, 1u, 123456u, 999999u})
            QCOMPARE(model.featureRow(model.viewRow(f)), f);
    }

    void subsetsAndAlignment()
    {
        AttributeModel model;
        model.setLayer(m_big);
        model.setSubset({5, 10, 999});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.featureRow(1), 10u);
        QCOMPARE(model.viewRow(999), 2);
        QCOMPARE(model.viewRow(6), -1);
        model.sort(0, Qt::AscendingOrder); // small: sorted at once
        QCOMPARE(model.featureRow(0), 999u);
        model.clearSubset();
        QCOMPARE(model.rowCount(), 1000000);
        // Arabic right-aligned, Latin left-aligned, numbers trailing.
        for (int r = 0; r < 12; ++r) {
            const QString text = model.data(model.index(r, 2), Qt::DisplayRole).toString();
            const auto align = model.data(model.index(r, 2), Qt::TextAlignmentRole).value<Qt::Alignment>();
            QVERIFY(text.isRightToLeft() ? (align & Qt::AlignRight) : (align & Qt::AlignLeft));
        }
        QVERIFY(model.data(model.index(3, 1), Qt::DisplayRole).toString() == "NULL");
    }
};

QTEST_MAIN(TestAttributeModel)
#include "tst_attributemodel.moc"
