#include "algorithmform.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>
#include <set>

#include "app/language.h"
#include "gis/core/error.h"
#include "gis/crs/transformer.h"
#include "gis/data/layer.h"
#include "gis/query/expression.h"
#include "map/mapdocument.h"

namespace viewer {

namespace {

using gis::analysis::Parameter;
using gis::analysis::ParameterType;

constexpr double kUnbounded = 1e12; // what a spin box shows for an infinite bound

QString text(const std::string& en, const std::string& ar, bool arabic)
{
    return QString::fromStdString(arabic && !ar.empty() ? ar : en);
}

/// The unit as the interface writes it; a unit the viewer does not know is shown as the schema has it.
QString unitText(const std::string& unit)
{
    if (unit == "m")
        return AlgorithmForm::tr("m");
    if (unit == "km")
        return AlgorithmForm::tr("km");
    if (unit == "px")
        return AlgorithmForm::tr("px");
    if (unit == "degrees")
        return AlgorithmForm::tr("degrees");
    if (unit == "m²")
        return AlgorithmForm::tr("m²");
    if (unit == "km/h")
        return AlgorithmForm::tr("km/h");
    if (unit == "layer units")
        return AlgorithmForm::tr("layer units");
    return QString::fromStdString(unit);
}

bool optionalWithoutDefault(const Parameter& p)
{
    return !p.required && p.defaultValue.empty();
}

QStringList checkedItems(const QListWidget* list)
{
    QStringList out;
    for (int i = 0; i < list->count(); ++i)
        if (list->item(i)->checkState() == Qt::Checked)
            out << list->item(i)->data(Qt::UserRole).toString();
    return out;
}

/// The title of choice `index` of `p` in the interface language (AlgorithmForm shows titles, sends ids); the id
/// when the schema gives none.
QString choiceTitle(const Parameter& p, std::size_t index, bool arabic)
{
    if (index < p.choiceTitles.size()) {
        const auto& [en, ar] = p.choiceTitles[index];
        if (!en.empty() || !ar.empty())
            return QString::fromStdString(arabic && !ar.empty() ? ar : en.empty() ? ar : en);
    }
    return QString::fromStdString(p.choices[index]);
}

/// A checkable list of `items` (ids, sent as they are) shown as `titles` (the ids where empty).
void fillCheckable(QListWidget* list, const std::vector<std::string>& items, const QStringList& checked,
    const QStringList& titles = {})
{
    list->clear();
    for (std::size_t i = 0; i < items.size(); ++i) {
        const std::string& s = items[i];
        const QString title = static_cast<qsizetype>(i) < titles.size() ? titles[static_cast<qsizetype>(i)] : QString();
        auto* item = new QListWidgetItem(title.isEmpty() ? QString::fromStdString(s) : title, list);
        item->setData(Qt::UserRole, QString::fromStdString(s));
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(checked.contains(QString::fromStdString(s)) ? Qt::Checked : Qt::Unchecked);
    }
    list->setMaximumHeight(std::min(6, std::max(2, list->count())) * 22 + 6);
}

/// "line layers", "point or polygon layers"...: the layers a GeometryKinds set lets a picker offer.
QString kindsText(std::uint8_t kinds)
{
    using gis::analysis::GeometryKinds;
    switch (kinds & GeometryKinds::Any) {
    case GeometryKinds::Points: return AlgorithmForm::tr("point layers");
    case GeometryKinds::Lines: return AlgorithmForm::tr("line layers");
    case GeometryKinds::Polygons: return AlgorithmForm::tr("polygon layers");
    case GeometryKinds::Points | GeometryKinds::Lines: return AlgorithmForm::tr("point or line layers");
    case GeometryKinds::Points | GeometryKinds::Polygons: return AlgorithmForm::tr("point or polygon layers");
    case GeometryKinds::Lines | GeometryKinds::Polygons: return AlgorithmForm::tr("line or polygon layers");
    default: return AlgorithmForm::tr("vector layers");
    }
}

QStringList splitDefault(const std::string& value)
{
    QStringList out;
    for (const QString& s : QString::fromStdString(value).split(',', Qt::SkipEmptyParts))
        out << s.trimmed();
    return out;
}

} // namespace

AlgorithmForm::AlgorithmForm(const gis::analysis::AlgorithmInfo& info, MapDocument* document, QWidget* parent)
    : QWidget(parent), m_info(info), m_doc(document), m_arabic(currentLanguage() == "ar")
{
    auto* form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    if (rasterInput()) {
        form->addRow(tr("Input raster"), makeRasterInputPicker());
    } else {
        m_input = makeLayerPicker("input_layer");
        form->addRow(tr("Input layer"), m_input);
    }
    if (m_info.input == gis::analysis::InputKind::VectorAndOverlay) {
        m_overlay = makeLayerPicker("overlay_layer");
        form->addRow(tr("Overlay layer"), m_overlay);
    }
    if (m_info.input == gis::analysis::InputKind::VectorAndLayers) {
        m_more = new QListWidget(this);
        m_more->setObjectName("more_layers");
        m_more->setToolTip(tr("The further layers to read with the input layer"));
        connect(m_more, &QListWidget::itemChanged, this, [this] { checkExpressions(); });
        form->addRow(tr("Further layers"), m_more);
    }
    for (const Parameter& p : m_info.parameters) {
        Row row;
        row.parameter = &p;
        row.editor = makeEditor(p);
        row.editor->setObjectName(QString::fromStdString("param_" + p.name));
        const QString help = text(p.helpEn, p.helpAr, m_arabic);
        row.editor->setToolTip(help);
        row.label = new QLabel(text(p.titleEn, p.titleAr, m_arabic) + (p.required ? QStringLiteral(" *") : QString()), this);
        row.label->setObjectName(QString::fromStdString("label_" + p.name));
        row.label->setToolTip(help);
        row.label->setBuddy(row.editor);
        auto* cell = new QWidget(this);
        auto* box = new QVBoxLayout(cell);
        box->setContentsMargins(0, 0, 0, 0);
        box->setSpacing(2);
        if (p.type == ParameterType::Raster || p.type == ParameterType::Point) {
            auto* line = new QWidget(cell);
            // A point's "x,y" takes the whole width, its Pick on map button under it.
            auto* h = p.type == ParameterType::Point ? static_cast<QBoxLayout*>(new QVBoxLayout(line))
                                                     : static_cast<QBoxLayout*>(new QHBoxLayout(line));
            h->setContentsMargins(0, 0, 0, 0);
            row.editor->setParent(line);
            h->addWidget(row.editor, 1);
            auto* button = new QToolButton(line);
            const QString name = QString::fromStdString(p.name);
            if (p.type == ParameterType::Raster) {
                button->setObjectName("browse_" + name);
                button->setText(tr("…"));
                button->setToolTip(tr("Choose a raster file"));
                auto* combo = static_cast<QComboBox*>(row.editor);
                connect(button, &QToolButton::clicked, this, [this, combo] {
                    const QString path = chooseRaster();
                    if (!path.isEmpty())
                        combo->setCurrentText(path);
                });
            } else {
                button->setObjectName("pick_" + name);
                button->setText(tr("Pick on map"));
                button->setToolTip(tr("Click on the map to take the point"));
                connect(button, &QToolButton::clicked, this, [this, name] { emit pointPickRequested(name); });
            }
            h->addWidget(button);
            box->addWidget(line);
        } else {
            box->addWidget(row.editor);
        }
        auto* helpLabel = new QLabel(help, cell);
        helpLabel->setWordWrap(true);
        helpLabel->setStyleSheet("color: #555; font-size: small");
        box->addWidget(helpLabel);
        if (p.type == ParameterType::Expression) {
            row.message = new QLabel(cell);
            row.message->setObjectName(QString::fromStdString("message_" + p.name));
            row.message->setWordWrap(true);
            row.message->setStyleSheet("color: #b00020");
            row.message->hide();
            box->addWidget(row.message);
            connect(static_cast<QLineEdit*>(row.editor), &QLineEdit::textChanged, this, &AlgorithmForm::checkExpressions);
        }
        form->addRow(row.label, cell);
        m_rows.push_back(row);
    }
    m_invalid = new QComboBox(this);
    m_invalid->setObjectName("invalid_policy");
    m_invalid->addItem(tr("Stop with an error naming the feature"), "stop");
    m_invalid->addItem(tr("Skip and report"), "skip");
    m_invalid->addItem(tr("Repair and report"), "repair");
    m_invalid->setToolTip(tr("What to do with a feature whose geometry is invalid"));
    form->addRow(tr("Invalid geometries"), m_invalid);

    auto* output = new QWidget(this);
    auto* outputRow = new QHBoxLayout(output);
    outputRow->setContentsMargins(0, 0, 0, 0);
    m_output = new QLineEdit(output);
    m_output->setObjectName("output_path");
    m_output->setPlaceholderText(rasterOutput() ? tr("A GeoTIFF file (.tif): required")
                                                : tr("A new layer in the map (or choose a file)"));
    m_output->setClearButtonEnabled(true);
    auto* browse = new QToolButton(output);
    browse->setText(tr("…"));
    browse->setToolTip(tr("Also save the result to a file"));
    connect(browse, &QToolButton::clicked, this, [this] {
        const QString path = chooseOutput();
        if (!path.isEmpty())
            setOutputPath(path, /*replace=*/true); // the dialog asked about an existing file
    });
    outputRow->addWidget(m_output, 1);
    outputRow->addWidget(browse);
    form->addRow(tr("Output"), output);

    if (m_info.makesRasterBeside()) {
        auto* beside = new QWidget(this);
        auto* besideRow = new QHBoxLayout(beside);
        besideRow->setContentsMargins(0, 0, 0, 0);
        m_rasterBeside = new QLineEdit(beside);
        m_rasterBeside->setObjectName("raster_beside_path");
        m_rasterBeside->setPlaceholderText(tr("A GeoTIFF file (.tif); empty: not kept"));
        m_rasterBeside->setClearButtonEnabled(true);
        m_rasterBeside->setToolTip(tr("Written as a GeoTIFF and added to the map under the result layer"));
        auto* browseBeside = new QToolButton(beside);
        browseBeside->setObjectName("browse_raster_beside");
        browseBeside->setText(tr("…"));
        connect(browseBeside, &QToolButton::clicked, this, [this] {
            const QString path = QFileDialog::getSaveFileName(this, tr("Save the raster as"), rasterBesidePath(),
                tr("GeoTIFF (*.tif *.tiff)"));
            if (!path.isEmpty())
                setRasterBesidePath(path, /*replace=*/true); // the dialog asked about an existing file
        });
        besideRow->addWidget(m_rasterBeside, 1);
        besideRow->addWidget(browseBeside);
        auto* besideLabel = new QLabel(text(m_info.rasterBesideEn, m_info.rasterBesideAr, m_arabic), this);
        besideLabel->setObjectName("label_raster_beside");
        besideLabel->setWordWrap(true);
        form->addRow(besideLabel, beside);
    }

    connect(m_input ? m_input : m_inputRaster, &QComboBox::currentIndexChanged, this, [this] {
        if (rasterOutput() && outputPath() == m_suggested) {
            m_suggested = suggestedRasterOutput();
            setOutputPath(m_suggested);
        }
        if (m_rasterBeside && rasterBesidePath() == m_suggestedBeside) {
            m_suggestedBeside = suggestedRasterOutput();
            setRasterBesidePath(m_suggestedBeside);
        }
        refreshFields();
    });
    if (m_overlay)
        connect(m_overlay, &QComboBox::currentIndexChanged, this, [this] { refreshFields(); });
    connect(m_output, &QLineEdit::textChanged, this, [this] { checkExpressions(); });
    refreshLayers();
    if (rasterOutput()) {
        m_suggested = suggestedRasterOutput();
        setOutputPath(m_suggested); // a suggestion: never replaces a file (suggestedRasterOutput avoids them anyway)
    }
    if (m_rasterBeside) {
        m_suggestedBeside = suggestedRasterOutput();
        setRasterBesidePath(m_suggestedBeside);
    }
}

QComboBox* AlgorithmForm::makeLayerPicker(const char* name)
{
    auto* combo = new QComboBox(this);
    combo->setObjectName(name);
    return combo;
}

QWidget* AlgorithmForm::makeRasterInputPicker()
{
    auto* line = new QWidget(this);
    auto* h = new QHBoxLayout(line);
    h->setContentsMargins(0, 0, 0, 0);
    m_inputRaster = new QComboBox(line);
    m_inputRaster->setObjectName("input_raster");
    m_inputRaster->setToolTip(tr("The raster the algorithm reads: a raster layer of the map, or a file"));
    h->addWidget(m_inputRaster, 1);
    auto* browse = new QToolButton(line);
    browse->setObjectName("browse_input_raster");
    browse->setText(tr("Browse…"));
    browse->setToolTip(tr("Choose a raster file"));
    connect(browse, &QToolButton::clicked, this, [this] {
        const QString path = chooseRaster();
        if (!path.isEmpty())
            setInputRaster(path);
    });
    h->addWidget(browse);
    return line;
}

QWidget* AlgorithmForm::makeEditor(const Parameter& p)
{
    switch (p.type) {
    case ParameterType::Number:
    case ParameterType::Integer: {
        auto* spin = new QDoubleSpinBox(this);
        const bool integer = p.type == ParameterType::Integer;
        spin->setDecimals(integer ? 0 : (std::isfinite(p.maximum) && p.maximum <= 1 ? 6 : 3));
        spin->setStepType(QAbstractSpinBox::AdaptiveDecimalStepType);
        double lo = std::isfinite(p.minimum) ? p.minimum : -kUnbounded;
        const double hi = std::isfinite(p.maximum) ? p.maximum : kUnbounded;
        if (optionalWithoutDefault(p)) {
            lo -= 1; // one step below the range: "not given"
            spin->setSpecialValueText(tr("(not set)"));
        }
        spin->setRange(lo, hi);
        bool ok = false;
        const double v = QString::fromStdString(p.defaultValue).toDouble(&ok);
        spin->setValue(ok ? v : (optionalWithoutDefault(p) ? lo : std::clamp(0.0, lo, hi)));
        if (!p.unit.empty())
            spin->setSuffix(" " + unitText(p.unit));
        return spin;
    }
    case ParameterType::Boolean: {
        auto* check = new QCheckBox(this);
        check->setChecked(p.defaultValue == "true" || p.defaultValue == "yes" || p.defaultValue == "1");
        return check;
    }
    case ParameterType::Choice: {
        auto* combo = new QComboBox(this);
        if (optionalWithoutDefault(p))
            combo->addItem(QString(), QString());
        for (std::size_t i = 0; i < p.choices.size(); ++i)
            combo->addItem(choiceTitle(p, i, m_arabic), QString::fromStdString(p.choices[i]));
        combo->setCurrentIndex(std::max(0, combo->findData(QString::fromStdString(p.defaultValue))));
        return combo;
    }
    case ParameterType::Choices: {
        auto* list = new QListWidget(this);
        QStringList titles;
        for (std::size_t i = 0; i < p.choices.size(); ++i)
            titles << choiceTitle(p, i, m_arabic);
        fillCheckable(list, p.choices, splitDefault(p.defaultValue), titles);
        return list;
    }
    case ParameterType::Raster: {
        auto* combo = new QComboBox(this); // the document's raster files, by refreshLayers(), or any file typed
        combo->setEditable(true);
        combo->setInsertPolicy(QComboBox::NoInsert);
        combo->setCurrentText(QString::fromStdString(p.defaultValue));
        return combo;
    }
    case ParameterType::Point: {
        auto* edit = new QLineEdit(QString::fromStdString(p.defaultValue), this);
        edit->setPlaceholderText(tr("x,y in the input layer's coordinates"));
        // Room for a full-precision "lon,lat" so that it is never cut (the form scrolls when the dock is narrower).
        edit->setMinimumWidth(edit->fontMetrics().horizontalAdvance(QStringLiteral("-57.528112345678901,-22.933252345678901")) + 12);
        return edit;
    }
    case ParameterType::Field:
        return new QComboBox(this); // filled from the layer by refreshFields()
    case ParameterType::Fields:
        return new QListWidget(this);
    case ParameterType::Text:
    case ParameterType::Expression: {
        auto* edit = new QLineEdit(QString::fromStdString(p.defaultValue), this);
        if (p.type == ParameterType::Expression)
            edit->setPlaceholderText(tr("e.g. population / 1000"));
        return edit;
    }
    }
    return new QLineEdit(this);
}

void AlgorithmForm::refreshLayers()
{
    // Only the layers whose geometry the algorithm reads (AlgorithmInfo::inputGeometry, overlayGeometry); the
    // picker's tooltip says which kinds it lists and why the others are not there.
    const QString title = text(m_info.titleEn, m_info.titleAr, m_arabic);
    const auto fits = [](const gis::ProjectLayer& l, std::uint8_t kinds) {
        return l.available && l.map.vector
            && (kinds == gis::analysis::GeometryKinds::Any || gis::analysis::acceptsGeometry(kinds, l.map.vector->geometryType()));
    };
    for (QComboBox* combo : {m_input, m_overlay}) {
        if (!combo)
            continue;
        const std::uint8_t kinds = combo == m_input ? m_info.inputGeometry : m_info.overlayGeometry;
        const QVariant current = combo->currentData();
        const QSignalBlocker block(combo);
        combo->clear();
        for (std::size_t i = 0; i < m_doc->layers().size(); ++i) {
            const gis::ProjectLayer& l = m_doc->layers()[i];
            if (fits(l, kinds))
                combo->addItem(layerDisplayName(l, m_arabic ? "ar" : "en"), m_doc->idAt(i));
        }
        combo->setCurrentIndex(std::max(0, combo->findData(current)));
        combo->setToolTip(kinds == gis::analysis::GeometryKinds::Any
                ? QString()
                : tr("Only %1 are listed: %2 reads no other geometry.").arg(kindsText(kinds), title));
    }
    if (m_more) {
        const std::vector<int> checked = moreLayers();
        const QSignalBlocker block(m_more);
        m_more->clear();
        for (std::size_t i = 0; i < m_doc->layers().size(); ++i) {
            const gis::ProjectLayer& l = m_doc->layers()[i];
            if (!fits(l, m_info.overlayGeometry))
                continue;
            auto* item = new QListWidgetItem(layerDisplayName(l, m_arabic ? "ar" : "en"), m_more);
            item->setData(Qt::UserRole, m_doc->idAt(i));
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
            const bool on = std::find(checked.begin(), checked.end(), m_doc->idAt(i)) != checked.end();
            item->setCheckState(on ? Qt::Checked : Qt::Unchecked);
        }
        m_more->setMaximumHeight(std::min(6, std::max(2, m_more->count())) * 22 + 6);
    }
    if (m_inputRaster) {
        // The document's raster layers by name (their file as data), then a file chosen with Browse… kept.
        const QString current = inputRaster();
        const QSignalBlocker block(m_inputRaster);
        m_inputRaster->clear();
        for (const gis::ProjectLayer& l : m_doc->layers()) {
            if (!l.available || !l.map.raster || l.sourcePath.empty())
                continue;
            const QString path = QFileInfo(QString::fromStdString(l.sourcePath)).absoluteFilePath();
            if (m_inputRaster->findData(path) >= 0)
                continue;
            m_inputRaster->addItem(layerDisplayName(l, m_arabic ? "ar" : "en"), path);
            m_inputRaster->setItemData(m_inputRaster->count() - 1, path, Qt::ToolTipRole);
        }
        if (!current.isEmpty() && m_inputRaster->findData(current) < 0)
            m_inputRaster->addItem(current, current);
        m_inputRaster->setCurrentIndex(std::max(0, m_inputRaster->findData(current)));
    }
    for (const Row& row : m_rows) {
        if (row.parameter->type != ParameterType::Raster)
            continue;
        auto* combo = static_cast<QComboBox*>(row.editor);
        const QString current = combo->currentText();
        const QSignalBlocker block(combo);
        combo->clear();
        std::set<std::string> seen;
        for (const gis::ProjectLayer& l : m_doc->layers())
            if (l.map.raster && !l.sourcePath.empty() && seen.insert(l.sourcePath).second)
                combo->addItem(QString::fromStdString(l.sourcePath));
        combo->setCurrentText(current);
    }
    refreshFields();
}

std::vector<int> AlgorithmForm::moreLayers() const
{
    std::vector<int> out;
    if (m_more)
        for (int i = 0; i < m_more->count(); ++i)
            if (m_more->item(i)->checkState() == Qt::Checked)
                out.push_back(m_more->item(i)->data(Qt::UserRole).toInt());
    return out;
}

void AlgorithmForm::setMoreLayers(const std::vector<int>& layerIds)
{
    if (!m_more)
        return;
    for (int i = 0; i < m_more->count(); ++i) {
        const int id = m_more->item(i)->data(Qt::UserRole).toInt();
        const bool on = std::find(layerIds.begin(), layerIds.end(), id) != layerIds.end();
        m_more->item(i)->setCheckState(on ? Qt::Checked : Qt::Unchecked);
    }
}

bool AlgorithmForm::setPickedPoint(const std::string& name, const gis::Coord& mapPoint)
{
    for (const Row& row : m_rows) {
        if (row.parameter->name != name || row.parameter->type != ParameterType::Point)
            continue;
        gis::Coord c = mapPoint;
        const gis::Layer* layer = layerFor(*row.parameter);
        if (layer && layer->crs().isValid() && m_doc->crs().isValid() && !(layer->crs() == m_doc->crs())) {
            try {
                c = gis::Transformer(m_doc->crs(), layer->crs()).transform(c);
            } catch (const gis::Error&) {
                return false;
            }
        }
        if (!std::isfinite(c.x) || !std::isfinite(c.y))
            return false;
        static_cast<QLineEdit*>(row.editor)->setText(QString::number(c.x, 'g', 17) + ',' + QString::number(c.y, 'g', 17));
        return true;
    }
    return false;
}

QString AlgorithmForm::suggestedRasterOutput() const
{
    const gis::ProjectLayer* input = m_doc->layer(inputLayer());
    const QString raster = inputRaster();
    QString folder;
    if (!m_doc->projectPath().isEmpty())
        folder = QFileInfo(m_doc->projectPath()).absolutePath();
    else if (!raster.isEmpty())
        folder = QFileInfo(raster).absolutePath();
    else if (input && !input->sourcePath.empty())
        folder = QFileInfo(QString::fromStdString(input->sourcePath)).absolutePath();
    else
        folder = QDir::homePath();
    QString stem = !raster.isEmpty() ? QFileInfo(raster).completeBaseName()
        : input                      ? QString::fromStdString(input->map.name)
                                     : QStringLiteral("layer");
    for (QChar& ch : stem)
        if (!ch.isLetterOrNumber() && ch != '-' && ch != '_')
            ch = '_';
    const QString base = QDir(folder).filePath(stem + '_' + QString::fromStdString(m_info.id));
    QString path = base + ".tif";
    for (int n = 2; QFileInfo::exists(path); ++n)
        path = base + QStringLiteral("_%1.tif").arg(n);
    return path;
}

const gis::Layer* AlgorithmForm::layerFor(const Parameter& p) const
{
    const int id = p.fieldOf == gis::analysis::FieldSource::Overlay ? overlayLayer() : inputLayer();
    const gis::ProjectLayer* l = m_doc->layer(id);
    return l ? l->map.vector.get() : nullptr;
}

void AlgorithmForm::refreshFields()
{
    for (const Row& row : m_rows) {
        const Parameter& p = *row.parameter;
        if (p.type != ParameterType::Field && p.type != ParameterType::Fields)
            continue;
        std::vector<std::string> names;
        if (const gis::Layer* layer = layerFor(p))
            for (const auto& f : layer->attributes().fields())
                names.push_back(f.name);
        if (auto* combo = qobject_cast<QComboBox*>(row.editor)) {
            const QString current = combo->currentData().toString();
            combo->clear();
            if (!p.required)
                combo->addItem(QString(), QString());
            for (const std::string& n : names)
                combo->addItem(QString::fromStdString(n), QString::fromStdString(n));
            int index = combo->findData(current.isEmpty() ? QString::fromStdString(p.defaultValue) : current);
            combo->setCurrentIndex(std::max(0, index));
        } else if (auto* list = qobject_cast<QListWidget*>(row.editor)) {
            const QStringList checked = list->count() ? checkedItems(list) : splitDefault(p.defaultValue);
            fillCheckable(list, names, checked);
        }
    }
    checkExpressions();
}

void AlgorithmForm::checkExpressions()
{
    bool complete = (rasterInput() ? !inputRaster().isEmpty() : inputLayer() >= 0) && (!m_overlay || overlayLayer() >= 0) && (!m_more || !moreLayers().empty())
        && (!rasterOutput() || (m_output && !outputPath().isEmpty()));
    for (const Row& row : m_rows) {
        if (!row.message)
            continue;
        const QString expression = static_cast<QLineEdit*>(row.editor)->text().trimmed();
        QString problem;
        const gis::Layer* layer = layerFor(*row.parameter);
        if (expression.isEmpty()) {
            if (row.parameter->required)
                problem = tr("An expression is required.");
        } else if (layer) {
            try {
                (void)gis::Expression::compile(expression.toStdString(), *layer);
            } catch (const gis::Error& e) {
                problem = QString::fromUtf8(e.what()); // the query engine's message, "did you mean" included
            }
        }
        row.message->setText(problem);
        row.message->setVisible(!problem.isEmpty());
        complete = complete && problem.isEmpty();
    }
    if (complete != m_complete) {
        m_complete = complete;
        emit completeChanged(complete);
    }
}

QString AlgorithmForm::valueOf(const Row& row) const
{
    const Parameter& p = *row.parameter;
    switch (p.type) {
    case ParameterType::Number:
    case ParameterType::Integer: {
        const auto* spin = static_cast<const QDoubleSpinBox*>(row.editor);
        if (optionalWithoutDefault(p) && spin->value() <= spin->minimum())
            return {};
        if (p.type == ParameterType::Integer)
            return QString::number(static_cast<qint64>(std::llround(spin->value())));
        return QString::number(spin->value(), 'g', 15); // C locale, as on the command line
    }
    case ParameterType::Boolean:
        return static_cast<const QCheckBox*>(row.editor)->isChecked() ? QStringLiteral("true") : QStringLiteral("false");
    case ParameterType::Choice:
    case ParameterType::Field:
        return static_cast<const QComboBox*>(row.editor)->currentData().toString();
    case ParameterType::Choices:
    case ParameterType::Fields:
        return checkedItems(static_cast<const QListWidget*>(row.editor)).join(',');
    case ParameterType::Text:
    case ParameterType::Expression:
        return static_cast<const QLineEdit*>(row.editor)->text();
    case ParameterType::Raster:
        return static_cast<const QComboBox*>(row.editor)->currentText().trimmed();
    case ParameterType::Point:
        return static_cast<const QLineEdit*>(row.editor)->text().trimmed();
    }
    return {};
}

std::map<std::string, std::string> AlgorithmForm::parameterValues() const
{
    std::map<std::string, std::string> out;
    for (const Row& row : m_rows) {
        const QString v = valueOf(row);
        // Empty and no default: absent, as an option not given on the command line. An empty list with a default
        // is given, so that "none" is not replaced by the default.
        if (v.isEmpty() && row.parameter->defaultValue.empty())
            continue;
        out[row.parameter->name] = v.toStdString();
    }
    return out;
}

int AlgorithmForm::inputLayer() const
{
    return !m_input || m_input->currentIndex() < 0 ? -1 : m_input->currentData().toInt();
}

QString AlgorithmForm::inputRaster() const
{
    return !m_inputRaster || m_inputRaster->currentIndex() < 0 ? QString() : m_inputRaster->currentData().toString();
}

void AlgorithmForm::setInputRaster(const QString& path)
{
    if (!m_inputRaster || path.trimmed().isEmpty())
        return;
    const QString absolute = QFileInfo(path.trimmed()).absoluteFilePath();
    int at = m_inputRaster->findData(absolute);
    if (at < 0) {
        m_inputRaster->addItem(absolute, absolute);
        at = m_inputRaster->count() - 1;
    }
    m_inputRaster->setCurrentIndex(at);
    checkExpressions();
}

int AlgorithmForm::overlayLayer() const
{
    return !m_overlay || m_overlay->currentIndex() < 0 ? -1 : m_overlay->currentData().toInt();
}

void AlgorithmForm::setInputLayer(int layerId)
{
    if (m_input)
        m_input->setCurrentIndex(m_input->findData(layerId));
}

void AlgorithmForm::setOverlayLayer(int layerId)
{
    if (m_overlay)
        m_overlay->setCurrentIndex(m_overlay->findData(layerId));
}

gis::analysis::InvalidPolicy AlgorithmForm::invalidPolicy() const
{
    return gis::analysis::invalidPolicyFromName(m_invalid->currentData().toString().toStdString());
}

void AlgorithmForm::setInvalidPolicy(gis::analysis::InvalidPolicy policy)
{
    m_invalid->setCurrentIndex(m_invalid->findData(QString::fromUtf8(gis::analysis::invalidPolicyName(policy).data(),
        static_cast<int>(gis::analysis::invalidPolicyName(policy).size()))));
}

QString AlgorithmForm::outputPath() const
{
    return m_output->text().trimmed();
}

void AlgorithmForm::setOutputPath(const QString& path, bool replace)
{
    m_output->setText(path);
    m_confirmedOutput = replace ? path.trimmed() : QString();
}

bool AlgorithmForm::mayReplaceOutput() const
{
    return !m_confirmedOutput.isEmpty() && m_confirmedOutput == outputPath();
}

QString AlgorithmForm::rasterBesidePath() const
{
    return m_rasterBeside ? m_rasterBeside->text().trimmed() : QString();
}

void AlgorithmForm::setRasterBesidePath(const QString& path, bool replace)
{
    if (!m_rasterBeside)
        return;
    m_rasterBeside->setText(path);
    m_confirmedRasterBeside = replace ? path.trimmed() : QString();
}

bool AlgorithmForm::mayReplaceRasterBeside() const
{
    return !m_confirmedRasterBeside.isEmpty() && m_confirmedRasterBeside == rasterBesidePath();
}

bool AlgorithmForm::isComplete() const
{
    return m_complete;
}

QWidget* AlgorithmForm::editor(const std::string& name) const
{
    for (const Row& row : m_rows)
        if (row.parameter->name == name)
            return row.editor;
    return nullptr;
}

QLabel* AlgorithmForm::label(const std::string& name) const
{
    for (const Row& row : m_rows)
        if (row.parameter->name == name)
            return row.label;
    return nullptr;
}

QLabel* AlgorithmForm::message(const std::string& name) const
{
    for (const Row& row : m_rows)
        if (row.parameter->name == name)
            return row.message;
    return nullptr;
}

QString AlgorithmForm::chooseOutput()
{
    // Qt's replace prompt stays on: the runner refuses only files the document reads.
    if (rasterOutput())
        return QFileDialog::getSaveFileName(this, tr("Save the raster as"), outputPath(), tr("GeoTIFF (*.tif *.tiff)"));
    return QFileDialog::getSaveFileName(this, tr("Save the result as"), QString(),
        tr("GeoPackage (*.gpkg);;GeoJSON (*.geojson);;Shapefile (*.shp);;FlatGeobuf (*.fgb);;CSV (*.csv)"));
}

QString AlgorithmForm::chooseRaster()
{
    return QFileDialog::getOpenFileName(this, tr("Choose a raster"), QString(),
        tr("Rasters (*.tif *.tiff *.vrt *.img *.asc);;All files (*)"));
}

} // namespace viewer
