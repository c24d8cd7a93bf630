#pragma once

#include <QLocale>
#include <QSize>

class QPainter;

namespace viewer {

/// Draws the map's scale bar in a corner of a widget of `size` (bottom left; bottom right when `direction` is
/// right to left): a round length (1, 2 or 5 × 10ⁿ m, about 120 px at 96 DPI) for the scale 1:`denominator`,
/// labelled in m or km with `locale`'s digits. Nothing when the denominator is not positive.
void drawScaleBar(QPainter& p, double denominator, QSize size, Qt::LayoutDirection direction, const QLocale& locale);

} // namespace viewer
