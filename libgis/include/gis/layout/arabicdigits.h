#pragma once

// Arabic-Indic digits for Arabic pages (dates, scales, grid labels).

#include <QString>

#include "gis/core/export.h"

GIS_API_BEGIN

namespace gis {

/// "0123" -> "٠١٢٣" (Arabic-Indic digits).
QString toArabicDigits(const QString& text);

/// Numbers in `text` as Arabic pages write them: Arabic-Indic digits, a comma between digits as the Arabic
/// thousands separator U+066C and a point between digits as the Arabic decimal separator U+066B:
/// "1,498,521 – 2.5" -> "١٬٤٩٨٬٥٢١ – ٢٫٥". U+066C is used, not a point or U+066B, because those read as the
/// Arabic zero ٠ (U+0660) next to Arabic digits. Other text is left as it is.
QString toArabicNumerals(const QString& text);

/// `value` with its thousands grouped by commas: 1638889 -> "1,638,889" (toArabicNumerals() makes it ١٬٦٣٨٬٨٨٩).
QString groupThousands(long long value);

} // namespace gis

GIS_API_END
