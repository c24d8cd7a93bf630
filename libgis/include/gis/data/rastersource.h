#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "gis/core/export.h"
#include "gis/core/feedback.h"
#include "gis/data/datasource.h"
#include "gis/data/raster.h"

GIS_API_BEGIN

namespace gis {

/// A raster on disk (GeoTIFF, DEM, anything GDAL reads) as a map layer holds it: the path, its description and the
/// statistics of its bands, shared by every reader. Immutable once opened (the statistics cache is internally
/// locked): any number of threads may use one at once, each reading through its own gis::Raster (reader()). The
/// renderer colours what it reads (gis/render/rasterdraw.h).
class RasterSource {
public:
    /// Throws Error(Io/Format) naming the path when it is missing or not a raster.
    static std::shared_ptr<const RasterSource> open(const std::string& path);

    const std::string& path() const { return m_path; }
    const RasterInfo& info() const { return m_info; }
    /// A number no other RasterSource opened by this process has: the key of its tiles in a RasterTileCache
    /// (a path could be opened again after the file changed; its old tiles are then never found).
    std::uint64_t id() const { return m_id; }
    /// The overview levels of band 1 as they were when the source was opened, largest first.
    const std::vector<RasterOverview>& overviews() const { return m_overviews; }

    /// The file opened again for the calling thread (a gis::Raster is one thread's), taking the CRS found when
    /// this source was opened. Throws as Raster::open.
    Raster reader() const;

    /// Statistics of band `index`, computed once through `reader` (this source's file, open on the calling thread)
    /// and kept for every later call: sampling a big raster for each draw would be slow. Two first calls at once
    /// may both compute; neither waits on the other's reading. Throws as Raster::statistics.
    RasterStatistics statistics(const Raster& reader, int index, const CancellationToken& cancel = {}) const;

    /// Builds the missing overview levels (2, 4, 8, ... down to ~256 px), in an .ovr file beside the raster
    /// when the raster itself cannot be written. Throws Error on failure.
    ///
    /// Averaged (nearest for a paletted raster). info() keeps describing the raster as it was opened: open it
    /// again to see the new overviews; draws, which open the file each time, use them at once. Do not build
    /// while another thread or process reads the same file.
    void buildOverviews() const;

private:
    struct StatisticsCache {
        std::mutex mutex;
        std::map<int, RasterStatistics> bands;
    };
    std::string m_path;
    RasterInfo m_info;
    std::uint64_t m_id = 0;
    std::vector<RasterOverview> m_overviews;
    std::shared_ptr<StatisticsCache> m_statistics = std::make_shared<StatisticsCache>();
};

} // namespace gis

GIS_API_END
