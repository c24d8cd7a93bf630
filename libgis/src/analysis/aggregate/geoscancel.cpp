#include "geoscancel.h"

#include <mutex>

#include <geos_c.h>

namespace gis::analysis::detail {

namespace {

thread_local const CancellationToken* t_token = nullptr;
GEOSInterruptCallback* g_chained = nullptr;

void onGeosInterruptCheck()
{
    if (g_chained)
        g_chained();
    if (t_token && t_token->isCancelled())
        GEOS_interruptRequest();
}

} // namespace

GeosCancelScope::GeosCancelScope(const CancellationToken& token) : m_previous(t_token)
{
    static std::once_flag installed;
    std::call_once(installed, [] { g_chained = GEOS_interruptRegisterCallback(&onGeosInterruptCheck); });
    t_token = &token;
}

GeosCancelScope::~GeosCancelScope()
{
    t_token = m_previous;
}

} // namespace gis::analysis::detail
