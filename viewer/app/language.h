#pragma once

#include <QLocale>
#include <QString>

namespace viewer {

/// The UI language: "ar" (Arabic, right to left, the default) or "en". Installing one loads the viewer's
/// translation (embedded :/i18n/interior-explorer_<lang>.qm) and Qt's own (standard dialogs), sets the
/// layout direction of the whole application, the default QLocale (numbers, dates) and a font that reads well
/// in that script. Widgets retranslate themselves on the QEvent::LanguageChange this sends. GUI thread only.
void applyLanguage(const QString& language);
QString currentLanguage();
/// True while the interface is Arabic. Unlike currentLanguage(), safe from any thread (an edit session's
/// validators read it at each check, so their messages follow a language switch made while editing).
bool interfaceIsArabic();
/// QLocale(Arabic, Oman) or QLocale(English, Oman).
QLocale localeFor(const QString& language);

} // namespace viewer
