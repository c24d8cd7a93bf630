#include "printlayoutwindow.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "app/bidi.h"
#include "app/language.h"
#include "gis/core/error.h"
#include "gis/layout/mapframe.h"
#include "map/mapdocument.h"
#include "print/printlayoutatlasdialog.h"
#include "print/printlayoutcontent.h"
#include "print/printlayoutexportdialog.h"
#include "print/printlayoutpreview.h"

namespace viewer {

namespace {

/// 1:123456 -> 1:120000: a scale a map reader can say.
int roundScale(double denominator)
{
    if (!(denominator > 0))
        return 250000;
    const double step = std::pow(10.0, std::floor(std::log10(denominator)) - 1);
    return static_cast<int>(std::clamp(std::round(denominator / step) * step, 100.0, 2e9));
}

} // namespace

PrintLayoutWindow::PrintLayoutWindow(MapDocument* document, Options options, QWidget* parent)
    : QDialog(parent), m_doc(document), m_options(std::move(options))
{
    setObjectName("PrintLayoutWindow");
    setModal(false);
    setSizeGripEnabled(true);
    buildUi();
    retranslate(); // also lists the templates
    const QString lang = currentLanguage();
    if (!setTemplate("a4-landscape-" + lang) && m_template->count() > 1)
        setTemplate(m_template->itemData(0).toString());
    prefillTitles(true);
    connect(m_doc, &MapDocument::projectChanged, this, &PrintLayoutWindow::onProjectChanged);
    connect(m_doc, &MapDocument::layersChanged, this, [this] {
        if (m_atlasDialog)
            m_atlasDialog->refreshLayers();
        updatePreview();
    });
    connect(m_doc, &MapDocument::layerChanged, this, &PrintLayoutWindow::updatePreview);
    connect(m_doc, &MapDocument::crsChanged, this, &PrintLayoutWindow::updatePreview);
    resize(1180, 760);
}

PrintLayoutWindow::~PrintLayoutWindow() = default;

void PrintLayoutWindow::buildUi()
{
    m_template = new QComboBox(this);
    m_template->setObjectName("LayoutTemplate");
    m_title = new QLineEdit(this);
    m_title->setObjectName("LayoutTitle");
    m_subtitle = new QLineEdit(this);
    m_subtitle->setObjectName("LayoutSubtitle");
    m_extent = new QComboBox(this);
    m_extent->setObjectName("LayoutExtent");
    m_extent->addItems({QString(), QString()});
    m_extent->setEnabled(bool(m_options.viewExtent));
    m_fit = new QRadioButton(this);
    m_fit->setObjectName("LayoutScaleFit");
    m_fit->setChecked(true);
    m_fixed = new QRadioButton(this);
    m_fixed->setObjectName("LayoutScaleFixed");
    m_scale = new QSpinBox(this);
    m_scale->setObjectName("LayoutScale");
    m_scale->setRange(100, 2000000000);
    m_scale->setSingleStep(10000);
    m_scale->setGroupSeparatorShown(true);
    m_scale->setValue(250000);
    m_scale->setEnabled(false);
    m_items = new QListWidget(this);
    m_items->setObjectName("LayoutItems");
    m_preview = new PrintLayoutPreview(this);
    m_errors = new QLabel(this);
    m_errors->setWordWrap(true);
    m_errors->hide();
    m_export = new QPushButton(this);
    m_export->setObjectName("LayoutExport");
    m_atlas = new QPushButton(this);
    m_atlas->setObjectName("LayoutAtlas");
    m_close = new QPushButton(this);
    for (QPushButton* b : {m_export, m_atlas, m_close})
        b->setAutoDefault(false); // Enter in the title field must not open Export…
    for (QLabel** l : {&m_templateLabel, &m_titleLabel, &m_subtitleLabel, &m_extentLabel, &m_scaleLabel, &m_itemsLabel})
        *l = new QLabel(this);

    auto* scaleRow = new QHBoxLayout;
    scaleRow->addWidget(m_fit);
    scaleRow->addWidget(m_fixed);
    scaleRow->addWidget(m_scale, 1);
    auto* form = new QFormLayout;
    form->setRowWrapPolicy(QFormLayout::WrapAllRows); // labels above the fields: a narrow panel beside the page
    form->addRow(m_templateLabel, m_template);
    form->addRow(m_titleLabel, m_title);
    form->addRow(m_subtitleLabel, m_subtitle);
    form->addRow(m_extentLabel, m_extent);
    form->addRow(m_scaleLabel, scaleRow);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_export);
    buttons->addWidget(m_atlas);
    buttons->addStretch(1);
    buttons->addWidget(m_close);
    auto* panel = new QVBoxLayout;
    panel->addLayout(form);
    panel->addWidget(m_itemsLabel);
    panel->addWidget(m_items, 1); // the rest of the height: every item of a template in view
    panel->addLayout(buttons);
    auto* page = new QVBoxLayout;
    page->addWidget(m_preview, 1);
    page->addWidget(m_errors);
    auto* main = new QHBoxLayout(this);
    main->addLayout(panel, 0);
    main->addLayout(page, 1);
    m_template->setMinimumWidth(280);

    connect(m_template, &QComboBox::activated, this, &PrintLayoutWindow::onTemplateActivated);
    connect(m_title, &QLineEdit::textChanged, this, &PrintLayoutWindow::updatePreview);
    connect(m_subtitle, &QLineEdit::textChanged, this, &PrintLayoutWindow::updatePreview);
    connect(m_extent, &QComboBox::currentIndexChanged, this, &PrintLayoutWindow::updatePreview);
    connect(m_fixed, &QRadioButton::toggled, this, [this](bool fixed) {
        m_scale->setEnabled(fixed);
        if (fixed && !m_scaleChosen) {
            // Start from the scale the fitted map has, rounded: the user adjusts from what they see.
            const gis::Layout page = layout();
            const gis::LayoutContent c = content();
            for (const auto& item : page.items)
                if (item.kind == gis::LayoutItem::Kind::Map) {
                    QSignalBlocker block(m_scale);
                    m_scale->setValue(roundScale(gis::layoutScaleBar(page, item, c.map, 50).scaleDenominator));
                    break;
                }
        }
        updatePreview();
    });
    connect(m_scale, &QSpinBox::valueChanged, this, [this] {
        m_scaleChosen = true;
        updatePreview();
    });
    connect(m_items, &QListWidget::itemChanged, this, &PrintLayoutWindow::updatePreview);
    connect(m_preview, &PrintLayoutPreview::rendered, this, [this] {
        QStringList errors;
        for (const auto& e : m_preview->errors())
            errors << QString::fromStdString(e.layer + ": " + e.message);
        m_errors->setText(errors.join('\n'));
        m_errors->setVisible(!errors.isEmpty());
    });
    connect(m_export, &QPushButton::clicked, this, &PrintLayoutWindow::onExport);
    connect(m_atlas, &QPushButton::clicked, this, &PrintLayoutWindow::openAtlas);
    connect(m_close, &QPushButton::clicked, this, &QDialog::close);
}

void PrintLayoutWindow::retranslate()
{
    setWindowTitle(tr("Print layout"));
    m_templateLabel->setText(tr("Template"));
    m_titleLabel->setText(tr("Title"));
    m_subtitleLabel->setText(tr("Subtitle"));
    m_extentLabel->setText(tr("Map extent"));
    m_extent->setItemText(0, tr("The project's extent"));
    m_extent->setItemText(1, tr("The current map view"));
    m_scaleLabel->setText(tr("Scale"));
    m_fit->setText(tr("Fit"));
    m_fixed->setText(tr("Fixed"));
    m_scale->setPrefix(locale().toString(1) + QLatin1Char(':'));
    m_itemsLabel->setText(tr("Show on the page"));
    m_export->setText(tr("Export…"));
    m_atlas->setText(tr("Atlas…"));
    m_close->setText(tr("Close"));
    m_preview->setToolTip(tr("The page as it will be exported"));
    fillTemplates();
    fillItems(m_layout);
}

void PrintLayoutWindow::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange && m_template) {
        setLocale(localeFor(currentLanguage()));
        retranslate();
    }
    QDialog::changeEvent(event);
}

void PrintLayoutWindow::showEvent(QShowEvent* event)
{
    QDialog::showEvent(event);
    updatePreview();
}

void PrintLayoutWindow::prefillTitles(bool force)
{
    const gis::LayoutContent c = documentLayoutContent(*m_doc, m_layout.language);
    // A field the user edited keeps their text; one that still holds the previous prefill follows the template.
    if (force || m_title->text() == m_prefilledTitle)
        m_title->setText(c.title);
    if (force || m_subtitle->text() == m_prefilledSubtitle)
        m_subtitle->setText(c.subtitle);
    m_prefilledTitle = c.title;
    m_prefilledSubtitle = c.subtitle;
}

void PrintLayoutWindow::onProjectChanged()
{
    fillTemplates();
    prefillTitles(true);
    if (m_atlasDialog)
        m_atlasDialog->refreshLayers();
    updatePreview();
}

gis::Layout PrintLayoutWindow::layout() const
{
    gis::Layout page = m_layout;
    for (int i = 0; i < m_items->count(); ++i) {
        const int index = m_items->item(i)->data(Qt::UserRole).toInt();
        if (index >= 0 && index < int(page.items.size()))
            page.items[index].visible = m_items->item(i)->checkState() == Qt::Checked;
    }
    for (auto& item : page.items)
        if (item.kind == gis::LayoutItem::Kind::Map)
            item.scale = m_fixed->isChecked() ? m_scale->value() : 0;
    return page;
}

gis::LayoutContent PrintLayoutWindow::content() const
{
    const bool view = m_extent->currentIndex() == 1 && m_options.viewExtent;
    gis::LayoutContent c = documentLayoutContent(*m_doc, m_layout.language, view ? m_options.viewExtent() : gis::Box());
    c.title = m_title->text();
    c.subtitle = m_subtitle->text();
    return c;
}

void PrintLayoutWindow::updatePreview()
{
    if (isVisible())
        m_preview->setPage(layout(), content());
}

void PrintLayoutWindow::mapViewChanged()
{
    if (m_extent->currentIndex() == 1)
        updatePreview();
}

bool PrintLayoutWindow::exportTo(const QString& path, double dpi, bool worldFile)
{
    std::vector<gis::LayerError> errors;
    try {
        QApplication::setOverrideCursor(Qt::WaitCursor);
        gis::LayoutExportOptions options;
        options.worldFile = worldFile;
        errors = gis::exportLayout(layout(), content(), path.toStdString(), dpi, options);
        QApplication::restoreOverrideCursor();
    } catch (const gis::Error& e) {
        QApplication::restoreOverrideCursor();
        report(tr("Could not export the layout to %1:\n%2").arg(ltr(path), ltr(QString::fromUtf8(e.what()))));
        return false;
    }
    if (!errors.empty()) {
        QStringList lines;
        for (const auto& e : errors)
            lines << QString::fromStdString(e.layer + ": " + e.message);
        report(tr("%1 was written without some layers:\n%2").arg(ltr(path), ltr(lines.join('\n'))));
    }
    return true;
}

void PrintLayoutWindow::onExport()
{
    const QString folder = m_options.folder.isEmpty() ? QDir::homePath() : m_options.folder;
    PrintLayoutExportDialog dialog(QDir(folder).filePath("layout.pdf"), this);
    if (dialog.exec() == QDialog::Accepted && exportTo(dialog.path(), dialog.dpi(), dialog.worldFile()))
        m_options.folder = QFileInfo(dialog.path()).absolutePath();
}

PrintLayoutAtlasDialog* PrintLayoutWindow::atlasDialog() const
{
    return m_atlasDialog;
}

PrintLayoutAtlasDialog* PrintLayoutWindow::openAtlas()
{
    if (!m_atlasDialog) {
        m_atlasDialog = new PrintLayoutAtlasDialog(m_doc, [this] { return std::make_pair(layout(), content()); },
            m_options.folder, m_options.dialogs, this);
        connect(m_atlasDialog, &PrintLayoutAtlasDialog::errorReported, this, &PrintLayoutWindow::errorReported);
    }
    m_atlasDialog->show();
    m_atlasDialog->raise();
    m_atlasDialog->activateWindow();
    return m_atlasDialog;
}

void PrintLayoutWindow::report(const QString& message)
{
    emit errorReported(message);
    if (m_options.dialogs)
        QMessageBox::warning(this, tr("Print layout"), message);
}

} // namespace viewer
