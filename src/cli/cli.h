#pragma once

#include "auth/authsession.h"
#include "auth/useragent.h"
#include "bank/profile.h"
#include "cli/exitcodes.h"
#include "cli/trace.h"
#include "client/context.h"

#include <QCommandLineParser>
#include <QObject>
#include <QTextStream>

#include <memory>
#include <optional>

namespace Fabrikam::Cli {

struct Options
{
    QString command;
    Bank::Profile profile;
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
    // GET /accounts; on the API's 403 insufficient_scope (RFC 6750 §3.1) or 401
    // insufficient_user_authentication (RFC 9470 §3) the matching step-up with what the challenge
    // names, then one retry. `next` runs with the accounts; any other end is fail().
    void fetchAccounts(const QByteArray& token, bool retried,
                       std::function<void(const QList<Bank::Account>& accounts)> next);
    void transfer();
    void statements();
    void logout();

    // Loads the saved session and refreshes it; then `next` runs with a fresh base access token.
    void withSession(std::function<void(const QByteArray& accessToken)> next);
    void submitTransfer(const Bank::TransferRequest& request);
    // The token for a read's one retry after the API's challenge: one more authorization for the
    // scope it names, or a verification with its acr_values and max_age. Errors go to fail().
    void followChallenge(const Bank::ApiError& error,
                         std::function<void(const QByteArray& accessToken)> retry);
    // challenge: the API's RFC 9470 challenge on the retry (its acr_values and max_age).
    void fetchStatements(const std::optional<Auth::BearerChallenge>& challenge, bool retried);

    // exitCode: instead of the one the error's code maps to (exitcodes.h).
    void fail(const Common::Error& error, std::optional<ExitCode> exitCode = std::nullopt);
    void done(const QJsonValue& json, const QString& human);
    void note(const QString& line); // to stderr, for the person at the terminal
    void trace(const QString& event, const QVariantMap& fields = {});
    void traceApi(const QString& request, const Bank::ApiError* error);

    Options m_options;
    QTextStream m_out;
    QTextStream m_err;
    TraceWriter m_trace;
    Auth::ExternalBrowser m_browser; // before m_client, which opens it
    Client::Context m_client;
    // The parts this front end talks to, by their short names.
    Auth::AuthSession& m_session;
    Bank::FabrikamApiClient& m_api;
    Bank::TransferCoordinator& m_transfers;
    bool m_pendingSaved = true; // the transfer in flight was noted in the pending transfers
    bool m_finished = false;
};

} // namespace Fabrikam::Cli
