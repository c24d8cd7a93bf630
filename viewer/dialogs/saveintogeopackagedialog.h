#pragma once

#include <QDialog>
#include <QString>
#include <QStringList>

#include "dialogs/saveplan.h"

class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;

namespace viewer {

/// Asks how to save into an existing GeoPackage: as a new layer (the default; its name editable), replacing the
/// layer of the name typed (when there is one), or replacing the whole file. Each choice says what it replaces;
/// the replacing ones are disabled, with the reason, for a file the project reads.
class SaveIntoGeoPackageDialog : public QDialog {
    Q_OBJECT
public:
    /// `layers` and `featureCounts` describe the file's layers (same order).
    SaveIntoGeoPackageDialog(const QString& path, const QStringList& layers, const QList<qint64>& featureCounts,
        const QString& layerName, bool projectSource, QWidget* parent = nullptr);
    SavePlan plan() const;

private:
    void update();

    QStringList m_layers;
    QList<qint64> m_counts;
    bool m_projectSource;
    QRadioButton* m_add;
    QRadioButton* m_replaceLayer;
    QRadioButton* m_replaceFile;
    QLineEdit* m_name;
    QLabel* m_replaceLayerText;
    QPushButton* m_okButton = nullptr;
};

} // namespace viewer
