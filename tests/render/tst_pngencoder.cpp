// The PNG encoder of every export (gis::encodePng): each image decodes (with Qt's reader, i.e. libpng) to exactly the
// pixels Qt's own writer gives for it — opaque, transparent, semi-transparent premultiplied, odd sizes — keeps the
// resolution and text, and is no larger than Qt's writer at its default level (what QGIS writes).

#include <QBuffer>
#include <QFont>
#include <QImage>
#include <QImageWriter>
#include <QPainter>
#include <QPainterPath>
#include <QtTest>

#include <random>

#include "gis/core/error.h"
#include "gis/render/exportformat.h"

namespace {

/// What Qt's own writer and reader make of `image`: the oracle.
QImage qtRoundTrip(const QImage& image, int quality = -1, qsizetype* size = nullptr)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "png");
    writer.setQuality(quality);
    writer.write(image);
    if (size)
        *size = bytes.size();
    return QImage::fromData(bytes, "png");
}

QImage ours(const QImage& image, qsizetype* size = nullptr)
{
    const QByteArray bytes = gis::encodePng(image, "test.png");
    if (size)
        *size = bytes.size();
    return QImage::fromData(bytes, "png");
}

/// Every pixel equal as straight ARGB.
void comparePixels(const QImage& actual, const QImage& expected)
{
    QVERIFY(!actual.isNull());
    QCOMPARE(actual.size(), expected.size());
    const QImage a = actual.convertToFormat(QImage::Format_ARGB32);
    const QImage e = expected.convertToFormat(QImage::Format_ARGB32);
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x)
            if (a.pixel(x, y) != e.pixel(x, y))
                QFAIL(qPrintable(QString("pixel %1,%2: %3, Qt's writer gives %4").arg(x).arg(y)
                    .arg(a.pixel(x, y), 8, 16, QChar('0')).arg(e.pixel(x, y), 8, 16, QChar('0'))));
}

/// A map-like picture: flat fills, anti-aliased outlines and lines, Arabic and English text.
QImage mapLike(int width, int height, bool transparentBackground)
{
    QImage image(width, height, QImage::Format_ARGB32_Premultiplied);
    image.fill(transparentBackground ? Qt::transparent : QColor(242, 239, 233));
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> u(0, 1);
    for (int i = 0; i < 60; ++i) {
        QPainterPath path;
        const QPointF c(u(rng) * width, u(rng) * height);
        path.moveTo(c);
        for (int k = 0; k < 7; ++k)
            path.lineTo(c + QPointF((u(rng) - 0.5) * width / 4, (u(rng) - 0.5) * height / 4));
        path.closeSubpath();
        p.setBrush(QColor::fromHsv(static_cast<int>(u(rng) * 359), 80, 230, i % 3 == 0 ? 140 : 255));
        p.setPen(QPen(QColor(90, 90, 90), 1.2));
        p.drawPath(path);
    }
    p.setPen(QPen(QColor(200, 40, 40), 2.5));
    for (int i = 0; i < 20; ++i)
        p.drawLine(QPointF(u(rng) * width, u(rng) * height), QPointF(u(rng) * width, u(rng) * height));
    QFont f("Noto Sans Arabic");
    f.setPixelSize(std::max(6, height / 12));
    p.setFont(f);
    p.setPen(Qt::black);
    p.drawText(QRectF(0, 0, width, height), Qt::AlignCenter, QStringLiteral("نزوى Nizwa"));
    return image;
}

} // namespace

class TestPngEncoder : public QObject {
    Q_OBJECT
private slots:
    void pixelsEqualQtsWriter_data()
    {
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::addColumn<bool>("transparent");
        QTest::newRow("opaque map 800x600") << 800 << 600 << false;
        QTest::newRow("transparent map 640x480") << 640 << 480 << true;
        QTest::newRow("1x1") << 1 << 1 << false;
        QTest::newRow("3x7 transparent") << 3 << 7 << true;
        QTest::newRow("one column") << 1 << 300 << false;
        QTest::newRow("one row") << 1021 << 1 << true;
        QTest::newRow("4096x40") << 4096 << 40 << false;
    }
    void pixelsEqualQtsWriter()
    {
        QFETCH(int, width);
        QFETCH(int, height);
        QFETCH(bool, transparent);
        const QImage image = mapLike(width, height, transparent);
        comparePixels(ours(image), qtRoundTrip(image));
    }

    /// Semi-transparent premultiplied pixels of every alpha: un-premultiplied as Qt's writer does.
    void everyAlpha()
    {
        QImage image(256, 64, QImage::Format_ARGB32_Premultiplied);
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                image.setPixelColor(x, y, QColor((x * 7 + y) % 256, (y * 13) % 256, (x + y * 3) % 256, x));
        comparePixels(ours(image), qtRoundTrip(image));
        // Other formats are converted first: 16-bit RGB, grayscale, indexed.
        for (QImage::Format format : {QImage::Format_RGB16, QImage::Format_Grayscale8, QImage::Format_Indexed8, QImage::Format_RGB32})
            comparePixels(ours(image.convertToFormat(format)), qtRoundTrip(image.convertToFormat(format)));
    }

    void resolutionAndText()
    {
        QImage image = mapLike(120, 80, false);
        image.setDotsPerMeterX(11811); // 300 dpi
        image.setDotsPerMeterY(11811);
        image.setText("Title", "Ad Dakhiliyah");
        image.setText("Description", QStringLiteral("محافظة الداخلية"));
        const QImage back = ours(image);
        QCOMPARE(back.dotsPerMeterX(), 11811);
        QCOMPARE(back.dotsPerMeterY(), 11811);
        QCOMPARE(back.text("Title"), QStringLiteral("Ad Dakhiliyah"));
        QCOMPARE(back.text("Description"), QStringLiteral("محافظة الداخلية"));
    }

    /// No larger than Qt's writer at its default level (libpng and zlib 6: what QGIS writes), and far smaller
    /// than the level-1 writer the exports used before (the sample map was 7.7 MB).
    void smallerThanQtsDefault()
    {
        for (bool transparent : {false, true}) {
            const QImage image = mapLike(1600, 1200, transparent);
            qsizetype mine = 0, qtDefault = 0, qtFast = 0;
            ours(image, &mine);
            qtRoundTrip(image, -1, &qtDefault);
            qtRoundTrip(image, 90, &qtFast);
            QVERIFY2(mine <= qtDefault, qPrintable(QString("ours %1 bytes, Qt's default %2").arg(mine).arg(qtDefault)));
            QVERIFY2(mine * 2 < qtFast, qPrintable(QString("ours %1 bytes, Qt's level 1 %2").arg(mine).arg(qtFast)));
            qInfo("1600x1200 %s: ours %lld bytes, Qt default %lld, Qt level 1 %lld", transparent ? "transparent" : "opaque",
                static_cast<long long>(mine), static_cast<long long>(qtDefault), static_cast<long long>(qtFast));
        }
    }

    void nullImageIsAnError()
    {
        QVERIFY_THROWS_EXCEPTION(gis::Error, gis::encodePng(QImage(), "empty.png"));
    }
};

QTEST_MAIN(TestPngEncoder)
#include "tst_pngencoder.moc"
