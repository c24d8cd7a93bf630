#include "layerrows.h"

#include <algorithm>
#include <unordered_map>

#include "gis/data/layer.h"

namespace viewer {

namespace {
const gis::Layer* addedOf(const LayerRows& r)
{
    return r.edits && r.edits->added ? r.edits->added.get() : nullptr;
}
} // namespace

std::size_t LayerRows::dataSize() const { return data ? data->size() : 0; }

std::size_t LayerRows::size() const
{
    const gis::Layer* added = addedOf(*this);
    return dataSize() + (added ? added->size() : 0);
}

std::size_t LayerRows::count() const
{
    return size() - (edits ? edits->hiddenRows.size() : 0);
}

bool LayerRows::isHidden(std::uint32_t row) const
{
    return edits && row < dataSize() && std::binary_search(edits->hiddenRows.begin(), edits->hiddenRows.end(), row);
}

LayerRows::Ref LayerRows::locate(std::uint32_t row) const
{
    const std::size_t n = dataSize();
    if (row < n)
        return isHidden(row) ? Ref{} : Ref{data.get(), row};
    const gis::Layer* added = addedOf(*this);
    if (added && row - n < added->size())
        return Ref{added, row - n};
    return {};
}

std::vector<std::uint32_t> LayerRows::all() const
{
    std::vector<std::uint32_t> out;
    out.reserve(size());
    const std::vector<std::uint32_t>* hidden = edits ? &edits->hiddenRows : nullptr;
    std::size_t h = 0;
    const std::size_t n = dataSize();
    for (std::uint32_t r = 0; r < n; ++r) {
        if (hidden && h < hidden->size() && (*hidden)[h] == r) {
            ++h;
            continue;
        }
        out.push_back(r);
    }
    for (std::size_t r = n; r < size(); ++r)
        out.push_back(static_cast<std::uint32_t>(r));
    return out;
}

std::vector<std::uint32_t> LayerRows::inOrder() const
{
    const gis::Layer* added = addedOf(*this);
    if (!edits || edits->hiddenRows.empty())
        return all();
    const std::size_t n = dataSize();
    std::unordered_map<std::int64_t, std::uint32_t> addedRow; // O(added features)
    if (added)
        for (std::size_t i = 0; i < added->size(); ++i)
            addedRow.emplace(added->fid(i), static_cast<std::uint32_t>(n + i));
    std::vector<bool> placed(added ? added->size() : 0, false);
    std::vector<std::uint32_t> out;
    out.reserve(size());
    std::size_t h = 0;
    for (std::uint32_t r = 0; r < n; ++r) {
        if (h < edits->hiddenRows.size() && edits->hiddenRows[h] == r) {
            ++h;
            if (auto it = addedRow.find(data->fid(r)); it != addedRow.end()) {
                out.push_back(it->second);
                placed[it->second - n] = true;
            }
            continue;
        }
        out.push_back(r);
    }
    for (std::size_t i = 0; i < placed.size(); ++i)
        if (!placed[i])
            out.push_back(static_cast<std::uint32_t>(n + i));
    return out;
}

std::vector<std::uint32_t> LayerRows::combine(std::vector<std::uint32_t> dataRows, const std::vector<std::uint32_t>& addedRows) const
{
    std::sort(dataRows.begin(), dataRows.end());
    std::vector<std::uint32_t> out = live(std::move(dataRows));
    const std::size_t n = dataSize();
    const std::size_t first = out.size();
    for (std::uint32_t r : addedRows)
        out.push_back(static_cast<std::uint32_t>(n + r));
    std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end());
    out.erase(std::remove_if(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                  [&](std::uint32_t r) { return r >= size(); }),
        out.end());
    return out;
}

std::vector<std::uint32_t> LayerRows::live(std::vector<std::uint32_t> rows) const
{
    const std::size_t total = size();
    rows.erase(std::remove_if(rows.begin(), rows.end(), [&](std::uint32_t r) { return r >= total || isHidden(r); }),
        rows.end());
    return rows;
}

} // namespace viewer
