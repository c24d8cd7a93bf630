#pragma once

// The road graph the network algorithms share (docs/analysis.md, "Network"): nodes where lines end and where lines
// of different features share a vertex (within a snap tolerance in metres), edges between them with their length in
// metres (geodesic on a longitude/latitude layer), a speed and the directions one may drive them; adjacency in CSR
// arrays; points snapped to the nearest point of the nearest edge (an edge split virtually there); a Dijkstra from
// several seeds at once (the nearest seed wins) with progress and cancel.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gis/analysis/algorithm.h"
#include "gis/data/layer.h"
#include "gis/geom/geometrycolumn.h"

namespace gis::analysis::detail {

enum class NetworkCost : std::uint8_t { Length, Time };

/// How the lines of a layer become a graph (the network algorithms' common parameters).
struct NetworkOptions {
    double snapMetres = 1;                 ///< vertices of different lines closer than this are one node
    NetworkCost cost = NetworkCost::Length; ///< metres, or minutes at the speeds below
    std::map<std::string, double> speeds;  ///< road class → km/h
    double defaultSpeed = 50;              ///< km/h for a class not in `speeds` (or no class field)
    std::string classField;                ///< empty: every road at defaultSpeed
    std::string onewayField;               ///< empty: every road both ways
};

/// Reads the parameters every network algorithm takes (snap, cost, speeds, default-speed, class-field,
/// oneway-field) and appends their schema to `info`.
void addNetworkParameters(AlgorithmInfo& info);
NetworkOptions networkOptions(const AlgorithmInfo& info, const ParameterValues& values, const Layer& roads);

/// Limits of the list parameters parsed at run time (--speeds, --breaks): longer text or more items is refused with
/// Error(Argument) before any item is read, so a run's parse is linear in a bounded input.
constexpr std::size_t kMaxListText = 65536;  ///< characters
constexpr std::size_t kMaxListItems = 1000;  ///< comma-separated items

/// "motorway:100, primary:80" → {motorway: 100, primary: 80}; throws Error(Argument) naming --speeds otherwise
/// (and beyond kMaxListText / kMaxListItems).
std::map<std::string, double> parseSpeeds(const std::string& text, const std::string& algorithmId);

/// Isochrone's --breaks: "10, 20, 30" → the costs, ascending, without repeats; every item a finite number above 0.
/// Throws Error(Argument) naming --breaks otherwise (and beyond kMaxListText / kMaxListItems).
std::vector<double> parseBreaks(const std::string& text);

/// "yes", "1", "true" → 1 (the line's direction only); "-1" → -1 (against it); anything else (null included) → 0.
int onewayDirection(const std::string& value);

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
constexpr double kInfinity = std::numeric_limits<double>::infinity();

/// A stretch of one line between two nodes.
struct NetworkEdge {
    std::uint32_t from = 0, to = 0;   ///< nodes at its first and last coordinate
    std::uint32_t row = 0;            ///< the road feature's row in the input layer
    std::uint32_t coordBegin = 0;     ///< its coordinates: [coordBegin, coordEnd] of RoadGraph::lines()
    std::uint32_t coordEnd = 0;
    double length = 0;                ///< metres
    double speed = 0;                 ///< km/h
    bool forward = true;              ///< may be driven from → to
    bool backward = true;             ///< may be driven to → from
};

/// One way along an edge: what Dijkstra relaxes.
struct NetworkArc {
    std::uint32_t target = 0;
    std::uint32_t edge = 0;
    double cost = 0;
};

/// A point snapped to the network: the nearest point of the nearest edge.
struct NetworkSnap {
    std::uint32_t edge = kNone;
    double offset = 0;   ///< metres from the edge's start along it
    Coord point;         ///< the point on the edge
    double distance = 0; ///< metres from the given point (local approximation on longitude/latitude)
};

/// A start of the search: a node reached at `cost` from `source`.
struct NetworkSeed {
    std::uint32_t node = 0;
    double cost = 0;
    std::uint32_t source = 0;
};

/// The result of a search: per node its cost, the source that reached it first and the arc it came by.
struct ShortestPathTree {
    std::vector<double> cost;          ///< kInfinity when not reached
    std::vector<std::uint32_t> source; ///< kNone when not reached
    std::vector<std::uint32_t> arc;    ///< index into RoadGraph::arcs(); kNone for a seed
};

/// Immutable once built; any number of threads may read it.
class RoadGraph {
public:
    /// Builds the graph of the line features of `roads` the run's invalid-geometry policy lets through (others are
    /// reported in `invalid`; features without geometry counted in `nullGeometries`). Throws Error(Geometry)
    /// as InvalidGate does, Error(Argument) when the layer has no lines, Error(Cancelled).
    RoadGraph(const Layer& roads, const NetworkOptions& options, const RunOptions& run);

    bool geographic() const { return m_geographic; }
    std::size_t nodeCount() const { return m_nodes.size(); }
    const Coord& node(std::uint32_t n) const { return m_nodes[n]; }
    const std::vector<NetworkEdge>& edges() const { return m_edges; }
    const std::vector<NetworkArc>& arcs() const { return m_arcs; }
    std::uint32_t arcBegin(std::uint32_t n) const { return m_arcOffsets[n]; }
    std::uint32_t arcEnd(std::uint32_t n) const { return m_arcOffsets[n + 1]; }
    /// The geometries the graph was built from (repaired ones included), one per line part.
    const GeometryColumn& lines() const { return m_lines; }
    const std::vector<InvalidFeature>& invalid() const { return m_invalid; }
    std::size_t nullGeometries() const { return m_nullGeometries; }

    /// The cost of one metre of `edge` (its cost unit per metre: 1, or minutes at its speed).
    double costPerMetre(const NetworkEdge& edge) const;
    /// Minutes for `metres` of `edge`.
    static double minutes(const NetworkEdge& edge, double metres) { return metres * 60.0 / (edge.speed * 1000.0); }

    /// The nearest point of the nearest edge to `p` (ties: the lower edge); nullopt when there is no edge.
    std::optional<NetworkSnap> snap(Coord p) const;

    /// Seeds that start a search at `snap` (its two end nodes, at the cost of the part of the edge up to them in
    /// a direction one may drive), all from `source`.
    void seedsOf(const NetworkSnap& snap, std::uint32_t source, std::vector<NetworkSeed>& seeds) const;

    /// Appends to `out` the coordinates of `edge` from offset `a` to offset `b` metres (reversed when b < a),
    /// skipping a first coordinate equal to out's last.
    void appendPiece(std::vector<Coord>& out, std::uint32_t edge, double a, double b) const;

    /// Dijkstra from `seeds` (a binary heap), the cheapest seed winning each node (ties: the lower source), nodes
    /// costing more than `limit` left unreached. Progress and cancel through `feedback` (checked every few
    /// thousand nodes). Throws Error(Cancelled) naming `what`.
    ShortestPathTree search(const std::vector<NetworkSeed>& seeds, double limit, const Feedback& feedback,
        const char* what) const;

    /// Metres between two coordinates of the layer (geodesic on longitude/latitude).
    double distance(const Coord& a, const Coord& b) const;

private:
    double segmentLength(std::uint32_t c) const { return m_segmentLengths[c]; }

    bool m_geographic = false;
    double m_scaleX = 1, m_scaleY = 1; ///< layer units → local metres (nearest-edge search)
    NetworkCost m_cost = NetworkCost::Length;
    GeometryColumn m_lines;
    std::vector<double> m_segmentLengths; ///< metres from coordinate c to c + 1 of m_lines (0 at a part's end)
    std::vector<Coord> m_nodes;
    std::vector<NetworkEdge> m_edges;
    std::vector<std::uint32_t> m_arcOffsets;
    std::vector<NetworkArc> m_arcs;
    // A uniform grid of the edges' boxes in local metres, for snapping points (analysis may not use index's
    // R-tree; a grid is all a nearest-edge search over a road layer needs).
    double m_cell = 1;
    double m_gridX = 0, m_gridY = 0;
    std::int64_t m_gridW = 1, m_gridH = 1;
    std::vector<std::uint32_t> m_cellStart; ///< CSR: the edges of cell (i, j) are m_cellEdges[start[j*W+i] ...]
    std::vector<std::uint32_t> m_cellEdges;
    std::vector<Box> m_edgeBoxes; ///< in local metres
    std::vector<InvalidFeature> m_invalid;
    std::size_t m_nullGeometries = 0;
};

} // namespace gis::analysis::detail
