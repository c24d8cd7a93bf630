#include "measurepanel.h"

#include <QEvent>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "app/units.h"
#include "map/mapcanvas.h"
#include "map/maptools.h"

namespace viewer {

MeasurePanel::MeasurePanel(MapTools* tools, MapCanvas* canvas, QWidget* parent)
    : QWidget(parent), m_tools(tools), m_canvas(canvas)
{
    m_result = new QLabel(this);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_hint = new QLabel(this);
    m_hint->setWordWrap(true);
    m_hint->setStyleSheet("color: #555");
    m_clear = new QPushButton(this);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_result);
    layout->addWidget(m_hint);
    layout->addWidget(m_clear, 0, Qt::AlignLeading);
    layout->addStretch();
    connect(canvas, &MapCanvas::measureChanged, this, &MeasurePanel::refresh);
    connect(m_clear, &QPushButton::clicked, canvas, &MapCanvas::clearMeasure);
    retranslate();
}

void MeasurePanel::retranslate()
{
    m_hint->setText(tr("Click to add points; double-click or right-click to finish. Distances and areas are "
                       "geodesic (WGS 84 ellipsoid)."));
    m_clear->setText(tr("Clear"));
    refresh();
}

void MeasurePanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void MeasurePanel::refresh()
{
    const Measurement m = m_tools->measurement();
    const QLocale loc = locale();
    if (m.vertices < 2) {
        m_result->setText(tr("No measurement yet"));
        return;
    }
    QString text;
    if (m_canvas->tool() == MapCanvas::Tool::MeasureArea) {
        text = tr("Area: %1").arg(formatArea(m.area, loc)) + "\n" + tr("Perimeter: %1").arg(formatDistance(m.length, loc));
    } else {
        text = tr("Total: %1").arg(formatDistance(m.length, loc)) + "\n"
            + tr("Last segment: %1").arg(formatDistance(m.lastSegment, loc));
    }
    m_result->setText(text);
}

QString MeasurePanel::text() const
{
    return m_result->text();
}

} // namespace viewer
