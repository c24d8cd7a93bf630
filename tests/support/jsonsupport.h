#pragma once

// Tests build JSON with Qt (QJsonObject literals read well) and compare what the library's JSON (gis::Json,
// nlohmann) holds: the two meet here, through the text, so each side is checked by the other's parser.

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "gis/project/json.h"

namespace gis::test {

inline Json fromQt(const QJsonObject& object)
{
    return parseJson(QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString(), "test");
}

inline QJsonObject toQt(const Json& json)
{
    return QJsonDocument::fromJson(QByteArray::fromStdString(jsonText(json))).object();
}

} // namespace gis::test
