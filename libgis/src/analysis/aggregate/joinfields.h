#pragma once

// The part every join shares (join-by-location, join-nearest, distance-to-nearest-hub): the two layers in one CRS,
// and the other layer's fields copied into the output beside the input's.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "gis/data/layer.h"

namespace gis::analysis::detail {

class LayerBuilder;

/// Throws Error(Crs) "<what>: layer "a" and <role> "b" have different CRSs (reproject one first)" unless `input` and
/// `other` (the overlay, the hubs: `role`) are in the same CRS.
void requireSameCrs(const std::string& what, const Layer& input, const Layer& other, const std::string& role);

/// Fields of the other layer of a join, copied into the output: added as columns after the input's (a name the
/// output already has gets "_2", as LayerBuilder does), then per output row the matched row's values or nulls.
class JoinedFields {
public:
    /// The columns `names` names, in that order (each one a field of `other`: the parameter checks made sure), or
    /// every column of `other` when `names` is empty.
    static std::vector<std::size_t> columnsOf(const Layer& other, const std::vector<std::string>& names);

    /// Adds `columns` of `other` to `builder`, each named `prefix` and the field's name, with the field's type.
    JoinedFields(LayerBuilder& builder, const Layer& other, std::vector<std::size_t> columns,
        const std::string& prefix = {});

    /// Appends the values of `other`'s row `row` to the added columns, or nulls when `row` is negative (no match).
    void append(LayerBuilder& builder, std::int64_t row) const;

private:
    const Layer* m_other;
    std::vector<std::size_t> m_columns; ///< of `other`
    std::vector<std::size_t> m_targets; ///< of the builder
};

} // namespace gis::analysis::detail
