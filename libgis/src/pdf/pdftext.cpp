#include "pdf/pdftext.h"

#include <QByteArrayView>
#include <QFile>
#include <QRegularExpression>
#include <zlib.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "gis/core/atomicfile.h"
#include "gis/core/error.h"
#include "pdf/pdfcmap.h"
#include "pdfsyntax.h"

namespace gis::detail {

namespace {

bool isPdfDelimiter(char c)
{
    return isPdfSpace(c) || c == '<' || c == '>' || c == '[' || c == ']' || c == '/' || c == '(' || c == ')' || c == '%';
}

// ---- zlib (the FlateDecode filter) ----

// Owns an inflate state from inflateInit() on.
struct Inflater {
    z_stream z{};
    bool open = false;
    ~Inflater()
    {
        if (open)
            inflateEnd(&z);
    }
};

QByteArray inflateBytes(QByteArrayView in)
{
    constexpr qsizetype kMax = 16 << 20; // a ToUnicode map of every glyph of a large CJK font is well under this
    Inflater s;
    if (inflateInit(&s.z) != Z_OK)
        failPdf("zlib cannot start");
    s.open = true;
    s.z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    s.z.avail_in = static_cast<uInt>(in.size());
    QByteArray out;
    for (int rc = Z_OK; rc != Z_STREAM_END;) {
        const qsizetype have = out.size();
        if (have > kMax)
            failPdf("a ToUnicode map is over 16 MiB inflated");
        out.resize(have + std::max<qsizetype>(4096, have));
        s.z.next_out = reinterpret_cast<Bytef*>(out.data() + have);
        s.z.avail_out = static_cast<uInt>(out.size() - have);
        rc = inflate(&s.z, Z_NO_FLUSH);
        out.resize(out.size() - s.z.avail_out);
        if ((rc == Z_BUF_ERROR && s.z.avail_in == 0) || (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR))
            failPdf("a ToUnicode map's Flate data is corrupt or truncated");
    }
    return out;
}

QByteArray deflateBytes(const QByteArray& in)
{
    uLongf size = compressBound(static_cast<uLong>(in.size()));
    QByteArray out(static_cast<qsizetype>(size), Qt::Uninitialized);
    if (compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(in.constData()),
            static_cast<uLong>(in.size()), Z_BEST_COMPRESSION) != Z_OK)
        failPdf("zlib cannot compress a ToUnicode map");
    out.resize(static_cast<qsizetype>(size));
    return out;
}

// ---- the PDF file: a classic cross-reference table, as QPdfWriter writes it ----

/// Reads tokens of a PDF from a byte position on; throws on anything it does not expect.
class Cursor {
public:
    Cursor(const QByteArray& bytes, qsizetype at) : m_b(bytes), m_at(at) {}
    qsizetype at() const { return m_at; }
    void skipSpace()
    {
        while (m_at < m_b.size() && isPdfSpace(m_b[m_at]))
            ++m_at;
    }
    std::optional<qint64> integer()
    {
        skipSpace();
        qint64 v = 0;
        const qsizetype start = m_at;
        for (; m_at < m_b.size() && m_at - start < 12 && m_b[m_at] >= '0' && m_b[m_at] <= '9'; ++m_at)
            v = v * 10 + (m_b[m_at] - '0');
        if (m_at == start || (m_at < m_b.size() && !isPdfDelimiter(m_b[m_at]))) {
            m_at = start;
            return std::nullopt;
        }
        return v;
    }
    qint64 expectInteger(const char* what)
    {
        if (auto v = integer())
            return *v;
        failPdf(std::string("expected ") + what + " at byte " + std::to_string(m_at));
    }
    bool keyword(QByteArrayView k)
    {
        skipSpace();
        const qsizetype end = m_at + k.size();
        if (!QByteArrayView(m_b).sliced(m_at).startsWith(k) || (end < m_b.size() && !isPdfDelimiter(m_b[end])))
            return false;
        m_at = end;
        return true;
    }
    void expect(QByteArrayView k)
    {
        if (!keyword(k))
            failPdf("expected \"" + k.toByteArray().toStdString() + "\" at byte " + std::to_string(m_at));
    }
    /// A dictionary "<< ... >>" (nested ones included); returns its bytes.
    QByteArray dictionary()
    {
        skipSpace();
        const qsizetype start = m_at;
        int depth = 0;
        do {
            if (m_at + 1 >= m_b.size())
                failPdf("an unterminated dictionary");
            if (m_b[m_at] == '<' && m_b[m_at + 1] == '<')
                ++depth, m_at += 2;
            else if (m_b[m_at] == '>' && m_b[m_at + 1] == '>')
                --depth, m_at += 2;
            else if (m_at == start)
                failPdf("expected a dictionary at byte " + std::to_string(m_at));
            else
                ++m_at;
        } while (depth > 0);
        return m_b.mid(start, m_at - start);
    }

private:
    const QByteArray& m_b;
    qsizetype m_at;
};

struct XrefEntry {
    qint64 field = 0; // the offset of an object in use; the next free object's number otherwise
    int generation = 0;
    bool used = false;
};

struct Xref {
    qsizetype tableAt = 0;   // "xref"
    qsizetype trailerAt = 0; // "trailer"
    qsizetype tailAt = 0;    // "startxref"
    std::vector<std::pair<qint64, qint64>> subsections; // first object, count
    std::vector<XrefEntry> entries;
    std::map<qint64, qint64> offsets; // object in use → offset
};

Xref readXref(const QByteArray& pdf)
{
    if (!pdf.startsWith("%PDF-"))
        failPdf("not a PDF");
    if (pdf.left(1024).contains("/Linearized"))
        failPdf("a linearized PDF (its hint tables hold offsets)");
    Xref x;
    x.tailAt = pdf.lastIndexOf("startxref");
    if (x.tailAt < 0 || x.tailAt < pdf.size() - 1024)
        failPdf("no startxref at the end");
    Cursor tail(pdf, x.tailAt + 9);
    x.tableAt = static_cast<qsizetype>(tail.expectInteger("the cross-reference offset"));
    Cursor c(pdf, x.tableAt);
    // Offsets must be exact: the rebuilt file copies bytes from them on, so one pointing at the whitespace before
    // a keyword would lose that whitespace and glue the keyword to what precedes it ("endobjxref").
    if (x.tableAt >= x.tailAt || isPdfSpace(pdf[x.tableAt]) || !c.keyword("xref"))
        failPdf("a cross-reference stream or a bad startxref (QPdfWriter writes a table)");
    while (!c.keyword("trailer")) {
        const qint64 first = c.expectInteger("a subsection's first object");
        const qint64 count = c.expectInteger("a subsection's size");
        x.subsections.emplace_back(first, count);
        for (qint64 i = 0; i < count; ++i) {
            XrefEntry e;
            e.field = c.expectInteger("an entry's offset");
            e.generation = static_cast<int>(c.expectInteger("an entry's generation"));
            e.used = c.keyword("n");
            if (!e.used)
                c.expect("f");
            if (e.used && !x.offsets.emplace(first + i, e.field).second)
                failPdf("object " + std::to_string(first + i) + " twice in the cross-reference table");
            x.entries.push_back(e);
        }
    }
    x.trailerAt = c.at() - 7;
    const QByteArray trailer = c.dictionary();
    for (const char* key : {"/Encrypt", "/Prev", "/XRefStm"})
        if (trailer.contains(key))
            failPdf(std::string("the trailer has ") + key + " (encrypted or incrementally updated)");
    if (!c.keyword("startxref") || c.at() != x.tailAt + 9)
        failPdf("more after the trailer than startxref");
    for (const auto& [number, offset] : x.offsets) {
        Cursor o(pdf, static_cast<qsizetype>(offset));
        if (offset >= x.tableAt || isPdfSpace(pdf[static_cast<qsizetype>(offset)]) || o.integer() != number
            || !o.integer() || !o.keyword("obj"))
            failPdf("the cross-reference table does not point at object " + std::to_string(number));
    }
    return x;
}

/// "/Key value" in a dictionary: where the entry starts and ends, for removing it.
struct DictEntry {
    qsizetype start = -1, end = -1;
};

DictEntry findKey(const QByteArray& dict, QByteArrayView key)
{
    for (qsizetype at = dict.indexOf(key); at >= 0; at = dict.indexOf(key, at + 1))
        if (at + key.size() < dict.size() && isPdfDelimiter(dict[at + key.size()]))
            return {at, at + key.size()};
    return {};
}

struct Replacement {
    qsizetype start = 0, end = 0;
    QByteArray bytes;
};

/// The ToUnicode stream object `number` rewritten, or nothing when it needs no change.
std::optional<Replacement> rewriteToUnicode(const QByteArray& pdf, const Xref& x, qint64 number)
{
    const auto found = x.offsets.find(number);
    if (found == x.offsets.end())
        failPdf("ToUnicode object " + std::to_string(number) + " is not in the cross-reference table");
    const std::string name = "ToUnicode object " + std::to_string(number);
    Cursor c(pdf, static_cast<qsizetype>(found->second));
    c.expectInteger("an object number");
    const qint64 generation = c.expectInteger("a generation");
    c.expect("obj");
    QByteArray dict = c.dictionary();
    if (findKey(dict, "/DecodeParms").start >= 0 || findKey(dict, "/F").start >= 0)
        failPdf(name + " has decode parameters or an external file");

    DictEntry length = findKey(dict, "/Length");
    if (length.start < 0)
        failPdf(name + " has no /Length");
    Cursor lc(dict, length.end);
    qint64 size = lc.expectInteger("a /Length");
    const qsizetype afterDirect = lc.at();
    if (auto gen = lc.integer(); gen && lc.keyword("R")) { // an indirect length: "/Length 9 0 R"
        const auto lengthObject = x.offsets.find(size);
        if (lengthObject == x.offsets.end())
            failPdf(name + ": its /Length object is missing");
        Cursor l(pdf, static_cast<qsizetype>(lengthObject->second));
        l.expectInteger("an object number");
        l.expectInteger("a generation");
        l.expect("obj");
        size = l.expectInteger("a length");
        length.end = lc.at();
    } else {
        length.end = afterDirect;
    }

    DictEntry filter = findKey(dict, "/Filter");
    bool flate = false;
    if (filter.start >= 0) {
        static const QRegularExpression kFlate("^\\s*(/FlateDecode|\\[\\s*/FlateDecode\\s*\\])");
        const auto m = kFlate.match(QString::fromLatin1(dict.mid(filter.end)));
        if (!m.hasMatch())
            failPdf(name + " has a filter other than FlateDecode");
        filter.end += m.capturedLength();
        flate = true;
    }

    c.expect("stream");
    qsizetype data = c.at();
    if (pdf.mid(data, 2) == "\r\n")
        data += 2;
    else if (pdf.mid(data, 1) == "\n")
        ++data;
    else
        failPdf(name + ": no end of line after \"stream\"");
    if (size < 0 || data + size > x.tableAt)
        failPdf(name + ": its /Length runs past the objects");
    Cursor end(pdf, data + static_cast<qsizetype>(size));
    end.expect("endstream");
    end.expect("endobj");

    const QByteArrayView raw = QByteArrayView(pdf).sliced(data, static_cast<qsizetype>(size));
    const auto cmap = foldToUnicodeCMap(flate ? inflateBytes(raw) : raw.toByteArray());
    if (!cmap)
        return std::nullopt;
    const QByteArray payload = deflateBytes(*cmap);
    // The old /Length and /Filter entries out, the new ones in (an indirect /Length object is left unused).
    for (const DictEntry& e : filter.start > length.start ? std::vector{filter, length} : std::vector{length, filter})
        if (e.start >= 0)
            dict.remove(e.start, e.end - e.start);
    dict.insert(2, " /Length " + QByteArray::number(payload.size()) + " /Filter /FlateDecode");
    Replacement r;
    r.start = static_cast<qsizetype>(found->second);
    r.end = end.at();
    r.bytes = QByteArray::number(number) + " " + QByteArray::number(generation) + " obj\n" + dict + "\nstream\n" +
              payload + "\nendstream\nendobj";
    return r;
}

/// The PDF with `replacements` (sorted, disjoint, each starting at an object) made and its xref rebuilt.
QByteArray rebuild(const QByteArray& pdf, const Xref& x, const std::vector<Replacement>& replacements)
{
    QByteArray out;
    out.reserve(pdf.size() + 4096);
    std::vector<std::pair<qsizetype, qsizetype>> shifts; // (old start, cumulative shift after it)
    qsizetype copied = 0, shift = 0;
    for (const Replacement& r : replacements) {
        out += QByteArrayView(pdf).sliced(copied, r.start - copied);
        out += r.bytes;
        copied = r.end;
        shift += r.bytes.size() - (r.end - r.start);
        shifts.emplace_back(r.start, shift);
    }
    out += QByteArrayView(pdf).sliced(copied, x.tableAt - copied);
    auto moved = [&](qint64 offset) {
        auto it = std::lower_bound(shifts.begin(), shifts.end(), offset,
            [](const std::pair<qsizetype, qsizetype>& s, qint64 o) { return s.first < o; });
        return it == shifts.begin() ? offset : offset + std::prev(it)->second;
    };
    const qsizetype table = out.size();
    out += "xref\n";
    std::size_t e = 0;
    for (const auto& [first, count] : x.subsections) {
        out += QByteArray::number(first) + " " + QByteArray::number(count) + "\n";
        for (qint64 i = 0; i < count; ++i, ++e) {
            const XrefEntry& entry = x.entries[e];
            out += QByteArray::number(entry.used ? moved(entry.field) : entry.field).rightJustified(10, '0') + " " +
                   QByteArray::number(entry.generation).rightJustified(5, '0') + (entry.used ? " n \n" : " f \n");
        }
    }
    out += QByteArrayView(pdf).sliced(x.trailerAt, x.tailAt - x.trailerAt);
    out += "startxref\n" + QByteArray::number(table) + "\n%%EOF\n";
    return out;
}

} // namespace

std::optional<QByteArray> normalizedPdf(const QByteArray& pdf)
{
    const Xref x = readXref(pdf);

    // Fonts name their ToUnicode stream in their dictionary, before any stream data of their object.
    std::set<qint64> maps;
    for (const auto& [number, offset] : x.offsets) {
        const qsizetype at = static_cast<qsizetype>(offset);
        qsizetype end = pdf.indexOf("endobj", at);
        QByteArray head = pdf.mid(at, (end < 0 ? x.tableAt : end) - at);
        if (const qsizetype stream = head.indexOf("stream"); stream >= 0)
            head.truncate(stream);
        if (head.contains("/ObjStm"))
            failPdf("an object stream (QPdfWriter writes none)");
        for (qsizetype k = head.indexOf("/ToUnicode"); k >= 0; k = head.indexOf("/ToUnicode", k + 1)) {
            Cursor c(head, k + 10);
            const auto ref = c.integer();
            if (ref && c.integer() && c.keyword("R")) // a name (/Identity-H) has nothing to rewrite
                maps.insert(*ref);
        }
    }
    std::vector<Replacement> replacements;
    for (qint64 number : maps)
        if (auto r = rewriteToUnicode(pdf, x, number))
            replacements.push_back(std::move(*r));
    if (replacements.empty())
        return std::nullopt;
    std::sort(replacements.begin(), replacements.end(), [](const Replacement& a, const Replacement& b) { return a.start < b.start; });
    for (std::size_t i = 1; i < replacements.size(); ++i)
        if (replacements[i].start < replacements[i - 1].end)
            failPdf("ToUnicode objects overlap");
    // An object the table places inside a replaced one (a /Length reaching past the next objects' endstream)
    // would vanish with it, and the rebuilt table would point at bytes that are gone.
    for (const auto& [number, offset] : x.offsets)
        for (const Replacement& r : replacements)
            if (offset > r.start && offset < r.end)
                failPdf("object " + std::to_string(number) + " lies inside a ToUnicode object");
    return rebuild(pdf, x, replacements);
}

bool normalizePdfToUnicode(const QString& file, QString* error)
{
    try {
        QFile in(file);
        if (!in.open(QIODevice::ReadOnly))
            throw Error(ErrorCode::Io, "cannot read it (" + in.errorString().toStdString() + ")");
        QByteArray pdf = in.readAll();
        in.close();
        const std::optional<QByteArray> rewritten = normalizedPdf(pdf);
        if (!rewritten)
            return true;
        writeFileAtomically(file.toStdString(), std::string_view(rewritten->constData(), static_cast<std::size_t>(rewritten->size())));
        return true;
    } catch (const std::exception& e) { // Error from here, or bad_alloc on a huge file
        if (error)
            *error = QString::fromUtf8(e.what());
        return false;
    }
}

bool normalizePdfToUnicode(QByteArray& pdf, QString* error, bool* changed)
{
    if (changed)
        *changed = false;
    try {
        std::optional<QByteArray> rewritten = normalizedPdf(pdf);
        if (rewritten) {
            pdf = std::move(*rewritten);
            if (changed)
                *changed = true;
        }
        return true;
    } catch (const std::exception& e) { // Error from normalizedPdf, or bad_alloc on a huge file
        if (error)
            *error = QString::fromUtf8(e.what());
        return false;
    }
}

} // namespace gis::detail
