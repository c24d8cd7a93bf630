#include <charconv>
#include <chrono>
#include <random>

#include "edit/editsessionparts.h"
#include "gis/core/error.h"

namespace gis::detail {

std::int64_t nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

JournalRecord headerRecord(const std::string& layer, std::size_t fields)
{
    JournalRecord header;
    header.type = JournalRecord::Type::Header;
    header.timeMs = nowMs();
    header.text = layer;
    header.count = fields;
    return header;
}

FieldValue normalizeValue(const std::string& layer, const FieldInfo& field, FieldValue value)
{
    if (std::holds_alternative<std::monostate>(value))
        return value;
    auto wrong = [&](const char* what) {
        return Error(ErrorCode::Argument, "layer \"" + layer + "\", field \"" + field.name + "\" ("
                + std::string(fieldTypeName(field.type)) + "): " + what);
    };
    switch (field.type) {
    case FieldType::Real:
        if (std::holds_alternative<std::int64_t>(value))
            return static_cast<double>(std::get<std::int64_t>(value));
        if (!std::holds_alternative<double>(value))
            throw wrong("a text value for a number");
        return value;
    case FieldType::String:
    case FieldType::Binary:
        if (!std::holds_alternative<std::string>(value))
            throw wrong("a number for a text value");
        return value;
    case FieldType::Boolean:
        if (!std::holds_alternative<std::int64_t>(value))
            throw wrong("not an integer 0 or 1");
        return std::int64_t(std::get<std::int64_t>(value) != 0);
    default:
        if (!std::holds_alternative<std::int64_t>(value))
            throw wrong("not an integer (dates are days, date-times milliseconds since 1970)");
        return value;
    }
}

Geometry movedVertex(const Geometry& g, std::uint64_t vertex, double x, double y, const std::string& layer,
    std::int64_t fid)
{
    const GeometryColumn& in = g.column();
    if (g.isNull() || vertex >= in.coordCount())
        throw Error(ErrorCode::Argument, "layer \"" + layer + "\", feature " + std::to_string(fid) + ": no vertex "
                + std::to_string(vertex) + " (the geometry has " + std::to_string(g.isNull() ? 0 : in.coordCount()) + ")");
    GeometryColumn out = in; // one copy of the coordinates: O(vertices), no parse
    Coord* c = out.mutableCoords();
    // The ring of the vertex: a closed ring's first and last coordinates are one vertex.
    for (std::size_t p = in.partBegin(0); p < in.partEnd(0); ++p) {
        if (in.ringEnd(p) == in.ringBegin(p) || in.coordBegin(in.ringBegin(p)) > vertex
            || in.coordEnd(in.ringEnd(p) - 1) <= vertex)
            continue;
        for (std::size_t r = in.ringBegin(p); r < in.ringEnd(p); ++r) {
            const std::size_t b = in.coordBegin(r), e = in.coordEnd(r);
            if (vertex < b || vertex >= e)
                continue;
            if (e - b > 2 && in.coord(b) == in.coord(e - 1)) {
                if (vertex == b)
                    c[e - 1] = {x, y};
                else if (vertex == e - 1)
                    c[b] = {x, y};
            }
            break;
        }
        break;
    }
    c[vertex] = {x, y};
    return Geometry(std::move(out));
}

std::string formatNumber(double v)
{
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

std::unique_ptr<EditJournal> createSessionJournal(const std::string& prefix)
{
    std::random_device rd;
    static const char* hex = "0123456789abcdef";
    for (int attempt = 0;; ++attempt) {
        std::string id;
        for (int k = 0; k < 8; ++k)
            id += hex[rd() & 15];
        const std::string path = prefix + id + ".gis-journal";
        try {
            return EditJournal::create(path);
        } catch (const Error&) {
            if (attempt >= 16)
                throw;
        }
    }
}

} // namespace gis::detail
