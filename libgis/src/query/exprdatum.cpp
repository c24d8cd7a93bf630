// Values during evaluation: conversions to and from Value, text forms, ordering, widening. (The functions
// are declared in exprevaluator.h, beside Datum.)

#include "exprevaluator.h"

#include <charconv>
#include <cstdint>

#include "gis/data/datetime.h"

namespace gis::detail {

namespace {

using Type = Value::Type;

constexpr std::int64_t kMillisecondsPerDay = 86'400'000;

// Dates come from columns, literals or checked arithmetic; a column could still hold any integer, so
// saturate rather than overflow.
std::int64_t toMilliseconds(const Datum& d)
{
    std::int64_t ms = 0;
    if (d.type != Type::Date)
        return d.integer;
    if (__builtin_mul_overflow(d.integer, kMillisecondsPerDay, &ms))
        return d.integer < 0 ? INT64_MIN : INT64_MAX;
    return ms;
}

} // namespace

Datum fromValue(const Value& v)
{
    return {v.type, v.integer, v.real, v.text};
}

Value toValue(const Datum& d)
{
    return {d.type, d.integer, d.real, std::string(d.text)};
}

void appendText(std::string& out, const Datum& d)
{
    switch (d.type) {
    case Type::Null: return;
    case Type::String: out.append(d.text); return;
    case Type::Boolean: out.append(d.integer ? "true" : "false"); return;
    case Type::Date: out.append(formatDate(d.integer)); return;
    case Type::DateTime: out.append(formatDateTime(d.integer)); return;
    case Type::Integer:
    case Type::Real: {
        char buffer[32];
        const double real = d.real == 0 ? 0.0 : d.real; // -0 is printed "0"
        const auto r = d.type == Type::Integer ? std::to_chars(buffer, buffer + sizeof buffer, d.integer)
                                               : std::to_chars(buffer, buffer + sizeof buffer, real);
        out.append(buffer, r.ptr);
        return;
    }
    }
}

int compareDatums(const Datum& a, const Datum& b)
{
    if (a.type == Type::String)
        return threeWay(a.text.compare(b.text), 0);
    if (isTemporalType(a.type)) // the binder only lets dates meet dates and date-times
        return a.type == b.type ? threeWay(a.integer, b.integer) : threeWay(toMilliseconds(a), toMilliseconds(b));
    if (a.type != Type::Real && b.type != Type::Real)
        return threeWay(a.integer, b.integer);
    const double x = a.type == Type::Real ? a.real : static_cast<double>(a.integer);
    const double y = b.type == Type::Real ? b.real : static_cast<double>(b.integer);
    return threeWay(x, y);
}

Datum convertTo(const Datum& d, Type type)
{
    if (type == Type::Real && (d.type == Type::Integer || d.type == Type::Boolean))
        return Datum::fromReal(static_cast<double>(d.integer));
    std::int64_t ms = 0;
    if (type == Type::DateTime && d.type == Type::Date)
        return __builtin_mul_overflow(d.integer, kMillisecondsPerDay, &ms) ? Datum::null()
                                                                           : Datum{Type::DateTime, ms, 0, {}};
    return d;
}

} // namespace gis::detail
