#include "gis/data/layer.h"

#include <chrono>

#include "gis/core/error.h"

namespace gis {

Layer::Layer(std::string name, Crs crs, GeometryType geometryType, GeometryColumn geometries, AttributeTable attributes,
    std::vector<std::int64_t> fids, LoadReport report, std::int64_t firstFid, bool buildIndex)
    : m_name(std::move(name))
    , m_crs(std::move(crs))
    , m_geometryType(geometryType)
    , m_geometries(std::move(geometries))
    , m_attributes(std::move(attributes))
    , m_index(buildIndex ? m_geometries.size() : 0)
    , m_report(std::move(report))
{
    const std::size_t n = m_geometries.size();
    if (m_attributes.columnCount() > 0 && m_attributes.rowCount() != n)
        throw Error(ErrorCode::Argument, "layer \"" + m_name + "\": " + std::to_string(m_attributes.rowCount())
                + " attribute rows for " + std::to_string(n) + " geometries");
    if (!fids.empty() && fids.size() != n)
        throw Error(ErrorCode::Argument, "layer \"" + m_name + "\": " + std::to_string(fids.size())
                + " feature ids for " + std::to_string(n) + " geometries");
    m_attributes.setRowCount(n);

    // Consecutive ids (the common case) cost nothing to keep.
    bool consecutive = true;
    for (std::size_t i = 1; i < fids.size() && consecutive; ++i)
        consecutive = fids[i] == fids[0] + static_cast<std::int64_t>(i);
    if (consecutive) {
        m_firstFid = fids.empty() ? firstFid : fids.front();
    } else {
        m_fids = std::move(fids);
        m_fids.shrink_to_fit();
    }

    const auto indexStart = std::chrono::steady_clock::now();
    m_geometries.shrinkToFit();
    if (!buildIndex) {
        m_extent = m_geometries.bounds();
        return;
    }
    if (m_geometries.isPointsOnly()) {
        const Coord* c = m_geometries.coords();
        for (std::size_t i = 0; i < n; ++i)
            m_index.add(Box(c[i].x, c[i].y, c[i].x, c[i].y));
    } else {
        for (std::size_t i = 0; i < n; ++i)
            m_index.add(m_geometries.bounds(i));
    }
    m_index.finish();
    m_extent = m_index.bounds();
    m_report.indexMilliseconds = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - indexStart).count();
}

std::size_t Layer::memoryUsage() const
{
    return sizeof(Layer) + m_geometries.memoryUsage() + m_attributes.memoryUsage()
        + m_fids.capacity() * sizeof(std::int64_t) + m_index.memoryUsage();
}

} // namespace gis

namespace gis {

void LoadReport::record(FeatureIssue issue, std::string message)
{
    switch (issue.action) {
    case FeatureIssue::Action::Skipped: ++featuresSkipped; break;
    case FeatureIssue::Action::NullGeometry: ++featuresNulled; break;
    case FeatureIssue::Action::Repaired: ++featuresRepaired; break;
    }
    if (issues.size() < kMaxIssues)
        issues.push_back(std::move(issue));
    if (messages.size() < kMaxMessages)
        messages.push_back(std::move(message));
}

void LoadReport::addProblem(std::string message)
{
    if (messages.size() < kMaxMessages)
        messages.push_back(message);
    problems.push_back(std::move(message));
}

void LoadReport::merge(const LoadReport& other)
{
    featuresSkipped += other.featuresSkipped;
    featuresNulled += other.featuresNulled;
    featuresRepaired += other.featuresRepaired;
    featuresMissing += other.featuresMissing;
    stoppedEarly = stoppedEarly || other.stoppedEarly;
    for (const FeatureIssue& i : other.issues)
        if (issues.size() < kMaxIssues)
            issues.push_back(i);
    for (const std::string& m : other.messages)
        if (messages.size() < kMaxMessages)
            messages.push_back(m);
    problems.insert(problems.end(), other.problems.begin(), other.problems.end());
}

} // namespace gis
