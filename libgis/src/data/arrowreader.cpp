#include "layerreaders.h"

#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <gdal.h>
#include <ogr_recordbatch.h>

#include "gdalsupport.h"
#include "gis/core/error.h"

// Reads a layer through GDAL's columnar Arrow C stream (RFC 86): one call per batch of 65,536 features
// instead of one per feature, and the geometries arrive as WKB ready for the flat parser.

namespace gis::detail {

namespace {

struct StreamOwner {
    ArrowArrayStream stream{};
    ~StreamOwner()
    {
        if (stream.release)
            stream.release(&stream);
    }
};

struct SchemaOwner {
    ArrowSchema schema{};
    ~SchemaOwner()
    {
        if (schema.release)
            schema.release(&schema);
    }
};

struct ArrayOwner {
    ArrowArray array{};
    ~ArrayOwner()
    {
        if (array.release)
            array.release(&array);
    }
};

enum class Kind { Int8, UInt8, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float32, Float64, Bool, Utf8, LargeUtf8,
    Binary, LargeBinary, Date32, Date64, Timestamp, Time32, Time64, Unsupported };

struct ColumnPlan {
    Kind kind = Kind::Unsupported;
    std::int64_t unitsPerMs = 1; // timestamps/times: divide (ns, us) or multiply (s) to get milliseconds
    bool multiply = false;
    int child = -1;             // index in the record batch
    AttributeColumn* target = nullptr;
    /// A date-time column whose values come from the feature API instead of the stream (see dateTimesByFid).
    const std::unordered_map<std::int64_t, std::optional<std::int64_t>>* byFid = nullptr;
};

using DateTimesByFid = std::unordered_map<std::int64_t, std::optional<std::int64_t>>;

/// Before GDAL 3.8 the generic Arrow stream writes a date-time with a time zone offset as its wall-clock time,
/// dropping the offset ("10:00+04:00" arrives as 10:00 UTC, four hours late). The values of such fields are read
/// first through the feature API with every other field and the geometry ignored (a light pass), converted to UTC
/// with their offsets (dateValueFromOgr), and taken by fid while the stream gives the rest.
std::map<int, DateTimesByFid> dateTimesByFid(OGRLayerH layer)
{
    std::map<int, DateTimesByFid> values;
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    const int fieldCount = OGR_FD_GetFieldCount(defn);
    std::vector<std::string> ignored{"OGR_GEOMETRY", "OGR_STYLE"};
    for (int f = 0; f < fieldCount; ++f) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, f);
        if (OGR_Fld_GetType(fd) == OFTDateTime)
            values[f];
        else
            ignored.emplace_back(OGR_Fld_GetNameRef(fd));
    }
    if (values.empty())
        return values;
    std::vector<const char*> names;
    for (const std::string& name : ignored)
        names.push_back(name.c_str());
    names.push_back(nullptr);
    OGR_L_SetIgnoredFields(layer, names.data());
    OGR_L_ResetReading(layer);
    while (OGRFeatureH f = OGR_L_GetNextFeature(layer)) {
        const std::int64_t fid = OGR_F_GetFID(f);
        for (auto& [field, byFid] : values) {
            int y = 0, m = 0, d = 0, h = 0, mi = 0, tz = 0;
            float sec = 0;
            std::optional<std::int64_t> v;
            if (OGR_F_IsFieldSetAndNotNull(f, field) && OGR_F_GetFieldAsDateTimeEx(f, field, &y, &m, &d, &h, &mi, &sec, &tz))
                v = dateValueFromOgr(FieldType::DateTime, y, m, d, h, mi, sec, tz);
            byFid[fid] = v;
        }
        OGR_F_Destroy(f);
    }
    OGR_L_SetIgnoredFields(layer, nullptr);
    OGR_L_ResetReading(layer);
    return values;
}

Kind kindOf(const char* f, std::int64_t& unitsPerMs, bool& multiply)
{
    const std::string format(f);
    if (format.size() == 1) {
        switch (format[0]) {
        case 'c': return Kind::Int8;
        case 'C': return Kind::UInt8;
        case 's': return Kind::Int16;
        case 'S': return Kind::UInt16;
        case 'i': return Kind::Int32;
        case 'I': return Kind::UInt32;
        case 'l': return Kind::Int64;
        case 'L': return Kind::UInt64;
        case 'f': return Kind::Float32;
        case 'g': return Kind::Float64;
        case 'b': return Kind::Bool;
        case 'u': return Kind::Utf8;
        case 'U': return Kind::LargeUtf8;
        case 'z': return Kind::Binary;
        case 'Z': return Kind::LargeBinary;
        default: return Kind::Unsupported;
        }
    }
    if (format == "tdD")
        return Kind::Date32;
    if (format == "tdm")
        return Kind::Date64;
    if (format.size() >= 3 && format[0] == 't' && (format[1] == 's' || format[1] == 't')) {
        switch (format[2]) {
        case 's': unitsPerMs = 1000; multiply = true; break;
        case 'm': unitsPerMs = 1; break;
        case 'u': unitsPerMs = 1000; break;
        case 'n': unitsPerMs = 1000000; break;
        default: return Kind::Unsupported;
        }
        if (format[1] == 's')
            return Kind::Timestamp;
        return format[2] == 's' || format[2] == 'm' ? Kind::Time32 : Kind::Time64;
    }
    return Kind::Unsupported;
}

bool arrowTimestampsKeepOffsets()
{
    static const bool keep = std::atoi(GDALVersionInfo("VERSION_NUM")) >= 3080000;
    return keep;
}

bool isValid(const ArrowArray* a, std::int64_t i)
{
    if (a->null_count == 0 || !a->buffers[0])
        return true;
    const std::int64_t bit = i + a->offset;
    return (static_cast<const std::uint8_t*>(a->buffers[0])[bit >> 3] >> (bit & 7)) & 1;
}

template <class T>
T valueAt(const ArrowArray* a, std::int64_t i)
{
    T v;
    std::memcpy(&v, static_cast<const char*>(a->buffers[1]) + (i + a->offset) * sizeof(T), sizeof(T));
    return v;
}

/// The bytes of element i of a (large) utf8/binary array.
std::pair<const char*, std::size_t> bytesAt(const ArrowArray* a, std::int64_t i, bool large)
{
    const std::int64_t k = i + a->offset;
    std::int64_t begin, end;
    if (large) {
        begin = static_cast<const std::int64_t*>(a->buffers[1])[k];
        end = static_cast<const std::int64_t*>(a->buffers[1])[k + 1];
    } else {
        begin = static_cast<const std::int32_t*>(a->buffers[1])[k];
        end = static_cast<const std::int32_t*>(a->buffers[1])[k + 1];
    }
    return {static_cast<const char*>(a->buffers[2]) + begin, static_cast<std::size_t>(end - begin)};
}

std::string timeOfDay(std::int64_t ms)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", static_cast<int>(ms / 3600000), static_cast<int>(ms / 60000 % 60),
        static_cast<int>(ms / 1000 % 60));
    return buf;
}

void appendValue(LayerBuilder& b, const ColumnPlan& plan, const ArrowArray* a, std::int64_t i)
{
    AttributeColumn& col = *plan.target;
    if (!isValid(a, i))
        return col.appendNull();
    auto toMs = [&](std::int64_t v) { return plan.multiply ? v * plan.unitsPerMs : v / plan.unitsPerMs; };
    switch (plan.kind) {
    case Kind::Int8: return col.appendInteger(valueAt<std::int8_t>(a, i));
    case Kind::UInt8: return col.appendInteger(valueAt<std::uint8_t>(a, i));
    case Kind::Int16: return col.appendInteger(valueAt<std::int16_t>(a, i));
    case Kind::UInt16: return col.appendInteger(valueAt<std::uint16_t>(a, i));
    case Kind::Int32: return col.appendInteger(valueAt<std::int32_t>(a, i));
    case Kind::UInt32: return col.appendInteger(valueAt<std::uint32_t>(a, i));
    case Kind::Int64: return col.appendInteger(valueAt<std::int64_t>(a, i));
    case Kind::UInt64: return col.appendInteger(static_cast<std::int64_t>(valueAt<std::uint64_t>(a, i)));
    case Kind::Float32: return col.appendReal(valueAt<float>(a, i));
    case Kind::Float64: return col.appendReal(valueAt<double>(a, i));
    case Kind::Bool: {
        const std::int64_t bit = i + a->offset;
        return col.appendInteger((static_cast<const std::uint8_t*>(a->buffers[1])[bit >> 3] >> (bit & 7)) & 1);
    }
    case Kind::Utf8:
    case Kind::LargeUtf8: {
        auto [p, n] = bytesAt(a, i, plan.kind == Kind::LargeUtf8);
        return b.appendText(col, p, n);
    }
    case Kind::Binary:
    case Kind::LargeBinary: {
        auto [p, n] = bytesAt(a, i, plan.kind == Kind::LargeBinary);
        return col.appendString(std::string_view(p, n));
    }
    case Kind::Date32: return col.appendInteger(valueAt<std::int32_t>(a, i));
    case Kind::Date64: return col.appendInteger(valueAt<std::int64_t>(a, i) / 86400000);
    case Kind::Timestamp: return col.appendInteger(toMs(valueAt<std::int64_t>(a, i)));
    case Kind::Time32: return col.appendString(timeOfDay(toMs(valueAt<std::int32_t>(a, i))));
    case Kind::Time64: return col.appendString(timeOfDay(toMs(valueAt<std::int64_t>(a, i))));
    case Kind::Unsupported: break;
    }
    col.appendNull();
}

std::string streamError(ArrowArrayStream& s)
{
    const char* e = s.get_last_error ? s.get_last_error(&s) : nullptr;
    return e && *e ? e : "unknown error";
}

} // namespace

bool readWithArrow(OGRLayerH layer, LayerBuilder& b)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    const int fieldCount = OGR_FD_GetFieldCount(defn);
    const char* fidName = OGR_L_GetFIDColumn(layer);
    const std::string fidColumn = fidName && *fidName ? fidName : "OGC_FID";
    std::string geomColumn;
    if (OGR_FD_GetGeomFieldCount(defn) > 0) {
        const char* g = OGR_GFld_GetNameRef(OGR_FD_GetGeomFieldDefn(defn, 0));
        geomColumn = g && *g ? g : "wkb_geometry";
    }

    const std::map<int, DateTimesByFid> dateTimes = arrowTimestampsKeepOffsets() ? std::map<int, DateTimesByFid>{}
                                                                                   : dateTimesByFid(layer);
    StreamOwner stream;
    const char* options[] = {"INCLUDE_FID=YES", "MAX_FEATURES_IN_BATCH=65536", nullptr};
    if (!OGR_L_GetArrowStream(layer, &stream.stream, const_cast<char**>(options)))
        return false;
    SchemaOwner schema;
    if (stream.stream.get_schema(&stream.stream, &schema.schema) != 0)
        return false;

    // Plan every column before reading: an attribute type we cannot take from Arrow sends the whole layer
    // to the feature loop rather than losing a field.
    int fidChild = -1, geomChild = -1;
    std::vector<ColumnPlan> plans;
    for (int f = 0; f < fieldCount; ++f) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, f);
        b.attributes.addColumn(OGR_Fld_GetNameRef(fd), fieldTypeFromOgr(OGR_Fld_GetType(fd), OGR_Fld_GetSubType(fd)));
    }
    for (std::int64_t c = 0; c < schema.schema.n_children; ++c) {
        const ArrowSchema* child = schema.schema.children[c];
        const std::string name = child->name ? child->name : "";
        if (name == fidColumn && std::strcmp(child->format, "l") == 0 && fidChild < 0) {
            fidChild = static_cast<int>(c);
            continue;
        }
        if (!geomColumn.empty() && name == geomColumn && geomChild < 0
            && (std::strcmp(child->format, "z") == 0 || std::strcmp(child->format, "Z") == 0)) {
            geomChild = static_cast<int>(c);
            continue;
        }
        const int field = b.attributes.indexOf(name);
        if (field < 0 || b.attributes.column(static_cast<std::size_t>(field)).name() != name)
            continue;
        ColumnPlan plan;
        plan.kind = kindOf(child->format, plan.unitsPerMs, plan.multiply);
        if (plan.kind == Kind::Unsupported)
            return false;
        if (plan.kind == Kind::Timestamp && !arrowTimestampsKeepOffsets()) {
            const auto it = dateTimes.find(OGR_FD_GetFieldIndex(defn, name.c_str()));
            if (it == dateTimes.end())
                return false; // a timestamp the layer does not declare a date-time: the feature loop reads it
            plan.byFid = &it->second;
        }
        plan.child = static_cast<int>(c);
        plan.target = &b.attributes.column(static_cast<std::size_t>(field));
        plans.push_back(plan);
    }
    if (plans.size() != static_cast<std::size_t>(fieldCount))
        return false;
    const bool largeGeom = geomChild >= 0 && std::strcmp(schema.schema.children[geomChild]->format, "Z") == 0;

    const GIntBig expected = OGR_L_GetFeatureCount(layer, FALSE);
    std::int64_t rowsSeen = 0;
    for (;;) {
        b.options->feedback.cancel.throwIfCancelled(("reading " + b.layerName).c_str());
        ArrayOwner batch;
        if (stream.stream.get_next(&stream.stream, &batch.array) != 0)
            throw Error(ErrorCode::Format, b.sourceName + ": layer \"" + b.layerName + "\": " + streamError(stream.stream));
        if (!batch.array.release)
            break;
        if (batch.array.length == 0) {
            // GDAL 3.6 reports some failures as an empty batch and an error, again at every call (a GeoPackage
            // table with more columns than an SQLite function takes): reading on would never end. GDAL's streams
            // end with a released array and do not send empty batches otherwise.
            const char* e = stream.stream.get_last_error ? stream.stream.get_last_error(&stream.stream) : nullptr;
            if (!e || !*e)
                break;
            if (rowsSeen == 0)
                return false; // nothing read: the feature loop reads it
            throw Error(ErrorCode::Format, b.sourceName + ": layer \"" + b.layerName + "\": " + e);
        }
        const ArrowArray& a = batch.array;
        const ArrowArray* fids = fidChild >= 0 ? a.children[fidChild] : nullptr;
        const ArrowArray* geoms = geomChild >= 0 ? a.children[geomChild] : nullptr;
        if (b.geometries.size() == 0 && geoms && a.length > 0) {
            // Point layers: one coordinate per feature, so the coordinates can be reserved exactly too. The
            // count is the file's word (a header anyone can write): no more than 16 bytes (a coordinate) a row.
            const std::size_t n = b.plausibleRows(expected, 16, static_cast<std::size_t>(a.length));
            const bool points = wkbFlatten(OGR_L_GetGeomType(layer)) == wkbPoint;
            b.geometries.reserve(n, points ? n : 0);
            for (const ColumnPlan& plan : plans)
                plan.target->reserve(n);
        }
        for (std::int64_t r = 0; r < a.length; ++r) {
            const std::int64_t row = r + a.offset;
            const std::int64_t fid = fids ? valueAt<std::int64_t>(fids, row) : rowsSeen + r;
            if (geoms) {
                const std::uint8_t* wkb = nullptr;
                std::size_t size = 0;
                if (isValid(geoms, row)) {
                    auto [p, n] = bytesAt(geoms, row, largeGeom);
                    wkb = reinterpret_cast<const std::uint8_t*>(p);
                    size = n;
                }
                if (!b.appendGeometry(fid, wkb, size))
                    continue;
            } else {
                b.geometries.appendNull();
            }
            b.addFid(fid);
            for (const ColumnPlan& plan : plans) {
                if (plan.byFid) {
                    const auto it = plan.byFid->find(fid);
                    if (it != plan.byFid->end() && it->second)
                        plan.target->appendInteger(*it->second);
                    else
                        plan.target->appendNull();
                    continue;
                }
                appendValue(b, plan, a.children[plan.child], row);
            }
        }
        rowsSeen += a.length;
        if (expected > 0)
            b.options->feedback.report(std::min(1.0, static_cast<double>(rowsSeen) / static_cast<double>(expected)));
    }
    return true;
}

} // namespace gis::detail
