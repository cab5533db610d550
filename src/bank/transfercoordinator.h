#pragma once

#include "auth/authsession.h"
#include "bank/fabrikamapiclient.h"
#include "bank/transfer.h"

#include <QHash>
#include <QObject>
#include <QPointer>

namespace Fabrikam::Bank {

// Moves money the way the seed's "Step-up Authentication for APIs" describes, and nothing twice:
//
//   caller            TransferCoordinator          AuthSession (browser)       Fabrikam API
//     | submit(req) ------>| stepUp(transfer:funds) ---->| MFA in the browser      |
//     | submit(req) ------>| (same key: joins, no 2nd trip)                        |
//     |                    |<-- elevated token (memory only) -|                    |
//     |                    | POST /transfers + Idempotency-Key (token moved, wiped) ->|
//     |                    |<-- 401/403 challenge (RFC 9470 / RFC 6750) -------------|
//     |                    | stepUp(challenge: scope, acr_values, max_age) ->|        |
//     |                    | one retry with the SAME key ---------------------------->|
//     |                    |   (a second challenge is reported, not looped)          |
//     |<-- receipt --------|<-- 201 (or the first result again: replayed) ----------|
//
// Every elevated token is sent with exactly one request and dropped right after, whatever the
// outcome; a retry of the same TransferRequest reuses its Idempotency-Key, so the API replays the
// first result instead of moving money again.
class TransferCoordinator : public QObject
{
    Q_OBJECT

public:
    TransferCoordinator(Auth::AuthSession& session, FabrikamApiClient& api,
                        QObject* parent = nullptr);

    void submit(const TransferRequest& request, QObject* context,
                FabrikamApiClient::Callback<TransferReceipt> done);

    // Submissions in flight (distinct Idempotency-Keys).
    [[nodiscard]] qsizetype pending() const { return m_waiters.size(); }

Q_SIGNALS:
    // A browser trip is about to start: the UI explains in one sentence why.
    void stepUpStarted(const QByteArray& idempotencyKey);
    void finished(const QByteArray& idempotencyKey, bool ok);

private:
    struct Waiter
    {
        QPointer<QObject> context;
        FabrikamApiClient::Callback<TransferReceipt> done;
    };
    // retryFor: the API's challenge that this attempt answers; nothing on the first attempt.
    void attempt(const TransferRequest& request, bool isRetry,
                 const std::optional<Auth::BearerChallenge>& retryFor);
    void complete(const QByteArray& key, const ApiResult<TransferReceipt>& result);

    Auth::AuthSession& m_session;
    FabrikamApiClient& m_api;
    QHash<QByteArray, QList<Waiter>> m_waiters;
};

} // namespace Fabrikam::Bank
