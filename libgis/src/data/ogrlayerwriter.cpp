#include "ogrlayerwriter.h"

#include <cstdint>

#include <cpl_string.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "gdalsupport.h"
#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/geom/wkb.h"

namespace gis::detail {

namespace {

using SrsHandle = UniqueHandle<void, OSRRelease>;
using FieldDefnHandle = UniqueHandle<void, OGR_Fld_Destroy>;
using GeometryHandle = UniqueHandle<void, OGR_G_DestroyGeometry>;
using OptionsHandle = UniqueHandle<char*, CSLDestroy>;

/// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
void civilFromDays(std::int64_t z, int& y, int& m, int& d)
{
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    y = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2));
}

OGRFieldType ogrFieldType(FieldType t)
{
    switch (t) {
    case FieldType::Integer: return OFTInteger64;
    case FieldType::Real: return OFTReal;
    case FieldType::String: return OFTString;
    case FieldType::Date: return OFTDate;
    case FieldType::DateTime: return OFTDateTime;
    case FieldType::Boolean: return OFTInteger;
    case FieldType::Binary: return OFTBinary;
    }
    return OFTString;
}

void setField(OGRFeatureH feature, int index, const AttributeColumn& column, std::size_t row)
{
    if (column.isNull(row)) {
        OGR_F_SetFieldNull(feature, index);
        return;
    }
    switch (column.type()) {
    case FieldType::Integer:
        OGR_F_SetFieldInteger64(feature, index, column.integer(row));
        break;
    case FieldType::Boolean:
        OGR_F_SetFieldInteger(feature, index, column.integer(row) != 0 ? 1 : 0);
        break;
    case FieldType::Real:
        OGR_F_SetFieldDouble(feature, index, column.real(row));
        break;
    case FieldType::String: {
        const std::string text(column.string(row));
        OGR_F_SetFieldString(feature, index, text.c_str());
        break;
    }
    case FieldType::Binary: {
        const std::string_view bytes = column.string(row);
        OGR_F_SetFieldBinary(feature, index, static_cast<int>(bytes.size()),
            reinterpret_cast<const GByte*>(bytes.data()));
        break;
    }
    case FieldType::Date: {
        int y = 0, m = 0, d = 0;
        civilFromDays(column.integer(row), y, m, d);
        OGR_F_SetFieldDateTimeEx(feature, index, y, m, d, 0, 0, 0.0f, 0);
        break;
    }
    case FieldType::DateTime: {
        const std::int64_t ms = column.integer(row);
        const std::int64_t days = (ms >= 0 ? ms : ms - 86399999) / 86400000;
        const std::int64_t msOfDay = ms - days * 86400000;
        int y = 0, m = 0, d = 0;
        civilFromDays(days, y, m, d);
        const int h = static_cast<int>(msOfDay / 3600000);
        const int mi = static_cast<int>(msOfDay / 60000 % 60);
        const float s = static_cast<float>(msOfDay % 60000) / 1000.0f;
        OGR_F_SetFieldDateTimeEx(feature, index, y, m, d, h, mi, s, 100); // 100: UTC
        break;
    }
    }
}

} // namespace

void writeOgrLayer(GDALDatasetH ds, const Layer& layer, const std::vector<std::size_t>& fields,
    const WriteSelection& selection, const std::string& layerName, LayerFormat format, const std::string& target,
    const GdalErrorScope& errors)
{
    auto fail = [&](const std::string& what) {
        const std::string why = errors.lastError().empty() ? "" : " (" + errors.lastError() + ")";
        throw Error(ErrorCode::Io, target + ": " + what + why);
    };
    SrsHandle srs;
    if (layer.crs().isValid()) {
        srs.reset(OSRNewSpatialReference(nullptr));
        OSRSetAxisMappingStrategy(srs.get(), OAMS_TRADITIONAL_GIS_ORDER);
        if (OSRSetFromUserInput(srs.get(), layer.crs().identifier().c_str()) != OGRERR_NONE)
            srs.reset();
    }
    char** rawOptions = nullptr;
    if (format == LayerFormat::Shapefile)
        rawOptions = CSLSetNameValue(rawOptions, "ENCODING", "UTF-8");
    if (format == LayerFormat::Csv) {
        rawOptions = CSLSetNameValue(rawOptions, "GEOMETRY", "AS_WKT");
        rawOptions = CSLSetNameValue(rawOptions, "CREATE_CSVT", "YES");
    }
    // A Hilbert-sorted index would reorder the features; the selection's order (nearest first) is kept.
    if (format == LayerFormat::FlatGeobuf)
        rawOptions = CSLSetNameValue(rawOptions, "SPATIAL_INDEX", "NO");
    OptionsHandle options{rawOptions};
    auto geomType = static_cast<OGRwkbGeometryType>(layer.geometryType());
    if (layer.geometries().hasZ())
        geomType = OGR_GT_SetZ(geomType);
    OGRLayerH out = GDALDatasetCreateLayer(ds, layerName.c_str(), srs.get(), geomType, options.get());
    if (!out)
        fail("cannot create layer \"" + layerName + "\"");

    // Where each field lands: some drivers add fields of their own first (KML's Name and Description) or rename
    // ours (a Shapefile's 10-character names), so the index is the field count before it was created.
    const AttributeTable& table = layer.attributes();
    std::vector<int> slots;
    for (std::size_t c : fields) {
        slots.push_back(OGR_FD_GetFieldCount(OGR_L_GetLayerDefn(out)));
        const AttributeColumn& column = table.column(c);
        FieldDefnHandle defn{OGR_Fld_Create(column.name().c_str(), ogrFieldType(column.type()))};
        if (column.type() == FieldType::Boolean)
            OGR_Fld_SetSubType(defn.get(), OFSTBoolean);
        if (OGR_L_CreateField(out, defn.get(), TRUE) != OGRERR_NONE)
            fail("cannot create field \"" + column.name() + "\"");
    }

    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(out);
    std::vector<std::uint8_t> wkb;
    auto writeRow = [&](std::size_t row) {
        if (row >= layer.size())
            throw Error(ErrorCode::Argument, target + ": row " + std::to_string(row) + " is out of range (layer \""
                + layer.name() + "\" has " + std::to_string(layer.size()) + " rows)");
        detail::FeatureHandle feature{OGR_F_Create(defn)};
        for (std::size_t i = 0; i < fields.size(); ++i)
            setField(feature.get(), slots[i], table.column(fields[i]), row);
        const GeometryRef g = layer.geometry(row);
        if (!g.column->isNull(row)) {
            wkb.clear();
            appendWkbTo(wkb, g);
            OGRGeometryH raw = nullptr;
            if (OGR_G_CreateFromWkbEx(wkb.data(), srs.get(), &raw, wkb.size()) != OGRERR_NONE)
                fail("feature " + std::to_string(layer.fid(row)) + ": GDAL refused its geometry");
            GeometryHandle geometry{raw};
            OGR_F_SetGeometryDirectly(feature.get(), geometry.release());
        }
        if (format == LayerFormat::GeoPackage)
            OGR_F_SetFID(feature.get(), layer.fid(row));
        if (OGR_L_CreateFeature(out, feature.get()) != OGRERR_NONE)
            fail("cannot write feature " + std::to_string(layer.fid(row)));
    };
    if (selection.allRows && selection.rows.empty()) {
        for (std::size_t i = 0; i < layer.size(); ++i)
            writeRow(i);
    } else {
        for (std::uint32_t i : selection.rows)
            writeRow(i);
    }
}

} // namespace gis::detail
