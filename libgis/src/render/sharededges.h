#pragma once

// Private: the edges that polygons of one layer share, so that a dashed outline draws each edge once. Two
// neighbours stroke their common edge in opposite directions from different starts: their dashes fall on each
// other's gaps and the shared boundary reads as a solid line beside dashed outer ones.

#include <QPointF>

#include <cstdint>
#include <vector>

namespace gis::detail {

/// Edge ownership for one layer of one render: every edge goes to the lowest item that has it. The answer
/// depends only on the layer's items, never on the order they are drawn in nor on a band, so the band workers
/// stroke the same runs. Built on one thread, then read-only (safe for concurrent readers).
class SharedEdges {
public:
    /// Notes every edge of `item`'s rings: `points` holds the rings one after another, `ringSizes` their lengths.
    void add(std::size_t item, const std::vector<QPointF>& points, const std::vector<std::size_t>& ringSizes);

    /// Whether `item` strokes the edge from `a` to `b` (either direction); false when a lower item does.
    bool owns(std::size_t item, QPointF a, QPointF b) const;

    bool empty() const { return m_entries.empty(); }

private:
    struct Key {
        std::int64_t ax, ay, bx, by;
        bool operator==(const Key&) const = default;
    };
    struct Entry {
        Key key;
        std::size_t owner;
    };
    static Key key(QPointF a, QPointF b);
    static std::uint64_t hash(const Key& k);
    /// The slot that holds `k`, or the empty slot where it would go.
    std::size_t slotOf(const Key& k) const;
    void grow();

    // Open addressing over two flat arrays, not a node per edge: a dense layer has millions of edges, and a
    // cancelled render must free them in a moment (freeing a node map of 2.4 M edges took 70 ms, most of the
    // 100 ms a cancelled render has to stop). m_slots holds 1 + an index into m_entries, 0 for empty.
    std::vector<Entry> m_entries;
    std::vector<std::uint32_t> m_slots;
};

} // namespace gis::detail
