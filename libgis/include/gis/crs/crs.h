#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gis/core/box.h"
#include "gis/core/export.h"

GIS_API_BEGIN

namespace gis {

/// A coordinate reference system: an immutable value, cheap to copy, safe to share between threads.
///
/// Holds the definition (WKT2) and what libgis needs to know about it; PROJ objects are created per
/// thread by Transformer, never shared. Coordinates in libgis are always x/y: longitude/latitude for
/// geographic CRSs whatever axis order the authority defines.
/// A default-constructed Crs is "unknown" (isValid() false).
class Crs {
public:
    Crs() = default;

    /// Parses anything PROJ understands: "EPSG:32640", "32640" (taken as EPSG), OGC WKT1/WKT2, ESRI WKT
    /// (the contents of a .prj), PROJJSON, a PROJ string ("+proj=utm +zone=40 +datum=WGS84"), "OGC:CRS84".
    /// Throws Error(ErrorCode::Crs) naming the input ("EPSG:999999: unknown CRS (...)").
    static Crs fromUserInput(std::string_view definition);
    static Crs fromEpsg(int code);
    /// Reads a .prj (or any file holding WKT/PROJJSON). Throws Error(Io) or Error(Crs) naming the file.
    static Crs fromFile(const std::string& path);

    bool isValid() const { return m_data != nullptr; }
    /// "WGS 84 / UTM zone 40N".
    std::string name() const;
    /// "EPSG:32640" when the CRS is, or is identified as, an authority's CRS; empty otherwise.
    std::string authorityCode() const;
    /// "EPSG:32640" when known, otherwise the WKT: what to store to get this CRS back from fromUserInput().
    /// A CRS with a datum shift (TOWGS84, a PROJ "BoundCRS") is always identified by its WKT, since its
    /// authority code names only the CRS without the shift.
    std::string identifier() const;
    std::string toWkt() const;      ///< WKT2:2019
    std::string toProjJson() const; ///< PROJJSON
    bool isGeographic() const;      ///< latitude/longitude in degrees (EPSG:4326, 4979, CRS84, ...)
    bool isProjected() const;
    /// Area of use in longitude/latitude degrees, when the definition has one.
    std::optional<Box> areaOfUse() const;

    /// Same CRS (compared as PROJ "equivalent", ignoring the axis order of geographic CRSs, so EPSG:4326
    /// equals OGC:CRS84). Two unknown CRSs are equal; an unknown one equals no valid one.
    bool isEquivalentTo(const Crs& other) const;
    friend bool operator==(const Crs& a, const Crs& b) { return a.isEquivalentTo(b); }

    struct Data;

private:
    // Parses `text`; `label` names the input in error messages (the definition itself, or a file path).
    static Crs fromText(std::string_view label, std::string_view text);

    std::shared_ptr<const Data> m_data;
};

/// A CRS worth offering first to a planner in Oman, with plain-language names in both languages.
struct CrsPreset {
    std::string code;   ///< "EPSG:32640"
    std::string nameEn; ///< "UTM zone 40N (WGS 84) — metres, most of Oman"
    std::string nameAr; ///< "UTM المنطقة 40 شمال (WGS 84) — بالأمتار، معظم عُمان"
};

/// EPSG:4326, 32640, 32639, 3440, 3857 in that order.
const std::vector<CrsPreset>& omanCrsPresets();

} // namespace gis

GIS_API_END
