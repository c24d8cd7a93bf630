#pragma once

#include <QDialog>

#include "edit/snapsettings.h"

class QComboBox;
class QListWidget;
class QSpinBox;

namespace viewer {

class EditController;
class MapDocument;

/// Edit ▸ Snapping settings…: which vector layers snap (any of them, in edit mode or not; a hidden layer does not
/// snap while hidden), to vertices, segments or both, and the tolerance in pixels. settings() gives the choice;
/// the caller applies it and keeps it (SnapSettings::save). GUI thread.
class SnappingDialog : public QDialog {
    Q_OBJECT
public:
    SnappingDialog(const MapDocument* document, const EditController* edits, const SnapSettings& settings,
        QWidget* parent = nullptr);

    SnapSettings settings() const;

    // For tests and scripts: the same as clicking.
    void setLayerChecked(int layerId, bool on);
    void setTargets(SnapSettings::Targets targets);
    void setTolerance(int pixels);
    QListWidget* layerList() const { return m_layers; }

private:
    const MapDocument* m_doc;
    SnapSettings m_initial;
    QListWidget* m_layers;
    QComboBox* m_targets;
    QSpinBox* m_tolerance;
};

} // namespace viewer
