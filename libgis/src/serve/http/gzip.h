#pragma once

#include <string>
#include <string_view>

namespace gis::detail {

/// The gzip member (RFC 1952) of `data`, through zlib at its default level. Throws gis::Error(Format) only when
/// zlib fails, which for an in-memory buffer means memory ran out.
std::string gzipCompress(std::string_view data);

/// Whether a response of this content type and size is worth compressing: text-like types (JSON, GeoJSON,
/// text/*, HTML, XML, JavaScript) above 1 KiB. Images are compressed already.
bool worthCompressing(std::string_view contentType, std::size_t size);

/// Whether an Accept-Encoding value allows gzip (token "gzip" or "*" without q=0).
bool acceptsGzip(std::string_view acceptEncoding);

} // namespace gis::detail
