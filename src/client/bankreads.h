#pragma once

#include "auth/authsession.h"
#include "bank/fabrikamapiclient.h"

#include <QObject>
#include <QStringList>
#include <QVariantMap>

#include <functional>
#include <optional>

namespace Fabrikam::Client {

// What the person is asked for in the browser before a read is sent again.
enum class StepUpKind
{
    Permission,   // RFC 6750 §3.1: one more scope (403 insufficient_scope)
    SecondFactor, // RFC 9470 §3: a recent second factor (401 insufficient_user_authentication),
                  // or a statement, which always needs one
};

// Which read a browser trip is for, so that a front end shows it where the person asked.
enum class Read
{
    Accounts,  // readAccounts, readOverview
    Statement, // readStatement
};

// The accounts page's two reads, each with its own outcome: one may fail while the other shows.
struct Overview
{
    Bank::ApiResult<QList<Bank::Account>> accounts;
    Bank::ApiResult<QList<Bank::Transfer>> transfers;

    // Neither request went out (no token, or the browser step that the API's challenge asked for
    // failed or was cancelled): both parts hold that one error (ApiError::beforeRequest).
    [[nodiscard]] bool notSent() const { return !accounts.ok() && accounts.error().beforeRequest; }
};

// The reads of the Fabrikam API, for the window and fabrikam-cli alike. Each takes its token
// from the session and follows the API's challenge through one function (send()): the step-up
// the challenge names (its scope, acr_values, max_age), then one retry; a second refusal is
// the answer. Never a loop, never a token in a signal.
class BankReads final : public QObject
{
    Q_OBJECT

public:
    template <class T> using Done = std::function<void(T)>;

    BankReads(Auth::AuthSession& session, Bank::FabrikamApiClient& api, QObject* parent = nullptr);

    // GET /accounts.
    void readAccounts(QObject* context, Done<Bank::ApiResult<QList<Bank::Account>>> done);
    // GET /accounts and GET /transfers side by side; a challenge on either is followed once and
    // both are read again with that token.
    void readOverview(QObject* context, Done<Overview> done);
    // GET /accounts/{id}/statements with an MFA-fresh token (step-up for web apps, the seed).
    void readStatement(const QString& accountId, QObject* context,
                       Done<Bank::ApiResult<Bank::Statement>> done);
    // A statement can be read without a browser trip now.
    [[nodiscard]] bool statementReady() const { return m_session.hasMfaAccessToken(); }

Q_SIGNALS:
    // A browser trip is about to start for a read (the session's urlReady follows with its link).
    void stepUpStarted(Fabrikam::Client::Read read, Fabrikam::Client::StepUpKind kind,
                       const QStringList& scopes);
    // "api.response" for every answer, as Bank::apiResponseTrace words it: never a token.
    void traced(const QString& event, const QVariantMap& fields);

private:
    enum class FirstToken
    {
        Base, // the session's base access token
        Mfa,  // an MFA-fresh one (AuthSession::mfaAccessToken)
    };
    template <class T> using Call = std::function<void(const QByteArray& token, Done<T> answered)>;

    // The one challenge-following function: `call` with the first token; when its answer carries
    // a step-up challenge, the token that challenge asks for and `call` once more.
    template <class T>
    void send(Read read, FirstToken first, QObject* context, Call<T> call, Done<T> done);
    // `answered` carries the challenge; what it already holds is kept if the retry fails.
    template <class T>
    void retryWithStepUp(Read read, FirstToken first, T answered, QObject* context, Call<T> call,
                         Done<T> done);
    // `then`, after the answer's "api.response" event.
    template <class T>
    Bank::Completion<T> tracing(const QString& request, Done<Bank::ApiResult<T>> then);
    [[nodiscard]] FirstToken firstTokenForReads() const;

    Auth::AuthSession& m_session;
    Bank::FabrikamApiClient& m_api;
    // The API asked for MFA on a plain read (e.g. a bank that wants a recent second factor for
    // balances): later reads start with the MFA-fresh token while one is in hand, so that every
    // refresh does not ask for a new code.
    bool m_readsWantMfa = false;
};

} // namespace Fabrikam::Client
