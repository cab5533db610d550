// fabrikam-desktop: the Fabrikam banking client (Qt Widgets).
#include "app/application.h"
#include "app/mainwindow.h"
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
        QCoreApplication::translate("main", "Use the saved profile NAME (default: sandbox)."),
        QStringLiteral("NAME"), QStringLiteral("sandbox"));
    parser.addOption(profileOption);
    parser.process(*app); // --help and --version print and exit here

    auto profile = Bank::Profile::load(parser.value(profileOption));
    if (!profile.ok()) {
        std::fprintf(stderr, "fabrikam-desktop: %s\n", qPrintable(profile.error().message));
        return 64;
    }
    App::Application::Options options;
    options.profile = std::move(profile).value();
    App::Application application(std::move(options));
    App::MainWindow window(application);
    window.show();
    return QCoreApplication::exec();
}
