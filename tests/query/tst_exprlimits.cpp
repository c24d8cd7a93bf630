// The expression language under hostile input: nesting beyond the documented limit is a clear error, never
// a stack overflow; long flat chains (AND, OR, ||, +) are accepted, evaluated correctly and fast; text and
// expression sizes are bounded. Everything runs on a thread with a 512 KiB stack, the smallest a worker gets.

#include <cstdint>
#include <functional>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <QThread>
#include <QtTest>

#include "gis/core/error.h"
#include "gis/crs/crs.h"
#include "gis/data/attributetable.h"
#include "gis/data/layer.h"
#include "gis/query/expression.h"

using gis::Expression;
using gis::FieldType;
using gis::Layer;

namespace {

// The documented limits (docs/expressions.md, "Limits").
constexpr int kLevels = 100;
constexpr std::size_t kMaxText = std::size_t(16) << 20;
constexpr std::size_t kMaxExpression = std::size_t(2) << 20;
constexpr int kRows = 50; // rows 0..49 have v = row; row 50 has v null

std::string repeat(const std::string& s, int n)
{
    std::string out;
    out.reserve(s.size() * static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        out += s;
    return out;
}

/// v: 0..49 then null; s: "r<v>" then null; big: a 1 MiB text on every row.
std::unique_ptr<Layer> makeLayer()
{
    gis::AttributeTable t;
    t.addColumn("v", FieldType::Integer);
    t.addColumn("s", FieldType::String);
    t.addColumn("big", FieldType::String);
    gis::GeometryColumn g;
    const std::string big(std::size_t(1) << 20, 'x');
    for (int row = 0; row <= kRows; ++row) {
        if (row < kRows) {
            t.column(std::size_t(0)).appendInteger(row);
            t.column(std::size_t(1)).appendString(std::string("r").append(std::to_string(row)));
        } else {
            t.column(std::size_t(0)).appendNull();
            t.column(std::size_t(1)).appendNull();
        }
        t.column(std::size_t(2)).appendString(big);
        g.appendNull();
    }
    return std::make_unique<Layer>("limits", gis::Crs::fromEpsg(4326), gis::GeometryType::Point, std::move(g),
                                   std::move(t));
}

/// What compiling `text` and evaluating row `row` gave: the value as text, or the error ("error: ...").
struct Outcome {
    QString value;
    bool queryError = false; // an Error(ErrorCode::Query)
};

Outcome compileAndEvaluate(const std::string& text, const Layer& layer, std::size_t row)
{
    Outcome out;
    try {
        const Expression e = Expression::compile(text, layer);
        const gis::Value v = e.evaluate(row);
        out.value = v.isNull() ? QStringLiteral("<null>") : QString::fromStdString(v.toString());
    } catch (const gis::Error& e) {
        out.queryError = e.code() == gis::ErrorCode::Query;
        out.value = QStringLiteral("error: ") + QString::fromUtf8(e.what());
    } catch (const std::exception& e) {
        out.value = QStringLiteral("unexpected exception: ") + QString::fromUtf8(e.what());
    }
    return out;
}

/// Runs `work` on a thread with a 512 KiB stack (the default of secondary threads on macOS, and what our
/// workers may be given): compile, evaluate and destruction of the tree all happen there.
void onSmallStack(const std::function<void()>& work)
{
    std::unique_ptr<QThread> thread(QThread::create(work));
    thread->setStackSize(512 * 1024);
    thread->start();
    QVERIFY(thread->wait(60'000));
}

/// 1-based character column of the `n`-th (1-based) occurrence of `what` in `text` (ASCII texts only).
int columnOf(const std::string& text, const std::string& what, int n)
{
    std::size_t at = std::string::npos;
    for (int i = 0; i < n; ++i)
        at = text.find(what, at == std::string::npos ? 0 : at + 1);
    return static_cast<int>(at) + 1;
}

// Nested constructs, each `count` deep: prefix + core + suffix.
std::string parens(int n, const std::string& core = "v")
{
    return repeat("(", n) + core + repeat(")", n);
}
std::string nots(int n)
{
    return repeat("NOT ", n) + "v = 3";
}
std::string minuses(int n)
{
    return repeat("-", n) + "v";
}
std::string uppers(int n)
{
    return repeat("upper(", n) + "s" + repeat(")", n);
}
std::string cases(int n)
{
    return repeat("CASE WHEN v > 1 THEN ", n) + "v" + repeat(" END", n);
}
std::string elseCases(int n)
{
    return repeat("CASE WHEN v < 0 THEN 0 ELSE ", n) + "v" + repeat(" END", n);
}
std::string ins(int n)
{
    return repeat("v IN (", n) + "1" + repeat(")", n);
}
// The costliest level measured: OR, AND, a comparison and || around each parenthesis.
std::string mixed(int n)
{
    return repeat("false OR true AND 'x' = 'y' || (", n) + "true" + repeat(")", n);
}

} // namespace

class TestExprLimits : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void tooDeep_data();
    void tooDeep();
    void deepestAccepted_data();
    void deepestAccepted();
    void arithmeticChain_data();
    void arithmeticChain();
    void concatChain_data();
    void concatChain();
    void logicChainMatchesBruteForce_data();
    void logicChainMatchesBruteForce();
    void expressionLength();
    void textLimit_data();
    void textLimit();
    void randomTokensNeverCrash();
    void sameMessagesAsBinaryOperators_data();
    void sameMessagesAsBinaryOperators();

private:
    std::unique_ptr<Layer> m_layer;
};

void TestExprLimits::initTestCase()
{
    m_layer = makeLayer();
}

void TestExprLimits::tooDeep_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("column"); // of the construct that opens level 101
    auto add = [](const char* name, const std::string& text, const std::string& opener) {
        QTest::newRow(name) << QByteArray::fromStdString(text) << columnOf(text, opener, kLevels + 1);
    };
    add("parentheses 20000", parens(20'000), "(");
    add("parentheses 101", parens(kLevels + 1), "(");
    add("NOT 60000", nots(60'000), "NOT");
    add("unary minus 60000", minuses(60'000), "-");
    add("unary minus 101", minuses(kLevels + 1), "-");
    add("nested calls 10000", uppers(10'000), "upper");
    add("nested concat() 10000", repeat("concat('a', ", 10'000) + "s" + repeat(")", 10'000), "concat");
    add("nested CASE 10000", cases(10'000), "CASE");
    add("nested ELSE CASE 10000", elseCases(10'000), "CASE");
    add("nested IN lists 10000", ins(10'000), "(");
    add("mixed levels 10000", mixed(10'000), "(");
    // Each - and each ( is a level: level 101 is the 51st "-", at column 101.
    QTest::newRow("minus and parentheses") << QByteArray::fromStdString(repeat("-(", 60)) << 101;
    add("unclosed 20000", repeat("(", 20'000), "(");     // too deep is found before "missing )"
}

void TestExprLimits::tooDeep()
{
    QFETCH(QByteArray, text);
    QFETCH(int, column);
    Outcome out;
    onSmallStack([&] { out = compileAndEvaluate(text.toStdString(), *m_layer, 0); });
    QVERIFY2(out.queryError, qPrintable(out.value));
    QCOMPARE(out.value.section(QStringLiteral(" \u2014 "), 0, 0),
             QStringLiteral("error: expression too deeply nested (more than 100 levels) at column %1").arg(column));
}

void TestExprLimits::deepestAccepted_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("row");
    QTest::addColumn<QString>("expected");
    auto add = [](const char* name, const std::string& text, int row, const char* expected) {
        QTest::newRow(name) << QByteArray::fromStdString(text) << row << QString::fromUtf8(expected);
    };
    add("parentheses", parens(kLevels), 7, "7");
    add("NOT (even)", nots(kLevels), 3, "true");
    add("NOT (odd)", nots(kLevels - 1), 3, "false");
    add("NOT null", nots(kLevels), kRows, "<null>");
    add("unary minus (even)", minuses(kLevels), 5, "5");
    add("unary minus (odd)", minuses(kLevels - 1), 5, "-5");
    add("unary plus is no level", repeat("+", 60'000) + "v", 9, "9");
    add("nested calls", uppers(kLevels), 4, "R4");
    add("nested CASE", cases(kLevels), 6, "6");
    add("nested CASE, no match", cases(kLevels), 1, "<null>");
    add("nested ELSE CASE", elseCases(kLevels), 8, "8");
    add("nested IN lists", ins(kLevels), 1, "true"); // v IN (v IN (... (1))): 1 IN (true) is true
    add("mixed levels", mixed(kLevels), 0, "false");
    // v * 2 - (v * 2 - (... (1))) with v = 1 is 2 - 1 = 1 at every level.
    add("mixed with arithmetic", repeat("v * 2 - (", kLevels) + "1" + repeat(")", kLevels), 1, "1");
}

void TestExprLimits::deepestAccepted()
{
    QFETCH(QByteArray, text);
    QFETCH(int, row);
    QFETCH(QString, expected);
    Outcome out;
    onSmallStack([&] { out = compileAndEvaluate(text.toStdString(), *m_layer, static_cast<std::size_t>(row)); });
    QCOMPARE(out.value, expected);
}

void TestExprLimits::arithmeticChain_data()
{
    QTest::addColumn<int>("terms");
    QTest::addColumn<bool>("alternate"); // 1 - 2 + 3 - 4 ... instead of 1 + 2 + 3 ...
    for (const int n : {10'000, 100'000}) {
        QTest::addRow("+ %d", n) << n << false;
        QTest::addRow("+- %d", n) << n << true;
    }
}

void TestExprLimits::arithmeticChain()
{
    QFETCH(int, terms);
    QFETCH(bool, alternate);
    std::string text = "1";
    std::int64_t expected = 1; // brute force, term by term
    for (int i = 2; i <= terms; ++i) {
        const bool minus = alternate && i % 2 == 0;
        text += (minus ? " - " : " + ") + std::to_string(i);
        expected += minus ? -i : i;
    }
    if (!alternate)
        QCOMPARE(expected, std::int64_t(terms) * (terms + 1) / 2);
    Outcome out;
    onSmallStack([&] { out = compileAndEvaluate(text, *m_layer, 0); });
    QCOMPARE(out.value, QString::number(expected));
}

void TestExprLimits::concatChain_data()
{
    QTest::addColumn<int>("terms");
    QTest::addRow("|| 10000") << 10'000;
    QTest::addRow("|| 100000") << 100'000;
}

void TestExprLimits::concatChain()
{
    QFETCH(int, terms);
    // Text, numbers and a field alternate: 'a0' || 1 || s || 'a3' || ...
    std::string text;
    std::string expected;
    const int row = 12;
    for (int i = 0; i < terms; ++i) {
        if (i > 0)
            text += " || ";
        // (Appending piece by piece: GCC 12 warns wrongly about "a" + std::string at -O3.)
        const std::string number = std::to_string(i);
        switch (i % 3) {
        case 0: text.append("'a").append(number).append("'"); expected.append("a").append(number); break;
        case 1: text.append(number); expected.append(number); break;
        default: text.append("s"); expected.append("r").append(std::to_string(row)); break;
        }
    }
    Outcome out;
    onSmallStack([&] { out = compileAndEvaluate(text, *m_layer, row); });
    QCOMPARE(out.value.size(), QString::fromStdString(expected).size());
    QVERIFY(out.value == QString::fromStdString(expected));
    // One null operand makes the whole chain null.
    onSmallStack([&] { out = compileAndEvaluate(text + " || s", *m_layer, kRows); });
    QCOMPARE(out.value, QStringLiteral("<null>"));
}

void TestExprLimits::logicChainMatchesBruteForce_data()
{
    QTest::addColumn<int>("terms");
    QTest::addColumn<bool>("useAnd"); // v <> k AND ... instead of v = k OR ...
    for (const int n : {10'000, 100'000}) {
        QTest::addRow("OR %d", n) << n << false;
        QTest::addRow("AND %d", n) << n << true;
    }
}

void TestExprLimits::logicChainMatchesBruteForce()
{
    QFETCH(int, terms);
    QFETCH(bool, useAnd);
    // Terms drawn from [0, 1e6) so that only some of the 50 rows are named; the row with a null v matches
    // neither form (null = k is unknown).
    std::mt19937 random(20261206u + static_cast<unsigned>(terms));
    std::uniform_int_distribution<int> draw(0, 999'999);
    std::set<int> named;
    std::string text;
    for (int i = 0; i < terms; ++i) {
        const int k = i < 3 ? i * 17 : draw(random); // rows 0, 17, 34 named for sure
        named.insert(k);
        if (i > 0)
            text += useAnd ? " AND " : " OR ";
        text += (useAnd ? "v <> " : "v = ") + std::to_string(k);
    }
    std::vector<std::uint32_t> expected;
    for (int v = 0; v < kRows; ++v)
        if ((named.count(v) > 0) != useAnd)
            expected.push_back(static_cast<std::uint32_t>(v));
    QVERIFY(expected.size() > 2 && expected.size() < kRows - 2);

    std::vector<std::uint32_t> rows;
    QString error;
    onSmallStack([&] {
        try {
            rows = Expression::compile(text, *m_layer).filter();
        } catch (const std::exception& e) {
            error = QString::fromUtf8(e.what());
        }
    });
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(rows, expected);
}

void TestExprLimits::expressionLength()
{
    // Exactly at the limit: accepted (a number padded with spaces).
    std::string text = "1" + std::string(kMaxExpression - 1, ' ');
    QCOMPARE(compileAndEvaluate(text, *m_layer, 0).value, QStringLiteral("1"));
    text += ' ';
    const Outcome out = compileAndEvaluate(text, *m_layer, 0);
    QVERIFY(out.queryError);
    QCOMPARE(out.value, QStringLiteral("error: expression too long: %1 bytes, more than the limit of 2 MiB")
                            .arg(kMaxExpression + 1));
}

void TestExprLimits::textLimit_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected"); // a value, or the start of the message
    const int mib = 1 << 20;
    auto add = [](const char* name, const std::string& text, const QString& expected) {
        QTest::newRow(name) << QByteArray::fromStdString(text) << expected;
    };
    const std::string big16 = "big" + repeat(" || big", 15);
    const QString tooLong = QStringLiteral("error: text too long: more than 16 MiB (the limit) built by ");
    add("|| up to the limit", "length(" + big16 + ")", QString::number(16 * mib));
    const std::string past = "length(" + big16 + " || 'x')"; // the chain's column is its last ||, the 16th
    add("|| past the limit", past, tooLong + QStringLiteral("\"||\" for row 2 at column %1").arg(columnOf(past, "||", 16)));
    add("concat() past the limit", "length(concat(" + repeat("big, ", 16) + "'x'))",
        tooLong + QStringLiteral("concat() for row 2 at column 8"));
    // Every nested upper() result is held until the outermost is done: 17 of them pass the limit...
    add("nested upper() held at once", "length(" + repeat("upper(", 17) + "big" + repeat(")", 17) + ")",
        tooLong + QStringLiteral("upper() for row 2 at column 8")); // the outermost, the 17th result
    add("nested upper() within the limit", "length(" + repeat("upper(", 16) + "big" + repeat(")", 16) + ")",
        QString::number(mib));
    // ...but text no result refers to any more is released: 40 MiB built in turn is fine.
    add("released between terms", "length(upper(big))" + repeat(" + length(upper(big))", 39),
        QString::number(40 * mib));
    add("released by comparisons", "upper(big) = 'x'" + repeat(" OR lower(big) || big = 'x'", 39), "false");
}

void TestExprLimits::textLimit()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);
    const Outcome out = compileAndEvaluate(text.toStdString(), *m_layer, 2);
    if (expected.startsWith(QStringLiteral("error:"))) {
        QVERIFY(out.queryError);
        QCOMPARE(out.value, expected);
    } else {
        QCOMPARE(out.value, expected);
    }
}

void TestExprLimits::randomTokensNeverCrash()
{
    // Not a fuzzer (tests/fuzz has those): a fixed sample of token soups and byte noise, to show that any
    // text is compiled and evaluated or refused with an Error(Query), on a small stack.
    const std::vector<std::string> pieces = {
        "(", ")", "NOT ", "-", "+", "v", "s", "1", "2.5", "'x'", " OR ", " AND ", " || ", " = ", " < ", ",",
        "upper(", "concat(", "coalesce(", "CASE WHEN ", " THEN ", " ELSE ", " END", " IN (", " BETWEEN ",
        " LIKE ", " IS NULL", " IS NOT ", "null", "true", "date '2025-01-01'", "$x", "\"v\"", "*", "/", "%"};
    std::mt19937 random(42);
    std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
    std::uniform_int_distribution<int> length(1, 400);
    std::uniform_int_distribution<int> byte(0, 255);
    QString failure;
    int compiled = 0;
    onSmallStack([&] {
        for (int i = 0; i < 3000 && failure.isEmpty(); ++i) {
            std::string text;
            const int n = length(random);
            for (int k = 0; k < n; ++k)
                text += i % 10 == 9 ? std::string(1, static_cast<char>(byte(random))) : pieces[pick(random)];
            if (i % 100 == 0) // deep ones too
                text = repeat("(NOT -", 200) + text;
            try {
                const Expression e = Expression::compile(text, *m_layer);
                ++compiled;
                e.filter();
                e.evaluate(kRows);
            } catch (const gis::Error& e) {
                if (e.code() != gis::ErrorCode::Query)
                    failure = QString::fromStdString(text) + ": " + QString::fromUtf8(e.what());
            } catch (const std::exception& e) {
                failure = QString::fromStdString(text) + ": " + QString::fromUtf8(e.what());
            }
        }
    });
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    QVERIFY(compiled > 0); // the sample is not all rejected by the first check
}

// Chains became n-ary nodes and the parser climbs precedences; the language must not have changed. These
// inputs, found by comparing the new parser with the old recursive descent on random expressions, gave
// different messages on the way; the expected ones are the old parser's.
void TestExprLimits::sameMessagesAsBinaryOperators_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("after NOT only AND/OR") << QByteArray("NOT NOT 'ab' IS NOT NULL LIKE s")
                                           << QStringLiteral("unexpected \"LIKE\" at column 26");
    QTest::newRow("NOT in a call argument") << QByteArray("upper(NOT v = 1 IN (1, 2))")
                                            << QStringLiteral("missing \")\" instead of \"IN\" at column 17");
    QTest::newRow("a chain is at its last operator") << QByteArray("CASE WHEN s || -3 || v THEN 1 END")
                                                     << QStringLiteral("WHEN needs a condition, not text at column 19");
    QTest::newRow("comparisons do not chain") << QByteArray("v = 1 = 2") << QStringLiteral("unexpected \"=\" at column 7");
    QTest::newRow("NOT is not an operand of =") << QByteArray("v = NOT true")
                                                << QStringLiteral("unexpected \"NOT\" at column 5");
    QTest::newRow("operator blamed in a chain") << QByteArray("v + 1 - s * 2")
                                                << QStringLiteral("\"*\" needs numbers, not text at column 11");
    QTest::newRow("AND blamed for its right side") << QByteArray("v = 1 AND v = 2 AND s")
                                                   << QStringLiteral("AND needs a condition, not text at column 17");
}

void TestExprLimits::sameMessagesAsBinaryOperators()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);
    const Outcome out = compileAndEvaluate(text.toStdString(), *m_layer, 0);
    QVERIFY2(out.queryError, qPrintable(out.value));
    QCOMPARE(out.value.section(QStringLiteral(" \u2014 "), 0, 0), QStringLiteral("error: ") + expected);
}

QTEST_GUILESS_MAIN(TestExprLimits)
#include "tst_exprlimits.moc"
