#include "gis/serve/livelayers.h"

#include <utility>

namespace gis::serve {

void LiveLayers::publish(const std::string& id, std::shared_ptr<const Layer> layer)
{
    std::uint64_t version = 0;
    std::vector<ChangeListener> listeners;
    {
        const std::lock_guard lock(m_mutex);
        auto [it, inserted] = m_entries.try_emplace(id);
        if (inserted)
            m_order.push_back(id);
        it->second.layer = std::move(layer);
        version = ++it->second.version;
        if (!inserted)
            listeners = m_listeners;
    }
    for (const ChangeListener& listener : listeners)
        listener(id, version);
}

std::shared_ptr<const Layer> LiveLayers::get(const std::string& id) const
{
    const std::lock_guard lock(m_mutex);
    const auto it = m_entries.find(id);
    return it == m_entries.end() ? nullptr : it->second.layer;
}

std::uint64_t LiveLayers::version(const std::string& id) const
{
    const std::lock_guard lock(m_mutex);
    const auto it = m_entries.find(id);
    return it == m_entries.end() ? 0 : it->second.version;
}

std::vector<std::string> LiveLayers::ids() const
{
    const std::lock_guard lock(m_mutex);
    return m_order;
}

void LiveLayers::addListener(ChangeListener listener)
{
    const std::lock_guard lock(m_mutex);
    m_listeners.push_back(std::move(listener));
}

} // namespace gis::serve
