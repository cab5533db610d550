#pragma once

#include "auth/pkce.h"
#include "auth/serviceconfiguration.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace Fabrikam::Auth {

// One OAuth 2.0 / OpenID Connect authorization request (RFC 6749 §4.1.1, OIDC Core 3.1.2.1,
// RFC 7636, RFC 8252). An immutable value: the factory draws state, nonce and the PKCE verifier
// from the operating system's CSPRNG, fresh for every request, so two requests never share them;
// the with…() calls return modified copies that keep those secrets.
//
//   auto base = AuthorizationRequest::create(config, clientId, baseScopes, redirectUri)
//                   .withAudience(audience);
//   auto stepUp = AuthorizationRequest::create(config, clientId, {"openid", "transfer:funds"},
//                                              redirectUri).withAudience(audience);
//   auto mfa = AuthorizationRequest::create(...).withAcrValues({mfaAcr}).withMaxAge(600);
class AuthorizationRequest
{
public:
    [[nodiscard]] static AuthorizationRequest create(const ServiceConfiguration& config,
                                                     const QString& clientId,
                                                     const QStringList& scopes,
                                                     const QUrl& redirectUri);

    [[nodiscard]] AuthorizationRequest withAudience(const QString& audience) const; // Auth0
    [[nodiscard]] AuthorizationRequest withResource(const QString& resource) const; // RFC 8707
    [[nodiscard]] AuthorizationRequest withAcrValues(const QStringList& acrValues) const;
    [[nodiscard]] AuthorizationRequest withMaxAge(qint64 seconds) const;
    [[nodiscard]] AuthorizationRequest withPrompt(const QString& prompt) const;
    [[nodiscard]] AuthorizationRequest withLoginHint(const QString& loginHint) const;
    [[nodiscard]] AuthorizationRequest withIdTokenHint(const QByteArray& idToken) const;

    // The URL to open in the browser.
    [[nodiscard]] QUrl url() const;

    [[nodiscard]] const QString& clientId() const { return m_clientId; }
    [[nodiscard]] const QUrl& redirectUri() const { return m_redirectUri; }
    [[nodiscard]] const QStringList& scopes() const { return m_scopes; }
    [[nodiscard]] const QByteArray& state() const { return m_state; }
    [[nodiscard]] const QByteArray& nonce() const { return m_nonce; }
    [[nodiscard]] const CodeVerifier& codeVerifier() const { return m_verifier; }
    [[nodiscard]] std::optional<qint64> maxAge() const { return m_maxAge; }
    [[nodiscard]] const QStringList& acrValues() const { return m_acrValues; }
    [[nodiscard]] const QString& audience() const { return m_audience; }

private:
    AuthorizationRequest(QUrl endpoint, QString clientId, QStringList scopes, QUrl redirectUri);

    // A copy with one member changed; the secrets (state, nonce, verifier) stay those of *this.
    template <class T>
    [[nodiscard]] AuthorizationRequest with(T AuthorizationRequest::*member, T value) const
    {
        AuthorizationRequest copy = *this;
        copy.*member = std::move(value);
        return copy;
    }

    QUrl m_endpoint;
    QString m_clientId;
    QStringList m_scopes;
    QUrl m_redirectUri;
    QByteArray m_state;
    QByteArray m_nonce;
    CodeVerifier m_verifier;
    QString m_audience;
    QString m_resource;
    QStringList m_acrValues;
    std::optional<qint64> m_maxAge;
    QString m_prompt;
    QString m_loginHint;
    QByteArray m_idTokenHint;
};

// 32 bytes from the CSPRNG, base64url without padding (256 bits; DESIGN.md asks >= 128).
[[nodiscard]] QByteArray randomUrlSafeToken();

} // namespace Fabrikam::Auth
