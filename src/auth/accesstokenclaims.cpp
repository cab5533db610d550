#include "auth/accesstokenclaims.h"

#include "auth/jose.h"

namespace Fabrikam::Auth {

std::optional<AccessTokenClaims> decodeAccessTokenClaims(QByteArrayView token)
{
    if (token.isEmpty()) {
        return std::nullopt;
    }
    AccessTokenClaims decoded;
    // The same strict parser as for ID tokens (size bound, three segments, strict base64url, JSON
    // objects without duplicate names); its signature is left to the API.
    const auto jws = parseCompactJws(token);
    if (!jws.ok()) {
        return decoded;
    }
    decoded.jwt = true;
    decoded.algorithm = jws.value().algorithm();
    decoded.keyId = jws.value().header.value(u"kid").toString();
    decoded.type = jws.value().header.value(u"typ").toString();
    decoded.claims = jws.value().payload;
    return decoded;
}

} // namespace Fabrikam::Auth
