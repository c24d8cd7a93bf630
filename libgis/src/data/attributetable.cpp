#include "gis/data/attributetable.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>

#include "gis/core/error.h"
#include "gis/data/datetime.h"

namespace gis {

std::string_view fieldTypeName(FieldType type)
{
    switch (type) {
    case FieldType::Integer: return "integer";
    case FieldType::Real: return "real";
    case FieldType::String: return "string";
    case FieldType::Date: return "date";
    case FieldType::DateTime: return "datetime";
    case FieldType::Boolean: return "boolean";
    case FieldType::Binary: return "binary";
    }
    return "string";
}

namespace {

bool storesIntegers(FieldType t)
{
    return t == FieldType::Integer || t == FieldType::Boolean || t == FieldType::Date || t == FieldType::DateTime;
}

bool storesBytes(FieldType t)
{
    return t == FieldType::String || t == FieldType::Binary;
}

} // namespace

AttributeColumn::AttributeColumn(std::string name, FieldType type) : m_name(std::move(name)), m_type(type)
{
    if (storesBytes(type))
        m_offsets.push_back(0);
}

std::int64_t AttributeColumn::integer(std::size_t i) const
{
    if (isNull(i))
        return 0;
    if (storesIntegers(m_type))
        return m_integers[i];
    if (m_type == FieldType::Real)
        return std::isfinite(m_reals[i]) ? static_cast<std::int64_t>(m_reals[i]) : 0;
    return 0;
}

double AttributeColumn::real(std::size_t i) const
{
    if (isNull(i) || storesBytes(m_type))
        return std::numeric_limits<double>::quiet_NaN();
    if (m_type == FieldType::Real)
        return m_reals[i];
    return static_cast<double>(m_integers[i]);
}

std::string_view AttributeColumn::string(std::size_t i) const
{
    if (isNull(i) || !storesBytes(m_type))
        return {};
    return std::string_view(m_chars).substr(m_offsets[i], m_offsets[i + 1] - m_offsets[i]);
}

std::string AttributeColumn::toString(std::size_t i) const
{
    if (isNull(i))
        return {};
    char buf[64];
    switch (m_type) {
    case FieldType::Integer: {
        auto r = std::to_chars(buf, buf + sizeof buf, m_integers[i]);
        return std::string(buf, r.ptr);
    }
    case FieldType::Real: {
        auto r = std::to_chars(buf, buf + sizeof buf, m_reals[i]);
        return std::string(buf, r.ptr);
    }
    case FieldType::Boolean: return m_integers[i] ? "true" : "false";
    case FieldType::Date: return formatDate(m_integers[i]);
    case FieldType::DateTime: return formatDateTime(m_integers[i]);
    case FieldType::String: return std::string(string(i));
    case FieldType::Binary: {
        static const char hex[] = "0123456789abcdef";
        std::string out;
        for (unsigned char c : string(i)) {
            out += hex[c >> 4];
            out += hex[c & 15];
        }
        return out;
    }
    }
    return {};
}

void AttributeColumn::reserve(std::size_t n)
{
    if (storesIntegers(m_type))
        m_integers.reserve(n);
    else if (m_type == FieldType::Real)
        m_reals.reserve(n);
    else
        m_offsets.reserve(n + 1);
}

void AttributeColumn::markValid()
{
    if (!m_valid.empty())
        m_valid.push_back(true);
    ++m_size;
}

void AttributeColumn::appendNull()
{
    if (m_valid.empty())
        m_valid.assign(m_size, true);
    m_valid.push_back(false);
    ++m_size;
    if (storesIntegers(m_type))
        m_integers.push_back(0);
    else if (m_type == FieldType::Real)
        m_reals.push_back(std::numeric_limits<double>::quiet_NaN());
    else
        m_offsets.push_back(m_chars.size());
}

void AttributeColumn::appendInteger(std::int64_t v)
{
    if (m_type == FieldType::Real)
        return appendReal(static_cast<double>(v));
    if (!storesIntegers(m_type))
        throw Error(ErrorCode::Argument, "field \"" + m_name + "\": integer value for a " + std::string(fieldTypeName(m_type)) + " column");
    m_integers.push_back(v);
    markValid();
}

void AttributeColumn::appendReal(double v)
{
    if (m_type != FieldType::Real)
        throw Error(ErrorCode::Argument, "field \"" + m_name + "\": real value for a " + std::string(fieldTypeName(m_type)) + " column");
    m_reals.push_back(v);
    markValid();
}

void AttributeColumn::appendString(std::string_view v)
{
    if (!storesBytes(m_type))
        throw Error(ErrorCode::Argument, "field \"" + m_name + "\": text value for a " + std::string(fieldTypeName(m_type)) + " column");
    m_chars.append(v);
    m_offsets.push_back(m_chars.size());
    markValid();
}

std::size_t AttributeColumn::memoryUsage() const
{
    return m_integers.capacity() * sizeof(std::int64_t) + m_reals.capacity() * sizeof(double)
        + m_offsets.capacity() * sizeof(std::uint64_t) + m_chars.capacity() + m_valid.capacity() / 8;
}

std::vector<FieldInfo> AttributeTable::fields() const
{
    std::vector<FieldInfo> out;
    out.reserve(m_columns.size());
    for (const auto& c : m_columns)
        out.push_back(c.info());
    return out;
}

int AttributeTable::indexOf(std::string_view name) const
{
    for (std::size_t i = 0; i < m_columns.size(); ++i)
        if (m_columns[i].name() == name)
            return static_cast<int>(i);
    auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
        const std::string& n = m_columns[i].name();
        if (n.size() != name.size())
            continue;
        bool same = true;
        for (std::size_t k = 0; k < n.size() && same; ++k)
            same = lower(n[k]) == lower(name[k]);
        if (same)
            return static_cast<int>(i);
    }
    return -1;
}

const AttributeColumn& AttributeTable::column(std::string_view name) const
{
    const int i = indexOf(name);
    if (i < 0)
        throw Error(ErrorCode::Query, "unknown field \"" + std::string(name) + "\"");
    return m_columns[static_cast<std::size_t>(i)];
}

AttributeColumn& AttributeTable::addColumn(std::string name, FieldType type)
{
    if (indexOf(name) >= 0 && m_columns[static_cast<std::size_t>(indexOf(name))].name() == name)
        throw Error(ErrorCode::Argument, "field \"" + name + "\" exists already");
    m_columns.emplace_back(std::move(name), type);
    return m_columns.back();
}

std::size_t AttributeTable::memoryUsage() const
{
    std::size_t bytes = m_columns.capacity() * sizeof(AttributeColumn);
    for (const auto& c : m_columns)
        bytes += c.memoryUsage();
    return bytes;
}

} // namespace gis
