// merge: the input and one or more further layers in one layer. Fields are the union of theirs: a field of the same
// name (ASCII case ignored) and type is one column, integers meeting reals become real, any other clash gets its
// own column named with "_2"; a `layer` field names each feature's source layer. A layer in another CRS is
// reprojected to the first layer's (with a warning). Geometries are copied, never handed to GEOS, so the
// invalid-geometry policy does not apply.

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>

#include "gis/core/error.h"
#include "gis/crs/transformer.h"
#include "gis/data/layer.h"

#include "algorithms.h"
#include "layerbuilder.h"

namespace gis::analysis::detail {

namespace {

bool sameName(const std::string& a, const std::string& b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
        return std::tolower(x) == std::tolower(y);
    });
}

bool numeric(FieldType t)
{
    return t == FieldType::Integer || t == FieldType::Real;
}

GeometryType family(GeometryType t)
{
    switch (t) {
    case GeometryType::Point:
    case GeometryType::MultiPoint:
        return GeometryType::MultiPoint;
    case GeometryType::LineString:
    case GeometryType::MultiLineString:
        return GeometryType::MultiLineString;
    case GeometryType::Polygon:
    case GeometryType::MultiPolygon:
        return GeometryType::MultiPolygon;
    default:
        return GeometryType::Unknown;
    }
}

class Merge final : public Algorithm {
public:
    const AlgorithmInfo& info() const override
    {
        static const AlgorithmInfo info = [] {
            AlgorithmInfo i;
            i.id = "merge";
            i.group = "aggregate";
            i.titleEn = "Merge layers";
            i.titleAr = "دمج الطبقات";
            i.descriptionEn = "The input and further layers (--overlay, repeated) in one layer: their fields united, a "
                              "field \"layer\" naming each feature's source, other CRSs reprojected to the first's.";
            i.descriptionAr = "طبقة الإدخال وطبقات أخرى (--overlay مكرراً) في طبقة واحدة: تُوحَّد حقولها، ويسمّي حقل "
                              "\"layer\" مصدر كل معلم، ويُعاد إسقاط ما اختلف نظام إحداثياته إلى نظام الطبقة الأولى.";
            i.input = InputKind::VectorAndLayers;
            return i;
        }();
        return info;
    }

    RunResult run(const RunInputs& inputs, const ParameterValues&, const RunOptions& options) const override
    {
        std::vector<const Layer*> layers{inputs.input.get()};
        for (const auto& l : inputs.more)
            layers.push_back(l.get());
        const Crs& crs = layers.front()->crs();
        RunResult result;

        // The united fields: for each layer, the output column of each of its fields.
        struct Field {
            std::string name;
            FieldType type;
        };
        std::vector<Field> fields;
        std::vector<std::vector<std::size_t>> columnOf(layers.size());
        for (std::size_t l = 0; l < layers.size(); ++l) {
            std::vector<bool> taken(fields.size(), false); // one layer's two fields never share a column
            for (const auto& f : layers[l]->attributes().fields()) {
                std::size_t found = fields.size();
                for (std::size_t k = 0; k < fields.size(); ++k) {
                    if (k < taken.size() && taken[k])
                        continue;
                    if (sameName(fields[k].name, f.name)
                        && (fields[k].type == f.type || (numeric(fields[k].type) && numeric(f.type)))) {
                        found = k;
                        break;
                    }
                }
                if (found == fields.size())
                    fields.push_back({f.name, f.type});
                else if (fields[found].type != f.type)
                    fields[found].type = FieldType::Real; // an integer meets a real
                if (found < taken.size())
                    taken[found] = true;
                columnOf[l].push_back(found);
            }
        }
        GeometryType type = layers.front()->geometryType();
        for (const Layer* l : layers)
            if (l->geometryType() != type)
                type = family(l->geometryType()) == family(type) ? family(type) : GeometryType::Unknown;

        LayerBuilder builder(layers.front()->name() + "_merged", crs, type);
        std::vector<std::size_t> columns;
        for (const auto& f : fields)
            columns.push_back(builder.addField(f.name, f.type));
        const std::size_t layerColumn = builder.addField("layer", FieldType::String);
        std::size_t total = 0;
        for (const Layer* l : layers)
            total += l->size();
        std::size_t done = 0;
        for (std::size_t l = 0; l < layers.size(); ++l) {
            const Layer& layer = *layers[l];
            std::optional<Transformer> transformer;
            if (!(layer.crs() == crs)) {
                transformer.emplace(layer.crs(), crs);
                result.warnings.push_back("merge: layer \"" + layer.name() + "\" was reprojected from " + layer.crs().name()
                    + " to " + crs.name() + " (the first layer's CRS)");
            }
            std::vector<bool> filled(fields.size(), false);
            for (const std::size_t c : columnOf[l])
                filled[c] = true;
            for (std::size_t row = 0; row < layer.size(); ++row, ++done) {
                if (done % 256 == 0) {
                    options.feedback.cancel.throwIfCancelled("merge");
                    options.feedback.report(static_cast<double>(done) / static_cast<double>(std::max<std::size_t>(total, 1)));
                }
                if (transformer && !layer.geometries().isNull(row)) {
                    const Geometry g = transformer->transform(layer.geometry(row));
                    if (!g.column().isFinite(0))
                        throw Error(ErrorCode::Crs, "merge: layer \"" + layer.name() + "\", feature "
                                + std::to_string(layer.fid(row)) + " cannot be reprojected to " + crs.name());
                    builder.geometries().append(g.column(), 0);
                } else {
                    builder.geometries().append(layer.geometries(), row);
                }
                for (std::size_t c = 0; c < columnOf[l].size(); ++c)
                    appendValue(builder.column(columns[columnOf[l][c]]), layer.attributes().column(c), row);
                for (std::size_t k = 0; k < fields.size(); ++k)
                    if (!filled[k])
                        builder.column(columns[k]).appendNull();
                builder.column(layerColumn).appendString(layer.name());
            }
        }
        result.layer = builder.finish();
        return result;
    }
};

} // namespace

const Algorithm& mergeAlgorithm()
{
    static const Merge algorithm;
    return algorithm;
}

} // namespace gis::analysis::detail
