#include "projcontext.h"

#include <algorithm>
#include <string>

#include "gis/core/error.h"
#include "gis/crs/crs.h"

namespace gis::detail {

ProjContext::ProjContext() : m_ctx(proj_context_create())
{
    if (!m_ctx)
        throw Error(ErrorCode::Crs, "PROJ: cannot create a context (out of memory?)");
    // A library must not write to the application's stderr: errors reach the user through our exceptions.
    // Setting the level also overrides PROJ_DEBUG from the environment, which would flood the callback.
    proj_log_func(m_ctx.get(), this, &ProjContext::onLog);
    proj_log_level(m_ctx.get(), PJ_LOG_ERROR);
}

void ProjContext::onLog(void* self, int level, const char* message)
{
    if (level > PJ_LOG_ERROR || !message)
        return;
    std::string text(message);
    // PROJ prefixes the C function that failed ("proj_create: crs not found"): noise for a user.
    if (text.rfind("proj_", 0) == 0) {
        const auto colon = text.find(": ");
        if (colon != std::string::npos)
            text.erase(0, colon + 2);
    }
    // "Error 1027 (Invalid value for an argument): Unknown projection": the last part says it all.
    if (text.rfind("Error ", 0) == 0) {
        const auto close = text.find("): ");
        if (close != std::string::npos)
            text.erase(0, close + 3);
    }
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
        text.pop_back();
    static_cast<ProjContext*>(self)->m_lastError = std::move(text);
}

std::string ProjContext::lastError() const
{
    if (!m_lastError.empty())
        return m_lastError;
    // Only a fallback: errno strings are generic ("Unknown error (code 4096)") and errno is not reset
    // between calls, so the logged message is preferred.
    const int err = proj_context_errno(m_ctx.get());
    if (err != 0) {
        if (const char* s = proj_context_errno_string(m_ctx.get(), err))
            return s;
    }
    return "PROJ gave no reason";
}

ProjContext& threadProjContext()
{
    thread_local ProjContext ctx;
    return ctx;
}

PjHandle createPj(ProjContext& ctx, const Crs& crs)
{
    if (!crs.isValid())
        throw Error(ErrorCode::Crs, "unknown CRS: no definition");
    ctx.clearError();
    // WKT2:2019 keeps everything PROJ parsed (including a BoundCRS's datum shift); PROJJSON is the
    // fallback for the rare CRS that has no WKT2 form.
    std::string definition = crs.toWkt();
    if (definition.empty())
        definition = crs.toProjJson();
    PjHandle pj{proj_create(ctx.get(), definition.c_str())};
    if (!pj)
        throw Error(ErrorCode::Crs, shortened(crs.identifier()) + ": cannot re-create CRS (" + ctx.lastError() + ")");
    return pj;
}

std::string shortened(std::string_view text, std::size_t maxBytes)
{
    std::string out;
    out.reserve(std::min(text.size(), maxBytes));
    bool lastWasSpace = false;
    for (const char ch : text) {
        const bool space = ch == '\n' || ch == '\r' || ch == '\t' || ch == ' ';
        if (space && lastWasSpace)
            continue;
        out.push_back(space ? ' ' : ch);
        lastWasSpace = space;
    }
    if (out.size() <= maxBytes)
        return out;
    std::size_t cut = maxBytes > 3 ? maxBytes - 3 : 0;
    // Back off over UTF-8 continuation bytes (10xxxxxx) so an Arabic name is not cut mid-character.
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80)
        --cut;
    out.resize(cut);
    return out + "...";
}

} // namespace gis::detail
