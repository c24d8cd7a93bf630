// Fuzz target: the PDF ToUnicode rewriter (libgis/src/pdf: gis::detail::normalizedPdf, what normalizePdfToUnicode does
// to a file's bytes). A rewritten PDF must be one the rewriter reads again with nothing left to change.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include <QByteArray>

#include "gis/core/error.h"
#include "pdf/pdftext.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::optional<QByteArray> rewritten;
    try {
        rewritten = gis::detail::normalizedPdf(QByteArray(reinterpret_cast<const char*>(data), qsizetype(size)));
    } catch (const gis::Error&) {
        return 0;
    }
    if (!rewritten)
        return 0;
    try {
        if (gis::detail::normalizedPdf(*rewritten)) {
            std::fprintf(stderr, "a rewritten PDF was rewritten again\n");
            std::abort();
        }
    } catch (const gis::Error& e) {
        std::fprintf(stderr, "the rewriter refuses its own output: %s\n", e.what());
        std::abort();
    }
    return 0;
}
