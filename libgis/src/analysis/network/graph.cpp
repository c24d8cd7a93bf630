#include "graph.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numeric>
#include <queue>
#include <tuple>
#include <unordered_map>

#include "gis/core/error.h"
#include "gis/core/parallel.h"
#include "gis/crs/geodesic.h"

#include "invalidgate.h"

namespace gis::analysis::detail {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kMetresPerDegreeLat = 110574.0;
constexpr double kMetresPerDegreeLonAtEquator = 111320.0;

std::string trim(const std::string& s)
{
    const auto a = s.find_first_not_of(" \t");
    if (a == std::string::npos)
        return {};
    return s.substr(a, s.find_last_not_of(" \t") - a + 1);
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

/// Planar distance from p to the segment a-b, and the parameter of the nearest point on it.
std::pair<double, double> segmentDistance(double px, double py, double ax, double ay, double bx, double by)
{
    const double dx = bx - ax, dy = by - ay;
    const double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0.0;
    t = std::clamp(t, 0.0, 1.0);
    return {std::hypot(px - (ax + t * dx), py - (ay + t * dy)), t};
}

struct CellHash {
    std::size_t operator()(const std::pair<std::int64_t, std::int64_t>& k) const
    {
        return std::hash<std::int64_t>()(k.first) * 1000003u ^ std::hash<std::int64_t>()(k.second);
    }
};

std::int64_t cellOf(double v, double cell)
{
    const double c = std::floor(v / cell);
    return static_cast<std::int64_t>(std::clamp(c, -1e17, 1e17));
}

} // namespace

std::map<std::string, double> parseSpeeds(const std::string& text, const std::string& algorithmId)
{
    std::map<std::string, double> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        const std::string item = trim(text.substr(start, comma - start));
        start = comma + 1;
        if (item.empty())
            continue;
        const std::size_t colon = item.rfind(':');
        const auto bad = [&](const std::string& why) {
            return Error(ErrorCode::Argument, algorithmId + ": --speeds \"" + text + "\": \"" + item + "\" " + why
                    + " (expected class:km/h pairs, e.g. \"motorway:100,primary:80\")");
        };
        if (colon == std::string::npos)
            throw bad("has no speed");
        const std::string name = trim(item.substr(0, colon));
        const std::string number = trim(item.substr(colon + 1));
        char* end = nullptr;
        const double v = std::strtod(number.c_str(), &end);
        if (name.empty() || number.empty() || end != number.c_str() + number.size() || !std::isfinite(v) || v <= 0)
            throw bad("is not a class and a speed above 0 km/h");
        out[name] = v;
    }
    return out;
}

int onewayDirection(const std::string& value)
{
    const std::string v = lower(trim(value));
    if (v == "yes" || v == "1" || v == "true")
        return 1;
    if (v == "-1")
        return -1;
    return 0;
}

void addNetworkParameters(AlgorithmInfo& info)
{
    Parameter cost = Parameter::make("cost", ParameterType::Choice, "Cost", "الكلفة",
        "length (metres) or time (minutes at the speed of each road's class)",
        "length (بالأمتار) أو time (بالدقائق حسب سرعة فئة كل طريق)");
    cost.defaultValue = "length";
    cost.choices = {"length", "time"};
    Parameter speeds = Parameter::make("speeds", ParameterType::Text, "Speeds by class", "السرعات حسب الفئة",
        "class:km/h pairs for cost time, e.g. motorway:100,primary:80",
        "أزواج الفئة:كم/س لكلفة الزمن، مثل motorway:100,primary:80");
    speeds.defaultValue = "motorway:100,trunk:90,primary:80,secondary:60,tertiary:50,residential:30,track:20";
    Parameter defaultSpeed = Parameter::make("default-speed", ParameterType::Number, "Default speed", "السرعة الافتراضية",
        "km/h of a road whose class is not in --speeds", "السرعة (كم/س) لطريق فئته ليست في --speeds");
    defaultSpeed.defaultValue = "50";
    defaultSpeed.minimum = 0.1;
    defaultSpeed.maximum = 1000;
    defaultSpeed.unit = "km/h";
    Parameter classField = Parameter::make("class-field", ParameterType::Field, "Class field", "حقل الفئة",
        "the field holding each road's class (default: \"class\" when the layer has it)",
        "الحقل الذي يحمل فئة كل طريق (افتراضياً \"class\" إن وُجد)");
    Parameter oneway = Parameter::make("oneway-field", ParameterType::Field, "One-way field", "حقل الاتجاه الواحد",
        "yes/1/true: one way in the line's direction; -1: against it; anything else: both ways",
        "yes/1/true: اتجاه واحد باتجاه الخط؛ ‎-1: عكسه؛ غير ذلك: الاتجاهان");
    Parameter snap = Parameter::make("snap", ParameterType::Number, "Snap tolerance", "مسافة الالتقاط",
        "vertices of different lines closer than this are joined into one node, in metres",
        "رؤوس الخطوط المختلفة الأقرب من هذه المسافة تُدمج في عقدة واحدة، بالأمتار");
    snap.defaultValue = "1";
    snap.minimum = 0;
    snap.maximum = 100;
    snap.unit = "m";
    for (Parameter* p : {&cost, &speeds, &defaultSpeed, &classField, &oneway, &snap})
        info.parameters.push_back(std::move(*p));
}

NetworkOptions networkOptions(const AlgorithmInfo& info, const ParameterValues& values, const Layer& roads)
{
    NetworkOptions o;
    o.snapMetres = values.number("snap");
    o.cost = values.text("cost") == "time" ? NetworkCost::Time : NetworkCost::Length;
    o.speeds = parseSpeeds(values.text("speeds"), info.id);
    o.defaultSpeed = values.number("default-speed");
    o.classField = values.text("class-field");
    if (o.classField.empty() && roads.attributes().indexOf("class") >= 0)
        o.classField = "class";
    o.onewayField = values.text("oneway-field");
    return o;
}

RoadGraph::RoadGraph(const Layer& roads, const NetworkOptions& options, const RunOptions& run)
    : m_geographic(roads.crs().isGeographic()), m_cost(options.cost)
{
    const char* what = "road network";
    // 1. The lines, one geometry per part, through the invalid-geometry policy.
    const InvalidGate gate(roads, run.invalid);
    std::vector<std::uint32_t> lineRow;
    for (std::size_t row = 0; row < roads.size(); ++row) {
        if (row % 1024 == 0)
            run.feedback.cancel.throwIfCancelled(what);
        const GeometryRef g = roads.geometry(row);
        if (g.type() == GeometryType::Unknown) {
            ++m_nullGeometries;
            continue;
        }
        const InvalidGate::Verdict verdict = gate.check(row);
        if (verdict.kind != InvalidGate::Verdict::Kind::Use)
            m_invalid.push_back(gate.report(row, verdict));
        if (verdict.kind == InvalidGate::Verdict::Kind::Skip)
            continue;
        const GeometryRef use = gate.geometry(row, verdict);
        const GeometryColumn& col = *use.column;
        for (std::size_t p = col.partBegin(use.index); p < col.partEnd(use.index); ++p) {
            if (col.partType(p) != GeometryType::LineString)
                continue;
            const std::size_t r = col.ringBegin(p);
            if (col.coordEnd(r) - col.coordBegin(r) < 2)
                continue;
            m_lines.beginGeometry(GeometryType::LineString);
            m_lines.beginPart(GeometryType::LineString);
            m_lines.beginRing();
            for (std::size_t c = col.coordBegin(r); c < col.coordEnd(r); ++c) {
                const Coord& xy = col.coord(c);
                if (!std::isfinite(xy.x) || !std::isfinite(xy.y))
                    throw Error(ErrorCode::Geometry, "layer \"" + roads.name() + "\", feature "
                            + std::to_string(roads.fid(row)) + ": a coordinate is not a finite number");
                m_lines.addCoord(xy.x, xy.y);
            }
            m_lines.endGeometry();
            lineRow.push_back(static_cast<std::uint32_t>(row));
        }
    }
    if (m_lines.empty())
        throw Error(ErrorCode::Argument, "layer \"" + roads.name() + "\" has no lines to make a road network of");
    if (m_lines.coordCount() >= kNone)
        throw Error(ErrorCode::Argument, "layer \"" + roads.name() + "\" has too many vertices for a road network");

    const Box extent = m_lines.bounds();
    if (m_geographic) {
        const double lat0 = std::clamp(extent.center().y, -89.0, 89.0);
        m_scaleX = kMetresPerDegreeLonAtEquator * std::cos(lat0 * kPi / 180.0);
        m_scaleY = kMetresPerDegreeLat;
    }

    // 2. Segment lengths (geodesic on longitude/latitude: the costly part), on every core.
    const std::size_t nc = m_lines.coordCount();
    m_segmentLengths.assign(nc, 0.0);
    constexpr std::size_t kChunk = 512;
    ParallelOptions parallel;
    parallel.maxThreads = run.threads;
    parallel.what = what;
    parallelFor((m_lines.size() + kChunk - 1) / kChunk, [&](std::size_t chunk) {
        const std::size_t end = std::min(m_lines.size(), (chunk + 1) * kChunk);
        for (std::size_t g = chunk * kChunk; g < end; ++g) {
            run.feedback.cancel.throwIfCancelled(what); // a line may have thousands of vertices
            const std::size_t r = m_lines.ringBegin(m_lines.partBegin(g));
            for (std::size_t c = m_lines.coordBegin(r); c + 1 < m_lines.coordEnd(r); ++c)
                m_segmentLengths[c] = distance(m_lines.coord(c), m_lines.coord(c + 1));
        }
    }, &run.feedback.cancel, parallel);

    // 3. Nodes: vertices of different lines within the tolerance are one (union-find over a grid of cells of the
    // tolerance's size); a vertex is a node when it ends its line or is shared with another line.
    std::vector<std::uint32_t> lineOf(nc);
    for (std::size_t g = 0; g < m_lines.size(); ++g) {
        const std::size_t r = m_lines.ringBegin(m_lines.partBegin(g));
        std::fill(lineOf.begin() + static_cast<std::ptrdiff_t>(m_lines.coordBegin(r)),
            lineOf.begin() + static_cast<std::ptrdiff_t>(m_lines.coordEnd(r)), static_cast<std::uint32_t>(g));
    }
    std::vector<std::uint32_t> parent(nc);
    std::iota(parent.begin(), parent.end(), 0u);
    const auto find = [&](std::uint32_t x) {
        while (parent[x] != x)
            x = parent[x] = parent[parent[x]];
        return x;
    };
    // Cells a quarter larger than the tolerance: the local metres are approximate away from the mean latitude.
    const double cell = std::max(options.snapMetres * 1.25, 1e-6);
    std::unordered_map<std::pair<std::int64_t, std::int64_t>, std::vector<std::uint32_t>, CellHash> grid;
    for (std::uint32_t c = 0; c < nc; ++c) {
        if (c % 4096 == 0) // up to 9 geodesic distances a vertex: a check every few milliseconds
            run.feedback.cancel.throwIfCancelled(what);
        const Coord& xy = m_lines.coord(c);
        const std::int64_t kx = cellOf(xy.x * m_scaleX, cell), ky = cellOf(xy.y * m_scaleY, cell);
        for (std::int64_t dx = -1; dx <= 1; ++dx)
            for (std::int64_t dy = -1; dy <= 1; ++dy) {
                const auto it = grid.find({kx + dx, ky + dy});
                if (it == grid.end())
                    continue;
                for (const std::uint32_t other : it->second)
                    if (lineOf[other] != lineOf[c] && distance(xy, m_lines.coord(other)) <= options.snapMetres) {
                        const std::uint32_t a = find(c), b = find(other);
                        parent[std::max(a, b)] = std::min(a, b);
                    }
            }
        grid[{kx, ky}].push_back(c);
    }
    grid.clear();
    std::vector<std::uint8_t> shared(nc, 0); // per root: members on more than one line
    for (std::uint32_t c = 0; c < nc; ++c)
        if (lineOf[find(c)] != lineOf[c])
            shared[find(c)] = 1;
    std::vector<std::uint32_t> nodeOfRoot(nc, kNone);
    const auto isEnd = [&](std::uint32_t c) {
        const std::size_t r = m_lines.ringBegin(m_lines.partBegin(lineOf[c]));
        return c == m_lines.coordBegin(r) || c + 1 == m_lines.coordEnd(r);
    };
    std::vector<std::uint32_t> nodeOf(nc, kNone);
    for (std::uint32_t c = 0; c < nc; ++c) {
        const std::uint32_t root = find(c);
        if (!isEnd(c) && !shared[root])
            continue;
        if (nodeOfRoot[root] == kNone) {
            nodeOfRoot[root] = static_cast<std::uint32_t>(m_nodes.size());
            m_nodes.push_back(m_lines.coord(root));
        }
        nodeOf[c] = nodeOfRoot[root];
    }

    // 4. Edges between consecutive nodes of each line, with the road's speed and directions.
    const int classColumn = options.classField.empty() ? -1 : roads.attributes().indexOf(options.classField);
    const int onewayColumn = options.onewayField.empty() ? -1 : roads.attributes().indexOf(options.onewayField);
    for (std::size_t g = 0; g < m_lines.size(); ++g) {
        const std::uint32_t row = lineRow[g];
        double speed = options.defaultSpeed;
        if (classColumn >= 0) {
            const auto it = options.speeds.find(roads.attributes().column(static_cast<std::size_t>(classColumn)).toString(row));
            if (it != options.speeds.end())
                speed = it->second;
        }
        const int direction = onewayColumn < 0 ? 0
            : onewayDirection(roads.attributes().column(static_cast<std::size_t>(onewayColumn)).toString(row));
        const std::size_t r = m_lines.ringBegin(m_lines.partBegin(g));
        std::uint32_t start = static_cast<std::uint32_t>(m_lines.coordBegin(r));
        const std::uint32_t last = static_cast<std::uint32_t>(m_lines.coordEnd(r) - 1);
        double length = 0;
        for (std::uint32_t c = start + 1; c <= last; ++c) {
            length += m_segmentLengths[c - 1];
            if (nodeOf[c] == kNone)
                continue;
            NetworkEdge e;
            e.from = nodeOf[start];
            e.to = nodeOf[c];
            e.row = row;
            e.coordBegin = start;
            e.coordEnd = c;
            e.length = length;
            e.speed = speed;
            e.forward = direction >= 0;
            e.backward = direction <= 0;
            m_edges.push_back(e);
            start = c;
            length = 0;
        }
    }

    // 5. CSR adjacency: the arcs leaving each node, in edge order.
    m_arcOffsets.assign(m_nodes.size() + 1, 0);
    for (const auto& e : m_edges) {
        m_arcOffsets[e.from + 1] += e.forward;
        m_arcOffsets[e.to + 1] += e.backward;
    }
    std::partial_sum(m_arcOffsets.begin(), m_arcOffsets.end(), m_arcOffsets.begin());
    m_arcs.resize(m_arcOffsets.back());
    std::vector<std::uint32_t> fill(m_arcOffsets.begin(), m_arcOffsets.end() - 1);
    for (std::uint32_t i = 0; i < m_edges.size(); ++i) {
        const NetworkEdge& e = m_edges[i];
        const double cost = e.length * costPerMetre(e);
        if (e.forward)
            m_arcs[fill[e.from]++] = {e.to, i, cost};
        if (e.backward)
            m_arcs[fill[e.to]++] = {e.from, i, cost};
    }

    // 6. A grid of the edges in local metres, for snapping points: about two edges a cell, at most 1024 × 1024.
    std::vector<Box> boxes(m_edges.size());
    Box all;
    for (std::size_t i = 0; i < m_edges.size(); ++i) {
        for (std::uint32_t c = m_edges[i].coordBegin; c <= m_edges[i].coordEnd; ++c)
            boxes[i].expand(m_lines.coord(c).x * m_scaleX, m_lines.coord(c).y * m_scaleY);
        all.expand(boxes[i].minX, boxes[i].minY);
        all.expand(boxes[i].maxX, boxes[i].maxY);
    }
    const double side = std::max({all.width(), all.height(), 1e-3});
    m_cell = std::max(side / 1024.0, std::sqrt(std::max(all.width(), 1e-3) * std::max(all.height(), 1e-3)
                                                   / (static_cast<double>(m_edges.size()) / 2.0 + 1.0)));
    m_gridX = all.minX;
    m_gridY = all.minY;
    m_gridW = std::clamp<std::int64_t>(static_cast<std::int64_t>(all.width() / m_cell) + 1, 1, 1024);
    m_gridH = std::clamp<std::int64_t>(static_cast<std::int64_t>(all.height() / m_cell) + 1, 1, 1024);
    const auto cellRange = [&](const Box& b, std::int64_t& i0, std::int64_t& j0, std::int64_t& i1, std::int64_t& j1) {
        i0 = std::clamp<std::int64_t>(static_cast<std::int64_t>((b.minX - m_gridX) / m_cell), 0, m_gridW - 1);
        j0 = std::clamp<std::int64_t>(static_cast<std::int64_t>((b.minY - m_gridY) / m_cell), 0, m_gridH - 1);
        i1 = std::clamp<std::int64_t>(static_cast<std::int64_t>((b.maxX - m_gridX) / m_cell), 0, m_gridW - 1);
        j1 = std::clamp<std::int64_t>(static_cast<std::int64_t>((b.maxY - m_gridY) / m_cell), 0, m_gridH - 1);
    };
    m_cellStart.assign(static_cast<std::size_t>(m_gridW * m_gridH + 1), 0);
    for (int pass = 0; pass < 2; ++pass) {
        std::vector<std::uint32_t> fillCell;
        if (pass == 1) {
            std::partial_sum(m_cellStart.begin(), m_cellStart.end(), m_cellStart.begin());
            m_cellEdges.resize(m_cellStart.back());
            fillCell.assign(m_cellStart.begin(), m_cellStart.end() - 1);
        }
        for (std::uint32_t e = 0; e < m_edges.size(); ++e) {
            std::int64_t i0, j0, i1, j1;
            cellRange(boxes[e], i0, j0, i1, j1);
            for (std::int64_t j = j0; j <= j1; ++j)
                for (std::int64_t i = i0; i <= i1; ++i) {
                    const auto cell = static_cast<std::size_t>(j * m_gridW + i);
                    if (pass == 0)
                        ++m_cellStart[cell + 1];
                    else
                        m_cellEdges[fillCell[cell]++] = e;
                }
        }
    }
}

double RoadGraph::distance(const Coord& a, const Coord& b) const
{
    return m_geographic ? geodesic::distance(a, b) : std::hypot(b.x - a.x, b.y - a.y);
}

double RoadGraph::costPerMetre(const NetworkEdge& edge) const
{
    return m_cost == NetworkCost::Length ? 1.0 : 60.0 / (edge.speed * 1000.0);
}

std::optional<NetworkSnap> RoadGraph::snap(Coord p) const
{
    if (m_edges.empty())
        return std::nullopt;
    const double px = p.x * m_scaleX, py = p.y * m_scaleY;
    const auto edgeDistance = [&](std::uint32_t i) {
        const NetworkEdge& e = m_edges[i];
        double best = kInfinity;
        for (std::uint32_t c = e.coordBegin; c < e.coordEnd; ++c) {
            const Coord& a = m_lines.coord(c);
            const Coord& b = m_lines.coord(c + 1);
            best = std::min(best, segmentDistance(px, py, a.x * m_scaleX, a.y * m_scaleY, b.x * m_scaleX, b.y * m_scaleY).first);
        }
        return best;
    };
    // Rings of cells around the point's cell, nearest first, until no cell of a ring can hold a nearer edge.
    // (clamped as doubles first: a point far outside must not overflow the conversion)
    const auto ci = static_cast<std::int64_t>(std::clamp(std::floor((px - m_gridX) / m_cell), 0.0, static_cast<double>(m_gridW - 1)));
    const auto cj = static_cast<std::int64_t>(std::clamp(std::floor((py - m_gridY) / m_cell), 0.0, static_cast<double>(m_gridH - 1)));
    std::uint32_t bestEdge = kNone;
    double bestDistance = kInfinity;
    std::vector<std::uint32_t> seen;
    for (std::int64_t ring = 0; ring <= std::max(m_gridW, m_gridH); ++ring) {
        bool anyCell = false;
        for (std::int64_t j = cj - ring; j <= cj + ring; ++j)
            for (std::int64_t i = ci - ring; i <= ci + ring; ++i) {
                if (std::max(std::abs(i - ci), std::abs(j - cj)) != ring || i < 0 || j < 0 || i >= m_gridW || j >= m_gridH)
                    continue;
                const double x0 = m_gridX + static_cast<double>(i) * m_cell, y0 = m_gridY + static_cast<double>(j) * m_cell;
                const double dx = std::max({x0 - px, 0.0, px - (x0 + m_cell)});
                const double dy = std::max({y0 - py, 0.0, py - (y0 + m_cell)});
                if (std::hypot(dx, dy) > bestDistance)
                    continue;
                anyCell = true;
                const auto cell = static_cast<std::size_t>(j * m_gridW + i);
                for (std::uint32_t k = m_cellStart[cell]; k < m_cellStart[cell + 1]; ++k) {
                    const std::uint32_t e = m_cellEdges[k];
                    if (std::find(seen.begin(), seen.end(), e) != seen.end())
                        continue;
                    seen.push_back(e);
                    const double d = edgeDistance(e);
                    if (d < bestDistance || (d == bestDistance && e < bestEdge)) {
                        bestDistance = d;
                        bestEdge = e;
                    }
                }
            }
        if (!anyCell && bestEdge != kNone)
            break;
    }
    if (bestEdge == kNone)
        return std::nullopt;
    NetworkSnap s;
    s.edge = bestEdge;
    s.distance = bestDistance;
    const NetworkEdge& e = m_edges[s.edge];
    double along = 0, best = kInfinity;
    for (std::uint32_t c = e.coordBegin; c < e.coordEnd; ++c) {
        const Coord& a = m_lines.coord(c);
        const Coord& b = m_lines.coord(c + 1);
        const auto [d, t] = segmentDistance(px, py, a.x * m_scaleX, a.y * m_scaleY, b.x * m_scaleX, b.y * m_scaleY);
        if (d < best) {
            best = d;
            s.point = {a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)};
            s.offset = std::min(e.length, along + (t >= 1 ? m_segmentLengths[c] : distance(a, s.point)));
        }
        along += m_segmentLengths[c];
    }
    return s;
}

void RoadGraph::seedsOf(const NetworkSnap& snap, std::uint32_t source, std::vector<NetworkSeed>& seeds) const
{
    const NetworkEdge& e = m_edges[snap.edge];
    const double perMetre = costPerMetre(e);
    if (e.backward)
        seeds.push_back({e.from, snap.offset * perMetre, source});
    if (e.forward)
        seeds.push_back({e.to, (e.length - snap.offset) * perMetre, source});
}

void RoadGraph::appendPiece(std::vector<Coord>& out, std::uint32_t edge, double a, double b) const
{
    const NetworkEdge& e = m_edges[edge];
    const bool reversed = b < a;
    const double from = std::clamp(std::min(a, b), 0.0, e.length);
    const double to = std::clamp(std::max(a, b), 0.0, e.length);
    std::vector<Coord> piece;
    const auto at = [&](std::uint32_t c, double cumulative, double offset) {
        const double len = m_segmentLengths[c];
        const double t = len > 0 ? std::clamp((offset - cumulative) / len, 0.0, 1.0) : 0.0;
        const Coord& p = m_lines.coord(c);
        const Coord& q = m_lines.coord(c + 1);
        return Coord{p.x + t * (q.x - p.x), p.y + t * (q.y - p.y)};
    };
    double cumulative = 0;
    for (std::uint32_t c = e.coordBegin; c < e.coordEnd; ++c) {
        const double next = cumulative + m_segmentLengths[c];
        const bool lastSegment = c + 1 == e.coordEnd;
        if (piece.empty() && (from <= next || lastSegment))
            piece.push_back(at(c, cumulative, from));
        if (!piece.empty()) {
            if (to <= next || lastSegment) {
                piece.push_back(at(c, cumulative, to));
                break;
            }
            piece.push_back(m_lines.coord(c + 1));
        }
        cumulative = next;
    }
    if (reversed)
        std::reverse(piece.begin(), piece.end());
    for (const Coord& c : piece)
        if (out.empty() || !(out.back() == c))
            out.push_back(c);
}

ShortestPathTree RoadGraph::search(const std::vector<NetworkSeed>& seeds, double limit, const Feedback& feedback,
    const char* what) const
{
    const std::size_t n = m_nodes.size();
    ShortestPathTree tree;
    tree.cost.assign(n, kInfinity);
    tree.source.assign(n, kNone);
    tree.arc.assign(n, kNone);
    std::vector<std::uint8_t> done(n, 0);
    using Entry = std::tuple<double, std::uint32_t, std::uint32_t>; // cost, source, node: ties go to the lower source
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> heap;
    const auto better = [&](double cost, std::uint32_t source, std::uint32_t node) {
        return cost < tree.cost[node] || (cost == tree.cost[node] && source < tree.source[node]);
    };
    for (const auto& s : seeds)
        if (s.cost <= limit && better(s.cost, s.source, s.node)) {
            tree.cost[s.node] = s.cost;
            tree.source[s.node] = s.source;
            tree.arc[s.node] = kNone;
            heap.emplace(s.cost, s.source, s.node);
        }
    std::size_t popped = 0;
    while (!heap.empty()) {
        const auto [cost, source, node] = heap.top();
        heap.pop();
        if (done[node] || cost != tree.cost[node] || source != tree.source[node])
            continue;
        done[node] = 1;
        if (++popped % 4096 == 0) {
            feedback.cancel.throwIfCancelled(what);
            feedback.report(static_cast<double>(popped) / static_cast<double>(n));
        }
        for (std::uint32_t a = m_arcOffsets[node]; a < m_arcOffsets[node + 1]; ++a) {
            const NetworkArc& arc = m_arcs[a];
            const double c = cost + arc.cost;
            if (c <= limit && !done[arc.target] && better(c, source, arc.target)) {
                tree.cost[arc.target] = c;
                tree.source[arc.target] = source;
                tree.arc[arc.target] = a;
                heap.emplace(c, source, arc.target);
            }
        }
    }
    feedback.cancel.throwIfCancelled(what);
    return tree;
}

} // namespace gis::analysis::detail
