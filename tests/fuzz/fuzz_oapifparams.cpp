// Fuzz target: the query parameters of OGC API – Features items (serve's requestparams.h): parseBbox,
// parseDatetime, parseLimit, parseOffset and parsePresentation (f, lang, Accept, Accept-Language). Besides not
// crashing, each must keep its promises: refuse only with ParamError; a bbox's numbers are finite within ±1e9;
// an interval does not end before it begins; limit and offset lie in their documented ranges; a ParamError's
// message is at most a few hundred bytes whatever the input's length (it echoes at most 40 bytes of it).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "gis/serve/http.h"
#include "features/requestparams.h"

namespace {

void check(bool ok)
{
    if (!ok)
        std::abort();
}

template <class F>
void refusedOnlyWithParamError(F&& f)
{
    try {
        f();
    } catch (const gis::detail::ParamError& e) {
        check(std::string_view(e.what()).size() < 400);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace gis::detail;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    refusedOnlyWithParamError([&] {
        const gis::Box box = parseBbox(text);
        for (const double v : {box.minX, box.minY, box.maxX, box.maxY})
            check(std::isfinite(v) && std::abs(v) <= kMaxCoordinate);
    });
    refusedOnlyWithParamError([&] {
        const TimeInterval t = parseDatetime(text);
        check(t.begin <= t.end);
    });
    refusedOnlyWithParamError([&] {
        const std::size_t limit = parseLimit(text);
        check(limit >= 1 && limit <= kMaxLimit);
    });
    refusedOnlyWithParamError([&] { check(parseOffset(text) <= kMaxOffset); });
    refusedOnlyWithParamError([&] {
        // The input split in two at its first newline: a query parameter's value and a header's.
        const std::size_t nl = text.find('\n');
        const std::string first(text.substr(0, nl));
        const std::string second(nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1));
        gis::serve::HttpRequest request;
        request.query = {{"f", first}, {"lang", second}};
        parsePresentation(request);
        request.query.clear();
        request.headers = {{"accept", first}, {"accept-language", second}};
        parsePresentation(request);
    });
    return 0;
}
