#include "styleeditordialog.h"

#include <QCheckBox>
#include <QColorDialog>
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include "app/lefttorightdelegate.h"
#include "gis/render/qtstyle.h"
#include "gis/core/error.h"
#include "gis/data/layer.h"
#include "gis/project/classify.h"
#include "gis/project/stylejson.h"
#include "map/mapdocument.h"

namespace viewer {

namespace {

void setButtonColor(QPushButton* b, const QColor& c)
{
    b->setProperty("color", c);
    b->setStyleSheet(QString("background-color: %1; min-width: 48px;").arg(c.name(QColor::HexArgb)));
}

QColor buttonColor(const QPushButton* b)
{
    return b->property("color").value<QColor>();
}

QTableWidgetItem* colorItem(const QColor& c)
{
    auto* item = new QTableWidgetItem;
    item->setBackground(c);
    item->setData(Qt::UserRole, c);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return item;
}

QDoubleSpinBox* scaleBox(QWidget* parent)
{
    auto* box = new QDoubleSpinBox(parent);
    box->setRange(0, 1e9);
    box->setDecimals(0);
    box->setSingleStep(1000);
    box->setPrefix(QStringLiteral("1:"));
    box->setSpecialValueText(StyleEditorDialog::tr("no limit"));
    return box;
}

QString dashesText(const std::vector<double>& dashes)
{
    QStringList parts;
    for (double d : dashes)
        parts << QString::number(d);
    return parts.join(' ');
}

QTableWidgetItem* scaleItem(double scale)
{
    return new QTableWidgetItem(scale > 0 ? QString::number(scale, 'f', 0) : QString());
}

} // namespace

QString StyleEditorDialog::defaultIconFolder()
{
    const QString app = QCoreApplication::applicationDirPath();
    // Installed, the bundled styles are share/interior-explorer (packaging/CMakeLists.txt, the same folder the
    // library's bundledStyleFolders() trusts), their icons in icons/.
    for (const QString& candidate : {app + "/../share/interior-explorer/icons", app + "/../styles/icons",
             app + "/../../styles/icons", QDir::currentPath() + "/styles/icons"}) {
        if (QDir(candidate).exists())
            return QDir(candidate).canonicalPath();
    }
    return QDir::currentPath() + "/styles/icons";
}

StyleEditorDialog::StyleEditorDialog(MapDocument* document, int layerId, QWidget* parent)
    : QDialog(parent), m_doc(document), m_layerId(layerId)
{
    const gis::ProjectLayer* l = m_doc->layer(layerId);
    m_original = m_style = l->map.style;
    m_originalFile = m_styleFile = m_doc->styleFilePath(layerId);
    m_styleFileJson = gis::styleToJson(m_style);
    m_wasModified = m_doc->isModified();
    setWindowTitle(tr("Layer style — %1").arg(QString::fromStdString(l->map.name)));
    buildUi();
    populate();
    m_previewTimer.setSingleShot(true);
    connect(&m_previewTimer, &QTimer::timeout, this, &StyleEditorDialog::preview);
}

void StyleEditorDialog::buildUi()
{
    const gis::Layer& layer = *m_doc->layer(m_layerId)->map.vector;
    auto* tabs = new QTabWidget(this);

    // Symbology.
    auto* symbology = new QWidget(tabs);
    m_kind = new QComboBox(symbology);
    m_kind->setObjectName("rendererKind");
    m_kind->addItems({tr("Single symbol"), tr("Categorized"), tr("Graduated"), tr("Rule-based")});
    m_field = new QComboBox(symbology);
    m_labelText = new QComboBox(this);
    m_labelSecond = new QComboBox(this);
    m_labelSecond->addItem(QString());
    for (const auto& col : layer.attributes().columns()) {
        m_field->addItem(QString::fromStdString(col.name()));
        m_labelText->addItem(QString::fromStdString(col.name()));
        m_labelSecond->addItem(QString::fromStdString(col.name()));
    }
    m_labelText->setEditable(true);
    m_labelSecond->setEditable(true);
    m_ramp = new QComboBox(symbology);
    for (const std::string& name : gis::colorRampNames())
        m_ramp->addItem(QString::fromStdString(name));
    m_method = new QComboBox(symbology);
    m_method->addItems({tr("Equal interval"), tr("Quantile"), tr("Natural breaks (Jenks)")});
    m_classes = new QSpinBox(symbology);
    m_classes->setRange(2, 12);
    m_classes->setValue(5);
    m_classify = new QPushButton(tr("Classify"), symbology);
    m_fill = new QPushButton(symbology);
    m_stroke = new QPushButton(symbology);
    m_strokeWidth = new QDoubleSpinBox(symbology);
    m_strokeWidth->setRange(0, 20);
    m_strokeWidth->setSingleStep(0.25);
    m_size = new QDoubleSpinBox(symbology);
    m_size->setRange(1, 64);
    m_marker = new QComboBox(symbology);
    m_marker->addItems({tr("Circle"), tr("Square"), tr("Triangle"), tr("Star"), tr("Cross"), tr("SVG icon")});
    m_icon = new QLineEdit(symbology);
    m_icon->setPlaceholderText(tr("SVG file"));
    m_iconBrowse = new QPushButton(tr("Browse…"), symbology);
    m_dashes = new QLineEdit(symbology);
    m_dashes->setPlaceholderText(tr("solid (or dash and gap lengths, e.g. 4 2)"));
    m_pattern = new QComboBox(symbology);
    m_pattern->addItems({tr("Solid"), tr("No fill"), tr("Horizontal hatch"), tr("Vertical hatch"), tr("Cross hatch"),
        tr("Forward diagonal hatch"), tr("Backward diagonal hatch"), tr("Diagonal cross hatch"), tr("Dots")});
    m_opacity = new QDoubleSpinBox(symbology);
    m_opacity->setRange(0, 1);
    m_opacity->setSingleStep(0.1);
    m_layerMinScale = scaleBox(symbology);
    m_layerMaxScale = scaleBox(symbology);
    m_table = new QTableWidget(0, 5, symbology);
    m_table->setHorizontalHeaderLabels({tr("Symbol"), tr("Value"), tr("Legend"), tr("Min scale"), tr("Max scale")});
    // Names for tests and scripts that drive the dialog.
    m_marker->setObjectName("markerShape");
    m_icon->setObjectName("markerIcon");
    m_dashes->setObjectName("lineDashes");
    m_pattern->setObjectName("fillPattern");
    m_opacity->setObjectName("symbolOpacity");
    m_size->setObjectName("markerSize");
    m_layerMinScale->setObjectName("layerMinScale");
    m_layerMaxScale->setObjectName("layerMaxScale");
    m_table->setObjectName("classTable");
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_filterDelegate = new LeftToRightDelegate(m_table);
    // Five rules in view at the dialog's first size, not one and a half.
    m_table->setMinimumHeight(m_table->horizontalHeader()->sizeHint().height() + 2 * m_table->frameWidth()
        + kVisibleRules * m_table->verticalHeader()->defaultSectionSize());
    m_addRule = new QPushButton(tr("Add rule"), symbology);
    m_removeRule = new QPushButton(tr("Remove rule"), symbology);
    m_addRule->setObjectName("addRule");

    auto* form = new QFormLayout;
    form->addRow(tr("Renderer"), m_kind);
    form->addRow(tr("Field"), m_field);
    form->addRow(tr("Colour ramp"), m_ramp);
    form->addRow(tr("Method"), m_method);
    form->addRow(tr("Classes"), m_classes);
    auto* symbolRow = new QHBoxLayout;
    symbolRow->addWidget(new QLabel(tr("Fill"), symbology));
    symbolRow->addWidget(m_fill);
    symbolRow->addWidget(new QLabel(tr("Outline"), symbology));
    symbolRow->addWidget(m_stroke);
    symbolRow->addWidget(m_strokeWidth);
    symbolRow->addWidget(new QLabel(tr("Size"), symbology));
    symbolRow->addWidget(m_size);
    symbolRow->addStretch();
    form->addRow(tr("Symbol"), symbolRow);
    auto* markerRow = new QHBoxLayout;
    markerRow->addWidget(m_marker);
    markerRow->addWidget(m_icon, 1);
    markerRow->addWidget(m_iconBrowse);
    form->addRow(tr("Marker"), markerRow);
    form->addRow(tr("Line dashes"), m_dashes);
    form->addRow(tr("Fill pattern"), m_pattern);
    form->addRow(tr("Symbol opacity"), m_opacity);
    auto* layerScaleRow = new QHBoxLayout;
    layerScaleRow->addWidget(new QLabel(tr("from"), symbology));
    layerScaleRow->addWidget(m_layerMinScale);
    layerScaleRow->addWidget(new QLabel(tr("to"), symbology));
    layerScaleRow->addWidget(m_layerMaxScale);
    layerScaleRow->addStretch();
    form->addRow(tr("Layer visible at scales"), layerScaleRow);
    auto* ruleButtons = new QHBoxLayout;
    ruleButtons->addWidget(m_classify);
    ruleButtons->addWidget(m_addRule);
    ruleButtons->addWidget(m_removeRule);
    ruleButtons->addStretch();
    auto* symLayout = new QVBoxLayout(symbology);
    symLayout->addLayout(form);
    symLayout->addLayout(ruleButtons);
    symLayout->addWidget(m_table, 1);
    tabs->addTab(symbology, tr("Symbology"));

    // Labels.
    auto* labels = new QWidget(tabs);
    m_labelsOn = new QCheckBox(tr("Show labels"), labels);
    m_labelSize = new QDoubleSpinBox(labels);
    m_labelSize->setRange(4, 48);
    m_labelColor = new QPushButton(labels);
    m_labelMinScale = scaleBox(labels);
    m_labelMaxScale = scaleBox(labels);
    m_labelMinScale->setObjectName("labelMinScale");
    m_labelMaxScale->setObjectName("labelMaxScale");
    auto* labelForm = new QFormLayout(labels);
    labelForm->addRow(m_labelsOn);
    labelForm->addRow(tr("Text (field or expression)"), m_labelText);
    labelForm->addRow(tr("Second line"), m_labelSecond);
    labelForm->addRow(tr("Size"), m_labelSize);
    labelForm->addRow(tr("Colour"), m_labelColor);
    labelForm->addRow(tr("Minimum scale"), m_labelMinScale);
    labelForm->addRow(tr("Maximum scale"), m_labelMaxScale);
    tabs->addTab(labels, tr("Labels"));

    m_error = new QLabel(this);
    m_error->setStyleSheet("color: #b00020");
    m_error->setWordWrap(true);
    m_error->hide();
    auto* load = new QPushButton(tr("Load style…"), this);
    auto* save = new QPushButton(tr("Save style…"), this);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->setObjectName("buttons");
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(tabs, 1);
    layout->addWidget(m_error);
    // Load and Save in a row of their own beside the box: inside the QDialogButtonBox, on X11 in Arabic, the box laid
    // its four buttons out for a wider box than it had and Cancel was cut in half at the dialog's edge.
    auto* buttonRow = new QHBoxLayout;
    buttonRow->addWidget(load);
    buttonRow->addWidget(save);
    buttonRow->addStretch();
    buttonRow->addWidget(buttons);
    layout->addLayout(buttonRow);
    // Our words, text only, as Load and Save: Qt's Arabic for Cancel is the imperative "ألغِ", which beside the
    // platform's icon at the button's edge read as a cut "إلغاء"; the rest of the viewer says "إلغاء".
    buttons->button(QDialogButtonBox::Ok)->setText(tr("OK"));
    buttons->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
    for (QAbstractButton* b : buttons->buttons())
        b->setIcon(QIcon());
    // Never below what the layout needs: sized smaller, the window (without a window manager to enforce the minimum)
    // cut the Arabic Cancel button in half.
    resize(QSize(620, 560).expandedTo(minimumSizeHint()));

    auto changed = [this] {
        if (!m_populating)
            m_previewTimer.start(120);
    };
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this, changed] {
        updateVisibility();
        if (m_populating)
            return;
        collect();
        fillClassTable();
        changed();
    });
    for (QComboBox* c : {m_field, m_ramp, m_method, m_labelText, m_labelSecond})
        connect(c, &QComboBox::currentTextChanged, this, changed);
    connect(m_classes, &QSpinBox::valueChanged, this, changed);
    for (QDoubleSpinBox* s : {m_strokeWidth, m_size, m_labelSize, m_opacity, m_layerMinScale, m_layerMaxScale,
             m_labelMinScale, m_labelMaxScale})
        connect(s, &QDoubleSpinBox::valueChanged, this, changed);
    for (QComboBox* c : {m_marker, m_pattern})
        connect(c, &QComboBox::currentIndexChanged, this, changed);
    connect(m_marker, &QComboBox::currentIndexChanged, this, &StyleEditorDialog::updateVisibility);
    for (QLineEdit* e : {m_icon, m_dashes})
        connect(e, &QLineEdit::textChanged, this, changed);
    connect(m_iconBrowse, &QPushButton::clicked, this, &StyleEditorDialog::pickIcon);
    connect(m_labelsOn, &QCheckBox::toggled, this, changed);
    for (QPushButton* b : {m_fill, m_stroke, m_labelColor})
        connect(b, &QPushButton::clicked, this, [this, b] { pickColor(b); });
    connect(m_table, &QTableWidget::itemChanged, this, changed);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this, changed](int row, int column) {
        if (column != 0)
            return;
        const QColor c = QColorDialog::getColor(m_table->item(row, 0)->data(Qt::UserRole).value<QColor>(), this);
        if (c.isValid()) {
            m_table->item(row, 0)->setBackground(c);
            m_table->item(row, 0)->setData(Qt::UserRole, c);
            changed();
        }
    });
    connect(m_classify, &QPushButton::clicked, this, &StyleEditorDialog::classify);
    connect(m_addRule, &QPushButton::clicked, this, [this, changed] {
        collect();
        gis::Renderer::Rule rule;
        rule.symbol = m_style.renderer.symbol;
        const auto colors = gis::colorRamp(m_ramp->currentText().toStdString(), static_cast<int>(m_style.renderer.rules.size()) + 1);
        rule.symbol.fill.color = colors.back();
        rule.label = tr("New rule").toStdString();
        m_style.renderer.rules.push_back(rule);
        fillClassTable();
        changed();
    });
    connect(m_removeRule, &QPushButton::clicked, this, [this, changed] {
        collect();
        const int row = m_table->currentRow();
        if (row >= 0 && row < static_cast<int>(m_style.renderer.rules.size())) {
            m_style.renderer.rules.erase(m_style.renderer.rules.begin() + row);
            fillClassTable();
            changed();
        }
    });
    connect(load, &QPushButton::clicked, this, [this] {
        const QString p = QFileDialog::getOpenFileName(this, tr("Load style"), {}, tr("Style files (*.json)"));
        if (!p.isEmpty())
            loadStyle(p);
    });
    connect(save, &QPushButton::clicked, this, [this] {
        const QString p = QFileDialog::getSaveFileName(this, tr("Save style"), {}, tr("Style files (*.json)"));
        if (!p.isEmpty())
            saveStyle(p);
    });
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        m_previewTimer.stop();
        preview();
        if (m_error->isHidden())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &StyleEditorDialog::reject);
}

void StyleEditorDialog::populate()
{
    m_populating = true;
    const gis::Renderer& r = m_style.renderer;
    m_kind->setCurrentIndex(static_cast<int>(r.kind));
    if (!r.field.empty())
        m_field->setCurrentText(QString::fromStdString(r.field));
    if (!r.ramp.empty())
        m_ramp->setCurrentText(QString::fromStdString(r.ramp));
    m_method->setCurrentIndex(r.classification == "quantile" ? 1 : r.classification == "natural_breaks" ? 2 : 0);
    if (!r.ranges.empty())
        m_classes->setValue(static_cast<int>(r.ranges.size()));
    setButtonColor(m_fill, gis::toQColor(r.symbol.fill.color));
    setButtonColor(m_stroke, gis::toQColor(r.symbol.stroke.color));
    m_strokeWidth->setValue(r.symbol.stroke.width.value);
    m_size->setValue(r.symbol.size.value);
    m_marker->setCurrentIndex(static_cast<int>(r.symbol.marker));
    m_icon->setText(QString::fromStdString(r.symbol.icon));
    m_dashes->setText(dashesText(r.symbol.stroke.dashes));
    m_pattern->setCurrentIndex(static_cast<int>(r.symbol.fill.pattern));
    m_opacity->setValue(r.symbol.opacity);
    m_layerMinScale->setValue(m_style.minScale);
    m_layerMaxScale->setValue(m_style.maxScale);
    const gis::LabelStyle& lab = m_style.labels;
    m_labelsOn->setChecked(lab.enabled);
    m_labelText->setCurrentText(QString::fromStdString(lab.text));
    m_labelSecond->setCurrentText(QString::fromStdString(lab.secondText));
    m_labelSize->setValue(lab.size.value);
    setButtonColor(m_labelColor, gis::toQColor(lab.color));
    m_labelMinScale->setValue(lab.minScale);
    m_labelMaxScale->setValue(lab.maxScale);
    fillClassTable();
    updateVisibility();
    remember();
    m_populating = false;
}

void StyleEditorDialog::fillClassTable()
{
    const bool was = m_populating;
    m_populating = true;
    const gis::Renderer& r = m_style.renderer;
    m_table->setRowCount(0);
    auto addRow = [this](const QColor& c, const QString& value, const QString& label, bool valueEditable,
                      double minScale = 0, double maxScale = 0) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, 0, colorItem(c));
        auto* v = new QTableWidgetItem(value);
        if (!valueEditable)
            v->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        m_table->setItem(row, 1, v);
        m_table->setItem(row, 2, new QTableWidgetItem(label));
        m_table->setItem(row, 3, scaleItem(minScale));
        m_table->setItem(row, 4, scaleItem(maxScale));
    };
    const int kind = m_kind->currentIndex();
    m_tableKind = kind;
    if (kind == 1)
        for (const auto& c : r.categories)
            addRow(gis::toQColor(c.symbol.fill.color), QString::fromStdString(c.value), QString::fromStdString(c.label), false);
    if (kind == 2)
        for (const auto& g : r.ranges)
            addRow(gis::toQColor(g.symbol.fill.color), locale().toString(g.lower) + " – " + locale().toString(g.upper),
                QString::fromStdString(g.label), false);
    if (kind == 3)
        for (const auto& rule : r.rules)
            addRow(gis::toQColor(rule.symbol.fill.color), rule.isElse ? QStringLiteral("ELSE") : QString::fromStdString(rule.filter),
                QString::fromStdString(rule.label), true,
                rule.minScale, rule.maxScale);
    // Filters are expressions, read left to right also in an Arabic table; category values stay in their language.
    m_table->setItemDelegateForColumn(1, kind == 3 ? m_filterDelegate : nullptr);
    m_table->setColumnHidden(3, kind != 3);
    m_table->setColumnHidden(4, kind != 3);
    rememberRows();
    m_populating = was;
}

void StyleEditorDialog::updateVisibility()
{
    const int kind = m_kind->currentIndex();
    m_field->setEnabled(kind == 1 || kind == 2);
    m_ramp->setEnabled(kind != 0);
    m_method->setEnabled(kind == 2);
    m_classes->setEnabled(kind == 2);
    m_classify->setEnabled(kind == 1 || kind == 2);
    m_addRule->setVisible(kind == 3);
    m_removeRule->setVisible(kind == 3);
    m_table->setVisible(kind != 0);
    const bool svg = m_marker->currentIndex() == static_cast<int>(gis::Symbol::Marker::Svg);
    m_icon->setEnabled(svg);
    m_iconBrowse->setEnabled(svg);
}

void StyleEditorDialog::pickIcon()
{
    const QString start = m_icon->text().isEmpty() ? defaultIconFolder() : QFileInfo(m_icon->text()).absolutePath();
    const QString p = QFileDialog::getOpenFileName(this, tr("Marker icon"), start, tr("SVG images (*.svg)"));
    if (p.isEmpty())
        return;
    m_marker->setCurrentIndex(static_cast<int>(gis::Symbol::Marker::Svg));
    m_icon->setText(p);
}

void StyleEditorDialog::setRendererKind(int kind)
{
    m_kind->setCurrentIndex(kind);
}

void StyleEditorDialog::setField(const QString& field)
{
    m_field->setCurrentText(field);
}

void StyleEditorDialog::classify()
{
    collect();
    const gis::Layer& layer = *m_doc->layer(m_layerId)->map.vector;
    const std::string field = m_field->currentText().toStdString();
    const std::string ramp = m_ramp->currentText().toStdString();
    try {
        if (m_kind->currentIndex() == 1) {
            m_style.renderer = gis::categorizedRenderer(layer, field, ramp, m_style.renderer.symbol);
        } else if (m_kind->currentIndex() == 2) {
            const gis::Classification method = m_method->currentIndex() == 1 ? gis::Classification::Quantile
                : m_method->currentIndex() == 2 ? gis::Classification::NaturalBreaks : gis::Classification::EqualInterval;
            m_style.renderer = gis::graduatedRenderer(layer, field, method, m_classes->value(), ramp, m_style.renderer.symbol);
        }
        m_error->hide();
    } catch (const gis::Error& e) {
        m_error->setText(QString::fromUtf8(e.what()));
        m_error->show();
        return;
    }
    fillClassTable();
    m_previewTimer.stop();
    const gis::LayerStyle keep = m_style;
    m_doc->setStyle(m_layerId, keep, styleFileFor());
}

void StyleEditorDialog::preview()
{
    collect();
    const gis::ProjectLayer* l = m_doc->layer(m_layerId);
    if (!l || !l->map.vector)
        return;
    try {
        gis::validateStyle(m_style, *l->map.vector, l->map.name);
        m_error->hide();
    } catch (const gis::Error& e) {
        m_error->setText(QString::fromUtf8(e.what()));
        m_error->show();
        return;
    }
    // Edited: saved inline with the project unless saved to a file; unchanged: it keeps its file.
    m_doc->setStyle(m_layerId, m_style, styleFileFor());
}

bool StyleEditorDialog::loadStyle(const QString& path)
{
    try {
        m_style = gis::readStyleFile(path.toStdString(), m_doc->layer(m_layerId)->map.vector.get());
    } catch (const gis::Error& e) {
        m_error->setText(QString::fromUtf8(e.what()));
        m_error->show();
        return false;
    }
    m_error->hide();
    m_styleFile = path.toStdString();
    m_styleFileJson = gis::styleToJson(m_style);
    populate();
    m_doc->setStyle(m_layerId, m_style, m_styleFile);
    return true;
}

bool StyleEditorDialog::saveStyle(const QString& path)
{
    collect();
    try {
        gis::writeStyleFile(path.toStdString(), m_style);
    } catch (const gis::Error& e) {
        m_error->setText(QString::fromUtf8(e.what()));
        m_error->show();
        return false;
    }
    m_styleFile = path.toStdString();
    m_styleFileJson = gis::styleToJson(m_style);
    m_doc->setStyle(m_layerId, m_style, m_styleFile);
    return true;
}

void StyleEditorDialog::pickColor(QPushButton* button)
{
    const QColor c = QColorDialog::getColor(buttonColor(button), this, {}, QColorDialog::ShowAlphaChannel);
    if (!c.isValid())
        return;
    setButtonColor(button, c);
    m_previewTimer.start(0);
}

void StyleEditorDialog::reject()
{
    m_previewTimer.stop();
    m_doc->setStyle(m_layerId, m_original, m_originalFile);
    if (!m_wasModified)
        m_doc->setModified(false); // the previews were undone: nothing is left to save
    QDialog::reject();
}

} // namespace viewer
