#pragma once

// The token cursor the CQL2 parsers share (cql2parser.cpp for conditions, cql2spatial.cpp for spatial functions):
// look-ahead, messages with columns, the nesting count and literal nodes. Private to the query module.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "cql2lexer.h"
#include "exprnode.h"

namespace gis {
class AttributeColumn;
class Layer;
}

namespace gis::detail {

class Cql2Cursor {
public:
    explicit Cql2Cursor(std::string_view text) : m_text(text), m_tokens(tokenizeCql2(text)) {}

    std::string_view text() const { return m_text; }
    const Cql2Lexeme& peek(std::size_t ahead = 0) const
    {
        const std::size_t i = m_pos + ahead;
        return i < m_tokens.size() ? m_tokens[i] : m_tokens.back();
    }
    /// The current token, moving past it (the End token stays current). References stay valid: the tokens
    /// are never modified once read.
    const Cql2Lexeme& advance()
    {
        const Cql2Lexeme& t = m_tokens[m_pos];
        if (m_pos + 1 < m_tokens.size())
            ++m_pos;
        return t;
    }
    bool atWord(std::string_view word, std::size_t ahead = 0) const;
    /// A name followed by "(".
    bool atCall(std::size_t ahead = 0) const
    {
        return peek(ahead).kind == Cql2Token::Identifier && peek(ahead + 1).kind == Cql2Token::LeftParen;
    }

    [[noreturn, gnu::noinline]] void fail(std::size_t offset, const std::string& message,
                                          const std::string& hint = {}) const;
    /// The token as the text has it, quoted, for messages ("the end of the filter" for End).
    [[gnu::noinline]] std::string describe(const Cql2Lexeme& t) const;
    /// Moves past a token of `kind` or fails ("expected <what> instead of ... — to close <opener> at column N").
    void expect(Cql2Token kind, const char* what, const Cql2Lexeme& opener);
    std::size_t column(std::size_t offset) const;

    /// One nesting level (parentheses, NOT, a function's arguments, an IN list) for as long as it lives: bounds
    /// the recursion of the parsers and of every later walk of the tree, as in the expression parser.
    class Level {
    public:
        Level(Cql2Cursor& c, std::size_t offset);
        ~Level() { --m_c.m_depth; }
        Level(const Level&) = delete;
        Level& operator=(const Level&) = delete;

    private:
        Cql2Cursor& m_c;
    };

    [[gnu::noinline]] static NodePtr literal(Value v, std::size_t offset);
    /// The number token `t` (with the sign before it) as an Integer literal when it is whole and fits, a Real
    /// one otherwise; fails for one out of range (1e999).
    [[gnu::noinline]] NodePtr number(const Cql2Lexeme& t, bool negative, std::size_t offset) const;

private:
    std::string_view m_text;
    std::vector<Cql2Lexeme> m_tokens;
    std::size_t m_pos = 0;
    int m_depth = 0;
};

/// The layer's field named `name`: exactly, or else ignoring case; null when there is none.
const AttributeColumn* findCql2Property(const Layer& layer, std::string_view name);
/// Whether `name` names the layer's geometry: "geometry", "geom", "the_geom", "wkb_geometry" or "shape"
/// (ignoring case), unless a field has that name.
bool isCql2GeometryName(const Layer& layer, std::string_view name);

} // namespace gis::detail
