// gis serve-token: the hash it prints for a token on stdin is sha256sum's of the token without its final line break,
// and the line it prints is a token entry the server config accepts.

#include <QtTest>

#include "gis/serve/config.h"
#include "support/testsupport.h"

namespace {
const QString kGis = GIS_BINARY_DIR "/bin/gis";
}

class TestServeToken : public QObject {
    Q_OBJECT

private slots:
    void hashesTheTokenOnStdin_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("token");
        QTest::newRow("bare") << QByteArray("s3cret-token") << QByteArray("s3cret-token");
        QTest::newRow("with a line break") << QByteArray("s3cret-token\n") << QByteArray("s3cret-token");
        QTest::newRow("with CRLF") << QByteArray("abc\r\n") << QByteArray("abc");
        QTest::newRow("long") << QByteArray(300, 'z') << QByteArray(300, 'z');
    }
    void hashesTheTokenOnStdin()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, token);
        QVERIFY2(gis::test::haveTool("sha256sum"), "sha256sum");
        const auto r = gis::test::runTool(kGis, {"serve-token", "--name", "field-app"}, input);
        QCOMPARE(r.exitCode, 0);
        const QString expected = QString::fromLatin1(gis::test::runTool("sha256sum", {}, token).out).section(' ', 0, 0);
        QCOMPARE(QString::fromUtf8(r.out).trimmed(),
            QString("{\"name\": \"field-app\", \"sha256\": \"%1\"}").arg(expected));
        const std::string config = "{\"tokens\": [" + r.out.trimmed().toStdString() + "]}";
        const gis::serve::ServerConfig parsed = gis::serve::parseServerConfig(config, "serve.json");
        QCOMPARE(QString::fromStdString(parsed.tokenName(token.toStdString()).value_or("")), QString("field-app"));
    }

    void refusesAnEmptyToken()
    {
        const auto r = gis::test::runTool(kGis, {"serve-token"}, QByteArray());
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("no token on stdin"));
    }
};

QTEST_GUILESS_MAIN(TestServeToken)
#include "tst_servetoken.moc"
