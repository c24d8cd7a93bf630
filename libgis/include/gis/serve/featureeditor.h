#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "gis/core/export.h"
#include "gis/serve/http.h"

GIS_API_BEGIN

namespace gis {
class EditSession;
class PreparedForm;
} // namespace gis

namespace gis::serve {

class LiveLayers;

/// The writes of one collection (OGC API - Features Part 4: create, replace, update, delete), through an edit
/// session on the collection's source (a GeoPackage layer): each request is one edit and one commit, answered with
/// 2xx only once the commit returned committed, then published to LiveLayers so every read sees it. ETag/If-Match
/// guard replace, update and delete (428 without, 412 when stale); the layer's form is checked (422 naming each
/// field and rule); a change someone made to the file outside the server is a 409 naming the feature
/// (docs/serve.md, "Writing: tokens and transactions"). Access control is the router's guard (AccessGuard).
///
/// Threads: requests of one collection are serialised by the editor's mutex; reads never take it (they read
/// LiveLayers). Handlers throw what the session throws for storage failures (the router answers 500 and the server
/// logs it); the session is rolled back first, so the next request starts clean.
class FeatureEditor {
public:
    /// Opens an edit session on `layerName` of `path` (journal on). A journal left by a crash (edits journaled and
    /// not committed: the server died between the edit and its commit, so the client got no answer) is replayed and
    /// committed, so the file ends as the last request asked; `recoveryNote()` says so for the log. `form` may be
    /// null. Throws what EditSession::open throws (Error(Io), Error(Format), naming the file).
    static std::unique_ptr<FeatureEditor> open(std::string collectionId, const std::string& path,
        const std::string& layerName, LiveLayers& live, std::shared_ptr<const PreparedForm> form = {});
    ~FeatureEditor();
    FeatureEditor(const FeatureEditor&) = delete;
    FeatureEditor& operator=(const FeatureEditor&) = delete;

    const std::string& collectionId() const { return m_id; }
    /// What open() did with an earlier session's journal ("" when there was none).
    const std::string& recoveryNote() const { return m_recoveryNote; }

    /// POST /collections/{collectionId}/items: 201 with Location and ETag.
    HttpResponse create(const HttpRequest& request);
    /// PUT /collections/{collectionId}/items/{featureId}: the whole feature replaced (absent properties become
    /// null): 204 with the new ETag.
    HttpResponse replace(const HttpRequest& request);
    /// PATCH .../items/{featureId}: the given properties and/or geometry merged into the feature: 204 with the ETag.
    HttpResponse update(const HttpRequest& request);
    /// DELETE .../items/{featureId}: 204.
    HttpResponse remove(const HttpRequest& request);

    /// Adds POST /collections/{collectionId}/items and PUT, PATCH, DELETE /collections/{collectionId}/items/{featureId}
    /// to `router`, each dispatched to the editor of the path's collection (404 for an unknown collection, 405
    /// with Allow: GET for one that has no editor). Call once, with every editor.
    static void addWriteRoutes(Router& router, std::vector<std::shared_ptr<FeatureEditor>> editors);

private:
    FeatureEditor(std::string collectionId, std::string path, std::string layerName, LiveLayers& live,
        std::shared_ptr<const PreparedForm> form);
    enum class Mode { Create, Replace, Update, Delete };
    HttpResponse write(const HttpRequest& request, Mode mode);
    void reopen();
    void publish();

    std::string m_id;
    std::string m_path;
    std::string m_layerName;
    LiveLayers& m_live;
    std::shared_ptr<const PreparedForm> m_form;
    std::unique_ptr<EditSession> m_session;
    std::string m_recoveryNote;
    std::mutex m_mutex;
};

} // namespace gis::serve

GIS_API_END
