#include "layerreaders.h"

#include <cstring>
#include <vector>

#include "gdalsupport.h"
#include "gis/core/error.h"

namespace gis::detail {

namespace {

void appendField(LayerBuilder& b, AttributeColumn& col, OGRFeatureH f, int i)
{
    if (!OGR_F_IsFieldSetAndNotNull(f, i))
        return col.appendNull();
    switch (col.type()) {
    case FieldType::Integer:
    case FieldType::Boolean: return col.appendInteger(OGR_F_GetFieldAsInteger64(f, i));
    case FieldType::Real: return col.appendReal(OGR_F_GetFieldAsDouble(f, i));
    case FieldType::Date:
    case FieldType::DateTime: {
        int y = 0, m = 0, d = 0, h = 0, mi = 0, tz = 0;
        float s = 0;
        if (!OGR_F_GetFieldAsDateTimeEx(f, i, &y, &m, &d, &h, &mi, &s, &tz))
            return col.appendNull();
        const std::optional<std::int64_t> v = dateValueFromOgr(col.type(), y, m, d, h, mi, s, tz);
        return v ? col.appendInteger(*v) : col.appendNull();
    }
    case FieldType::Binary: {
        int n = 0;
        const GByte* p = OGR_F_GetFieldAsBinary(f, i, &n);
        return col.appendString(std::string_view(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)));
    }
    case FieldType::String: {
        const char* s = OGR_F_GetFieldAsString(f, i);
        return b.appendText(col, s, std::strlen(s));
    }
    }
}

} // namespace

void readWithFeatures(OGRLayerH layer, LayerBuilder& b)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    const int fieldCount = OGR_FD_GetFieldCount(defn);
    for (int f = 0; f < fieldCount; ++f) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, f);
        b.attributes.addColumn(OGR_Fld_GetNameRef(fd), fieldTypeFromOgr(OGR_Fld_GetType(fd), OGR_Fld_GetSubType(fd)));
    }
    const GIntBig expected = OGR_L_GetFeatureCount(layer, FALSE);
    std::vector<unsigned char> wkb;
    std::int64_t seen = 0;
    // This loop's own error scope: an error GDAL raises while it reads a feature is about that feature.
    GdalErrorScope errors;
    OGR_L_ResetReading(layer);
    for (;;) {
        const std::size_t failures = errors.failures();
        FeatureHandle feature{OGR_L_GetNextFeature(layer)};
        const bool failed = errors.failures() != failures;
        if (!feature) {
            // GDAL stops at a failure it cannot read past (a truncated .dbf): the features after it are
            // missing, and the count check (DataSource) says how many.
            if (failed) {
                const std::string why = "reading stopped after " + std::to_string(seen) + " features: " + errors.lastError();
                if (seen == 0 || b.strict()) // nothing to show: an error, as when the file cannot be opened
                    throw Error(ErrorCode::Format, b.sourceName + ": layer \"" + b.layerName + "\": " + why);
                b.report.stoppedEarly = true;
                b.addProblem(why);
            }
            break;
        }
        OGRFeatureH f = feature.get();
        if ((++seen & 4095) == 0) {
            b.options->feedback.cancel.throwIfCancelled(("reading " + b.layerName).c_str());
            if (expected > 0)
                b.options->feedback.report(std::min(1.0, static_cast<double>(seen) / static_cast<double>(expected)));
        }
        const std::int64_t fid = OGR_F_GetFID(f) == OGRNullFID ? seen - 1 : OGR_F_GetFID(f);
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        bool kept = true;
        if (g) {
            wkb.resize(static_cast<std::size_t>(OGR_G_WkbSize(g)));
            if (OGR_G_ExportToIsoWkb(g, wkbNDR, wkb.data()) != OGRERR_NONE) {
                b.skipFeature(fid, "geometry cannot be exported");
                continue;
            }
            kept = b.appendGeometry(fid, wkb.data(), wkb.size());
            if (kept && failed) // GDAL complained and still gave a geometry: something was read around
                b.repairFeature(fid, "read despite an error: " + errors.lastError());
        } else {
            b.geometries.appendNull();
            // GDAL makes a geometry it cannot read a null one (a bad .shx offset, a corrupt blob), and says
            // so only through its error handler.
            if (failed)
                b.nullGeometry(fid, errors.lastError());
        }
        if (!kept)
            continue;
        b.addFid(fid);
        for (int i = 0; i < fieldCount; ++i)
            appendField(b, b.attributes.column(static_cast<std::size_t>(i)), f, i);
    }
}

} // namespace gis::detail
