#include "exprparser.h"

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "exprlexer.h"
#include "exprtext.h"
#include "gis/core/error.h"
#include "gis/data/datetime.h"

namespace gis::detail {

namespace {

bool sameWord(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const char x = (a[i] >= 'a' && a[i] <= 'z') ? static_cast<char>(a[i] - 32) : a[i];
        if (x != b[i])
            return false;
    }
    return true;
}

// Words that are never field or function names without quotes. DATE is not among them: it is a keyword only
// in front of a text literal, so a field called "date" stays reachable.
constexpr std::string_view kReserved[] = {"AND", "OR", "NOT", "IN", "BETWEEN", "LIKE", "ILIKE", "IS", "NULL",
                                          "TRUE", "FALSE", "CASE", "WHEN", "THEN", "ELSE", "END"};

bool isReserved(const Token& t)
{
    if (t.kind != TokenKind::Identifier)
        return false;
    for (std::string_view word : kReserved)
        if (sameWord(t.text, word))
            return true;
    return false;
}

std::optional<CompareOp> compareOp(TokenKind kind)
{
    switch (kind) {
    case TokenKind::Equal: return CompareOp::Equal;
    case TokenKind::NotEqual: return CompareOp::NotEqual;
    case TokenKind::Less: return CompareOp::Less;
    case TokenKind::LessEqual: return CompareOp::LessEqual;
    case TokenKind::Greater: return CompareOp::Greater;
    case TokenKind::GreaterEqual: return CompareOp::GreaterEqual;
    default: return std::nullopt;
    }
}

// How tightly the operators bind, loosest first (docs/expressions.md, "Operators, loosest first").
enum Precedence : int {
    kNone = 0,
    kOr,
    kAnd,
    kNot,
    kPredicate, // = != < <= > >= IN BETWEEN LIKE ILIKE IS, and their NOT forms
    kConcat,
    kAdditive,
    kMultiplicative,
};

struct Infix {
    int precedence = kNone;
    NodeKind kind = NodeKind::Literal; // of the chain it builds (predicates build their own)
    std::uint8_t op = 0;               // ArithmeticOp in an arithmetic chain
};

class Parser {
public:
    explicit Parser(std::string_view text) : m_text(text), m_tokens(tokenize(text)) {}

    NodePtr parse()
    {
        if (peek().kind == TokenKind::End)
            fail(0, "empty expression");
        NodePtr root = expression(kOr);
        if (peek().kind == TokenKind::RightParen)
            fail(peek().offset, "unexpected \")\"", "there is no \"(\" for it to close");
        if (peek().kind != TokenKind::End)
            unexpected(peek(), "expected AND, OR, an operator or the end of the expression");
        return root;
    }

private:
    // The parser recurses once per nesting level through expression(), prefix(), unary(), primary() and, where
    // they occur, predicate(), call() and caseExpr(). Those keep small frames: messages are built in the
    // out-of-line fail functions and literals in leaf(), which do not recurse. (At -O0, as in the ASan build,
    // every temporary of a function takes its own stack slot, so one message in a recursive function would
    // cost its size once per level.)

    [[noreturn, gnu::noinline]] void fail(std::size_t offset, const char* message, const char* hint = "") const
    {
        throwAt(m_text, offset, message, hint);
    }
    [[noreturn, gnu::noinline]] void unexpected(const Token& t, const char* hint) const
    {
        throwAt(m_text, t.offset, "unexpected " + describe(t), hint);
    }
    [[noreturn, gnu::noinline]] void unclosed(const char* what, const Token& opener) const
    {
        const std::string found = peek().kind == TokenKind::End ? "" : " instead of " + describe(peek());
        throwAt(m_text, peek().offset, std::string("missing ") + what + found,
                "to close " + describe(opener) + " at column " + std::to_string(column(opener.offset)));
    }
    [[noreturn, gnu::noinline]] void tooDeep(std::size_t offset) const
    {
        throwAt(m_text, offset, "expression too deeply nested (more than " + std::to_string(kMaxNesting) + " levels)",
                "long AND/OR/||/+ chains need no parentheses; a long list of values is x IN (...)");
    }

    const Token& peek(std::size_t ahead = 0) const
    {
        const std::size_t i = m_pos + ahead;
        return i < m_tokens.size() ? m_tokens[i] : m_tokens.back();
    }
    const Token& advance()
    {
        const Token& t = m_tokens[m_pos];
        if (m_pos + 1 < m_tokens.size())
            ++m_pos;
        return t;
    }
    bool atWord(std::string_view word, std::size_t ahead = 0) const
    {
        const Token& t = peek(ahead);
        return t.kind == TokenKind::Identifier && sameWord(t.text, word);
    }

    void expect(TokenKind kind, const char* what, const Token& opener)
    {
        if (peek().kind != kind)
            unclosed(what, opener);
        advance();
    }

    std::size_t column(std::size_t offset) const { return codePointCount(m_text.substr(0, offset)) + 1; }

    // One level deeper for as long as it lives. Every construct that nests opens one, so the parser's
    // recursion, and the height of the tree it builds (a few nodes per level), stay bounded for any text.
    class Level {
    public:
        Level(Parser& parser, std::size_t offset) : m_parser(parser)
        {
            if (m_parser.m_depth == kMaxNesting)
                m_parser.tooDeep(offset);
            ++m_parser.m_depth;
        }
        ~Level() { --m_parser.m_depth; }
        Level(const Level&) = delete;
        Level& operator=(const Level&) = delete;

    private:
        Parser& m_parser;
    };

    // A whole expression nested in another one (in parentheses, a call, CASE, an IN list): one level deeper.
    NodePtr nested(std::size_t offset)
    {
        const Level level(*this, offset);
        return expression(kOr);
    }

    // The infix operator at the current token, if any.
    Infix infix() const
    {
        const Token& t = peek();
        switch (t.kind) {
        case TokenKind::Concat: return {kConcat, NodeKind::Concat, 0};
        case TokenKind::Plus: return {kAdditive, NodeKind::Arithmetic, static_cast<std::uint8_t>(ArithmeticOp::Add)};
        case TokenKind::Minus:
            return {kAdditive, NodeKind::Arithmetic, static_cast<std::uint8_t>(ArithmeticOp::Subtract)};
        case TokenKind::Star:
            return {kMultiplicative, NodeKind::Arithmetic, static_cast<std::uint8_t>(ArithmeticOp::Multiply)};
        case TokenKind::Slash:
            return {kMultiplicative, NodeKind::Arithmetic, static_cast<std::uint8_t>(ArithmeticOp::Divide)};
        case TokenKind::Percent:
            return {kMultiplicative, NodeKind::Arithmetic, static_cast<std::uint8_t>(ArithmeticOp::Modulo)};
        case TokenKind::Identifier:
            if (atWord("OR"))
                return {kOr, NodeKind::Or, 0};
            if (atWord("AND"))
                return {kAnd, NodeKind::And, 0};
            if (atWord("IN") || atWord("BETWEEN") || atWord("LIKE") || atWord("ILIKE") || atWord("IS") ||
                (atWord("NOT") && (atWord("IN", 1) || atWord("BETWEEN", 1) || atWord("LIKE", 1) || atWord("ILIKE", 1))))
                return {kPredicate, NodeKind::Compare, 0};
            break;
        default:
            if (compareOp(t.kind))
                return {kPredicate, NodeKind::Compare, 0};
        }
        return {kNone, NodeKind::Literal, 0};
    }

    // Operands joined by operators that bind at least as tightly as `minimum`: precedence climbing with the
    // chains still open kept in a vector rather than on the call stack, so `a OR b AND c || d + e * f` costs
    // no more stack than `a`. The parser recurses only where the tree nests (parentheses, calls, CASE, IN
    // lists, NOT, unary minus: counted levels) and for the operands of a predicate (one per level).
    //
    // Chains of one precedence level become one node with a child per operand, so a generated chain of
    // 100,000 terms is as shallow, for the parser and every later walk, as one of two.
    NodePtr expression(int minimum)
    {
        struct Open {
            NodePtr chain;
            int precedence;
            int minimum; // of the operand the chain is part of
        };
        std::vector<Open> open;
        // Comparisons do not chain: after one, only looser operators may follow; after a NOT, whose operand
        // took all it could, only AND and OR.
        int maximum = kMultiplicative;
        NodePtr left = prefix(minimum, maximum);
        while (true) {
            const Infix next = infix();
            if (next.precedence >= minimum && next.precedence <= maximum) {
                if (next.precedence == kPredicate) {
                    left = predicate(std::move(left));
                    maximum = kPredicate - 1;
                    continue;
                }
                auto chain = std::make_unique<Node>(next.kind, peek().offset);
                chain->children.push_back(std::move(left));
                chain->links.push_back({next.op, advance().offset});
                open.push_back({std::move(chain), next.precedence, minimum});
                minimum = next.precedence + 1;
                left = prefix(minimum, maximum);
                continue;
            }
            // `left` is a complete operand of the innermost open chain (or the whole result).
            if (open.empty())
                return left;
            Open& top = open.back();
            top.chain->children.push_back(std::move(left));
            if (next.precedence == top.precedence) {
                top.chain->links.push_back({next.op, advance().offset});
                left = prefix(minimum, maximum);
                continue;
            }
            // Every operator of its level taken: the chain is an operand of the one below. Messages about the
            // whole chain point at its last operator, as they did when chains were nested binary operators.
            top.chain->offset = top.chain->links.back().offset;
            left = std::move(top.chain);
            minimum = top.minimum;
            maximum = top.precedence - 1;
            open.pop_back();
        }
    }

    // NOT binds more loosely than comparisons (NOT a = b is NOT (a = b)), so it may start an operand only
    // where one of its precedence may stand: `a = NOT b` is an error, as in SQL. Sets `maximum`, the
    // tightest operator that may follow the operand.
    NodePtr prefix(int minimum, int& maximum)
    {
        if (minimum > kNot || !atWord("NOT")) {
            maximum = kMultiplicative;
            return unary();
        }
        maximum = kNot - 1;
        const Level level(*this, peek().offset);
        auto n = std::make_unique<Node>(NodeKind::Not, advance().offset);
        n->children.push_back(expression(kNot));
        return n;
    }

    NodePtr unary()
    {
        while (peek().kind == TokenKind::Plus) // unary plus changes nothing: skipped, not nested
            advance();
        if (peek().kind != TokenKind::Minus)
            return primary();
        const Level level(*this, peek().offset);
        auto n = std::make_unique<Node>(NodeKind::Negate, advance().offset);
        n->children.push_back(unary());
        return n;
    }

    // `left` op right, `left` [NOT] IN (...), [NOT] BETWEEN, [NOT] LIKE/ILIKE, IS [NOT] NULL.
    NodePtr predicate(NodePtr left)
    {
        std::unique_ptr<Node> n;
        if (const auto op = compareOp(peek().kind)) {
            n = std::make_unique<Node>(NodeKind::Compare, advance().offset);
            n->op = static_cast<std::uint8_t>(*op);
        } else if (atWord("IS")) {
            return isNull(std::move(left));
        } else {
            const bool negated = atWord("NOT");
            if (negated)
                advance();
            if (atWord("IN"))
                return inList(std::move(left), negated);
            n = std::make_unique<Node>(atWord("BETWEEN") ? NodeKind::Between : NodeKind::Like, peek().offset);
            n->caseInsensitive = atWord("ILIKE");
            n->negated = negated;
            advance();
        }
        n->children.push_back(std::move(left));
        n->children.push_back(expression(kConcat));
        if (n->kind == NodeKind::Between) {
            if (!atWord("AND"))
                fail(peek().offset, "BETWEEN needs AND", "for example x BETWEEN 1 AND 10");
            advance();
            n->children.push_back(expression(kConcat));
        }
        return n;
    }

    NodePtr inList(NodePtr left, bool negated)
    {
        auto n = std::make_unique<Node>(NodeKind::In, advance().offset);
        n->negated = negated;
        if (peek().kind != TokenKind::LeftParen)
            fail(peek().offset, "IN needs a list in parentheses", "for example x IN ('a', 'b')");
        const Token& open = advance();
        n->children.push_back(std::move(left));
        if (peek().kind == TokenKind::RightParen)
            fail(peek().offset, "empty IN list", "give at least one value");
        n->children.push_back(nested(open.offset));
        while (peek().kind == TokenKind::Comma) {
            advance();
            n->children.push_back(nested(open.offset));
        }
        expect(TokenKind::RightParen, "\")\"", open);
        return n;
    }

    [[gnu::noinline]] NodePtr isNull(NodePtr left)
    {
        auto n = std::make_unique<Node>(NodeKind::IsNull, advance().offset);
        if (atWord("NOT")) {
            advance();
            n->negated = true;
        }
        if (!atWord("NULL"))
            fail(peek().offset, "IS must be followed by NULL or NOT NULL", "compare values with = instead");
        advance();
        n->children.push_back(std::move(left));
        return n;
    }

    NodePtr primary()
    {
        const Token& t = peek();
        if (t.kind == TokenKind::LeftParen) {
            advance();
            NodePtr inner = nested(t.offset);
            expect(TokenKind::RightParen, "\")\"", t);
            return inner;
        }
        if (t.kind == TokenKind::Identifier) {
            if (sameWord(t.text, "CASE"))
                return caseExpr(advance());
            // DATE is a function name here, not the keyword: the keyword takes a text literal.
            if (peek(1).kind == TokenKind::LeftParen && !isReserved(t))
                return call();
        }
        return leaf();
    }

    // Everything that does not nest: numbers, text, date literals, true/false/null, fields, $variables.
    [[gnu::noinline]] NodePtr leaf()
    {
        const Token& t = advance();
        switch (t.kind) {
        case TokenKind::Number: return number(t);
        case TokenKind::String: return literal(Value::fromString(t.text), t.offset);
        case TokenKind::QuotedIdentifier: return named(NodeKind::Field, t);
        case TokenKind::Variable: return named(NodeKind::Variable, t);
        case TokenKind::Identifier: break;
        case TokenKind::End: fail(t.offset, "incomplete expression", "a value is missing at the end");
        default: unexpected(t, "expected a value");
        }
        if (sameWord(t.text, "TRUE"))
            return literal(Value::boolean(true), t.offset);
        if (sameWord(t.text, "FALSE"))
            return literal(Value::boolean(false), t.offset);
        if (sameWord(t.text, "NULL"))
            return literal(Value::null(), t.offset);
        if (sameWord(t.text, "DATE") && peek().kind == TokenKind::String) {
            const Token& s = advance();
            const auto days = parseDate(s.text);
            if (!days)
                throwAt(m_text, s.offset, "invalid date " + describe(s), "write dates as 'YYYY-MM-DD'");
            return literal(Value::date(*days), t.offset);
        }
        if (isReserved(t))
            unexpected(t, "expected a value");
        return named(NodeKind::Field, t);
    }

    NodePtr named(NodeKind kind, const Token& t)
    {
        auto n = std::make_unique<Node>(kind, t.offset);
        n->name = t.text;
        return n;
    }

    NodePtr literal(Value v, std::size_t offset)
    {
        auto n = std::make_unique<Node>(NodeKind::Literal, offset);
        n->literal = std::move(v);
        return n;
    }

    NodePtr number(const Token& t)
    {
        const char* first = t.text.data();
        const char* last = first + t.text.size();
        if (t.text.find_first_of(".eE") == std::string::npos) {
            std::int64_t i = 0;
            const auto r = std::from_chars(first, last, i);
            if (r.ec == std::errc() && r.ptr == last)
                return literal(Value::fromInteger(i), t.offset);
        }
        double d = 0;
        // The lexer checked the syntax; what can still fail is the range (1e999).
        if (std::from_chars(first, last, d).ec != std::errc())
            throwAt(m_text, t.offset, "number " + describe(t) + " is too large");
        return literal(Value::fromReal(d), t.offset);
    }

    NodePtr call()
    {
        const Token& name = advance();
        const Token& open = advance();
        auto n = std::make_unique<Node>(NodeKind::Call, name.offset);
        n->name = name.text;
        if (peek().kind != TokenKind::RightParen) {
            n->children.push_back(nested(name.offset));
            while (peek().kind == TokenKind::Comma) {
                advance();
                n->children.push_back(nested(name.offset));
            }
        }
        expect(TokenKind::RightParen, "\")\"", open);
        return n;
    }

    NodePtr caseExpr(const Token& caseToken)
    {
        auto n = std::make_unique<Node>(NodeKind::Case, caseToken.offset);
        if (!atWord("WHEN"))
            fail(peek().offset, "CASE needs WHEN", "CASE WHEN condition THEN value ... ELSE value END");
        while (atWord("WHEN")) {
            advance();
            n->children.push_back(nested(caseToken.offset));
            if (!atWord("THEN"))
                fail(peek().offset, "missing THEN after WHEN condition");
            advance();
            n->children.push_back(nested(caseToken.offset));
        }
        if (atWord("ELSE")) {
            advance();
            n->children.push_back(nested(caseToken.offset));
            n->hasElse = true;
        }
        if (!atWord("END"))
            missingEnd(caseToken);
        advance();
        return n;
    }

    [[noreturn, gnu::noinline]] void missingEnd(const Token& caseToken) const
    {
        throwAt(m_text, peek().offset, "missing END",
                "to close CASE at column " + std::to_string(column(caseToken.offset)));
    }

    std::string_view m_text;
    std::vector<Token> m_tokens;
    std::size_t m_pos = 0;
    int m_depth = 0;
};

} // namespace

NodePtr parseExpression(std::string_view text)
{
    if (text.size() > kMaxExpressionBytes)
        throw Error(ErrorCode::Query, "expression too long: " + std::to_string(text.size()) +
                                          " bytes, more than the limit of " +
                                          std::to_string(kMaxExpressionBytes >> 20) + " MiB");
    return Parser(text).parse();
}

} // namespace gis::detail
