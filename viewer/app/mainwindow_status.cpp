// MainWindow: the status bar (position, scale, CRS), the current layer, and the selection dialogs.

#include <algorithm>
#include <cmath>

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>

#include "app/language.h"
#include "app/mainwindow.h"
#include "app/units.h"
#include "dialogs/selectbylocationdialog.h"
#include "gis/core/error.h"
#include "gis/crs/crs.h"
#include "gis/data/layer.h"
#include "map/mapcanvas.h"
#include "map/mapdocument.h"
#include "map/maptools.h"
#include "panels/attributepanel.h"
#include "panels/layerpanel.h"
#include "panels/querybuilder.h"
#include "style/styleeditordialog.h"

namespace viewer {

void MainWindow::onCurrentLayer(int id)
{
    m_tools->setCurrentLayer(id);
    const gis::ProjectLayer* l = m_doc->layer(id);
    if (l && l->map.vector && m_table->layerId() != id)
        m_table->setLayer(id);
    m_actions["actionLocateFile"]->setEnabled(l != nullptr);
    m_actions["actionLayerStyle"]->setEnabled(l && l->map.vector);
    m_actions["actionOpenTable"]->setEnabled(l && l->map.vector);
}

void MainWindow::onCursor(double x, double y)
{
    if (!m_doc->crs().isValid())
        return;
    try {
        if (!m_toWgs84)
            m_toWgs84.emplace(m_doc->crs(), gis::Crs::fromEpsg(4326));
        if (!m_toUtm)
            m_toUtm.emplace(m_doc->crs(), gis::Crs::fromEpsg(32640));
    } catch (const gis::Error&) {
        return;
    }
    const QLocale loc = locale();
    const gis::Coord ll = m_toWgs84->transform(gis::Coord{x, y});
    const gis::Coord utm = m_toUtm->transform(gis::Coord{x, y});
    if (!std::isfinite(ll.x) || !std::isfinite(ll.y)) {
        m_coordLabel->clear();
        return;
    }
    m_coordLabel->setText(formatLonLat(ll.x, ll.y, loc) + QStringLiteral("   |   ") + formatDms(ll.x, ll.y, loc));
    if (std::isfinite(utm.x) && std::isfinite(utm.y))
        m_utmLabel->setText(tr("UTM 40N: %1 E, %2 N")
                                .arg(loc.toString(static_cast<qlonglong>(std::llround(utm.x))),
                                    loc.toString(static_cast<qlonglong>(std::llround(utm.y)))));
}

void MainWindow::onViewChanged()
{
    if (!m_scaleEdit || m_scaleEdit->hasFocus())
        return;
    const double n = m_canvas->scale();
    m_scaleEdit->setText(n > 0 ? formatScale(n, locale()) : QString());
    m_actions["actionPreviousExtent"]->setEnabled(m_canvas->canGoBack());
    m_actions["actionNextExtent"]->setEnabled(m_canvas->canGoForward());
}

void MainWindow::rebuildCrsChooser()
{
    if (!m_crsCombo)
        return;
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

void MainWindow::onCrsChosen(int index)
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
        reportError(QString::fromUtf8(e.what()));
        rebuildCrsChooser();
    }
}

void MainWindow::zoomToSelection()
{
    gis::Box box = m_doc->layerExtent(m_layers->currentLayer(), true);
    if (box.isEmpty()) { // the current layer has none: any layer's
        for (const LayerState& s : m_doc->layerStates())
            box.expand(m_doc->layerExtent(s.id, true));
    }
    if (box.isEmpty())
        return;
    const double m = std::max({box.width(), box.height(), m_canvas->transform().pixelSize() * 100}) * 0.1;
    m_canvas->setExtent({box.minX - m, box.minY - m, box.maxX + m, box.maxY + m});
}

void MainWindow::onSelectByExpression()
{
    const int id = m_layers->currentLayer();
    const gis::ProjectLayer* l = m_doc->layer(id);
    if (!l || !l->map.vector) {
        reportError(tr("Choose a vector layer in the Layers panel first."));
        return;
    }
    QueryBuilderDialog dialog(l->map.vector, QString::fromStdString(l->map.name), this);
    if (dialog.exec() != QDialog::Accepted || dialog.expression().isEmpty())
        return;
    try {
        m_tools->selectByExpression(id, dialog.expression().toStdString(), dialog.addToSelection());
    } catch (const gis::Error& e) {
        reportError(QString::fromUtf8(e.what()));
    }
}

void MainWindow::onSelectByLocation()
{
    SelectByLocationDialog dialog(m_doc, m_layers->currentLayer(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    try {
        m_tools->selectByLocation(dialog.targetLayer(), dialog.predicate(), dialog.sourceLayer(), dialog.selectedOnly(),
            dialog.addToSelection());
    } catch (const gis::Error& e) {
        reportError(QString::fromUtf8(e.what()));
    }
}

void MainWindow::onStyle(int layerId)
{
    const gis::ProjectLayer* l = m_doc->layer(layerId);
    if (!l || !l->map.vector)
        return;
    StyleEditorDialog dialog(m_doc, layerId, this);
    dialog.exec();
}

} // namespace viewer
