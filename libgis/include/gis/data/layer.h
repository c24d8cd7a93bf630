#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "gis/crs/crs.h"
#include "gis/data/attributetable.h"
#include "gis/geom/geometrycolumn.h"
#include "gis/index/packedrtree.h"

namespace gis {

/// What happened while a layer was read: how many features were kept and skipped, and why (the first
/// messages only, each naming the layer and the feature).
struct LoadReport {
    std::size_t featuresRead = 0;
    std::size_t featuresSkipped = 0;
    std::vector<std::string> messages; ///< at most LoadReport::kMaxMessages
    double readMilliseconds = 0;       ///< reading the source into columns
    double indexMilliseconds = 0;      ///< building the R-tree
    static constexpr std::size_t kMaxMessages = 20;

    void skip(std::string message)
    {
        ++featuresSkipped;
        if (messages.size() < kMaxMessages)
            messages.push_back(std::move(message));
    }
};

/// A vector layer held in memory: flat geometries, typed attribute columns and a packed R-tree over the
/// geometries' boxes. Row i of every column, geometry i and R-tree item i are the same feature.
///
/// Immutable once constructed: readers share it as std::shared_ptr<const Layer> and any number of threads
/// may read it at once.
class Layer {
public:
    /// Takes the columns and builds the index. `fids` are the source's feature ids (empty: firstFid, firstFid + 1,
    /// ...). Throws Error(Argument) when the columns' lengths differ.
    /// Without `buildIndex` the R-tree is left unbuilt (index() throws Error(Argument) when searched): for a layer
    /// only ever scanned, such as the points of a spatial join, which would not use it.
    Layer(std::string name, Crs crs, GeometryType geometryType, GeometryColumn geometries, AttributeTable attributes,
        std::vector<std::int64_t> fids = {}, LoadReport report = {}, std::int64_t firstFid = 0, bool buildIndex = true);

    const std::string& name() const { return m_name; }
    const Crs& crs() const { return m_crs; }
    /// The type the source declares (features may be of a compatible single/multi type, or null).
    GeometryType geometryType() const { return m_geometryType; }
    std::size_t size() const { return m_geometries.size(); }

    const GeometryColumn& geometries() const { return m_geometries; }
    GeometryRef geometry(std::size_t i) const { return {&m_geometries, i}; }
    const AttributeTable& attributes() const { return m_attributes; }
    const PackedRTree& index() const { return m_index; }
    /// Source feature id of row i.
    std::int64_t fid(std::size_t i) const { return m_fids.empty() ? m_firstFid + static_cast<std::int64_t>(i) : m_fids[i]; }
    /// Bounds of all geometries; empty (never infinite) for an empty layer.
    Box extent() const { return m_extent; }
    bool hasIndex() const { return m_index.isFinished(); }
    const LoadReport& report() const { return m_report; }

    /// Bytes held by geometries, attributes, ids and index.
    std::size_t memoryUsage() const;

private:
    std::string m_name;
    Crs m_crs;
    GeometryType m_geometryType;
    GeometryColumn m_geometries;
    AttributeTable m_attributes;
    std::vector<std::int64_t> m_fids; // empty when the ids are consecutive from m_firstFid
    std::int64_t m_firstFid = 0;
    PackedRTree m_index;
    Box m_extent;
    LoadReport m_report;
};

} // namespace gis
