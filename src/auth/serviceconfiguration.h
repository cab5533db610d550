#pragma once

#include "common/result.h"

#include <QByteArrayView>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace Fabrikam::Auth {

// What the provider's discovery document (OpenID Connect Discovery 1.0 §3) tells us, checked.
// Endpoints are https, or http to a loopback address only (the sandbox on 127.0.0.1); anything
// else is refused as InsecureEndpoint, so a typo in a profile cannot send codes in clear text.
struct ServiceConfiguration
{
    QString issuer;
    QUrl authorizationEndpoint;
    QUrl tokenEndpoint;
    QUrl jwksUri;
    QUrl revocationEndpoint; // empty when the provider has none (RFC 7009 is optional)
    QUrl endSessionEndpoint; // empty when the provider has none (RP-Initiated Logout 1.0)
    QUrl userinfoEndpoint;
    bool issParameterSupported = false; // RFC 9207 §3: then every authorization response has iss
    QStringList codeChallengeMethods;
    QStringList scopesSupported;

    // issuer + "/.well-known/openid-configuration" (Discovery §4.1: a trailing "/" of the issuer is
    // removed before appending, as Auth0's issuers end in "/").
    [[nodiscard]] static QUrl discoveryUrl(const QString& issuer);

    // Parses and checks the document: the "issuer" must equal expectedIssuer exactly (Discovery
    // §4.3), the authorization, token and JWKS endpoints must be present and acceptable, S256 must
    // be offered when the provider lists PKCE methods at all.
    [[nodiscard]] static Common::Result<ServiceConfiguration>
    fromDocument(QByteArrayView json, const QString& expectedIssuer);
};

// https, or http to 127.0.0.0/8, ::1 or "localhost" (RFC 8252 §8.3 allows loopback http).
[[nodiscard]] bool isAcceptableEndpoint(const QUrl& url);

} // namespace Fabrikam::Auth
