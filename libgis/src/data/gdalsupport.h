#pragma once

// Private GDAL glue shared by the data module's readers. Only .cpp files of libgis/src/data include it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "gis/core/export.h"
#include "gis/core/handle.h"
#include "gis/crs/crs.h"
#include "gis/data/attributetable.h"
#include "gis/geom/geometrycolumn.h"

namespace gis::detail {

using DatasetHandle = UniqueHandle<void, GDALClose>;
using FeatureHandle = UniqueHandle<void, OGR_F_Destroy>;

/// Registers GDAL's drivers once per process.
void ensureGdalRegistered();

/// Collects GDAL's error and warning messages for the current thread while it lives, instead of letting
/// GDAL print them (GDAL's handler stack is thread-local).
class GdalErrorScope {
public:
    GdalErrorScope();
    ~GdalErrorScope();
    GdalErrorScope(const GdalErrorScope&) = delete;
    GdalErrorScope& operator=(const GdalErrorScope&) = delete;

    /// The last failure message, or "" when none.
    const std::string& lastError() const { return m_lastError; }
    /// Failures (CE_Failure and worse) seen so far, clear() included: a change tells a caller that the call
    /// it just made failed, though the last message may be an older one's text.
    std::size_t failures() const { return m_failures; }
    const std::vector<std::string>& warnings() const { return m_warnings; }
    void clear()
    {
        m_lastError.clear();
        m_warnings.clear();
    }

private:
    std::string m_lastError;
    std::vector<std::string> m_warnings;
    std::size_t m_failures = 0;
};

GeometryType geometryTypeFromOgr(OGRwkbGeometryType type);
FieldType fieldTypeFromOgr(OGRFieldType type, OGRFieldSubType subType);

/// The CRS of a layer or raster: its authority code when it has one, else its WKT. Invalid Crs when there
/// is none or PROJ cannot read it (the caller decides whether that matters).
Crs crsFromOgr(OGRSpatialReferenceH srs);

/// An OGR date or date-time (as OGR_F_GetFieldAsDateTimeEx gives it) as libgis keeps it: days since 1970-01-01
/// for FieldType::Date, UTC milliseconds for FieldType::DateTime with the time zone applied (OGR's tz: 100 = UTC,
/// each step 15 minutes; 0 unknown and 1 local time are taken as UTC). nullopt for an impossible month or day.
std::optional<std::int64_t> dateValueFromOgr(FieldType type, int year, int month, int day, int hour, int minute,
    float second, int tz);

/// True when `text` is valid UTF-8.
bool isValidUtf8(const char* text, std::size_t size);
/// `text` as UTF-8, recoding from `encoding` when it is not valid UTF-8 already.
std::string toUtf8(const char* text, std::size_t size, const std::string& encoding);

} // namespace gis::detail
