#include "gis/geom/wkb.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "gis/core/error.h"

namespace gis {

namespace {

constexpr bool kLittleEndianHost = std::endian::native == std::endian::little;
constexpr int kMaxDepth = 32;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

constexpr std::uint32_t kEwkbZ = 0x80000000u;
constexpr std::uint32_t kEwkbM = 0x40000000u;
constexpr std::uint32_t kEwkbSrid = 0x20000000u;

[[noreturn]] void fail(const std::string& what)
{
    throw Error(ErrorCode::Geometry, "WKB: " + what);
}

bool isCollection(GeometryType t)
{
    return t == GeometryType::MultiPoint || t == GeometryType::MultiLineString || t == GeometryType::MultiPolygon
        || t == GeometryType::GeometryCollection;
}

/// One (sub)geometry's header.
struct Header {
    GeometryType type = GeometryType::Unknown;
    bool swap = false; // byte order differs from the host's
    bool z = false;
    bool m = false;
    std::size_t start = 0; // offset of its byte-order byte, for messages
    std::size_t coordBytes() const { return 8 * (2 + z + m); }
};

/// Reads one WKB geometry into the geometry `out` is building. Bounds are checked before every read.
class WkbParser {
public:
    WkbParser(GeometryColumn& out, const std::uint8_t* data, std::size_t size)
        : m_out(out), m_data(data), m_size(size)
    {
    }

    Header header()
    {
        Header h;
        h.start = m_pos;
        need(1);
        const std::uint8_t order = m_data[m_pos++];
        if (order > 1)
            fail("invalid byte order " + std::to_string(order) + " at byte " + std::to_string(h.start));
        h.swap = (order == 1) != kLittleEndianHost;
        const std::uint32_t raw = readU32(h.swap);
        const std::uint32_t code = raw & ~(kEwkbZ | kEwkbM | kEwkbSrid);
        const std::uint32_t base = code % 1000, iso = code / 1000;
        if (base < 1 || base > 7 || iso > 3)
            fail("unknown geometry type " + std::to_string(raw) + " at byte " + std::to_string(h.start));
        h.type = static_cast<GeometryType>(base);
        h.z = (raw & kEwkbZ) || iso == 1 || iso == 3;
        h.m = (raw & kEwkbM) || iso == 2 || iso == 3;
        if (raw & kEwkbSrid) {
            need(4);
            m_pos += 4;
        }
        return h;
    }

    /// Reads the body of `h`, adding its non-empty simple members as parts.
    void body(const Header& h, int depth)
    {
        switch (h.type) {
        case GeometryType::Point: return point(h);
        case GeometryType::LineString: return lineString(h);
        case GeometryType::Polygon: return polygon(h);
        default: break;
        }
        if (depth >= kMaxDepth)
            fail("collections nested deeper than " + std::to_string(kMaxDepth) + " at byte "
                 + std::to_string(h.start));
        const std::uint32_t n = readU32(h.swap);
        const GeometryType memberType = singleType(h.type); // GeometryCollection for a collection
        for (std::uint32_t k = 0; k < n; ++k) {
            const Header member = header();
            if (h.type != GeometryType::GeometryCollection && member.type != memberType)
                fail("a " + std::string(geometryTypeName(h.type)) + " member of type "
                     + std::string(geometryTypeName(member.type)) + " at byte " + std::to_string(member.start));
            body(member, depth + 1);
        }
    }

    /// A non-empty 2D point's x and y, read and checked; false (and nothing read) for POINT EMPTY.
    bool xyPoint(const Header& h, Coord& xy)
    {
        needCoords(h, 1);
        const std::size_t at = m_pos;
        xy.x = readF64(h.swap);
        xy.y = readF64(h.swap);
        if (std::isnan(xy.x) && std::isnan(xy.y)) {
            m_pos = at;
            return false;
        }
        return true;
    }

    void finish() const
    {
        if (m_pos != m_size)
            fail(std::to_string(m_size - m_pos) + " bytes after the geometry at byte " + std::to_string(m_pos));
    }

private:
    void need(std::size_t n) const
    {
        if (m_size - m_pos < n)
            fail("truncated at byte " + std::to_string(m_pos) + " (need " + std::to_string(n - (m_size - m_pos))
                 + " more)");
    }

    std::uint32_t readU32(bool swap)
    {
        need(4);
        std::uint32_t v;
        std::memcpy(&v, m_data + m_pos, 4);
        m_pos += 4;
        return swap ? __builtin_bswap32(v) : v;
    }

    // Unchecked: callers check the whole run of coordinates once.
    double readF64(bool swap)
    {
        std::uint64_t v;
        std::memcpy(&v, m_data + m_pos, 8);
        m_pos += 8;
        return std::bit_cast<double>(swap ? __builtin_bswap64(v) : v);
    }

    /// Checks that n coordinates fit, without overflowing on a corrupt count.
    void needCoords(const Header& h, std::uint32_t n) const
    {
        const std::size_t left = m_size - m_pos;
        if (n > left / h.coordBytes())
            need(std::size_t(n) * h.coordBytes()); // throws with the exact shortfall
    }

    void coords(const Header& h, std::uint32_t n)
    {
        needCoords(h, n);
        m_out.beginRing();
        if (!h.z && !h.m) {
            for (std::uint32_t i = 0; i < n; ++i) {
                const double x = readF64(h.swap);
                const double y = readF64(h.swap);
                m_out.addCoord(x, y);
            }
            return;
        }
        for (std::uint32_t i = 0; i < n; ++i) {
            const double x = readF64(h.swap);
            const double y = readF64(h.swap);
            const double z = h.z ? readF64(h.swap) : kNaN;
            const double m = h.m ? readF64(h.swap) : kNaN;
            m_out.addCoord(x, y, z, m);
        }
    }

    void skipCoords(const Header& h, std::uint32_t n)
    {
        needCoords(h, n);
        m_pos += std::size_t(n) * h.coordBytes();
    }

    void point(const Header& h)
    {
        needCoords(h, 1);
        const std::size_t at = m_pos;
        const double x = readF64(h.swap);
        const double y = readF64(h.swap);
        m_pos = at;
        if (std::isnan(x) && std::isnan(y)) { // POINT EMPTY
            skipCoords(h, 1);
            return;
        }
        m_out.beginPart(GeometryType::Point);
        coords(h, 1);
    }

    void lineString(const Header& h)
    {
        const std::uint32_t n = readU32(h.swap);
        if (n == 0)
            return;
        m_out.beginPart(GeometryType::LineString);
        coords(h, n);
    }

    void polygon(const Header& h)
    {
        const std::uint32_t rings = readU32(h.swap);
        bool started = false; // an empty exterior ring makes the whole polygon empty
        for (std::uint32_t r = 0; r < rings; ++r) {
            const std::uint32_t n = readU32(h.swap);
            if (r == 0 && n > 0) {
                m_out.beginPart(GeometryType::Polygon);
                started = true;
            }
            if (started && n > 0)
                coords(h, n);
            else
                skipCoords(h, n);
        }
    }

    GeometryColumn& m_out;
    const std::uint8_t* m_data;
    std::size_t m_size;
    std::size_t m_pos = 0;
};

// --- writing -------------------------------------------------------------------------------------------------

bool anyValue(const std::vector<double>& values, std::size_t c0, std::size_t c1)
{
    if (values.empty())
        return false;
    for (std::size_t c = c0; c < c1; ++c) {
        if (!std::isnan(values[c]))
            return true;
    }
    return false;
}

/// Writes one geometry into a buffer sized beforehand by size().
class WkbWriter {
public:
    WkbWriter(const GeometryColumn& column, std::size_t index) : m_column(column), m_index(index)
    {
        const std::size_t p0 = column.partBegin(index), p1 = column.partEnd(index);
        if (p0 != p1) {
            const std::size_t c0 = column.coordBegin(column.ringBegin(p0));
            const std::size_t c1 = column.coordBegin(column.ringEnd(p1 - 1));
            m_z = anyValue(column.zValues(), c0, c1);
            m_m = anyValue(column.mValues(), c0, c1);
        }
        m_coordBytes = 8 * (2 + m_z + m_m);
    }

    std::size_t size() const
    {
        const GeometryType type = m_column.type(m_index);
        const std::size_t p0 = m_column.partBegin(m_index), p1 = m_column.partEnd(m_index);
        if (p0 == p1)
            return type == GeometryType::Point ? 5 + m_coordBytes : 9;
        if (!isCollection(type)) {
            if (p1 - p0 != 1)
                fail("a " + std::string(geometryTypeName(type)) + " with " + std::to_string(p1 - p0)
                     + " parts has no WKB");
            return partSize(p0);
        }
        std::size_t bytes = 9;
        for (std::size_t p = p0; p < p1; ++p)
            bytes += partSize(p);
        return bytes;
    }

    /// Writes at `out`, which has size() bytes.
    void write(std::uint8_t* out)
    {
        m_out = out;
        const GeometryType type = m_column.type(m_index);
        const std::size_t p0 = m_column.partBegin(m_index), p1 = m_column.partEnd(m_index);
        if (p0 == p1) {
            putHeader(type);
            if (type == GeometryType::Point) {
                for (std::size_t k = 0; k < m_coordBytes / 8; ++k)
                    putF64(kNaN);
            } else {
                putU32(0);
            }
            return;
        }
        if (!isCollection(type))
            return writePart(p0);
        putHeader(type);
        putU32(static_cast<std::uint32_t>(p1 - p0));
        for (std::size_t p = p0; p < p1; ++p)
            writePart(p);
    }

private:
    std::size_t partSize(std::size_t p) const
    {
        const std::size_t r0 = m_column.ringBegin(p), r1 = m_column.ringEnd(p);
        const std::size_t coords = m_column.coordBegin(r1) - m_column.coordBegin(r0);
        switch (m_column.partType(p)) {
        case GeometryType::Point: return 5 + m_coordBytes;
        case GeometryType::LineString: return 9 + coords * m_coordBytes;
        default: return 9 + 4 * (r1 - r0) + coords * m_coordBytes;
        }
    }

    void writePart(std::size_t p)
    {
        const GeometryType type = m_column.partType(p);
        const std::size_t r0 = m_column.ringBegin(p), r1 = m_column.ringEnd(p);
        putHeader(type);
        if (type == GeometryType::Point) {
            putCoords(m_column.coordBegin(r0), m_column.coordBegin(r0) + 1);
            return;
        }
        if (type == GeometryType::Polygon)
            putU32(static_cast<std::uint32_t>(r1 - r0));
        for (std::size_t r = r0; r < r1; ++r) {
            const std::size_t c0 = m_column.coordBegin(r), c1 = m_column.coordEnd(r);
            putU32(static_cast<std::uint32_t>(c1 - c0));
            putCoords(c0, c1);
        }
    }

    void putHeader(GeometryType type)
    {
        *m_out++ = 1; // little-endian
        putU32(static_cast<std::uint32_t>(type) + (m_z ? 1000 : 0) + (m_m ? 2000 : 0));
    }

    void putU32(std::uint32_t v)
    {
        if constexpr (!kLittleEndianHost)
            v = __builtin_bswap32(v);
        std::memcpy(m_out, &v, 4);
        m_out += 4;
    }

    void putF64(double d)
    {
        auto v = std::bit_cast<std::uint64_t>(d);
        if constexpr (!kLittleEndianHost)
            v = __builtin_bswap64(v);
        std::memcpy(m_out, &v, 8);
        m_out += 8;
    }

    void putCoords(std::size_t c0, std::size_t c1)
    {
        if (kLittleEndianHost && !m_z && !m_m) { // the column's x,y pairs are already WKB
            static_assert(sizeof(Coord) == 16);
            std::memcpy(m_out, m_column.coords() + c0, (c1 - c0) * sizeof(Coord));
            m_out += (c1 - c0) * sizeof(Coord);
            return;
        }
        for (std::size_t c = c0; c < c1; ++c) {
            putF64(m_column.coord(c).x);
            putF64(m_column.coord(c).y);
            if (m_z)
                putF64(m_column.zValues()[c]);
            if (m_m)
                putF64(m_column.mValues()[c]);
        }
    }

    const GeometryColumn& m_column;
    std::size_t m_index;
    bool m_z = false;
    bool m_m = false;
    std::size_t m_coordBytes = 16;
    std::uint8_t* m_out = nullptr;
};

} // namespace

void appendWkb(GeometryColumn& out, const std::uint8_t* data, std::size_t size)
{
    // The load hot path: a 2D point in the host's byte order goes straight into the column.
    if (size == 21 && data[0] == (kLittleEndianHost ? 1 : 0)) {
        std::uint32_t type;
        std::memcpy(&type, data + 1, 4);
        if (type == 1) {
            double x, y;
            std::memcpy(&x, data + 5, 8);
            std::memcpy(&y, data + 13, 8);
            if (!(std::isnan(x) && std::isnan(y))) {
                out.appendPoint(x, y);
                return;
            }
        }
    }

    WkbParser parser(out, data, size);
    const Header h = parser.header();
    Coord xy;
    if (h.type == GeometryType::Point && !h.z && !h.m && parser.xyPoint(h, xy)) { // other byte order, SRID
        parser.finish();
        out.appendPoint(xy.x, xy.y);
        return;
    }
    const std::size_t before = out.size();
    out.beginGeometry(h.type);
    try {
        parser.body(h, 0);
        parser.finish();
        out.endGeometry();
    } catch (...) {
        out.endGeometry();
        out.truncate(before);
        throw;
    }
}

std::vector<std::uint8_t> toWkb(GeometryRef g)
{
    std::vector<std::uint8_t> buf;
    appendWkbTo(buf, g);
    return buf;
}

void appendWkbTo(std::vector<std::uint8_t>& buf, GeometryRef g)
{
    if (g.column->isNull(g.index))
        fail("a null geometry has no WKB");
    WkbWriter writer(*g.column, g.index);
    const std::size_t at = buf.size();
    buf.resize(at + writer.size());
    writer.write(buf.data() + at);
}

} // namespace gis
