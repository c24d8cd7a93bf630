#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "analysis/toolboxrun.h"
#include "gis/analysis/algorithm.h"
#include "gis/project/style.h"
#include "map/latestjobthread.h"

namespace viewer {

class MapDocument;

/// What the toolbox asks a runner to do: an algorithm, the document's layers it reads, the parameters as text (as
/// on the command line), the invalid-geometry policy and where the output goes.
struct AnalysisRequest {
    std::string algorithm;                          ///< a gis::analysis id
    int inputLayer = -1;                            ///< a MapDocument layer id (not for a raster input)
    /// The raster file an InputKind::Raster algorithm reads (RunInputs::inputRaster); inputLayer is then unused.
    QString inputRaster;
    int overlayLayer = -1;                          ///< for algorithms with an overlay; -1: none
    std::vector<int> moreLayers;                    ///< for InputKind::VectorAndLayers (merge): the further layers
    std::map<std::string, std::string> parameters;  ///< name -> text; ParameterValues::bind checks them
    gis::analysis::InvalidPolicy invalid = gis::analysis::InvalidPolicy::Stop;
    /// "" : a new in-memory layer; else also written to this file. A raster algorithm needs one (a GeoTIFF).
    QString outputPath;
    /// For an algorithm that makes a raster beside its layer (AlgorithmInfo::makesRasterBeside: dsm-change's
    /// difference): "" drops it; else it is written there as a GeoTIFF and added to the map under the layer.
    QString rasterBesidePath;
    unsigned threads = 0;                           ///< 0: every usable core (RunOptions::threads)
    std::string rerunOf;                            ///< the history record this run repeats ("" for a new run)
};

/// A request resolved on the GUI thread: the layers' data (shared, immutable) and what the record needs.
struct AnalysisJob {
    std::uint64_t serial = 0;
    AnalysisRequest request;
    std::shared_ptr<const gis::Layer> input;
    std::shared_ptr<const gis::Layer> overlay;
    std::vector<std::shared_ptr<const gis::Layer>> more;
    std::vector<std::string> documentFiles; ///< files the document reads: an output never replaces one
    ToolboxRun record;                      ///< filled as far as the GUI thread knows it
    gis::CancellationToken cancel;          ///< this run's: cancelling it never drops a job not yet started
};

/// Runs one gis::analysis algorithm at a time off the GUI thread (the viewer's LatestJobThread) and adds its
/// result to the document as a new layer, named "<algorithm title> – <input>" in the interface language (both
/// languages kept as the layer's titles) and with the default style of its geometry type. A file output goes
/// through data's atomic writer, refused when it would touch a file the document reads. A raster result
/// (OutputKind::Raster, the heatmap) is written as a GeoTIFF (gis::writeGeoTiff) to the output path, which it
/// needs, and added as a raster layer drawn single-band with a style fitting the algorithm (rasterResultStyle).
/// An algorithm whose input is a raster (slope, hillshade, raster calculator...) reads AnalysisRequest::inputRaster.
/// The raster a vector algorithm makes beside its layer (dsm-change's difference) is written to
/// AnalysisRequest::rasterBesidePath after the layer and added under it (rasterBesideStyle).
///
/// Progress and cancel go through RunOptions::feedback; a cancelled run adds nothing and writes nothing. Errors
/// (which name the layer, feature, field or parameter) come back as failed(); the features the invalid policy
/// skipped or repaired are in invalidReport() after each run. GUI thread; the document must outlive the runner.
/// The style the toolbox gives a raster result of `algorithm`: hillshade grey, slope yellow to red, aspect a
/// spectral ramp, the others (calculator, reclassify) viridis; each single-band and stretched over its values;
/// a density (heatmap) white to red.
gis::RasterStyle rasterResultStyle(const std::string& algorithm);
/// The style of the raster `algorithm` made beside its layer, run with `values`: dsm-change's difference as a
/// signed change (gis::signedChangeRasterStyle over ±`extreme`, its largest |value|, transparent under the run's
/// height threshold, so that only what the change polygons outline is coloured); others viridis, 2–98 %.
gis::RasterStyle rasterBesideStyle(const std::string& algorithm, const std::map<std::string, std::string>& values,
    double extreme);

class AnalysisRunner : public QObject {
    Q_OBJECT
public:
    explicit AnalysisRunner(MapDocument* document, QObject* parent = nullptr);
    ~AnalysisRunner() override;

    /// Starts a run; false (and failed()) when the request names no usable layer or a run is already going.
    bool start(const AnalysisRequest& request);
    /// Asks the run to stop; cancelled() follows once the worker has let go.
    void cancel();
    bool isRunning() const { return m_running; }

    /// One line per feature the invalid policy acted on in the last run, in the interface language.
    const QStringList& invalidReport() const { return m_invalid; }
    /// The library's warnings of the last run (features without geometry...).
    const QStringList& warnings() const { return m_warnings; }

signals:
    void started();
    void progressChanged(int percent);
    /// The run succeeded and its layer `layerId` is in the document.
    void finished(int layerId);
    void failed(const QString& message);
    void cancelled();
    /// After finished(): what the run did, already recorded in the project's history (run.recordId) unless
    /// recording failed (then failed() said why, the layer staying in the map).
    void runFinished(const viewer::ToolboxRun& run);

private:
    struct Outcome;
    void work(AnalysisJob& job, const gis::CancellationToken& token);
    void apply(const std::shared_ptr<Outcome>& outcome);
    int addLayer(const Outcome& outcome);

    MapDocument* m_doc;
    bool m_running = false;
    bool m_cancelRequested = false;
    std::uint64_t m_serial = 0;
    QStringList m_invalid;
    QStringList m_warnings;
    AnalysisJob m_current;               ///< the request being run, for apply()
    LatestJobThread<AnalysisJob> m_thread; ///< last: destroyed (cancelled, joined) first
};

} // namespace viewer
