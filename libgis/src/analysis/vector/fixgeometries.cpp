// fix-geometries: every invalid geometry repaired with gis::makeValid (GEOS's "structure" method for polygons,
// "linework" for lines), every feature in the output, and a report of each repair. The run's invalid-geometry policy
// does not apply: this algorithm is the repair. A repair keeps the layer's dimension (a polygon layer stays
// polygonal); parts of a lower dimension a repair makes are left out with a warning. A feature whose repair leaves
// nothing (a polygon collapsed to a line) is left out, or kept without geometry with keep-collapsed.

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <vector>

#include <geos_c.h>

#include "gis/core/parallel.h"
#include "gis/data/layer.h"
#include "gis/geom/validity.h"
#include "geom/geosbridge.h"

#include "algorithms.h"
#include "geometrytools.h"
#include "layerbuilder.h"

namespace gis::analysis::detail {

namespace {

using gis::detail::appendGeos;
using gis::detail::GeosGeometryPtr;
using gis::detail::toGeos;

std::string describe(const Validity& v)
{
    std::string s = v.reason;
    if (v.location) {
        char at[64];
        std::snprintf(at, sizeof at, " at %.9g %.9g", v.location->x, v.location->y);
        s += at;
    }
    return s;
}

struct Chunk {
    GeometryColumn geometries;
    std::vector<std::size_t> rows;
    std::vector<InvalidFeature> invalid;
    std::vector<std::string> warnings;
    std::size_t nulls = 0;
};

class FixGeometries final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = [] {
            AlgorithmInfo i;
            i.id = "fix-geometries";
            i.group = "geometry";
            i.titleEn = "Fix geometries";
            i.titleAr = "إصلاح الأشكال الهندسية";
            i.descriptionEn = "Repairs every invalid geometry (self-intersections, bow-ties, wrong ring order) and "
                              "reports each repair. Valid features are copied unchanged; attributes and ids are kept.";
            i.descriptionAr = "يصلح كل شكل هندسي غير صالح (التقاطع الذاتي، ربطة العنق، ترتيب الحلقات الخاطئ) ويبلغ "
                              "عن كل إصلاح. تُنسخ المعالم الصالحة كما هي وتُحفظ السمات والمعرّفات.";
            Parameter keep = Parameter::make("keep-collapsed", ParameterType::Boolean, "Keep collapsed features",
                "الإبقاء على المعالم المنهارة",
                "keep a feature whose repair leaves nothing (a polygon collapsed to a line) without geometry, "
                "instead of leaving it out",
                "الإبقاء على المعلم الذي لا يبقى منه شيء بعد الإصلاح (مضلع انهار إلى خط) بلا شكل هندسي بدلاً من حذفه");
            keep.defaultValue = "false";
            i.parameters.push_back(std::move(keep));
            return i;
        }();
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options) const override
    {
        const Layer& layer = *inputs.input;
        const bool keepCollapsed = parameters.boolean("keep-collapsed");
        const int dimension = dimensionOf(layer.geometryType());
        constexpr std::size_t kChunk = 1024;
        const std::size_t n = layer.size();
        const std::size_t chunks = (n + kChunk - 1) / kChunk;
        std::vector<Chunk> parts(chunks);
        std::atomic<std::size_t> done{0};
        ParallelOptions parallel;
        parallel.maxThreads = options.threads;
        parallel.what = "fix geometries";
        parallelFor(
            chunks,
            [&](std::size_t c) {
                Chunk& part = parts[c];
                const std::size_t end = std::min(n, (c + 1) * kChunk);
                for (std::size_t row = c * kChunk; row < end; ++row) {
                    if (row % 32 == 0)
                        options.feedback.cancel.throwIfCancelled("fix geometries");
                    fixOne(layer, row, dimension, keepCollapsed, part);
                }
                options.feedback.report(static_cast<double>(++done) / static_cast<double>(chunks));
            },
            &options.feedback.cancel, parallel);

        LayerBuilder builder(layer.name() + "_fixed", layer.crs(), multiType(layer.geometryType()));
        const std::size_t first = builder.addFieldsOf(layer);
        RunResult result;
        std::size_t nulls = 0;
        for (Chunk& part : parts) {
            for (std::size_t i = 0; i < part.geometries.size(); ++i)
                builder.geometries().append(part.geometries, i);
            for (const std::size_t row : part.rows) {
                builder.appendValues(layer, row, first);
                builder.appendFid(layer.fid(row));
            }
            result.invalid.insert(result.invalid.end(), part.invalid.begin(), part.invalid.end());
            result.warnings.insert(result.warnings.end(), part.warnings.begin(), part.warnings.end());
            nulls += part.nulls;
        }
        if (nulls > 0)
            result.warnings.push_back(std::to_string(nulls) + (nulls == 1 ? " feature" : " features") + " of layer \""
                + layer.name() + "\" " + (nulls == 1 ? "has" : "have") + " no geometry and "
                + (nulls == 1 ? "was" : "were") + " kept as "
                + (nulls == 1 ? "it was" : "they were"));
        result.layer = builder.finish();
        return result;
    }

private:
    static void fixOne(const Layer& layer, std::size_t row, int dimension, bool keepCollapsed, Chunk& part)
    {
        const GeometryRef g = layer.geometry(row);
        const std::string feature = "layer \"" + layer.name() + "\", feature " + std::to_string(layer.fid(row));
        if (g.type() == GeometryType::Unknown) {
            ++part.nulls;
            part.geometries.appendNull();
            part.rows.push_back(row);
            return;
        }
        const Validity validity = checkValidity(g);
        if (validity.valid) {
            part.geometries.append(*g.column, g.index);
            part.rows.push_back(row);
            return;
        }
        InvalidFeature report{layer.name(), layer.fid(row), describe(validity), true};
        const Geometry fixed = makeValid(g);
        GeosGeometryPtr kept;
        std::size_t dropped = 0;
        if (!fixed.isNull() && !fixed.isEmpty()) {
            const GeosGeometryPtr geos = toGeos(fixed);
            if (dimension >= 0)
                kept = partsOfDimension(geos.get(), dimension, dropped);
            else
                kept = gis::detail::checkGeos(GEOSGeom_clone_r(gis::detail::geosContext(), geos.get()), "clone");
        }
        if (dropped > 0)
            part.warnings.push_back(feature + ": the repair also made " + std::to_string(dropped)
                + (dropped == 1 ? " part" : " parts") + " of a lower dimension, left out (the output keeps the layer's "
                + "geometry type)");
        if (!kept) {
            report.repaired = false;
            report.reason += " (repair left nothing)";
            part.invalid.push_back(std::move(report));
            part.warnings.push_back(feature + ": the repair left nothing; "
                + (keepCollapsed ? std::string("kept without geometry") : std::string("left out (keep-collapsed keeps it)")));
            if (keepCollapsed) {
                part.geometries.appendNull();
                part.rows.push_back(row);
            }
            return;
        }
        appendGeos(part.geometries, kept.get());
        part.rows.push_back(row);
        part.invalid.push_back(std::move(report));
    }
};

} // namespace

const Algorithm& fixGeometriesAlgorithm()
{
    static const FixGeometries algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
