// decodeBase64 (gis/data/editattachment.h): the pictures gis edit reads inline from a changes file.

#include <array>
#include <cstdint>

#include "gis/core/error.h"
#include "gis/data/editattachment.h"

namespace gis {

namespace {

/// 0..63 for the alphabet, 64 for "=", 65 for white space, 255 for anything else.
const std::array<std::uint8_t, 256>& decodeTable()
{
    static const std::array<std::uint8_t, 256> table = [] {
        std::array<std::uint8_t, 256> t{};
        t.fill(255);
        const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (std::uint8_t k = 0; k < 64; ++k)
            t[static_cast<unsigned char>(alphabet[k])] = k;
        t['='] = 64;
        for (const char c : {' ', '\t', '\r', '\n'})
            t[static_cast<unsigned char>(c)] = 65;
        return t;
    }();
    return table;
}

[[noreturn]] void bad(std::size_t offset, const std::string& why)
{
    throw Error(ErrorCode::Format, "base64 at character " + std::to_string(offset) + ": " + why);
}

} // namespace

std::string decodeBase64(std::string_view text, std::size_t maxBytes)
{
    const auto& table = decodeTable();
    // Every 4 characters give at most 3 bytes: an upper bound before anything is allocated.
    if (text.size() / 4 > maxBytes / 3 + 1)
        throw Error(ErrorCode::Format, "base64 of " + std::to_string(text.size()) + " characters decodes to more than "
                + std::to_string(maxBytes) + " bytes");
    std::string out;
    out.reserve(text.size() / 4 * 3 + 3);
    std::uint32_t bits = 0;
    int have = 0;       // characters of the current quantum
    int padding = 0;    // "=" seen
    std::size_t lastAt = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const std::uint8_t v = table[static_cast<unsigned char>(text[i])];
        if (v == 65)
            continue;
        if (v == 255)
            bad(i, "not a base64 character");
        if (v == 64) {
            if (have < 2 || have + padding >= 4)
                bad(i, "\"=\" padding in the wrong place");
            ++padding;
            lastAt = i;
            continue;
        }
        if (padding)
            bad(i, "data after the \"=\" padding");
        bits = (bits << 6) | v;
        lastAt = i;
        if (++have == 4) {
            out.push_back(static_cast<char>((bits >> 16) & 0xff));
            out.push_back(static_cast<char>((bits >> 8) & 0xff));
            out.push_back(static_cast<char>(bits & 0xff));
            bits = 0;
            have = 0;
            if (out.size() > maxBytes)
                bad(i, "decodes to more than " + std::to_string(maxBytes) + " bytes");
        }
    }
    if (padding && have + padding != 4)
        bad(lastAt, "incomplete \"=\" padding");
    if (have == 1)
        bad(lastAt, "a dangling character (base64 text has 4n, 4n+2 or 4n+3 characters)");
    if (have == 2) {
        if (bits & 0xf)
            bad(lastAt, "non-zero bits after the last byte");
        out.push_back(static_cast<char>((bits >> 4) & 0xff));
    } else if (have == 3) {
        if (bits & 0x3)
            bad(lastAt, "non-zero bits after the last byte");
        out.push_back(static_cast<char>((bits >> 10) & 0xff));
        out.push_back(static_cast<char>((bits >> 2) & 0xff));
    }
    if (out.size() > maxBytes)
        bad(lastAt, "decodes to more than " + std::to_string(maxBytes) + " bytes");
    return out;
}

} // namespace gis
