#pragma once

// Where a page's pixels lie on the map: the affine transform of its first map frame.

#include "gis/core/export.h"
#include "gis/crs/crs.h"
#include "gis/layout/layout.h"
#include "gis/layout/layoutcontent.h"

GIS_API_BEGIN

namespace gis {

/// The affine transform from page pixels at `dpi` to the first map frame's map coordinates (x = a + b*col +
/// c*row, y = d + e*col + f*row, for pixel corners), valid over the whole page; false when there is no map frame.
struct PageGeoreference {
    double a = 0, b = 1, c = 0, d = 0, e = 0, f = -1;
    Crs crs;
};

/// Fills `out` for the page at `dpi`; false (and `out` untouched) without a visible map frame. Never throws.
bool layoutGeoreference(const Layout& layout, const LayoutContent& content, double dpi, PageGeoreference& out);

} // namespace gis

GIS_API_END
