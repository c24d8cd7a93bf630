#include <string>
#include <string_view>
#include <vector>

#include "write/featurebody.h"
#include "gis/core/error.h"
#include "gis/crs/transformer.h"
#include "gis/data/datetime.h"
#include "gis/data/featurewriter.h"
#include "gis/project/json.h"

namespace gis::serve::detail {
namespace {

[[noreturn]] void malformed(const std::string& what)
{
    throw Error(ErrorCode::Format, what);
}

/// The value of `v` for `field`, or a problem. Stricter than gis edit's files: a client sending a number for a text
/// field has the schema wrong, and the collection's schema is published for it to read.
std::optional<FieldValue> convert(const Json& v, const FieldInfo& field, std::string& problem)
{
    const std::string expected = std::string(" for the ") + std::string(fieldTypeName(field.type)) + " field";
    if (v.is_null())
        return FieldValue{};
    switch (field.type) {
    case FieldType::Integer:
        if (v.is_number_integer())
            return FieldValue{v.get<std::int64_t>()};
        problem = "expected a whole number" + expected;
        return std::nullopt;
    case FieldType::Boolean:
        if (v.is_boolean())
            return FieldValue{std::int64_t(v.get<bool>() ? 1 : 0)};
        if (v.is_number_integer() && (v.get<std::int64_t>() == 0 || v.get<std::int64_t>() == 1))
            return FieldValue{v.get<std::int64_t>()};
        problem = "expected true or false" + expected;
        return std::nullopt;
    case FieldType::Real:
        if (v.is_number())
            return FieldValue{v.get<double>()};
        problem = "expected a number" + expected;
        return std::nullopt;
    case FieldType::Date:
        if (v.is_string())
            if (const auto d = parseDate(v.get<std::string>()))
                return FieldValue{*d};
        problem = "expected a date \"YYYY-MM-DD\"" + expected;
        return std::nullopt;
    case FieldType::DateTime:
        if (v.is_string())
            if (const auto t = parseDateTime(v.get<std::string>()))
                return FieldValue{*t};
        problem = "expected a date-time \"YYYY-MM-DDThh:mm:ssZ\"" + expected;
        return std::nullopt;
    case FieldType::String:
        if (v.is_string())
            return FieldValue{v.get<std::string>()};
        problem = "expected text" + expected;
        return std::nullopt;
    case FieldType::Binary:
        problem = "binary fields are not written through this API";
        return std::nullopt;
    }
    return std::nullopt;
}

/// Swaps the first two numbers of every position under a geometry's "coordinates" (and of its members').
void swapAxes(Json& geometry)
{
    const auto swapPositions = [](auto& self, Json& node) -> void {
        if (!node.is_array())
            return;
        if (node.size() >= 2 && node[0].is_number() && node[1].is_number()) {
            std::swap(node[0], node[1]);
            return;
        }
        for (Json& child : node)
            self(self, child);
    };
    if (!geometry.is_object())
        return;
    if (geometry.contains("coordinates"))
        swapPositions(swapPositions, geometry["coordinates"]);
    if (geometry.contains("geometries") && geometry["geometries"].is_array())
        for (Json& member : geometry["geometries"])
            swapAxes(member);
}

} // namespace

int jsonDepth(std::string_view text, int limit)
{
    int depth = 0, deepest = 0;
    bool inString = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            deepest = std::max(deepest, ++depth);
            if (deepest > limit)
                return deepest;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return deepest;
}

FeatureBody parseFeatureBody(std::string_view text, const std::vector<FieldInfo>& fields, const BodyCrs& crs)
{
    if (text.size() > FeatureBodyLimits::kMaxBytes)
        malformed("the feature is larger than " + std::to_string(FeatureBodyLimits::kMaxBytes >> 20) + " MiB");
    if (jsonDepth(text, FeatureBodyLimits::kMaxDepth) > FeatureBodyLimits::kMaxDepth)
        malformed("the body nests arrays and objects deeper than " + std::to_string(FeatureBodyLimits::kMaxDepth)
            + " levels");
    Json doc;
    try {
        doc = parseJson(text, "body");
    } catch (const Error& e) {
        malformed(e.what()); // "body: line 1, column 7: ..." names nothing of the server's
    }
    if (!doc.is_object() || !doc.contains("type") || doc["type"] != "Feature")
        malformed("expected a GeoJSON Feature ({\"type\": \"Feature\", \"geometry\": ..., \"properties\": {...}})");
    FeatureBody body;
    if (doc.contains("properties") && !doc["properties"].is_null()) {
        const Json& properties = doc["properties"];
        if (!properties.is_object())
            malformed("\"properties\" must be an object");
        if (properties.size() > FeatureBodyLimits::kMaxProperties)
            malformed("more than " + std::to_string(FeatureBodyLimits::kMaxProperties) + " properties");
        for (const auto& [key, value] : properties.items()) {
            std::size_t k = 0;
            while (k < fields.size() && fields[k].name != key)
                ++k;
            if (k == fields.size()) {
                body.problems.push_back({"properties." + key, "the collection has no property \"" + key + "\""});
                continue;
            }
            std::string problem;
            if (std::optional<FieldValue> converted = convert(value, fields[k], problem))
                body.values.emplace_back(k, std::move(*converted));
            else
                body.problems.push_back({"properties." + key, problem});
        }
    }
    if (doc.contains("geometry")) {
        Json geometry = doc["geometry"];
        if (geometry.is_null()) {
            body.geometry = Geometry();
        } else {
            if (crs.latitudeFirst)
                swapAxes(geometry);
            try {
                Geometry g = geometryFromGeoJson(geometry.dump());
                if (crs.transformer) {
                    g = crs.transformer->transform(g);
                    if (!g.isNull() && !g.isEmpty() && !g.column().isFinite(0))
                        throw Error(ErrorCode::Geometry, "coordinates outside the collection's CRS");
                }
                body.geometry = std::move(g);
            } catch (const Error& e) {
                body.problems.push_back({"geometry", e.what()});
            }
        }
    }
    return body;
}

} // namespace gis::serve::detail
