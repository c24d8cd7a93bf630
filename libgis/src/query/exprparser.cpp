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

class Parser {
public:
    explicit Parser(std::string_view text) : m_text(text), m_tokens(tokenize(text)) {}

    NodePtr parse()
    {
        if (peek().kind == TokenKind::End)
            throwAt(m_text, 0, "empty expression");
        NodePtr root = orExpr();
        if (peek().kind == TokenKind::RightParen)
            throwAt(m_text, peek().offset, "unexpected \")\"", "there is no \"(\" for it to close");
        if (peek().kind != TokenKind::End)
            throwAt(m_text, peek().offset, "unexpected " + describe(peek()),
                    "expected AND, OR, an operator or the end of the expression");
        return root;
    }

private:
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

    // One level deeper for as long as it lives. Every construct that nests opens one, so the parser's recursion,
    // and the height of the tree it builds (at most a handful of nodes per level), stay bounded for any text.
    class Level {
    public:
        Level(Parser& parser, std::size_t offset) : m_parser(parser)
        {
            if (m_parser.m_depth == kMaxNesting)
                throwAt(m_parser.m_text, offset,
                        "expression too deeply nested (more than " + std::to_string(kMaxNesting) + " levels)",
                        "long AND/OR/||/+ chains need no parentheses; a long list of values is x IN (...)");
            ++m_parser.m_depth;
        }
        ~Level() { --m_parser.m_depth; }
        Level(const Level&) = delete;
        Level& operator=(const Level&) = delete;

    private:
        Parser& m_parser;
    };

    // Operands joined by operators of one precedence level become one node with a child per operand, so a
    // generated chain of 100,000 terms is as shallow, for the parser and every later walk, as one of two.
    // `match` returns the operator's code (ArithmeticOp for + - * / %; 0 otherwise) or -1 at the chain's end.
    template <class Match>
    NodePtr chain(NodeKind kind, NodePtr (Parser::*operand)(), Match match)
    {
        NodePtr first = (this->*operand)();
        int op = match();
        if (op < 0)
            return first;
        auto n = std::make_unique<Node>(kind, peek().offset);
        n->children.push_back(std::move(first));
        while (op >= 0) {
            n->links.push_back({static_cast<std::uint8_t>(op), advance().offset});
            n->children.push_back((this->*operand)());
            op = match();
        }
        return n;
    }

    void expect(TokenKind kind, const char* what, const Token& opener)
    {
        if (peek().kind == kind) {
            advance();
            return;
        }
        const std::string found = peek().kind == TokenKind::End ? "" : " instead of " + describe(peek());
        throwAt(m_text, peek().offset, std::string("missing ") + what + found,
                "to close " + describe(opener) + " at column " + std::to_string(column(opener.offset)));
    }

    std::size_t column(std::size_t offset) const { return codePointCount(m_text.substr(0, offset)) + 1; }

    // A whole expression nested in another one (in parentheses, a call, CASE, an IN list): one level deeper.
    NodePtr nested(std::size_t offset)
    {
        const Level level(*this, offset);
        return orExpr();
    }

    NodePtr orExpr()
    {
        return chain(NodeKind::Or, &Parser::andExpr, [this] { return atWord("OR") ? 0 : -1; });
    }

    NodePtr andExpr()
    {
        return chain(NodeKind::And, &Parser::notExpr, [this] { return atWord("AND") ? 0 : -1; });
    }

    NodePtr notExpr()
    {
        if (!atWord("NOT"))
            return predicate();
        const Level level(*this, peek().offset);
        auto n = std::make_unique<Node>(NodeKind::Not, advance().offset);
        n->children.push_back(notExpr());
        return n;
    }

    NodePtr predicate()
    {
        NodePtr left = concat();
        if (const auto op = compareOp(peek().kind)) {
            auto n = std::make_unique<Node>(NodeKind::Compare, advance().offset);
            n->op = static_cast<std::uint8_t>(*op);
            n->children.push_back(std::move(left));
            n->children.push_back(concat());
            return n;
        }
        bool negated = false;
        if (atWord("NOT") && (atWord("IN", 1) || atWord("BETWEEN", 1) || atWord("LIKE", 1) || atWord("ILIKE", 1))) {
            advance();
            negated = true;
        }
        NodePtr n;
        if (atWord("IN")) {
            n = std::make_unique<Node>(NodeKind::In, advance().offset);
            if (peek().kind != TokenKind::LeftParen)
                throwAt(m_text, peek().offset, "IN needs a list in parentheses", "for example x IN ('a', 'b')");
            const Token& open = advance();
            n->children.push_back(std::move(left));
            if (peek().kind == TokenKind::RightParen)
                throwAt(m_text, peek().offset, "empty IN list", "give at least one value");
            n->children.push_back(nested(open.offset));
            while (peek().kind == TokenKind::Comma) {
                advance();
                n->children.push_back(nested(open.offset));
            }
            expect(TokenKind::RightParen, "\")\"", open);
        } else if (atWord("BETWEEN")) {
            const Token& between = advance();
            n = std::make_unique<Node>(NodeKind::Between, between.offset);
            n->children.push_back(std::move(left));
            n->children.push_back(concat());
            if (!atWord("AND"))
                throwAt(m_text, peek().offset, "BETWEEN needs AND", "for example x BETWEEN 1 AND 10");
            advance();
            n->children.push_back(concat());
        } else if (atWord("LIKE") || atWord("ILIKE")) {
            const bool insensitive = atWord("ILIKE");
            n = std::make_unique<Node>(NodeKind::Like, advance().offset);
            n->caseInsensitive = insensitive;
            n->children.push_back(std::move(left));
            n->children.push_back(concat());
        } else if (atWord("IS")) {
            n = std::make_unique<Node>(NodeKind::IsNull, advance().offset);
            if (atWord("NOT")) {
                advance();
                n->negated = true;
            }
            if (!atWord("NULL"))
                throwAt(m_text, peek().offset, "IS must be followed by NULL or NOT NULL",
                        "compare values with = instead");
            advance();
            n->children.push_back(std::move(left));
            return n;
        } else {
            return left;
        }
        n->negated = negated;
        return n;
    }

    NodePtr concat()
    {
        return chain(NodeKind::Concat, &Parser::additive,
                     [this] { return peek().kind == TokenKind::Concat ? 0 : -1; });
    }

    NodePtr additive()
    {
        return chain(NodeKind::Arithmetic, &Parser::multiplicative, [this] {
            switch (peek().kind) {
            case TokenKind::Plus: return static_cast<int>(ArithmeticOp::Add);
            case TokenKind::Minus: return static_cast<int>(ArithmeticOp::Subtract);
            default: return -1;
            }
        });
    }

    NodePtr multiplicative()
    {
        return chain(NodeKind::Arithmetic, &Parser::unary, [this] {
            switch (peek().kind) {
            case TokenKind::Star: return static_cast<int>(ArithmeticOp::Multiply);
            case TokenKind::Slash: return static_cast<int>(ArithmeticOp::Divide);
            case TokenKind::Percent: return static_cast<int>(ArithmeticOp::Modulo);
            default: return -1;
            }
        });
    }

    NodePtr unary()
    {
        while (peek().kind == TokenKind::Plus) // unary plus changes nothing: skipped, not nested
            advance();
        if (peek().kind == TokenKind::Minus) {
            const Level level(*this, peek().offset);
            auto n = std::make_unique<Node>(NodeKind::Negate, advance().offset);
            n->children.push_back(unary());
            return n;
        }
        return primary();
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

    NodePtr primary()
    {
        const Token& t = peek();
        switch (t.kind) {
        case TokenKind::Number: return number(advance());
        case TokenKind::String: advance(); return literal(Value::fromString(t.text), t.offset);
        case TokenKind::QuotedIdentifier: {
            advance();
            auto n = std::make_unique<Node>(NodeKind::Field, t.offset);
            n->name = t.text;
            return n;
        }
        case TokenKind::Variable: {
            advance();
            auto n = std::make_unique<Node>(NodeKind::Variable, t.offset);
            n->name = t.text;
            return n;
        }
        case TokenKind::LeftParen: {
            advance();
            NodePtr inner = nested(t.offset);
            expect(TokenKind::RightParen, "\")\"", t);
            return inner;
        }
        case TokenKind::Identifier: return word();
        case TokenKind::End:
            throwAt(m_text, t.offset, "incomplete expression", "a value is missing at the end");
        default: throwAt(m_text, t.offset, "unexpected " + describe(t), "expected a value");
        }
    }

    NodePtr word()
    {
        const Token& t = advance();
        if (sameWord(t.text, "TRUE"))
            return literal(Value::boolean(true), t.offset);
        if (sameWord(t.text, "FALSE"))
            return literal(Value::boolean(false), t.offset);
        if (sameWord(t.text, "NULL"))
            return literal(Value::null(), t.offset);
        if (sameWord(t.text, "CASE"))
            return caseExpr(t);
        if (sameWord(t.text, "DATE") && peek().kind == TokenKind::String) {
            const Token& s = advance();
            const auto days = parseDate(s.text);
            if (!days)
                throwAt(m_text, s.offset, "invalid date " + describe(s), "write dates as 'YYYY-MM-DD'");
            return literal(Value::date(*days), t.offset);
        }
        if (isReserved(t))
            throwAt(m_text, t.offset, "unexpected " + describe(t), "expected a value");
        if (peek().kind == TokenKind::LeftParen) {
            const Token& open = advance();
            auto n = std::make_unique<Node>(NodeKind::Call, t.offset);
            n->name = t.text;
            if (peek().kind != TokenKind::RightParen) {
                n->children.push_back(nested(t.offset));
                while (peek().kind == TokenKind::Comma) {
                    advance();
                    n->children.push_back(nested(t.offset));
                }
            }
            expect(TokenKind::RightParen, "\")\"", open);
            return n;
        }
        auto n = std::make_unique<Node>(NodeKind::Field, t.offset);
        n->name = t.text;
        return n;
    }

    NodePtr caseExpr(const Token& caseToken)
    {
        auto n = std::make_unique<Node>(NodeKind::Case, caseToken.offset);
        if (!atWord("WHEN"))
            throwAt(m_text, peek().offset, "CASE needs WHEN", "CASE WHEN condition THEN value ... ELSE value END");
        while (atWord("WHEN")) {
            advance();
            n->children.push_back(nested(caseToken.offset));
            if (!atWord("THEN"))
                throwAt(m_text, peek().offset, "missing THEN after WHEN condition");
            advance();
            n->children.push_back(nested(caseToken.offset));
        }
        if (atWord("ELSE")) {
            advance();
            n->children.push_back(nested(caseToken.offset));
            n->hasElse = true;
        }
        if (!atWord("END"))
            throwAt(m_text, peek().offset, "missing END", "to close CASE at column " + std::to_string(column(caseToken.offset)));
        advance();
        return n;
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
