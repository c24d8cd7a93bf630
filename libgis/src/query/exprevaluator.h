#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "exprnode.h"

namespace gis {
class Layer;
}

namespace gis::detail {

/// A value during evaluation: like Value, but text is a view (into a column, a literal or the context's
/// scratch space), so evaluating a row allocates nothing once the scratch strings have grown.
struct Datum {
    Value::Type type = Value::Type::Null;
    std::int64_t integer = 0;
    double real = 0;
    std::string_view text;

    bool isNull() const { return type == Value::Type::Null; }
    static Datum null() { return {}; }
    static Datum boolean(bool b) { return {Value::Type::Boolean, b ? 1 : 0, 0, {}}; }
    static Datum fromInteger(std::int64_t v) { return {Value::Type::Integer, v, 0, {}}; }
    static Datum fromReal(double v) { return {Value::Type::Real, 0, v, {}}; }
    static Datum fromText(std::string_view s) { return {Value::Type::String, 0, 0, s}; }
};

/// SQL's three-valued logic.
enum class Truth : std::uint8_t { False, True, Unknown };

/// What one thread needs to evaluate rows: the layer and reusable scratch strings. Texts that functions
/// compute live in the scratch strings until the subtree that made them has a result that is not text
/// (release) or the row is done (reset). Each string is its own heap object so views into it survive the
/// list growing; nothing is allocated until a function needs text, so a context is free to create for a
/// single matches() call.
///
/// The text one row holds at once is limited to kMaxTextBytes: `a || a || a ...` or nested upper() over a
/// long field cannot exhaust memory, they stop with an Error(Query) naming the row and the operator.
class EvalContext {
public:
    EvalContext(const Layer& layer, bool geodesic, std::string_view text)
        : m_layer(layer), m_geodesic(geodesic), m_text(text)
    {
    }

    const Layer& layer() const { return m_layer; }
    bool geodesic() const { return m_geodesic; }
    /// An empty string (with its old capacity) that stays valid until released or reset(). Once built,
    /// pass it to result().
    std::string& scratch()
    {
        if (m_used == m_scratch.size())
            m_scratch.push_back(std::make_unique<std::string>());
        std::string& s = *m_scratch[m_used++];
        s.clear();
        return s;
    }
    /// Throws when `pending` bytes more than the row holds already would pass kMaxTextBytes: called while a
    /// result is built piece by piece, so that it stops near the limit rather than at the end.
    void checkText(std::size_t pending, const Node& node, std::size_t row) const
    {
        if (pending > kMaxTextBytes - m_bytes)
            tooMuchText(node, row);
    }
    /// `s`, a scratch string `node` has just built, as the node's result, counted against the row's limit.
    Datum result(const std::string& s, const Node& node, std::size_t row)
    {
        checkText(s.size(), node, row);
        m_bytes += s.size();
        return Datum::fromText(s);
    }
    /// A buffer for a temporary that no result refers to (ILIKE's lower-cased subject): not counted, reused
    /// by the next caller.
    std::string& temporary()
    {
        m_temporary.clear();
        return m_temporary;
    }

    struct Mark {
        std::size_t used;
        std::size_t bytes;
    };
    Mark mark() const { return {m_used, m_bytes}; }
    /// Gives back the scratch strings taken since `m`: once a subtree's result is not text, nothing refers
    /// to the texts it built.
    void release(Mark m)
    {
        m_used = m.used;
        m_bytes = m.bytes;
    }
    /// Between rows: every scratch string free again; the few grown far beyond ordinary field sizes are
    /// dropped, so one huge row does not keep its memory for the rest of the scan.
    void reset();

private:
    [[noreturn]] void tooMuchText(const Node& node, std::size_t row) const;

    const Layer& m_layer;
    bool m_geodesic;
    std::string_view m_text; // of the expression, for messages
    std::vector<std::unique_ptr<std::string>> m_scratch;
    std::size_t m_used = 0;
    std::size_t m_bytes = 0; // in the results counted since the row began (or the last release)
    std::string m_temporary;
};

Datum evaluate(const Node& node, std::size_t row, EvalContext& ctx);
/// The node as a condition: unknown for null, false for a value that is neither a boolean nor a number.
Truth test(const Node& node, std::size_t row, EvalContext& ctx);

Datum fromValue(const Value& v);
Value toValue(const Datum& d);
/// Appends d as Value::toString would.
void appendText(std::string& out, const Datum& d);
template <class T>
int threeWay(T a, T b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

/// Orders two non-null values the binder found comparable: numbers numerically, text by bytes (code point
/// order), dates and date-times on one time line.
int compareDatums(const Datum& a, const Datum& b);
/// Widens a value to the type the binder chose for a node: Integer to Real, Date to DateTime (null when
/// the date is too far out for milliseconds).
Datum convertTo(const Datum& d, Value::Type type);

} // namespace gis::detail
