#include "featureform.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDateTimeEdit>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QTabWidget>
#include <QTimeZone>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>
#include <cmath>

#include "app/language.h"
#include "forms/photofield.h"
#include "gis/core/error.h"

namespace viewer {

namespace {

constexpr qint64 kJulianEpoch = 2440588; // QDate::toJulianDay() of 1970-01-01
const QDate kNullDate(1900, 1, 1);       // a date edit at its minimum shows blank: null

QString textOf(const gis::FormText& t, const std::string& fallback, bool arabic)
{
    const std::string& s = arabic && !t.ar.empty() ? t.ar : !t.en.empty() ? t.en : !t.ar.empty() ? t.ar : fallback;
    return QString::fromStdString(s);
}

/// A stored value as the text a value map code or a line edit uses ("" for null).
std::string codeOf(const gis::FieldValue& v)
{
    if (const auto* i = std::get_if<std::int64_t>(&v))
        return std::to_string(*i);
    if (const auto* d = std::get_if<double>(&v))
        return QString::number(*d, 'g', 17).toStdString();
    if (const auto* s = std::get_if<std::string>(&v))
        return *s;
    return {};
}

/// Text typed or chosen, as a value of a field of type `type` (null when empty or not a number).
gis::FieldValue valueOf(gis::FieldType type, const QString& text)
{
    if (text.isEmpty())
        return {};
    bool ok = false;
    switch (type) {
    case gis::FieldType::Integer:
    case gis::FieldType::Boolean: {
        const qlonglong v = text.trimmed().toLongLong(&ok);
        return ok ? gis::FieldValue(static_cast<std::int64_t>(v)) : gis::FieldValue();
    }
    case gis::FieldType::Real: {
        const double v = text.trimmed().toDouble(&ok);
        return ok ? gis::FieldValue(v) : gis::FieldValue();
    }
    case gis::FieldType::Date: {
        const QDate d = QDate::fromString(text.trimmed(), Qt::ISODate);
        return d.isValid() ? gis::FieldValue(static_cast<std::int64_t>(d.toJulianDay() - kJulianEpoch)) : gis::FieldValue();
    }
    case gis::FieldType::DateTime: {
        QDateTime t = QDateTime::fromString(text.trimmed(), Qt::ISODate);
        return t.isValid() ? gis::FieldValue(static_cast<std::int64_t>(t.toMSecsSinceEpoch())) : gis::FieldValue();
    }
    default:
        return text.toStdString();
    }
}

/// A stored value as the text of a line edit (dates in ISO 8601).
QString displayText(gis::FieldType type, const gis::FieldValue& v)
{
    if (std::holds_alternative<std::monostate>(v))
        return {};
    if (type == gis::FieldType::Date)
        if (const auto* i = std::get_if<std::int64_t>(&v))
            return QDate::fromJulianDay(*i + kJulianEpoch).toString(Qt::ISODate);
    if (type == gis::FieldType::DateTime)
        if (const auto* i = std::get_if<std::int64_t>(&v))
            return QDateTime::fromMSecsSinceEpoch(*i, QTimeZone::utc()).toString(Qt::ISODate);
    return QString::fromStdString(codeOf(v));
}

double numberOf(const gis::FieldValue& v, double fallback)
{
    if (const auto* i = std::get_if<std::int64_t>(&v))
        return static_cast<double>(*i);
    if (const auto* d = std::get_if<double>(&v))
        return *d;
    if (const auto* s = std::get_if<std::string>(&v)) {
        bool ok = false;
        const double d = QString::fromStdString(*s).toDouble(&ok);
        return ok ? d : fallback;
    }
    return fallback;
}

} // namespace

FeatureForm::FeatureForm(std::shared_ptr<const LayerForm> form, gis::EditFeature feature, bool readOnly,
    std::shared_ptr<const gis::EditSnapshot> others, std::int64_t fid, std::shared_ptr<const PhotoAccess> photos,
    QWidget* parent)
    : QWidget(parent), m_form(std::move(form)), m_feature(std::move(feature)), m_readOnly(readOnly),
      m_others(std::move(others)), m_fid(fid), m_photos(std::move(photos)), m_arabic(currentLanguage() == "ar")
{
    setObjectName("FeatureForm");
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    m_root.widget = new QWidget(this);
    m_root.layout = new QFormLayout(m_root.widget);
    m_root.layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    outer->addWidget(m_root.widget);
    outer->addStretch(1);

    const gis::PreparedForm& prepared = *m_form->prepared;
    const std::vector<gis::FieldInfo>& fields = prepared.fields();
    m_feature.values.resize(fields.size());
    m_groups.resize(prepared.form().groups.size());
    m_adjustingTabs = true; // adding tabs makes one current: not the user's choice
    for (std::size_t i = 0; i < prepared.form().fields.size(); ++i) {
        const gis::FormField& f = prepared.form().fields[i];
        const bool photo = f.widget == gis::FormWidget::Photo;
        if (photo && (!m_photos || !f.media))
            continue;
        const auto it = std::find_if(fields.begin(), fields.end(), [&](const gis::FieldInfo& x) { return x.name == f.field; });
        if (!photo && it == fields.end())
            continue;
        Row row;
        row.formField = i;
        row.column = photo ? -1 : static_cast<int>(it - fields.begin());
        row.container = containerOf(f.group);
        row.rowWidget = new QWidget(row.container->widget);
        auto* v = new QVBoxLayout(row.rowWidget);
        v->setContentsMargins(0, 0, 0, 0);
        v->setSpacing(1);
        if (photo) {
            auto* field = new PhotoField(f, m_photos, m_readOnly);
            connect(field, &PhotoField::changed, this, [this] {
                evaluate();
                emit valuesChanged();
            });
            row.editor = field;
        } else {
            row.editor = makeEditor(f, *it, m_feature.values[static_cast<std::size_t>(row.column)]);
        }
        row.editor->setObjectName(QString::fromStdString(f.field));
        v->addWidget(row.editor);
        row.message = new QLabel(row.rowWidget);
        row.message->setObjectName(QString::fromStdString(f.field) + "_message");
        row.message->setWordWrap(true);
        row.message->hide();
        v->addWidget(row.message);
        auto* label = new QLabel(textOf(f.label, f.field, m_arabic), row.container->widget);
        label->setBuddy(row.editor);
        row.container->layout->addRow(label, row.rowWidget);
        row.container->lastTabs = nullptr;
        m_rows.push_back(row);
    }
    m_adjustingTabs = false;
    evaluate();
}

FeatureForm::Container* FeatureForm::containerOf(int group)
{
    if (group < 0 || static_cast<std::size_t>(group) >= m_groups.size())
        return &m_root;
    if (m_groups[static_cast<std::size_t>(group)])
        return &m_groups[static_cast<std::size_t>(group)]->box;
    const gis::FormGroup& g = m_form->prepared->form().groups[static_cast<std::size_t>(group)];
    Container* parent = containerOf(g.parent);
    auto made = std::make_unique<Group>();
    made->parent = parent;
    const QString title = textOf(g.label, g.name, m_arabic);
    if (g.tab) {
        if (!parent->lastTabs) {
            parent->lastTabs = new QTabWidget(parent->widget);
            parent->lastTabs->setObjectName(QString::fromStdString(g.name) + "_tabs");
            // Until the user picks a tab, the first shown one is current (a tab shown later by a value comes first).
            QTabWidget* tabs = parent->lastTabs;
            connect(tabs, &QTabWidget::currentChanged, this, [this, tabs] {
                if (!m_adjustingTabs)
                    tabs->setProperty("formUserTab", true);
            });
            parent->layout->addRow(parent->lastTabs);
        }
        made->tabs = parent->lastTabs;
        made->page = new QWidget;
        made->page->setObjectName(QString::fromStdString(g.name));
        made->tabIndex = made->tabs->addTab(made->page, title);
        made->box.widget = made->page;
    } else {
        auto* box = new QGroupBox(title, parent->widget);
        box->setObjectName(QString::fromStdString(g.name));
        parent->layout->addRow(box);
        parent->lastTabs = nullptr;
        made->box.widget = box;
        made->page = box;
    }
    made->box.layout = new QFormLayout(made->box.widget);
    made->box.layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_groups[static_cast<std::size_t>(group)] = std::move(made);
    return &m_groups[static_cast<std::size_t>(group)]->box;
}

QWidget* FeatureForm::makeEditor(const gis::FormField& f, const gis::FieldInfo& info, const gis::FieldValue& value)
{
    const bool ro = m_readOnly || f.readOnly;
    QWidget* w = nullptr;
    // An editor the user never changed gives back the stored value as it was (a spin box would round a decimal,
    // a check box would turn null into 0).
    const auto changed = [this](QWidget* editor) {
        return [this, editor] {
            editor->setProperty("formTouched", true);
            evaluate();
            emit valuesChanged();
        };
    };
    switch (f.widget) {
    case gis::FormWidget::MultilineText: {
        auto* e = new QPlainTextEdit(displayText(info.type, value));
        e->setReadOnly(ro);
        e->setTabChangesFocus(true);
        e->setMaximumHeight(90);
        connect(e, &QPlainTextEdit::textChanged, this, changed(e));
        w = e;
        break;
    }
    case gis::FormWidget::Integer: {
        auto* e = new QSpinBox;
        const int lo = f.min ? static_cast<int>(std::ceil(*f.min)) : INT_MIN + 1;
        const int hi = f.max ? static_cast<int>(std::floor(*f.max)) : INT_MAX;
        e->setRange(lo - 1, hi); // the minimum, shown blank, is null
        e->setSpecialValueText(QStringLiteral(" "));
        e->setSingleStep(f.step ? std::max(1, static_cast<int>(*f.step)) : 1);
        e->setValue(std::holds_alternative<std::monostate>(value) ? lo - 1 : static_cast<int>(numberOf(value, lo - 1)));
        e->setReadOnly(ro);
        connect(e, &QSpinBox::valueChanged, this, changed(e));
        w = e;
        break;
    }
    case gis::FormWidget::Decimal: {
        auto* e = new QDoubleSpinBox;
        const double step = f.step ? *f.step : 1.0;
        const double lo = f.min ? *f.min : -1e12;
        const double hi = f.max ? *f.max : 1e12;
        int decimals = 2; // enough for the step: 0.25 shows 2, 0.001 shows 3
        while (decimals < 6 && std::abs(step * std::pow(10.0, decimals) - std::round(step * std::pow(10.0, decimals))) > 1e-9)
            ++decimals;
        e->setDecimals(decimals);
        e->setRange(lo - step, hi);
        e->setSpecialValueText(QStringLiteral(" "));
        e->setSingleStep(step);
        e->setValue(std::holds_alternative<std::monostate>(value) ? lo - step : numberOf(value, lo - step));
        e->setReadOnly(ro);
        connect(e, &QDoubleSpinBox::valueChanged, this, changed(e));
        w = e;
        break;
    }
    case gis::FormWidget::ValueMap:
    case gis::FormWidget::ValueRelation: {
        auto* e = new QComboBox;
        e->addItem(QString(), QVariant()); // null
        if (f.widget == gis::FormWidget::ValueMap) {
            for (const gis::FormValueMapEntry& entry : f.valueMap)
                e->addItem(textOf(entry.label, entry.code, m_arabic), QString::fromStdString(entry.code));
        } else if (auto it = m_form->relationChoices.find(f.field); it != m_form->relationChoices.end()) {
            for (const FormChoice& c : it->second)
                e->addItem(m_arabic && !c.labelAr.isEmpty() ? c.labelAr : c.labelEn, QString::fromStdString(c.code));
        }
        const std::string code = codeOf(value);
        if (!code.empty()) {
            int at = e->findData(QString::fromStdString(code));
            if (at < 0) { // a value the list does not know: shown as it is (the library reports it)
                e->addItem(QString::fromStdString(code), QString::fromStdString(code));
                at = e->count() - 1;
            }
            e->setCurrentIndex(at);
        }
        e->setEnabled(!ro);
        connect(e, &QComboBox::currentIndexChanged, this, changed(e));
        w = e;
        break;
    }
    case gis::FormWidget::Date: {
        auto* e = new QDateEdit;
        e->setCalendarPopup(true);
        e->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        e->setMinimumDate(kNullDate);
        e->setSpecialValueText(QStringLiteral(" "));
        const QString text = displayText(info.type, value);
        const QDate d = QDate::fromString(text.left(10), Qt::ISODate);
        e->setDate(d.isValid() ? d : kNullDate);
        e->setReadOnly(ro);
        connect(e, &QDateEdit::dateChanged, this, changed(e));
        w = e;
        break;
    }
    case gis::FormWidget::DateTime: {
        auto* e = new QDateTimeEdit;
        e->setCalendarPopup(true);
        e->setTimeSpec(Qt::UTC);
        e->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
        e->setMinimumDateTime(QDateTime(kNullDate, QTime(0, 0), QTimeZone::utc()));
        e->setSpecialValueText(QStringLiteral(" "));
        const QDateTime t = QDateTime::fromString(displayText(info.type, value), Qt::ISODate);
        e->setDateTime(t.isValid() ? t.toUTC() : e->minimumDateTime());
        e->setReadOnly(ro);
        connect(e, &QDateTimeEdit::dateTimeChanged, this, changed(e));
        w = e;
        break;
    }
    case gis::FormWidget::Checkbox: {
        auto* e = new QCheckBox;
        e->setChecked(numberOf(value, 0) != 0);
        e->setEnabled(!ro);
        connect(e, &QCheckBox::toggled, this, changed(e));
        w = e;
        break;
    }
    default: {
        auto* e = new QLineEdit(displayText(info.type, value));
        e->setReadOnly(ro);
        connect(e, &QLineEdit::textChanged, this, changed(e));
        w = e;
        break;
    }
    }
    return w;
}

gis::FieldValue FeatureForm::editorValue(const Row& row) const
{
    if (!row.editor->property("formTouched").toBool())
        return m_feature.values[static_cast<std::size_t>(row.column)];
    const gis::FieldType type = m_form->prepared->fields()[static_cast<std::size_t>(row.column)].type;
    if (auto* e = qobject_cast<QLineEdit*>(row.editor))
        return valueOf(type, e->text());
    if (auto* e = qobject_cast<QPlainTextEdit*>(row.editor))
        return valueOf(type, e->toPlainText());
    if (auto* e = qobject_cast<QSpinBox*>(row.editor)) {
        if (e->value() == e->minimum())
            return {};
        if (type == gis::FieldType::Real)
            return static_cast<double>(e->value());
        return static_cast<std::int64_t>(e->value());
    }
    if (auto* e = qobject_cast<QDoubleSpinBox*>(row.editor))
        return e->value() == e->minimum() ? gis::FieldValue() : gis::FieldValue(e->value());
    if (auto* e = qobject_cast<QComboBox*>(row.editor))
        return valueOf(type, e->currentData().toString());
    if (auto* e = qobject_cast<QDateEdit*>(row.editor)) {
        if (e->date() == e->minimumDate())
            return {};
        if (type == gis::FieldType::DateTime)
            return static_cast<std::int64_t>(QDateTime(e->date(), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch());
        return valueOf(type, e->date().toString(Qt::ISODate));
    }
    if (auto* e = qobject_cast<QDateTimeEdit*>(row.editor)) {
        if (e->dateTime() == e->minimumDateTime())
            return {};
        const QDateTime t = e->dateTime().toUTC();
        if (type == gis::FieldType::DateTime)
            return static_cast<std::int64_t>(t.toMSecsSinceEpoch());
        return valueOf(type, t.toString(Qt::ISODate));
    }
    if (auto* e = qobject_cast<QCheckBox*>(row.editor)) {
        if (type == gis::FieldType::Real)
            return e->isChecked() ? 1.0 : 0.0;
        return static_cast<std::int64_t>(e->isChecked() ? 1 : 0);
    }
    return {};
}

gis::EditFeature FeatureForm::feature() const
{
    gis::EditFeature f = m_feature;
    for (const Row& row : m_rows)
        if (row.column >= 0)
            f.values[static_cast<std::size_t>(row.column)] = editorValue(row);
    return f;
}

void FeatureForm::evaluate()
{
    gis::FormEvaluation e;
    try {
        e = m_form->prepared->evaluate(feature(), m_fid, m_others.get());
    } catch (const gis::Error& error) { // text past the expression engine's limits
        gis::FormViolation v;
        v.message.en = v.message.ar = error.what();
        e.violations.push_back(v);
        for (const Row& row : m_rows)
            e.visibleFields.push_back(m_form->prepared->form().fields[row.formField].field);
    }
    m_violations = std::move(e.violations);
    m_visible = std::move(e.visibleFields);
    // The photo fields' count rules: the pictures the field holds now.
    if (std::any_of(m_rows.begin(), m_rows.end(), [](const Row& r) { return r.column < 0; })) {
        const auto count = [this](std::int64_t, const gis::FormField& field) -> std::size_t {
            for (const Row& row : m_rows)
                if (row.column < 0 && m_form->prepared->form().fields[row.formField].field == field.field)
                    return static_cast<PhotoField*>(row.editor)->count();
            return 0;
        };
        try {
            for (gis::FormViolation& v : m_form->prepared->mediaViolations(m_fid, feature(), count))
                m_violations.push_back(std::move(v));
        } catch (const gis::Error&) {
            // past the expression engine's limits: already reported above
        }
    }
    std::vector<char> groupVisible(m_groups.size(), 0);
    const bool adjusting = m_adjustingTabs;
    m_adjustingTabs = true; // hiding a tab moves the current one: not the user's choice
    const auto& groups = m_form->prepared->form().groups;
    for (Row& row : m_rows) {
        const gis::FormField& f = m_form->prepared->form().fields[row.formField];
        const bool visible = std::find(m_visible.begin(), m_visible.end(), f.field) != m_visible.end();
        row.container->layout->setRowVisible(row.rowWidget, visible);
        for (int g = f.group; visible && g >= 0 && static_cast<std::size_t>(g) < groups.size(); g = groups[static_cast<std::size_t>(g)].parent)
            groupVisible[static_cast<std::size_t>(g)] = 1;
        QStringList hard, soft;
        for (const gis::FormViolation& v : m_violations)
            if (v.field == f.field)
                (v.hard ? hard : soft) << QString::fromStdString(m_arabic && !v.message.ar.empty() ? v.message.ar : v.message.en);
        // A form shown read-only (identify) reports the hard rules as well: the data may break them.
        if (hard.isEmpty() && soft.isEmpty()) {
            row.message->hide();
            continue;
        }
        row.message->setText((hard + soft).join('\n'));
        row.message->setStyleSheet(hard.isEmpty() ? QStringLiteral("color: #9a6700;") : QStringLiteral("color: #c62828;"));
        row.message->setVisible(visible);
    }
    for (std::size_t g = 0; g < m_groups.size(); ++g) {
        Group* group = m_groups[g].get();
        if (!group)
            continue;
        if (group->tabs)
            group->tabs->setTabVisible(group->tabIndex, groupVisible[g] != 0);
        else
            group->page->setVisible(groupVisible[g] != 0);
    }
    for (const auto& group : m_groups) {
        if (!group || !group->tabs || group->tabs->property("formUserTab").toBool())
            continue;
        for (int i = 0; i < group->tabs->count(); ++i)
            if (group->tabs->isTabVisible(i)) {
                group->tabs->setCurrentIndex(i);
                break;
            }
    }
    m_adjustingTabs = adjusting;
}

bool FeatureForm::hasHardViolations() const
{
    return std::any_of(m_violations.begin(), m_violations.end(), [](const gis::FormViolation& v) { return v.hard; });
}

QString FeatureForm::hardMessages() const
{
    QStringList out;
    for (const gis::FormViolation& v : m_violations)
        if (v.hard)
            out << QString::fromStdString(m_arabic && !v.message.ar.empty() ? v.message.ar : v.message.en);
    return out.join('\n');
}

QWidget* FeatureForm::editor(const QString& field) const
{
    const std::string name = field.toStdString();
    for (const Row& row : m_rows)
        if (m_form->prepared->form().fields[row.formField].field == name)
            return row.editor;
    return nullptr;
}

std::optional<gis::FieldValue> FeatureForm::valueFromText(gis::FieldType type, const QString& text)
{
    const gis::FieldValue v = valueOf(type, text);
    if (std::holds_alternative<std::monostate>(v) && !text.trimmed().isEmpty())
        return std::nullopt;
    return v;
}

bool FeatureForm::isFieldVisible(const QString& field) const
{
    return std::find(m_visible.begin(), m_visible.end(), field.toStdString()) != m_visible.end();
}

} // namespace viewer
