// join-by-location: each input feature gets the fields of the overlay features it stands in a spatial relation with
// (intersects, within, contains, touches, crosses, overlaps: "input within overlay"). One-to-one keeps the first
// match (the lowest overlay row); one-to-many makes a feature per match, in overlay order. Candidates come from the
// overlay's R-tree; the predicate is GEOS's, on the input geometry prepared once and tested against each candidate.

#include <algorithm>
#include <atomic>

#include <geos_c.h>

#include "gis/core/error.h"
#include "gis/core/parallel.h"
#include "gis/data/layer.h"
#include "geom/geosbridge.h"

#include "algorithms.h"
#include "featuremap.h"
#include "geoscancel.h"
#include "invalidgate.h"
#include "joinfields.h"
#include "layerbuilder.h"

namespace gis::analysis::detail {

namespace {

using gis::detail::geosContext;
using gis::detail::GeosGeometryPtr;
using gis::detail::GeosPreparedPtr;
using gis::detail::prepareGeos;
using gis::detail::toGeos;

const std::vector<std::string>& predicates()
{
    static const std::vector<std::string> names{"intersects", "within", "contains", "touches", "crosses", "overlaps"};
    return names;
}

/// GEOS's prepared predicate `input <predicate> overlay`: 1 true, 0 false, 2 a GEOS error.
char test(std::size_t predicate, const GEOSPreparedGeometry* input, const GEOSGeometry* overlay)
{
    GEOSContextHandle_t h = geosContext();
    switch (predicate) {
    case 0:
        return GEOSPreparedIntersects_r(h, input, overlay);
    case 1:
        return GEOSPreparedWithin_r(h, input, overlay);
    case 2:
        return GEOSPreparedContains_r(h, input, overlay);
    case 3:
        return GEOSPreparedTouches_r(h, input, overlay);
    case 4:
        return GEOSPreparedCrosses_r(h, input, overlay);
    default:
        return GEOSPreparedOverlaps_r(h, input, overlay);
    }
}

class JoinByLocation final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = [] {
            AlgorithmInfo i;
            i.id = "join-by-location";
            i.group = "aggregate";
            i.titleEn = "Join attributes by location";
            i.titleAr = "ربط السمات حسب الموقع";
            i.descriptionEn = "Each input feature with the fields of the overlay features it intersects, lies within, "
                              "contains, touches, crosses or overlaps: the first match, or a feature per match.";
            i.descriptionAr = "كل معلم من طبقة الإدخال مع حقول معالم الطبقة الأخرى التي يتقاطع معها أو يقع داخلها أو "
                              "يحتويها أو يلامسها أو يعبرها أو يتراكب معها: أول تطابق، أو معلم لكل تطابق.";
            i.input = InputKind::VectorAndOverlay;
            Parameter predicate = Parameter::make("predicate", ParameterType::Choice, "Predicate", "العلاقة المكانية",
                "the relation of the input feature to the overlay feature (input within overlay ...)",
                "علاقة معلم الإدخال بمعلم الطبقة الأخرى (الإدخال داخل الأخرى ...)");
            predicate.defaultValue = "intersects";
            predicate.choices = predicates();
            predicate.choiceTitles = {{"Intersects", "يتقاطع مع"}, {"Within", "يقع داخل"}, {"Contains", "يحتوي"},
                {"Touches", "يلامس"}, {"Crosses", "يعبر"}, {"Overlaps", "يتراكب مع"}};
            i.parameters.push_back(std::move(predicate));
            Parameter mode = Parameter::make("mode", ParameterType::Choice, "Mode", "الطريقة",
                "one-to-one: the first matching overlay feature; one-to-many: a feature for each match",
                "one-to-one: أول معلم مطابق؛ one-to-many: معلم لكل تطابق");
            mode.defaultValue = "one-to-one";
            mode.choices = {"one-to-one", "one-to-many"};
            mode.choiceTitles = {{"One to one (first match)", "واحد لواحد (أول تطابق)"},
                {"One to many (a feature per match)", "واحد لمتعدد (معلم لكل تطابق)"}};
            i.parameters.push_back(std::move(mode));
            Parameter fields = Parameter::make("overlay-fields", ParameterType::Fields, "Overlay fields",
                "حقول الطبقة الأخرى", "the overlay's fields to copy (none named: all of them)",
                "حقول الطبقة الأخرى المراد نسخها (بلا تسمية: كلها)");
            fields.fieldOf = FieldSource::Overlay;
            i.parameters.push_back(std::move(fields));
            Parameter discard = Parameter::make("discard-unmatched", ParameterType::Boolean, "Discard unmatched",
                "إسقاط غير المطابق", "leave out input features that match nothing (kept with empty fields otherwise)",
                "استبعاد معالم الإدخال التي لا تطابق شيئاً (وإلا تبقى بحقول فارغة)");
            discard.defaultValue = "false";
            i.parameters.push_back(std::move(discard));
            return i;
        }();
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options) const override
    {
        const Layer& input = *inputs.input;
        const Layer& overlay = *inputs.overlay;
        requireSameCrs("join-by-location", input, overlay, "overlay");
        const auto& names = predicates();
        const std::size_t predicate = static_cast<std::size_t>(
            std::find(names.begin(), names.end(), parameters.text("predicate")) - names.begin());
        const bool oneToMany = parameters.text("mode") == "one-to-many";
        const bool discard = parameters.boolean("discard-unmatched");
        const std::vector<std::size_t> copied = JoinedFields::columnsOf(overlay, parameters.list("overlay-fields"));

        ParallelOptions parallel;
        parallel.maxThreads = options.threads;
        parallel.what = "join-by-location";
        RunResult result;

        // The overlay through the policy, to GEOS once.
        const std::size_t m = overlay.size();
        std::vector<GeosGeometryPtr> targets(m);
        const InvalidGate overlayGate(overlay, options.invalid);
        std::vector<std::vector<InvalidFeature>> overlayReports((m + 511) / 512);
        parallelFor(
            overlayReports.size(),
            [&](std::size_t c) {
                for (std::size_t row = c * 512; row < std::min(m, (c + 1) * 512); ++row) {
                    if (overlay.geometry(row).type() == GeometryType::Unknown)
                        continue;
                    const InvalidGate::Verdict v = overlayGate.check(row);
                    if (v.kind != InvalidGate::Verdict::Kind::Use)
                        overlayReports[c].push_back(overlayGate.report(row, v));
                    if (v.kind != InvalidGate::Verdict::Kind::Skip)
                        targets[row] = toGeos(overlayGate.geometry(row, v));
                }
            },
            &options.feedback.cancel, parallel);
        for (auto& r : overlayReports)
            result.invalid.insert(result.invalid.end(), r.begin(), r.end());

        // Each input feature's matches, in overlay row order.
        std::vector<std::vector<std::uint32_t>> matches(input.size());
        std::vector<char> reached(input.size(), 0);
        const MappedFeatures mapped = mapFeatures(input, options, "join-by-location", [&](std::size_t row, GeometryRef g, GeometryColumn&) {
            reached[row] = 1;
            if (g.column->isEmpty(g.index))
                return;
            const GeosCancelScope scope(options.feedback.cancel);
            const GeosGeometryPtr geometry = toGeos(g);
            const GeosPreparedPtr prepared = prepareGeos(geometry.get());
            std::vector<std::uint32_t>& found = matches[row];
            overlay.index().search(g.bounds(), [&](std::uint32_t k) {
                found.push_back(k);
                return true;
            });
            std::sort(found.begin(), found.end());
            std::size_t kept = 0;
            for (const std::uint32_t k : found) {
                if (!targets[k])
                    continue;
                const char r = test(predicate, prepared.get(), targets[k].get());
                if (r == 2) {
                    options.feedback.cancel.throwIfCancelled("join-by-location");
                    gis::detail::throwGeosError("predicate");
                }
                if (r == 1) {
                    found[kept++] = k;
                    if (!oneToMany)
                        break;
                }
            }
            found.resize(kept);
        });
        result.invalid.insert(result.invalid.end(), mapped.invalid.begin(), mapped.invalid.end());

        LayerBuilder builder(input.name() + "_joined", input.crs(), input.geometryType());
        const std::size_t first = builder.addFieldsOf(input);
        const JoinedFields joined(builder, overlay, copied);
        // Every input feature the policy let through (a skipped one is left out, as in every algorithm; a repaired
        // one is matched by its repaired geometry and keeps its own in the output). Features without a geometry
        // match nothing.
        for (std::size_t row = 0; row < input.size(); ++row) {
            options.feedback.cancel.throwIfCancelled("join-by-location");
            const bool hasGeometry = input.geometry(row).type() != GeometryType::Unknown;
            if (hasGeometry && !reached[row])
                continue; // skipped by the policy
            const std::vector<std::uint32_t>& found = matches[row];
            if (found.empty() && discard)
                continue;
            const std::size_t copies = found.empty() ? 1 : (oneToMany ? found.size() : 1);
            for (std::size_t k = 0; k < copies; ++k) {
                builder.geometries().append(input.geometries(), row);
                builder.appendValues(input, row, first);
                joined.append(builder, found.empty() ? -1 : static_cast<std::int64_t>(found[k]));
                builder.appendFid(input.fid(row));
            }
        }
        result.layer = builder.finish();
        if (const std::string w = nullWarning(input, mapped.nullGeometries); !w.empty())
            result.warnings.push_back(w + " of the matching (kept with empty overlay fields unless --discard-unmatched)");
        return result;
    }
};

} // namespace

const Algorithm& joinByLocationAlgorithm()
{
    static const JoinByLocation algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
