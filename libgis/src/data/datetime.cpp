#include "gis/data/datetime.h"

#include <cstdio>

namespace gis {

// Howard Hinnant's civil-calendar algorithms: exact for every date, no tables, no time zone database.
std::int64_t daysFromCivil(int year, unsigned month, unsigned day)
{
    const std::int64_t y = static_cast<std::int64_t>(year) - (month <= 2 ? 1 : 0);
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;
    const std::int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

CivilDate civilFromDays(std::int64_t z)
{
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const unsigned d = static_cast<unsigned>(doy - (153 * mp + 2) / 5 + 1);
    const unsigned m = static_cast<unsigned>(mp < 10 ? mp + 3 : mp - 9);
    return {static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0)), m, d};
}

std::string formatDate(std::int64_t days)
{
    const CivilDate c = civilFromDays(days);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", c.year, c.month, c.day);
    return buf;
}

std::string formatDateTime(std::int64_t ms)
{
    std::int64_t days = ms / 86400000;
    std::int64_t rest = ms % 86400000;
    if (rest < 0) {
        rest += 86400000;
        --days;
    }
    const int h = static_cast<int>(rest / 3600000), mi = static_cast<int>(rest / 60000 % 60);
    const int s = static_cast<int>(rest / 1000 % 60), f = static_cast<int>(rest % 1000);
    char buf[48];
    if (f)
        std::snprintf(buf, sizeof buf, "T%02d:%02d:%02d.%03dZ", h, mi, s, f);
    else
        std::snprintf(buf, sizeof buf, "T%02d:%02d:%02dZ", h, mi, s);
    return formatDate(days) + buf;
}

namespace {

bool digits(std::string_view t, std::size_t pos, std::size_t n, int& out)
{
    if (pos + n > t.size())
        return false;
    out = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (t[i] < '0' || t[i] > '9')
            return false;
        out = out * 10 + (t[i] - '0');
    }
    return true;
}

unsigned daysInMonth(int y, unsigned m)
{
    static const unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

} // namespace

std::optional<std::int64_t> parseDate(std::string_view t)
{
    int y, m, d;
    if (t.size() != 10 || !digits(t, 0, 4, y) || (t[4] != '-' && t[4] != '/') || t[7] != t[4]
        || !digits(t, 5, 2, m) || !digits(t, 8, 2, d))
        return std::nullopt;
    if (m < 1 || m > 12 || d < 1 || static_cast<unsigned>(d) > daysInMonth(y, static_cast<unsigned>(m)))
        return std::nullopt;
    return daysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

std::optional<std::int64_t> parseDateTime(std::string_view t)
{
    const auto date = parseDate(t.substr(0, 10));
    if (!date)
        return std::nullopt;
    std::int64_t ms = *date * 86400000;
    if (t.size() == 10)
        return ms;
    if (t[10] != 'T' && t[10] != ' ')
        return std::nullopt;
    int h, mi, s = 0, frac = 0;
    if (!digits(t, 11, 2, h) || t.size() < 16 || t[13] != ':' || !digits(t, 14, 2, mi) || h > 23 || mi > 59)
        return std::nullopt;
    std::size_t pos = 16;
    if (pos < t.size() && t[pos] == ':') {
        if (!digits(t, pos + 1, 2, s) || s > 60)
            return std::nullopt;
        pos += 3;
        if (pos < t.size() && t[pos] == '.') {
            std::size_t n = 0;
            ++pos;
            while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') {
                if (n < 3)
                    frac = frac * 10 + (t[pos] - '0');
                ++n;
                ++pos;
            }
            if (n == 0)
                return std::nullopt;
            for (; n < 3; ++n)
                frac *= 10;
        }
    }
    ms += ((h * 60 + mi) * 60 + s) * 1000LL + frac;
    if (pos == t.size())
        return ms;
    if (t[pos] == 'Z' && pos + 1 == t.size())
        return ms;
    if (t[pos] == '+' || t[pos] == '-') {
        int oh, om = 0;
        if (!digits(t, pos + 1, 2, oh))
            return std::nullopt;
        std::size_t q = pos + 3;
        if (q < t.size() && t[q] == ':')
            ++q;
        if (q < t.size() && !digits(t, q, 2, om))
            return std::nullopt;
        const std::int64_t offset = (oh * 60 + om) * 60000LL;
        return t[pos] == '+' ? ms - offset : ms + offset;
    }
    return std::nullopt;
}

} // namespace gis
