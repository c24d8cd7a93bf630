#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "exprnode.h"

namespace gis {
class Layer;
}

namespace gis::detail {

/// Resolves a parsed tree against a layer: fields to columns (exact name, else case-insensitive), functions
/// and $variables to their definitions; sets every node's result type; turns text literals compared with
/// dates into dates; rejects what cannot work ("cannot compare text with a number at column 12"); marks
/// `field op literal` comparisons for the evaluator's fast paths. Throws Error(Query).
class Binder {
public:
    Binder(std::string_view text, const Layer& layer, std::int64_t nowMilliseconds);

    void bind(Node& node);

    // --- for the functions' bind rules -------------------------------------------------------------------
    [[noreturn]] void fail(const Node& at, const std::string& message, const std::string& hint = {}) const;
    /// "text", "a number", "a boolean", "a date", "a date-time", "null".
    static std::string typeNoun(Value::Type type);
    /// One type for values that may come from any of `nodes` (CASE branches, coalesce, min, max): numbers
    /// widen to Real, dates to DateTime, text literals beside dates become dates. Fails naming `what`.
    Value::Type unify(const std::vector<Node*>& nodes, const std::string& what);
    /// A text literal compared with or used as a date becomes one; false when `node` is not a text literal.
    bool coerceToTemporal(Node& node, Value::Type wanted);
    std::int64_t now() const { return m_now; }

private:
    // Off the recursion's path (noinline), so their frames are not on the stack once per level.
    [[gnu::noinline]] void bindNode(Node& node);
    [[gnu::noinline]] void checkCall(Node& node);
    void bindLogic(Node& node);
    void bindField(Node& node);
    void bindVariable(Node& node);
    void bindCall(Node& node);
    void bindArithmetic(Node& node);
    [[gnu::noinline]] Value::Type arithmeticType(Value::Type a, Value::Type b, const ChainLink& link) const;
    void bindCompare(Node& node);
    void checkComparable(const Node& at, Node& a, Node& b);
    [[gnu::noinline]] void requireCondition(std::size_t at, const Node& operand, const char* what);
    void markFastCompare(Node& node);

    std::string_view m_text;
    const Layer& m_layer;
    std::int64_t m_now;
};

} // namespace gis::detail
