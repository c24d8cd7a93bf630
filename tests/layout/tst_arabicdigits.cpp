// The number text of Arabic pages (gis/layout/arabicdigits.h): digits, thousands and decimal separators. The
// oracle is the Unicode code points themselves: U+0660–U+0669 for digits, U+066C (٬) for thousands — never a point
// or U+066B, which beside Arabic digits read as the zero ٠ (issue 17: ١:١٬٦٣٨٬٨٨٩).

#include <QTest>

#include "gis/layout/arabicdigits.h"

class TestArabicDigits : public QObject {
    Q_OBJECT

private slots:
    void numerals_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("scale") << "1:1,638,889" << QString::fromUtf8("١:١٬٦٣٨٬٨٨٩");
        QTest::newRow("range") << "46,000 – 1,498,521" << QString::fromUtf8("٤٦٬٠٠٠ – ١٬٤٩٨٬٥٢١");
        QTest::newRow("decimal") << "2.5 km" << QString::fromUtf8("٢٫٥ km");
        QTest::newRow("list comma stays") << "a, b, 3" << QString::fromUtf8("a, b, ٣");
        QTest::newRow("sentence point stays") << "end. 7" << QString::fromUtf8("end. ٧");
        QTest::newRow("trailing comma") << "12," << QString::fromUtf8("١٢,");
        QTest::newRow("no digits") << QString::fromUtf8("مكتمل / Completed") << QString::fromUtf8("مكتمل / Completed");
        QTest::newRow("empty") << "" << "";
    }

    void numerals()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QCOMPARE(gis::toArabicNumerals(text), expected);
        QVERIFY(!gis::toArabicNumerals(text).contains(QChar(0x0660)) || text.contains('0'));
    }

    void grouping_data()
    {
        QTest::addColumn<qlonglong>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("0") << 0LL << "0";
        QTest::newRow("999") << 999LL << "999";
        QTest::newRow("1000") << 1000LL << "1,000";
        QTest::newRow("1638889") << 1638889LL << "1,638,889";
        QTest::newRow("100000") << 100000LL << "100,000";
        QTest::newRow("negative") << -1234567LL << "-1,234,567";
        QTest::newRow("max") << 9223372036854775807LL << "9,223,372,036,854,775,807";
    }

    void grouping()
    {
        QFETCH(qlonglong, value);
        QFETCH(QString, expected);
        QCOMPARE(gis::groupThousands(value), expected);
        // The same grouping as C's locale-independent brute force: every third digit from the right.
        QString plain = gis::groupThousands(value);
        QCOMPARE(plain.remove(','), QString::number(value));
    }
};

QTEST_GUILESS_MAIN(TestArabicDigits)
#include "tst_arabicdigits.moc"
