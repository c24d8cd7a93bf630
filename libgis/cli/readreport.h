#pragma once

// What the commands say about a read that skipped, nulled or repaired features: a one-line summary per layer on
// stderr, one line per feature with --verbose, and with --strict a failed command. The library records it all
// in Layer::report(); this is only how the CLI shows it.

#include <string>

#include "gis/data/layer.h"

namespace gis::cli {

/// --verbose and --strict, which every command takes.
struct ReadReportOptions {
    bool verbose = false; ///< one line per feature (id and reason) and per layer problem
    bool strict = false;  ///< a layer with skipped, nulled, repaired or missing features fails the command
};

/// Takes --verbose and --strict out of argv (they may come anywhere after the command) into the options the
/// commands' reports follow; returns the new argc. Called once by main, before the command parses its own.
int takeReadReportFlags(int argc, char** argv);
const ReadReportOptions& readReportOptions();

/// "data/x.gpkg, layer "parcels": 32 features skipped (corrupt geometry), 1 repaired", or "" for a clean report.
std::string readSummary(const LoadReport& report, const std::string& path, const std::string& layer);

/// Prints readSummary() on stderr (and with --verbose the lines it sums up) when the read of `layer` from
/// `path` was not clean. Safe from several threads (join reads two layers at once). With --strict, then
/// throws Error(Format) naming the file and the layer when a feature was not read as stored.
void reportRead(const Layer& layer, const std::string& path);

} // namespace gis::cli
