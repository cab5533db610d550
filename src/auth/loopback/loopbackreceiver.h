#pragma once

// The listening socket of the loopback redirect (RFC 8252 §7.3) and its bounds against a flood of
// local clients; the bytes' framing is httprequest.h's, their meaning callback.h's.

#include "auth/loopback/callback.h"
#include "common/result.h"

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QUrl>

#include <chrono>
#include <memory>
#include <optional>
#include <vector>

class QTcpServer;
class QTcpSocket;

namespace Fabrikam::Auth {

// Receives one OAuth authorization response on http://127.0.0.1:<port>/callback (RFC 8252 §7.3)
// and nothing more (STYLE.md rule 5). Replaces QOAuthHttpServerReplyHandler (STACK.md §2).
//
//   AuthSession          LoopbackReceiver                Browser              Provider
//     | listen(port) ------->| bind 127.0.0.1 only           |                    |
//     | redirectUri() ------>|                               |                    |
//     | expect(state, iss, timeout)                          |                    |
//     | open /authorize?redirect_uri=… ---------------------->| ----------------->|
//     |                      |<-- GET /favicon.ico --------- |   404, keep going  |
//     |                      |<-- GET /callback?state=bad -- |   "not the one…"   |
//     |                      |<-- GET /callback?code&state - | <--- 302 ----------|
//     |                      |--- page "You're signed in" -->|                    |
//     |                      | close: stop listening, drop other connections      |
//     |<-- finished(Result<AuthorizationResponse>) (queued, exactly once)          |
//
// Result delivery: the `finished` signal, emitted exactly once per expect(), always from the
// event loop (never from inside listen/expect/cancel), with Timeout, Cancelled, an
// AuthorizationDenied/AuthorizationFailed provider error, IssuerMismatch/IssuerMissing,
// CallbackInvalid, or the response. A Timeout or Cancelled after callbacks that were ignored for
// their state says so (Error::note), so that the person learns that an answer came
// which did not belong to this sign-in. The receiver is single-use: after finished (or cancel) it
// is closed for good; make a new one for the next flow. Use deleteLater() from a finished slot.
//
// Hostile local clients: only GET /callback (exact path) with Host 127.0.0.1:<port> is considered
// (another Host is a page that rebound its own name to 127.0.0.1: 400); other paths, methods and
// unreadable requests get a small error page and the flow keeps waiting. Callbacks without
// the awaited state are answered and ignored. Requests are bounded in size and time, and the
// number of open connections is capped (the oldest is dropped, see Limits).
// tests/integration/tst_hostileloopback floods a pending sign-in from another process.
class LoopbackReceiver : public QObject
{
    Q_OBJECT

public:
    struct Limits
    {
        // Request line and header fields together, final CRLF CRLF included.
        qsizetype maxHeaderBytes = 8 * 1024;
        // From accept to the end of the headers (slowloris); then the connection is dropped.
        std::chrono::milliseconds requestTimeout{5000};
        // Open connections at once. A new connection beyond this drops the *oldest* one that has
        // had its chance (answered, or open for evictionGrace), so a flood of idle sockets cannot
        // lock the browser out until requestTimeout. Younger ones are kept up to 4 × this many:
        // Qt accepts a whole backlog in one go, before any new socket is read, and a burst must
        // not push out a browser whose request is already there, unread. Beyond that the oldest
        // goes regardless (memory and descriptors stay bounded).
        int maxConnections = 32;
        std::chrono::milliseconds evictionGrace{500};
        // After the page is written, how long a client that does not read it may hold the socket.
        std::chrono::milliseconds lingerTimeout{2000};
    };

    explicit LoopbackReceiver(QObject* parent = nullptr);
    explicit LoopbackReceiver(Limits limits, QObject* parent = nullptr);
    ~LoopbackReceiver() override;

    LoopbackReceiver(const LoopbackReceiver&) = delete;
    LoopbackReceiver& operator=(const LoopbackReceiver&) = delete;

    static constexpr QStringView kCallbackPath = u"/callback";

    // Binds 127.0.0.1 only (RFC 8252 §7.3, §8.3: not 0.0.0.0, not "localhost"). port 0 picks an
    // ephemeral port; otherwise the profile's fixed port. PortInUse names the port.
    [[nodiscard]] Common::Result<void> listen(quint16 port = 0);

    [[nodiscard]] bool isListening() const;
    [[nodiscard]] QHostAddress serverAddress() const;
    [[nodiscard]] quint16 serverPort() const;
    // http://127.0.0.1:<port>/callback, or an empty QUrl when not listening.
    [[nodiscard]] QUrl redirectUri() const;

    // Arms the receiver for one authorization response. `state` is the request's state (compared
    // in constant time, exactly). `expectedIssuer` set means the provider advertises
    // authorization_response_iss_parameter_supported: `iss` is required and must equal it
    // (RFC 9207 §2.4); nullopt means no `iss` check. The timeout starts now.
    // InvalidInput when not listening, already armed or finished, or with an empty state.
    [[nodiscard]] Common::Result<void> expect(QByteArray state,
                                              std::optional<QString> expectedIssuer,
                                              std::chrono::milliseconds timeout);
    // The same with the issuer known but not advertised: `iss` optional, yet checked if present.
    [[nodiscard]] Common::Result<void> expect(QByteArray state, IssuerCheck issuer,
                                              std::chrono::milliseconds timeout);

    // Stops listening and drops every connection. If armed, finished(Cancelled) follows.
    void cancel();

    // Callbacks answered and ignored while armed because their state was missing or another one
    // (RFC 6749 §10.12): an old tab, another sign-in, or someone trying to interfere.
    [[nodiscard]] int strayCallbacks() const { return m_strayCallbacks; }

    // Set when the flow failed because the provider answered error= with the right state.
    [[nodiscard]] const std::optional<AuthorizationErrorResponse>& providerError() const
    {
        return m_providerError;
    }

Q_SIGNALS:
    void finished(const Fabrikam::Common::Result<Fabrikam::Auth::AuthorizationResponse>& result);

private:
    struct Connection;
    enum class Phase
    {
        Idle,
        Listening,
        Armed,
        Done
    };

    void acceptConnections();
    [[nodiscard]] Connection* connectionOf(const QTcpSocket* socket) const;
    void readFrom(QTcpSocket* socket);
    void handleRequest(QTcpSocket* socket, const QByteArray& head);
    void handleCallback(QTcpSocket* socket, QByteArrayView query);
    void respondAndClose(QTcpSocket* socket, QByteArray response);
    void dropConnection(QTcpSocket* socket);
    void finish(Common::Result<AuthorizationResponse> result, QTcpSocket* keep = nullptr);
    void closeServer(QTcpSocket* keep);

    const Limits m_limits;
    QTcpServer* m_server = nullptr;
    std::vector<std::unique_ptr<Connection>> m_connections; // oldest first
    QTimer m_timeout;
    Phase m_phase = Phase::Idle;
    QByteArray m_state;
    IssuerCheck m_issuer;
    int m_strayCallbacks = 0;
    std::optional<AuthorizationErrorResponse> m_providerError;
};

} // namespace Fabrikam::Auth
