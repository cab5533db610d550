#pragma once

#include "auth/authsession.h"
#include "auth/useragent.h"
#include "cli/exitcodes.h"
#include "cli/trace.h"
#include "client/context.h"
#include "client/profile.h"

#include <QCommandLineParser>
#include <QObject>
#include <QTextStream>

#include <memory>
#include <optional>

namespace Fabrikam::Cli {

struct Options
{
    QString command;
    Client::Profile profile;
    bool json = false;
    QString tracePath;
    std::chrono::milliseconds browserTimeout{std::chrono::minutes(5)};
    // transfer
    QString from;
    QString to;
    QString amount;
    QString currency;
    QString memo;
    QByteArray idempotencyKey;
    // statements
    QString account;
};

// Parses argv. On a usage error returns the message (and the caller exits with ExitUsage).
[[nodiscard]] Common::Result<Options> parseOptions(const QStringList& arguments, QString* helpText);

// One run of fabrikam-cli over the shared composition (Client::Context, with the CLI's way of
// opening a browser): runs one command, emits finished(code).
class Cli : public QObject
{
    Q_OBJECT

public:
    explicit Cli(Options options, QObject* parent = nullptr);
    void start();
    // Ctrl+C or SIGTERM (main.cpp): ends the run with ExitCancelled and one line naming `why`,
    // and cancels a browser step in progress (its loopback listener closes). Nothing more is
    // stored; a transfer already prepared keeps its Idempotency-Key for the next run.
    void interrupt(const QString& why);

Q_SIGNALS:
    void finished(int exitCode);

private:
    void login();
    void whoami();
    void accounts();
    void transfer();
    void statements();
    void logout();

    // Loads the saved session and refreshes it; then `next` runs, signed in.
    void withSession(std::function<void()> next);
    void submitTransfer(const Bank::TransferRequest& request);
    // exitCode: instead of the one the error's code maps to (exitcodes.h).
    void fail(const Common::Error& error, std::optional<ExitCode> exitCode = std::nullopt);
    void done(const QJsonValue& json, const QString& human);
    void note(const QString& line); // to stderr, for the person at the terminal
    void trace(const QString& event, const QVariantMap& fields = {});

    Options m_options;
    QTextStream m_out;
    QTextStream m_err;
    TraceWriter m_trace;
    Auth::ExternalBrowser m_browser; // before m_client, which opens it
    Client::Context m_client;
    // The parts this front end talks to, by their short names.
    Auth::AuthSession& m_session;
    Client::TransferCoordinator& m_transfers;
    bool m_pendingSaved = true; // the transfer in flight was noted in the pending transfers
    bool m_finished = false;
};

} // namespace Fabrikam::Cli
