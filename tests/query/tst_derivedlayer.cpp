// gis::deriveLayer: the rows asked for, in their order, with fields copied and expressions as typed columns (what
// `gis query --fields/--group-by/--stats` and --nearest's distance go through). Oracle: the source layer's own
// values and Expression::evaluate on the same rows.

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include <QtTest>

#include "gis/core/error.h"
#include "gis/crs/crs.h"
#include "gis/data/attributetable.h"
#include "gis/data/layer.h"
#include "gis/query/derivedlayer.h"
#include "gis/query/expression.h"

using gis::FieldType;
using gis::Layer;

namespace {

std::unique_ptr<Layer> sites()
{
    gis::AttributeTable t;
    t.addColumn("name", FieldType::String);
    t.addColumn("score", FieldType::Integer);
    t.addColumn("visited", FieldType::Date);
    const char* names[] = {"Nizwá", "Bahla", "Izki", "Adam"};
    const int scores[] = {80, 55, 91, 70};
    gis::GeometryColumn g;
    for (int i = 0; i < 4; ++i) {
        t.column(std::size_t(0)).appendString(names[i]);
        if (i == 3)
            t.column(std::size_t(1)).appendNull();
        else
            t.column(std::size_t(1)).appendInteger(scores[i]);
        t.column(std::size_t(2)).appendInteger(19700 + i * 400); // days since 1970
        g.appendPoint(57 + i * 0.1, 22.9);
    }
    return std::make_unique<Layer>("sites", gis::Crs::fromEpsg(4326), gis::GeometryType::Point, std::move(g),
        std::move(t), std::vector<std::int64_t>{11, 12, 13, 14});
}

} // namespace

class TestDerivedLayer : public QObject {
    Q_OBJECT

private slots:
    void rowsInOrderWithTheirIdsAndGeometries()
    {
        const auto layer = sites();
        const std::vector<std::uint32_t> rows{2, 0, 3};
        const auto d = gis::deriveLayer(*layer, &rows, {"name"});
        QCOMPARE(d->size(), std::size_t(3));
        QCOMPARE(d->attributes().columnCount(), std::size_t(1));
        for (std::size_t k = 0; k < rows.size(); ++k) {
            QCOMPARE(d->fid(k), layer->fid(rows[k]));
            QCOMPARE(d->attributes().column(std::size_t(0)).string(k), layer->attributes().column(std::size_t(0)).string(rows[k]));
            QCOMPARE(d->geometries().coord(d->geometries().coordBegin(k)).x, layer->geometries().coord(rows[k]).x);
        }
        const auto all = gis::deriveLayer(*layer, nullptr, {});
        QCOMPARE(all->size(), layer->size());
        QCOMPARE(all->attributes().columnCount(), layer->attributes().columnCount()); // every field
    }

    void expressionColumnsAreTyped_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<int>("type");
        QTest::newRow("integer") << "year(visited)" << int(FieldType::Integer);
        QTest::newRow("real") << "score / 2.0" << int(FieldType::Real);
        QTest::newRow("text") << "upper(name)" << int(FieldType::String);
        QTest::newRow("boolean") << "score > 60" << int(FieldType::Boolean);
        QTest::newRow("date") << "visited" << int(FieldType::Date); // a field: copied with its type
        QTest::newRow("integer and real") << "CASE WHEN score > 60 THEN 1 ELSE 0.5 END" << int(FieldType::Real);
        QTest::newRow("unaccented") << "unaccent(name)" << int(FieldType::String);
    }

    void expressionColumnsAreTyped()
    {
        QFETCH(QString, expression);
        QFETCH(int, type);
        const auto layer = sites();
        const auto d = gis::deriveLayer(*layer, nullptr, {expression.toStdString()});
        const gis::AttributeColumn& c = d->attributes().column(std::size_t(0));
        QCOMPARE(QString::fromStdString(c.name()), expression);
        QCOMPARE(int(c.type()), type);
        const gis::Expression e = gis::Expression::compile(expression.toStdString(), *layer);
        for (std::size_t row = 0; row < layer->size(); ++row) {
            const gis::Value v = e.evaluate(row);
            QCOMPARE(c.isNull(row), v.isNull());
            if (v.isNull())
                continue;
            if (c.type() == FieldType::Real)
                QCOMPARE(c.real(row), v.type == gis::Value::Type::Real ? v.real : double(v.integer));
            else if (c.type() == FieldType::String)
                QCOMPARE(c.string(row), std::string_view(v.text));
            else
                QCOMPARE(c.integer(row), v.integer);
        }
    }

    void extraColumns()
    {
        const auto layer = sites();
        const std::vector<std::uint32_t> rows{1, 3};
        const auto d = gis::deriveLayer(*layer, &rows, {"name"}, {{"distance", {12.5, NAN}}});
        QCOMPARE(d->attributes().columnCount(), std::size_t(2));
        QCOMPARE(d->attributes().column(std::size_t(1)).real(0), 12.5);
        QVERIFY(d->attributes().column(std::size_t(1)).isNull(1));
        QVERIFY_THROWS_EXCEPTION(gis::Error, gis::deriveLayer(*layer, &rows, {"name"}, {{"distance", {1.0}}}));
    }

    void errors()
    {
        const auto layer = sites();
        try {
            gis::deriveLayer(*layer, nullptr, {"naem"});
            QFAIL("no exception");
        } catch (const gis::Error& e) {
            QCOMPARE(e.code(), gis::ErrorCode::Query);
            QVERIFY2(QString(e.what()).contains("did you mean \"name\""), e.what());
        }
        const std::vector<std::uint32_t> outside{4};
        QVERIFY_THROWS_EXCEPTION(gis::Error, gis::deriveLayer(*layer, &outside, {"name"}));
    }
};

QTEST_GUILESS_MAIN(TestDerivedLayer)
#include "tst_derivedlayer.moc"
