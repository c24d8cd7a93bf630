#include "edit/gpkgrtree.h"

#include <algorithm>
#include <bit>
#include <cmath>

#include "gis/core/error.h"
#include "gis/core/handle.h"
#include "gpkgtable.h"

namespace gis::detail {

namespace {

constexpr std::size_t kCellBytes = 8 + 4 * 4; // id, then minx maxx miny maxy as 32-bit floats

/// As SQLite's rtreeValueDown / rtreeValueUp: the float nearest v on the outside.
float down(double v)
{
    float f = static_cast<float>(v);
    if (static_cast<double>(f) > v)
        f = std::nextafter(f, -INFINITY);
    return f;
}
float up(double v)
{
    float f = static_cast<float>(v);
    if (static_cast<double>(f) < v)
        f = std::nextafter(f, INFINITY);
    return f;
}

void putBe64(std::string& out, std::uint64_t v)
{
    for (int k = 7; k >= 0; --k)
        out.push_back(static_cast<char>((v >> (8 * k)) & 0xff));
}
void putBe32(std::string& out, std::uint32_t v)
{
    for (int k = 3; k >= 0; --k)
        out.push_back(static_cast<char>((v >> (8 * k)) & 0xff));
}

/// Hilbert index of (x, y) in a 2^16 grid (as in flatbush).
std::uint32_t hilbert(std::uint32_t x, std::uint32_t y)
{
    std::uint32_t a = x ^ y, b = 0xFFFF ^ a, c = 0xFFFF ^ (x | y), d = x & (y ^ 0xFFFF);
    std::uint32_t A = a | (b >> 1), B = (a >> 1) ^ a, C = ((c >> 1) ^ (b & (d >> 1))) ^ c, D = ((a & (c >> 1)) ^ (d >> 1)) ^ d;
    a = A; b = B; c = C; d = D;
    A = (a & (a >> 2)) ^ (b & (b >> 2));
    B = (a & (b >> 2)) ^ (b & ((a ^ b) >> 2));
    C ^= (a & (c >> 2)) ^ (b & (d >> 2));
    D ^= (b & (c >> 2)) ^ ((a ^ b) & (d >> 2));
    a = A; b = B; c = C; d = D;
    A = (a & (a >> 4)) ^ (b & (b >> 4));
    B = (a & (b >> 4)) ^ (b & ((a ^ b) >> 4));
    C ^= (a & (c >> 4)) ^ (b & (d >> 4));
    D ^= (b & (c >> 4)) ^ ((a ^ b) & (d >> 4));
    a = A; b = B; c = C; d = D;
    C ^= (a & (c >> 8)) ^ (b & (d >> 8));
    D ^= (b & (c >> 8)) ^ ((a ^ b) & (d >> 8));
    a = C ^ (C >> 1);
    b = D ^ (D >> 1);
    std::uint32_t i0 = x ^ y, i1 = b | (0xFFFF ^ (i0 | a));
    i0 = (i0 | (i0 << 8)) & 0x00FF00FF; i0 = (i0 | (i0 << 4)) & 0x0F0F0F0F;
    i0 = (i0 | (i0 << 2)) & 0x33333333; i0 = (i0 | (i0 << 1)) & 0x55555555;
    i1 = (i1 | (i1 << 8)) & 0x00FF00FF; i1 = (i1 | (i1 << 4)) & 0x0F0F0F0F;
    i1 = (i1 | (i1 << 2)) & 0x33333333; i1 = (i1 | (i1 << 1)) & 0x55555555;
    return (i1 << 1) | i0;
}

struct Cell {
    std::int64_t id; ///< rowid (leaf) or child node number
    float box[4];    ///< minx maxx miny maxy
};

using Stmt = UniqueHandle<sqlite3_stmt, sqlite3_finalize>;

} // namespace

void bulkLoadRtree(sqlite3* db, const std::string& rtree, std::vector<std::pair<std::int64_t, Box>> items,
    const std::string& where)
{
    auto fail = [&] { throw Error(ErrorCode::Io, where + ": R-tree " + rtree + ": " + sqlite3_errmsg(db)); };
    auto prepare = [&](const std::string& sql) {
        sqlite3_stmt* raw = nullptr;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK)
            fail();
        return Stmt(raw);
    };
    auto run = [&](sqlite3_stmt* st) {
        if (sqlite3_step(st) != SQLITE_DONE)
            fail();
        sqlite3_reset(st);
    };
    // The table's node size is the length of its root node (SQLite keeps it from the table's creation).
    std::size_t nodeBytes = 0;
    {
        Stmt st = prepare("SELECT length(data) FROM " + quoteIdentifier(rtree + "_node") + " WHERE nodeno = 1");
        if (sqlite3_step(st.get()) != SQLITE_ROW)
            fail();
        nodeBytes = static_cast<std::size_t>(sqlite3_column_int64(st.get(), 0));
    }
    const std::size_t fanout = nodeBytes > 4 ? (nodeBytes - 4) / kCellBytes : 0;
    if (fanout < 4)
        throw Error(ErrorCode::Format, where + ": R-tree " + rtree + " has nodes of " + std::to_string(nodeBytes) + " bytes");

    // Leaves along the Hilbert curve of the boxes' centres.
    items.erase(std::remove_if(items.begin(), items.end(), [](const auto& i) { return i.second.isEmpty(); }), items.end());
    Box all;
    for (const auto& i : items)
        all.expand(i.second);
    std::vector<std::pair<std::uint32_t, std::size_t>> order(items.size());
    const double w = all.width() > 0 ? all.width() : 1, h = all.height() > 0 ? all.height() : 1;
    for (std::size_t k = 0; k < items.size(); ++k) {
        const Coord c = items[k].second.center();
        const auto hx = static_cast<std::uint32_t>(std::clamp((c.x - all.minX) / w, 0.0, 1.0) * 65535);
        const auto hy = static_cast<std::uint32_t>(std::clamp((c.y - all.minY) / h, 0.0, 1.0) * 65535);
        order[k] = {hilbert(hx, hy), k};
    }
    std::sort(order.begin(), order.end());
    std::vector<Cell> level;
    level.reserve(items.size());
    for (const auto& [key, k] : order) {
        const Box& b = items[k].second;
        level.push_back({items[k].first, {down(b.minX), up(b.maxX), down(b.minY), up(b.maxY)}});
    }

    // Levels bottom-up; each node's cells, then its parent. Node numbers: the root is 1, the others follow.
    struct Node {
        std::vector<Cell> cells;
        std::size_t parent = 0; ///< index in `nodes`
    };
    std::vector<Node> nodes;
    std::vector<std::size_t> levelNodes; // indices in `nodes` of the current level's nodes
    int depth = 0;
    for (;;) {
        std::vector<std::size_t> made;
        for (std::size_t i = 0; i < level.size() || (made.empty() && i == 0); i += fanout) {
            Node n;
            n.cells.assign(level.begin() + static_cast<std::ptrdiff_t>(std::min(i, level.size())),
                level.begin() + static_cast<std::ptrdiff_t>(std::min(i + fanout, level.size())));
            made.push_back(nodes.size());
            nodes.push_back(std::move(n));
            if (level.empty())
                break;
        }
        for (std::size_t c = 0; c < levelNodes.size(); ++c)
            nodes[levelNodes[c]].parent = made[c / fanout];
        if (made.size() == 1)
            break;
        // The next level: one cell per node of this one, its id the node's index for now.
        std::vector<Cell> up;
        for (const std::size_t m : made) {
            Cell cell{static_cast<std::int64_t>(m), {INFINITY, -INFINITY, INFINITY, -INFINITY}};
            for (const Cell& c : nodes[m].cells) {
                cell.box[0] = std::min(cell.box[0], c.box[0]);
                cell.box[1] = std::max(cell.box[1], c.box[1]);
                cell.box[2] = std::min(cell.box[2], c.box[2]);
                cell.box[3] = std::max(cell.box[3], c.box[3]);
            }
            up.push_back(cell);
        }
        level = std::move(up);
        levelNodes = made;
        ++depth;
    }
    // Number the nodes: the root (the last made) is 1.
    const std::size_t root = nodes.size() - 1;
    std::vector<std::int64_t> number(nodes.size());
    std::int64_t next = 2;
    for (std::size_t i = 0; i < nodes.size(); ++i)
        number[i] = i == root ? 1 : next++;

    for (const char* shadow : {"_node", "_parent", "_rowid"})
        if (sqlite3_exec(db, ("DELETE FROM " + quoteIdentifier(rtree + shadow)).c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
            fail();
    Stmt node = prepare("INSERT INTO " + quoteIdentifier(rtree + "_node") + " (nodeno, data) VALUES (?1, ?2)");
    Stmt parent = prepare("INSERT INTO " + quoteIdentifier(rtree + "_parent") + " (nodeno, parentnode) VALUES (?1, ?2)");
    Stmt rowid = prepare("INSERT INTO " + quoteIdentifier(rtree + "_rowid") + " (rowid, nodeno) VALUES (?1, ?2)");
    std::string blob;
    // A node is internal when a node names it as parent.
    std::vector<bool> isLeaf(nodes.size(), true);
    for (std::size_t i = 0; i < nodes.size(); ++i)
        if (i != root)
            isLeaf[nodes[i].parent] = false;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        blob.assign(nodeBytes, '\0');
        std::string cells;
        for (const Cell& c : nodes[i].cells) {
            putBe64(cells, static_cast<std::uint64_t>(isLeaf[i] ? c.id : number[static_cast<std::size_t>(c.id)]));
            for (const float f : c.box)
                putBe32(cells, std::bit_cast<std::uint32_t>(f));
        }
        const std::uint16_t d = i == root ? static_cast<std::uint16_t>(depth) : 0;
        const auto n = static_cast<std::uint16_t>(nodes[i].cells.size());
        blob[0] = static_cast<char>(d >> 8);
        blob[1] = static_cast<char>(d & 0xff);
        blob[2] = static_cast<char>(n >> 8);
        blob[3] = static_cast<char>(n & 0xff);
        blob.replace(4, cells.size(), cells);
        sqlite3_bind_int64(node.get(), 1, number[i]);
        sqlite3_bind_blob64(node.get(), 2, blob.data(), blob.size(), SQLITE_TRANSIENT);
        run(node.get());
        if (i != root) {
            sqlite3_bind_int64(parent.get(), 1, number[i]);
            sqlite3_bind_int64(parent.get(), 2, number[nodes[i].parent]);
            run(parent.get());
        }
        if (isLeaf[i])
            for (const Cell& c : nodes[i].cells) {
                sqlite3_bind_int64(rowid.get(), 1, c.id);
                sqlite3_bind_int64(rowid.get(), 2, number[i]);
                run(rowid.get());
            }
    }
}

} // namespace gis::detail
