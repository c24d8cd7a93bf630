// MainWindow: what the actions do. Each handler is an error boundary (gis::Error -> reportError).

#include <QActionGroup>
#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QStatusBar>

#include "app/language.h"
#include "app/mainwindow.h"
#include "app/recentfiles.h"
#include "app/selectionsaver.h"
#include "dialogs/exportdialog.h"
#include "gis/core/error.h"
#include "gis/core/pathguard.h"
#include "gis/data/layer.h"
#include "map/mapcanvas.h"
#include "map/mapdocument.h"
#include "map/mapexport.h"
#include "map/maptools.h"
#include "panels/attributepanel.h"
#include "panels/layerpanel.h"
#include "panels/querybuilder.h"
#include "print/printlayoutwindow.h"
#include "style/styleeditordialog.h"

namespace viewer {

namespace {

bool isProjectFile(const QString& path)
{
    QFile f(path);
    if (!path.endsWith(".json", Qt::CaseInsensitive) || !f.open(QIODevice::ReadOnly) || f.size() > 8 * 1024 * 1024)
        return false;
    const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
    return o.contains("layers") && !o.contains("type");
}

const char* kVectorFilter = QT_TRANSLATE_NOOP("viewer::MainWindow",
    "Geographic data (*.gpkg *.geojson *.json *.shp *.csv *.kml *.gml *.fgb *.tif *.tiff *.vrt *.asc);;All files (*)");

} // namespace

void MainWindow::connectSignals()
{
    connectFileAndViewActions();
    connectTools();
    connectSelectionAndLayerActions();
    connectPanels();
}

void MainWindow::connectFileAndViewActions()
{
    auto on = [this](const char* name, auto fn) { connect(m_actions[name], &QAction::triggered, this, fn); };
    on("actionNewProject", [this] { newProject(); });
    on("actionOpenProject", [this] { onOpenProject(); });
    on("actionSaveProject", [this] { onSaveProject(false); });
    on("actionSaveProjectAs", [this] { onSaveProject(true); });
    on("actionAddLayer", [this] { onAddLayer(); });
    on("actionAddPostgisLayer", [this] { onAddPostgisLayer(); });
    on("actionExportMap", [this] { onExport(); });
    on("actionPrintLayout", [this] { openPrintLayout(); });
    on("actionSaveSelection", [this] { m_selectionSaver->ask(); });
    on("actionQuit", [this] { close(); });
    on("actionZoomIn", [this] { m_canvas->zoomIn(); });
    on("actionZoomOut", [this] { m_canvas->zoomOut(); });
    on("actionFullExtent", [this] { m_canvas->zoomToFullExtent(); });
    on("actionPreviousExtent", [this] { m_canvas->previousExtent(); });
    on("actionNextExtent", [this] { m_canvas->nextExtent(); });
    on("actionZoomToLayer", [this] { m_canvas->setExtent(m_doc->layerExtent(m_layers->currentLayer())); });
    on("actionZoomToSelection", [this] { zoomToSelection(); });
    on("actionPanToSelection", [this] {
        const gis::Box box = m_doc->layerExtent(m_layers->currentLayer(), true);
        if (!box.isEmpty())
            m_canvas->setCenter(box.center());
    });
    on("actionRefresh", [this] { m_canvas->refresh(); });
    on("actionAddBookmark", [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Add bookmark"), tr("Name"), QLineEdit::Normal,
            tr("Bookmark %1").arg(m_bookmarks->count() + 1), &ok);
        if (ok && !name.isEmpty())
            addBookmark(name);
    });
    on("actionClearBookmarks", [this] { m_bookmarks->clear(); });
}

void MainWindow::connectTools()
{
    const std::pair<const char*, MapCanvas::Tool> tools[] = {
        {"actionPan", MapCanvas::Tool::Pan},
        {"actionIdentify", MapCanvas::Tool::Identify},
        {"actionSelectPoint", MapCanvas::Tool::SelectPoint},
        {"actionSelectRectangle", MapCanvas::Tool::SelectRectangle},
        {"actionSelectPolygon", MapCanvas::Tool::SelectPolygon},
        {"actionMeasureDistance", MapCanvas::Tool::MeasureDistance},
        {"actionMeasureArea", MapCanvas::Tool::MeasureArea},
    };
    for (const auto& [name, tool] : tools) {
        connect(m_actions[name], &QAction::toggled, this, [this, tool = tool](bool on) {
            if (!on)
                return;
            m_canvas->setTool(tool);
            if (tool == MapCanvas::Tool::Identify) {
                m_identifyDock->show();
                m_identifyDock->raise();
            }
            if (tool == MapCanvas::Tool::MeasureDistance || tool == MapCanvas::Tool::MeasureArea) {
                m_canvas->clearMeasure();
                m_measureDock->show();
                m_measureDock->raise();
            }
        });
    }
}

void MainWindow::connectSelectionAndLayerActions()
{
    auto on = [this](const char* name, auto fn) { connect(m_actions[name], &QAction::triggered, this, fn); };
    on("actionSelectByExpression", [this] { onSelectByExpression(); });
    on("actionSelectByLocation", [this] { onSelectByLocation(); });
    on("actionClearSelection", [this] { m_doc->clearSelections(); });
    on("actionOpenTable", [this] {
        m_table->setLayer(m_layers->currentLayer());
        m_tableDock->show();
        m_tableDock->raise();
    });
    on("actionLayerStyle", [this] { onStyle(m_layers->currentLayer()); });
    on("actionRemoveLayer", [this] { removeLayer(m_layers->currentLayer()); });
    on("actionLocateFile", [this] { onLocate(m_layers->currentLayer()); });
    on("actionLanguageArabic", [this] { setLanguage("ar"); });
    on("actionLanguageEnglish", [this] { setLanguage("en"); });
    on("actionAbout", [this] {
        QMessageBox::about(this, tr("About Interior Explorer"),
            tr("<h3>Interior Explorer — مستكشف الداخلية</h3><p>The integrated geographic database of Ad Dakhiliyah "
               "Governorate, Sultanate of Oman.</p><p>Built on libgis (GDAL, PROJ, GEOS) and Qt %1.</p>").arg(qVersion()));
    });

}

void MainWindow::connectPanels()
{
    connect(m_layers, &LayerPanel::currentLayerChanged, this, &MainWindow::onCurrentLayer);
    connect(m_layers, &LayerPanel::zoomToLayerRequested, this, [this](int id) { m_canvas->setExtent(m_doc->layerExtent(id)); });
    connect(m_layers, &LayerPanel::removeRequested, this, [this](int id) { removeLayer(id); });
    connect(m_layers, &LayerPanel::styleRequested, this, &MainWindow::onStyle);
    connect(m_layers, &LayerPanel::locateRequested, this, &MainWindow::onLocate);
    connect(m_layers, &LayerPanel::openTableRequested, this, [this](int id) {
        m_table->setLayer(id);
        m_tableDock->show();
        m_tableDock->raise();
    });
    connect(m_table, &AttributePanel::zoomToSelectionRequested, this, [this] {
        const gis::Box box = m_doc->layerExtent(m_table->layerId(), true);
        if (!box.isEmpty())
            m_canvas->setExtent(box);
    });
    connect(m_tools, &MapTools::message, this, [this](const QString& m) { showStatus(m); });
    connect(m_doc, &MapDocument::selectionChanged, this, [this](int id) {
        if (const gis::ProjectLayer* l = m_doc->layer(id))
            showStatus(tr("%1: %2 features selected").arg(QString::fromStdString(l->map.name), locale().toString(static_cast<qulonglong>(m_doc->selection(id).size()))));
    });
    connect(m_canvas, &MapCanvas::viewChanged, this, &MainWindow::onViewChanged);
    connect(m_canvas, &MapCanvas::filesDropped, this, [this](const QStringList& paths) {
        if (paths.size() == 1 && isProjectFile(paths.front())) {
            if (confirmDiscard())
                openProject(paths.front());
        } else
            addFiles(paths);
    });
}

void MainWindow::reportError(const QString& message)
{
    showStatus(message, 15000);
    emit errorReported(message);
    if (m_options.dialogs)
        QMessageBox::warning(this, tr("Interior Explorer"), message);
}

void MainWindow::showStatus(const QString& message, int ms)
{
    statusBar()->showMessage(message, ms);
}

// --- files --------------------------------------------------------------------------------------------------

bool MainWindow::openProject(const QString& path)
{
    // A project reads only files in its own folder unless the user allows more: ask, then load again with
    // those folders trusted. Allowing a style file may reveal icons elsewhere, hence a few rounds.
    std::vector<std::string> trusted;
    for (int round = 0;; ++round) {
        try {
            m_doc->loadProject(path, trusted);
            break;
        } catch (const gis::PathRefusedError& e) {
            QStringList folders, details;
            for (const auto& r : e.refusals()) {
                if (!folders.contains(QString::fromStdString(r.folder)))
                    folders << QString::fromStdString(r.folder);
                details << QString::fromStdString(r.where + ": " + r.path);
            }
            const QString list = details.join('\n');
            bool allow = false;
            if (round < 4 && m_options.allowFolders)
                allow = m_options.allowFolders(folders, list);
            else if (round < 4 && m_options.dialogs)
                allow = QMessageBox::question(this, tr("Interior Explorer"),
                            tr("The project %1 names files outside its folder:\n\n%2\n\nAllow this project to read "
                               "files in these folders?\n\n%3\n\nOnly allow folders whose files you trust.")
                                .arg(QFileInfo(path).fileName(), list, folders.join('\n')),
                            QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
                    == QMessageBox::Yes;
            if (!allow) {
                reportError(tr("Could not open the project:\n%1").arg(QString::fromUtf8(e.what())));
                return false;
            }
            for (const QString& f : folders)
                trusted.push_back(f.toStdString());
        } catch (const gis::Error& e) {
            reportError(tr("Could not open the project:\n%1").arg(QString::fromUtf8(e.what())));
            return false;
        }
    }
    m_recent->setLastFolder(path);
    m_recent->rememberProject(path);
    updateTitle();
    // A hint names what fixes the problem: locating a file cannot mend a style.
    QStringList missing, badStyle;
    for (const gis::ProjectLayer& l : m_doc->layers())
        if (!l.available)
            (l.styleProblem ? badStyle : missing) << QString::fromStdString(l.map.name);
    QStringList hints;
    if (!missing.isEmpty())
        hints << tr("Unavailable layers: %1 — use “Locate file…” in the Layers panel").arg(missing.join(", "));
    if (!badStyle.isEmpty())
        hints << tr("Layers whose style cannot be used: %1 — correct the style (its tooltip in the Layers panel says "
                    "where) and open the project again").arg(badStyle.join(", "));
    if (!hints.isEmpty())
        showStatus(hints.join(QStringLiteral("; ")), 15000);
    return true;
}

bool MainWindow::saveProject(const QString& path)
{
    try {
        m_doc->setView(m_canvas->extent()); // the print extent ("extent") stays what the project says
        m_doc->saveProject(path);
    } catch (const gis::Error& e) {
        reportError(tr("Could not save the project:\n%1").arg(QString::fromUtf8(e.what())));
        return false;
    }
    m_recent->rememberProject(path);
    updateTitle();
    showStatus(tr("Saved %1").arg(path));
    return true;
}

int MainWindow::addFiles(const QStringList& paths)
{
    int added = 0;
    QStringList errors;
    for (const QString& path : paths) {
        try {
            const auto ids = m_doc->addFile(path);
            added += static_cast<int>(ids.size());
            if (!ids.empty())
                m_layers->setCurrentLayer(ids.back());
            m_recent->setLastFolder(path);
        } catch (const gis::Error& e) {
            errors << QString::fromUtf8(e.what());
        }
    }
    if (added > 0 && m_doc->layers().size() == static_cast<std::size_t>(added))
        m_canvas->zoomToFullExtent();
    if (!errors.isEmpty())
        reportError(tr("Could not add %1:\n%2").arg(errors.size() == 1 ? tr("the file") : tr("some files"), errors.join('\n')));
    return added;
}

bool MainWindow::locateFile(int layerId, const QString& path)
{
    try {
        m_doc->relocate(layerId, path);
    } catch (const gis::Error& e) {
        reportError(tr("Could not read the file:\n%1").arg(QString::fromUtf8(e.what())));
        return false;
    }
    m_recent->setLastFolder(path);
    return true;
}

void MainWindow::onOpenProject()
{
    if (!confirmDiscard())
        return;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open project"), m_recent->lastFolder(), tr("Projects (*.json)"));
    if (!path.isEmpty())
        openProject(path);
}

bool MainWindow::onSaveProject(bool saveAs)
{
    QString path = m_doc->projectPath();
    if (saveAs || path.isEmpty())
        path = QFileDialog::getSaveFileName(this, tr("Save project"), path.isEmpty() ? m_recent->lastFolder() : path, tr("Projects (*.json)"));
    return !path.isEmpty() && saveProject(path);
}

void MainWindow::onAddLayer()
{
    const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Add layer"), m_recent->lastFolder(), tr(kVectorFilter));
    if (!paths.isEmpty())
        addFiles(paths);
}

void MainWindow::onLocate(int layerId)
{
    const gis::ProjectLayer* l = m_doc->layer(layerId);
    if (!l)
        return;
    const QString path = QFileDialog::getOpenFileName(this, tr("Locate file for “%1”").arg(QString::fromStdString(l->map.name)),
        QFileInfo(QString::fromStdString(l->sourcePath)).absolutePath(), tr(kVectorFilter));
    if (!path.isEmpty())
        locateFile(layerId, path);
}

bool MainWindow::exportView(const QString& path, QSize size, double dpi)
{
    gis::Box extent = m_canvas->extent();
    const QString error = exportMap(m_doc->makeRequest(extent, size, dpi), path);
    if (!error.isEmpty() && !QFileInfo::exists(path)) {
        reportError(error);
        return false;
    }
    showStatus(error.isEmpty() ? tr("Exported %1").arg(path) : error);
    return true;
}

PrintLayoutWindow* MainWindow::printLayoutWindow() const
{
    return m_printLayout;
}

PrintLayoutWindow* MainWindow::openPrintLayout()
{
    if (!m_printLayout) {
        PrintLayoutWindow::Options options;
        options.dialogs = m_options.dialogs;
        options.folder = m_recent->lastFolder();
        options.viewExtent = [this] { return m_canvas->extent(); };
        m_printLayout = new PrintLayoutWindow(m_doc, options, this);
        connect(m_printLayout, &PrintLayoutWindow::errorReported, this, [this](const QString& m) {
            showStatus(m, 15000);
            emit errorReported(m);
        });
        connect(m_canvas, &MapCanvas::viewChanged, m_printLayout, &PrintLayoutWindow::mapViewChanged);
    }
    m_printLayout->show();
    m_printLayout->raise();
    m_printLayout->activateWindow();
    return m_printLayout;
}

void MainWindow::onExport()
{
    ExportDialog dialog(m_canvas->size(), m_recent->lastFolder(), this);
    if (dialog.exec() == QDialog::Accepted)
        exportView(dialog.path(), dialog.size(), dialog.dpi());
}

} // namespace viewer
