#include "requestdecode.h"

#include "gis/core/error.h"
#include "gis/serve/http.h"

namespace gis::detail {

DecodedTarget decodeTarget(std::string_view target)
{
    if (target.empty() || target.front() != '/')
        throw Error(ErrorCode::Argument, "the request target must be a path starting with '/'");
    DecodedTarget out;
    const std::size_t mark = target.find('?');
    out.path = serve::percentDecode(target.substr(0, mark), false);
    for (const char c : out.path)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            throw Error(ErrorCode::Argument, "the request path holds a control character");
    if (mark == std::string_view::npos)
        return out;
    std::string_view rest = target.substr(mark + 1);
    while (!rest.empty()) {
        const std::size_t amp = rest.find('&');
        const std::string_view piece = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
        if (piece.empty())
            continue;
        if (out.query.size() == kMaxQueryParameters)
            throw Error(ErrorCode::Argument, "too many query parameters (at most "
                + std::to_string(kMaxQueryParameters) + ")");
        const std::size_t eq = piece.find('=');
        out.query.emplace_back(serve::percentDecode(piece.substr(0, eq), true),
            eq == std::string_view::npos ? std::string() : serve::percentDecode(piece.substr(eq + 1), true));
    }
    return out;
}

std::string queryNamesOnly(const std::vector<std::pair<std::string, std::string>>& query)
{
    std::string out;
    for (const auto& [name, value] : query) {
        out += out.empty() ? '?' : '&';
        out += serve::percentEncode(name);
    }
    return out;
}

} // namespace gis::detail
