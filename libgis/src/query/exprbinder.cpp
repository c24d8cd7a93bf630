#include "exprbinder.h"

#include <optional>
#include <utility>

#include "exprfunctions.h"
#include "exprspatial.h"
#include "exprtext.h"
#include "gis/data/datetime.h"
#include "gis/data/layer.h"

namespace gis::detail {

namespace {

using Type = Value::Type;

enum class Category { Null, Number, Text, Time, Other };

Category category(Type t)
{
    switch (t) {
    case Type::Null: return Category::Null;
    case Type::Integer:
    case Type::Real:
    case Type::Boolean: return Category::Number; // GeoPackage and Shapefile booleans are 0/1 integers
    case Type::String: return Category::Text;
    case Type::Date:
    case Type::DateTime: return Category::Time;
    }
    return Category::Other;
}

std::optional<Type> fieldValueType(FieldType t)
{
    switch (t) {
    case FieldType::Integer: return Type::Integer;
    case FieldType::Real: return Type::Real;
    case FieldType::String: return Type::String;
    case FieldType::Date: return Type::Date;
    case FieldType::DateTime: return Type::DateTime;
    case FieldType::Boolean: return Type::Boolean;
    case FieldType::Binary: return std::nullopt;
    }
    return std::nullopt;
}

struct VariableName {
    std::string_view name;
    GeometryVariable variable;
};
constexpr VariableName kVariables[] = {{"area", GeometryVariable::Area},
                                       {"length", GeometryVariable::Length},
                                       {"perimeter", GeometryVariable::Perimeter},
                                       {"x", GeometryVariable::X},
                                       {"y", GeometryVariable::Y}};

CompareOp flipped(CompareOp op)
{
    switch (op) {
    case CompareOp::Less: return CompareOp::Greater;
    case CompareOp::LessEqual: return CompareOp::GreaterEqual;
    case CompareOp::Greater: return CompareOp::Less;
    case CompareOp::GreaterEqual: return CompareOp::LessEqual;
    default: return op;
    }
}

std::string_view arithmeticSymbol(ArithmeticOp op)
{
    constexpr std::string_view symbols[] = {"+", "-", "*", "/", "%"};
    return symbols[static_cast<int>(op)];
}

} // namespace

Binder::Binder(std::string_view text, const Layer& layer, std::int64_t nowMilliseconds)
    : m_text(text), m_layer(layer), m_now(nowMilliseconds)
{
}

void Binder::fail(const Node& at, const std::string& message, const std::string& hint) const
{
    throwAt(m_text, at.offset, message, hint);
}

std::string Binder::typeNoun(Type type)
{
    switch (type) {
    case Type::Null: return "null";
    case Type::Boolean: return "a boolean";
    case Type::Integer:
    case Type::Real: return "a number";
    case Type::String: return "text";
    case Type::Date: return "a date";
    case Type::DateTime: return "a date-time";
    }
    return "a value";
}

bool Binder::coerceToTemporal(Node& node, Type wanted)
{
    if (node.kind != NodeKind::Literal || node.literal.type != Type::String)
        return false;
    const std::string& text = node.literal.text;
    if (wanted == Type::Date) {
        if (const auto days = parseDate(text)) {
            node.literal = Value::date(*days);
            node.type = Type::Date;
            return true;
        }
    }
    if (const auto ms = parseDateTime(text)) {
        node.literal = Value::dateTime(*ms);
        node.type = Type::DateTime;
        return true;
    }
    fail(node, "'" + text + "' is not a " + (wanted == Type::Date ? "date" : "date-time"),
         wanted == Type::Date ? "write dates as 'YYYY-MM-DD'" : "write date-times as 'YYYY-MM-DDThh:mm:ss'");
}

Type Binder::unify(const std::vector<Node*>& nodes, const std::string& what)
{
    Type result = Type::Null;
    Node* firstText = nullptr;
    for (Node* n : nodes) {
        const Type t = n->type;
        if (t == Type::String) {
            firstText = firstText ? firstText : n;
        } else if (t == Type::Null || t == result) {
            continue;
        } else if (result == Type::Null) {
            result = t;
        } else if (isNumericType(result) && isNumericType(t)) {
            result = Type::Real;
        } else if (isTemporalType(result) && isTemporalType(t)) {
            result = Type::DateTime;
        } else {
            fail(*n, "cannot mix " + typeNoun(result) + " and " + typeNoun(t) + " in " + what);
        }
    }
    if (!firstText)
        return result;
    if (result == Type::Null)
        return Type::String;
    if (!isTemporalType(result))
        fail(*firstText, "cannot mix " + typeNoun(result) + " and text in " + what);
    // Text beside dates: literals become dates ('2025-01-31'), anything else cannot be mixed.
    for (Node* n : nodes) {
        if (n->type != Type::String)
            continue;
        if (!coerceToTemporal(*n, result))
            fail(*n, "cannot mix " + typeNoun(result) + " and text in " + what, "write a date as date 'YYYY-MM-DD'");
        if (n->type != result)
            result = Type::DateTime;
    }
    return result;
}

void Binder::requireCondition(std::size_t at, const Node& operand, const char* what)
{
    const Category c = category(operand.type);
    if (c == Category::Null || c == Category::Number)
        return;
    throwAt(m_text, at, std::string(what) + " needs a condition, not " + typeNoun(operand.type),
            "compare it with something, for example x = 'value'");
}

void Binder::checkComparable(const Node& at, Node& a, Node& b)
{
    if (isTemporalType(a.type) && b.type == Type::String)
        coerceToTemporal(b, a.type);
    else if (isTemporalType(b.type) && a.type == Type::String)
        coerceToTemporal(a, b.type);
    const Category ca = category(a.type), cb = category(b.type);
    if (ca == Category::Null || cb == Category::Null || ca == cb)
        return;
    std::string hint;
    if ((ca == Category::Time && cb == Category::Text) || (ca == Category::Text && cb == Category::Time))
        hint = "write a date as date 'YYYY-MM-DD'";
    else if (ca == Category::Text || cb == Category::Text)
        hint = "text values need quotes on both sides or none";
    fail(at, "cannot compare " + typeNoun(a.type) + " with " + typeNoun(b.type), hint);
}

// The recursion of binding: kept to this small function and the chains' and calls' loops, with each node's
// own checks in bindNode, so that a deeply nested tree costs little stack per level.
void Binder::bind(Node& node)
{
    switch (node.kind) {
    case NodeKind::Call: bindCall(node); return; // binds its arguments after checking their number
    case NodeKind::And:
    case NodeKind::Or: bindLogic(node); return;
    case NodeKind::Arithmetic: bindArithmetic(node); return;
    default:
        for (auto& child : node.children)
            bind(*child);
        bindNode(node);
    }
}

// Chains bind and check each operand in turn, as nested binary operators did; the first operand is blamed
// on the first operator, each later one on the operator before it.
void Binder::bindLogic(Node& node)
{
    const char* what = node.kind == NodeKind::And ? "AND" : "OR";
    bind(*node.children[0]);
    for (std::size_t i = 1; i < node.children.size(); ++i) {
        bind(*node.children[i]);
        if (i == 1)
            requireCondition(node.links[0].offset, *node.children[0], what);
        requireCondition(node.links[i - 1].offset, *node.children[i], what);
    }
    node.type = Type::Boolean;
}

void Binder::bindNode(Node& node)
{
    switch (node.kind) {
    case NodeKind::Literal: node.type = node.literal.type; return;
    case NodeKind::Field: bindField(node); return;
    case NodeKind::Variable: bindVariable(node); return;
    case NodeKind::Compare: bindCompare(node); return;
    case NodeKind::Negate: {
        Node& x = *node.children[0];
        if (x.type != Type::Null && !isNumericType(x.type))
            fail(node, "\"-\" needs a number, not " + typeNoun(x.type));
        node.type = x.type;
        if (x.kind == NodeKind::Literal && !(x.type == Type::Integer && x.literal.integer == INT64_MIN)) {
            // Fold "-5" into a literal so `x > -5` takes the evaluator's fast path.
            Value v = x.literal;
            v.integer = -v.integer;
            v.real = -v.real;
            node.kind = NodeKind::Literal;
            node.literal = v;
            node.children.clear();
        }
        return;
    }
    case NodeKind::Not:
        requireCondition(node.offset, *node.children[0], "NOT");
        node.type = Type::Boolean;
        return;
    case NodeKind::Call: // bound by bind()
    case NodeKind::And:
    case NodeKind::Or:
    case NodeKind::Arithmetic: return;
    case NodeKind::Concat: node.type = Type::String; return;
    case NodeKind::In:
    case NodeKind::Between:
        for (std::size_t i = 1; i < node.children.size(); ++i)
            checkComparable(*node.children[i], *node.children[0], *node.children[i]);
        node.type = Type::Boolean;
        return;
    case NodeKind::Like: {
        const char* what = node.caseInsensitive ? "ILIKE" : "LIKE";
        for (const auto& child : node.children)
            if (child->type != Type::Null && child->type != Type::String)
                fail(*child, std::string(what) + " needs text, not " + typeNoun(child->type));
        const Node& pattern = *node.children[1];
        if (pattern.kind == NodeKind::Literal && pattern.type == Type::String)
            node.pattern = std::make_shared<LikePattern>(node.caseInsensitive ? lowerText(pattern.literal.text)
                                                                              : pattern.literal.text);
        node.type = Type::Boolean;
        return;
    }
    case NodeKind::IsNull: node.type = Type::Boolean; return;
    case NodeKind::Case: {
        std::vector<Node*> values;
        const std::size_t pairs = (node.children.size() - (node.hasElse ? 1 : 0)) / 2;
        for (std::size_t i = 0; i < pairs; ++i) {
            requireCondition(node.children[2 * i]->offset, *node.children[2 * i], "WHEN");
            values.push_back(node.children[2 * i + 1].get());
        }
        if (node.hasElse)
            values.push_back(node.children.back().get());
        node.type = unify(values, "the results of CASE");
        return;
    }
    }
}

void Binder::bindField(Node& node)
{
    const AttributeTable& table = m_layer.attributes();
    const AttributeColumn* found = nullptr;
    for (const AttributeColumn& c : table.columns())
        if (c.name() == node.name)
            found = &c;
    if (!found) {
        for (const AttributeColumn& c : table.columns()) {
            if (!equalsIgnoreCase(c.name(), node.name))
                continue;
            if (found)
                fail(node, "field " + quoteName(node.name) + " is ambiguous",
                     "write " + quoteName(found->name()) + " or " + quoteName(c.name()) + " exactly");
            found = &c;
        }
    }
    if (!found) {
        std::vector<std::string> names;
        for (const AttributeColumn& c : table.columns())
            names.push_back(c.name());
        const std::string suggestion = closestName(node.name, names);
        fail(node, "unknown field " + quoteName(node.name),
             suggestion.empty() ? std::string() : "did you mean " + quoteName(suggestion) + "?");
    }
    const auto type = fieldValueType(found->type());
    if (!type)
        fail(node, "field " + quoteName(found->name()) + " holds binary data, which expressions cannot use");
    node.column = found;
    node.type = *type;
}

void Binder::bindVariable(Node& node)
{
    if (equalsIgnoreCase(node.name, "geometry"))
        fail(node, "$geometry can only be an argument of a spatial predicate",
             "for example intersects($geometry, geom_from_wkt('POINT (57.53 22.93)'))");
    for (const VariableName& v : kVariables) {
        if (equalsIgnoreCase(v.name, node.name)) {
            node.op = static_cast<std::uint8_t>(v.variable);
            node.type = Type::Real;
            return;
        }
    }
    std::vector<std::string> names;
    for (const VariableName& v : kVariables)
        names.emplace_back(v.name);
    const std::string suggestion = closestName(node.name, names);
    fail(node, "unknown variable " + quoteName("$" + node.name),
         suggestion.empty() ? "the variables are $area, $length, $perimeter, $x and $y"
                            : "did you mean " + quoteName("$" + suggestion) + "?");
}

void Binder::bindCall(Node& node)
{
    checkCall(node);
    // A spatial predicate reads its arguments ($geometry, geom_from_wkt('...')) itself: neither has a value
    // the rest of the language could bind.
    if (isSpatialFunction(node.name)) {
        node.type = node.function->bind(node, *this);
        return;
    }
    for (auto& child : node.children)
        bind(*child);
    node.type = node.function->bind(node, *this);
}

void Binder::checkCall(Node& node)
{
    node.function = findFunction(node.name);
    if (!node.function) {
        const std::string suggestion = closestName(node.name, functionNames());
        fail(node, "unknown function " + quoteName(node.name),
             suggestion.empty() ? std::string() : "did you mean " + quoteName(suggestion) + "?");
    }
    const FunctionDef& f = *node.function;
    const std::size_t n = node.children.size();
    if (n < f.minArgs || n > f.maxArgs) {
        std::string expected;
        if (f.maxArgs == kVariadic)
            expected = "at least " + std::to_string(f.minArgs);
        else if (f.minArgs == f.maxArgs)
            expected = std::to_string(f.minArgs);
        else
            expected = std::to_string(f.minArgs) + " or " + std::to_string(f.maxArgs);
        const bool one = f.minArgs == 1 && (f.maxArgs == 1 || f.maxArgs == kVariadic);
        fail(node, std::string(f.name) + "() takes " + expected + (one ? " argument" : " arguments") + ", not " +
                       std::to_string(n));
    }
}

void Binder::bindArithmetic(Node& node)
{
    bind(*node.children[0]);
    Type type = node.children[0]->type;
    for (std::size_t i = 1; i < node.children.size(); ++i) {
        bind(*node.children[i]);
        type = arithmeticType(type, node.children[i]->type, node.links[i - 1]);
    }
    node.type = type;
}

// The type of `a op b`, a being the chain so far.
Type Binder::arithmeticType(Type a, Type b, const ChainLink& link) const
{
    const auto op = static_cast<ArithmeticOp>(link.op);
    if (a == Type::Null || b == Type::Null)
        return Type::Null; // null in arithmetic is null, whatever the other side
    if (isNumericType(a) && isNumericType(b)) {
        // integer / integer is real, as in QGIS: 7 / 2 is 3.5, not 3.
        const bool integer = a == Type::Integer && b == Type::Integer && op != ArithmeticOp::Divide;
        return integer ? Type::Integer : Type::Real;
    }
    // Date arithmetic in days: date + 30, date - 7, date - date.
    if (a == Type::Date && b == Type::Integer && (op == ArithmeticOp::Add || op == ArithmeticOp::Subtract))
        return Type::Date;
    if (a == Type::Integer && b == Type::Date && op == ArithmeticOp::Add)
        return Type::Date;
    if (a == Type::Date && b == Type::Date && op == ArithmeticOp::Subtract)
        return Type::Integer;
    const Type bad = isNumericType(a) ? b : a;
    std::string hint;
    if (op == ArithmeticOp::Add && (a == Type::String || b == Type::String))
        hint = "use || to join text";
    else if (isTemporalType(a) || isTemporalType(b))
        hint = "dates take + and - with a number of days, and date - date gives days";
    throwAt(m_text, link.offset, quoteName(arithmeticSymbol(op)) + " needs numbers, not " + typeNoun(bad), hint);
}

void Binder::bindCompare(Node& node)
{
    checkComparable(node, *node.children[0], *node.children[1]);
    node.type = Type::Boolean;
    markFastCompare(node);
}

void Binder::markFastCompare(Node& node)
{
    if (node.children[0]->kind == NodeKind::Literal && node.children[1]->kind == NodeKind::Field) {
        std::swap(node.children[0], node.children[1]);
        node.op = static_cast<std::uint8_t>(flipped(static_cast<CompareOp>(node.op)));
    }
    const Node& field = *node.children[0];
    Node& literal = *node.children[1];
    if (field.kind != NodeKind::Field || literal.kind != NodeKind::Literal || literal.type == Type::Null)
        return;
    const Type f = field.type, l = literal.type;
    if (f == Type::String && l == Type::String) {
        node.fast = FastCompare::StringField;
    } else if ((f == l && isTemporalType(f)) ||
               ((f == Type::Integer || f == Type::Boolean) && (l == Type::Integer || l == Type::Boolean))) {
        node.fast = FastCompare::IntegerField;
    } else if (category(f) == Category::Number && category(l) == Category::Number) {
        literal.literal.real = l == Type::Real ? literal.literal.real : static_cast<double>(literal.literal.integer);
        node.fast = FastCompare::RealField;
    }
    // The evaluator reads both from the comparison node: one node in memory per term, not three, which is
    // what a generated 100,000-term `fid = 1 OR fid = 2 ...` spends its time on.
    if (node.fast != FastCompare::None) {
        node.column = field.column;
        node.literal = literal.literal;
    }
}

} // namespace gis::detail
