// The six overlays (clip, intersection, difference, symmetrical-difference, union, identity) against two independent
// oracles on generated parcels and zones (holes, multipolygons, shared and touching edges, slivers, a zone aligned
// with the parcel grid so that pieces touch only along lines):
//  - GEOS called directly (its own context), brute force over every pair without an index: the same pieces with the
//    same attributes, each piece's area and the total area within 1e-9 relative;
//  - PostGIS (ST_Intersection, ST_Difference, ST_Union on the same layers loaded with ogr2ogr): total area and the
//    symmetric-difference area of the two results within 1e-6 relative, attribute rows identical; also on the
//    sample's wilayat (EPSG:4326) against a zoning layer in EPSG:32640, which the overlay reprojects.
// And the invalid-geometry policy on both layers, one thread against all, cancel, field subsets and renaming.

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <memory>

#include "gis/analysis/algorithm.h"
#include "gis/core/error.h"
#include "gis/core/parallel.h"
#include "gis/data/datasource.h"
#include "gis/data/layer.h"
#include "gis/data/layerwriter.h"
#include "gis/geom/wkb.h"
#include "gis/geom/wkt.h"
#include "support/geosoracle.h"
#include "support/postgissupport.h"

using namespace gis;

namespace {

struct Feature {
    std::string wkt; // "" for no geometry
    std::string name;
    std::string extra; // "code" (an integer) for parcels, "zone" for zones
};

std::shared_ptr<const Layer> makeLayer(const std::string& layerName, const std::vector<Feature>& features, bool parcels,
    int epsg = 32640)
{
    GeometryColumn geometries;
    AttributeTable attributes;
    attributes.addColumn("name", FieldType::String);
    attributes.addColumn(parcels ? "code" : "zone", parcels ? FieldType::Integer : FieldType::String);
    AttributeColumn& name = attributes.column(0); // after both: addColumn may move the columns
    AttributeColumn& extra = attributes.column(1);
    std::vector<std::int64_t> fids;
    for (std::size_t i = 0; i < features.size(); ++i) {
        std::string wkt = features[i].wkt; // as MultiPolygons, as the layer declares (and PostGIS's column checks)
        if (wkt.rfind("POLYGON (", 0) == 0)
            wkt = "MULTIPOLYGON (" + wkt.substr(8) + ")";
        if (wkt.empty())
            geometries.appendNull();
        else
            geometries.append(geometryFromWkt(wkt).column(), 0);
        name.appendString(features[i].name);
        if (parcels)
            extra.appendInteger(std::stoll(features[i].extra));
        else
            extra.appendString(features[i].extra);
        fids.push_back(1 + static_cast<std::int64_t>(i));
    }
    attributes.setRowCount(features.size());
    return std::make_shared<const Layer>(layerName, Crs::fromEpsg(epsg), GeometryType::MultiPolygon, std::move(geometries),
        std::move(attributes), std::move(fids));
}

std::string box(double x0, double y0, double x1, double y1)
{
    char s[256];
    std::snprintf(s, sizeof s, "(%.3f %.3f, %.3f %.3f, %.3f %.3f, %.3f %.3f, %.3f %.3f)", x0, y0, x1, y0, x1, y1, x0, y1, x0, y0);
    return s;
}

/// A 6 × 7 grid of 100 m parcels: some with holes, two multipolygons, a sliver parcel; every neighbour shares edges.
std::vector<Feature> parcels()
{
    std::vector<Feature> out;
    int code = 0;
    for (int r = 0; r < 7; ++r)
        for (int c = 0; c < 6; ++c) {
            const double x = 500000 + 100 * c, y = 2500000 + 100 * r;
            std::string wkt;
            if ((c == 2 && r == 2) || (c == 3 && r == 5))
                wkt = "MULTIPOLYGON ((" + box(x, y, x + 49, y + 100) + "), (" + box(x + 51, y, x + 100, y + 100) + "))";
            else if (c == 4 && r == 1)
                wkt = "POLYGON (" + box(x, y, x + 100, y + 0.02) + ")"; // a sliver parcel
            else if ((c + r) % 5 == 0)
                wkt = "POLYGON (" + box(x, y, x + 100, y + 100) + ", " + box(x + 30, y + 30, x + 70, y + 70) + ")";
            else
                wkt = "POLYGON (" + box(x, y, x + 100, y + 100) + ")";
            ++code;
            out.push_back({wkt, "parcel " + std::to_string(code), std::to_string(code * 10)});
        }
    return out;
}

/// Zones that do not overlap one another: offset from the grid, one with a hole, a 5 cm sliver, one aligned with
/// the grid (parcels inside it are copied; its neighbours touch it along lines), a multipolygon, one far away.
std::vector<Feature> zones()
{
    return {
        {"POLYGON (" + box(500037, 2499980, 500337, 2500310) + ")", "north", "residential"},
        {"POLYGON (" + box(500337, 2500000, 500700, 2500310) + ", " + box(500400, 2500100, 500500, 2500200) + ")", "east",
            "commercial"},
        {"POLYGON (" + box(499950, 2500310, 500700, 2500310.05) + ")", "strip", "road"},
        {"POLYGON (" + box(500000, 2500400, 500300, 2500700) + ")", "park", "green"},
        {"MULTIPOLYGON ((" + box(500400, 2500450, 500450, 2500500) + "), (" + box(500520, 2500600, 500600, 2500650) + "))",
            "wells", "utility"},
        {"POLYGON (" + box(510000, 2510000, 510100, 2510100) + ")", "far", "reserve"},
    };
}

using test::GeosPtr;
using test::oracleArea;
using test::oracleGeos;

GeosPtr unionAll(const std::vector<GeosPtr>& gs)
{
    std::vector<GEOSGeometry*> clones;
    for (const auto& g : gs)
        if (g)
            clones.push_back(GEOSGeom_clone_r(oracleGeos(), g.get()));
    const GeosPtr c(GEOSGeom_createCollection_r(oracleGeos(), GEOS_GEOMETRYCOLLECTION, clones.data(),
        static_cast<unsigned>(clones.size())));
    return GeosPtr(GEOSUnaryUnion_r(oracleGeos(), c.get()));
}

/// One output feature as the tests compare them: its attributes as text, and its area.
struct Row {
    QString attributes;
    double area = 0;
    bool operator<(const Row& o) const { return attributes != o.attributes ? attributes < o.attributes : area < o.area; }
};

std::vector<GeosPtr> toOracle(const std::vector<Feature>& fs)
{
    std::vector<GeosPtr> out;
    for (const auto& f : fs)
        out.push_back(f.wkt.empty() ? GeosPtr() : test::geosFromWkt(QString::fromStdString(f.wkt)));
    return out;
}

QString parcelText(const Feature& f) { return QString::fromStdString(f.name + "|" + f.extra); }
QString zoneText(const Feature& f) { return QString::fromStdString(f.name + "|" + f.extra); }

/// What GEOS, pair by pair over every pair (no index), says the overlay `id` makes.
std::vector<Row> oracleRows(const QString& id, const std::vector<Feature>& pa, const std::vector<Feature>& za)
{
    const auto a = toOracle(pa), b = toOracle(za);
    const GeosPtr ua = unionAll(a), ub = unionAll(b);
    const bool both = id != "clip" && id != "difference";
    const QString nullA = "|", nullB = "|";
    std::vector<Row> rows;
    const auto add = [&](const GEOSGeometry* g, const QString& text) {
        const double s = oracleArea(g);
        if (s > 0)
            rows.push_back({text, s});
    };
    if (id == "intersection" || id == "union" || id == "identity")
        for (std::size_t i = 0; i < a.size(); ++i)
            for (std::size_t j = 0; j < b.size(); ++j)
                add(GeosPtr(GEOSIntersection_r(oracleGeos(), a[i].get(), b[j].get())).get(),
                    parcelText(pa[i]) + "|" + zoneText(za[j]));
    if (id == "clip")
        for (std::size_t i = 0; i < a.size(); ++i)
            add(GeosPtr(GEOSIntersection_r(oracleGeos(), a[i].get(), ub.get())).get(), parcelText(pa[i]));
    if (id != "clip" && id != "intersection")
        for (std::size_t i = 0; i < a.size(); ++i)
            add(GeosPtr(GEOSDifference_r(oracleGeos(), a[i].get(), ub.get())).get(),
                parcelText(pa[i]) + (both ? "|" + nullB : QString()));
    if (id == "union" || id == "symmetrical-difference")
        for (std::size_t j = 0; j < b.size(); ++j)
            add(GeosPtr(GEOSDifference_r(oracleGeos(), b[j].get(), ua.get())).get(), nullA + "|" + zoneText(za[j]));
    std::sort(rows.begin(), rows.end());
    return rows;
}

QString valueText(const Layer& layer, std::size_t column, std::size_t row)
{
    const auto& c = layer.attributes().column(column);
    return c.isNull(row) ? QString() : QString::fromStdString(c.toString(row));
}

std::vector<Row> resultRows(const Layer& layer)
{
    std::vector<Row> rows;
    for (std::size_t i = 0; i < layer.size(); ++i) {
        QStringList values;
        for (std::size_t c = 0; c < layer.attributes().columnCount(); ++c)
            values << valueText(layer, c, i);
        const GeosPtr g = test::geosFromWkb(toWkb(layer.geometry(i)));
        rows.push_back({values.join('|'), oracleArea(g.get())});
    }
    std::sort(rows.begin(), rows.end());
    return rows;
}

double total(const std::vector<Row>& rows)
{
    double s = 0;
    for (const auto& r : rows)
        s += r.area;
    return s;
}

const QStringList kIds{"clip", "intersection", "difference", "symmetrical-difference", "union", "identity"};

} // namespace

class TestOverlay : public QObject {
    Q_OBJECT

    test::PostgisServer m_db;
    QTemporaryDir m_dir;

    /// Writes `layer` to a GeoPackage in the test's folder and loads it into PostGIS as `table`.
    bool load(const Layer& layer, const QString& table)
    {
        const QString path = m_dir.filePath(table + ".gpkg");
        QFile::remove(path);
        writeLayer(layer, path.toStdString());
        return m_db.loadLayer(path, QString::fromStdString(layer.name()), table);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_db.start(), m_db.why());
    }

    void registered()
    {
        for (const QString& id : kIds) {
            const analysis::Algorithm* a = analysis::findAlgorithm(id.toStdString());
            QVERIFY2(a, qPrintable(id));
            QCOMPARE(a->info().input, analysis::InputKind::VectorAndOverlay);
            QVERIFY(!a->info().titleAr.empty() && !a->info().descriptionAr.empty());
            for (const auto& p : a->info().parameters)
                QVERIFY2(!p.titleAr.empty() && !p.helpAr.empty() && !p.helpEn.empty(), p.name.c_str());
        }
    }

    void againstGeosPairByPair_data()
    {
        QTest::addColumn<QString>("id");
        for (const QString& id : kIds)
            QTest::newRow(qPrintable(id)) << id;
    }

    void againstGeosPairByPair()
    {
        QFETCH(QString, id);
        const auto result = analysis::run(id.toStdString(), {makeLayer("parcels", parcels(), true),
            makeLayer("zones", zones(), false)}, {});
        QCOMPARE(result.layer->geometryType(), GeometryType::MultiPolygon);
        for (std::size_t i = 0; i < result.layer->size(); ++i)
            QCOMPARE(result.layer->geometry(i).type(), GeometryType::MultiPolygon); // touching lines dropped
        const auto expected = oracleRows(id, parcels(), zones());
        const auto got = resultRows(*result.layer);
        QVERIFY(!expected.empty());
        QCOMPARE(got.size(), expected.size());
        for (std::size_t i = 0; i < got.size(); ++i) {
            QCOMPARE(got[i].attributes, expected[i].attributes);
            QVERIFY2(std::abs(got[i].area - expected[i].area) <= 1e-9 * expected[i].area,
                qPrintable(QString("%1: %2 against %3").arg(got[i].attributes).arg(got[i].area, 0, 'g', 17)
                                   .arg(expected[i].area, 0, 'g', 17)));
        }
        QVERIFY(std::abs(total(got) - total(expected)) <= 1e-9 * total(expected));
    }

    void fieldsKeptRenamedAndChosen()
    {
        const auto in = makeLayer("parcels", parcels(), true);
        const auto zs = makeLayer("zones", zones(), false);
        const auto all = analysis::run("intersection", {in, zs}, {});
        QStringList names;
        for (const auto& f : all.layer->attributes().fields())
            names << QString::fromStdString(f.name);
        QCOMPARE(names, QStringList({"name", "code", "name_2", "zone"}));
        const auto some = analysis::run("intersection", {in, zs}, {{"input-fields", "code"}, {"overlay-fields", "name"}});
        names.clear();
        for (const auto& f : some.layer->attributes().fields())
            names << QString::fromStdString(f.name);
        QCOMPARE(names, QStringList({"code", "name"}));
        QCOMPARE(some.layer->size(), all.layer->size());
        const auto clipped = analysis::run("clip", {in, zs}, {});
        QCOMPARE(clipped.layer->attributes().columnCount(), std::size_t(2));
        for (std::size_t i = 0; i < clipped.layer->size(); ++i) // clip keeps the input's ids
            QCOMPARE(clipped.layer->fid(i), clipped.layer->attributes().column("code").integer(i) / 10);
        try {
            (void)analysis::run("intersection", {in, zs}, {{"overlay-fields", "zoen"}});
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("did you mean \"zone\""), e.what());
        }
    }

    void againstPostgis_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("sql"); // the pieces PostGIS makes: attribute columns then g
        const QString pairs = "SELECT a.name, a.code, b.name AS name_2, b.zone, "
                              "ST_CollectionExtract(ST_Intersection(a.geom, b.geom), 3) AS g FROM parcels a JOIN zones b "
                              "ON ST_Intersects(a.geom, b.geom)";
        const QString rest = "SELECT a.name, a.code, NULL AS name_2, NULL AS zone, COALESCE(ST_Difference(a.geom, "
                             "(SELECT ST_Union(b.geom) FROM zones b WHERE ST_Intersects(a.geom, b.geom))), a.geom) AS g "
                             "FROM parcels a";
        const QString restB = "SELECT NULL, NULL, b.name, b.zone, COALESCE(ST_Difference(b.geom, (SELECT "
                              "ST_Union(a.geom) FROM parcels a WHERE ST_Intersects(a.geom, b.geom))), b.geom) AS g FROM zones b";
        QTest::newRow("intersection") << "intersection" << pairs;
        QTest::newRow("difference") << "difference"
                                    << "SELECT a.name, a.code, COALESCE(ST_Difference(a.geom, (SELECT ST_Union(b.geom) "
                                       "FROM zones b WHERE ST_Intersects(a.geom, b.geom))), a.geom) AS g FROM parcels a";
        QTest::newRow("clip") << "clip"
                              << "SELECT a.name, a.code, ST_Intersection(a.geom, (SELECT ST_Union(b.geom) FROM zones b "
                                 "WHERE ST_Intersects(a.geom, b.geom))) AS g FROM parcels a";
        QTest::newRow("union") << "union" << pairs + " UNION ALL " + rest + " UNION ALL " + restB;
        QTest::newRow("symmetrical-difference") << "symmetrical-difference" << rest + " UNION ALL " + restB;
        QTest::newRow("identity") << "identity" << pairs + " UNION ALL " + rest;
    }

    void againstPostgis()
    {
        QFETCH(QString, id);
        QFETCH(QString, sql);
        const auto in = makeLayer("parcels", parcels(), true);
        const auto zs = makeLayer("zones", zones(), false);
        QVERIFY2(load(*in, "parcels") && load(*zs, "zones"), m_db.why());
        const auto result = analysis::run(id.toStdString(), {in, zs}, {});
        QVERIFY2(load(*result.layer, "mine"), m_db.why());
        QVERIFY2(m_db.exec("DROP TABLE IF EXISTS theirs; CREATE TABLE theirs AS SELECT * FROM (" + sql
                     + ") p WHERE g IS NOT NULL AND ST_Area(ST_CollectionExtract(g, 3)) > 0"),
            m_db.why());
        const double theirs = m_db.value("SELECT sum(ST_Area(g)) FROM theirs").toDouble();
        const double mine = m_db.value("SELECT sum(ST_Area(geom)) FROM mine").toDouble();
        QVERIFY2(m_db.ok() && theirs > 0, m_db.why());
        QVERIFY2(std::abs(mine - theirs) <= 1e-6 * theirs, qPrintable(QString("%1 against %2").arg(mine).arg(theirs)));
        const double symDiff = m_db.value("SELECT ST_Area(ST_SymDifference((SELECT ST_Union(geom) FROM mine), "
                                          "(SELECT ST_Union(g) FROM theirs)))").toDouble();
        QVERIFY2(m_db.ok() && symDiff <= 1e-6 * theirs, qPrintable(QString::number(symDiff)));
        // Attribute rows: every column but the geometry, sorted.
        const QString columns = id == "clip" || id == "difference" ? "name, code" : "name, code, name_2, zone";
        const QStringList theirRows = m_db.query("SELECT " + columns + " FROM theirs ORDER BY 1, 2" + (columns.size() > 10 ? ", 3, 4" : ""));
        const QStringList myRows = m_db.query("SELECT " + columns + " FROM mine ORDER BY 1, 2" + (columns.size() > 10 ? ", 3, 4" : ""));
        QVERIFY(!theirRows.isEmpty());
        QCOMPARE(myRows, theirRows);
    }

    void sampleWilayatAgainstReprojectedZoning()
    {
        // The sample's wilayat are in EPSG:4326; a zoning grid in EPSG:32640 over them is reprojected by the overlay.
        const auto wilayat = readLayer(GIS_SOURCE_DIR "/data/dakhiliyah.gpkg", "wilayat");
        std::vector<Feature> grid;
        for (int r = 0; r < 6; ++r)
            for (int c = 0; c < 5; ++c) {
                const double x = 440000 + 50000 * c, y = 2330000 + 45000 * r;
                grid.push_back({"POLYGON (" + box(x, y, x + 50000, y + 45000) + ")", std::string("z").append(std::to_string(r * 5 + c)),
                    c % 2 ? "agricultural" : "residential"});
            }
        const auto zoning = makeLayer("zoning", grid, false, 32640);
        const auto result = analysis::run("intersection", {wilayat, zoning}, {{"overlay-fields", "zone"}});
        QCOMPARE(result.warnings.size(), std::size_t(1));
        QVERIFY2(QString::fromStdString(result.warnings[0]).contains("reprojected"), result.warnings[0].c_str());
        QVERIFY(result.layer->crs() == wilayat->crs());
        QVERIFY2(m_db.loadLayer(GIS_SOURCE_DIR "/data/dakhiliyah.gpkg", "wilayat", "wilayat"), m_db.why());
        QVERIFY2(load(*zoning, "zoning") && load(*result.layer, "mine_w"), m_db.why());
        QVERIFY2(m_db.exec("DROP TABLE IF EXISTS theirs_w; CREATE TABLE theirs_w AS SELECT w.fid, z.zone, "
                           "ST_CollectionExtract(ST_Intersection(w.geom, ST_Transform(z.geom, 4326)), 3) AS g "
                           "FROM wilayat w JOIN zoning z ON ST_Intersects(w.geom, ST_Transform(z.geom, 4326))"),
            m_db.why());
        QVERIFY(m_db.exec("DELETE FROM theirs_w WHERE ST_Area(g) = 0"));
        const double theirs = m_db.value("SELECT sum(ST_Area(g)) FROM theirs_w").toDouble();
        const double mine = m_db.value("SELECT sum(ST_Area(geom)) FROM mine_w").toDouble();
        QVERIFY2(theirs > 0 && std::abs(mine - theirs) <= 1e-6 * theirs, qPrintable(QString("%1 against %2").arg(mine).arg(theirs)));
        const double symDiff = m_db.value("SELECT ST_Area(ST_SymDifference((SELECT ST_Union(geom) FROM mine_w), "
                                          "(SELECT ST_Union(g) FROM theirs_w)))").toDouble();
        QVERIFY2(m_db.ok() && symDiff <= 1e-6 * theirs, qPrintable(QString::number(symDiff)));
        const QString nameField = QString::fromStdString(wilayat->attributes().column(0).name());
        QCOMPARE(m_db.query("SELECT \"" + nameField.toLower() + "\", zone FROM mine_w ORDER BY 1, 2"),
            m_db.query("SELECT w.\"" + nameField.toLower() + "\", t.zone FROM theirs_w t JOIN wilayat w USING (fid) ORDER BY 1, 2"));
    }

    void invalidPolicyOnBothLayers_data()
    {
        QTest::addColumn<bool>("inOverlay");
        QTest::newRow("input") << false;
        QTest::newRow("overlay") << true;
    }

    void invalidPolicyOnBothLayers()
    {
        QFETCH(bool, inOverlay);
        const std::string bowtie = "POLYGON ((500010 2500010, 500090 2500090, 500090 2500010, 500010 2500090, 500010 2500010))";
        auto ps = parcels();
        auto zs = zones();
        (inOverlay ? zs : ps).push_back({bowtie, "bow", inOverlay ? "bad" : "999"});
        const auto in = makeLayer("parcels", ps, true);
        const auto ov = makeLayer("zones", zs, false);
        const QString layer = inOverlay ? "zones" : "parcels";
        const std::int64_t fid = static_cast<std::int64_t>((inOverlay ? zs : ps).size());
        try {
            (void)analysis::run("union", {in, ov}, {});
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Geometry);
            QVERIFY2(QString(e.what()).contains("layer \"" + layer + "\", feature " + QString::number(fid))
                    && QString(e.what()).contains("Self-intersection"),
                e.what());
        }
        analysis::RunOptions skip;
        skip.invalid = analysis::InvalidPolicy::Skip;
        const auto skipped = analysis::run("union", {in, ov}, {}, skip);
        QCOMPARE(skipped.invalid.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(skipped.invalid[0].layer), layer);
        QCOMPARE(skipped.invalid[0].fid, fid);
        QVERIFY(!skipped.invalid[0].repaired);
        const auto clean = oracleRows("union", parcels(), zones());
        QCOMPARE(resultRows(*skipped.layer).size(), clean.size()); // as if the bow-tie were not there

        analysis::RunOptions repair;
        repair.invalid = analysis::InvalidPolicy::Repair;
        const auto repaired = analysis::run("intersection", {in, ov}, {}, repair);
        QCOMPARE(repaired.invalid.size(), std::size_t(1));
        QVERIFY(repaired.invalid[0].repaired);
        // The repaired bow-tie is its two triangles: the brute force on them gives the same pieces.
        auto fixedPs = ps, fixedZs = zs;
        (inOverlay ? fixedZs : fixedPs).back().wkt =
            "MULTIPOLYGON (((500010 2500010, 500050 2500050, 500010 2500090, 500010 2500010)), "
            "((500050 2500050, 500090 2500090, 500090 2500010, 500050 2500050)))";
        const auto expected = oracleRows("intersection", fixedPs, fixedZs);
        const auto got = resultRows(*repaired.layer);
        QCOMPARE(got.size(), expected.size());
        QVERIFY(std::abs(total(got) - total(expected)) <= 1e-9 * total(expected));
    }

    void sameOnOneThreadAndOnAll()
    {
        // 40 × 40 jittered parcels (25 chunks) against 7 × 7 zones: many chunks, many pairs.
        std::vector<Feature> ps, zs;
        for (int i = 0; i < 1600; ++i) {
            const double x = 500000 + (i % 40) * 50.0 + (i * 7 % 11), y = 2500000 + (i / 40) * 50.0 + (i * 13 % 7);
            ps.push_back({"POLYGON ((" + std::to_string(x) + " " + std::to_string(y) + ", " + std::to_string(x + 48) + " "
                    + std::to_string(y + 3) + ", " + std::to_string(x + 45) + " " + std::to_string(y + 47) + ", "
                    + std::to_string(x) + " " + std::to_string(y) + "))",
                "p" + std::to_string(i), std::to_string(i)});
        }
        for (int i = 0; i < 49; ++i) {
            const double x = 500000 + (i % 7) * 300.0, y = 2500000 + (i / 7) * 300.0;
            zs.push_back({"POLYGON (" + box(x, y, x + 300, y + 300) + ")", "z" + std::to_string(i), "zone"});
        }
        const auto in = makeLayer("parcels", ps, true);
        const auto ov = makeLayer("zones", zs, false);
        for (const char* id : {"union", "clip"}) {
            analysis::RunOptions one;
            one.threads = 1;
            const auto a = analysis::run(id, {in, ov}, {}, one);
            const auto b = analysis::run(id, {in, ov}, {});
            QCOMPARE(a.layer->size(), b.layer->size());
            QVERIFY(a.layer->size() > (std::string(id) == "union" ? ps.size() : ps.size() / 2));
            for (std::size_t i = 0; i < a.layer->size(); ++i) {
                QCOMPARE(toWkt(a.layer->geometry(i)), toWkt(b.layer->geometry(i)));
                QCOMPARE(a.layer->attributes().column("name").toString(i), b.layer->attributes().column("name").toString(i));
                QCOMPARE(a.layer->fid(i), b.layer->fid(i));
            }
        }
    }

    void cancel()
    {
        const auto in = makeLayer("parcels", parcels(), true);
        const auto ov = makeLayer("zones", zones(), false);
        analysis::RunOptions before;
        before.feedback.cancel.cancel();
        try {
            (void)analysis::run("union", {in, ov}, {}, before);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Cancelled);
        }
        // Cancelled at the first progress report: the run stops without another chunk.
        std::vector<Feature> many;
        for (int i = 0; i < 2000; ++i)
            many.push_back({"POLYGON (" + box(500000 + i * 10.0, 2500000, 500000 + i * 10.0 + 9, 2500009) + ")",
                "p" + std::to_string(i), std::to_string(i)});
        analysis::RunOptions during;
        std::atomic<int> reports{0};
        during.feedback.progress = [&](double) {
            ++reports;
            during.feedback.cancel.cancel();
        };
        try {
            (void)analysis::run("intersection", {makeLayer("parcels", many, true), ov}, {}, during);
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Cancelled);
        }
        // Every feature checks the token: after the first report, only a worker that was finishing its last feature
        // reports again. At most one report per worker.
        QVERIFY2(reports.load() <= static_cast<int>(usableCores()), qPrintable(QString::number(reports.load())));
    }

    void layersWithoutIndexOrCrs()
    {
        // A layer made without its R-tree (a service's scan-only layer) and an overlay of unknown CRS.
        const auto indexed = makeLayer("parcels", parcels(), true);
        const auto bare = std::make_shared<const Layer>("parcels", indexed->crs(), indexed->geometryType(),
            indexed->geometries(), indexed->attributes(), std::vector<std::int64_t>{}, LoadReport{}, 1, false);
        const auto z = makeLayer("zones", zones(), false);
        const auto noCrs = std::make_shared<const Layer>("zones", Crs(), z->geometryType(), z->geometries(),
            z->attributes());
        const auto result = analysis::run("union", {bare, noCrs}, {});
        const auto expected = oracleRows("union", parcels(), zones());
        QCOMPARE(resultRows(*result.layer).size(), expected.size());
        QVERIFY(std::abs(total(resultRows(*result.layer)) - total(expected)) <= 1e-9 * total(expected));
        QCOMPARE(result.warnings.size(), std::size_t(1));
        QVERIFY2(QString::fromStdString(result.warnings[0]).contains("overlay layer \"zones\" is unknown"),
            result.warnings[0].c_str());
    }

    void featuresWithoutGeometryAndDimensions()
    {
        auto ps = parcels();
        ps.push_back({"", "no geometry", "0"});
        const auto result = analysis::run("clip", {makeLayer("parcels", ps, true), makeLayer("zones", zones(), false)}, {});
        QCOMPARE(result.warnings.size(), std::size_t(1));
        QVERIFY2(QString::fromStdString(result.warnings[0]).contains("1 feature of layer \"parcels\" has no geometry"),
            result.warnings[0].c_str());
        // Points cut by polygons: intersection gives points; union of points with polygons is refused.
        GeometryColumn pts;
        pts.appendPoint(500100, 2500100);
        pts.appendPoint(509000, 2509000);
        AttributeTable t;
        t.addColumn("id", FieldType::Integer).appendInteger(1);
        t.column(0).appendInteger(2);
        t.setRowCount(2);
        const auto points = std::make_shared<const Layer>("wells", Crs::fromEpsg(32640), GeometryType::Point,
            std::move(pts), std::move(t));
        const auto inside = analysis::run("intersection", {points, makeLayer("zones", zones(), false)}, {});
        QCOMPARE(inside.layer->geometryType(), GeometryType::MultiPoint);
        QCOMPARE(inside.layer->size(), std::size_t(1));
        try {
            (void)analysis::run("union", {points, makeLayer("zones", zones(), false)}, {});
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("\"wells\"") && QString(e.what()).contains("\"zones\""), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestOverlay)
#include "tst_overlay.moc"
