#pragma once

#include "bank/transfer.h"
#include "common/clock.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace Fabrikam::Bank {

// Transfers whose outcome the client did not learn: the answer timed out or the connection broke
// (ApiError::outcomeUnknown), or the process died after the step-up (killed, closed terminal,
// crashed app). A new process would draw a new Idempotency-Key for the same transfer and could
// move the money a second time. Before the step-up the CLI and the app write the intent's
// fingerprint and key here; a definite answer removes it; the same transfer again (same profile,
// user, accounts, amount, currency and memo, within kMaxAge) reuses the key, and the API replays
// the first result instead of moving money twice.
//
// One small JSON file per profile in the app's data folder, written atomically. It holds no
// secret: an Idempotency-Key only names an intent (the API ties it to the user's token), and the
// fingerprint is a SHA-256.
class PendingTransfers
{
public:
    // After a day the intent is considered settled: the same command is a new transfer again.
    static constexpr qint64 kMaxAgeSeconds = 24 * 60 * 60;

    // directory: empty = <AppLocalDataLocation>/pending-transfers.
    PendingTransfers(const QString& profileName, const Common::Clock& clock,
                     QString directory = {});

    // SHA-256 (hex) over who sends what to where.
    [[nodiscard]] static QByteArray fingerprint(const QString& issuer, const QString& clientId,
                                                const QString& subject,
                                                const TransferRequest& request);

    [[nodiscard]] std::optional<QByteArray> keyFor(const QByteArray& fingerprint) const;
    // False when the file cannot be written (the caller says the retry will not be recognised).
    [[nodiscard]] bool remember(const QByteArray& fingerprint, const QByteArray& key);
    // Removes the note only while it still holds `key` (another attempt may have noted a newer one).
    void forget(const QByteArray& fingerprint, const QByteArray& key);

    [[nodiscard]] const QString& filePath() const { return m_path; }

private:
    [[nodiscard]] QJsonObject load() const; // without entries older than kMaxAgeSeconds
    [[nodiscard]] bool save(const QJsonObject& entries) const;

    const Common::Clock& m_clock;
    QString m_path;
};

} // namespace Fabrikam::Bank
