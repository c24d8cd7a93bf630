#pragma once

// Private: making the text of PDFs written by QPdfWriter extract as Unicode text a person would type.

#include <QByteArray>
#include <QString>

#include <optional>

namespace gis::detail {

/// Rewrites a PDF written by QPdfWriter in place so that text extraction (pdftotext, search, copy) gives base
/// Arabic letters: wherever a font's ToUnicode map sends a glyph to an Arabic presentation form
/// (U+FB50–U+FDFF, U+FE70–U+FEFF) it is replaced by the form's compatibility decomposition (NFKC: U+FEE7 → "ن"),
/// with the refinements foldToUnicodeCMap() describes (pdfcmap.h).
///
/// Why: Qt writes each glyph's ToUnicode entry from the font's cmap, and shaped Arabic glyphs are reached there
/// through their presentation-form code points. Base letters are all a reader needs: extractors order the
/// glyphs themselves. A lam-alef ligature's two letters are written in the order poppler and pdf.js need
/// (see foldToUnicodeCMap(), pdfcmap.h; MuPDF then swaps them). The space glyph, which Qt names by the lowest
/// code point the font maps to it (U+0009 in Noto Sans Arabic), becomes U+0020.
///
/// What: only the ToUnicode streams that change are rewritten (Flate-compressed, with a direct /Length); every
/// other byte of the file stays, the cross-reference table is rebuilt with the new offsets. The result is
/// written through gis::writeFileAtomically. A file with nothing to change is left untouched.
///
/// Returns false when the file cannot be read or written or is not in the form QPdfWriter writes (a
/// cross-reference stream, object streams, encryption, incremental updates, linearization, a ToUnicode filter
/// other than FlateDecode, an unparsable CMap); the file is then unchanged and *error says what is wrong,
/// without the file's name (callers writing a temporary file name the file the user asked for).
/// Never throws. Any thread may call it, for different files.
bool normalizePdfToUnicode(const QString& file, QString* error = nullptr);

/// The same on a PDF in memory: `pdf` is replaced by the rewritten file when something changed (*changed says
/// whether), and left as it was when false is returned. Never throws.
bool normalizePdfToUnicode(QByteArray& pdf, QString* error = nullptr, bool* changed = nullptr);

/// The rewrite normalizePdfToUnicode() does, on the bytes of a PDF: the rewritten file, or nothing when nothing
/// changes. Throws Error(Format) where normalizePdfToUnicode() returns false (bad_alloc on a huge map). Pure; any
/// thread. Also the fuzz target's entry point (tests/fuzz/fuzz_pdftext.cpp).
std::optional<QByteArray> normalizedPdf(const QByteArray& pdf);

} // namespace gis::detail
