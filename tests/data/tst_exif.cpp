// The photo time from a JPEG's EXIF (libgis/src/data/edit/exif.h): JPEGs whose APP1 segment the test builds byte by
// byte (tests/support/exifjpeg.h: both byte orders, with and without OffsetTimeOriginal, DateTime only, a corrupt
// Exif IFD pointer or value offset, a count past the segment, an IFD of 65,535 entries, a truncated segment) are read
// by the parser and by ImageMagick (the oracle: identify -format '%[EXIF:DateTimeOriginal]', a process), which must
// agree on the tags — but for the IFD past the 1,000-entry limit, which ImageMagick reads as far as it fits and the
// parser refuses. The instant is checked against GNU date (date -u -d '2026-03-01 10:15:00 +04:00' +%s). Then the
// date-time and offset grammar, a segment after another APP1, and random damage that must never crash or read
// outside the bytes (the fuzz target fuzz_exif does this at scale).

#include <QTemporaryDir>
#include <QtTest>

#include <random>

#include "edit/exif.h"
#include "support/exifjpeg.h"
#include "support/testsupport.h"

using namespace gis;
using gis::test::ExifSpec;
Q_DECLARE_METATYPE(ExifSpec::Break)

namespace {

/// identify's DateTimeOriginal and DateTime of the file (empty when it has none or cannot read it).
QStringList identifyTags(const QString& path)
{
    const auto r = test::runTool("identify", {"-format", "%[EXIF:DateTimeOriginal]\n%[EXIF:DateTime]\n", path});
    QStringList lines = QString::fromUtf8(r.out).split('\n');
    while (lines.size() < 2)
        lines << QString();
    return lines.mid(0, 2);
}

/// GNU date's answer: "YYYY:MM:DD hh:mm:ss" with `offset` ("+04:00", or empty: UTC) as ms since 1970.
qint64 gnuDateMs(const QByteArray& exifTime, const QByteArray& offset)
{
    QByteArray text = exifTime;
    text[4] = '-';
    text[7] = '-';
    const auto r = test::runTool("date", {"-u", "-d", QString::fromLatin1(text + ' ' + (offset.isEmpty() ? "+00:00" : offset)), "+%s"});
    bool ok = false;
    const qint64 s = QString::fromUtf8(r.out).trimmed().toLongLong(&ok);
    return ok ? s * 1000 : -1;
}

} // namespace

class TestExif : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(test::haveTool("identify"), "ImageMagick's identify (the oracle) is missing");
        QVERIFY2(test::haveTool("date"), "GNU date (the oracle) is missing");
    }

    void agreesWithImageMagick_data()
    {
        QTest::addColumn<bool>("bigEndian");
        QTest::addColumn<QByteArray>("original");
        QTest::addColumn<QByteArray>("offset");
        QTest::addColumn<QByteArray>("dateTime");
        QTest::addColumn<ExifSpec::Break>("breakIt");
        QTest::addColumn<bool>("hasTime");

        using B = ExifSpec::Break;
        QTest::newRow("II, with offset") << false << QByteArray("2026:03:01 10:15:00") << QByteArray("+04:00")
                                         << QByteArray("2026:03:02 08:00:00") << B::None << true;
        QTest::newRow("MM, with offset") << true << QByteArray("2026:03:01 10:15:00") << QByteArray("+04:00")
                                         << QByteArray() << B::None << true;
        QTest::newRow("II, no offset") << false << QByteArray("2025:12:31 23:59:59") << QByteArray() << QByteArray()
                                       << B::None << true;
        QTest::newRow("MM, no offset") << true << QByteArray("2024:02:29 00:00:01") << QByteArray() << QByteArray()
                                       << B::None << true;
        QTest::newRow("MM, negative offset") << true << QByteArray("2026:03:01 01:30:00") << QByteArray("-03:30")
                                             << QByteArray() << B::None << true;
        QTest::newRow("II, DateTime only") << false << QByteArray() << QByteArray() << QByteArray("2026:01:05 07:00:00")
                                           << B::None << true;
        QTest::newRow("MM, DateTime only") << true << QByteArray() << QByteArray() << QByteArray("2026:01:05 07:00:00")
                                           << B::None << true;
        QTest::newRow("unset DateTimeOriginal falls back") << false << QByteArray("0000:00:00 00:00:00") << QByteArray()
                                                           << QByteArray("2026:01:05 07:00:00") << B::None << true;
        QTest::newRow("no time at all") << false << QByteArray("    :  :     :  :  ") << QByteArray() << QByteArray()
                                        << B::None << false;
        QTest::newRow("II, corrupt Exif IFD pointer") << false << QByteArray("2026:03:01 10:15:00") << QByteArray()
                                                      << QByteArray() << B::ExifPointer << false;
        QTest::newRow("MM, corrupt Exif IFD pointer") << true << QByteArray("2026:03:01 10:15:00") << QByteArray()
                                                      << QByteArray("2026:01:05 07:00:00") << B::ExifPointer << true;
        QTest::newRow("II, corrupt value offset") << false << QByteArray("2026:03:01 10:15:00") << QByteArray()
                                                  << QByteArray() << B::ValueOffset << false;
        QTest::newRow("MM, count past the segment") << true << QByteArray("2026:03:01 10:15:00") << QByteArray()
                                                    << QByteArray() << B::ValueCount << false;
        QTest::newRow("II, 65535 entries") << false << QByteArray("2026:03:01 10:15:00") << QByteArray()
                                           << QByteArray("2026:01:05 07:00:00") << B::HugeCount << false;
        QTest::newRow("II, truncated segment") << false << QByteArray("2026:03:01 10:15:00") << QByteArray()
                                               << QByteArray() << B::Truncated << false;
        QTest::newRow("MM, truncated segment") << true << QByteArray("2026:03:01 10:15:00") << QByteArray("+04:00")
                                               << QByteArray() << B::Truncated << false;
    }

    void agreesWithImageMagick()
    {
        QFETCH(bool, bigEndian);
        QFETCH(QByteArray, original);
        QFETCH(QByteArray, offset);
        QFETCH(QByteArray, dateTime);
        QFETCH(ExifSpec::Break, breakIt);
        QFETCH(bool, hasTime);

        ExifSpec spec;
        spec.bigEndian = bigEndian;
        spec.dateTimeOriginal = original;
        spec.offsetTimeOriginal = offset;
        spec.dateTime = dateTime;
        spec.breakIt = breakIt;
        const QByteArray jpeg = test::jpegWithExif(spec);
        const QString path = m_dir.filePath(QString("p%1.jpg").arg(QTest::currentDataTag()).replace(' ', '_').remove(','));
        test::writeFile(path, jpeg);

        const std::string_view bytes(jpeg.constData(), std::size_t(jpeg.size()));
        const auto tags = detail::readExifTimeTags(bytes);
        const QStringList oracle = identifyTags(path);
        if (breakIt == ExifSpec::Break::HugeCount) {
            // The one deliberate difference: ImageMagick reads the entries of an IFD that claims 65,535 as far as
            // they fit; the parser refuses an IFD past its 1,000-entry limit whole.
            QCOMPARE(oracle[0], QString::fromLatin1(original));
            QVERIFY(!tags);
            QVERIFY(!detail::readExifTime(bytes));
            return;
        }
        QCOMPARE(tags ? QString::fromStdString(tags->dateTimeOriginal) : QString(), oracle[0]);
        QCOMPARE(tags ? QString::fromStdString(tags->dateTime) : QString(), oracle[1]);
        if (tags)
            QCOMPARE(QByteArray::fromStdString(tags->offsetTimeOriginal), breakIt == ExifSpec::Break::None ? offset : QByteArray());

        const auto time = detail::readExifTime(bytes);
        QCOMPARE(time.has_value(), hasTime);
        if (!time)
            return;
        const bool fromOriginal = detail::parseExifDateTime(original.toStdString()).has_value() && breakIt == ExifSpec::Break::None;
        QCOMPARE(time->original, fromOriginal);
        const QByteArray used = fromOriginal ? original : dateTime;
        const QByteArray usedOffset = fromOriginal ? offset : QByteArray();
        QCOMPARE(time->ms, gnuDateMs(used, usedOffset));
        QCOMPARE(time->offsetMinutes.has_value(), !usedOffset.isEmpty());
    }

    void noExifNoTime()
    {
        const QByteArray plain = test::plainJpeg();
        QVERIFY(!detail::readExifTimeTags(std::string_view(plain.constData(), std::size_t(plain.size()))));
        QVERIFY(!detail::readExifTime(std::string_view(plain.constData(), std::size_t(plain.size()))));
        QVERIFY(!detail::readExifTime("not a picture"));
        QVERIFY(!detail::readExifTime({}));
        QVERIFY(!detail::readExifTime(std::string_view("\xFF\xD8", 2)));
    }

    void exifAfterAnotherApp1()
    {
        // An XMP APP1 before the Exif one (as some editors write): the Exif one is still found.
        ExifSpec spec;
        spec.dateTimeOriginal = "2026:03:01 10:15:00";
        QByteArray jpeg = test::jpegWithExif(spec);
        const QByteArray xmp = QByteArray("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>", 42);
        QByteArray segment("\xFF\xE1", 2);
        segment += char((xmp.size() + 2) >> 8);
        segment += char((xmp.size() + 2) & 0xFF);
        jpeg.insert(2, segment + xmp);
        const QString path = m_dir.filePath("xmp.jpg");
        test::writeFile(path, jpeg);
        const auto time = detail::readExifTime(std::string_view(jpeg.constData(), std::size_t(jpeg.size())));
        QVERIFY(time);
        QCOMPARE(identifyTags(path)[0], QString("2026:03:01 10:15:00"));
        QCOMPARE(time->ms, gnuDateMs("2026:03:01 10:15:00", {}));
    }

    void dateTimeGrammar_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("valid");
        QTest::newRow("plain") << QByteArray("2026:03:01 10:15:00") << true;
        QTest::newRow("padded with spaces") << QByteArray("2026:03:01 10:15:00  ") << true;
        QTest::newRow("leap day") << QByteArray("2024:02:29 12:00:00") << true;
        QTest::newRow("29 Feb of a common year") << QByteArray("2026:02:29 12:00:00") << false;
        QTest::newRow("31 April") << QByteArray("2026:04:31 12:00:00") << false;
        QTest::newRow("month 13") << QByteArray("2026:13:01 12:00:00") << false;
        QTest::newRow("hour 24") << QByteArray("2026:03:01 24:00:00") << false;
        QTest::newRow("unset") << QByteArray("0000:00:00 00:00:00") << false;
        QTest::newRow("blank") << QByteArray("    :  :     :  :  ") << false;
        QTest::newRow("dashes") << QByteArray("2026-03-01 10:15:00") << false;
        QTest::newRow("trailing text") << QByteArray("2026:03:01 10:15:00Z") << false;
        QTest::newRow("short") << QByteArray("2026:03:01 10:15") << false;
        QTest::newRow("empty") << QByteArray() << false;
    }

    void dateTimeGrammar()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, valid);
        const auto ms = detail::parseExifDateTime(text.toStdString());
        QCOMPARE(ms.has_value(), valid);
        if (valid)
            QCOMPARE(*ms, gnuDateMs(text.trimmed(), {}));
    }

    void offsetGrammar_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("minutes"); // INT_MIN: invalid
        QTest::newRow("+04:00") << QByteArray("+04:00") << 240;
        QTest::newRow("-03:30") << QByteArray("-03:30") << -210;
        QTest::newRow("+00:00") << QByteArray("+00:00") << 0;
        QTest::newRow("+14:00") << QByteArray("+14:00") << 840;
        QTest::newRow("+14:01") << QByteArray("+14:01") << INT_MIN;
        QTest::newRow("+04:60") << QByteArray("+04:60") << INT_MIN;
        QTest::newRow("no sign") << QByteArray("04:00") << INT_MIN;
        QTest::newRow("blank") << QByteArray("   :  ") << INT_MIN;
        QTest::newRow("Z") << QByteArray("Z") << INT_MIN;
    }

    void offsetGrammar()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, minutes);
        const auto got = detail::parseExifOffset(text.toStdString());
        QCOMPARE(got.value_or(INT_MIN), minutes);
    }

    void randomDamageNeverReadsOutside()
    {
        // Damage the Exif segment at random (bytes flipped, the file cut): the parser answers or says nothing, and
        // what it answers lies inside the bytes it was given (ASan and UBSan watch the reads in those builds).
        ExifSpec spec;
        spec.dateTimeOriginal = "2026:03:01 10:15:00";
        spec.offsetTimeOriginal = "+04:00";
        spec.dateTime = "2026:03:02 08:00:00";
        std::mt19937 rng(12);
        for (int round = 0; round < 4000; ++round) {
            spec.bigEndian = round % 2 == 1;
            std::string jpeg = test::jpegWithExif(spec).toStdString();
            const int damage = 1 + int(rng() % 6);
            for (int k = 0; k < damage; ++k)
                jpeg[2 + rng() % 120] = char(rng());
            if (rng() % 4 == 0)
                jpeg.resize(rng() % jpeg.size());
            const auto tags = detail::readExifTimeTags(jpeg);
            if (tags)
                QVERIFY(tags->dateTimeOriginal.size() < jpeg.size() && tags->dateTime.size() < jpeg.size());
            (void)detail::readExifTime(jpeg);
        }
    }
};

QTEST_GUILESS_MAIN(TestExif)
#include "tst_exif.moc"
