#pragma once

// Private: the pieces of EditSession its .cpp files share (the undo stack's types, the stored state, helpers).

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "edit/editjournal.h"
#include "gis/data/editsession.h"

namespace gis {

namespace detail {

/// An attachment change a session holds until commit: a file attached (provisional id) or a stored one detached.
struct PendingAttachment {
    std::int64_t fid = 0;
    AttachmentTable table;
    bool detach = false; ///< true: stored media row `id` is detached from `fid`
    std::int64_t id = 0;
    AttachmentData data;  ///< attach only
};

using AttachmentKey = std::pair<AttachmentTable, std::int64_t>;

/// One attachment's state before and after an undo step (nullptr: no pending change).
struct AttachmentStep {
    AttachmentKey key;
    std::shared_ptr<const PendingAttachment> before;
    std::shared_ptr<const PendingAttachment> after;
};

struct SessionAttachments {
    std::map<AttachmentKey, std::shared_ptr<const PendingAttachment>> pending; ///< values never null
    std::int64_t nextProvisional = -1;

    std::shared_ptr<const PendingAttachment> get(const AttachmentKey& key) const
    {
        const auto it = pending.find(key);
        return it == pending.end() ? nullptr : it->second;
    }
    void set(const AttachmentKey& key, std::shared_ptr<const PendingAttachment> value)
    {
        if (value)
            pending[key] = std::move(value);
        else
            pending.erase(key);
    }
    /// Bytes of the pending attaches.
    std::size_t bytes() const
    {
        std::size_t n = 0;
        for (const auto& [key, p] : pending)
            if (!p->detach && p->data.bytes)
                n += p->data.bytes->size();
        return n;
    }
};

} // namespace detail

/// A feature's state in a change: as storage holds it, a given feature, or absent.
struct EditSession::State {
    enum class Kind : std::uint8_t { Stored, Feature, Absent } kind = Kind::Stored;
    std::shared_ptr<const EditFeature> feature;
};

struct EditSession::Change {
    std::int64_t fid = 0;
    State before;
    State after;
};

/// One undo step.
struct EditSession::Command {
    std::vector<Change> changes;
    std::vector<detail::AttachmentStep> attachmentSteps;
    std::string label;
    bool mergeable = false;       ///< a vertex move, which the next move of the same vertex extends
    std::size_t mergeVertex = 0;
};

/// What storage holds: the base layer (rows found by fid) and what this session committed since.
struct EditSession::Base {
    std::int64_t first = 0;
    bool consecutive = true;
    std::size_t size = 0;
    std::unordered_map<std::int64_t, std::size_t> rows; ///< when the ids are not consecutive
    /// Features committed (or accepted from another writer) since the base was read; nullptr: deleted.
    std::map<std::int64_t, std::shared_ptr<const EditFeature>> stored;

    void reset(const Layer& layer)
    {
        size = layer.size();
        rows.clear();
        stored.clear();
        first = size ? layer.fid(0) : 0;
        consecutive = true;
        for (std::size_t i = 1; i < size && consecutive; ++i)
            consecutive = layer.fid(i) == first + static_cast<std::int64_t>(i);
        if (!consecutive)
            for (std::size_t i = 0; i < size; ++i)
                rows.emplace(layer.fid(i), i);
    }

    std::optional<std::size_t> row(std::int64_t fid) const
    {
        if (consecutive) {
            if (fid < first || fid >= first + static_cast<std::int64_t>(size))
                return std::nullopt;
            return static_cast<std::size_t>(fid - first);
        }
        const auto it = rows.find(fid);
        return it == rows.end() ? std::nullopt : std::optional<std::size_t>(it->second);
    }

    bool exists(std::int64_t fid, const Layer&) const
    {
        const auto it = stored.find(fid);
        if (it != stored.end())
            return it->second != nullptr;
        return row(fid).has_value();
    }
};

namespace detail {

/// `value` as field `field` keeps it (an integer for a Real field becomes a real); throws Error(Argument) naming
/// the layer and the field for a value of another kind.
FieldValue normalizeValue(const std::string& layer, const FieldInfo& field, FieldValue value);
/// `g` with coordinate `vertex` moved to (x, y) (and the closing coordinate of its ring when the ring is closed and
/// the vertex is its first or last). Throws Error(Argument) naming the layer and the feature when out of range.
Geometry movedVertex(const Geometry& g, std::uint64_t vertex, double x, double y, const std::string& layer,
    std::int64_t fid);
/// Shortest round-trip decimal.
std::string formatNumber(double v);
/// Milliseconds since 1970-01-01 UTC, for journal records.
std::int64_t nowMs();
/// A journal's header record for `layer` with `fields` fields, timed now.
JournalRecord headerRecord(const std::string& layer, std::size_t fields);
/// A new journal "<prefix><8 hex>.gis-journal" (retries on a taken name).
std::unique_ptr<EditJournal> createSessionJournal(const std::string& prefix);

} // namespace detail

} // namespace gis
