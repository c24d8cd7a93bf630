#include "flightpanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QSignalBlocker>
#include <QSlider>
#include <QVBoxLayout>

#include "app/language.h"
#include "app/units.h"
#include "drone/swipeview.h"
#include "map/mapcanvas.h"
#include "map/mapdocument.h"

namespace viewer {

namespace {

// A flight's date (ISO 8601 in the geodatabase) in the interface's language: Arabic digits in Arabic.
QString dateText(const std::string& iso) { return formatIsoDate(QString::fromStdString(iso), QLocale()); }

} // namespace

FlightPanel::FlightPanel(MapDocument* document, MapCanvas* canvas, QWidget* parent)
    : QWidget(parent), m_doc(document), m_canvas(canvas), m_stack(new FlightStack(document, this)),
      m_swipe(new SwipeView(canvas, m_stack)), m_side(new MapCanvas(document))
{
    m_projectLabel = new QLabel(this);
    m_project = new QComboBox(this);
    m_project->setObjectName("flightProject");
    m_list = new QListWidget(this);
    m_list->setObjectName("flightList");
    // A flight's line (date, sensor, resolution) wraps in a narrow dock rather than lose its end off the left edge
    // in Arabic.
    m_list->setWordWrap(true);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setObjectName("flightSlider");
    m_slider->setTickPosition(QSlider::TicksBelow);
    m_slider->setPageStep(1);
    m_date = new QLabel(this);
    m_date->setObjectName("flightDate");
    m_date->setAlignment(Qt::AlignCenter);
    QFont big = m_date->font();
    big.setBold(true);
    m_date->setFont(big);
    m_first = new QLabel(this);
    m_last = new QLabel(this);
    m_dsm = new QCheckBox(this);
    m_dsm->setObjectName("flightShowDsm");
    m_swipeBox = new QCheckBox(this);
    m_swipeBox->setObjectName("flightSwipe");
    m_sideBox = new QCheckBox(this);
    m_sideBox->setObjectName("flightSideBySide");
    m_notes = new QLabel(this);
    m_notes->setWordWrap(true);
    m_notes->setStyleSheet("color: #a0302a");

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_projectLabel);
    layout->addWidget(m_project);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_date);
    layout->addWidget(m_slider);
    auto* ends = new QHBoxLayout;
    ends->addWidget(m_first);
    ends->addWidget(m_last);
    layout->addLayout(ends);
    layout->addWidget(m_dsm);
    layout->addWidget(m_swipeBox);
    layout->addWidget(m_sideBox);
    layout->addWidget(m_notes);

    // The side-by-side canvas: the comparison flight over the same layers, linked both ways at the same scale.
    m_side->setObjectName("flightSideCanvas");
    m_side->setRequestMaker([this](const gis::Box& extent, QSize size, double dpi) {
        return m_stack->requestFor(m_stack->comparison(), extent, size, dpi);
    });
    m_side->setUnderlayPainter([this](QPainter& p) {
        const int i = m_stack->comparison();
        if (i < 0)
            return;
        const QString caption = dateText(m_stack->flights()[static_cast<std::size_t>(i)].record.date);
        const QRect box = p.fontMetrics().boundingRect(caption).adjusted(-8, -4, 8, 4);
        const QRect at(QPoint(m_side->width() / 2 - box.width() / 2, 8), box.size());
        p.fillRect(at, QColor(255, 255, 255, 220));
        p.setPen(Qt::black);
        p.drawText(at, Qt::AlignCenter, caption);
    });
    connect(m_canvas, &MapCanvas::viewChanged, m_side, [this] { m_side->matchView(*m_canvas); });
    connect(m_side, &MapCanvas::viewChanged, m_canvas, [this] {
        if (m_side->isVisible())
            m_canvas->matchView(*m_side);
    });

    connect(m_project, qOverload<int>(&QComboBox::currentIndexChanged), this, &FlightPanel::chooseSource);
    connect(m_slider, &QSlider::valueChanged, this, &FlightPanel::setFlightIndex);
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            m_slider->setValue(row);
    });
    connect(m_dsm, &QCheckBox::toggled, m_stack, &FlightStack::setShowDsm);
    connect(m_swipeBox, &QCheckBox::toggled, this, &FlightPanel::setSwipe);
    connect(m_sideBox, &QCheckBox::toggled, this, &FlightPanel::setSideBySide);
    connect(m_stack, &FlightStack::currentChanged, this, &FlightPanel::showCurrent);
    connect(m_stack, &FlightStack::currentChanged, m_side, &MapCanvas::refresh);
    connect(m_doc, &MapDocument::layersChanged, this, &FlightPanel::refreshSources);
    connect(m_doc, &MapDocument::projectChanged, this, [this] {
        m_sources.clear(); // the stack let go of its flights (their layers are gone): choose again
        refreshSources();
    });
    retranslate();
    refreshSources();
}

FlightPanel::~FlightPanel()
{
    delete m_swipe.data();
    if (!m_side)
        return;
    if (!m_side->parent()) {
        delete m_side.data(); // never docked
        return;
    }
    // Docked: it outlives us, so nothing of ours (the stack, this) may be reached from it any more.
    disconnect(m_canvas, nullptr, m_side, nullptr);
    disconnect(m_side, nullptr, m_canvas, nullptr);
    m_side->setUnderlayPainter({});
    m_side->setRequestMaker([](const gis::Box& extent, QSize size, double dpi) {
        gis::RenderRequest empty;
        empty.extent = extent;
        empty.size = size;
        empty.dpi = dpi;
        return empty;
    });
}

void FlightPanel::refreshSources()
{
    std::vector<FlightStack::Source> sources = m_stack->sources();
    const auto same = [](const FlightStack::Source& a, const FlightStack::Source& b) {
        return a.layerId == b.layerId && a.projectId == b.projectId;
    };
    // Loading a project's flights adds its rasters (layersChanged): the list of sources is the same then.
    if (std::equal(sources.begin(), sources.end(), m_sources.begin(), m_sources.end(), same))
        return;
    m_sources = std::move(sources);
    const FlightStack::Source chosen = m_stack->source();
    int keep = -1;
    {
        const QSignalBlocker block(m_project);
        m_project->clear();
        for (std::size_t i = 0; i < m_sources.size(); ++i) {
            m_project->addItem(sourceName(i));
            if (same(m_sources[i], chosen))
                keep = static_cast<int>(i);
        }
        m_project->setCurrentIndex(keep < 0 && !m_sources.empty() ? 0 : keep);
    }
    // The flights' rasters become layers and the map moves to the site only for a user looking at the panel: a
    // project opened with the panel closed stays as its file describes it.
    if (keep < 0) {
        if (isVisible() || m_sources.empty())
            chooseSource(m_sources.empty() ? -1 : 0);
        else {
            m_stack->setSource({});
            rebuildFlights();
        }
    }
}

void FlightPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_stack->flights().empty() && !m_sources.empty())
        chooseSource(std::max(0, m_project->currentIndex()));
}

QString FlightPanel::sourceName(std::size_t index) const
{
    const gis::ProjectLayer* l = m_doc->layer(m_sources[index].layerId);
    const QString layerName = l ? layerDisplayName(*l, currentLanguage()) : QString();
    return tr("Project %1 (%2)").arg(QString::fromStdString(m_sources[index].projectId), layerName);
}

void FlightPanel::chooseSource(int index)
{
    if (index < 0 || index >= static_cast<int>(m_sources.size())) {
        m_stack->setSource({});
        rebuildFlights();
        return;
    }
    {
        const QSignalBlocker block(m_project);
        m_project->setCurrentIndex(index);
    }
    m_stack->setSource(m_sources[static_cast<std::size_t>(index)]);
    rebuildFlights();
    zoomToSite();
}

void FlightPanel::rebuildFlights()
{
    const QSignalBlocker blockList(m_list);
    const QSignalBlocker blockSlider(m_slider);
    m_list->clear();
    const auto& flights = m_stack->flights();
    for (const FlightStack::Flight& f : flights) {
        QString line = dateText(f.record.date);
        if (!f.record.sensor.empty())
            line += QStringLiteral(" · ") + QString::fromStdString(f.record.sensor);
        if (f.record.gsdMetres > 0)
            line += QStringLiteral(" · ") + tr("%1 cm/pixel").arg(QLocale().toString(f.record.gsdMetres * 100, 'f', 1));
        auto* item = new QListWidgetItem(line, m_list);
        item->setToolTip(QString::fromStdString(f.record.flightId));
        if (f.orthoLayer < 0)
            item->setForeground(Qt::gray);
    }
    const int n = static_cast<int>(flights.size());
    m_slider->setRange(0, std::max(0, n - 1));
    m_slider->setEnabled(n > 1);
    m_first->setText(n ? dateText(flights.front().record.date) : QString());
    m_last->setText(n ? dateText(flights.back().record.date) : QString());
    m_notes->setText(m_stack->refusals().join('\n'));
    m_notes->setVisible(!m_stack->refusals().isEmpty());
    showCurrent(m_stack->current());
}

void FlightPanel::setFlightIndex(int index)
{
    if (index != m_stack->current())
        m_stack->setCurrent(index);
}

void FlightPanel::showCurrent(int index)
{
    const QSignalBlocker blockList(m_list);
    const QSignalBlocker blockSlider(m_slider);
    m_list->setCurrentRow(index);
    if (index >= 0)
        m_slider->setValue(index);
    m_date->setText(index < 0 ? tr("No flight") : dateText(m_stack->flights()[static_cast<std::size_t>(index)].record.date));
}

void FlightPanel::setSwipe(bool on)
{
    {
        const QSignalBlocker block(m_swipeBox);
        m_swipeBox->setChecked(on);
    }
    m_swipe->setActive(on);
}

void FlightPanel::setSideBySide(bool on)
{
    {
        const QSignalBlocker block(m_sideBox);
        m_sideBox->setChecked(on);
    }
    if (on)
        m_side->matchView(*m_canvas);
    emit sideBySideToggled(on);
}

void FlightPanel::zoomToSite()
{
    const gis::Box site = m_stack->siteExtent();
    if (site.isEmpty())
        return;
    const double margin = std::max(site.width(), site.height()) * 0.05;
    m_canvas->setExtent({site.minX - margin, site.minY - margin, site.maxX + margin, site.maxY + margin});
}

void FlightPanel::retranslate()
{
    m_projectLabel->setText(tr("Construction project:"));
    m_dsm->setText(tr("Show the DSM instead of the orthophoto"));
    m_swipeBox->setText(tr("Swipe with the earlier flight"));
    m_sideBox->setText(tr("Side by side with the earlier flight"));
    m_slider->setToolTip(tr("Step through the flights by date"));
    // The ends of the slider, absolute: the oldest date under the slider's start, which is on the right in Arabic.
    const bool rtl = layoutDirection() == Qt::RightToLeft;
    m_first->setAlignment((rtl ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignAbsolute | Qt::AlignVCenter);
    m_last->setAlignment((rtl ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignAbsolute | Qt::AlignVCenter);
    for (std::size_t i = 0; i < m_sources.size() && static_cast<int>(i) < m_project->count(); ++i)
        m_project->setItemText(static_cast<int>(i), sourceName(i));
    rebuildFlights(); // the dates in the language's digits
}

void FlightPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange || event->type() == QEvent::LayoutDirectionChange)
        retranslate();
    QWidget::changeEvent(event);
}

} // namespace viewer
