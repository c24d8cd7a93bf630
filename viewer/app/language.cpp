#include "language.h"

#include <QApplication>
#include <QFont>
#include <QLibraryInfo>
#include <QTranslator>

#include <memory>

namespace viewer {

namespace {

std::unique_ptr<QTranslator>& appTranslator()
{
    static std::unique_ptr<QTranslator> t;
    return t;
}

std::unique_ptr<QTranslator>& qtTranslator()
{
    static std::unique_ptr<QTranslator> t;
    return t;
}

QString& current()
{
    static QString lang;
    return lang;
}

} // namespace

QLocale localeFor(const QString& language)
{
    return language == "en" ? QLocale(QLocale::English, QLocale::Oman) : QLocale(QLocale::Arabic, QLocale::Oman);
}

QString currentLanguage()
{
    return current().isEmpty() ? QStringLiteral("ar") : current();
}

void applyLanguage(const QString& requested)
{
    const QString language = requested == "en" ? QStringLiteral("en") : QStringLiteral("ar");
    for (auto* slot : {&appTranslator(), &qtTranslator()}) {
        if (*slot) {
            QCoreApplication::removeTranslator(slot->get());
            slot->reset();
        }
    }
    auto app = std::make_unique<QTranslator>();
    if (app->load(":/i18n/interior-explorer_" + language + ".qm")) {
        QCoreApplication::installTranslator(app.get());
        appTranslator() = std::move(app);
    }
    auto qt = std::make_unique<QTranslator>();
    if (qt->load("qtbase_" + language, QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt.get());
        qtTranslator() = std::move(qt);
    }
    current() = language;
    QLocale::setDefault(localeFor(language));
    if (auto* gui = qobject_cast<QApplication*>(QCoreApplication::instance())) {
        gui->setLayoutDirection(language == "ar" ? Qt::RightToLeft : Qt::LeftToRight);
        QFont font = QApplication::font();
        if (language == "ar")
            font.setFamilies({"Noto Sans Arabic UI", "Noto Sans Arabic", "Noto Sans", "DejaVu Sans"});
        else
            font.setFamilies({"Noto Sans", "DejaVu Sans", "Noto Sans Arabic"});
        QApplication::setFont(font);
    }
}

} // namespace viewer
