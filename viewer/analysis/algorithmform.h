#pragma once

#include <QString>
#include <QWidget>

#include <map>
#include <string>
#include <vector>

#include "gis/analysis/algorithm.h"
#include "gis/core/box.h"

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;

namespace gis {
class Layer;
}

namespace viewer {

class MapDocument;

/// The form of one algorithm, generated from its parameter schema (gis::analysis::AlgorithmInfo), so that an
/// algorithm added to the library needs no viewer code: the input (and overlay) layer among the document's vector
/// layers, or for an InputKind::Raster algorithm the input raster among the document's raster layers' files (or
/// any file through "Browse…"); per parameter a widget of its type — Number/Integer spin boxes with the schema's range and unit, a
/// checkbox, a combo of choices, a checkable list of choices, a combo or checkable list of the chosen layer's fields,
/// an expression line edit checked as it is typed with the query engine's parser (its message, "did you mean"
/// included, shown under the field); the invalid-geometry policy; the output (empty: a new layer in memory; else a
/// file). Titles and help come from titleAr/titleEn in the interface language.
///
/// The values go out as text, exactly as `gis analyse` passes them, and ParameterValues::bind checks them again
/// in the runner: the form only helps. Widgets are named "param_<name>", their labels "label_<name>" and the
/// expression messages "message_<name>" (tests find them so). GUI thread; the document must outlive the form.
class AlgorithmForm : public QWidget {
    Q_OBJECT
public:
    AlgorithmForm(const gis::analysis::AlgorithmInfo& info, MapDocument* document, QWidget* parent = nullptr);

    const gis::analysis::AlgorithmInfo& info() const { return m_info; }
    /// The parameters as name -> text; a parameter left empty without a default is absent.
    std::map<std::string, std::string> parameterValues() const;
    int inputLayer() const; ///< -1 for an algorithm whose input is a raster (InputKind::Raster)
    /// The raster file an InputKind::Raster algorithm reads (absolute path), "" for the others or none chosen.
    QString inputRaster() const;
    /// Chooses the input raster file of an InputKind::Raster algorithm: a document raster layer's file, or any file
    /// (added to the picker, as "Browse…" does).
    void setInputRaster(const QString& path);
    int overlayLayer() const; ///< -1 when the algorithm has no overlay
    /// The further layers checked in the list of an InputKind::VectorAndLayers algorithm, in document order.
    std::vector<int> moreLayers() const;
    void setMoreLayers(const std::vector<int>& layerIds);
    /// A point picked on the map, in the map's CRS (MapDocument::crs()): written into the Point parameter `name`
    /// in the input layer's CRS. False (and the text unchanged) when the point cannot be transformed.
    bool setPickedPoint(const std::string& name, const gis::Coord& mapPoint);
    void setInputLayer(int layerId);
    void setOverlayLayer(int layerId);
    gis::analysis::InvalidPolicy invalidPolicy() const;
    void setInvalidPolicy(gis::analysis::InvalidPolicy policy);
    /// "" : a new in-memory layer; else the file to write. A raster algorithm needs a file (isComplete).
    QString outputPath() const;
    /// `replace`: the user agreed to replace the file if it exists (as the file dialog's prompt asks).
    void setOutputPath(const QString& path, bool replace = false);
    /// Whether an existing output file may be replaced: only the path the user chose and confirmed in the file
    /// dialog; a path typed by hand never replaces a file (as `gis analyse` without --overwrite).
    bool mayReplaceOutput() const;
    /// For an algorithm that makes a raster beside its layer (AlgorithmInfo::makesRasterBeside, dsm-change's
    /// difference): the GeoTIFF to write it to and add to the map ("" : not kept). Starts as a suggestion
    /// (suggestedRasterOutput). Always "" for the other algorithms.
    QString rasterBesidePath() const;
    void setRasterBesidePath(const QString& path, bool replace = false);
    bool mayReplaceRasterBeside() const; ///< as mayReplaceOutput(), for rasterBesidePath()
    /// False while an expression does not parse (its message is shown under it), a layer is missing, or a raster
    /// algorithm has no output file.
    bool isComplete() const;

    QWidget* editor(const std::string& name) const;
    QLabel* label(const std::string& name) const;
    QLabel* message(const std::string& name) const;

    /// Refills the layer pickers (and the fields of the chosen layers) from the document.
    void refreshLayers();

    /// "<project folder>/<input>_<algorithm>.tif" (beside the input's file when the project has no file yet),
    /// numbered so that it names no existing file: what a raster algorithm's output starts as.
    QString suggestedRasterOutput() const;

signals:
    void completeChanged(bool complete);
    /// The "pick on map" button of the Point parameter `name`: the next map click should go to setPickedPoint().
    void pointPickRequested(const QString& name);

private:
    struct Row {
        const gis::analysis::Parameter* parameter = nullptr;
        QWidget* editor = nullptr;
        QLabel* label = nullptr;
        QLabel* message = nullptr; ///< expressions only
    };
    QComboBox* makeLayerPicker(const char* name);
    QWidget* makeRasterInputPicker();
    bool rasterInput() const { return m_info.input == gis::analysis::InputKind::Raster; }
    QWidget* makeEditor(const gis::analysis::Parameter& p);
    QString valueOf(const Row& row) const;
    const gis::Layer* layerFor(const gis::analysis::Parameter& p) const;
    void refreshFields();
    void checkExpressions();
    QString chooseOutput();
    QString chooseRaster();
    bool rasterOutput() const { return m_info.output == gis::analysis::OutputKind::Raster; }

    gis::analysis::AlgorithmInfo m_info;
    MapDocument* m_doc;
    bool m_arabic;
    QComboBox* m_input = nullptr;       ///< vector input layer (null for a raster input)
    QComboBox* m_inputRaster = nullptr; ///< raster input file (InputKind::Raster): item data is the path
    QComboBox* m_overlay = nullptr;
    QListWidget* m_more = nullptr;
    QComboBox* m_invalid = nullptr;
    QLineEdit* m_output = nullptr;
    QString m_confirmedOutput; ///< the path whose replacement the user confirmed
    QString m_suggested;       ///< the raster output the form suggested (replaced when the input changes)
    QLineEdit* m_rasterBeside = nullptr; ///< AlgorithmInfo::makesRasterBeside only
    QString m_confirmedRasterBeside;
    QString m_suggestedBeside;
    std::vector<Row> m_rows;
    bool m_complete = false;
};

} // namespace viewer
