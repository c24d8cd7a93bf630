#include "pdf/pdfcmap.h"

#include <QRegularExpression>
#include <QString>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "pdfsyntax.h"

namespace gis::detail {

namespace {

bool isPresentationForm(char16_t c)
{
    return (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF);
}

bool isRightToLeft(QChar c)
{
    return c.direction() == QChar::DirAL || c.direction() == QChar::DirR;
}

/// What a person would type for a glyph's text. U+0009: Qt names each glyph by the lowest code point the font
/// maps to it, and fonts such as Noto Sans Arabic map the tab to their space glyph.
QString folded(const QString& text)
{
    QString out;
    for (QChar c : text) {
        if (isPresentationForm(c.unicode())) {
            QString letters = QString(c).normalized(QString::NormalizationForm_KC);
            // The isolated forms of marks (U+FC5E shadda with dammatan, U+FE70 fathatan, ...) decompose to a
            // space and the marks; the glyph sits on a letter, so the marks alone are its text.
            if (letters.size() > 1 && letters[0] == QChar(' ') && letters[1].category() == QChar::Mark_NonSpacing)
                letters.remove(0, 1);
            if (letters.size() > 1 && std::all_of(letters.begin(), letters.end(), isRightToLeft))
                std::reverse(letters.begin(), letters.end());
            out += letters;
        } else {
            out += c == QChar('\t') ? QChar(' ') : c;
        }
    }
    return out;
}

/// A CMap maps codes of 1 to 4 bytes (PDF 32000-1, 9.7.6.2); QPdfWriter's fonts have 2-byte codes, so no font's
/// map has more than this many. Ranges are expanded code by code, so the cap also bounds the work and the output
/// for a few bytes of input ("<0000> <FFFF> <FE70>" is 65536 entries).
constexpr quint32 kMaxCodes = 0x10000;

struct HexString {
    QByteArray digits; // as written, upper case
    quint32 code() const
    {
        if (digits.size() > 8)
            failPdf("a ToUnicode code <" + digits.toStdString() + "> longer than 4 bytes");
        return digits.toUInt(nullptr, 16);
    }
    QString utf16() const
    {
        if (digits.size() % 4 != 0)
            failPdf("a ToUnicode destination <" + digits.toStdString() + "> is not UTF-16");
        QString s;
        for (qsizetype i = 0; i < digits.size(); i += 4)
            s += QChar(static_cast<char16_t>(digits.mid(i, 4).toUInt(nullptr, 16)));
        return s;
    }
};

QByteArray hexOf(const QString& s)
{
    QByteArray out;
    for (QChar c : s)
        out += QByteArray::number(c.unicode(), 16).toUpper().rightJustified(4, '0');
    return out;
}

QByteArray hexOf(quint32 code, qsizetype digits)
{
    return QByteArray::number(code, 16).toUpper().rightJustified(digits, '0');
}

/// The tokens of a bfchar/bfrange section body: hex strings and the brackets of arrays.
std::vector<QByteArray> tokens(QByteArrayView body)
{
    std::vector<QByteArray> out;
    for (qsizetype i = 0; i < body.size();) {
        const char c = body[i];
        if (isPdfSpace(c)) {
            ++i;
        } else if (c == '[' || c == ']') {
            out.emplace_back(1, c);
            ++i;
        } else if (c == '<') {
            const qsizetype end = body.indexOf('>', i);
            if (end < 0)
                failPdf("an unterminated hex string in a ToUnicode map");
            QByteArray hex;
            for (char h : body.sliced(i + 1, end - i - 1))
                if (!isPdfSpace(h))
                    hex += h;
            hex = hex.toUpper();
            const bool digits = std::all_of(hex.begin(), hex.end(), [](char h) { return std::isxdigit(static_cast<unsigned char>(h)); });
            if (!digits || hex.isEmpty() || hex.size() % 2 != 0 || hex.size() > 64)
                failPdf("a bad hex string <" + hex.toStdString() + "> in a ToUnicode map");
            out.push_back("<" + hex);
            i = end + 1;
        } else {
            failPdf("an unexpected token in a ToUnicode map (glyph names are not supported)");
        }
    }
    return out;
}

/// Emits `lines` (each one entry) as "N begin<kind> ... end<kind>" blocks of at most 100 entries.
QByteArray blocks(const char* kind, const std::vector<QByteArray>& lines)
{
    QByteArray out;
    for (std::size_t at = 0; at < lines.size(); at += 100) {
        const std::size_t n = std::min<std::size_t>(100, lines.size() - at);
        out += QByteArray::number(qulonglong(n)) + " begin" + kind + "\n";
        for (std::size_t i = at; i < at + n; ++i)
            out += lines[i] + "\n";
        out += QByteArray("end") + kind + "\n";
    }
    return out;
}

/// Rewrites one section body; returns nothing when no destination changes. Ranges whose destinations change
/// become bfchar entries (a range's destinations must be consecutive, a decomposition's are not).
std::optional<QByteArray> rewriteSection(bool range, QByteArrayView body, quint32& codes)
{
    auto count = [&codes](quint32 n) {
        if (n > kMaxCodes - codes)
            failPdf("a ToUnicode map of more than " + std::to_string(kMaxCodes) + " codes");
        codes += n;
    };
    const std::vector<QByteArray> t = tokens(body);
    std::vector<QByteArray> ranges, chars;
    bool changed = false;
    auto addChar = [&](const QByteArray& src, quint32 code, const QString& dst) {
        const QString f = folded(dst);
        changed = changed || f != dst;
        chars.push_back("<" + hexOf(code, src.size() - 1) + "> <" + hexOf(f) + ">");
    };
    auto hex = [&](std::size_t i) {
        if (i >= t.size() || !t[i].startsWith('<'))
            failPdf("a malformed entry in a ToUnicode map");
        return HexString{t[i].mid(1)};
    };
    for (std::size_t i = 0; i < t.size();) {
        const HexString lo = hex(i);
        if (!range) {
            count(1);
            addChar(t[i], lo.code(), hex(i + 1).utf16());
            i += 2;
            continue;
        }
        const HexString hi = hex(i + 1);
        if (hi.code() < lo.code() || hi.code() - lo.code() > 0xFFFF || hi.digits.size() != lo.digits.size())
            failPdf("a bad range <" + lo.digits.toStdString() + "> <" + hi.digits.toStdString() + "> in a ToUnicode map");
        count(hi.code() - lo.code() + 1);
        std::vector<QString> dst;
        std::size_t next = i + 2;
        if (next < t.size() && t[next] == "[") {
            for (++next; next < t.size() && t[next] != "]"; ++next)
                dst.push_back(hex(next).utf16());
            if (next++ >= t.size() || dst.size() != hi.code() - lo.code() + 1)
                failPdf("a range's array in a ToUnicode map does not match its codes");
        } else {
            QString base = hex(next++).utf16();
            for (quint32 c = lo.code(); c <= hi.code(); ++c) {
                dst.push_back(base);
                base.back() = QChar(static_cast<char16_t>(base.back().unicode() + 1));
            }
        }
        const bool affected = std::any_of(dst.begin(), dst.end(), [](const QString& d) { return folded(d) != d; });
        if (affected) {
            for (quint32 c = lo.code(); c <= hi.code(); ++c)
                addChar(t[i], c, dst[c - lo.code()]);
        } else {
            QByteArray line;
            for (std::size_t k = i; k < next; ++k)
                line += (t[k].startsWith('<') ? t[k] + ">" : t[k]) + (k + 1 < next ? " " : "");
            ranges.push_back(line);
        }
        i = next;
    }
    if (!changed)
        return std::nullopt;
    return blocks("bfrange", ranges) + blocks("bfchar", chars);
}

} // namespace

std::optional<QByteArray> foldToUnicodeCMap(const QByteArray& cmap)
{
    static const QRegularExpression kSection("(\\d+)\\s+begin(bfchar|bfrange)\\b(.*?)\\bend\\2\\b\\s*",
        QRegularExpression::DotMatchesEverythingOption);
    const QString text = QString::fromLatin1(cmap);
    QByteArray out;
    qsizetype copied = 0;
    bool changed = false;
    quint32 codes = 0;
    for (auto it = kSection.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        out += cmap.mid(copied, m.capturedStart() - copied);
        const QByteArray body = cmap.mid(m.capturedStart(3), m.capturedLength(3));
        if (auto rewritten = rewriteSection(m.captured(2) == "bfrange", body, codes)) {
            out += *rewritten;
            changed = true;
        } else {
            out += cmap.mid(m.capturedStart(), m.capturedLength());
        }
        copied = m.capturedEnd();
    }
    if (!changed)
        return std::nullopt;
    return out + cmap.mid(copied);
}

} // namespace gis::detail
