#pragma once

#include "auth/authorizationrequest.h"
#include "auth/idtoken.h"
#include "auth/loopback/loopbackreceiver.h"
#include "auth/oidcclient.h"
#include "auth/serviceconfiguration.h"
#include "auth/tokenresponse.h"
#include "common/clock.h"
#include "common/result.h"

#include <QObject>
#include <QPointer>

#include <chrono>
#include <optional>

namespace Fabrikam::Auth {

class UserAgent;

// What one authorization request asks for, beyond the client and the redirect.
struct RequestSpec
{
    QStringList scopes;
    QString audience; // Auth0's audience=
    QString resource; // RFC 8707 resource=
    QStringList acrValues;
    std::optional<qint64> maxAge;
    QString prompt;
    // Who must answer (sessionsettings.h, AccountHint): set on re-authorizations only.
    QByteArray idTokenHint = {};
    QString loginHint = {};
};

// The tokens one flow (or one refresh) produced, checked. Access and refresh tokens are secrets:
// no operator<<, no QDebug.
struct TokenSet
{
    QByteArray accessToken;
    QDateTime accessExpiresAt; // invalid when the provider did not say
    QStringList accessScopes;  // as granted (the response's scope) or, if not returned, requested
    QByteArray refreshToken;   // empty when none was issued
    std::optional<IdToken> idToken;
    // The ID token as the provider sent it, for id_token_hint on the next re-authorization and at
    // the end-session endpoint. Personal data: memory only, wiped when the session ends.
    QByteArray idTokenJwt = {};
};

// One browser trip (RFC 8252): its own loopback receiver, its own state, nonce and PKCE verifier,
// then the code exchange and the ID token validation. Single use.
//
//   AuthorizationFlow      LoopbackReceiver     UserAgent (browser)      OidcClient / provider
//     | listen(port) ---------->|                     |                        |
//     | AuthorizationRequest::create(…, redirectUri)  |                        |
//     | expect(state, iss) ---->|                     |                        |
//     | open(url) ------------------------------------>|-- /authorize -------->|
//     | urlReady(url)  (shown to the person as well)   |<-- login / MFA pages --|
//     |<-- finished(code) ------|<-- GET /callback ----|                        |
//     | exchangeCode(code, verifier) ------------------------------------------->|
//     | validateIdToken(nonce, max_age) -- JWKS (cached, one refetch on new kid) |
//     |--> finished(Result<TokenSet>)
//
// A Timeout or Cancelled while the browser is out is the receiver's: after callbacks for another
// sign-in were ignored it says so (Error::note), detail with the count.
class AuthorizationFlow : public QObject
{
    Q_OBJECT

public:
    struct Settings
    {
        QString clientId;
        quint16 redirectPort = 0; // 0: ephemeral (RFC 8252 §7.3)
        std::chrono::milliseconds timeout{std::chrono::minutes(5)};
        qint64 clockSkewSeconds = 300;
    };

    AuthorizationFlow(OidcClient& client, UserAgent& userAgent, const Common::Clock& clock,
                      ServiceConfiguration config, Settings settings, RequestSpec spec,
                      QObject* parent = nullptr);

    // Starts the flow; finished() follows exactly once (also for errors detected right away).
    void start();
    // finished(Cancelled): at once while the browser is out; after the callback, when the code
    // exchange or the ID token validation in flight ends, and whatever it brought is wiped.
    void cancel();

    [[nodiscard]] const QUrl& authorizationUrl() const { return m_url; }

Q_SIGNALS:
    // The URL that was (or should have been) opened in the browser; always shown to the person
    // too, so they can open it by hand when no browser appeared.
    void urlReady(const QUrl& url, bool browserStarted);
    void callbackReceived();
    void finished(const Fabrikam::Common::Result<Fabrikam::Auth::TokenSet>& result);

private:
    void fail(Common::Error error);
    void onCallback(const Common::Result<AuthorizationResponse>& response);
    // After cancel(): ends the flow with Cancelled and wipes what `arrived`.
    [[nodiscard]] bool endIfCancelled(TokenResponse& arrived);

    OidcClient& m_client;
    UserAgent& m_userAgent;
    const Common::Clock& m_clock;
    const ServiceConfiguration m_config;
    const Settings m_settings;
    const RequestSpec m_spec;
    LoopbackReceiver* m_receiver = nullptr;
    std::optional<AuthorizationRequest> m_request;
    QUrl m_url;
    bool m_done = false;
    bool m_cancelled = false;
};

} // namespace Fabrikam::Auth
