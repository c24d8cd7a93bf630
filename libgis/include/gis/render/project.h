#pragma once

#include <QColor>
#include <QString>

#include <memory>
#include <string>
#include <vector>

#include "gis/core/box.h"
#include "gis/crs/crs.h"
#include "gis/render/maprenderer.h"
#include "gis/render/style.h"

namespace gis {

/// One layer of a project as the file describes it, and whether its data could be loaded.
struct ProjectLayer {
    std::string name;        ///< identifies the layer (atlas, insets); shown when it has no title
    QString title;           ///< the legend's name for it in English ("" → name)
    QString titleAr;         ///< in Arabic ("" → title)
    std::string source;      ///< as written in the file (relative to the project file's folder)
    std::string sourcePath;  ///< resolved
    std::string layer;       ///< layer inside the source ("" for a single-layer source or a raster)
    std::string styleFile;   ///< as written, when the style is a file ("" for an inline style)
    LayerStyle style;
    bool visible = true;

    // Filled by Project::loadData():
    std::shared_ptr<const Layer> vector;
    std::shared_ptr<const RasterSource> raster;
    bool available = false;  ///< data loaded
    std::string error;       ///< why not, naming the file
};

/// How Project::load may read: the folders the user trusts beyond the project's own.
struct ProjectLoadOptions {
    /// Folders whose files the project may name (absolute or relative to the working folder), VRTs included.
    /// Without them a project reads only files in its own folder (and the program's bundled styles).
    std::vector<std::string> trustedFolders;
};

/// A map project (JSON, schema in docs/projects.md): layers with sources and styles, visibility, order,
/// map CRS, extent and title. Paths in it are relative to the project file. A project may only make the
/// program read what the user asked for: regular files in the project's folder, in the program's bundled
/// styles folder (style files and icons) and in folders the user trusts (ProjectLoadOptions). URLs, GDAL
/// virtual file systems, connection strings, FIFOs and devices are refused, and so are VRTs outside trusted
/// folders (their sources may point anywhere); every path is checked after normalisation (resolveDocumentPath).
///
/// Not thread-safe; load on one thread, then hand makeRequest()'s value to render workers.
class Project {
public:
    /// Parses the file and the style files it names. Throws Error(Io/Format) naming the file and the JSON path
    /// ("data/dakhiliyah.json: layers[2].style.renderer.rules[0].filter: unknown field \"clas\""),
    /// Error(Argument) for a URL, virtual path or connection string, and PathRefusedError listing every path
    /// outside the allowed folders (trust their folders and load again to read them). A missing data file is
    /// not an error here. Data is not read yet: see loadData().
    static Project load(const std::string& path, const ProjectLoadOptions& options = {});

    /// Reads every layer's data (two at a time), checking each source again just before opening it. A layer
    /// whose file is missing or broken is marked unavailable
    /// with its error; the others load. Styles are then checked against their layers' fields (a bad style makes
    /// its layer unavailable with the JSON path in the error).
    void loadData();

    /// Saves atomically (beside, then renamed). Throws Error(Io); a failed save leaves the original intact.
    void save(const std::string& path) const;

    /// A render request for the visible, available layers at `size` and `dpi` (extent: the project's, or all
    /// layers' when it has none).
    RenderRequest makeRequest(QSize size, double dpi = 96) const;

    /// The union of the available layers' extents in the map CRS.
    Box dataExtent() const;

    std::string path;       ///< the file it was loaded from
    QString title;
    QString titleAr;        ///< Arabic title ("" when none)
    std::string language = "ar"; ///< "ar" or "en": the language of the map's texts
    Crs crs;
    Box extent;             ///< in crs; empty: fit the data
    QColor background = Qt::white;
    std::vector<ProjectLayer> layers; ///< bottom to top
    std::vector<std::string> trustedFolders; ///< as loaded with (ProjectLoadOptions); loadData checks with them
};

} // namespace gis
