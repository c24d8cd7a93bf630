#include <cstdio>
#include <string>
#include <string_view>

#include "features/etag.h"
#include "gis/data/editfeature.h"
#include "gis/data/layer.h"

namespace gis::serve {

std::string featureEtag(const EditFeature& feature)
{
    const FeatureVersion version = featureVersion(&feature);
    char buf[24];
    std::snprintf(buf, sizeof buf, "\"%016llx\"", static_cast<unsigned long long>(version.hash));
    return buf;
}

std::string featureEtag(const Layer& layer, std::size_t row)
{
    return featureEtag(editFeatureFromLayer(layer, row));
}

bool ifMatchAccepts(std::string_view ifMatch, const std::string& etag)
{
    std::size_t start = 0;
    while (start <= ifMatch.size()) {
        std::size_t end = ifMatch.find(',', start);
        if (end == std::string_view::npos)
            end = ifMatch.size();
        std::string_view item = ifMatch.substr(start, end - start);
        while (!item.empty() && (item.front() == ' ' || item.front() == '\t'))
            item.remove_prefix(1);
        while (!item.empty() && (item.back() == ' ' || item.back() == '\t'))
            item.remove_suffix(1);
        if (item == "*" || item == etag)
            return true;
        start = end + 1;
    }
    return false;
}

} // namespace gis::serve
