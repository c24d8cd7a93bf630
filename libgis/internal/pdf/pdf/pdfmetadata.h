#pragma once

// Private: the XMP metadata packet the map and layout exports give QPdfWriter (QPdfWriter::setDocumentXmpMetadata).

#include <QByteArray>
#include <QString>

#include <string>
#include <vector>

namespace gis::detail {

/// An XMP packet with the document's title (dc:title), the program and its version (`creator`: xmp:CreatorTool and
/// pdf:Producer), and, when
/// `provenanceEn` is not empty, how each analysed layer on the map was made (gis::provenanceLines): dc:description
/// with the English lines as the default and the Arabic ones as xml:lang="ar", one line each, and pdf:Keywords
/// "provenance". Qt 6.4's QPdfWriter has no Subject or Keywords setters; XMP is where it lets a program state
/// more than the title and creator. Text is XML-escaped. Pure; any thread.
QByteArray xmpMetadata(const QString& title, const QString& creator, const std::vector<std::string>& provenanceEn,
    const std::vector<std::string>& provenanceAr);

} // namespace gis::detail
