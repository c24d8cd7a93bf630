#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gis/core/box.h"
#include "gis/crs/crs.h"
#include "gis/data/datasource.h"
#include "gis/render/maprenderer.h"
#include "gis/render/qtstyle.h"
#include "gis/project/project.h"
#include "gis/project/style.h"
#include "map/layerrows.h"

namespace gis {
class Layer;
class RasterSource;
}

namespace viewer {

class PgViewLoader;

/// The viewer's own state of one layer of the open map: what a project file does not hold. MapDocument keeps
/// one per layer in a vector parallel to project().layers (same index, reordered, added and removed with it):
/// parallel rather than keyed by id because every widget walks the layers in order, and the id is the key.
struct LayerState {
    int id = 0;                           ///< stable while the document lives (positions change on reorder)
    std::vector<std::uint32_t> selection; ///< selected rows (LayerRows: the data's, then the edit overlay's), ascending
};

/// The name to show for a layer in `language` ("ar" or "en"): the project's title for it, else its name.
QString layerDisplayName(const gis::ProjectLayer& layer, const QString& language);

/// The open map: a gis::Project (the one it loaded, or a new empty one) and the viewer's state of each of its
/// layers (LayerState). The GUI's single source of truth; widgets read the layers' properties from project()
/// and observe changes through the signals. Lives on the GUI thread; render workers get immutable
/// RenderRequest values from gis::makeRequest. Loading and adding throw gis::Error; the caller shows it.
///
/// Paths in the project's layers are as gis::Project has them: `source` and `styleFile` as written relative to
/// the project file (absolute for a project not saved yet), `sourcePath` absolute; styleFilePath() resolves a
/// style file. A save rewrites `source` and `styleFile` relative to the file saved to, then calls
/// gis::Project::save.
///
/// The document is modified (isModified()) by what a save would write differently: a style, visibility,
/// opacity, layer order, added, removed or relocated layers, the CRS, the title. Panning and zooming only
/// move the view, which a save stores apart from the print extent ("view") without it counting as a change.
/// A save writes the project back through gis::Project::save, which keeps what the user did not change.
class MapDocument : public QObject {
    Q_OBJECT
public:
    explicit MapDocument(QObject* parent = nullptr);

    /// Replaces the map with a project file. A layer whose file is missing stays in the list, unavailable.
    /// Unsaved changes are replaced without asking: the caller asks first (MainWindow::confirmDiscard).
    /// The project may read files outside its folder only in `trustedFolders` (gis::ProjectLoadOptions);
    /// gis::PathRefusedError lists what it named elsewhere.
    void loadProject(const QString& path, const std::vector<std::string>& trustedFolders = {});
    /// Saves atomically; paths are written relative to the project file. Only what changed since the file was
    /// read is rewritten (gis::Project::save). Clears the modified flag.
    void saveProject(const QString& path);
    /// An empty map (File ▸ New project); not modified.
    void clear();

    bool isModified() const { return m_modified; }
    void setModified(bool modified);
    void setTitle(const QString& title, const QString& titleAr);

    /// Adds every vector layer of a file (default styles) or the raster; returns the new layers' ids.
    std::vector<int> addFile(const QString& path);
    /// Adds a table of a PostgreSQL/PostGIS database ("PG:service=team", or a connection string), with a default
    /// style; `layer` is "schema.table". Returns its id. Throws gis::Error (nothing is added). A layer whose
    /// source names no service (gis::pg::projectSourceProblem) can be shown but not saved in a project: saveProject
    /// refuses it with that reason. A table whose estimated row count is above `bigTableRows` is not read whole: it
    /// is fetched by view (viewLoader(), showingExtent(); docs/postgis.md, "Big tables in the viewer") and starts
    /// without rows; else it is read whole here.
    int addPostgisLayer(const std::string& source, const std::string& layer,
        std::int64_t bigTableRows = kBigTableRows);
    /// PgViewLoader::kBigTableRows (here so that callers need not include the loader).
    static constexpr std::int64_t kBigTableRows = 250'000;
    /// The map shows `extent` (map CRS) now: the layers fetched by view read what it needs. The canvas calls it
    /// whenever it renders.
    void showingExtent(const gis::Box& extent);
    /// The loader of a layer fetched by view; null for any other layer.
    PgViewLoader* viewLoader(int id) const;
    /// What the map should tell about a layer ("zoom in to see …", a failed read); empty when nothing.
    QString layerNote(int id) const;
    /// The notes of the visible layers, bottom to top.
    QStringList layerNotes() const;
    /// Adds a layer made in memory (benchmarks, derived layers); it is available when it holds data. Returns
    /// its id.
    int addLayer(gis::ProjectLayer layer);
    void removeLayer(int id);
    /// New order, bottom to top (every id once).
    void reorder(const std::vector<int>& idsBottomToTop);
    void setVisible(int id, bool visible);
    void setOpacity(int id, double opacity);
    /// `styleFile`: the absolute path of the file the style was read from or written to; "" for an inline style.
    void setStyle(int id, const gis::LayerStyle& style, const std::string& styleFile = {});
    /// Points an unavailable (or any) layer at another file and loads it. Throws gis::Error.
    void relocate(int id, const QString& path);

    /// Replaces a vector layer's data with the edited data of its edit session (EditController): the map, identify
    /// and the table see the edits at once. Not a change to the project (the file holds the source, not the data):
    /// does not modify the document. Rows change meaning, so the layer's selection is cleared. Emits
    /// layerChanged and layerDataChanged.
    void setLayerData(int id, std::shared_ptr<const gis::Layer> data);

    /// Shows an edit session's changes over a vector layer's data (gis::MapLayer::edits; null: none) without
    /// replacing the data, where making the layer again per edit costs O(layer): the map draws the data's rows but
    /// the hidden ones, then the added features; identify, the selection and the attribute table number the
    /// features as rows() does. The rows of the added features change meaning: the caller (EditController) sets the
    /// selection again by feature id afterwards; rows the new overlay hides or no longer has leave the selection
    /// here. `rowsChanged` false (the frames of a vertex drag): only the map is redrawn (layerEditsChanged); true:
    /// the table reads the features again too (layerDataChanged). setLayerData clears the overlay.
    void setLayerEdits(int id, std::shared_ptr<const gis::VectorEdits> edits, bool rowsChanged = false);
    /// The layer's features as the viewer numbers them: its data and its edit overlay (empty for an unknown id or a
    /// raster).
    LayerRows rows(int id) const;

    /// Selects rows (rows() numbering); rows that hold no feature (hidden by the edit overlay, out of range) are
    /// left out.
    void setSelection(int id, std::vector<std::uint32_t> rows);
    void clearSelections();

    void setCrs(const gis::Crs& crs);
    /// Appends a run's record to the project's history (docs/projects.md, "History"), its id chosen here
    /// (gis::nextProvenanceId), and marks layer `layerId` (-1: none) as made by it. The document is then modified.
    /// Returns the id. Throws gis::Error(Argument) when the history is full (gis::kMaxProvenanceRecords).
    std::string recordRun(gis::ProvenanceRecord record, int layerId);
    const gis::Crs& crs() const { return m_project.crs; }

    /// The map as a project: what a save writes, what print layouts and atlases are made from.
    const gis::Project& project() const { return m_project; }
    /// The project's layers, bottom to top.
    const std::vector<gis::ProjectLayer>& layers() const { return m_project.layers; }
    /// The viewer's state of each layer, parallel to layers().
    const std::vector<LayerState>& layerStates() const { return m_states; }
    /// The id of the layer at `index` in layers().
    int idAt(std::size_t index) const { return m_states[index].id; }
    const gis::ProjectLayer* layer(int id) const;
    int indexOf(int id) const;
    int findByName(const QString& name) const; ///< id or -1
    /// The rows selected in a layer, ascending (empty for an unknown id).
    const std::vector<std::uint32_t>& selection(int id) const;
    /// The absolute path of the layer's style file; "" for an inline style or an unknown id.
    std::string styleFilePath(int id) const;

    QString projectPath() const { return QString::fromStdString(m_project.path); }
    QString title(bool arabic) const
    {
        return QString::fromStdString(arabic && !m_project.titleAr.empty() ? m_project.titleAr : m_project.title);
    }
    QColor background() const { return gis::toQColor(m_project.background); }
    /// The project's print extent in the map CRS (empty: full extent): what layouts and gis export-map show.
    gis::Box initialExtent() const { return m_project.extent; }
    void setInitialExtent(const gis::Box& extent);
    /// The map view saved with the project ("view"), in the map CRS; empty when the project has none. Setting
    /// it does not modify the document: a view is not a change to ask about, but the next save stores it.
    gis::Box view() const { return m_project.view; }
    void setView(const gis::Box& view) { m_project.view = view; }
    /// All available layers' extents in the map CRS.
    gis::Box fullExtent() const;
    /// One layer's extent (or its selection's, when `selectionOnly`) in the map CRS; empty when none.
    gis::Box layerExtent(int id, bool selectionOnly = false) const;

    /// A request for the visible, available layers (bottom to top) of `extent` at `size`: the project's one
    /// conversion (gis::makeRequest).
    gis::RenderRequest makeRequest(const gis::Box& extent, QSize size, double dpi = 96) const
    {
        return gis::makeRequest(m_project, size, dpi, extent);
    }

signals:
    void layersChanged();            ///< added, removed, reordered, availability, names
    void layerChanged(int id);       ///< visibility, style, opacity: the map must be redrawn
    void selectionChanged(int id);
    void layerDataChanged(int id);   ///< setLayerData, setLayerEdits with rowsChanged: the features changed (an edit)
    void layerEditsChanged(int id);  ///< setLayerEdits: the map must be redrawn
    void crsChanged();
    void projectChanged();           ///< a project was loaded or cleared
    void modifiedChanged(bool modified);
    void historyChanged();           ///< recordRun: a record was added
    void layerNoteChanged(int id);   ///< layerNote changed

private:
    static gis::Project emptyProject();
    void loadData(gis::ProjectLayer& layer, const std::string& styleFile) const;
    /// A PostGIS layer read whole, or (estimated rows above `bigTableRows`) its fields only with its listing in `big`:
    /// the caller makes its PgViewLoader. Thread-safe (Project::loadData reads two layers at once). Throws gis::Error.
    static std::shared_ptr<const gis::Layer> readPostgis(const std::string& source, const std::string& layer,
        std::int64_t bigTableRows, std::optional<gis::LayerInfo>& big);
    void watchView(int id, PgViewLoader* loader);
    void setLayerNote(int id, const QString& note);
    void dropViewLoaders(); ///< every layer is going (clear, loadProject)

    gis::Project m_project = emptyProject();
    std::vector<LayerState> m_states; ///< parallel to m_project.layers
    int m_nextId = 1;
    bool m_modified = false;
    int m_styleSeed = 0;
    std::map<int, PgViewLoader*> m_viewLoaders; ///< children of the document, by layer id
    std::map<int, QString> m_notes;
};

} // namespace viewer
