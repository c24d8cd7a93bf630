#pragma once

// Private: what an EditSnapshot adds to its base layer. Built once per snapshot from the session's edited features
// (O(edited features)); immutable afterwards.

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "gis/data/editfeature.h"
#include "gis/index/packedrtree.h"

namespace gis::detail {

struct EditDelta {
    std::vector<std::uint32_t> hidden;   ///< base rows deleted or replaced, sorted
    std::vector<std::int64_t> fids;      ///< delta features' ids, sorted (negative: inserted, not yet stored)
    std::vector<std::shared_ptr<const EditFeature>> features; ///< same order as fids
    PackedRTree index;                   ///< item i = features[i]

    bool hides(std::size_t row) const
    {
        return std::binary_search(hidden.begin(), hidden.end(), static_cast<std::uint32_t>(row));
    }

    using Features = std::map<std::int64_t, std::shared_ptr<const EditFeature>>;

    /// The delta of `stored` (what the session committed since its base was read) overridden by `current` (what it
    /// has not committed); nullptr: deleted. `rowOf` gives a fid's base row (or -1). Both maps are walked once, in id
    /// order, straight into the arrays: O(edited features), no copy of either map.
    template <class RowOf>
    static std::shared_ptr<const EditDelta> build(const Features& stored, const Features& current, RowOf&& rowOf)
    {
        auto delta = std::make_shared<EditDelta>();
        delta->fids.reserve(stored.size() + current.size());
        delta->features.reserve(stored.size() + current.size());
        auto take = [&](std::int64_t fid, const std::shared_ptr<const EditFeature>& feature) {
            const std::int64_t row = rowOf(fid);
            if (row >= 0)
                delta->hidden.push_back(static_cast<std::uint32_t>(row));
            if (feature) {
                delta->fids.push_back(fid);
                delta->features.push_back(feature);
            }
        };
        auto s = stored.begin();
        auto c = current.begin();
        while (s != stored.end() || c != current.end()) {
            if (c == current.end() || (s != stored.end() && s->first < c->first)) {
                take(s->first, s->second);
                ++s;
            } else {
                if (s != stored.end() && s->first == c->first)
                    ++s; // overridden
                take(c->first, c->second);
                ++c;
            }
        }
        std::sort(delta->hidden.begin(), delta->hidden.end());
        delta->index = PackedRTree(delta->features.size());
        for (const auto& f : delta->features)
            delta->index.add(f->geometry.bounds());
        delta->index.finish();
        return delta;
    }
};

} // namespace gis::detail
