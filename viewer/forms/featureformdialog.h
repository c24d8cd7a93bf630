#pragma once

#include <QDialog>

#include <cstdint>
#include <memory>

#include "forms/formregistry.h"
#include "gis/data/editfeature.h"
#include "gis/data/editsession.h"

class QLabel;
class QPushButton;

namespace viewer {

class FeatureForm;
struct PhotoAccess;

/// A feature's form in a dialog with Save and Cancel (after adding a feature in edit mode). Save is refused while
/// a hard constraint is broken: the messages are listed above the buttons in the UI language and the dialog stays
/// open; soft ones only warn. The caller writes feature() into the edit session when the dialog is accepted.
/// Photos added or removed meanwhile go to the session at once through `photos` (EditController::attach), so the
/// caller takes them back with the feature when the dialog is cancelled (EditController::cancelNewFeature).
/// GUI thread only.
class FeatureFormDialog : public QDialog {
    Q_OBJECT
public:
    FeatureFormDialog(std::shared_ptr<const LayerForm> form, gis::EditFeature feature,
        std::shared_ptr<const gis::EditSnapshot> others, std::int64_t fid,
        std::shared_ptr<const PhotoAccess> photos = nullptr, QWidget* parent = nullptr);

    FeatureForm* form() const { return m_form; }
    gis::EditFeature feature() const;
    QPushButton* saveButton() const { return m_save; }
    /// What the last refused Save listed ("" before one).
    QString refusal() const;

    void accept() override;

private:
    FeatureForm* m_form;
    QLabel* m_problems;
    QPushButton* m_save;
};

} // namespace viewer
