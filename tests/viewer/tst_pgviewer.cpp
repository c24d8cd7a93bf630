// PostGIS in the viewer (issue #14): Layer ▸ Add PostGIS layer… (services of pg_service.conf, a connection string a
// project refuses to save, errors shown), and colleagues' commits shown without reloading the layer. A throwaway
// server (tests/support/postgissupport.h) is the database; psql is the oracle for counts and values.

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QComboBox>
#include <QLineEdit>
#include <QtTest>

#include <algorithm>
#include <memory>
#include <set>

#include "app/mainwindow.h"
#include "gis/data/layer.h"
#include "gis/data/postgis.h"
#include "gis/render/maprenderer.h"
#include "map/mapdocument.h"
#include "postgis/pgchangewatcher.h"
#include "postgis/pgservices.h"
#include "postgis/postgisdialog.h"
#include "support/postgissupport.h"

using namespace viewer;

namespace {

/// The feature ids of a layer's rows as the viewer numbers them, and the row of each.
std::map<std::int64_t, std::uint32_t> rowsByFid(const MapDocument& doc, int id)
{
    std::map<std::int64_t, std::uint32_t> out;
    const LayerRows rows = doc.rows(id);
    for (std::uint32_t row : rows.all()) {
        const LayerRows::Ref ref = rows.locate(row);
        out[ref.layer->fid(ref.row)] = row;
    }
    return out;
}

QString nameOf(const MapDocument& doc, int id, std::uint32_t row)
{
    const LayerRows::Ref ref = doc.rows(id).locate(row);
    const int field = ref.layer->attributes().indexOf("name");
    return QString::fromStdString(std::string(ref.layer->attributes().column(static_cast<std::size_t>(field)).string(ref.row)));
}

} // namespace

class TestPgViewer : public QObject {
    Q_OBJECT
    gis::test::PostgisServer m_db;
    QTemporaryDir m_dir;
    QString m_host;

    std::unique_ptr<MainWindow> window(std::function<bool(const QString&)> keep = {})
    {
        MainWindow::Options o;
        o.dialogs = false;
        o.useSettings = false;
        o.keepUnsavedSource = std::move(keep);
        auto w = std::make_unique<MainWindow>(o);
        w->resize(800, 600);
        return w;
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_db.start(), m_db.why());
        m_host = m_db.connInfo().section(' ', 0, 0).mid(5);
        QVERIFY(m_db.exec("CREATE TABLE pts (fid serial PRIMARY KEY, name text, v integer, geom geometry(Point, 32640));"
                          "INSERT INTO pts (name, v, geom) SELECT 'p' || i, i, ST_SetSRID(ST_MakePoint(i * 10, i * 5), 32640)"
                          " FROM generate_series(1, 100) i;"
                          "CREATE INDEX ON pts USING gist (geom); ANALYZE pts;"
                          "CREATE TABLE lines (id bigint PRIMARY KEY, geom geometry(LineString, 4326))"));
        QVERIFY(m_db.exec("CREATE DATABASE plain")); // alone: not inside the transaction of several statements
        QFile services(m_dir.filePath("pg_service.conf"));
        QVERIFY(services.open(QIODevice::WriteOnly));
        services.write(("# the team's databases\n[oracle]\nhost=" + m_host + "\nuser=postgres\ndbname=oracle\n\n"
                        "[plain]\nhost=" + m_host + "\nuser=postgres\ndbname=plain\n").toUtf8());
        services.close();
        qputenv("PGSERVICEFILE", services.fileName().toUtf8());
        qputenv("PGSYSCONFDIR", m_dir.filePath("none").toUtf8());
    }

    void serviceNamesAreBounded()
    {
        const PgServices s = pgServiceNames();
        QCOMPARE(s.names, (QStringList{"oracle", "plain"}));
        QVERIFY(s.problems.isEmpty());

        QByteArray text = "[a]\n" + QByteArray(kMaxServiceLine + 1, 'x') + "\n[ b ]\n[a]\n";
        for (int i = 0; i < kMaxServices + 5; ++i)
            text += "[s" + QByteArray::number(i) + "]\nhost=x\n";
        PgServices many;
        readServiceNames(text, "big.conf", many);
        QCOMPARE(many.names.size(), kMaxServices);
        QCOMPARE(many.names.mid(0, 3), (QStringList{"a", "b", "s0"}));
        QCOMPARE(many.problems.size(), 2); // the long line, the services left out
        QVERIFY(many.problems.join(' ').contains("big.conf"));
    }

    void dialogListsTablesWithEstimates()
    {
        PostgisDialog dialog;
        QCOMPARE(dialog.serviceBox()->count(), 2);
        QCOMPARE(dialog.source(), QString("PG:service=oracle"));
        QVERIFY2(dialog.connectNow(), qPrintable(dialog.errorText()));
        // Oracle: the catalogue, and reltuples for the estimate.
        const QStringList tables = m_db.query("SELECT f_table_schema || '.' || f_table_name FROM geometry_columns ORDER BY 1");
        QCOMPARE(dialog.tableList()->topLevelItemCount(), tables.size());
        QStringList listed;
        for (int i = 0; i < dialog.tableList()->topLevelItemCount(); ++i)
            listed << dialog.tableList()->topLevelItem(i)->text(0);
        listed.sort();
        QCOMPARE(listed, tables);
        const auto pts = std::find_if(dialog.tables().begin(), dialog.tables().end(), [](const gis::LayerInfo& i) { return i.name == "public.pts"; });
        QVERIFY(pts != dialog.tables().end());
        QCOMPARE(QString::number(pts->featureCount), m_db.value("SELECT reltuples::bigint FROM pg_class WHERE relname = 'pts'"));
        QVERIFY(dialog.choose("public.pts"));
        QCOMPARE(dialog.chosenLayers(), QStringList{"public.pts"});

        // A database without PostGIS, an unknown service: the library's reason, no crash.
        dialog.serviceBox()->setCurrentText("plain");
        QVERIFY(!dialog.connectNow());
        QVERIFY2(dialog.errorText().contains("PostGIS"), qPrintable(dialog.errorText()));
        dialog.connectionEdit()->setText("service=nope");
        QCOMPARE(dialog.source(), QString("PG:service=nope"));
        QVERIFY(!dialog.connectNow());
        QVERIFY2(dialog.errorText().contains("definition of service \"nope\" not found"), qPrintable(dialog.errorText()));
        QCOMPARE(dialog.tableList()->topLevelItemCount(), 0);
    }

    void serviceLayerSavesAndLoadsAgain()
    {
        auto w = window();
        QCOMPARE(w->addPostgisLayers("PG:service=oracle", {"public.pts"}), 1);
        const int id = w->document()->idAt(0);
        QCOMPARE(QString::number(w->document()->layer(id)->map.vector->size()), m_db.value("SELECT count(*) FROM pts"));
        const QString project = m_dir.filePath("team.json");
        QVERIFY(w->saveProject(project));
        QFile f(project);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject layer = QJsonDocument::fromJson(f.readAll()).object()["layers"].toArray()[0].toObject();
        QCOMPARE(layer["source"].toString(), QString("PG:service=oracle"));
        QCOMPARE(layer["layer"].toString(), QString("public.pts"));

        auto again = window();
        QVERIFY(again->openProject(project));
        const gis::ProjectLayer* pl = again->document()->layer(again->document()->idAt(0));
        QVERIFY2(pl->available, pl->error.c_str());
        QCOMPARE(pl->sourcePath, std::string("PG:service=oracle"));
        QCOMPARE(QString::number(pl->map.vector->size()), m_db.value("SELECT count(*) FROM pts"));
        QVERIFY(again->pgWatcher()->isWatching(again->document()->idAt(0)));
    }

    void connectionStringIsKeptUnsavedOrCancelled()
    {
        const QString source = "PG:" + m_db.connInfo();
        QString asked;
        auto cancel = window([&](const QString& reason) { asked = reason; return false; });
        QCOMPARE(cancel->addPostgisLayers(source, {"public.pts"}), 0);
        QCOMPARE(asked, QString::fromStdString(gis::pg::projectSourceProblem(source.toStdString())));
        QVERIFY(!asked.isEmpty());
        QVERIFY(cancel->document()->layers().empty());

        auto keep = window([](const QString&) { return true; });
        QCOMPARE(keep->addPostgisLayers(source, {"public.pts"}), 1);
        QSignalSpy errors(keep.get(), &MainWindow::errorReported);
        const QString project = m_dir.filePath("refused.json");
        QVERIFY(!keep->saveProject(project));
        QVERIFY(!QFile::exists(project));
        QVERIFY(!errors.isEmpty());
        const QString message = errors.last().first().toString();
        QVERIFY2(message.contains("\"pts\" cannot be saved in a project") && message.contains(asked), qPrintable(message));
        QVERIFY2(!message.contains(m_host), qPrintable(message)); // the reason names the keyword, not its value
    }

    void errorsAreReportedNotThrown()
    {
        auto w = window();
        QSignalSpy errors(w.get(), &MainWindow::errorReported);
        QCOMPARE(w->addPostgisLayers("PG:service=nope", {"public.pts"}), 0);
        QVERIFY(!errors.isEmpty());
        QVERIFY2(errors.last().first().toString().contains("definition of service \"nope\" not found"),
            qPrintable(errors.last().first().toString()));
        QCOMPARE(w->addPostgisLayers("PG:service=oracle", {"public.missing"}), 0);
        QVERIFY(errors.last().first().toString().contains("missing"));
        QVERIFY(w->document()->layers().empty());
    }

    void colleaguesCommitIsPatchedInWithoutReload()
    {
        auto w = window();
        QCOMPARE(w->addPostgisLayers("PG:service=oracle", {"public.pts"}), 1);
        MapDocument& doc = *w->document();
        const int id = doc.idAt(0);
        QVERIFY(w->pgWatcher()->isWatching(id));
        const std::shared_ptr<const gis::Layer> data = doc.layer(id)->map.vector;
        auto rows = rowsByFid(doc, id);
        doc.setSelection(id, {rows.at(3), rows.at(5), rows.at(7)});

        // What drew at (2000, 2000) before: nothing (the points lie in 10..1000 × 5..500, 11 units apart: a 10-unit
        // window around one holds no other).
        const auto drawnAt = [&](double x, double y) {
            gis::RenderRequest request = doc.makeRequest(gis::Box(x - 5, y - 5, x + 5, y + 5), QSize(21, 21));
            const QImage image = gis::renderImage(request).image;
            const QRgb background = image.pixel(0, 0);
            for (int dy = -2; dy <= 2; ++dy)
                for (int dx = -2; dx <= 2; ++dx)
                    if (image.pixel(10 + dx, 10 + dy) != background)
                        return true;
            return false;
        };
        QVERIFY(!drawnAt(2000, 2000));
        QVERIFY(drawnAt(50, 25)); // fid 5 where it is now

        // A colleague (another process: psql) commits an update, a move, a delete and an insert, notifying as the
        // library's edit store does.
        QSignalSpy patched(w->pgWatcher(), &PgChangeWatcher::layerPatched);
        QVERIFY(m_db.exec("BEGIN;"
                          "UPDATE pts SET name = 'changed by a colleague', geom = ST_SetSRID(ST_MakePoint(2000, 2000), 32640) WHERE fid = 5;"
                          "DELETE FROM pts WHERE fid = 7;"
                          "INSERT INTO pts (fid, name, v, geom) VALUES (1000, 'new', 1, ST_SetSRID(ST_MakePoint(3000, 3000), 32640));"
                          "SELECT pg_notify('gis_changes', '{\"layer\":\"public.pts\",\"fids\":[5,1000],\"deleted\":[7],\"session\":\"colleague\"}');"
                          "COMMIT"));
        QVERIFY(patched.wait(20000)); // the socket notifier fires when the notification arrives
        QCOMPARE(patched.last().at(1).toInt(), 3);

        // The unchanged features' data is the very object it was; nothing was reloaded; only 2 rows were read.
        QCOMPARE(doc.layer(id)->map.vector, data);
        QCOMPARE(w->pgWatcher()->reloadCount(), 0);
        QCOMPARE(w->pgWatcher()->featuresRead(), std::int64_t(2));
        // Oracle: psql's rows.
        rows = rowsByFid(doc, id);
        QStringList fids;
        for (const auto& [fid, row] : rows)
            fids << QString::number(fid);
        QCOMPARE(fids, m_db.query("SELECT fid FROM pts ORDER BY fid"));
        QCOMPARE(nameOf(doc, id, rows.at(5)), m_db.value("SELECT name FROM pts WHERE fid = 5"));
        QCOMPARE(nameOf(doc, id, rows.at(1000)), QString("new"));
        QCOMPARE(nameOf(doc, id, rows.at(3)), QString("p3"));
        // The selection keeps its features (the deleted one leaves it).
        std::set<std::int64_t> selected;
        for (std::uint32_t row : doc.selection(id)) {
            const LayerRows::Ref ref = doc.rows(id).locate(row);
            selected.insert(ref.layer->fid(ref.row));
        }
        QCOMPARE(selected, (std::set<std::int64_t>{3, 5}));
        // Drawn where the colleague put it.
        QVERIFY(drawnAt(2000, 2000));
        QVERIFY(!drawnAt(50, 25));
        QVERIFY(drawnAt(3000, 3000));

        // A second commit on a feature the overlay already holds replaces it there.
        QVERIFY(m_db.exec("BEGIN; UPDATE pts SET name = 'again' WHERE fid IN (5, 1000);"
                          "SELECT pg_notify('gis_changes', '{\"layer\":\"public.pts\",\"fids\":[5,1000],\"deleted\":[],\"session\":\"colleague\"}');"
                          "COMMIT"));
        QVERIFY(patched.wait(20000));
        rows = rowsByFid(doc, id);
        QCOMPARE(rows.size(), std::size_t(m_db.value("SELECT count(*) FROM pts").toInt()));
        QCOMPARE(nameOf(doc, id, rows.at(5)), QString("again"));
        QCOMPARE(nameOf(doc, id, rows.at(1000)), QString("again"));
        QCOMPARE(doc.layer(id)->map.edits->added->size(), std::size_t(2));
        QCOMPARE(doc.layer(id)->map.vector, data);
        QCOMPARE(w->pgWatcher()->reloadCount(), 0);

        // This process's own commits are not echoed; "all" reloads the layer (counted).
        QVERIFY(m_db.exec("SELECT pg_notify('gis_changes', '{\"layer\":\"public.pts\",\"all\":true,\"session\":\"colleague\"}')"));
        QVERIFY(patched.wait(20000));
        QCOMPARE(w->pgWatcher()->reloadCount(), 1);
        QVERIFY(doc.layer(id)->map.vector != data);
        QCOMPARE(QString::number(doc.layer(id)->map.vector->size()), m_db.value("SELECT count(*) FROM pts"));
    }
};

QTEST_MAIN(TestPgViewer)
#include "tst_pgviewer.moc"
