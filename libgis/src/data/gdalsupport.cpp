#include "gdalsupport.h"

#include <mutex>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_http.h>
#include <cpl_string.h>

#include "gis/data/datetime.h"

namespace gis::detail {

namespace {

/// Answers every HTTP request GDAL's drivers make through CPLHTTPFetch (WMS, WFS, the "HTTP" driver, GML
/// schema downloads, ...) with an error, without touching the network.
CPLHTTPResult* refuseHttp(const char* url, CSLConstList, GDALProgressFunc, void*, CPLHTTPFetchWriteFunc, void*, void*)
{
    auto* result = static_cast<CPLHTTPResult*>(CPLCalloc(1, sizeof(CPLHTTPResult)));
    result->nStatus = 1;
    result->pszErrBuf = CPLStrdup((std::string("libgis reads local files only; no network access (") + (url ? url : "") + ")").c_str());
    return result;
}

} // namespace

void ensureGdalRegistered()
{
    static std::once_flag once;
    std::call_once(once, [] {
        // Local files only, as defence in depth behind the path checks of projects (resolveDocumentPath): even
        // a path that got past them must not make GDAL reach the network or run code. See docs/projects.md.
        // /vsicurl/ and the cloud file systems built on it (/vsis3/, /vsigs/, /vsiaz/, ...) open only names
        // ending in one of these extensions; none ends so, so they open nothing and connect nowhere.
        CPLSetConfigOption("CPL_VSIL_CURL_ALLOWED_EXTENSIONS", ".libgis-network-disabled");
        // A VRT's derived bands may carry Python code: never run it.
        CPLSetConfigOption("GDAL_VRT_ENABLE_PYTHON", "NO");
        // Drivers that fetch URLs themselves go through CPLHTTPFetch: answer them with an error.
        CPLHTTPSetFetchCallback(refuseHttp, nullptr);
        GDALAllRegister();
        // Traditional GIS order (longitude, latitude) for everything GDAL hands us.
        CPLSetConfigOption("OSR_DEFAULT_AXIS_MAPPING_STRATEGY", "TRADITIONAL_GIS_ORDER");
    });
}

GdalErrorScope::GdalErrorScope()
{
    CPLPushErrorHandlerEx(
        [](CPLErr level, CPLErrorNum number, const char* message) {
            auto* self = static_cast<GdalErrorScope*>(CPLGetErrorHandlerUserData());
            if (!self)
                return;
            if (level >= CE_Failure) {
                self->m_lastError = message ? message : "";
                ++self->m_failures;
            }
            else if (level == CE_Warning && self->m_warnings.size() < 20)
                self->m_warnings.emplace_back(message ? message : "");
        },
        this);
}

GdalErrorScope::~GdalErrorScope()
{
    CPLPopErrorHandler();
}

GeometryType geometryTypeFromOgr(OGRwkbGeometryType type)
{
    switch (wkbFlatten(type)) {
    case wkbPoint: return GeometryType::Point;
    case wkbLineString: return GeometryType::LineString;
    case wkbPolygon: return GeometryType::Polygon;
    case wkbMultiPoint: return GeometryType::MultiPoint;
    case wkbMultiLineString: return GeometryType::MultiLineString;
    case wkbMultiPolygon: return GeometryType::MultiPolygon;
    case wkbGeometryCollection: return GeometryType::GeometryCollection;
    default: return GeometryType::Unknown;
    }
}

FieldType fieldTypeFromOgr(OGRFieldType type, OGRFieldSubType subType)
{
    switch (type) {
    case OFTInteger:
    case OFTInteger64: return subType == OFSTBoolean ? FieldType::Boolean : FieldType::Integer;
    case OFTReal: return FieldType::Real;
    case OFTDate: return FieldType::Date;
    case OFTDateTime: return FieldType::DateTime;
    case OFTBinary: return FieldType::Binary;
    default: return FieldType::String; // strings, times of day, lists (as their text)
    }
}

Crs crsFromOgr(OGRSpatialReferenceH srs)
{
    if (!srs)
        return {};
    try {
        const char* auth = OSRGetAuthorityName(srs, nullptr);
        const char* code = OSRGetAuthorityCode(srs, nullptr);
        if (auth && code && (EQUAL(auth, "EPSG") || EQUAL(auth, "OGC") || EQUAL(auth, "ESRI")))
            return Crs::fromUserInput(std::string(auth) + ":" + code);
        char* wkt = nullptr;
        const char* options[] = {"FORMAT=WKT2_2019", nullptr};
        if (OSRExportToWktEx(srs, &wkt, options) != OGRERR_NONE || !wkt) {
            CPLFree(wkt);
            return {};
        }
        std::string text(wkt);
        CPLFree(wkt);
        return Crs::fromUserInput(text);
    } catch (const std::exception&) {
        return {};
    }
}

std::optional<std::int64_t> dateValueFromOgr(FieldType type, int year, int month, int day, int hour, int minute,
    float second, int tz)
{
    if (month < 1 || month > 12 || day < 1 || day > 31)
        return std::nullopt;
    const std::int64_t days = daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    if (type == FieldType::Date)
        return days;
    std::int64_t ms = days * 86400000 + (hour * 3600 + minute * 60) * 1000LL
        + static_cast<std::int64_t>(second * 1000 + 0.5);
    if (tz > 1)
        ms -= (tz - 100) * 15 * 60000LL;
    return ms;
}

bool isValidUtf8(const char* s, std::size_t n)
{
    const auto* p = reinterpret_cast<const unsigned char*>(s);
    std::size_t i = 0;
    while (i < n) {
        const unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len;
        std::uint32_t cp;
        if ((c & 0xE0) == 0xC0) {
            len = 2;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + len > n)
            return false;
        for (std::size_t k = 1; k < len; ++k) {
            if ((p[i + k] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF
            || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += len;
    }
    return true;
}

std::string toUtf8(const char* text, std::size_t size, const std::string& encoding)
{
    if (isValidUtf8(text, size) || encoding.empty())
        return std::string(text, size);
    std::string input(text, size); // CPLRecode needs a terminated string
    char* recoded = CPLRecode(input.c_str(), encoding.c_str(), CPL_ENC_UTF8);
    std::string out = recoded ? recoded : "";
    CPLFree(recoded);
    return out;
}

} // namespace gis::detail
