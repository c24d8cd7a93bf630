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
#include "support/sqlfiltercases.h"

using namespace gis;
using gis::test::generatedGeoJson;
using gis::test::kRows;

namespace {

const QString kSample = QStringLiteral(GIS_SOURCE_DIR "/data/dakhiliyah.gpkg");

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
        for (const test::SqlFilterCase& c : test::sqlFilterCases())
            QTest::newRow(c.expression.toUtf8().constData()) << c.table << c.expression << c.kind << c.marker;
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
