#pragma once

// The CLI's side of provenance (docs/projects.md, "History"): `gis analyse ... --project P.json [--add-layer]`
// records a run in the project; `gis history` lists and re-runs records.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "gis/project/provenance.h"

namespace gis {
class Layer;
}

namespace gis::cli {

/// Where `gis analyse` records its run: the project file, whether to add the output as a layer, the folders
/// the project may read beyond its own, and the record the run repeats (gis history --rerun).
struct RecordRequest {
    std::string projectPath;
    bool addLayer = false;
    std::vector<std::string> allowPaths;
    std::string rerunOf;
};

/// gis analyse (argv as runAnalyse takes it), recording the run as a re-run of `rerunOf` when it has --project.
int runAnalyseRecorded(int argc, char** argv, const std::string& rerunOf);

/// Checks before any work that the project loads and, with addLayer, that OUT is inside its folder (a project
/// reads only files there). Throws Error naming the project and what is wrong.
void checkRecordTarget(const RecordRequest& request, const std::string& out);

/// After the output was written: re-reads the project, appends `record` (its id chosen here), adds the output as
/// a layer (madeBy the record) when asked, and saves through the project's atomic save. Returns the id.
std::string appendRecord(const RecordRequest& request, ProvenanceRecord record, const Layer& output);

} // namespace gis::cli
