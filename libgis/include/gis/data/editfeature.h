#pragma once

// The values an edit session works with: one feature as it is edited, its stored version, and what a validator
// or a conflicting writer reports about it. Plain values: any thread may use them, none are shared.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "gis/core/export.h"
#include "gis/data/attributetable.h"
#include "gis/geom/geometrycolumn.h"

GIS_API_BEGIN

namespace gis {

class Layer;

/// One attribute value: null, an integer (Integer, Boolean 0/1, Date in days, DateTime in milliseconds, as
/// AttributeColumn keeps them), a real, or text (String: UTF-8; Binary: bytes).
using FieldValue = std::variant<std::monostate, std::int64_t, double, std::string>;

/// One feature as an edit session holds it: an owned geometry and one value per field of the layer, in the
/// layer's field order.
struct EditFeature {
    Geometry geometry;
    std::vector<FieldValue> values;
};

/// Row `row` of `layer` as an EditFeature (geometry copied, one value per column).
EditFeature editFeatureFromLayer(const Layer& layer, std::size_t row);

/// What a feature was in storage: whether it exists and a 64-bit hash of its content as libgis reads it (the
/// geometry's ISO WKB and the typed values). Two reads of an unchanged feature give the same version; a write by
/// anyone that changes any value or coordinate gives another.
struct FeatureVersion {
    bool exists = false;
    std::uint64_t hash = 0;
    friend bool operator==(const FeatureVersion&, const FeatureVersion&) = default;
};

/// The version of `feature` (nullptr: a feature that does not exist).
FeatureVersion featureVersion(const EditFeature* feature);
/// True when both have the same geometry (as WKB) and values (reals compared bit for bit).
bool sameContent(const EditFeature& a, const EditFeature& b);

/// Something wrong with an edited feature, from the geometry check or a validator.
struct EditIssue {
    enum class Severity : std::uint8_t {
        Warning, ///< reported; commit goes ahead (a form's soft constraint)
        Error,   ///< commit refuses while it stands (an invalid geometry, a hard constraint)
    };
    std::int64_t fid = 0;
    Severity severity = Severity::Error;
    std::string field;   ///< the field concerned; empty for the geometry or the feature as a whole
    std::string message; ///< "invalid geometry: Self-intersection at (57.5, 22.9)"
};

/// A check run on every feature an edit inserts or changes, at the edit (when asked) and at commit: the forms'
/// constraints plug in here. Called on the session's thread; must not call back into the session.
using EditValidator = std::function<std::vector<EditIssue>(std::int64_t fid, const EditFeature& feature)>;

/// A feature someone else changed or deleted after this session read it: both versions, for the caller to
/// decide (EditSession::resolve).
struct EditConflict {
    std::string layer;
    std::int64_t fid = 0;
    std::optional<EditFeature> mine;   ///< this session's version; empty: this session deletes it
    std::optional<EditFeature> theirs; ///< what storage holds now; empty: someone deleted it
    FeatureVersion theirsVersion;
};

/// How a conflict is settled.
struct ConflictResolution {
    enum class Choice : std::uint8_t {
        KeepMine,   ///< this session's version is written at the next commit, over theirs
        KeepTheirs, ///< this session drops its change to the feature and takes theirs
        Merge,      ///< field by field: `takeTheirs[k]` for field k, `takeTheirsGeometry` for the geometry
    };
    Choice choice = Choice::KeepMine;
    std::vector<bool> takeTheirs; ///< Merge: one per field (missing entries keep mine)
    bool takeTheirsGeometry = false;
};

} // namespace gis

GIS_API_END
