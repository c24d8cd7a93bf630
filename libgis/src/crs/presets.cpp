#include "gis/crs/crs.h"

namespace gis {

// Names a planner recognises, saying what each CRS is good for rather than how it is built. Zone 40N
// (54°E-60°E) covers most of Oman, including Ad Dakhiliyah; zone 39N covers the far west (western
// Dhofar and Al Wusta). PSD93 is the datum of Oman's national mapping; Web Mercator is for web tiles
// only, its distances and areas are wrong by 8-10% at Oman's latitudes.
const std::vector<CrsPreset>& omanCrsPresets()
{
    static const std::vector<CrsPreset> presets{
        {"EPSG:4326", "Longitude/latitude (WGS 84) — degrees, GPS and most data",
         "خطوط الطول والعرض (WGS 84) — بالدرجات، لأجهزة GPS ومعظم البيانات"},
        {"EPSG:32640", "UTM zone 40N (WGS 84) — metres, most of Oman including Ad Dakhiliyah",
         "UTM المنطقة ٤٠ شمال (WGS 84) — بالأمتار، معظم عُمان ومنها محافظة الداخلية"},
        {"EPSG:32639", "UTM zone 39N (WGS 84) — metres, the far west of Oman",
         "UTM المنطقة ٣٩ شمال (WGS 84) — بالأمتار، أقصى غرب عُمان"},
        {"EPSG:3440", "PSD93 / UTM zone 40N — metres, Oman's national datum",
         "PSD93 / UTM المنطقة ٤٠ شمال — بالأمتار، المرجع الجيوديسي الوطني لعُمان"},
        {"EPSG:3857", "Web Mercator — metres, web map tiles (not for measuring)",
         "ميركاتور الويب — بالأمتار، لخرائط الويب (لا يصلح للقياس)"},
    };
    return presets;
}

} // namespace gis
