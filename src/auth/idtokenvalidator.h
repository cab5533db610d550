#pragma once

#include "auth/errors.h"
#include "auth/idtoken.h"
#include "auth/jwks.h"
#include "common/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QString>

#include <optional>

namespace Fabrikam::Auth {

// What the relying party sent and expects back (OIDC Core 3.1.3.7).
struct IdTokenChecks
{
    QString issuer;   // exact "issuer" from discovery, e.g. "https://tenant.auth0.com/"
    QString clientId; // our client_id
    QByteArray nonce; // the nonce of the authorization request; must not be empty
    std::optional<qint64> maxAgeSeconds; // the max_age we requested, if any
    qint64 clockSkewSeconds = 300;       // leeway for exp, iat and auth_time
    // An ID token from a refresh (OIDC Core 12.2): no authorization request, so no nonce to bind
    // it to; `nonce` stays empty and the claim is not checked. The caller must then compare iss,
    // sub and aud with the original ID token (sameSubject()).
    bool fromRefresh = false;
};

// Validates an ID token from the token endpoint (OIDC Core 3.1.3.7), signature always included:
// alg RS256/PS256/ES256 fitting the key's type, key chosen by kid from `keys` only. Returns the
// token or an Error whose code names the failed check; Errc::UnknownKeyId means "refetch
// the JWKS once and call again" (DESIGN.md section 5).
[[nodiscard]] Common::Result<IdToken> validateIdToken(QByteArrayView jwt,
                                                      const IdTokenChecks& checks,
                                                      const JsonWebKeySet& keys,
                                                      const QDateTime& now);

// OIDC Core 12.2: a refreshed ID token keeps iss, sub and aud of the one it replaces.
[[nodiscard]] bool sameSubject(const IdToken& original, const IdToken& refreshed);
// The same aud values, in any order (the part of sameSubject() a restored session can check
// against the aud it saved).
[[nodiscard]] bool sameAudiences(QStringList original, QStringList refreshed);

// The "web app" step-up check of the seed: the user authenticated with MFA (amr contains "mfa",
// RFC 8176 §2, or acr equals mfaAcr) at most maxAgeSeconds ago (auth_time, OIDC Core 2). False
// when auth_time is absent or maxAgeSeconds is negative. No clock-skew allowance.
[[nodiscard]] bool hasRecentMfa(const IdToken& token, const QDateTime& now, qint64 maxAgeSeconds,
                                const QString& mfaAcr);

} // namespace Fabrikam::Auth
