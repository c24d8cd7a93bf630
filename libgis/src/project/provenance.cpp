// Provenance records: how an analysed layer was made, kept in the project's "history" (docs/projects.md).

#include "gis/project/provenance.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>

#include <sys/stat.h>

#include "gis/core/error.h"
#include "gis/core/pathguard.h"
#include "gis/project/project.h"
#include "jsonpath.h"
#include "projectpaths.h"

#ifndef GIS_VERSION
#error "GIS_VERSION is set by libgis/CMakeLists.txt from the project's version"
#endif

namespace fs = std::filesystem;

namespace gis {

using detail::JsonNode;

namespace {

// The record's own keys; any other key is kept in `unknown`.
const char* const kRecordKeys[] = {"id", "algorithm", "parameters", "inputs", "invalid", "output", "started",
    "finished", "software", "software_version", "features_in", "features_out", "warnings", "rerun_of"};
const char* const kInputKeys[] = {"role", "source", "layer", "size", "modified"};
const char* const kOutputKeys[] = {"path", "layer", "project_layer"};

template <std::size_t N>
Json unknownKeys(const Json& object, const char* const (&known)[N])
{
    Json out = Json::object();
    for (auto it = object.begin(); it != object.end(); ++it)
        if (std::none_of(std::begin(known), std::end(known), [&](const char* k) { return it.key() == k; }))
            out[it.key()] = it.value();
    return out;
}

std::string boundedText(const JsonNode& n)
{
    std::string s = n.string();
    if (s.size() > kMaxProvenanceText)
        n.fail("longer than " + std::to_string(kMaxProvenanceText) + " bytes");
    return s;
}

std::string optText(const JsonNode& n)
{
    return n.isNull() ? std::string() : boundedText(n);
}

std::int64_t integer(const JsonNode& n, std::int64_t fallback)
{
    if (n.isNull())
        return fallback;
    if (!n.value().is_number_integer())
        n.fail("expected a whole number");
    return n.value().get<std::int64_t>();
}

void checkCount(const JsonNode& n, std::size_t count, std::size_t limit, const char* what)
{
    if (count > limit)
        n.fail("more than " + std::to_string(limit) + " " + what);
}

Json withUnknown(Json json, const Json& unknown)
{
    if (unknown.is_object())
        for (auto it = unknown.begin(); it != unknown.end(); ++it)
            if (!json.contains(it.key()))
                json[it.key()] = it.value();
    return json;
}

void shorten(std::string& s)
{
    if (s.size() <= kMaxProvenanceText)
        return;
    std::size_t cut = kMaxProvenanceText - 3;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) // not inside a UTF-8 sequence
        --cut;
    s.resize(cut);
    s += "...";
}

std::string fileName(const std::string& path)
{
    const std::string name = fs::path(path).filename().string();
    return name.empty() ? path : name;
}

} // namespace

const char* softwareName()
{
    return "Interior Explorer";
}

const char* softwareVersion()
{
    return GIS_VERSION;
}

std::string isoTimeUtc(std::chrono::system_clock::time_point time)
{
    const std::time_t t = std::chrono::system_clock::to_time_t(time);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

ProvenanceRecord provenanceFromJson(const Json& json, const std::string& where)
{
    const JsonNode r(json, where);
    r.objectKeepingUnknown();
    ProvenanceRecord rec;
    rec.id = boundedText(r["id"]);
    if (rec.id.empty())
        r["id"].fail("must not be empty");
    rec.algorithm = boundedText(r["algorithm"]);
    if (!r["parameters"].isNull()) {
        const JsonNode p = r["parameters"];
        p.objectKeepingUnknown();
        checkCount(p, p.value().size(), kMaxProvenanceParameters, "parameters");
        for (auto it = p.value().begin(); it != p.value().end(); ++it)
            rec.parameters[it.key()] = boundedText(p[it.key().c_str()]);
    }
    if (!r["inputs"].isNull()) {
        const JsonNode list = r["inputs"];
        checkCount(list, static_cast<std::size_t>(list.size()), kMaxProvenanceInputs, "inputs");
        for (int i = 0; i < list.size(); ++i) {
            const JsonNode n = list.at(i);
            n.objectKeepingUnknown();
            ProvenanceInput in;
            if (!n["role"].isNull())
                in.role = std::array<const char*, 3>{"input", "overlay", "raster"}[static_cast<std::size_t>(
                    n["role"].choice({"input", "overlay", "raster"}))];
            in.source = boundedText(n["source"]);
            in.layer = optText(n["layer"]);
            in.size = integer(n["size"], -1);
            in.modified = integer(n["modified"], 0);
            in.unknown = unknownKeys(n.value(), kInputKeys);
            rec.inputs.push_back(std::move(in));
        }
    }
    if (!r["invalid"].isNull())
        rec.invalidPolicy = std::array<const char*, 3>{"stop", "skip", "repair"}[static_cast<std::size_t>(
            r["invalid"].choice({"stop", "skip", "repair"}))];
    if (!r["output"].isNull()) {
        const JsonNode o = r["output"];
        o.objectKeepingUnknown();
        rec.output.path = optText(o["path"]);
        rec.output.layer = optText(o["layer"]);
        rec.output.projectLayer = optText(o["project_layer"]);
        rec.output.unknown = unknownKeys(o.value(), kOutputKeys);
    }
    rec.started = optText(r["started"]);
    rec.finished = optText(r["finished"]);
    if (!r["software"].isNull())
        rec.software = boundedText(r["software"]);
    rec.softwareVersion = optText(r["software_version"]);
    rec.featuresIn = integer(r["features_in"], 0);
    rec.featuresOut = integer(r["features_out"], 0);
    if (!r["warnings"].isNull()) {
        const JsonNode w = r["warnings"];
        checkCount(w, static_cast<std::size_t>(w.size()), kMaxProvenanceWarnings, "warnings");
        for (int i = 0; i < w.size(); ++i)
            rec.warnings.push_back(boundedText(w.at(i)));
    }
    rec.rerunOf = optText(r["rerun_of"]);
    rec.unknown = unknownKeys(json, kRecordKeys);
    return rec;
}

Json provenanceToJson(const ProvenanceRecord& rec)
{
    Json inputs = Json::array();
    for (const ProvenanceInput& in : rec.inputs) {
        Json i{{"role", in.role}, {"source", in.source}};
        if (!in.layer.empty())
            i["layer"] = in.layer;
        if (in.size >= 0)
            i["size"] = in.size;
        if (in.modified != 0)
            i["modified"] = in.modified;
        inputs.push_back(withUnknown(std::move(i), in.unknown));
    }
    Json output{{"path", rec.output.path}};
    if (!rec.output.layer.empty())
        output["layer"] = rec.output.layer;
    if (!rec.output.projectLayer.empty())
        output["project_layer"] = rec.output.projectLayer;
    Json j{{"id", rec.id}, {"algorithm", rec.algorithm}, {"parameters", Json(rec.parameters)}, {"inputs", inputs},
        {"invalid", rec.invalidPolicy}, {"output", withUnknown(std::move(output), rec.output.unknown)},
        {"started", rec.started}, {"finished", rec.finished}, {"software", rec.software},
        {"software_version", rec.softwareVersion}, {"features_in", rec.featuresIn},
        {"features_out", rec.featuresOut}, {"warnings", rec.warnings}};
    if (!rec.rerunOf.empty())
        j["rerun_of"] = rec.rerunOf;
    return withUnknown(std::move(j), rec.unknown);
}

std::string nextProvenanceId(const std::vector<ProvenanceRecord>& history)
{
    std::uint64_t largest = 0;
    for (const ProvenanceRecord& r : history) {
        if (r.id.rfind("run-", 0) != 0 || r.id.size() > 4 + 18)
            continue;
        const std::string digits = r.id.substr(4);
        if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
            continue;
        largest = std::max<std::uint64_t>(largest, std::stoull(digits));
    }
    std::string id = "run-" + std::to_string(largest + 1);
    while (findProvenance(history, id)) // an id another program chose
        id += "b";
    return id;
}

const ProvenanceRecord* findProvenance(const std::vector<ProvenanceRecord>& history, const std::string& id)
{
    for (const ProvenanceRecord& r : history)
        if (r.id == id)
            return &r;
    return nullptr;
}

std::string projectRelativePath(const std::string& projectPath, const std::string& path)
{
    const fs::path base = fs::absolute(projectPath).parent_path().lexically_normal();
    const fs::path file = fs::absolute(path).lexically_normal();
    const fs::path rel = file.lexically_relative(base);
    if (rel.empty() || *rel.begin() == "..")
        return file.string();
    return rel.string();
}

ProvenanceInput provenanceInput(const std::string& projectPath, const std::string& role, const std::string& path,
    const std::string& layer)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        throw Error(ErrorCode::Io, path + ": cannot read its size and time for the project's history: " + std::strerror(errno));
    ProvenanceInput in;
    in.role = role;
    in.source = projectRelativePath(projectPath, path);
    in.layer = layer;
    in.size = static_cast<std::int64_t>(st.st_size);
    in.modified = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    return in;
}

ProvenanceRecord makeProvenanceRecord(const std::string& projectPath, const ProvenanceRun& run)
{
    const auto written = [&](const std::string& path) {
        return projectPath.empty() ? fs::absolute(path).lexically_normal().string() : projectRelativePath(projectPath, path);
    };
    ProvenanceRecord r;
    r.algorithm = run.algorithm;
    r.parameters = run.parameters;
    for (const ProvenanceRun::Input& in : run.inputs) {
        if (in.path.empty()) {
            ProvenanceInput memory;
            memory.role = in.role;
            memory.source = kProvenanceInMemory;
            r.inputs.push_back(std::move(memory));
            continue;
        }
        ProvenanceInput file = provenanceInput(projectPath.empty() ? in.path : projectPath, in.role, in.path, in.layer);
        file.source = written(in.path);
        r.inputs.push_back(std::move(file));
    }
    r.invalidPolicy = run.invalidPolicy;
    r.output.path = run.outputPath.empty() ? std::string(kProvenanceInMemory) : written(run.outputPath);
    r.output.layer = run.outputLayer;
    r.output.projectLayer = run.projectLayer;
    r.started = isoTimeUtc(run.started);
    r.finished = isoTimeUtc(run.finished);
    r.software = softwareName();
    r.softwareVersion = softwareVersion();
    r.featuresIn = run.featuresIn;
    r.featuresOut = run.featuresOut;
    r.warnings = run.warnings;
    r.rerunOf = run.rerunOf;
    boundProvenance(r);
    return r;
}

std::string resolveProvenancePath(const Project& project, const std::string& written, const std::string& where)
{
    return resolveDocumentPath(written, where, detail::projectSourceRules(project.path, project.trustedFolders));
}

std::string provenanceInputChange(const ProvenanceInput& input, const std::string& resolvedPath)
{
    struct stat st {};
    if (::stat(resolvedPath.c_str(), &st) != 0)
        return "missing (" + resolvedPath + ")";
    const auto size = static_cast<std::int64_t>(st.st_size);
    const std::int64_t modified = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    if (input.size >= 0 && size != input.size)
        return "changed since the run: " + std::to_string(input.size) + " bytes then, " + std::to_string(size) + " now";
    if (input.modified != 0 && modified != input.modified) {
        const auto when = [](std::int64_t ns) {
            return isoTimeUtc(std::chrono::system_clock::time_point(std::chrono::seconds(ns / 1000000000)));
        };
        return "changed since the run: modified " + when(input.modified) + " then, " + when(modified) + " now";
    }
    return {};
}

void boundProvenance(ProvenanceRecord& rec)
{
    if (rec.warnings.size() > kMaxProvenanceWarnings) {
        const std::size_t more = rec.warnings.size() - (kMaxProvenanceWarnings - 1);
        rec.warnings.resize(kMaxProvenanceWarnings - 1);
        rec.warnings.push_back("... and " + std::to_string(more) + " more warnings");
    }
    for (std::string& w : rec.warnings)
        shorten(w);
    for (auto& [name, value] : rec.parameters)
        shorten(value);
    if (rec.inputs.size() > kMaxProvenanceInputs)
        throw Error(ErrorCode::Argument, "a run with more than " + std::to_string(kMaxProvenanceInputs)
                + " inputs cannot be recorded in a project's history");
    if (rec.parameters.size() > kMaxProvenanceParameters)
        throw Error(ErrorCode::Argument, "a run with more than " + std::to_string(kMaxProvenanceParameters)
                + " parameters cannot be recorded in a project's history");
}

std::string provenanceLine(const std::string& layerName, const ProvenanceRecord& rec, const std::string& language)
{
    const bool ar = language == "ar";
    // In Arabic, names, parameters, the date and the version are left-to-right runs inside a right-to-left
    // sentence: each is isolated (LRI ... PDI), so that "2026-12-07T07:28:56Z" is not reordered around its punctuation.
    const auto ltr = [ar](const std::string& s) { return ar ? "\u2066" + s + "\u2069" : s; };
    std::string params;
    for (const auto& [name, value] : rec.parameters)
        params += (params.empty() ? "" : ", ") + name + "=" + value;
    std::string inputs;
    for (const ProvenanceInput& in : rec.inputs) {
        std::string one = ltr(fileName(in.source) + (in.layer.empty() ? std::string() : " (" + in.layer + ")"));
        if (in.role != "input")
            one = (ar ? (in.role == "overlay" ? "طبقة التراكب " : "الطبقة النقطية ") : in.role + " ") + one;
        inputs += (inputs.empty() ? "" : ar ? "، " : "; ") + one;
    }
    const std::string version = rec.software + (rec.softwareVersion.empty() ? "" : " " + rec.softwareVersion);
    if (ar)
        return ltr(layerName) + ": أُنتجت بالخوارزمية " + ltr(rec.algorithm + " (" + params + ")") + " من " + inputs
            + " في " + ltr(rec.finished) + " باستخدام " + ltr(version);
    return layerName + ": made by " + rec.algorithm + " (" + params + ") from " + inputs + " on " + rec.finished
        + " with " + version;
}

std::vector<std::string> provenanceLines(const Project& project, const std::string& language)
{
    std::vector<std::string> lines;
    for (const ProjectLayer& pl : project.layers) {
        if (!pl.map.visible || pl.madeBy.empty())
            continue;
        if (const ProvenanceRecord* rec = findProvenance(project.history, pl.madeBy))
            lines.push_back(provenanceLine(pl.map.name, *rec, language));
        else
            lines.push_back(pl.map.name + (language == "ar" ? ": سجل إنتاجها " + pl.madeBy + " غير موجود في المشروع"
                                                            : ": made by run " + pl.madeBy + ", which the project's history no longer holds"));
    }
    return lines;
}

} // namespace gis
