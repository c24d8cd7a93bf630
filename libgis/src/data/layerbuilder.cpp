#include "layerbuilder.h"

#include <algorithm>

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
    record(fid, FeatureIssue::Action::Skipped, why);
}

void LayerBuilder::nullGeometry(std::int64_t fid, const std::string& why)
{
    record(fid, FeatureIssue::Action::NullGeometry, why, "geometry read as null: ");
}

void LayerBuilder::repairFeature(std::int64_t fid, const std::string& why)
{
    record(fid, FeatureIssue::Action::Repaired, why, "repaired: ");
}

void LayerBuilder::record(std::int64_t fid, FeatureIssue::Action action, const std::string& why, const char* what)
{
    std::string message = sourceName + ": layer \"" + layerName + "\": feature " + std::to_string(fid) + ": " + what + why;
    if (strict())
        throw Error(ErrorCode::Format, message);
    report.record({fid, action, why}, std::move(message));
}

void LayerBuilder::addProblem(const std::string& why)
{
    report.addProblem(sourceName + ": layer \"" + layerName + "\": " + why);
}

void LayerBuilder::checkDeclaredCount(std::int64_t declared, bool rowsAreTruth)
{
    report.declaredCount = declared;
    const std::size_t found = geometries.size() + report.featuresSkipped;
    if (declared < 0 || static_cast<std::uint64_t>(declared) == found)
        return;
    if (rowsAreTruth && !report.stoppedEarly) {
        addProblem("its feature count (gpkg_ogr_contents) says " + std::to_string(declared) + ", the table has "
            + std::to_string(found) + " rows: the count is stale or forged (every row was read)");
        return;
    }
    const std::string counts = "the file declares " + std::to_string(declared) + " features, " + std::to_string(found)
        + " were found";
    if (static_cast<std::uint64_t>(declared) < found) {
        addProblem(counts + " (its count is stale; every feature was read)");
        return;
    }
    report.featuresMissing = static_cast<std::size_t>(static_cast<std::uint64_t>(declared) - found);
    const std::string message = sourceName + ": layer \"" + layerName + "\": " + counts + ": "
        + std::to_string(report.featuresMissing) + " missing (the file ends early or cannot be read on)";
    if (strict())
        throw Error(ErrorCode::Format, message);
    report.addProblem(message);
}

std::size_t LayerBuilder::plausibleRows(std::int64_t hint, std::size_t minBytesPerRow, std::size_t fallback) const
{
    if (hint <= 0 || sourceBytes == 0)
        return fallback;
    return static_cast<std::size_t>(
        std::min<std::uint64_t>(static_cast<std::uint64_t>(hint), sourceBytes / std::max<std::size_t>(1, minBytesPerRow)));
}

void LayerBuilder::appendText(AttributeColumn& column, const char* text, std::size_t size) const
{
    if (isValidUtf8(text, size))
        column.appendString(std::string_view(text, size));
    else
        column.appendString(toUtf8(text, size, options ? options->fallbackEncoding : std::string()));
}

void LayerBuilder::keepIntersecting(const Box& box)
{
    if (box.isEmpty())
        return;
    const std::size_t n = geometries.size();
    std::vector<std::size_t> keep;
    for (std::size_t i = 0; i < n; ++i)
        if (!geometries.isNull(i) && geometries.bounds(i).intersects(box))
            keep.push_back(i);
    if (keep.size() == n)
        return;
    GeometryColumn kept;
    for (const std::size_t i : keep)
        kept.append(geometries, i);
    AttributeTable table;
    for (const AttributeColumn& from : attributes.columns()) {
        AttributeColumn& to = table.addColumn(from.name(), from.type());
        to.reserve(keep.size());
        for (const std::size_t i : keep) {
            if (from.isNull(i))
                to.appendNull();
            else if (from.type() == FieldType::Real)
                to.appendReal(from.real(i));
            else if (from.type() == FieldType::String || from.type() == FieldType::Binary)
                to.appendString(from.string(i));
            else
                to.appendInteger(from.integer(i));
        }
    }
    table.setRowCount(keep.size());
    std::vector<std::int64_t> ids;
    ids.reserve(keep.size());
    for (const std::size_t i : keep)
        ids.push_back(fids.empty() ? firstFid + static_cast<std::int64_t>(i) : fids[i]);
    geometries = std::move(kept);
    attributes = std::move(table);
    fids.clear();
    fidCount = 0;
    for (const std::int64_t id : ids)
        addFid(id);
}

std::shared_ptr<const Layer> LayerBuilder::finish(Crs crs, GeometryType declaredType)
{
    report.featuresRead = geometries.size();
    return std::make_shared<const Layer>(layerName, std::move(crs), declaredType, std::move(geometries),
        std::move(attributes), std::move(fids), std::move(report), firstFid,
        options ? options->buildIndex : true);
}

} // namespace gis::detail
