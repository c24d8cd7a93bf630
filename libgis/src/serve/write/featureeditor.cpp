// One collection's writes: request -> edit -> commit -> publish, under the editor's mutex. The order matters for
// the user's data: nothing is acknowledged before the commit returned committed, and every way out of a request that
// did not commit rolls the session back, so one refused request never leaks into the next one's commit.
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "features/etag.h"
#include "gis/core/error.h"
#include "gis/crs/transformer.h"
#include "gis/data/editsession.h"
#include "gis/project/form.h"
#include "gis/serve/featureeditor.h"
#include "gis/serve/livelayers.h"
#include "write/featurebody.h"
#include "write/writeresponse.h"

namespace gis::serve {
namespace {

using detail::BodyProblem;

EditSessionOptions serverOptions()
{
    EditSessionOptions options;
    // A journal beside the data holds the edits of a request whose commit a crash interrupted: the client was
    // never answered, the edits were complete. Replaying and committing them ends the file as the request asked
    // (docs/serve.md); a client that retries then gets 412 (its If-Match is stale) or sees its feature.
    options.journalChoice = JournalChoice::Replay;
    options.journal = true;
    return options;
}

HttpResponse conflictResponse(const std::vector<EditConflict>& conflicts)
{
    std::vector<BodyProblem> problems;
    for (const EditConflict& c : conflicts)
        problems.push_back({"features." + std::to_string(c.fid),
            c.theirs ? "changed in storage by another writer since the server read it; read it again and retry"
                     : "deleted in storage by another writer since the server read it"});
    return detail::problemsResponse(problems, 409, "Conflict");
}

std::vector<BodyProblem> issueProblems(const std::vector<EditIssue>& issues)
{
    std::vector<BodyProblem> problems;
    for (const EditIssue& issue : issues)
        if (issue.severity == EditIssue::Severity::Error)
            problems.push_back({issue.field.empty() ? "geometry" : "properties." + issue.field, issue.message});
    return problems;
}

} // namespace

FeatureEditor::FeatureEditor(std::string collectionId, std::string path, std::string layerName, LiveLayers& live,
    std::shared_ptr<const PreparedForm> form)
    : m_id(std::move(collectionId))
    , m_path(std::move(path))
    , m_layerName(std::move(layerName))
    , m_live(live)
    , m_form(std::move(form))
{
}

FeatureEditor::~FeatureEditor() = default;

std::unique_ptr<FeatureEditor> FeatureEditor::open(std::string collectionId, const std::string& path,
    const std::string& layerName, LiveLayers& live, std::shared_ptr<const PreparedForm> form)
{
    std::unique_ptr<FeatureEditor> editor(new FeatureEditor(std::move(collectionId), path, layerName, live, std::move(form)));
    const std::vector<RecoverableEdits> journals = EditSession::recoverable(path, layerName);
    editor->m_session = EditSession::open(path, layerName, serverOptions());
    bool changed = false;
    if (!journals.empty() && editor->m_session->isModified()) {
        const CommitResult result = editor->m_session->commit();
        if (result.committed) {
            changed = true;
            editor->m_recoveryNote = "collection \"" + editor->m_id + "\": replayed and committed "
                + std::to_string(journals.front().edits) + " edit(s) a crash left uncommitted";
        } else {
            editor->m_session->rollback();
            editor->m_recoveryNote = "collection \"" + editor->m_id
                + "\": edits a crash left uncommitted were dropped (they conflict with storage or break its rules)";
        }
    } else if (!journals.empty()) {
        editor->m_recoveryNote = "collection \"" + editor->m_id + "\": an earlier journal held nothing to replay";
    }
    if (changed || !live.get(editor->m_id))
        editor->publish();
    return editor;
}

void FeatureEditor::publish()
{
    // After a commit the session's snapshot is the stored data under stored ids (inserted features included).
    m_live.publish(m_id, m_session->snapshot()->toLayer());
}

void FeatureEditor::reopen()
{
    // After a conflict the session's idea of storage is stale: read the layer again, so clients that re-read get
    // what storage holds and their next If-Match can succeed.
    m_session.reset();
    m_session = EditSession::open(m_path, m_layerName, serverOptions());
    publish();
}

HttpResponse FeatureEditor::create(const HttpRequest& request) { return write(request, Mode::Create); }
HttpResponse FeatureEditor::replace(const HttpRequest& request) { return write(request, Mode::Replace); }
HttpResponse FeatureEditor::update(const HttpRequest& request) { return write(request, Mode::Update); }
HttpResponse FeatureEditor::remove(const HttpRequest& request) { return write(request, Mode::Delete); }

HttpResponse FeatureEditor::write(const HttpRequest& request, Mode mode)
{
    std::optional<std::int64_t> fid;
    if (mode != Mode::Create) {
        fid = detail::featureIdOf(request);
        if (!fid)
            return HttpResponse::error(404, "NotFound", "no feature with this id");
    }
    const std::string* ifMatch = request.header("if-match");
    if (mode != Mode::Create && !ifMatch)
        return HttpResponse::error(428, "PreconditionRequired",
            "send If-Match with the feature's ETag (from GET of the item) so a stale change is refused");

    std::lock_guard lock(m_mutex);
    EditSession& session = *m_session;
    std::optional<EditFeature> current;
    if (fid) {
        current = session.feature(*fid);
        if (!current)
            return HttpResponse::error(404, "NotFound", "no feature with id " + std::to_string(*fid));
        const std::string etag = featureEtag(*current);
        if (!ifMatchAccepts(*ifMatch, etag)) {
            HttpResponse stale = HttpResponse::error(412, "PreconditionFailed",
                "the feature changed since the ETag given in If-Match was read; read it again");
            stale.setHeader("ETag", etag);
            return stale;
        }
    }

    EditFeature feature;
    if (mode != Mode::Delete) {
        detail::RequestCrs crs;
        try {
            crs = detail::contentCrs(request);
        } catch (const Error& e) {
            return HttpResponse::error(400, "InvalidParameterValue", e.what());
        }
        std::optional<Transformer> transformer;
        const Crs& layerCrs = session.base()->crs();
        if (layerCrs.isValid() && !(crs.crs == layerCrs))
            transformer.emplace(crs.crs, layerCrs);
        detail::FeatureBody body;
        try {
            body = detail::parseFeatureBody(request.body, session.fields(),
                {transformer ? &*transformer : nullptr, crs.latitudeFirst});
        } catch (const Error& e) {
            return HttpResponse::error(400, "InvalidBody", e.what());
        }
        if (!body.problems.empty())
            return detail::problemsResponse(body.problems);
        if (mode == Mode::Update) {
            feature = *current;
        } else {
            feature.values.assign(session.fields().size(), FieldValue{});
            if (!body.geometry)
                return detail::problemsResponse({{"geometry", "a new or replaced feature needs a \"geometry\" member"}});
        }
        if (body.geometry)
            feature.geometry = std::move(*body.geometry);
        for (auto& [k, value] : body.values)
            feature.values[k] = std::move(value);
        if (mode == Mode::Create && m_form)
            m_form->applyDefaults(feature);
        if (m_form) {
            std::vector<BodyProblem> broken;
            const auto snapshot = session.snapshot();
            for (const FormViolation& v : m_form->evaluate(feature, fid.value_or(0), snapshot.get()).violations)
                if (v.hard)
                    broken.push_back({"properties." + v.field,
                        std::string(formConstraintName(v.kind)) + ": " + v.message.en + " / " + v.message.ar});
            if (!broken.empty())
                return detail::problemsResponse(broken, 422, "FormConstraint");
        }
    }

    std::int64_t target = fid.value_or(0);
    try {
        std::vector<EditIssue> issues;
        if (mode == Mode::Create)
            target = session.insert(std::move(feature), &issues);
        else if (mode == Mode::Delete)
            session.remove(target);
        else
            session.update(target, std::move(feature), &issues);
        if (auto problems = issueProblems(issues); !problems.empty()) {
            session.rollback();
            return detail::problemsResponse(problems);
        }
        const CommitResult result = session.commit();
        if (!result.committed) {
            session.rollback();
            if (!result.conflicts.empty()) {
                HttpResponse response = conflictResponse(result.conflicts);
                reopen();
                return response;
            }
            return detail::problemsResponse(issueProblems(result.issues));
        }
        if (mode == Mode::Create)
            target = result.insertedIds.at(target);
    } catch (...) {
        if (m_session->isModified())
            m_session->rollback();
        throw; // a storage failure: the router answers 500, the server logs it
    }
    publish();

    if (mode == Mode::Delete)
        return HttpResponse{204, "", {}, ""};
    const std::optional<EditFeature> written = m_session->feature(target);
    HttpResponse response{mode == Mode::Create ? 201 : 204, "", {}, ""};
    if (written)
        response.setHeader("ETag", featureEtag(*written));
    if (mode == Mode::Create) {
        response.setHeader("Location", request.baseUrl + "/collections/" + percentEncode(m_id) + "/items/"
                + std::to_string(target));
        response.contentType = "application/geo+json";
        response.body = "{\"type\":\"Feature\",\"id\":" + std::to_string(target) + "}";
    }
    return response;
}

void FeatureEditor::addWriteRoutes(Router& router, std::vector<std::shared_ptr<FeatureEditor>> editors)
{
    auto byId = std::make_shared<std::map<std::string, std::shared_ptr<FeatureEditor>>>();
    for (auto& editor : editors)
        (*byId)[editor->collectionId()] = std::move(editor);
    const auto route = [byId](Mode mode) {
        return [byId, mode](HttpRequest& request) {
            const std::string* id = request.pathParam("collectionId");
            const auto it = id ? byId->find(*id) : byId->end();
            if (it == byId->end()) {
                HttpResponse refusal = HttpResponse::error(405, "MethodNotAllowed",
                    "this collection is not writable (or does not exist)");
                refusal.setHeader("Allow", "GET, HEAD");
                return refusal;
            }
            return it->second->write(request, mode);
        };
    };
    router.add("POST", "/collections/{collectionId}/items", route(Mode::Create));
    router.add("PUT", "/collections/{collectionId}/items/{featureId}", route(Mode::Replace));
    router.add("PATCH", "/collections/{collectionId}/items/{featureId}", route(Mode::Update));
    router.add("DELETE", "/collections/{collectionId}/items/{featureId}", route(Mode::Delete));
}

} // namespace gis::serve
