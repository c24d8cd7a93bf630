#include "gis/query/cql2.h"

#include <string>

#include "cql2geometry.h"
#include "cql2parser.h"
#include "gis/core/error.h"
#include "gis/data/layer.h"

namespace gis {

Expression compileCql2(std::string_view cql, const Layer& layer, const Crs& filterCrs)
{
    std::string text(cql);
    detail::Cql2GeometryReader geometries(filterCrs, layer.crs());
    detail::NodePtr root = detail::parseCql2(text, layer, geometries);
    try {
        return detail::ExpressionAccess::compileTree(std::move(text), std::move(root), layer);
    } catch (const Error& e) {
        // The binder's messages (types that cannot be compared, LIKE on a number) carry columns of the CQL2
        // text, since the tree's offsets index it; only the prefix says which language they are about.
        if (e.code() != ErrorCode::Query)
            throw;
        throw Error(ErrorCode::Query, std::string("CQL2: ") + e.what());
    }
}

Expression compileCql2(std::string_view cql, const Layer& layer)
{
    return compileCql2(cql, layer, Crs::fromUserInput("OGC:CRS84"));
}

} // namespace gis
