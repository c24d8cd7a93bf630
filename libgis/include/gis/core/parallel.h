#pragma once

// The one way libgis runs work in parallel: a loop over indices shared by the calling thread and a process-wide
// pool of worker threads sized to the cores this process may use.

#include <cstddef>
#include <functional>

#include "gis/core/export.h"
#include "gis/core/feedback.h"

GIS_API_BEGIN

namespace gis {

/// The number of CPUs this process may run on: its affinity mask (sched_getaffinity, so `taskset -c 0` or a
/// cpuset-limited container gives 1), never more than std::thread::hardware_concurrency() (which counts the
/// machine's CPUs and ignores the mask), at least 1. Cheap enough to call per loop; any thread.
unsigned usableCores();

/// How a parallelFor() runs.
struct ParallelOptions {
    /// At most this many threads run the loop at once, the caller's included (2: "two at a time", 1: on the
    /// calling thread only). 0: usableCores(). Never more than usableCores() whatever is asked.
    unsigned maxThreads = 0;
    /// Names the work in the Error(Cancelled) thrown when the token is cancelled ("spatial join: cancelled").
    const char* what = "operation";
};

/// The number of threads a parallelFor(count, …, options) would use at most: min(count, usableCores(),
/// options.maxThreads when set), and at least 1 for a non-empty loop. The `worker` numbers passed to fn are below
/// it, so a caller can size per-worker state (a GEOS matcher, a PROJ transformer) with it.
unsigned parallelWorkers(std::size_t count, const ParallelOptions& options = {});

/// Calls fn(index, worker) once for every index in [0, count), on the calling thread and on up to
/// parallelWorkers(count, options) - 1 threads of a shared pool; returns when every call has returned.
///
/// - Order: indices are handed out in ascending order, one at a time, to whichever thread is free (dynamic
///   scheduling); a caller that needs ordered results writes them to slot `index` or orders them itself. Make an
///   index a chunk of work (a few thousand rows), not a single row. `worker` is in [0, parallelWorkers()); each
///   worker number is one thread for the whole call (the caller is worker 0), so per-worker state needs no lock
///   and may hold thread-bound resources (a GEOS or PROJ context).
/// - Threads: the pool has usableCores() - 1 threads (as counted on first use), started on first use; they wait
///   for work until the process exits. With one usable core, maxThreads == 1 or count < 2 everything runs on the
///   calling thread; so does a fork()ed child (it has none of the pool's threads). Any thread may call it.
/// - Nesting: a parallelFor called from inside fn (on any thread) shares the same pool: its caller runs its
///   indices and pool threads that are idle help. No thread is ever created for it, so nested loops never run more
///   than usableCores() threads in all (plus any outside threads that call parallelFor themselves).
/// - Exceptions: when a call throws, no further index is handed out; the calls already running finish; then the
///   exception of the lowest failing index is rethrown on the calling thread (the others are dropped). Since
///   indices start in ascending order, that is the one a serial loop would have thrown.
/// - Cancellation: with `cancel`, the token is checked before each index is handed out; once cancelled no further
///   index starts, and when no call threw, parallelFor throws Error(ErrorCode::Cancelled, "<what>: cancelled").
///   A long index should check the token itself too.
void parallelFor(std::size_t count, const std::function<void(std::size_t index, unsigned worker)>& fn,
    const CancellationToken* cancel = nullptr, const ParallelOptions& options = {});

/// parallelFor() for work that needs no per-worker state: fn(index).
void parallelFor(std::size_t count, const std::function<void(std::size_t index)>& fn,
    const CancellationToken* cancel = nullptr, const ParallelOptions& options = {});

/// Runs a() and b() at the same time when a second core is free (b on a pool thread, a on the caller's),
/// otherwise one after the other on the calling thread (a first); returns when both have. Neither may wait for the
/// other (they may run one after the other). Exceptions as parallelFor(): when a throws before b started, b does not
/// run; a's exception is rethrown before b's.
void runConcurrently(const std::function<void()>& a, const std::function<void()>& b);

} // namespace gis

GIS_API_END
