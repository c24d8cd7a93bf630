#include "layerbuilder.h"

#include "gdalsupport.h"
#include "gis/core/error.h"
#include "gis/geom/wkb.h"

namespace gis::detail {

bool LayerBuilder::appendGeometry(std::int64_t fid, const std::uint8_t* wkb, std::size_t size)
{
    if (!wkb || size == 0) {
        geometries.appendNull();
        return true;
    }
    const std::size_t before = geometries.size();
    try {
        appendWkb(geometries, wkb, size);
    } catch (const Error& e) {
        geometries.truncate(before);
        skipFeature(fid, e.what());
        return false;
    }
    if (!geometries.isFinite(before)) {
        geometries.truncate(before);
        skipFeature(fid, "coordinate is NaN or infinite");
        return false;
    }
    return true;
}

void LayerBuilder::skipFeature(std::int64_t fid, const std::string& why)
{
    std::string message = sourceName + ": layer \"" + layerName + "\": feature " + std::to_string(fid) + ": " + why;
    if (options && !options->skipBadFeatures)
        throw Error(ErrorCode::Format, message);
    report.skip(std::move(message));
}

void LayerBuilder::appendText(AttributeColumn& column, const char* text, std::size_t size) const
{
    if (isValidUtf8(text, size))
        column.appendString(std::string_view(text, size));
    else
        column.appendString(toUtf8(text, size, options ? options->fallbackEncoding : std::string()));
}

std::shared_ptr<const Layer> LayerBuilder::finish(Crs crs, GeometryType declaredType)
{
    report.featuresRead = geometries.size();
    return std::make_shared<const Layer>(layerName, std::move(crs), declaredType, std::move(geometries),
        std::move(attributes), std::move(fids), std::move(report), firstFid,
        options ? options->buildIndex : true);
}

} // namespace gis::detail
