#include "auth/authorizationrequest.h"

#include <QRandomGenerator>
#include <QUrlQuery>

#include <array>

namespace Fabrikam::Auth {

QByteArray randomUrlSafeToken()
{
    std::array<quint32, 8> words{};
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    const QByteArray token = base64UrlEncode(QByteArrayView(
        reinterpret_cast<const char*>(words.data()), static_cast<qsizetype>(sizeof(words))));
    words.fill(0);
    return token;
}

AuthorizationRequest::AuthorizationRequest(QUrl endpoint, QString clientId, QStringList scopes,
                                           QUrl redirectUri)
    : m_endpoint(std::move(endpoint))
    , m_clientId(std::move(clientId))
    , m_scopes(std::move(scopes))
    , m_redirectUri(std::move(redirectUri))
    , m_state(randomUrlSafeToken())
    , m_nonce(randomUrlSafeToken())
    , m_verifier(CodeVerifier::generate())
{}

AuthorizationRequest AuthorizationRequest::create(const ServiceConfiguration& config,
                                                  const QString& clientId,
                                                  const QStringList& scopes,
                                                  const QUrl& redirectUri)
{
    return AuthorizationRequest(config.authorizationEndpoint, clientId, scopes, redirectUri);
}

AuthorizationRequest AuthorizationRequest::withAudience(const QString& audience) const
{
    return with(&AuthorizationRequest::m_audience, audience);
}

AuthorizationRequest AuthorizationRequest::withResource(const QString& resource) const
{
    return with(&AuthorizationRequest::m_resource, resource);
}

AuthorizationRequest AuthorizationRequest::withAcrValues(const QStringList& acrValues) const
{
    return with(&AuthorizationRequest::m_acrValues, acrValues);
}

AuthorizationRequest AuthorizationRequest::withMaxAge(qint64 seconds) const
{
    return with(&AuthorizationRequest::m_maxAge, std::optional<qint64>(seconds));
}

AuthorizationRequest AuthorizationRequest::withPrompt(const QString& prompt) const
{
    return with(&AuthorizationRequest::m_prompt, prompt);
}

AuthorizationRequest AuthorizationRequest::withLoginHint(const QString& loginHint) const
{
    return with(&AuthorizationRequest::m_loginHint, loginHint);
}

AuthorizationRequest AuthorizationRequest::withIdTokenHint(const QByteArray& idToken) const
{
    return with(&AuthorizationRequest::m_idTokenHint, idToken);
}

QUrl AuthorizationRequest::url() const
{
    QUrlQuery query(m_endpoint);
    const auto add = [&query](const QString& key, const QString& value) {
        // Percent-encode everything outside unreserved, so "+" and ":" in values survive every
        // server's decoder (QUrlQuery would leave them as they are).
        query.addQueryItem(key, QString::fromLatin1(QUrl::toPercentEncoding(value)));
    };
    add(QStringLiteral("response_type"), QStringLiteral("code")); // RFC 6749 §4.1.1
    add(QStringLiteral("client_id"), m_clientId);
    add(QStringLiteral("redirect_uri"), m_redirectUri.toString(QUrl::FullyEncoded));
    add(QStringLiteral("scope"), m_scopes.join(QLatin1Char(' ')));
    add(QStringLiteral("state"), QString::fromLatin1(m_state));
    add(QStringLiteral("nonce"), QString::fromLatin1(m_nonce)); // OIDC Core 3.1.2.1
    add(QStringLiteral("code_challenge"), QString::fromLatin1(m_verifier.challenge())); // RFC 7636
    add(QStringLiteral("code_challenge_method"), QString::fromLatin1(CodeVerifier::method()));
    if (!m_audience.isEmpty()) {
        add(QStringLiteral("audience"), m_audience);
    }
    if (!m_resource.isEmpty()) {
        add(QStringLiteral("resource"), m_resource); // RFC 8707 §2
    }
    if (!m_acrValues.isEmpty()) {
        add(QStringLiteral("acr_values"), m_acrValues.join(QLatin1Char(' ')));
    }
    if (m_maxAge) {
        add(QStringLiteral("max_age"), QString::number(*m_maxAge));
    }
    if (!m_prompt.isEmpty()) {
        add(QStringLiteral("prompt"), m_prompt);
    }
    if (!m_idTokenHint.isEmpty()) {
        add(QStringLiteral("id_token_hint"), QString::fromLatin1(m_idTokenHint));
    }
    if (!m_loginHint.isEmpty()) {
        add(QStringLiteral("login_hint"), m_loginHint);
    }
    QUrl url = m_endpoint;
    url.setQuery(query.query(QUrl::FullyEncoded), QUrl::StrictMode);
    return url;
}

} // namespace Fabrikam::Auth
