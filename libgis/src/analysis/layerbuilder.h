#pragma once

// Building an algorithm's output layer: fields copied from the inputs (names made unique), geometries appended one
// feature at a time, ids kept from the input where one output feature comes from one input feature.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gis/crs/crs.h"
#include "gis/data/attributetable.h"
#include "gis/data/layer.h"
#include "gis/geom/geometrycolumn.h"

namespace gis::analysis::detail {

class LayerBuilder {
public:
    LayerBuilder(std::string name, Crs crs, GeometryType type);

    /// Adds every field of `layer` as a column of the output; a name the output already has gets "_2" (then "_3"...).
    /// Returns the index of the first added column: appendValues(layer, row, that index) fills them.
    std::size_t addFieldsOf(const Layer& layer);
    /// Adds one column; its name is made unique as above. Returns its index.
    std::size_t addField(std::string name, FieldType type);
    AttributeColumn& column(std::size_t i) { return m_attributes.column(i); }

    GeometryColumn& geometries() { return m_geometries; }
    /// Copies the values of `row` of `layer` into the columns from `firstColumn` on (made by addFieldsOf(layer)).
    void appendValues(const Layer& layer, std::size_t row, std::size_t firstColumn);
    /// Appends nulls to the columns from `firstColumn` on, as many as `layer` has fields.
    void appendNulls(const Layer& layer, std::size_t firstColumn);
    /// The source id of the feature just appended (optional: without any, ids run from 1).
    void appendFid(std::int64_t fid) { m_fids.push_back(fid); }

    std::size_t rows() const { return m_geometries.size(); }
    /// The layer, with its R-tree. The builder is empty afterwards. Throws Error(Argument) when the columns'
    /// lengths differ (an algorithm's bug).
    std::shared_ptr<const Layer> finish();

private:
    std::string uniqueName(std::string name) const;

    std::string m_name;
    Crs m_crs;
    GeometryType m_type;
    GeometryColumn m_geometries;
    AttributeTable m_attributes;
    std::vector<std::int64_t> m_fids;
};

/// Appends value `row` of `from` to `to` (same type family: integers, reals, text; null stays null).
void appendValue(AttributeColumn& to, const AttributeColumn& from, std::size_t row);

} // namespace gis::analysis::detail
