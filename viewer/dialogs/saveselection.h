#pragma once

// "Save selection as…" onto an existing file: what it may do, decided without a dialog (so it is tested), and the
// dialog that asks how to save into an existing GeoPackage.

#include <QDialog>
#include <QString>
#include <QStringList>

class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;

namespace viewer {

/// What a save does to the file the user chose.
enum class SaveAction {
    NewFile,      ///< the file does not exist: create it
    AddLayer,     ///< add a layer to an existing GeoPackage, leaving its other layers as they are
    ReplaceLayer, ///< replace one layer of an existing GeoPackage
    ReplaceFile,  ///< replace an existing file whole (every layer of a GeoPackage)
};

struct SavePlan {
    SaveAction action = SaveAction::NewFile;
    QString layerName; ///< the layer inside a GeoPackage (AddLayer, ReplaceLayer); "" elsewhere
};

/// `wanted` when no name in `taken` is equal to it ignoring case (as SQLite compares table names), else
/// wanted_2, wanted_3, … — the first that is free.
QString uniqueLayerName(const QString& wanted, const QStringList& taken);

/// The plan a save starts from: a new file when `path` does not exist; a NEW layer named after the selection's
/// layer (made unique) in an existing GeoPackage; replacing the file otherwise, which the caller must confirm.
SavePlan defaultSavePlan(bool exists, bool isGeoPackage, const QString& layerName, const QStringList& layersInFile);

/// Why `plan` on `path` is refused, or "" when it is allowed: a file the project reads (a layer's source or the
/// project file, compared as gis::inputWrittenBy does: links and Shapefile sets included) is never replaced,
/// neither whole nor one of its layers. Adding a new layer to one is allowed: nothing of it is lost.
/// The message is translated (context viewer::MainWindow).
QString saveRefusal(const SavePlan& plan, const QString& path, const QStringList& projectFiles);

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
