#include "exprtext.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <limits>

#include "unaccenttable.h"

namespace gis::detail {

namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Unicode's simple case mappings (UnicodeData.txt fields 13 and 14) for Latin-1 Supplement, Latin Extended-A
// and -B, Greek and Coptic, Cyrillic, Cyrillic Supplement and Latin Extended Additional: every `step`-th code
// point of [first, last] maps to itself + delta. Generated from Unicode 14 data; tst_expression checks every
// code point of these blocks against QChar.
struct CaseRange {
    char32_t first;
    char32_t last;
    std::int32_t delta;
    std::uint8_t step;
};

constexpr CaseRange kToLower[] = {
    {0x00C0, 0x00D6, 32, 1}, {0x00D8, 0x00DE, 32, 1}, {0x0100, 0x012E, 1, 2}, {0x0130, 0x0130, -199, 1},
    {0x0132, 0x0136, 1, 2}, {0x0139, 0x0147, 1, 2}, {0x014A, 0x0176, 1, 2}, {0x0178, 0x0178, -121, 1},
    {0x0179, 0x017D, 1, 2}, {0x0181, 0x0181, 210, 1}, {0x0182, 0x0184, 1, 2}, {0x0186, 0x0186, 206, 1},
    {0x0187, 0x0187, 1, 1}, {0x0189, 0x018A, 205, 1}, {0x018B, 0x018B, 1, 1}, {0x018E, 0x018E, 79, 1},
    {0x018F, 0x018F, 202, 1}, {0x0190, 0x0190, 203, 1}, {0x0191, 0x0191, 1, 1}, {0x0193, 0x0193, 205, 1},
    {0x0194, 0x0194, 207, 1}, {0x0196, 0x0196, 211, 1}, {0x0197, 0x0197, 209, 1}, {0x0198, 0x0198, 1, 1},
    {0x019C, 0x019C, 211, 1}, {0x019D, 0x019D, 213, 1}, {0x019F, 0x019F, 214, 1}, {0x01A0, 0x01A4, 1, 2},
    {0x01A6, 0x01A6, 218, 1}, {0x01A7, 0x01A7, 1, 1}, {0x01A9, 0x01A9, 218, 1}, {0x01AC, 0x01AC, 1, 1},
    {0x01AE, 0x01AE, 218, 1}, {0x01AF, 0x01AF, 1, 1}, {0x01B1, 0x01B2, 217, 1}, {0x01B3, 0x01B5, 1, 2},
    {0x01B7, 0x01B7, 219, 1}, {0x01B8, 0x01B8, 1, 1}, {0x01BC, 0x01BC, 1, 1}, {0x01C4, 0x01C4, 2, 1},
    {0x01C5, 0x01C5, 1, 1}, {0x01C7, 0x01C7, 2, 1}, {0x01C8, 0x01C8, 1, 1}, {0x01CA, 0x01CA, 2, 1},
    {0x01CB, 0x01DB, 1, 2}, {0x01DE, 0x01EE, 1, 2}, {0x01F1, 0x01F1, 2, 1}, {0x01F2, 0x01F4, 1, 2},
    {0x01F6, 0x01F6, -97, 1}, {0x01F7, 0x01F7, -56, 1}, {0x01F8, 0x021E, 1, 2}, {0x0220, 0x0220, -130, 1},
    {0x0222, 0x0232, 1, 2}, {0x023A, 0x023A, 10795, 1}, {0x023B, 0x023B, 1, 1}, {0x023D, 0x023D, -163, 1},
    {0x023E, 0x023E, 10792, 1}, {0x0241, 0x0241, 1, 1}, {0x0243, 0x0243, -195, 1}, {0x0244, 0x0244, 69, 1},
    {0x0245, 0x0245, 71, 1}, {0x0246, 0x024E, 1, 2}, {0x0370, 0x0372, 1, 2}, {0x0376, 0x0376, 1, 1},
    {0x037F, 0x037F, 116, 1}, {0x0386, 0x0386, 38, 1}, {0x0388, 0x038A, 37, 1}, {0x038C, 0x038C, 64, 1},
    {0x038E, 0x038F, 63, 1}, {0x0391, 0x03A1, 32, 1}, {0x03A3, 0x03AB, 32, 1}, {0x03CF, 0x03CF, 8, 1},
    {0x03D8, 0x03EE, 1, 2}, {0x03F4, 0x03F4, -60, 1}, {0x03F7, 0x03F7, 1, 1}, {0x03F9, 0x03F9, -7, 1},
    {0x03FA, 0x03FA, 1, 1}, {0x03FD, 0x03FF, -130, 1}, {0x0400, 0x040F, 80, 1}, {0x0410, 0x042F, 32, 1},
    {0x0460, 0x0480, 1, 2}, {0x048A, 0x04BE, 1, 2}, {0x04C0, 0x04C0, 15, 1}, {0x04C1, 0x04CD, 1, 2},
    {0x04D0, 0x052E, 1, 2}, {0x1E00, 0x1E94, 1, 2}, {0x1E9E, 0x1E9E, -7615, 1}, {0x1EA0, 0x1EFE, 1, 2},
};

constexpr CaseRange kToUpper[] = {
    {0x00B5, 0x00B5, 743, 1}, {0x00E0, 0x00F6, -32, 1}, {0x00F8, 0x00FE, -32, 1}, {0x00FF, 0x00FF, 121, 1},
    {0x0101, 0x012F, -1, 2}, {0x0131, 0x0131, -232, 1}, {0x0133, 0x0137, -1, 2}, {0x013A, 0x0148, -1, 2},
    {0x014B, 0x0177, -1, 2}, {0x017A, 0x017E, -1, 2}, {0x017F, 0x017F, -300, 1}, {0x0180, 0x0180, 195, 1},
    {0x0183, 0x0185, -1, 2}, {0x0188, 0x0188, -1, 1}, {0x018C, 0x018C, -1, 1}, {0x0192, 0x0192, -1, 1},
    {0x0195, 0x0195, 97, 1}, {0x0199, 0x0199, -1, 1}, {0x019A, 0x019A, 163, 1}, {0x019E, 0x019E, 130, 1},
    {0x01A1, 0x01A5, -1, 2}, {0x01A8, 0x01A8, -1, 1}, {0x01AD, 0x01AD, -1, 1}, {0x01B0, 0x01B0, -1, 1},
    {0x01B4, 0x01B6, -1, 2}, {0x01B9, 0x01B9, -1, 1}, {0x01BD, 0x01BD, -1, 1}, {0x01BF, 0x01BF, 56, 1},
    {0x01C5, 0x01C5, -1, 1}, {0x01C6, 0x01C6, -2, 1}, {0x01C8, 0x01C8, -1, 1}, {0x01C9, 0x01C9, -2, 1},
    {0x01CB, 0x01CB, -1, 1}, {0x01CC, 0x01CC, -2, 1}, {0x01CE, 0x01DC, -1, 2}, {0x01DD, 0x01DD, -79, 1},
    {0x01DF, 0x01EF, -1, 2}, {0x01F2, 0x01F2, -1, 1}, {0x01F3, 0x01F3, -2, 1}, {0x01F5, 0x01F5, -1, 1},
    {0x01F9, 0x021F, -1, 2}, {0x0223, 0x0233, -1, 2}, {0x023C, 0x023C, -1, 1}, {0x023F, 0x0240, 10815, 1},
    {0x0242, 0x0242, -1, 1}, {0x0247, 0x024F, -1, 2}, {0x0371, 0x0373, -1, 2}, {0x0377, 0x0377, -1, 1},
    {0x037B, 0x037D, 130, 1}, {0x03AC, 0x03AC, -38, 1}, {0x03AD, 0x03AF, -37, 1}, {0x03B1, 0x03C1, -32, 1},
    {0x03C2, 0x03C2, -31, 1}, {0x03C3, 0x03CB, -32, 1}, {0x03CC, 0x03CC, -64, 1}, {0x03CD, 0x03CE, -63, 1},
    {0x03D0, 0x03D0, -62, 1}, {0x03D1, 0x03D1, -57, 1}, {0x03D5, 0x03D5, -47, 1}, {0x03D6, 0x03D6, -54, 1},
    {0x03D7, 0x03D7, -8, 1}, {0x03D9, 0x03EF, -1, 2}, {0x03F0, 0x03F0, -86, 1}, {0x03F1, 0x03F1, -80, 1},
    {0x03F2, 0x03F2, 7, 1}, {0x03F3, 0x03F3, -116, 1}, {0x03F5, 0x03F5, -96, 1}, {0x03F8, 0x03F8, -1, 1},
    {0x03FB, 0x03FB, -1, 1}, {0x0430, 0x044F, -32, 1}, {0x0450, 0x045F, -80, 1}, {0x0461, 0x0481, -1, 2},
    {0x048B, 0x04BF, -1, 2}, {0x04C2, 0x04CE, -1, 2}, {0x04CF, 0x04CF, -15, 1}, {0x04D1, 0x052F, -1, 2},
    {0x1E01, 0x1E95, -1, 2}, {0x1E9B, 0x1E9B, -59, 1}, {0x1EA1, 0x1EFF, -1, 2},
};

template <std::size_t N>
char32_t mapCase(char32_t c, const CaseRange (&table)[N])
{
    // The ranges are sorted and disjoint: the first one ending at or after c is the only candidate.
    const CaseRange* r = std::lower_bound(std::begin(table), std::end(table), c,
                                          [](const CaseRange& range, char32_t x) { return range.last < x; });
    if (r == std::end(table) || c < r->first || (c - r->first) % r->step != 0)
        return c;
    return static_cast<char32_t>(static_cast<std::int32_t>(c) + r->delta);
}

bool isContinuation(unsigned char b)
{
    return (b & 0xC0) == 0x80;
}

} // namespace

char32_t decodeUtf8(std::string_view s, std::size_t& i)
{
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    std::size_t len = 0;
    char32_t c = 0;
    char32_t min = 0;
    if ((b0 & 0xE0) == 0xC0) {
        len = 2, c = b0 & 0x1F, min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
        len = 3, c = b0 & 0x0F, min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
        len = 4, c = b0 & 0x07, min = 0x10000;
    } else {
        ++i;
        return kReplacement;
    }
    if (i + len > s.size()) {
        ++i;
        return kReplacement;
    }
    for (std::size_t k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if (!isContinuation(b)) {
            ++i;
            return kReplacement;
        }
        c = (c << 6) | (b & 0x3F);
    }
    // Overlong forms, surrogates and values beyond U+10FFFF are not characters.
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        ++i;
        return kReplacement;
    }
    i += len;
    return c;
}

void appendUtf8(std::string& out, char32_t c)
{
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

bool isValidUtf8(std::string_view s)
{
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t start = i;
        if (decodeUtf8(s, i) == kReplacement && !(i - start == 3 && s.substr(start, 3) == "\xEF\xBF\xBD"))
            return false;
    }
    return true;
}

std::size_t codePointCount(std::string_view s)
{
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size(); ++n)
        decodeUtf8(s, i);
    return n;
}

std::size_t byteOffsetOfCodePoint(std::string_view s, std::size_t n)
{
    std::size_t i = 0;
    for (std::size_t k = 0; k < n && i < s.size(); ++k)
        decodeUtf8(s, i);
    return i;
}

char32_t toLowerCodePoint(char32_t c)
{
    if (c < 0x80)
        return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    return mapCase(c, kToLower);
}

char32_t toUpperCodePoint(char32_t c)
{
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') ? c - 32 : c;
    return mapCase(c, kToUpper);
}

void appendUnaccented(std::string& out, std::string_view s)
{
    const UnaccentEntry* begin = kUnaccentEntries;
    const UnaccentEntry* end = kUnaccentEntries + kUnaccentEntryCount;
    for (std::size_t i = 0; i < s.size();) {
        if (static_cast<unsigned char>(s[i]) < 0x80) { // ASCII has no accents
            out += s[i++];
            continue;
        }
        const std::size_t start = i;
        const char32_t c = decodeUtf8(s, i);
        const UnaccentEntry* e = std::lower_bound(begin, end, c, [](const UnaccentEntry& x, char32_t v) { return x.from < v; });
        if (e == end || e->from != c) {
            out.append(s, start, i - start); // kept byte for byte (an invalid byte too)
            continue;
        }
        for (std::size_t k = 0; k < e->length; ++k)
            appendUtf8(out, kUnaccentPool[e->offset + k]);
    }
}

void appendLower(std::string& out, std::string_view s)
{
    for (std::size_t i = 0; i < s.size();) {
        const char ch = s[i];
        if (static_cast<unsigned char>(ch) < 0x80) { // most field text is ASCII: skip the decoding
            out += (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch + 32) : ch;
            ++i;
            continue;
        }
        const std::size_t start = i;
        const char32_t c = decodeUtf8(s, i);
        const char32_t lower = toLowerCodePoint(c);
        if (lower == c)
            out.append(s.substr(start, i - start)); // keeps invalid bytes as they were
        else
            appendUtf8(out, lower);
    }
}

void appendUpper(std::string& out, std::string_view s)
{
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t start = i;
        const char32_t c = decodeUtf8(s, i);
        const char32_t upper = toUpperCodePoint(c);
        if (upper == c)
            out.append(s.substr(start, i - start));
        else
            appendUtf8(out, upper);
    }
}

std::string lowerText(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    appendLower(out, s);
    return out;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size())
        if (toLowerCodePoint(decodeUtf8(a, i)) != toLowerCodePoint(decodeUtf8(b, j)))
            return false;
    return i == a.size() && j == b.size();
}

std::string quoteName(std::string_view s)
{
    std::string out;
    out.reserve(s.size() + 2);
    out += '"';
    out.append(s);
    out += '"';
    return out;
}

std::size_t editDistance(std::string_view a, std::string_view b)
{
    std::vector<char32_t> x, y;
    for (std::size_t i = 0; i < a.size();)
        x.push_back(toLowerCodePoint(decodeUtf8(a, i)));
    for (std::size_t i = 0; i < b.size();)
        y.push_back(toLowerCodePoint(decodeUtf8(b, i)));
    std::vector<std::size_t> row(y.size() + 1);
    for (std::size_t j = 0; j <= y.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= x.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= y.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (x[i - 1] == y[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[y.size()];
}

std::string closestName(std::string_view name, const std::vector<std::string>& candidates)
{
    const std::size_t limit = std::max<std::size_t>(2, codePointCount(name) / 3);
    std::size_t best = std::numeric_limits<std::size_t>::max();
    std::string found;
    for (const std::string& candidate : candidates) {
        const std::size_t d = editDistance(name, candidate);
        if (d < best) {
            best = d;
            found = candidate;
        }
    }
    return best <= limit ? found : std::string();
}

LikePattern::LikePattern(std::string_view pattern)
{
    auto literal = [this]() -> std::string& {
        if (m_tokens.empty() || m_tokens.back().kind != Kind::Literal)
            m_tokens.push_back({Kind::Literal, {}});
        return m_tokens.back().text;
    };
    for (std::size_t i = 0; i < pattern.size();) {
        const char ch = pattern[i];
        if (ch == '%') {
            if (m_tokens.empty() || m_tokens.back().kind != Kind::Many) // "%%" means the same as "%"
                m_tokens.push_back({Kind::Many, {}});
            ++i;
        } else if (ch == '_') {
            m_tokens.push_back({Kind::One, {}});
            ++i;
        } else {
            if (ch == '\\' && i + 1 < pattern.size())
                ++i; // the escaped character is literal, whatever it is
            const std::size_t start = i;
            decodeUtf8(pattern, i);
            literal().append(pattern.substr(start, i - start));
        }
    }
}

// Greedy matching with one backtrack point (the last `%`): every other token consumes a fixed number of code
// points, so retrying from the last `%` one code point further is enough and the match is linear in practice.
// Literal runs compare bytes: at code point boundaries that is the same as comparing code points.
bool LikePattern::matches(std::string_view s) const
{
    const std::size_t tokenCount = m_tokens.size();
    std::size_t si = 0, ti = 0;
    std::size_t starToken = tokenCount, starSubject = 0;
    while (si < s.size()) {
        if (ti < tokenCount) {
            const Token& t = m_tokens[ti];
            if (t.kind == Kind::Many) {
                starToken = ti++;
                starSubject = si;
                continue;
            }
            if (t.kind == Kind::One) {
                decodeUtf8(s, si);
                ++ti;
                continue;
            }
            if (s.compare(si, t.text.size(), t.text) == 0) {
                si += t.text.size();
                ++ti;
                continue;
            }
        }
        if (starToken == tokenCount)
            return false;
        ti = starToken + 1;
        decodeUtf8(s, starSubject);
        si = starSubject;
    }
    while (ti < tokenCount && m_tokens[ti].kind == Kind::Many)
        ++ti;
    return ti == tokenCount;
}

} // namespace gis::detail
