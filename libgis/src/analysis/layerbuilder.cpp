#include "layerbuilder.h"

#include "gis/core/error.h"

namespace gis::analysis::detail {

void appendValue(AttributeColumn& to, const AttributeColumn& from, std::size_t row)
{
    if (from.isNull(row)) {
        to.appendNull();
        return;
    }
    switch (to.type()) {
    case FieldType::Integer:
    case FieldType::Boolean:
    case FieldType::Date:
    case FieldType::DateTime:
        to.appendInteger(from.integer(row));
        break;
    case FieldType::Real:
        to.appendReal(from.real(row));
        break;
    case FieldType::String:
        if (from.type() == FieldType::String || from.type() == FieldType::Binary)
            to.appendString(from.string(row));
        else
            to.appendString(from.toString(row));
        break;
    case FieldType::Binary:
        to.appendString(from.string(row));
        break;
    }
}

LayerBuilder::LayerBuilder(std::string name, Crs crs, GeometryType type)
    : m_name(std::move(name)), m_crs(std::move(crs)), m_type(type)
{
}

std::string LayerBuilder::uniqueName(std::string name) const
{
    if (m_attributes.indexOf(name) < 0)
        return name;
    for (int n = 2;; ++n) {
        std::string candidate = name + "_" + std::to_string(n);
        if (m_attributes.indexOf(candidate) < 0)
            return candidate;
    }
}

std::size_t LayerBuilder::addFieldsOf(const Layer& layer)
{
    const std::size_t first = m_attributes.columnCount();
    for (const auto& f : layer.attributes().fields())
        addField(f.name, f.type);
    return first;
}

std::size_t LayerBuilder::addField(std::string name, FieldType type)
{
    m_attributes.addColumn(uniqueName(std::move(name)), type);
    return m_attributes.columnCount() - 1;
}

void LayerBuilder::appendValues(const Layer& layer, std::size_t row, std::size_t firstColumn)
{
    const auto& from = layer.attributes();
    for (std::size_t c = 0; c < from.columnCount(); ++c)
        appendValue(m_attributes.column(firstColumn + c), from.column(c), row);
}

void LayerBuilder::appendNulls(const Layer& layer, std::size_t firstColumn)
{
    for (std::size_t c = 0; c < layer.attributes().columnCount(); ++c)
        m_attributes.column(firstColumn + c).appendNull();
}

std::shared_ptr<const Layer> LayerBuilder::finish()
{
    const std::size_t n = m_geometries.size();
    if (!m_fids.empty() && m_fids.size() != n)
        throw Error(ErrorCode::Argument, m_name + ": " + std::to_string(m_fids.size()) + " ids for " + std::to_string(n)
                + " features");
    m_attributes.setRowCount(n);
    auto layer = std::make_shared<const Layer>(std::move(m_name), std::move(m_crs), m_type, std::move(m_geometries),
        std::move(m_attributes), std::move(m_fids), LoadReport{}, 1);
    m_geometries = GeometryColumn();
    m_attributes = AttributeTable();
    m_fids.clear();
    return layer;
}

} // namespace gis::analysis::detail
