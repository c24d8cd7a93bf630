#include "gis/geom/wkt.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

#include "gis/core/error.h"

namespace gis {

namespace {

constexpr int kMaxDepth = 32;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool isLetter(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return (x >= 'a' && x <= 'z' ? x - 32 : x) == (y >= 'a' && y <= 'z' ? y - 32 : y);
           });
}

constexpr std::array<std::string_view, 8> kTypeKeywords = {
    "", "POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION",
};

/// Which ordinates each coordinate has. Implicit: as many as written (2 = XY, 3 = XYZ, 4 = XYZM).
enum class Dims { Implicit, Z, M, ZM };

/// Reads one WKT geometry into the geometry `out` is building, emitting parts as it goes.
class WktParser {
public:
    WktParser(GeometryColumn& out, std::string_view text) : m_out(out), m_text(text) {}

    void srid()
    {
        const std::size_t at = m_pos;
        if (!equalsIgnoreCase(word(), "SRID")) {
            m_pos = at;
            return;
        }
        expect('=');
        skipSpace();
        while (m_pos < m_text.size() && ((m_text[m_pos] >= '0' && m_text[m_pos] <= '9') || m_text[m_pos] == '-'))
            ++m_pos;
        expect(';');
    }

    /// A type keyword with its dimension tag: "POINT", "POINT Z", "POINTZM".
    std::pair<GeometryType, Dims> tag()
    {
        skipSpace();
        const std::size_t at = m_pos;
        const std::string_view w = word();
        if (w.empty())
            fail(at, "expected a geometry type");
        for (std::size_t t = 1; t < kTypeKeywords.size(); ++t) {
            const std::string_view name = kTypeKeywords[t];
            if (w.size() < name.size() || !equalsIgnoreCase(w.substr(0, name.size()), name))
                continue;
            Dims dims = Dims::Implicit;
            if (!dimsTag(w.substr(name.size()), dims))
                continue;
            if (dims == Dims::Implicit) { // a separate tag: POINT Z (...)
                const std::size_t next = m_pos;
                if (!dimsTag(word(), dims) || dims == Dims::Implicit)
                    m_pos = next;
            }
            return {static_cast<GeometryType>(t), dims};
        }
        fail(at, "unknown geometry type '" + std::string(w) + "'");
    }

    void body(GeometryType type, Dims dims, int depth)
    {
        if (isEmpty())
            return;
        switch (type) {
        case GeometryType::Point:
            m_out.beginPart(GeometryType::Point);
            m_out.beginRing();
            coord(dims, true);
            expect(')');
            return;
        case GeometryType::LineString: return line(dims);
        case GeometryType::Polygon: return polygon(dims);
        case GeometryType::MultiPoint: return members([&] { multiPointMember(dims); });
        case GeometryType::MultiLineString: return members([&] {
                if (!isEmpty())
                    line(dims);
            });
        case GeometryType::MultiPolygon: return members([&] {
                if (!isEmpty())
                    polygon(dims);
            });
        case GeometryType::GeometryCollection:
            if (depth >= kMaxDepth)
                fail(m_pos, "collections nested deeper than " + std::to_string(kMaxDepth));
            return members([&] {
                const auto [memberType, memberDims] = tag();
                body(memberType, memberDims, depth + 1);
            });
        case GeometryType::Unknown: break;
        }
    }

    /// For the compact layout: true with x and y when the rest of the text is a whole 2D point ("(1 2)");
    /// otherwise false with nothing consumed, for body() to read (and report errors the usual way).
    bool xyPoint(Dims dims, Coord& xy)
    {
        const std::size_t at = m_pos;
        double v[4];
        if (dims == Dims::Implicit && accept('(') && readCoord(dims, v) == 2 && accept(')')) {
            skipSpace();
            if (m_pos == m_text.size()) {
                xy = {v[0], v[1]};
                return true;
            }
        }
        m_pos = at;
        return false;
    }

    void finish()
    {
        skipSpace();
        if (m_pos != m_text.size())
            fail(m_pos, "unexpected text after the geometry");
    }

private:
    [[noreturn]] void fail(std::size_t at, const std::string& what) const
    {
        const std::size_t from = at > 12 ? at - 12 : 0;
        const std::size_t to = std::min(m_text.size(), at + 12);
        std::string_view text = m_text.substr(from, to - from);
        while (to < m_text.size() && !text.empty() && isSpace(text.back()))
            text.remove_suffix(1);
        const std::string snippet = (from > 0 ? "..." : "") + std::string(text) + (to < m_text.size() ? "..." : "");
        throw Error(ErrorCode::Geometry,
                    "WKT: " + what + " at column " + std::to_string(at + 1) + " near \"" + snippet + "\"");
    }

    void skipSpace()
    {
        while (m_pos < m_text.size() && isSpace(m_text[m_pos]))
            ++m_pos;
    }

    std::string_view word()
    {
        skipSpace();
        const std::size_t at = m_pos;
        while (m_pos < m_text.size() && isLetter(m_text[m_pos]))
            ++m_pos;
        return m_text.substr(at, m_pos - at);
    }

    static bool dimsTag(std::string_view w, Dims& dims)
    {
        constexpr std::pair<std::string_view, Dims> kTags[] = {
            {"", Dims::Implicit}, {"Z", Dims::Z}, {"M", Dims::M}, {"ZM", Dims::ZM}};
        for (const auto& [name, d] : kTags) {
            if (equalsIgnoreCase(w, name)) {
                dims = d;
                return true;
            }
        }
        return false;
    }

    bool accept(char c)
    {
        skipSpace();
        if (m_pos < m_text.size() && m_text[m_pos] == c) {
            ++m_pos;
            return true;
        }
        return false;
    }

    void expect(char c)
    {
        if (!accept(c))
            fail(m_pos, std::string("expected '") + c + "'");
    }

    /// EMPTY, or the opening parenthesis of a non-empty body.
    bool isEmpty()
    {
        skipSpace();
        const std::size_t at = m_pos;
        if (equalsIgnoreCase(word(), "EMPTY"))
            return true;
        m_pos = at;
        if (!accept('('))
            fail(at, "expected '(' or EMPTY");
        return false;
    }

    /// Runs `member` for each comma-separated member up to the closing parenthesis (the opening one is read).
    template <class F>
    void members(F&& member)
    {
        do {
            member();
        } while (accept(','));
        expect(')');
    }

    double number()
    {
        skipSpace();
        const std::size_t at = m_pos;
        const char* first = m_text.data() + m_pos;
        const char* last = m_text.data() + m_text.size();
        if (first != last && *first == '+')
            ++first;
        double v = 0;
        const auto [end, ec] = std::from_chars(first, last, v);
        if (ec == std::errc::invalid_argument || (end != last && !isSpace(*end) && *end != ',' && *end != ')'))
            fail(at, "expected a number");
        if (ec == std::errc::result_out_of_range) {
            // Overflow is non-finite; underflow reads as the nearest representable value, as strtod does.
            v = std::strtod(std::string(first, end).c_str(), nullptr);
        }
        if (!std::isfinite(v))
            fail(at, "non-finite coordinate");
        m_pos = static_cast<std::size_t>(end - m_text.data());
        return v;
    }

    bool atNumber()
    {
        skipSpace();
        return m_pos < m_text.size() && m_text[m_pos] != ',' && m_text[m_pos] != ')';
    }

    /// One coordinate, added to the open ring when `emit`.
    void coord(Dims dims, bool emit)
    {
        double v[4];
        const std::size_t at = m_pos;
        const int n = readCoord(dims, v);
        // One geometry, one set of ordinates: the column would fill the missing ones with NaN, which no WKT
        // writes back ("POLYGON ((0 0, 1 0 5, ...))", "GEOMETRYCOLLECTION (POINT Z (1 2 3), POINT (1 2))").
        static constexpr const char* kNames[] = {"XY", "XYZ", "XYM", "XYZM"};
        const int ordinates = n == 2 ? 0 : n == 4 ? 3 : dims == Dims::M ? 2 : 1;
        if (m_ordinates < 0)
            m_ordinates = ordinates;
        else if (ordinates != m_ordinates)
            fail(at, std::string("an ") + kNames[ordinates] + " coordinate in a geometry whose first coordinate is "
                     + kNames[m_ordinates]);
        if (!emit)
            return;
        if (n == 2)
            m_out.addCoord(v[0], v[1]);
        else if (dims == Dims::M)
            m_out.addCoord(v[0], v[1], kNaN, v[2]);
        else
            m_out.addCoord(v[0], v[1], v[2], v[3]);
    }

    /// Reads a coordinate's 2 to 4 numbers into v (NaN for those not given) and returns how many there were.
    int readCoord(Dims dims, double v[4])
    {
        skipSpace();
        const std::size_t at = m_pos;
        v[2] = v[3] = kNaN;
        int n = 0;
        while (n < 4 && atNumber())
            v[n++] = number();
        const int want = dims == Dims::Implicit ? 0 : dims == Dims::ZM ? 4 : 3;
        if (n < 2 || (want && n != want))
            fail(at, want ? "expected " + std::to_string(want) + " numbers per coordinate"
                          : std::string("expected 2 to 4 numbers per coordinate"));
        if (atNumber())
            fail(m_pos, "more than 4 numbers in a coordinate");
        return n;
    }

    /// "(x y, x y, ...)" after its opening parenthesis, as one ring when `emit`.
    void coords(Dims dims, bool emit)
    {
        if (emit)
            m_out.beginRing();
        members([&] { coord(dims, emit); });
    }

    void line(Dims dims)
    {
        m_out.beginPart(GeometryType::LineString);
        coords(dims, true);
    }

    void polygon(Dims dims)
    {
        bool started = false; // an empty exterior ring makes the whole polygon empty
        bool first = true;
        members([&] {
            const bool empty = isEmpty();
            if (first && !empty) {
                m_out.beginPart(GeometryType::Polygon);
                started = true;
            }
            first = false;
            if (!empty)
                coords(dims, started);
        });
    }

    /// "(1 2)", "1 2" or EMPTY.
    void multiPointMember(Dims dims)
    {
        const std::size_t at = m_pos;
        if (equalsIgnoreCase(word(), "EMPTY"))
            return;
        m_pos = at;
        const bool parenthesised = accept('(');
        m_out.beginPart(GeometryType::Point);
        m_out.beginRing();
        coord(dims, true);
        if (parenthesised)
            expect(')');
    }

    GeometryColumn& m_out;
    std::string_view m_text;
    std::size_t m_pos = 0;
    int m_ordinates = -1; // of the first coordinate: index into coord()'s kNames
};

// --- writing -------------------------------------------------------------------------------------------------

class WktWriter {
public:
    WktWriter(const GeometryColumn& column, std::size_t index, int precision, std::string& out)
        : m_column(column), m_precision(std::min(precision, 30)), m_out(out)
    {
        const std::size_t p0 = column.partBegin(index), p1 = column.partEnd(index);
        if (p0 != p1) {
            const std::size_t c0 = column.coordBegin(column.ringBegin(p0));
            const std::size_t c1 = column.coordBegin(column.ringEnd(p1 - 1));
            m_z = anyValue(column.zValues(), c0, c1);
            m_m = anyValue(column.mValues(), c0, c1);
        }
    }

    void geometry(std::size_t index)
    {
        const GeometryType type = m_column.type(index);
        const std::size_t p0 = m_column.partBegin(index), p1 = m_column.partEnd(index);
        const bool multi = type != GeometryType::Point && type != GeometryType::LineString
            && type != GeometryType::Polygon;
        if (!multi && p1 - p0 > 1)
            throw Error(ErrorCode::Geometry, "WKT: a " + std::string(geometryTypeName(type)) + " with "
                                                 + std::to_string(p1 - p0) + " parts has no WKT");
        keyword(type);
        if (p0 == p1) {
            m_out += "EMPTY";
            return;
        }
        if (!multi)
            return partBody(p0);
        m_out += '(';
        for (std::size_t p = p0; p < p1; ++p) {
            if (p > p0)
                m_out += ", ";
            if (type == GeometryType::GeometryCollection)
                keyword(m_column.partType(p));
            partBody(p);
        }
        m_out += ')';
    }

private:
    static bool anyValue(const std::vector<double>& values, std::size_t c0, std::size_t c1)
    {
        return !values.empty() && std::any_of(values.begin() + c0, values.begin() + c1, [](double v) {
            return !std::isnan(v);
        });
    }

    void keyword(GeometryType type)
    {
        m_out += kTypeKeywords[static_cast<std::size_t>(type)];
        m_out += m_z && m_m ? " ZM " : m_z ? " Z " : m_m ? " M " : " ";
    }

    void partBody(std::size_t p)
    {
        const std::size_t r0 = m_column.ringBegin(p), r1 = m_column.ringEnd(p);
        const bool polygon = m_column.partType(p) == GeometryType::Polygon;
        if (polygon)
            m_out += '(';
        for (std::size_t r = r0; r < r1; ++r) {
            if (r > r0)
                m_out += ", ";
            m_out += '(';
            for (std::size_t c = m_column.coordBegin(r); c < m_column.coordEnd(r); ++c) {
                if (c > m_column.coordBegin(r))
                    m_out += ", ";
                coord(c);
            }
            m_out += ')';
        }
        if (polygon)
            m_out += ')';
    }

    void coord(std::size_t c)
    {
        number(m_column.coord(c).x);
        m_out += ' ';
        number(m_column.coord(c).y);
        if (m_z) {
            m_out += ' ';
            number(m_column.zValues()[c]);
        }
        if (m_m) {
            m_out += ' ';
            number(m_column.mValues()[c]);
        }
    }

    void number(double v)
    {
        if (!std::isfinite(v)) {
            m_out += std::isnan(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
            return;
        }
        char buf[400]; // a fixed-format DBL_MAX with 30 decimals fits
        if (m_precision < 0) {
            m_out.append(buf, std::to_chars(buf, buf + sizeof(buf), v).ptr);
            return;
        }
        char* end = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::fixed, m_precision).ptr;
        if (std::find(buf, end, '.') != end) {
            while (end[-1] == '0')
                --end;
            if (end[-1] == '.')
                --end;
        }
        if (end - buf == 2 && buf[0] == '-' && buf[1] == '0') // rounded to zero: "-0" is noise
            m_out += '0';
        else
            m_out.append(buf, end);
    }

    const GeometryColumn& m_column;
    int m_precision;
    std::string& m_out;
    bool m_z = false;
    bool m_m = false;
};

} // namespace

void appendWkt(GeometryColumn& out, std::string_view wkt)
{
    WktParser parser(out, wkt);
    parser.srid();
    const auto [type, dims] = parser.tag();
    Coord xy;
    if (type == GeometryType::Point && parser.xyPoint(dims, xy)) {
        out.appendPoint(xy.x, xy.y);
        return;
    }
    const std::size_t before = out.size();
    out.beginGeometry(type);
    try {
        parser.body(type, dims, 0);
        parser.finish();
        out.endGeometry();
    } catch (...) {
        out.endGeometry();
        out.truncate(before);
        throw;
    }
}

Geometry geometryFromWkt(std::string_view wkt)
{
    GeometryColumn column;
    appendWkt(column, wkt);
    return Geometry(std::move(column));
}

std::string toWkt(GeometryRef g, int precision)
{
    std::string out;
    if (g.column->isNull(g.index))
        return out;
    WktWriter(*g.column, g.index, precision, out).geometry(g.index);
    return out;
}

} // namespace gis
