#include "gis/crs/crs.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "gis/core/error.h"
#include "projcontext.h"

namespace gis {

/// Only plain values: PROJ objects belong to one context (one thread), a Crs may be shared by many.
struct Crs::Data {
    std::string name;
    std::string authorityCode;
    std::string wkt;      // WKT2:2019 of the object as parsed (a BoundCRS keeps its datum shift)
    std::string projJson;
    bool geographic = false;
    bool projected = false;
    // The code names only the source of a BoundCRS; reading the code back would drop the datum shift.
    bool bound = false;
    std::optional<Box> areaOfUse;
};

namespace {

using detail::PjHandle;
using detail::ProjContext;

// Identification below this is "similar" rather than "the same CRS" (PROJ's own scale: 100 same name
// and definition, 90 same definition with another name, 70 and less only resemblance).
constexpr int kMinIdentifyConfidence = 90;
// A .prj is a few hundred bytes; anything this large is not a CRS and not worth handing to PROJ.
constexpr std::streamoff kMaxCrsFileBytes = 1 << 20;

std::string_view trimmed(std::string_view s)
{
    if (s.substr(0, 3) == "\xEF\xBB\xBF") // UTF-8 BOM, as some Windows tools write .prj files
        s.remove_prefix(3);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

[[noreturn]] void throwUnknown(std::string_view label, const std::string& reason)
{
    label = trimmed(label);
    const std::string shown = label.empty() ? std::string("\"\"") : detail::shortened(label);
    throw Error(ErrorCode::Crs, shown + ": unknown CRS (" + reason + ")");
}

bool allDigits(std::string_view s)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// WKT starts with a keyword and a bracket: GEOGCS[, PROJCRS[, BOUNDCRS[ ...
bool looksLikeWkt(std::string_view s)
{
    std::size_t i = 0;
    while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_'))
        ++i;
    return i > 0 && i < s.size() && (s[i] == '[' || s[i] == '(');
}

PjHandle createFromText(ProjContext& ctx, std::string_view label, std::string_view text)
{
    ctx.clearError();
    if (looksLikeWkt(text)) {
        // STRICT=NO accepts the WKT1 that real .prj files contain (ESRI dialect, missing units, ...).
        const char* const options[] = {"STRICT=NO", nullptr};
        PROJ_STRING_LIST rawWarnings = nullptr;
        PROJ_STRING_LIST rawErrors = nullptr;
        PjHandle pj{proj_create_from_wkt(ctx.get(), std::string(text).c_str(), options, &rawWarnings, &rawErrors)};
        const detail::PjStringListHandle warnings{rawWarnings};
        const detail::PjStringListHandle errors{rawErrors};
        if (!pj)
            throwUnknown(label, errors && errors.get()[0] ? errors.get()[0] : ctx.lastError());
        return pj;
    }
    std::string definition(text);
    if (allDigits(text))
        definition = "EPSG:" + definition;
    // Without +type=crs PROJ reads a PROJ string as a conversion, not as a CRS.
    if (definition.front() == '+' && definition.find("type=crs") == std::string::npos)
        definition += " +type=crs";
    PjHandle pj{proj_create(ctx.get(), definition.c_str())};
    if (!pj)
        throwUnknown(label, ctx.lastError());
    return pj;
}

std::string idOf(const PJ* obj)
{
    const char* auth = proj_get_id_auth_name(obj, 0);
    const char* code = proj_get_id_code(obj, 0);
    return auth && code ? std::string(auth) + ":" + code : std::string();
}

std::optional<Box> areaOf(ProjContext& ctx, const PJ* obj)
{
    double west = 0, south = 0, east = 0, north = 0;
    if (!obj || !proj_get_area_of_use(ctx.get(), obj, &west, &south, &east, &north, nullptr))
        return std::nullopt;
    if (west <= -1000 || south <= -1000) // PROJ's "unknown" marker
        return std::nullopt;
    // Box cannot wrap around the antimeridian: such an area spans all longitudes for us.
    if (west > east) {
        west = -180;
        east = 180;
    }
    return Box(west, south, east, north);
}

// The best EPSG match that PROJ considers the same CRS, e.g. ESRI "GCS_WGS_1984" -> EPSG:4326.
PjHandle identify(ProjContext& ctx, const PJ* crs)
{
    int* rawConfidence = nullptr;
    const detail::PjObjListHandle list{proj_identify(ctx.get(), crs, "EPSG", nullptr, &rawConfidence)};
    const detail::PjIntListHandle confidence{rawConfidence};
    if (!list || !confidence)
        return nullptr;
    const int count = proj_list_get_count(list.get());
    // Sorted by decreasing confidence: the first is the best.
    if (count > 0 && confidence.get()[0] >= kMinIdentifyConfidence)
        return PjHandle{proj_list_get(ctx.get(), list.get(), 0)};
    return nullptr;
}

std::string stringOrEmpty(const char* text)
{
    return text ? std::string(text) : std::string();
}

Crs::Data describe(ProjContext& ctx, std::string_view label, const PJ* obj)
{
    Crs::Data data;
    // A BoundCRS (a CRS with TOWGS84) is kept whole for transforming, but it *is* its source CRS to a user.
    PjHandle boundSource;
    const PJ* crs = obj;
    if (proj_get_type(obj) == PJ_TYPE_BOUND_CRS) {
        data.bound = true;
        boundSource.reset(proj_get_source_crs(ctx.get(), obj));
        if (!boundSource)
            throwUnknown(label, "bound CRS without a source CRS");
        crs = boundSource.get();
    }
    // A compound CRS (horizontal + height) is geographic or projected according to its horizontal part.
    PjHandle horizontal;
    PJ_TYPE type = proj_get_type(crs);
    if (type == PJ_TYPE_COMPOUND_CRS) {
        horizontal.reset(proj_crs_get_sub_crs(ctx.get(), crs, 0));
        if (horizontal)
            type = proj_get_type(horizontal.get());
    }
    data.geographic = type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS;
    data.projected = type == PJ_TYPE_PROJECTED_CRS;
    data.name = stringOrEmpty(proj_get_name(crs));

    data.authorityCode = idOf(crs);
    data.areaOfUse = areaOf(ctx, obj);
    if (!data.areaOfUse && crs != obj)
        data.areaOfUse = areaOf(ctx, crs);
    if (data.authorityCode.empty()) {
        if (const PjHandle match = identify(ctx, crs)) {
            data.authorityCode = idOf(match.get());
            // A .prj carries no area of use; the registry's entry for the same CRS does (the objects
            // proj_identify returns do not carry it, so read the entry itself).
            if (!data.areaOfUse) {
                const PjHandle entry{proj_create_from_database(ctx.get(), proj_get_id_auth_name(match.get(), 0),
                                                               proj_get_id_code(match.get(), 0), PJ_CATEGORY_CRS,
                                                               false, nullptr)};
                data.areaOfUse = areaOf(ctx, entry.get());
            }
        }
    }

    const char* const options[] = {"MULTILINE=NO", nullptr};
    data.wkt = stringOrEmpty(proj_as_wkt(ctx.get(), obj, PJ_WKT2_2019, options));
    data.projJson = stringOrEmpty(proj_as_projjson(ctx.get(), obj, options));
    if (data.wkt.empty() && data.projJson.empty())
        throwUnknown(label, "PROJ cannot write it as WKT2 or PROJJSON: " + ctx.lastError());
    return data;
}

} // namespace

Crs Crs::fromText(std::string_view label, std::string_view text)
{
    text = trimmed(text);
    if (text.empty())
        throwUnknown(label, "empty definition");
    ProjContext& ctx = detail::threadProjContext();
    const PjHandle obj = createFromText(ctx, label, text);
    if (!proj_is_crs(obj.get()))
        throwUnknown(label, "this is not a coordinate reference system");
    Crs crs;
    crs.m_data = std::make_shared<const Crs::Data>(describe(ctx, label, obj.get()));
    return crs;
}

Crs Crs::fromUserInput(std::string_view definition)
{
    return fromText(definition, definition);
}

Crs Crs::fromEpsg(int code)
{
    return fromUserInput("EPSG:" + std::to_string(code));
}

Crs Crs::fromFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(ErrorCode::Io, path + ": cannot open CRS file (" + std::strerror(errno) + ")");
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    if (size > kMaxCrsFileBytes)
        throw Error(ErrorCode::Crs, path + ": unknown CRS (file too large for a CRS definition)");
    in.seekg(0, std::ios::beg);
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad())
        throw Error(ErrorCode::Io, path + ": cannot read CRS file");
    return fromText(path, text.str());
}

std::string Crs::name() const
{
    return m_data ? m_data->name : std::string();
}

std::string Crs::authorityCode() const
{
    return m_data ? m_data->authorityCode : std::string();
}

std::string Crs::identifier() const
{
    if (!m_data)
        return {};
    return m_data->authorityCode.empty() || m_data->bound ? m_data->wkt : m_data->authorityCode;
}

std::string Crs::toWkt() const
{
    return m_data ? m_data->wkt : std::string();
}

std::string Crs::toProjJson() const
{
    return m_data ? m_data->projJson : std::string();
}

bool Crs::isGeographic() const
{
    return m_data && m_data->geographic;
}

bool Crs::isProjected() const
{
    return m_data && m_data->projected;
}

std::optional<Box> Crs::areaOfUse() const
{
    return m_data ? m_data->areaOfUse : std::nullopt;
}

bool Crs::isEquivalentTo(const Crs& other) const
{
    if (m_data == other.m_data)
        return true; // the same value, or both unknown
    if (!m_data || !other.m_data)
        return false;
    if (m_data->wkt == other.m_data->wkt && !m_data->wkt.empty())
        return true;
    ProjContext& ctx = detail::threadProjContext();
    const PjHandle a = detail::createPj(ctx, *this);
    const PjHandle b = detail::createPj(ctx, other);
    return proj_is_equivalent_to_with_ctx(ctx.get(), a.get(), b.get(), PJ_COMP_EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS);
}

} // namespace gis
