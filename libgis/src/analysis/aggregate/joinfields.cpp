#include "joinfields.h"

#include "gis/core/error.h"

#include "layerbuilder.h"

namespace gis::analysis::detail {

void requireSameCrs(const std::string& what, const Layer& input, const Layer& other, const std::string& role)
{
    if (!(input.crs() == other.crs()))
        throw Error(ErrorCode::Crs, what + ": layer \"" + input.name() + "\" and " + role + " \"" + other.name()
                + "\" have different CRSs (reproject one first)");
}

std::vector<std::size_t> JoinedFields::columnsOf(const Layer& other, const std::vector<std::string>& names)
{
    std::vector<std::size_t> columns;
    for (const auto& name : names)
        columns.push_back(static_cast<std::size_t>(other.attributes().indexOf(name)));
    if (names.empty())
        for (std::size_t c = 0; c < other.attributes().columnCount(); ++c)
            columns.push_back(c);
    return columns;
}

JoinedFields::JoinedFields(LayerBuilder& builder, const Layer& other, std::vector<std::size_t> columns,
    const std::string& prefix)
    : m_other(&other)
    , m_columns(std::move(columns))
{
    for (const std::size_t c : m_columns) {
        const AttributeColumn& column = other.attributes().column(c);
        m_targets.push_back(builder.addField(prefix + column.name(), column.type()));
    }
}

void JoinedFields::append(LayerBuilder& builder, std::int64_t row) const
{
    for (std::size_t t = 0; t < m_columns.size(); ++t) {
        if (row < 0)
            builder.column(m_targets[t]).appendNull();
        else
            appendValue(builder.column(m_targets[t]), m_other->attributes().column(m_columns[t]),
                static_cast<std::size_t>(row));
    }
}

} // namespace gis::analysis::detail
