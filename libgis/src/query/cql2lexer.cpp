#include "cql2lexer.h"

#include <algorithm>

#include "exprtext.h"
#include "gis/core/error.h"

namespace gis::detail {

void throwCql2(std::string_view text, std::size_t offset, const std::string& message, const std::string& hint)
{
    const std::size_t column = codePointCount(text.substr(0, std::min(offset, text.size()))) + 1;
    std::string full = "CQL2: " + message + " at column " + std::to_string(column);
    if (!hint.empty())
        full += " \u2014 " + hint;
    throw Error(ErrorCode::Query, full);
}

namespace {

bool isAsciiLetter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// CQL2's identifierStart includes the letters of every script; any byte of a multi-byte UTF-8 sequence is
// taken as part of one, which keeps Arabic names whole without a Unicode table.
bool startsIdentifier(char c)
{
    return isAsciiLetter(c) || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

bool continuesIdentifier(char c)
{
    return startsIdentifier(c) || isDigit(c) || c == '.' || c == ':';
}

class Lexer {
public:
    explicit Lexer(std::string_view text) : m_text(text) {}

    std::vector<Cql2Lexeme> run()
    {
        std::vector<Cql2Lexeme> out;
        while (true) {
            while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' ||
                                             m_text[m_pos] == '\n' || m_text[m_pos] == '\r'))
                ++m_pos;
            if (m_pos == m_text.size()) {
                out.push_back({Cql2Token::End, m_pos, m_pos, {}});
                return out;
            }
            out.push_back(next());
        }
    }

private:
    Cql2Lexeme make(Cql2Token kind, std::size_t start, std::string text = {})
    {
        return {kind, start, m_pos, std::move(text)};
    }

    Cql2Lexeme next()
    {
        const std::size_t start = m_pos;
        const char c = m_text[m_pos];
        const char following = m_pos + 1 < m_text.size() ? m_text[m_pos + 1] : '\0';
        if (startsIdentifier(c)) {
            while (m_pos < m_text.size() && continuesIdentifier(m_text[m_pos]))
                ++m_pos;
            return make(Cql2Token::Identifier, start, std::string(m_text.substr(start, m_pos - start)));
        }
        if (isDigit(c) || (c == '.' && isDigit(following)))
            return number(start);
        if (c == '\'' || c == '"')
            return quoted(start, c);
        ++m_pos;
        switch (c) {
        case '(': return make(Cql2Token::LeftParen, start);
        case ')': return make(Cql2Token::RightParen, start);
        case ',': return make(Cql2Token::Comma, start);
        case '+': return make(Cql2Token::Plus, start);
        case '-': return make(Cql2Token::Minus, start);
        case '=': return make(Cql2Token::Equal, start);
        case '<':
            if (following == '>' || following == '=') {
                ++m_pos;
                return make(following == '>' ? Cql2Token::NotEqual : Cql2Token::LessEqual, start);
            }
            return make(Cql2Token::Less, start);
        case '>':
            if (following == '=') {
                ++m_pos;
                return make(Cql2Token::GreaterEqual, start);
            }
            return make(Cql2Token::Greater, start);
        default: break;
        }
        std::size_t end = start;
        decodeUtf8(m_text, end);
        throwCql2(m_text, start, "unexpected character \"" + std::string(m_text.substr(start, end - start)) + "\"",
                  c == '!' ? "write <> for \"not equal\"" : "");
    }

    Cql2Lexeme number(std::size_t start)
    {
        while (m_pos < m_text.size() && isDigit(m_text[m_pos]))
            ++m_pos;
        if (m_pos < m_text.size() && m_text[m_pos] == '.')
            for (++m_pos; m_pos < m_text.size() && isDigit(m_text[m_pos]);)
                ++m_pos;
        if (m_pos < m_text.size() && (m_text[m_pos] == 'e' || m_text[m_pos] == 'E')) {
            std::size_t p = m_pos + 1;
            if (p < m_text.size() && (m_text[p] == '+' || m_text[p] == '-'))
                ++p;
            if (p < m_text.size() && isDigit(m_text[p])) {
                while (p < m_text.size() && isDigit(m_text[p]))
                    ++p;
                m_pos = p;
            }
        }
        if (m_pos < m_text.size() && startsIdentifier(m_text[m_pos]))
            throwCql2(m_text, start, "malformed number", "put a space between a number and a name");
        return make(Cql2Token::Number, start, std::string(m_text.substr(start, m_pos - start)));
    }

    // 'text' with '' or \' for a quote (CQL2's escapeQuote); "name" with "" for a double quote.
    Cql2Lexeme quoted(std::size_t start, char quote)
    {
        std::string value;
        ++m_pos;
        while (true) {
            if (m_pos >= m_text.size())
                throwCql2(m_text, start,
                          quote == '\'' ? "unterminated string (a ' is missing)"
                                        : "unterminated property name (a \" is missing)");
            const char c = m_text[m_pos];
            if (c == quote) {
                if (m_pos + 1 < m_text.size() && m_text[m_pos + 1] == quote) {
                    value += quote;
                    m_pos += 2;
                    continue;
                }
                ++m_pos;
                break;
            }
            if (quote == '\'' && c == '\\' && m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '\'') {
                value += '\'';
                m_pos += 2;
                continue;
            }
            value += c;
            ++m_pos;
        }
        return make(quote == '\'' ? Cql2Token::String : Cql2Token::Quoted, start, std::move(value));
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
};

} // namespace

std::vector<Cql2Lexeme> tokenizeCql2(std::string_view text)
{
    return Lexer(text).run();
}

} // namespace gis::detail
