// buffer: the area within a distance in metres of each feature, on projected and longitude/latitude layers alike
// (geodesicbuffer.h says how). The distance is one number or a per-feature expression; a negative one shrinks
// polygons. With dissolve, one feature: the union of all the buffers (chunks unioned on every core, then the chunk
// results), attributes dropped; otherwise one feature per input feature with its attributes and id.

#include <cmath>
#include <optional>

#include <geos_c.h>

#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/query/expression.h"
#include "geom/geosbridge.h"

#include "algorithms.h"
#include "featuremap.h"
#include "geodesicbuffer.h"
#include "layerbuilder.h"

namespace gis::analysis::detail {

namespace {

using gis::detail::GeosGeometryPtr;
using gis::detail::geosContext;

/// The distance of each row: one number, or an expression evaluated per feature.
class Distances {
public:
    Distances(const Layer& layer, const ParameterValues& parameters) : m_layer(layer)
    {
        if (parameters.has("distance-expression")) {
            m_expression.emplace(Expression::compile(parameters.text("distance-expression"), layer));
            m_text = parameters.text("distance-expression");
        } else if (parameters.has("distance")) {
            m_distance = parameters.number("distance");
        } else {
            throw Error(ErrorCode::Argument, "buffer: give --distance (metres) or --distance-expression (metres per feature)");
        }
    }

    /// Throws Error(Argument) naming the feature when the expression gives no finite number.
    double at(std::size_t row) const
    {
        if (!m_expression)
            return m_distance;
        const Value v = m_expression->evaluate(row);
        double d = 0;
        if (v.type == Value::Type::Integer)
            d = static_cast<double>(v.integer);
        else if (v.type == Value::Type::Real)
            d = v.real;
        else
            fail(row, v.isNull() ? std::string("NULL") : "\"" + v.toString() + "\"");
        if (!std::isfinite(d))
            fail(row, v.toString());
        return d;
    }

private:
    [[noreturn]] void fail(std::size_t row, const std::string& got) const
    {
        throw Error(ErrorCode::Argument, "buffer: --distance-expression \"" + m_text + "\" gives " + got + " for "
                + featureName(m_layer, row) + ", not a distance in metres");
    }

    const Layer& m_layer;
    std::optional<Expression> m_expression;
    std::string m_text;
    double m_distance = 0;
};

std::string emptiedWarning(const Layer& layer, const std::vector<char>& emptied)
{
    std::size_t count = 0;
    std::string ids;
    for (std::size_t row = 0; row < emptied.size(); ++row) {
        if (!emptied[row])
            continue;
        if (++count <= 10)
            ids += (ids.empty() ? "" : ", ") + std::to_string(layer.fid(row));
    }
    if (count == 0)
        return {};
    return std::to_string(count) + (count == 1 ? " feature" : " features") + " of layer \"" + layer.name() + "\" "
        + (count == 1 ? "has" : "have") + " an empty buffer (a negative distance removed it, or a point or line had a "
        + "distance of zero or less) and " + (count == 1 ? "was" : "were") + " left out: id " + ids
        + (count > 10 ? ", ..." : "");
}

class Buffer final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = [] {
            AlgorithmInfo i;
            i.id = "buffer";
            i.group = "geometry";
            i.titleEn = "Buffer";
            i.titleAr = "نطاق حول المعالم";
            i.descriptionEn = "The area within a distance in metres of each feature, geodesic on longitude/latitude "
                              "layers. Attributes and ids are kept, or with dissolve one feature covers all.";
            i.descriptionAr = "المنطقة الواقعة ضمن مسافة بالأمتار من كل معلم، جيوديسية في طبقات خطوط الطول والعرض. "
                              "تُحفظ السمات والمعرّفات، أو مع الدمج معلم واحد يغطي الجميع.";
            Parameter distance = Parameter::make("distance", ParameterType::Number, "Distance", "المسافة",
                "Distance in metres (negative shrinks polygons)", "المسافة بالأمتار (القيمة السالبة تقلّص المضلعات)");
            distance.unit = std::string("m"); // not = "m": GCC 12 warns falsely (-Wrestrict, its bug 105329) for a one-letter literal
            i.parameters.push_back(std::move(distance));
            Parameter expression = Parameter::make("distance-expression", ParameterType::Expression,
                "Distance per feature", "المسافة لكل معلم",
                "An expression giving each feature's distance in metres (instead of --distance)",
                "تعبير يعطي مسافة كل معلم بالأمتار (بدلاً من --distance)");
            expression.unit = std::string("m"); // not = "m": GCC 12 warns falsely (-Wrestrict, its bug 105329) for a one-letter literal
            i.parameters.push_back(std::move(expression));
            for (Parameter& p : bufferStyleParameters())
                i.parameters.push_back(std::move(p));
            Parameter dissolve = Parameter::make("dissolve", ParameterType::Boolean, "Dissolve", "دمج",
                "Make one feature, the union of all buffers (attributes are dropped)",
                "إنتاج معلم واحد هو اتحاد كل النطاقات (تُحذف السمات)");
            dissolve.defaultValue = "false";
            i.parameters.push_back(std::move(dissolve));
            return i;
        }();
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options) const override
    {
        const Layer& layer = *inputs.input;
        const Distances distances(layer, parameters);
        const Bufferer bufferer(layer.crs(), bufferStyleFrom(parameters));
        const bool dissolve = parameters.boolean("dissolve");
        std::vector<char> emptied(layer.size(), 0);
        std::vector<GeosGeometryPtr> parts(dissolve ? layer.size() : 0);

        RunOptions bufferOptions = options;
        if (dissolve && options.feedback.progress)
            bufferOptions.feedback.progress = [&options](double f) { options.feedback.report(0.8 * f); };
        MappedFeatures mapped = mapFeatures(layer, bufferOptions, "buffer",
            [&](std::size_t row, GeometryRef g, GeometryColumn& out) {
                const double distance = distances.at(row);
                bufferer.checkDistance(distance, "buffer", featureName(layer, row));
                if (!dissolve && bufferer.isCircle(g, distance)) {
                    bufferer.appendCircle(out, g, distance);
                    return;
                }
                GeosGeometryPtr b = bufferer.buffer(g, distance);
                if (GEOSisEmpty_r(geosContext(), b.get()) == 1) {
                    emptied[row] = 1;
                    return;
                }
                if (dissolve)
                    parts[row] = std::move(b);
                else
                    appendMultiPolygon(out, b.get());
            });

        RunResult result;
        LayerBuilder builder(layer.name() + "_buffer", layer.crs(), GeometryType::MultiPolygon);
        if (dissolve) {
            std::vector<GeosGeometryPtr> nonEmpty;
            for (auto& p : parts)
                if (p)
                    nonEmpty.push_back(std::move(p));
            if (!nonEmpty.empty()) {
                const GeosGeometryPtr all = parallelUnion(std::move(nonEmpty), options, "buffer");
                appendMultiPolygon(builder.geometries(), all.get());
            }
            options.feedback.report(1.0);
        } else {
            const std::size_t first = builder.addFieldsOf(layer);
            builder.geometries() = std::move(mapped.geometries);
            for (const std::size_t row : mapped.sourceRows) {
                builder.appendValues(layer, row, first);
                builder.appendFid(layer.fid(row));
            }
        }
        result.layer = builder.finish();
        result.invalid = std::move(mapped.invalid);
        if (const std::string w = nullWarning(layer, mapped.nullGeometries); !w.empty())
            result.warnings.push_back(w);
        if (const std::string w = emptiedWarning(layer, emptied); !w.empty())
            result.warnings.push_back(w);
        return result;
    }
};

} // namespace

const Algorithm& bufferAlgorithm()
{
    static const Buffer algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
