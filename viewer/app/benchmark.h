#pragma once

#include <QString>

#include <cstddef>
#include <memory>
#include <ostream>

namespace gis {
class Layer;
}

namespace viewer {

/// `count` points spread uniformly over Ad Dakhiliyah (EPSG:4326) from a fixed seed, with an integer "id" and
/// a real "value": the same layer on every run.
std::shared_ptr<const gis::Layer> randomPointLayer(std::size_t count, unsigned seed = 20251125);

/// `interior-explorer --benchmark-pan PROJECT [--add-points N]`: a scripted sequence of pans and zooms on a
/// 1920x1080 canvas. For each step it times the immediate preview frame (the last image moved or scaled,
/// painted by the canvas) and the sharp render that follows (request to image on the GUI thread), and prints
/// the median and 95th percentile of each. Returns the process exit status.
int runPanBenchmark(const QString& project, std::size_t addPoints, std::ostream& out);

} // namespace viewer
