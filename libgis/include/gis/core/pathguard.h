#pragma once

#include <string>
#include <vector>

#include "gis/core/error.h"
#include "gis/core/export.h"

GIS_API_BEGIN

namespace gis {

/// Where the files that a document (a project, a style, a layout template) names may be read from. A document
/// may come from anyone; what it makes the program read must be what the user asked for: files in the
/// document's own folder, and folders the user explicitly trusts.
struct PathRules {
    std::string baseDir;                     ///< relative paths start here (the document's folder)
    std::vector<std::string> allowedFolders; ///< plain files inside these may be read (the document's folder)
    std::vector<std::string> trustedFolders; ///< folders the user trusts: anything inside, VRTs included
    bool mayBeMissing = false;               ///< a missing file passes (a project layer then shows as unavailable)
    bool refuseVrt = true;                   ///< refuse GDAL VRT (and similar pointer files) outside trustedFolders
    std::string document = "document";       ///< what names it, in messages: "project", "style", "layout template"
    std::string what = "file";               ///< its role in messages: "layer source", "style file", "SVG icon"
    std::string howToAllow;                  ///< appended to refusals that trusting a folder would fix; "{folder}"
                                             ///< is replaced by that folder
};

/// One path refused because it lies outside the allowed folders (or is a VRT outside the trusted ones):
/// what trusting `folder` would allow.
struct PathRefusal {
    std::string where;  ///< the document and JSON key: "p.json: layers[3].source"
    std::string value;  ///< as written
    std::string path;   ///< where it leads (links followed)
    std::string folder; ///< the folder to trust to allow it
    std::string reason; ///< "outside the project's folder ...", "a GDAL VRT ..."
};

/// Thrown when paths were refused only for being outside the allowed folders, so that a caller can ask the
/// user and load again with those folders trusted (the viewer does). It is a gis::Error (code Argument), so
/// every other catch site treats it as one; what() lists every refusal and how to allow them.
class PathRefusedError : public Error {
public:
    explicit PathRefusedError(std::vector<PathRefusal> refusals);
    const std::vector<PathRefusal>& refusals() const { return m_refusals; }

private:
    std::vector<PathRefusal> m_refusals;
};

/// Resolves a path named by a document and decides whether it may be read. The path is normalised first —
/// made absolute from rules.baseDir, `..` applied and symbolic links followed (weakly_canonical) — and only
/// then checked, so that no spelling gets round a check:
/// - never a URL (`scheme://`), a GDAL virtual path (as written: a component starting with `vsi`, as in
///   `/vsizip/`, `/vsisubfile/` or `../../vsicurl?url=`; normalised: a first component starting with `vsi`,
///   which is all GDAL looks at), a connection string or driver prefix (any `:` as written, as in `PG:`);
/// - inside one of rules.allowedFolders or rules.trustedFolders;
/// - a regular file (not a folder, FIFO, device or socket; a dangling link is refused);
/// - not a GDAL VRT or another file that names other files or URLs (`.vrt`, or a header `<VRTDataset`,
///   `<OGRVRTDataSource`, `<GDAL_WMS`, `<GDAL_WCS`, `<OGRWFSDataSource`) unless inside rules.trustedFolders:
///   its sources could point anywhere, and checking them would mean parsing every driver's XML.
/// Only a regular file's first bytes are read (to recognise a VRT); nothing else is opened.
///
/// Returns the absolute, normalised path. Throws PathRefusedError (one refusal) for a path outside the
/// allowed folders or an untrusted VRT, Error(Argument) for a URL, virtual path or connection string, and
/// Error(Io) for a missing file (unless rules.mayBeMissing) or one that is not a regular file. Every message
/// starts with `where` ("p.json: layers[3].source").
std::string resolveDocumentPath(const std::string& value, const std::string& where, const PathRules& rules);

/// The check of resolveDocumentPath without the throwing: empty when allowed, else the refusal. Errors that
/// trusting a folder cannot fix are still thrown.
std::vector<PathRefusal> checkDocumentPath(const std::string& value, const std::string& where, const PathRules& rules,
    std::string* resolved = nullptr);

/// True when `path` is `folder` or inside it, comparing whole components of the normalised paths (links
/// followed): "/data/a" is not inside "/data/ab".
bool isInsideFolder(const std::string& path, const std::string& folder);

} // namespace gis

GIS_API_END
