#include "formsupport.h"

#include <sstream>

#include "gis/core/error.h"
#include "gis/core/numbertext.h"
#include "json.h"

namespace gis::cli {

const ProjectLayer& findProjectLayer(const Project& project, const std::string& name)
{
    std::string names;
    for (const ProjectLayer& pl : project.layers) {
        if (pl.map.name == name)
            return pl;
        names += (names.empty() ? "" : ", ") + pl.map.name;
    }
    throw Error(ErrorCode::Argument, project.path + ": no layer named \"" + name + "\" (layers: " + names + ")");
}

std::map<std::string, std::string> parseSettings(const std::vector<std::string>& options)
{
    std::map<std::string, std::string> settings;
    for (const std::string& o : options) {
        const auto eq = o.find('=');
        if (eq == std::string::npos || eq == 0)
            throw Error(ErrorCode::Argument, "--setting " + o + ": expected KEY=VALUE");
        settings[o.substr(0, eq)] = o.substr(eq + 1);
    }
    return settings;
}

FormViolation geometryViolation(std::int64_t fid, const Validity& validity)
{
    std::string where;
    if (validity.location)
        where = " at (" + generalNumber(validity.location->x, 15) + ", " + generalNumber(validity.location->y, 15) + ")";
    FormViolation v;
    v.fid = fid;
    v.hard = true;
    v.message = {"شكل هندسي غير صالح: " + validity.reason + where, "invalid geometry: " + validity.reason + where};
    return v;
}

std::string violationText(const std::string& where, const FormViolation& v)
{
    return where + ": feature " + std::to_string(v.fid) + ": " + (v.field.empty() ? "(geometry)" : v.field) + ": "
        + (v.hard ? "hard" : "soft") + ": " + v.message.en + " / " + v.message.ar;
}

std::string violationsJson(const std::vector<FormViolation>& violations)
{
    std::ostringstream out;
    out << "[";
    for (std::size_t i = 0; i < violations.size(); ++i) {
        const FormViolation& v = violations[i];
        out << (i ? ", " : "") << "{\"id\": " << v.fid << ", \"field\": " << (v.field.empty() ? "null" : Json::quote(v.field))
            << ", \"severity\": " << (v.hard ? "\"hard\"" : "\"soft\"")
            << ", \"kind\": " << Json::quote(v.field.empty() ? "geometry" : formConstraintName(v.kind))
            << ", \"message_en\": " << Json::quote(v.message.en) << ", \"message_ar\": " << Json::quote(v.message.ar)
            << "}";
    }
    out << "]";
    return out.str();
}

} // namespace gis::cli
