#include "exprfunctions.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>

#include "exprbinder.h"
#include "exprspatial.h"
#include "exprtext.h"
#include "gis/data/datetime.h"

namespace gis::detail {

namespace {

using Type = Value::Type;

Datum arg(const Node& call, std::size_t i, std::size_t row, EvalContext& ctx)
{
    return evaluate(*call.children[i], row, ctx);
}

// --- bind rules ----------------------------------------------------------------------------------------------

void requireArgument(const Node& call, std::size_t i, Binder& b, bool (*accepts)(Type), const char* wanted)
{
    const Node& a = *call.children[i];
    if (a.type == Type::Null || accepts(a.type))
        return;
    const bool decimal = a.type == Type::Real && accepts(Type::Integer);
    b.fail(a, call.name + "() needs " + wanted + ", not " + (decimal ? "a decimal number" : Binder::typeNoun(a.type)));
}

bool isText(Type t)
{
    return t == Type::String;
}
bool isInteger(Type t)
{
    return t == Type::Integer;
}
bool isNumber(Type t)
{
    return isNumericType(t);
}
bool isTemporal(Type t)
{
    return isTemporalType(t);
}

Type textToText(Node& call, Binder& b)
{
    requireArgument(call, 0, b, isText, "text");
    return Type::String;
}

Type textToInteger(Node& call, Binder& b)
{
    requireArgument(call, 0, b, isText, "text");
    return Type::Integer;
}

Type bindSubstr(Node& call, Binder& b)
{
    requireArgument(call, 0, b, isText, "text");
    for (std::size_t i = 1; i < call.children.size(); ++i)
        requireArgument(call, i, b, isInteger, "a whole number");
    return Type::String;
}

Type bindAnything(Node&, Binder&)
{
    return Type::String;
}

Type bindUnified(Node& call, Binder& b)
{
    std::vector<Node*> args;
    for (auto& child : call.children)
        args.push_back(child.get());
    return b.unify(args, call.name + "()");
}

Type bindRound(Node& call, Binder& b)
{
    requireArgument(call, 0, b, isNumber, "a number");
    if (call.children.size() > 1)
        requireArgument(call, 1, b, isInteger, "a whole number of digits");
    return call.children[0]->type;
}

Type bindAbs(Node& call, Binder& b)
{
    requireArgument(call, 0, b, isNumber, "a number");
    return call.children[0]->type;
}

Type bindDatePart(Node& call, Binder& b)
{
    b.coerceToTemporal(*call.children[0], Type::Date); // year('2025-03-01') reads the literal as a date
    requireArgument(call, 0, b, isTemporal, "a date");
    return Type::Integer;
}

// now() is read once, when the expression is compiled: every row of one query sees the same instant.
Type bindNow(Node& call, Binder& b)
{
    call.kind = NodeKind::Literal;
    call.literal = Value::dateTime(b.now());
    call.function = nullptr;
    return Type::DateTime;
}

// today() is the current date (UTC), read once when the expression is compiled, as now().
Type bindToday(Node& call, Binder& b)
{
    constexpr std::int64_t kDayMs = 86400000;
    const std::int64_t ms = b.now();
    call.kind = NodeKind::Literal;
    call.literal = Value::date(ms >= 0 ? ms / kDayMs : -((-ms + kDayMs - 1) / kDayMs));
    call.function = nullptr;
    return Type::Date;
}

// --- evaluation ----------------------------------------------------------------------------------------------

Datum evalLower(const Node& call, std::size_t row, EvalContext& ctx)
{
    const Datum s = arg(call, 0, row, ctx);
    if (s.isNull())
        return s;
    std::string& out = ctx.scratch();
    appendLower(out, s.text);
    return ctx.result(out, call, row);
}

Datum evalUpper(const Node& call, std::size_t row, EvalContext& ctx)
{
    const Datum s = arg(call, 0, row, ctx);
    if (s.isNull())
        return s;
    std::string& out = ctx.scratch();
    appendUpper(out, s.text);
    return ctx.result(out, call, row);
}

Datum evalUnaccent(const Node& call, std::size_t row, EvalContext& ctx)
{
    const Datum s = arg(call, 0, row, ctx);
    if (s.isNull())
        return s;
    std::string& out = ctx.scratch();
    appendUnaccented(out, s.text);
    return ctx.result(out, call, row);
}

Datum evalLength(const Node& call, std::size_t row, EvalContext& ctx)
{
    const Datum s = arg(call, 0, row, ctx);
    return s.isNull() ? s : Datum::fromInteger(static_cast<std::int64_t>(codePointCount(s.text)));
}

// substr(s, start[, length]) in code points, 1-based; a negative start counts from the end (-1 is the last
// character); a negative length leaves out that many characters at the end (as in QGIS).
Datum evalSubstr(const Node& call, std::size_t row, EvalContext& ctx)
{
    const Datum s = arg(call, 0, row, ctx);
    const Datum start = arg(call, 1, row, ctx);
    const Datum length = call.children.size() > 2 ? arg(call, 2, row, ctx) : Datum::null();
    if (s.isNull() || start.isNull() || (call.children.size() > 2 && length.isNull()))
        return Datum::null();
    const auto count = static_cast<std::int64_t>(codePointCount(s.text));
    std::int64_t from = start.integer > 0 ? start.integer - 1 : (start.integer < 0 ? count + start.integer : 0);
    from = std::clamp<std::int64_t>(from, 0, count);
    std::int64_t to = count;
    if (call.children.size() > 2)
        to = length.integer >= 0 ? (length.integer > count - from ? count : from + length.integer)
                                 : count + std::max<std::int64_t>(length.integer, -count);
    if (to <= from)
        return Datum::fromText({});
    const std::size_t begin = byteOffsetOfCodePoint(s.text, static_cast<std::size_t>(from));
    const std::size_t end = byteOffsetOfCodePoint(s.text, static_cast<std::size_t>(to));
    return Datum::fromText(s.text.substr(begin, end - begin)); // a view of the argument: no copy
}

Datum evalConcat(const Node& call, std::size_t row, EvalContext& ctx)
{
    std::string& out = ctx.scratch();
    for (std::size_t i = 0; i < call.children.size(); ++i) {
        appendText(out, arg(call, i, row, ctx)); // null adds nothing
        ctx.checkText(out.size(), call, row);
    }
    return ctx.result(out, call, row);
}

Datum evalCoalesce(const Node& call, std::size_t row, EvalContext& ctx)
{
    for (std::size_t i = 0; i < call.children.size(); ++i) {
        const Datum d = arg(call, i, row, ctx);
        if (!d.isNull())
            return d;
    }
    return Datum::null();
}

Datum evalRound(const Node& call, std::size_t row, EvalContext& ctx)
{
    const Datum x = arg(call, 0, row, ctx);
    const Datum digits = call.children.size() > 1 ? arg(call, 1, row, ctx) : Datum::fromInteger(0);
    if (x.isNull() || digits.isNull())
        return Datum::null();
    if (x.type == Type::Real) {
        const double r = roundHalfAwayFromZero(x.real, static_cast<int>(std::clamp<std::int64_t>(digits.integer, -400, 400)));
        return std::isfinite(r) ? Datum::fromReal(r) : Datum::null();
    }
    if (digits.integer >= 0)
        return x;
    if (digits.integer < -18)
        return Datum::fromInteger(0);
    std::int64_t factor = 1;
    for (std::int64_t i = 0; i < -digits.integer; ++i)
        factor *= 10;
    std::int64_t q = x.integer / factor;
    const std::int64_t rest = x.integer % factor;
    if (std::llabs(rest) * 2 >= factor)
        q += x.integer < 0 ? -1 : 1;
    std::int64_t r = 0;
    return __builtin_mul_overflow(q, factor, &r) ? Datum::null() : Datum::fromInteger(r);
}

Datum evalAbs(const Node& call, std::size_t row, EvalContext& ctx)
{
    const Datum x = arg(call, 0, row, ctx);
    if (x.type == Type::Real)
        return Datum::fromReal(std::fabs(x.real));
    if (x.type == Type::Integer)
        return x.integer == INT64_MIN ? Datum::null() : Datum::fromInteger(std::llabs(x.integer));
    return Datum::null();
}

// min() and max() skip nulls (null only when every argument is null), as aggregate min and max do.
template <bool Max>
Datum evalExtreme(const Node& call, std::size_t row, EvalContext& ctx)
{
    Datum best;
    for (std::size_t i = 0; i < call.children.size(); ++i) {
        const Datum d = arg(call, i, row, ctx);
        if (d.isNull())
            continue;
        if (best.isNull() || (Max ? compareDatums(d, best) > 0 : compareDatums(d, best) < 0))
            best = d;
    }
    return best;
}

CivilDate civil(const Datum& d)
{
    if (d.type == Type::Date)
        return civilFromDays(d.integer);
    constexpr std::int64_t kDay = 86'400'000;
    std::int64_t days = d.integer / kDay;
    if (d.integer % kDay < 0)
        --days; // floor, so 1969-12-31T23:00 is on 1969-12-31
    return civilFromDays(days);
}

template <int Part>
Datum evalDatePart(const Node& call, std::size_t row, EvalContext& ctx)
{
    const Datum d = arg(call, 0, row, ctx);
    if (d.isNull())
        return d;
    const CivilDate c = civil(d);
    return Datum::fromInteger(Part == 0 ? c.year : Part == 1 ? c.month : c.day);
}

// geom_from_wkt() makes a geometry, which no other part of the language can hold: it is read only as an
// argument of a spatial predicate (exprspatial.cpp), which never evaluates it.
Type bindGeometryLiteral(Node& call, Binder& b)
{
    b.fail(call, "geom_from_wkt() can only be an argument of a spatial predicate",
           "for example intersects($geometry, geom_from_wkt('POINT (57.53 22.93)'))");
}

Datum evalNever(const Node&, std::size_t, EvalContext&)
{
    return Datum::null(); // now() is a literal after binding
}

const FunctionDef kFunctions[] = {
    {"lower", 1, 1, textToText, evalLower},
    {"upper", 1, 1, textToText, evalUpper},
    {"unaccent", 1, 1, textToText, evalUnaccent},
    {"length", 1, 1, textToInteger, evalLength},
    {"substr", 2, 3, bindSubstr, evalSubstr},
    {"concat", 1, kVariadic, bindAnything, evalConcat},
    {"coalesce", 1, kVariadic, bindUnified, evalCoalesce},
    {"round", 1, 2, bindRound, evalRound},
    {"abs", 1, 1, bindAbs, evalAbs},
    {"min", 1, kVariadic, bindUnified, evalExtreme<false>},
    {"max", 1, kVariadic, bindUnified, evalExtreme<true>},
    {"year", 1, 1, bindDatePart, evalDatePart<0>},
    {"month", 1, 1, bindDatePart, evalDatePart<1>},
    {"day", 1, 1, bindDatePart, evalDatePart<2>},
    {"now", 0, 0, bindNow, evalNever},
    {"today", 0, 0, bindToday, evalNever},
    {"intersects", 2, 2, bindSpatial, evaluateSpatial},
    {"within", 2, 2, bindSpatial, evaluateSpatial},
    {"contains", 2, 2, bindSpatial, evaluateSpatial},
    {"disjoint", 2, 2, bindSpatial, evaluateSpatial},
    {"touches", 2, 2, bindSpatial, evaluateSpatial},
    {"crosses", 2, 2, bindSpatial, evaluateSpatial},
    {"overlaps", 2, 2, bindSpatial, evaluateSpatial},
    {"equals", 2, 2, bindSpatial, evaluateSpatial},
    {"geom_from_wkt", 1, 1, bindGeometryLiteral, evalNever},
};

} // namespace

const FunctionDef* findFunction(std::string_view name)
{
    for (const FunctionDef& f : kFunctions)
        if (equalsIgnoreCase(f.name, name))
            return &f;
    return nullptr;
}

std::vector<std::string> functionNames()
{
    std::vector<std::string> names;
    for (const FunctionDef& f : kFunctions)
        names.emplace_back(f.name);
    return names;
}

double roundHalfAwayFromZero(double x, int digits)
{
    if (!std::isfinite(x) || x == 0)
        return x;
    // The shortest decimal that reads back as x: "2.675" is "2675" with exponent 0 (d.ddd e0).
    char buffer[64];
    const auto printed = std::to_chars(buffer, buffer + sizeof buffer, x, std::chars_format::scientific);
    const std::string_view text(buffer, static_cast<std::size_t>(printed.ptr - buffer));
    const bool negative = text.front() == '-';
    const std::size_t e = text.find('e');
    std::string mantissa;
    for (char c : text.substr(negative ? 1 : 0, e - (negative ? 1 : 0)))
        if (c != '.')
            mantissa += c;
    int exponent = 0;
    std::from_chars(text.data() + e + 1 + (text[e + 1] == '+' ? 1 : 0), text.data() + text.size(), exponent);
    // Digits to keep: those before the decimal point (exponent + 1) and `digits` after it.
    const long keep = static_cast<long>(exponent) + 1 + digits;
    if (keep >= static_cast<long>(mantissa.size()))
        return x;
    if (keep < 0)
        return 0;
    std::string kept = mantissa.substr(0, static_cast<std::size_t>(keep));
    if (mantissa[static_cast<std::size_t>(keep)] >= '5') { // half and above: away from zero
        int i = static_cast<int>(kept.size()) - 1;
        while (i >= 0 && kept[static_cast<std::size_t>(i)] == '9')
            kept[static_cast<std::size_t>(i--)] = '0';
        if (i >= 0)
            ++kept[static_cast<std::size_t>(i)];
        else
            kept.insert(kept.begin(), '1');
    }
    if (kept.empty())
        return 0;
    const std::string decimal = (negative ? "-" : "") + kept + "e" + std::to_string(-digits);
    double result = 0;
    std::from_chars(decimal.data(), decimal.data() + decimal.size(), result);
    return result;
}

} // namespace gis::detail
