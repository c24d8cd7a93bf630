// gis analyse: the analysis toolbox from the command line (docs/analysis.md). Parameters come from each algorithm's
// schema, so `--help`, the checks and the messages are the library's, the same as the viewer's toolbox.

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>

#include "args.h"
#include "commands.h"
#include "common.h"
#include "gis/analysis/algorithm.h"
#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/data/layerwriter.h"
#include "gis/data/rasterwriter.h"
#include "gis/query/suggest.h"
#include "json.h"
#include "provenancecli.h"

namespace gis::cli {

namespace {

const char* kUsage = R"(usage: gis analyse --list [--json]
       gis analyse ALGORITHM --help
       gis analyse ALGORITHM INPUT [--layer L] [--overlay PATH [--overlay-layer L]] -o OUT
                   [--layer-name NAME] [--raster-out R.tif] [--overwrite] [--invalid stop|skip|repair] [--progress] [--timings]
                   [--PARAMETER VALUE]... [--project P.json [--add-layer] [--allow-path DIR]...]

Runs one algorithm of the analysis toolbox on a layer and writes the result (docs/analysis.md).

  --list               the algorithms, with their ids and titles in English and Arabic (--json: as JSON)
  ALGORITHM --help     the algorithm's parameters: type, default, range, unit
  --overlay PATH       the second layer of overlay algorithms; repeated for merge (each further layer)
  -o OUT               the output; its format from the extension (.gpkg .geojson .shp .csv .fgb .kml .gml), written
                       all or nothing, never over an input; an existing OUT is replaced only with --overwrite
  --layer-name NAME    a layer inside a GeoPackage OUT (added; replaced with --overwrite); the rest of OUT is kept
  --raster-out R.tif   the raster an algorithm makes beside its layer (dsm-change's difference), as a GeoTIFF
  --invalid POLICY     an invalid geometry: stop (default: fail naming the feature), skip (leave it out), repair
                       (make it valid); skip and repair list each feature on stderr
  --progress           progress on stderr
  --timings            load_ms, run_ms, write_ms, total_ms on stderr
  --project P.json     after OUT is written, record the run in the project's history (algorithm, every parameter,
                       inputs with their size and time, policy, times, version; gis history lists and re-runs them)
  --add-layer          with --project: add OUT to the project as a layer made by that record
  --allow-path DIR     with --project: a folder outside the project's own whose files it may read (repeatable)

Exit status: 0 when the output is written, 2 for an error (the message names the file, layer, field or feature).
)";

std::string typeName(const analysis::Parameter& p)
{
    using analysis::ParameterType;
    switch (p.type) {
    case ParameterType::Number:
        return "number";
    case ParameterType::Integer:
        return "integer";
    case ParameterType::Boolean:
        return "flag";
    case ParameterType::Text:
        return "text";
    case ParameterType::Choice:
        return "one of";
    case ParameterType::Choices:
        return "list of";
    case ParameterType::Field:
        return p.fieldOf == analysis::FieldSource::Overlay ? "field of the overlay" : "field";
    case ParameterType::Fields:
        return p.fieldOf == analysis::FieldSource::Overlay ? "fields of the overlay" : "fields";
    case ParameterType::Expression:
        return "expression";
    case ParameterType::Raster:
        return "raster file";
    case ParameterType::Point:
        return "point x,y";
    }
    return "text";
}

void printList(bool json)
{
    if (json) {
        std::cout << "[";
        bool first = true;
        for (const auto* a : analysis::algorithms()) {
            const auto& i = a->info();
            std::cout << (first ? "\n" : ",\n") << "  {\"id\": " << Json::quote(i.id) << ", \"group\": " << Json::quote(i.group)
                      << ", \"title_en\": " << Json::quote(i.titleEn) << ", \"title_ar\": " << Json::quote(i.titleAr)
                      << ", \"description_en\": " << Json::quote(i.descriptionEn)
                      << ", \"description_ar\": " << Json::quote(i.descriptionAr) << "}";
            first = false;
        }
        std::cout << "\n]\n";
        return;
    }
    for (const auto* a : analysis::algorithms()) {
        const auto& i = a->info();
        std::cout << std::left << std::setw(24) << i.id << std::setw(12) << i.group << i.titleEn << " — " << i.titleAr
                  << "\n";
    }
}

void printHelp(const analysis::AlgorithmInfo& info)
{
    if (info.input == analysis::InputKind::Raster)
        std::cout << "usage: gis analyse " << info.id << " INPUT -o OUT.tif [options]\n\nINPUT is a raster file (a "
                  << "GeoTIFF, a DEM: anything GDAL reads as a raster), not a layer.\n\n";
    else
        std::cout << "usage: gis analyse " << info.id << " INPUT [--layer L]"
                  << (info.input == analysis::InputKind::VectorAndOverlay ? " --overlay PATH [--overlay-layer L]"
                         : info.input == analysis::InputKind::VectorAndLayers ? " --overlay PATH [--overlay PATH]... [--overlay-layer L]..."
                                                                               : "")
                  << " -o OUT [options]\n\n";
    std::cout << info.titleEn << " — " << info.titleAr << "\n" << info.descriptionEn << "\n" << info.descriptionAr
              << "\n\nparameters:\n";
    if (info.parameters.empty())
        std::cout << "  (none)\n";
    for (const auto& p : info.parameters) {
        std::ostringstream line;
        line << "  --" << p.name << " (" << typeName(p);
        if (!p.choices.empty()) {
            line << ":";
            for (std::size_t k = 0; k < p.choices.size(); ++k)
                line << (k ? ", " : " ") << p.choices[k];
        }
        if (std::isfinite(p.minimum) || std::isfinite(p.maximum))
            line << ", " << p.minimum << ".." << p.maximum;
        if (!p.unit.empty())
            line << ", " << p.unit;
        line << (p.required ? ", required" : "");
        if (!p.defaultValue.empty())
            line << ", default " << p.defaultValue;
        line << ")";
        std::cout << line.str() << "\n      " << p.helpEn << "\n      " << p.helpAr << "\n";
    }
    std::cout << "\nand the options every algorithm takes (gis analyse --help).\n";
}

} // namespace

int runAnalyse(int argc, char** argv)
{
    return runAnalyseRecorded(argc, argv, {});
}

int runAnalyseRecorded(int argc, char** argv, const std::string& rerunOf)
{
    if (argc < 3 || !std::strcmp(argv[2], "--help") || !std::strcmp(argv[2], "-h")) {
        std::cout << kUsage;
        return argc < 3 ? 2 : 0;
    }
    if (!std::strcmp(argv[2], "--list")) {
        const Args args(argc, argv, 3, {}, {"--json"});
        printList(args.has("--json"));
        return 0;
    }
    const analysis::Algorithm& algorithm = analysis::algorithm(argv[2]);
    const analysis::AlgorithmInfo& info = algorithm.info();

    std::set<std::string> valued{"--layer", "--overlay", "--overlay-layer", "-o", "--layer-name", "--raster-out", "--invalid",
        "--project", "--allow-path"};
    std::set<std::string> flags{"--help", "--overwrite", "--progress", "--timings", "--add-layer"};
    for (const auto& p : info.parameters) {
        const std::string option = "--" + p.name;
        if (valued.count(option) || flags.count(option))
            throw Error(ErrorCode::Argument, info.id + ": parameter --" + p.name + " clashes with a common option");
        (p.type == analysis::ParameterType::Boolean ? flags : valued).insert(option);
    }
    // An option the algorithm does not take: name the closest one (the library's "did you mean").
    std::vector<std::string> known(valued.begin(), valued.end());
    known.insert(known.end(), flags.begin(), flags.end());
    for (int k = 3; k < argc; ++k) {
        const std::string word = argv[k];
        if (word.rfind("--", 0) != 0)
            continue;
        const std::string option = word.substr(0, word.find('='));
        if (!valued.count(option) && !flags.count(option)) {
            const std::string s = closestName(option, known);
            throw Error(ErrorCode::Argument, info.id + ": unknown option " + option
                    + (s.empty() ? std::string() : " — did you mean " + s + "?") + " (see gis analyse " + info.id + " --help)");
        }
        if (valued.count(option) && word.find('=') == std::string::npos)
            ++k; // its value, which may itself start with "--"
    }
    const Args args(argc, argv, 3, valued, flags);
    if (args.has("--help")) {
        printHelp(info);
        return 0;
    }
    if (args.positionals().size() != 1)
        throw Error(ErrorCode::Argument, "expected one INPUT (see gis analyse " + info.id + " --help)");
    const std::string inputPath = args.positionals().front();
    const auto overlayPath = args.value("--overlay");
    const bool manyLayers = info.input == analysis::InputKind::VectorAndLayers;
    if (info.input == analysis::InputKind::VectorAndOverlay && !overlayPath)
        throw Error(ErrorCode::Argument, info.id + " needs --overlay PATH (the layer to " + info.id + " with)");
    if (manyLayers && !overlayPath)
        throw Error(ErrorCode::Argument, info.id + " needs --overlay PATH, once per further layer");
    const bool rasterIn = info.input == analysis::InputKind::Raster;
    if ((info.input == analysis::InputKind::Vector || rasterIn) && (overlayPath || args.has("--overlay-layer")))
        throw Error(ErrorCode::Argument, info.id + " takes no --overlay");
    if (rasterIn && args.has("--layer"))
        throw Error(ErrorCode::Argument, info.id + ": INPUT is a raster, --layer does not apply");
    // VectorAndLayers: --overlay repeated, and --overlay-layer either never or once for each --overlay, in order.
    const std::vector<std::string> morePaths = manyLayers ? args.values("--overlay") : std::vector<std::string>{};
    const std::vector<std::string> moreLayers = manyLayers ? args.values("--overlay-layer") : std::vector<std::string>{};
    if (manyLayers && !moreLayers.empty() && moreLayers.size() != morePaths.size())
        throw Error(ErrorCode::Argument, info.id + ": give --overlay-layer once for each --overlay (" + std::to_string(morePaths.size())
                + " --overlay, " + std::to_string(moreLayers.size()) + " --overlay-layer)");
    const auto out = args.value("-o");
    if (!out)
        throw Error(ErrorCode::Argument, "give -o OUT (see gis analyse " + info.id + " --help)");

    // The output is checked before any work: never an input, never a folder or device, never replaced by accident.
    std::vector<std::string> inputs{inputPath};
    if (overlayPath)
        inputs.push_back(*overlayPath);
    inputs.insert(inputs.end(), morePaths.begin(), morePaths.end());
    for (const auto& p : info.parameters) // a raster an algorithm reads is an input too
        if (p.type == analysis::ParameterType::Raster)
            if (const auto path = args.value("--" + p.name))
                inputs.push_back(*path);
    LayerWriteOptions write;
    const bool rasterOut = info.output == analysis::OutputKind::Raster;
    if (rasterOut) {
        const std::string ext = std::filesystem::path(*out).extension().string();
        if (ext != ".tif" && ext != ".tiff" && ext != ".TIF" && ext != ".TIFF")
            throw Error(ErrorCode::Argument, info.id + " makes a raster: -o must name a GeoTIFF (.tif), not " + *out);
        if (args.has("--layer-name"))
            throw Error(ErrorCode::Argument, info.id + " makes a raster: --layer-name does not apply");
    } else {
        write.format = layerFormatFromPath(*out);
    }
    const bool overwrite = args.has("--overwrite");
    const auto rasterBeside = args.value("--raster-out");
    if (rasterBeside) {
        const std::string ext = std::filesystem::path(*rasterBeside).extension().string();
        if (rasterOut)
            throw Error(ErrorCode::Argument, info.id + " makes a raster as its output: -o names it, --raster-out does not apply");
        if (!info.makesRasterBeside()) // refused before any work
            throw Error(ErrorCode::Argument, info.id + " makes no raster beside its layer: --raster-out does not apply");
        if (ext != ".tif" && ext != ".tiff" && ext != ".TIF" && ext != ".TIFF")
            throw Error(ErrorCode::Argument, "--raster-out must name a GeoTIFF (.tif), not " + *rasterBeside);
        if (*rasterBeside == *out)
            throw Error(ErrorCode::Argument, "--raster-out and -o name the same file");
        checkOutput(*rasterBeside, inputs, overwrite);
    }
    std::error_code ec;
    const bool exists = std::filesystem::exists(*out, ec);
    if (const auto name = args.value("--layer-name")) {
        if (write.format != LayerFormat::GeoPackage)
            throw Error(ErrorCode::Argument, "--layer-name names a layer inside a GeoPackage; " + *out + " is a "
                    + gdalDriverName(write.format) + " file");
        if (name->empty())
            throw Error(ErrorCode::Argument, "--layer-name must not be empty");
        write.layerName = *name;
        if (exists)
            write.mode = overwrite ? LayerWriteMode::ReplaceLayer : LayerWriteMode::AddLayer;
        checkOutput(*out, inputs, /*replace=*/true);
    } else {
        checkOutput(*out, inputs, overwrite);
    }

    // The project a run is recorded in is checked before any work too.
    std::optional<RecordRequest> record;
    if (const auto project = args.value("--project")) {
        if (rasterIn || rasterOut)
            throw Error(ErrorCode::Argument, info.id + ": --project does not record runs whose input or output is a raster"
                    " yet (docs/analysis.md)");
        inputs.push_back(*project);
        checkOutput(*out, inputs, overwrite || args.has("--layer-name"));
        record = RecordRequest{*project, args.has("--add-layer"), args.values("--allow-path"), rerunOf};
        checkRecordTarget(*record, *out);
    } else if (args.has("--add-layer") || args.has("--allow-path")) {
        throw Error(ErrorCode::Argument, "--add-layer and --allow-path go with --project P.json");
    }
    const auto started = std::chrono::system_clock::now();

    analysis::RunOptions options;
    options.invalid = analysis::invalidPolicyFromName(args.value("--invalid").value_or("stop"));
    if (args.has("--progress")) {
        auto last = std::make_shared<std::atomic<int>>(-1);
        options.feedback.progress = [last](double fraction) {
            const int percent = static_cast<int>(fraction * 100);
            if (percent > last->exchange(percent))
                std::fprintf(stderr, "\r%3d%%", percent);
        };
    }

    Stopwatch total, stage;
    analysis::RunInputs runInputs;
    if (rasterIn)
        runInputs.inputRaster = inputPath; // the algorithm opens it (bind has no layer to check against)
    else
        runInputs.input = openLayer(inputPath, args.value("--layer"));
    if (overlayPath && !manyLayers)
        runInputs.overlay = openLayer(*overlayPath, args.value("--overlay-layer"));
    for (std::size_t k = 0; k < morePaths.size(); ++k)
        runInputs.more.push_back(openLayer(morePaths[k], moreLayers.empty() ? std::nullopt : std::optional<std::string>(moreLayers[k])));
    const double loadMs = stage.lap();

    std::map<std::string, std::string> parameters;
    for (const auto& p : info.parameters) {
        const std::string option = "--" + p.name;
        if (p.type == analysis::ParameterType::Boolean) {
            if (args.has(option))
                parameters[p.name] = "true";
        } else if (auto v = args.value(option)) {
            parameters[p.name] = *v;
        }
    }
    const analysis::ParameterValues values = rasterIn
        ? analysis::ParameterValues::bind(info, parameters)
        : analysis::ParameterValues::bind(info, parameters, *runInputs.input, runInputs.overlay.get());
    const analysis::RunResult result = algorithm.run(runInputs, values, options);
    if (args.has("--progress"))
        std::cerr << "\r100%\n";
    const double runMs = stage.lap();

    if (rasterBeside && !result.raster)
        throw Error(ErrorCode::Argument, info.id + " makes no raster beside its layer: --raster-out does not apply");
    if (rasterOut)
        writeGeoTiff(*result.raster, *out);
    else
        writeLayer(*result.layer, *out, {}, write);
    if (rasterBeside) // after the layer: a failure here leaves the layer written and says so
        writeGeoTiff(*result.raster, *rasterBeside);
    const double writeMs = stage.lap();

    for (const auto& f : result.invalid)
        std::cerr << "layer \"" << f.layer << "\", feature " << f.fid << ": " << f.reason << " ("
                  << (f.repaired ? "repaired" : "left out") << ")\n";
    for (const auto& w : result.warnings)
        std::cerr << w << "\n";
    std::size_t repaired = 0;
    for (const auto& f : result.invalid)
        repaired += f.repaired;
    if (rasterIn)
        std::cout << info.id << ": a " << result.raster->width << " x " << result.raster->height
                  << " raster written to " << *out;
    else if (rasterOut)
        std::cout << info.id << ": " << runInputs.input->size() << " features in, a " << result.raster->width << " x "
                  << result.raster->height << " raster written to " << *out;
    else
        std::cout << info.id << ": " << runInputs.input->size() << " features in, " << result.layer->size()
                  << " out, written to " << *out
                  << (rasterBeside ? ", and a " + std::to_string(result.raster->width) + " x "
                              + std::to_string(result.raster->height) + " raster to " + *rasterBeside
                                   : std::string());
    if (!result.invalid.empty())
        std::cout << " (" << repaired << " invalid repaired, " << result.invalid.size() - repaired << " left out)";
    std::cout << "\n";
    if (record) {
        ProvenanceRun run;
        run.algorithm = info.id;
        run.parameters = values.values();
        run.inputs.push_back({"input", inputPath, args.value("--layer").value_or(runInputs.input->name())});
        if (overlayPath)
            run.inputs.push_back({"overlay", *overlayPath, args.value("--overlay-layer").value_or(runInputs.overlay->name())});
        run.invalidPolicy = std::string(analysis::invalidPolicyName(options.invalid));
        run.outputPath = *out;
        if (write.format == LayerFormat::GeoPackage)
            run.outputLayer = write.layerName.empty() ? result.layer->name() : write.layerName;
        run.started = started;
        run.finished = std::chrono::system_clock::now();
        run.featuresIn = static_cast<std::int64_t>(runInputs.input->size());
        run.featuresOut = static_cast<std::int64_t>(result.layer->size());
        for (const auto& f : result.invalid)
            run.warnings.push_back("layer \"" + f.layer + "\", feature " + std::to_string(f.fid) + ": " + f.reason + " ("
                + (f.repaired ? "repaired" : "left out") + ")");
        run.warnings.insert(run.warnings.end(), result.warnings.begin(), result.warnings.end());
        ProvenanceRecord r = makeProvenanceRecord(record->projectPath, run);
        const std::string id = appendRecord(*record, std::move(r), *result.layer);
        std::cout << "recorded as " << id << " in " << record->projectPath
                  << (record->addLayer ? " (added as a layer)" : "") << "\n";
    }
    if (args.has("--timings"))
        std::cerr << "load_ms=" << static_cast<long>(loadMs + 0.5) << " run_ms=" << static_cast<long>(runMs + 0.5)
                  << " write_ms=" << static_cast<long>(writeMs + 0.5) << " total_ms=" << static_cast<long>(total.lap() + 0.5)
                  << "\n";
    return 0;
}

} // namespace gis::cli
