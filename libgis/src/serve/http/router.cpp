#include <string>
#include <string_view>
#include <vector>

#include "gis/core/error.h"
#include "http/accesslog.h"
#include "gis/serve/http.h"

namespace gis::serve {
namespace {

std::vector<std::string_view> splitPath(std::string_view path)
{
    std::vector<std::string_view> segments;
    std::size_t start = 1; // paths start with '/'
    while (start <= path.size()) {
        const std::size_t end = path.find('/', start);
        const std::size_t stop = end == std::string_view::npos ? path.size() : end;
        segments.push_back(path.substr(start, stop - start));
        if (end == std::string_view::npos)
            break;
        start = end + 1;
    }
    if (segments.size() == 1 && segments.front().empty())
        segments.clear(); // "/" itself
    return segments;
}

bool isPlaceholder(std::string_view segment)
{
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

bool equalsNoCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i]))
            return false;
    }
    return true;
}

template <class Pairs>
const std::string* findValue(const Pairs& pairs, std::string_view name, bool noCase = false)
{
    for (const auto& [key, value] : pairs)
        if (noCase ? equalsNoCase(key, name) : key == name)
            return &value;
    return nullptr;
}

int hexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

const std::string* HttpRequest::queryParam(std::string_view name) const { return findValue(query, name); }
const std::string* HttpRequest::queryParamNoCase(std::string_view name) const { return findValue(query, name, true); }
const std::string* HttpRequest::header(std::string_view lowerName) const { return findValue(headers, lowerName); }
const std::string* HttpRequest::pathParam(std::string_view name) const { return findValue(pathParams, name); }

HttpResponse& HttpResponse::setHeader(std::string name, std::string value)
{
    for (auto& [key, current] : headers)
        if (equalsNoCase(key, name)) {
            current = std::move(value);
            return *this;
        }
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
}

HttpResponse HttpResponse::json(std::string body, int status)
{
    HttpResponse response;
    response.status = status;
    response.body = std::move(body);
    return response;
}

HttpResponse HttpResponse::error(int status, std::string_view code, std::string_view description)
{
    return json("{\"code\":" + detail::jsonQuoted(code) + ",\"description\":" + detail::jsonQuoted(description) + "}", status);
}

void Router::add(std::string method, std::string pattern, Handler handler)
{
    if (pattern.empty() || pattern.front() != '/')
        throw Error(ErrorCode::Argument, "route pattern must start with '/': \"" + pattern + "\"");
    Route route;
    route.method = std::move(method);
    for (const std::string_view segment : splitPath(pattern))
        route.segments.emplace_back(segment);
    route.handler = std::move(handler);
    m_routes.push_back(std::move(route));
}

HttpResponse Router::dispatch(HttpRequest& request) const
{
    const std::vector<std::string_view> segments = splitPath(request.path);
    const bool head = request.method == "HEAD";
    std::string allow;
    for (const Route& route : m_routes) {
        if (route.segments.size() != segments.size())
            continue;
        std::vector<std::pair<std::string, std::string>> params;
        bool match = true;
        for (std::size_t i = 0; i < segments.size() && match; ++i) {
            const std::string& want = route.segments[i];
            if (isPlaceholder(want)) {
                if (segments[i].empty())
                    match = false;
                else
                    params.emplace_back(want.substr(1, want.size() - 2), std::string(segments[i]));
            } else {
                match = want == segments[i];
            }
        }
        if (!match)
            continue;
        if (route.method != request.method && !(head && route.method == "GET")) {
            if (allow.find(route.method) == std::string::npos)
                allow += (allow.empty() ? "" : ", ") + route.method;
            continue;
        }
        request.pathParams = std::move(params);
        if (m_guard)
            if (std::optional<HttpResponse> refusal = m_guard(request))
                return *refusal;
        HttpResponse response;
        try {
            response = route.handler(request);
        } catch (const Error& error) {
            if (error.code() == ErrorCode::Cancelled)
                return HttpResponse::error(499, "Cancelled", "the request was cancelled");
            throw; // the server logs it and answers 500 without the message
        }
        return response; // for HEAD too: the server sends the body's Content-Length without the body
    }
    if (!allow.empty()) {
        HttpResponse response = HttpResponse::error(405, "MethodNotAllowed",
            "method " + request.method + " is not allowed here; allowed: " + allow);
        response.setHeader("Allow", allow);
        return response;
    }
    return HttpResponse::error(404, "NotFound", "no resource at this path");
}

std::string percentDecode(std::string_view text, bool plusAsSpace)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%') {
            const bool complete = i + 2 < text.size();
            const int high = complete ? hexDigit(text[i + 1]) : -1;
            const int low = complete ? hexDigit(text[i + 2]) : -1;
            if (high < 0 || low < 0)
                throw Error(ErrorCode::Argument, "malformed percent escape in \"" + std::string(text.substr(0, 200)) + "\"");
            out += static_cast<char>(high * 16 + low);
            i += 2;
        } else if (c == '+' && plusAsSpace) {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

std::string percentEncode(std::string_view text)
{
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '-' || u == '.'
            || u == '_' || u == '~') {
            out += c;
        } else {
            out += '%';
            out += hex[u >> 4];
            out += hex[u & 0xf];
        }
    }
    return out;
}

} // namespace gis::serve
