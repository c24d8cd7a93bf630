#pragma once

// Reference-image comparison for the render tests: tests/render/data/<name>.png, regenerated with
// GIS_UPDATE_REFERENCES=1.

#include <QDir>
#include <QImage>
#include <QImageWriter>
#include <QTest>

#include <cstdlib>

namespace gis::test {

/// Compares with tests/render/data/<name>.png: a pixel differs when a channel is more than 24 levels off, and at
/// most 0.5% of pixels may differ (antialiasing may move with Qt's version, shapes must not).
inline void compareWithReference(const QImage& actual, const QString& name)
{
    const QString path = QString(GIS_SOURCE_DIR) + "/tests/render/data/" + name + ".png";
    const QImage image = actual.convertToFormat(QImage::Format_ARGB32);
    if (qEnvironmentVariableIntValue("GIS_UPDATE_REFERENCES") == 1) {
        QImageWriter writer(path, "png");
        writer.setQuality(0); // smallest file
        QVERIFY2(writer.write(image), qPrintable("cannot write " + path));
        qInfo("wrote %s", qPrintable(path));
        return;
    }
    const QImage reference = QImage(path).convertToFormat(QImage::Format_ARGB32);
    QVERIFY2(!reference.isNull(), qPrintable(path + " missing (run with GIS_UPDATE_REFERENCES=1 to create it)"));
    QCOMPARE(image.size(), reference.size());
    int differing = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QRgb a = image.pixel(x, y), b = reference.pixel(x, y);
            if (std::abs(qRed(a) - qRed(b)) > 24 || std::abs(qGreen(a) - qGreen(b)) > 24 ||
                std::abs(qBlue(a) - qBlue(b)) > 24 || std::abs(qAlpha(a) - qAlpha(b)) > 24)
                ++differing;
        }
    const double fraction = static_cast<double>(differing) / (image.width() * image.height());
    if (fraction > 0.005) {
        const QString out = QString(GIS_BINARY_DIR) + "/tests/render-actual";
        QDir().mkpath(out);
        image.save(out + "/" + name + ".png");
        QFAIL(qPrintable(QString("%1: %2% of pixels differ from the reference (actual image in %3)")
                             .arg(name).arg(fraction * 100, 0, 'f', 2).arg(out)));
    }
}

} // namespace gis::test
