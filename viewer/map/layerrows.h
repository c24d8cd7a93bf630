#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "gis/project/maplayer.h"

namespace gis {
class Layer;
}

namespace viewer {

/// A vector layer's features as the viewer numbers them (selection, identify, the attribute table): rows [0, n) are
/// the rows of the data (gis::MapLayer::vector), those its edit overlay hides left out; rows [n, n + k) are the
/// overlay's added features (gis::VectorEdits::added). A layer in edit mode shows its edits this way without the
/// data being made again per edit (EditController); without an overlay the rows are the data's rows.
///
/// A value: it shares the immutable data and overlay, so a panel may keep one while the document moves on.
struct LayerRows {
    std::shared_ptr<const gis::Layer> data;
    std::shared_ptr<const gis::VectorEdits> edits; ///< null: none

    /// Where a row's feature is: a layer (the data or the overlay's added layer) and its row there.
    struct Ref {
        const gis::Layer* layer = nullptr; ///< null: the row is hidden or out of range
        std::size_t row = 0;
        explicit operator bool() const { return layer != nullptr; }
    };

    /// n + k: one past the last row (hidden rows count in it but hold nothing).
    std::size_t size() const;
    /// Features shown: n - hidden + k.
    std::size_t count() const;
    /// Rows of the data (n).
    std::size_t dataSize() const;
    Ref locate(std::uint32_t row) const;
    bool isHidden(std::uint32_t row) const;
    /// Every row that holds a feature, ascending.
    std::vector<std::uint32_t> all() const;
    /// Every row that holds a feature in the order the edited layer written out has them (EditSnapshot::toLayer):
    /// the data's rows, a replaced one by its replacement in its place (matched by feature id), then the added
    /// features that replace nothing. What the attribute table shows unsorted: an edited feature keeps its place.
    std::vector<std::uint32_t> inOrder() const;
    /// Rows of the data (hidden ones dropped) and rows of the added layer, as viewer rows, ascending.
    std::vector<std::uint32_t> combine(std::vector<std::uint32_t> dataRows, const std::vector<std::uint32_t>& addedRows) const;
    /// `rows` without those that hold no feature (hidden or out of range); ascending in, ascending out.
    std::vector<std::uint32_t> live(std::vector<std::uint32_t> rows) const;
};

} // namespace viewer
