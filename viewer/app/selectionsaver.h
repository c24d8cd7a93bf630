#pragma once

#include <QObject>
#include <QString>

class QWidget;

namespace viewer {

struct SavePlan;

class LayerPanel;
class MapDocument;
class RecentFiles;

/// Selection ▸ Save selection as…: writes the selected features of the Layers panel's current layer
/// (GeoPackage, GeoJSON, Shapefile, CSV, ...). An existing GeoPackage gets a new layer unless the user chooses
/// to replace a layer or the whole file, and a file the project reads is never replaced (see dialogs/saveplan.h).
/// Nothing is owned; `window` parents its dialogs. Failures and refusals go to errorReported(), what was
/// written to statusMessage(). GUI thread.
class SelectionSaver : public QObject {
    Q_OBJECT
public:
    SelectionSaver(MapDocument* document, LayerPanel* layers, RecentFiles* recent, QWidget* window);

    /// Asks for a file (and, for an existing one, what to do with it), then saves.
    void ask();
    /// Saves to `path`: into an existing GeoPackage as a new layer, otherwise as a new or replaced file
    /// (see defaultSavePlan).
    bool save(const QString& path);
    /// Saves as `plan` says; a file the project reads is never replaced (reported, returns false).
    bool save(const QString& path, const SavePlan& plan);

signals:
    void errorReported(const QString& message);
    void statusMessage(const QString& message);

private:
    MapDocument* m_doc;
    LayerPanel* m_layers;
    RecentFiles* m_recent;
    QWidget* m_window;
};

} // namespace viewer
