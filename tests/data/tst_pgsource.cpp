// A PostGIS database as a DataSource (libgis/src/data/pg/pgsource.cpp): every layer of the sample GeoPackage,
// loaded with ogr2ogr, reads back equal to libgis's GeoPackage read; listing counts and extents equal psql's;
// views, tables without a key, geography, several geometry columns, NULLs, Arabic, quotes; cancelling a read.

#include <QtTest>

#include <map>
#include <set>

#include "gis/core/error.h"
#include "gis/data/datasource.h"
#include "gis/data/postgis.h"
#include "gis/geom/wkb.h"

#include "support/postgissupport.h"

using gis::Error;
using gis::ErrorCode;

namespace {

const std::string kGpkg = GIS_SOURCE_DIR "/data/dakhiliyah.gpkg";

std::vector<std::uint8_t> wkbOf(const gis::Layer& l, std::size_t i)
{
    return l.geometries().isNull(i) ? std::vector<std::uint8_t>{} : gis::toWkb(l.geometry(i));
}

/// Row index of each feature id.
std::map<std::int64_t, std::size_t> rowsById(const gis::Layer& l)
{
    std::map<std::int64_t, std::size_t> rows;
    for (std::size_t i = 0; i < l.size(); ++i)
        rows[l.fid(i)] = i;
    return rows;
}

} // namespace

class TestPgSource : public QObject {
    Q_OBJECT

private:
    gis::test::PostgisServer m_db;
    std::string source() const { return "PG:" + m_db.connInfo().toStdString(); }
    std::vector<std::string> m_gpkgLayers;

    template <typename F>
    static ErrorCode codeOf(F&& f, std::string* message = nullptr)
    {
        try {
            f();
        } catch (const Error& e) {
            if (message)
                *message = e.what();
            return e.code();
        }
        return static_cast<ErrorCode>(-1);
    }

    const gis::LayerInfo* infoOf(const std::vector<gis::LayerInfo>& infos, const std::string& name)
    {
        for (const auto& i : infos)
            if (i.name == name)
                return &i;
        return nullptr;
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_db.start(), m_db.why());
        for (const gis::LayerInfo& info : gis::DataSource::open(kGpkg).layers()) {
            if (info.geometryType != gis::GeometryType::Unknown) // not the attachment tables: PostGIS lists no such layer
                m_gpkgLayers.push_back(info.name);
            QVERIFY2(m_db.loadLayer(QString::fromStdString(kGpkg), QString::fromStdString(info.name),
                QString::fromStdString(info.name)), m_db.why());
        }
        QVERIFY(!m_gpkgLayers.empty());
        QVERIFY2(m_db.exec(
            "CREATE TABLE nokey (name text, geom geometry(Point, 4326));"
            "INSERT INTO nokey VALUES ('a', 'SRID=4326;POINT(1 2)'), ('b', NULL), ('ج', 'SRID=4326;POINT(3 4)');"
            "CREATE TABLE places (id int4 PRIMARY KEY, label varchar, g geography(Point, 4326));"
            "INSERT INTO places VALUES (7, 'مسقط', 'POINT(58.4 23.6)'), (9, NULL, NULL);"
            "CREATE TABLE twogeoms (id int8 PRIMARY KEY, a geometry(Point, 32640), b geometry(LineString, 32640));"
            "INSERT INTO twogeoms VALUES (1, 'SRID=32640;POINT(1 1)', 'SRID=32640;LINESTRING(0 0, 5 5)');"
            "CREATE TABLE empty_t (id serial PRIMARY KEY, geom geometry(Polygon, 32640));"
            "CREATE TABLE typed (id int2 PRIMARY KEY, n numeric(10,3), f4 float4, b bool, d date, ts timestamp,"
            " tz timestamptz, u uuid, j json, bin bytea, geom geometry(Point, 4326));"
            "INSERT INTO typed VALUES (1, 12.345, 1.5, true, '2025-03-01', '1999-12-31 23:59:59.999',"
            " '2025-03-01 08:30:00+04', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"k\": 1}', '\\x00ff', 'SRID=4326;POINT(0 0)'),"
            " (2, NULL, NULL, false, NULL, NULL, NULL, NULL, NULL, NULL, 'SRID=4326;POINT(1 1)');"
            "CREATE TABLE curvy (id int4 PRIMARY KEY, geom geometry);"
            "INSERT INTO curvy VALUES (1, 'CIRCULARSTRING(0 0, 1 1, 2 0)'), (2, 'POINT(5 5)');"
            "CREATE SCHEMA \"we\"\"ird\";"
            "CREATE TABLE \"we\"\"ird\".\"ta'ble\" (\"i\"\"d\" int4 PRIMARY KEY, \"co\"\"l\" text, geom geometry(Point, 4326));"
            "INSERT INTO \"we\"\"ird\".\"ta'ble\" VALUES (1, '''; DROP TABLE nokey; --', 'SRID=4326;POINT(9 9)');"
            "CREATE VIEW big_roads AS SELECT * FROM roads;"
            "CREATE TABLE many AS SELECT i AS id, ST_SetSRID(ST_MakePoint(i % 1000, i / 1000), 32640)::geometry(Point, 32640)"
            " AS geom FROM generate_series(1, 200000) i; ALTER TABLE many ADD PRIMARY KEY (id);"
            "ANALYZE;"), m_db.why());
    }

    /// Every layer of the GeoPackage: same ids, geometries (WKB), field names, types and values.
    void gpkgLayersReadBack()
    {
        const gis::DataSource gpkg = gis::DataSource::open(kGpkg);
        const gis::DataSource pg = gis::DataSource::open(source());
        QCOMPARE(pg.driverName(), std::string("PostgreSQL"));
        for (const std::string& name : m_gpkgLayers) {
            const auto ours = gpkg.readLayer(name);
            const auto back = pg.readLayer("public." + name);
            QCOMPARE(back->size(), ours->size());
            QVERIFY2(back->crs() == ours->crs(), name.c_str());
            QCOMPARE(back->geometryType(), ours->geometryType());
            QCOMPARE(back->attributes().fields().size(), ours->attributes().fields().size());
            for (std::size_t c = 0; c < ours->attributes().columnCount(); ++c) {
                // ogr2ogr launders names to lower case ("POP_EST" → "pop_est").
                QCOMPARE(QString::fromStdString(back->attributes().column(c).name()),
                    QString::fromStdString(ours->attributes().column(c).name()).toLower());
                QCOMPARE(back->attributes().column(c).type(), ours->attributes().column(c).type());
            }
            const auto rows = rowsById(*back);
            QCOMPARE(rows.size(), ours->size());
            for (std::size_t i = 0; i < ours->size(); ++i) {
                const auto it = rows.find(ours->fid(i));
                QVERIFY2(it != rows.end(), (name + ": feature " + std::to_string(ours->fid(i))).c_str());
                QVERIFY2(wkbOf(*back, it->second) == wkbOf(*ours, i), (name + " " + std::to_string(ours->fid(i))).c_str());
                for (std::size_t c = 0; c < ours->attributes().columnCount(); ++c)
                    QCOMPARE(back->attributes().column(c).toString(it->second), ours->attributes().column(c).toString(i));
            }
            // The bare name of a table in the search path is the same layer.
            QCOMPARE(pg.readLayer(name)->size(), ours->size());
        }
    }

    /// Estimated counts and extents equal what psql reads from the statistics; exact ones equal count(*), ST_Extent.
    void listing()
    {
        const auto infos = gis::DataSource::open(source()).layers();
        gis::ReadOptions exactOptions;
        exactOptions.exactCounts = true;
        const auto exact = gis::DataSource::open(source(), exactOptions).layers();
        QCOMPARE(exact.size(), infos.size());
        for (const std::string& name : m_gpkgLayers) {
            const gis::LayerInfo* i = infoOf(infos, "public." + name);
            QVERIFY2(i, name.c_str());
            const QString t = QString::fromStdString(name);
            QCOMPARE(i->featureCount, m_db.value("SELECT reltuples::int8 FROM pg_class WHERE oid = 'public." + t + "'::regclass").toLongLong());
            const QStringList e = m_db.query("SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM"
                " (SELECT ST_EstimatedExtent('public', '" + t + "', 'geom') AS e) s").first().split('|');
            QCOMPARE(i->extent.minX, e[0].toDouble());
            QCOMPARE(i->extent.maxY, e[3].toDouble());
            const gis::LayerInfo* x = infoOf(exact, "public." + name);
            QCOMPARE(x->featureCount, m_db.value("SELECT count(*) FROM " + t).toLongLong());
            const QStringList ex = m_db.query("SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM"
                " (SELECT ST_Extent(geom) AS e FROM " + t + ") s").first().split('|');
            QCOMPARE(x->extent.minX, ex[0].toDouble());
            QCOMPARE(x->extent.minY, ex[1].toDouble());
            QCOMPARE(x->extent.maxX, ex[2].toDouble());
            QCOMPARE(x->extent.maxY, ex[3].toDouble());
            QCOMPARE(i->crs.authorityCode(), std::string("EPSG:") + m_db.value("SELECT srid FROM geometry_columns"
                " WHERE f_table_name = '" + t + "'").toStdString());
        }
        // A view is listed (no estimate), each geometry column of a table is a layer, geography is listed.
        const gis::LayerInfo* view = infoOf(infos, "public.big_roads");
        QVERIFY(view);
        QCOMPARE(view->featureCount, std::int64_t(-1));
        QCOMPARE(infoOf(exact, "public.big_roads")->featureCount, m_db.value("SELECT count(*) FROM roads").toLongLong());
        QVERIFY(!infoOf(infos, "public.inspection_photos")); // loaded, but without a geometry column
        QVERIFY(infoOf(infos, "public.twogeoms(a)"));
        QVERIFY(infoOf(infos, "public.twogeoms(b)"));
        QCOMPARE(infoOf(infos, "public.twogeoms(b)")->geometryType, gis::GeometryType::LineString);
        QCOMPARE(infoOf(infos, "public.places")->crs.authorityCode(), std::string("EPSG:4326"));
        QCOMPARE(infoOf(infos, "public.empty_t")->featureCount, std::int64_t(0));
        QVERIFY(infoOf(infos, "public.empty_t")->extent.isEmpty());
        QCOMPARE(infoOf(exact, "public.empty_t")->featureCount, std::int64_t(0));
        QVERIFY(infoOf(infos, "we\"ird.ta'ble"));
        QCOMPARE(infoOf(infos, "public.typed")->fields.size(), std::size_t(9)); // the key is the id, not a field
    }

    void tablesOfEveryKind()
    {
        const gis::DataSource pg = gis::DataSource::open(source());
        // No primary key: row numbers from 1; NULL geometry kept; Arabic text.
        const auto nokey = pg.readLayer("nokey");
        QCOMPARE(nokey->size(), std::size_t(3));
        QCOMPARE(nokey->fid(0), std::int64_t(1));
        QCOMPARE(nokey->fid(2), std::int64_t(3));
        QVERIFY(nokey->geometries().isNull(1));
        QCOMPARE(nokey->attributes().column(0).toString(2), std::string("ج"));
        // Geography reads as geometry in EPSG:4326, ids from the key.
        const auto places = pg.readLayer("public.places");
        QCOMPARE(places->crs().authorityCode(), std::string("EPSG:4326"));
        const auto byId = rowsById(*places);
        QCOMPARE(places->geometry(byId.at(7)).bounds().minX, 58.4);
        QCOMPARE(places->attributes().column(0).toString(byId.at(7)), std::string("مسقط"));
        QVERIFY(places->attributes().column(0).isNull(byId.at(9)));
        QVERIFY(places->geometries().isNull(byId.at(9)));
        // Two geometry columns: two layers, the other geometry is not a field.
        const auto b = pg.readLayer("twogeoms(b)");
        QCOMPARE(b->attributes().columnCount(), std::size_t(0));
        QCOMPARE(b->geometries().coordCount(), std::size_t(2));
        QCOMPARE(pg.readLayer("public.twogeoms(a)")->crs().authorityCode(), std::string("EPSG:32640"));
        QCOMPARE(pg.readLayer("empty_t")->size(), std::size_t(0));
        QCOMPARE(pg.readLayer("big_roads")->size(), static_cast<std::size_t>(m_db.value("SELECT count(*) FROM roads").toInt()));
        // Curves are linearised on the server: as many vertices as ST_CurveToLine gives.
        const auto curvy = pg.readLayer("curvy");
        QCOMPARE(curvy->size(), std::size_t(2));
        QCOMPARE(curvy->geometries().coordCount(),
            static_cast<std::size_t>(m_db.value("SELECT ST_NPoints(ST_CurveToLine(geom)) + 1 FROM curvy WHERE id = 1").toInt()));
        // Quotes in names and values: read as they are.
        const auto weird = pg.readLayer("we\"ird.ta'ble");
        QCOMPARE(weird->fid(0), std::int64_t(1));
        QCOMPARE(weird->attributes().column(0).name(), std::string("co\"l"));
        QCOMPARE(weird->attributes().column(0).toString(0), std::string("'; DROP TABLE nokey; --"));
        QCOMPARE(m_db.value("SELECT count(*) FROM nokey"), QString("3"));
    }

    /// Each type against psql's text of the same value.
    void types()
    {
        const auto t = gis::DataSource::open(source()).readLayer("typed");
        const auto& a = t->attributes();
        const auto row = rowsById(*t).at(1);
        QCOMPARE(a.column("n").type(), gis::FieldType::Real);
        QCOMPARE(a.column("n").real(row), 12.345);
        QCOMPARE(a.column("f4").real(row), 1.5);
        QCOMPARE(a.column("b").type(), gis::FieldType::Boolean);
        QCOMPARE(a.column("b").toString(row), std::string("true"));
        QCOMPARE(a.column("d").toString(row), std::string("2025-03-01"));
        QCOMPARE(a.column("ts").integer(row), m_db.value("SELECT (extract(epoch FROM ts AT TIME ZONE 'UTC') * 1000)::int8 FROM typed WHERE id = 1").toLongLong());
        QCOMPARE(a.column("tz").integer(row), m_db.value("SELECT (extract(epoch FROM tz) * 1000)::int8 FROM typed WHERE id = 1").toLongLong());
        QCOMPARE(a.column("u").toString(row), m_db.value("SELECT u FROM typed WHERE id = 1").toStdString());
        QCOMPARE(a.column("j").toString(row), std::string("{\"k\": 1}"));
        QCOMPARE(a.column("bin").type(), gis::FieldType::Binary);
        QCOMPARE(a.column("bin").string(row), std::string_view("\x00\xff", 2));
        const auto other = rowsById(*t).at(2);
        for (const char* f : {"n", "f4", "d", "ts", "tz", "u", "j", "bin"})
            QVERIFY2(a.column(f).isNull(other), f);
    }

    void cancelMidRead()
    {
        const gis::DataSource pg = gis::DataSource::open(source());
        gis::ReadOptions options;
        int reports = 0;
        options.feedback.progress = [&](double f) {
            if (f < 1.0 && ++reports == 2)
                options.feedback.cancel.cancel();
        };
        QCOMPARE(codeOf([&] { pg.readLayer("many", options); }), ErrorCode::Cancelled);
        QCOMPARE(reports, 2);
        // The connection is still usable after the cancel.
        QCOMPARE(pg.readLayer("many")->size(), std::size_t(200000));
    }

    /// filterBox on PostGIS (COPY, and a cursor when a server filter comes too) and on the GeoPackage equals a
    /// brute-force bounds check over the whole layer; the server filter's values are bound, never SQL.
    void filters()
    {
        const gis::DataSource gpkg = gis::DataSource::open(kGpkg);
        const gis::DataSource pg = gis::DataSource::open(source());
        for (const std::string name : {"roads", "parcels", "inspections"}) {
            const auto all = gpkg.readLayer(name);
            gis::Box box = all->extent();
            box = gis::Box(box.minX + box.width() * 0.3, box.minY + box.height() * 0.2, box.minX + box.width() * 0.6,
                box.minY + box.height() * 0.7);
            std::set<std::int64_t> expected;
            for (std::size_t i = 0; i < all->size(); ++i)
                if (!all->geometries().isNull(i) && all->geometry(i).bounds().intersects(box))
                    expected.insert(all->fid(i));
            QVERIFY2(!expected.empty() && expected.size() < all->size(), name.c_str());
            gis::ReadOptions options;
            options.filterBox = box;
            auto idsOf = [](const gis::Layer& l) {
                std::set<std::int64_t> ids;
                for (std::size_t i = 0; i < l.size(); ++i)
                    ids.insert(l.fid(i));
                return ids;
            };
            QCOMPARE(idsOf(*gpkg.readLayer(name, options)), expected);
            QCOMPARE(idsOf(*pg.readLayer(name, options)), expected);
            // A server filter that keeps everything: the cursor path, with the box bound too.
            options.serverFilter = {"$1::int4 = 1", {std::string("1")}};
            const auto viaCursor = pg.readLayer(name, options);
            QCOMPARE(idsOf(*viaCursor), expected);
            QCOMPARE(viaCursor->attributes().columnCount(), all->attributes().columnCount());
        }
        // Values with quotes are bound: they match themselves and change nothing.
        gis::ReadOptions options;
        options.serverFilter = {"\"co\"\"l\" = $1", {std::string("'; DROP TABLE nokey; --")}};
        QCOMPARE(pg.readLayer("we\"ird.ta'ble", options)->size(), std::size_t(1));
        options.serverFilter = {"lanes > $1 AND name_en <> $2", {std::string("2"), std::string("x'y")}};
        const auto wide = pg.readLayer("roads", options);
        QCOMPARE(static_cast<int>(wide->size()), m_db.value("SELECT count(*) FROM roads WHERE lanes > 2 AND name_en <> 'x''y'").toInt());
        QCOMPARE(m_db.value("SELECT count(*) FROM nokey"), QString("3"));
        options.serverFilter = {"lanes > $2", {std::string("2")}};
        QCOMPARE(codeOf([&] { pg.readLayer("roads", options); }), ErrorCode::Argument);
        options.serverFilter = {"lanes > $1", {std::string("2")}};
        QCOMPARE(codeOf([&] { gpkg.readLayer("roads", options); }), ErrorCode::Argument);
    }

    void errors()
    {
        std::string why;
        QCOMPARE(codeOf([&] { gis::DataSource::open(source()).readLayer("nosuch"); }, &why), ErrorCode::Argument);
        QVERIFY2(why.find("nosuch") != std::string::npos && why.find("public.roads") != std::string::npos, why.c_str());
        QVERIFY2(m_db.exec("CREATE DATABASE plain"), m_db.why());
        const std::string plain = "PG:" + m_db.connInfo().replace("dbname=oracle", "dbname=plain").toStdString();
        QCOMPARE(codeOf([&] { gis::DataSource::open(plain); }, &why), ErrorCode::Format);
        QVERIFY2(why.find("PostGIS") != std::string::npos, why.c_str());
        QVERIFY(gis::DataSource::open(source()).rasters().empty());
    }
};

QTEST_GUILESS_MAIN(TestPgSource)
#include "tst_pgsource.moc"
