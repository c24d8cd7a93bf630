// Fuzz target: the binary COPY decoder of the PostGIS reader (data: gis::detail::pg::CopyDecoder, appendValue).
// The input is split into two chunks at a position its first byte picks, so rows cut across chunks are decoded
// too, and must give the same rows as the whole input fed at once (same values, same outcome); decoding each value
// as each kind must stay bounded.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "gis/core/error.h"
#include "pg/pgcopy.h"

namespace {

using namespace gis::detail::pg;

struct Sink final : CopyRowSink {
    std::string seen; ///< every value's length and bytes, to compare two decodings
    gis::AttributeColumn columns[3]{{"a", gis::FieldType::Integer}, {"b", gis::FieldType::String},
        {"c", gis::FieldType::DateTime}};
    void row(const CopyValue* values, std::size_t count) override
    {
        if (count != 3)
            std::abort();
        try {
            gis::detail::pg::integerValue(values[0]);
        } catch (const gis::Error&) {
        }
        for (std::size_t i = 0; i < 3; ++i) {
            seen += std::to_string(values[i].size) + ":";
            if (values[i].size > 0)
                seen.append(reinterpret_cast<const char*>(values[i].data), static_cast<std::size_t>(values[i].size));
        }
        const ValueKind kinds[3] = {ValueKind::Int8, ValueKind::Text, ValueKind::Timestamp};
        for (std::size_t i = 0; i < 3; ++i) {
            try {
                appendValue(columns[i], kinds[i], values[i]);
            } catch (const gis::Error&) {
            }
        }
    }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0)
        return 0;
    const std::size_t cut = data[0] % size;
    const std::string_view all(reinterpret_cast<const char*>(data + 1), size - 1);
    auto decode = [&](std::size_t at, Sink& sink) {
        CopyDecoder decoder(3);
        try {
            decoder.feed(all.substr(0, at), sink);
            decoder.feed(all.substr(at), sink);
            decoder.finish();
            return true;
        } catch (const gis::Error&) {
            return false;
        }
    };
    Sink whole;
    Sink split;
    const bool wholeOk = decode(all.size(), whole);
    const bool splitOk = decode(std::min(cut, all.size()), split);
    // A failure may come at another row when split (the rows before it were handed over either way): only
    // successful decodings must agree entirely.
    if (wholeOk != splitOk || (wholeOk && whole.seen != split.seen)) {
        std::fprintf(stderr, "decoding in two chunks differs from decoding at once\n");
        std::abort();
    }
    return 0;
}
