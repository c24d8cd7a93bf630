// The server config file: SHA-256 against sha256sum (the oracle), the file's format and its errors (file and JSON
// path named), the limits, and the defaults without a file.

#include <QTemporaryDir>
#include <QtTest>

#include <string>

#include "gis/core/error.h"
#include "gis/serve/config.h"
#include "support/testsupport.h"

using namespace gis;
using namespace gis::serve;

namespace {
/// JSON written with single quotes (moc cannot read raw strings with these contents): each ' becomes ".
std::string q(std::string text)
{
    for (char& c : text)
        c = c == '\'' ? '"' : c;
    return text;
}
} // namespace

class TestServerConfig : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY2(test::haveTool("sha256sum"), "sha256sum"); }

    void sha256_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("abc") << QByteArray("abc");
        // The padding's edges: 55 bytes fit one block with the length, 56 need two; 64 is a whole block.
        for (int n : {55, 56, 63, 64, 65, 119, 120, 1000})
            QTest::newRow(qPrintable(QString("%1 bytes").arg(n))) << QByteArray(n, char('a' + n % 26));
        static const char kMixed[] = "\xd8\xb3\xd8\xb1\0token\xff"; // 11 bytes and the terminator
        QTest::newRow("utf-8 and zero bytes") << QByteArray(kMixed, sizeof(kMixed) - 1);
    }
    void sha256()
    {
        QFETCH(QByteArray, input);
        const auto r = test::runTool("sha256sum", {}, input.isEmpty() ? QByteArray() : input);
        QCOMPARE(r.exitCode, 0);
        const QString expected = QString::fromLatin1(r.out).section(' ', 0, 0);
        QCOMPARE(QString::fromStdString(sha256Hex(std::string_view(input.constData(), input.size()))), expected);
    }

    void constantTimeCompare()
    {
        QVERIFY(constantTimeEqual("abc", "abc"));
        QVERIFY(!constantTimeEqual("abc", "abd"));
        QVERIFY(!constantTimeEqual("abc", "ab"));
        QVERIFY(constantTimeEqual("", ""));
    }

    void readsAFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("serve.json");
        const std::string hash = sha256Hex("s3cret");
        test::writeFile(path, QByteArray::fromStdString(q("{'public_url': 'https://gis.example.om/',\n            'tokens': [{'name': 'inspections-app', 'sha256': '") + hash + q("'}, {'name': 'viewer', 'sha256': '")
            + std::string(64, 'a') + q("'}],\n            'collections': {'inspections': {'read': 'public', 'write': true, 'writers': ['inspections-app']},\n                            'parcels': {'read': 'token'}},\n            'default': {'read': 'public', 'write': false}}")));
        const ServerConfig config = loadServerConfig(path.toStdString());
        QCOMPARE(QString::fromStdString(config.publicUrl), QString("https://gis.example.om"));
        QCOMPARE(config.tokens.size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(config.tokenName("s3cret").value_or("")), QString("inspections-app"));
        QVERIFY(!config.tokenName("s3cret2"));
        QVERIFY(!config.tokenName(""));
        QVERIFY(config.access("inspections").write);
        QCOMPARE(config.access("inspections").writers, std::vector<std::string>{"inspections-app"});
        QVERIFY(config.access("parcels").read == CollectionAccess::Read::Token);
        QVERIFY(!config.access("parcels").write);
        QVERIFY(config.access("roads").read == CollectionAccess::Read::Public); // the default
        QVERIFY(!config.access("roads").write);
    }

    void withoutAFileEverythingReadableNothingWritable()
    {
        const ServerConfig none;
        QVERIFY(none.access("anything").read == CollectionAccess::Read::Public);
        QVERIFY(!none.access("anything").write);
        QVERIFY(!none.tokenName("x"));
    }

    void errorsNameTheFileAndThePath_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        const std::string h(64, 'b'), upper(64, 'B');
        const auto row = [](const char* name, const std::string& text, const char* message) {
            QTest::newRow(name) << QString::fromStdString(text) << QString(message);
        };
        row("unknown key", q("{'tokenz': []}"), "serve.json: tokenz: unknown key");
        row("bad hash", q("{'tokens': [{'name': 'a', 'sha256': 'abc'}]}"),
            "serve.json: tokens[0].sha256: expected 64 lower-case hex digits");
        row("upper-case hash", q("{'tokens': [{'name': 'a', 'sha256': '" + upper + "'}]}"), "serve.json: tokens[0].sha256: expected 64");
        row("a token in the file", q("{'tokens': [{'name': 'a', 'token': 'plain'}]}"), "serve.json: tokens[0].token: unknown key");
        row("duplicate name", q("{'tokens': [{'name': 'a', 'sha256': '" + h + "'}, {'name': 'a', 'sha256': '" + h + "'}]}"),
            "serve.json: tokens[1].name: another token is named \"a\"");
        row("unknown writer", q("{'collections': {'x': {'write': true, 'writers': ['ghost']}}}"),
            "serve.json: collections.x.writers[0]: no token is named \"ghost\"");
        row("bad read", q("{'default': {'read': 'everyone'}}"), "serve.json: default.read: expected \"public\" or \"token\"");
        row("bad write", q("{'collections': {'x': {'write': 'yes'}}}"), "serve.json: collections.x.write: expected true or false");
        row("not json", "{", "serve.json: line 1");
        row("bad url", q("{'public_url': 'ftp://x'}"), "serve.json: public_url: expected an http");
    }
    void errorsNameTheFileAndThePath()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        try {
            parseServerConfig(text.toStdString(), "serve.json");
            QFAIL("accepted");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).startsWith(message), e.what());
        }
    }

    void limits()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("big.json");
        test::writeFile(path, QByteArray("{\"public_url\": \"http://x\"}") + QByteArray(ServerConfigLimits::kMaxFileBytes, ' '));
        QVERIFY_THROWS_EXCEPTION(Error, loadServerConfig(path.toStdString()));
        QVERIFY_THROWS_EXCEPTION(Error, loadServerConfig(dir.filePath("missing.json").toStdString()));
        std::string many = q("{'tokens': [");
        for (std::size_t i = 0; i <= ServerConfigLimits::kMaxTokens; ++i)
            many += (i ? "," : "") + std::string(q("{'name': 't")) + std::to_string(i) + q("', 'sha256': '")
                + std::string(64, 'c') + "\"}";
        many += "]}";
        try {
            parseServerConfig(many, "serve.json");
            QFAIL("accepted");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("more than 1000 tokens"), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestServerConfig)
#include "tst_serverconfig.moc"
