#pragma once

// What fuzz_idtoken and fuzz_idtoken_claims share: one ID token validated both ways the product
// validates one, at a fixed time, with fixed checks.
#include "auth/idtokenvalidator.h"

#include <QByteArrayView>
#include <QDateTime>

namespace Fabrikam::Fuzz {

struct BothValidations
{
    Common::Result<Auth::IdToken> fromSignIn;  // with nonce and max_age=600
    Common::Result<Auth::IdToken> fromRefresh; // OIDC Core 12.2: no nonce, no max_age
};

inline BothValidations validateBothWays(QByteArrayView jwt, const Auth::JsonWebKeySet& keys)
{
    static const QDateTime now = QDateTime::fromSecsSinceEpoch(1700000060, Qt::UTC);
    Auth::IdTokenChecks checks;
    checks.issuer = QStringLiteral("http://127.0.0.1:8700");
    checks.clientId = QStringLiteral("fabrikam-desktop");
    checks.nonce = "n-0S6_WzA2Mj";
    checks.maxAgeSeconds = 600;
    auto fromSignIn = Auth::validateIdToken(jwt, checks, keys, now);
    checks.fromRefresh = true;
    checks.nonce.clear();
    checks.maxAgeSeconds.reset();
    return {std::move(fromSignIn), Auth::validateIdToken(jwt, checks, keys, now)};
}

} // namespace Fabrikam::Fuzz
