#pragma once

// Forms: how a layer's features are filled in and checked (issue #12). The model is read from the "form" key of a
// layer's object in a project file (schema in docs/forms.md); a PreparedForm is that model checked against the
// layer's fields and ready to evaluate features: which fields show, their default values, and which constraints a
// feature breaks, with messages in Arabic and English. Plain C++ (no Qt): the viewer, `gis edit`, `gis validate`
// and any service get the same answers.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gis/core/export.h"
#include "gis/crs/crs.h"
#include "gis/data/attributetable.h"
#include "gis/data/editfeature.h"
#include "gis/project/json.h"

GIS_API_BEGIN

namespace gis {

class EditSnapshot;
class Layer;
class Project;
struct ProjectLayer;

/// A text in both languages of the forms (UTF-8).
struct FormText {
    std::string ar;
    std::string en;
    friend bool operator==(const FormText&, const FormText&) = default;
};

/// How a field is edited.
enum class FormWidget : std::uint8_t {
    Text,          ///< one line
    MultilineText, ///< several lines
    Integer,       ///< with min, max, step
    Decimal,       ///< with min, max, step
    ValueMap,      ///< a stored code shown as a label (Arabic and English)
    ValueRelation, ///< a key taken from another layer of the project, shown as that layer's label
    Date,
    DateTime,
    Checkbox,
    Photo,         ///< pictures or files stored inside the GeoPackage (related media, not paths): see FormField::media
};

/// "text", "multiline", "integer", "decimal", "value_map", "value_relation", "date", "datetime", "checkbox", "photo".
const char* formWidgetName(FormWidget widget);

/// One entry of a value map: the stored code (as text: an integer field's code 2 is "2") and its labels.
struct FormValueMapEntry {
    std::string code;
    FormText label;
};

/// Values from another layer of the project (the wilayat list): the stored value is `keyField` of a row of `layer`
/// (among the rows `filter`, an expression over that layer, accepts); the labels are `labelField` / `labelFieldAr`.
struct FormValueRelation {
    std::string layer;
    std::string keyField;
    std::string labelField;   ///< English label field ("" : the key)
    std::string labelFieldAr; ///< Arabic label field ("" : the English one)
    std::string filter;       ///< "" : every row
};

/// Related media of a photo/attachment field, after the GeoPackage Related Tables Extension (docs/forms.md):
/// a media table (`id INTEGER PRIMARY KEY, data BLOB NOT NULL, content_type TEXT NOT NULL`, plus `name`, `taken`)
/// and a mapping table (`base_id`, `related_id`) registered in `gpkgext_relations`.
struct FormMedia {
    std::string mediaTable;   ///< "inspection_photos"
    std::string mappingTable; ///< "inspections_inspection_photos" by default (<layer>_<media table>)
    int minCount = 0;         ///< pictures required (a constraint: "at least one photo")
    int maxCount = 20;
};

/// A default value: an expression over the feature (now(), today(), $x, $y, any field), a setting the caller
/// passes in (the inspector's name), or a field of the feature of another layer containing the new feature's point
/// (the wilayat). Exactly one kind is set.
struct FormDefault {
    enum class Kind : std::uint8_t { Expression, Setting, Containing };
    Kind kind = Kind::Expression;
    std::string expression; ///< Expression
    std::string setting;    ///< Setting: a key of FormContext::settings
    std::string layer;      ///< Containing: the polygon layer
    std::string field;      ///< Containing: its field whose value is taken
};

/// One rule a field's value must keep.
struct FormConstraint {
    enum class Kind : std::uint8_t {
        NotNull,    ///< a value (text: not empty)
        Unique,     ///< no other feature of the layer has the same value (nulls aside)
        Range,      ///< min <= value <= max (numbers; dates as "YYYY-MM-DD" bounds)
        Regex,      ///< the whole text matches `pattern` (ECMAScript syntax)
        Expression, ///< `expression` over the feature is true (null and false break it)
    };
    Kind kind = Kind::NotNull;
    bool hard = true; ///< hard: blocks saving (EditIssue Error); soft: warns (EditIssue Warning)
    std::optional<double> min;
    std::optional<double> max;
    std::string pattern;
    std::string expression;
    FormText message; ///< what the user reads when the rule is broken (a default one when the file gives none)
};

/// "not_null", "unique", "range", "regex", "expression".
const char* formConstraintName(FormConstraint::Kind kind);

/// One field of a form.
struct FormField {
    std::string field; ///< the layer's field (for Photo: a name for the attachment set, not a column)
    FormWidget widget = FormWidget::Text;
    FormText label;
    std::optional<double> min; ///< Integer, Decimal
    std::optional<double> max;
    std::optional<double> step;
    std::vector<FormValueMapEntry> valueMap;
    std::optional<FormValueRelation> relation;
    std::optional<FormMedia> media;
    std::optional<FormDefault> defaultValue;
    std::string visibleWhen; ///< expression; "" : always shown
    bool readOnly = false;
    std::vector<FormConstraint> constraints;
    int group = -1; ///< index into Form::groups; -1: top level
    std::string jsonPath; ///< where the file has it, relative to the form ("items[2].items[0]"), for errors
};

/// A group of fields (a box, or a tab when `tab`), possibly inside another group.
struct FormGroup {
    std::string name;
    FormText label;
    bool tab = false;
    std::string visibleWhen; ///< expression; "" : always shown. A hidden group hides everything inside it
    int parent = -1;         ///< index into Form::groups; -1: top level
    std::string jsonPath;    ///< relative to the form, for errors
};

/// A layer's form as the project file describes it. Fields and groups are flat, in the file's order; each names
/// its group. `json` is the object as read: writing the project writes it back unchanged.
struct Form {
    FormText title;
    std::vector<FormGroup> groups;
    std::vector<FormField> fields;
    Json json;
};

/// Limits of a form file, answered with an error naming the JSON path (docs/forms.md, "Limits").
struct FormLimits {
    static constexpr std::size_t kMaxFields = 2000;
    static constexpr std::size_t kMaxGroups = 500;
    static constexpr int kMaxGroupDepth = 8;
    static constexpr std::size_t kMaxValueMapEntries = 10000;
    static constexpr std::size_t kMaxConstraints = 32; ///< per field
    static constexpr std::size_t kMaxPatternBytes = 1000;
    static constexpr std::size_t kMaxRegexSubjectBytes = 4096; ///< longer text breaks a regex constraint
};

/// Parses a form object (the value of a layer's "form" key). `path` names it in errors
/// ("layers[3].form.items[2].constraints[0].type: expected one of ..."); unknown keys are refused. Field names and
/// expressions are not checked here (see PreparedForm::prepare). Throws Error(Format). Any thread.
Form parseForm(const Json& json, const std::string& path);

/// What evaluating a form needs from its caller: settings (the inspector's name) and the other layers of the
/// project (value relations, Containing defaults). Copied by PreparedForm::prepare.
struct FormContext {
    std::map<std::string, std::string> settings; ///< "inspector" -> "Salim Al-Hinai"
    /// The layer named `name` (a project layer's name), or nullptr when it is not loaded. Called while preparing only.
    std::function<std::shared_ptr<const Layer>(const std::string& name)> layer;
};

/// One broken constraint.
struct FormViolation {
    std::int64_t fid = 0;
    std::string field;
    FormText message;
    bool hard = true;
    FormConstraint::Kind kind = FormConstraint::Kind::NotNull;
};

/// What a form says about one feature.
struct FormEvaluation {
    std::vector<std::string> visibleFields;         ///< in form order (groups' visibility applied)
    std::map<std::string, FieldValue> defaults;      ///< field -> default value, for fields that have a default
    std::vector<FormViolation> violations;           ///< constraints of visible fields the feature breaks
};

/// A form checked against a layer's fields and ready to use: expressions compiled, regular expressions built,
/// value relations read from their layers. Immutable once prepared; any number of threads may evaluate at once.
class PreparedForm : public std::enable_shared_from_this<PreparedForm> {
public:
    /// Checks `form` against `fields` (every field named exists, widgets fit the field types, every expression
    /// compiles) and reads the value relations through `context.layer`. `where` names the form in errors
    /// ("dakhiliyah.json: layers[3].form"). Throws Error(Format) naming the JSON path and the field.
    static std::shared_ptr<const PreparedForm> prepare(const Form& form, const std::vector<FieldInfo>& fields,
        const Crs& crs, FormContext context, const std::string& where);

    ~PreparedForm();
    PreparedForm(const PreparedForm&) = delete;
    PreparedForm& operator=(const PreparedForm&) = delete;

    const Form& form() const;
    const std::vector<FieldInfo>& fields() const;

    /// Visible fields, defaults and violations for `feature` (values in the layer's field order). Unique
    /// constraints are checked against `others` (the layer's other features; fid `fid` itself is skipped) when
    /// given. Throws Error(Query) only for text past the expression engine's limits.
    FormEvaluation evaluate(const EditFeature& feature, std::int64_t fid = 0, const EditSnapshot* others = nullptr) const;

    /// Fills the null values of a new feature with their defaults (in form order, so a default may use the ones
    /// before it). Returns the fields set.
    std::vector<std::string> applyDefaults(EditFeature& feature) const;

    /// Every violation of every row of `layer` (which has the prepared fields), unique constraints across the
    /// layer; rows in order. Compiles each expression once for the layer.
    std::vector<FormViolation> validateLayer(const Layer& layer) const;

    /// An EditSession validator: each violation as an EditIssue (hard: Error, soft: Warning) whose message is in
    /// `language` ("ar" or "en"; "both": "English / العربية"). `snapshot` gives the session's current data for
    /// unique constraints (may be empty: unique is then not checked), scanned once per checked feature and unique field
    /// (O(features): fine for what an inspector edits; validateLayer counts values once for a whole layer).
    EditValidator validator(std::function<std::shared_ptr<const EditSnapshot>()> snapshot = {},
        std::string language = "en") const;

    /// How many attachments feature `fid` has for photo field `field` (its FormField::media table): the caller's
    /// count (an EditSession's attachments(), or readAttachmentCounts for a stored layer).
    using MediaCount = std::function<std::size_t(std::int64_t fid, const FormField& field)>;
    /// The media count constraints (media.min / media.max) `feature` breaks: hard, kind Range, in English and
    /// Arabic, for the photo fields that are visible for the feature.
    std::vector<FormViolation> mediaViolations(std::int64_t fid, const EditFeature& feature, const MediaCount& count) const;
    /// mediaViolations as an EditSession validator (messages in `language`, as validator()).
    EditValidator mediaValidator(MediaCount count, std::string language = "en") const;

    struct Impl;

private:
    PreparedForm();
    std::unique_ptr<Impl> m_impl;
};

/// The prepared form of `layer`, a layer of `project` whose data is loaded (Project::loadData): value relations and
/// Containing defaults find the other layers by name among the project's available layers. Errors name the project
/// file, the layer and the JSON path ("dakhiliyah.json: layers[3].form.items[2].field: the layer has no field
/// \"x\""). Throws Error(Argument) when the layer has no form or its data is not loaded.
std::shared_ptr<const PreparedForm> prepareProjectForm(const Project& project, const ProjectLayer& layer,
    std::map<std::string, std::string> settings = {});

} // namespace gis

GIS_API_END
