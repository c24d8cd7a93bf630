#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "gis/core/export.h"
#include "gis/crs/crs.h"
#include "gis/data/attributetable.h"
#include "gis/geom/geometrycolumn.h"
#include "gis/index/packedrtree.h"

GIS_API_BEGIN

namespace gis {

/// One feature a read did not keep exactly as the source stored it.
struct FeatureIssue {
    enum class Action : std::uint8_t {
        Skipped,      ///< left out of the layer
        NullGeometry, ///< kept, with a null geometry: the stored geometry could not be read
        Repaired,     ///< kept, but the reader had to change it (a value it could not read, as `reason` says)
    };
    std::int64_t fid = -1; ///< the source's feature id
    Action action = Action::Skipped;
    std::string reason;    ///< what is wrong, without the file and layer (those are the report's)
};

/// What happened while a layer was read: how many features were kept, skipped, kept with a null geometry or
/// repaired, and why, feature by feature; and problems of the layer as a whole (the file says it holds more
/// features than could be read: a truncated file).
///
/// Counts are exact. `issues` lists the first kMaxIssues features (a file of a million bad features still
/// loads in bounded memory); `messages` keeps the first kMaxMessages ready-made sentences naming the file,
/// the layer and the feature, for callers that only show text.
struct LoadReport {
    std::size_t featuresRead = 0;     ///< features in the layer (null-geometry and repaired ones included)
    std::size_t featuresSkipped = 0;  ///< features the source has and the layer leaves out
    std::size_t featuresNulled = 0;   ///< features kept with a null geometry instead of an unreadable one
    std::size_t featuresRepaired = 0; ///< features kept with a changed value
    /// Features the source's own count promises (a Shapefile's .shx, a .dbf header, a FlatGeobuf header) that
    /// the read never reached: the file ends early or cannot be read on. They have no ids to list.
    std::size_t featuresMissing = 0;
    /// The read stopped at an error before the end of the layer (how many features were lost is
    /// featuresMissing when the source says how many it holds).
    bool stoppedEarly = false;
    /// What the source says it holds (-1: it does not say). GeoPackage: gpkg_ogr_contents, a hint only.
    std::int64_t declaredCount = -1;
    std::vector<FeatureIssue> issues;  ///< in the source's order; at most kMaxIssues
    std::vector<std::string> problems; ///< layer-wide, each a sentence naming the file and the layer
    std::vector<std::string> messages; ///< per-feature and layer-wide sentences; at most kMaxMessages
    double readMilliseconds = 0;       ///< reading the source into columns
    double indexMilliseconds = 0;      ///< building the R-tree
    /// Rows a database sent for this read (a PostgreSQL source: what its SELECT returned, before the exact check
    /// of ReadOptions::filterBox); -1 for files, which have no server to send anything.
    std::int64_t rowsReceived = -1;
    static constexpr std::size_t kMaxMessages = 20;
    static constexpr std::size_t kMaxIssues = 100000;

    /// True when every feature the source has was read as stored and nothing is wrong with the layer.
    bool isClean() const
    {
        return isComplete() && problems.empty();
    }
    /// True when every feature the source holds is in the layer as stored (problems of metadata aside).
    bool isComplete() const
    {
        return featuresSkipped == 0 && featuresNulled == 0 && featuresRepaired == 0 && featuresMissing == 0
            && !stoppedEarly;
    }
    /// Features the source holds by this read's reckoning: read, skipped and missing.
    std::size_t featuresInSource() const { return featuresRead + featuresSkipped + featuresMissing; }

    /// Records one feature's issue and counts it; `message` is the full sentence for `messages`.
    void record(FeatureIssue issue, std::string message);
    /// Records a problem of the whole layer (`message` names the file and the layer).
    void addProblem(std::string message);
    /// Shorthand for record() of a skipped feature whose id is not known.
    void skip(std::string message) { record({-1, FeatureIssue::Action::Skipped, message}, message); }
    /// Adds `other`'s counts, issues and messages (a second reading thread's, in the source's order after ours).
    void merge(const LoadReport& other);
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

GIS_API_END
