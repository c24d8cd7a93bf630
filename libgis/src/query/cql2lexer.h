#pragma once

// Tokens of CQL2 text (OGC 21-065 "cql2-text"). Private to the query module.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gis::detail {

enum class Cql2Token : std::uint8_t {
    End,
    Identifier, // bare: letters (any non-ASCII character counts as one, so Arabic), digits, _ . :
    Quoted,     // "double-quoted identifier"; text is the name with "" undone
    String,     // 'text'; text is the value with '' and \' undone
    Number,     // unsigned: 12, 3.5, .5, 1e6 (a sign is its own token)
    LeftParen,
    RightParen,
    Comma,
    Plus,
    Minus,
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
};

struct Cql2Lexeme {
    Cql2Token kind = Cql2Token::End;
    std::size_t offset = 0; // byte offset in the text
    std::size_t end = 0;    // byte offset just past the token
    std::string text;
};

/// Splits `text` into tokens ending with one End token. Throws Error(Query) "CQL2: ... at column N" for an
/// unterminated string or quoted name and for a character that starts no token.
std::vector<Cql2Lexeme> tokenizeCql2(std::string_view text);

/// An Error(ErrorCode::Query) "CQL2: <message> at column N[ — hint]" (N: 1-based character position).
[[noreturn]] void throwCql2(std::string_view text, std::size_t offset, const std::string& message,
                            const std::string& hint = {});

} // namespace gis::detail
