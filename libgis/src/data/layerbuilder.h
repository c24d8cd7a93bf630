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
    /// Size of the source file (0: not a plain file): the bound on what a count from metadata may reserve.
    std::uintmax_t sourceBytes = 0;

    /// True when the first problem must throw (ReadOptions::strict, or skipBadFeatures = false).
    bool strict() const { return options && (options->strict || !options->skipBadFeatures); }

    /// Appends one feature's WKB geometry (null/size 0: a null geometry). Returns false (and records why)
    /// when the feature must be skipped; throws instead when the options say bad features are fatal.
    bool appendGeometry(std::int64_t fid, const std::uint8_t* wkb, std::size_t size);
    /// Records a skipped feature, or throws Error(Format) when strict().
    void skipFeature(std::int64_t fid, const std::string& why);
    /// Records a feature kept with a null geometry because its geometry cannot be read (the caller appended
    /// the null), or throws Error(Format) when strict().
    void nullGeometry(std::int64_t fid, const std::string& why);
    /// Records a feature kept with a value the reader had to change, or throws Error(Format) when strict().
    void repairFeature(std::int64_t fid, const std::string& why);
    /// Records a problem of the whole layer; `why` is prefixed with the file and layer.
    void addProblem(const std::string& why);
    /// Compares what was read and skipped with the source's own count (`declared`, -1 when it has none).
    /// When the source's count is only metadata beside rows that were all visited (`rowsAreTruth`: a
    /// GeoPackage read by libgis), or is lower than what was found, a difference is a problem of the
    /// metadata; otherwise fewer features than declared are missing features (a truncated file), which
    /// throws when strict().
    void checkDeclaredCount(std::int64_t declared, bool rowsAreTruth);
    /// How many rows a count hint may reserve room for: `hint` capped by the source's size at
    /// `minBytesPerRow` a row (a forged count of 9e18 must not become an allocation); `fallback` without a
    /// usable hint or file size.
    std::size_t plausibleRows(std::int64_t hint, std::size_t minBytesPerRow, std::size_t fallback) const;
    /// What skipFeature, nullGeometry and repairFeature share.
    /// `what` begins the message's reason ("geometry read as null: "); the issue keeps `why` alone.
    void record(std::int64_t fid, FeatureIssue::Action action, const std::string& why, const char* what = "");
    /// Appends text, recoded to UTF-8 from the fallback encoding when it is not UTF-8.
    void appendText(AttributeColumn& column, const char* text, std::size_t size) const;

    /// Keeps only the features whose geometry's bounds intersect `box` (touching counts; null geometries go);
    /// nothing when `box` is empty. ReadOptions::filterBox, once the reading is done.
    void keepIntersecting(const Box& box);

    std::shared_ptr<const Layer> finish(Crs crs, GeometryType declaredType);
};

} // namespace gis::detail
