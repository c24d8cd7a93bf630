#include <charconv>
#include <string>
#include <string_view>

#include "gis/core/error.h"
#include "gis/project/json.h"
#include "write/writeresponse.h"

namespace gis::serve::detail {

RequestCrs contentCrs(const HttpRequest& request)
{
    const std::string* header = request.header("content-crs");
    if (!header)
        return {Crs::fromUserInput("OGC:CRS84"), false};
    std::string_view uri = *header;
    if (uri.size() >= 2 && uri.front() == '<' && uri.back() == '>')
        uri = uri.substr(1, uri.size() - 2);
    constexpr std::string_view crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
    constexpr std::string_view epsg = "http://www.opengis.net/def/crs/EPSG/0/";
    if (uri == crs84)
        return {Crs::fromUserInput("OGC:CRS84"), false};
    if (uri.substr(0, epsg.size()) == epsg) {
        const std::string_view digits = uri.substr(epsg.size());
        int code = 0;
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), code);
        if (ec == std::errc() && end == digits.data() + digits.size() && code > 0 && code < 1000000) {
            RequestCrs out;
            try {
                out.crs = Crs::fromEpsg(code);
            } catch (const Error&) {
                throw Error(ErrorCode::Argument, "Content-Crs: EPSG:" + std::to_string(code) + " is not a known CRS");
            }
            out.latitudeFirst = !out.crs.isProjected();
            return out;
        }
    }
    throw Error(ErrorCode::Argument,
        "Content-Crs: expected <http://www.opengis.net/def/crs/OGC/1.3/CRS84> or <http://www.opengis.net/def/crs/EPSG/0/{code}>");
}

std::optional<std::int64_t> featureIdOf(const HttpRequest& request)
{
    const std::string* text = request.pathParam("featureId");
    if (!text || text->empty())
        return std::nullopt;
    std::int64_t id = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), id);
    if (ec != std::errc() || end != text->data() + text->size())
        return std::nullopt;
    return id;
}

HttpResponse problemsResponse(const std::vector<BodyProblem>& problems, int status, const std::string& code)
{
    Json list = Json::array();
    std::string description;
    for (const BodyProblem& p : problems) {
        list.push_back({{"path", p.path}, {"message", p.message}});
        description += (description.empty() ? "" : "; ") + p.path + ": " + p.message;
    }
    const Json body = {{"code", code}, {"description", description}, {"problems", list}};
    return HttpResponse::json(body.dump(-1, ' ', false, Json::error_handler_t::replace), status);
}

} // namespace gis::serve::detail
