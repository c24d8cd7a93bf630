// Fuzz target: the base64 decoder gis edit uses for pictures inline in a changes file (data: gis::decodeBase64).
// Any text decodes or is refused with Error(Format), never more than the limit; what decodes encodes back (standard
// alphabet, padded) to text that decodes to the same bytes, and a decode under a limit below the result's size is
// refused.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "gis/core/error.h"
#include "gis/data/editattachment.h"

namespace {

[[noreturn]] void fail(const char* what)
{
    std::fprintf(stderr, "fuzz_base64: %s\n", what);
    std::abort();
}

std::string encode(const std::string& bytes)
{
    static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t v = (std::uint8_t(bytes[i]) << 16) | (std::uint8_t(bytes[i + 1]) << 8) | std::uint8_t(bytes[i + 2]);
        for (int k = 3; k >= 0; --k)
            out += alphabet[(v >> (6 * k)) & 63];
    }
    if (bytes.size() - i == 1) {
        const std::uint32_t v = std::uint8_t(bytes[i]) << 16;
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += "==";
    } else if (bytes.size() - i == 2) {
        const std::uint32_t v = (std::uint8_t(bytes[i]) << 16) | (std::uint8_t(bytes[i + 1]) << 8);
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += alphabet[(v >> 6) & 63];
        out += '=';
    }
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    constexpr std::size_t kLimit = 4096;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::string bytes;
    try {
        bytes = gis::decodeBase64(text, kLimit);
    } catch (const gis::Error& e) {
        if (e.code() != gis::ErrorCode::Format)
            fail("refused with another error than Format");
        return 0;
    }
    if (bytes.size() > kLimit)
        fail("decoded past the limit");
    try {
        if (gis::decodeBase64(encode(bytes), kLimit) != bytes)
            fail("encode then decode differs");
    } catch (const gis::Error&) {
        fail("its own encoding refused");
    }
    if (!bytes.empty()) {
        try {
            gis::decodeBase64(text, bytes.size() - 1);
            fail("decoded under a limit below its size");
        } catch (const gis::Error&) {
        }
    }
    return 0;
}
