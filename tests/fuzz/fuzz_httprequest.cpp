// Fuzz target: the request path of gis serve up to the handler. The bytes are one HTTP/1.1 request as a client
// sends it: Boost.Beast's parser reads it with the server's limits (header 16 KiB, body 1 MiB), then
// gis::detail::decodeTarget (serve, private header http/requestdecode.h) splits and percent-decodes its target.
// Besides not crashing:
//  - decodeTarget refuses only with gis::Error(Argument);
//  - a decoded path holds no control byte; at most kMaxQueryParameters parameters;
//  - the path percent-encoded segment by segment decodes back to itself (what links built from it rely on);
//  - the access log's form of the query (queryNamesOnly) holds no '=' (no value ever reaches the log).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "gis/core/error.h"
#include "gis/serve/http.h"
#include "http/requestdecode.h"

namespace {

void check(bool ok)
{
    if (!ok)
        std::abort();
}

void checkTarget(std::string_view target)
{
    gis::detail::DecodedTarget decoded;
    try {
        decoded = gis::detail::decodeTarget(target);
    } catch (const gis::Error& e) {
        check(e.code() == gis::ErrorCode::Argument);
        return;
    }
    for (const char c : decoded.path)
        check(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f);
    check(decoded.query.size() <= gis::detail::kMaxQueryParameters);
    check(gis::serve::percentDecode(gis::serve::percentEncode(decoded.path), false) == decoded.path);
    check(gis::detail::queryNamesOnly(decoded.query).find('=') == std::string::npos);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    namespace http = boost::beast::http;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    checkTarget(bytes.substr(0, bytes.find('\n'))); // the first line alone, as a target
    http::request_parser<http::string_body> parser;
    parser.header_limit(16 << 10);
    parser.body_limit(1 << 20);
    parser.eager(true);
    boost::beast::error_code ec;
    parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
    if (ec || !parser.is_header_done())
        return 0;
    const auto target = parser.get().target();
    checkTarget(std::string_view(target.data(), target.size()));
    return 0;
}
