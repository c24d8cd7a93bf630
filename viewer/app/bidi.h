#pragma once

#include <QChar>
#include <QString>

namespace viewer {

/// Left-to-right text (a path, a library message) for a translated sentence: wrapped in LRI…PDI so that in an
/// Arabic sentence "/tmp/atlas.pdf" does not come out as "tmp/atlas.pdf/".
inline QString ltr(const QString& text)
{
    return QChar(0x2066) + text + QChar(0x2069);
}

} // namespace viewer
