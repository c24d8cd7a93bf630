#pragma once

// Private: reading JSON with the path of every value at hand, so each error names where it is
// ("layers[2].style.renderer.rules[0].filter: ...") and unknown keys are refused, not ignored.

#include <initializer_list>
#include <optional>
#include <string>

#include "gis/core/error.h"
#include "gis/project/json.h"
#include "gis/project/style.h"

namespace gis::detail {

/// A value of a document and its path. Holds a pointer into the document, which must outlive it; an absent
/// member is a node with no value (isNull()).
class JsonNode {
public:
    JsonNode(const Json* value, std::string path) : m_value(value), m_path(std::move(path)) {}
    JsonNode(const Json& value, std::string path) : m_value(&value), m_path(std::move(path)) {}

    const std::string& path() const { return m_path; }
    /// The value (a null value when absent).
    const Json& value() const;
    bool isNull() const { return !m_value || m_value->is_null(); }
    bool isString() const { return m_value && m_value->is_string(); }
    bool isNumber() const { return m_value && m_value->is_number(); }
    bool isBoolean() const { return m_value && m_value->is_boolean(); }

    [[noreturn]] void fail(const std::string& what) const { throw Error(ErrorCode::Format, m_path + ": " + what); }

    /// Checks that the value is an object whose keys are all among `allowed`.
    void object(std::initializer_list<const char*> allowed) const;
    /// Checks that the value is an object, whatever keys it has (a project keeps keys it does not know).
    void objectKeepingUnknown() const;
    /// Member `key` (null when absent or when this is not an object).
    JsonNode operator[](const char* key) const;
    JsonNode at(int index) const;
    int size() const; ///< array length; fails when not an array

    std::string string() const;
    double number() const;
    bool boolean() const;
    Color color() const;    ///< "#rrggbb", "#rrggbbaa", a CSS/SVG colour name, "rgba(r,g,b,a)", "none" (parseColor)
    Length length() const;  ///< 6 (pixels), "6px", "1.5mm"
    /// One of `choices`, returned as its index.
    int choice(std::initializer_list<const char*> choices) const;

    std::optional<std::string> optString() const { return isNull() ? std::nullopt : std::optional(string()); }
    double numberOr(double fallback) const { return isNull() ? fallback : number(); }
    bool booleanOr(bool fallback) const { return isNull() ? fallback : boolean(); }

private:
    const Json* m_value;
    std::string m_path;
};

} // namespace gis::detail
