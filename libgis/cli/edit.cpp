// gis edit PATH --layer L --apply CHANGES.geojson: changes applied through one EditSession commit, with the layer's
// form constraints when a project is given; conflicts and violations reported per feature; nothing written unless
// every change passes. gis edit PATH --layer L --versions: the versions a client bases its changes on.

#include <cstdio>
#include <iostream>
#include <sstream>

#include "args.h"
#include "commands.h"
#include "formsupport.h"
#include "gis/core/error.h"
#include "gis/core/readfile.h"
#include "gis/data/datasource.h"
#include "gis/data/datetime.h"
#include "gis/data/editsession.h"
#include "gis/data/featurewriter.h"
#include "gis/project/json.h"
#include "json.h"

namespace gis::cli {

namespace {

const char* kHelp = R"(usage: gis edit PATH --layer L --apply CHANGES.geojson [--dry-run] [--project P] [--expect VERSIONS]
                [--json] [--setting KEY=VALUE]... [--allow-path DIR]...
       gis edit PATH --layer L --versions

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

Exit status: 0 when the changes were committed (or would be, with --dry-run), 1 when a conflict or a hard violation
blocked them, 2 for a usage error or an unreadable file (the message names the file, the layer and the field).
)";

/// One change of the collection.
struct Change {
    std::optional<std::int64_t> id;
    bool deleted = false;
    std::optional<Geometry> geometry;
    std::vector<std::pair<std::size_t, FieldValue>> values;
    std::optional<std::string> version;
};

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
    std::size_t inserted = 0, updated = 0, deleted = 0;
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

/// Applies every change to `session` in one batch; records what was done, violations and conflicts.
Outcome applyChanges(EditSession& session, const std::vector<Change>& changes, const PreparedForm* form,
    const std::map<std::int64_t, std::string>& expected)
{
    Outcome out;
    session.beginBatch("gis edit");
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
                out.touched.push_back(session.insert(std::move(f)));
                ++out.inserted;
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

} // namespace

int runEdit(int argc, char** argv)
{
    const Args args(argc, argv, 2, {"--layer", "--apply", "--project", "--expect", "--setting", "--allow-path"},
        {"--dry-run", "--json", "--versions", "--help"});
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
    if (!args.value("--apply"))
        throw Error(ErrorCode::Argument, "expected --apply CHANGES.geojson or --versions (see gis edit --help)");
    const std::vector<FieldInfo> fields = base->attributes().fields();
    const std::vector<Change> changes = readChanges(*args.value("--apply"), fields);
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

    // Checked first in memory: with --dry-run, or when anything fails, the data file is never opened for writing.
    EditSession check(base);
    Outcome outcome = applyChanges(check, changes, form.get(), expected);
    bool committed = false;
    std::vector<std::int64_t> insertedIds;
    if (!outcome.blocked() && !args.has("--dry-run")) {
        auto session = EditSession::open(path, layerName);
        if (form)
            session->addValidator(form->validator([s = session.get()] { return s->snapshot(); }, "both"));
        outcome = applyChanges(*session, changes, form.get(), expected); // the same again, on what is stored now
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
            << ", \"updated\": " << outcome.updated << ", \"deleted\": " << outcome.deleted << ", \"inserted_ids\": [";
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
                  << outcome.deleted << " deleted; "
                  << (committed ? "committed"
                         : args.has("--dry-run") && !outcome.blocked() ? "dry run: nothing written"
                                                                       : "nothing written")
                  << "\n";
    }
    return outcome.blocked() || (!committed && !args.has("--dry-run")) ? 1 : 0;
}

} // namespace gis::cli
