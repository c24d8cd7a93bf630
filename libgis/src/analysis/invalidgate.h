#pragma once

// A run's invalid-geometry policy (docs/analysis.md, "Invalid geometries"), applied feature by feature: every
// algorithm that hands geometries to GEOS asks the gate first, so an invalid geometry is never a silent wrong answer.

#include <cstddef>
#include <optional>
#include <vector>

#include "gis/analysis/algorithm.h"
#include "gis/data/layer.h"
#include "gis/geom/geometrycolumn.h"

namespace gis::analysis::detail {

class InvalidGate {
public:
    InvalidGate(const Layer& layer, InvalidPolicy policy) : m_layer(layer), m_policy(policy) {}

    /// What to do with one feature.
    struct Verdict {
        enum class Kind : std::uint8_t { Use, Repaired, Skip } kind = Kind::Use;
        std::optional<Geometry> repaired; ///< with Repaired
        std::string reason;               ///< with Repaired and Skip
    };

    /// The verdict for `row`: Use when the geometry is valid; under Stop an invalid geometry throws
    /// Error(Geometry) "layer "wilayat", feature 12: Ring Self-intersection at 57.1 22.9 (--invalid skip or
    /// repair ...)". Null geometries are skipped (reported) under every policy but Stop. Any thread may call it.
    Verdict check(std::size_t row) const;

    /// The geometry to use for `row` under `verdict` (the layer's own, or the repaired copy).
    GeometryRef geometry(std::size_t row, const Verdict& verdict) const
    {
        return verdict.repaired ? verdict.repaired->ref() : m_layer.geometry(row);
    }

    /// A report entry for a verdict that is not Use.
    InvalidFeature report(std::size_t row, const Verdict& verdict) const;

    const Layer& layer() const { return m_layer; }

private:
    const Layer& m_layer;
    InvalidPolicy m_policy;
};

} // namespace gis::analysis::detail
