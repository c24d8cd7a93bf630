// Evaluating a prepared form: visibility, defaults and constraints for one feature or a whole layer, and the
// EditSession validator.

#include <algorithm>
#include <chrono>
#include <mutex>

#include "formimpl.h"
#include "gis/core/error.h"
#include "gis/core/numbertext.h"
#include "gis/data/editsession.h"
#include "gis/query/spatialquery.h"

namespace gis {

namespace {

bool isBlank(const FieldValue& v)
{
    if (std::holds_alternative<std::monostate>(v))
        return true;
    const auto* s = std::get_if<std::string>(&v);
    return s && s->empty();
}

std::optional<double> numberOf(const FieldValue& v)
{
    if (const auto* i = std::get_if<std::int64_t>(&v))
        return static_cast<double>(*i);
    if (const auto* d = std::get_if<double>(&v))
        return *d;
    return std::nullopt;
}

FormText nameOf(const FormField& f)
{
    return {f.label.ar.empty() ? f.field : f.label.ar, f.label.en.empty() ? f.field : f.label.en};
}

FormText rangeMessage(const FormField& f, std::optional<double> lo, std::optional<double> hi)
{
    const FormText n = nameOf(f);
    const std::string l = lo ? generalNumber(*lo, 15) : "";
    const std::string h = hi ? generalNumber(*hi, 15) : "";
    if (lo && hi)
        return {"قيمة «" + n.ar + "» يجب أن تكون بين " + l + " و" + h, n.en + " must be between " + l + " and " + h};
    if (lo)
        return {"قيمة «" + n.ar + "» يجب ألا تقل عن " + l, n.en + " must be at least " + l};
    return {"قيمة «" + n.ar + "» يجب ألا تزيد على " + h, n.en + " must be at most " + h};
}

bool inRange(double v, std::optional<double> lo, std::optional<double> hi)
{
    return (!lo || v >= *lo) && (!hi || v <= *hi);
}

/// The point a Containing default looks up: a point's own coordinates, the centre of any other geometry's box.
std::optional<Coord> anchorOf(GeometryRef g)
{
    if (g.column->isNull(g.index) || g.column->isEmpty(g.index))
        return std::nullopt;
    const Box b = g.bounds();
    return Coord{(b.minX + b.maxX) / 2, (b.minY + b.maxY) / 2};
}

std::string issueMessage(const FormViolation& v, const std::string& language)
{
    if (language == "ar")
        return v.message.ar;
    if (language == "both")
        return v.message.en + " / " + v.message.ar;
    return v.message.en;
}

} // namespace

std::vector<bool> PreparedForm::Impl::visibility(const detail::CompiledForm& compiled, std::size_t row) const
{
    std::vector<bool> groupShown(form.groups.size(), true);
    for (std::size_t g = 0; g < form.groups.size(); ++g) { // parents come before their children
        const int parent = form.groups[g].parent;
        bool shown = parent < 0 || groupShown[static_cast<std::size_t>(parent)];
        if (shown && groupVisibleSlots[g] >= 0)
            shown = compiled.expressions[static_cast<std::size_t>(groupVisibleSlots[g])]->matches(row);
        groupShown[g] = shown;
    }
    std::vector<bool> visible(form.fields.size(), true);
    for (std::size_t i = 0; i < form.fields.size(); ++i) {
        const int g = form.fields[i].group;
        bool shown = g < 0 || groupShown[static_cast<std::size_t>(g)];
        if (shown && prepared[i].visibleSlot >= 0)
            shown = compiled.expressions[static_cast<std::size_t>(prepared[i].visibleSlot)]->matches(row);
        visible[i] = shown;
    }
    return visible;
}

FieldValue PreparedForm::Impl::defaultValue(std::size_t i, const detail::CompiledForm& compiled, const Layer& layer,
    std::size_t row) const
{
    const FormField& f = form.fields[i];
    const Field& pf = prepared[i];
    if (!f.defaultValue || pf.column < 0)
        return {};
    const FieldType type = fields[static_cast<std::size_t>(pf.column)].type;
    const FormDefault& d = *f.defaultValue;
    switch (d.kind) {
    case FormDefault::Kind::Expression:
        return detail::toFieldValue(compiled.expressions[static_cast<std::size_t>(pf.defaultSlot)]->evaluate(row), type);
    case FormDefault::Kind::Setting: {
        const auto it = context.settings.find(d.setting);
        if (it == context.settings.end())
            return {};
        return detail::toFieldValue(Value::fromString(it->second), type);
    }
    case FormDefault::Kind::Containing: {
        if (!pf.containing)
            return {};
        const std::optional<Coord> at = anchorOf(layer.geometry(row));
        if (!at)
            return {};
        GeometryColumn point;
        point.appendPoint(at->x, at->y);
        const Geometry query(std::move(point));
        const auto rows = selectByPredicate(*pf.containing, SpatialPredicate::Contains, query.ref());
        if (rows.empty())
            return {};
        return detail::layerValue(*pf.containing, static_cast<std::size_t>(pf.containingColumn), rows.front());
    }
    }
    return {};
}

void PreparedForm::Impl::check(const detail::CompiledForm& compiled, const Layer& layer, std::size_t row,
    const std::vector<bool>& visible, std::int64_t fid, std::vector<FormViolation>& out) const
{
    using K = FormConstraint::Kind;
    for (std::size_t i = 0; i < form.fields.size(); ++i) {
        if (!visible[i]) // a hidden field is not asked for, so it is not checked
            continue;
        const FormField& f = form.fields[i];
        const Field& pf = prepared[i];
        const FieldValue value = pf.column >= 0 ? detail::layerValue(layer, static_cast<std::size_t>(pf.column), row)
                                                : FieldValue{};
        const bool blank = isBlank(value);
        // What the widget itself promises: values from its list, numbers in its range.
        if (!blank && pf.checkCodes && !pf.codes.count(detail::valueText(value))) {
            const FormText n = nameOf(f);
            out.push_back({fid, f.field,
                {"قيمة «" + n.ar + "» ليست من القائمة: " + detail::valueText(value),
                    n.en + " is not one of the listed values: " + detail::valueText(value)},
                true, K::Expression});
        }
        if (!blank && (f.min || f.max)) {
            const std::optional<double> v = numberOf(value);
            if (v && !inRange(*v, f.min, f.max))
                out.push_back({fid, f.field, rangeMessage(f, f.min, f.max), true, K::Range});
        }
        for (std::size_t k = 0; k < f.constraints.size(); ++k) {
            const FormConstraint& c = f.constraints[k];
            bool broken = false;
            switch (c.kind) {
            case K::NotNull:
                broken = blank;
                break;
            case K::Unique: // needs the other features: checked by the callers
                break;
            case K::Range: {
                const std::optional<double> v = numberOf(value);
                broken = !blank && v && !inRange(*v, c.min, c.max);
                break;
            }
            case K::Regex: {
                if (blank)
                    break;
                const std::string text = detail::valueText(value);
                broken = text.size() > FormLimits::kMaxRegexSubjectBytes
                    || !std::regex_match(text, *pf.regexes[k]);
                break;
            }
            case K::Expression:
                broken = !compiled.expressions[static_cast<std::size_t>(pf.constraintSlots[k])]->matches(row);
                break;
            }
            if (broken)
                out.push_back({fid, f.field, c.message, c.hard, c.kind});
        }
    }
}

FormEvaluation PreparedForm::evaluate(const EditFeature& feature, std::int64_t fid, const EditSnapshot* others) const
{
    const Impl& p = *m_impl;
    const std::shared_ptr<const Layer> layer = detail::oneRowLayer(feature, p.fields, p.crs);
    const detail::CompiledForm compiled = p.compile(*layer);
    FormEvaluation result;
    const std::vector<bool> visible = p.visibility(compiled, 0);
    for (std::size_t i = 0; i < visible.size(); ++i) {
        if (visible[i])
            result.visibleFields.push_back(p.form.fields[i].field);
        if (p.form.fields[i].defaultValue)
            result.defaults[p.form.fields[i].field] = p.defaultValue(i, compiled, *layer, 0);
    }
    p.check(compiled, *layer, 0, visible, fid, result.violations);
    if (others) {
        for (std::size_t i = 0; i < p.form.fields.size(); ++i) {
            const int column = p.prepared[i].column;
            if (!visible[i] || column < 0)
                continue;
            const FieldValue& mine = feature.values[static_cast<std::size_t>(column)];
            if (isBlank(mine))
                continue;
            for (const FormConstraint& c : p.form.fields[i].constraints) {
                if (c.kind != FormConstraint::Kind::Unique)
                    continue;
                const std::string text = detail::valueText(mine);
                bool taken = false;
                others->forEach([&](const EditSnapshot::FeatureRef& ref) {
                    if (ref.fid != fid && detail::valueText(others->value(ref, static_cast<std::size_t>(column))) == text)
                        taken = true;
                    return !taken;
                });
                if (taken)
                    result.violations.push_back({fid, p.form.fields[i].field, c.message, c.hard, c.kind});
            }
        }
    }
    return result;
}

std::vector<std::string> PreparedForm::applyDefaults(EditFeature& feature) const
{
    const Impl& p = *m_impl;
    feature.values.resize(p.fields.size());
    std::vector<std::string> set;
    for (std::size_t i = 0; i < p.form.fields.size(); ++i) {
        const int column = p.prepared[i].column;
        if (!p.form.fields[i].defaultValue || column < 0 || !isBlank(feature.values[static_cast<std::size_t>(column)]))
            continue;
        // Each default sees the ones before it: the feature is evaluated again as it is now.
        const std::shared_ptr<const Layer> layer = detail::oneRowLayer(feature, p.fields, p.crs);
        const detail::CompiledForm compiled = p.compile(*layer);
        FieldValue v = p.defaultValue(i, compiled, *layer, 0);
        if (!isBlank(v)) {
            feature.values[static_cast<std::size_t>(column)] = std::move(v);
            set.push_back(p.form.fields[i].field);
        }
    }
    return set;
}

std::vector<FormViolation> PreparedForm::validateLayer(const Layer& layer) const
{
    const Impl& p = *m_impl;
    const detail::CompiledForm compiled = p.compile(layer);
    // Unique values over the whole layer, per field with a unique constraint: value -> rows holding it.
    std::vector<std::unordered_map<std::string, int>> counts(p.form.fields.size());
    for (std::size_t i = 0; i < p.form.fields.size(); ++i) {
        const int column = p.prepared[i].column;
        bool unique = false;
        for (const FormConstraint& c : p.form.fields[i].constraints)
            unique = unique || c.kind == FormConstraint::Kind::Unique;
        if (!unique || column < 0)
            continue;
        for (std::size_t row = 0; row < layer.size(); ++row) {
            const FieldValue v = detail::layerValue(layer, static_cast<std::size_t>(column), row);
            if (!isBlank(v))
                ++counts[i][detail::valueText(v)];
        }
    }
    std::vector<FormViolation> out;
    for (std::size_t row = 0; row < layer.size(); ++row) {
        const std::vector<bool> visible = p.visibility(compiled, row);
        p.check(compiled, layer, row, visible, layer.fid(row), out);
        for (std::size_t i = 0; i < p.form.fields.size(); ++i) {
            if (counts[i].empty() || !visible[i])
                continue;
            const FieldValue v = detail::layerValue(layer, static_cast<std::size_t>(p.prepared[i].column), row);
            if (isBlank(v) || counts[i][detail::valueText(v)] < 2)
                continue;
            for (const FormConstraint& c : p.form.fields[i].constraints)
                if (c.kind == FormConstraint::Kind::Unique)
                    out.push_back({layer.fid(row), p.form.fields[i].field, c.message, c.hard, c.kind});
        }
    }
    return out;
}

EditValidator PreparedForm::validator(std::function<std::shared_ptr<const EditSnapshot>()> snapshot,
    std::string language) const
{
    std::shared_ptr<const PreparedForm> self = shared_from_this();
    return [self, snapshot = std::move(snapshot), language = std::move(language)](
               std::int64_t fid, const EditFeature& feature) {
        const std::shared_ptr<const EditSnapshot> others = snapshot ? snapshot() : nullptr;
        const FormEvaluation e = self->evaluate(feature, fid, others.get());
        std::vector<EditIssue> issues;
        for (const FormViolation& v : e.violations)
            issues.push_back({fid, v.hard ? EditIssue::Severity::Error : EditIssue::Severity::Warning, v.field,
                issueMessage(v, language)});
        return issues;
    };
}

std::vector<FormViolation> PreparedForm::mediaViolations(std::int64_t fid, const EditFeature& feature,
    const MediaCount& count) const
{
    std::vector<FormViolation> out;
    std::optional<std::vector<std::string>> visible; // evaluated only when a count is out of range
    for (const FormField& f : m_impl->form.fields) {
        if (!f.media)
            continue;
        const std::size_t n = count(fid, f);
        const auto lo = static_cast<std::size_t>(std::max(0, f.media->minCount));
        const auto hi = static_cast<std::size_t>(std::max(0, f.media->maxCount));
        if (n >= lo && n <= hi)
            continue;
        if (!visible)
            visible = evaluate(feature, fid, nullptr).visibleFields;
        if (std::find(visible->begin(), visible->end(), f.field) == visible->end())
            continue;
        const std::string en = f.label.en.empty() ? f.field : f.label.en;
        const std::string ar = f.label.ar.empty() ? en : f.label.ar;
        FormViolation v;
        v.fid = fid;
        v.field = f.field;
        v.hard = true;
        v.kind = FormConstraint::Kind::Range;
        if (n < lo)
            v.message = {ar + ": يلزم " + std::to_string(lo) + " من المرفقات على الأقل (الموجود " + std::to_string(n) + ")",
                en + ": at least " + std::to_string(lo) + " attachment" + (lo == 1 ? "" : "s") + " required (has "
                    + std::to_string(n) + ")"};
        else
            v.message = {ar + ": لا يُسمح بأكثر من " + std::to_string(hi) + " من المرفقات (الموجود " + std::to_string(n) + ")",
                en + ": at most " + std::to_string(hi) + " attachment" + (hi == 1 ? "" : "s") + " allowed (has "
                    + std::to_string(n) + ")"};
        out.push_back(std::move(v));
    }
    return out;
}

EditValidator PreparedForm::mediaValidator(MediaCount count, std::string language) const
{
    std::shared_ptr<const PreparedForm> self = shared_from_this();
    return [self, count = std::move(count), language = std::move(language)](std::int64_t fid, const EditFeature& feature) {
        std::vector<EditIssue> issues;
        for (const FormViolation& v : self->mediaViolations(fid, feature, count))
            issues.push_back({fid, EditIssue::Severity::Error, v.field, issueMessage(v, language)});
        return issues;
    };
}

} // namespace gis
