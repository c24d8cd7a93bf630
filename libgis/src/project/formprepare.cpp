// Preparing a form: checking it against the layer's fields, compiling its expressions and regular expressions,
// reading the value relations' keys.

#include <cmath>

#include "formimpl.h"
#include "gis/core/error.h"
#include "gis/core/numbertext.h"
#include "gis/project/project.h"

namespace gis {

namespace detail {

std::string valueText(const FieldValue& value)
{
    if (const auto* i = std::get_if<std::int64_t>(&value))
        return std::to_string(*i);
    if (const auto* d = std::get_if<double>(&value)) {
        if (*d == std::floor(*d) && std::abs(*d) < 9.0e15)
            return std::to_string(static_cast<std::int64_t>(*d));
        return generalNumber(*d, 17);
    }
    if (const auto* s = std::get_if<std::string>(&value))
        return *s;
    return {};
}

FieldValue layerValue(const Layer& layer, std::size_t column, std::size_t row)
{
    const AttributeColumn& c = layer.attributes().column(column);
    if (c.isNull(row))
        return {};
    switch (c.type()) {
    case FieldType::Real:
        return c.real(row);
    case FieldType::String:
    case FieldType::Binary:
        return std::string(c.string(row));
    default:
        return c.integer(row);
    }
}

FieldValue toFieldValue(const Value& value, FieldType type)
{
    constexpr std::int64_t kDayMs = 86400000;
    using T = Value::Type;
    if (value.isNull())
        return {};
    const bool integral = value.type == T::Integer || value.type == T::Boolean;
    switch (type) {
    case FieldType::Integer:
    case FieldType::Boolean:
        if (integral)
            return value.integer;
        if (value.type == T::Real && std::isfinite(value.real))
            return static_cast<std::int64_t>(std::llround(value.real));
        return {};
    case FieldType::Real:
        if (value.type == T::Real)
            return value.real;
        if (integral)
            return static_cast<double>(value.integer);
        return {};
    case FieldType::Date:
        if (value.type == T::Date)
            return value.integer;
        if (value.type == T::DateTime)
            return value.integer >= 0 ? value.integer / kDayMs : -((-value.integer + kDayMs - 1) / kDayMs);
        return {};
    case FieldType::DateTime:
        if (value.type == T::DateTime)
            return value.integer;
        if (value.type == T::Date)
            return value.integer * kDayMs;
        return {};
    case FieldType::String:
    case FieldType::Binary:
        return value.toString();
    }
    return {};
}

std::shared_ptr<const Layer> oneRowLayer(const EditFeature& feature, const std::vector<FieldInfo>& fields, const Crs& crs)
{
    GeometryColumn geometries;
    geometries.append(feature.geometry.column(), 0);
    AttributeTable table;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        AttributeColumn& c = table.addColumn(fields[i].name, fields[i].type);
        const FieldValue v = i < feature.values.size() ? feature.values[i] : FieldValue{};
        if (const auto* n = std::get_if<std::int64_t>(&v)) {
            if (c.type() == FieldType::Real)
                c.appendReal(static_cast<double>(*n));
            else if (c.type() == FieldType::String || c.type() == FieldType::Binary)
                c.appendString(std::to_string(*n));
            else
                c.appendInteger(*n);
        } else if (const auto* d = std::get_if<double>(&v)) {
            if (c.type() == FieldType::Real)
                c.appendReal(*d);
            else if (c.type() == FieldType::String || c.type() == FieldType::Binary)
                c.appendString(valueText(v));
            else
                c.appendInteger(static_cast<std::int64_t>(*d));
        } else if (const auto* s = std::get_if<std::string>(&v)) {
            if (c.type() == FieldType::String || c.type() == FieldType::Binary)
                c.appendString(*s);
            else
                c.appendNull();
        } else {
            c.appendNull();
        }
    }
    if (fields.empty())
        table.setRowCount(1);
    return std::make_shared<const Layer>("form", crs, GeometryType::Unknown, std::move(geometries), std::move(table),
        std::vector<std::int64_t>{}, LoadReport{}, 0, false);
}

} // namespace detail

namespace {

bool numericType(FieldType t)
{
    return t == FieldType::Integer || t == FieldType::Real;
}

/// Whether `widget` can edit a field of type `t`.
bool fits(FormWidget widget, FieldType t)
{
    switch (widget) {
    case FormWidget::Text:
    case FormWidget::MultilineText:
        return t != FieldType::Binary;
    case FormWidget::Integer:
        return t == FieldType::Integer || t == FieldType::Real;
    case FormWidget::Decimal:
        return t == FieldType::Real;
    case FormWidget::ValueMap:
    case FormWidget::ValueRelation:
        return t == FieldType::String || t == FieldType::Integer || t == FieldType::Boolean;
    case FormWidget::Date:
        return t == FieldType::Date || t == FieldType::DateTime || t == FieldType::String;
    case FormWidget::DateTime:
        return t == FieldType::DateTime || t == FieldType::String;
    case FormWidget::Checkbox:
        return t == FieldType::Boolean || t == FieldType::Integer;
    case FormWidget::Photo:
        return true;
    }
    return false;
}

} // namespace

PreparedForm::PreparedForm() : m_impl(std::make_unique<Impl>()) {}
PreparedForm::~PreparedForm() = default;

const Form& PreparedForm::form() const
{
    return m_impl->form;
}

const std::vector<FieldInfo>& PreparedForm::fields() const
{
    return m_impl->fields;
}

detail::CompiledForm PreparedForm::Impl::compile(const Layer& layer) const
{
    detail::CompiledForm c;
    c.expressions.reserve(expressionTexts.size());
    for (const std::string& text : expressionTexts)
        c.expressions.emplace_back(Expression::compile(text, layer));
    return c;
}

std::shared_ptr<const PreparedForm> PreparedForm::prepare(const Form& form, const std::vector<FieldInfo>& fields,
    const Crs& crs, FormContext context, const std::string& where)
{
    std::shared_ptr<PreparedForm> result(new PreparedForm());
    Impl& p = *result->m_impl;
    p.form = form;
    p.fields = fields;
    p.crs = crs;
    p.context = std::move(context);
    p.where = where;
    const auto fail = [&](const std::string& jsonPath, const std::string& what) {
        throw Error(ErrorCode::Format, where + "." + jsonPath + ": " + what);
    };

    // Every expression is compiled against a layer of one empty feature with the form's fields: a misspelt field
    // or a type error is reported now, with its JSON path, not at the first feature.
    const std::shared_ptr<const Layer> probe = detail::oneRowLayer(EditFeature{}, fields, crs);
    const auto slot = [&](const std::string& text, const std::string& jsonPath) {
        try {
            Expression::compile(text, *probe);
        } catch (const Error& e) {
            fail(jsonPath, e.what());
        }
        p.expressionTexts.push_back(text);
        return static_cast<int>(p.expressionTexts.size()) - 1;
    };

    for (const FormGroup& g : form.groups)
        p.groupVisibleSlots.push_back(g.visibleWhen.empty() ? -1 : slot(g.visibleWhen, g.jsonPath + ".visible"));

    for (const FormField& f : form.fields) {
        Impl::Field pf;
        if (f.widget != FormWidget::Photo) {
            for (std::size_t i = 0; i < fields.size(); ++i)
                if (fields[i].name == f.field)
                    pf.column = static_cast<int>(i);
            if (pf.column < 0)
                fail(f.jsonPath + ".field", "the layer has no field \"" + f.field + "\"");
            const FieldType type = fields[static_cast<std::size_t>(pf.column)].type;
            if (!fits(f.widget, type))
                fail(f.jsonPath + ".widget", std::string("a ") + formWidgetName(f.widget) + " widget cannot edit the "
                    + std::string(fieldTypeName(type)) + " field \"" + f.field + "\"");
        }
        if (!f.visibleWhen.empty())
            pf.visibleSlot = slot(f.visibleWhen, f.jsonPath + ".visible");
        if (f.defaultValue) {
            const FormDefault& d = *f.defaultValue;
            if (d.kind == FormDefault::Kind::Expression) {
                pf.defaultSlot = slot(d.expression, f.jsonPath + ".default");
            } else if (d.kind == FormDefault::Kind::Containing) {
                pf.containing = p.context.layer ? p.context.layer(d.layer) : nullptr;
                if (pf.containing) {
                    pf.containingColumn = pf.containing->attributes().indexOf(d.field);
                    if (pf.containingColumn < 0)
                        fail(f.jsonPath + ".default.containing.field",
                            "layer \"" + d.layer + "\" has no field \"" + d.field + "\"");
                    if (!(pf.containing->crs() == crs))
                        fail(f.jsonPath + ".default.containing.layer",
                            "layer \"" + d.layer + "\" is in another CRS than the form's layer");
                }
            }
        }
        for (std::size_t k = 0; k < f.constraints.size(); ++k) {
            const FormConstraint& c = f.constraints[k];
            const std::string cpath = f.jsonPath + ".constraints[" + std::to_string(k) + "]";
            pf.constraintSlots.push_back(
                c.kind == FormConstraint::Kind::Expression ? slot(c.expression, cpath + ".expression") : -1);
            std::shared_ptr<const std::regex> re;
            if (c.kind == FormConstraint::Kind::Regex) {
                try {
                    re = std::make_shared<const std::regex>(c.pattern, std::regex::ECMAScript);
                } catch (const std::regex_error& e) {
                    fail(cpath + ".pattern", std::string("not a regular expression: ") + e.what());
                }
            }
            pf.regexes.push_back(std::move(re));
            if (c.kind == FormConstraint::Kind::Range && pf.column >= 0
                && !numericType(fields[static_cast<std::size_t>(pf.column)].type))
                fail(cpath, "a range constraint needs a number field");
        }
        if (f.widget == FormWidget::ValueMap) {
            for (const FormValueMapEntry& e : f.valueMap)
                pf.codes.insert(e.code);
            pf.checkCodes = true;
        }
        if (f.relation) {
            const FormValueRelation& r = *f.relation;
            const std::shared_ptr<const Layer> other = p.context.layer ? p.context.layer(r.layer) : nullptr;
            if (other) { // a relation whose layer is not loaded is shown as a plain value and not checked
                const int key = other->attributes().indexOf(r.keyField);
                if (key < 0)
                    fail(f.jsonPath + ".relation.key", "layer \"" + r.layer + "\" has no field \"" + r.keyField + "\"");
                for (const std::string* label : {&r.labelField, &r.labelFieldAr})
                    if (!label->empty() && other->attributes().indexOf(*label) < 0)
                        fail(f.jsonPath + ".relation", "layer \"" + r.layer + "\" has no field \"" + *label + "\"");
                std::vector<std::uint32_t> rows;
                if (!r.filter.empty()) {
                    try {
                        rows = Expression::compile(r.filter, *other).filter();
                    } catch (const Error& e) {
                        fail(f.jsonPath + ".relation.filter", e.what());
                    }
                } else {
                    rows.resize(other->size());
                    for (std::size_t i = 0; i < rows.size(); ++i)
                        rows[i] = static_cast<std::uint32_t>(i);
                }
                for (const std::uint32_t row : rows)
                    pf.codes.insert(detail::valueText(detail::layerValue(*other, static_cast<std::size_t>(key), row)));
                pf.checkCodes = true;
            }
        }
        p.prepared.push_back(std::move(pf));
    }
    return result;
}

std::shared_ptr<const PreparedForm> prepareProjectForm(const Project& project, const ProjectLayer& layer,
    std::map<std::string, std::string> settings)
{
    if (!layer.form)
        throw Error(ErrorCode::Argument, project.path + ": layer \"" + layer.map.name + "\" has no form");
    if (!layer.available || !layer.map.vector)
        throw Error(ErrorCode::Argument, project.path + ": layer \"" + layer.map.name + "\" is not loaded"
                + (layer.error.empty() ? std::string() : ": " + layer.error));
    std::size_t index = 0;
    while (index < project.layers.size() && &project.layers[index] != &layer)
        ++index;
    FormContext context;
    context.settings = std::move(settings);
    context.layer = [&project](const std::string& name) -> std::shared_ptr<const Layer> {
        for (const ProjectLayer& pl : project.layers)
            if (pl.map.name == name && pl.available)
                return pl.map.vector;
        return nullptr;
    };
    const std::string where = project.path + ": layers[" + std::to_string(index) + "].form";
    auto prepared = PreparedForm::prepare(*layer.form, layer.map.vector->attributes().fields(), layer.map.vector->crs(),
        context, where);
    return prepared;
}

} // namespace gis
