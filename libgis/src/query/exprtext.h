#pragma once

// Text helpers of the expression language: UTF-8 code points, simple Unicode case mapping, LIKE patterns and
// edit distance for "did you mean" suggestions. Private to the query module.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace gis::detail {

/// The code point starting at s[i]; advances i past it. A byte that does not start a valid UTF-8 sequence
/// decodes as U+FFFD and advances by one, so every string has a well-defined character count.
char32_t decodeUtf8(std::string_view s, std::size_t& i);
void appendUtf8(std::string& out, char32_t c);
bool isValidUtf8(std::string_view s);
std::size_t codePointCount(std::string_view s);
/// Byte offset of the code point numbered `n` (0-based); s.size() when there are fewer.
std::size_t byteOffsetOfCodePoint(std::string_view s, std::size_t n);

/// Unicode simple case mapping (one code point to one, so "ß" stays "ß") for Basic Latin, Latin-1
/// Supplement, Latin Extended-A and -B, Latin Extended Additional, Greek and Cyrillic. Other scripts (Arabic
/// has no case) map to themselves.
char32_t toLowerCodePoint(char32_t c);
char32_t toUpperCodePoint(char32_t c);
void appendLower(std::string& out, std::string_view s);
void appendUpper(std::string& out, std::string_view s);
std::string lowerText(std::string_view s);
bool equalsIgnoreCase(std::string_view a, std::string_view b);

/// `s` with its accents and other marks removed, for comparing names as people type them: each code point of
/// Latin, Greek, Cyrillic and Arabic (and their combining marks and presentation forms) becomes the text of its
/// compatibility decomposition (NFKD) without the combining marks — "Nizwá" becomes "Nizwa", "ﻻ" "لا", and
/// Arabic's short vowels (harakat) are dropped. Other code points are kept. Case is kept (lower() folds it).
void appendUnaccented(std::string& out, std::string_view s);

/// `s` in double quotes, for messages: "population".
std::string quoteName(std::string_view s);

/// Levenshtein distance between the lower-cased code points of a and b.
std::size_t editDistance(std::string_view a, std::string_view b);
/// The candidate closest to `name` when it is close enough to be a likely typo (distance at most
/// max(2, length / 3)); empty otherwise.
std::string closestName(std::string_view name, const std::vector<std::string>& candidates);

/// A LIKE pattern split into runs of literal bytes, `_` (one code point) and `%` (any run of code points).
/// `\` makes the next character literal.
class LikePattern {
public:
    explicit LikePattern(std::string_view pattern);
    bool matches(std::string_view subject) const;

private:
    enum class Kind : unsigned char { Literal, One, Many };
    struct Token {
        Kind kind;
        std::string text; // Literal only
    };
    std::vector<Token> m_tokens;
};

} // namespace gis::detail
