#pragma once

#include "auth/authorizationrequest.h"
#include "auth/idtokenvalidator.h"
#include "auth/jwks.h"
#include "auth/serviceconfiguration.h"
#include "auth/tokenresponse.h"
#include "common/async.h"
#include "common/result.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <chrono>
#include <functional>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;
class QUrlQuery;

namespace Fabrikam::Auth {

using Common::Completion;

// The stateless-ish I/O service of the auth core (AppAuth's "authorization service"): discovery,
// JWKS, the token endpoint (code exchange, refresh), revocation. Small explicit calls; the caller
// keeps verifier, state and nonce and passes them back (openid-client's style).
//
// Asynchronous calls follow the house convention (common/async.h); every request has a timeout.
// The only state kept is a cache of JWK Sets by URI, refreshed once when a token names an unknown
// key (DESIGN.md section 5).
class OidcClient : public QObject
{
    Q_OBJECT

public:
    explicit OidcClient(QNetworkAccessManager& network, QObject* parent = nullptr);

    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }

    void discover(const QString& issuer, QObject* context, Completion<ServiceConfiguration> done);

    // Authorization code grant (RFC 6749 §4.1.3) with the PKCE verifier (RFC 7636 §4.5), for a
    // public client (client_id in the body, no secret).
    void exchangeCode(const ServiceConfiguration& config, const AuthorizationRequest& request,
                      const QByteArray& code, QObject* context, Completion<TokenResponse> done);

    // Refresh grant (RFC 6749 §6). `scopes` may narrow the grant; empty keeps it.
    void refresh(const ServiceConfiguration& config, const QString& clientId,
                 const QByteArray& refreshToken, const QStringList& scopes, QObject* context,
                 Completion<TokenResponse> done);

    // RFC 7009. Succeeds without a request when the provider has no revocation endpoint.
    void revoke(const ServiceConfiguration& config, const QString& clientId,
                const QByteArray& token, const QString& tokenTypeHint, QObject* context,
                Completion<bool> done);

    // OIDC Core 3.1.3.7 with the provider's keys: the JWK Set is fetched on first use and cached;
    // a token naming an unknown kid triggers exactly one refetch (key rotation), then refusal.
    void validateIdToken(const ServiceConfiguration& config, const QByteArray& idToken,
                         const IdTokenChecks& checks, const QDateTime& now, QObject* context,
                         Completion<IdToken> done);

    // How many JWKS documents were fetched (for diagnostics and the tests of the cache).
    [[nodiscard]] int jwksFetchCount() const { return m_jwksFetches; }

private:
    // `failed` is set when there is no HTTP answer to use: unreachable, over the deadline, over
    // the size limit, or redirected somewhere we do not go. `what` names the request in details.
    using RawHandler = std::function<void(int status, const QByteArray& body,
                                          const std::optional<Common::Error>& failed)>;
    void get(const QUrl& url, const QString& what, QObject* context, RawHandler handler);
    void postForm(const QUrl& url, const QString& what, const QUrlQuery& form, QObject* context,
                  RawHandler handler);
    void watch(QNetworkReply* reply, const QString& what, QObject* context, RawHandler handler);
    void fetchJwks(const QUrl& uri, QObject* context, Completion<JsonWebKeySet> done);
    void tokenRequest(const ServiceConfiguration& config, const QUrlQuery& form, TokenGrant grant,
                      QObject* context, Completion<TokenResponse> done);

    QNetworkAccessManager& m_network;
    std::chrono::milliseconds m_timeout{15000};
    QHash<QUrl, JsonWebKeySet> m_jwks;
    int m_jwksFetches = 0;
};

} // namespace Fabrikam::Auth
