#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gis/core/export.h"

GIS_API_BEGIN

namespace gis {

/// Attribute types as libgis keeps them. Dates are days since 1970-01-01; date-times are milliseconds since
/// 1970-01-01T00:00:00Z (sources' time zones are applied on reading); booleans are 0/1 integers.
enum class FieldType : std::uint8_t { Integer, Real, String, Date, DateTime, Boolean, Binary };

/// "integer", "real", "string", "date", "datetime", "boolean", "binary".
std::string_view fieldTypeName(FieldType type);

struct FieldInfo {
    std::string name;
    FieldType type = FieldType::String;
};

/// One typed attribute column: values in a flat array of their type (strings as one character buffer with
/// offsets), and a validity mask that exists only once a null was appended.
/// Strings are always UTF-8. Readable from any number of threads once built.
class AttributeColumn {
public:
    AttributeColumn(std::string name, FieldType type);

    const std::string& name() const { return m_name; }
    FieldType type() const { return m_type; }
    FieldInfo info() const { return {m_name, m_type}; }
    std::size_t size() const { return m_size; }

    bool isNull(std::size_t i) const { return !m_valid.empty() && !m_valid[i]; }
    /// Integer, Boolean, Date (days) and DateTime (ms) values; a Real is truncated. 0 for null.
    std::int64_t integer(std::size_t i) const;
    /// Numeric value of Integer, Real, Boolean, Date and DateTime columns. NaN for null.
    double real(std::size_t i) const;
    /// String and Binary values (bytes). Empty for null and for other types.
    std::string_view string(std::size_t i) const;
    /// Any value as text: ISO 8601 for dates ("2025-03-01", "2025-03-01T08:30:00Z"), "true"/"false",
    /// shortest round-trip decimal for reals, hex for binary; empty for null.
    std::string toString(std::size_t i) const;

    void reserve(std::size_t n);
    void appendNull();
    void appendInteger(std::int64_t v); ///< Integer, Boolean, Date, DateTime
    void appendReal(double v);          ///< Real
    void appendString(std::string_view v); ///< String, Binary

    std::size_t memoryUsage() const;

private:
    void markValid();

    std::string m_name;
    FieldType m_type;
    std::size_t m_size = 0;
    std::vector<std::int64_t> m_integers;
    std::vector<double> m_reals;
    std::vector<std::uint64_t> m_offsets;
    std::string m_chars;
    std::vector<bool> m_valid; // empty while there are no nulls
};

/// The attribute columns of a layer, all of the same length.
class AttributeTable {
public:
    std::size_t columnCount() const { return m_columns.size(); }
    std::size_t rowCount() const { return m_columns.empty() ? m_rows : m_columns.front().size(); }
    const AttributeColumn& column(std::size_t i) const { return m_columns[i]; }
    AttributeColumn& column(std::size_t i) { return m_columns[i]; }
    const std::vector<AttributeColumn>& columns() const { return m_columns; }
    std::vector<FieldInfo> fields() const;

    /// Index of the field named `name` (exact, then case-insensitive ASCII match), or -1.
    int indexOf(std::string_view name) const;
    /// The column named `name`; throws Error(ErrorCode::Query) "unknown field \"x\"" when there is none.
    const AttributeColumn& column(std::string_view name) const;

    AttributeColumn& addColumn(std::string name, FieldType type);
    /// For tables without columns: how many rows there are.
    void setRowCount(std::size_t rows) { m_rows = rows; }

    std::size_t memoryUsage() const;

private:
    std::vector<AttributeColumn> m_columns;
    std::size_t m_rows = 0;
};

} // namespace gis

GIS_API_END
