#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gis/core/export.h"

GIS_API_BEGIN

namespace gis {

class Layer;

namespace detail {
struct ExpressionAccess;
}

/// A value of the filter expression language.
struct Value {
    enum class Type : std::uint8_t { Null, Boolean, Integer, Real, String, Date, DateTime };
    Type type = Type::Null;
    std::int64_t integer = 0; ///< Boolean (0/1), Integer, Date (days since 1970-01-01), DateTime (ms since epoch, UTC)
    double real = 0;          ///< Real
    std::string text;         ///< String (UTF-8)

    static Value null() { return {}; }
    static Value boolean(bool b) { return {Type::Boolean, b ? 1 : 0, 0, {}}; }
    static Value fromInteger(std::int64_t v) { return {Type::Integer, v, 0, {}}; }
    static Value fromReal(double v) { return {Type::Real, 0, v, {}}; }
    static Value fromString(std::string s) { return {Type::String, 0, 0, std::move(s)}; }
    static Value date(std::int64_t days) { return {Type::Date, days, 0, {}}; }
    static Value dateTime(std::int64_t ms) { return {Type::DateTime, ms, 0, {}}; }

    bool isNull() const { return type == Type::Null; }
    /// True for a true boolean and a non-zero number; false for null (SQL's three-valued logic: unknown
    /// does not match).
    bool isTrue() const;
    /// Value as text: numbers shortest round trip, dates ISO 8601, null "".
    std::string toString() const;
};

/// A filter or value expression, parsed once into a tree, checked against one layer's fields, evaluated
/// over that layer's in-memory columns.
///
/// The language (documented with examples in docs/expressions.md):
///   literals 12, 3.5, 'text' ('' inside for a quote; Arabic welcome), date '2025-01-31', true, false, null;
///   fields bare (population) or double-quoted ("name ar", "الاسم");
///   = != <> < <= > >= + - * / % || ; AND OR NOT ; x IN (a, b) ; x NOT IN (...) ; x BETWEEN a AND b ;
///   x LIKE 'N%' / ILIKE (case-insensitive), matching Unicode characters (not bytes); x IS [NOT] NULL ;
///   CASE WHEN c THEN v [WHEN ...] [ELSE v] END ;
///   functions lower upper unaccent length substr(s, start[, len]) concat coalesce round(x[, digits]) abs min max
///   year month day now() today(); geometry $area $length $perimeter (geodesic m² and m on geographic layers,
///   CRS units otherwise), $x $y (of a point; of the centre of the bounding box otherwise);
///   spatial predicates intersects within contains disjoint touches crosses overlaps equals between $geometry
///   and a constant geom_from_wkt('<WKT in the layer's CRS>'), read once at compile time (GEOS).
///
/// An Expression keeps a reference to its layer: the layer must outlive it. evaluate() and matches() may be
/// called from any number of threads at once.
///
/// Any text is safe to compile, however long or hostile (docs/expressions.md, "Limits"): at most 2 MiB of
/// text and 100 levels of nesting (parentheses, calls, CASE, IN lists, NOT, unary minus) are accepted, and
/// chains such as a 100,000-term `a = 1 OR a = 2 OR ...` take time and stack proportional to their length
/// and nesting only. Compiling, evaluating and destroying the deepest accepted expression need at most
/// about 265 KiB of stack (unoptimised sanitizer build; 80 KiB in release), so worker threads with 512 KiB
/// stacks may use them.
class Expression {
public:
    /// Parses `text` and checks it against `layer`'s fields. Throws Error(ErrorCode::Query) with the 1-based
    /// column and, for a misspelt field, a suggestion:
    ///   unknown field "popluation" at column 1 — did you mean "population"?
    /// and for text past the limits:
    ///   expression too deeply nested (more than 100 levels) at column 101 — ...
    ///   expression too long: 3000000 bytes, more than the limit of 2 MiB
    static Expression compile(std::string_view text, const Layer& layer);

    Expression(Expression&&) noexcept;
    Expression& operator=(Expression&&) noexcept;
    ~Expression();

    const std::string& text() const;
    /// Value of the expression for row `row` of the layer. evaluate(), matches() and filter() throw
    /// Error(ErrorCode::Query) when the text built for a row passes 16 MiB (the one error the data can cause):
    ///   text too long: more than 16 MiB (the limit) built by "||" for row 7 at column 12
    Value evaluate(std::size_t row) const;
    /// True when the expression is true for the row (null counts as false).
    bool matches(std::size_t row) const;
    /// The rows (ascending) among `candidates` (all rows when null) for which the expression is true.
    std::vector<std::uint32_t> filter(const std::vector<std::uint32_t>* candidates = nullptr) const;

    struct Node;

private:
    friend struct detail::ExpressionAccess; // compiles trees built by other parsers (CQL2, gis/query/cql2.h)
    Expression();
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace gis

GIS_API_END
