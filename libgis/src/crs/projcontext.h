#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <proj.h>

#include "gis/core/handle.h"

namespace gis {
class Crs;
}

namespace gis::detail {

using PjHandle = UniqueHandle<PJ, proj_destroy>;
using PjContextHandle = UniqueHandle<PJ_CONTEXT, proj_context_destroy>;
using PjObjListHandle = UniqueHandle<PJ_OBJ_LIST, proj_list_destroy>;
using PjIntListHandle = UniqueHandle<int, proj_int_list_destroy>;
using PjStringListHandle = UniqueHandle<char*, proj_string_list_destroy>;

/// Owns one PROJ context and keeps PROJ's error messages for our exceptions instead of letting PROJ print
/// them to stderr. PROJ contexts are single-threaded: one per Transformer, one per thread for parsing.
/// Not movable: PROJ's log callback holds its address.
class ProjContext {
public:
    ProjContext();
    ProjContext(const ProjContext&) = delete;
    ProjContext& operator=(const ProjContext&) = delete;

    PJ_CONTEXT* get() const { return m_ctx.get(); }

    /// Forgets the previous error, so lastError() describes only what follows.
    void clearError() { m_lastError.clear(); }
    /// PROJ's own words for the last failure ("crs not found"), or a generic reason when it gave none.
    std::string lastError() const;

private:
    static void onLog(void* self, int level, const char* message);

    PjContextHandle m_ctx;
    std::string m_lastError;
};

/// The calling thread's context for parsing and comparing CRSs; destroyed when the thread ends.
ProjContext& threadProjContext();

/// Re-creates the PROJ object of a valid Crs in `ctx` (Crs itself keeps only strings, so that it can be
/// shared between threads). Throws Error(Crs) if PROJ rejects its own output, which would be a PROJ bug.
PjHandle createPj(ProjContext& ctx, const Crs& crs);

/// `text` fit for an error message: one line, at most `maxBytes` bytes, not cut inside a UTF-8 character.
std::string shortened(std::string_view text, std::size_t maxBytes = 60);

} // namespace gis::detail
