// Fuzz target: the query language (query: parse, bind against a fixed six-row layer, evaluate every row, filter).
// Run with -max_len=4096 (docs/fuzzing.md): deeper nesting is the expression engine's own documented limit.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "fuzzsupport.h"
#include "gis/core/error.h"
#include "gis/query/expression.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const std::unique_ptr<gis::Layer> layer = gis::fuzz::makeFuzzLayer();
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const gis::Expression e = gis::Expression::compile(text, *layer);
        for (std::size_t row = 0; row < layer->size(); ++row) {
            try {
                (void)e.evaluate(row).toString();
                (void)e.matches(row);
            } catch (const gis::Error&) {
                // a runtime error (a bad date, say) on one row; the others still run
            }
        }
        (void)e.filter();
    } catch (const gis::Error&) {
    }
    return 0;
}
