#pragma once

#include "auth/authsession.h"
#include "bank/account.h"
#include "bank/fabrikamapiclient.h"
#include "bank/pendingtransfers.h"
#include "bank/transfer.h"
#include "common/result.h"

#include <QHash>
#include <QObject>
#include <QPointer>

namespace Fabrikam::Client {

// A transfer as the person asked for it, as typed: the window's form or the command's flags.
struct TransferIntent
{
    QString from;
    QString to;
    QString amount;   // a decimal such as 12.50
    QString currency; // empty: the source account's
    QString memo;
};

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
// Every elevated token is sent with exactly one request (and, when its answer is lost, that same
// request once more) and dropped right after, whatever the outcome; a retry of the same
// TransferRequest reuses its Idempotency-Key, so the API replays the first result instead of
// moving money again.
//
// With a PendingTransfers journal, the coordinator also remembers each intent before its step-up
// and settles it only on an answer of the bank's about it (a success, or the bank's own refusal);
// anything else after a request may have reached the bank (a lost answer, a 5xx, a 401 that
// follows a lost answer) keeps the note, so the same transfer again, in this process or the
// next, reuses the key (resume()).
class TransferCoordinator : public QObject
{
    Q_OBJECT

public:
    // pending: the profile's journal of transfers with an unknown outcome; null = none kept.
    TransferCoordinator(Auth::AuthSession& session, Bank::FabrikamApiClient& api,
                        Bank::PendingTransfers* pending = nullptr, QObject* parent = nullptr);

    // The transfer the person confirms, before anything is sent.
    struct Prepared
    {
        Bank::TransferRequest request;
        // An earlier attempt of this very transfer ended without the bank's answer: this is its
        // Idempotency-Key again, so confirming cannot move the money twice.
        bool resumed = false;
        // Confirming opens the browser for the step-up (the session lacks the step-up scope).
        bool needsStepUp = false;
    };
    // The intent as a request: its amount in the source account's currency unless it names one
    // (`accounts`: the person's own, as the bank listed them), and the Idempotency-Key of an
    // earlier attempt of the same transfer (same person, accounts, amount, currency, memo) whose
    // outcome is unknown. InvalidInput, in words a person can act on, for an account that is not
    // theirs to send from, an amount that is not a positive decimal, or anything
    // Bank::TransferRequest refuses. Writes nothing; submit() notes it.
    [[nodiscard]] Common::Result<Prepared> prepare(const TransferIntent& intent,
                                                   const QList<Bank::Account>& accounts) const;

    // Notes the intent in the journal (when there is one; `prepared` tells whether the note could
    // be written), then steps up and sends.
    void submit(const Bank::TransferRequest& request, QObject* context,
                Bank::Completion<Bank::TransferReceipt> done);

    // Whether an attempt's result settles a noted intent: only a success or the bank's own
    // refusal does once a request under its key may have reached the bank (`mayHaveReachedBank`:
    // an earlier attempt left it pending); before that, anything but an unknown outcome does.
    [[nodiscard]] static bool settles(const Bank::ApiResult<Bank::TransferReceipt>& result,
                                      bool mayHaveReachedBank);
    // Whether trying the same transfer again can help: it reuses the Idempotency-Key, so it cannot
    // move money twice; pointless only when the bank or the provider said no for good (or the
    // request itself is wrong).
    [[nodiscard]] static bool worthRetrying(const Bank::ApiError& error);

    // Stops the browser step of the submissions in flight (they end with Cancelled); another
    // panel's browser trip goes on.
    void cancel();

    // Submissions in flight (distinct Idempotency-Keys).
    [[nodiscard]] qsizetype pending() const { return m_waiters.size(); }

Q_SIGNALS:
    // Before the browser trip. `resumed`: the journal held this key from an earlier attempt
    // whose outcome is unknown. `noted`: the journal has it now (false without a journal or
    // when it cannot be written: a lost answer would then not be recognised by the next run).
    void prepared(const Fabrikam::Bank::TransferRequest& request, bool resumed, bool noted);
    // A browser trip is about to start: the UI explains in one sentence why.
    void stepUpStarted(const QByteArray& idempotencyKey);
    void finished(const QByteArray& idempotencyKey, bool ok);
    // transfer.prepared (the Idempotency-Key and amount, so support staff can match a resumed
    // attempt to the first), transfer.completed and transfer.failed (Bank::apitrace.h's fields)
    // for the flow timeline. Never a token.
    void traced(const QString& event, const QVariantMap& fields);

private:
    struct Waiter
    {
        QPointer<QObject> context;
        Bank::Completion<Bank::TransferReceipt> done;
    };
    // The request again under the key of an earlier attempt whose outcome is unknown, if any.
    [[nodiscard]] std::optional<Bank::TransferRequest>
    resume(const Bank::TransferRequest& intent) const;
    // retryFor: the API's challenge that this attempt answers; nothing on the first attempt.
    void attempt(const Bank::TransferRequest& request, bool isRetry,
                 const std::optional<Auth::BearerChallenge>& retryFor);
    void complete(const QByteArray& key, Bank::ApiResult<Bank::TransferReceipt> result);
    [[nodiscard]] QByteArray fingerprint(const Bank::TransferRequest& request) const;
    // The key noted for a fingerprint: in the journal, or in memory when it could not be saved.
    [[nodiscard]] std::optional<QByteArray> pendingKey(const QByteArray& print) const;

    Auth::AuthSession& m_session;
    Bank::FabrikamApiClient& m_api;
    struct Note
    {
        QByteArray fingerprint;
        bool earlierAttemptPending = false; // the journal held this key before this attempt
    };

    Bank::PendingTransfers* m_pending;
    QHash<QByteArray, QList<Waiter>> m_waiters;
    QHash<QByteArray, Note> m_notes; // by Idempotency-Key, while in flight
    // Notes the journal could not write (fingerprint -> key): kept for this process at least.
    QHash<QByteArray, QByteArray> m_unsaved;
};

} // namespace Fabrikam::Client
