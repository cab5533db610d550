#include "client/transfercoordinator.h"

#include "auth/errors.h"
#include "bank/apitrace.h"
#include "bank/errors.h"

#include <QLoggingCategory>

#include <algorithm>

namespace Fabrikam::Client {

using Bank::ApiError;
using Bank::ApiResult;
using Bank::FabrikamApiClient;
using Bank::PendingTransfers;
using Bank::TransferReceipt;
using Bank::TransferRequest;

Q_LOGGING_CATEGORY(lcTransfer, "fabrikam.client.transfer")

TransferCoordinator::TransferCoordinator(Auth::AuthSession& session, FabrikamApiClient& api,
                                         PendingTransfers* pending, QObject* parent)
    : QObject(parent)
    , m_session(session)
    , m_api(api)
    , m_pending(pending)
{}

QByteArray TransferCoordinator::fingerprint(const TransferRequest& request) const
{
    const Auth::SessionSettings& settings = m_session.settings();
    return PendingTransfers::fingerprint(settings.issuer, settings.clientId, m_session.subject(),
                                         request);
}

std::optional<QByteArray> TransferCoordinator::pendingKey(const QByteArray& print) const
{
    if (const auto key = m_pending->keyFor(print)) {
        return key;
    }
    if (const auto unsaved = m_unsaved.constFind(print); unsaved != m_unsaved.cend()) {
        return *unsaved;
    }
    return std::nullopt;
}

std::optional<TransferRequest> TransferCoordinator::resume(const TransferRequest& intent) const
{
    if (m_pending) {
        if (const auto key = pendingKey(fingerprint(intent))) {
            if (auto again = intent.withIdempotencyKey(*key); again.ok()) {
                return std::move(again).value();
            }
        }
    }
    return std::nullopt;
}

Common::Result<TransferCoordinator::Prepared>
TransferCoordinator::prepare(const TransferIntent& intent,
                             const QList<Bank::Account>& accounts) const
{
    using Result = Common::Result<Prepared>;
    const auto invalid = [](const QString& message) {
        return Result(Common::Error{Common::Errc::InvalidInput, message});
    };
    const auto source = std::find_if(accounts.cbegin(), accounts.cend(),
                                     [&](const Bank::Account& a) { return a.id == intent.from; });
    if (source == accounts.cend()) {
        QStringList yours;
        for (const Bank::Account& a : accounts) {
            yours << a.id;
        }
        return invalid(yours.isEmpty()
                           ? tr("You have no account \"%1\" to send from.").arg(intent.from)
                           : tr("You have no account \"%1\" to send from. Yours are: %2.")
                                 .arg(intent.from, yours.join(u", ")));
    }
    const QString amountText = intent.amount.trimmed();
    if (amountText.isEmpty()) {
        return invalid(tr("Enter the amount to transfer."));
    }
    const auto amount = Bank::Money::parse(
        amountText, intent.currency.isEmpty() ? source->balance.currency() : intent.currency);
    if (!amount.ok()) {
        return Result(amount.error());
    }
    auto request = TransferRequest::create(intent.from, intent.to.trimmed(), amount.value(),
                                           intent.memo.trimmed());
    if (!request.ok()) {
        return Result(request.error());
    }
    const auto again = resume(request.value());
    return Result(Prepared{again.value_or(request.value()), again.has_value(),
                           !m_session.hasScope(m_session.settings().stepUpScope)});
}

void TransferCoordinator::cancel()
{
    m_session.cancel(this);
}

bool TransferCoordinator::settles(const ApiResult<TransferReceipt>& result, bool mayHaveReachedBank)
{
    if (result.ok()) {
        return true;
    }
    const ApiError& error = result.error();
    if (error.outcomeUnknown) {
        return false;
    }
    // A cancelled step-up, a 401 or a 503 now says nothing about what an earlier attempt did.
    return !mayHaveReachedBank || error.isDefiniteRefusal();
}

bool TransferCoordinator::worthRetrying(const ApiError& error)
{
    using Common::ErrorCode;
    return error.outcomeUnknown || (error.code != Bank::Errc::ApiRejected &&
                                    error.code != Auth::Errc::AuthorizationDenied &&
                                    error.code != Common::Errc::InvalidInput);
}

void TransferCoordinator::submit(const TransferRequest& request, QObject* context,
                                 Bank::Completion<TransferReceipt> done)
{
    const QByteArray key = request.idempotencyKey();
    const bool inFlight = m_waiters.contains(key);
    if (inFlight) {
        // A double click, or the UI and a retry racing: one browser trip, one POST.
        qCDebug(lcTransfer) << "joined the transfer in flight" << key;
        m_waiters[key].append(Waiter{context, std::move(done)});
        return;
    }
    bool noted = false;
    Note note;
    if (m_pending) {
        // Noted before the browser step: if the process dies or the answer is lost from here
        // on, the same transfer again reuses this Idempotency-Key.
        note.fingerprint = fingerprint(request);
        note.earlierAttemptPending = pendingKey(note.fingerprint) == key;
        noted = m_pending->remember(note.fingerprint, key);
        if (!noted) {
            // At least this process still knows it: Retry and the same transfer again reuse it.
            m_unsaved.insert(note.fingerprint, key);
        }
        m_notes.insert(key, note);
    }
    m_waiters[key].append(Waiter{context, std::move(done)});
    Q_EMIT prepared(request, note.earlierAttemptPending, noted);
    Q_EMIT traced(QStringLiteral("transfer.prepared"),
                  {{QStringLiteral("idempotency_key"), QString::fromLatin1(key)},
                   {QStringLiteral("resumed"), note.earlierAttemptPending},
                   {QStringLiteral("pending_saved"), noted},
                   {QStringLiteral("amount"), request.amount().toDecimalString()},
                   {QStringLiteral("currency"), request.amount().currency()}});
    attempt(request, false, std::nullopt);
}

void TransferCoordinator::attempt(const TransferRequest& request, bool isRetry,
                                  const std::optional<Auth::BearerChallenge>& retryFor)
{
    const QByteArray key = request.idempotencyKey();
    Q_EMIT stepUpStarted(key);
    const auto send = [this, request, key, isRetry](Common::Result<Auth::TokenSet> elevated) {
        if (!elevated.ok()) {
            complete(key, ApiResult<TransferReceipt>(ApiError(elevated.error())));
            return;
        }
        // Moved out of the TokenSet and into the one request: no copy stays behind here.
        QByteArray token = std::move(elevated).value().accessToken;
        m_api.submitTransfer(std::move(token), request, this,
                             [this, request, key, isRetry](ApiResult<TransferReceipt> receipt) {
                                 // The API has the last word (DESIGN.md, "Challenge-driven
                                 // step-up"): one more step-up as its challenge says, and one retry
                                 // with the same Idempotency-Key.
                                 if (!receipt.ok() && receipt.error().needsStepUp() && !isRetry) {
                                     attempt(request, true, receipt.error().challenge);
                                     return;
                                 }
                                 complete(key, receipt);
                             });
    };
    // A retry's step-up asks for what the API's challenge named (scope, acr_values, max_age), not
    // for the same fixed request again.
    m_session.stepUp(retryFor, this, send);
}

void TransferCoordinator::complete(const QByteArray& key, ApiResult<TransferReceipt> result)
{
    // Settled here, whoever still waits: a closed dialog must not leave a finished transfer
    // pending (the same transfer made on purpose later would be taken for this one).
    if (const auto note = m_notes.take(key); m_pending && !note.fingerprint.isEmpty()) {
        if (settles(result, note.earlierAttemptPending)) {
            m_pending->forget(note.fingerprint, key);
            m_unsaved.remove(note.fingerprint);
        } else if (!result.ok() && note.earlierAttemptPending) {
            // This attempt failed without a word about the earlier one (a cancelled step-up, a
            // 401, a 503): what the person must know is still that it may have been made.
            ApiError error = result.error();
            error.outcomeUnknown = true;
            result = ApiResult<TransferReceipt>(std::move(error));
        }
    }
    const QList<Waiter> waiters = m_waiters.take(key);
    if (result.ok()) {
        Q_EMIT traced(QStringLiteral("transfer.completed"),
                      Bank::transferCompletedTrace(result.value()));
    } else {
        Q_EMIT traced(QStringLiteral("transfer.failed"), Bank::transferFailedTrace(result.error()));
    }
    Q_EMIT finished(key, result.ok());
    for (const Waiter& w : waiters) {
        if (w.context) {
            // Each waiter's completion runs on the event loop, in its context.
            Common::deliverLater(w.context.data(), w.done, result);
        }
    }
}

} // namespace Fabrikam::Client
