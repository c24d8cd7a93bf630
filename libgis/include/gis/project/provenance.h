#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "gis/core/export.h"
#include "gis/project/json.h"

GIS_API_BEGIN

namespace gis {

class Project;

/// The bounds on a project's history (docs/projects.md, "History"). A file beyond them is refused on load with the
/// JSON path; a record made by a run is cut to them (the warnings say so), so that a saved project always loads.
inline constexpr std::size_t kMaxProvenanceRecords = 10000;
inline constexpr std::size_t kMaxProvenanceParameters = 256;
inline constexpr std::size_t kMaxProvenanceInputs = 16;
inline constexpr std::size_t kMaxProvenanceWarnings = 100;
inline constexpr std::size_t kMaxProvenanceText = 65536; ///< bytes of any one text (a parameter value, a warning)

/// One layer a run read, as the record keeps it. `source` is written as the project's layer sources are: relative
/// to the project file's folder when the file is in or below it, else absolute. `size` and `modified` are what the
/// file was when the run read it: a re-run refuses an input whose size or modification time differ.
struct ProvenanceInput {
    std::string role = "input"; ///< "input", "overlay" or "raster"
    std::string source;
    std::string layer;          ///< the layer inside the source ("" for a single-layer source)
    std::int64_t size = -1;     ///< bytes; -1: not known (a record made by another program)
    std::int64_t modified = 0;  ///< modification time, nanoseconds since 1970-01-01 UTC; 0: not known
    Json unknown = Json::object(); ///< keys this program does not read, as written
};

/// Where a run's result went.
struct ProvenanceOutput {
    std::string path;         ///< as `source` above
    std::string layer;        ///< the layer inside the output file
    std::string projectLayer; ///< the name of the project layer it became ("" when it was not added)
    Json unknown = Json::object(); ///< keys this program does not read, as written
};

/// How an analysed layer was made: one run of an algorithm of the toolbox (docs/analysis.md), kept in the project
/// under "history". Plain data: any thread, no I/O. Keys a record has that this program does not know (a newer
/// version's) are kept in `unknown` and written back as they were.
struct ProvenanceRecord {
    std::string id;        ///< "run-1", "run-2"...: unique within the project (nextProvenanceId)
    std::string algorithm; ///< the algorithm's stable id ("centroid")
    std::map<std::string, std::string> parameters; ///< name → text, every value the run used, defaults included
    std::vector<ProvenanceInput> inputs;
    std::string invalidPolicy = "stop"; ///< "stop", "skip" or "repair"
    ProvenanceOutput output;
    std::string started;   ///< UTC, ISO 8601 ("2026-12-07T07:15:25Z")
    std::string finished;
    std::string software = "Interior Explorer";
    std::string softwareVersion;
    std::int64_t featuresIn = 0;
    std::int64_t featuresOut = 0;
    std::vector<std::string> warnings;
    std::string rerunOf;   ///< the id of the record this run repeated ("" for a first run)
    Json unknown = Json::object(); ///< keys of the record this program does not read, as written
};

/// The program's name and version as records and exports state them ("Interior Explorer", "0.1.0").
const char* softwareName();
const char* softwareVersion();

/// `time` as UTC ISO 8601 to the second: "2026-12-07T07:15:25Z".
std::string isoTimeUtc(std::chrono::system_clock::time_point time);

/// A record from its JSON object. `where` is the record's JSON path for errors ("p.json: history[3]"). Throws
/// Error(Format) naming the path of a missing or wrong value, or of a value beyond the limits above.
ProvenanceRecord provenanceFromJson(const Json& json, const std::string& where);
/// The record's JSON object (its unknown keys included).
Json provenanceToJson(const ProvenanceRecord& record);

/// An id no record of `history` has: "run-N", N one more than the largest N used.
std::string nextProvenanceId(const std::vector<ProvenanceRecord>& history);

/// The record with this id in `history`, or nullptr.
const ProvenanceRecord* findProvenance(const std::vector<ProvenanceRecord>& history, const std::string& id);

/// `path` as a project at `projectPath` writes a source: relative to the project's folder when inside it, else
/// absolute; normalised either way.
std::string projectRelativePath(const std::string& projectPath, const std::string& path);

/// An input for the record: `path` written relative to the project, with the file's size and modification time.
/// Throws Error(Io) naming the file when it cannot be read.
ProvenanceInput provenanceInput(const std::string& projectPath, const std::string& role, const std::string& path,
    const std::string& layer);

/// A run as the program that ran it knows it, before it is a record: what `gis analyse --project` and the
/// viewer's toolbox both turn into a ProvenanceRecord with makeProvenanceRecord().
struct ProvenanceRun {
    struct Input {
        std::string role = "input"; ///< "input", "overlay" (merge's further layers too: --overlay repeated)
        std::string path;           ///< the file read; "" for a layer that has no file (made in memory)
        std::string layer;          ///< the layer inside it ("" for a single-layer source)
    };
    std::string algorithm;
    std::map<std::string, std::string> parameters; ///< every value the run used (ParameterValues::values())
    std::vector<Input> inputs;
    std::string invalidPolicy = "stop";
    std::string outputPath;  ///< the file written; "" for an output kept in memory (recorded as "in-memory")
    std::string outputLayer; ///< the layer inside it ("" for a single-layer file or a raster)
    std::string projectLayer; ///< the project layer it became ("" when it was not added)
    std::chrono::system_clock::time_point started;
    std::chrono::system_clock::time_point finished;
    std::int64_t featuresIn = 0;
    std::int64_t featuresOut = 0;
    std::vector<std::string> warnings;
    std::string rerunOf;
};

/// What a record writes for an input or an output that has no file.
inline constexpr const char* kProvenanceInMemory = "in-memory";

/// The record of `run` for the project at `projectPath` (id not set: nextProvenanceId when it is appended):
/// inputs with their size and modification time (provenanceInput), paths relative to the project's folder
/// (absolute when `projectPath` is "", a project not saved yet), "in-memory" for an input or output without a
/// file (such a record cannot be re-run), this program's name and version, cut to the limits (boundProvenance).
/// Throws Error(Io) naming an input file that cannot be read.
ProvenanceRecord makeProvenanceRecord(const std::string& projectPath, const ProvenanceRun& run);

/// The file a record names (an input's or the output's path), resolved as the project's layer sources are:
/// relative to the project file, inside its folder or one of its trusted folders (Project::trustedFolders). A
/// missing file is not refused here (provenanceInputChange says so). Throws PathRefusedError and Error(Argument)
/// as Project::load does, naming `where`.
std::string resolveProvenancePath(const Project& project, const std::string& written, const std::string& where);

/// Why the file at `resolvedPath` is not the one `input` recorded ("missing", "changed since the run: size 10 → 12
/// bytes"); empty when it is the same (or the record keeps no size and time).
std::string provenanceInputChange(const ProvenanceInput& input, const std::string& resolvedPath);

/// Cuts a record to the limits above (warnings beyond kMaxProvenanceWarnings become one "... and N more", long
/// texts are shortened), so that the project it is saved in loads again.
void boundProvenance(ProvenanceRecord& record);

/// One sentence saying how a layer was made, in English ("en": "wilayat_centres: made by centroid (method=
/// point-on-surface) from dakhiliyah.gpkg (wilayat) on 2026-12-07T07:15:25Z with Interior Explorer 0.1.0") or
/// Arabic ("ar").
std::string provenanceLine(const std::string& layerName, const ProvenanceRecord& record, const std::string& language);

/// The lines for each visible layer of `project` whose `madeBy` names a record of its history, bottom to top; a
/// layer whose record is missing gets a line saying so. Empty when no visible layer was made by a run.
std::vector<std::string> provenanceLines(const Project& project, const std::string& language);

} // namespace gis

GIS_API_END
