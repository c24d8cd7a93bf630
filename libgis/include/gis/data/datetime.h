#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "gis/core/export.h"

GIS_API_BEGIN

namespace gis {

/// Calendar arithmetic for attribute values (proleptic Gregorian, UTC): dates are days since 1970-01-01,
/// date-times milliseconds since 1970-01-01T00:00:00Z.
struct CivilDate {
    int year = 1970;
    unsigned month = 1; ///< 1..12
    unsigned day = 1;   ///< 1..31
};

std::int64_t daysFromCivil(int year, unsigned month, unsigned day);
CivilDate civilFromDays(std::int64_t days);

/// "2025-03-01".
std::string formatDate(std::int64_t days);
/// "2025-03-01T08:30:00Z", with ".250" when there are milliseconds.
std::string formatDateTime(std::int64_t milliseconds);

/// Parses "YYYY-MM-DD" (also "YYYY/MM/DD"); nullopt when it is not a valid date.
std::optional<std::int64_t> parseDate(std::string_view text);
/// Parses "YYYY-MM-DD[ T]hh:mm[:ss[.fff]][Z|±hh[:mm]]" (a date alone is midnight UTC); nullopt when invalid.
std::optional<std::int64_t> parseDateTime(std::string_view text);

} // namespace gis

GIS_API_END
