// gis edit PATH --layer L --apply CHANGES.geojson: changes applied through one EditSession commit, with the layer's
// form constraints when a project is given; conflicts and violations reported per feature; nothing written unless
// every change passes. gis edit PATH --layer L --versions: the versions a client bases its changes on.

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "args.h"
#include "commands.h"
#include "formsupport.h"
#include "gis/core/error.h"
#include "gis/core/readfile.h"
#include "gis/data/datasource.h"
#include "gis/data/datetime.h"
#include "gis/data/editattachment.h"
#include "gis/data/editsession.h"
#include "gis/data/featurewriter.h"
#include "gis/data/layerwriter.h"
#include "gis/project/json.h"
#include "json.h"

namespace gis::cli {

namespace {

const char* kHelp = R"(usage: gis edit PATH --layer L --apply CHANGES.geojson [--dry-run] [--project P] [--expect VERSIONS]
                [--json] [--setting KEY=VALUE]... [--allow-path DIR]...
       gis edit PATH --layer L --versions
       gis edit PATH --layer L --recover | --discard [--project P] [--setting KEY=VALUE]...

Applies a GeoJSON FeatureCollection of changes to layer L of PATH (a GeoPackage is edited in place; other formats
are rewritten atomically) in ONE commit of an edit session (journaled; docs/editing.md):
  a feature with an "id"           updates that feature: the properties it gives, and its geometry when it has one
  a feature without an "id"        inserts a feature (the form's defaults fill what it leaves null)
  "deleted": true (beside "id")    deletes the feature
Nothing is written unless every change passes: an unknown id, a property that is not a field or does not fit its
type, an invalid geometry, a hard constraint of the layer's form (with --project), or a conflict. Soft constraints
are listed as warnings and do not block.

Conflicts: a change may say which version of the feature it was based on, as a member "version" of the feature or
in --expect VERSIONS (a JSON object {"12": "9f3a...", ...}, or what --versions prints). A feature whose stored
version differs (someone changed it since) is a conflict: reported with both versions, nothing written. A write by
someone else between this command's read and its commit is caught the same way by the session's commit.

  --versions        print {"layer": L, "versions": {"<id>": "<16 hex digits>", ...}} for every feature and exit
  --project P       check the changes against the form of the project layer named L (or whose "layer" is L)
  --dry-run         check and report, write nothing (the data file is not even opened for writing)
  --json            one JSON object on stdout: {"file", "layer", "committed", "dry_run", "inserted", "updated",
                    "deleted", "inserted_ids", "conflicts": [{"id", "expected", "current"}], "violations": [...]}
  --setting K=V     a setting for the form's defaults (inspector=...)
  --recover         replay the journal a killed or closed session left (its unsaved edits) and commit it
  --discard         delete that journal (its unsaved edits are lost)

Photos: a feature may carry "attachments": {"<photo field>": [{"file": "p1.jpg"}, {"data": "<base64>",
"content_type": "image/jpeg", "name": "p2.jpg"}]} ("file" relative to the changes file; "taken":
"YYYY-MM-DDThh:mm:ssZ" optional). The photo field is the form's (with --project), else the media table's name.
GeoPackages only; at most 32 MiB a file and 256 MiB in all. Written in the same transaction as the features.

Exit status: 0 when the changes were committed (or would be, with --dry-run), 1 when a conflict or a hard violation
blocked them, 2 for a usage error or an unreadable file (the message names the file, the layer and the field).
)";

/// A file a change attaches.
struct ChangeAttachment {
    std::string field; ///< the form's photo field (or, without a form, the media table)
    AttachmentData data;
    std::string where; ///< "changes.geojson: features[1].attachments.photos[0]"
};

/// One change of the collection.
struct Change {
    std::optional<std::int64_t> id;
    bool deleted = false;
    std::optional<Geometry> geometry;
    std::vector<std::pair<std::size_t, FieldValue>> values;
    std::optional<std::string> version;
    std::vector<ChangeAttachment> attachments;
};

constexpr std::size_t kMaxAttachmentsPerChange = 100;

std::string versionText(const FeatureVersion& v)
{
    if (!v.exists)
        return "absent";
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v.hash));
    return buf;
}

[[noreturn]] void fail(const std::string& where, const std::string& what)
{
    throw Error(ErrorCode::Argument, where + ": " + what);
}

FieldValue convert(const gis::Json& v, const FieldInfo& field, const std::string& where)
{
    const std::string expected = std::string(" for the ") + std::string(fieldTypeName(field.type)) + " field \""
        + field.name + "\"";
    if (v.is_null())
        return {};
    switch (field.type) {
    case FieldType::Integer:
    case FieldType::Boolean:
        if (v.is_boolean())
            return std::int64_t(v.get<bool>() ? 1 : 0);
        if (v.is_number_integer())
            return v.get<std::int64_t>();
        fail(where, "expected a whole number" + expected);
    case FieldType::Real:
        if (v.is_number())
            return v.get<double>();
        fail(where, "expected a number" + expected);
    case FieldType::Date:
        if (v.is_string())
            if (const auto d = parseDate(v.get<std::string>()))
                return *d;
        fail(where, "expected a date \"YYYY-MM-DD\"" + expected);
    case FieldType::DateTime:
        if (v.is_string())
            if (const auto t = parseDateTime(v.get<std::string>()))
                return *t;
        fail(where, "expected a date-time \"YYYY-MM-DDThh:mm:ssZ\"" + expected);
    case FieldType::String:
    case FieldType::Binary:
        if (v.is_string())
            return v.get<std::string>();
        if (v.is_number() || v.is_boolean())
            return v.dump();
        fail(where, "expected text" + expected);
    }
    return {};
}

std::string contentTypeOf(const std::string& file)
{
    std::string ext = std::filesystem::path(file).extension().string();
    for (char& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    static const std::map<std::string, std::string> types = {{".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"},
        {".png", "image/png"}, {".webp", "image/webp"}, {".heic", "image/heic"}, {".gif", "image/gif"},
        {".tif", "image/tiff"}, {".tiff", "image/tiff"}, {".pdf", "application/pdf"}, {".txt", "text/plain"}};
    const auto it = types.find(ext);
    return it != types.end() ? it->second : "application/octet-stream";
}

std::vector<ChangeAttachment> readAttachments(const gis::Json& node, const std::string& changesPath,
    const std::string& where)
{
    if (!node.is_object())
        fail(where, "expected {\"<photo field>\": [{\"file\": ...} or {\"data\": ..., \"content_type\": ...}], ...}");
    std::vector<ChangeAttachment> out;
    const std::filesystem::path folder = std::filesystem::path(changesPath).parent_path();
    for (const auto& [field, list] : node.items()) {
        if (!list.is_array())
            fail(where + "." + field, "expected an array of attachments");
        for (std::size_t k = 0; k < list.size(); ++k) {
            const std::string at = where + "." + field + "[" + std::to_string(k) + "]";
            const gis::Json& a = list[k];
            if (!a.is_object())
                fail(at, "expected {\"file\": ...} or {\"data\": ..., \"content_type\": ...}");
            for (const auto& [key, value] : a.items())
                if (key != "file" && key != "data" && key != "content_type" && key != "name" && key != "taken")
                    fail(at + "." + key, "not a member of an attachment (file, data, content_type, name, taken)");
            if (a.contains("file") == a.contains("data"))
                fail(at, "give exactly one of \"file\" and \"data\"");
            for (const char* key : {"file", "data", "content_type", "name", "taken"})
                if (a.contains(key) && !a[key].is_string())
                    fail(at + "." + key, "expected text");
            ChangeAttachment c;
            c.field = field;
            c.where = at;
            if (a.contains("file")) {
                const std::string rel = a["file"].get<std::string>();
                const std::filesystem::path file = std::filesystem::path(rel).is_absolute() ? std::filesystem::path(rel)
                                                                                          : folder / rel;
                std::error_code ec;
                const auto status = std::filesystem::status(file, ec);
                if (ec || !std::filesystem::is_regular_file(status))
                    fail(at + ".file", file.string() + ": not a regular file");
                const auto size = std::filesystem::file_size(file, ec);
                if (!ec && size > kMaxAttachmentBytes)
                    fail(at + ".file", file.string() + ": " + std::to_string(size) + " bytes, larger than the limit of "
                            + std::to_string(kMaxAttachmentBytes >> 20) + " MiB");
                try {
                    c.data.bytes = std::make_shared<const std::string>(readSmallFile(file.string(), kMaxAttachmentBytes, "attachment"));
                } catch (const Error& e) {
                    fail(at + ".file", e.what());
                }
                c.data.contentType = a.contains("content_type") ? a["content_type"].get<std::string>() : contentTypeOf(rel);
                c.data.name = a.contains("name") ? a["name"].get<std::string>() : file.filename().string();
            } else {
                if (!a.contains("content_type"))
                    fail(at, "inline \"data\" needs its \"content_type\" (image/jpeg, ...)");
                try {
                    c.data.bytes = std::make_shared<const std::string>(decodeBase64(a["data"].get<std::string>(), kMaxAttachmentBytes));
                } catch (const Error& e) {
                    fail(at + ".data", e.what());
                }
                c.data.contentType = a["content_type"].get<std::string>();
                c.data.name = a.contains("name") ? a["name"].get<std::string>() : std::string();
            }
            if (a.contains("taken")) {
                const auto t = parseDateTime(a["taken"].get<std::string>());
                if (!t)
                    fail(at + ".taken", "expected a date-time \"YYYY-MM-DDThh:mm:ssZ\"");
                c.data.takenMs = *t;
            }
            out.push_back(std::move(c));
            if (out.size() > kMaxAttachmentsPerChange)
                fail(where, "more than " + std::to_string(kMaxAttachmentsPerChange) + " attachments in one feature");
        }
    }
    return out;
}

std::vector<Change> readChanges(const std::string& path, const std::vector<FieldInfo>& fields)
{
    const gis::Json doc = parseJson(readSmallFile(path, kMaxJsonFileBytes * 16, "changes file"), path);
    if (!doc.is_object() || doc.value("type", "") != "FeatureCollection" || !doc.contains("features")
        || !doc["features"].is_array())
        fail(path, "expected a GeoJSON FeatureCollection");
    std::vector<Change> changes;
    const gis::Json& features = doc["features"];
    for (std::size_t i = 0; i < features.size(); ++i) {
        const std::string where = path + ": features[" + std::to_string(i) + "]";
        const gis::Json& f = features[i];
        if (!f.is_object())
            fail(where, "expected a Feature");
        Change c;
        if (f.contains("id") && !f["id"].is_null()) {
            if (!f["id"].is_number_integer())
                fail(where + ".id", "expected a whole number (the feature's id)");
            c.id = f["id"].get<std::int64_t>();
        }
        if (f.contains("deleted")) {
            if (!f["deleted"].is_boolean())
                fail(where + ".deleted", "expected true or false");
            c.deleted = f["deleted"].get<bool>();
        }
        if (c.deleted && !c.id)
            fail(where, "a deletion needs the feature's \"id\"");
        if (f.contains("attachments")) {
            c.attachments = readAttachments(f["attachments"], path, where + ".attachments");
            if (c.deleted && !c.attachments.empty())
                fail(where + ".attachments", "a deleted feature takes no attachments");
        }
        if (f.contains("version")) {
            if (!f["version"].is_string())
                fail(where + ".version", "expected the version text that gis edit --versions prints");
            c.version = f["version"].get<std::string>();
        }
        if (f.contains("geometry") && !f["geometry"].is_null()) {
            try {
                c.geometry = geometryFromGeoJson(f["geometry"].dump());
            } catch (const Error& e) {
                fail(where + ".geometry", e.what());
            }
        }
        if (f.contains("properties") && f["properties"].is_object()) {
            for (const auto& [key, value] : f["properties"].items()) {
                std::size_t k = 0;
                while (k < fields.size() && fields[k].name != key)
                    ++k;
                if (k == fields.size())
                    fail(where + ".properties." + key, "the layer has no field \"" + key + "\"");
                c.values.emplace_back(k, convert(value, fields[k], where + ".properties." + key));
            }
        }
        changes.push_back(std::move(c));
    }
    return changes;
}

std::map<std::int64_t, std::string> readExpected(const std::string& path)
{
    gis::Json doc = parseJson(readSmallFile(path, kMaxJsonFileBytes * 16, "versions file"), path);
    if (doc.is_object() && doc.contains("versions"))
        doc = doc["versions"];
    if (!doc.is_object())
        fail(path, "expected {\"<id>\": \"<version>\", ...}");
    std::map<std::int64_t, std::string> out;
    for (const auto& [key, value] : doc.items()) {
        std::int64_t id = 0;
        try {
            std::size_t used = 0;
            id = std::stoll(key, &used);
            if (used != key.size())
                throw std::invalid_argument(key);
        } catch (const std::exception&) {
            fail(path + ": " + key, "expected a feature id");
        }
        if (!value.is_string())
            fail(path + ": " + key, "expected the version text that gis edit --versions prints");
        out[id] = value.get<std::string>();
    }
    return out;
}

struct Conflict {
    std::int64_t id = 0;
    std::string expected;
    std::string current;
};

struct Outcome {
    std::size_t inserted = 0, updated = 0, deleted = 0, attached = 0;
    std::vector<std::int64_t> touched; ///< inserted (provisional) and updated ids
    std::vector<FormViolation> violations;
    std::vector<Conflict> conflicts;

    bool blocked() const
    {
        if (!conflicts.empty())
            return true;
        for (const FormViolation& v : violations)
            if (v.hard)
                return true;
        return false;
    }
};

FormViolation problem(std::int64_t fid, const std::string& field, const std::string& en, const std::string& ar)
{
    FormViolation v;
    v.fid = fid;
    v.field = field;
    v.message = {ar, en};
    v.kind = FormConstraint::Kind::Expression;
    return v;
}

/// Where a change's photo field keeps its files: the form's media description (with a form) or the media table
/// named by the field (without one).
struct MediaTables {
    const PreparedForm* form = nullptr;
    std::string layer;

    AttachmentTable table(const ChangeAttachment& a) const
    {
        if (!form)
            return {a.field, ""};
        for (const FormField& f : form->form().fields)
            if (f.field == a.field && f.media)
                return {f.media->mediaTable, f.media->mappingTable};
        fail(a.where, "the form of layer \"" + layer + "\" has no photo field \"" + a.field + "\"");
    }
};

/// How many attachments a feature has in a photo field's table: the session's (stored ones included when it has a
/// store) plus, for an in-memory session, what the file holds (`stored`, read read-only).
struct MediaCounter {
    const EditSession* session = nullptr;
    std::map<AttachmentTable, std::map<std::int64_t, std::size_t>> stored;

    std::size_t operator()(std::int64_t fid, const FormField& field) const
    {
        const AttachmentTable t{field.media->mediaTable, field.media->mappingTable};
        std::size_t n = session->attachments(fid, t).size();
        const auto it = stored.find(t);
        if (it != stored.end())
            if (const auto jt = it->second.find(fid); jt != it->second.end())
                n += jt->second;
        return n;
    }
};

/// Applies every change to `session` in one batch; records what was done, violations and conflicts.
Outcome applyChanges(EditSession& session, const std::vector<Change>& changes, const PreparedForm* form,
    const std::map<std::int64_t, std::string>& expected, const MediaTables& media, const MediaCounter* counter)
{
    Outcome out;
    session.beginBatch("gis edit");
    auto attach = [&](std::int64_t fid, const Change& c) {
        for (const ChangeAttachment& a : c.attachments) {
            try {
                session.attach(fid, media.table(a), a.data);
                ++out.attached;
            } catch (const Error& e) {
                out.violations.push_back(problem(fid, a.field, a.where + ": " + e.what(), a.where + ": " + e.what()));
            }
        }
    };
    for (const Change& c : changes) {
        try {
            if (!c.id) {
                EditFeature f;
                f.values.resize(session.fields().size());
                for (const auto& [k, v] : c.values)
                    f.values[k] = v;
                if (c.geometry)
                    f.geometry = *c.geometry;
                if (form)
                    form->applyDefaults(f);
                const std::int64_t fid = session.insert(std::move(f));
                out.touched.push_back(fid);
                ++out.inserted;
                attach(fid, c);
                continue;
            }
            const std::int64_t id = *c.id;
            const std::optional<EditFeature> current = session.feature(id);
            if (!current) {
                out.violations.push_back(problem(id, "", "no feature with id " + std::to_string(id),
                    "لا يوجد معلم بالرقم " + std::to_string(id)));
                continue;
            }
            std::optional<std::string> basedOn = c.version;
            if (!basedOn)
                if (const auto it = expected.find(id); it != expected.end())
                    basedOn = it->second;
            if (basedOn) {
                const std::string now = versionText(featureVersion(&*current));
                if (now != *basedOn)
                    out.conflicts.push_back({id, *basedOn, now});
            }
            if (c.deleted) {
                session.remove(id);
                ++out.deleted;
                continue;
            }
            EditFeature f = *current;
            for (const auto& [k, v] : c.values)
                f.values[k] = v;
            if (c.geometry)
                f.geometry = *c.geometry;
            session.update(id, std::move(f));
            out.touched.push_back(id);
            ++out.updated;
            attach(id, c);
        } catch (const Error& e) {
            out.violations.push_back(problem(c.id.value_or(0), "", e.what(), e.what()));
        }
    }
    session.endBatch();
    for (const EditIssue& issue : session.issues()) { // geometry validity (and the form's validator, when added)
        if (issue.field.empty()) {
            FormViolation v = problem(issue.fid, "", issue.message, "شكل هندسي غير صالح: " + issue.message);
            v.hard = issue.severity == EditIssue::Severity::Error;
            out.violations.push_back(std::move(v));
        }
    }
    if (form) {
        const auto snapshot = session.snapshot();
        for (const std::int64_t fid : out.touched)
            if (const auto f = session.feature(fid)) {
                auto more = form->evaluate(*f, fid, snapshot.get()).violations;
                out.violations.insert(out.violations.end(), more.begin(), more.end());
                if (counter) {
                    auto counts = form->mediaViolations(fid, *f, *counter);
                    out.violations.insert(out.violations.end(), counts.begin(), counts.end());
                }
            }
    }
    return out;
}

void printVersions(const std::string& layerName, const Layer& layer)
{
    std::ostringstream out;
    out << "{\"layer\": " << Json::quote(layerName) << ", \"versions\": {";
    for (std::size_t row = 0; row < layer.size(); ++row) {
        const EditFeature f = editFeatureFromLayer(layer, row);
        out << (row ? ", " : "") << "\"" << layer.fid(row) << "\": \"" << versionText(featureVersion(&f)) << "\"";
    }
    out << "}}\n";
    std::cout << out.str();
}

std::string conflictsJson(const std::vector<Conflict>& conflicts)
{
    std::ostringstream out;
    out << "[";
    for (std::size_t i = 0; i < conflicts.size(); ++i)
        out << (i ? ", " : "") << "{\"id\": " << conflicts[i].id << ", \"expected\": " << Json::quote(conflicts[i].expected)
            << ", \"current\": " << Json::quote(conflicts[i].current) << "}";
    out << "]";
    return out.str();
}

/// The journals of earlier sessions on the layer with edits storage does not hold yet, oldest first.
std::vector<RecoverableEdits> unsavedJournals(const std::string& path, const std::string& layer)
{
    std::vector<RecoverableEdits> out;
    for (auto& j : EditSession::recoverable(path, layer))
        if (!j.alreadyCommitted && j.edits > 0)
            out.push_back(std::move(j));
    return out;
}

/// "7 unsaved edits to inspections from 10:42 (2026-12-07T10:42:13Z)"
std::string unsavedText(const RecoverableEdits& j, const std::string& layer)
{
    const std::string first = formatDateTime(j.firstEditMs);
    const std::string clock = first.size() >= 16 ? first.substr(11, 5) : first;
    return std::to_string(j.edits) + " unsaved edit" + (j.edits == 1 ? "" : "s") + " to " + layer + " from " + clock
        + " UTC (" + first + (j.tornTail ? "; the last record, cut short by the crash, is dropped" : "") + ")";
}

/// gis edit --recover / --discard: every unsaved journal of the layer replayed and committed (oldest first), or
/// deleted. A replay that meets a conflict or a hard violation commits nothing and keeps its journal.
int recoverJournals(const std::string& path, const std::string& layer, const std::vector<RecoverableEdits>& left,
    const std::shared_ptr<const PreparedForm>& form, bool recover, bool json)
{
    std::ostringstream jsonOut;
    jsonOut << "{\"file\": " << Json::quote(path) << ", \"layer\": " << Json::quote(layer) << ", \"action\": "
            << (recover ? "\"recover\"" : "\"discard\"") << ", \"journals\": [";
    int status = 0;
    if (left.empty())
        EditSession::open(path, layer); // deletes journals without edits or whose commit storage holds
    if (!recover && !left.empty()) {
        for (const RecoverableEdits& j : left)
            if (!json)
                std::cout << path << ": " << unsavedText(j, layer) << " in " << j.journalPath << ": discarded\n";
        EditSessionOptions options;
        options.journalChoice = JournalChoice::Discard;
        EditSession::open(path, layer, options); // deletes them; the new session, unmodified, leaves no journal
    }
    for (std::size_t i = 0; i < left.size(); ++i) {
        const RecoverableEdits& j = left[i];
        bool committed = false;
        if (recover) {
            EditSessionOptions options;
            options.journalChoice = JournalChoice::Replay;
            options.replayJournalPath = j.journalPath;
            auto session = EditSession::open(path, layer, options);
            if (form) {
                session->addValidator(form->validator([s = session.get()] { return s->snapshot(); }, "both"));
                if (layerFormatFromPath(path) == LayerFormat::GeoPackage)
                    session->addValidator(form->mediaValidator(MediaCounter{session.get(), {}}, "both"));
            }
            const std::size_t features = session->changedCount();
            const std::size_t files = session->pendingAttachmentCount();
            const CommitResult r = session->commit();
            committed = r.committed;
            if (!json) {
                for (const EditConflict& c : r.conflicts)
                    std::cout << path << ": layer " << layer << ": feature " << c.fid
                              << ": conflict: changed by someone else since the edit; the journal is kept\n";
                for (const EditIssue& issue : r.issues)
                    if (issue.severity == EditIssue::Severity::Error)
                        std::cout << path << ": layer " << layer << ": feature " << issue.fid << ": "
                                  << (issue.field.empty() ? "" : issue.field + ": ") << issue.message << "\n";
                std::cout << path << ": " << unsavedText(j, layer) << ": "
                          << (committed ? "recovered and committed (" + std::to_string(features) + " features, "
                                      + std::to_string(files) + " attachments)"
                                        : std::string("NOT committed; the journal is kept: ") + j.journalPath)
                          << "\n";
            }
            status = committed ? status : 1;
        }
        jsonOut << (i ? ", " : "") << "{\"journal\": " << Json::quote(j.journalPath) << ", \"edits\": " << j.edits
                << ", \"from\": " << Json::quote(formatDateTime(j.firstEditMs))
                << ", \"to\": " << Json::quote(formatDateTime(j.lastEditMs))
                << ", \"committed\": " << (committed ? "true" : "false") << "}";
    }
    jsonOut << "]}\n";
    if (json)
        std::cout << jsonOut.str();
    else if (left.empty())
        std::cout << path << ": layer " << layer << ": no unsaved edits to " << (recover ? "recover" : "discard") << "\n";
    return status;
}

} // namespace

int runEdit(int argc, char** argv)
{
    const Args args(argc, argv, 2, {"--layer", "--apply", "--project", "--expect", "--setting", "--allow-path"},
        {"--dry-run", "--json", "--versions", "--help", "--recover", "--discard"});
    if (args.has("--help")) {
        std::cout << kHelp;
        return 0;
    }
    if (args.positionals().size() != 1 || !args.value("--layer"))
        throw Error(ErrorCode::Argument, "expected PATH and --layer L (see gis edit --help)");
    const std::string path = args.positionals()[0];
    const std::string layerName = *args.value("--layer");
    const std::string where = path + ": layer " + layerName;

    const std::shared_ptr<const Layer> base = readLayer(path, layerName);
    if (args.has("--versions")) {
        printVersions(layerName, *base);
        return 0;
    }
    const bool recovering = args.has("--recover") || args.has("--discard");
    if (args.has("--recover") && args.has("--discard"))
        throw Error(ErrorCode::Argument, "--recover and --discard exclude each other (see gis edit --help)");
    if (recovering && args.value("--apply"))
        throw Error(ErrorCode::Argument, "--recover and --discard take no --apply: run it after (see gis edit --help)");
    if (!recovering && !args.value("--apply"))
        throw Error(ErrorCode::Argument, "expected --apply CHANGES.geojson, --versions, --recover or --discard (see gis edit --help)");
    const std::vector<FieldInfo> fields = base->attributes().fields();
    const std::vector<RecoverableEdits> left = unsavedJournals(path, layerName);
    if (!recovering && !left.empty() && !args.has("--dry-run"))
        throw Error(ErrorCode::Argument, path + ": layer \"" + layerName + "\": " + unsavedText(left.back(), layerName)
                + " left by an earlier session in " + left.back().journalPath + ": run gis edit " + path + " --layer "
                + layerName + " --recover to replay and commit them, or --discard to delete them");
    const std::vector<Change> changes = recovering ? std::vector<Change>{} : readChanges(*args.value("--apply"), fields);
    const auto expected = args.value("--expect") ? readExpected(*args.value("--expect"))
                                                 : std::map<std::int64_t, std::string>{};

    std::optional<Project> project;
    std::shared_ptr<const PreparedForm> form;
    if (args.value("--project")) {
        project = Project::load(*args.value("--project"), ProjectLoadOptions{args.values("--allow-path")});
        project->loadData();
        const ProjectLayer* pl = nullptr;
        for (const ProjectLayer& candidate : project->layers)
            if (!pl && (candidate.map.name == layerName || candidate.layer == layerName))
                pl = &candidate;
        if (!pl)
            pl = &findProjectLayer(*project, layerName); // throws, listing the layers
        form = prepareProjectForm(*project, *pl, parseSettings(args.values("--setting")));
        if (form->fields().size() != fields.size())
            throw Error(ErrorCode::Argument, where + ": the project's layer \"" + pl->map.name
                    + "\" has other fields than the layer edited");
    }

    if (recovering)
        return recoverJournals(path, layerName, left, form, args.has("--recover"), args.has("--json"));

    const MediaTables media{form.get(), layerName};
    // Checked first in memory: with --dry-run, or when anything fails, the data file is never opened for writing.
    // The attachments already stored are counted read-only (readAttachmentCounts refuses a file that is not a
    // GeoPackage: the same refusal a commit would give).
    EditSession check(base);
    MediaCounter checkCounter{&check, {}};
    for (const Change& c : changes)
        for (const ChangeAttachment& a : c.attachments) {
            const AttachmentTable t = media.table(a);
            if (!checkCounter.stored.count(t))
                checkCounter.stored[t] = readAttachmentCounts(path, layerName, t);
        }
    if (form)
        for (const FormField& f : form->form().fields)
            if (f.media) {
                const AttachmentTable t{f.media->mediaTable, f.media->mappingTable};
                if (!checkCounter.stored.count(t) && layerFormatFromPath(path) == LayerFormat::GeoPackage)
                    checkCounter.stored[t] = readAttachmentCounts(path, layerName, t);
            }
    Outcome outcome = applyChanges(check, changes, form.get(), expected, media, form ? &checkCounter : nullptr);
    bool committed = false;
    std::vector<std::int64_t> insertedIds;
    if (!outcome.blocked() && !args.has("--dry-run")) {
        auto session = EditSession::open(path, layerName);
        const MediaCounter counter{session.get(), {}};
        if (form) {
            session->addValidator(form->validator([s = session.get()] { return s->snapshot(); }, "both"));
            if (session->base() && layerFormatFromPath(path) == LayerFormat::GeoPackage)
                session->addValidator(form->mediaValidator(counter, "both"));
        }
        // the same again, on what is stored now
        outcome = applyChanges(*session, changes, form.get(), expected, media,
            form && layerFormatFromPath(path) == LayerFormat::GeoPackage ? &counter : nullptr);
        if (!outcome.blocked()) {
            const CommitResult r = session->commit();
            for (const EditConflict& c : r.conflicts) {
                outcome.conflicts.push_back({c.fid, "as read by this command", versionText(c.theirsVersion)});
            }
            committed = r.committed;
            for (const std::int64_t fid : outcome.touched)
                if (fid < 0)
                    if (const auto it = r.insertedIds.find(fid); it != r.insertedIds.end())
                        insertedIds.push_back(it->second);
        }
        if (!committed)
            session->rollback(); // nothing unsaved stays behind: the journal goes with the session
    }

    if (args.has("--json")) {
        std::ostringstream out;
        out << "{\"file\": " << Json::quote(path) << ", \"layer\": " << Json::quote(layerName)
            << ", \"committed\": " << (committed ? "true" : "false")
            << ", \"dry_run\": " << (args.has("--dry-run") ? "true" : "false") << ", \"inserted\": " << outcome.inserted
            << ", \"updated\": " << outcome.updated << ", \"deleted\": " << outcome.deleted
            << ", \"attached\": " << outcome.attached << ", \"inserted_ids\": [";
        for (std::size_t i = 0; i < insertedIds.size(); ++i)
            out << (i ? ", " : "") << insertedIds[i];
        out << "], \"conflicts\": " << conflictsJson(outcome.conflicts)
            << ", \"violations\": " << violationsJson(outcome.violations) << "}\n";
        std::cout << out.str();
    } else {
        for (const Conflict& c : outcome.conflicts)
            std::cout << where << ": feature " << c.id << ": conflict: the change was based on version " << c.expected
                      << ", storage holds " << c.current << "\n";
        for (const FormViolation& v : outcome.violations)
            std::cout << violationText(where, v) << "\n";
        std::cout << layerName << ": " << outcome.updated << " updated, " << outcome.inserted << " inserted, "
                  << outcome.deleted << " deleted"
                  << (outcome.attached ? ", " + std::to_string(outcome.attached) + " attached" : std::string()) << "; "
                  << (committed ? "committed"
                         : args.has("--dry-run") && !outcome.blocked() ? "dry run: nothing written"
                                                                       : "nothing written")
                  << "\n";
    }
    return outcome.blocked() || (!committed && !args.has("--dry-run")) ? 1 : 0;
}

} // namespace gis::cli
