#include "pngencoder.h"

#include <libdeflate.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "gis/core/parallel.h"

namespace gis::detail {

namespace {

void put32(std::string& out, std::uint32_t v)
{
    out.push_back(static_cast<char>(v >> 24));
    out.push_back(static_cast<char>(v >> 16));
    out.push_back(static_cast<char>(v >> 8));
    out.push_back(static_cast<char>(v));
}

/// Appends one chunk: length, type, data, CRC of type and data.
void chunk(std::string& out, const char type[4], const void* data, std::size_t size)
{
    put32(out, static_cast<std::uint32_t>(size));
    const std::size_t at = out.size();
    out.append(type, 4);
    out.append(static_cast<const char*>(data), size);
    put32(out, libdeflate_crc32(0, out.data() + at, size + 4));
}

/// The Paeth predictor, without branches (so that the filter loop vectorises): pa = |p - a| = |b - c| and so on.
inline int paeth(int a, int b, int c)
{
    const int pa = std::abs(b - c), pb = std::abs(a - c), pc = std::abs(a + b - 2 * c);
    const int bc = pb <= pc ? b : c;
    return pa <= pb && pa <= pc ? a : bc;
}

/// The sum of the bytes' absolute values as signed bytes. |int8(v)| is min(v, 256 - v) in bytes (128 for 128):
/// written so, in 32-bit sums (a row has at most 4096 x 4 bytes), the loop vectorises; the widening abs of a signed
/// byte into 64 bits did not, and made choosing the filters most of a map's PNG encoding.
std::uint64_t absSum(const std::uint8_t* row, std::size_t n)
{
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint8_t v = row[i];
        sum += std::min(v, static_cast<std::uint8_t>(-v));
    }
    return sum;
}

/// Writes filter `type` (1 sub, 2 up, 3 average, 4 paeth) of `row` over `prev` (zeros for the first row) into
/// `out`, `bpp` bytes per pixel; returns the sum of the outputs' absolute values as signed bytes (libpng's
/// heuristic for choosing a row's filter). One loop per type, so that the compiler vectorises the simple ones.
std::uint64_t filterRow(int type, const std::uint8_t* row, const std::uint8_t* prev, std::size_t n, std::size_t bpp,
    std::uint8_t* out)
{
    switch (type) {
    case 1:
        for (std::size_t i = 0; i < bpp && i < n; ++i)
            out[i] = row[i];
        for (std::size_t i = bpp; i < n; ++i)
            out[i] = static_cast<std::uint8_t>(row[i] - row[i - bpp]);
        break;
    case 2:
        for (std::size_t i = 0; i < n; ++i)
            out[i] = static_cast<std::uint8_t>(row[i] - prev[i]);
        break;
    case 3:
        for (std::size_t i = 0; i < bpp && i < n; ++i)
            out[i] = static_cast<std::uint8_t>(row[i] - (prev[i] >> 1));
        for (std::size_t i = bpp; i < n; ++i)
            out[i] = static_cast<std::uint8_t>(row[i] - ((row[i - bpp] + prev[i]) >> 1));
        break;
    default:
        for (std::size_t i = 0; i < bpp && i < n; ++i)
            out[i] = static_cast<std::uint8_t>(row[i] - prev[i]);
        for (std::size_t i = bpp; i < n; ++i)
            out[i] = static_cast<std::uint8_t>(row[i] - paeth(row[i - bpp], prev[i], prev[i - bpp]));
        break;
    }
    return absSum(out, n);
}

bool isLatin1(const QString& s)
{
    for (const QChar c : s)
        if (c.unicode() > 0xff)
            return false;
    return true;
}

struct CompressorDeleter {
    void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
};

} // namespace

QByteArray encodePngFast(const QImage& image, int level)
{
    if (image.isNull())
        return {};
    try {
        // Straight (not premultiplied) 32-bit pixels. A premultiplied image whose pixels are all opaque already is
        // straight (what every map render is): it is used as it is, saving a conversion of the whole image.
        const auto allOpaque = [](const QImage& im) {
            const int w = im.width(), h = im.height(); // QImage::width is a call: not in the pixel loop
            for (int y = 0; y < h; ++y) {
                const auto* px = reinterpret_cast<const QRgb*>(im.constScanLine(y));
                QRgb all = 0xff000000u;
                for (int x = 0; x < w; ++x)
                    all &= px[x];
                if ((all >> 24) != 0xff)
                    return false;
            }
            return true;
        };
        QImage argb = image;
        bool opaque = false;
        if (image.format() == QImage::Format_ARGB32_Premultiplied || image.format() == QImage::Format_ARGB32)
            opaque = allOpaque(image);
        if (!opaque && image.format() != QImage::Format_ARGB32) {
            argb = image.convertToFormat(QImage::Format_ARGB32);
            if (argb.isNull())
                return {};
            opaque = allOpaque(argb);
        }
        const std::size_t width = static_cast<std::size_t>(argb.width());
        const std::size_t height = static_cast<std::size_t>(argb.height());
        const std::size_t bpp = opaque ? 3 : 4;
        const std::size_t rowBytes = width * bpp;
        // The raw rows (RGB or RGBA bytes), then each row filtered behind its filter byte. Rows are filtered in
        // parallel: each needs only its own raw row and the one above.
        std::vector<std::uint8_t> raw(rowBytes * height);
        std::vector<std::uint8_t> filteredData((rowBytes + 1) * height);
        const std::vector<std::uint8_t> zeros(rowBytes, 0);
        const auto pack = [&](std::size_t y) {
            const auto* px = reinterpret_cast<const QRgb*>(argb.constScanLine(static_cast<int>(y)));
            std::uint8_t* r = raw.data() + y * rowBytes;
            for (std::size_t x = 0; x < width; ++x) {
                *r++ = static_cast<std::uint8_t>(qRed(px[x]));
                *r++ = static_cast<std::uint8_t>(qGreen(px[x]));
                *r++ = static_cast<std::uint8_t>(qBlue(px[x]));
                if (!opaque)
                    *r++ = static_cast<std::uint8_t>(qAlpha(px[x]));
            }
        };
        // Row y (packed, and the row above it) behind its filter byte at `out`: the filter with the least sum
        // (candidates go to the scratch rows), or none at all when `unfiltered`.
        const auto filterInto = [&](std::size_t y, bool unfiltered, std::vector<std::uint8_t>* rows, std::uint8_t* out) {
            const std::uint8_t* current = raw.data() + y * rowBytes;
            const std::uint8_t* previous = y == 0 ? zeros.data() : raw.data() + (y - 1) * rowBytes;
            int bestType = 0;
            if (!unfiltered) {
                std::uint64_t best = absSum(current, rowBytes);
                for (int type = 1; type <= 4; ++type) {
                    const std::uint64_t sum = filterRow(type, current, previous, rowBytes, bpp, rows[type].data());
                    if (sum < best) {
                        best = sum;
                        bestType = type;
                    }
                }
            }
            *out++ = static_cast<std::uint8_t>(bestType);
            const std::uint8_t* chosen = bestType == 0 ? current : rows[bestType].data();
            std::copy(chosen, chosen + rowBytes, out);
        };
        std::vector<std::uint8_t> sampleScratch[5];
        for (int type = 1; type <= 4; ++type)
            sampleScratch[type].resize(rowBytes);
        // The minimum-sum heuristic suits continuous tones (a hillshade); a map of flat colours compresses better
        // unfiltered (a sample WMS map: 25 KB unfiltered against 29 KB), and skipping the filters halves the
        // encoding. Decided per image on a sample (16 rows in every 256) compressed both ways at the fastest level.
        bool unfiltered = false;
        {
            std::vector<std::uint8_t> plain, heuristic;
            for (std::size_t y = 0; y < height; ++y) {
                if ((y / 16) % 16 != 0)
                    continue;
                if (y > 0 && ((y - 1) / 16) % 16 != 0)
                    pack(y - 1);
                pack(y);
                plain.resize(plain.size() + rowBytes + 1);
                heuristic.resize(heuristic.size() + rowBytes + 1);
                filterInto(y, true, sampleScratch, plain.data() + plain.size() - rowBytes - 1);
                filterInto(y, false, sampleScratch, heuristic.data() + heuristic.size() - rowBytes - 1);
            }
            std::unique_ptr<libdeflate_compressor, CompressorDeleter> fast(libdeflate_alloc_compressor(1));
            if (!fast)
                return {};
            std::vector<std::uint8_t> out(libdeflate_zlib_compress_bound(fast.get(), plain.size()));
            const std::size_t a = libdeflate_zlib_compress(fast.get(), plain.data(), plain.size(), out.data(), out.size());
            const std::size_t b = libdeflate_zlib_compress(fast.get(), heuristic.data(), heuristic.size(), out.data(), out.size());
            unfiltered = a != 0 && b != 0 && a <= b;
        }
        // Rows are packed and filtered in parallel: each needs only its own raw row and the one above.
        constexpr std::size_t kRowsPerTask = 64;
        const std::size_t tasks = (height + kRowsPerTask - 1) / kRowsPerTask;
        std::vector<std::vector<std::uint8_t>> scratch(parallelWorkers(tasks) * 5);
        parallelFor(tasks, [&](std::size_t task, unsigned worker) {
            const std::size_t first = task * kRowsPerTask, last = std::min(height, first + kRowsPerTask);
            // Pack this task's rows and the row above its first: the task above packs that row too (the same bytes),
            // so that tasks need not wait for each other.
            for (std::size_t y = first == 0 ? 0 : first - 1; y < last; ++y)
                pack(y);
            std::vector<std::uint8_t>* rows = &scratch[worker * 5];
            for (int type = 1; type <= 4; ++type)
                rows[type].resize(rowBytes);
            for (std::size_t y = first; y < last; ++y)
                filterInto(y, unfiltered, rows, filteredData.data() + y * (rowBytes + 1));
        });
        std::vector<std::uint8_t>().swap(raw);

        std::unique_ptr<libdeflate_compressor, CompressorDeleter> compressor(libdeflate_alloc_compressor(level));
        if (!compressor)
            return {};
        std::vector<std::uint8_t> compressed(libdeflate_zlib_compress_bound(compressor.get(), filteredData.size()));
        const std::size_t packed = libdeflate_zlib_compress(compressor.get(), filteredData.data(), filteredData.size(),
            compressed.data(), compressed.size());
        if (packed == 0)
            return {};
        std::vector<std::uint8_t>().swap(filteredData);

        std::string png("\x89PNG\r\n\x1a\n", 8);
        png.reserve(packed + 1024);
        std::string header;
        put32(header, static_cast<std::uint32_t>(width));
        put32(header, static_cast<std::uint32_t>(height));
        header.push_back(8);                  // bits per sample
        header.push_back(opaque ? 2 : 6);     // RGB or RGBA
        header.append(3, '\0');               // deflate, adaptive filtering, no interlace
        chunk(png, "IHDR", header.data(), header.size());
        if (argb.dotsPerMeterX() > 0 && argb.dotsPerMeterY() > 0) {
            std::string phys;
            put32(phys, static_cast<std::uint32_t>(argb.dotsPerMeterX()));
            put32(phys, static_cast<std::uint32_t>(argb.dotsPerMeterY()));
            phys.push_back(1); // metres
            chunk(png, "pHYs", phys.data(), phys.size());
        }
        for (const QString& key : argb.textKeys()) {
            const QByteArray k = key.left(79).toLatin1();
            const QString value = argb.text(key);
            if (k.isEmpty() || !isLatin1(key))
                continue;
            std::string text(k.constData(), static_cast<std::size_t>(k.size()));
            text.push_back('\0');
            if (isLatin1(value)) {
                const QByteArray v = value.toLatin1();
                text.append(v.constData(), static_cast<std::size_t>(v.size()));
                chunk(png, "tEXt", text.data(), text.size());
            } else { // iTXt: uncompressed, no language tag, no translated keyword
                text.append(std::string("\0\0\0\0", 4));
                const QByteArray v = value.toUtf8();
                text.append(v.constData(), static_cast<std::size_t>(v.size()));
                chunk(png, "iTXt", text.data(), text.size());
            }
        }
        constexpr std::size_t kIdatChunk = std::size_t(1) << 20;
        for (std::size_t at = 0; at < packed; at += kIdatChunk)
            chunk(png, "IDAT", compressed.data() + at, std::min(kIdatChunk, packed - at));
        chunk(png, "IEND", "", 0);
        return QByteArray(png.data(), static_cast<qsizetype>(png.size()));
    } catch (const std::bad_alloc&) {
        return {};
    }
}

} // namespace gis::detail
