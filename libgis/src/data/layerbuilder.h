#pragma once

// Private: what the layer readers (GeoPackage, Arrow stream, feature loop) fill, and how a finished
// builder becomes a Layer.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gis/data/datasource.h"
#include "gis/data/layer.h"

namespace gis::detail {

struct LayerBuilder {
    std::string sourceName; ///< file name, for messages
    std::string layerName;
    const ReadOptions* options = nullptr;

    GeometryColumn geometries;
    AttributeTable attributes;
    std::vector<std::int64_t> fids; ///< stays empty while the ids are consecutive from firstFid
    std::int64_t firstFid = 0;
    std::size_t fidCount = 0;

    /// Records the next kept feature's id without storing it while ids run consecutively (the common case).
    void addFid(std::int64_t fid)
    {
        if (fids.empty() && (fidCount == 0 || fid == firstFid + static_cast<std::int64_t>(fidCount))) {
            if (fidCount++ == 0)
                firstFid = fid;
            return;
        }
        if (fids.empty()) {
            fids.reserve(fidCount + 1);
            for (std::size_t i = 0; i < fidCount; ++i)
                fids.push_back(firstFid + static_cast<std::int64_t>(i));
        }
        fids.push_back(fid);
        ++fidCount;
    }
    LoadReport report;

    /// Appends one feature's WKB geometry (null/size 0: a null geometry). Returns false (and records why)
    /// when the feature must be skipped; throws instead when the options say bad features are fatal.
    bool appendGeometry(std::int64_t fid, const std::uint8_t* wkb, std::size_t size);
    /// Records a skipped feature, or throws Error(Format) when options->skipBadFeatures is false.
    void skipFeature(std::int64_t fid, const std::string& why);
    /// Appends text, recoded to UTF-8 from the fallback encoding when it is not UTF-8.
    void appendText(AttributeColumn& column, const char* text, std::size_t size) const;

    std::shared_ptr<const Layer> finish(Crs crs, GeometryType declaredType);
};

} // namespace gis::detail
