#include "gzip.h"

#include <zlib.h>

#include "gis/core/error.h"

namespace gis::detail {

std::string gzipCompress(std::string_view data)
{
    z_stream z{};
    // windowBits 15 + 16: a gzip header and trailer instead of zlib's.
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw Error(ErrorCode::Format, "gzip: cannot initialise zlib");
    std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 32, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int status = deflate(&z, Z_FINISH);
    const std::size_t written = out.size() - z.avail_out;
    deflateEnd(&z);
    if (status != Z_STREAM_END)
        throw Error(ErrorCode::Format, "gzip: compression failed");
    out.resize(written);
    return out;
}

bool worthCompressing(std::string_view contentType, std::size_t size)
{
    if (size <= 1024)
        return false;
    const auto has = [&](std::string_view part) { return contentType.find(part) != std::string_view::npos; };
    return contentType.rfind("text/", 0) == 0 || has("json") || has("xml") || has("javascript") || has("html");
}

bool acceptsGzip(std::string_view value)
{
    // Tokens separated by ',' with optional ";q=..." parameters; "gzip;q=0" refuses it.
    while (!value.empty()) {
        const std::size_t comma = value.find(',');
        std::string_view item = value.substr(0, comma);
        value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
        const std::size_t semi = item.find(';');
        std::string_view token = item.substr(0, semi);
        while (!token.empty() && (token.front() == ' ' || token.front() == '\t'))
            token.remove_prefix(1);
        while (!token.empty() && (token.back() == ' ' || token.back() == '\t'))
            token.remove_suffix(1);
        if (token != "gzip" && token != "x-gzip" && token != "*")
            continue;
        if (semi != std::string_view::npos) {
            std::string_view params = item.substr(semi + 1);
            const std::size_t q = params.find("q=");
            if (q != std::string_view::npos) {
                std::string_view number = params.substr(q + 2);
                // q=0, q=0.0, q=0.000: refused
                bool zero = !number.empty() && number.front() == '0';
                for (std::size_t i = 1; zero && i < number.size() && number[i] != ' '; ++i)
                    zero = number[i] == '.' || number[i] == '0';
                if (zero)
                    continue;
            }
        }
        return true;
    }
    return false;
}

} // namespace gis::detail
