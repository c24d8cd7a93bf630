#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace gis::detail {

/// What the access log records of one request. Values only, no query values (see queryNamesOnly).
struct AccessRecord {
    std::chrono::system_clock::time_point time; ///< when the request was read
    std::string remote;
    std::string method;
    std::string path; ///< path and query parameter names
    int status = 0;
    std::uint64_t bytes = 0; ///< response bytes written
    double durationMs = 0;
    std::string requestId;
};

/// One JSON object on one line (no newline): {"time":"2026-12-07T14:46:17.123Z","remote":...,"request_id":...}.
std::string accessLogLine(const AccessRecord& record);
/// {"time":...,"level":"error","request_id":...,"message":...}: a handler's failure, for the operator only.
std::string errorLogLine(std::string_view requestId, std::string_view message);
/// JSON string literal of `text` (quotes included), control characters escaped.
std::string jsonQuoted(std::string_view text);

} // namespace gis::detail
