#pragma once

// Cancel inside one long GEOS call. A coverage union of a whole layer is one GEOS call of a second or more, and a
// run must stop within 100 ms of a cancel; GEOS checks for interrupts often inside its operations (a coverage union
// of 1.3 M segments: ~5,000 checks) and calls a process-wide callback before each check. The callback here asks GEOS
// to interrupt when the token of the scope open on the calling thread is cancelled, so the call returns null
// ("InterruptedException") soon after the cancel.
//
// The interrupt request is one flag for the whole process (GEOS 3.11 has no per-context interrupt): between the
// callback's request and its own thread's check, which follow each other at once, a GEOS call on another thread
// could take the request and fail instead. Only a run being cancelled ever requests one.

#include "gis/core/feedback.h"

namespace gis::analysis::detail {

/// While alive, a cancel of `token` interrupts the GEOS calls this thread makes. Scopes nest (the innermost wins).
/// The callback is installed once per process and calls the one installed before it, if any.
class GeosCancelScope {
public:
    explicit GeosCancelScope(const CancellationToken& token);
    ~GeosCancelScope();
    GeosCancelScope(const GeosCancelScope&) = delete;
    GeosCancelScope& operator=(const GeosCancelScope&) = delete;

private:
    const CancellationToken* m_previous;
};

} // namespace gis::analysis::detail
