#pragma once

#include <QMainWindow>
#include <QMap>
#include <QPointer>

#include <functional>
#include <memory>

#include "app/actionregistry.h"
#include "app/bookmarks.h"

class QComboBox;
class QDockWidget;
class QLineEdit;
class QMenu;
class QSplitter;
class QToolBar;

namespace gis {
struct EditFeature;
}

namespace viewer {

struct SavePlan;

class AttributePanel;
class DigitizeTool;
class EditController;
class FlightPanel;
class FormRegistry;
class IdentifyPanel;
class LayerPanel;
class MapCanvas;
class MapDocument;
class MapTools;
class MeasurePanel;
class OverviewMap;
class PgChangeWatcher;
class PrintLayoutWindow;
class RecentFiles;
class SelectionSaver;
class StatusBar;
class ToolboxPanel;
class MapPointPicker;
class HistoryPanel;

/// The main window of Interior Explorer: the map canvas in the centre; docks for layers, attribute table,
/// identify results, measurements and the overview map; menus and a toolbar with shortcuts; the StatusBar
/// (cursor position, scale, CRS, render progress). Every action handler is a boundary: gis::Error is caught there and reported (a message box,
/// and errorReported() for tests and scripts), and the rest of the map stays as it was.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    struct Options {
        bool dialogs = true;         ///< show message boxes (tests turn them off and watch errorReported)
        bool useSettings = true;     ///< restore and save the window layout, recent files, bookmarks
        /// Answers "Allow this project to read files in these folders?" when a project names files outside
        /// its folder (tests answer it); unset: a message box asks when `dialogs`, else the answer is no.
        std::function<bool(const QStringList& folders, const QString& details)> allowFolders;
        /// Answers "Keep this PostGIS layer unsaved?" when a layer is added through a connection string, which a
        /// project cannot save (`reason`: gis::pg::projectSourceProblem's); unset: a message box asks when
        /// `dialogs`, else the layer is kept.
        std::function<bool(const QString& reason)> keepUnsavedSource;
    };

    explicit MainWindow(Options options, QWidget* parent = nullptr);
    explicit MainWindow(QWidget* parent = nullptr) : MainWindow(Options{}, parent) {}
    ~MainWindow() override;

    MapDocument* document() const { return m_doc; }
    MapCanvas* canvas() const { return m_canvas; }
    MapTools* tools() const { return m_tools; }
    LayerPanel* layerPanel() const { return m_layers; }
    AttributePanel* attributePanel() const { return m_table; }
    IdentifyPanel* identifyPanel() const { return m_identify; }
    MeasurePanel* measurePanel() const { return m_measure; }
    /// The Analysis toolbox (Analysis ▸ Toolbox…): its runFinished() is what a project history records.
    ToolboxPanel* toolboxPanel() const { return m_toolbox; }
    MapPointPicker* pointPicker() const { return m_pointPicker; }
    /// The project's analysis history (Analysis ▸ History…).
    HistoryPanel* historyPanel() const { return m_history; }
    /// The drone flights panel (View ▸ Panels ▸ Drone flights; mainwindow_drone.cpp).
    FlightPanel* flightPanel() const { return m_flights; }
    /// Shows the drone flights dock (zooming to the chosen project's site).
    void showFlightPanel();
    EditController* edits() const { return m_edits; }
    DigitizeTool* digitizeTool() const { return m_digitize; }
    FormRegistry* forms() const { return m_forms; }
    QComboBox* crsChooser() const;
    QLineEdit* scaleEdit() const;
    QMenu* fileMenu() const { return m_fileMenu; }
    /// An action by its object name ("actionIdentify", "actionSelectRectangle", ...).
    QAction* action(const QString& name) const;

    /// Opens a project, replacing the map without asking (scripts, tests); the menu, the recent list and drops
    /// ask confirmDiscard() first.
    bool openProject(const QString& path);
    /// Saves the document there; the current view goes to the project's "view", never over its print extent.
    bool saveProject(const QString& path);
    /// When the document has unsaved changes, asks Save / Discard / Cancel (object name "UnsavedChangesPrompt").
    /// True when the map may be replaced or the window closed: saved, discarded, or nothing to save. Cancel, or
    /// a save that was cancelled or failed, gives false and keeps everything.
    bool confirmDiscard();
    /// Edit mode of a layer on or off. Turning it on asks about a journal an earlier session left (prompt
    /// "RecoverEditsPrompt": Recover / Discard / Cancel); turning it off with edits not saved asks
    /// ("UnsavedEditsPrompt"). True when the layer is in the mode asked for.
    bool setEditing(int layerId, bool on);
    /// Ctrl+S while editing: commits every layer with edits. Conflicts are shown in a ConflictDialog (keep mine /
    /// keep theirs per feature) and the commit is made again with the choices. False when something was not saved.
    bool saveEdits();
    /// Commits only those layers' edits (the prompt for one layer removed saves that layer alone).
    bool saveEdits(const std::vector<int>& layers);
    /// Removes a layer from the map; when it has edits not saved, asks first ("UnsavedEditsPrompt": Save / Don't
    /// save / Cancel). False when the layer stays (cancelled, or the save failed).
    bool removeLayer(int layerId);
    /// Ctrl+C: copies the current layer's selected features (EditController::copySelection); returns how many.
    int copyFeatures();
    /// Ctrl+V: pastes them into the current layer, which must be in edit mode; a clipboard whose geometry type does
    /// not fit is refused with a message naming both layers. Returns how many were pasted.
    int pasteFeatures();
    /// When layers have edits not saved, asks Save / Discard / Cancel (object name "UnsavedEditsPrompt"); true when
    /// the map may be closed (saved, discarded — rolled back — or nothing to save).
    bool confirmDiscardEdits(const std::vector<int>& layers = {});
    /// File ▸ New project: asks first, then an empty map.
    void newProject();
    /// Adds tables of a PostgreSQL/PostGIS database ("PG:service=team" or a connection string; `layers`:
    /// "schema.table") as layers (Layer ▸ Add PostGIS layer… after its dialog). A source that is not a service is
    /// refused by project files: the user is told why and may keep the layers unsaved or cancel
    /// (Options::keepUnsavedSource). A table that cannot be read is reported and skipped. Returns the layers added.
    int addPostgisLayers(const QString& source, const QStringList& layers);
    /// Keeps the document's PostGIS layers up to date with colleagues' commits.
    PgChangeWatcher* pgWatcher() const { return m_pgWatcher; }
    /// Adds files as layers; a file that cannot be read is reported and skipped. Returns the layers added.
    int addFiles(const QStringList& paths);
    bool exportView(const QString& path, QSize size, double dpi);
    /// Saves the current layer's selected features to `path` (GeoPackage, GeoJSON, Shapefile, CSV, ...): into an
    /// existing GeoPackage as a new layer, otherwise as a new or replaced file (see defaultSavePlan).
    bool saveSelection(const QString& path);
    /// Saves as `plan` says; a file the project reads is never replaced (reported, returns false).
    bool saveSelection(const QString& path, const SavePlan& plan);
    bool locateFile(int layerId, const QString& path);
    void zoomToSelection();
    void setLanguage(const QString& language);
    void addBookmark(const QString& name);
    /// Shows the print layout window (File ▸ Print layout…), made on first use.
    PrintLayoutWindow* openPrintLayout();
    PrintLayoutWindow* printLayoutWindow() const; ///< null until first opened

signals:
    void errorReported(const QString& message);

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createMenus();
    void createDocks();
    void createStatusBar();
    /// Puts the side docks on the reading side: Layers and Overview on the left in English and on the right in
    /// Arabic (Qt mirrors widgets, not dock areas). Tabbed docks stay tabbed; hidden ones stay hidden.
    void mirrorDockAreas();
    void retranslate();
    void connectSignals();
    void connectFileAndViewActions();
    void connectTools();
    void connectSelectionAndLayerActions(); ///< also Settings (language) and Help
    void connectPanels(); ///< panels, tools, document and canvas signals
    void reportError(const QString& message);
    void showStatus(const QString& message, int ms = 6000);

    void onOpenProject();
    bool onSaveProject(bool saveAs);
    void onAddLayer();
    void onAddPostgisLayer();   ///< mainwindow_postgis.cpp
    void createPostgis();       ///< mainwindow_postgis.cpp: the change watcher and its connections
    void createDrone();         ///< mainwindow_drone.cpp: the drone flights dock and the side-by-side dock
    void retranslateDrone();
    /// A feature added to a layer with a `flight_id` text field gets the current flight's id (annotations on a
    /// flight): into `feature` when given (the form's feature), else set through the session. False: nothing to fill.
    bool fillFlightId(int id, qint64 fid, gis::EditFeature* feature);
    void onExport();
    void onLocate(int layerId);
    void onSelectByExpression();
    void onSelectByLocation();
    void onStyle(int layerId);
    void onCurrentLayer(int id);
    void onViewChanged();
    void rebuildRecentMenu();
    void rebuildBookmarkMenu();
    void goToBookmark(const Bookmarks::Bookmark& bookmark);
    void updateTitle();
    void createEditing();     ///< mainwindow_edit.cpp: the edit menu, toolbar and their handlers
    void updateEditActions();
    int editTarget() const;   ///< the current layer when it is in edit mode, else the first layer that is
    void retranslateEditing();
    void onAddPointAtCoordinates();
    /// The form of a feature just added to layer `id` (when the layer has one): Save fills it in, Cancel takes it back.
    void openNewFeatureForm(int id, qint64 fid);

    Options m_options;
    MapDocument* m_doc;
    MapCanvas* m_canvas;
    MapTools* m_tools;
    LayerPanel* m_layers;
    AttributePanel* m_table;
    IdentifyPanel* m_identify;
    MeasurePanel* m_measure;
    OverviewMap* m_overview;
    ToolboxPanel* m_toolbox = nullptr;
    MapPointPicker* m_pointPicker = nullptr; ///< takes a map click for the toolbox's "pick on map"
    QPointer<PrintLayoutWindow> m_printLayout;
    ActionRegistry m_actions;
    QToolBar* m_toolbar = nullptr;
    QMenu* m_fileMenu = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QMenu* m_bookmarkMenu = nullptr;
    QMenu* m_panelsMenu = nullptr;
    QMenu* m_selectionMenu = nullptr;
    QMenu* m_toolsMenu = nullptr;
    QMenu* m_analysisMenu = nullptr;
    QAction* m_toolboxAction = nullptr;
    QAction* m_historyAction = nullptr;
    QMenu* m_layerMenu = nullptr;
    QMenu* m_settingsMenu = nullptr;
    QMenu* m_languageMenu = nullptr;
    QMenu* m_helpMenu = nullptr;
    QMenu* m_editMenu = nullptr;
    QToolBar* m_editToolbar = nullptr;
    EditController* m_edits = nullptr;
    DigitizeTool* m_digitize = nullptr;
    FormRegistry* m_forms = nullptr;
    PgChangeWatcher* m_pgWatcher = nullptr;
    QAction* m_inspectorAction = nullptr;
    QDockWidget* m_layersDock = nullptr;
    QDockWidget* m_tableDock = nullptr;
    QDockWidget* m_identifyDock = nullptr;
    QDockWidget* m_measureDock = nullptr;
    QDockWidget* m_overviewDock = nullptr;
    QDockWidget* m_toolboxDock = nullptr;
    QDockWidget* m_historyDock = nullptr;
    HistoryPanel* m_history = nullptr;
    FlightPanel* m_flights = nullptr;
    QDockWidget* m_flightsDock = nullptr;
    QSplitter* m_mapSplitter = nullptr; ///< the centre: the map and the side-by-side flight
    StatusBar* m_status = nullptr;
    RecentFiles* m_recent;
    Bookmarks* m_bookmarks;
    SelectionSaver* m_selectionSaver = nullptr;
    bool m_docksSized = false; ///< the default dock sizes were given at the first show (or a saved layout restored)
};

} // namespace viewer
