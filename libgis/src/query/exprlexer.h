#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace gis::detail {

enum class TokenKind {
    End,
    Number,           // text: as written
    String,           // text: the value, '' already undone
    Identifier,       // bare word: a field, a function or a keyword (the parser decides)
    QuotedIdentifier, // "..." with "" undone: always a field
    Variable,         // $area: text without the $
    LeftParen,
    RightParen,
    Comma,
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Concat,
};

struct Token {
    TokenKind kind = TokenKind::End;
    std::string text;
    std::size_t offset = 0;    // byte offset of the first character
    std::string_view raw;      // the token as written, for messages
};

/// Splits an expression into tokens (the last one End). Throws Error(Query) for an unterminated string or
/// quoted name, a malformed number, a character that starts no token, or text that is not UTF-8.
std::vector<Token> tokenize(std::string_view text);

/// A token as a message shows it: "(" or "'abc'" or "end of expression", shortened when long.
std::string describe(const Token& token);

} // namespace gis::detail
