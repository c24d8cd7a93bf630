#include "gis/project/form.h"

#include <cmath>

#include "gis/core/error.h"
#include "gis/core/numbertext.h"
#include "jsonpath.h"

namespace gis {

using detail::JsonNode;

const char* formWidgetName(FormWidget widget)
{
    static const char* const names[] = {"text", "multiline", "integer", "decimal", "value_map", "value_relation",
        "date", "datetime", "checkbox", "photo"};
    return names[static_cast<int>(widget)];
}

const char* formConstraintName(FormConstraint::Kind kind)
{
    static const char* const names[] = {"not_null", "unique", "range", "regex", "expression"};
    return names[static_cast<int>(kind)];
}

namespace {

FormText readText(const JsonNode& n, const char* ar, const char* en)
{
    return {n[ar].optString().value_or(""), n[en].optString().value_or("")};
}

std::optional<double> optNumber(const JsonNode& n)
{
    if (n.isNull())
        return std::nullopt;
    const double v = n.number();
    if (!std::isfinite(v))
        n.fail("expected a finite number");
    return v;
}

/// The default message of a rule the file gave no message for.
FormText defaultMessage(const FormConstraint& c, const FormField& f)
{
    const std::string& name = f.field;
    const std::string nameAr = f.label.ar.empty() ? name : f.label.ar;
    const std::string nameEn = f.label.en.empty() ? name : f.label.en;
    switch (c.kind) {
    case FormConstraint::Kind::NotNull:
        return {"الحقل «" + nameAr + "» مطلوب", nameEn + " is required"};
    case FormConstraint::Kind::Unique:
        return {"قيمة «" + nameAr + "» مستخدمة في معلم آخر", nameEn + " must be unique"};
    case FormConstraint::Kind::Range: {
        const std::string lo = c.min ? generalNumber(*c.min, 15) : "";
        const std::string hi = c.max ? generalNumber(*c.max, 15) : "";
        return {"قيمة «" + nameAr + "» خارج المدى " + lo + "–" + hi, nameEn + " must be between " + lo + " and " + hi};
    }
    case FormConstraint::Kind::Regex:
        return {"صيغة «" + nameAr + "» غير صحيحة", nameEn + " is not in the expected format"};
    case FormConstraint::Kind::Expression:
        return {"قيمة «" + nameAr + "» غير مقبولة", nameEn + " is not valid"};
    }
    return {};
}

FormConstraint parseConstraint(const JsonNode& n, const FormField& field)
{
    n.object({"type", "hard", "min", "max", "pattern", "expression", "message_ar", "message_en"});
    FormConstraint c;
    c.kind = static_cast<FormConstraint::Kind>(
        n["type"].choice({"not_null", "unique", "range", "regex", "expression"}));
    c.hard = n["hard"].booleanOr(true);
    c.min = optNumber(n["min"]);
    c.max = optNumber(n["max"]);
    if (c.kind == FormConstraint::Kind::Range && !c.min && !c.max)
        n.fail("a range constraint needs \"min\" or \"max\"");
    if (c.kind != FormConstraint::Kind::Range && (c.min || c.max))
        n.fail("\"min\" and \"max\" belong to a range constraint");
    if (c.min && c.max && *c.min > *c.max)
        n["max"].fail("max is below min");
    c.pattern = n["pattern"].optString().value_or("");
    if ((c.kind == FormConstraint::Kind::Regex) != !c.pattern.empty())
        n.fail("a regex constraint needs a \"pattern\" (and only it has one)");
    if (c.pattern.size() > FormLimits::kMaxPatternBytes)
        n["pattern"].fail("pattern longer than " + std::to_string(FormLimits::kMaxPatternBytes) + " bytes");
    c.expression = n["expression"].optString().value_or("");
    if ((c.kind == FormConstraint::Kind::Expression) != !c.expression.empty())
        n.fail("an expression constraint needs an \"expression\" (and only it has one)");
    c.message = readText(n, "message_ar", "message_en");
    const FormText fallback = defaultMessage(c, field);
    if (c.message.ar.empty())
        c.message.ar = c.message.en.empty() ? fallback.ar : c.message.en;
    if (c.message.en.empty())
        c.message.en = fallback.en;
    return c;
}

FormDefault parseDefault(const JsonNode& n)
{
    FormDefault d;
    if (n.isString()) {
        d.expression = n.string();
        if (d.expression.empty())
            n.fail("empty default expression");
        return d;
    }
    n.object({"expression", "setting", "containing"});
    int kinds = 0;
    if (!n["expression"].isNull()) {
        d.kind = FormDefault::Kind::Expression;
        d.expression = n["expression"].string();
        ++kinds;
    }
    if (!n["setting"].isNull()) {
        d.kind = FormDefault::Kind::Setting;
        d.setting = n["setting"].string();
        ++kinds;
    }
    if (!n["containing"].isNull()) {
        const JsonNode c = n["containing"];
        c.object({"layer", "field"});
        d.kind = FormDefault::Kind::Containing;
        d.layer = c["layer"].string();
        d.field = c["field"].string();
        ++kinds;
    }
    if (kinds != 1)
        n.fail("give exactly one of \"expression\", \"setting\", \"containing\"");
    return d;
}

struct Parser {
    Form& form;
    std::size_t rootLength;

    std::string relative(const JsonNode& n) const
    {
        const std::string& p = n.path();
        return p.size() > rootLength + 1 ? p.substr(rootLength + 1) : p;
    }

    void items(const JsonNode& list, int group, int depth)
    {
        if (depth > FormLimits::kMaxGroupDepth)
            list.fail("groups nest deeper than " + std::to_string(FormLimits::kMaxGroupDepth) + " levels");
        const int n = list.size();
        for (int i = 0; i < n; ++i) {
            const JsonNode item = list.at(i);
            if (!item.value().is_object())
                item.fail("expected an object (a field or a group)");
            if (!item["group"].isNull())
                parseGroup(item, group, depth);
            else
                parseField(item, group);
        }
    }

    void parseGroup(const JsonNode& n, int parent, int depth)
    {
        n.object({"group", "label_ar", "label_en", "tab", "visible", "items"});
        if (form.groups.size() >= FormLimits::kMaxGroups)
            n.fail("more than " + std::to_string(FormLimits::kMaxGroups) + " groups");
        FormGroup g;
        g.name = n["group"].string();
        g.label = readText(n, "label_ar", "label_en");
        g.tab = n["tab"].booleanOr(false);
        g.visibleWhen = n["visible"].optString().value_or("");
        g.parent = parent;
        g.jsonPath = relative(n);
        form.groups.push_back(std::move(g));
        const int index = static_cast<int>(form.groups.size()) - 1;
        if (!n["items"].isNull())
            items(n["items"], index, depth + 1);
    }

    void parseField(const JsonNode& n, int group)
    {
        n.object({"field", "widget", "label_ar", "label_en", "min", "max", "step", "values", "relation", "media",
            "default", "visible", "read_only", "constraints"});
        if (form.fields.size() >= FormLimits::kMaxFields)
            n.fail("more than " + std::to_string(FormLimits::kMaxFields) + " fields");
        FormField f;
        f.field = n["field"].string();
        if (f.field.empty())
            n["field"].fail("empty field name");
        for (const FormField& other : form.fields)
            if (other.field == f.field)
                n["field"].fail("field \"" + f.field + "\" is already in the form");
        f.group = group;
        f.jsonPath = relative(n);
        if (!n["widget"].isNull())
            f.widget = static_cast<FormWidget>(n["widget"].choice({"text", "multiline", "integer", "decimal",
                "value_map", "value_relation", "date", "datetime", "checkbox", "photo"}));
        f.label = readText(n, "label_ar", "label_en");
        const bool numeric = f.widget == FormWidget::Integer || f.widget == FormWidget::Decimal;
        for (const char* key : {"min", "max", "step"})
            if (!numeric && !n[key].isNull())
                n[key].fail(std::string("\"") + key + "\" belongs to an integer or decimal widget");
        f.min = optNumber(n["min"]);
        f.max = optNumber(n["max"]);
        f.step = optNumber(n["step"]);
        if (f.min && f.max && *f.min > *f.max)
            n["max"].fail("max is below min");
        if (f.step && !(*f.step > 0))
            n["step"].fail("step must be positive");

        if ((f.widget == FormWidget::ValueMap) != !n["values"].isNull())
            n.fail("a value_map widget needs \"values\" (and only it has them)");
        if (!n["values"].isNull()) {
            const JsonNode values = n["values"];
            const int count = values.size();
            if (count == 0 || static_cast<std::size_t>(count) > FormLimits::kMaxValueMapEntries)
                values.fail("a value map has 1 to " + std::to_string(FormLimits::kMaxValueMapEntries) + " entries");
            for (int i = 0; i < count; ++i) {
                const JsonNode e = values.at(i);
                e.object({"code", "label_ar", "label_en"});
                FormValueMapEntry entry;
                const JsonNode code = e["code"];
                if (code.isNumber()) {
                    const double v = code.number();
                    if (!(std::abs(v) < 9.0e15) || v != std::floor(v))
                        code.fail("a numeric code must be a whole number");
                    entry.code = std::to_string(static_cast<std::int64_t>(v));
                } else {
                    entry.code = code.string();
                }
                entry.label = readText(e, "label_ar", "label_en");
                f.valueMap.push_back(std::move(entry));
            }
        }
        if ((f.widget == FormWidget::ValueRelation) != !n["relation"].isNull())
            n.fail("a value_relation widget needs \"relation\" (and only it has one)");
        if (!n["relation"].isNull()) {
            const JsonNode r = n["relation"];
            r.object({"layer", "key", "label_en", "label_ar", "filter"});
            FormValueRelation rel;
            rel.layer = r["layer"].string();
            rel.keyField = r["key"].string();
            rel.labelField = r["label_en"].optString().value_or("");
            rel.labelFieldAr = r["label_ar"].optString().value_or("");
            rel.filter = r["filter"].optString().value_or("");
            f.relation = std::move(rel);
        }
        if ((f.widget == FormWidget::Photo) != !n["media"].isNull())
            n.fail("a photo widget needs \"media\" (and only it has one)");
        if (!n["media"].isNull()) {
            const JsonNode m = n["media"];
            m.object({"table", "mapping_table", "min", "max"});
            FormMedia media;
            media.mediaTable = m["table"].string();
            media.mappingTable = m["mapping_table"].optString().value_or("");
            const double lo = m["min"].numberOr(0);
            const double hi = m["max"].numberOr(20);
            if (!(lo >= 0 && lo <= 1000) || lo != std::floor(lo))
                m["min"].fail("expected a whole number from 0 to 1000");
            if (!(hi >= lo && hi <= 1000) || hi != std::floor(hi))
                m["max"].fail("expected a whole number from min to 1000");
            media.minCount = static_cast<int>(lo);
            media.maxCount = static_cast<int>(hi);
            f.media = std::move(media);
        }
        if (!n["default"].isNull())
            f.defaultValue = parseDefault(n["default"]);
        f.visibleWhen = n["visible"].optString().value_or("");
        f.readOnly = n["read_only"].booleanOr(false);
        if (!n["constraints"].isNull()) {
            const JsonNode list = n["constraints"];
            const int count = list.size();
            if (static_cast<std::size_t>(count) > FormLimits::kMaxConstraints)
                list.fail("more than " + std::to_string(FormLimits::kMaxConstraints) + " constraints");
            for (int i = 0; i < count; ++i)
                f.constraints.push_back(parseConstraint(list.at(i), f));
        }
        form.fields.push_back(std::move(f));
    }
};

} // namespace

Form parseForm(const Json& json, const std::string& path)
{
    const JsonNode root(json, path);
    root.object({"title_ar", "title_en", "items"});
    Form form;
    form.title = readText(root, "title_ar", "title_en");
    Parser parser{form, path.size()};
    parser.items(root["items"], -1, 0);
    if (form.fields.empty())
        root["items"].fail("a form needs at least one field");
    form.json = json;
    return form;
}

} // namespace gis
