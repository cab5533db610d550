#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QString>
#include <QStringView>

#include <openssl/types.h>

namespace Fabrikam::Auth {

// The only JWS algorithms we accept (RFC 7518 §3.1). "none" and the HMAC family are refused by
// name: a public client has no shared secret, and "HS256 keyed with the RSA public key" is the
// classic confusion attack (RFC 8725 §2.1, §3.1).
enum class JwsAlgorithm
{
    RS256, // RSASSA-PKCS1-v1_5 with SHA-256 (RFC 7518 §3.3)
    PS256, // RSASSA-PSS with SHA-256, MGF1 SHA-256, salt = 32 octets (RFC 7518 §3.5)
    ES256, // ECDSA P-256 with SHA-256, signature = R||S, 64 octets (RFC 7518 §3.4)
};

// Compact serialisations above this size are refused before any decoding. ID tokens are a few
// hundred bytes to a few KiB; the bound keeps hostile input cheap.
inline constexpr qsizetype kMaxCompactJwsSize = 16 * 1024;

// Strict base64url (RFC 7515 §2, RFC 4648 §5): alphabet [A-Za-z0-9_-] only, no padding, no
// whitespace, and canonical (the unused low bits of the last character must be zero), so a given
// byte string has exactly one accepted encoding.
[[nodiscard]] Common::Result<QByteArray> base64UrlDecode(QByteArrayView text);

// A parsed compact JWS (RFC 7515 §7.1). Nothing in it has been verified yet.
struct CompactJws
{
    QJsonObject header;
    QJsonObject payload;
    QByteArray signingInput; // ASCII(BASE64URL(header) || '.' || BASE64URL(payload))
    QByteArray signature;    // decoded octets

    [[nodiscard]] QString algorithm() const { return header.value(u"alg").toString(); }
};

// Splits and decodes "header.payload.signature" (RFC 7515 §5.2 steps 1-5 and RFC 7519 §7.2):
// exactly three segments (five would be a JWE, which we do not accept), strict base64url, header
// and payload JSON objects without duplicate member names (RFC 7515 §4), "alg" a string, and "crit"
// refused unless empty (RFC 7515 §4.1.11: we understand no extension). The signature is NOT
// checked here.
[[nodiscard]] Common::Result<CompactJws> parseCompactJws(QByteArrayView compact);

// "RS256" -> RS256 etc. (case-sensitive, RFC 7515 §4.1.1). Everything else is an
// UnsupportedAlgorithm error that names what was refused.
[[nodiscard]] Common::Result<JwsAlgorithm> jwsAlgorithmFromName(QStringView name);
[[nodiscard]] QString jwsAlgorithmName(JwsAlgorithm alg);

// Whether a key of this type may be used with this algorithm: RSA (>= 2048 bits) for RS256/PS256,
// EC on P-256 for ES256 (RFC 7518 §3.3-3.5). Binding the algorithm to the key type is what stops a
// token from choosing how our public key is used.
[[nodiscard]] bool keyFitsAlgorithm(const EVP_PKEY* key, JwsAlgorithm alg);

// Verifies a JWS signature (RFC 7515 §5.2 step 8) with OpenSSL 3. The algorithm name is refused
// unless it is one of the three above and fits the key type. ES256 signatures must be exactly 64
// octets (R||S); they are converted to DER for OpenSSL.
[[nodiscard]] Common::Result<void> verifySignature(QStringView alg, EVP_PKEY* key,
                                                   QByteArrayView signingInput,
                                                   QByteArrayView signature);

} // namespace Fabrikam::Auth
