// `gis serve --config` as an operator runs it, writing: the real binary on a copy of the sample data, a config file
// with a token's hash, OGC API - Features Part 4 over HTTP with curl. Oracles: sqlite3 on the GeoPackage and
// PRAGMA integrity_check. SIGKILL while writes are in flight loses no acknowledged write, and the server starts again
// on the same file.

#include <QCryptographicHash>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

#include "support/serveprocess.h"

namespace {

const QByteArray kToken = "inspections-app-token-7f3a";

using Server = gis::testing::ServeProcess;

QByteArray run(const QString& program, const QStringList& args)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
    }
    return p.readAllStandardOutput();
}

QString sqlite(const QString& gpkg, const QString& sql)
{
    return QString::fromUtf8(run("sqlite3", {gpkg, sql})).trimmed();
}

/// POSTs one inspection; returns "status id" (id from the Location header, or "-").
QPair<int, QString> create(const Server& s, const QString& inspector, bool withToken = true)
{
    QStringList args = {"-sS", "-o", "/dev/null", "-D", "-", "-w", "%{http_code}", "-X", "POST",
        s.url("/collections/inspections/items"), "-H", "Content-Type: application/geo+json", "--data",
        "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[57.53,22.93]},"
        "\"properties\":{\"result\":\"pass\",\"inspector\":\"" + inspector + "\"}}"};
    if (withToken)
        args << "-H" << "Authorization: Bearer " + QString::fromLatin1(kToken);
    const QString out = QString::fromUtf8(run("curl", args));
    const auto location = QRegularExpression("Location: \\S+/items/(\\d+)").match(out);
    return {out.right(3).toInt(), location.hasMatch() ? location.captured(1) : "-"};
}

bool copyTree(const QString& from, const QString& to)
{
    return QProcess::execute("cp", {"-r", from, to}) == 0;
}

} // namespace

class TestServeWrite : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    QString gpkg() const { return m_dir.path() + "/data/dakhiliyah.gpkg"; }
    QStringList serveArgs() const
    {
        return {"--config", m_dir.path() + "/serve.json", "--allow-path", m_dir.path() + "/styles"};
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(copyTree(GIS_SOURCE_DIR "/data", m_dir.path() + "/data"));
        QVERIFY(copyTree(GIS_SOURCE_DIR "/styles", m_dir.path() + "/styles"));
        const QByteArray hash = QCryptographicHash::hash(kToken, QCryptographicHash::Sha256).toHex();
        QFile config(m_dir.path() + "/serve.json");
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("{\"tokens\":[{\"name\":\"app\",\"sha256\":\"" + hash + "\"}],"
                     "\"collections\":{\"inspections\":{\"write\":true,\"writers\":[\"app\"]}}}");
    }

    void writesNeedTheTokenAndLandInTheFile()
    {
        Server s;
        QVERIFY(s.start(m_dir.path() + "/data/dakhiliyah.json", serveArgs()));
        const QString before = sqlite(gpkg(), "SELECT count(*) FROM inspections");
        QCOMPARE(create(s, "No Token", false).first, 401);
        QCOMPARE(sqlite(gpkg(), "SELECT count(*) FROM inspections"), before);
        const auto [status, id] = create(s, "Salim Al Hinai");
        QCOMPARE(status, 201);
        QCOMPARE(sqlite(gpkg(), "SELECT inspector FROM inspections WHERE fid = " + id), QString("Salim Al Hinai"));
        // A collection the config does not name stays read-only (the guard answers before any route: this token may
        // not write it); the write classes are announced.
        QCOMPARE(QString::fromUtf8(run("curl", {"-sS", "-o", "/dev/null", "-w", "%{http_code}", "-X", "DELETE",
                     "-H", "Authorization: Bearer " + QString::fromLatin1(kToken), s.url("/collections/towns/items/1")})),
            QString("403"));
        const QByteArray conformance = run("curl", {"-sS", s.url("/conformance")});
        QVERIFY(conformance.contains("ogcapi-features-4/1.0/conf/create-replace-delete"));
        // Reads see the write at once, through the features endpoint and a CQL2 filter.
        const QJsonObject page = QJsonDocument::fromJson(run("curl", {"-sS", "-G", s.url("/collections/inspections/items"),
            "--data-urlencode", "filter=inspector = 'Salim Al Hinai'"})).object();
        QCOMPARE(page["numberMatched"].toInt(), 1);
        ::kill(s.process.processId(), SIGTERM);
        QVERIFY(s.process.waitForFinished(20000));
        QCOMPARE(s.process.exitCode(), 0);
    }

    void sigkillDuringWritesLosesNoAcknowledgedWrite()
    {
        Server s;
        QVERIFY(s.start(m_dir.path() + "/data/dakhiliyah.json", serveArgs()));
        QStringList acknowledged;
        for (int i = 0; i < 12; ++i) {
            const auto [status, id] = create(s, QString("acked %1").arg(i));
            QCOMPARE(status, 201);
            acknowledged << id;
        }
        // Two writes in flight when the server is killed: each may or may not land, but the file stays whole.
        QProcess inflight1, inflight2;
        const QStringList body = {"-sS", "-X", "POST", s.url("/collections/inspections/items"), "-H",
            "Authorization: Bearer " + QString::fromLatin1(kToken), "--data",
            "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[57.5,22.9]},"
            "\"properties\":{\"result\":\"fail\",\"inspector\":\"in flight\"}}"};
        inflight1.start("curl", body);
        inflight2.start("curl", body);
        QVERIFY(inflight1.waitForStarted() && inflight2.waitForStarted());
        ::kill(s.process.processId(), SIGKILL);
        QVERIFY(s.process.waitForFinished(20000));
        inflight1.waitForFinished(20000);
        inflight2.waitForFinished(20000);

        QCOMPARE(sqlite(gpkg(), "PRAGMA integrity_check"), QString("ok"));
        QCOMPARE(sqlite(gpkg(), "SELECT count(*) FROM inspections WHERE fid IN (" + acknowledged.join(',') + ")"),
            QString::number(acknowledged.size()));
        QVERIFY(sqlite(gpkg(), "SELECT count(*) FROM inspections WHERE inspector = 'in flight'").toInt() <= 2);

        // The server starts again on the same file (a journal the kill left is recovered) and still writes.
        Server again;
        QVERIFY(again.start(m_dir.path() + "/data/dakhiliyah.json", serveArgs()));
        QCOMPARE(create(again, "after restart").first, 201);
        QCOMPARE(sqlite(gpkg(), "SELECT count(*) FROM inspections WHERE fid IN (" + acknowledged.join(',') + ")"),
            QString::number(acknowledged.size()));
        QCOMPARE(sqlite(gpkg(), "PRAGMA integrity_check"), QString("ok"));
    }
};

QTEST_GUILESS_MAIN(TestServeWrite)
#include "tst_servewrite.moc"
