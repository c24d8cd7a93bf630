#pragma once

// Private: what the PDF rewriter's two parsers (pdftext.cpp, the file; pdfcmap.cpp, a ToUnicode CMap) share.

#include <string>

namespace gis::detail {

/// Throws Error(Format) with `what`: how both parsers reject input they do not accept.
[[noreturn]] void failPdf(const std::string& what);

/// A PDF white-space character (ISO 32000-1, 7.2.2: space, LF, CR, tab, form feed, NUL).
inline bool isPdfSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

} // namespace gis::detail
