#include "client/bankreads.h"

#include "bank/apitrace.h"
#include "bank/errors.h"

#include <memory>
#include <type_traits>

namespace Fabrikam::Client {

using Bank::ApiError;
using Bank::ApiResult;

namespace {

// The step-up challenge an answer carries, if any (DESIGN.md, "Challenge-driven step-up").
template <class T> const ApiError* stepUpAsked(const ApiResult<T>& answer)
{
    return !answer.ok() && answer.error().needsStepUp() && answer.error().challenge
               ? &answer.error()
               : nullptr;
}

const ApiError* stepUpAsked(const Overview& overview)
{
    const ApiError* accounts = stepUpAsked(overview.accounts);
    return accounts ? accounts : stepUpAsked(overview.transfers);
}

// The answer when no request went out: no token, or the browser step failed or was cancelled.
template <class T> ApiResult<T> notSent(std::type_identity<ApiResult<T>>, const Common::Error& why)
{
    return ApiResult<T>(ApiError(why));
}

Overview notSent(std::type_identity<Overview>, const Common::Error& why)
{
    return Overview{ApiResult<QList<Bank::Account>>(ApiError(why)),
                    ApiResult<QList<Bank::Transfer>>(ApiError(why))};
}

// After a step-up's retry of the overview: a part the first attempt already had is not lost when
// the retry (or the browser step before it) failed.
void keepAnswered(const Overview& first, Overview& retried)
{
    if (!retried.accounts.ok() && first.accounts.ok()) {
        retried.accounts = first.accounts;
    }
    if (!retried.transfers.ok() && first.transfers.ok()) {
        retried.transfers = first.transfers;
    }
}

} // namespace

BankReads::BankReads(Auth::AuthSession& session, Bank::FabrikamApiClient& api, QObject* parent)
    : QObject(parent)
    , m_session(session)
    , m_api(api)
{}

void BankReads::readAccounts(QObject* context, Done<ApiResult<QList<Bank::Account>>> done)
{
    using Answer = ApiResult<QList<Bank::Account>>;
    const Call<Answer> call = [this, context](const QByteArray& token, Done<Answer> answered) {
        m_api.accounts(token, context, tracing(QStringLiteral("GET /accounts"), answered));
    };
    send(Read::Accounts, firstTokenForReads(), context, call, std::move(done));
}

void BankReads::readOverview(QObject* context, Done<Overview> done)
{
    const Call<Overview> call = [this, context](const QByteArray& token, Done<Overview> answered) {
        // The overview is whole once both answers are in, in whichever order they come.
        struct Parts
        {
            std::optional<ApiResult<QList<Bank::Account>>> accounts;
            std::optional<ApiResult<QList<Bank::Transfer>>> transfers;
        };
        auto parts = std::make_shared<Parts>();
        const auto whole = [parts, answered] {
            if (parts->accounts && parts->transfers) {
                answered(Overview{std::move(*parts->accounts), std::move(*parts->transfers)});
            }
        };
        m_api.accounts(token, context,
                       tracing<QList<Bank::Account>>(QStringLiteral("GET /accounts"),
                                                     [parts, whole](auto answer) {
                                                         parts->accounts.emplace(std::move(answer));
                                                         whole();
                                                     }));
        m_api.transfers(token, context,
                        tracing<QList<Bank::Transfer>>(
                            QStringLiteral("GET /transfers"), [parts, whole](auto answer) {
                                parts->transfers.emplace(std::move(answer));
                                whole();
                            }));
    };
    send(Read::Accounts, firstTokenForReads(), context, call, std::move(done));
}

void BankReads::readStatement(const QString& accountId, QObject* context,
                              Done<ApiResult<Bank::Statement>> done)
{
    using Answer = ApiResult<Bank::Statement>;
    if (!statementReady()) {
        Q_EMIT stepUpStarted(Read::Statement, StepUpKind::SecondFactor, {});
    }
    const Call<Answer> call = [this, accountId, context](const QByteArray& token,
                                                         Done<Answer> answered) {
        m_api.statements(token, accountId, context,
                         tracing(QStringLiteral("GET /accounts/{id}/statements"), answered));
    };
    send(Read::Statement, FirstToken::Mfa, context, call, std::move(done));
}

template <class T>
Bank::Completion<T> BankReads::tracing(const QString& request, Done<ApiResult<T>> then)
{
    return [this, request, then = std::move(then)](ApiResult<T> answer) {
        Q_EMIT traced(QStringLiteral("api.response"),
                      Bank::apiResponseTrace(request, answer.ok() ? nullptr : &answer.error()));
        then(std::move(answer));
    };
}

template <class T>
void BankReads::send(Read read, FirstToken first, QObject* context, Call<T> call, Done<T> done)
{
    auto sendWith = [this, read, first, context, call, done](Common::Result<QByteArray> token) {
        if (!token.ok()) {
            done(notSent(std::type_identity<T>(), token.error()));
            return;
        }
        call(token.value(), [this, read, first, context, call, done](T answer) {
            // The API has the last word: one step-up as its challenge says, one retry.
            if (stepUpAsked(answer)) {
                retryWithStepUp(read, first, std::move(answer), context, call, done);
                return;
            }
            done(std::move(answer));
        });
    };
    if (first == FirstToken::Mfa) {
        m_session.mfaAccessToken(std::nullopt, context, std::move(sendWith));
    } else {
        m_session.accessToken(context, std::move(sendWith));
    }
}

template <class T>
void BankReads::retryWithStepUp(Read read, FirstToken first, T answered, QObject* context,
                                Call<T> call, Done<T> done)
{
    const ApiError challenged = *stepUpAsked(answered);
    Done<T> finish = done;
    if constexpr (std::is_same_v<T, Overview>) {
        // What the overview's first attempt answered stays, whatever the retry's fate.
        finish = [done, first = std::make_shared<Overview>(std::move(answered))](Overview retried) {
            keepAnswered(*first, retried);
            done(std::move(retried));
        };
    }
    // A second refusal is the answer: never a loop.
    auto retry = [call, finish](Common::Result<QByteArray> token) {
        if (!token.ok()) {
            finish(notSent(std::type_identity<T>(), token.error()));
            return;
        }
        call(token.value(), finish);
    };
    const Auth::BearerChallenge& challenge = *challenged.challenge;
    const bool secondFactor = challenged.code == Bank::Errc::InsufficientUserAuthentication;
    if (secondFactor || first == FirstToken::Mfa) {
        // RFC 9470 §3: a verification with the challenge's acr_values and max_age (and a scope it
        // names on top of the base ones).
        if (secondFactor && first == FirstToken::Base) {
            m_readsWantMfa = true;
        }
        Q_EMIT stepUpStarted(read, StepUpKind::SecondFactor, challenge.scope);
        m_session.mfaAccessToken(challenge, context, std::move(retry));
        return;
    }
    // RFC 6750 §3.1: one more authorization for the scope the API names.
    Q_EMIT stepUpStarted(read, StepUpKind::Permission, challenge.scope);
    m_session.challengedAccessToken(challenge, context, std::move(retry));
}

BankReads::FirstToken BankReads::firstTokenForReads() const
{
    return m_readsWantMfa && m_session.hasMfaAccessToken() ? FirstToken::Mfa : FirstToken::Base;
}
} // namespace Fabrikam::Client
