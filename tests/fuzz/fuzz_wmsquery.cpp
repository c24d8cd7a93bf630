// Fuzz target: the WMS and tiles request parsers (servemap: MapService's /wms and /tiles routes). The input is a
// request target ("/wms?SERVICE=WMS&REQUEST=GetMap&..."), percent-decoded as the server does and dispatched to a
// MapService over a two-point project in the scratch folder. Images are bounded to 64 x 64 to keep runs fast; the
// parsers' own bounds (docs/serve.md, "Limits") are what is checked.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "fuzzsupport.h"
#include "gis/core/error.h"
#include "gis/project/project.h"
#include "gis/serve/http.h"
#include "gis/serve/livelayers.h"
#include "gis/servemap/mapservice.h"

namespace {

struct Service {
    gis::Project project;
    gis::serve::LiveLayers live;
    std::unique_ptr<gis::servemap::MapService> maps;
    gis::serve::Router router;
};

Service& service()
{
    static Service* s = [] {
        auto* out = new Service;
        static const char points[] = R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"name":"a"},"geometry":{"type":"Point","coordinates":[57.5,22.9]}},
{"type":"Feature","properties":{"name":"b"},"geometry":{"type":"Point","coordinates":[57.6,23.0]}}]})";
        static const char project[] = R"({"version":1,"crs":"EPSG:4326","layers":[
{"name":"pts","title":"Points","title_ar":"نقاط","source":"pts.geojson"}]})";
        gis::fuzz::writeScratchFile("pts.geojson", reinterpret_cast<const std::uint8_t*>(points), sizeof points - 1);
        const std::string path = gis::fuzz::writeScratchFile("wms.json", reinterpret_cast<const std::uint8_t*>(project), sizeof project - 1);
        out->project = gis::Project::load(path);
        out->project.loadData();
        for (const auto& l : out->project.layers)
            if (l.map.vector)
                out->live.publish(l.map.name, l.map.vector);
        if (!out->live.get("pts"))
            std::abort(); // the project did not load: every input would only reach LayerNotDefined
        gis::servemap::MapServiceOptions options;
        options.maxWidth = options.maxHeight = 64;
        options.maxZoom = 3;
        out->maps = std::make_unique<gis::servemap::MapService>(out->project, out->live, options);
        out->maps->addRoutes(out->router);
        return out;
    }();
    return *s;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    gis::fuzz::ensureGuiApplication();
    (void)service();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string target(reinterpret_cast<const char*>(data), size);
    gis::serve::HttpRequest r;
    r.method = "GET";
    r.target = target;
    const auto q = target.find('?');
    try {
        r.path = gis::serve::percentDecode(target.substr(0, q), false);
        if (q != std::string::npos) {
            const std::string rest = target.substr(q + 1);
            std::size_t start = 0;
            while (true) {
                const auto amp = rest.find('&', start);
                const std::string part = rest.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
                const auto eq = part.find('=');
                r.query.emplace_back(gis::serve::percentDecode(part.substr(0, eq), true),
                    eq == std::string::npos ? std::string() : gis::serve::percentDecode(part.substr(eq + 1), true));
                if (amp == std::string::npos)
                    break;
                start = amp + 1;
            }
        }
    } catch (const gis::Error&) {
        return 0; // a malformed escape: the server answers 400 before any handler
    }
    (void)service().router.dispatch(r);
    return 0;
}
