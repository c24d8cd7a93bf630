#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "gis/core/box.h"
#include "gis/core/export.h"

GIS_API_BEGIN

namespace gis {

/// A packed, static Hilbert R-tree over boxes (after flatbush): add() every item's box, finish() once,
/// then search() and neighbors(). Items are identified by the order they were added (0, 1, 2, ...).
///
/// Storage is two flat arrays (boxes and indices), about 36 bytes per item plus ~1/nodeSize more for the
/// upper levels. Building is single-threaded; once finish() returned, any number of threads may search
/// concurrently. Searching before finish(), adding after it, or adding more items than announced throws
/// Error(ErrorCode::Argument).
class PackedRTree {
public:
    /// Tree for exactly `numItems` items; nodeSize is the fan-out (clamped to 2..65535).
    explicit PackedRTree(std::size_t numItems, std::uint16_t nodeSize = 16);
    PackedRTree() : PackedRTree(0) {}

    /// Adds the next item's box and returns its index. An empty box (Box{}) is allowed; it is never found.
    std::uint32_t add(const Box& box);
    /// Sorts the items along the Hilbert curve and builds the upper levels.
    void finish();

    bool isFinished() const { return m_finished; }
    std::size_t size() const { return m_numItems; }
    /// Bounds of all items (empty when there are none).
    Box bounds() const { return m_bounds; }

    /// Calls visit(index) for every item whose box intersects `query` (touching counts); stop early by
    /// returning false from visit. Order is the tree order, not insertion order.
    void search(const Box& query, const std::function<bool(std::uint32_t)>& visit) const;
    /// The indices of the items whose boxes intersect `query`.
    std::vector<std::uint32_t> search(const Box& query) const;

    /// Lower bound of the distance from the query point to anything inside a box.
    using BoxDistance = std::function<double(const Box&)>;
    /// Exact distance from the query point to item `index`.
    using ItemDistance = std::function<double(std::uint32_t index)>;

    /// Up to k nearest items to (x, y) within maxDistance, closest first, as (index, distance) pairs.
    /// Without callbacks distances are planar distances to the items' boxes. With `itemDistance` every
    /// candidate's exact distance is used for the ranking (a point to a polygon, geodesic metres, ...);
    /// `boxDistance` must then never exceed the distance to anything inside the box (defaults to the planar
    /// box distance, which is right whenever itemDistance is planar in the same units). Ties are broken by
    /// the smaller index.
    std::vector<std::pair<std::uint32_t, double>> neighbors(double x, double y, std::size_t k,
        double maxDistance = -1, const ItemDistance& itemDistance = {}, const BoxDistance& boxDistance = {}) const;

    /// Bytes held by the tree's arrays.
    std::size_t memoryUsage() const;

private:
    void sortLeaves();
    void checkFinished(const char* what) const;
    /// End of the child range that starts at `first` (a node's last child may end its level early).
    std::size_t childrenEnd(std::size_t first) const;
    /// Calls visit(index) for each item intersecting `query` until it returns false (defined in the .cpp).
    template <class Visit>
    void visitHits(const Box& query, Visit&& visit) const;

    std::size_t m_numItems = 0;
    std::uint16_t m_nodeSize = 16;
    std::vector<std::size_t> m_levelBounds; // end position (in boxes) of each level
    std::vector<Box> m_boxes;                // leaves first, then the upper levels
    std::vector<std::uint32_t> m_indices;    // item index for leaves, first child position for nodes
    std::size_t m_pos = 0;
    Box m_bounds;
    bool m_finished = false;
};

} // namespace gis

GIS_API_END
