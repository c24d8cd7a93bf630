// gis validate PROJECT --layer L: the layer's data against its form's constraints and geometry validity.

#include <algorithm>
#include <iostream>
#include <map>
#include <sstream>

#include "args.h"
#include "commands.h"
#include "formsupport.h"
#include "gis/core/error.h"
#include "gis/data/editattachment.h"
#include "gis/data/editfeature.h"
#include "gis/data/layer.h"
#include "gis/data/layerwriter.h"
#include "gis/geom/validity.h"
#include "gis/project/form.h"
#include "gis/project/project.h"
#include "json.h"

namespace gis::cli {

namespace {

const char* kHelp = R"(usage: gis validate PROJECT --layer L [--json] [--setting KEY=VALUE]... [--allow-path DIR]...

Checks every feature of layer L (its name in the project) against the layer's form (docs/forms.md): not null,
unique, range, regular expression and expression constraints, value maps and value relations, integer and
decimal ranges; and every geometry's validity (GEOS, with the reason). Lists every violation: feature id, field,
hard or soft, and the message in English and Arabic.

  --json            one JSON object on stdout: {"file", "layer", "features", "violations": [{"id", "field",
                    "severity": "hard"|"soft", "kind", "message_en", "message_ar"}]}
  --setting K=V     a setting for the form's defaults (e.g. inspector=...)
  --allow-path DIR  a folder the project may read besides its own

Exit status: 0 when nothing is wrong, 1 when there is any violation (hard or soft), 2 for a usage error or a
form that cannot be used (the message names the file, the layer and the JSON path).
)";

} // namespace

int runValidate(int argc, char** argv)
{
    const Args args(argc, argv, 2, {"--layer", "--setting", "--allow-path"}, {"--json", "--help"});
    if (args.has("--help")) {
        std::cout << kHelp;
        return 0;
    }
    if (args.positionals().size() != 1 || !args.value("--layer"))
        throw Error(ErrorCode::Argument, "expected PROJECT and --layer L (see gis validate --help)");
    const std::string projectPath = args.positionals()[0];
    const std::string layerName = *args.value("--layer");

    Project project = Project::load(projectPath, ProjectLoadOptions{args.values("--allow-path")});
    project.loadData();
    const ProjectLayer& pl = findProjectLayer(project, layerName);
    const auto form = prepareProjectForm(project, pl, parseSettings(args.values("--setting")));
    const Layer& layer = *pl.map.vector;

    std::vector<FormViolation> violations = form->validateLayer(layer);
    for (std::size_t row = 0; row < layer.size(); ++row) {
        if (layer.geometries().isNull(row))
            continue;
        const Validity v = checkValidity(layer.geometry(row));
        if (!v.valid)
            violations.push_back(geometryViolation(layer.fid(row), v));
    }
    // Photo fields: media.min / media.max against the mapping rows the GeoPackage holds (read-only).
    const std::string dataLayer = pl.layer.empty() ? layerName : pl.layer;
    std::map<const FormField*, std::map<std::int64_t, std::size_t>> counts;
    if (layerFormatFromPath(pl.sourcePath) == LayerFormat::GeoPackage)
        for (const FormField& f : form->form().fields)
            if (f.media)
                counts[&f] = readAttachmentCounts(pl.sourcePath, dataLayer, {f.media->mediaTable, f.media->mappingTable});
    if (!counts.empty()) {
        const auto count = [&](std::int64_t fid, const FormField& f) {
            const auto& c = counts.at(&f);
            const auto it = c.find(fid);
            return it == c.end() ? std::size_t{0} : it->second;
        };
        for (std::size_t row = 0; row < layer.size(); ++row) {
            const std::int64_t fid = layer.fid(row);
            bool outside = false;
            for (const auto& [f, c] : counts) {
                const std::size_t n = count(fid, *f);
                outside |= n < static_cast<std::size_t>(f->media->minCount) || n > static_cast<std::size_t>(f->media->maxCount);
            }
            if (!outside)
                continue;
            auto more = form->mediaViolations(fid, editFeatureFromLayer(layer, row), count);
            violations.insert(violations.end(), more.begin(), more.end());
        }
    }
    std::stable_sort(violations.begin(), violations.end(),
        [](const FormViolation& a, const FormViolation& b) { return a.fid < b.fid; });

    const std::string where = pl.sourcePath + ": layer " + (pl.layer.empty() ? layerName : pl.layer);
    if (args.has("--json")) {
        std::ostringstream out;
        out << "{\"file\": " << Json::quote(pl.sourcePath) << ", \"layer\": " << Json::quote(layerName)
            << ", \"features\": " << layer.size() << ", \"violations\": " << violationsJson(violations) << "}\n";
        std::cout << out.str();
    } else {
        for (const FormViolation& v : violations)
            std::cout << violationText(where, v) << "\n";
        std::size_t hard = 0;
        for (const FormViolation& v : violations)
            hard += v.hard ? 1 : 0;
        std::cout << layerName << ": " << layer.size() << " features checked, " << violations.size()
                  << " violations (" << hard << " hard, " << violations.size() - hard << " soft)\n";
    }
    return violations.empty() ? 0 : 1;
}

} // namespace gis::cli
