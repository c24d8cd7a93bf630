// gis::parseJson and gis::jsonText against Qt's JSON (QJsonDocument), which wrote the project and style files
// before the project module left Qt: the same text for the same documents, so a save changes no byte it did not
// have to. And the limits: nesting depth, syntax errors with their line.

#include <QDir>
#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

#include <cmath>
#include <limits>

#include "gis/core/error.h"
#include "gis/core/numbertext.h"
#include "gis/project/json.h"
#include "support/testsupport.h"

using namespace gis;

namespace {

QByteArray qtText(const QByteArray& json)
{
    return QJsonDocument::fromJson(json).toJson(QJsonDocument::Indented);
}

QByteArray ourText(const QByteArray& json)
{
    return QByteArray::fromStdString(jsonText(parseJson(json.toStdString(), "test")));
}

/// A random number of a random magnitude: whole and fractional, tiny and huge, negative, at the 2^53 edge.
double randomNumber(QRandomGenerator& rng)
{
    switch (rng.bounded(8)) {
    case 0: return double(rng.bounded(2000000)) - 1000000;
    case 1: return rng.generateDouble();
    case 2: return (rng.generateDouble() - 0.5) * std::pow(10.0, rng.bounded(40) - 20);
    case 3: return std::ldexp(1.0, 53) + double(rng.bounded(64)) - 32;
    case 4: return std::round(rng.generateDouble() * 1e6) / 1e3;
    case 5: return std::pow(10.0, rng.bounded(600) - 300);
    case 6: return -std::pow(2.0, rng.bounded(120) - 60);
    default: return double(rng.bounded(100)) / 8;
    }
}

QString randomText(QRandomGenerator& rng)
{
    static const QString pieces[] = {"name", "اسم الولاية", "\"quoted\"", "back\\slash", "tab\there", "line\nbreak",
        QString(QChar(0x01)), QString(QChar(0x1f)), "/slash/", QString::fromUtf8("\xF0\x9F\x97\xBA"), "", "é"};
    QString s;
    for (int i = 0, n = int(rng.bounded(4)); i < n; ++i)
        s += pieces[rng.bounded(int(std::size(pieces)))];
    return s;
}

QJsonValue randomValue(QRandomGenerator& rng, int depth)
{
    const int kind = int(rng.bounded(depth > 4 ? 4 : 7));
    switch (kind) {
    case 0: return randomNumber(rng);
    case 1: return randomText(rng);
    case 2: return rng.bounded(2) == 0;
    case 3: return QJsonValue();
    case 4:
    case 5: {
        QJsonObject o;
        for (int i = 0, n = int(rng.bounded(5)); i < n; ++i)
            o[randomText(rng) + QString::number(i)] = randomValue(rng, depth + 1);
        return o;
    }
    default: {
        QJsonArray a;
        for (int i = 0, n = int(rng.bounded(5)); i < n; ++i)
            a.append(randomValue(rng, depth + 1));
        return a;
    }
    }
}

/// Empty when equal, else both texts from the first byte that differs.
QByteArray firstDifference(const QByteArray& ours, const QByteArray& qt)
{
    qsizetype i = 0;
    while (i < ours.size() && i < qt.size() && ours[i] == qt[i])
        ++i;
    if (i == ours.size() && i == qt.size())
        return {};
    return "at byte " + QByteArray::number(i) + ": ours \"" + ours.mid(i - 30, 90) + "\" Qt \"" + qt.mid(i, 60) + "\"";
}

} // namespace

class TestJson : public QObject {
    Q_OBJECT

private slots:
    void sameTextAsQtForTheRepositorysFiles()
    {
        int files = 0;
        for (const char* folder : {"/data", "/styles", "/layouts"}) {
            QDirIterator it(QString(GIS_SOURCE_DIR) + folder, {"*.json"}, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QByteArray bytes = test::readFile(it.next());
                if (!QJsonDocument::fromJson(bytes).isObject())
                    continue;
                QCOMPARE(ourText(bytes), qtText(bytes));
                ++files;
            }
        }
        QVERIFY2(files >= 10, qPrintable(QString::number(files)));
    }

    void sameTextAsQtForRandomDocuments()
    {
        QRandomGenerator rng(20261207);
        for (int i = 0; i < 2000; ++i) {
            QJsonObject o;
            for (int k = 0, n = int(rng.bounded(6)); k < n; ++k)
                o[QString("k%1").arg(k)] = randomValue(rng, 0);
            const QByteArray compact = QJsonDocument(o).toJson(QJsonDocument::Compact);
            const QByteArray difference = firstDifference(ourText(compact), qtText(compact));
            QVERIFY2(difference.isEmpty(), difference.constData());
        }
    }

    void numbersAsQtWritesThem_data()
    {
        QTest::addColumn<double>("value");
        for (double v : {0.0, -0.0, 1.0, -1.0, 0.1, 1e-4, 1.5e-5, 0.00012, 1e6, 5e5, 1e15, 1e16, 1.5e17, 9007199254740992.0,
                 9007199254740994.0, 9.2233720368547758e18, 1.2345678901234568e20, 1e100, 5e-324, 1.7976931348623157e308,
                 123456789.125, 12345678.9, 100.5, 57.53, 22.93, 652000.5})
            QTest::newRow(QByteArray::number(v, 'g', 17).constData()) << v;
    }

    void numbersAsQtWritesThem()
    {
        QFETCH(double, value);
        const QByteArray qt = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Indented);
        QCOMPARE(QByteArray::fromStdString(jsonText(Json::array({value}))), qt);
    }

    void generalNumberIsPrintfInTheCLocale_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<int>("digits");
        for (double v : {0.0, 1.0, 0.5, 12345.678, 1234567.0, 1.5e20, 1e15, 1.23456789012e-7, 123456789.123, -0.25, 25.0})
            for (int digits : {6, 10, 12, 17})
                QTest::newRow(qPrintable(QString("%1 %2").arg(v, 0, 'g', 17).arg(digits))) << v << digits;
    }

    void generalNumberIsPrintfInTheCLocale()
    {
        QFETCH(double, value);
        QFETCH(int, digits);
        // What QString::number(v, 'g', digits) gave the style files and messages before.
        QCOMPARE(QString::fromStdString(generalNumber(value, digits)), QString::number(value, 'g', digits));
    }

    void nestingIsBounded()
    {
        const auto nested = [](int depth) { return std::string(std::size_t(depth), '[') + std::string(std::size_t(depth), ']'); };
        QVERIFY(parseJson(nested(kMaxJsonDepth), "ok.json").is_array());
        try {
            parseJson(nested(kMaxJsonDepth + 1), "deep.json");
            QFAIL("no error");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Format);
            QVERIFY2(QString(e.what()).startsWith("deep.json: arrays and objects nest deeper than 128 levels"), e.what());
        }
        // A million levels: refused as the parser meets the 129th, without recursion.
        QVERIFY_THROWS_EXCEPTION(Error, parseJson(nested(1000000), "deeper.json"));
    }

    void syntaxErrorsNameLineAndColumn()
    {
        try {
            parseJson("{\n  \"a\": 1,\n  \"b\": [1, 2,,]\n}\n", "broken.json");
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).startsWith("broken.json: line 3, column "), e.what());
        }
        QVERIFY_THROWS_EXCEPTION(Error, parseJson("{\"a\": \"\xff\"}", "utf8.json")); // invalid UTF-8
        QVERIFY_THROWS_EXCEPTION(Error, parseJson("", "empty.json"));
        // A number beyond a double's range (found by fuzz_stylejson): an Error naming the file, not an escape.
        try {
            parseJson("{\"a\": 999999999e99999999000000000000000000000000}", "huge.json");
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).startsWith("huge.json: number overflow"), e.what());
        }
        QVERIFY_THROWS_EXCEPTION(Error, parseJson("{} {}", "two.json"));
    }

    void applyChangesKeepsWhatTheModelDidNotChange()
    {
        JsonOrigin origin;
        origin.written = parseJson("{\"a\": \"#f00\", \"unknown\": 1, \"list\": [{\"x\": 1, \"note\": \"kept\"}, {\"x\": 2}]}", "w");
        origin.loaded = parseJson("{\"a\": \"#ff0000\", \"list\": [{\"x\": 1}, {\"x\": 2}]}", "l");
        // Only list[1].x changed: "a" keeps its short spelling, the unknown key and the note stay.
        const Json current = parseJson("{\"a\": \"#ff0000\", \"list\": [{\"x\": 1}, {\"x\": 3}]}", "c");
        QVERIFY(applyChanges(origin, current)
            == parseJson("{\"a\": \"#f00\", \"unknown\": 1, \"list\": [{\"x\": 1, \"note\": \"kept\"}, {\"x\": 3}]}", "e"));
        // A key the model dropped goes; one it added comes.
        QVERIFY(applyChanges(origin, parseJson("{\"list\": [{\"x\": 1}, {\"x\": 2}], \"b\": true}", "c"))
            == parseJson("{\"unknown\": 1, \"list\": [{\"x\": 1, \"note\": \"kept\"}, {\"x\": 2}], \"b\": true}", "e"));
        QVERIFY(applyChanges(JsonOrigin{}, current) == current);
    }
};

QTEST_MAIN(TestJson)
#include "tst_json.moc"
