#include "language.h"

#include <QAbstractSpinBox>
#include <QApplication>
#include <QEvent>
#include <QFont>
#include <QLibraryInfo>
#include <QTranslator>

#include <atomic>
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

/// Qt aligns a spin box's text (numbers, dates) by the text's own direction, so in an Arabic window every number
/// and date box showed its digits at the left while the line edits beside it start at the right. This filter gives
/// each spin box that kept Qt's default alignment its window's reading side, and follows a language switch.
class SpinBoxAligner : public QObject {
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Polish || event->type() == QEvent::LayoutDirectionChange)
            if (auto* box = qobject_cast<QAbstractSpinBox*>(watched))
                align(box);
        return false;
    }

private:
    static void align(QAbstractSpinBox* box)
    {
        const char* managed = "gisReadingSideAlignment";
        const Qt::Alignment horizontal = box->alignment() & Qt::AlignHorizontal_Mask;
        if (!box->property(managed).toBool() && horizontal != Qt::AlignLeft)
            return; // a caller chose this box's alignment: leave it
        box->setProperty(managed, true);
        const Qt::Alignment side = box->layoutDirection() == Qt::RightToLeft ? Qt::AlignRight : Qt::AlignLeft;
        box->setAlignment(side | Qt::AlignAbsolute | (box->alignment() & Qt::AlignVertical_Mask));
    }
};

} // namespace

QLocale localeFor(const QString& language)
{
    return language == "en" ? QLocale(QLocale::English, QLocale::Oman) : QLocale(QLocale::Arabic, QLocale::Oman);
}

QString currentLanguage()
{
    return current().isEmpty() ? QStringLiteral("ar") : current();
}

namespace {
std::atomic<bool> g_arabic{true};
}

bool interfaceIsArabic()
{
    return g_arabic.load(std::memory_order_relaxed);
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
    g_arabic.store(language == "ar", std::memory_order_relaxed);
    QLocale::setDefault(localeFor(language));
    if (auto* gui = qobject_cast<QApplication*>(QCoreApplication::instance())) {
        static SpinBoxAligner* aligner = nullptr;
        if (!aligner) {
            aligner = new SpinBoxAligner(gui);
            gui->installEventFilter(aligner);
        }
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
