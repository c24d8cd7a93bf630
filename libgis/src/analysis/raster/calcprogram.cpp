#include "calcprogram.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>

#include "gis/core/error.h"
#include "gis/query/suggest.h"

namespace gis::analysis::detail {

namespace {

struct Function {
    const char* name;
    CalcOp op;
    int arity;
};

constexpr Function kFunctions[] = {
    {"abs", CalcOp::Abs, 1}, {"sqrt", CalcOp::Sqrt, 1}, {"ln", CalcOp::Ln, 1}, {"log10", CalcOp::Log10, 1},
    {"exp", CalcOp::Exp, 1}, {"sin", CalcOp::Sin, 1}, {"cos", CalcOp::Cos, 1}, {"tan", CalcOp::Tan, 1},
    {"min", CalcOp::Min, 2}, {"max", CalcOp::Max, 2}, {"if", CalcOp::If, 3},
};

enum class Tok : std::uint8_t { End, Number, Band, Name, Op, LParen, RParen, Comma };

struct Token {
    Tok kind = Tok::End;
    std::size_t pos = 0;  ///< byte offset of its first character
    std::string text;     ///< Name: lower-cased; Op: the operator
    double number = 0;
    CalcBand band;
};

bool isLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

/// Recursive descent over the grammar (lowest precedence first):
///   or := and ("or" and)* ; and := not ("and" not)* ; not := "not" not | cmp ;
///   cmp := add (("<" | "<=" | ">" | ">=" | "=" | "!=") add)* ; add := mul (("+" | "-") mul)* ;
///   mul := unary (("*" | "/") unary)* ; unary := ("-" | "+") unary | pow ; pow := primary ("^" unary)? ;
///   primary := number | band | name "(" or ("," or)* ")" | "(" or ")"
/// so ^ binds tighter than unary minus and is right-associative (-2^2 = -4, 2^3^2 = 512), as in numpy.
/// Instructions are emitted as they are recognised: the output is already postfix.
class Parser {
public:
    explicit Parser(std::string_view text) : m_text(text) {}

    CalcProgram parse()
    {
        if (m_text.size() > kMaxCalcExpressionLength)
            throw Error(ErrorCode::Argument, "expression too long: " + std::to_string(m_text.size())
                    + " characters, more than the limit of " + std::to_string(kMaxCalcExpressionLength));
        next();
        if (m_tok.kind == Tok::End)
            fail(m_tok.pos, "the expression is empty");
        parseOr();
        if (m_tok.kind != Tok::End)
            fail(m_tok.pos, "unexpected " + describe(m_tok) + " after a complete expression");
        return std::move(m_program);
    }

private:
    [[noreturn]] void fail(std::size_t pos, const std::string& message) const
    {
        throw Error(ErrorCode::Argument, "at column " + std::to_string(pos + 1) + ": " + message);
    }

    static std::string describe(const Token& t)
    {
        switch (t.kind) {
        case Tok::End: return "end of expression";
        case Tok::Number: return "number";
        case Tok::Band: return "band reference";
        case Tok::Name: return "\"" + t.text + "\"";
        case Tok::Op: return "\"" + t.text + "\"";
        case Tok::LParen: return "\"(\"";
        case Tok::RParen: return "\")\"";
        case Tok::Comma: return "\",\"";
        }
        return "token";
    }

    void next()
    {
        while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' || m_text[m_pos] == '\n'
                                            || m_text[m_pos] == '\r'))
            ++m_pos;
        m_tok = Token{};
        m_tok.pos = m_pos;
        if (m_pos >= m_text.size())
            return;
        const char c = m_text[m_pos];
        if (isDigit(c) || (c == '.' && m_pos + 1 < m_text.size() && isDigit(m_text[m_pos + 1])))
            return lexNumber();
        if (isLetter(c))
            return lexName();
        m_tok.kind = Tok::Op;
        const auto two = m_text.substr(m_pos, 2);
        for (const char* op : {"<=", ">=", "!="})
            if (two == op) {
                m_tok.text = std::string(two); // not "= op": GCC 12 -Wrestrict false positive (PR 105329)
                m_pos += 2;
                return;
            }
        ++m_pos;
        switch (c) {
        case '(': m_tok.kind = Tok::LParen; return;
        case ')': m_tok.kind = Tok::RParen; return;
        case ',': m_tok.kind = Tok::Comma; return;
        case '+': case '-': case '*': case '/': case '^': case '<': case '>': case '=':
            m_tok.text = std::string(1, c);
            return;
        default:
            break;
        }
        const unsigned char u = static_cast<unsigned char>(c);
        fail(m_tok.pos, u >= 0x20 && u < 0x7f ? "unexpected character '" + std::string(1, c) + "'"
                                              : "unexpected byte " + std::to_string(u));
    }

    void lexNumber()
    {
        const std::size_t start = m_pos;
        while (m_pos < m_text.size() && isDigit(m_text[m_pos]))
            ++m_pos;
        if (m_pos < m_text.size() && m_text[m_pos] == '.')
            for (++m_pos; m_pos < m_text.size() && isDigit(m_text[m_pos]);)
                ++m_pos;
        if (m_pos < m_text.size() && (m_text[m_pos] == 'e' || m_text[m_pos] == 'E')) {
            std::size_t e = m_pos + 1;
            if (e < m_text.size() && (m_text[e] == '+' || m_text[e] == '-'))
                ++e;
            if (e >= m_text.size() || !isDigit(m_text[e]))
                fail(m_pos, "an exponent needs digits (1e3, 2.5e-2)");
            for (m_pos = e; m_pos < m_text.size() && isDigit(m_text[m_pos]);)
                ++m_pos;
        }
        if (m_pos < m_text.size() && (isLetter(m_text[m_pos]) || m_text[m_pos] == '@'))
            fail(m_pos, "a number must not run into a name (write 2*A@1, not 2A@1)");
        double v = 0;
        const char* first = m_text.data() + start;
        const char* last = m_text.data() + m_pos;
        const auto [ptr, ec] = std::from_chars(first, last, v, std::chars_format::general);
        if (ec == std::errc::result_out_of_range || !std::isfinite(v))
            fail(start, "number " + std::string(first, last) + " is out of range");
        if (ec != std::errc() || ptr != last)
            fail(start, "\"" + std::string(first, last) + "\" is not a number");
        m_tok.kind = Tok::Number;
        m_tok.number = v;
    }

    void lexName()
    {
        const std::size_t start = m_pos;
        while (m_pos < m_text.size() && (isLetter(m_text[m_pos]) || isDigit(m_text[m_pos])))
            ++m_pos;
        std::string name(m_text.substr(start, m_pos - start));
        std::transform(name.begin(), name.end(), name.begin(), [](char ch) {
            return ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch;
        });
        if (m_pos < m_text.size() && m_text[m_pos] == '@') {
            if (name.size() != 1 || name[0] < 'a' || name[0] >= 'a' + kMaxCalcRasters)
                fail(start, "\"" + std::string(m_text.substr(start, m_pos - start))
                        + "@\": a band reference names a raster A (the input) to F, then @ and a band number (A@1)");
            ++m_pos;
            const std::size_t digits = m_pos;
            while (m_pos < m_text.size() && isDigit(m_text[m_pos]) && m_pos - digits < 6)
                ++m_pos;
            int band = 0;
            std::from_chars(m_text.data() + digits, m_text.data() + m_pos, band);
            if (m_pos == digits || band < 1 || band > kMaxCalcBand
                || (m_pos < m_text.size() && (isDigit(m_text[m_pos]) || isLetter(m_text[m_pos]))))
                fail(digits, "after \"" + std::string(1, static_cast<char>(name[0] - 'a' + 'A'))
                        + "@\" a band number from 1 to " + std::to_string(kMaxCalcBand));
            m_tok.kind = Tok::Band;
            m_tok.band = CalcBand{name[0] - 'a', band};
            return;
        }
        m_tok.kind = Tok::Name;
        m_tok.text = std::move(name);
    }

    bool isOp(std::string_view op) const { return m_tok.kind == Tok::Op && m_tok.text == op; }
    bool isName(std::string_view name) const { return m_tok.kind == Tok::Name && m_tok.text == name; }

    void emit(CalcOp op, double value = 0, std::uint32_t index = 0)
    {
        m_program.code.push_back(CalcInstruction{op, index, value});
        if (op == CalcOp::Constant || op == CalcOp::Band)
            ++m_stack;
        else if (op == CalcOp::If)
            m_stack -= 2;
        else if (op >= CalcOp::Add)
            --m_stack;
        m_program.maxStack = std::max(m_program.maxStack, m_stack);
    }

    /// Each recursion the grammar allows goes through here, so the C++ stack stays bounded whatever the text.
    struct Nest {
        Parser& p;
        Nest(Parser& parser, std::size_t pos) : p(parser)
        {
            if (++p.m_depth > kMaxCalcDepth)
                p.fail(pos, "expression too deeply nested (more than " + std::to_string(kMaxCalcDepth)
                        + " levels of parentheses, calls, unary operators and ^)");
        }
        ~Nest() { --p.m_depth; }
        Nest(const Nest&) = delete;
        Nest& operator=(const Nest&) = delete;
    };

    void parseOr()
    {
        parseAnd();
        while (isName("or")) {
            next();
            parseAnd();
            emit(CalcOp::Or);
        }
    }

    void parseAnd()
    {
        parseNot();
        while (isName("and")) {
            next();
            parseNot();
            emit(CalcOp::And);
        }
    }

    void parseNot()
    {
        if (isName("not")) {
            const Nest nest(*this, m_tok.pos);
            next();
            parseNot();
            emit(CalcOp::Not);
            return;
        }
        parseComparison();
    }

    void parseComparison()
    {
        parseAdd();
        for (;;) {
            CalcOp op;
            if (isOp("<")) op = CalcOp::Lt;
            else if (isOp("<=")) op = CalcOp::Le;
            else if (isOp(">")) op = CalcOp::Gt;
            else if (isOp(">=")) op = CalcOp::Ge;
            else if (isOp("=")) op = CalcOp::Eq;
            else if (isOp("!=")) op = CalcOp::Ne;
            else return;
            next();
            parseAdd();
            emit(op);
        }
    }

    void parseAdd()
    {
        parseMul();
        while (isOp("+") || isOp("-")) {
            const CalcOp op = isOp("+") ? CalcOp::Add : CalcOp::Sub;
            next();
            parseMul();
            emit(op);
        }
    }

    void parseMul()
    {
        parseUnary();
        while (isOp("*") || isOp("/")) {
            const CalcOp op = isOp("*") ? CalcOp::Mul : CalcOp::Div;
            next();
            parseUnary();
            emit(op);
        }
    }

    void parseUnary()
    {
        if (isOp("-") || isOp("+")) {
            const bool minus = isOp("-");
            const Nest nest(*this, m_tok.pos);
            next();
            parseUnary();
            if (minus)
                emit(CalcOp::Neg);
            return;
        }
        parsePow();
    }

    void parsePow()
    {
        parsePrimary();
        if (isOp("^")) {
            const Nest nest(*this, m_tok.pos);
            next();
            parseUnary();
            emit(CalcOp::Pow);
        }
    }

    void parsePrimary()
    {
        const Token t = m_tok;
        switch (t.kind) {
        case Tok::Number:
            next();
            emit(CalcOp::Constant, t.number);
            return;
        case Tok::Band: {
            auto& bands = m_program.bands;
            auto it = std::find(bands.begin(), bands.end(), t.band);
            if (it == bands.end()) {
                if (bands.size() == kMaxCalcBands)
                    fail(t.pos, "more than " + std::to_string(kMaxCalcBands) + " different bands referenced");
                bands.push_back(t.band);
                it = bands.end() - 1;
            }
            next();
            emit(CalcOp::Band, 0, static_cast<std::uint32_t>(it - bands.begin()));
            return;
        }
        case Tok::LParen: {
            const Nest nest(*this, t.pos);
            next();
            parseOr();
            if (m_tok.kind != Tok::RParen)
                fail(m_tok.pos, "expected \")\" to close the \"(\" at column " + std::to_string(t.pos + 1) + ", found "
                        + describe(m_tok));
            next();
            return;
        }
        case Tok::Name:
            return parseCall(t);
        default:
            fail(t.pos, "expected a number, a band (A@1), a function or \"(\", found " + describe(t));
        }
    }

    void parseCall(const Token& t)
    {
        const Function* f = nullptr;
        for (const Function& candidate : kFunctions)
            if (t.text == candidate.name)
                f = &candidate;
        if (!f) {
            std::vector<std::string> names;
            for (const Function& candidate : kFunctions)
                names.emplace_back(candidate.name);
            const std::string suggestion = closestName(t.text, names);
            fail(t.pos, "unknown name \"" + t.text + "\"" + (suggestion.empty() ? "" : " — did you mean " + suggestion + "?")
                    + " (bands are written A@1, B@2; functions: abs sqrt ln log10 exp sin cos tan min max if)");
        }
        next();
        if (m_tok.kind != Tok::LParen)
            fail(m_tok.pos, "expected \"(\" after " + std::string(f->name));
        const Nest nest(*this, m_tok.pos);
        next();
        int count = 0;
        for (;;) {
            parseOr();
            ++count;
            if (m_tok.kind == Tok::Comma) {
                next();
                continue;
            }
            if (m_tok.kind == Tok::RParen)
                break;
            fail(m_tok.pos, "expected \",\" or \")\" in the arguments of " + std::string(f->name) + ", found "
                    + describe(m_tok));
        }
        if (count != f->arity)
            fail(t.pos, std::string(f->name) + " takes " + std::to_string(f->arity)
                    + (f->arity == 1 ? " argument" : " arguments") + ", given " + std::to_string(count));
        next();
        emit(f->op);
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
    Token m_tok;
    int m_depth = 0;
    std::size_t m_stack = 0;
    CalcProgram m_program;
};

} // namespace

CalcProgram compileCalcExpression(std::string_view text)
{
    return Parser(text).parse();
}

} // namespace gis::analysis::detail
