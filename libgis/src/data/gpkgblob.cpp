#include "gpkgblob.h"

#include <bit>
#include <cmath>
#include <cstring>

namespace gis::detail {

bool gpkgWkb(const std::uint8_t* blob, std::size_t size, GpkgWkb& out, std::string& why)
{
    if (size < 2 || blob[0] != 'G' || blob[1] != 'P') {
        why = "not a GeoPackage geometry blob (no \"GP\" header)";
        return false;
    }
    if (size < 8) {
        why = "GeoPackage geometry blob truncated in its header (" + std::to_string(size) + " bytes)";
        return false;
    }
    if (blob[2] != 0) {
        why = "GeoPackage geometry blob of unknown version " + std::to_string(blob[2] + 1);
        return false;
    }
    const std::uint8_t flags = blob[3];
    if (flags & 0x20) {
        why = "extended GeoPackage geometry blob (vendor encoding) is not supported";
        return false;
    }
    static constexpr std::size_t kEnvelopeBytes[] = {0, 32, 48, 48, 64};
    const unsigned envelope = (flags >> 1) & 7;
    if (envelope > 4) {
        why = "GeoPackage geometry blob with invalid envelope code " + std::to_string(envelope);
        return false;
    }
    const std::size_t header = 8 + kEnvelopeBytes[envelope];
    if (size < header) {
        why = "GeoPackage geometry blob truncated in its header (" + std::to_string(size) + " bytes)";
        return false;
    }
    if (size == header) {
        why = "GeoPackage geometry blob without WKB after its header";
        return false;
    }
    // The empty flag (bit 4) is not trusted: the WKB says the same (POINT EMPTY is NaN NaN), and the parser
    // reads what is there.
    out.data = blob + header;
    out.size = size - header;
    return true;
}

namespace {

constexpr std::uint32_t kEwkbZ = 0x80000000u;
constexpr std::uint32_t kEwkbM = 0x40000000u;
constexpr std::uint32_t kEwkbSrid = 0x20000000u;
constexpr int kMaxDepth = 32; // as in wkb.cpp

/// Walks WKB the way gis::appendWkb's parser does, counting instead of storing. Any inconsistency makes
/// ok() false; the count is then meaningless (the parser will reject the geometry).
class CoordCounter {
public:
    CoordCounter(const std::uint8_t* data, std::size_t size) : m_data(data), m_size(size) {}

    std::size_t run()
    {
        geometry(0, 0);
        return m_ok && m_pos == m_size ? m_count : 0;
    }

private:
    struct Header {
        unsigned base = 0;
        bool swap = false;
        std::size_t coordBytes = 16;
    };

    bool need(std::size_t n)
    {
        if (m_size - m_pos < n)
            m_ok = false;
        return m_ok;
    }

    std::uint32_t u32(bool swap)
    {
        if (!need(4))
            return 0;
        std::uint32_t v;
        std::memcpy(&v, m_data + m_pos, 4);
        m_pos += 4;
        return swap ? __builtin_bswap32(v) : v;
    }

    double f64(std::size_t at, bool swap) const
    {
        std::uint64_t v;
        std::memcpy(&v, m_data + at, 8);
        return std::bit_cast<double>(swap ? __builtin_bswap64(v) : v);
    }

    bool header(Header& h)
    {
        if (!need(1))
            return false;
        const std::uint8_t order = m_data[m_pos++];
        if (order > 1)
            return m_ok = false;
        h.swap = (order == 1) != (std::endian::native == std::endian::little);
        const std::uint32_t raw = u32(h.swap);
        const std::uint32_t code = raw & ~(kEwkbZ | kEwkbM | kEwkbSrid);
        h.base = code % 1000;
        const std::uint32_t iso = code / 1000;
        if (!m_ok || h.base < 1 || h.base > 7 || iso > 3)
            return m_ok = false;
        const bool z = (raw & kEwkbZ) || iso == 1 || iso == 3;
        const bool m = (raw & kEwkbM) || iso == 2 || iso == 3;
        h.coordBytes = 8 * (2 + z + m);
        if (raw & kEwkbSrid) {
            if (!need(4))
                return false;
            m_pos += 4;
        }
        return true;
    }

    /// Skips n coordinates; false when they do not fit (also for a corrupt, huge n).
    bool coords(const Header& h, std::uint32_t n)
    {
        if (n > (m_size - m_pos) / h.coordBytes)
            return m_ok = false;
        m_pos += std::size_t(n) * h.coordBytes;
        return true;
    }

    /// One geometry; `parent` is the collection type it is a member of (0 at the top).
    void geometry(unsigned parent, int depth)
    {
        Header h;
        if (!header(h))
            return;
        // A Multi* holds only its single type; a GeometryCollection (7) holds anything.
        if (parent != 0 && parent != 7 && h.base != parent - 3)
            m_ok = false;
        switch (h.base) {
        case 1: // Point: POINT EMPTY (NaN NaN) adds nothing
            if (!need(h.coordBytes))
                return;
            if (!(std::isnan(f64(m_pos, h.swap)) && std::isnan(f64(m_pos + 8, h.swap))))
                ++m_count;
            m_pos += h.coordBytes;
            return;
        case 2: { // LineString
            const std::uint32_t n = u32(h.swap);
            if (m_ok && coords(h, n))
                m_count += n;
            return;
        }
        case 3: { // Polygon: an empty exterior ring makes the whole polygon empty
            const std::uint32_t rings = u32(h.swap);
            bool started = false;
            for (std::uint32_t r = 0; r < rings && m_ok; ++r) {
                const std::uint32_t n = u32(h.swap);
                if (!m_ok || !coords(h, n))
                    return;
                if (r == 0 && n > 0)
                    started = true;
                if (started)
                    m_count += n;
            }
            return;
        }
        default: { // Multi* and GeometryCollection
            if (depth >= kMaxDepth)
                return void(m_ok = false);
            const std::uint32_t n = u32(h.swap);
            for (std::uint32_t k = 0; k < n && m_ok; ++k)
                geometry(h.base, depth + 1);
            return;
        }
        }
    }

    const std::uint8_t* m_data;
    std::size_t m_size;
    std::size_t m_pos = 0;
    std::size_t m_count = 0;
    bool m_ok = true;
};

} // namespace

std::size_t countWkbCoords(const std::uint8_t* wkb, std::size_t size)
{
    return CoordCounter(wkb, size).run();
}

} // namespace gis::detail
