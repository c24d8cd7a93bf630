#include "scalebar.h"

#include <QCoreApplication>
#include <QPainter>

#include <cmath>

namespace viewer {

void drawScaleBar(QPainter& p, double n, QSize size, Qt::LayoutDirection direction, const QLocale& locale)
{
    if (!(n > 0))
        return;
    const double metresPerPixel = n * 0.0254 / 96.0;
    const double target = metresPerPixel * 120; // about 120 px
    const double magnitude = std::pow(10.0, std::floor(std::log10(target)));
    double nice = magnitude;
    for (double f : {1.0, 2.0, 5.0, 10.0})
        if (f * magnitude <= target)
            nice = f * magnitude;
    const double barPx = nice / metresPerPixel;
    const bool rtl = direction == Qt::RightToLeft;
    const double x0 = rtl ? size.width() - 16 - barPx : 16;
    const double y0 = size.height() - 18;
    p.save();
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(255, 255, 255, 200));
    p.drawRoundedRect(QRectF(x0 - 8, y0 - 20, barPx + 16, 30), 3, 3);
    p.setPen(QPen(QColor(30, 30, 30), 2));
    p.drawLine(QPointF(x0, y0), QPointF(x0 + barPx, y0));
    p.drawLine(QPointF(x0, y0 - 5), QPointF(x0, y0));
    p.drawLine(QPointF(x0 + barPx, y0 - 5), QPointF(x0 + barPx, y0));
    p.setPen(QColor(30, 30, 30));
    const QString label = nice >= 1000
        ? QCoreApplication::translate("Units", "%1 km").arg(locale.toString(nice / 1000, 'g', 6))
        : QCoreApplication::translate("Units", "%1 m").arg(locale.toString(nice, 'g', 6));
    p.drawText(QRectF(x0 - 8, y0 - 20, barPx + 16, 16), Qt::AlignCenter, label);
    p.restore();
}

} // namespace viewer
