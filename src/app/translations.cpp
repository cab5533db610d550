#include "app/translations.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace Fabrikam::App {

bool installTranslations(QApplication& application)
{
    const QLocale locale;
    auto* qt = new QTranslator(&application);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QApplication::installTranslator(qt);
    } else {
        delete qt;
    }
    auto* ours = new QTranslator(&application);
    // Tries every language of QLocale::uiLanguages() in turn: fabrikam_de_DE.qm, fabrikam_de.qm…
    if (ours->load(locale, QStringLiteral("fabrikam"), QStringLiteral("_"),
                   QStringLiteral(":/i18n"))) {
        QApplication::installTranslator(ours);
        return true;
    }
    delete ours;
    return false;
}

} // namespace Fabrikam::App
