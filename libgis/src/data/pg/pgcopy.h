#pragma once

// Private: the binary COPY format (COPY … TO STDOUT (FORMAT binary)) decoded into values, and the PostgreSQL
// binary value forms the PostGIS reader turns into attribute values. Everything is bounded by the buffer it is
// given: a field count or length that does not fit is Error(Format), never a read past the end.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gis/data/attributetable.h"

namespace gis::detail::pg {

/// One value of a row: `size` bytes at `data`, or SQL NULL when `size` is -1.
struct CopyValue {
    const std::uint8_t* data = nullptr;
    std::int32_t size = -1;
    bool isNull() const { return size < 0; }
};

/// Receives the rows of a binary COPY.
class CopyRowSink {
public:
    virtual ~CopyRowSink() = default;
    /// One row of `count` values (the count the decoder was built for); the values point into buffers valid only
    /// during the call.
    virtual void row(const CopyValue* values, std::size_t count) = 0;
};

/// Decodes a binary COPY stream fed in chunks of any size (libpq hands one row per chunk; the decoder does not
/// rely on it). Each row must have exactly `fields` values.
class CopyDecoder {
public:
    explicit CopyDecoder(std::size_t fields);

    /// Decodes what `chunk` completes and hands each row to `sink`; keeps an incomplete row's bytes for the next
    /// chunk. Throws Error(Format) for a bad signature, a row with another field count, a negative length other
    /// than -1, or data after the trailer.
    void feed(std::string_view chunk, CopyRowSink& sink);
    /// Checks that the stream ended with its trailer and no partial row. Throws Error(Format) otherwise.
    void finish() const;

    std::size_t rows() const { return m_rows; }

private:
    /// Decodes complete rows from `data`; returns how many bytes it used.
    std::size_t decode(const std::uint8_t* data, std::size_t size, CopyRowSink& sink);

    std::size_t m_fields;
    bool m_headerDone = false;
    bool m_ended = false;
    std::size_t m_rows = 0;
    std::string m_pending; ///< bytes of a row (or the header) that a chunk ended in the middle of
    std::vector<CopyValue> m_values;
};

/// How a column's binary value becomes an attribute (the SELECT casts anything else to text).
enum class ValueKind : std::uint8_t { Int2, Int4, Int8, Float4, Float8, Bool, Text, Bytea, Date, Timestamp };

/// Appends one binary value of kind `kind` to `column` (NULL for a null value). Throws Error(Format) when the
/// value's size is not its kind's. Dates become days since 1970-01-01, timestamps milliseconds since
/// 1970-01-01T00:00:00Z (a timestamp without time zone is taken as UTC); ±infinity dates and timestamps are
/// NULL. Text that is not valid UTF-8 (the session is UTF-8, so only a broken server sends it) is Error(Format).
void appendValue(AttributeColumn& column, ValueKind kind, const CopyValue& value);

/// The value of a 2-, 4- or 8-byte big-endian integer (an id column). Throws Error(Format) for another size.
std::int64_t integerValue(const CopyValue& value);

} // namespace gis::detail::pg
