// MainWindow: PostGIS layers — Layer ▸ Add PostGIS layer… and colleagues' commits shown as they land.

#include <QMessageBox>
#include <QPushButton>

#include "app/mainwindow.h"
#include "edit/editcontroller.h"
#include "gis/data/postgis.h"
#include "map/mapcanvas.h"
#include "map/mapdocument.h"
#include "postgis/pgchangewatcher.h"
#include "postgis/postgisdialog.h"

namespace viewer {

void MainWindow::createPostgis()
{
    m_pgWatcher = new PgChangeWatcher(m_doc, this);
    m_pgWatcher->setEditingPredicate([this](int id) { return m_edits->isEditing(id); });
    connect(m_edits, &EditController::editingChanged, this, [this](int id) {
        if (!m_edits->isEditing(id))
            m_pgWatcher->editingStopped(id);
    });
    // In the status bar, not a dialog: it happens in the background, and the layer itself still shows.
    connect(m_pgWatcher, &PgChangeWatcher::watchError, this, [this](int, const QString& message) {
        showStatus(message, 15000);
        emit errorReported(message);
    });
}

void MainWindow::onAddPostgisLayer()
{
    PostgisDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    addPostgisLayers(dialog.source(), dialog.chosenLayers());
}

int MainWindow::addPostgisLayers(const QString& source, const QStringList& layers)
{
    if (layers.isEmpty())
        return 0;
    const QString problem = QString::fromStdString(gis::pg::projectSourceProblem(source.toStdString()));
    if (!problem.isEmpty()) {
        bool keep = true;
        if (m_options.keepUnsavedSource) {
            keep = m_options.keepUnsavedSource(problem);
        } else if (m_options.dialogs) {
            QMessageBox box(QMessageBox::Warning, tr("Add PostGIS layer"),
                tr("A project cannot save this connection: %1.\n\nOnly a service of your pg_service.conf can be saved "
                   "in a project. Keep the layers in the map without saving them in the project?").arg(problem),
                QMessageBox::NoButton, this);
            box.setObjectName("UnsavedSourcePrompt");
            QPushButton* keepButton = box.addButton(tr("Keep unsaved"), QMessageBox::AcceptRole);
            box.addButton(QMessageBox::Cancel);
            box.exec();
            keep = box.clickedButton() == keepButton;
        }
        if (!keep)
            return 0;
    }
    const bool hadLayers = !m_doc->layers().empty();
    int added = 0;
    for (const QString& layer : layers) {
        try {
            m_doc->addPostgisLayer(source.toStdString(), layer.toStdString());
            ++added;
        } catch (const std::exception& e) {
            reportError(tr("Could not add “%1” from %2: %3")
                            .arg(layer, QString::fromStdString(gis::pg::displayName(source.toStdString())), QString::fromUtf8(e.what())));
        }
    }
    if (added > 0 && !hadLayers)
        m_canvas->zoomToFullExtent();
    return added;
}

} // namespace viewer
