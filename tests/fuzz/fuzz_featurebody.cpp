// Fuzz target: the body of a write request (gis::serve::detail::parseFeatureBody), a GeoJSON Feature read into
// the values of an edit, for a layer with one field of each type. Besides not crashing:
//  - the depth check answers before the JSON parser runs, so nothing deeper than the limit is ever parsed;
//  - every value returned is of its field's type (integers for Integer/Boolean/Date/DateTime, reals for Real,
//    text for String) and each field index is in range;
//  - with problems, each names a path under "properties." or "geometry".
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <variant>
#include <vector>

#include "gis/core/error.h"
#include "write/featurebody.h"

namespace {

void check(bool ok)
{
    if (!ok)
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace gis;
    static const std::vector<FieldInfo> fields = {{"name", FieldType::String}, {"count", FieldType::Integer},
        {"ratio", FieldType::Real}, {"day", FieldType::Date}, {"at", FieldType::DateTime}, {"ok", FieldType::Boolean},
        {"blob", FieldType::Binary}};
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const serve::detail::FeatureBody body = serve::detail::parseFeatureBody(text, fields);
        for (const auto& [k, value] : body.values) {
            check(k < fields.size());
            if (std::holds_alternative<std::monostate>(value))
                continue;
            switch (fields[k].type) {
            case FieldType::String: check(std::holds_alternative<std::string>(value)); break;
            case FieldType::Real: check(std::holds_alternative<double>(value)); break;
            case FieldType::Binary: check(false); break;
            default: check(std::holds_alternative<std::int64_t>(value)); break;
            }
        }
        for (const auto& p : body.problems)
            check(p.path.rfind("properties.", 0) == 0 || p.path == "geometry");
    } catch (const Error& e) {
        check(e.code() == ErrorCode::Format);
    }
    return 0;
}
