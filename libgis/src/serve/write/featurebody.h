#pragma once

// The body of a write request (OGC API - Features Part 4): one GeoJSON Feature, read into the values an edit
// session takes. Private to the write endpoints and their fuzz target (tests/fuzz/fuzz_featurebody.cpp).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gis/data/attributetable.h"
#include "gis/data/editfeature.h"

namespace gis {
class Transformer;
}

namespace gis::serve::detail {

/// Limits of a feature body (docs/serve.md). Bytes beyond kMaxBytes and nesting beyond kMaxDepth are refused before
/// the JSON parser sees the text, so no body can make it recurse deeper than kMaxDepth.
struct FeatureBodyLimits {
    static constexpr std::size_t kMaxBytes = 8u << 20;
    static constexpr int kMaxDepth = 32; ///< a MultiPolygon's coordinates nest 4 levels, its Feature 6
    static constexpr std::size_t kMaxProperties = 1000;
};

/// Something wrong with one member of the feature: "properties.score": "expected a whole number ...".
struct BodyProblem {
    std::string path;
    std::string message;
};

/// What a body gives: the geometry when it has a "geometry" member (a null geometry for JSON null), the values
/// of the properties it names (field index, value), and the problems found (unknown properties, wrong types, a
/// geometry GeoJSON cannot describe). With problems the rest is incomplete and must not be written.
struct FeatureBody {
    std::optional<Geometry> geometry;
    std::vector<std::pair<std::size_t, FieldValue>> values;
    std::vector<BodyProblem> problems;
};

/// How the body's coordinates are to be read.
struct BodyCrs {
    /// Body CRS -> layer CRS; nullptr when they are the same.
    const Transformer* transformer = nullptr;
    /// The body is in a CRS whose authority orders axes latitude first (EPSG:4326 by Content-Crs): positions are
    /// swapped to x/y before anything else (OGC API - Features Part 2).
    bool latitudeFirst = false;
};

/// Reads `text` as a GeoJSON Feature for a layer with `fields`. Throws Error(Format) for what is not a Feature at
/// all (too large, nested too deep, not JSON, not an object of type "Feature", "properties" not an object), with a
/// message that quotes nothing of the server's; returns the member problems in FeatureBody::problems.
FeatureBody parseFeatureBody(std::string_view text, const std::vector<FieldInfo>& fields, const BodyCrs& crs = {});

/// The nesting depth of arrays and objects in JSON text (strings skipped), stopping once it passes `limit`.
int jsonDepth(std::string_view text, int limit);

} // namespace gis::serve::detail
