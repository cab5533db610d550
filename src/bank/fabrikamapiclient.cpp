#include "bank/fabrikamapiclient.h"

#include "bank/errors.h"
#include "bank/oneshotbody.h"
#include "bank/parsers.h"
#include "common/async.h"
#include "common/redact.h"
#include "common/secret.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QMetaObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

#include <algorithm>
#include <memory>

namespace Fabrikam::Bank {

// Debug lines (method, path, status, redacted token) are off unless the category is enabled.
Q_LOGGING_CATEGORY(lcApi, "fabrikam.bank.api", QtInfoMsg)

using Common::Error;
using Common::ErrorCode;
using Common::Result;
using namespace Qt::StringLiterals;

namespace {

// RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=".
// Checked before the token goes into a header, so nothing can smuggle a CR/LF into the request.
bool isB64Token(const QByteArray& token)
{
    if (token.isEmpty() || token.size() > 16 * 1024) {
        return false;
    }
    qsizetype end = token.size();
    while (end > 1 && token[end - 1] == '=') {
        --end;
    }
    return std::all_of(token.begin(), token.begin() + end, [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    });
}

ApiError invalidInput(const char* message, QString detail)
{
    ApiError error;
    error.code = Common::Errc::InvalidInput;
    error.message = QCoreApplication::translate("Fabrikam::Bank::Api", message);
    error.detail = std::move(detail);
    return error;
}

const char* const kNoToken =
    QT_TRANSLATE_NOOP("Fabrikam::Bank::Api", "You are not signed in. Please sign in again.");

// A confirmation is for the transfer that was sent: same accounts, amount and memo.
bool confirms(const Transfer& done, const TransferRequest& sent)
{
    return done.from == sent.from() && done.to == sent.to() && done.amount == sent.amount() &&
           done.memo == sent.memo();
}

// The connection broke after it was made: the request may have reached the API. ContentReSendError
// is Qt wanting to send it again after such a break (OneShotBody refuses; see oneshotbody.h).
bool isConnectionLoss(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::ContentReSendError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::UnknownNetworkError:
        return true;
    default:
        return false;
    }
}

// The watcher's view of one reply; shared by its connections.
struct ReplyState
{
    bool oversized = false;
    bool abortedByUs = false;
};

} // namespace

// The elevated token for one transfer, held until its last answer arrived (a lost answer sends
// the same request once more) and overwritten when the last holder lets go: the reply's
// finished handler, or the client aborting it.
struct FabrikamApiClient::HeldToken
{
    QByteArray bytes;
    explicit HeldToken(QByteArray token)
        : bytes(std::move(token))
    {}
    HeldToken(const HeldToken&) = delete;
    HeldToken& operator=(const HeldToken&) = delete;
    ~HeldToken() { Common::wipe(bytes); }
};

FabrikamApiClient::FabrikamApiClient(QNetworkAccessManager& network, QUrl apiBaseUrl,
                                     QObject* parent)
    : QObject(parent)
    , m_network(network)
    , m_baseUrl(std::move(apiBaseUrl))
{}

FabrikamApiClient::~FabrikamApiClient()
{
    // Abort what is still running without calling anyone back: the contexts may be alive, but
    // this client's promise ends with it (documented in the header).
    for (const QPointer<QNetworkReply>& reply : std::as_const(m_pending)) {
        if (reply) {
            disconnect(reply, nullptr, this, nullptr);
            reply->abort();
            reply->deleteLater();
        }
    }
}

QUrl FabrikamApiClient::endpoint(const QString& path) const
{
    QUrl url = m_baseUrl;
    QString base = url.path();
    while (base.endsWith(u'/')) {
        base.chop(1);
    }
    url.setPath(base + path);
    return url;
}

QNetworkRequest FabrikamApiClient::request(const QUrl& url, const QByteArray& token) const
{
    QNetworkRequest req(url);
    // RFC 6750 §2.1: the token in the Authorization header only, never in the URL or a body.
    req.setRawHeader("Authorization", "Bearer " + token);
    req.setRawHeader("Accept", "application/json, application/problem+json");
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                     QNetworkRequest::ManualRedirectPolicy);
    req.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                     QNetworkRequest::AlwaysNetwork); // balances are never served from a cache
    req.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    req.setTransferTimeout(static_cast<int>(m_timeout.count()));
    return req;
}

void FabrikamApiClient::watch(QNetworkReply* reply, QObject* context, Finished finished)
{
    m_pending.append(reply);
    auto state = std::make_shared<ReplyState>();

    // The transfer timeout fires only on silence: an API that sends a byte now and then would hold
    // the call for ever. This bounds the whole answer; it ends like silence does (a timeout, and
    // for a POST an unknown outcome).
    auto* deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, reply, [reply] { reply->abort(); });
    deadline->start(m_timeout);

    // Bounded answers: stop reading past kMaxResponseSize (the declared size or the bytes so far).
    connect(reply, &QNetworkReply::downloadProgress, this,
            [reply, state](qint64 received, qint64 total) {
                if (!state->oversized &&
                    (received > kMaxResponseSize || total > kMaxResponseSize)) {
                    state->oversized = true;
                    state->abortedByUs = true;
                    reply->abort();
                }
            });

    connect(reply, &QNetworkReply::finished, this,
            [this, reply, state, context = QPointer<QObject>(context),
             finished = std::move(finished)]() {
                m_pending.removeAll(reply);
                reply->deleteLater(); // also drops Qt's copy of the Authorization header
                if (!context) {
                    return; // the caller is gone: nobody to tell
                }
                HttpAnswer answer;
                answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                answer.networkError = reply->error();
                answer.oversized = state->oversized;
                // Qt 6.4 reports its transfer timeout as OperationCanceledError; newer versions may
                // say TimeoutError. A cancel that was not ours is the timeout.
                answer.timedOut = !state->abortedByUs &&
                                  (answer.networkError == QNetworkReply::OperationCanceledError ||
                                   answer.networkError == QNetworkReply::TimeoutError);
                answer.connectionLost = !state->abortedByUs && !answer.timedOut &&
                                        isConnectionLoss(answer.networkError);
                if (answer.oversized || answer.timedOut || answer.connectionLost) {
                    answer.status = 0; // whatever arrived is incomplete
                }
                answer.contentType = reply->rawHeader("Content-Type");
                answer.wwwAuthenticate = reply->rawHeader("WWW-Authenticate");
                answer.retryAfter = reply->rawHeader("Retry-After");
                answer.idempotentReplayed = reply->rawHeader("Idempotent-Replayed");
                if (!answer.oversized && reply->isOpen()) {
                    answer.body = reply->read(kMaxResponseSize + 1);
                    if (answer.body.size() > kMaxResponseSize) {
                        answer.oversized = true;
                        answer.status = 0;
                        answer.body.clear();
                    }
                }
                qCDebug(lcApi).noquote() << reply->url().path() << "->" << answer.status
                                         << "network error" << answer.networkError;
                finished(answer);
            });
}

template <class T>
void FabrikamApiClient::get(const QString& path, const QByteArray& token, QObject* context,
                            Completion<T> done, Result<T> (*parse)(const QByteArray&))
{
    Q_ASSERT(context);
    if (!isB64Token(token)) {
        Common::deliverLater(context, std::move(done),
                             ApiResult<T>(invalidInput(
                                 kNoToken, u"no access token, or not an RFC 6750 b64token"_s)));
        return;
    }
    const QUrl url = endpoint(path);
    qCDebug(lcApi).noquote() << "GET" << url.path() << "token" << Common::redact(token);
    QNetworkReply* reply = m_network.get(request(url, token));
    watch(reply, context, [done = std::move(done), parse](const HttpAnswer& answer) {
        if (answer.status != 200) {
            done(ApiResult<T>(errorFromAnswer(answer, RequestKind::Read)));
            return;
        }
        Result<T> parsed = parse(answer.body);
        if (!parsed.ok()) {
            ApiError error(parsed.error());
            error.httpStatus = answer.status;
            done(ApiResult<T>(std::move(error)));
            return;
        }
        done(ApiResult<T>(std::move(parsed).value()));
    });
}

void FabrikamApiClient::accounts(const QByteArray& accessToken, QObject* context,
                                 Completion<QList<Account>> done)
{
    get<QList<Account>>(u"/accounts"_s, accessToken, context, std::move(done), &parseAccounts);
}

void FabrikamApiClient::statements(const QByteArray& accessToken, const QString& accountId,
                                   QObject* context, Completion<Statement> done)
{
    if (!isValidAccountId(accountId)) {
        // Never let an id become a different path ("..", "/", "?").
        Common::deliverLater(
            context, std::move(done),
            ApiResult<Statement>(invalidInput(
                QT_TRANSLATE_NOOP("Fabrikam::Bank::Api", "Choose one of your accounts."),
                u"account id is not 1-64 of [A-Za-z0-9._-]"_s)));
        return;
    }
    get<Statement>(u"/accounts/%1/statements"_s.arg(accountId), accessToken, context,
                   std::move(done), &parseStatement);
}

void FabrikamApiClient::transfers(const QByteArray& accessToken, QObject* context,
                                  Completion<QList<Transfer>> done)
{
    get<QList<Transfer>>(u"/transfers"_s, accessToken, context, std::move(done), &parseTransfers);
}

void FabrikamApiClient::submitTransfer(QByteArray elevatedToken, const TransferRequest& transfer,
                                       QObject* context, Completion<TransferReceipt> done)
{
    Q_ASSERT(context);
    if (!isB64Token(elevatedToken)) {
        Common::wipe(elevatedToken);
        Common::deliverLater(context, std::move(done),
                             ApiResult<TransferReceipt>(invalidInput(
                                 kNoToken, u"no elevated token, or not an RFC 6750 b64token"_s)));
        return;
    }
    postTransfer(std::make_shared<HeldToken>(std::move(elevatedToken)), transfer, std::nullopt,
                 context, std::move(done));
}

void FabrikamApiClient::postTransfer(std::shared_ptr<HeldToken> token,
                                     const TransferRequest& transfer,
                                     std::optional<HttpAnswer> lost, QObject* context,
                                     Completion<TransferReceipt> done)
{
    const QUrl url = endpoint(u"/transfers"_s);
    qCDebug(lcApi).noquote() << "POST" << url.path() << "token" << Common::redact(token->bytes)
                             << "key" << transfer.idempotencyKey() << (lost ? "(again)" : "");
    QNetworkReply* reply = nullptr;
    {
        QNetworkRequest req = request(url, token->bytes);
        req.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        req.setRawHeader("Idempotency-Key", transfer.idempotencyKey());
        // A connection of its own that ends with this send: Qt keeps HTTP/1.1 connections per
        // manager and reuses them whatever the request's "Connection: close" says
        // (qhttpnetworkconnectionchannel.cpp allDone() reads it from the answer only), so bytes
        // a peer sends after the answer (an answer delivered twice) would be read as the answer
        // to the next request on that connection. A manager per send closes them with it.
        auto* network = new QNetworkAccessManager(this);
        network->setProxy(m_network.proxy());
        // Sent by Qt once, never again behind our back (oneshotbody.h).
        auto* body = new OneShotBody(transfer.toJson());
        reply = network->post(req, body);
        body->setParent(reply);
        connect(reply, &QObject::destroyed, network, &QObject::deleteLater);
    } // our QNetworkRequest (one reference to the header value) is gone here

    if (lost) {
        token.reset(); // the last send: Qt has its own copy of the header now
    }
    watch(reply, context,
          [this, token, transfer, lost, context = QPointer<QObject>(context),
           done = std::move(done)](const HttpAnswer& answer) mutable {
              // The connection broke before the answer: the bank may or may not have the
              // request. Sent once more, exactly (same token, same Idempotency-Key, same body):
              // the API answers an exact retry from its record, or executes it if the first copy
              // never arrived (sandbox/README.md, "Exact retries").
              if (answer.connectionLost && !lost && context) {
                  qCDebug(lcApi) << "answer lost, sending the same transfer once more";
                  postTransfer(std::move(token), transfer, answer, context, std::move(done));
                  return;
              }
              token.reset(); // no more sends with it: wiped unless a caller kept a copy
              if (answer.status != 201 && answer.status != 200) {
                  done(ApiResult<TransferReceipt>(
                      lost ? errorAfterLostAnswer(*lost, answer)
                           : errorFromAnswer(answer, RequestKind::Transfer)));
                  return;
              }
              // A 2xx that does not confirm this transfer (unreadable, or naming another one: not
              // the bank's answer to this request) proves nothing: the outcome is unknown.
              const auto unconfirmed = [&answer, &done](const QString& why) {
                  ApiError error = errorFromAnswer(answer, RequestKind::Transfer);
                  error.code = Errc::InvalidResponse;
                  error.detail = u"HTTP %1 %2"_s.arg(answer.status).arg(why);
                  done(ApiResult<TransferReceipt>(std::move(error)));
              };
              Result<Transfer> parsed = parseTransfer(answer.body);
              if (!parsed.ok()) {
                  unconfirmed(u"with an unreadable body: "_s + parsed.error().detail);
                  return;
              }
              if (!confirms(parsed.value(), transfer)) {
                  unconfirmed(u"confirming another transfer than the one sent"_s);
                  return;
              }
              TransferReceipt receipt;
              receipt.transfer = std::move(parsed).value();
              // The API recognised the Idempotency-Key of an earlier success, or this exact
              // request sent again: no money moved now.
              receipt.replayed =
                  answer.idempotentReplayed.trimmed().compare("true", Qt::CaseInsensitive) == 0;
              receipt.sentAgain = lost.has_value();
              done(ApiResult<TransferReceipt>(std::move(receipt)));
          });
}

} // namespace Fabrikam::Bank
