#pragma once

// Pieces of the write endpoints' answers and requests that do not touch the edit session: the Content-Crs header,
// the 422 body listing every problem, the feature id of the path.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "write/featurebody.h"
#include "gis/crs/crs.h"
#include "gis/serve/http.h"

namespace gis::serve::detail {

/// The CRS a body's coordinates are in: CRS84 without a Content-Crs header, else the header's
/// "<http://www.opengis.net/def/crs/{OGC/1.3/CRS84|EPSG/0/N}>". `latitudeFirst` for a geographic EPSG CRS.
/// Throws Error(Argument) for another value (answered 400).
struct RequestCrs {
    Crs crs;
    bool latitudeFirst = false;
};
RequestCrs contentCrs(const HttpRequest& request);

/// A path's {featureId} as a stored id, or nothing when it is not a whole number (answered 404).
std::optional<std::int64_t> featureIdOf(const HttpRequest& request);

/// 422 {"code": "InvalidFeature", "description": "<path>: <message>; ...", "problems": [{"path", "message"}]}.
HttpResponse problemsResponse(const std::vector<BodyProblem>& problems, int status = 422,
    const std::string& code = "InvalidFeature");

} // namespace gis::serve::detail
