#include "pgcopy.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "gdalsupport.h"
#include "gis/core/error.h"

namespace gis::detail::pg {

namespace {

/// "PGCOPY\n\377\r\n\0": the binary COPY signature.
constexpr std::uint8_t kSignature[11] = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', 0xff, '\r', '\n', 0};

std::uint16_t be16(const std::uint8_t* p) { return static_cast<std::uint16_t>((p[0] << 8) | p[1]); }
std::uint32_t be32(const std::uint8_t* p)
{
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | std::uint32_t(p[3]);
}
std::uint64_t be64(const std::uint8_t* p) { return (std::uint64_t(be32(p)) << 32) | be32(p + 4); }

[[noreturn]] void bad(const std::string& why)
{
    throw Error(ErrorCode::Format, "binary COPY from PostgreSQL: " + why);
}

/// Days from 1970-01-01 to PostgreSQL's epoch, 2000-01-01.
constexpr std::int64_t kEpochDays = 10957;

} // namespace

CopyDecoder::CopyDecoder(std::size_t fields) : m_fields(fields), m_values(fields) {}

void CopyDecoder::feed(std::string_view chunk, CopyRowSink& sink)
{
    const auto* data = reinterpret_cast<const std::uint8_t*>(chunk.data());
    std::size_t size = chunk.size();
    if (!m_pending.empty()) {
        // Complete the kept row from this chunk: append, decode what is whole, keep the rest.
        m_pending.append(chunk);
        const std::size_t used = decode(reinterpret_cast<const std::uint8_t*>(m_pending.data()), m_pending.size(), sink);
        m_pending.erase(0, used);
        return;
    }
    const std::size_t used = decode(data, size, sink);
    m_pending.assign(chunk.substr(used));
}

std::size_t CopyDecoder::decode(const std::uint8_t* data, std::size_t size, CopyRowSink& sink)
{
    std::size_t at = 0;
    if (!m_headerDone) {
        if (size < sizeof kSignature + 8)
            return 0;
        if (std::memcmp(data, kSignature, sizeof kSignature) != 0)
            bad("the stream does not start with the PGCOPY signature");
        const std::uint32_t flags = be32(data + 11);
        if (flags & 0x10000)
            bad("rows carry OIDs, which this reader does not expect");
        const std::uint32_t extension = be32(data + 15);
        if (extension > (1u << 20))
            bad("a header extension of " + std::to_string(extension) + " bytes");
        if (extension > size - 19)
            return 0;
        at = 19 + extension;
        m_headerDone = true;
    }
    while (at < size) {
        if (m_ended)
            bad(std::to_string(size - at) + " bytes after the trailer");
        const std::size_t start = at;
        if (size - at < 2)
            return start;
        const auto count = static_cast<std::int16_t>(be16(data + at));
        at += 2;
        if (count == -1) {
            m_ended = true;
            continue;
        }
        if (count < 0 || static_cast<std::size_t>(count) != m_fields)
            bad("a row of " + std::to_string(count) + " fields where " + std::to_string(m_fields) + " were asked for");
        bool complete = true;
        for (std::size_t f = 0; f < m_fields; ++f) {
            if (size - at < 4) {
                complete = false;
                break;
            }
            const auto length = static_cast<std::int32_t>(be32(data + at));
            at += 4;
            if (length < -1)
                bad("a field length of " + std::to_string(length));
            if (length > 0 && static_cast<std::size_t>(length) > size - at) {
                complete = false;
                break;
            }
            m_values[f].data = data + at; // a zero-length or NULL value points at its place, never read
            m_values[f].size = length;
            if (length > 0)
                at += static_cast<std::size_t>(length);
        }
        if (!complete)
            return start;
        ++m_rows;
        sink.row(m_values.data(), m_fields);
    }
    return at;
}

void CopyDecoder::finish() const
{
    if (!m_headerDone)
        bad("the stream ended before its header");
    if (!m_pending.empty())
        bad("the stream ended inside a row (" + std::to_string(m_pending.size()) + " bytes left)");
    if (!m_ended)
        bad("the stream ended without its trailer");
}

std::int64_t integerValue(const CopyValue& v)
{
    switch (v.size) {
    case 2: return static_cast<std::int16_t>(be16(v.data));
    case 4: return static_cast<std::int32_t>(be32(v.data));
    case 8: return static_cast<std::int64_t>(be64(v.data));
    default: bad("an integer of " + std::to_string(v.size) + " bytes");
    }
}

void appendValue(AttributeColumn& column, ValueKind kind, const CopyValue& v)
{
    if (v.isNull())
        return column.appendNull();
    const auto size = static_cast<std::size_t>(v.size);
    auto need = [&](std::size_t n, const char* what) {
        if (size != n)
            bad(std::string("a ") + what + " value of " + std::to_string(size) + " bytes in column \"" + column.name() + "\"");
    };
    switch (kind) {
    case ValueKind::Int2: need(2, "int2"); return column.appendInteger(static_cast<std::int16_t>(be16(v.data)));
    case ValueKind::Int4: need(4, "int4"); return column.appendInteger(static_cast<std::int32_t>(be32(v.data)));
    case ValueKind::Int8: need(8, "int8"); return column.appendInteger(static_cast<std::int64_t>(be64(v.data)));
    case ValueKind::Bool: need(1, "bool"); return column.appendInteger(v.data[0] != 0 ? 1 : 0);
    case ValueKind::Float4: {
        need(4, "float4");
        const std::uint32_t bits = be32(v.data);
        float f;
        std::memcpy(&f, &bits, 4);
        return column.appendReal(f);
    }
    case ValueKind::Float8: {
        need(8, "float8");
        const std::uint64_t bits = be64(v.data);
        double d;
        std::memcpy(&d, &bits, 8);
        return column.appendReal(d);
    }
    case ValueKind::Text: {
        const auto* text = reinterpret_cast<const char*>(v.data);
        if (!isValidUtf8(text, size))
            bad("text that is not UTF-8 in column \"" + column.name() + "\"");
        return column.appendString(std::string_view(text, size));
    }
    case ValueKind::Bytea: return column.appendString(std::string_view(reinterpret_cast<const char*>(v.data), size));
    case ValueKind::Date: {
        need(4, "date");
        const auto days = static_cast<std::int32_t>(be32(v.data));
        if (days == std::numeric_limits<std::int32_t>::max() || days == std::numeric_limits<std::int32_t>::min())
            return column.appendNull(); // 'infinity', '-infinity'
        return column.appendInteger(kEpochDays + days);
    }
    case ValueKind::Timestamp: {
        need(8, "timestamp");
        const auto micros = static_cast<std::int64_t>(be64(v.data));
        if (micros == std::numeric_limits<std::int64_t>::max() || micros == std::numeric_limits<std::int64_t>::min())
            return column.appendNull();
        // Floor division: a time before 2000 keeps its millisecond (not rounded towards 2000).
        const std::int64_t ms = micros / 1000 - (micros % 1000 < 0 ? 1 : 0);
        return column.appendInteger(ms + kEpochDays * 86400000LL);
    }
    }
}

} // namespace gis::detail::pg
