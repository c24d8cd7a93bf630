// gis promote as a user runs it: the real binary against a throwaway server (tests/support/postgissupport.h), with a
// pg_service.conf written here. Oracles: the same GeoPackage layers loaded by ogr2ogr and compared in SQL, psql's
// counts, extents and catalogue (pg_constraint, information_schema), md5 of the original files, and the original
// project's rendered PNG (ImageMagick compare -metric AE).

#include <QCryptographicHash>
#include <QFile>
#include <QMap>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include "support/killsupport.h"
#include "support/postgissupport.h"
#include "support/testsupport.h"

namespace {

const QString kGis = GIS_BINARY_DIR "/bin/gis";
const QString kData = GIS_SOURCE_DIR "/data";
const QString kProject = kData + "/dakhiliyah.json";
const QString kGpkg = kData + "/dakhiliyah.gpkg";
const QStringList kLayers{"countries", "governorates", "parcels", "wilayat", "roads", "inspections",
    "building_inspections", "projects", "towns"};

QByteArray md5(const QString& path)
{
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Md5).toHex();
}

/// A dollar-quoted SQL literal for the oracle's own queries (the test's text, with no $q$ in it).
QString dq(const QString& s) { return "$q$" + s + "$q$"; }

} // namespace

class TestCliPromote : public QObject {
    Q_OBJECT

private:
    gis::test::PostgisServer m_db;
    QTemporaryDir m_dir;

    gis::test::ToolResult promote(const QStringList& args) { return gis::test::runTool(kGis, QStringList{"promote"} + args); }

    /// Tables (relkind r) of a schema, sorted, joined by ','.
    QString tablesOf(const QString& schema)
    {
        return m_db.value("SELECT coalesce(string_agg(relname, ',' ORDER BY relname), '') FROM pg_class c JOIN pg_namespace n"
            " ON n.oid = c.relnamespace WHERE n.nspname = " + dq(schema) + " AND relkind = 'r'");
    }

    /// Every table of the database with its row count and an md5 of its rows.
    QString databaseChecksum()
    {
        QStringList parts;
        for (const QString& t : m_db.query("SELECT quote_ident(n.nspname) || '.' || quote_ident(relname) FROM pg_class c"
                 " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE relkind = 'r' AND n.nspname NOT IN"
                 " ('pg_catalog', 'information_schema') ORDER BY 1"))
            parts << t + "=" + m_db.value("SELECT count(*) || ':' || coalesce(md5(string_agg(x::text, ',' ORDER BY x::text)), '') FROM " + t + " x");
        return parts.join(';');
    }

    void write(const QString& path, const QByteArray& bytes)
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes);
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_db.start(), m_db.why());
        write(m_dir.path() + "/pg_service.conf", ("[team]\n" + m_db.connInfo().split(' ').join('\n') + "\n").toUtf8());
        qputenv("PGSERVICEFILE", (m_dir.path() + "/pg_service.conf").toUtf8());
        // The oracle: every layer as ogr2ogr loads it, in its own schema.
        QVERIFY2(m_db.exec("CREATE SCHEMA ogr"), m_db.why());
        for (const QString& l : kLayers)
            QVERIFY2(m_db.loadLayer(kGpkg, l, "ogr." + l), m_db.why());
    }

    void promotesEveryLayerEqualToTheGeoPackage()
    {
        const QByteArray projectMd5 = md5(kProject), gpkgMd5 = md5(kGpkg);
        const QString out = m_dir.path() + "/out/dakhiliyah.postgis.json";
        QDir().mkpath(m_dir.path() + "/out");
        const auto r = promote({kProject, "--to", "team", "-o", out});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.contains("note: hillshade: a raster"));
        // The originals only read.
        QCOMPARE(md5(kProject), projectMd5);
        QCOMPARE(md5(kGpkg), gpkgMd5);
        QVERIFY(!QFile::exists(kData + "/dakhiliyah.postgis.json"));
        QVERIFY(tablesOf("public").contains("inspection_photos"));
        QVERIFY(m_db.value("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'gis_promote_%'") == "0");

        for (const QString& l : kLayers) {
            // Rows: same fids, same geometry bytes, same values, column by column against ogr2ogr's copy.
            QCOMPARE(m_db.value("SELECT count(*) FROM public." + l), m_db.value("SELECT count(*) FROM ogr." + l));
            // Our columns keep the GeoPackage's names ("NAME"); ogr2ogr lower-cases them.
            const QStringList columns = m_db.query("SELECT column_name FROM information_schema.columns WHERE table_schema"
                " = 'public' AND table_name = " + dq(l) + " AND column_name NOT IN ('fid', 'geom')");
            QCOMPARE(columns.size(), m_db.query("SELECT column_name FROM information_schema.columns WHERE table_schema"
                " = 'ogr' AND table_name = " + dq(l) + " AND column_name NOT IN ('fid', 'geom')").size());
            QVERIFY(!columns.isEmpty());
            QString differ = "SELECT count(*) FROM public." + l + " a FULL JOIN ogr." + l + " b USING (fid) WHERE"
                " ST_AsBinary(a.geom) IS DISTINCT FROM ST_AsBinary(b.geom)";
            for (const QString& c : columns)
                differ += " OR a.\"" + c + "\" IS DISTINCT FROM b." + c.toLower();
            const QString differing = m_db.value(differ);
            QVERIFY2(m_db.ok(), m_db.why());
            QCOMPARE(differing, QString("0"));
            // Geometry column typed like ogr2ogr's, with a GIST index and a key continuing after the last fid.
            QCOMPARE(m_db.value("SELECT type || ':' || srid FROM geometry_columns WHERE f_table_schema = 'public' AND f_table_name = " + dq(l)),
                m_db.value("SELECT type || ':' || srid FROM geometry_columns WHERE f_table_schema = 'ogr' AND f_table_name = " + dq(l)));
            QCOMPARE(m_db.value("SELECT count(*) FROM pg_indexes WHERE schemaname = 'public' AND tablename = " + dq(l) + " AND indexdef LIKE '%USING gist (geom)%'"), QString("1"));
            QCOMPARE(m_db.value("SELECT ST_Extent(geom)::text FROM public." + l), m_db.value("SELECT ST_Extent(geom)::text FROM ogr." + l));
            QCOMPARE(m_db.value("SELECT pg_get_serial_sequence('public." + l + "', 'fid') IS NOT NULL"), QString("t"));
        }
        // Types: GeoPackage MEDIUMINT → bigint, DATE → date, TEXT → text.
        QCOMPARE(m_db.query("SELECT column_name || ' ' || data_type FROM information_schema.columns WHERE table_schema = 'public'"
            " AND table_name = 'inspections' AND column_name IN ('fid', 'score', 'inspection_date', 'inspector') ORDER BY 1"),
            QStringList({"fid bigint", "inspection_date date", "inspector text", "score bigint"}));
        // The identity continues after the largest copied fid.
        QVERIFY2(m_db.exec("INSERT INTO public.roads (geom) SELECT geom FROM public.roads LIMIT 1"), m_db.why());
        QCOMPARE(m_db.value("SELECT max(fid) FROM public.roads"), QString::number(m_db.value("SELECT max(fid) FROM ogr.roads").toLongLong() + 1));
        QVERIFY2(m_db.exec("DELETE FROM public.roads WHERE fid > (SELECT max(fid) FROM ogr.roads)"), m_db.why());

        // The new project names the service and the tables; styles and the raster rebased onto its folder.
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonArray layers = QJsonDocument::fromJson(f.readAll()).object()["layers"].toArray();
        // Rasters (the relief and the drone imagery) are files: the sample's source, rebased.
        QFile sample(kProject);
        QVERIFY(sample.open(QIODevice::ReadOnly));
        QMap<QString, QString> rasterSources;
        for (const auto v : QJsonDocument::fromJson(sample.readAll()).object()["layers"].toArray())
            if (v.toObject()["source"].toString().endsWith(".tif"))
                rasterSources[v.toObject()["name"].toString()] = v.toObject()["source"].toString();
        QVERIFY(rasterSources.contains("hillshade"));
        for (const auto v : layers) {
            const QJsonObject o = v.toObject();
            if (rasterSources.contains(o["name"].toString()))
                QCOMPARE(QFileInfo(m_dir.path() + "/out/" + o["source"].toString()).canonicalFilePath(),
                    QFileInfo(kData + "/" + rasterSources[o["name"].toString()]).canonicalFilePath());
            else
                QCOMPARE(o["source"].toString(), QString("PG:service=team"));
        }

        // It renders as the original does, pixel for pixel.
        const QString a = m_dir.path() + "/orig.png", b = m_dir.path() + "/new.png";
        const auto ra = gis::test::runTool(kGis, {"render", kProject, "-o", a});
        QVERIFY2(ra.exitCode == 0, ra.err.constData());
        const auto rb = gis::test::runTool(kGis, {"render", out, "-o", b, "--allow-path", kData, "--allow-path", GIS_SOURCE_DIR "/styles"});
        QVERIFY2(rb.exitCode == 0, rb.err.constData());
        QProcess compare;
        compare.start("compare", {"-metric", "AE", a, b, "null:"});
        compare.waitForFinished(-1);
        QCOMPARE(compare.readAllStandardError().trimmed(), QByteArray("0"));
    }

    void formConstraintsArePresentAndEnforced()
    {
        const QStringList defs = m_db.query("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'public.inspections'::regclass ORDER BY 1");
        QVERIFY(defs.contains("CHECK ((type = ANY (ARRAY['health'::text, 'building'::text])))"));
        QCOMPARE(m_db.value("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'public.inspections'::regclass AND attname = 'inspector'"), QString("t"));
        QCOMPARE(m_db.value("SELECT count(*) FROM pg_constraint WHERE conrelid = 'public.building_inspections'::regclass AND contype = 'u'"), QString("1"));
        // Enforced: each violating INSERT fails, the valid one lands.
        const QString base = "INSERT INTO public.inspections (geom, inspector, inspection_date, wilayat_en, result, type) VALUES"
            " (ST_SetSRID(ST_MakePoint(57.5, 22.9), 4326), ";
        QVERIFY(!m_db.exec(base + "NULL, '2025-01-01', 'Nizwa', 'pass', 'health')"));
        QVERIFY(!m_db.exec(base + "'Salim', '2025-01-01', 'Nizwa', 'pass', 'bogus')"));
        QVERIFY(!m_db.exec(base + "'', '2025-01-01', 'Nizwa', 'pass', 'health')"));
        QVERIFY(!m_db.exec("INSERT INTO public.building_inspections (inspection_id) SELECT inspection_id FROM public.building_inspections LIMIT 1"));
        const QString result = m_db.value("SELECT result FROM public.inspections WHERE result IS NOT NULL LIMIT 1");
        QVERIFY2(m_db.exec(base + "'Salim', '2025-01-01', 'Nizwa', " + dq(result) + ", 'health')"), m_db.why());
        QVERIFY(m_db.exec("DELETE FROM public.inspections WHERE fid > (SELECT max(fid) FROM ogr.inspections)"));
    }

    void aSecondPromoteIsRefusedAndChangesNothing()
    {
        const QString before = databaseChecksum();
        const auto r = promote({kProject, "--to", "team", "-o", m_dir.path() + "/again.json"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("\"public\".\"countries\" exists already"), r.err.constData());
        QCOMPARE(databaseChecksum(), before);
        QVERIFY(!QFile::exists(m_dir.path() + "/again.json"));
        // Neither the input nor a service holding a host.
        QCOMPARE(promote({kProject, "--to", "team", "-o", kProject}).exitCode, 2);
        QCOMPARE(promote({kProject, "--to", "team host=evil", "--schema", "x"}).exitCode, 2);
        QCOMPARE(databaseChecksum(), before);
    }

    void aFailureMidwayLeavesNoTable()
    {
        // A table of the last layer exists: refused before anything is written.
        QVERIFY(m_db.exec("CREATE SCHEMA half; CREATE TABLE half.towns (x int)"));
        auto r = promote({kProject, "--to", "team", "--schema", "half", "-o", m_dir.path() + "/half.json"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("towns"));
        QCOMPARE(tablesOf("half"), QString("towns"));
        // A form rule the data breaks (scores up to 100, the rule says at most 10): the copy fails in the middle,
        // after other layers were created, and nothing of it is left.
        QVERIFY(QFile::copy(kGpkg, m_dir.path() + "/mid.gpkg"));
        write(m_dir.path() + "/mid.json", R"({"version": 1, "layers": [
            {"name": "roads", "source": "mid.gpkg", "layer": "roads"},
            {"name": "inspections", "source": "mid.gpkg", "layer": "inspections", "form": {"items": [
                {"field": "score", "widget": "integer", "constraints": [{"type": "range", "min": 0, "max": 10}]}]}},
            {"name": "towns", "source": "mid.gpkg", "layer": "towns"}]})");
        const QString before = databaseChecksum();
        r = promote({m_dir.path() + "/mid.json", "--to", "team", "--schema", "mid"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("inspections") && r.err.contains("nothing was promoted"), r.err.constData());
        QCOMPARE(tablesOf("mid"), QString());
        QCOMPARE(databaseChecksum(), before);
        QCOMPARE(m_db.value("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'gis_promote_%'"), QString("0"));
        QVERIFY(!QFile::exists(m_dir.path() + "/mid.postgis.json"));
    }

    void hostileNamesAndValuesAreData()
    {
        // (Plain literals: moc's lexer misreads a quote inside a raw string.)
        const QString table = "we\"ird\'; DROP TABLE public.roads; --";
        const QString field = "na\"me\'); DROP TABLE public.roads; --";
        const QString value = "\'; DROP TABLE public.roads; -- \\ \"x\" \ttab\nline";
        const QString code = "a\'); DROP TABLE public.roads; --";
        QJsonObject props{{field, value}, {"kind", code}};
        write(m_dir.path() + "/hostile.geojson", QJsonDocument(QJsonObject{{"type", "FeatureCollection"}, {"name", table},
            {"features", QJsonArray{QJsonObject{{"type", "Feature"}, {"properties", props},
                {"geometry", QJsonObject{{"type", "Point"}, {"coordinates", QJsonArray{57.5, 22.9}}}}}}}}).toJson());
        write(m_dir.path() + "/hostile.json", QJsonDocument(QJsonObject{{"version", 1}, {"layers", QJsonArray{QJsonObject{
            {"name", "h"}, {"source", "hostile.geojson"}, {"form", QJsonObject{{"items", QJsonArray{QJsonObject{
                {"field", "kind"}, {"widget", "value_map"}, {"values", QJsonArray{QJsonObject{{"code", code}, {"label_en", "A"}}}}}}}}}}}}}).toJson());
        const QString roads = m_db.value("SELECT count(*) FROM public.roads");
        const auto r = promote({m_dir.path() + "/hostile.json", "--to", "team", "--schema", "hostile"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(tablesOf("hostile"), table);
        const QString qt = "hostile.\"" + QString(table).replace("\"", "\"\"") + "\"";
        // (Compared in SQL: psql's row output would split the value at its newline.)
        QCOMPARE(m_db.value("SELECT \"" + QString(field).replace("\"", "\"\"") + "\" = " + dq(value) + " FROM " + qt), QString("t"));
        QCOMPARE(m_db.value("SELECT kind FROM " + qt), code);
        QCOMPARE(m_db.value("SELECT count(*) FROM public.roads"), roads);
        // The value map's CHECK holds the code as a literal: another value is refused.
        QVERIFY(!m_db.exec("INSERT INTO " + qt + " (kind) VALUES ('b')"));
        QVERIFY2(m_db.exec("INSERT INTO " + qt + " (kind) VALUES (" + dq(code) + ")"), m_db.why());
    }

    void attachmentsAreCopied()
    {
        // A photo attached to inspection 7 with gis edit, then promoted: media and mapping rows, bytes and links.
        QVERIFY(QFile::copy(kGpkg, m_dir.path() + "/att.gpkg"));
        write(m_dir.path() + "/att.json", R"({"version": 1, "layers": [{"name": "inspections", "source": "att.gpkg",
            "layer": "inspections", "form": {"items": [{"field": "photos", "widget": "photo",
            "media": {"table": "inspection_photos"}}]}}]})");
        const QByteArray photo("\x89PNG\r\n\x1a\n not really a picture \x00\x01\xff", 30);
        write(m_dir.path() + "/att.geojson", QJsonDocument(QJsonObject{{"type", "FeatureCollection"}, {"features",
            QJsonArray{QJsonObject{{"type", "Feature"}, {"id", 7}, {"properties", QJsonObject{}}, {"geometry", QJsonValue()},
                {"attachments", QJsonObject{{"photos", QJsonArray{QJsonObject{{"data", QString::fromLatin1(photo.toBase64())},
                    {"content_type", "image/png"}, {"name", "p1.png"}}}}}}}}}}).toJson());
        const auto edit = gis::test::runTool(kGis, {"edit", m_dir.path() + "/att.gpkg", "--layer", "inspections", "--apply",
            m_dir.path() + "/att.geojson", "--project", m_dir.path() + "/att.json"});
        QVERIFY2(edit.exitCode == 0, edit.err.constData() + edit.out);
        const auto r = promote({m_dir.path() + "/att.json", "--to", "team", "--schema", "att"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(tablesOf("att"), QString("inspection_photos,inspections,inspections_inspection_photos"));
        QCOMPARE(m_db.query("SELECT md5(data) || '|' || content_type || '|' || name FROM att.inspection_photos"),
            QStringList{QString(QCryptographicHash::hash(photo, QCryptographicHash::Md5).toHex()) + "|image/png|p1.png"});
        QCOMPARE(m_db.value("SELECT m.base_id FROM att.inspections_inspection_photos m JOIN att.inspection_photos p ON p.id = m.related_id"), QString("7"));
        // The mapping follows the layer: deleting the inspection deletes its link.
        QVERIFY2(m_db.exec("DELETE FROM att.inspections WHERE fid = 7"), m_db.why());
        QCOMPARE(m_db.value("SELECT count(*) FROM att.inspections_inspection_photos"), QString("0"));
    }

    void aKilledPromoteLeavesAllOrNothing()
    {
        write(m_dir.path() + "/kill.json", R"({"version": 1, "layers": [
            {"name": "parcels", "source": "mid.gpkg", "layer": "parcels"},
            {"name": "inspections", "source": "mid.gpkg", "layer": "inspections"},
            {"name": "towns", "source": "mid.gpkg", "layer": "towns"}]})");
        const auto args = [&](int round) {
            return QStringList{kGis, "promote", m_dir.path() + "/kill.json", "--to", "team", "--schema",
                QString("k%1").arg(round), "-o", m_dir.path() + QString("/kill%1.json").arg(round)};
        };
        const auto fastest = gis::test::fastestRun(args(1000), 1);
        QVERIFY(fastest.count() > 0);
        int whole = 0;
        const auto tally = gis::test::killUntilLanded(std::chrono::microseconds(0), fastest, 14,
            [&](int round) { return gis::test::spawnQuiet(args(round)); },
            [&](int round, int) {
                const QString tables = tablesOf(QString("k%1").arg(round));
                QVERIFY2(tables.isEmpty() || tables == "inspections,parcels,towns", qPrintable(tables));
                whole += !tables.isEmpty();
            });
        QVERIFY(tally.landed >= gis::test::killRounds());
        qInfo("%d kills landed of %d tries; %d left every table (killed after the last COMMIT)", tally.landed, tally.tries, whole);
        // Dead runs' staging schemas go with the next promote, once their sessions have ended.
        while (m_db.value("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND datname = 'oracle'") != "0")
            QThread::yieldCurrentThread();
        const auto r = gis::test::runTool(kGis, QStringList{"promote"} + args(9999).mid(2));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(m_db.value("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'gis_promote_%'"), QString("0"));
    }
};

QTEST_GUILESS_MAIN(TestCliPromote)
#include "tst_clipromote.moc"
