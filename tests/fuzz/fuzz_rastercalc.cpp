// Fuzz target: the raster calculator's expression parser and compiler (analysis: gis::analysis::detail::
// compileCalcExpression, the private header raster/calcprogram.h). The input is the text of --expression. The
// parser's recursion is bounded (kMaxCalcDepth levels) and its input too (kMaxCalcExpressionLength bytes). Also
// checks what it promises: refused only with Error(Argument) saying where ("at column N: ..." or the length
// limit); a program obeys the limits and its own stack discipline (every instruction finds its operands, the
// stack never passes maxStack, one value is left); it then evaluates over a few pixels, twice alike.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <vector>

#include "gis/core/error.h"
#include "raster/calcprogram.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace gis::analysis::detail;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    CalcProgram program;
    try {
        program = compileCalcExpression(text);
    } catch (const gis::Error& e) {
        const std::string_view message = e.what();
        if (e.code() != gis::ErrorCode::Argument
            || (message.rfind("at column ", 0) != 0 && message.rfind("expression too long", 0) != 0))
            std::abort();
        return 0;
    }
    if (size > kMaxCalcExpressionLength || program.code.empty() || program.bands.size() > kMaxCalcBands)
        std::abort();
    for (const CalcBand& b : program.bands)
        if (b.raster < 0 || b.raster >= kMaxCalcRasters || b.band < 1 || b.band > kMaxCalcBand)
            std::abort();
    std::size_t depth = 0;
    for (const CalcInstruction& in : program.code) {
        const std::size_t pops = in.op == CalcOp::Constant || in.op == CalcOp::Band ? 0
            : in.op == CalcOp::If                                                    ? 3
            : in.op >= CalcOp::Add                                                   ? 2
                                                                                     : 1;
        if (depth < pops || (in.op == CalcOp::Band && in.index >= program.bands.size()))
            std::abort();
        depth = depth - pops + 1;
        if (depth > program.maxStack)
            std::abort();
    }
    if (depth != 1)
        std::abort();

    constexpr std::size_t n = 7;
    const double pixels[n] = {-2.5, -1, 0, 0.5, 1, 3, 1e300};
    std::vector<const double*> rows(program.bands.size(), pixels);
    std::vector<double> scratch, first(n), second(n);
    program.evaluate(rows.data(), n, first.data(), scratch);
    program.evaluate(rows.data(), n, second.data(), scratch);
    if (std::memcmp(first.data(), second.data(), n * sizeof(double)) != 0)
        std::abort();
    return 0;
}
