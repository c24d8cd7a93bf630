#include "gis/render/rendersession.h"

#include "sessioncaches.h"

namespace gis {

RenderSession::RenderSession() : m_caches(std::make_unique<detail::SessionCaches>()) {}

RenderSession::~RenderSession() = default;

void RenderSession::clear()
{
    m_caches->images.clear();
    m_caches->halos.clear();
    m_caches->icons.clear();
}

} // namespace gis
