// fabrikam-desktop: the Fabrikam banking client (Qt Widgets).
#include "app/desktopshell.h"
#include "app/settingsdialog.h"
#include "app/translations.h"

#include <QApplication>
#include <QCommandLineParser>

#include <cstdio>
#include <cstring>
#include <memory>

using namespace Fabrikam;

namespace {

void describeApplication(QCoreApplication& app)
{
    app.setOrganizationName(QStringLiteral("Fabrikam"));
    app.setOrganizationDomain(
        QStringLiteral("fabrikam.example")); // as fabrikam-cli: one data folder
    app.setApplicationName(QStringLiteral("Fabrikam Desktop"));
    app.setApplicationVersion(QStringLiteral(FABRIKAM_VERSION));
}

// --help and --version print and exit without a display: they must work on a headless machine
// (packaging checks, support scripts), where QApplication could not start.
bool wantsTextOnly(int argc, char* argv[])
{
    for (int i = 1; i < argc; ++i) {
        for (const char* option : {"--version", "-v", "--help", "-h", "-help", "-?"}) {
            if (std::strcmp(argv[i], option) == 0) {
                return true;
            }
        }
    }
    return false;
}

} // namespace

int main(int argc, char* argv[])
{
    std::unique_ptr<QCoreApplication> app = wantsTextOnly(argc, argv)
                                                ? std::make_unique<QCoreApplication>(argc, argv)
                                                : std::make_unique<QApplication>(argc, argv);
    describeApplication(*app);
    if (auto* gui = qobject_cast<QApplication*>(app.get())) {
        QGuiApplication::setDesktopFileName(QStringLiteral("com.fabrikam.desktop"));
        App::installTranslations(*gui);
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "Fabrikam Desktop: banking with sign-in and step-up confirmation through your "
                "web browser."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption profileOption(
        QStringLiteral("profile"),
        QCoreApplication::translate("main", "Use the saved profile NAME (default: the profile "
                                            "saved last in the settings, else sandbox)."),
        QStringLiteral("NAME"));
    parser.addOption(profileOption);
    parser.process(*app); // --help and --version print and exit here

    // A profile named on the command line must load; the one remembered from the settings may
    // have been deleted since, and then the sandbox is the calm fallback.
    const bool named = parser.isSet(profileOption);
    auto profile = Client::Profile::load(named ? parser.value(profileOption)
                                               : App::SettingsDialog::rememberedProfileName());
    if (!profile.ok() && !named) {
        std::fprintf(stderr, "fabrikam-desktop: %s; using the sandbox profile\n",
                     qPrintable(profile.error().message));
        profile = Client::Profile::load(QStringLiteral("sandbox"));
    }
    if (!profile.ok()) {
        std::fprintf(stderr, "fabrikam-desktop: %s\n", qPrintable(profile.error().message));
        return 64;
    }
    App::DesktopShell shell{App::Application::Options{}};
    shell.open(profile.value());
    return QCoreApplication::exec();
}
