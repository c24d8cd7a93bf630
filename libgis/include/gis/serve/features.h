#pragma once

#include <memory>
#include <string>
#include <vector>

#include "gis/core/export.h"
#include "gis/serve/http.h"
#include "gis/serve/livelayers.h"

GIS_API_BEGIN

namespace gis {
class Project;
}

namespace gis::serve {

/// OGC API – Features (Part 1 Core, Part 2 CRS by reference) over a project's vector layers: the landing page,
/// /conformance, /api (OpenAPI 3.0), /collections, one collection per vector layer (its project name is the
/// collection id; rasters are not collections), its items (GeoJSON or HTML, bbox, datetime, limit/offset paging)
/// and single items. Paths, parameters and limits: docs/serve.md, "OGC API – Features".
///
/// Every feature is read from `live` (LiveLayers::get), never from the project's layers: writes (Part 4) publish
/// new versions there and readers see them at once. The service keeps copies of the project's titles only; the
/// project may be destroyed after construction. `live` must outlive the service and the routes it added.
///
/// Thread-safe once constructed: the handlers addRoutes() registers may run on many threads at once.
class FeatureService {
public:
    /// Publishes each available vector layer of `project` (data loaded: Project::loadData) to `live` under its
    /// project layer name. Throws Error(Argument) when two vector layers share a name.
    FeatureService(const Project& project, LiveLayers& live);
    ~FeatureService();
    FeatureService(const FeatureService&) = delete;
    FeatureService& operator=(const FeatureService&) = delete;

    /// Adds the GET routes: /, /conformance, /api, /collections, /collections/{collectionId},
    /// /collections/{collectionId}/items, /collections/{collectionId}/items/{featureId},
    /// /collections/{collectionId}/queryables.
    void addRoutes(Router& router);

    /// Adds a conformance class URI to /conformance (another service on the same collections, such as the
    /// Part 4 writes, declares what it implements). Call before serving starts.
    void addConformanceClass(std::string uri);

    /// Who may read which collection (AccessGuard::readAccess of the server config): /collections, its HTML page
    /// and /api leave out what the request's client may not read, and every {collectionId} route answers 404 for
    /// it (the router's guard answers 401 first). Default: everyone reads everything. Call before serving starts.
    void setReadAccess(ReadAccess access);

    /// The conformance class URIs /conformance lists.
    std::vector<std::string> conformanceClasses() const;

private:
    struct Impl;
    std::shared_ptr<Impl> m_impl; // shared with the route handlers
};

} // namespace gis::serve

GIS_API_END
