#pragma once

// Private: making the text of PDFs written by QPdfWriter extract as Unicode text a person would type.

#include <QString>

namespace gis::detail {

/// Rewrites a PDF written by QPdfWriter in place so that text extraction (pdftotext, search, copy) gives base
/// Arabic letters: wherever a font's ToUnicode map sends a glyph to an Arabic presentation form
/// (U+FB50–U+FDFF, U+FE70–U+FEFF) it is replaced by the form's compatibility decomposition (NFKC; U+FEFB → "لا").
/// The file is rewritten beside and renamed, with a correct cross-reference table. Returns false with *error set
/// when the file cannot be read or is not in the expected form; the file is then left unchanged.
bool normalizePdfToUnicode(const QString& file, QString* error = nullptr);

} // namespace gis::detail
