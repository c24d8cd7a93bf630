#include "analysisrunner.h"

#include <QDateTime>
#include <QFileInfo>
#include <QLocale>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>

#include "app/language.h"
#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/data/layerwriter.h"
#include "gis/data/outputcheck.h"
#include "gis/data/rastersource.h"
#include "gis/data/rasterwriter.h"
#include "gis/geom/geometrycolumn.h"
#include "gis/project/style.h"
#include "map/mapdocument.h"

namespace viewer {

namespace {

std::chrono::system_clock::time_point timeOf(const std::string& iso)
{
    const QDateTime t = QDateTime::fromString(QString::fromStdString(iso), Qt::ISODateWithMs);
    return std::chrono::system_clock::time_point(std::chrono::milliseconds(t.isValid() ? t.toMSecsSinceEpoch() : 0));
}

std::string nowUtc()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toStdString();
}

ToolboxRunInput describe(const char* role, const gis::ProjectLayer& layer)
{
    ToolboxRunInput in;
    in.role = role;
    if (layer.sourcePath.empty()) {
        in.source = "in-memory";
    } else {
        in.source = layer.sourcePath;
        in.layer = layer.layer;
    }
    in.features = layer.map.vector ? layer.map.vector->size() : 0;
    return in;
}

/// "", " (2)", " (3)"... : the first suffix that makes `name` a name no layer of the document has.
QString uniqueSuffix(const MapDocument& doc, const QString& name)
{
    QString suffix;
    for (int n = 2; doc.findByName(name + suffix) >= 0; ++n)
        suffix = QStringLiteral(" (%1)").arg(n);
    return suffix;
}

} // namespace

gis::RasterStyle rasterResultStyle(const std::string& algorithm)
{
    gis::RasterStyle style;
    style.mode = gis::RasterStyle::Mode::SingleBand;
    style.band = 1;
    if (algorithm == "heatmap") {
        // A density surface: white (nothing) to red (most), stretched over the raster's own range.
        style.ramp = "Reds";
        style.stretch = gis::RasterStyle::Stretch::MinMax;
    } else if (algorithm == "hillshade") {
        style.ramp = "Greys"; // 1 (away from the sun) black to 255 white, as gdaldem draws it
        style.stretch = gis::RasterStyle::Stretch::MinMax;
    } else if (algorithm == "slope") {
        style.ramp = "YlOrRd"; // flat pale, steep red
        style.stretch = gis::RasterStyle::Stretch::MinMax;
    } else if (algorithm == "aspect") {
        style.ramp = "Spectral";
        style.stretch = gis::RasterStyle::Stretch::MinMax;
    } else {
        // Band math and classes have any range: a perceptual ramp, stretched 2–98 % so outliers do not wash it out.
        style.ramp = "Viridis";
        style.stretch = gis::RasterStyle::Stretch::Percent;
    }
    return style;
}

gis::RasterStyle rasterBesideStyle(const std::string& algorithm, const std::map<std::string, std::string>& values,
    double extreme)
{
    if (algorithm == "dsm-change") {
        const auto threshold = values.find("height-threshold");
        bool ok = false;
        const double clear = threshold == values.end() ? 0 : QString::fromStdString(threshold->second).toDouble(&ok);
        return gis::signedChangeRasterStyle(extreme, ok ? clear : 0);
    }
    return rasterResultStyle(algorithm);
}

gis::ProvenanceRun provenanceRun(const ToolboxRun& run)
{
    gis::ProvenanceRun out;
    out.algorithm = run.algorithm;
    out.parameters = run.parameters;
    for (const ToolboxRunInput& in : run.inputs)
        out.inputs.push_back({in.role, in.source == gis::kProvenanceInMemory ? std::string() : in.source, in.layer});
    out.invalidPolicy = run.invalidPolicy;
    out.outputPath = run.outputPath;
    out.outputLayer = run.outputLayer;
    out.projectLayer = run.outputLayerName;
    out.started = timeOf(run.startedUtc);
    out.finished = timeOf(run.finishedUtc);
    out.featuresIn = static_cast<std::int64_t>(run.featuresIn);
    out.featuresOut = static_cast<std::int64_t>(run.featuresOut);
    out.warnings = run.warnings;
    out.rerunOf = run.rerunOf;
    return out;
}

struct AnalysisRunner::Outcome {
    std::uint64_t serial = 0;
    gis::analysis::RunResult result;
    std::map<std::string, std::string> values;
    QString error;
    bool cancelled = false;
    std::string startedUtc;
    std::string finishedUtc;
    std::shared_ptr<const gis::RasterSource> rasterSource; ///< the GeoTIFF written, opened (raster outputs)
    std::shared_ptr<const gis::RasterSource> besideSource; ///< the raster beside the layer, written and opened
    double besideExtreme = 0;                              ///< its largest |value|
};

AnalysisRunner::AnalysisRunner(MapDocument* document, QObject* parent)
    : QObject(parent), m_doc(document), m_thread([this](AnalysisJob& job, const gis::CancellationToken& token) { work(job, token); })
{
}

AnalysisRunner::~AnalysisRunner()
{
    m_current.cancel.cancel(); // the worker stops at its next check; m_thread joins it
}

bool AnalysisRunner::start(const AnalysisRequest& request)
{
    if (m_running) {
        emit failed(tr("An analysis is already running; cancel it or wait for it to finish."));
        return false;
    }
    const gis::analysis::Algorithm* algorithm = gis::analysis::findAlgorithm(request.algorithm);
    if (!algorithm) {
        emit failed(tr("Unknown algorithm “%1”.").arg(QString::fromStdString(request.algorithm)));
        return false;
    }
    const bool rasterInput = algorithm->info().input == gis::analysis::InputKind::Raster;
    const gis::ProjectLayer* input = rasterInput ? nullptr : m_doc->layer(request.inputLayer);
    if (rasterInput && request.inputRaster.trimmed().isEmpty()) {
        emit failed(tr("Choose the input raster."));
        return false;
    }
    if (!rasterInput && (!input || !input->map.vector)) {
        emit failed(tr("Choose an input vector layer."));
        return false;
    }
    const gis::ProjectLayer* overlay = nullptr;
    if (algorithm->info().input == gis::analysis::InputKind::VectorAndOverlay) {
        overlay = m_doc->layer(request.overlayLayer);
        if (!overlay || !overlay->map.vector) {
            emit failed(tr("Choose an overlay vector layer."));
            return false;
        }
    }
    const bool raster = algorithm->info().output == gis::analysis::OutputKind::Raster;
    if (raster && request.outputPath.trimmed().isEmpty()) {
        emit failed(tr("%1 makes a raster: choose the GeoTIFF file to write it to.")
                        .arg(QString::fromStdString(currentLanguage() == "ar" && !algorithm->info().titleAr.empty()
                                ? algorithm->info().titleAr : algorithm->info().titleEn)));
        return false;
    }
    std::vector<const gis::ProjectLayer*> more;
    if (algorithm->info().input == gis::analysis::InputKind::VectorAndLayers) {
        for (int id : request.moreLayers) {
            const gis::ProjectLayer* l = m_doc->layer(id);
            if (!l || !l->map.vector) {
                emit failed(tr("A further layer is not a vector layer of the map any more; choose the layers again."));
                return false;
            }
            more.push_back(l);
        }
        if (more.empty()) {
            emit failed(tr("Choose at least one further layer to merge with the input layer."));
            return false;
        }
    }
    AnalysisJob job;
    job.serial = ++m_serial;
    job.cancel = gis::CancellationToken();
    job.request = request;
    if (input)
        job.input = input->map.vector;
    job.overlay = overlay ? overlay->map.vector : nullptr;
    for (const gis::ProjectLayer* l : more)
        job.more.push_back(l->map.vector);
    job.documentFiles.push_back(m_doc->projectPath().toStdString());
    for (const gis::ProjectLayer& l : m_doc->layers())
        job.documentFiles.push_back(l.sourcePath);
    for (const gis::analysis::Parameter& p : algorithm->info().parameters) // a raster the run reads
        if (p.type == gis::analysis::ParameterType::Raster && request.parameters.count(p.name))
            job.documentFiles.push_back(request.parameters.at(p.name));
    if (rasterInput)
        job.documentFiles.push_back(request.inputRaster.trimmed().toStdString());
    job.record.algorithm = request.algorithm;
    if (input) {
        job.record.inputs.push_back(describe("input", *input));
    } else {
        ToolboxRunInput in; // a raster file: no features
        in.role = "input";
        in.source = QFileInfo(request.inputRaster.trimmed()).absoluteFilePath().toStdString();
        job.record.inputs.push_back(in);
    }
    if (overlay)
        job.record.inputs.push_back(describe("overlay", *overlay));
    for (const gis::ProjectLayer* l : more)
        job.record.inputs.push_back(describe("overlay", *l)); // as `gis analyse merge --overlay` records them
    job.record.invalidPolicy = std::string(gis::analysis::invalidPolicyName(request.invalid));
    job.record.featuresIn = job.input ? job.input->size() : 0;
    job.record.outputPath = request.outputPath.toStdString();
    job.record.rerunOf = request.rerunOf;
    m_current = job;
    m_running = true;
    m_cancelRequested = false;
    m_invalid.clear();
    m_warnings.clear();
    emit started();
    emit progressChanged(0);
    m_thread.post(std::move(job));
    return true;
}

void AnalysisRunner::cancel()
{
    if (!m_running)
        return;
    m_cancelRequested = true;
    // The job's own token, not LatestJobThread::cancel(), which would drop a job not started yet and so never
    // answer: the worker throws Error(Cancelled) at its next check, and apply() reports it.
    m_current.cancel.cancel();
}

void AnalysisRunner::work(AnalysisJob& job, const gis::CancellationToken&)
{
    const gis::CancellationToken token = job.cancel;
    auto outcome = std::make_shared<Outcome>();
    outcome->serial = job.serial;
    outcome->startedUtc = nowUtc();
    const std::uint64_t serial = job.serial;
    auto lastPercent = std::make_shared<std::atomic<int>>(-1);
    gis::analysis::RunOptions options;
    options.invalid = job.request.invalid;
    options.threads = job.request.threads;
    options.feedback.cancel = token;
    options.feedback.progress = [this, serial, lastPercent](double fraction) {
        // Any worker thread may report; only a new whole percent crosses to the GUI thread.
        const int percent = fraction >= 0 ? static_cast<int>(std::min(fraction, 1.0) * 100) : 0; // NaN: 0
        if (percent > lastPercent->exchange(percent))
            QMetaObject::invokeMethod(this, [this, serial, percent] {
                if (serial == m_serial && m_running)
                    emit progressChanged(percent);
            }, Qt::QueuedConnection);
    };
    try {
        token.throwIfCancelled("analysis");
        const gis::analysis::Algorithm& algorithm = gis::analysis::algorithm(job.request.algorithm);
        const bool rasterInput = algorithm.info().input == gis::analysis::InputKind::Raster;
        const auto values = rasterInput
            ? gis::analysis::ParameterValues::bind(algorithm.info(), job.request.parameters)
            : gis::analysis::ParameterValues::bind(algorithm.info(), job.request.parameters, *job.input,
                  job.overlay.get());
        outcome->values = values.values();
        gis::analysis::RunInputs inputs{job.input, job.overlay, job.more};
        if (rasterInput)
            inputs.inputRaster = job.request.inputRaster.trimmed().toStdString();
        const bool raster = algorithm.info().output == gis::analysis::OutputKind::Raster;
        if (!job.request.outputPath.isEmpty()) // refused before any work
            gis::checkOutputIsNotAnInput(job.request.outputPath.toStdString(), job.documentFiles);
        const std::string beside = job.request.rasterBesidePath.trimmed().toStdString();
        if (!beside.empty()) {
            if (!algorithm.info().makesRasterBeside())
                throw gis::Error(gis::ErrorCode::Argument, job.request.algorithm + " makes no raster beside its layer");
            gis::checkOutputIsNotAnInput(beside, job.documentFiles);
            if (!job.request.outputPath.isEmpty()
                && QFileInfo(job.request.outputPath.trimmed()).absoluteFilePath()
                    == QFileInfo(job.request.rasterBesidePath.trimmed()).absoluteFilePath())
                throw gis::Error(gis::ErrorCode::Argument, "the layer and the raster beside it would be the same file, "
                    + beside);
        }
        outcome->result = algorithm.run(inputs, values, options);
        token.throwIfCancelled("analysis");
        if (raster && !outcome->result.raster)
            throw gis::Error(gis::ErrorCode::Argument, job.request.algorithm + " made no raster");
        if (!raster && !outcome->result.layer)
            throw gis::Error(gis::ErrorCode::Argument, job.request.algorithm + " made no layer");
        if (!job.request.outputPath.isEmpty()) {
            const std::string path = job.request.outputPath.toStdString();
            if (raster) {
                gis::writeGeoTiff(*outcome->result.raster, path);
                outcome->rasterSource = gis::RasterSource::open(path);
            } else {
                gis::writeLayer(*outcome->result.layer, path);
            }
        }
        if (!beside.empty()) { // after the layer, as `gis analyse --raster-out`
            if (!outcome->result.raster)
                throw gis::Error(gis::ErrorCode::Argument, job.request.algorithm + " made no raster beside its layer");
            const gis::RasterData& r = *outcome->result.raster;
            for (const std::vector<double>& band : r.bands)
                for (double v : band)
                    if (std::isfinite(v) && !(r.nodata && v == *r.nodata))
                        outcome->besideExtreme = std::max(outcome->besideExtreme, std::abs(v));
            gis::writeGeoTiff(r, beside);
            outcome->besideSource = gis::RasterSource::open(beside);
        }
    } catch (const gis::Error& e) {
        outcome->cancelled = e.code() == gis::ErrorCode::Cancelled || token.isCancelled();
        outcome->error = QString::fromUtf8(e.what());
    } catch (const std::exception& e) {
        outcome->error = QString::fromUtf8(e.what());
    }
    outcome->finishedUtc = nowUtc();
    QMetaObject::invokeMethod(this, [this, outcome] { apply(outcome); }, Qt::QueuedConnection);
}

void AnalysisRunner::apply(const std::shared_ptr<Outcome>& outcome)
{
    if (outcome->serial != m_serial || !m_running)
        return;
    m_running = false;
    if (outcome->cancelled
        || (m_cancelRequested && outcome->error.isEmpty() && m_current.request.outputPath.isEmpty()
            && m_current.request.rasterBesidePath.isEmpty())) {
        // Cancelled, or cancelled after the library finished but before anything was shown: nothing is added.
        emit cancelled();
        return;
    }
    if (!outcome->error.isEmpty()) {
        emit failed(outcome->error);
        return;
    }
    for (const gis::analysis::InvalidFeature& f : outcome->result.invalid) {
        const QString what = f.repaired ? tr("repaired") : tr("left out");
        m_invalid << tr("Layer “%1”, feature %2: %3 (%4)")
                         .arg(QString::fromStdString(f.layer))
                         .arg(f.fid)
                         .arg(QString::fromStdString(f.reason), what);
    }
    for (const std::string& w : outcome->result.warnings)
        m_warnings << QString::fromStdString(w);
    const int id = addLayer(*outcome);
    emit progressChanged(100);
    emit finished(id);
    ToolboxRun record = m_current.record;
    record.parameters = outcome->values;
    record.startedUtc = outcome->startedUtc;
    record.finishedUtc = outcome->finishedUtc;
    record.featuresOut = outcome->result.layer ? outcome->result.layer->size() : 0;
    record.outputLayerName = m_doc->layer(id) ? m_doc->layer(id)->map.name : std::string();
    record.outputLayerId = id;
    if (!record.outputPath.empty() && outcome->result.layer
        && gis::layerFormatFromPath(record.outputPath) == gis::LayerFormat::GeoPackage)
        record.outputLayer = outcome->result.layer->name();
    for (const gis::analysis::InvalidFeature& f : outcome->result.invalid) // worded as `gis analyse` records them
        record.warnings.push_back("layer \"" + f.layer + "\", feature " + std::to_string(f.fid) + ": " + f.reason + " ("
            + (f.repaired ? "repaired" : "left out") + ")");
    record.warnings.insert(record.warnings.end(), outcome->result.warnings.begin(), outcome->result.warnings.end());
    if (outcome->besideSource)
        record.warnings.push_back("raster beside the layer: " + m_current.request.rasterBesidePath.trimmed().toStdString());
    try {
        record.recordId = m_doc->recordRun(
            gis::makeProvenanceRecord(m_doc->projectPath().toStdString(), provenanceRun(record)), id);
    } catch (const gis::Error& e) {
        emit failed(tr("The result is in the map, but the run could not be recorded in the project's history: %1")
                        .arg(QString::fromUtf8(e.what())));
    }
    emit runFinished(record);
}

int AnalysisRunner::addLayer(const Outcome& outcome)
{
    const gis::analysis::AlgorithmInfo& info = gis::analysis::algorithm(m_current.request.algorithm).info();
    const gis::ProjectLayer* input = m_doc->layer(m_current.request.inputLayer);
    if (!m_current.request.inputRaster.isEmpty()) // the raster layer on that file, if the map has one
        for (const gis::ProjectLayer& l : m_doc->layers())
            if (l.map.raster && !l.sourcePath.empty()
                && QFileInfo(QString::fromStdString(l.sourcePath)) == QFileInfo(m_current.request.inputRaster.trimmed())) {
                input = &l;
                break;
            }
    const QString fallback = m_current.input ? QString::fromStdString(m_current.input->name())
                                             : QFileInfo(m_current.request.inputRaster.trimmed()).completeBaseName();
    const QString inputEn = input ? layerDisplayName(*input, "en") : fallback;
    const QString inputAr = input ? layerDisplayName(*input, "ar") : inputEn;
    QString en = QString::fromStdString(info.titleEn) + QStringLiteral(" – ") + inputEn;
    QString ar = QString::fromStdString(info.titleAr.empty() ? info.titleEn : info.titleAr) + QStringLiteral(" – ") + inputAr;
    const bool arabic = currentLanguage() == "ar";
    const QString suffix = uniqueSuffix(*m_doc, arabic ? ar : en); // the same number in both languages
    en += suffix;
    ar += suffix;

    if (outcome.besideSource) { // under the layer: added first
        const QString besideEn = en + QStringLiteral(": ") + QString::fromStdString(info.rasterBesideEn);
        const QString besideAr = ar + QStringLiteral(": ")
            + QString::fromStdString(info.rasterBesideAr.empty() ? info.rasterBesideEn : info.rasterBesideAr);
        gis::ProjectLayer beside;
        beside.map.name = (arabic ? besideAr : besideEn).toStdString();
        beside.map.title = besideEn.toStdString();
        beside.map.titleAr = besideAr.toStdString();
        beside.map.raster = outcome.besideSource;
        beside.map.style.raster = rasterBesideStyle(m_current.request.algorithm, outcome.values, outcome.besideExtreme);
        beside.source = beside.sourcePath = m_current.request.rasterBesidePath.trimmed().toStdString();
        m_doc->addLayer(std::move(beside));
    }

    gis::ProjectLayer layer;
    layer.map.name = (arabic ? ar : en).toStdString();
    layer.map.title = en.toStdString();
    layer.map.titleAr = ar.toStdString();
    if (outcome.rasterSource) {
        layer.map.raster = outcome.rasterSource;
        layer.map.style.raster = rasterResultStyle(m_current.request.algorithm);
    } else {
        layer.map.vector = outcome.result.layer;
        const std::string type(gis::geometryTypeName(outcome.result.layer->geometryType()));
        layer.map.style = m_current.request.algorithm == "dsm-change" // its polygons by sign, as the drone report
            ? gis::signedChangePolygonStyle(tr("Cut (lowered)").toStdString(), tr("Fill (raised)").toStdString())
            : gis::defaultStyle(type, static_cast<int>(m_doc->layers().size()));
    }
    if (!m_current.request.outputPath.isEmpty())
        layer.source = layer.sourcePath = m_current.request.outputPath.toStdString();
    return m_doc->addLayer(std::move(layer));
}

} // namespace viewer
