#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gis/core/box.h"
#include "gis/core/export.h"
#include "gis/crs/crs.h"
#include "gis/project/color.h"
#include "gis/project/form.h"
#include "gis/project/json.h"
#include "gis/project/maplayer.h"
#include "gis/project/provenance.h"
#include "gis/project/style.h"

GIS_API_BEGIN

namespace gis {

/// One layer of a project: what is drawn (`map`, the one description of a layer that the renderer, the legend,
/// the print layouts and the viewer read) and what only the file knows (where the data and style come from, what
/// the file held, whether the data could be read). No property is held twice: a new drawn property goes in
/// MapLayer, and its JSON key is one entry in the layer key table (libgis/src/project/projectlayerkeys.cpp) that
/// both Project::load and projectLayerJson walk; every user of a project then sees it.
struct ProjectLayer {
    /// Name, titles, data, style (opacity included) and visibility. gis::makeRequest (gis/render/maprenderer.h)
    /// copies it whole into the request; the data pointers are shared, not copied.
    MapLayer map;
    std::string source;      ///< as written in the file (relative to the project file's folder)
    std::string sourcePath;  ///< resolved
    std::string layer;       ///< layer inside the source ("" for a single-layer source or a raster)
    std::string styleFile;   ///< as written, when the style is a file ("" for an inline style)
    /// How features are filled in and checked ("form" key; docs/forms.md); null when the layer has none. Shared and
    /// immutable: prepare it against the layer's fields with PreparedForm::prepare.
    std::shared_ptr<const Form> form;
    /// The id of the history record of the run that made this layer ("made_by" key; gis/project/provenance.h);
    /// "" for a layer no recorded run made.
    std::string madeBy;

    /// The layer's object in the project file and, when its style is a file, that file's object (both empty for
    /// a layer added since). Copy them along with the layer: they let save() keep what the user did not change.
    JsonOrigin origin;
    JsonOrigin styleOrigin;

    // Filled by Project::loadData() (map.vector or map.raster with them):
    bool available = false;  ///< data loaded
    std::string error;       ///< why not, naming the file
    /// The data was read but its style cannot be used (a field it names is missing, an icon refused, a broken style
    /// file): fixing the style, not locating the data, makes the layer available.
    bool styleProblem = false;
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
/// Not thread-safe; load on one thread, then hand a render request made from it (gis::makeRequest) to render
/// workers. Needs no Qt: a service or a command that does not draw loads projects with this module alone.
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
    ///
    /// `readVector`, when given, reads each vector layer instead of gis::readLayer(sourcePath, layer): the viewer
    /// gives a big PostGIS table a layer holding only its fields and fetches its rows by view. It is called from
    /// two threads at once and throws as readLayer does.
    using VectorReader =
        std::function<std::shared_ptr<const Layer>(const std::string& sourcePath, const std::string& layer)>;
    void loadData(const VectorReader& readVector = {});

    /// Saves the project to `path`, and each layer's style file whose style changed since it was read, all or
    /// nothing through one gis::AtomicFileSet. What the model did not change is written as the file had it
    /// (unknown keys, `description`, untouched layers' objects; an unchanged project is written back byte for
    /// byte); see JsonOrigin. Relative paths in the model are relative to `path`'s folder. Afterwards the origins
    /// hold what was written, so the next save compares against it. Throws Error(Io); a failed save leaves every
    /// file intact.
    void save(const std::string& path);

    /// The project as JSON, layers included, from the model alone (what save() writes for a new project).
    Json toJson() const;

    /// The union of the available layers' extents in the map CRS.
    Box dataExtent() const;

    std::string path;       ///< the file it was loaded from
    std::string title;      ///< UTF-8
    std::string titleAr;    ///< Arabic title, UTF-8 ("" when none)
    /// Where the project's data comes from, for print layouts' {attribution} ("credits", "credits_ar"; each
    /// language falls back to the other; "" when none): sources, licences' required credits, what is synthetic.
    std::string credits;
    std::string creditsAr;
    std::string language = "ar"; ///< "ar" or "en": the language of the map's texts
    Crs crs;
    Box extent;             ///< in crs; empty: fit the data. The print extent (gis export-map, layouts)
    Box view;               ///< in crs; the viewer's last view ("view" key), kept apart from `extent`; empty: none
    Color background = Color::white();
    std::vector<ProjectLayer> layers; ///< bottom to top
    /// The analysis runs recorded in this project, oldest first ("history" key; docs/projects.md, "History"):
    /// what made each layer whose madeBy names one, and what `gis history --rerun` repeats.
    std::vector<ProvenanceRecord> history;
    JsonOrigin origin;      ///< the document as read (layers aside: each layer keeps its own)
    std::vector<std::string> trustedFolders; ///< as loaded with (ProjectLoadOptions); loadData checks with them
};

/// One layer's object as the model describes it (the `layers[]` entry save() writes for a new layer): every key
/// of the layer key table whose value is not the default an absent key means.
Json projectLayerJson(const ProjectLayer& layer);

/// The keys of a layer's object that the model reads and writes, in the order Project::load reads them: the one
/// table behind both Project::load and projectLayerJson. Any other key of a layer is kept as written.
std::vector<std::string> projectLayerKeys();

} // namespace gis

GIS_API_END
