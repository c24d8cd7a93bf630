#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gis::detail {

/// A request target split and percent-decoded for gis::serve::HttpRequest.
struct DecodedTarget {
    std::string path; ///< decoded, without the query
    std::vector<std::pair<std::string, std::string>> query;
};

/// The server's limits on a target (the header limit bounds its length already).
constexpr std::size_t kMaxQueryParameters = 256;

/// Splits "origin-form" ("/a/b%20c?x=1&y") into the decoded path and query parameters ('+' is a space in the
/// query only; a parameter without '=' has an empty value; empty pieces between '&' are skipped). Throws
/// gis::Error(Argument) for what a client must be told is malformed (400): a target not starting with '/', a bad
/// percent escape, a NUL or control byte in the decoded path, more than kMaxQueryParameters parameters. No
/// recursion; linear in the target's length.
DecodedTarget decodeTarget(std::string_view target);

/// The query string with the parameter names only ("?bbox&limit"), for the access log: values may carry
/// personal data or tokens.
std::string queryNamesOnly(const std::vector<std::pair<std::string, std::string>>& query);

} // namespace gis::detail
