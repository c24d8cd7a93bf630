#pragma once

// Private: reading JSON with the path of every value at hand, so each error names where it is
// ("layers[2].style.renderer.rules[0].filter: ...") and unknown keys are refused, not ignored.

#include <QColor>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

#include <initializer_list>
#include <optional>
#include <string>

#include "gis/core/error.h"
#include "gis/render/style.h"

namespace gis::detail {

class JsonNode {
public:
    JsonNode(QJsonValue value, std::string path) : m_value(std::move(value)), m_path(std::move(path)) {}

    const std::string& path() const { return m_path; }
    const QJsonValue& value() const { return m_value; }
    bool isNull() const { return m_value.isNull() || m_value.isUndefined(); }

    [[noreturn]] void fail(const std::string& what) const { throw Error(ErrorCode::Format, m_path + ": " + what); }

    /// The value as an object whose keys are all among `allowed`.
    QJsonObject object(std::initializer_list<const char*> allowed) const;
    /// The object, whatever keys it has (a project keeps keys it does not know); fails when it is not an object.
    QJsonObject objectKeepingUnknown() const;
    /// Member `key` (null when absent).
    JsonNode operator[](const char* key) const;
    JsonNode at(int index) const;
    int size() const; ///< array length; fails when not an array

    std::string string() const;
    double number() const;
    bool boolean() const;
    QColor color() const;   ///< "#rrggbb", "#rrggbbaa", a CSS/SVG colour name, "rgba(r,g,b,a)", "none"
    Length length() const;  ///< 6 (pixels), "6px", "1.5mm"
    /// One of `choices`, returned as its index.
    int choice(std::initializer_list<const char*> choices) const;

    std::optional<std::string> optString() const { return isNull() ? std::nullopt : std::optional(string()); }
    double numberOr(double fallback) const { return isNull() ? fallback : number(); }
    bool booleanOr(bool fallback) const { return isNull() ? fallback : boolean(); }

private:
    QJsonValue m_value;
    std::string m_path;
};

} // namespace gis::detail
