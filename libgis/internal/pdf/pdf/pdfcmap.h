#pragma once

// Private: the text side of a PDF font's ToUnicode CMap (pdftext.cpp handles the file around it).

#include <QByteArray>

#include <optional>

namespace gis::detail {

/// Returns `cmap` (a decoded ToUnicode CMap) with every destination that holds an Arabic presentation form
/// (U+FB50–U+FDFF, U+FE70–U+FEFF) replaced by the form's compatibility decomposition (NFKC: U+FEE7 → U+0646),
/// and U+0009 by U+0020; or nothing when no destination changes. Two refinements of NFKC:
/// - a mark's isolated form loses the space its decomposition starts with (U+FC60 → U+064E U+0651): the glyph
///   sits on a letter;
/// - several right-to-left letters from one glyph are listed as they sit on the page, left one first
///   (U+FEFC lam-alef → U+0627 U+0644). Qt draws a label's glyphs in logical order, each placed on its own,
///   and the extractors that read a page by position (poppler: pdftotext, Evince, Okular; pdf.js: Firefox)
///   spread a glyph's letters left to right and read a right-to-left line from its right end; they then give
///   lam before alef. Extractors that follow the content stream instead (MuPDF, pdfminer) give them swapped.
/// Unchanged bfrange entries are kept; a range with a changed destination becomes bfchar entries, since a
/// range's destinations must be consecutive code points. Sections are rewritten in blocks of at most 100
/// entries. Throws Error(Format) on anything but hex-string bfchar/bfrange entries, on codes longer than 4 bytes
/// and on maps of more than 65536 codes in all (no QPdfWriter font has more: its codes are 2 bytes).
std::optional<QByteArray> foldToUnicodeCMap(const QByteArray& cmap);

} // namespace gis::detail
