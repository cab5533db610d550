#include "auth/authorizationflow.h"

#include "auth/errors.h"
#include "auth/useragent.h"
#include "common/secret.h"

#include <QCoreApplication>

namespace Fabrikam::Auth {

using Common::Error;
using Common::ErrorCode;
using Common::Result;

AuthorizationFlow::AuthorizationFlow(OidcClient& client, UserAgent& userAgent,
                                     const Common::Clock& clock, ServiceConfiguration config,
                                     Settings settings, RequestSpec spec, QObject* parent)
    : QObject(parent)
    , m_client(client)
    , m_userAgent(userAgent)
    , m_clock(clock)
    , m_config(std::move(config))
    , m_settings(std::move(settings))
    , m_spec(std::move(spec))
{}

void AuthorizationFlow::fail(Error error)
{
    if (m_done) {
        return;
    }
    m_done = true;
    if (m_receiver) {
        m_receiver->cancel();
    }
    // Always from the event loop, never from inside start().
    QMetaObject::invokeMethod(
        this, [this, error = std::move(error)] { Q_EMIT finished(Result<TokenSet>(error)); },
        Qt::QueuedConnection);
}

void AuthorizationFlow::start()
{
    m_receiver = new LoopbackReceiver(this);
    if (auto listening = m_receiver->listen(m_settings.redirectPort); !listening.ok()) {
        fail(listening.error());
        return;
    }
    auto request = AuthorizationRequest::create(m_config, m_settings.clientId, m_spec.scopes,
                                                m_receiver->redirectUri());
    if (!m_spec.audience.isEmpty()) {
        request = request.withAudience(m_spec.audience);
    }
    if (!m_spec.resource.isEmpty()) {
        request = request.withResource(m_spec.resource);
    }
    if (!m_spec.acrValues.isEmpty()) {
        request = request.withAcrValues(m_spec.acrValues);
    }
    if (m_spec.maxAge) {
        request = request.withMaxAge(*m_spec.maxAge);
    }
    if (!m_spec.prompt.isEmpty()) {
        request = request.withPrompt(m_spec.prompt);
    }
    if (!m_spec.idTokenHint.isEmpty()) {
        request = request.withIdTokenHint(m_spec.idTokenHint);
    }
    if (!m_spec.loginHint.isEmpty()) {
        request = request.withLoginHint(m_spec.loginHint);
    }
    m_request = request;
    m_url = request.url();

    // RFC 9207: when the provider advertises iss, a callback without it (or with another) fails.
    const IssuerCheck issuerCheck{m_config.issuer, m_config.issParameterSupported};
    if (auto armed = m_receiver->expect(request.state(), issuerCheck, m_settings.timeout);
        !armed.ok()) {
        fail(armed.error());
        return;
    }
    connect(m_receiver, &LoopbackReceiver::finished, this, &AuthorizationFlow::onCallback);

    const auto opened = m_userAgent.open(m_url);
    Q_EMIT urlReady(m_url, opened.ok());
}

void AuthorizationFlow::cancel()
{
    if (m_done) {
        return;
    }
    m_cancelled = true;
    if (m_receiver) {
        // Still waiting for the browser: finished(Cancelled) arrives through onCallback. After
        // the callback the receiver is done, and the completions in flight see m_cancelled.
        m_receiver->cancel();
    }
}

bool AuthorizationFlow::endIfCancelled(TokenResponse& arrived)
{
    if (!m_cancelled) {
        return false;
    }
    // A cancelled flow hands nothing on: no session, no elevated token.
    Common::wipe(arrived.accessToken);
    Common::wipe(arrived.refreshToken);
    Common::wipe(arrived.idToken);
    m_done = true;
    Q_EMIT finished(Result<TokenSet>(
        Error{Common::Errc::Cancelled,
              QCoreApplication::translate("Fabrikam::Auth", "Sign-in was cancelled."),
              QStringLiteral("cancelled after the browser returned")}));
    return true;
}

void AuthorizationFlow::onCallback(const Result<AuthorizationResponse>& response)
{
    if (m_done) {
        return;
    }
    if (!response.ok()) {
        m_done = true;
        Q_EMIT finished(Result<TokenSet>(response.error()));
        return;
    }
    Q_EMIT callbackReceived();
    const QByteArray code = response.value().code.toUtf8();
    m_client.exchangeCode(m_config, *m_request, code, this, [this](Result<TokenResponse> tokens) {
        TokenResponse none;
        if (endIfCancelled(tokens.ok() ? tokens.value() : none)) {
            return;
        }
        if (!tokens.ok()) {
            m_done = true;
            Q_EMIT finished(Result<TokenSet>(tokens.error()));
            return;
        }
        TokenResponse t = std::move(tokens).value();
        if (t.idToken.isEmpty()) {
            // OIDC Core 3.1.3.3: the token response of an openid request contains an ID token.
            m_done = true;
            Q_EMIT finished(Result<TokenSet>(
                Error{Errc::InvalidProviderResponse,
                      QCoreApplication::translate(
                          "Fabrikam::Auth", "The sign-in service did not confirm who signed in."),
                      QStringLiteral("no id_token in the token response")}));
            return;
        }
        const IdTokenChecks checks{m_config.issuer, m_settings.clientId, m_request->nonce(),
                                   m_request->maxAge(), m_settings.clockSkewSeconds};
        const QDateTime now = m_clock.now();
        const QByteArray idToken = t.idToken;
        m_client.validateIdToken(m_config, idToken, checks, now, this,
                                 [this, t = std::move(t), now](Result<IdToken> id) mutable {
                                     if (endIfCancelled(t)) {
                                         return;
                                     }
                                     m_done = true;
                                     if (!id.ok()) {
                                         Q_EMIT finished(Result<TokenSet>(id.error()));
                                         return;
                                     }
                                     TokenSet set;
                                     set.accessToken = std::move(t.accessToken);
                                     set.accessExpiresAt =
                                         t.expiresIn ? now.addSecs(*t.expiresIn) : QDateTime();
                                     set.accessScopes = t.scopeReturned ? t.scope : m_spec.scopes;
                                     set.refreshToken = std::move(t.refreshToken);
                                     set.idToken = std::move(id).value();
                                     set.idTokenJwt = std::move(t.idToken);
                                     Q_EMIT finished(Result<TokenSet>(std::move(set)));
                                 });
    });
}

} // namespace Fabrikam::Auth
