#include "etag.h"

#include <cstdint>
#include <cstring>
#include <string_view>

#include "gis/data/layer.h"

namespace gis::detail {
namespace {

class Fnv1a {
public:
    void bytes(const void* data, std::size_t size)
    {
        const auto* p = static_cast<const unsigned char*>(data);
        for (std::size_t i = 0; i < size; ++i) {
            m_hash ^= p[i];
            m_hash *= 1099511628211ull;
        }
    }
    template <class T>
    void value(const T& v) { bytes(&v, sizeof v); }
    // Length first, so that ("ab", "c") and ("a", "bc") hash differently.
    void text(std::string_view s)
    {
        value(static_cast<std::uint64_t>(s.size()));
        bytes(s.data(), s.size());
    }
    std::uint64_t result() const { return m_hash; }

private:
    std::uint64_t m_hash = 14695981039346656037ull;
};

} // namespace

std::string featureEtag(const Layer& layer, std::size_t row)
{
    Fnv1a h;
    const GeometryColumn& g = layer.geometries();
    h.value(static_cast<std::uint8_t>(g.type(row)));
    for (std::size_t p = g.partBegin(row); p < g.partEnd(row); ++p) {
        h.value(static_cast<std::uint8_t>(g.partType(p)));
        h.value(static_cast<std::uint64_t>(g.ringEnd(p) - g.ringBegin(p)));
        for (std::size_t r = g.ringBegin(p); r < g.ringEnd(p); ++r) {
            h.value(static_cast<std::uint64_t>(g.coordEnd(r) - g.coordBegin(r)));
            for (std::size_t c = g.coordBegin(r); c < g.coordEnd(r); ++c) {
                h.value(g.coord(c).x);
                h.value(g.coord(c).y);
                if (g.hasZ())
                    h.value(g.zValues()[c]);
            }
        }
    }
    for (const AttributeColumn& column : layer.attributes().columns()) {
        h.text(column.name());
        const bool null = column.isNull(row);
        h.value(static_cast<std::uint8_t>(null));
        if (!null)
            h.text(column.toString(row));
    }
    static const char* hex = "0123456789abcdef";
    std::string tag = "\"";
    for (int shift = 60; shift >= 0; shift -= 4)
        tag += hex[(h.result() >> shift) & 0xf];
    return tag + "\"";
}

} // namespace gis::detail
