#pragma once

#include <QObject>
#include <QString>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gis/core/box.h"
#include "gis/crs/crs.h"
#include "gis/render/project.h"
#include "gis/render/maprenderer.h"
#include "gis/render/style.h"

namespace gis {
class Layer;
class RasterSource;
}

namespace viewer {

/// One layer of the open map: where it comes from, how it looks, its data (when it could be read) and the
/// rows the user selected.
struct DocLayer {
    int id = 0;                ///< stable while the document lives (positions change on reorder)
    std::string name;
    QString title;             ///< legend name in English ("" → name), kept from the project
    QString titleAr;           ///< in Arabic ("" → title)
    std::string sourcePath;    ///< absolute path of the file
    std::string sourceLayer;   ///< layer inside the file (GeoPackage), "" otherwise
    std::string styleFile;     ///< absolute path of the style file the style came from; "" once edited
    gis::LayerStyle style;
    bool visible = true;
    std::shared_ptr<const gis::Layer> vector;
    std::shared_ptr<const gis::RasterSource> raster;
    QString error;             ///< why the data is unavailable (names the file)
    std::vector<std::uint32_t> selection; ///< selected rows, ascending
    gis::JsonOrigin origin;      ///< the layer's object in the project file (empty: added since)
    gis::JsonOrigin styleOrigin; ///< the style file's object, when the style is a file

    bool available() const { return vector || raster; }
    /// The name to show in `language` ("ar" or "en"): the project's title for it, else its name.
    QString displayName(const QString& language) const
    {
        if (language == "ar" && !titleAr.isEmpty())
            return titleAr;
        return title.isEmpty() ? QString::fromStdString(name) : title;
    }
};

/// The open map: layers bottom to top, map CRS, title and the project file. The GUI's single source of truth;
/// widgets observe it through its signals. Lives on the GUI thread; render workers get immutable
/// RenderRequest values from makeRequest(). Loading and adding throw gis::Error; the caller shows it.
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
    /// Adds a layer made in memory (benchmarks, derived layers). Returns its id.
    int addLayer(DocLayer layer);
    void removeLayer(int id);
    /// New order, bottom to top (every id once).
    void reorder(const std::vector<int>& idsBottomToTop);
    void setVisible(int id, bool visible);
    void setOpacity(int id, double opacity);
    void setStyle(int id, const gis::LayerStyle& style, const std::string& styleFile = {});
    /// Points an unavailable (or any) layer at another file and loads it. Throws gis::Error.
    void relocate(int id, const QString& path);

    void setSelection(int id, std::vector<std::uint32_t> rows);
    void clearSelections();

    void setCrs(const gis::Crs& crs);
    const gis::Crs& crs() const { return m_crs; }

    const std::vector<DocLayer>& layers() const { return m_layers; }
    const DocLayer* layer(int id) const;
    int indexOf(int id) const;
    int findByName(const QString& name) const; ///< id or -1

    QString projectPath() const { return m_projectPath; }
    QString title(bool arabic) const { return arabic && !m_titleAr.isEmpty() ? m_titleAr : m_title; }
    QColor background() const { return m_background; }
    /// The project's print extent in the map CRS (empty: full extent): what layouts and gis export-map show.
    gis::Box initialExtent() const { return m_extent; }
    void setInitialExtent(const gis::Box& extent);
    /// The map view saved with the project ("view"), in the map CRS; empty when the project has none. Setting
    /// it does not modify the document: a view is not a change to ask about, but the next save stores it.
    gis::Box view() const { return m_view; }
    void setView(const gis::Box& view) { m_view = view; }
    /// All available layers' extents in the map CRS.
    gis::Box fullExtent() const;
    /// One layer's extent (or its selection's, when `selectionOnly`) in the map CRS; empty when none.
    gis::Box layerExtent(int id, bool selectionOnly = false) const;

    /// A request for the visible, available layers (bottom to top) of `extent` at `size`.
    gis::RenderRequest makeRequest(const gis::Box& extent, QSize size, double dpi = 96) const;

signals:
    void layersChanged();            ///< added, removed, reordered, availability, names
    void layerChanged(int id);       ///< visibility, style, opacity: the map must be redrawn
    void selectionChanged(int id);
    void crsChanged();
    void projectChanged();           ///< a project was loaded or cleared
    void modifiedChanged(bool modified);

private:
    gis::Project toProject(const std::string& target) const;
    void loadData(DocLayer& layer);

    std::vector<DocLayer> m_layers;
    int m_nextId = 1;
    gis::Crs m_crs;
    gis::Box m_extent;
    gis::Box m_view;
    gis::JsonOrigin m_origin; ///< the project file as read (layers aside)
    bool m_modified = false;
    QString m_projectPath;
    QString m_title;
    QString m_titleAr;
    std::string m_language = "ar";
    QColor m_background = QColor(0xdf, 0xee, 0xf7);
    int m_styleSeed = 0;
};

} // namespace viewer
