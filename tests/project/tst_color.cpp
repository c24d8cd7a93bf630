// gis::parseColor and gis::colorToJson against Qt's QColor, which read and wrote the colours of style and project
// files before the project module left Qt: every CSS/SVG name, the hex forms, rgba() alpha, and the text written.

#include <QColor>
#include <QTest>

#include "gis/project/color.h"

using namespace gis;

class TestColor : public QObject {
    Q_OBJECT

private slots:
    void everyNameAsQtReadsIt()
    {
        const QStringList names = QColor::colorNames();
        QVERIFY(names.size() >= 147);
        for (const QString& name : names) {
            const QColor qt = QColor::fromString(name);
            for (const QString& spelling : {name, name.toUpper(), " " + name + " "}) {
                const std::optional<Color> c = parseColor(spelling.toStdString());
                QVERIFY2(c, qPrintable(spelling));
                QCOMPARE(QColor(c->red, c->green, c->blue, c->alpha), qt);
            }
        }
        QVERIFY(!parseColor("notacolour"));
        QVERIFY(!parseColor(""));
        QVERIFY(!parseColor("#12345"));
        QVERIFY(!parseColor("#1234567g"));
        QVERIFY(!parseColor("#ff0000000000000000f")); // 19 digits once overflowed a long (found by fuzz_stylejson)
    }

    void hexForms()
    {
        for (const char* hex : {"#abc", "#A0B1C2", "#1f78b4", "#000", "#FFF"}) {
            const std::optional<Color> c = parseColor(hex);
            QVERIFY2(c, hex);
            QCOMPARE(QColor(c->red, c->green, c->blue, c->alpha), QColor::fromString(QString(hex)));
        }
        // Eight digits: alpha last (CSS), where Qt reads alpha first.
        QCOMPARE(parseColor("#1f78b480"), Color(0x1f, 0x78, 0xb4, 0x80));
        QCOMPARE(parseColor("none"), Color::transparent());
        QCOMPARE(parseColor("Transparent"), Color::transparent());
    }

    void rgbaAlphaAsQtRoundsIt()
    {
        for (int i = 0; i <= 100; ++i) {
            const float a = float(i) / 100;
            QColor qt(10, 20, 30);
            qt.setAlphaF(a);
            const std::string text = "rgba(10, 20, 30, " + QString::number(a).toStdString() + ")";
            const std::optional<Color> c = parseColor(text);
            QVERIFY2(c, text.c_str());
            QCOMPARE(int(c->alpha), qt.alpha());
        }
        QCOMPARE(parseColor("rgb(1,2,3)"), Color(1, 2, 3));
        QCOMPARE(parseColor("rgba(1, 2, 3, 7)"), Color(1, 2, 3, 255)); // clamped
        QVERIFY(!parseColor("rgb(256, 0, 0)"));
        QVERIFY(!parseColor("rgb(1, 2)"));
        QVERIFY(!parseColor("rgba(1, 2, 3, 0.5.5)"));
    }

    void writtenAsQtNamedIt()
    {
        for (const Color& c : {Color(0x1f, 0x78, 0xb4), Color(0, 0, 0), Color(255, 255, 255, 0), Color(1, 2, 3, 0x80)}) {
            const QColor qt(c.red, c.green, c.blue, c.alpha);
            const QString expected = qt.alpha() == 255 ? qt.name(QColor::HexRgb)
                                                       : qt.name(QColor::HexRgb) + QString("%1").arg(qt.alpha(), 2, 16, QChar('0'));
            QCOMPARE(QString::fromStdString(colorToJson(c)), expected);
            QCOMPARE(parseColor(colorToJson(c)), c);
        }
    }
};

QTEST_MAIN(TestColor)
#include "tst_color.moc"
