#include "bank/transfercoordinator.h"

#include <QLoggingCategory>

namespace Fabrikam::Bank {

Q_LOGGING_CATEGORY(lcTransfer, "fabrikam.bank.transfer")

TransferCoordinator::TransferCoordinator(Auth::AuthSession& session, FabrikamApiClient& api,
                                         QObject* parent)
    : QObject(parent)
    , m_session(session)
    , m_api(api)
{}

void TransferCoordinator::submit(const TransferRequest& request, QObject* context,
                                 FabrikamApiClient::Callback<TransferReceipt> done)
{
    const QByteArray key = request.idempotencyKey();
    const bool inFlight = m_waiters.contains(key);
    m_waiters[key].append(Waiter{context, std::move(done)});
    if (inFlight) {
        // A double click, or the UI and a retry racing: one browser trip, one POST.
        qCDebug(lcTransfer) << "joined the transfer in flight" << key;
        return;
    }
    attempt(request, false, std::nullopt);
}

void TransferCoordinator::attempt(const TransferRequest& request, bool isRetry,
                                  const std::optional<Auth::BearerChallenge>& retryFor)
{
    const QByteArray key = request.idempotencyKey();
    Q_EMIT stepUpStarted(key);
    const auto send = [this, request, key, isRetry](Common::Result<Auth::TokenSet> elevated) {
        if (!elevated.ok()) {
            ApiError error;
            static_cast<Common::Error&>(error) = elevated.error();
            complete(key, ApiResult<TransferReceipt>(std::move(error)));
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

void TransferCoordinator::complete(const QByteArray& key, const ApiResult<TransferReceipt>& result)
{
    const QList<Waiter> waiters = m_waiters.take(key);
    Q_EMIT finished(key, result.ok());
    for (const Waiter& w : waiters) {
        if (w.context) {
            // Each waiter's completion runs on the event loop, in its context.
            QMetaObject::invokeMethod(
                w.context.data(), [done = w.done, result] { done(result); }, Qt::QueuedConnection);
        }
    }
}

} // namespace Fabrikam::Bank
