#include "auth/loopback/loopbackreceiver.h"

#include "auth/errors.h"
#include "auth/loopback/callbackpage.h"
#include "auth/loopback/httprequest.h"
#include "common/redact.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QMetaObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <chrono>

namespace Fabrikam::Auth {

Q_LOGGING_CATEGORY(lcLoopback, "fabrikam.auth.loopback")

using Common::Error;
using Common::ErrorCode;
using Common::Result;
using namespace Qt::StringLiterals;

struct LoopbackReceiver::Connection
{
    QTcpSocket* socket = nullptr;
    // A child of the socket, so that it goes with it: the request timeout, then the linger
    // timeout. (A QTimer::singleShot per connection would outlive a dropped socket until it
    // fired: thousands pending in a flood.)
    QTimer* deadline = nullptr;
    std::chrono::steady_clock::time_point accepted;
    QByteArray head;       // request line and headers received so far
    bool answered = false; // the response is written; waiting for the peer to take it
};

namespace {

Error receiverError(ErrorCode code, QString message, QString detail = {})
{
    return Error{code, std::move(message), std::move(detail)};
}

constexpr QStringView kStrayDetail = u"with a missing or unexpected state";

QString strayNote()
{
    return QCoreApplication::translate(
        "Fabrikam::Auth::LoopbackReceiver",
        "An answer arrived that did not belong to this sign-in (its state was missing or did not "
        "match) and was ignored. If you did not start another sign-in, someone may be trying to "
        "interfere.");
}

// The wait ended (timeout, cancel) after answers for another sign-in came and were ignored
// (RFC 6749 §10.12): the person reads that as a second sentence (Error::note), and support staff
// the count in the detail ("no authorization response before the timeout; 2 callbacks with a
// missing or unexpected state were ignored"), never the state values that came.
Error strayError(Common::Errc code, const QString& sentence, const QString& what, int strays)
{
    const QString note = strayNote();
    const QString detail =
        what + (strays == 1 ? u"; 1 callback %1 was ignored"_s.arg(kStrayDetail)
                            : u"; %1 callbacks %2 were ignored"_s.arg(strays).arg(kStrayDetail));
    return Error{code, sentence + QLatin1Char(' ') + note, detail, note};
}

} // namespace

LoopbackReceiver::LoopbackReceiver(QObject* parent)
    : LoopbackReceiver(Limits{}, parent)
{}

LoopbackReceiver::LoopbackReceiver(Limits limits, QObject* parent)
    : QObject(parent)
    , m_limits(limits)
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        qCInfo(lcLoopback) << "no authorization response before the timeout;" << m_strayCallbacks
                           << "stray callbacks ignored";
        if (m_strayCallbacks == 0) {
            finish(Result<AuthorizationResponse>(receiverError(
                Common::Errc::Timeout,
                tr("Sign-in took too long: no answer came back from the browser. Try again."))));
            return;
        }
        // Only answers for another sign-in came: a plain "took too long" would hide that.
        finish(Result<AuthorizationResponse>(
            strayError(Common::Errc::Timeout,
                       tr("Sign-in took too long: the answer to this sign-in did not come back "
                          "from the browser."),
                       u"no authorization response before the timeout"_s, m_strayCallbacks)));
    });
}

LoopbackReceiver::~LoopbackReceiver()
{
    // Sockets first, without their signals: nothing may call back into a half-destroyed receiver.
    for (const auto& connection : m_connections) {
        connection->socket->disconnect(this);
        delete connection->socket;
    }
    m_connections.clear();
    delete m_server;
}

Result<void> LoopbackReceiver::listen(quint16 port)
{
    if (m_phase != Phase::Idle) {
        return Result<void>(receiverError(Common::Errc::InvalidInput,
                                          tr("The sign-in receiver is already in use."),
                                          u"listen() called twice"_s));
    }
    auto server = std::make_unique<QTcpServer>();
    // RFC 8252 §7.3, §8.3: the IPv4 loopback literal, never all interfaces.
    if (!server->listen(QHostAddress(QHostAddress::LocalHost), port)) {
        if (server->serverError() == QAbstractSocket::AddressInUseError) {
            return Result<void>(receiverError(
                Errc::PortInUse,
                tr("Port %1 on 127.0.0.1 is already in use by another program. Close it or "
                   "choose another redirect port in the profile.")
                    .arg(port),
                server->errorString()));
        }
        return Result<void>(
            receiverError(Errc::ListenFailed,
                          tr("Fabrikam could not open port %1 on 127.0.0.1 to receive the "
                             "sign-in response. Choose another redirect port in the profile.")
                              .arg(port),
                          server->errorString()));
    }
    m_server = server.release();
    m_server->setParent(this);
    connect(m_server, &QTcpServer::newConnection, this, &LoopbackReceiver::acceptConnections);
    m_phase = Phase::Listening;
    qCInfo(lcLoopback) << "listening on 127.0.0.1 port" << m_server->serverPort();
    return {};
}

bool LoopbackReceiver::isListening() const
{
    return m_server && m_server->isListening();
}

QHostAddress LoopbackReceiver::serverAddress() const
{
    return isListening() ? m_server->serverAddress() : QHostAddress();
}

quint16 LoopbackReceiver::serverPort() const
{
    return isListening() ? m_server->serverPort() : quint16{0};
}

QUrl LoopbackReceiver::redirectUri() const
{
    if (!isListening()) {
        return {};
    }
    // RFC 8252 §7.3: the loopback IP literal, not "localhost" (§8.3), with the port we got.
    QUrl uri;
    uri.setScheme(u"http"_s);
    uri.setHost(u"127.0.0.1"_s);
    uri.setPort(m_server->serverPort());
    uri.setPath(kCallbackPath.toString());
    return uri;
}

Result<void> LoopbackReceiver::expect(QByteArray state, std::optional<QString> expectedIssuer,
                                      std::chrono::milliseconds timeout)
{
    IssuerCheck check;
    if (expectedIssuer) {
        check.issuer = std::move(*expectedIssuer);
        check.required = true;
    }
    return expect(std::move(state), std::move(check), timeout);
}

Result<void> LoopbackReceiver::expect(QByteArray state, IssuerCheck issuer,
                                      std::chrono::milliseconds timeout)
{
    const auto refuse = [](const QString& why) {
        return Result<void>(receiverError(Common::Errc::InvalidInput,
                                          tr("The sign-in receiver was used incorrectly."), why));
    };
    if (m_phase != Phase::Listening) {
        return refuse(u"expect() needs a listening receiver that is not armed yet"_s);
    }
    if (state.isEmpty()) {
        return refuse(u"empty state"_s);
    }
    if (issuer.required && issuer.issuer.isEmpty()) {
        return refuse(u"iss required but no issuer given"_s);
    }
    if (timeout.count() <= 0) {
        return refuse(u"timeout must be positive"_s);
    }
    m_state = std::move(state);
    m_issuer = std::move(issuer);
    m_phase = Phase::Armed;
    m_timeout.start(timeout);
    return {};
}

void LoopbackReceiver::cancel()
{
    switch (m_phase) {
    case Phase::Armed:
        if (m_strayCallbacks == 0) {
            finish(Result<AuthorizationResponse>(
                receiverError(Common::Errc::Cancelled, tr("Sign-in was cancelled."))));
        } else {
            finish(Result<AuthorizationResponse>(
                strayError(Common::Errc::Cancelled, tr("Sign-in was cancelled."),
                           u"cancelled while waiting"_s, m_strayCallbacks)));
        }
        return;
    case Phase::Idle:
    case Phase::Listening:
        m_phase = Phase::Done;
        closeServer(nullptr);
        return;
    case Phase::Done:
        return;
    }
}

LoopbackReceiver::Connection* LoopbackReceiver::connectionOf(const QTcpSocket* socket) const
{
    const auto it = std::find_if(m_connections.begin(), m_connections.end(),
                                 [socket](const auto& c) { return c->socket == socket; });
    return it == m_connections.end() ? nullptr : it->get();
}

void LoopbackReceiver::acceptConnections()
{
    while (m_server && m_server->hasPendingConnections()) {
        QTcpSocket* socket = m_server->nextPendingConnection();
        // Bound to 127.0.0.1, so this cannot happen; checked anyway because it is cheap.
        if (m_phase == Phase::Done || !socket->peerAddress().isLoopback()) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        // Over the cap an old connection goes, not the new one: an idle flood must not keep the
        // browser's request out until the request timeout. But only one that has had its chance
        // to be read (answered, or open for evictionGrace): this loop may run for a whole
        // backlog before any new socket is read, and the browser's request may be in it.
        const auto now = std::chrono::steady_clock::now();
        const qsizetype cap = std::max(1, m_limits.maxConnections);
        while (std::ssize(m_connections) >= cap) {
            const auto old =
                std::find_if(m_connections.begin(), m_connections.end(), [&](const auto& c) {
                    return c->answered || now - c->accepted >= m_limits.evictionGrace;
                });
            if (old != m_connections.end()) {
                qCDebug(lcLoopback) << "too many connections, dropping the oldest";
                dropConnection((*old)->socket);
            } else if (std::ssize(m_connections) >= 4 * cap) {
                qCDebug(lcLoopback) << "too many new connections, dropping the oldest";
                dropConnection(m_connections.front()->socket);
            } else {
                break; // a burst of new ones: kept until they had their chance
            }
        }
        // Qt would otherwise buffer whatever the peer sends; keep it to what we may parse.
        socket->setReadBufferSize(m_limits.maxHeaderBytes);
        auto connection = std::make_unique<Connection>();
        connection->socket = socket;
        connection->accepted = now;
        // Slowloris: the whole request line and headers must arrive within requestTimeout.
        connection->deadline = new QTimer(socket);
        connection->deadline->setSingleShot(true);
        connect(connection->deadline, &QTimer::timeout, this, [this, socket] {
            const Connection* c = connectionOf(socket);
            if (c && !c->answered) {
                qCDebug(lcLoopback) << "request not complete in time, closing";
            }
            dropConnection(socket);
        });
        connection->deadline->start(m_limits.requestTimeout);
        m_connections.push_back(std::move(connection));

        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readFrom(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            // The peer left, or our disconnectFromHost() finished writing the page.
            dropConnection(socket);
        });
        if (socket->bytesAvailable() > 0) {
            readFrom(socket);
        }
    }
}

void LoopbackReceiver::readFrom(QTcpSocket* socket)
{
    Connection* c = connectionOf(socket);
    if (!c) {
        return;
    }
    if (c->answered) {
        socket->readAll(); // a body or a pipelined request: ignored (one request per connection)
        return;
    }
    c->head += socket->read(m_limits.maxHeaderBytes - c->head.size());

    // Refuse garbage as soon as the request line shows it, rather than at the timeout: only
    // visible ASCII and SP up to the first CRLF (a bare CR or LF is not HTTP/1.x framing).
    const qsizetype lineEnd = c->head.indexOf("\r\n");
    QByteArrayView line = lineEnd >= 0 ? QByteArrayView(c->head).first(lineEnd) : c->head;
    if (lineEnd < 0 && line.endsWith('\r')) {
        line.chop(1); // the CR of a CRLF still on its way
    }
    if (!isRequestLineText(line)) {
        qCDebug(lcLoopback) << "not an HTTP/1.x request line: 400";
        respondAndClose(socket, callbackResponse(CallbackPage::BadRequest));
        return;
    }

    const qsizetype headEnd = c->head.indexOf("\r\n\r\n");
    if (headEnd >= 0) {
        const QByteArray head = c->head.first(headEnd + 2);
        handleRequest(socket, head);
        return;
    }
    if (c->head.size() >= m_limits.maxHeaderBytes) {
        qCDebug(lcLoopback) << "request line and headers over" << m_limits.maxHeaderBytes
                            << "bytes: 431";
        respondAndClose(socket, callbackResponse(CallbackPage::HeadersTooLarge));
    }
}

void LoopbackReceiver::handleRequest(QTcpSocket* socket, const QByteArray& head)
{
    const Result<RequestHead> parsed = parseRequestHead(head);
    if (!parsed.ok()) {
        qCDebug(lcLoopback) << "malformed request: 400" << parsed.error().detail;
        respondAndClose(socket, callbackResponse(CallbackPage::BadRequest));
        return;
    }
    const RequestHead& request = parsed.value();
    const QByteArrayView path = request.path;
    const QByteArrayView query = request.query;

    // Only a browser sent to our redirect URI names it (DNS-rebinding defence in depth: a page of
    // another origin that resolves its name to 127.0.0.1 sends its own name).
    const QByteArray authority = redirectUri().authority().toLatin1();
    if (request.host.compare(authority, Qt::CaseInsensitive) != 0) {
        qCDebug(lcLoopback) << "Host is not" << authority << ": 400";
        respondAndClose(socket, callbackResponse(CallbackPage::BadRequest));
        return;
    }

    // RFC 8252 §7.3: the path is compared exactly, byte for byte: no prefix match
    // (/callbackEVIL), no percent-decoding (/%63allback), no trailing slash.
    if (path != "/callback") {
        qCDebug(lcLoopback) << "unknown path: 404";
        respondAndClose(socket, callbackResponse(CallbackPage::NotFound));
        return;
    }
    if (request.method != "GET") {
        qCDebug(lcLoopback) << "method" << request.method.toByteArray() << "on /callback: 405";
        respondAndClose(socket, callbackResponse(CallbackPage::MethodNotAllowed));
        return;
    }
    handleCallback(socket, query);
}

void LoopbackReceiver::handleCallback(QTcpSocket* socket, QByteArrayView query)
{
    if (m_phase != Phase::Armed) {
        qCInfo(lcLoopback) << "callback while no authorization response is awaited: ignored";
        respondAndClose(socket, callbackResponse(CallbackPage::NotAwaited));
        return;
    }
    CallbackVerdict verdict = evaluateCallback(query, m_state, m_issuer);
    switch (verdict.kind) {
    case CallbackVerdict::Kind::NotOurs:
        // Counted, so that a timeout or cancel can say that something else answered.
        ++m_strayCallbacks;
        qCInfo(lcLoopback) << "callback with a missing or unexpected state: ignored";
        respondAndClose(socket, callbackResponse(CallbackPage::NotAwaited));
        return;
    case CallbackVerdict::Kind::Failed:
        respondAndClose(socket, callbackResponse(CallbackPage::Failed));
        finish(Result<AuthorizationResponse>(std::move(verdict.error)), socket);
        return;
    case CallbackVerdict::Kind::ProviderError:
        qCInfo(lcLoopback) << "the provider answered with error" << verdict.providerError->error;
        m_providerError = std::move(verdict.providerError);
        respondAndClose(socket,
                        callbackResponse(CallbackPage::ProviderError, verdict.providerText));
        finish(Result<AuthorizationResponse>(std::move(verdict.error)), socket);
        return;
    case CallbackVerdict::Kind::Succeeded:
        qCInfo(lcLoopback) << "authorization response received, code"
                           << Common::redact(verdict.response.code.toUtf8());
        respondAndClose(socket, callbackResponse(CallbackPage::Success));
        finish(Result<AuthorizationResponse>(std::move(verdict.response)), socket);
        return;
    }
}

void LoopbackReceiver::respondAndClose(QTcpSocket* socket, QByteArray response)
{
    Connection* c = connectionOf(socket);
    if (!c || c->answered) {
        return;
    }
    c->answered = true;
    c->head.clear();
    // Take what the peer already sent (a body, say) so that closing with unread data does not
    // reset the connection before the page arrives.
    socket->readAll();
    socket->write(response);
    // One request per connection (Connection: close): closes once the page is written.
    socket->disconnectFromHost();
    // A peer that never reads its page does not get to keep the socket.
    c->deadline->start(m_limits.lingerTimeout);
}

void LoopbackReceiver::dropConnection(QTcpSocket* socket)
{
    const auto it = std::find_if(m_connections.begin(), m_connections.end(),
                                 [socket](const auto& c) { return c->socket == socket; });
    if (it == m_connections.end()) {
        return;
    }
    (*it)->deadline->stop();
    m_connections.erase(it);
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
}

void LoopbackReceiver::finish(Result<AuthorizationResponse> result, QTcpSocket* keep)
{
    if (m_phase == Phase::Done) {
        return;
    }
    m_phase = Phase::Done;
    m_timeout.stop();
    m_state.clear();
    closeServer(keep);
    // Always from the event loop: the caller of cancel() and the socket handlers never see the
    // signal re-enter them. Dropped if the receiver is destroyed first.
    QMetaObject::invokeMethod(
        this, [this, result = std::move(result)] { Q_EMIT finished(result); },
        Qt::QueuedConnection);
}

void LoopbackReceiver::closeServer(QTcpSocket* keep)
{
    if (m_server) {
        // RFC 8252 §8.3 spirit: one valid response, then nobody is listening any more.
        m_server->close();
    }
    std::vector<QTcpSocket*> others;
    for (const auto& connection : m_connections) {
        if (connection->socket != keep) {
            others.push_back(connection->socket);
        }
    }
    for (QTcpSocket* socket : others) {
        dropConnection(socket);
    }
}

} // namespace Fabrikam::Auth
