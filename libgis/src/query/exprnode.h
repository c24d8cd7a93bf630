#pragma once

// The syntax tree of a filter expression: built by the parser, annotated by the binder (types, resolved
// columns, coerced literals, fast paths), read by the evaluator. Private to the query module.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gis/query/expression.h"

namespace gis {
class AttributeColumn;
}

namespace gis::detail {

class LikePattern;
class SpatialLiteral;
struct FunctionDef;

enum class NodeKind : std::uint8_t {
    Literal,    // literal
    Field,      // name -> column
    Variable,   // $area ... (op: GeometryVariable)
    Negate,     // -a
    Not,        // NOT a
    And,        // a AND b AND ...: one node per chain (links: the ANDs)
    Or,         // a OR b OR ...: one node per chain (links: the ORs)
    Compare,    // a op b (op: CompareOp)
    Arithmetic, // a op b op c ...: one node per chain of + - or of * / % (links: the ArithmeticOps)
    Concat,     // a || b || ...: one node per chain (links: the ||s)
    In,         // a [NOT] IN (b, c, ...)
    Between,    // a [NOT] BETWEEN b AND c
    Like,       // a [NOT] LIKE|ILIKE b
    IsNull,     // a IS [NOT] NULL
    Case,       // CASE WHEN c1 THEN v1 ... [ELSE e] END: children c1, v1, c2, v2, ..., [e]
    Call,       // name(children...)
};

enum class CompareOp : std::uint8_t { Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual };
enum class ArithmeticOp : std::uint8_t { Add, Subtract, Multiply, Divide, Modulo };
enum class GeometryVariable : std::uint8_t { Area, Length, Perimeter, X, Y };

/// The operator joining children[i + 1] to the chain in an And, Or, Concat or Arithmetic node: chains are
/// n-ary (left-associative, evaluated left to right) so that a generated 100,000-term OR is one node with
/// 100,000 children, not a tree 100,000 levels deep that every walk would recurse through.
struct ChainLink {
    std::uint8_t op = 0;     // ArithmeticOp in an Arithmetic chain, 0 otherwise
    std::size_t offset = 0;  // of the operator, for messages
};

/// Nesting levels the parser accepts (parentheses, function arguments, CASE, IN lists, NOT, unary minus).
/// It bounds the recursion of the parser and of every later walk of the tree (binder, evaluator,
/// destructor), whose height grows by at most a few nodes per level. Measured on a painted thread stack,
/// the costliest level (a comparison, AND, OR and || around each parenthesis) takes about 2.6 KiB in the
/// unoptimised ASan build and 0.8 KiB in a release build, so 100 levels need at most about 265 KiB in ASan
/// (80 KiB in release): about half of the smallest worker stack we run on (512 KiB). tst_exprlimits runs the deepest expressions on one.
constexpr int kMaxNesting = 100;
/// Longest expression text accepted, in bytes: enough for a generated 100,000-term `fid = 1234567 OR ...`.
/// It also bounds memory: the worst text, one-byte tokens (`1+1+1...`), peaks at about 400 MB while
/// compiling (64-byte tokens and 200-byte nodes); a typical one at a fraction of that.
constexpr std::size_t kMaxExpressionBytes = std::size_t(2) << 20;
/// Most text the evaluation of one row may build and hold at once (results of ||, concat(), lower(),
/// upper()); beyond it the evaluation stops with an error rather than exhausting memory.
constexpr std::size_t kMaxTextBytes = std::size_t(16) << 20;

/// Shapes of comparison the binder recognises so the evaluator can read the column directly, without
/// building values: `field op literal` (the binder puts the field on the left).
enum class FastCompare : std::uint8_t {
    None,
    StringField,  // text column vs text literal: compares the column's bytes in place
    IntegerField, // Integer/Boolean/Date/DateTime column vs integer literal of the same unit
    RealField,    // numeric column vs numeric literal, compared as doubles
};

} // namespace gis::detail

namespace gis {

struct Expression::Node {
    detail::NodeKind kind = detail::NodeKind::Literal;
    std::uint8_t op = 0;          // CompareOp, GeometryVariable or SpatialOp
    bool negated = false;         // NOT IN, NOT BETWEEN, NOT LIKE, IS NOT NULL
    bool caseInsensitive = false; // ILIKE
    bool hasElse = false;         // CASE
    detail::FastCompare fast = detail::FastCompare::None;
    Value::Type type = Value::Type::Null; // of the result, set by the binder
    std::size_t offset = 0;               // byte offset in the text, for messages
    std::string name;                     // field, function or variable as written
    Value literal;                          // Literal; a fast-path Compare keeps its literal operand here too
    const AttributeColumn* column = nullptr; // Field; a fast-path Compare keeps its field's column here too
    const detail::FunctionDef* function = nullptr;
    std::shared_ptr<const detail::LikePattern> pattern; // LIKE with a literal pattern, compiled once
    std::shared_ptr<const detail::SpatialLiteral> spatial; // spatial predicate: its constant geometry (op: SpatialOp)
    std::vector<std::unique_ptr<Node>> children;
    std::vector<detail::ChainLink> links; // And, Or, Concat, Arithmetic: children.size() - 1 operators

    Node() = default;
    Node(detail::NodeKind k, std::size_t off) : kind(k), offset(off) {}
};

} // namespace gis

namespace gis::detail {

using Node = Expression::Node;
using NodePtr = std::unique_ptr<Node>;

inline bool isNumericType(Value::Type t)
{
    return t == Value::Type::Integer || t == Value::Type::Real;
}

inline bool isTemporalType(Value::Type t)
{
    return t == Value::Type::Date || t == Value::Type::DateTime;
}

/// Compiles a tree another parser built from `text` (its offsets index `text`): binds it against `layer` as
/// Expression::compile does after parsing, so errors carry columns of `text`.
struct ExpressionAccess {
    static Expression compileTree(std::string text, NodePtr root, const Layer& layer);
};

/// An Error(ErrorCode::Query) "<message> at column N[ — hint]", N being the 1-based character (not byte)
/// position of `offset` in `text`.
[[noreturn]] void throwAt(std::string_view text, std::size_t offset, const std::string& message,
                          const std::string& hint = {});

} // namespace gis::detail
