#include "readreport.h"

#include <cstring>
#include <iostream>
#include <mutex>
#include <sstream>

#include "gis/core/error.h"

namespace gis::cli {

namespace {

ReadReportOptions g_options; // set once by main before any command runs
std::mutex g_stderr;         // one layer's lines stay together when two layers are read at once

std::string count(std::size_t n, const char* one, const char* many)
{
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

const char* actionName(FeatureIssue::Action action)
{
    switch (action) {
    case FeatureIssue::Action::Skipped: return "skipped";
    case FeatureIssue::Action::NullGeometry: return "kept with a null geometry";
    case FeatureIssue::Action::Repaired: return "repaired";
    }
    return "";
}

} // namespace

int takeReadReportFlags(int argc, char** argv)
{
    int kept = 0;
    for (int i = 0; i < argc; ++i) {
        if (i >= 2 && !std::strcmp(argv[i], "--verbose"))
            g_options.verbose = true;
        else if (i >= 2 && !std::strcmp(argv[i], "--strict"))
            g_options.strict = true;
        else
            argv[kept++] = argv[i];
    }
    argv[kept] = nullptr;
    return kept;
}

const ReadReportOptions& readReportOptions()
{
    return g_options;
}

std::string readSummary(const LoadReport& r, const std::string& path, const std::string& layer)
{
    if (r.isClean())
        return "";
    std::string what;
    auto add = [&](const std::string& part) { what += (what.empty() ? "" : ", ") + part; };
    // The readers skip a feature only for its geometry; everything else keeps the feature.
    if (r.featuresSkipped)
        add(count(r.featuresSkipped, "feature skipped", "features skipped") + " (corrupt geometry)");
    if (r.featuresNulled)
        add(std::to_string(r.featuresNulled) + " kept with a null geometry (unreadable)");
    if (r.featuresRepaired)
        add(std::to_string(r.featuresRepaired) + " repaired");
    if (r.featuresMissing)
        add(std::to_string(r.featuresMissing) + " missing (the file declares " + std::to_string(r.declaredCount)
            + ", it ends early)");
    else if (r.stoppedEarly)
        add("reading stopped at an error (more may be missing)");
    if (what.empty()) // only problems of the layer as a whole, such as a wrong count in its metadata
        return r.problems.front() + (r.problems.size() > 1 ? " (and more: --verbose lists them)" : "");
    return path + ", layer \"" + layer + "\": " + what + " — --verbose lists them";
}

void reportRead(const Layer& layer, const std::string& path)
{
    const LoadReport& r = layer.report();
    if (r.isClean())
        return;
    std::ostringstream out;
    out << "gis: " << readSummary(r, path, layer.name()) << "\n";
    if (g_options.verbose) {
        for (const FeatureIssue& issue : r.issues)
            out << "gis: " << path << ", layer \"" << layer.name() << "\", feature " << issue.fid << ": "
                << actionName(issue.action) << ": " << issue.reason << "\n";
        const std::size_t listed = r.issues.size();
        const std::size_t total = r.featuresSkipped + r.featuresNulled + r.featuresRepaired;
        if (listed < total)
            out << "gis: " << path << ", layer \"" << layer.name() << "\": " << total - listed
                << " more features not listed (a report keeps the first " << LoadReport::kMaxIssues << ")\n";
        // The summary of a complete read is its first problem already.
        for (std::size_t i = r.isComplete() ? 1 : 0; i < r.problems.size(); ++i)
            out << "gis: " << r.problems[i] << "\n";
    }
    {
        const std::lock_guard<std::mutex> lock(g_stderr);
        std::cerr << out.str() << std::flush;
    }
    if (g_options.strict && !r.isComplete())
        throw Error(ErrorCode::Format, path + ", layer \"" + layer.name()
                + "\": not every feature was read as stored, and --strict was given");
}

} // namespace gis::cli
