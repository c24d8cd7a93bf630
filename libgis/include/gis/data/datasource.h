#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gis/core/box.h"
#include "gis/core/export.h"
#include "gis/core/feedback.h"
#include "gis/crs/crs.h"
#include "gis/data/attributetable.h"
#include "gis/data/layer.h"
#include "gis/geom/geometrycolumn.h"

GIS_API_BEGIN

namespace gis {

/// What a vector layer is, without reading its features.
struct LayerInfo {
    std::string name;
    GeometryType geometryType = GeometryType::Unknown;
    /// The source's own count, -1 when it cannot tell without reading. Metadata (a GeoPackage's
    /// gpkg_ogr_contents, a header): it may be stale or forged; a read's LoadReport says what was found.
    std::int64_t featureCount = -1;
    Crs crs;                        ///< invalid when the source has none or it is not understood
    Box extent;                     ///< as the format knows it without a scan; empty for an empty layer or when a scan
                                    ///< would be needed (a CSV): Layer::extent() of the read layer is exact
    std::vector<FieldInfo> fields;
};

/// What a raster is: size, bands, georeferencing.
struct RasterInfo {
    std::string name; ///< file name, or the subdataset name inside a container
    int width = 0;
    int height = 0;
    int bands = 0;
    std::string dataType;              ///< GDAL type of band 1: "Byte", "Int16", "Float32", ...
    std::array<double, 6> geoTransform{0, 1, 0, 0, 0, 1};
    bool hasGeoTransform = false;
    Crs crs;
    Box extent;                        ///< from the geotransform; empty without one
    std::vector<std::optional<double>> nodata; ///< per band
    int overviews = 0;                 ///< overview levels of band 1
};

/// A condition a database evaluates while reading (gis/query/sqlfilter.h makes one from a filter expression):
/// an SQL boolean expression over the layer's columns with $1…$n placeholders, and their values in PostgreSQL
/// text form (nullopt: NULL). The values are always bound, never put into the SQL text.
struct ServerFilter {
    std::string where;
    std::vector<std::optional<std::string>> params;
    bool empty() const { return where.empty(); }
};

/// How to read a layer.
struct ReadOptions {
    /// Source text encoding when the file does not say (a Shapefile without .cpg or language id, a CSV).
    /// Empty: what the file declares, else UTF-8; text that is still not valid UTF-8 is then read as
    /// `fallbackEncoding`.
    std::string encoding;
    std::string fallbackEncoding = "CP1256"; ///< Windows Arabic, the common legacy encoding here
    /// Throw Error(Format), naming the file, the layer and the feature, at the first thing the layer's
    /// LoadReport would otherwise record: a skipped feature, a geometry read as null because it cannot be
    /// read, a repaired value, or fewer features than the source's own count promises (a truncated file).
    /// False (the default): read what can be read and record the rest in Layer::report().
    bool strict = false;
    /// The older name of `strict`, from when only bad geometries were checked: false behaves as strict = true.
    bool skipBadFeatures = true;
    /// Read through a fast columnar path: libgis's own GeoPackage reader for GeoPackage tables (see
    /// useGeoPackageReader), else GDAL's Arrow stream. False uses GDAL's feature-by-feature loop.
    bool useArrow = true;
    /// With useArrow: read a table of a local GeoPackage file straight from SQLite, in two threads when it is
    /// large, instead of through GDAL's Arrow stream (GDAL still gives the fields and the CRS). Layers it does
    /// not take (views, unusual field types, a file SQLite cannot read) go through GDAL anyway. It differs from
    /// GDAL 3.6's Arrow stream where that stream is wrong, and agrees there with GDAL's feature API: booleans
    /// after a batch's first row are read (the stream leaves them false), a date-time's UTC offset is applied,
    /// invalid dates are null (not 1970-01-01), REAL(Float32) and SMALLINT values are kept as stored (not
    /// rounded to a float or wrapped to 16 bits). A blob that is not a GeoPackage geometry is a skipped, reported
    /// feature where GDAL reads a silent null geometry.
    bool useGeoPackageReader = true;
    /// Build the layer's R-tree (false: see Layer's constructor; for layers that are only scanned).
    bool buildIndex = true;
    /// PostgreSQL sources (given to DataSource::open): layers() counts each layer's rows (count(*)) and measures
    /// its extent (ST_Extent), a full scan of every table. False (the default): the server's estimates
    /// (pg_class.reltuples, ST_EstimatedExtent; -1 / empty when the table was never analysed). Other sources
    /// ignore it.
    bool exactCounts = false;
    /// Keep only the features whose geometry's bounding box intersects this box (touching counts; in the
    /// layer's CRS); features without a geometry are dropped. Empty (the default): every feature. A PostgreSQL
    /// source asks the server (`geom && ST_MakeEnvelope(…)`, so its spatial index is used) and checks the exact
    /// boxes as well; other sources read the layer and keep what intersects.
    Box filterBox;
    /// PostgreSQL sources: AND this condition into the read's SELECT. Any other source given a non-empty one
    /// throws Error(Argument) (it cannot evaluate SQL; filter the read layer instead).
    ServerFilter serverFilter;
    Feedback feedback;
};

/// An open data source: any vector or raster format GDAL reads, or a PostgreSQL/PostGIS database ("PG:…" or a
/// postgresql:// URI, gis::pg::isPostgresSource), which is read through libpq, not GDAL (docs/postgis.md): its
/// layers are "schema.table" (a table of the search path also answers to its bare name) and it has no rasters.
///
/// Not thread-safe: use one DataSource per thread. Layers it reads are independent of it and may outlive it.
/// Every failure throws gis::Error naming the path (and layer): a missing file (Io), a file that is not what
/// it claims to be (Format), a Shapefile missing its .shx or whose .dbf disagrees with its .shp (Format).
class DataSource {
public:
    static DataSource open(const std::string& path, const ReadOptions& options = {});
    ~DataSource();
    DataSource(DataSource&&) noexcept;
    DataSource& operator=(DataSource&&) noexcept;

    const std::string& path() const;
    std::string driverName() const; ///< "GPKG", "ESRI Shapefile", "GeoJSON", ...

    std::vector<LayerInfo> layers() const;
    std::vector<RasterInfo> rasters() const;

    /// Reads a whole vector layer into memory (geometries, attributes, index). What could not be read as
    /// stored is in the layer's report(): each feature skipped, kept without its geometry or repaired (id and
    /// reason), and features the source's own count promises that the read never reached. Counts from
    /// metadata size nothing beyond what the file could hold. With options.strict, the first such problem
    /// throws Error(Format) naming the file, the layer and the feature instead.
    std::shared_ptr<const Layer> readLayer(std::string_view name, const ReadOptions& options = {}) const;
    /// The index in layers() of the layer readLayer(name) reads (a PostgreSQL table of the search path also
    /// answers to its bare name). Throws Error(Argument) listing the layers when there is none.
    std::size_t layerIndex(std::string_view name) const;
    std::shared_ptr<const Layer> readLayer(std::size_t index, const ReadOptions& options = {}) const;

private:
    struct Impl;
    explicit DataSource(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

/// Shorthand: opens `path` and reads its layer `layerName` (or its only/first layer when empty).
std::shared_ptr<const Layer> readLayer(const std::string& path, std::string_view layerName = {},
    const ReadOptions& options = {});

} // namespace gis

GIS_API_END
