// merge against the expected table, written out here: the fields united (same name and type: one column, an integer
// meeting a real: real, a clash: "_2"), the `layer` field, every row's values and geometry, and a layer in another CRS
// reprojected to the first's — checked on a point whose lon/lat is known exactly: UTM zone 40N's (500000, 0) is
// 57°E on the equator (the zone's central meridian).

#include <QtTest>

#include <cmath>
#include <memory>

#include "gis/analysis/algorithm.h"
#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/geom/wkt.h"

using namespace gis;

namespace {

struct Column {
    std::string name;
    FieldType type;
    std::vector<std::string> values; ///< "" for null; integers and reals as text, parsed by type
};

std::shared_ptr<const Layer> makeLayer(const std::string& name, const Crs& crs, const std::vector<std::string>& wkts,
    const std::vector<Column>& columns)
{
    GeometryColumn geometries;
    for (const auto& w : wkts)
        geometries.append(geometryFromWkt(w).column(), 0);
    AttributeTable attributes;
    for (const auto& c : columns)
        attributes.addColumn(c.name, c.type);
    for (std::size_t k = 0; k < columns.size(); ++k)
        for (const auto& v : columns[k].values) {
            AttributeColumn& col = attributes.column(k);
            if (v.empty())
                col.appendNull();
            else if (col.type() == FieldType::Integer)
                col.appendInteger(std::stoll(v));
            else if (col.type() == FieldType::Real)
                col.appendReal(std::stod(v));
            else
                col.appendString(v);
        }
    attributes.setRowCount(wkts.size());
    return std::make_shared<const Layer>(name, crs, GeometryType::Point, std::move(geometries), std::move(attributes));
}

} // namespace

class TestMerge : public QObject {
    Q_OBJECT

private slots:
    void registered()
    {
        const analysis::Algorithm* a = analysis::findAlgorithm("merge");
        QVERIFY(a);
        QVERIFY(a->info().input == analysis::InputKind::VectorAndLayers);
        QVERIFY(!a->info().titleAr.empty() && !a->info().descriptionAr.empty());
    }

    void fieldsUnitedAndLayerNamed()
    {
        const auto a = makeLayer("clinics", Crs::fromEpsg(4326), {"POINT (57.5 22.9)", "POINT (57.6 23)"},
            {{"name", FieldType::String, {"Nizwa clinic", "Bahla clinic"}}, {"beds", FieldType::Integer, {"12", ""}},
                {"code", FieldType::Integer, {"7", "8"}}});
        const auto b = makeLayer("schools", Crs::fromEpsg(4326), {"POINT (57.7 23.1)"},
            {{"NAME", FieldType::String, {"Izki school"}}, {"beds", FieldType::Real, {"2.5"}},
                {"code", FieldType::String, {"S-1"}}, {"pupils", FieldType::Integer, {"300"}}});
        analysis::RunInputs in{a, nullptr};
        in.more.push_back(b);
        const auto result = analysis::run("merge", in, {});
        const Layer& out = *result.layer;
        QVERIFY(result.warnings.empty());
        QCOMPARE(out.size(), std::size_t(3));
        const AttributeTable& t = out.attributes();
        QStringList names;
        for (const auto& f : t.fields())
            names << QString::fromStdString(f.name) + ":" + QString::fromStdString(std::string(fieldTypeName(f.type)));
        QCOMPARE(names, QStringList({"name:string", "beds:real", "code:integer", "code_2:string", "pupils:integer", "layer:string"}));
        const QStringList expected{
            "Nizwa clinic|12|7|||clinics", "Bahla clinic||8|||clinics", "Izki school|2.5||S-1|300|schools"};
        for (std::size_t r = 0; r < 3; ++r) {
            QStringList row;
            for (std::size_t c = 0; c < t.columnCount(); ++c)
                row << QString::fromStdString(t.column(c).toString(r));
            QCOMPARE(row.join('|'), expected[static_cast<int>(r)]);
        }
        QCOMPARE(out.geometry(2).bounds().minX, 57.7);
    }

    void otherCrsIsReprojected()
    {
        const auto a = makeLayer("wgs", Crs::fromEpsg(4326), {"POINT (56 20)"}, {});
        const auto b = makeLayer("utm", Crs::fromEpsg(32640), {"POINT (500000 0)"}, {});
        analysis::RunInputs in{a, nullptr};
        in.more.push_back(b);
        const auto result = analysis::run("merge", in, {});
        QVERIFY(result.layer->crs() == a->crs());
        QCOMPARE(result.warnings.size(), std::size_t(1));
        QVERIFY2(QString::fromStdString(result.warnings[0]).contains("layer \"utm\" was reprojected"), result.warnings[0].c_str());
        const Box p = result.layer->geometry(1).bounds();
        QVERIFY(std::fabs(p.minX - 57.0) < 1e-9 && std::fabs(p.minY) < 1e-9);
    }

    void needsFurtherLayers()
    {
        const auto a = makeLayer("wgs", Crs::fromEpsg(4326), {"POINT (56 20)"}, {});
        try {
            (void)analysis::run("merge", {a, nullptr}, {});
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("merge: needs one or more further layers (--overlay, repeated)"), e.what());
        }
        analysis::RunInputs in{a, nullptr};
        in.more.push_back(a);
        analysis::RunOptions options;
        options.feedback.cancel.cancel();
        try {
            (void)analysis::run("merge", in, {}, options);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Cancelled);
        }
    }
};

QTEST_GUILESS_MAIN(TestMerge)
#include "tst_merge.moc"
