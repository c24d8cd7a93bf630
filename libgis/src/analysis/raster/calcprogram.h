#pragma once

// The raster calculator's expression language (docs/analysis.md, "raster-calculator"): band references A@1 … F@n,
// numbers, + - * / ^, unary minus, comparisons, and/or/not, a few functions and if(). Parsed once by a recursive
// descent parser with bounded depth and compiled to a flat postfix program, which is then evaluated over whole
// rows (one instruction over a row at a time), in double precision.
//
// The query module's expression parser is not reused: its tree is private to query and bound to a layer's fields,
// its values are SQL-like (null, integers, text), and it has no ^, sqrt, ln, exp or trigonometry.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace gis::analysis::detail {

/// Limits of an expression; a text past one is refused with Error(Argument) naming the limit.
inline constexpr std::size_t kMaxCalcExpressionLength = 65536; ///< characters (bytes)
inline constexpr int kMaxCalcDepth = 64;                       ///< nesting: parentheses, calls, unary operators, ^
inline constexpr std::size_t kMaxCalcBands = 16;               ///< distinct band references (each read whole)
inline constexpr int kMaxCalcRasters = 6;                      ///< A (the input) to F
inline constexpr int kMaxCalcBand = 65535;                     ///< the highest band number a reference may name

/// One band an expression reads: raster 0 for A, 1 for B ..., band 1-based.
struct CalcBand {
    int raster = 0;
    int band = 1;
    friend bool operator==(const CalcBand&, const CalcBand&) = default;
};

/// One instruction of a postfix program.
enum class CalcOp : std::uint8_t {
    Constant, Band, // push `value` / the row of band `index`
    Neg, Not, Abs, Sqrt, Ln, Log10, Exp, Sin, Cos, Tan, // pop one, push one
    Add, Sub, Mul, Div, Pow, Lt, Le, Gt, Ge, Eq, Ne, And, Or, Min, Max, // pop two, push one
    If, // pop three (condition, then, else), push one
};

struct CalcInstruction {
    CalcOp op = CalcOp::Constant;
    std::uint32_t index = 0; ///< Band: index into CalcProgram::bands
    double value = 0;        ///< Constant
};

/// A compiled expression. Immutable once made: any number of threads may evaluate it at once, each with its own
/// scratch.
struct CalcProgram {
    std::vector<CalcInstruction> code;
    std::vector<CalcBand> bands;  ///< the distinct bands referenced, in order of first appearance
    std::size_t maxStack = 0;     ///< the deepest the evaluation stack gets

    /// Evaluates the program over `n` pixels: rows[k] points at n values of bands[k]; writes n results to `out`.
    /// `scratch` is the caller's (resized here, kept between calls to save allocations). Pure arithmetic: a
    /// division by zero or sqrt(-1) gives an infinity or NaN, which the caller turns into nodata.
    void evaluate(const double* const* rows, std::size_t n, double* out, std::vector<double>& scratch) const;
};

/// Parses and compiles `text`. Throws Error(Argument) "at column N: ..." (1-based, in bytes) for text that does not
/// parse, and for text past the limits above.
CalcProgram compileCalcExpression(std::string_view text);

} // namespace gis::analysis::detail
