// gis drone-report: a construction project's one-page progress report from its drone flights (issue #16 §3):
// the two flights side by side, the change map, the volumes and the project's record, on the drone-report
// layout template, written through the layout export (atomic; never over an input). docs/drone.md.

#include <QDate>
#include <QGuiApplication>

#include <iomanip>
#include <iostream>

#include "args.h"
#include "commands.h"
#include "common.h"
#include "dronereportpage.h"
#include "gis/core/error.h"
#include "gis/data/outputcheck.h"
#include "gis/layout/layoutexport.h"
#include "gis/layout/layoutfile.h"
#include "gis/project/project.h"


namespace gis::cli {

namespace {

const char* kHelp = R"(usage: gis drone-report PROJECT.json --project-id ID -o OUT.(pdf|png) [--from DATE] [--to DATE]
                        [--lang ar|en] [--dpi N] [--layout TEMPLATE] [--allow-path DIR]...

A one-page progress report of construction project ID from its drone flights (the project's drone_flights
layer): the two flights' orthophotos side by side at one scale, the change map (the later orthophoto faded under
the change polygons, cut red and fill blue), the fill, cut and net volumes with the method, and the project's
record from its projects layer. The flights are the last two of the project dated within --from and --to
(ISO dates, both optional); the change is measured inside the project's construction_sites polygon as
gis analyse dsm-change does. --lang defaults to the project's language; --layout to drone-report (-ar/-en
added from --lang); --dpi (default 200) is the PNG's resolution and that of the photos in a PDF.
)";

bool isIsoDate(const std::string& s)
{
    return s.size() == 10 && QDate::fromString(QString::fromStdString(s), Qt::ISODate).isValid();
}

} // namespace

int runDroneReport(int argc, char** argv)
{
    Args args(argc, argv, 2, {"-o", "--project-id", "--from", "--to", "--lang", "--dpi", "--layout", "--allow-path"}, {"--help"});
    if (args.has("--help")) {
        std::cout << kHelp;
        return 0;
    }
    if (args.positionals().size() != 1)
        throw Error(ErrorCode::Argument, "expected one PROJECT.json (see gis drone-report --help)");
    const auto out = args.value("-o");
    const auto id = args.value("--project-id");
    if (!out || !id)
        throw Error(ErrorCode::Argument, "give --project-id ID and -o OUT.pdf|png (see gis drone-report --help)");
    checkOutputIsNotAnInput(*out, args.positionals());
    const PageOptions options = readPageOptions(args, {".pdf", ".png"}, 200);
    for (const char* key : {"--from", "--to"})
        if (auto d = args.value(key); d && !isIsoDate(*d))
            throw Error(ErrorCode::Argument, std::string(key) + " must be a date as YYYY-MM-DD, not \"" + *d + "\"");

    const auto app = startGuiApplication();

    const std::string& projectPath = args.positionals()[0];
    Project project = Project::load(projectPath, ProjectLoadOptions{args.values("--allow-path")});
    const std::string lang = options.language.empty() ? project.language : options.language;
    const Layout layout = readLayoutFile(findLayoutTemplate(args.value("--layout").value_or("drone-report"), lang, projectPath));
    project.loadData();
    std::vector<std::string> inputs{projectPath};
    for (const auto& pl : project.layers)
        inputs.push_back(pl.sourcePath);
    checkOutputIsNotAnInput(*out, inputs);

    const DroneReportPage page = droneReportPage(project,
        {*id, args.value("--from").value_or(""), args.value("--to").value_or(""), layout.language});
    checkOutputIsNotAnInput(*out, page.inputs);
    LayoutContent content = page.content;
    content.map.dpi = options.dpi;
    for (const auto& e : exportLayout(layout, content, *out, options.dpi))
        std::cerr << "gis drone-report: warning: layer \"" << e.layer << "\": " << e.message << "\n";
    const auto& t = page.change.totals;
    std::cout << "drone-report: " << page.earlier.flightId << " to " << page.later.flightId << ": fill " << std::fixed
              << std::setprecision(2) << t.fillM3 << " m³, cut " << t.cutM3 << " m³, net " << t.netM3() << " m³, area "
              << t.areaM2() << " m²\n";
    return 0;
}

} // namespace gis::cli
