#include "cli/cli.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTimer>

#include <cstdio>

#ifdef Q_OS_UNIX
#include <QSocketNotifier>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace {

#ifdef Q_OS_UNIX
// Ctrl+C (SIGINT) and SIGTERM while a flow waits, typically for the browser: the first one cancels
// the flow through the event loop (the Cli answers with its one line and exit 68); a second one
// ends the process at once, for a person who does not want to wait. A signal handler may do
// almost nothing, so it only writes the signal number to a socket pair; a QSocketNotifier reads
// it in the event loop (Qt's "Calling Qt Functions From Unix Signal Handlers").
int g_signalFds[2] = {-1, -1};
std::atomic_flag g_signalled; // lock-free, so usable in a handler; any thread may run it

void onTerminalSignal(int number)
{
    // A second signal, or two that arrived together: stop now. _exit is async-signal-safe.
    sigset_t pending;
    if (g_signalled.test_and_set() ||
        (::sigpending(&pending) == 0 &&
         (sigismember(&pending, SIGINT) == 1 || sigismember(&pending, SIGTERM) == 1))) {
        ::_exit(Fabrikam::Cli::ExitCancelled);
    }
    const int savedErrno = errno;
    const char byte = char(number);
    [[maybe_unused]] const ssize_t written = ::write(g_signalFds[0], &byte, 1);
    errno = savedErrno;
}

// When the handlers cannot be set up, Ctrl+C ends the process as usual.
void cancelOnTerminalSignals(Fabrikam::Cli::Cli& cli)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFds) != 0) {
        return;
    }
    for (const int fd : g_signalFds) {
        // Not inherited by the browser that the CLI starts; never block inside the handler.
        ::fcntl(fd, F_SETFD, FD_CLOEXEC);
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    }
    auto* notifier = new QSocketNotifier(g_signalFds[1], QSocketNotifier::Read, &cli);
    QObject::connect(notifier, &QSocketNotifier::activated, &cli, [&cli, notifier] {
        char byte = 0;
        if (::read(g_signalFds[1], &byte, 1) != 1) {
            return;
        }
        notifier->setEnabled(false);
        cli.interrupt(int(byte) == SIGTERM ? QStringLiteral("SIGTERM") : QStringLiteral("Ctrl+C"));
    });
    struct sigaction action = {};
    action.sa_handler = onTerminalSignal;
    // One handler at a time in a thread; across threads the atomic flag decides.
    sigemptyset(&action.sa_mask);
    sigaddset(&action.sa_mask, SIGINT);
    sigaddset(&action.sa_mask, SIGTERM);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
}
#else
// Elsewhere (Windows) no handler: Ctrl+C ends the process at once, as the second signal does here.
void cancelOnTerminalSignals(Fabrikam::Cli::Cli&) {}
#endif

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    // The terminal is for the person; diagnostics go to --trace. QT_LOGGING_RULES still wins
    // (e.g. QT_LOGGING_RULES="fabrikam.*=true" for support staff). Warnings too: every failure
    // reaches the person as the one "fabrikam-cli: …" line, so a log line beside it is noise.
    QLoggingCategory::setFilterRules(
        QStringLiteral("fabrikam.*.debug=false\nfabrikam.*.info=false\nfabrikam.*.warning=false"));
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
    cancelOnTerminalSignals(cli);
    QObject::connect(&cli, &Fabrikam::Cli::Cli::finished, &app, &QCoreApplication::exit,
                     Qt::QueuedConnection);
    QTimer::singleShot(0, &cli, &Fabrikam::Cli::Cli::start);
    return app.exec();
}
