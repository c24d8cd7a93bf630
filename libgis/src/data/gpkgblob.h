#pragma once

// Private: the GeoPackage geometry blob (GeoPackage 1.x, clause 2.1.3): a "GP" header with an optional envelope,
// then standard WKB. Used by the GeoPackage reader; pure functions, any thread.

#include <cstddef>
#include <cstdint>
#include <string>

namespace gis::detail {

/// The WKB inside a GeoPackage geometry blob; points into the blob, which must outlive it.
struct GpkgWkb {
    const std::uint8_t* data = nullptr;
    std::size_t size = 0;
};

/// Finds the WKB after the header. Returns false and sets `why` when the blob is not a GeoPackage geometry
/// this reader takes: no "GP" magic, a version other than 1 (byte 0), an envelope code 5-7, an
/// ExtendedGeoPackageBinary (flag X, a vendor encoding), or a blob that ends in its header or right after it.
bool gpkgWkb(const std::uint8_t* blob, std::size_t size, GpkgWkb& out, std::string& why);

/// How many coordinates appendWkb() will add for this WKB: the same walk as its parser (empty points and
/// empty polygons add none) without reading coordinates. 0 for malformed WKB, which the parser rejects.
std::size_t countWkbCoords(const std::uint8_t* wkb, std::size_t size);

} // namespace gis::detail
