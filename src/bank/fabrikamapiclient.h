#pragma once

#include "bank/account.h"
#include "bank/apierror.h"
#include "bank/statement.h"
#include "bank/transfer.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace Fabrikam::Bank {

// The Fabrikam API (sandbox/README.md): a stateless service doing the I/O (AppAuth's style). It
// holds no token: each call takes the one to use, and the caller (the session, the step-up
// coordinator) decides which.
//
//   caller                      FabrikamApiClient                      Fabrikam API
//     | accounts(token, ctx, cb) -->|  GET /accounts, Bearer, timeout  -->|
//     |                             |<-- 200 {accounts:[…]} ---------------|
//     |<-- cb(ApiResult) (queued) --|  parse strictly                     |
//     | submitTransfer(elevated,  -->|  POST /transfers, Idempotency-Key -->|
//     |   request, ctx, cb)          |  wipe our copy of the token        |
//     |                             |<-- 201 / 401 / 403 / 422 / 503 -------|
//     |<-- cb(receipt or ApiError) --|  challenge -> ApiError::challenge    |
//
// The house convention (common/async.h, Bank::Completion): `done` runs exactly once, always from
// the event loop, and not at all when `context` (required, non-null) or this client was destroyed
// first (its requests are aborted). Every request
// has a transfer timeout (15 s unless setTransferTimeout), for silence and for the whole answer.
// Redirects are not followed (a bearer token must not travel anywhere else). Tokens never reach a
// log: only Common::redact() forms.
class FabrikamApiClient : public QObject
{
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds kDefaultTimeout{15000};

    // apiBaseUrl: e.g. http://127.0.0.1:8701 or https://api.fabrikam.example/v1 (paths append).
    FabrikamApiClient(QNetworkAccessManager& network, QUrl apiBaseUrl, QObject* parent = nullptr);
    ~FabrikamApiClient() override;

    [[nodiscard]] const QUrl& apiBaseUrl() const { return m_baseUrl; }
    [[nodiscard]] std::chrono::milliseconds transferTimeout() const { return m_timeout; }
    void setTransferTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }

    // GET /accounts (read:accounts).
    void accounts(const QByteArray& accessToken, QObject* context, Completion<QList<Account>> done);
    // GET /accounts/{id}/statements (read:accounts + MFA within 600 s: else
    // InsufficientUserAuthentication with the RFC 9470 challenge).
    void statements(const QByteArray& accessToken, const QString& accountId, QObject* context,
                    Completion<Statement> done);
    // GET /transfers (read:accounts), newest first.
    void transfers(const QByteArray& accessToken, QObject* context,
                   Completion<QList<Transfer>> done);

    // POST /transfers with the request's Idempotency-Key. The elevated token is taken by value
    // (move it in: `submitTransfer(std::move(token), ...)`) and held until the last answer for
    // it arrived, then overwritten with zeros. When the connection breaks before a complete
    // answer, the same request (same token, key and body) is sent once more: the API answers such
    // an exact retry from its record, so the money moves once and the person is not asked for a
    // second factor again. Qt's own silent re-sending is off for this request (oneshotbody.h),
    // and each send has a connection of its own, never reused (the shared manager's proxy).
    // Limits: the wipe reaches this buffer only — a copy the caller kept (then the buffer was
    // shared and the wipe detaches first) and the "Authorization" header value that
    // QNetworkRequest and Qt's HTTP stack hold until the reply is deleted are out of reach; the
    // reply is deleted as soon as it finishes. The API consumes the token on any request that
    // reaches the ledger: after a timeout, a 5xx or a second lost answer the caller needs a new
    // step-up to retry, with the SAME TransferRequest (ApiError::outcomeUnknown tells when that
    // matters).
    void submitTransfer(QByteArray elevatedToken, const TransferRequest& request, QObject* context,
                        Completion<TransferReceipt> done);

private:
    using Finished = std::function<void(const HttpAnswer&)>;

    struct HeldToken;
    // One POST /transfers; `lost` is the first answer when this is the exact retry after it.
    void postTransfer(std::shared_ptr<HeldToken> token, const TransferRequest& transfer,
                      std::optional<HttpAnswer> lost, QObject* context,
                      Completion<TransferReceipt> done);

    [[nodiscard]] QUrl endpoint(const QString& path) const;
    [[nodiscard]] QNetworkRequest request(const QUrl& url, const QByteArray& token) const;
    // Starts the request and watches it; `finished` runs once, on the event loop, if `context`
    // is still alive. The returned reply is already owned by the watcher.
    void watch(QNetworkReply* reply, QObject* context, Finished finished);
    template <class T>
    void get(const QString& path, const QByteArray& token, QObject* context, Completion<T> done,
             Common::Result<T> (*parse)(const QByteArray&));
    // An error found before any request: delivered on the event loop like any other.

    QNetworkAccessManager& m_network;
    const QUrl m_baseUrl;
    std::chrono::milliseconds m_timeout = kDefaultTimeout;
    QList<QPointer<QNetworkReply>> m_pending;
};

} // namespace Fabrikam::Bank
