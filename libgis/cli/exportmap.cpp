// gis export-map: a project on a print layout page (title, legend, scale bar, north arrow) to PDF, PNG or SVG.

#include <QGuiApplication>

#include <cmath>
#include <iostream>

#include "args.h"
#include "commands.h"
#include "common.h"
#include "gis/core/error.h"
#include "gis/layout/atlas.h"
#include "gis/layout/layoutexport.h"
#include "gis/layout/layoutfile.h"
#include "gis/project/project.h"
#include "readreport.h"


namespace gis::cli {

namespace {

const char* kHelp = R"(usage: gis export-map PROJECT.json -o OUT.(pdf|png|svg) [--layout TEMPLATE] [--title TEXT]
                      [--dpi N] [--lang ar|en] [--atlas LAYER --atlas-title FIELD_OR_EXPR]
                      [--world-file] [--progress] [--allow-path DIR]...

Puts the project's map on a print layout page with its title, legend, scale bar, north arrow and notes.
--layout is a template file (.json) or a name looked up in styles/layouts/ (a4-landscape, a4-portrait,
a3-landscape; the language suffix -ar/-en is added from --lang). Default: a4-landscape in the project's
language. --dpi (default 300) is the PNG's resolution and that of rasters in PDF and SVG.
--atlas makes one page per feature of the project layer LAYER, the map fitted to the feature (5 % margin) and
titled with FIELD_OR_EXPR (a field, or an expression such as "name_en || ' — ' || name_ar"): one multi-page
PDF, or OUT-001.png, OUT-002.png, ...
--world-file (PNG) also writes OUT.pgw and OUT.png.aux.xml (the map CRS), so the page opens as a georeferenced
image of the map frame. --progress prints "page N/M" on stderr as atlas pages are done.
A project reads only files in its own folder; --allow-path DIR (repeatable) lets it read files in DIR too,
GDAL VRTs included (see docs/projects.md).
)";

} // namespace

int runExportMap(int argc, char** argv)
{
    Args args(argc, argv, 2, {"-o", "--layout", "--title", "--dpi", "--lang", "--atlas", "--atlas-title", "--allow-path"}, {"--help", "--world-file", "--progress"});
    if (args.has("--help")) {
        std::cout << kHelp;
        return 0;
    }
    if (args.positionals().size() != 1)
        throw Error(ErrorCode::Argument, "expected one PROJECT.json (see gis export-map --help)");
    const PageOptions page = readPageOptions(args, {".pdf", ".png", ".svg"}, 300);
    checkOutputIsNotAnInput(page.out, args.positionals());

    const auto app = startGuiApplication();

    const std::string& projectPath = args.positionals()[0];
    Project project = Project::load(projectPath, ProjectLoadOptions{args.values("--allow-path")});
    const std::string lang = page.language.empty() ? project.language : page.language;
    const Layout layout = readLayoutFile(findLayoutTemplate(args.value("--layout").value_or("a4-landscape"), lang, projectPath));
    if (!layout.filledBy.empty())
        throw Error(ErrorCode::Argument, "layout template \"" + args.value("--layout").value_or("") + "\" is filled by "
                + layout.filledBy + ", not by export-map");
    project.loadData();
    for (const auto& pl : project.layers)
        if (!pl.available)
            std::cerr << "gis export-map: warning: layer \"" << pl.map.name << "\" left out: " << pl.error << "\n";
        else if (pl.map.vector)
            reportRead(*pl.map.vector, pl.sourcePath);

    LayoutContent content = projectLayoutContent(project, layout.language);
    content.map.dpi = page.dpi;
    if (auto title = args.value("--title")) {
        content.title = QString::fromStdString(*title);
        content.subtitle.clear();
    }
    if (auto atlas = args.value("--atlas")) {
        const auto field = args.value("--atlas-title");
        if (!field)
            throw Error(ErrorCode::Argument, "--atlas needs --atlas-title FIELD_OR_EXPR");
        std::vector<LayerError> errors;
        const auto pages = atlasPages(project, content, *atlas, *field);
        LayoutExportOptions options;
        options.worldFile = args.has("--world-file");
        if (args.has("--progress"))
            options.feedback.progress = [n = pages.size()](double f) {
                std::cerr << "page " << std::lround(f * double(n)) << "/" << n << "\n";
            };
        const auto files = exportLayoutPages(layout, pages, page.out, page.dpi, &errors, options);
        for (const auto& e : errors)
            std::cerr << "gis export-map: warning: layer \"" << e.layer << "\": " << e.message << "\n";
        for (const auto& f : files)
            std::cout << f << "\n";
        return 0;
    }
    LayoutExportOptions options;
    options.worldFile = args.has("--world-file");
    for (const auto& e : exportLayout(layout, content, page.out, page.dpi, options))
        std::cerr << "gis export-map: warning: layer \"" << e.layer << "\": " << e.message << "\n";
    return 0;
}

} // namespace gis::cli
