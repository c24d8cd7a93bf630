// StyleEditorDialog: reading the controls back into the style. Only what the user edited is taken: a control
// still showing what populate() put there leaves the style's value as it was.

#include <QComboBox>
#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>

#include "gis/render/qtstyle.h"
#include "gis/project/stylejson.h"
#include "style/styleeditordialog.h"

namespace viewer {

namespace {

QColor buttonColor(const QPushButton* b)
{
    return b->property("color").value<QColor>();
}

/// "4 2" or "4, 2" as dash and gap lengths; an empty or unreadable text is a solid line.
std::vector<double> parseDashes(const QString& text)
{
    std::vector<double> dashes;
    for (const QString& part : QString(text).replace(',', ' ').split(' ', Qt::SkipEmptyParts)) {
        bool ok = false;
        const double d = part.toDouble(&ok);
        if (!ok || d <= 0)
            return {};
        dashes.push_back(d);
    }
    if (dashes.size() % 2 != 0)
        dashes.push_back(dashes.back()); // a single length: equal dash and gap
    return dashes;
}

double itemScale(const QTableWidgetItem* item)
{
    bool ok = false;
    const double v = item ? item->text().trimmed().toDouble(&ok) : 0;
    return ok && v > 0 ? v : 0;
}

} // namespace

void StyleEditorDialog::remember()
{
    m_shown.kind = m_kind->currentIndex();
    m_shown.field = m_field->currentText();
    m_shown.ramp = m_ramp->currentText();
    m_shown.fill = buttonColor(m_fill);
    m_shown.stroke = buttonColor(m_stroke);
    m_shown.strokeWidth = m_strokeWidth->value();
    m_shown.size = m_size->value();
    m_shown.marker = m_marker->currentIndex();
    m_shown.icon = m_icon->text();
    m_shown.dashes = m_dashes->text();
    m_shown.pattern = m_pattern->currentIndex();
    m_shown.opacity = m_opacity->value();
    m_shown.layerMinScale = m_layerMinScale->value();
    m_shown.layerMaxScale = m_layerMaxScale->value();
    m_shown.labelsOn = m_labelsOn->isChecked();
    m_shown.labelText = m_labelText->currentText();
    m_shown.labelSecond = m_labelSecond->currentText();
    m_shown.labelSize = m_labelSize->value();
    m_shown.labelColor = buttonColor(m_labelColor);
    m_shown.labelMinScale = m_labelMinScale->value();
    m_shown.labelMaxScale = m_labelMaxScale->value();
}

void StyleEditorDialog::rememberRows()
{
    m_shownRows.clear();
    for (int row = 0; row < m_table->rowCount(); ++row)
        m_shownRows.push_back({m_table->item(row, 0)->data(Qt::UserRole).value<QColor>(), m_table->item(row, 1)->text(),
            m_table->item(row, 2)->text(), m_table->item(row, 3)->text(), m_table->item(row, 4)->text()});
}

std::string StyleEditorDialog::styleFileFor() const
{
    return gis::styleToJson(m_style) == m_styleFileJson ? m_styleFile : std::string();
}

void StyleEditorDialog::collect()
{
    // Each value is taken from its control only when the control no longer shows what populate() put there.
    gis::Renderer& r = m_style.renderer;
    const Shown& was = m_shown;
    if (m_kind->currentIndex() != was.kind)
        r.kind = static_cast<gis::Renderer::Kind>(m_kind->currentIndex());
    if (m_field->currentText() != was.field)
        r.field = m_field->currentText().toStdString();
    if (m_ramp->currentText() != was.ramp)
        r.ramp = m_ramp->currentText().toStdString();
    if (buttonColor(m_fill) != was.fill)
        r.symbol.fill.color = gis::toColor(buttonColor(m_fill));
    if (buttonColor(m_stroke) != was.stroke)
        r.symbol.stroke.color = gis::toColor(buttonColor(m_stroke));
    if (m_strokeWidth->value() != was.strokeWidth)
        r.symbol.stroke.width.value = m_strokeWidth->value(); // in the unit it had
    if (m_size->value() != was.size)
        r.symbol.size.value = m_size->value();
    collectSymbol();
    if (m_layerMinScale->value() != was.layerMinScale)
        m_style.minScale = m_layerMinScale->value();
    if (m_layerMaxScale->value() != was.layerMaxScale)
        m_style.maxScale = m_layerMaxScale->value();
    const int kind = m_tableKind; // the rows describe the renderer the table was filled for
    for (int row = 0; row < m_table->rowCount() && row < static_cast<int>(m_shownRows.size()); ++row) {
        const ShownRow& shown = m_shownRows[static_cast<std::size_t>(row)];
        const QColor color = m_table->item(row, 0)->data(Qt::UserRole).value<QColor>();
        const QString label = m_table->item(row, 2)->text();
        const bool colorEdited = color != shown.color;
        const bool labelEdited = label != shown.label;
        gis::Symbol* symbol = nullptr;
        std::string* classLabel = nullptr;
        if (kind == 1 && row < static_cast<int>(r.categories.size())) {
            symbol = &r.categories[static_cast<std::size_t>(row)].symbol;
            classLabel = &r.categories[static_cast<std::size_t>(row)].label;
        } else if (kind == 2 && row < static_cast<int>(r.ranges.size())) {
            symbol = &r.ranges[static_cast<std::size_t>(row)].symbol;
            classLabel = &r.ranges[static_cast<std::size_t>(row)].label;
        } else if (kind == 3 && row < static_cast<int>(r.rules.size())) {
            auto& rule = r.rules[static_cast<std::size_t>(row)];
            symbol = &rule.symbol;
            classLabel = &rule.label;
            if (colorEdited)
                rule.symbol.stroke.color = gis::toColor(color.darker(140)); // a new colour gets a matching outline
            const QString filter = m_table->item(row, 1)->text().trimmed();
            if (filter != shown.value.trimmed()) {
                rule.isElse = filter.compare("ELSE", Qt::CaseInsensitive) == 0;
                rule.filter = rule.isElse ? std::string() : filter.toStdString();
            }
            if (m_table->item(row, 3)->text() != shown.minScale)
                rule.minScale = itemScale(m_table->item(row, 3));
            if (m_table->item(row, 4)->text() != shown.maxScale)
                rule.maxScale = itemScale(m_table->item(row, 4));
        }
        if (symbol && colorEdited)
            symbol->fill.color = gis::toColor(color);
        if (classLabel && labelEdited)
            *classLabel = label.toStdString();
    }
    gis::LabelStyle& lab = m_style.labels;
    if (m_labelsOn->isChecked() != was.labelsOn)
        lab.enabled = m_labelsOn->isChecked();
    if (m_labelText->currentText() != was.labelText)
        lab.text = m_labelText->currentText().toStdString();
    if (m_labelSecond->currentText() != was.labelSecond)
        lab.secondText = m_labelSecond->currentText().toStdString();
    if (m_labelSize->value() != was.labelSize)
        lab.size.value = m_labelSize->value();
    if (buttonColor(m_labelColor) != was.labelColor)
        lab.color = gis::toColor(buttonColor(m_labelColor));
    if (m_labelMinScale->value() != was.labelMinScale)
        lab.minScale = m_labelMinScale->value();
    if (m_labelMaxScale->value() != was.labelMaxScale)
        lab.maxScale = m_labelMaxScale->value();
}

void StyleEditorDialog::collectSymbol()
{
    // These controls edit what all the classes share: a value the user changed goes to the common symbol and to
    // every category, range and rule; values not touched keep what each class had (e.g. from a style file).
    gis::Renderer& r = m_style.renderer;
    const auto marker = static_cast<gis::Symbol::Marker>(m_marker->currentIndex());
    const std::string icon = m_icon->text().trimmed().toStdString();
    const std::vector<double> dashes = parseDashes(m_dashes->text());
    const auto pattern = static_cast<gis::Fill::Pattern>(m_pattern->currentIndex());
    const double opacity = m_opacity->value();
    std::vector<gis::Symbol*> classes;
    for (auto& c : r.categories)
        classes.push_back(&c.symbol);
    for (auto& g : r.ranges)
        classes.push_back(&g.symbol);
    for (auto& rule : r.rules)
        classes.push_back(&rule.symbol);
    const gis::Symbol before = r.symbol;
    auto apply = [&](bool edited, auto changed, auto set) {
        if (!edited || !changed(before))
            return;
        set(r.symbol);
        for (gis::Symbol* s : classes)
            set(*s);
    };
    const Shown& was = m_shown;
    apply(m_marker->currentIndex() != was.marker || m_icon->text() != was.icon,
        [&](const gis::Symbol& s) { return s.marker != marker || s.icon != icon; },
        [&](gis::Symbol& s) { s.marker = marker; s.icon = icon; });
    apply(m_dashes->text() != was.dashes, [&](const gis::Symbol& s) { return s.stroke.dashes != dashes; },
        [&](gis::Symbol& s) { s.stroke.dashes = dashes; });
    apply(m_pattern->currentIndex() != was.pattern, [&](const gis::Symbol& s) { return s.fill.pattern != pattern; },
        [&](gis::Symbol& s) { s.fill.pattern = pattern; });
    apply(m_opacity->value() != was.opacity, [&](const gis::Symbol& s) { return s.opacity != opacity; },
        [&](gis::Symbol& s) { s.opacity = opacity; });
}

} // namespace viewer
