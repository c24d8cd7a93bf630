#include "projectpaths.h"

#include <filesystem>

namespace fs = std::filesystem;

namespace gis::detail {

namespace {

const char* kHowToAllow = "to allow it, trust {folder} (gis render or export-map --allow-path {folder}; the viewer "
                          "asks when it opens the project)";

std::string folderOf(const std::string& file)
{
    std::error_code ec;
    return fs::absolute(fs::path(file), ec).parent_path().string();
}

void checkIcon(const std::string& icon, const std::string& where, const PathRules& rules, std::vector<PathRefusal>& refusals)
{
    if (icon.empty())
        return;
    auto r = checkDocumentPath(icon, where, rules);
    refusals.insert(refusals.end(), r.begin(), r.end());
}

} // namespace

std::vector<std::string> bundledStyleFolders()
{
    std::vector<std::string> dirs;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec)
        return dirs;
    // The same places findLayoutTemplate looks for the bundled layouts.
    for (const fs::path& d : {exe.parent_path() / ".." / ".." / "styles", exe.parent_path() / ".." / "share" / "interior-explorer"})
        if (fs::is_directory(d, ec))
            dirs.push_back(fs::weakly_canonical(d, ec).string());
    return dirs;
}

PathRules projectSourceRules(const std::string& projectPath, const std::vector<std::string>& trusted)
{
    PathRules rules;
    rules.baseDir = folderOf(projectPath);
    rules.allowedFolders = {rules.baseDir};
    rules.trustedFolders = trusted;
    rules.mayBeMissing = true;
    rules.refuseVrt = true;
    rules.document = "project";
    rules.what = "layer source";
    rules.howToAllow = kHowToAllow;
    return rules;
}

PathRules projectStyleRules(const std::string& projectPath, const std::vector<std::string>& trusted)
{
    PathRules rules = projectSourceRules(projectPath, trusted);
    for (const auto& d : bundledStyleFolders())
        rules.allowedFolders.push_back(d);
    rules.mayBeMissing = false;
    rules.refuseVrt = false; // read by us as JSON, never handed to GDAL
    rules.what = "style file";
    return rules;
}

void checkStyleIcons(const LayerStyle& style, const std::string& where, const std::string& projectPath,
    const std::string& styleDir, const std::vector<std::string>& trusted, std::vector<PathRefusal>& refusals)
{
    PathRules rules = projectStyleRules(projectPath, trusted);
    rules.allowedFolders.push_back(styleDir);
    rules.baseDir.clear(); // parseStyle already joined the style's folder (relative to the working folder)
    rules.what = "SVG icon";
    // A missing icon is that layer's problem, not the project's: the project opens, and the layer reports the
    // missing file when it is drawn (the other layers draw). Where the path points is still checked here.
    rules.mayBeMissing = true;
    const Renderer& r = style.renderer;
    const std::string rp = where + (where.empty() || where.back() == ':' ? " " : ".") + "renderer";
    checkIcon(r.symbol.icon, rp + ".symbol.icon", rules, refusals);
    for (std::size_t i = 0; i < r.categories.size(); ++i)
        checkIcon(r.categories[i].symbol.icon, rp + ".categories[" + std::to_string(i) + "].symbol.icon", rules, refusals);
    for (std::size_t i = 0; i < r.ranges.size(); ++i)
        checkIcon(r.ranges[i].symbol.icon, rp + ".ranges[" + std::to_string(i) + "].symbol.icon", rules, refusals);
    for (std::size_t i = 0; i < r.rules.size(); ++i)
        checkIcon(r.rules[i].symbol.icon, rp + ".rules[" + std::to_string(i) + "].symbol.icon", rules, refusals);
}

} // namespace gis::detail
