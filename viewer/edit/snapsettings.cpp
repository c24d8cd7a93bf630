#include "snapsettings.h"

#include <QSettings>
#include <QStringList>

#include <algorithm>
#include <cmath>

#include "gis/data/layer.h"
#include "gis/project/project.h"

namespace viewer {

QString SnapSettings::key(const gis::ProjectLayer& layer)
{
    const std::string name = !layer.layer.empty() ? layer.layer : layer.map.vector ? layer.map.vector->name() : std::string();
    return QString::fromStdString(layer.sourcePath) + QLatin1Char('|') + QString::fromStdString(name);
}

bool SnapSettings::snaps(const gis::ProjectLayer& layer, bool editing) const
{
    if (!layer.available || !layer.map.vector || !layer.map.visible)
        return false;
    const auto it = layers.find(key(layer));
    return it == layers.end() ? editing : it->second;
}

SnapSettings SnapSettings::load()
{
    QSettings s;
    SnapSettings out;
    const QString targets = s.value("editing/snapTargets", "both").toString();
    out.targets = targets == "vertices" ? Targets::Vertices : targets == "segments" ? Targets::Segments : Targets::Both;
    bool ok = false;
    const double px = s.value("editing/snapTolerancePx", out.tolerancePx).toDouble(&ok);
    if (ok && std::isfinite(px))
        out.tolerancePx = std::clamp(px, kMinTolerancePx, kMaxTolerancePx);
    for (const QString& k : s.value("editing/snapLayersOn").toStringList())
        out.layers[k] = true;
    for (const QString& k : s.value("editing/snapLayersOff").toStringList())
        out.layers[k] = false;
    return out;
}

void SnapSettings::save() const
{
    QSettings s;
    s.setValue("editing/snapTargets", targets == Targets::Vertices ? "vertices" : targets == Targets::Segments ? "segments" : "both");
    s.setValue("editing/snapTolerancePx", tolerancePx);
    QStringList on, off;
    for (const auto& [k, snap] : layers)
        (snap ? on : off) << k;
    s.setValue("editing/snapLayersOn", on);
    s.setValue("editing/snapLayersOff", off);
}

} // namespace viewer
