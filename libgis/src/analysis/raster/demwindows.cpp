#include "demwindows.h"

#include <cmath>

#include "gis/core/error.h"
#include "gis/crs/geodesic.h"

namespace gis::analysis::detail {

void addDemParameters(AlgorithmInfo& info)
{
    Parameter band = Parameter::make("band", ParameterType::Integer, "Band", "النطاق",
        "the band of the DEM that holds the elevations (1 is the first)",
        "نطاق نموذج الارتفاع الذي يحمل الارتفاعات (1 هو الأول)");
    band.defaultValue = "1";
    band.minimum = 1;
    band.maximum = 65535;
    info.parameters.push_back(std::move(band));
    Parameter z = Parameter::make("z-factor", ParameterType::Number, "Z factor", "معامل الارتفاع",
        "elevations are multiplied by this before use (to put feet into metres: 0.3048)",
        "تُضرب الارتفاعات في هذا المعامل قبل الاستخدام (لتحويل الأقدام إلى أمتار: 0.3048)");
    z.defaultValue = "1";
    z.minimum = 1e-9;
    z.maximum = 1e9;
    info.parameters.push_back(std::move(z));
}

Dem readDem(const RunInputs& inputs, const ParameterValues& parameters, const RunOptions& options, const std::string& what)
{
    Dem dem;
    static_cast<BandValues&>(dem) = readBand(inputs.inputRaster, static_cast<int>(parameters.integer("band")), what,
        options.feedback.cancel);
    if (dem.width < 3 || dem.height < 3)
        throw Error(ErrorCode::Argument, what + ": " + dem.path + " is smaller than 3 x 3 pixels: no pixel has a whole window");
    dem.geographic = dem.crs.isValid() && dem.crs.isGeographic();
    const auto& gt = dem.geoTransform;
    const double pw = gt[1];
    const double ph = -gt[5];
    dem.cellEast.assign(static_cast<std::size_t>(dem.height), pw);
    dem.cellNorth.assign(static_cast<std::size_t>(dem.height), ph);
    if (dem.geographic) {
        // The ground distance between the neighbours Horn's method uses, halved: along the row from the pixel to
        // the west to the one to the east, and along the meridian from the row above to the row below.
        const double x = dem.extent.center().x;
        for (int row = 0; row < dem.height; ++row) {
            const double lat = gt[3] - (row + 0.5) * ph;
            dem.cellEast[static_cast<std::size_t>(row)] = geodesic::distance(x - pw, lat, x + pw, lat) / 2;
            dem.cellNorth[static_cast<std::size_t>(row)]
                = geodesic::distance(x, std::min(90.0, lat + ph), x, std::max(-90.0, lat - ph)) / 2;
        }
    }
    return dem;
}

std::shared_ptr<RasterData> demOutput(const Dem& dem, double nodata)
{
    auto out = std::make_shared<RasterData>();
    out->extent = dem.extent;
    out->crs = dem.crs;
    out->width = dem.width;
    out->height = dem.height;
    out->nodata = nodata;
    out->bands.assign(1, std::vector<double>(static_cast<std::size_t>(dem.width) * static_cast<std::size_t>(dem.height), nodata));
    return out;
}

} // namespace gis::analysis::detail
