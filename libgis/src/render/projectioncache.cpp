#include "projectioncache.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include "gis/core/error.h"
#include "gis/core/parallel.h"
#include "gis/crs/transformer.h"

namespace gis::detail {

namespace {

// One layer in one CRS. The layer is held weakly: the cache must not keep a closed layer's memory alive, and an
// entry whose layer has gone is dropped on the next lookup. `layerAddress` alone is not a key (a new layer may
// be allocated at a freed address), so a hit also checks that the weak pointer still leads to that address.
struct Entry {
    std::weak_ptr<const Layer> layer;
    const Layer* layerAddress = nullptr;
    std::string crsId;
    std::mutex mutex; // held while the column is computed, so two renders transform it once
    std::shared_ptr<const GeometryColumn> column; // only a transformed copy: the layer's own would keep it alive
    bool identity = false;                        // no transformation needed: the layer's own column
    std::shared_ptr<const std::vector<Box>> bounds;
};

std::mutex g_mutex;
std::vector<std::shared_ptr<Entry>> g_entries;

} // namespace

const Transformer& threadTransformer(const Crs& from, const Crs& to, std::optional<Transformer>& scratch)
{
    constexpr std::size_t kKept = 8;
    const std::string a = from.identifier(), b = to.identifier();
    if (a.empty() || b.empty()) {
        scratch.emplace(from, to);
        return *scratch;
    }
    struct Kept {
        std::string key;
        Transformer transformer;
    };
    thread_local std::vector<std::unique_ptr<Kept>> kept;
    const std::string key = a + "|" + b;
    for (const auto& k : kept)
        if (k->key == key)
            return k->transformer;
    if (kept.size() >= kKept)
        kept.erase(kept.begin()); // the oldest pair goes
    kept.push_back(std::make_unique<Kept>(Kept{key, Transformer(from, to)}));
    return kept.back()->transformer;
}

namespace {

// Transforms in two halves, both at once when a core is free (each half with its own Transformer: PROJ contexts
// are per thread) when there are enough coordinates to pay for it; checks `cancel` between chunks.
void transformColumn(const Crs& from, const Crs& to, GeometryColumn& column, const CancellationToken* cancel)
{
    constexpr std::size_t kChunk = 16384; // a few milliseconds of PROJ between looks at `cancel`
    constexpr std::size_t kParallelFrom = 200000;
    Coord* coords = column.mutableCoords();
    const std::size_t count = column.coordCount();
    const auto run = [&](std::size_t begin, std::size_t end) {
        std::optional<Transformer> scratch;
        const Transformer& transformer = threadTransformer(from, to, scratch);
        for (std::size_t i = begin; i < end; i += kChunk) {
            if (cancel && cancel->isCancelled())
                return;
            transformer.transform(coords + i, std::min(kChunk, end - i));
        }
    };
    if (count < kParallelFrom)
        run(0, count);
    else
        runConcurrently([&] { run(0, count / 2); }, [&] { run(count / 2, count); });
    if (cancel)
        cancel->throwIfCancelled("reprojecting a layer");
}

// A copy built geometry by geometry rather than with the copy constructor: copying a few million coordinates
// takes longer than a cancelled render may take to stop, so the copy checks `cancel` between chunks.
GeometryColumn copyColumn(const GeometryColumn& source, const CancellationToken* cancel)
{
    constexpr std::size_t kChunk = 4096;
    GeometryColumn copy;
    copy.reserve(source.size(), source.coordCount());
    for (std::size_t i = 0; i < source.size(); ++i) {
        if (i % kChunk == 0 && cancel)
            cancel->throwIfCancelled("reprojecting a layer");
        copy.append(source, i);
    }
    return copy;
}

// The last small column transformed between two CRSs: its coordinates before and after. While a vertex is dragged
// the edit overlay brings a new layer every frame whose coordinates are all but one those of the frame before;
// transforming only the coordinates that differ makes a frame O(changed) in PROJ instead of O(feature) (a
// 100,000-vertex polygon: 0.2 ms instead of 20 ms). Only columns up to kMemoCoords are remembered, so the memory
// stays small (2 x 16 MiB at most).
struct TransformMemo {
    std::string key; // "<from>|<to>"
    std::vector<Coord> before;
    std::vector<Coord> after;
};

constexpr std::size_t kMemoCoords = 1u << 20;
std::mutex g_memoMutex;
TransformMemo g_memo;

// Transforms `column` (a copy of the layer's) in place, reusing the memo's result for every coordinate that is
// bit-for-bit the one at the same position last time; remembers this transform when it is small enough.
void transformWithMemo(const Crs& from, const Crs& to, GeometryColumn& column, const CancellationToken* cancel)
{
    const std::size_t count = column.coordCount();
    const std::string key = from.identifier() + "|" + to.identifier();
    if (count > kMemoCoords || from.identifier().empty() || to.identifier().empty()) {
        transformColumn(from, to, column, cancel);
        return;
    }
    Coord* coords = column.mutableCoords();
    std::vector<Coord> before(coords, coords + count);
    {
        const std::lock_guard lock(g_memoMutex);
        if (g_memo.key == key && g_memo.before.size() == count) {
            std::vector<std::size_t> changed;
            for (std::size_t i = 0; i < count; ++i) {
                if (std::memcmp(&coords[i], &g_memo.before[i], sizeof(Coord)) == 0)
                    coords[i] = g_memo.after[i];
                else
                    changed.push_back(i);
            }
            if (changed.size() < count / 4) {
                if (!changed.empty()) {
                    std::vector<Coord> moved(changed.size());
                    for (std::size_t k = 0; k < changed.size(); ++k)
                        moved[k] = before[changed[k]];
                    std::optional<Transformer> scratch;
                    threadTransformer(from, to, scratch).transform(moved.data(), moved.size());
                    for (std::size_t k = 0; k < changed.size(); ++k)
                        coords[changed[k]] = moved[k];
                }
                g_memo.before = std::move(before);
                g_memo.after.assign(coords, coords + count);
                return;
            }
            std::copy(before.begin(), before.end(), coords); // too much changed: transform all, as below
        }
    }
    transformColumn(from, to, column, cancel);
    const std::lock_guard lock(g_memoMutex);
    g_memo.key = key;
    g_memo.before = std::move(before);
    g_memo.after.assign(coords, coords + count);
}

} // namespace

namespace {

std::shared_ptr<Entry> entryFor(const std::shared_ptr<const Layer>& layer, const std::string& id)
{
    const std::lock_guard lock(g_mutex);
    std::erase_if(g_entries, [](const std::shared_ptr<Entry>& e) { return e->layer.expired(); });
    for (const auto& e : g_entries)
        if (e->layerAddress == layer.get() && e->crsId == id && e->layer.lock() == layer)
            return e;
    auto entry = std::make_shared<Entry>();
    entry->layer = layer;
    entry->layerAddress = layer.get();
    entry->crsId = id;
    g_entries.push_back(entry);
    return entry;
}

// Under entry.mutex. The layer's own column is handed out as an aliasing pointer (it keeps the layer alive while
// a render uses it) but never stored in the entry, which must not keep the layer alive.
std::shared_ptr<const GeometryColumn> columnOf(Entry& entry, const std::shared_ptr<const Layer>& layer, const Crs& crs,
    const CancellationToken* cancel)
{
    if (entry.column)
        return entry.column;
    if (!entry.identity && (!crs.isValid() || !layer->crs().isValid() || layer->crs() == crs))
        entry.identity = true;
    if (entry.identity)
        return std::shared_ptr<const GeometryColumn>(layer, &layer->geometries());
    auto column = std::make_shared<GeometryColumn>(copyColumn(layer->geometries(), cancel));
    transformWithMemo(layer->crs(), crs, *column, cancel);
    entry.column = std::move(column);
    return entry.column;
}

std::string keyOf(const Crs& crs)
{
    return crs.isValid() ? crs.identifier() : std::string();
}

} // namespace

std::shared_ptr<const GeometryColumn> geometriesInCrs(const std::shared_ptr<const Layer>& layer, const Crs& crs,
    const CancellationToken* cancel)
{
    if (!layer)
        throw Error(ErrorCode::Argument, "geometriesInCrs: no layer");
    if (!crs.isValid() || !layer->crs().isValid())
        return std::shared_ptr<const GeometryColumn>(layer, &layer->geometries());
    const std::shared_ptr<Entry> entry = entryFor(layer, keyOf(crs));
    const std::lock_guard lock(entry->mutex);
    return columnOf(*entry, layer, crs, cancel);
}

std::shared_ptr<const std::vector<Box>> boundsInCrs(const std::shared_ptr<const Layer>& layer, const Crs& crs,
    const CancellationToken* cancel)
{
    if (!layer)
        throw Error(ErrorCode::Argument, "boundsInCrs: no layer");
    const std::shared_ptr<Entry> entry = entryFor(layer, keyOf(crs));
    const std::lock_guard lock(entry->mutex);
    if (entry->bounds)
        return entry->bounds;
    const std::shared_ptr<const GeometryColumn> column = columnOf(*entry, layer, crs, cancel);
    auto bounds = std::make_shared<std::vector<Box>>(column->size());
    const GeometryColumn& g = *column;
    for (std::size_t i = 0; i < g.size(); ++i) {
        if (i % 4096 == 0 && cancel)
            cancel->throwIfCancelled("rendering");
        if (g.isNull(i) || g.isEmpty(i))
            continue; // an empty box: never drawn
        // Coordinates that failed to reproject (inf) do not count, as the drawing skips them.
        const std::size_t end = g.coordBegin(g.ringEnd(g.partEnd(i) - 1)); // safe when the last part has no ring
        Box& box = (*bounds)[i];
        for (std::size_t c = g.coordBegin(g.ringBegin(g.partBegin(i))); c < end; ++c)
            if (std::isfinite(g.coord(c).x) && std::isfinite(g.coord(c).y))
                box.expand(g.coord(c));
    }
    entry->bounds = std::move(bounds);
    return entry->bounds;
}

} // namespace gis::detail
