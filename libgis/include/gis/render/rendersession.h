#pragma once

#include <memory>

#include "gis/core/export.h"

GIS_API_BEGIN

namespace gis {

namespace detail {
struct SessionCaches;
}

/// What one render leaves for the next: pixel buffers of map images (a fresh 32 MB buffer costs tens of
/// milliseconds in page faults), glyph halos (stroking outlines is the dearest part of drawing labels) and SVG icons
/// (read, parsed and drawn once per size). A viewer keeps one session for as long as its window shows maps and puts
/// it in every RenderRequest; a one-shot command needs none: a request without a session gets one of its own for
/// that render, freed with it.
///
/// Lifetime: caches live as long as the session, and a pooled image handed out by a render stays valid after its
/// session is gone (its buffer is freed then instead of returned). Thread-safe: any number of renders on any threads
/// may share one session; lookups hold a lock only to find or insert, never while reading a file or drawing.
class RenderSession {
public:
    RenderSession();
    ~RenderSession();
    RenderSession(const RenderSession&) = delete;
    RenderSession& operator=(const RenderSession&) = delete;

    /// Forgets the cached halos and icons (say, after an icon file changed on disk) and frees the pooled buffers
    /// not in use. Renders in progress keep what they already hold.
    void clear();

    /// The caches themselves (the renderer's private type).
    detail::SessionCaches& caches() const { return *m_caches; }

private:
    std::unique_ptr<detail::SessionCaches> m_caches;
};

} // namespace gis

GIS_API_END
