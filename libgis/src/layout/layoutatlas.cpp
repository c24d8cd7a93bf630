// A project on layout pages: finding templates by name, the page content, and the pages of an atlas (one per
// feature of a coverage layer).

#include "gis/layout/atlas.h"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <set>

#include "gis/core/error.h"
#include "gis/crs/transformer.h"
#include "gis/data/layer.h"
#include "gis/layout/layoutcontent.h"
#include "gis/layout/layoutfile.h"
#include "gis/query/expression.h"
#include "gis/render/limits.h"
#include "gis/project/project.h"
#include "atlashighlight.h"

namespace fs = std::filesystem;

namespace gis {

namespace {

/// Where named templates live, in the order they are searched.
std::vector<fs::path> templateDirs(const std::string& projectPath)
{
    std::vector<fs::path> dirs;
    if (!projectPath.empty())
        dirs.push_back(fs::absolute(projectPath).parent_path() / ".." / "styles" / "layouts");
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        dirs.push_back(exe.parent_path() / ".." / ".." / "styles" / "layouts");            // build/bin → source tree
        dirs.push_back(exe.parent_path() / ".." / "share" / "interior-explorer" / "layouts"); // installed
    }
    return dirs;
}

bool hasLanguageSuffix(const std::string& name)
{
    return name.ends_with("-ar") || name.ends_with("-en");
}

} // namespace

std::string findLayoutTemplate(const std::string& name, const std::string& language, const std::string& projectPath)
{
    if (fs::path(name).extension() == ".json")
        return name;
    const std::string file = (hasLanguageSuffix(name) ? name : name + "-" + language) + ".json";
    std::error_code ec;
    for (const auto& d : templateDirs(projectPath))
        if (fs::is_regular_file(d / file, ec))
            return (d / file).lexically_normal().string();
    throw Error(ErrorCode::Argument, "layout template \"" + file + "\" not found in styles/layouts/ (give a .json path)");
}

std::vector<std::string> availableLayoutTemplates(const std::string& projectPath)
{
    std::set<std::string> names;
    std::error_code ec;
    for (const auto& d : templateDirs(projectPath)) {
        for (fs::directory_iterator it(d, ec), end; !ec && it != end; it.increment(ec)) {
            const fs::path& p = it->path();
            if (p.extension() != ".json" || !hasLanguageSuffix(p.stem().string()))
                continue;
            // A template another command fills (the drone report's frames and figures) would print its
            // placeholders as written over a project's map: not offered here. Unreadable ones are listed, so that
            // choosing one shows its error.
            try {
                if (!readLayoutFile(p.string()).filledBy.empty())
                    continue;
            } catch (const Error&) {
            }
            names.insert(p.stem().string());
        }
        ec.clear();
    }
    return {names.begin(), names.end()};
}

LayoutContent projectLayoutContent(const Project& project, const std::string& language)
{
    LayoutContent content;
    content.map = makeRequest(project, QSize(800, 600));
    if (content.map.extent.isEmpty())
        content.map.extent = project.dataExtent();
    if (content.map.extent.isEmpty())
        throw Error(ErrorCode::Argument, project.path + ": nothing to draw (no extent and no data)");
    const bool arabic = language == "ar";
    const QString title = QString::fromStdString(project.title);
    const QString titleAr = QString::fromStdString(project.titleAr);
    const QString ar = titleAr.isEmpty() ? title : titleAr;
    content.title = arabic ? ar : title;
    content.subtitle = arabic ? title : titleAr;
    if (content.subtitle == content.title)
        content.subtitle.clear(); // a project with one title: not the same line twice
    // The project's own credits (issue 17: a fixed text named sources the sample does not use), in the page's
    // language when the project has them in it.
    const QString credits = QString::fromStdString(project.credits);
    const QString creditsAr = QString::fromStdString(project.creditsAr);
    content.attribution = arabic ? (creditsAr.isEmpty() ? credits : creditsAr) : (credits.isEmpty() ? creditsAr : credits);
    return content;
}

std::vector<LayoutContent> atlasPages(const Project& project, const LayoutContent& base, const std::string& layerName,
    const std::string& titleExpression)
{
    const ProjectLayer* pl = nullptr;
    for (const auto& l : project.layers)
        if (l.map.name == layerName)
            pl = &l;
    if (!pl)
        throw Error(ErrorCode::Argument, "atlas: the project has no layer \"" + layerName + "\"");
    if (!pl->available || !pl->map.vector)
        throw Error(ErrorCode::Argument, "atlas: layer \"" + layerName + "\" is not a loaded vector layer"
            + (pl->error.empty() ? std::string() : " (" + pl->error + ")"));
    const Layer& layer = *pl->map.vector;
    std::optional<Expression> title;
    try {
        title.emplace(Expression::compile(titleExpression, layer));
    } catch (const Error& e) {
        throw Error(ErrorCode::Argument, "atlas title \"" + titleExpression + "\" on layer \"" + layerName + "\": " + e.what());
    }
    const Crs mapCrs = base.map.crs.isValid() ? base.map.crs : layer.crs();
    std::optional<Transformer> toMap;
    if (layer.crs().isValid() && mapCrs.isValid() && !layer.crs().isEquivalentTo(mapCrs))
        toMap.emplace(layer.crs(), mapCrs);
    std::vector<LayoutContent> pages;
    for (std::size_t i = 0; i < layer.size(); ++i) {
        Box b = layer.geometries().bounds(i);
        if (b.isEmpty())
            continue;
        if (toMap)
            b = toMap->transformBox(b);
        // A 5 % margin; a line along an axis still gets a non-empty extent, and a point the area around it
        // (1 km, or 0.01 degree on a geographic map).
        double mx = std::max(b.width(), b.height() * 1e-3) * 0.05;
        double my = std::max(b.height(), b.width() * 1e-3) * 0.05;
        if (mx == 0 && my == 0)
            mx = my = mapCrs.isValid() && mapCrs.isGeographic() ? 0.01 : 1000;
        LayoutContent page = base;
        page.map.extent = Box(b.minX - mx, b.minY - my, b.maxX + mx, b.maxY + my);
        // A title is one line on the page: a huge attribute is cut before it is converted, let alone measured.
        page.title = limitText(std::string_view(title->evaluate(i).toString()));
        page.subtitle = base.title;
        detail::addAtlasHighlight(page.map, layer, i, toMap, mapCrs);
        pages.push_back(std::move(page));
    }
    if (pages.empty())
        throw Error(ErrorCode::Argument, "atlas: layer \"" + layerName + "\" has no features with a geometry");
    return pages;
}

} // namespace gis
