#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringList>

#include <optional>

namespace Fabrikam::Auth {

// A successful token endpoint response (RFC 6749 §5.1, OIDC Core 3.1.3.3). Holds secrets: there
// is deliberately no operator<< or QDebug support; print redact(accessToken) when you must.
struct TokenResponse
{
    QByteArray accessToken;
    QString tokenType;               // "Bearer" (compared case-insensitively, RFC 6749 §5.1)
    std::optional<qint64> expiresIn; // seconds
    QByteArray refreshToken;         // empty when none was issued
    QByteArray idToken;              // empty when none was issued (e.g. some refreshes)
    // RFC 6749 §5.1: scope is OPTIONAL if identical to the requested scope; scopeReturned says
    // whether the provider named the granted scope or left us to assume the requested one.
    QStringList scope;
    bool scopeReturned = false;
};

// Which grant a token request was for. An invalid_grant answer (RFC 6749 §5.2) to a refresh means
// the session has ended (SessionExpired: the refresh token was revoked, expired or rotated
// elsewhere); to a code exchange, that the code was refused (TokenRequestRejected).
enum class TokenGrant
{
    AuthorizationCode,
    RefreshToken,
    None, // not a grant: a revocation's error body (RFC 7009 §2.2.1)
};

// Interprets a token endpoint answer: 200 with JSON is success (access_token and token_type Bearer
// required); 400/401 with an OAuth error body (RFC 6749 §5.2) is TokenRequestRejected (or
// SessionExpired, see TokenGrant) with the provider's "error" and "error_description" in
// Error::detail for support staff; 5xx is ProviderUnavailable; anything else
// InvalidProviderResponse. Bodies over 64 KiB are refused.
[[nodiscard]] Common::Result<TokenResponse> parseTokenResponse(int httpStatus, QByteArrayView body,
                                                               TokenGrant grant);

} // namespace Fabrikam::Auth
