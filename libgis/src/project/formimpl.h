#pragma once

// Private to the project module: what a PreparedForm holds (formprepare.cpp builds it, formevaluate.cpp uses it).

#include <memory>
#include <regex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "gis/data/layer.h"
#include "gis/project/form.h"
#include "gis/query/expression.h"

namespace gis::detail {

/// The expressions of a form, compiled against one layer (the layer must outlive it). Slots are numbered at
/// preparation; an unused slot is empty.
struct CompiledForm {
    std::vector<std::optional<Expression>> expressions;
};

/// A field value as text, for codes, keys and unique values (integers in decimal, reals shortest, text as is).
std::string valueText(const FieldValue& value);
/// Value of column `column` at `row` as a FieldValue.
FieldValue layerValue(const Layer& layer, std::size_t column, std::size_t row);
/// An expression value converted to a field's type (null when it does not convert).
FieldValue toFieldValue(const Value& value, FieldType type);
/// A layer of one row holding `feature` (no R-tree).
std::shared_ptr<const Layer> oneRowLayer(const EditFeature& feature, const std::vector<FieldInfo>& fields, const Crs& crs);

} // namespace gis::detail

namespace gis {

struct PreparedForm::Impl {
    /// One field of the form as prepared.
    struct Field {
        int column = -1;         ///< in the layer's fields; -1 for a photo (no column)
        int visibleSlot = -1;    ///< expression slots
        int defaultSlot = -1;
        std::vector<int> constraintSlots;        ///< one per constraint (-1 unless Expression)
        std::vector<std::shared_ptr<const std::regex>> regexes; ///< one per constraint (null unless Regex)
        std::unordered_set<std::string> codes;   ///< value map codes, or relation keys
        bool checkCodes = false;                 ///< false for a relation whose layer is not loaded
        std::shared_ptr<const Layer> containing; ///< Containing default's layer
        int containingColumn = -1;
    };

    Form form;
    std::vector<FieldInfo> fields;
    Crs crs;
    FormContext context;
    std::string where;
    std::vector<Field> prepared;        ///< parallel to form.fields
    std::vector<int> groupVisibleSlots; ///< parallel to form.groups
    std::vector<std::string> expressionTexts;

    detail::CompiledForm compile(const Layer& layer) const;
    /// Visibility of every field for row `row` of the layer `compiled` was compiled for.
    std::vector<bool> visibility(const detail::CompiledForm& compiled, std::size_t row) const;
    FieldValue defaultValue(std::size_t field, const detail::CompiledForm& compiled, const Layer& layer, std::size_t row) const;
    /// Violations of row `row`, unique constraints aside (they need the other features).
    void check(const detail::CompiledForm& compiled, const Layer& layer, std::size_t row, const std::vector<bool>& visible,
        std::int64_t fid, std::vector<FormViolation>& out) const;
};

} // namespace gis
