#include "mainwindow.h"

#include <algorithm>
#include <vector>

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileInfo>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QMimeData>
#include <QSettings>
#include <QToolBar>

#include "analysis/historypanel.h"
#include "analysis/mappointpicker.h"
#include "analysis/toolboxpanel.h"
#include "app/icons.h"
#include "app/language.h"
#include "app/recentfiles.h"
#include "app/selectionsaver.h"
#include "app/statusbar.h"
#include "map/mapcanvas.h"
#include "map/mapdocument.h"
#include "map/maptools.h"
#include "map/overviewmap.h"
#include "panels/attributepanel.h"
#include "panels/identifypanel.h"
#include "panels/layerpanel.h"
#include "panels/measurepanel.h"

namespace viewer {

MainWindow::MainWindow(Options options, QWidget* parent) : QMainWindow(parent), m_options(options)
{
    setObjectName("MainWindow");
    setAcceptDrops(true);
    setLocale(localeFor(currentLanguage()));
    m_doc = new MapDocument(this);
    m_canvas = new MapCanvas(m_doc, this);
    m_canvas->setObjectName("MapCanvas");
    setCentralWidget(m_canvas);
    m_tools = new MapTools(m_doc, m_canvas, this);
    m_recent = new RecentFiles(m_options.useSettings, this);
    connect(m_recent, &RecentFiles::projectsChanged, this, &MainWindow::rebuildRecentMenu);
    connect(m_recent, &RecentFiles::projectChosen, this, [this](const QString& path) {
        if (confirmDiscard())
            openProject(path);
    });
    m_bookmarks = new Bookmarks(this);
    connect(m_bookmarks, &Bookmarks::changed, this, &MainWindow::rebuildBookmarkMenu);
    connect(m_bookmarks, &Bookmarks::chosen, this, &MainWindow::goToBookmark);
    createActions();
    createDocks();
    m_selectionSaver = new SelectionSaver(m_doc, m_layers, m_recent, this);
    connect(m_selectionSaver, &SelectionSaver::errorReported, this, &MainWindow::reportError);
    connect(m_selectionSaver, &SelectionSaver::statusMessage, this, [this](const QString& m) { showStatus(m); });
    createMenus();
    createEditing();
    createPostgis();
    createDrone();
    createStatusBar();
    connectSignals();
    connect(m_doc, &MapDocument::modifiedChanged, this, &MainWindow::updateTitle);
    connect(m_doc, &MapDocument::projectChanged, this, [this] {
        // After the canvas fitted the print extent: a project saved with a view opens where it was left.
        if (!m_doc->view().isEmpty())
            m_canvas->setExtent(m_doc->view());
        updateTitle();
    });
    retranslate();
    // Nine tenths of the screen, at least 1280×800: the map keeps room above a ten-row attribute table.
    const QSize avail = screen() ? screen()->availableGeometry().size() : QSize();
    resize(std::max(1280, avail.width() * 9 / 10), std::max(800, avail.height() * 9 / 10));
    if (m_options.useSettings) {
        QSettings s;
        restoreGeometry(s.value("window/geometry").toByteArray());
        m_docksSized = restoreState(s.value("window/state").toByteArray());
    }
    mirrorDockAreas(); // after a restored layout, which may come from a session in the other language
    rebuildRecentMenu();
    rebuildBookmarkMenu();
}

MainWindow::~MainWindow() = default;

QAction* MainWindow::action(const QString& name) const
{
    return m_actions.action(name);
}

bool MainWindow::saveSelection(const QString& path)
{
    return m_selectionSaver->save(path);
}

bool MainWindow::saveSelection(const QString& path, const SavePlan& plan)
{
    return m_selectionSaver->save(path, plan);
}

void MainWindow::createActions()
{
    m_actions.create(this);
}

void MainWindow::createDocks()
{
    auto makeDock = [this](const char* name, QWidget* content, Qt::DockWidgetArea area) {
        auto* dock = new QDockWidget(this);
        dock->setObjectName(name);
        dock->setWidget(content);
        addDockWidget(area, dock);
        return dock;
    };
    m_layers = new LayerPanel(m_doc, this);
    m_table = new AttributePanel(m_doc, this);
    m_identify = new IdentifyPanel(m_doc, m_tools, this);
    m_measure = new MeasurePanel(m_tools, m_canvas, this);
    m_overview = new OverviewMap(m_doc, m_canvas, this);
    // The side docks run the window's height and the attribute table sits under the map only: a table across the
    // whole width left the Layers list four layers tall.
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    // The reading side leads: Layers and Overview where a line starts (mirrorDockAreas() follows a switch).
    const Qt::DockWidgetArea leading = isRightToLeft() ? Qt::RightDockWidgetArea : Qt::LeftDockWidgetArea;
    const Qt::DockWidgetArea trailing = isRightToLeft() ? Qt::LeftDockWidgetArea : Qt::RightDockWidgetArea;
    m_layersDock = makeDock("LayersDock", m_layers, leading);
    m_overviewDock = makeDock("OverviewDock", m_overview, leading);
    m_identifyDock = makeDock("IdentifyDock", m_identify, trailing);
    m_measureDock = makeDock("MeasureDock", m_measure, trailing);
    m_tableDock = makeDock("AttributeTableDock", m_table, Qt::BottomDockWidgetArea);
    m_toolbox = new ToolboxPanel(m_doc, this);
    m_toolboxDock = makeDock("ToolboxDock", m_toolbox, trailing);
    m_toolboxDock->hide();
    m_history = new HistoryPanel(m_doc, this);
    m_historyDock = makeDock("HistoryDock", m_history, Qt::BottomDockWidgetArea);
    m_historyDock->hide();
    connect(m_history, &HistoryPanel::errorReported, this, &MainWindow::reportError);
    connect(m_toolbox, &ToolboxPanel::errorReported, this, &MainWindow::reportError);
    m_pointPicker = new MapPointPicker(m_canvas, this);
    connect(m_toolbox, &ToolboxPanel::pointPickRequested, m_pointPicker, &MapPointPicker::start);
    connect(m_pointPicker, &MapPointPicker::picked, m_toolbox, &ToolboxPanel::setPickedPoint);
    tabifyDockWidget(m_identifyDock, m_measureDock);
    m_identifyDock->raise();
    m_identifyDock->hide();
    m_measureDock->hide();
    resizeDocks({m_layersDock, m_overviewDock}, {420, 200}, Qt::Vertical);
    resizeDocks({m_layersDock}, {250}, Qt::Horizontal);
}

void MainWindow::createMenus()
{
    m_fileMenu = menuBar()->addMenu(QString());
    m_fileMenu->addAction(m_actions["actionNewProject"]);
    m_fileMenu->addAction(m_actions["actionOpenProject"]);
    m_recentMenu = m_fileMenu->addMenu(QString());
    m_fileMenu->addAction(m_actions["actionSaveProject"]);
    m_fileMenu->addAction(m_actions["actionSaveProjectAs"]);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_actions["actionAddLayer"]);
    m_fileMenu->addAction(m_actions["actionSaveSelection"]);
    m_fileMenu->addAction(m_actions["actionExportMap"]);
    m_fileMenu->addAction(m_actions["actionPrintLayout"]);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_actions["actionQuit"]);

    m_viewMenu = menuBar()->addMenu(QString());
    for (const char* name : {"actionZoomIn", "actionZoomOut", "actionFullExtent", "actionZoomToLayer",
             "actionZoomToSelection", "actionPanToSelection", "actionPreviousExtent", "actionNextExtent", "actionRefresh"})
        m_viewMenu->addAction(m_actions[name]);
    m_viewMenu->addSeparator();
    m_bookmarkMenu = m_viewMenu->addMenu(QString());
    m_panelsMenu = m_viewMenu->addMenu(QString());
    for (QDockWidget* d : {m_layersDock, m_tableDock, m_identifyDock, m_measureDock, m_overviewDock, m_toolboxDock, m_historyDock})
        m_panelsMenu->addAction(d->toggleViewAction());

    m_layerMenu = menuBar()->addMenu(QString());
    for (const char* name : {"actionAddLayer", "actionAddPostgisLayer", "actionOpenTable", "actionLayerStyle", "actionLocateFile", "actionRemoveLayer"})
        m_layerMenu->addAction(m_actions[name]);

    m_selectionMenu = menuBar()->addMenu(QString());
    for (const char* name : {"actionSelectPoint", "actionSelectRectangle", "actionSelectPolygon", "actionSelectByExpression",
             "actionSelectByLocation", "actionClearSelection", "actionZoomToSelection", "actionSaveSelection"})
        m_selectionMenu->addAction(m_actions[name]);

    m_toolsMenu = menuBar()->addMenu(QString());
    for (const char* name : {"actionPan", "actionIdentify", "actionMeasureDistance", "actionMeasureArea"})
        m_toolsMenu->addAction(m_actions[name]);

    m_analysisMenu = menuBar()->addMenu(QString());
    m_toolboxAction = m_analysisMenu->addAction(QString());
    m_toolboxAction->setObjectName("actionToolbox");
    connect(m_toolboxAction, &QAction::triggered, this, [this] {
        m_toolboxDock->show();
        m_toolboxDock->raise();
    });
    m_historyAction = m_analysisMenu->addAction(QString());
    m_historyAction->setObjectName("actionHistory");
    connect(m_historyAction, &QAction::triggered, this, [this] {
        m_historyDock->show();
        m_historyDock->raise();
    });

    m_settingsMenu = menuBar()->addMenu(QString());
    m_languageMenu = m_settingsMenu->addMenu(QString());
    m_languageMenu->addAction(m_actions["actionLanguageArabic"]);
    m_languageMenu->addAction(m_actions["actionLanguageEnglish"]);

    m_helpMenu = menuBar()->addMenu(QString());
    m_helpMenu->addAction(m_actions["actionAbout"]);

    m_toolbar = addToolBar(QString());
    m_toolbar->setObjectName("MainToolBar");
    m_toolbar->setIconSize(QSize(24, 24));
    for (const char* name : {"actionOpenProject", "actionSaveProject", "actionAddLayer", "", "actionPan", "actionIdentify",
             "actionSelectPoint", "actionSelectRectangle", "actionSelectPolygon", "actionSelectByExpression",
             "actionSelectByLocation", "actionClearSelection", "", "actionMeasureDistance", "actionMeasureArea", "",
             "actionZoomIn", "actionZoomOut", "actionFullExtent", "actionZoomToSelection", "actionPreviousExtent",
             "actionNextExtent", "", "actionOpenTable", "actionLayerStyle", "actionExportMap"}) {
        if (*name)
            m_toolbar->addAction(m_actions[name]);
        else
            m_toolbar->addSeparator();
    }
}

void MainWindow::createStatusBar()
{
    m_status = new StatusBar(m_doc, m_canvas, this);
    setStatusBar(m_status);
    connect(m_status, &StatusBar::errorReported, this, &MainWindow::reportError);
}

QComboBox* MainWindow::crsChooser() const
{
    return m_status->crsChooser();
}

QLineEdit* MainWindow::scaleEdit() const
{
    return m_status->scaleEdit();
}

void MainWindow::retranslate()
{
    m_actions.retranslate();
    m_fileMenu->setTitle(tr("&File"));
    m_recentMenu->setTitle(tr("Recent &projects"));
    m_viewMenu->setTitle(tr("&View"));
    m_bookmarkMenu->setTitle(tr("&Bookmarks"));
    m_panelsMenu->setTitle(tr("P&anels"));
    m_layerMenu->setTitle(tr("&Layer"));
    m_selectionMenu->setTitle(tr("&Selection"));
    m_toolsMenu->setTitle(tr("&Tools"));
    m_analysisMenu->setTitle(tr("A&nalysis"));
    m_toolboxAction->setText(tr("Toolbox…"));
    m_historyAction->setText(tr("History…"));
    m_settingsMenu->setTitle(tr("S&ettings"));
    m_languageMenu->setTitle(tr("&Language"));
    m_helpMenu->setTitle(tr("&Help"));
    if (currentLanguage() == "ar") {
        // No mnemonics in Arabic, as for the actions (ActionRegistry::retranslate).
        for (QMenu* m : {m_fileMenu, m_recentMenu, m_viewMenu, m_bookmarkMenu, m_panelsMenu, m_layerMenu,
                 m_selectionMenu, m_toolsMenu, m_analysisMenu, m_settingsMenu, m_languageMenu, m_helpMenu})
            m->setTitle(m->title().remove('&'));
    }
    m_toolbar->setWindowTitle(tr("Main toolbar"));
    m_layersDock->setWindowTitle(tr("Layers"));
    m_tableDock->setWindowTitle(tr("Attribute table"));
    m_identifyDock->setWindowTitle(tr("Identify results"));
    m_measureDock->setWindowTitle(tr("Measure"));
    m_overviewDock->setWindowTitle(tr("Overview"));
    m_toolboxDock->setWindowTitle(tr("Analysis toolbox"));
    m_historyDock->setWindowTitle(tr("Analysis history"));
    retranslateDrone();
    retranslateEditing();
    m_status->retranslate();
    rebuildRecentMenu();
    rebuildBookmarkMenu();
    onViewChanged();
    updateTitle();
}

void MainWindow::showEvent(QShowEvent* event)
{
    QMainWindow::showEvent(event);
    if (!m_docksSized) {
        // Once the window has its size (a dock sized before got a share of a window not laid out yet): the
        // attribute table tall enough for AttributePanel::kDefaultRows rows.
        m_docksSized = true;
        resizeDocks({m_tableDock}, {m_tableDock->sizeHint().height()}, Qt::Vertical);
    }
}

void MainWindow::mirrorDockAreas()
{
    // The Layers dock says which side is the leading one now; every dock on a side moves to the other one.
    const Qt::DockWidgetArea leading = isRightToLeft() ? Qt::RightDockWidgetArea : Qt::LeftDockWidgetArea;
    const Qt::DockWidgetArea layersArea = dockWidgetArea(m_layersDock);
    if (layersArea == leading || (layersArea != Qt::LeftDockWidgetArea && layersArea != Qt::RightDockWidgetArea))
        return;
    struct Move {
        QDockWidget* dock;
        Qt::DockWidgetArea to;
        QList<QDockWidget*> tabbedWith;
    };
    std::vector<Move> moves;
    for (QDockWidget* d : findChildren<QDockWidget*>(Qt::FindDirectChildrenOnly)) {
        const Qt::DockWidgetArea a = dockWidgetArea(d);
        if (!d->isFloating() && (a == Qt::LeftDockWidgetArea || a == Qt::RightDockWidgetArea))
            moves.push_back({d, a == Qt::LeftDockWidgetArea ? Qt::RightDockWidgetArea : Qt::LeftDockWidgetArea,
                tabifiedDockWidgets(d)});
    }
    const int width = m_layersDock->width();
    for (const Move& m : moves)
        addDockWidget(m.to, m.dock, Qt::Vertical); // in their order: a column stays top to bottom
    for (const Move& m : moves)
        for (QDockWidget* other : m.tabbedWith)
            if (!tabifiedDockWidgets(m.dock).contains(other))
                tabifyDockWidget(m.dock, other);
    // Qt does not list hidden docks as tabbed: the pair createDocks() tabs stays tabbed also while hidden.
    if (dockWidgetArea(m_identifyDock) == dockWidgetArea(m_measureDock) && !tabifiedDockWidgets(m_identifyDock).contains(m_measureDock))
        tabifyDockWidget(m_identifyDock, m_measureDock);
    resizeDocks({m_layersDock}, {width}, Qt::Horizontal);
}

void MainWindow::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange && m_fileMenu)
        retranslate();
    if (event->type() == QEvent::LayoutDirectionChange && m_layersDock)
        mirrorDockAreas();
    QMainWindow::changeEvent(event);
}

bool MainWindow::confirmDiscard()
{
    if (!confirmDiscardEdits())
        return false;
    if (!m_doc->isModified())
        return true;
    QString name = m_doc->title(currentLanguage() == "ar");
    if (name.isEmpty())
        name = m_doc->projectPath().isEmpty() ? tr("Untitled project") : QFileInfo(m_doc->projectPath()).completeBaseName();
    QMessageBox box(QMessageBox::Warning, tr("Interior Explorer"), tr("Save the changes to “%1”?").arg(name),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setObjectName("UnsavedChangesPrompt");
    box.setInformativeText(tr("The changes to styles and layers are lost if you do not save them."));
    // Our own texts: Qt's translation of the standard buttons may not be installed.
    box.button(QMessageBox::Save)->setText(tr("Save"));
    box.button(QMessageBox::Discard)->setText(tr("Don’t save"));
    box.button(QMessageBox::Cancel)->setText(tr("Cancel"));
    box.setDefaultButton(QMessageBox::Save);
    box.setEscapeButton(QMessageBox::Cancel);
    switch (box.exec()) {
    case QMessageBox::Save:
        return onSaveProject(false);
    case QMessageBox::Discard:
        return true;
    default:
        return false;
    }
}

void MainWindow::newProject()
{
    if (confirmDiscard()) {
        m_doc->clear();
        updateTitle();
    }
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!confirmDiscard()) {
        event->ignore(); // Cancel: the window and the map stay as they were
        return;
    }
    if (m_options.useSettings) {
        QSettings s;
        s.setValue("window/geometry", saveGeometry());
        s.setValue("window/state", saveState());
    }
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    if (paths.size() == 1 && paths.front().endsWith(".json", Qt::CaseInsensitive) && m_doc->layers().empty()) {
        if (confirmDiscard())
            openProject(paths.front());
    } else
        addFiles(paths);
    event->acceptProposedAction();
}

} // namespace viewer
