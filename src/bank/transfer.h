#pragma once

#include "bank/money.h"
#include "common/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace Fabrikam::Bank {

// One intent to move money (STYLE.md rule 1: the factory owns the randomness). create() draws the
// Idempotency-Key, a random UUID, once; the caller keeps this object for the whole intent and
// sends the same one again on a retry (after a timeout, or after a step-up answered a challenge),
// so the API recognises the retry and money cannot move twice. A new transfer is a new create().
class TransferRequest
{
public:
    // Limits the API enforces too (checked here so the user hears about them before a step-up).
    static constexpr qsizetype kMaxMemoLength = 140; // code points

    // Checks: account ids (1-64 of [A-Za-z0-9._-]), different accounts, a positive amount, a memo
    // of at most 140 characters without control or bidi-override characters. InvalidInput.
    [[nodiscard]] static Common::Result<TransferRequest> create(QString from, QString to,
                                                                Money amount, QString memo = {});

    [[nodiscard]] const QString& from() const { return m_from; }
    [[nodiscard]] const QString& to() const { return m_to; }
    [[nodiscard]] const Money& amount() const { return m_amount; }
    [[nodiscard]] const QString& memo() const { return m_memo; }
    // Printable ASCII (a UUID without braces), the value of the Idempotency-Key header.
    [[nodiscard]] const QByteArray& idempotencyKey() const { return m_idempotencyKey; }

    // The same intent under an Idempotency-Key drawn earlier, by a process that did not learn the
    // outcome (the CLI's pending transfers): the API then replays the first result instead of
    // moving money again. Keys are 1-255 of [A-Za-z0-9._-] (a UUID from create()); InvalidInput.
    [[nodiscard]] Common::Result<TransferRequest> withIdempotencyKey(QByteArray key) const;

    // The POST /transfers body: {"from","to","amount":"12.50","currency","memo"}.
    [[nodiscard]] QByteArray toJson() const;

private:
    TransferRequest() = default;

    QString m_from;
    QString m_to;
    Money m_amount;
    QString m_memo;
    QByteArray m_idempotencyKey;
};

// A transfer as the API reports it (POST /transfers, GET /transfers).
struct Transfer
{
    QString id;
    QString from;
    QString to;
    Money amount; // always positive
    QString memo;
    QString status; // "completed"
    QDateTime createdAt;
    QString direction; // GET /transfers only: "incoming", "outgoing" or "internal"; else empty
};

// The answer to POST /transfers. `replayed` is true when the API recognised the Idempotency-Key of
// an earlier success (Idempotent-Replayed: true): the transfer happened once, earlier, and no money
// moved now.
struct TransferReceipt
{
    Transfer transfer;
    bool replayed = false;
    bool sentAgain = false; // the first answer was lost and the same request went once more
};

// The ids the API accepts, also used before putting an id into a URL path ("." and ".." refused).
[[nodiscard]] bool isValidAccountId(QStringView id);

} // namespace Fabrikam::Bank
