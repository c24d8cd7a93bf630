#include "historypanel.h"

#include <QDateTime>
#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <filesystem>

#include "app/bidi.h"
#include "app/language.h"
#include "gis/analysis/algorithm.h"
#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/project/project.h"
#include "map/mapdocument.h"

namespace fs = std::filesystem;

namespace viewer {

namespace {

QString qs(const std::string& s)
{
    return QString::fromStdString(s);
}

std::string normal(const std::string& path)
{
    return fs::absolute(path).lexically_normal().string();
}

/// The first of "<stem>_2.<ext>", "<stem>_3.<ext>"... that names no file.
QString freshPathBeside(const QString& path)
{
    const QFileInfo info(path);
    const QString base = info.dir().filePath(info.completeBaseName());
    const QString suffix = info.suffix().isEmpty() ? QString() : '.' + info.suffix();
    QString out;
    for (int n = 2; out.isEmpty() || QFileInfo::exists(out); ++n)
        out = base + QStringLiteral("_%1").arg(n) + suffix;
    return out;
}

/// A record's input role in the interface language.
QString roleText(const std::string& role)
{
    if (role == "input")
        return HistoryPanel::tr("input");
    if (role == "overlay")
        return HistoryPanel::tr("overlay");
    if (role == "raster")
        return HistoryPanel::tr("raster");
    return qs(role);
}

} // namespace

HistoryPanel::HistoryPanel(MapDocument* document, QWidget* parent)
    : QWidget(parent), m_doc(document), m_runner(new AnalysisRunner(document, this))
{
    auto* layout = new QVBoxLayout(this);
    m_list = new QTreeWidget(this);
    m_list->setObjectName("HistoryRecords");
    m_list->setRootIsDecorated(false);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setColumnCount(5);
    m_list->header()->setStretchLastSection(true);
    layout->addWidget(m_list, 1);
    auto* buttons = new QHBoxLayout;
    m_rerun = new QPushButton(this);
    m_rerun->setObjectName("HistoryRunAgain");
    buttons->addWidget(m_rerun);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    m_status = new QLabel(this);
    m_status->setObjectName("HistoryStatus");
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &HistoryPanel::updateButtons);
    connect(m_rerun, &QPushButton::clicked, this, [this] { runAgain(selectedId()); });
    connect(m_doc, &MapDocument::historyChanged, this, &HistoryPanel::rebuild);
    connect(m_doc, &MapDocument::projectChanged, this, &HistoryPanel::rebuild);
    connect(m_runner, &AnalysisRunner::started, this, [this] {
        m_status->setText(tr("Running…"));
        updateButtons();
    });
    connect(m_runner, &AnalysisRunner::failed, this, [this](const QString& message) {
        m_status->setText(tr("Failed."));
        updateButtons();
        emit errorReported(message);
    });
    connect(m_runner, &AnalysisRunner::cancelled, this, [this] {
        m_status->setText(tr("Cancelled."));
        updateButtons();
    });
    connect(m_runner, &AnalysisRunner::runFinished, this, [this](const ToolboxRun& run) {
        m_status->setText(tr("Done: “%1” added to the map, recorded as %2.").arg(qs(run.outputLayerName), qs(run.recordId)));
        updateButtons();
    });
    retranslate();
}

void HistoryPanel::retranslate()
{
    m_list->setHeaderLabels({tr("Algorithm"), tr("Finished (UTC)"), tr("Inputs"), tr("Parameters"), tr("Output")});
    m_rerun->setText(tr("Run again"));
    m_rerun->setToolTip(tr("Run the selected record again with its algorithm, parameters and inputs; the result is a new layer"));
    rebuild();
}

void HistoryPanel::rebuild()
{
    const std::string selected = selectedId();
    const bool arabic = currentLanguage() == "ar";
    m_list->clear();
    for (const gis::ProvenanceRecord& r : m_doc->project().history) {
        const gis::analysis::Algorithm* algorithm = gis::analysis::findAlgorithm(r.algorithm);
        QString title = qs(r.algorithm);
        if (algorithm) {
            const auto& info = algorithm->info();
            title = qs(arabic && !info.titleAr.empty() ? info.titleAr : info.titleEn);
        }
        if (!r.rerunOf.empty())
            title += ' ' + tr("(again: %1)").arg(qs(r.rerunOf));
        QStringList inputs;
        for (const gis::ProvenanceInput& in : r.inputs)
            inputs << ltr(qs(in.source) + (in.layer.empty() ? QString() : " (" + qs(in.layer) + ")"));
        QStringList parameters;
        for (const auto& [name, value] : r.parameters)
            parameters << ltr(qs(name) + '=' + qs(value));
        QString output = r.output.path == gis::kProvenanceInMemory ? tr("in memory") : ltr(qs(r.output.path));
        if (!r.output.projectLayer.empty())
            output += " → " + qs(r.output.projectLayer);
        QString when = qs(r.finished);
        const QDateTime t = QDateTime::fromString(when, Qt::ISODate);
        if (t.isValid())
            when = ltr(t.toUTC().toString("yyyy-MM-dd HH:mm:ss"));
        auto* item = new QTreeWidgetItem(m_list, {title, when, inputs.join(", "), parameters.join(", "), output});
        item->setData(0, Qt::UserRole, qs(r.id));
        const QString line = qs(gis::provenanceLine(r.output.projectLayer.empty() ? r.id : r.output.projectLayer, r,
            arabic ? "ar" : "en"));
        for (int c = 0; c < item->columnCount(); ++c)
            item->setToolTip(c, line);
        if (qs(r.id).toStdString() == selected)
            item->setSelected(true);
    }
    const QString none = tr("No analysis has been recorded in this project yet.");
    if (m_doc->project().history.empty())
        m_status->setText(none);
    else if (m_status->text() == none)
        m_status->clear();
    updateButtons();
}

void HistoryPanel::updateButtons()
{
    m_rerun->setEnabled(!m_runner->isRunning() && !selectedId().empty());
}

std::string HistoryPanel::selectedId() const
{
    const auto items = m_list->selectedItems();
    return items.isEmpty() ? std::string() : items.front()->data(0, Qt::UserRole).toString().toStdString();
}

bool HistoryPanel::selectRecord(const std::string& id)
{
    for (int i = 0; i < m_list->topLevelItemCount(); ++i)
        if (m_list->topLevelItem(i)->data(0, Qt::UserRole).toString().toStdString() == id) {
            m_list->setCurrentItem(m_list->topLevelItem(i));
            return true;
        }
    return false;
}

QString HistoryPanel::prepareRerun(const std::string& id, AnalysisRequest& request) const
{
    const gis::Project& project = m_doc->project();
    const gis::ProvenanceRecord* record = gis::findProvenance(project.history, id);
    if (!record)
        return tr("The project's history has no record “%1”.").arg(qs(id));
    const gis::analysis::Algorithm* algorithm = gis::analysis::findAlgorithm(record->algorithm);
    if (!algorithm)
        return tr("Cannot run %1 again: this version has no algorithm “%2”.").arg(qs(id), qs(record->algorithm));
    const gis::analysis::AlgorithmInfo& info = algorithm->info();
    AnalysisRequest out;
    out.algorithm = record->algorithm;
    out.parameters = record->parameters;
    out.rerunOf = record->id;
    try {
        out.invalid = gis::analysis::invalidPolicyFromName(record->invalidPolicy);
    } catch (const gis::Error& e) {
        return tr("Cannot run %1 again: %2").arg(qs(id), QString::fromUtf8(e.what()));
    }
    const std::string where = project.path + ": " + id;
    for (const gis::ProvenanceInput& in : record->inputs) {
        if (in.source == gis::kProvenanceInMemory)
            return tr("Cannot run %1 again: its %2 was a layer made in memory, which was not saved in a file.")
                .arg(qs(id), roleText(in.role));
        std::string path;
        try {
            // A project not saved yet records absolute paths to files the user opened in this session.
            path = project.path.empty() && fs::path(in.source).is_absolute()
                ? in.source : gis::resolveProvenancePath(project, in.source, where + ": input " + in.source);
        } catch (const std::exception& e) {
            return tr("Cannot run %1 again: %2").arg(qs(id), QString::fromUtf8(e.what()));
        }
        const std::string change = gis::provenanceInputChange(in, path);
        if (!change.empty())
            return tr("Cannot run %1 again: its %2 %3 is %4. A re-run reads the very inputs the run read.")
                .arg(qs(id), roleText(in.role), ltr(qs(in.source)), qs(change));
        if (info.input == gis::analysis::InputKind::Raster && in.role == "input") {
            out.inputRaster = qs(path); // a raster file, read again as it was: it need not be a layer of the map
            continue;
        }
        int layerId = -1;
        for (std::size_t i = 0; i < m_doc->layers().size() && layerId < 0; ++i) {
            const gis::ProjectLayer& l = m_doc->layers()[i];
            if (!l.map.vector || l.sourcePath.empty() || normal(l.sourcePath) != normal(path))
                continue;
            if (in.layer.empty() || l.layer == in.layer || (l.layer.empty() && l.map.vector->name() == in.layer))
                layerId = m_doc->idAt(i);
        }
        if (layerId < 0)
            return tr("Cannot run %1 again: its %2 %3 is not a layer of the map; add it, then run again.")
                .arg(qs(id), roleText(in.role), ltr(qs(in.source + (in.layer.empty() ? std::string() : " (" + in.layer + ")"))));
        if (in.role == "input" && out.inputLayer < 0)
            out.inputLayer = layerId;
        else if (info.input == gis::analysis::InputKind::VectorAndOverlay && out.overlayLayer < 0)
            out.overlayLayer = layerId;
        else if (info.input == gis::analysis::InputKind::VectorAndLayers)
            out.moreLayers.push_back(layerId);
        else
            return tr("Cannot run %1 again: it names more inputs than %2 reads.").arg(qs(id), qs(record->algorithm));
    }
    if (out.inputLayer < 0 && out.inputRaster.isEmpty())
        return tr("Cannot run %1 again: the record names no input layer.").arg(qs(id));
    if (!record->output.path.empty() && record->output.path != gis::kProvenanceInMemory) {
        try {
            const std::string old = project.path.empty() && fs::path(record->output.path).is_absolute()
                ? record->output.path : gis::resolveProvenancePath(project, record->output.path, where + ": output");
            out.outputPath = freshPathBeside(qs(old)); // a new file beside the old output, never over a file
        } catch (const std::exception& e) {
            return tr("Cannot run %1 again: %2").arg(qs(id), QString::fromUtf8(e.what()));
        }
    } else if (info.output == gis::analysis::OutputKind::Raster) {
        return tr("Cannot run %1 again: the record names no output file, and a raster needs one.").arg(qs(id));
    }
    request = out;
    return {};
}

bool HistoryPanel::runAgain(const std::string& id)
{
    if (m_runner->isRunning())
        return false;
    AnalysisRequest request;
    const QString refusal = prepareRerun(id, request);
    if (!refusal.isEmpty()) {
        m_status->setText(refusal);
        emit errorReported(refusal);
        return false;
    }
    return m_runner->start(request);
}

QString HistoryPanel::statusText() const
{
    return m_status->text();
}

void HistoryPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

} // namespace viewer
