#include "toolboxpanel.h"

#include <QEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <map>

#include "analysis/algorithmform.h"
#include "analysis/analysisrunner.h"
#include "app/bidi.h"
#include "app/language.h"
#include "gis/analysis/algorithm.h"
#include "map/mapdocument.h"

namespace viewer {

namespace {

QString fromUtf8(const std::string& s)
{
    return QString::fromStdString(s);
}

bool matches(const gis::analysis::AlgorithmInfo& info, const QString& filter)
{
    if (filter.trimmed().isEmpty())
        return true;
    const QString f = filter.trimmed();
    for (const std::string* s : {&info.id, &info.titleEn, &info.titleAr, &info.descriptionEn, &info.descriptionAr})
        if (fromUtf8(*s).contains(f, Qt::CaseInsensitive))
            return true;
    return false;
}

} // namespace

ToolboxPanel::ToolboxPanel(MapDocument* document, QWidget* parent)
    : QWidget(parent), m_doc(document), m_runner(new AnalysisRunner(document, this))
{
    setObjectName("ToolboxPanel");
    m_search = new QLineEdit(this);
    m_search->setObjectName("ToolboxSearch");
    m_search->setClearButtonEnabled(true);
    m_list = new QTreeWidget(this);
    m_list->setObjectName("ToolboxAlgorithms");
    m_list->setHeaderHidden(true);
    m_list->setRootIsDecorated(true);
    m_title = new QLabel(this);
    m_title->setStyleSheet("font-weight: bold");
    m_title->setWordWrap(true);
    m_description = new QLabel(this);
    m_description->setWordWrap(true);
    m_formArea = new QScrollArea(this);
    m_formArea->setWidgetResizable(true);
    m_formArea->setFrameShape(QFrame::NoFrame);
    m_run = new QPushButton(this);
    m_run->setObjectName("ToolboxRun");
    m_cancel = new QPushButton(this);
    m_cancel->setObjectName("ToolboxCancel");
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 100);
    m_progress->setValue(0);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_invalidTitle = new QLabel(this);
    m_invalid = new QListWidget(this);
    m_invalid->setObjectName("ToolboxInvalidReport");
    m_invalid->setMaximumHeight(72);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_run);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_progress, 1);
    // The list and the form share the height through a splitter the user can move: the list keeps at least ten
    // rows (at 1440×900 it used to show four), the form scrolls.
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName("ToolboxSplitter");
    splitter->setChildrenCollapsible(false);
    const int row = m_list->fontMetrics().height() + 4;
    m_list->setMinimumHeight(10 * row + 2 * m_list->frameWidth());
    splitter->addWidget(m_list);
    auto* lower = new QWidget(splitter);
    auto* lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    lowerLayout->addWidget(m_title);
    lowerLayout->addWidget(m_description);
    lowerLayout->addWidget(m_formArea, 1);
    splitter->addWidget(lower);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_search);
    layout->addWidget(splitter, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_status);
    layout->addWidget(m_invalidTitle);
    layout->addWidget(m_invalid);
    showReport();

    connect(m_search, &QLineEdit::textChanged, this, &ToolboxPanel::setFilter);
    connect(m_list, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        const QString id = item ? item->data(0, Qt::UserRole).toString() : QString();
        if (!id.isEmpty() && id.toStdString() != m_current)
            showAlgorithm(id.toStdString());
    });
    connect(m_run, &QPushButton::clicked, this, &ToolboxPanel::run);
    connect(m_cancel, &QPushButton::clicked, this, &ToolboxPanel::cancel);
    connect(m_doc, &MapDocument::layersChanged, this, [this] {
        if (m_form)
            m_form->refreshLayers();
        updateButtons();
    });
    connect(m_runner, &AnalysisRunner::started, this, [this] {
        m_status->setText(tr("Running…"));
        m_invalid->clear();
        showReport();
        updateButtons();
    });
    connect(m_runner, &AnalysisRunner::progressChanged, m_progress, &QProgressBar::setValue);
    connect(m_runner, &AnalysisRunner::finished, this, [this](int id) {
        const gis::ProjectLayer* l = m_doc->layer(id);
        m_status->setText(tr("Added the layer “%1”.").arg(l ? layerDisplayName(*l, currentLanguage()) : QString()));
        m_invalid->addItems(m_runner->invalidReport());
        m_invalid->addItems(m_runner->warnings());
        showReport();
        updateButtons();
    });
    connect(m_runner, &AnalysisRunner::cancelled, this, [this] {
        m_progress->setValue(0);
        m_status->setText(tr("Cancelled: nothing was added."));
        updateButtons();
    });
    connect(m_runner, &AnalysisRunner::failed, this, [this](const QString& message) {
        m_progress->setValue(0);
        m_status->setText(tr("The analysis failed."));
        updateButtons();
        emit errorReported(tr("The analysis failed:\n%1").arg(message));
    });
    connect(m_runner, &AnalysisRunner::runFinished, this, &ToolboxPanel::runFinished);
    retranslate();
}

QString ToolboxPanel::groupTitle(const std::string& group) const
{
    static const std::map<std::string, const char*> titles{
        {"geometry", QT_TR_NOOP("Geometry")}, {"overlay", QT_TR_NOOP("Overlay")},
        {"aggregate", QT_TR_NOOP("Aggregate")}, {"raster", QT_TR_NOOP("Raster")},
        {"network", QT_TR_NOOP("Network")}, {"vector", QT_TR_NOOP("Vector")},
        {"join", QT_TR_NOOP("Joins")}, {"terrain", QT_TR_NOOP("Terrain")}};
    const auto it = titles.find(group);
    return it == titles.end() ? fromUtf8(group) : tr(it->second);
}

void ToolboxPanel::rebuildList()
{
    const bool arabic = currentLanguage() == "ar";
    const QSignalBlocker block(m_list);
    m_list->clear();
    std::map<std::string, QTreeWidgetItem*> groups;
    QTreeWidgetItem* current = nullptr;
    for (const gis::analysis::Algorithm* a : gis::analysis::algorithms()) {
        const gis::analysis::AlgorithmInfo& info = a->info();
        if (!matches(info, m_search->text()))
            continue;
        QTreeWidgetItem*& group = groups[info.group];
        if (!group) {
            group = new QTreeWidgetItem(m_list, {groupTitle(info.group)});
            group->setFlags(Qt::ItemIsEnabled);
        }
        auto* item = new QTreeWidgetItem(group, {fromUtf8(arabic && !info.titleAr.empty() ? info.titleAr : info.titleEn)});
        item->setData(0, Qt::UserRole, fromUtf8(info.id));
        item->setToolTip(0, fromUtf8(arabic ? info.descriptionAr : info.descriptionEn));
        if (info.id == m_current)
            current = item;
    }
    m_list->sortItems(0, Qt::AscendingOrder);
    m_list->expandAll();
    if (current)
        m_list->setCurrentItem(current);
}

void ToolboxPanel::setFilter(const QString& text)
{
    if (m_search->text() != text)
        m_search->setText(text); // comes back here through textChanged
    else
        rebuildList();
}

QStringList ToolboxPanel::visibleAlgorithms() const
{
    QStringList ids;
    for (int g = 0; g < m_list->topLevelItemCount(); ++g)
        for (int i = 0; i < m_list->topLevelItem(g)->childCount(); ++i)
            ids << m_list->topLevelItem(g)->child(i)->data(0, Qt::UserRole).toString();
    return ids;
}

bool ToolboxPanel::selectAlgorithm(const std::string& id)
{
    if (!gis::analysis::findAlgorithm(id))
        return false;
    showAlgorithm(id);
    return true;
}

void ToolboxPanel::showAlgorithm(const std::string& id)
{
    const gis::analysis::Algorithm* a = gis::analysis::findAlgorithm(id);
    if (!a)
        return;
    const bool arabic = currentLanguage() == "ar";
    const gis::analysis::AlgorithmInfo& info = a->info();
    m_current = id;
    m_title->setText(fromUtf8(arabic && !info.titleAr.empty() ? info.titleAr : info.titleEn));
    m_description->setText(fromUtf8(arabic && !info.descriptionAr.empty() ? info.descriptionAr : info.descriptionEn));
    int input = -1;
    if (m_form)
        input = m_form->inputLayer();
    m_form = new AlgorithmForm(info, m_doc, m_formArea);
    if (input >= 0)
        m_form->setInputLayer(input);
    connect(m_form, &AlgorithmForm::completeChanged, this, &ToolboxPanel::updateButtons);
    connect(m_form, &AlgorithmForm::pointPickRequested, this, &ToolboxPanel::pointPickRequested);
    m_formArea->setWidget(m_form); // deletes the previous form
    for (int g = 0; g < m_list->topLevelItemCount(); ++g)
        for (int i = 0; i < m_list->topLevelItem(g)->childCount(); ++i)
            if (m_list->topLevelItem(g)->child(i)->data(0, Qt::UserRole).toString().toStdString() == id) {
                const QSignalBlocker block(m_list);
                m_list->setCurrentItem(m_list->topLevelItem(g)->child(i));
            }
    m_status->clear();
    m_invalid->clear();
    showReport();
    m_progress->setValue(0);
    updateButtons();
}

bool ToolboxPanel::run()
{
    if (!m_form || m_runner->isRunning())
        return false;
    if (!m_form->isComplete()) {
        emit errorReported(tr("The form is not complete: choose the layers and correct the expressions shown in red."));
        return false;
    }
    const QString output = m_form->outputPath();
    if (!output.isEmpty() && QFileInfo::exists(output) && !m_form->mayReplaceOutput()) {
        emit errorReported(tr("%1 exists. Choose it with “…” to replace it, or give another file.").arg(ltr(output)));
        return false;
    }
    const QString beside = m_form->rasterBesidePath();
    if (!beside.isEmpty() && QFileInfo::exists(beside) && !m_form->mayReplaceRasterBeside()) {
        emit errorReported(tr("%1 exists. Choose it with “…” to replace it, or give another file.").arg(ltr(beside)));
        return false;
    }
    AnalysisRequest request;
    request.algorithm = m_current;
    request.inputLayer = m_form->inputLayer();
    request.inputRaster = m_form->inputRaster();
    request.overlayLayer = m_form->overlayLayer();
    request.moreLayers = m_form->moreLayers();
    request.parameters = m_form->parameterValues();
    request.invalid = m_form->invalidPolicy();
    request.outputPath = m_form->outputPath();
    request.rasterBesidePath = beside;
    return m_runner->start(request);
}

bool ToolboxPanel::setPickedPoint(const QString& name, const gis::Coord& mapPoint)
{
    return m_form && m_form->setPickedPoint(name.toStdString(), mapPoint);
}

void ToolboxPanel::cancel()
{
    if (m_runner->isRunning()) {
        m_status->setText(tr("Cancelling…"));
        m_runner->cancel();
    }
}

void ToolboxPanel::updateButtons()
{
    const bool running = m_runner->isRunning();
    m_run->setEnabled(!running && m_form && m_form->isComplete());
    m_cancel->setEnabled(running);
    m_search->setEnabled(!running);
    m_list->setEnabled(!running);
    if (m_form)
        m_form->setEnabled(!running);
}

void ToolboxPanel::showReport()
{
    // Only when a run left something to report: the form keeps the room otherwise.
    m_invalidTitle->setVisible(m_invalid->count() > 0);
    m_invalid->setVisible(m_invalid->count() > 0);
}

QString ToolboxPanel::statusText() const
{
    return m_status->text();
}

void ToolboxPanel::retranslate()
{
    m_search->setPlaceholderText(tr("Search algorithms"));
    m_run->setText(tr("Run"));
    m_cancel->setText(tr("Cancel"));
    m_invalidTitle->setText(tr("Invalid geometries and warnings of the last run:"));
    if (m_current.empty())
        m_title->setText(tr("Choose an algorithm"));
    rebuildList();
    if (!m_current.empty() && !m_runner->isRunning()) {
        const std::string id = m_current;
        m_current.clear();
        showAlgorithm(id); // the form again, in the new language
    }
    updateButtons();
}

void ToolboxPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

} // namespace viewer
