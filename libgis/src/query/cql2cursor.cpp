#include "cql2cursor.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "exprtext.h"
#include "gis/data/layer.h"

namespace gis::detail {

bool Cql2Cursor::atWord(std::string_view word, std::size_t ahead) const
{
    const Cql2Lexeme& t = peek(ahead);
    return t.kind == Cql2Token::Identifier && equalsIgnoreCase(t.text, word);
}

void Cql2Cursor::fail(std::size_t offset, const std::string& message, const std::string& hint) const
{
    throwCql2(m_text, offset, message, hint);
}

std::string Cql2Cursor::describe(const Cql2Lexeme& t) const
{
    if (t.kind == Cql2Token::End)
        return "the end of the filter";
    std::string_view s = m_text.substr(t.offset, t.end - t.offset);
    if (s.size() > 40)
        s = s.substr(0, byteOffsetOfCodePoint(s, 30));
    return "\"" + std::string(s) + "\"";
}

void Cql2Cursor::expect(Cql2Token kind, const char* what, const Cql2Lexeme& opener)
{
    if (peek().kind == kind) {
        advance();
        return;
    }
    fail(peek().offset, std::string("expected ") + what + " instead of " + describe(peek()),
         "to close " + describe(opener) + " at column " + std::to_string(column(opener.offset)));
}

std::size_t Cql2Cursor::column(std::size_t offset) const
{
    return codePointCount(m_text.substr(0, offset)) + 1;
}

Cql2Cursor::Level::Level(Cql2Cursor& c, std::size_t offset) : m_c(c)
{
    if (m_c.m_depth == kMaxNesting)
        m_c.fail(offset, "filter too deeply nested (more than " + std::to_string(kMaxNesting) + " levels)",
                 "long AND/OR chains need no parentheses; a long list of values is x IN (...)");
    ++m_c.m_depth;
}

NodePtr Cql2Cursor::literal(Value v, std::size_t offset)
{
    auto n = std::make_unique<Node>(NodeKind::Literal, offset);
    n->literal = std::move(v);
    return n;
}

NodePtr Cql2Cursor::number(const Cql2Lexeme& t, bool negative, std::size_t offset) const
{
    const std::string text = (negative ? "-" : "") + t.text;
    if (text.find_first_of(".eE") == std::string::npos) {
        std::int64_t v = 0;
        const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
        if (r.ec == std::errc() && r.ptr == text.data() + text.size())
            return literal(Value::fromInteger(v), offset);
    }
    const double d = std::strtod(text.c_str(), nullptr);
    if (!std::isfinite(d))
        fail(offset, "number out of range: " + text);
    return literal(Value::fromReal(d), offset);
}

const AttributeColumn* findCql2Property(const Layer& layer, std::string_view name)
{
    const AttributeColumn* folded = nullptr;
    for (const AttributeColumn& c : layer.attributes().columns()) {
        if (c.name() == name)
            return &c;
        if (!folded && equalsIgnoreCase(c.name(), name))
            folded = &c;
    }
    return folded;
}

bool isCql2GeometryName(const Layer& layer, std::string_view name)
{
    // The queryables call it "geometry"; the others are the usual geometry column names.
    static constexpr std::array<std::string_view, 5> kNames{"geometry", "geom", "the_geom", "wkb_geometry", "shape"};
    if (findCql2Property(layer, name))
        return false;
    for (std::string_view n : kNames)
        if (equalsIgnoreCase(n, name))
            return true;
    return false;
}

} // namespace gis::detail
