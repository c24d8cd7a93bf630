#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "gis/core/export.h"

GIS_API_BEGIN

namespace gis {
class Layer;
}

namespace gis::serve {

/// The current data of each served vector layer, by collection id (the project layer's name), shared by every
/// endpoint: the features endpoints read it, writes publish a new version after each commit, and the map
/// endpoints draw it and drop cached tiles when it changes. Readers get an immutable snapshot
/// (`std::shared_ptr<const Layer>`) they may keep as long as they like while newer versions are published.
///
/// Thread-safe: any number of threads may call every member at once.
class LiveLayers {
public:
    using ChangeListener = std::function<void(const std::string& id, std::uint64_t version)>;

    /// Adds or replaces a layer (version 1 on first publication, then +1 each time) and tells the listeners,
    /// outside the lock, on the calling thread.
    void publish(const std::string& id, std::shared_ptr<const Layer> layer);
    /// The current layer, or nullptr for an unknown id.
    std::shared_ptr<const Layer> get(const std::string& id) const;
    /// The current version (0 for an unknown id): a change counter for ETags and caches.
    std::uint64_t version(const std::string& id) const;
    /// The ids in the order they were first published (the project's order).
    std::vector<std::string> ids() const;
    /// Called after every publish() but the first of an id. Add listeners before serving starts.
    void addListener(ChangeListener listener);

private:
    struct Entry {
        std::shared_ptr<const Layer> layer;
        std::uint64_t version = 0;
    };
    mutable std::mutex m_mutex;
    std::map<std::string, Entry> m_entries;
    std::vector<std::string> m_order;
    std::vector<ChangeListener> m_listeners;
};

} // namespace gis::serve

GIS_API_END
