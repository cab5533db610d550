#pragma once

#include <QByteArrayView>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace Fabrikam::Auth {

// What an access token says about itself, decoded for support staff (the diagnostics view and the
// support bundle) and nothing else. An access token is for the API, not for us: OAuth 2.0 keeps it
// opaque to the client (RFC 6749 §1.4) and RFC 9068 §6 says a client must not rely on its contents.
// So nothing here is verified and nothing here decides anything — the API checks the signature.
// It answers support questions such as "which scope and which acr did the provider put in the
// token the bank refused?". Holds claims only, never the token.
struct AccessTokenClaims
{
    // False for an opaque token (not a compact JWS): there is nothing to decode.
    bool jwt = false;
    // The JWS header's alg, kid and typ ("at+jwt" for RFC 9068 tokens); nothing else of it.
    QString algorithm;
    QString keyId;
    QString type;
    QJsonObject claims;
};

// nullopt for an empty token; jwt == false for a token that is not a readable compact JWS.
[[nodiscard]] std::optional<AccessTokenClaims> decodeAccessTokenClaims(QByteArrayView token);

} // namespace Fabrikam::Auth
