#include "pdf/pdfmetadata.h"

namespace gis::detail {

namespace {

QByteArray escaped(const QString& text)
{
    return text.toHtmlEscaped().toUtf8(); // &, <, > and "; XMP text is UTF-8 XML
}

QByteArray joined(const std::vector<std::string>& lines)
{
    QString all;
    for (const std::string& line : lines)
        all += (all.isEmpty() ? "" : "\n") + QString::fromStdString(line);
    return escaped(all);
}

} // namespace

QByteArray xmpMetadata(const QString& title, const QString& creator, const std::vector<std::string>& provenanceEn,
    const std::vector<std::string>& provenanceAr)
{
    QByteArray x = "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                   "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                   " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                   "  <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                   "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n";
    x += "   <xmp:CreatorTool>" + escaped(creator) + "</xmp:CreatorTool>\n";
    x += "   <pdf:Producer>" + escaped(creator) + "</pdf:Producer>\n";
    if (!title.isEmpty())
        x += "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" + escaped(title) + "</rdf:li></rdf:Alt></dc:title>\n";
    if (!provenanceEn.empty()) {
        x += "   <pdf:Keywords>provenance</pdf:Keywords>\n";
        x += "   <dc:description><rdf:Alt>\n    <rdf:li xml:lang=\"x-default\">" + joined(provenanceEn) + "</rdf:li>\n";
        if (!provenanceAr.empty())
            x += "    <rdf:li xml:lang=\"ar\">" + joined(provenanceAr) + "</rdf:li>\n";
        x += "   </rdf:Alt></dc:description>\n";
    }
    x += "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>";
    return x;
}

} // namespace gis::detail
