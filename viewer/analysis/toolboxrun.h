#pragma once

#include <QMetaType>

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "gis/project/provenance.h"

namespace viewer {

/// One layer a toolbox run read: where it came from, so that a provenance record can name it.
struct ToolboxRunInput {
    std::string role;          ///< "input" or "overlay" (merge's further layers are "overlay", as `--overlay` is)
    std::string source;        ///< the document layer's source file (absolute), or "in-memory" for a layer made here
    std::string layer;         ///< the layer inside that source ("" for a single-layer source or in-memory)
    std::size_t features = 0;  ///< features the run read from it
};

/// What a successful toolbox run did, as the toolbox reports it (AnalysisRunner::runFinished): the facts a
/// provenance record keeps. The runner records it in the document's project history (provenanceRun, then
/// gis::makeProvenanceRecord and MapDocument::recordRun) before it reports it.
struct ToolboxRun {
    std::string algorithm;                         ///< the algorithm's stable id ("centroid")
    std::map<std::string, std::string> parameters; ///< bound values, defaults included (ParameterValues::values())
    std::vector<ToolboxRunInput> inputs;           ///< the input, then the overlay when the algorithm has one
    std::string invalidPolicy;                     ///< "stop", "skip" or "repair"
    std::string startedUtc;                        ///< ISO 8601, UTC, milliseconds ("2026-12-07T07:30:12.345Z")
    std::string finishedUtc;                       ///< likewise, when the output layer was made (and written)
    std::size_t featuresIn = 0;                    ///< features of the input layer
    std::size_t featuresOut = 0;                   ///< features of the output layer
    std::string outputLayerName;                   ///< the name of the layer added to the map
    std::string outputPath;                        ///< the file written, "" for an in-memory output
    std::string outputLayer;                       ///< the layer inside a GeoPackage output ("" otherwise)
    int outputLayerId = -1;                        ///< the document layer it became
    std::vector<std::string> warnings;             ///< features the invalid policy acted on, then the library's
    std::string rerunOf;                           ///< the record this run repeated (History ▸ Run again)
    std::string recordId;                          ///< the id of its record in the project's history ("": none)
};

/// The run as gis::makeProvenanceRecord takes it (an in-memory input or output has no path).
gis::ProvenanceRun provenanceRun(const ToolboxRun& run);

} // namespace viewer

Q_DECLARE_METATYPE(viewer::ToolboxRun)
