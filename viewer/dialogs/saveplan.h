#pragma once

// "Save selection as…" onto an existing file: what it may do, decided without a dialog (so it is tested).

#include <QString>
#include <QStringList>

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

/// The index of `name` in `list` ignoring case (as SQLite compares table names), or -1.
int layerIndexIgnoringCase(const QStringList& list, const QString& name);

/// `wanted` when no name in `taken` is equal to it ignoring case (as SQLite compares table names), else
/// wanted_2, wanted_3, … — the first that is free.
QString uniqueLayerName(const QString& wanted, const QStringList& taken);

/// The plan a save starts from: a new file when `path` does not exist; a NEW layer named after the selection's
/// layer (made unique) in an existing GeoPackage; replacing the file otherwise, which the caller must confirm.
SavePlan defaultSavePlan(bool exists, bool isGeoPackage, const QString& layerName, const QStringList& layersInFile);

/// Why `plan` on `path` is refused, or "" when it is allowed: a file the project reads (a layer's source or the
/// project file, compared as gis::inputWrittenBy does: links and Shapefile sets included) is never replaced,
/// neither whole nor one of its layers. Adding a new layer to one is allowed: nothing of it is lost.
/// The message is translated (context viewer::MainWindow, where it was first shown).
QString saveRefusal(const SavePlan& plan, const QString& path, const QStringList& projectFiles);

} // namespace viewer
