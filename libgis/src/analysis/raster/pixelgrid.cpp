#include "pixelgrid.h"

#include <exception>

namespace gis::analysis::detail {

std::vector<int> bandsOf(const Raster& raster, const std::string& value, const std::string& what)
{
    std::vector<int> bands;
    if (value == "all") {
        for (int b = 1; b <= raster.bandCount(); ++b)
            bands.push_back(b);
        return bands;
    }
    int b = 0;
    try {
        std::size_t used = 0;
        b = std::stoi(value, &used);
        if (used != value.size())
            b = 0;
    } catch (const std::exception&) {
        b = 0;
    }
    if (b < 1 || b > raster.bandCount())
        throw Error(ErrorCode::Argument, what + ": --band \"" + value + "\": not all nor a band of " + raster.path()
                + " (it has " + std::to_string(raster.bandCount()) + (raster.bandCount() == 1 ? " band)" : " bands)"));
    bands.push_back(b);
    return bands;
}

} // namespace gis::analysis::detail
