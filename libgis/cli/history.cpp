// gis history: the analysis runs a project records (docs/projects.md, "History"), and re-running one of them; and
// the recording itself, which gis analyse --project calls after its output is written.

#include <cctype>
#include <cstring>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

#include "args.h"
#include "commands.h"
#include "gis/analysis/algorithm.h"
#include "gis/core/error.h"
#include "gis/core/pathguard.h"
#include "gis/data/layer.h"
#include "gis/data/layerwriter.h"
#include "gis/geom/geometrycolumn.h"
#include "gis/project/project.h"
#include "gis/project/style.h"
#include "gis/query/suggest.h"
#include "provenancecli.h"

namespace fs = std::filesystem;

namespace gis::cli {

namespace {

const char* kUsage = R"(usage: gis history PROJECT [--json]
       gis history PROJECT --rerun ID [-o OUT] [--overwrite] [--add-layer] [--allow-path DIR]...

Lists the analysis runs recorded in a project (gis analyse ... --project PROJECT), or runs one again.

  --json          the records as a JSON array, as the project holds them
  --rerun ID      run record ID's algorithm again with its parameters, invalid-geometry policy and inputs
                  (relative to the project). Refused when an input is missing or changed since the run (the record
                  keeps each input's size and modification time). Writes a new record (rerun_of: ID).
  -o OUT          where the re-run writes (never over an input); without it, over the old output, which needs
                  --overwrite
  --overwrite     replace OUT (or the old output)
  --add-layer     add the new output to the project as a layer made by the new record
  --allow-path DIR  a folder outside the project's own whose files the project may read (repeatable)

Exit status: 0 on success, 2 for an error (the message names the project, the record and the input).
)";

bool isTrue(std::string value)
{
    for (auto& c : value)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return value == "true" || value == "yes" || value == "1" || value == "on";
}

std::string describeInputs(const ProvenanceRecord& r)
{
    std::string s;
    for (const auto& in : r.inputs)
        s += (s.empty() ? "" : ", ") + (in.role == "input" ? std::string() : in.role + " ") + in.source
            + (in.layer.empty() ? std::string() : " (" + in.layer + ")");
    return s;
}

void printHistory(const Project& project, bool json)
{
    if (json) {
        Json all = Json::array();
        for (const auto& r : project.history)
            all.push_back(provenanceToJson(r));
        std::cout << jsonText(all);
        return;
    }
    for (const auto& r : project.history) {
        std::cout << std::left << std::setw(10) << r.id << " " << r.finished << "  " << r.algorithm << "  "
                  << describeInputs(r) << " → " << r.output.path
                  << (r.output.layer.empty() ? std::string() : " (" + r.output.layer + ")");
        if (!r.output.projectLayer.empty())
            std::cout << " [layer " << r.output.projectLayer << "]";
        if (!r.rerunOf.empty())
            std::cout << " [re-run of " << r.rerunOf << "]";
        std::cout << "\n";
    }
    if (project.history.empty())
        std::cout << "(no runs recorded)\n";
}

int rerun(const Args& args, const Project& project, const std::string& projectPath, const std::string& id)
{
    const ProvenanceRecord* found = findProvenance(project.history, id);
    if (!found) {
        std::vector<std::string> ids;
        for (const auto& r : project.history)
            ids.push_back(r.id);
        const std::string s = closestName(id, ids);
        throw Error(ErrorCode::Argument, projectPath + ": no record \"" + id + "\" in the history"
                + (s.empty() ? std::string() : " — did you mean \"" + s + "\"?") + " (gis history " + projectPath + " lists them)");
    }
    const ProvenanceRecord record = *found;
    const analysis::AlgorithmInfo& info = analysis::algorithm(record.algorithm).info();

    std::vector<std::string> words{"gis", "analyse", record.algorithm};
    std::size_t index = 0;
    for (std::size_t k = 0; k < record.inputs.size(); ++k) {
        const ProvenanceInput& in = record.inputs[k];
        const std::string where = projectPath + ": " + id + ": input " + in.source;
        const std::string path = resolveProvenancePath(project, in.source, where);
        const std::string change = provenanceInputChange(in, path);
        if (!change.empty())
            throw Error(ErrorCode::Argument, "cannot re-run " + id + ": its " + in.role + " " + in.source + " is " + change
                    + "; a re-run reads the very inputs the run read (the record keeps their size and modification time)");
        if (in.role == "input") {
            words.insert(words.begin() + 3 + static_cast<long>(index++), path);
            if (!in.layer.empty())
                words.insert(words.end(), {"--layer", in.layer});
        } else {
            words.insert(words.end(), {"--" + in.role, path});
            if (!in.layer.empty())
                words.insert(words.end(), {"--" + in.role + "-layer", in.layer});
        }
    }
    if (index != 1)
        throw Error(ErrorCode::Argument, "cannot re-run " + id + ": the record names " + std::to_string(index)
                + " main inputs; gis analyse takes one");

    std::string out;
    if (const auto o = args.value("-o")) {
        out = *o;
    } else {
        out = resolveProvenancePath(project, record.output.path, projectPath + ": " + id + ": output");
        if (!args.has("--overwrite"))
            throw Error(ErrorCode::Argument, "re-running " + id + " would write over its old output " + record.output.path
                    + "; give -o NEW, or --overwrite to replace it");
    }
    words.insert(words.end(), {"-o", out, "--invalid", record.invalidPolicy});
    if (!record.output.layer.empty() && layerFormatFromPath(out) == LayerFormat::GeoPackage)
        words.insert(words.end(), {"--layer-name", record.output.layer});
    if (args.has("--overwrite"))
        words.push_back("--overwrite");
    for (const auto& [name, value] : record.parameters) {
        const analysis::Parameter* p = info.parameter(name);
        if (p && p->type == analysis::ParameterType::Boolean) {
            if (isTrue(value))
                words.push_back("--" + name);
        } else {
            words.insert(words.end(), {"--" + name, value}); // an unknown one is refused by gis analyse, named
        }
    }
    words.insert(words.end(), {"--project", projectPath});
    if (args.has("--add-layer"))
        words.push_back("--add-layer");
    for (const auto& dir : args.values("--allow-path"))
        words.insert(words.end(), {"--allow-path", dir});

    std::vector<char*> argv;
    for (auto& w : words)
        argv.push_back(w.data());
    argv.push_back(nullptr);
    return runAnalyseRecorded(static_cast<int>(words.size()), argv.data(), id);
}

std::string uniqueLayerName(const Project& project, const std::string& wanted)
{
    auto taken = [&](const std::string& n) {
        for (const auto& pl : project.layers)
            if (pl.map.name == n)
                return true;
        return false;
    };
    std::string name = wanted.empty() ? "result" : wanted;
    for (int k = 2; taken(name); ++k)
        name = (wanted.empty() ? "result" : wanted) + "_" + std::to_string(k);
    return name;
}

} // namespace

void checkRecordTarget(const RecordRequest& request, const std::string& out)
{
    const Project project = Project::load(request.projectPath, ProjectLoadOptions{request.allowPaths});
    if (request.addLayer) {
        const std::string folder = fs::absolute(request.projectPath).parent_path().string();
        bool trusted = isInsideFolder(fs::absolute(out).parent_path().string(), folder);
        for (const auto& dir : request.allowPaths)
            trusted = trusted || isInsideFolder(fs::absolute(out).parent_path().string(), fs::absolute(dir).string());
        if (!trusted)
            throw Error(ErrorCode::Argument, "--add-layer: " + out + " is outside the folder of " + request.projectPath
                    + ", and a project reads only files in its folder; write the output there, or record the run without --add-layer");
    }
}

std::string appendRecord(const RecordRequest& request, ProvenanceRecord record, const Layer& output)
{
    // Re-read: the file may have changed since the run started; save() then keeps everything it holds.
    Project project = Project::load(request.projectPath, ProjectLoadOptions{request.allowPaths});
    record.id = nextProvenanceId(project.history);
    record.rerunOf = request.rerunOf;
    boundProvenance(record);
    if (project.history.size() >= kMaxProvenanceRecords)
        throw Error(ErrorCode::Argument, request.projectPath + ": the history holds " + std::to_string(kMaxProvenanceRecords)
                + " records, the most a project keeps; the output was written but the run was not recorded");
    if (request.addLayer) {
        ProjectLayer pl;
        pl.source = record.output.path;
        pl.layer = record.output.layer;
        pl.map.name = uniqueLayerName(project, record.output.layer.empty()
                ? fs::path(record.output.path).stem().string() : record.output.layer);
        pl.map.style = defaultStyle(geometryTypeName(output.geometryType()), static_cast<int>(project.layers.size()));
        pl.madeBy = record.id;
        record.output.projectLayer = pl.map.name;
        project.layers.push_back(std::move(pl));
    }
    if (!record.rerunOf.empty()) { // a layer the old run made, now made again over the same file
        for (auto& pl : project.layers)
            if (pl.madeBy == record.rerunOf && pl.source == record.output.path && pl.layer == record.output.layer) {
                pl.madeBy = record.id;
                if (record.output.projectLayer.empty())
                    record.output.projectLayer = pl.map.name;
            }
    }
    project.history.push_back(std::move(record));
    project.save(request.projectPath);
    return project.history.back().id;
}

int runHistory(int argc, char** argv)
{
    if (argc < 3 || !std::strcmp(argv[2], "--help") || !std::strcmp(argv[2], "-h")) {
        std::cout << kUsage;
        return argc < 3 ? 2 : 0;
    }
    const Args args(argc, argv, 2, {"--rerun", "-o", "--allow-path"}, {"--json", "--overwrite", "--add-layer", "--help"});
    if (args.positionals().size() != 1)
        throw Error(ErrorCode::Argument, "expected one PROJECT (see gis history --help)");
    const std::string projectPath = args.positionals().front();
    const Project project = Project::load(projectPath, ProjectLoadOptions{args.values("--allow-path")});
    if (const auto id = args.value("--rerun"))
        return rerun(args, project, projectPath, *id);
    if (args.has("-o") || args.has("--overwrite") || args.has("--add-layer"))
        throw Error(ErrorCode::Argument, "-o, --overwrite and --add-layer go with --rerun ID (see gis history --help)");
    printHistory(project, args.has("--json"));
    return 0;
}

} // namespace gis::cli
