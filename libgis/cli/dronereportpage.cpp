// gis drone-report's page content: which flights, their DSM change inside the construction site, the maps of the
// three frames (both orthophotos on the site at one scale, the later one faded under the change polygons) and the
// texts the template's {placeholders} take (captions, volumes, the project's record, the method).

#include "dronereportpage.h"

#include <algorithm>
#include <cmath>

#include "gis/core/error.h"
#include "gis/data/attributetable.h"
#include "gis/data/datasource.h"
#include "gis/data/layer.h"
#include "gis/data/rastersource.h"
#include "gis/data/rasterwriter.h"
#include "gis/layout/arabicdigits.h"
#include "gis/project/project.h"

namespace gis::cli {

namespace {

/// A field of `row` as text; "" for a missing field or a null.
std::string field(const Layer& layer, std::size_t row, const char* name)
{
    const int i = layer.attributes().indexOf(name);
    if (i < 0 || layer.attributes().column(static_cast<std::size_t>(i)).isNull(row))
        return {};
    return layer.attributes().column(static_cast<std::size_t>(i)).toString(row);
}

/// The rows of `layer` whose project_id is `id`.
std::vector<std::size_t> rowsOf(const Layer& layer, const std::string& id)
{
    std::vector<std::size_t> rows;
    for (std::size_t i = 0; i < layer.size(); ++i)
        if (field(layer, i, "project_id") == id)
            rows.push_back(i);
    return rows;
}

const ProjectLayer* findLayer(const Project& project, const std::string& name)
{
    for (const auto& pl : project.layers)
        if (pl.available && pl.map.vector && (pl.map.name == name || pl.layer == name))
            return &pl;
    return nullptr;
}

/// 1234.56 -> "1,234.6" (one decimal), in Arabic-Indic digits on an Arabic page.
QString number(double v, bool arabic, int decimals = 1)
{
    const double scale = std::pow(10.0, decimals);
    const long long whole = std::llround(std::fabs(v) * scale);
    QString s = groupThousands(whole / static_cast<long long>(scale));
    if (decimals > 0)
        s += "." + QString::number(whole % static_cast<long long>(scale)).rightJustified(decimals, '0');
    if (v < 0 && whole != 0)
        s = QString::fromUtf8("−") + s;
    return arabic ? toArabicNumerals(s) : s;
}

QString digits(const std::string& s, bool arabic)
{
    const QString q = QString::fromStdString(s);
    return arabic ? toArabicDigits(q) : q;
}

/// The site outline drawn over each frame: no fill, a yellow line that reads on photos.
MapLayer siteOutline(std::shared_ptr<const Layer> sites)
{
    MapLayer m;
    m.name = "construction_sites";
    m.vector = std::move(sites);
    m.style.renderer.symbol.fill.pattern = Fill::Pattern::None;
    m.style.renderer.symbol.stroke.color = Color(255, 214, 0);
    m.style.renderer.symbol.stroke.width = Length{0.6, Length::Unit::Millimetre};
    m.style.labels.enabled = false;
    return m;
}

MapLayer ortho(const std::string& path, const std::string& name, double opacity)
{
    MapLayer m;
    m.name = name;
    m.raster = RasterSource::open(path);
    m.style.opacity = opacity;
    return m;
}

/// Change polygons coloured by sign (signedChangePolygonStyle), as the legend line says.
MapLayer changePolygons(std::shared_ptr<const Layer> polygons)
{
    MapLayer m;
    m.name = "change";
    m.vector = std::move(polygons);
    m.style = signedChangePolygonStyle();
    return m;
}

QString methodArabic(const analysis::DsmChangeResult& c, const analysis::DsmChangeOptions& o, bool arabic)
{
    const QString grid = number(std::sqrt(c.totals.pixelAreaM2), arabic, 2);
    return QString::fromUtf8("الطريقة: ف = نموذج الارتفاع اللاحق − السابق على شبكة السابق (%1 م)؛ الردم = مجموع موجب ف × "
                             "مساحة الخلية والحفر = مجموع سالبه × مساحة الخلية، على %2 خلية مركزها داخل حدود الموقع "
                             "ولها قيمة في النموذجين؛ مضلعات التغير: خلايا متصلة بتغير ≥ %3 م ومساحة ≥ %4 م².")
        .arg(grid, number(double(c.totals.pixels), arabic, 0), number(o.heightThreshold, arabic, 2),
            number(o.areaThreshold, arabic, 2));
}

} // namespace

DroneReportPage droneReportPage(const Project& project, const DroneReportRequest& request)
{
    const bool ar = request.language == "ar";
    const std::string& id = request.projectId;
    const ProjectLayer* flightsLayer = nullptr;
    for (const auto& pl : project.layers)
        if (pl.available && pl.map.vector && isDroneFlightsLayer(*pl.map.vector)) {
            flightsLayer = &pl;
            break;
        }
    if (!flightsLayer)
        throw Error(ErrorCode::Argument, "the project has no drone_flights layer (docs/drone.md)");
    std::vector<DroneFlight> flights;
    for (auto& f : droneFlights(*flightsLayer->map.vector, id))
        if ((request.from.empty() || f.date >= request.from) && (request.to.empty() || f.date <= request.to))
            flights.push_back(std::move(f));
    if (flights.size() < 2) {
        const auto all = droneFlights(*flightsLayer->map.vector, id);
        if (all.empty())
            throw Error(ErrorCode::Argument, "no project \"" + id + "\" among the drone flights (projects with flights: "
                    + [&] { std::string s; for (const auto& p : droneFlightProjects(*flightsLayer->map.vector)) s += (s.empty() ? "" : ", ") + p; return s; }()
                    + ")");
        throw Error(ErrorCode::Argument, "project \"" + id + "\" has " + std::to_string(flights.size())
                + " flight(s) in the dates asked; a report compares two");
    }
    DroneReportPage page;
    page.earlier = flights[flights.size() - 2];
    page.later = flights.back();
    page.inputs.push_back(flightsLayer->sourcePath);

    // The site: the project's construction_sites layer, else the one beside the flights in their GeoPackage.
    std::shared_ptr<const Layer> sites;
    if (const ProjectLayer* pl = findLayer(project, "construction_sites"))
        sites = pl->map.vector, page.inputs.push_back(pl->sourcePath);
    else
        sites = readLayer(flightsLayer->sourcePath, "construction_sites");
    const auto siteRows = rowsOf(*sites, id);
    if (siteRows.empty())
        throw Error(ErrorCode::Argument, "project \"" + id + "\" has no construction_sites polygon to measure in");

    auto file = [&](const std::string& value, const DroneFlight& f, const char* what) {
        if (value.empty())
            throw Error(ErrorCode::Argument, "flight " + f.flightId + " has no " + what);
        std::string path = resolveFlightFile(value, flightsLayer->sourcePath, project, f.flightId);
        page.inputs.push_back(path);
        return path;
    };
    const std::string dsmA = file(page.earlier.dsmPath, page.earlier, "dsm_path");
    const std::string dsmB = file(page.later.dsmPath, page.later, "dsm_path");
    const std::string orthoA = file(page.earlier.orthoPath, page.earlier, "ortho_path");
    const std::string orthoB = file(page.later.orthoPath, page.later, "ortho_path");
    const analysis::DsmChangeOptions options;
    page.change = analysis::dsmChange(dsmA, dsmB, *sites, siteRows, options);
    const RasterData& diff = *page.change.difference;

    // One extent and CRS for the three frames (equal frames in the template: one scale).
    Box extent = diff.extent;
    const double pad = 0.05 * std::max(extent.width(), extent.height());
    extent = Box(extent.minX - pad, extent.minY - pad, extent.maxX + pad, extent.maxY + pad);
    auto frame = [&](std::vector<MapLayer> layers) {
        RenderRequest r;
        r.layers = std::move(layers);
        r.crs = diff.crs;
        r.extent = extent;
        r.drawLabels = false;
        return r;
    };
    LayoutContent& c = page.content;
    c.frames["earlier"] = frame({ortho(orthoA, page.earlier.flightId, 1), siteOutline(sites)});
    c.frames["later"] = frame({ortho(orthoB, page.later.flightId, 1), siteOutline(sites)});
    c.frames["change"] = frame({ortho(orthoB, page.later.flightId, 0.45), changePolygons(page.change.polygons), siteOutline(sites)});
    c.map = c.frames["earlier"];

    // The project's record.
    const ProjectLayer* projects = findLayer(project, "projects");
    std::vector<std::size_t> prow = projects ? rowsOf(*projects->map.vector, id) : std::vector<std::size_t>{};
    auto rec = [&](const char* en, const char* arName) {
        if (prow.empty())
            return std::string();
        const std::string v = ar && arName ? field(*projects->map.vector, prow[0], arName) : std::string();
        return v.empty() ? field(*projects->map.vector, prow[0], en) : v;
    };
    const std::string nameEn = rec("name_en", nullptr), nameAr = prow.empty() ? "" : field(*projects->map.vector, prow[0], "name_ar");
    const QString name = QString::fromStdString(ar ? (nameAr.empty() ? nameEn : nameAr) : (nameEn.empty() ? nameAr : nameEn));
    const QString shown = name.isEmpty() ? QString::fromStdString(id) : name;
    const QString d1 = digits(page.earlier.date, ar), d2 = digits(page.later.date, ar);
    c.title = ar ? QString::fromUtf8("تقرير تقدم المشروع بالمسح الجوي: %1، من %2 إلى %3").arg(shown, d1, d2)
                 : QString("Drone progress report: %1, %2 to %3").arg(shown, d1, d2);
    c.subtitle = QString::fromStdString(ar ? nameEn : nameAr);
    const bool synthetic = rec("synthetic", nullptr) == "1";
    const QString credits = QString::fromStdString(ar ? (project.creditsAr.empty() ? project.credits : project.creditsAr)
                                                      : (project.credits.empty() ? project.creditsAr : project.credits));
    c.attribution = (synthetic ? (ar ? QString::fromUtf8("بيانات تجريبية مصطنعة (المشروع والرحلات والصور). ")
                                     : QString("Synthetic sample data (project, flights, imagery). ")) : QString()) + credits;

    auto& fld = c.fields;
    fld["earlier_caption"] = ar ? QString::fromUtf8("الرحلة السابقة %1 (%2)").arg(d1, QString::fromStdString(page.earlier.flightId))
                                : QString("Earlier flight %1 (%2)").arg(d1, QString::fromStdString(page.earlier.flightId));
    fld["later_caption"] = ar ? QString::fromUtf8("الرحلة اللاحقة %1 (%2)").arg(d2, QString::fromStdString(page.later.flightId))
                              : QString("Later flight %1 (%2)").arg(d2, QString::fromStdString(page.later.flightId));
    fld["change_caption"] = ar ? QString::fromUtf8("التغير بين %1 و%2").arg(d1, d2) : QString("Change from %1 to %2").arg(d1, d2);
    fld["change_legend"] = ar ? QString::fromUtf8("أحمر: حفر (انخفاض ≥ %1 م)، أزرق: ردم (ارتفاع ≥ %1 م)، فوق صورة %2 باهتة؛ أصفر: حدود الموقع")
                                    .arg(number(options.heightThreshold, true, 1), d2)
                              : QString("Red: cut (lowered ≥ %1 m), blue: fill (raised ≥ %1 m), over the %2 orthophoto faded; "
                                        "yellow: site outline").arg(number(options.heightThreshold, false, 1), d2);
    const auto& t = page.change.totals;
    const QString m3 = ar ? QString::fromUtf8(" م³") : QString(" m³"), m2 = ar ? QString::fromUtf8(" م²") : QString(" m²");
    const QString net = (t.netM3() > 0 ? "+" : "") + number(t.netM3(), ar);
    fld["volumes"] = ar ? QString::fromUtf8("الأحجام\nالردم: %1\nالحفر: %2\nالصافي: %3\nالمساحة المقيسة: %4\nمضلعات التغير: %5")
                              .arg(number(t.fillM3, true) + m3, number(t.cutM3, true) + m3, net + m3, number(t.areaM2(), true) + m2,
                                  number(double(page.change.polygons ? page.change.polygons->size() : 0), true, 0))
                        : QString("Volumes\nFill: %1\nCut: %2\nNet: %3\nArea measured: %4\nChange polygons: %5")
                              .arg(number(t.fillM3, false) + m3, number(t.cutM3, false) + m3, net + m3, number(t.areaM2(), false) + m2,
                                  number(double(page.change.polygons ? page.change.polygons->size() : 0), false, 0));
    fld["method"] = ar ? methodArabic(page.change, options, true) : QString::fromStdString("Method: " + page.change.method);
    const QString dash = QString::fromUtf8("—");
    auto val = [&](const std::string& s) { return s.empty() ? dash : digits(s, ar); };
    const std::string progress = rec("progress_pct", nullptr);
    const std::string budget = rec("budget_omr", nullptr);
    const QString budgetText = budget.empty() ? dash : number(std::atof(budget.c_str()), ar, 0) + (ar ? QString::fromUtf8(" ر.ع.") : QString(" OMR"));
    fld["record"] = ar ? QString::fromUtf8("سجل المشروع %1\nالحالة: %2\nنسبة الإنجاز: %3٪\nالمقاول: %4\nالميزانية: %5\nالبداية: %6، النهاية: %7\nآخر مسح جوي: %8")
                             .arg(QString::fromStdString(id), val(rec("status", "status_ar")), val(progress), val(rec("contractor", "contractor_ar")),
                                 budgetText, val(rec("start_date", nullptr)), val(rec("finish_date", nullptr)), val(rec("last_drone_survey", nullptr)))
                       : QString("Project record %1\nStatus: %2\nProgress: %3%\nContractor: %4\nBudget: %5\nStart: %6, finish: %7\nLast drone survey: %8")
                             .arg(QString::fromStdString(id), val(rec("status", nullptr)).replace('_', ' '), val(progress), val(rec("contractor", nullptr)),
                                 budgetText, val(rec("start_date", nullptr)), val(rec("finish_date", nullptr)), val(rec("last_drone_survey", nullptr)));
    if (projects)
        page.inputs.push_back(projects->sourcePath);
    return page;
}

} // namespace gis::cli
