#include "invalidgate.h"

#include <cstdio>

#include "gis/core/error.h"
#include "gis/geom/validity.h"

namespace gis::analysis::detail {

namespace {

std::string describe(const Validity& v)
{
    std::string s = v.reason;
    if (v.location) {
        char at[64];
        std::snprintf(at, sizeof at, " at %.9g %.9g", v.location->x, v.location->y);
        s += at;
    }
    return s;
}

} // namespace

InvalidGate::Verdict InvalidGate::check(std::size_t row) const
{
    const GeometryRef g = m_layer.geometry(row);
    Verdict verdict;
    const GeometryType t = g.type();
    if (t == GeometryType::Point || t == GeometryType::MultiPoint) {
        // GEOS's only complaint about points is a non-finite coordinate, which the readers never produce.
        return verdict;
    }
    const Validity v = checkValidity(g);
    if (v.valid)
        return verdict;
    verdict.reason = describe(v);
    if (m_policy == InvalidPolicy::Stop)
        throw Error(ErrorCode::Geometry, "layer \"" + m_layer.name() + "\", feature " + std::to_string(m_layer.fid(row))
                + ": " + verdict.reason + " (run with --invalid skip to leave such features out, or --invalid repair to"
                + " repair them; both report each one)");
    if (m_policy == InvalidPolicy::Repair && t != GeometryType::Unknown) {
        Geometry fixed = makeValid(g);
        if (!fixed.isNull() && !fixed.isEmpty()) {
            verdict.kind = Verdict::Kind::Repaired;
            verdict.repaired = std::move(fixed);
            return verdict;
        }
        verdict.reason += " (repair left nothing)";
    }
    verdict.kind = Verdict::Kind::Skip;
    return verdict;
}

InvalidFeature InvalidGate::report(std::size_t row, const Verdict& verdict) const
{
    return {m_layer.name(), m_layer.fid(row), verdict.reason, verdict.kind == Verdict::Kind::Repaired};
}

} // namespace gis::analysis::detail
