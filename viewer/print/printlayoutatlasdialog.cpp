#include "printlayoutatlasdialog.h"

#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "app/bidi.h"
#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "map/mapdocument.h"
#include "print/printlayoutatlasjob.h"
#include "print/printlayoutcontent.h"

namespace viewer {

PrintLayoutAtlasDialog::PrintLayoutAtlasDialog(MapDocument* document, PageSource page, const QString& folder, bool dialogs,
    QWidget* parent)
    : QDialog(parent), m_doc(document), m_page(std::move(page)), m_dialogs(dialogs)
{
    setObjectName("PrintLayoutAtlasDialog");
    m_layer = new QComboBox(this);
    m_layer->setObjectName("AtlasLayer");
    m_title = new QComboBox(this);
    m_title->setObjectName("AtlasTitle");
    m_title->setEditable(true);
    m_title->setInsertPolicy(QComboBox::NoInsert);
    m_title->setMinimumContentsLength(24);
    m_path = new QLineEdit(QDir(folder.isEmpty() ? QDir::homePath() : folder).filePath("atlas.pdf"), this);
    m_path->setObjectName("AtlasPath");
    m_path->setMinimumWidth(320);
    m_browse = new QPushButton(this);
    m_dpi = new QSpinBox(this);
    m_dpi->setObjectName("AtlasDpi");
    m_dpi->setRange(30, 1200);
    m_dpi->setValue(150);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName("AtlasProgress");
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->hide(); // until an atlas runs
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->hide();
    m_hint = new QLabel(this);
    m_hint->setWordWrap(true);
    m_hint->setEnabled(false); // greyed: an explanation, not a control
    m_run = new QPushButton(this);
    m_run->setObjectName("AtlasRun");
    m_run->setDefault(true);
    m_cancel = new QPushButton(this);
    m_cancel->setObjectName("AtlasCancel");
    m_layerLabel = new QLabel(this);
    m_titleLabel = new QLabel(this);
    m_pathLabel = new QLabel(this);
    m_dpiLabel = new QLabel(this);

    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(m_browse);
    auto* form = new QFormLayout;
    form->addRow(m_layerLabel, m_layer);
    form->addRow(m_titleLabel, m_title);
    form->addRow(m_pathLabel, pathRow);
    form->addRow(QString(), m_hint);
    form->addRow(m_dpiLabel, m_dpi);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_run);
    buttons->addWidget(m_cancel);
    auto* box = new QVBoxLayout(this);
    box->addLayout(form);
    box->addWidget(m_progress);
    box->addWidget(m_status);
    box->addLayout(buttons);

    connect(m_layer, &QComboBox::currentIndexChanged, this, [this] { refreshFields(); });
    connect(m_browse, &QPushButton::clicked, this, [this] {
        const QString p = QFileDialog::getSaveFileName(this, tr("Atlas"), m_path->text(),
            tr("PDF document (*.pdf);;PNG images (*.png);;SVG drawings (*.svg)"));
        if (!p.isEmpty())
            m_path->setText(p);
    });
    connect(m_run, &QPushButton::clicked, this, [this] { start(); });
    connect(m_cancel, &QPushButton::clicked, this, &PrintLayoutAtlasDialog::reject);
    refreshLayers();
    retranslate();
    setRunning(false);
}

PrintLayoutAtlasDialog::~PrintLayoutAtlasDialog() = default; // the job (a child) cancels and joins

PrintLayoutAtlasJob* PrintLayoutAtlasDialog::job() const
{
    return m_job;
}

void PrintLayoutAtlasDialog::refreshLayers()
{
    const QString current = m_layer->currentText();
    QSignalBlocker block(m_layer);
    m_layer->clear();
    for (const gis::ProjectLayer& l : m_doc->layers())
        if (l.map.vector)
            m_layer->addItem(QString::fromStdString(l.map.name));
    // The first polygon layer is the usual atlas coverage (governorates, wilayat).
    int pick = m_layer->findText(current);
    if (pick < 0)
        pick = m_layer->findText("governorates");
    m_layer->setCurrentIndex(std::max(pick, 0));
    refreshFields();
}

void PrintLayoutAtlasDialog::refreshFields()
{
    const QString typed = m_title->currentText();
    m_title->clear();
    const int id = m_doc->findByName(m_layer->currentText());
    const gis::ProjectLayer* l = m_doc->layer(id);
    if (!l || !l->map.vector)
        return;
    for (const auto& c : l->map.vector->attributes().columns())
        m_title->addItem(QString::fromStdString(c.name()));
    // A name in the page's language, as the CLI's examples do.
    const bool arabic = m_page().first.language == "ar";
    int pick = m_title->findText(typed);
    for (const char* f : {arabic ? "name_ar" : "name_en", "name", "name_en", "name_ar"})
        if (pick < 0)
            pick = m_title->findText(f);
    if (pick >= 0)
        m_title->setCurrentIndex(pick);
    else if (!typed.isEmpty())
        m_title->setEditText(typed);
}

bool PrintLayoutAtlasDialog::start()
{
    if (m_job && m_job->isRunning())
        return false;
    const QString path = m_path->text().trimmed();
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != "pdf" && suffix != "png" && suffix != "svg") {
        report(tr("%1: the atlas must end in .pdf, .png or .svg").arg(ltr(path)));
        return false;
    }
    auto [layout, base] = m_page();
    std::vector<gis::LayoutContent> pages;
    try {
        pages = gis::atlasPages(m_doc->project(), base, m_layer->currentText().toStdString(),
            m_title->currentText().toStdString());
    } catch (const gis::Error& e) {
        report(tr("Could not make the atlas pages:\n%1").arg(ltr(QString::fromUtf8(e.what()))));
        return false;
    }
    delete m_job;
    m_job = new PrintLayoutAtlasJob(std::move(layout), std::move(pages), path, m_dpi->value(), this);
    m_progress->setRange(0, m_job->pageCount());
    m_progress->setValue(0);
    connect(m_job, &PrintLayoutAtlasJob::progress, this, [this](int done, int total) {
        m_progress->setValue(done);
        m_status->setText(tr("Page %1 of %2").arg(locale().toString(done), locale().toString(total)));
    });
    connect(m_job, &PrintLayoutAtlasJob::finished, this, &PrintLayoutAtlasDialog::onFinished);
    setRunning(true);
    m_progress->show();
    m_status->show();
    m_status->setText(tr("Exporting %1 pages…").arg(locale().toString(m_job->pageCount())));
    emit started(m_job);
    m_job->start();
    return true;
}

void PrintLayoutAtlasDialog::onFinished()
{
    setRunning(false);
    const PrintLayoutAtlasJob* job = m_job;
    if (!job->error().isEmpty()) {
        m_status->setText(tr("The atlas failed."));
        report(tr("Could not export the atlas to %1:\n%2").arg(ltr(job->path()), ltr(job->error())));
    } else if (job->wasCancelled()) {
        const QString path = job->path();
        m_status->setText(path.endsWith(".pdf", Qt::CaseInsensitive)
                ? tr("Cancelled: %1 was not written.").arg(ltr(path))
                : tr("Cancelled after %1 of %2 pages.").arg(locale().toString(job->pagesDone()), locale().toString(job->pageCount())));
    } else {
        m_progress->setValue(m_progress->maximum());
        m_status->setText(job->files().size() == 1 ? tr("Wrote %1 (%2 pages).").arg(ltr(job->files().front()), locale().toString(job->pageCount()))
                                                   : tr("Wrote %1 files: %2 …").arg(locale().toString(job->files().size()), ltr(job->files().front())));
        if (!job->layerErrors().isEmpty())
            m_status->setText(m_status->text() + '\n' + ltr(job->layerErrors().join('\n')));
    }
    emit finished();
}

void PrintLayoutAtlasDialog::setRunning(bool running)
{
    for (QWidget* w : std::initializer_list<QWidget*>{m_layer, m_title, m_path, m_browse, m_dpi, m_run})
        w->setEnabled(!running);
    m_cancel->setText(running ? tr("Cancel") : tr("Close"));
}

void PrintLayoutAtlasDialog::reject()
{
    if (m_job && m_job->isRunning()) {
        m_job->cancel(); // finished() follows, with wasCancelled()
        m_status->setText(tr("Cancelling…"));
        return;
    }
    QDialog::reject();
}

void PrintLayoutAtlasDialog::report(const QString& message)
{
    emit errorReported(message);
    if (m_dialogs)
        QMessageBox::warning(this, tr("Atlas"), message);
}

void PrintLayoutAtlasDialog::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void PrintLayoutAtlasDialog::retranslate()
{
    setWindowTitle(tr("Atlas"));
    m_layerLabel->setText(tr("One page per feature of"));
    m_titleLabel->setText(tr("Page title (field or expression)"));
    m_pathLabel->setText(tr("File (.pdf, .png, .svg)"));
    m_dpiLabel->setText(tr("Resolution (DPI)"));
    m_hint->setText(tr("A PDF holds every page; PNG and SVG give one file per page (name-001.png, name-002.png, …)."));
    m_browse->setText(tr("Browse…"));
    m_run->setText(tr("Export atlas"));
    m_cancel->setText(m_job && m_job->isRunning() ? tr("Cancel") : tr("Close"));
    m_title->setToolTip(tr("A field name, or an expression such as name_en || ' (' || name_ar || ')'"));
}

} // namespace viewer
