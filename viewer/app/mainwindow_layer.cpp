// MainWindow: the current layer (table, style) and the selection dialogs; back/forward follow the view.

#include <algorithm>

#include "app/mainwindow.h"
#include "dialogs/selectbylocationdialog.h"
#include "gis/core/error.h"
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

void MainWindow::onViewChanged()
{
    m_actions["actionPreviousExtent"]->setEnabled(m_canvas->canGoBack());
    m_actions["actionNextExtent"]->setEnabled(m_canvas->canGoForward());
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
