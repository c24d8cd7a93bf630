#include "exprevaluator.h"

#include <cmath>
#include <cstdint>
#include <optional>

#include "exprfunctions.h"
#include "exprtext.h"
#include "gis/crs/measure.h"
#include "gis/data/layer.h"

namespace gis::detail {

namespace {

using Type = Value::Type;

constexpr std::int64_t kFirstDay = -719'528; // 0000-01-01
constexpr std::int64_t kLastDay = 2'932'896; // 9999-12-31

Truth fromBool(bool b)
{
    return b ? Truth::True : Truth::False;
}

Truth negate(Truth t)
{
    return t == Truth::Unknown ? t : fromBool(t == Truth::False);
}

bool applyCompare(CompareOp op, int c)
{
    switch (op) {
    case CompareOp::Equal: return c == 0;
    case CompareOp::NotEqual: return c != 0;
    case CompareOp::Less: return c < 0;
    case CompareOp::LessEqual: return c <= 0;
    case CompareOp::Greater: return c > 0;
    case CompareOp::GreaterEqual: return c >= 0;
    }
    return false;
}


Datum readField(const AttributeColumn& column, std::size_t row, Type type)
{
    if (column.isNull(row))
        return Datum::null();
    switch (type) {
    case Type::Real: return Datum::fromReal(column.real(row));
    case Type::String: return Datum::fromText(column.string(row));
    default: return {type, column.integer(row), 0, {}};
    }
}

[[gnu::noinline]] Datum geometryVariable(GeometryVariable v, std::size_t row, const EvalContext& ctx)
{
    const GeometryRef g = ctx.layer().geometry(row);
    const GeometryColumn& col = *g.column;
    if (col.isNull(row))
        return Datum::null();
    switch (v) {
    case GeometryVariable::Area: return Datum::fromReal(geometryArea(g, ctx.geodesic()));
    case GeometryVariable::Length: return Datum::fromReal(geometryLength(g, ctx.geodesic()));
    case GeometryVariable::Perimeter: return Datum::fromReal(geometryPerimeter(g, ctx.geodesic()));
    case GeometryVariable::X:
    case GeometryVariable::Y: {
        if (col.isEmpty(row))
            return Datum::null();
        Coord c;
        if (col.type(row) == GeometryType::Point)
            c = col.coord(col.coordBegin(col.ringBegin(col.partBegin(row))));
        else
            c = col.bounds(row).center();
        return Datum::fromReal(v == GeometryVariable::X ? c.x : c.y);
    }
    }
    return Datum::null();
}

// Finite results only: 1e308 * 10 is no more meaningful a value than 1 / 0.
Datum realResult(double r)
{
    return std::isfinite(r) ? Datum::fromReal(r) : Datum::null();
}

// One step of an arithmetic chain: `a op b`, a being the chain so far. The binder allowed only the date
// arithmetic it types (date +- days, days + date, date - date), so the values' own types tell which it is.
[[gnu::noinline]] Datum arithmetic(ArithmeticOp op, const Datum& a, const Datum& b)
{
    if (a.isNull() || b.isNull())
        return Datum::null();
    if ((a.type == Type::Date) != (b.type == Type::Date)) { // date +- days, within the years 0 to 9999
        const std::int64_t days = a.type == Type::Date ? b.integer : a.integer;
        const std::int64_t base = a.type == Type::Date ? a.integer : b.integer;
        std::int64_t r = 0;
        const bool overflow = op == ArithmeticOp::Subtract ? __builtin_sub_overflow(base, days, &r)
                                                           : __builtin_add_overflow(base, days, &r);
        if (overflow || r < kFirstDay || r > kLastDay)
            return Datum::null();
        return {Type::Date, r, 0, {}};
    }
    if (a.type == Type::Date && b.type == Type::Date)
        return Datum::fromInteger(a.integer - b.integer); // both within the date range: no overflow
    if (a.type == Type::Integer && b.type == Type::Integer && op != ArithmeticOp::Divide) {
        // Overflow and division by zero have no integer answer: null, never undefined behaviour.
        std::int64_t r = 0;
        bool overflow = false;
        switch (op) {
        case ArithmeticOp::Add: overflow = __builtin_add_overflow(a.integer, b.integer, &r); break;
        case ArithmeticOp::Subtract: overflow = __builtin_sub_overflow(a.integer, b.integer, &r); break;
        case ArithmeticOp::Multiply: overflow = __builtin_mul_overflow(a.integer, b.integer, &r); break;
        case ArithmeticOp::Modulo:
            if (b.integer == 0)
                return Datum::null();
            r = b.integer == -1 ? 0 : a.integer % b.integer;
            break;
        case ArithmeticOp::Divide: break;
        }
        return overflow ? Datum::null() : Datum::fromInteger(r);
    }
    const double x = a.type == Type::Real ? a.real : static_cast<double>(a.integer);
    const double y = b.type == Type::Real ? b.real : static_cast<double>(b.integer);
    switch (op) {
    case ArithmeticOp::Add: return realResult(x + y);
    case ArithmeticOp::Subtract: return realResult(x - y);
    case ArithmeticOp::Multiply: return realResult(x * y);
    case ArithmeticOp::Divide: return y == 0 ? Datum::null() : realResult(x / y);
    case ArithmeticOp::Modulo: return y == 0 ? Datum::null() : realResult(std::fmod(x, y));
    }
    return Datum::null();
}

[[gnu::noinline]] Truth compareNodes(const Node& node, std::size_t row, EvalContext& ctx)
{
    const auto op = static_cast<CompareOp>(node.op);
    switch (node.fast) { // the binder copied the field's column and the literal into the node
    case FastCompare::StringField:
        if (node.column->isNull(row))
            return Truth::Unknown;
        return fromBool(applyCompare(op, node.column->string(row).compare(node.literal.text)));
    case FastCompare::IntegerField:
        if (node.column->isNull(row))
            return Truth::Unknown;
        return fromBool(applyCompare(op, threeWay(node.column->integer(row), node.literal.integer)));
    case FastCompare::RealField:
        if (node.column->isNull(row))
            return Truth::Unknown;
        return fromBool(applyCompare(op, threeWay(node.column->real(row), node.literal.real)));
    case FastCompare::None: break;
    }
    const Datum a = evaluate(*node.children[0], row, ctx);
    if (a.isNull())
        return Truth::Unknown;
    const Datum b = evaluate(*node.children[1], row, ctx);
    if (b.isNull())
        return Truth::Unknown;
    return fromBool(applyCompare(op, compareDatums(a, b)));
}

[[gnu::noinline]] Truth like(const Node& node, std::size_t row, EvalContext& ctx)
{
    const Datum subject = evaluate(*node.children[0], row, ctx);
    if (subject.isNull())
        return Truth::Unknown;
    std::optional<LikePattern> computed;
    if (!node.pattern) {
        const Datum pattern = evaluate(*node.children[1], row, ctx);
        if (pattern.isNull())
            return Truth::Unknown;
        computed.emplace(node.caseInsensitive ? lowerText(pattern.text) : std::string(pattern.text));
    }
    std::string_view text = subject.text;
    if (node.caseInsensitive) { // after the pattern: an ILIKE inside it would reuse the temporary
        std::string& lowered = ctx.temporary();
        appendLower(lowered, text);
        text = lowered;
    }
    const bool matched = (node.pattern ? *node.pattern : *computed).matches(text);
    return node.negated ? fromBool(!matched) : fromBool(matched);
}

[[gnu::noinline]] Truth in(const Node& node, std::size_t row, EvalContext& ctx)
{
    const Datum a = evaluate(*node.children[0], row, ctx);
    if (a.isNull())
        return Truth::Unknown;
    // x IN (1, null) is true for 1 and unknown, not false, for anything else: null might be x.
    Truth result = Truth::False;
    for (std::size_t i = 1; i < node.children.size(); ++i) {
        const Datum b = evaluate(*node.children[i], row, ctx);
        if (b.isNull())
            result = Truth::Unknown;
        else if (compareDatums(a, b) == 0) {
            result = Truth::True;
            break;
        }
    }
    return node.negated ? negate(result) : result;
}

[[gnu::noinline]] Truth between(const Node& node, std::size_t row, EvalContext& ctx)
{
    const Datum a = evaluate(*node.children[0], row, ctx);
    if (a.isNull())
        return Truth::Unknown;
    const Datum low = evaluate(*node.children[1], row, ctx);
    const Datum high = evaluate(*node.children[2], row, ctx);
    // low <= a AND a <= high, in three-valued logic.
    const Truth aboveLow = low.isNull() ? Truth::Unknown : fromBool(compareDatums(a, low) >= 0);
    const Truth belowHigh = high.isNull() ? Truth::Unknown : fromBool(compareDatums(a, high) <= 0);
    Truth result = Truth::Unknown;
    if (aboveLow == Truth::False || belowHigh == Truth::False)
        result = Truth::False;
    else if (aboveLow == Truth::True && belowHigh == Truth::True)
        result = Truth::True;
    return node.negated ? negate(result) : result;
}

[[gnu::noinline]] Datum caseExpression(const Node& node, std::size_t row, EvalContext& ctx)
{
    const std::size_t pairs = (node.children.size() - (node.hasElse ? 1 : 0)) / 2;
    for (std::size_t i = 0; i < pairs; ++i)
        if (test(*node.children[2 * i], row, ctx) == Truth::True)
            return convertTo(evaluate(*node.children[2 * i + 1], row, ctx), node.type);
    return node.hasElse ? convertTo(evaluate(*node.children.back(), row, ctx), node.type) : Datum::null();
}

// A value as a condition: unknown for null, false for one that is neither a boolean nor a number.
Truth truthOf(const Datum& d)
{
    switch (d.type) {
    case Type::Null: return Truth::Unknown;
    case Type::Boolean:
    case Type::Integer: return fromBool(d.integer != 0);
    case Type::Real: return fromBool(d.real != 0 && !std::isnan(d.real));
    default: return Truth::False;
    }
}

Datum fromTruth(Truth t)
{
    return t == Truth::Unknown ? Datum::null() : Datum::boolean(t == Truth::True);
}

Datum negative(const Datum& x)
{
    if (x.type == Type::Integer)
        return x.integer == INT64_MIN ? Datum::null() : Datum::fromInteger(-x.integer);
    return x.type == Type::Real ? Datum::fromReal(-x.real) : Datum::null();
}

// a || b || ...: null if one is null; otherwise one string, built in one pass (linear in the result).
[[gnu::noinline]] Datum concatenate(const Node& node, std::size_t row, EvalContext& ctx)
{
    std::string& out = ctx.scratch();
    for (const auto& child : node.children) {
        const Datum d = evaluate(*child, row, ctx);
        if (d.isNull())
            return d;
        appendText(out, d);
        ctx.checkText(out.size(), node, row);
    }
    return ctx.result(out, node, row);
}

// a AND b AND ...: false as soon as one is false, else unknown if one is unknown; OR the other way round.
Truth logic(const Node& node, std::size_t row, EvalContext& ctx)
{
    const Truth decisive = node.kind == NodeKind::And ? Truth::False : Truth::True;
    Truth result = node.kind == NodeKind::And ? Truth::True : Truth::False;
    for (const auto& child : node.children) {
        const Truth t = test(*child, row, ctx);
        if (t == decisive)
            return t;
        if (t == Truth::Unknown)
            result = t;
    }
    return result;
}

Truth isNull(const Node& node, std::size_t row, EvalContext& ctx)
{
    return fromBool(evaluate(*node.children[0], row, ctx).isNull() != node.negated);
}

Truth valueTruth(const Node& node, std::size_t row, EvalContext& ctx)
{
    return truthOf(evaluate(node, row, ctx));
}

Datum negated(const Node& node, std::size_t row, EvalContext& ctx)
{
    return negative(evaluate(*node.children[0], row, ctx));
}

Datum arithmeticChain(const Node& node, std::size_t row, EvalContext& ctx)
{
    Datum result = evaluate(*node.children[0], row, ctx);
    for (std::size_t i = 1; i < node.children.size(); ++i)
        result = arithmetic(static_cast<ArithmeticOp>(node.links[i - 1].op), result,
                            evaluate(*node.children[i], row, ctx));
    return result;
}

Datum callFunction(const Node& node, std::size_t row, EvalContext& ctx)
{
    return convertTo(node.function->evaluate(node, row, ctx), node.type);
}

// The two dispatchers below are on the path of every level of recursion: they only hand over, with no
// temporaries of their own, which keeps their frames small even unoptimised (ASan builds).
Truth testNode(const Node& node, std::size_t row, EvalContext& ctx)
{
    switch (node.kind) {
    case NodeKind::And:
    case NodeKind::Or: return logic(node, row, ctx);
    case NodeKind::Not: return negate(test(*node.children[0], row, ctx));
    case NodeKind::Compare: return compareNodes(node, row, ctx);
    case NodeKind::In: return in(node, row, ctx);
    case NodeKind::Between: return between(node, row, ctx);
    case NodeKind::Like: return like(node, row, ctx);
    case NodeKind::IsNull: return isNull(node, row, ctx);
    default: return valueTruth(node, row, ctx);
    }
}

Datum evaluateNode(const Node& node, std::size_t row, EvalContext& ctx)
{
    switch (node.kind) {
    case NodeKind::Literal: return fromValue(node.literal);
    case NodeKind::Field: return readField(*node.column, row, node.type);
    case NodeKind::Variable: return geometryVariable(static_cast<GeometryVariable>(node.op), row, ctx);
    case NodeKind::Negate: return negated(node, row, ctx);
    case NodeKind::Arithmetic: return arithmeticChain(node, row, ctx);
    case NodeKind::Concat: return concatenate(node, row, ctx);
    case NodeKind::Case: return caseExpression(node, row, ctx);
    case NodeKind::Call: return callFunction(node, row, ctx);
    case NodeKind::Not:
    case NodeKind::And:
    case NodeKind::Or:
    case NodeKind::Compare:
    case NodeKind::In:
    case NodeKind::Between:
    case NodeKind::Like:
    case NodeKind::IsNull: return fromTruth(test(node, row, ctx));
    }
    return Datum::null();
}

} // namespace

// The recursion of evaluation runs through test() and evaluate() and the few helpers that evaluate children;
// everything else is kept out of line (noinline above) so that a deeply nested tree costs little stack per
// level.
//
// A result that is not text refers to no scratch string: the ones its subtree built are free again, so
// `lower(name) LIKE 'a%' OR lower(name) LIKE 'b%' OR ...` holds one lowered name at a time, not one per term.
Truth test(const Node& node, std::size_t row, EvalContext& ctx)
{
    const EvalContext::Mark mark = ctx.mark();
    const Truth result = testNode(node, row, ctx);
    ctx.release(mark);
    return result;
}

Datum evaluate(const Node& node, std::size_t row, EvalContext& ctx)
{
    const EvalContext::Mark mark = ctx.mark();
    Datum result = evaluateNode(node, row, ctx);
    if (result.type != Type::String)
        ctx.release(mark);
    return result;
}

void EvalContext::reset()
{
    constexpr std::size_t kKeep = std::size_t(1) << 20;
    for (auto& s : m_scratch)
        if (s->capacity() > kKeep)
            std::string().swap(*s);
    if (m_temporary.capacity() > kKeep)
        std::string().swap(m_temporary);
    m_used = 0;
    m_bytes = 0;
}

void EvalContext::tooMuchText(const Node& node, std::size_t row) const
{
    const std::string what = node.kind == NodeKind::Concat ? "\"||\"" : node.name + "()";
    throwAt(m_text, node.offset,
            "text too long: more than " + std::to_string(kMaxTextBytes >> 20) + " MiB (the limit) built by " +
                what + " for row " + std::to_string(row));
}

} // namespace gis::detail
