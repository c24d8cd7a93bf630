// Evaluating a compiled raster calculator program (calcprogram.h): one instruction at a time over a span of
// pixels, so each is a tight loop over contiguous doubles.

#include <algorithm>
#include <cmath>
#include <limits>

#include "calcprogram.h"

namespace gis::analysis::detail {

namespace {

template <class F>
void unary(double* a, std::size_t n, F f)
{
    for (std::size_t i = 0; i < n; ++i)
        a[i] = f(a[i]);
}

template <class F>
void binary(double* a, const double* b, std::size_t n, F f)
{
    for (std::size_t i = 0; i < n; ++i)
        a[i] = f(a[i], b[i]);
}

} // namespace

void CalcProgram::evaluate(const double* const* rows, std::size_t n, double* out, std::vector<double>& scratch) const
{
    scratch.resize(std::max<std::size_t>(maxStack, 1) * n);
    std::size_t top = 0; // the number of slots in use; slot s is scratch[s * n, (s + 1) * n)
    const auto slot = [&](std::size_t s) { return scratch.data() + s * n; };
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    for (const CalcInstruction& in : code) {
        switch (in.op) {
        case CalcOp::Constant:
            std::fill_n(slot(top++), n, in.value);
            break;
        case CalcOp::Band:
            std::copy_n(rows[in.index], n, slot(top++));
            break;
        case CalcOp::Neg: unary(slot(top - 1), n, [](double x) { return -x; }); break;
        case CalcOp::Not: unary(slot(top - 1), n, [](double x) { return x == 0 ? 1.0 : 0.0; }); break;
        case CalcOp::Abs: unary(slot(top - 1), n, [](double x) { return std::fabs(x); }); break;
        case CalcOp::Sqrt: unary(slot(top - 1), n, [](double x) { return std::sqrt(x); }); break;
        case CalcOp::Ln: unary(slot(top - 1), n, [](double x) { return std::log(x); }); break;
        case CalcOp::Log10: unary(slot(top - 1), n, [](double x) { return std::log10(x); }); break;
        case CalcOp::Exp: unary(slot(top - 1), n, [](double x) { return std::exp(x); }); break;
        case CalcOp::Sin: unary(slot(top - 1), n, [](double x) { return std::sin(x); }); break;
        case CalcOp::Cos: unary(slot(top - 1), n, [](double x) { return std::cos(x); }); break;
        case CalcOp::Tan: unary(slot(top - 1), n, [](double x) { return std::tan(x); }); break;
        case CalcOp::If: {
            double* c = slot(top - 3);
            const double* a = slot(top - 2);
            const double* b = slot(top - 1);
            for (std::size_t i = 0; i < n; ++i)
                c[i] = c[i] != 0 ? a[i] : b[i]; // NaN is true, as numpy.where takes it
            top -= 2;
            break;
        }
        default: {
            double* a = slot(top - 2);
            const double* b = slot(top - 1);
            switch (in.op) {
            case CalcOp::Add: binary(a, b, n, [](double x, double y) { return x + y; }); break;
            case CalcOp::Sub: binary(a, b, n, [](double x, double y) { return x - y; }); break;
            case CalcOp::Mul: binary(a, b, n, [](double x, double y) { return x * y; }); break;
            case CalcOp::Div: binary(a, b, n, [](double x, double y) { return x / y; }); break;
            case CalcOp::Pow: binary(a, b, n, [](double x, double y) { return std::pow(x, y); }); break;
            case CalcOp::Lt: binary(a, b, n, [](double x, double y) { return x < y ? 1.0 : 0.0; }); break;
            case CalcOp::Le: binary(a, b, n, [](double x, double y) { return x <= y ? 1.0 : 0.0; }); break;
            case CalcOp::Gt: binary(a, b, n, [](double x, double y) { return x > y ? 1.0 : 0.0; }); break;
            case CalcOp::Ge: binary(a, b, n, [](double x, double y) { return x >= y ? 1.0 : 0.0; }); break;
            case CalcOp::Eq: binary(a, b, n, [](double x, double y) { return x == y ? 1.0 : 0.0; }); break;
            case CalcOp::Ne: binary(a, b, n, [](double x, double y) { return x != y ? 1.0 : 0.0; }); break;
            case CalcOp::And: binary(a, b, n, [](double x, double y) { return x != 0 && y != 0 ? 1.0 : 0.0; }); break;
            case CalcOp::Or: binary(a, b, n, [](double x, double y) { return x != 0 || y != 0 ? 1.0 : 0.0; }); break;
            // NaN in, NaN out (numpy.minimum's rule; std::fmin would drop it)
            case CalcOp::Min: binary(a, b, n, [=](double x, double y) { return x != x || y != y ? nan : (y < x ? y : x); }); break;
            case CalcOp::Max: binary(a, b, n, [=](double x, double y) { return x != x || y != y ? nan : (y > x ? y : x); }); break;
            default: break;
            }
            --top;
            break;
        }
        }
    }
    std::copy_n(slot(0), n, out);
}

} // namespace gis::analysis::detail
