#pragma once

#include <QString>

#include <map>

namespace gis {
struct ProjectLayer;
}

namespace viewer {

/// What the edit tools snap to: which layers (any visible vector layer, edited or not), vertices, segments or
/// both, and the tolerance in pixels. A layer is named by its source file and layer (key()), so a choice outlives
/// the session; a layer without a choice snaps while it is in edit mode. Kept in QSettings ("editing/snap*", per
/// user, not in the project: snapping is how this user digitises, not part of the map). Plain value; GUI thread
/// for load() and save() (QSettings).
class SnapSettings {
public:
    enum class Targets { Vertices, Segments, Both };

    Targets targets = Targets::Both;
    double tolerancePx = 12;
    /// key() -> snaps; a layer not listed snaps while it is in edit mode.
    std::map<QString, bool> layers;

    static QString key(const gis::ProjectLayer& layer);
    /// Whether `layer` snaps (`editing`: it is in edit mode).
    bool snaps(const gis::ProjectLayer& layer, bool editing) const;
    bool vertices() const { return targets != Targets::Segments; }
    bool segments() const { return targets != Targets::Vertices; }

    /// Read from and written to QSettings; out-of-range values read back as the defaults' nearest.
    static SnapSettings load();
    void save() const;

    static constexpr double kMinTolerancePx = 1;
    static constexpr double kMaxTolerancePx = 100;
};

} // namespace viewer
