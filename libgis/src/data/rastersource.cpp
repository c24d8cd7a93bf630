#include "gis/data/rastersource.h"

#include <atomic>

namespace gis {

std::shared_ptr<const RasterSource> RasterSource::open(const std::string& path)
{
    const Raster raster = Raster::open(path);
    auto source = std::make_shared<RasterSource>();
    source->m_path = path;
    source->m_info = raster.info();
    source->m_overviews = raster.overviews();
    static std::atomic<std::uint64_t> next{1};
    source->m_id = next.fetch_add(1);
    return source;
}

Raster RasterSource::reader() const
{
    Raster raster = Raster::open(m_path);
    raster.assignCrs(m_info.crs);
    return raster;
}

RasterStatistics RasterSource::statistics(const Raster& reader, int index, const CancellationToken& cancel) const
{
    {
        const std::lock_guard lock(m_statistics->mutex);
        if (const auto it = m_statistics->bands.find(index); it != m_statistics->bands.end())
            return it->second;
    }
    // Computed outside the lock: two first draws at once may both compute, but neither waits on the other's I/O.
    const RasterStatistics stats = reader.statistics(index, cancel);
    const std::lock_guard lock(m_statistics->mutex);
    return m_statistics->bands.emplace(index, stats).first->second;
}

void RasterSource::buildOverviews() const
{
    Raster::buildOverviews(m_path);
}

} // namespace gis
