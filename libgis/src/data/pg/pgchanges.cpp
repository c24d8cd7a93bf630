#include "gis/data/pgchanges.h"

#include <cctype>
#include <charconv>
#include <random>

#include "gis/core/error.h"

namespace gis::pg {

namespace {

/// A small JSON reader for the payload: a flat object whose values that matter are a string, arrays of integers
/// and a boolean; any other value is skipped (checked, bounded in depth).
class PayloadReader {
public:
    explicit PayloadReader(std::string_view text) : m_text(text) {}

    std::optional<LayerChange> read()
    {
        LayerChange change;
        bool haveLayer = false;
        if (!consume('{'))
            return std::nullopt;
        if (!consume('}')) {
            do {
                std::string key;
                if (!string(key) || !consume(':'))
                    return std::nullopt;
                bool ok = true;
                if (key == "layer")
                    ok = haveLayer = string(change.layer);
                else if (key == "session")
                    ok = string(change.session);
                else if (key == "fids")
                    ok = ids(change.fids);
                else if (key == "deleted")
                    ok = ids(change.deleted);
                else if (key == "all")
                    ok = boolean(change.all);
                else
                    ok = skip(0);
                if (!ok)
                    return std::nullopt;
            } while (consume(','));
            if (!consume('}'))
                return std::nullopt;
        }
        space();
        if (m_at != m_text.size() || !haveLayer)
            return std::nullopt;
        return change;
    }

private:
    void space()
    {
        while (m_at < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[m_at])))
            ++m_at;
    }
    bool consume(char c)
    {
        space();
        if (m_at < m_text.size() && m_text[m_at] == c) {
            ++m_at;
            return true;
        }
        return false;
    }
    bool literal(std::string_view word)
    {
        space();
        if (m_text.substr(m_at, word.size()) != word)
            return false;
        m_at += word.size();
        return true;
    }
    bool string(std::string& out)
    {
        if (!consume('"'))
            return false;
        while (m_at < m_text.size()) {
            const char c = m_text[m_at++];
            if (c == '"')
                return true;
            if (c != '\\') {
                out += c;
                continue;
            }
            if (m_at >= m_text.size())
                return false;
            const char e = m_text[m_at++];
            switch (e) {
            case '"': case '\\': case '/': out += e; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
                unsigned code = 0;
                if (m_at + 4 > m_text.size()
                    || std::from_chars(m_text.data() + m_at, m_text.data() + m_at + 4, code, 16).ptr != m_text.data() + m_at + 4)
                    return false;
                m_at += 4;
                // Code points of the Basic Multilingual Plane as UTF-8 (the payloads this library writes escape
                // only control characters).
                if (code < 0x80) {
                    out += static_cast<char>(code);
                } else if (code < 0x800) {
                    out += static_cast<char>(0xC0 | (code >> 6));
                    out += static_cast<char>(0x80 | (code & 0x3F));
                } else {
                    out += static_cast<char>(0xE0 | (code >> 12));
                    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
                    out += static_cast<char>(0x80 | (code & 0x3F));
                }
                break;
            }
            default: return false;
            }
        }
        return false;
    }
    bool integer(std::int64_t& out)
    {
        space();
        const auto r = std::from_chars(m_text.data() + m_at, m_text.data() + m_text.size(), out);
        if (r.ec != std::errc())
            return false;
        m_at = static_cast<std::size_t>(r.ptr - m_text.data());
        return true;
    }
    bool ids(std::vector<std::int64_t>& out)
    {
        if (!consume('['))
            return false;
        if (consume(']'))
            return true;
        do {
            std::int64_t v = 0;
            if (!integer(v))
                return false;
            out.push_back(v);
        } while (consume(','));
        return consume(']');
    }
    bool boolean(bool& out)
    {
        if (literal("true"))
            return out = true, true;
        if (literal("false"))
            return out = false, true;
        return false;
    }
    bool skip(int depth)
    {
        if (depth > 8)
            return false;
        space();
        if (m_at >= m_text.size())
            return false;
        const char c = m_text[m_at];
        if (c == '"') {
            std::string ignored;
            return string(ignored);
        }
        if (c == '[' || c == '{') {
            const char close = c == '[' ? ']' : '}';
            ++m_at;
            if (consume(close))
                return true;
            do {
                if (c == '{') {
                    std::string key;
                    if (!string(key) || !consume(':'))
                        return false;
                }
                if (!skip(depth + 1))
                    return false;
            } while (consume(','));
            return consume(close);
        }
        if (literal("true") || literal("false") || literal("null"))
            return true;
        double number = 0;
        const auto r = std::from_chars(m_text.data() + m_at, m_text.data() + m_text.size(), number);
        if (r.ec != std::errc())
            return false;
        m_at = static_cast<std::size_t>(r.ptr - m_text.data());
        return true;
    }

    std::string_view m_text;
    std::size_t m_at = 0;
};

} // namespace

const std::string& changeSessionId()
{
    static const std::string id = [] {
        std::random_device device;
        std::mt19937_64 rng((std::uint64_t(device()) << 32) ^ device());
        static const char* hex = "0123456789abcdef";
        std::string out;
        for (int i = 0; i < 2; ++i) {
            std::uint64_t v = rng();
            for (int k = 0; k < 16; ++k, v >>= 4)
                out += hex[v & 15];
        }
        return out;
    }();
    return id;
}

std::optional<LayerChange> parseLayerChange(std::string_view payload)
{
    return PayloadReader(payload).read();
}

ChangeListener::ChangeListener(std::string_view source, std::string ignoreSession)
    : m_connection(std::make_unique<Connection>(Connection::open(source)))
    , m_ignore(std::move(ignoreSession))
{
}

ChangeListener::~ChangeListener() = default;
ChangeListener::ChangeListener(ChangeListener&&) noexcept = default;
ChangeListener& ChangeListener::operator=(ChangeListener&&) noexcept = default;

void ChangeListener::listen()
{
    m_connection->command(std::string("LISTEN ") + kChangeChannel);
}

std::vector<LayerChange> ChangeListener::poll(int timeoutMs)
{
    std::vector<LayerChange> out;
    for (const Notification& n : m_connection->notifications(timeoutMs)) {
        if (n.channel != kChangeChannel)
            continue;
        auto change = parseLayerChange(n.payload);
        if (!change || (!m_ignore.empty() && change->session == m_ignore))
            continue;
        out.push_back(std::move(*change));
    }
    return out;
}

int ChangeListener::socket() const { return m_connection->socket(); }

} // namespace gis::pg
