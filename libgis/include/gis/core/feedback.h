#pragma once

#include <atomic>
#include <functional>
#include <memory>

#include "gis/core/export.h"

GIS_API_BEGIN

namespace gis {

/// A cancellation flag shared between the thread that asks and the threads that work.
/// Copies share one flag. Any thread may cancel; workers poll isCancelled() in their loops.
class CancellationToken {
public:
    CancellationToken() : m_flag(std::make_shared<std::atomic<bool>>(false)) {}
    void cancel() const { m_flag->store(true, std::memory_order_relaxed); }
    bool isCancelled() const { return m_flag->load(std::memory_order_relaxed); }
    /// Throws Error(ErrorCode::Cancelled) naming `what` when cancelled.
    void throwIfCancelled(const char* what = "operation") const;

private:
    std::shared_ptr<std::atomic<bool>> m_flag;
};

/// Called with a fraction in [0, 1] as a long operation advances; may be called from a worker thread.
using ProgressCallback = std::function<void(double fraction)>;

/// What long operations (reading a layer, building an index, a join) accept: an optional cancellation
/// token and an optional progress callback. Default-constructed: never cancelled, no progress reports.
struct Feedback {
    CancellationToken cancel;
    ProgressCallback progress;

    bool isCancelled() const { return cancel.isCancelled(); }
    void report(double fraction) const
    {
        if (progress)
            progress(fraction);
    }
};

} // namespace gis

GIS_API_END
