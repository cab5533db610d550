#include "cli/cli.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTimer>

#include <cstdio>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    // The terminal is for the person; diagnostics go to --trace. QT_LOGGING_RULES still wins
    // (e.g. QT_LOGGING_RULES="fabrikam.*=true" for support staff).
    QLoggingCategory::setFilterRules(
        QStringLiteral("fabrikam.*.debug=false\nfabrikam.*.info=false"));
    QCoreApplication::setOrganizationName(QStringLiteral("Fabrikam"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("fabrikam.example"));
    QCoreApplication::setApplicationName(QStringLiteral("Fabrikam Desktop"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FABRIKAM_VERSION));

    QString helpText;
    auto options = Fabrikam::Cli::parseOptions(QCoreApplication::arguments(), &helpText);
    if (!options.ok()) {
        std::fprintf(stderr, "fabrikam-cli: %s\nTry: fabrikam-cli --help\n",
                     qUtf8Printable(options.error().message));
        return Fabrikam::Cli::ExitUsage;
    }
    if (options.value().command == QLatin1String("help")) {
        std::fputs(qUtf8Printable(helpText), stdout);
        return Fabrikam::Cli::ExitOk;
    }
    if (options.value().command == QLatin1String("version")) {
        std::printf("fabrikam-cli %s\n", FABRIKAM_VERSION);
        return Fabrikam::Cli::ExitOk;
    }

    Fabrikam::Cli::Cli cli(std::move(options).value());
    QObject::connect(&cli, &Fabrikam::Cli::Cli::finished, &app, &QCoreApplication::exit,
                     Qt::QueuedConnection);
    QTimer::singleShot(0, &cli, &Fabrikam::Cli::Cli::start);
    return app.exec();
}
