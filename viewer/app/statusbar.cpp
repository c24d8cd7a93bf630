#include "statusbar.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>

#include <cmath>

#include "app/language.h"
#include "app/units.h"
#include "gis/core/error.h"
#include "gis/crs/crs.h"
#include "map/mapcanvas.h"
#include "map/mapdocument.h"
#include "map/renderworker.h"

namespace viewer {

StatusBar::StatusBar(MapDocument* document, MapCanvas* canvas, QWidget* parent)
    : QStatusBar(parent), m_doc(document), m_canvas(canvas)
{
    m_coordLabel = new QLabel(this);
    m_coordLabel->setObjectName("CursorLonLat");
    m_utmLabel = new QLabel(this);
    m_utmLabel->setObjectName("CursorUtm");
    m_scaleLabel = new QLabel(this);
    m_scaleEdit = new QLineEdit(this);
    m_scaleEdit->setObjectName("ScaleEdit");
    m_scaleEdit->setFixedWidth(110);
    m_crsLabel = new QLabel(this);
    m_crsCombo = new QComboBox(this);
    m_crsCombo->setObjectName("CrsChooser");
    m_crsCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 0); // busy: rendering time is not known in advance
    m_progress->setFixedWidth(80);
    m_progress->setMaximumHeight(14);
    m_progress->setTextVisible(false);
    m_progress->hide();
    m_renderLabel = new QLabel(this);
    for (QLabel* l : {m_coordLabel, m_utmLabel})
        l->setMinimumWidth(60);
    addWidget(m_coordLabel, 1);
    addWidget(m_utmLabel);
    addPermanentWidget(m_scaleLabel);
    addPermanentWidget(m_scaleEdit);
    addPermanentWidget(m_crsLabel);
    addPermanentWidget(m_crsCombo);
    addPermanentWidget(m_progress);
    addPermanentWidget(m_renderLabel);

    connect(m_doc, &MapDocument::crsChanged, this, [this] {
        m_toWgs84.reset();
        m_toUtm.reset();
        rebuildCrsChooser();
    });
    connect(m_crsCombo, &QComboBox::activated, this, &StatusBar::onCrsChosen);
    connect(m_canvas, &MapCanvas::cursorMoved, this, &StatusBar::showCursor);
    connect(m_canvas, &MapCanvas::viewChanged, this, &StatusBar::showScale);
    connect(m_canvas, &MapCanvas::renderStarted, this, [this] { m_progress->show(); });
    connect(m_canvas, &MapCanvas::renderFinished, this, [this](double ms) {
        if (!m_canvas->worker().isBusy())
            m_progress->hide();
        m_renderLabel->setText(tr("%1 ms").arg(locale().toString(ms, 'f', 0)));
        QStringList errors;
        for (const auto& e : m_canvas->worker().lastFrame().errors)
            errors << QString::fromStdString(e.layer + ": " + e.message);
        if (!errors.isEmpty())
            showMessage(errors.join("; "), 10000);
    });
    connect(m_scaleEdit, &QLineEdit::editingFinished, this, [this] {
        const double n = parseScale(m_scaleEdit->text(), locale());
        if (n > 0)
            m_canvas->setScale(n);
        else
            showScale();
    });
}

void StatusBar::showEvent(QShowEvent* event)
{
    QStatusBar::showEvent(event);
    // QStatusBar hides the cursor readouts for a message only if they are visible when it comes: a message given
    // before the window was shown (a project opened from the command line) was drawn over "Move the mouse over the
    // map". Hide them now, so one message is on the bar at a time.
    hideOrShow();
}

void StatusBar::retranslate()
{
    m_scaleLabel->setText(tr("Scale"));
    m_crsLabel->setText(tr("CRS"));
    m_scaleEdit->setToolTip(tr("Type a scale such as 1:50000 and press Enter"));
    m_crsCombo->setToolTip(tr("Map coordinate reference system"));
    m_coordLabel->setText(tr("Move the mouse over the map"));
    m_utmLabel->clear();
    rebuildCrsChooser();
    showScale();
}

void StatusBar::showCursor(double x, double y)
{
    if (!m_doc->crs().isValid())
        return;
    try {
        if (!m_toWgs84)
            m_toWgs84.emplace(m_doc->crs(), gis::Crs::fromEpsg(4326));
        if (!m_toUtm)
            m_toUtm.emplace(m_doc->crs(), gis::Crs::fromEpsg(32640));
    } catch (const gis::Error&) {
        return; // no position shown rather than a message per mouse move
    }
    const QLocale loc = locale();
    const gis::Coord ll = m_toWgs84->transform(gis::Coord{x, y});
    const gis::Coord utm = m_toUtm->transform(gis::Coord{x, y});
    if (!std::isfinite(ll.x) || !std::isfinite(ll.y)) {
        m_coordLabel->clear();
        return;
    }
    m_coordLabel->setText(isolated(formatLonLat(ll.x, ll.y, loc) + QStringLiteral("   |   ") + formatDms(ll.x, ll.y, loc)));
    if (std::isfinite(utm.x) && std::isfinite(utm.y))
        m_utmLabel->setText(isolated(tr("UTM %1N: %2 E, %3 N")
                                         .arg(loc.toString(40), loc.toString(static_cast<qlonglong>(std::llround(utm.x))),
                                             loc.toString(static_cast<qlonglong>(std::llround(utm.y))))));
}

QString StatusBar::isolated(const QString& reading) const
{
    // A label lays its text out in the direction of the text's first strong letter: "UTM" made the Arabic readout
    // a left-to-right line, "UTM" at its left end, cut from its zone. The isolate (FSI…PDI) keeps the readout one
    // unit beside its neighbours; the mark inside gives it the window's reading direction whatever letter comes first.
    const QChar mark = layoutDirection() == Qt::RightToLeft ? QChar(0x200F) : QChar(0x200E);
    return QString(QChar(0x2068)) + mark + reading + QChar(0x2069);
}

void StatusBar::showScale()
{
    if (m_scaleEdit->hasFocus())
        return;
    const double n = m_canvas->scale();
    m_scaleEdit->setText(n > 0 ? formatScale(n, locale()) : QString());
}

void StatusBar::rebuildCrsChooser()
{
    const bool arabic = currentLanguage() == "ar";
    m_crsCombo->blockSignals(true);
    m_crsCombo->clear();
    int current = -1;
    for (const gis::CrsPreset& p : gis::omanCrsPresets()) {
        m_crsCombo->addItem(QString::fromStdString(arabic ? p.nameAr : p.nameEn), QString::fromStdString(p.code));
        if (m_doc->crs().isValid() && m_doc->crs().authorityCode() == p.code)
            current = m_crsCombo->count() - 1;
    }
    if (current < 0 && m_doc->crs().isValid()) {
        m_crsCombo->addItem(QString::fromStdString(m_doc->crs().name()), QString::fromStdString(m_doc->crs().identifier()));
        current = m_crsCombo->count() - 1;
    }
    m_crsCombo->setCurrentIndex(current);
    m_crsCombo->blockSignals(false);
}

void StatusBar::onCrsChosen(int index)
{
    const QString code = m_crsCombo->itemData(index).toString();
    try {
        const gis::Crs target = gis::Crs::fromUserInput(code.toStdString());
        if (target.isEquivalentTo(m_doc->crs()))
            return;
        const gis::Box view = m_canvas->extent();
        const gis::Box moved = m_doc->crs().isValid() ? gis::Transformer(m_doc->crs(), target).transformBox(view) : gis::Box();
        m_doc->setCrs(target);
        if (!moved.isEmpty())
            m_canvas->setExtent(moved);
        else
            m_canvas->zoomToFullExtent();
    } catch (const gis::Error& e) {
        emit errorReported(QString::fromUtf8(e.what()));
        rebuildCrsChooser();
    }
}

} // namespace viewer
