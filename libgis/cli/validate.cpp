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
#include "gis/data/editsession.h"
#include "gis/data/editfeature.h"
#include "gis/data/layer.h"
#include "gis/data/layerwriter.h"
#include "gis/geom/validity.h"
#include "gis/geom/wkb.h"
#include "gis/project/form.h"
#include "gis/project/project.h"
#include "json.h"

namespace gis::cli {

namespace {

const char* kHelp = R"(usage: gis validate PROJECT --layer L [--json] [--setting KEY=VALUE]... [--allow-path DIR]...
       gis validate PROJECT --layer L --make-valid [--dry-run] [--json] [--allow-path DIR]...

Checks every feature of layer L (its name in the project) against the layer's form (docs/forms.md): not null,
unique, range, regular expression and expression constraints, value maps and value relations, integer and
decimal ranges; and every geometry's validity (GEOS, with the reason). Lists every violation: feature id, field,
hard or soft, and the message in English and Arabic.

  --json            one JSON object on stdout: {"file", "layer", "features", "violations": [{"id", "field",
                    "severity": "hard"|"soft", "kind", "message_en", "message_ar"}]}
  --setting K=V     a setting for the form's defaults (e.g. inspector=...)
  --allow-path DIR  a folder the project may read besides its own
  --make-valid      repair every invalid geometry of layer L (GEOS MakeValid) in ONE journaled commit of an edit
                    session and report each (id, GEOS's reason before, the type after). A repair of another type is
                    fitted to the layer's type (a Polygon becomes a one-part MultiPolygon on a MultiPolygon layer, a
                    one-part MultiPolygon a Polygon) or, when it cannot be (2 parts on a Polygon layer, a collection,
                    empty), reported and left. The layer needs no form. Exit status 0 when every invalid geometry was
                    repaired (or would be), 1 when some are left.
  --dry-run         with --make-valid: report what would be repaired, write nothing

Exit status: 0 when nothing is wrong, 1 when there is any violation (hard or soft), 2 for a usage error or a
form that cannot be used (the message names the file, the layer and the JSON path).
)";

/// Another geometry for `g` of type `layerType`: the same, a single part wrapped in a Multi, or a one-part Multi
/// unwrapped (through WKB). Empty when the layer cannot hold it.
std::optional<Geometry> fitType(const Geometry& g, GeometryType layerType)
{
    const GeometryType t = g.type();
    if (layerType == GeometryType::Unknown || layerType == GeometryType::GeometryCollection || t == layerType)
        return g;
    const std::vector<std::uint8_t> wkb = toWkb(g.ref());
    auto u32 = [&](std::size_t at) {
        std::uint32_t v = 0;
        for (int k = 0; k < 4; ++k)
            v |= std::uint32_t(wkb[at + k]) << (wkb[0] == 1 ? 8 * k : 8 * (3 - k));
        return v;
    };
    std::vector<std::uint8_t> out;
    if (singleType(layerType) == t && layerType != t) {
        const std::uint32_t multi = u32(1) + 3; // Polygon 3 -> MultiPolygon 6 (Z: 1003 -> 1006)
        out.push_back(1);
        for (const std::uint32_t v : {multi, 1u})
            for (int k = 0; k < 4; ++k)
                out.push_back(static_cast<std::uint8_t>((v >> (8 * k)) & 0xff));
        out.insert(out.end(), wkb.begin(), wkb.end());
    } else if (singleType(t) == layerType && wkb.size() > 9 && u32(5) == 1) {
        out.assign(wkb.begin() + 9, wkb.end());
    } else {
        return std::nullopt;
    }
    GeometryColumn column;
    appendWkb(column, out.data(), out.size());
    return Geometry(std::move(column));
}

/// Members of a Multi type or collection (its WKB's count); 1 for a single geometry.
std::uint32_t memberCount(const Geometry& g)
{
    const std::vector<std::uint8_t> wkb = toWkb(g.ref());
    if (g.type() < GeometryType::MultiPoint || wkb.size() < 9)
        return 1;
    std::uint32_t v = 0;
    for (int k = 0; k < 4; ++k)
        v |= std::uint32_t(wkb[5 + k]) << (wkb[0] == 1 ? 8 * k : 8 * (3 - k));
    return v;
}

struct Repair {
    std::int64_t fid = 0;
    std::string reason;
    std::string typeAfter;
    bool repaired = false;
    std::string note; ///< why it is left
    Geometry geometry;
};

/// gis validate --make-valid: every invalid geometry of the layer repaired in one commit of an edit session.
int makeValidLayer(const ProjectLayer& pl, const std::string& layerName, bool dryRun, bool json)
{
    const Layer& layer = *pl.map.vector;
    const std::string dataLayer = pl.layer.empty() ? layerName : pl.layer;
    const std::string where = pl.sourcePath + ": layer " + dataLayer;
    std::vector<Repair> repairs;
    for (std::size_t row = 0; row < layer.size(); ++row) {
        if (layer.geometries().isNull(row))
            continue;
        const Validity v = checkValidity(layer.geometry(row));
        if (v.valid)
            continue;
        Repair r;
        r.fid = layer.fid(row);
        r.reason = v.reason;
        if (v.location) {
            std::ostringstream at;
            at.precision(17);
            at << " at (" << v.location->x << ", " << v.location->y << ")";
            r.reason += at.str();
        }
        try {
            const Geometry fixed = makeValid(layer.geometry(row));
            r.typeAfter = fixed.isNull() ? "null" : fixed.isEmpty() ? "empty" : std::string(geometryTypeName(fixed.type()));
            if (fixed.isNull() || fixed.isEmpty()) {
                r.note = "the repair removes the whole geometry";
            } else if (auto fitted = fitType(fixed, layer.geometryType())) {
                r.geometry = std::move(*fitted);
                r.typeAfter = std::string(geometryTypeName(r.geometry.type()));
                r.repaired = true;
            } else {
                r.note = "a " + std::string(geometryTypeName(layer.geometryType())) + " layer cannot hold a "
                    + r.typeAfter + " of " + std::to_string(memberCount(fixed)) + " parts";
            }
        } catch (const Error& e) {
            r.note = e.what();
        }
        repairs.push_back(std::move(r));
    }
    std::size_t repaired = 0;
    for (const Repair& r : repairs)
        repaired += r.repaired;
    bool committed = false;
    if (!dryRun && repaired > 0) {
        auto session = EditSession::open(pl.sourcePath, dataLayer);
        session->beginBatch("make valid");
        for (const Repair& r : repairs)
            if (r.repaired)
                session->setGeometry(r.fid, r.geometry);
        session->endBatch();
        const CommitResult result = session->commit();
        committed = result.committed;
        if (!committed) {
            session->rollback();
            throw Error(ErrorCode::Io, where + ": the repairs were not committed ("
                    + (result.conflicts.empty() ? std::string("a repaired geometry is still invalid")
                                                : "someone changed feature " + std::to_string(result.conflicts[0].fid))
                    + "); nothing written");
        }
    }
    if (json) {
        std::ostringstream out;
        out << "{\"file\": " << Json::quote(pl.sourcePath) << ", \"layer\": " << Json::quote(layerName)
            << ", \"dry_run\": " << (dryRun ? "true" : "false") << ", \"committed\": " << (committed ? "true" : "false")
            << ", \"repairs\": [";
        for (std::size_t i = 0; i < repairs.size(); ++i) {
            const Repair& r = repairs[i];
            out << (i ? ", " : "") << "{\"id\": " << r.fid << ", \"reason\": " << Json::quote(r.reason)
                << ", \"type_after\": " << Json::quote(r.typeAfter) << ", \"repaired\": " << (r.repaired ? "true" : "false")
                << ", \"note\": " << Json::quote(r.note) << "}";
        }
        out << "]}\n";
        std::cout << out.str();
    } else {
        for (const Repair& r : repairs)
            std::cout << where << ": feature " << r.fid << ": " << r.reason << " -> " << r.typeAfter << ": "
                      << (r.repaired ? (dryRun ? "would be repaired" : "repaired") : "left: " + r.note) << "\n";
        std::cout << layerName << ": " << layer.size() << " features, " << repairs.size() << " invalid geometries: "
                  << repaired << " repaired, " << repairs.size() - repaired << " left; "
                  << (committed ? "committed" : dryRun ? "dry run: nothing written" : "nothing written") << "\n";
    }
    return repaired == repairs.size() ? 0 : 1;
}

} // namespace

int runValidate(int argc, char** argv)
{
    const Args args(argc, argv, 2, {"--layer", "--setting", "--allow-path"}, {"--json", "--help", "--make-valid", "--dry-run"});
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
    if (args.has("--dry-run") && !args.has("--make-valid"))
        throw Error(ErrorCode::Argument, "--dry-run goes with --make-valid (see gis validate --help)");
    if (args.has("--make-valid")) {
        if (!pl.map.vector)
            throw Error(ErrorCode::Argument, projectPath + ": layer \"" + layerName + "\" is not a vector layer");
        return makeValidLayer(pl, layerName, args.has("--dry-run"), args.has("--json"));
    }
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
