#include "exprlexer.h"

#include "exprnode.h"
#include "exprtext.h"

namespace gis::detail {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// Bare names may hold any non-ASCII character, so Arabic field names need no quotes.
bool isNameStart(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

bool isNameChar(char c)
{
    return isNameStart(c) || isDigit(c);
}

class Lexer {
public:
    explicit Lexer(std::string_view text) : m_text(text) {}

    std::vector<Token> run()
    {
        std::vector<Token> tokens;
        while (true) {
            skipSpace();
            Token t = next();
            const bool end = t.kind == TokenKind::End;
            tokens.push_back(std::move(t));
            if (end)
                return tokens;
        }
    }

private:
    void skipSpace()
    {
        while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' || m_text[m_pos] == '\n' ||
                                         m_text[m_pos] == '\r'))
            ++m_pos;
    }

    Token make(TokenKind kind, std::size_t start, std::string text = {})
    {
        return {kind, std::move(text), start, m_text.substr(start, m_pos - start)};
    }

    Token next()
    {
        const std::size_t start = m_pos;
        if (m_pos >= m_text.size())
            return make(TokenKind::End, start);
        const char c = m_text[m_pos];
        const char n = m_pos + 1 < m_text.size() ? m_text[m_pos + 1] : '\0';
        if (isDigit(c) || (c == '.' && isDigit(n)))
            return number();
        if (c == '\'')
            return quoted('\'', TokenKind::String, "unterminated text (a ' is missing) starting");
        if (c == '"') {
            Token t = quoted('"', TokenKind::QuotedIdentifier, "unterminated field name (a \" is missing) starting");
            if (t.text.empty())
                throwAt(m_text, start, "empty field name \"\"");
            return t;
        }
        if (c == '$') {
            ++m_pos;
            while (m_pos < m_text.size() && isNameChar(m_text[m_pos]))
                ++m_pos;
            if (m_pos == start + 1)
                throwAt(m_text, start, "\"$\" must start a variable such as $area");
            return make(TokenKind::Variable, start, std::string(m_text.substr(start + 1, m_pos - start - 1)));
        }
        if (isNameStart(c)) {
            while (m_pos < m_text.size() && isNameChar(m_text[m_pos]))
                ++m_pos;
            return make(TokenKind::Identifier, start, std::string(m_text.substr(start, m_pos - start)));
        }
        auto op = [&](TokenKind kind, std::size_t length) {
            m_pos += length;
            return make(kind, start);
        };
        switch (c) {
        case '(': return op(TokenKind::LeftParen, 1);
        case ')': return op(TokenKind::RightParen, 1);
        case ',': return op(TokenKind::Comma, 1);
        case '=': return op(TokenKind::Equal, 1);
        case '+': return op(TokenKind::Plus, 1);
        case '-': return op(TokenKind::Minus, 1);
        case '*': return op(TokenKind::Star, 1);
        case '/': return op(TokenKind::Slash, 1);
        case '%': return op(TokenKind::Percent, 1);
        case '<':
            if (n == '=')
                return op(TokenKind::LessEqual, 2);
            if (n == '>')
                return op(TokenKind::NotEqual, 2);
            return op(TokenKind::Less, 1);
        case '>': return n == '=' ? op(TokenKind::GreaterEqual, 2) : op(TokenKind::Greater, 1);
        case '!':
            if (n == '=')
                return op(TokenKind::NotEqual, 2);
            break;
        case '|':
            if (n == '|')
                return op(TokenKind::Concat, 2);
            throwAt(m_text, start, "unexpected \"|\"", "use || to join text, OR for either condition");
        default: break;
        }
        std::size_t end = start;
        decodeUtf8(m_text, end);
        throwAt(m_text, start, "unexpected character " + quoteName(m_text.substr(start, end - start)));
    }

    Token number()
    {
        const std::size_t start = m_pos;
        while (m_pos < m_text.size() && isDigit(m_text[m_pos]))
            ++m_pos;
        if (m_pos < m_text.size() && m_text[m_pos] == '.') {
            ++m_pos;
            while (m_pos < m_text.size() && isDigit(m_text[m_pos]))
                ++m_pos;
        }
        bool bad = false;
        if (m_pos < m_text.size() && (m_text[m_pos] == 'e' || m_text[m_pos] == 'E')) {
            ++m_pos;
            if (m_pos < m_text.size() && (m_text[m_pos] == '+' || m_text[m_pos] == '-'))
                ++m_pos;
            bad = m_pos >= m_text.size() || !isDigit(m_text[m_pos]);
            while (m_pos < m_text.size() && isDigit(m_text[m_pos]))
                ++m_pos;
        }
        // "12abc" or "1.2.3" is a typo, not a number followed by a name.
        while (m_pos < m_text.size() && (isNameChar(m_text[m_pos]) || m_text[m_pos] == '.')) {
            bad = true;
            ++m_pos;
        }
        if (bad)
            throwAt(m_text, start, "malformed number " + quoteName(m_text.substr(start, m_pos - start)));
        return make(TokenKind::Number, start, std::string(m_text.substr(start, m_pos - start)));
    }

    // 'it''s' and "a"";b": a doubled quote stands for one; anything else, backslashes included, is content.
    Token quoted(char quote, TokenKind kind, const char* unterminated)
    {
        const std::size_t start = m_pos++;
        std::string value;
        while (true) {
            if (m_pos >= m_text.size())
                throwAt(m_text, start, unterminated);
            const char c = m_text[m_pos++];
            if (c == quote) {
                if (m_pos < m_text.size() && m_text[m_pos] == quote) {
                    value += quote;
                    ++m_pos;
                    continue;
                }
                return make(kind, start, std::move(value));
            }
            value += c;
        }
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
};

} // namespace

std::vector<Token> tokenize(std::string_view text)
{
    if (!isValidUtf8(text)) {
        std::size_t bad = 0;
        for (std::size_t i = 0; i < text.size();) {
            bad = i;
            std::size_t next = i;
            decodeUtf8(text, next);
            if (!isValidUtf8(text.substr(i, next - i)))
                break;
            i = next;
        }
        throwAt(text, bad, "the expression is not valid UTF-8");
    }
    return Lexer(text).run();
}

std::string describe(const Token& token)
{
    if (token.kind == TokenKind::End)
        return "end of expression";
    std::string_view raw = token.raw;
    constexpr std::size_t kMax = 24;
    if (codePointCount(raw) > kMax)
        return quoteName(std::string(raw.substr(0, byteOffsetOfCodePoint(raw, kMax))) + "…");
    return quoteName(raw);
}

} // namespace gis::detail
