// gis::translateToSql against PostgreSQL itself: for every expression of the table, the rows our engine selects
// (Expression::compile on the layer read with gis::readLayer) are exactly the rows PostgreSQL returns for
// `SELECT fid FROM t WHERE <pushed>` (run through libpq with the parameters bound) and that our engine then
// keeps with the residual. The layers are the sample geodatabase's and a generated one with NULLs, NaN,
// Arabic, quotes, injection attempts, names with quotes and spaces and an ICU (non-"C") collation.

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <libpq-fe.h>

#include "gis/core/error.h"
#include "gis/crs/crs.h"
#include "gis/data/attributetable.h"
#include "gis/geom/geometrycolumn.h"
#include "gis/data/datasource.h"
#include "gis/data/layer.h"
#include "gis/query/expression.h"
#include "gis/data/postgis.h"
#include "gis/query/sqlfilter.h"
#include "support/postgissupport.h"

using namespace gis;

namespace {

const QString kSample = QStringLiteral(GIS_SOURCE_DIR "/data/dakhiliyah.gpkg");

// The generated layer: one row per entry, fid 1..n. Text values are written as JSON strings (escaped here).
struct GenRow {
    const char* name; // nullptr: null
    const char* quoted;
    std::optional<long long> score;
    std::optional<double> ratio; // NaN allowed
    std::optional<bool> flag;
    const char* day;
    const char* stamp;
};

const double kNaN = std::nan("");

const GenRow kRows[] = {
    {"نزوى", "it's", 5, 0.25, true, "2025-03-01", "2025-03-01T08:30:00.250Z"},
    {nullptr, "'; DROP TABLE x; --", std::nullopt, std::nullopt, std::nullopt, nullptr, nullptr},
    {"'; DROP TABLE x; --", "a\"b", 42, kNaN, false, "2024-12-31", "2025-03-01T08:30:00Z"},
    {"100%", "", 100, 0.5, true, "0001-01-01", "1999-12-31T23:59:59.999Z"},
    {"100x", "x", -7, -0.5, false, "2025-02-28", "2025-03-02T00:00:00Z"},
    {"a_b", "%", 9007199254740993LL, 1.0, std::nullopt, "2025-03-02", nullptr},
    {"axb", "_", 9007199254740992LL, kNaN, true, nullptr, "2030-01-01T00:00:00Z"},
    {"a\\b", "\\", 0, 0.0, false, "2025-03-01", "2025-03-01T08:30:00.251Z"},
    {"x\\", "نزوى", 1, 2.5, true, "1970-01-01", "1970-01-01T00:00:00Z"},
    {"ÉCOLE", "École", 2, 1e300, false, "2099-12-31", "2025-03-01T08:00:00Z"},
    {"école", "ÉCOLE", 3, -1e300, true, "2025-03-01", nullptr},
    {"ΩMEGA", "ωmega", 4, 0.1, std::nullopt, "2025-03-01", "2025-03-01T08:30:00.250Z"},
    {"Աբ", "աբ", 5, 0.2, false, "2025-01-01", "2025-01-01T00:00:00Z"},
    {"straße", "STRASSE", 6, 0.3, true, "2025-01-02", "2025-01-02T00:00:00Z"},
    {"STRAßE", "strasse", 7, 0.4, false, "2025-01-03", "2025-01-03T00:00:00Z"},
    {"Nizwa", "nizwa", 8, kNaN, std::nullopt, "2025-01-04", nullptr},
    {"nizwa", "NIZWA", 9, 0.6, true, "2025-01-05", "2025-01-05T00:00:00Z"},
    {"Bahla", "bahla", 10, 0.7, false, nullptr, "2025-01-06T00:00:00Z"},
    {"bahla", "Bahla", 11, 0.8, true, "2025-01-07", "2025-01-07T00:00:00Z"},
    {"", "", 12, 0.9, false, "2025-01-08", "2025-01-08T00:00:00Z"},
    {"a", "a", 13, 1.1, true, "2025-01-09", "2025-01-09T00:00:00Z"},
    {"B", "b", 14, 1.2, false, "2025-01-10", "2025-01-10T00:00:00Z"},
    {"b", "B", std::nullopt, 1.3, true, "2025-01-11", "2025-01-11T00:00:00Z"},
    {"Z", "z", 16, std::nullopt, false, "2025-01-12", "2025-01-12T00:00:00Z"},
    {"z", "Z", 17, 1.5, std::nullopt, "2025-01-13", "2025-01-13T00:00:00Z"},
    {"ن_وى", "نزوى", 18, 1.6, true, "2025-01-14", "2025-01-14T00:00:00Z"},
    {"أدم", "ادم", 19, 1.7, false, "2025-01-15", "2025-01-15T00:00:00Z"},
    {"ادم", "أدم", 20, 1.8, true, "2025-01-16", "2025-01-16T00:00:00Z"},
    {"it's", "\"", 21, 1.9, false, "2025-01-17", "2025-01-17T00:00:00Z"},
    {"Robert'); DROP TABLE gen;--", "$1", 22, 2.0, true, "2025-01-18", "2025-01-18T00:00:00Z"},
};

QByteArray jsonString(const char* s)
{
    if (!s)
        return "null";
    QByteArray out = "\"";
    for (const char* p = s; *p; ++p) {
        if (*p == '"' || *p == '\\')
            out += '\\';
        out += *p;
    }
    return out + "\"";
}

QByteArray generatedGeoJson()
{
    QByteArray out = "{\"type\":\"FeatureCollection\",\"features\":[\n";
    int id = 0;
    for (const GenRow& r : kRows) {
        ++id;
        QByteArray ratio = "null";
        if (r.ratio)
            ratio = std::isnan(*r.ratio) ? QByteArray("NaN") : QByteArray::number(*r.ratio, 'g', 17);
        out += QByteArray(id > 1 ? ",\n" : "") + "{\"type\":\"Feature\",\"id\":" + QByteArray::number(id) +
               ",\"properties\":{\"name\":" + jsonString(r.name) + ",\"na\\\"me\":" + jsonString(r.quoted) +
               ",\"wilayat name\":" + (id % 3 == 0 ? QByteArray("null") : jsonString(r.quoted)) +
               ",\"score\":" + (r.score ? QByteArray::number(*r.score) : QByteArray("null")) +
               ",\"ratio\":" + ratio + ",\"flag\":" + (r.flag ? QByteArray(*r.flag ? "true" : "false") : "null") +
               ",\"day\":" + jsonString(r.day) + ",\"stamp\":" + jsonString(r.stamp) +
               "},\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + QByteArray::number(57 + id * 0.01) +
               ",22.9]}}";
    }
    return out + "\n]}\n";
}

struct PgResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, PgResultDeleter>;

} // namespace

class TestSqlFilter : public QObject {
    Q_OBJECT

private:
    test::PostgisServer m_db;
    PGconn* m_conn = nullptr;
    QTemporaryDir m_dir;
    std::map<QString, std::shared_ptr<const Layer>> m_layers;
    QString m_checksum;

    std::vector<std::int64_t> serverFids(const QString& table, const ServerFilter& filter)
    {
        std::string sql = "SELECT fid FROM " + gis::pg::quoteIdentifier(table.toStdString());
        if (!filter.where.empty())
            sql += " WHERE " + filter.where;
        std::vector<const char*> values;
        for (const auto& p : filter.params)
            values.push_back(p ? p->c_str() : nullptr);
        const PgResult r(PQexecParams(m_conn, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                                      nullptr, nullptr, 0));
        if (PQresultStatus(r.get()) != PGRES_TUPLES_OK)
            throw std::runtime_error(std::string(PQresultErrorMessage(r.get())) + " in " + sql);
        std::vector<std::int64_t> fids;
        for (int i = 0; i < PQntuples(r.get()); ++i)
            fids.push_back(std::stoll(PQgetvalue(r.get(), i, 0)));
        std::sort(fids.begin(), fids.end());
        return fids;
    }

    QString tableChecksum()
    {
        return m_db.value("SELECT count(*) || ' ' || md5(string_agg(g::text, ',' ORDER BY fid)) FROM gen g") + " / " +
               m_db.value("SELECT count(*) FROM x");
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_db.start(), m_db.why());
        for (const char* layer : {"projects", "inspections", "parcels"}) {
            QVERIFY2(m_db.loadLayer(kSample, layer, layer), m_db.why());
            m_layers[layer] = readLayer(kSample.toStdString(), layer);
        }
        const QString gen = m_dir.filePath("gen.geojson");
        QFile f(gen);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(generatedGeoJson());
        f.close();
        QVERIFY2(m_db.loadLayer(gen, {}, "gen"), m_db.why());
        m_layers["gen"] = readLayer(gen.toStdString());
        // Text under a non-"C" collation: ICU's root locale orders 'a' < 'B' < 'b' and folds far more case
        // than our engine. The translation must not depend on it.
        QVERIFY2(m_db.exec("ALTER TABLE gen ALTER COLUMN name TYPE varchar COLLATE \"und-x-icu\";"
                           "ALTER TABLE gen ALTER COLUMN \"na\"\"me\" TYPE varchar COLLATE \"und-x-icu\";"
                           "CREATE TABLE x (a int); INSERT INTO x VALUES (1), (2)"),
                 m_db.why());
        QCOMPARE(m_db.value("SELECT collation_name FROM information_schema.columns WHERE table_name = 'gen' "
                            "AND column_name = 'name'"),
                 QString("und-x-icu"));
        QCOMPARE(m_db.value("SELECT count(*) FROM gen WHERE ratio = 'NaN'"), QString("3"));
        m_checksum = tableChecksum();
        QVERIFY(!m_checksum.isEmpty());

        m_conn = PQconnectdb(m_db.connInfo().toUtf8().constData());
        QVERIFY2(PQstatus(m_conn) == CONNECTION_OK, PQerrorMessage(m_conn));
        // Every layer read by our engine has the rows the table has, with the same fids.
        for (const auto& [table, layer] : m_layers) {
            std::vector<std::int64_t> ours;
            for (std::size_t i = 0; i < layer->size(); ++i)
                ours.push_back(layer->fid(i));
            std::sort(ours.begin(), ours.end());
            QCOMPARE(serverFids(table, {}), ours);
        }
    }

    void cleanupTestCase()
    {
        if (m_conn)
            PQfinish(m_conn);
    }

    void quotesIdentifiers()
    {
        QCOMPARE(gis::pg::quoteIdentifier("name"), std::string("\"name\""));
        QCOMPARE(gis::pg::quoteIdentifier("na\"me"), std::string("\"na\"\"me\""));
        QCOMPARE(gis::pg::quoteIdentifier("wilayat name"), std::string("\"wilayat name\""));
        QCOMPARE(gis::pg::quoteIdentifier("الاسم"), std::string("\"الاسم\""));
        QVERIFY_THROWS_EXCEPTION(Error, gis::pg::quoteIdentifier(std::string("a\0b", 3)));
        QVERIFY_THROWS_EXCEPTION(Error, gis::pg::quoteIdentifier(""));
        QVERIFY_THROWS_EXCEPTION(Error, translateToSql("a = 1", {{std::string("a\0b", 3), FieldType::Integer}}, "geom"));
        QVERIFY_THROWS_EXCEPTION(Error, translateToSql("a = 1", {{"a", FieldType::Integer}}, std::string("g\0", 2)));
        // An expression that does not compile is the engine's error, not SQL.
        QVERIFY_THROWS_EXCEPTION(Error, translateToSql("a = 'x'", {{"a", FieldType::Integer}}, "geom"));
    }

    // kind: "all" (residual empty, `marker` in the SQL), "part" (both non-empty), "none" (nothing pushed).
    void agreesWithPostgres_data()
    {
        QTest::addColumn<QString>("table");
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("marker");
        auto row = [](const char* table, const char* expression, const char* kind, const char* marker) {
            QTest::newRow(expression) << QString(table) << QString::fromUtf8(expression) << QString(kind)
                                      << QString::fromUtf8(marker);
        };
        // projects: the documented examples and every operator
        row("projects", "status = 'in_progress'", "all", " = $1::text");
        row("projects", "status_ar = 'قيد التنفيذ'", "all", "COLLATE \"C\"");
        row("projects", "category_ar IN ('صحة', 'تعليم') AND budget_omr > 500000", "all", " IN (");
        row("projects", "status <> 'completed' AND finish_date < date '2027-01-01'", "all", "::date");
        row("projects", "progress_pct BETWEEN 40 AND 60", "all", " >= ");
        row("projects", "progress_pct NOT BETWEEN 40 AND 60", "all", "(NOT ");
        row("projects", "budget_omr >= 1000000 OR contractor IS NULL", "all", " IS NULL");
        row("projects", "contractor IS NOT NULL", "all", " IS NOT NULL");
        row("projects", "name_en LIKE '%School%'", "all", " LIKE ");
        row("projects", "name_en NOT LIKE '%School%'", "all", " NOT LIKE ");
        row("projects", "name_en ILIKE '%school%'", "all", "translate(");
        row("projects", "name_en NOT ILIKE '%SCHOOL%'", "all", "translate(");
        row("projects", "lower(wilayat_en) = 'nizwa'", "all", "translate(");
        row("projects", "upper(wilayat_en) = 'BAHLA'", "all", "translate(");
        row("projects", "length(name_ar) > 20", "all", "length(");
        row("projects", "wilayat_en || ' ' || category = 'Nizwa health'", "all", " || ");
        row("projects", "start_date >= '2024-01-01'", "all", "::date");
        row("projects", "NOT (status = 'completed')", "all", "(NOT ");
        row("projects", "status NOT IN ('completed', 'planned')", "all", " NOT IN (");
        row("projects", "budget_omr < 250000.5", "all", "::double precision");
        row("projects", "progress_pct * 2 > 100", "none", "");
        row("projects", "round(budget_omr / 1e6, 1) > 1 AND status = 'in_progress'", "part", " = $1::text");
        row("projects", "$x > 57.5 AND status <> 'completed'", "part", " <> ");
        row("projects", "year(start_date) = 2025", "none", "");
        // inspections: 3000 rows
        row("inspections", "result = 'fail' AND year(inspection_date) = 2025 AND wilayat_en = 'Bahla'", "part", " AND ");
        row("inspections", "score < 50 AND type = 'health'", "all", "::bigint");
        row("inspections", "inspection_date >= '2025-03-01' AND score IS NOT NULL", "all", " IS NOT NULL");
        row("inspections", "result_ar = 'راسب' AND type_ar = 'صحي'", "all", "COLLATE");
        row("inspections", "score IN (40 + 2, 100)", "none", "");
        row("inspections", "score IN (42, 100, null)", "all", " IN (");
        row("inspections", "score NOT IN (42, null)", "all", " NOT IN (");
        row("inspections", "score BETWEEN 80 AND null", "all", "NULL");
        row("inspections", "score > 90 OR follow_up_date IS NULL", "all", " OR ");
        row("inspections", "follow_up_date - inspection_date > 30", "none", "");
        row("inspections", "hygiene + storage > 8 AND score > 50", "part", " > ");
        row("inspections", "score = 75.0", "all", "::double precision");
        row("inspections", "score > 74.5", "all", "::double precision");
        row("inspections", "inspector_en ILIKE 'a%'", "all", "translate(");
        row("inspections", "activity LIKE '_%'", "all", " LIKE ");
        row("inspections", "NOT (score > 50)", "all", "(NOT ");
        row("inspections", "score >= 50 AND NOT (result = 'pass') OR type = 'fire'", "all", " OR ");
        row("inspections", "5 < score", "all", " > ");
        row("inspections", "'Nizwa' = wilayat_en", "all", " = ");
        row("inspections", "inspection_date BETWEEN '2025-01-01' AND '2025-06-30'", "all", "::date");
        row("inspections", "inspection_date IN ('2025-03-01', '2025-03-02')", "all", " IN (");
        row("parcels", "land_use IN ('agricultural', 'mixed') AND area_m2 > 5000", "all", " IN (");
        row("parcels", "land_use_ar = 'زراعي' AND $area > 10000", "part", " = ");
        // the generated table: nulls, NaN, quotes, injection, collation, case folding, escapes
        row("gen", "name = '''; DROP TABLE x; --'", "all", " = ");
        row("gen", "name = 'Robert''); DROP TABLE gen;--'", "all", " = ");
        row("gen", "\"na\"\"me\" = 'it''s'", "all", "\"na\"\"me\"");
        row("gen", "\"na\"\"me\" = '$1'", "all", "\"na\"\"me\"");
        row("gen", "\"wilayat name\" IS NULL", "all", "\"wilayat name\"");
        row("gen", "name LIKE '100\\%'", "all", " LIKE ");
        row("gen", "name LIKE '100%'", "all", " LIKE ");
        row("gen", "name LIKE 'a\\_b'", "all", " LIKE ");
        row("gen", "name LIKE 'a_b'", "all", " LIKE ");
        row("gen", "name LIKE 'a\\\\b'", "all", " LIKE ");
        row("gen", "name LIKE 'x\\'", "all", " LIKE ");
        row("gen", "name LIKE '%''%'", "all", " LIKE ");
        row("gen", "name ILIKE 'école'", "all", "translate(");
        row("gen", "name ILIKE 'ωmega'", "all", "translate(");
        row("gen", "name ILIKE 'ա%'", "all", "translate(");
        row("gen", "name ILIKE 'STRASSE'", "all", "translate(");
        row("gen", "lower(name) = 'straße'", "all", "translate(");
        row("gen", "upper(name) = 'ÉCOLE'", "all", "translate(");
        row("gen", "upper(name) = 'ԱԲ'", "all", "translate(");
        row("gen", "lower(\"na\"\"me\") = lower(name)", "all", "translate(");
        row("gen", "name < 'b'", "all", " < ");
        row("gen", "name >= 'Z'", "all", " >= ");
        row("gen", "name BETWEEN 'B' AND 'a'", "all", " <= ");
        row("gen", "name = 'نزوى'", "all", " = ");
        row("gen", "name LIKE 'ن_وى'", "all", " LIKE ");
        row("gen", "name LIKE 'ن\\_وى'", "all", " LIKE ");
        row("gen", "name = 'ادم'", "all", " = ");
        row("gen", "length(name) = 4", "all", "length(");
        row("gen", "ratio > 0.5", "all", "CASE WHEN");
        row("gen", "ratio = 0.25", "all", "CASE WHEN");
        row("gen", "ratio <= 1", "all", "CASE WHEN");
        row("gen", "ratio <> 1", "all", "CASE WHEN");
        row("gen", "ratio BETWEEN 0 AND 1", "all", "CASE WHEN");
        row("gen", "ratio IN (0.25, 0.5)", "all", "CASE WHEN");
        row("gen", "ratio NOT IN (0.25)", "all", "CASE WHEN");
        row("gen", "NOT (ratio > 0.5)", "all", "CASE WHEN");
        row("gen", "ratio > 1e299 OR ratio < -1e299", "all", "CASE WHEN");
        row("gen", "ratio = score", "all", "CASE WHEN");
        row("gen", "flag", "all", "::integer");
        row("gen", "flag = true", "all", "::integer");
        row("gen", "NOT flag", "all", "::integer");
        row("gen", "flag IS NULL", "all", " IS NULL");
        row("gen", "day = '2025-03-01'", "all", "::date");
        row("gen", "day < '1000-01-01'", "all", "::date");
        row("gen", "stamp > '2025-03-01 08:30:00Z'", "all", "::timestamptz");
        row("gen", "stamp = '2025-03-01T08:30:00.250Z'", "all", "::timestamptz");
        row("gen", "stamp = '2025-03-01 12:30+04:00'", "all", "::timestamptz");
        row("gen", "day < stamp", "none", "");
        row("gen", "score > 9007199254740992", "all", "::bigint");
        row("gen", "score = 9007199254740993", "all", "::bigint");
        row("gen", "score % 2 = 0", "none", "");
        row("gen", "score / 0 IS NULL", "none", "");
        row("gen", "(name = 'a' AND score > 1)", "all", " AND ");
        row("gen", "(name = 'a' OR score * 2 > 1) AND ratio > 0", "part", "CASE WHEN");
        row("gen", "(score * 2 > 20 AND name <> 'a')", "part", " <> ");
        row("gen", "name || \"na\"\"me\" = 'نزوىit''s'", "all", " || ");
        row("gen", "name || null IS NULL", "all", "NULL::text");
        row("gen", "null IS NULL", "all", "IS NULL");
        row("gen", "name = null", "all", "NULL::boolean");
        row("gen", "'x' = null", "all", "NULL::boolean");
        row("gen", "lower(name) LIKE null", "all", "NULL::boolean");
        row("gen", "\"na\"\"me\" LIKE '%DROP%'", "all", " LIKE ");
        row("gen", "coalesce(score, 0) = 0", "none", "");
        row("gen", "score IS NULL AND ratio IS NULL", "all", " IS NULL");
        row("gen", "name IN ('نزوى', '''; DROP TABLE x; --', 'a')", "all", " IN (");
        row("gen", "'nizwa' = lower(name)", "all", "translate(");
        row("gen", "score", "all", "<> 0");
        row("gen", "name LIKE \"na\"\"me\"", "none", "");
    }

    void agreesWithPostgres()
    {
        QFETCH(QString, table);
        QFETCH(QString, expression);
        QFETCH(QString, kind);
        QFETCH(QString, marker);
        const Layer& layer = *m_layers.at(table);
        const std::string text = expression.toStdString();

        std::vector<std::int64_t> expected;
        for (const std::uint32_t row : Expression::compile(text, layer).filter())
            expected.push_back(layer.fid(row));
        std::sort(expected.begin(), expected.end());

        const SqlTranslation t = translateToSql(text, layer.attributes().fields(), "geom");
        if (kind == "all") {
            QVERIFY2(t.residual.empty(), t.residual.c_str());
            QVERIFY2(QString::fromStdString(t.pushed.where).contains(marker), t.pushed.where.c_str());
        } else if (kind == "part") {
            QVERIFY(!t.residual.empty());
            QVERIFY2(QString::fromStdString(t.pushed.where).contains(marker), t.pushed.where.c_str());
        } else {
            QVERIFY2(t.pushed.where.empty(), t.pushed.where.c_str());
            QCOMPARE(t.residual, text);
        }

        std::vector<std::int64_t> got;
        try {
            const std::vector<std::int64_t> fids = serverFids(table, t.pushed);
            if (t.residual.empty()) {
                got = fids;
            } else {
                std::map<std::int64_t, std::uint32_t> rowOf;
                for (std::size_t i = 0; i < layer.size(); ++i)
                    rowOf[layer.fid(i)] = static_cast<std::uint32_t>(i);
                std::vector<std::uint32_t> candidates;
                for (const std::int64_t fid : fids)
                    candidates.push_back(rowOf.at(fid));
                for (const std::uint32_t row : Expression::compile(t.residual, layer).filter(&candidates))
                    got.push_back(layer.fid(row));
                std::sort(got.begin(), got.end());
            }
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }
        QCOMPARE(got, expected);
    }

    // The pieces of a split are the conjuncts' own text; parameters are numbered in order, none unused.
    void splitsConjuncts()
    {
        const std::vector<FieldInfo> fields{{"a", FieldType::Integer}, {"b", FieldType::String}};
        SqlTranslation t = translateToSql("a * 2 > 4 AND b = 'x' AND a % 2 = 1", fields, "geom");
        QCOMPARE(t.pushed.where, std::string("((\"b\") COLLATE \"C\" = $1::text)"));
        QCOMPARE(t.pushed.params.size(), std::size_t(1));
        QCOMPARE(*t.pushed.params[0], std::string("x"));
        QCOMPARE(t.residual, std::string("(a * 2 > 4) AND (a % 2 = 1)"));
        // 'x' = null: the literal 'x' is written, then dropped with the comparison that became NULL.
        t = translateToSql("'x' = null AND b = 'y'", fields, "geom");
        QCOMPARE(t.pushed.where, std::string("(NULL::boolean) AND ((\"b\") COLLATE \"C\" = $1::text)"));
        QCOMPARE(t.pushed.params.size(), std::size_t(1));
        QCOMPARE(*t.pushed.params[0], std::string("y"));
        // A text literal with a NUL byte cannot be sent (libpq's parameters end at the first NUL): left to the
        // client. Invalid UTF-8 never gets this far: the engine refuses such an expression.
        t = translateToSql(std::string("b = 'a\0b' AND a = 1", 19), fields, "geom");
        QCOMPARE(t.pushed.where, std::string("(\"a\" = $1::bigint)"));
        QCOMPARE(t.residual, std::string("(b = 'a\0b')", 11));
        QVERIFY_THROWS_EXCEPTION(Error, translateToSql("b = '\xff'", fields, "geom"));
        // Everything pushed: no residual; nothing pushed: the whole text.
        t = translateToSql("a = 1 AND b LIKE 'x%'", fields, "geom");
        QVERIFY(t.residual.empty());
        QCOMPARE(t.pushed.params.size(), std::size_t(2));
        t = translateToSql("a + 1 = 2", fields, "geom");
        QVERIFY(t.pushed.where.empty() && t.pushed.params.empty());
        QCOMPARE(t.residual, std::string("a + 1 = 2"));
    }

    // lower() and ILIKE fold with translate(x, $from, $to): every pair of those strings is our engine's own
    // lower(), and PostgreSQL applies them as ours would, whatever the collation (Armenian stays as it is).
    void foldsCaseAsOurs()
    {
        const std::vector<FieldInfo> fields{{"b", FieldType::String}};
        const SqlTranslation t = translateToSql("lower(b) = 'x'", fields, "geom");
        QCOMPARE(t.pushed.params.size(), std::size_t(3));
        const QString from = QString::fromStdString(*t.pushed.params[0]);
        const QString to = QString::fromStdString(*t.pushed.params[1]);
        const QList<uint> f = from.toUcs4(), l = to.toUcs4();
        QCOMPARE(f.size(), l.size());
        QVERIFY(f.size() > 500);
        qInfo("lower() folds %lld code points (%lld + %lld bytes of parameters)", static_cast<long long>(f.size()),
              static_cast<long long>(t.pushed.params[0]->size()), static_cast<long long>(t.pushed.params[1]->size()));
        AttributeTable table;
        table.addColumn("b", FieldType::String).appendString("");
        GeometryColumn oneGeometry;
        oneGeometry.appendNull();
        const Layer one("one", Crs(), GeometryType::Unknown, oneGeometry, std::move(table), {}, {}, 0, false);
        for (qsizetype i = 0; i < f.size(); ++i) {
            const std::string c = QString::fromUcs4(reinterpret_cast<const char32_t*>(&f[i]), 1).toStdString();
            const std::string lowered = QString::fromUcs4(reinterpret_cast<const char32_t*>(&l[i]), 1).toStdString();
            const std::string expr = "lower('" + (c == "'" ? std::string("''") : c) + "')";
            QCOMPARE(Expression::compile(expr, one).evaluate(0).text, lowered);
        }
        const char* sample = "ÉCOLE Ωμέγα Straße İ Ա نزوى";
        const char* values[] = {sample, t.pushed.params[0]->c_str(), t.pushed.params[1]->c_str()};
        const PgResult r(PQexecParams(m_conn, "SELECT translate($1::text, $2::text, $3::text) COLLATE \"und-x-icu\"",
                                      3, nullptr, values, nullptr, nullptr, 0));
        QCOMPARE(PQresultStatus(r.get()), PGRES_TUPLES_OK);
        AttributeTable sampleTable;
        sampleTable.addColumn("b", FieldType::String).appendString(sample);
        const Layer s("s", Crs(), GeometryType::Unknown, oneGeometry, std::move(sampleTable), {}, {}, 0, false);
        QCOMPARE(std::string(PQgetvalue(r.get(), 0, 0)), Expression::compile("lower(b)", s).evaluate(0).text);
    }

    // Last: the injection attempts of the table above left both tables exactly as they were.
    void injectionChangesNothing()
    {
        QCOMPARE(tableChecksum(), m_checksum);
        QCOMPARE(m_db.value("SELECT count(*) FROM gen"), QString::number(std::size(kRows)));
    }
};

QTEST_GUILESS_MAIN(TestSqlFilter)
#include "tst_sqlfilter.moc"
