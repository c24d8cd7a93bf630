#include "panels.h"

#include <QComboBox>
#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "gis/data/layer.h"
#include "mapcanvas.h"
#include "mapdocument.h"
#include "units.h"

namespace viewer {

// --- identify -----------------------------------------------------------------------------------------------

IdentifyPanel::IdentifyPanel(MapDocument* document, MapTools* tools, QWidget* parent)
    : QWidget(parent), m_doc(document), m_tools(tools)
{
    m_scope = new QComboBox(this);
    m_scope->addItems({QString(), QString()});
    m_tree = new QTreeWidget(this);
    m_tree->setColumnCount(2);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_scope);
    layout->addWidget(m_tree, 1);
    connect(m_scope, &QComboBox::currentIndexChanged, this, [this](int i) {
        m_tools->setIdentifyScope(i == 1 ? MapTools::Scope::AllLayers : MapTools::Scope::CurrentLayer);
    });
    connect(tools, &MapTools::identified, this, &IdentifyPanel::showHits);
    retranslate();
}

void IdentifyPanel::retranslate()
{
    m_scope->setItemText(0, tr("Current layer"));
    m_scope->setItemText(1, tr("All visible layers"));
    m_tree->setHeaderLabels({tr("Field"), tr("Value")});
    showHits(m_hits);
}

void IdentifyPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void IdentifyPanel::showHits(const std::vector<IdentifyHit>& hits)
{
    m_hits = hits;
    m_tree->clear();
    if (hits.empty()) {
        auto* none = new QTreeWidgetItem(m_tree);
        none->setText(0, tr("No feature here"));
        return;
    }
    for (std::size_t k = 0; k < hits.size() && k < 50; ++k) {
        const gis::ProjectLayer* l = m_doc->layer(hits[k].layerId);
        if (!l || !l->map.vector)
            continue;
        const gis::Layer& layer = *l->map.vector;
        auto* top = new QTreeWidgetItem(m_tree);
        top->setText(0, QString::fromStdString(l->map.name));
        top->setText(1, tr("feature %1").arg(layer.fid(hits[k].row)));
        for (const auto& col : layer.attributes().columns()) {
            auto* item = new QTreeWidgetItem(top);
            item->setText(0, QString::fromStdString(col.name()));
            const QString value = formatValue(col, hits[k].row, locale());
            item->setText(1, value);
            if (value.isRightToLeft())
                item->setTextAlignment(1, Qt::AlignRight | Qt::AlignAbsolute | Qt::AlignVCenter);
        }
        top->setExpanded(k == 0);
    }
}

QString IdentifyPanel::firstValue(const QString& field) const
{
    if (m_tree->topLevelItemCount() == 0)
        return {};
    const QTreeWidgetItem* top = m_tree->topLevelItem(0);
    for (int i = 0; i < top->childCount(); ++i)
        if (top->child(i)->text(0) == field)
            return top->child(i)->text(1);
    return {};
}

// --- measure ------------------------------------------------------------------------------------------------

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

// --- overview -----------------------------------------------------------------------------------------------

OverviewMap::OverviewMap(MapDocument* document, MapCanvas* canvas, QWidget* parent)
    : QWidget(parent), m_doc(document), m_canvas(canvas)
{
    setMinimumSize(120, 90);
    connect(&m_worker, &RenderWorker::frameReady, this, qOverload<>(&QWidget::update));
    connect(canvas, &MapCanvas::viewChanged, this, qOverload<>(&QWidget::update));
    connect(document, &MapDocument::layersChanged, this, &OverviewMap::render);
    connect(document, &MapDocument::layerChanged, this, &OverviewMap::render);
    connect(document, &MapDocument::crsChanged, this, &OverviewMap::render);
}

gis::Box OverviewMap::fullExtent() const
{
    gis::Box full = m_doc->fullExtent();
    if (full.isEmpty())
        return full;
    const double m = std::max(full.width(), full.height()) * 0.03;
    return {full.minX - m, full.minY - m, full.maxX + m, full.maxY + m};
}

void OverviewMap::render()
{
    if (!isVisible() || width() < 2 || height() < 2 || fullExtent().isEmpty())
        return;
    gis::RenderRequest request = m_doc->makeRequest(fullExtent(), size(), 96);
    request.drawLabels = false;
    m_worker.submit(std::move(request));
}

void OverviewMap::resizeEvent(QResizeEvent*)
{
    render();
}

void OverviewMap::showEvent(QShowEvent*)
{
    render();
}

void OverviewMap::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), m_doc->background());
    const RenderFrame& frame = m_worker.lastFrame();
    if (frame.image.isNull())
        return;
    p.drawImage(QPoint(0, 0), frame.image);
    const gis::Box view = m_canvas->extent();
    const QPointF tl = frame.transform.toDevice({view.minX, view.maxY});
    const QPointF br = frame.transform.toDevice({view.maxX, view.minY});
    QRectF r(tl, br);
    if (r.width() < 6 || r.height() < 6) // too small to see: a cross-hair box around it
        r = QRectF(r.center() - QPointF(4, 4), QSizeF(8, 8));
    p.setPen(QPen(QColor(200, 30, 30), 2));
    p.setBrush(QColor(200, 30, 30, 40));
    p.drawRect(r);
    p.setPen(QPen(QColor(120, 120, 120), 1));
    p.setBrush(Qt::NoBrush);
    p.drawRect(rect().adjusted(0, 0, -1, -1));
}

void OverviewMap::mousePressEvent(QMouseEvent* event)
{
    const RenderFrame& frame = m_worker.lastFrame();
    if (!frame.image.isNull() && event->button() == Qt::LeftButton)
        m_canvas->setCenter(frame.transform.toMap(event->position()));
}

void OverviewMap::mouseMoveEvent(QMouseEvent* event)
{
    const RenderFrame& frame = m_worker.lastFrame();
    if (!frame.image.isNull() && (event->buttons() & Qt::LeftButton))
        m_canvas->setCenter(frame.transform.toMap(event->position()));
}

} // namespace viewer
