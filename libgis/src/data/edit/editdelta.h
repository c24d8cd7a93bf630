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

    /// `edited`: fid -> feature (nullptr: deleted); `rowOf` gives a fid's base row (or -1).
    template <class RowOf>
    static std::shared_ptr<const EditDelta> build(const std::map<std::int64_t, std::shared_ptr<const EditFeature>>& edited,
        RowOf&& rowOf)
    {
        auto delta = std::make_shared<EditDelta>();
        std::size_t live = 0;
        for (const auto& [fid, feature] : edited)
            live += feature != nullptr;
        delta->fids.reserve(live);
        delta->features.reserve(live);
        delta->index = PackedRTree(live);
        for (const auto& [fid, feature] : edited) {
            const std::int64_t row = rowOf(fid);
            if (row >= 0)
                delta->hidden.push_back(static_cast<std::uint32_t>(row));
            if (!feature)
                continue;
            delta->fids.push_back(fid);
            delta->features.push_back(feature);
            delta->index.add(feature->geometry.bounds());
        }
        std::sort(delta->hidden.begin(), delta->hidden.end());
        delta->index.finish();
        return delta;
    }
};

} // namespace gis::detail
