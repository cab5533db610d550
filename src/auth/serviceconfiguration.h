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

// An issuer or API address: https, or plain http to a loopback IP literal (127.0.0.0/8, ::1),
// for a provider on this machine; never "localhost", which a hosts file or resolver may send
// elsewhere (RFC 8252 §8.3).
[[nodiscard]] bool isAcceptableEndpoint(const QUrl& url);
// An endpoint that `issuer`'s discovery names (the code, the verifier and the refresh token go
// there): as above, and plain http only under a plain-http (loopback) issuer. An https issuer's
// endpoints are https, loopback or not.
[[nodiscard]] bool isAcceptableEndpoint(const QUrl& url, const QUrl& issuer);

} // namespace Fabrikam::Auth
