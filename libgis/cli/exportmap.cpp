// gis export-map: a project on a print layout page (title, legend, scale bar, north arrow) to PDF, PNG or SVG.

#include <QGuiApplication>

#include <filesystem>
#include <optional>
#include <iostream>
#include <unistd.h>

#include "args.h"
#include "commands.h"
#include "common.h"
#include "gis/core/error.h"
#include "gis/crs/transformer.h"
#include "gis/data/layer.h"
#include "gis/render/layout.h"
#include "gis/render/project.h"

namespace fs = std::filesystem;

namespace gis::cli {

namespace {

const char* kHelp = R"(usage: gis export-map PROJECT.json -o OUT.(pdf|png|svg) [--layout TEMPLATE] [--title TEXT]
                      [--dpi N] [--lang ar|en] [--atlas LAYER --atlas-title FIELD]

Puts the project's map on a print layout page with its title, legend, scale bar, north arrow and notes.
--layout is a template file (.json) or a name looked up in styles/layouts/ (a4-landscape, a4-portrait,
a3-landscape; the language suffix -ar/-en is added from --lang). Default: a4-landscape in the project's
language. --dpi (default 300) is the PNG's resolution and that of rasters in PDF and SVG.
--atlas makes one page per feature of the project layer LAYER, the map fitted to the feature (5 % margin) and
titled with its FIELD: one multi-page PDF, or OUT-001.png, OUT-002.png, ...
)";

/// Where named templates live: beside the project's styles, in the source tree of this build, or installed.
std::string findTemplate(const std::string& name, const std::string& lang, const std::string& projectPath)
{
    if (fs::path(name).extension() == ".json")
        return name;
    const std::string file = (name.ends_with("-ar") || name.ends_with("-en") ? name : name + "-" + lang) + ".json";
    std::vector<fs::path> dirs;
    dirs.push_back(fs::absolute(projectPath).parent_path() / ".." / "styles" / "layouts");
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        dirs.push_back(exe.parent_path() / ".." / ".." / "styles" / "layouts");
        dirs.push_back(exe.parent_path() / ".." / "share" / "interior-explorer" / "layouts");
    }
    for (const auto& d : dirs)
        if (fs::exists(d / file, ec))
            return (d / file).string();
    throw Error(ErrorCode::Argument, "--layout: no template \"" + file + "\" in styles/layouts/ (give a .json path)");
}

void ensureGuiEnvironment()
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM") && !qEnvironmentVariableIsSet("DISPLAY")
        && !qEnvironmentVariableIsSet("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (!qEnvironmentVariableIsSet("XDG_RUNTIME_DIR")) {
        const std::string runtime = (fs::temp_directory_path() / ("runtime-" + std::to_string(getuid()))).string();
        std::error_code ec;
        fs::create_directories(runtime, ec);
        fs::permissions(runtime, fs::perms::owner_all, ec);
        qputenv("XDG_RUNTIME_DIR", QByteArray::fromStdString(runtime));
    }
}

/// One page per feature of the project layer `layerName`: the map fitted to the feature with a 5 % margin,
/// titled with its `field`.
std::vector<LayoutContent> atlasPages(const Project& project, const LayoutContent& base, const std::string& layerName,
    const std::string& field)
{
    const ProjectLayer* pl = nullptr;
    for (const auto& l : project.layers)
        if (l.name == layerName)
            pl = &l;
    if (!pl || !pl->available || !pl->vector)
        throw Error(ErrorCode::Argument, "--atlas: \"" + layerName + "\" is not a loaded vector layer of the project");
    const Layer& layer = *pl->vector;
    const AttributeColumn& column = layer.attributes().column(field);
    const Crs mapCrs = base.map.crs.isValid() ? base.map.crs : layer.crs();
    const bool reproject = layer.crs().isValid() && mapCrs.isValid() && !layer.crs().isEquivalentTo(mapCrs);
    std::optional<Transformer> toMap;
    if (reproject)
        toMap.emplace(layer.crs(), mapCrs);
    std::vector<LayoutContent> pages;
    for (std::size_t i = 0; i < layer.size(); ++i) {
        Box b = layer.geometries().bounds(i);
        if (b.isEmpty())
            continue;
        if (toMap)
            b = toMap->transformBox(b);
        const double mx = std::max(b.width(), b.height() * 1e-3) * 0.05, my = std::max(b.height(), b.width() * 1e-3) * 0.05;
        LayoutContent page = base;
        page.map.extent = Box(b.minX - mx, b.minY - my, b.maxX + mx, b.maxY + my);
        page.title = QString::fromStdString(column.toString(i));
        page.subtitle = base.title;
        pages.push_back(std::move(page));
    }
    if (pages.empty())
        throw Error(ErrorCode::Argument, "--atlas: layer \"" + layerName + "\" has no features with a geometry");
    return pages;
}

} // namespace

int runExportMap(int argc, char** argv)
{
    Args args(argc, argv, 2, {"-o", "--layout", "--title", "--dpi", "--lang", "--atlas", "--atlas-title"}, {"--help"});
    if (args.has("--help")) {
        std::cout << kHelp;
        return 0;
    }
    if (args.positionals().size() != 1)
        throw Error(ErrorCode::Argument, "expected one PROJECT.json (see gis export-map --help)");
    const auto out = args.value("-o");
    if (!out)
        throw Error(ErrorCode::Argument, "-o OUT.pdf|png|svg is required");
    std::string ext = fs::path(*out).extension().string();
    for (auto& c : ext)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext != ".png" && ext != ".pdf" && ext != ".svg")
        throw Error(ErrorCode::Argument, *out + ": the output must end in .pdf, .png or .svg");
    const double dpi = args.value("--dpi") ? parseNumbers(*args.value("--dpi"), 1, "--dpi")[0] : 300.0;
    if (dpi < 30 || dpi > 1200)
        throw Error(ErrorCode::Argument, "--dpi must be between 30 and 1200");
    const auto langArg = args.value("--lang");
    if (langArg && *langArg != "ar" && *langArg != "en")
        throw Error(ErrorCode::Argument, "--lang must be ar or en");

    ensureGuiEnvironment();
    static int qtArgc = 1;
    static char qtName[] = "gis";
    static char* qtArgv[] = {qtName, nullptr};
    QGuiApplication app(qtArgc, qtArgv);

    const std::string& projectPath = args.positionals()[0];
    Project project = Project::load(projectPath);
    const std::string lang = langArg ? *langArg : project.language;
    const Layout layout = readLayoutFile(findTemplate(args.value("--layout").value_or("a4-landscape"), lang, projectPath));
    project.loadData();
    for (const auto& pl : project.layers)
        if (!pl.available)
            std::cerr << "gis export-map: warning: layer \"" << pl.name << "\" left out: " << pl.error << "\n";

    LayoutContent content;
    content.map = project.makeRequest(QSize(800, 600), dpi);
    if (content.map.extent.isEmpty())
        content.map.extent = project.dataExtent();
    if (content.map.extent.isEmpty())
        throw Error(ErrorCode::Argument, projectPath + ": nothing to draw (no extent and no data)");
    const bool arabic = layout.language == "ar";
    const QString ar = project.titleAr.isEmpty() ? project.title : project.titleAr;
    if (auto title = args.value("--title")) {
        content.title = QString::fromStdString(*title);
    } else {
        content.title = arabic ? ar : project.title;
        content.subtitle = arabic ? project.title : project.titleAr;
    }
    if (arabic)
        content.attribution = QString::fromUtf8("البيانات: عينة مستكشف الداخلية");
    if (auto atlas = args.value("--atlas")) {
        const auto field = args.value("--atlas-title");
        if (!field)
            throw Error(ErrorCode::Argument, "--atlas needs --atlas-title FIELD");
        std::vector<LayerError> errors;
        const auto files = exportLayoutPages(layout, atlasPages(project, content, *atlas, *field), *out, dpi, &errors);
        for (const auto& e : errors)
            std::cerr << "gis export-map: warning: layer \"" << e.layer << "\": " << e.message << "\n";
        for (const auto& f : files)
            std::cout << f << "\n";
        return 0;
    }
    for (const auto& e : exportLayout(layout, content, *out, dpi))
        std::cerr << "gis export-map: warning: layer \"" << e.layer << "\": " << e.message << "\n";
    return 0;
}

} // namespace gis::cli
