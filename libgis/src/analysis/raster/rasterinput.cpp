#include "rasterinput.h"

#include <cmath>

#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/data/raster.h"

namespace gis::analysis::detail {

namespace {

constexpr double kMaxPixels = 100e6; // read whole as doubles with an output beside: about 1.7 GB at the limit

} // namespace

BandValues readBand(const std::string& path, int band, const std::string& what, const CancellationToken& cancel)
{
    const Raster raster = Raster::open(path);
    const auto gt = raster.geoTransform();
    if (!gt)
        throw Error(ErrorCode::Argument, what + ": " + path + " has no georeferencing (no geotransform)");
    if ((*gt)[2] != 0 || (*gt)[4] != 0 || (*gt)[1] <= 0 || (*gt)[5] >= 0)
        throw Error(ErrorCode::Argument, what + ": " + path + " is not north-up (its geotransform is rotated or "
                + "flipped); warp it first (gdalwarp)");
    if (band > raster.bandCount())
        throw Error(ErrorCode::Argument, what + ": --band " + std::to_string(band) + ": " + path + " has "
                + std::to_string(raster.bandCount()) + " band(s)");
    if (static_cast<double>(raster.width()) * raster.height() > kMaxPixels)
        throw Error(ErrorCode::Argument, what + ": " + path + " has " + std::to_string(raster.width()) + " x "
                + std::to_string(raster.height()) + " pixels, more than 100 million; cut it into tiles first");

    BandValues out;
    out.path = path;
    out.width = raster.width();
    out.height = raster.height();
    out.extent = raster.extent();
    out.crs = raster.crs();
    out.geoTransform = *gt;
    out.nodata = raster.band(band).nodata;

    // The raster's own grid: read without resampling, the values exactly as stored.
    RasterGrid grid;
    grid.extent = out.extent;
    grid.width = out.width;
    grid.height = out.height;
    const RasterPixels pixels = raster.read({band}, grid, RasterResampling::Categorical, cancel);
    const std::size_t n = static_cast<std::size_t>(out.width) * static_cast<std::size_t>(out.height);
    out.values.resize(n);
    out.valid.resize(n);
    const std::vector<float>& v = pixels.bands[0];
    for (std::size_t i = 0; i < n; ++i) {
        out.values[i] = v[i];
        out.valid[i] = pixels.coverage[i] != 0 && std::isfinite(v[i]);
    }
    return out;
}

FeatureRaster::FeatureRaster(const std::string& path, const std::string& band, const Layer& layer,
    const std::string& what, const std::string& geometries)
    : m_path(path)
    , m_layer(&layer)
{
    const Raster raster = Raster::open(path);
    m_grid = PixelGrid::of(raster, what);
    m_bands = bandsOf(raster, band, what);
    m_crs = raster.crs();
    m_reproject = layer.crs().isValid() && m_crs.isValid() && !(layer.crs() == m_crs);
    if (!layer.crs().isValid() || !m_crs.isValid())
        m_warning = (!m_crs.isValid() ? path : "layer \"" + layer.name() + "\"") + " has no CRS: the " + geometries
            + " are taken to be in the raster's";
}

void FeatureRaster::prepare(unsigned workers)
{
    if (m_reproject)
        (void)Transformer(m_layer->crs(), m_crs); // refuses here, once, when no transformation exists
    m_rasters = std::vector<std::optional<Raster>>(workers);
    m_transformers = std::vector<std::optional<Transformer>>(workers);
}

std::pair<Raster*, const Transformer*> FeatureRaster::worker(unsigned worker)
{
    if (!m_rasters[worker])
        m_rasters[worker].emplace(Raster::open(m_path));
    if (m_reproject && !m_transformers[worker])
        m_transformers[worker].emplace(m_layer->crs(), m_crs);
    return {&*m_rasters[worker], m_transformers[worker] ? &*m_transformers[worker] : nullptr};
}

Parameter outputTypeParameter()
{
    Parameter type = Parameter::make("output-type", ParameterType::Choice, "Output type", "نوع الناتج",
        "how the values are stored: float32 or float64", "طريقة تخزين القيم: float32 أو float64");
    type.choices = {"float32", "float64"};
    type.choiceTitles = {{"32-bit float", "عدد عشري 32 بت"}, {"64-bit float", "عدد عشري 64 بت"}};
    type.defaultValue = "float32";
    return type;
}

RasterSampleType outputSampleType(const ParameterValues& parameters)
{
    return parameters.text("output-type") == "float64" ? RasterSampleType::Float64 : RasterSampleType::Float32;
}

} // namespace gis::analysis::detail
