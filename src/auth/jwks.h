#pragma once

#include "auth/jose.h"
#include "common/result.h"

#include <QByteArrayView>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <openssl/types.h>

#include <memory>

namespace Fabrikam::Auth {

// One public signing key from a JWK Set (RFC 7517 §4, RFC 7518 §6). Immutable; copies share the
// underlying EVP_PKEY, which is freed with the last copy.
class JsonWebKey
{
public:
    // RSA: "n", "e" (RFC 7518 §6.3.1), modulus >= 2048 bits. EC: "crv" P-256 with 32-octet "x" and
    // "y" (RFC 7518 §6.2.1), point on the curve. Private members ("d", "p", ...) are ignored: we
    // only ever build a public key. Anything else is an UnsupportedKey error.
    [[nodiscard]] static Common::Result<JsonWebKey> fromJson(const QJsonObject& jwk);

    [[nodiscard]] const QString& keyId() const { return m_keyId; }         // "kid", may be empty
    [[nodiscard]] const QString& keyType() const { return m_keyType; }     // "RSA" or "EC"
    [[nodiscard]] const QString& algorithm() const { return m_algorithm; } // "alg", may be empty
    [[nodiscard]] const QString& use() const { return m_use; }             // "use", may be empty

    // Owned by this key (and its copies); valid as long as one of them lives.
    [[nodiscard]] EVP_PKEY* evpKey() const { return m_key.get(); }

    // The key type fits alg, and the JWK's own "alg", when present, names it (RFC 7517 §4.4).
    [[nodiscard]] bool fits(JwsAlgorithm alg) const;

private:
    JsonWebKey() = default;

    QString m_keyId;
    QString m_keyType;
    QString m_algorithm;
    QString m_use;
    std::shared_ptr<EVP_PKEY> m_key;
};

// The provider's JWK Set (RFC 7517 §5), as fetched from jwks_uri.
class JsonWebKeySet
{
public:
    // Refuses a document that is not a JSON object with a "keys" array (InvalidKeySet). Single keys
    // that cannot be used for verifying signatures - unparseable, unsupported kty/crv, short RSA
    // moduli, "use" other than "sig", "key_ops" without "verify" - are skipped and counted
    // (RFC 7517 §5: "implementations SHOULD ignore JWKs within a JWK Set that use "kty" values
    // that are not understood by them").
    [[nodiscard]] static Common::Result<JsonWebKeySet> parse(QByteArrayView json);

    [[nodiscard]] const QList<JsonWebKey>& keys() const { return m_keys; }
    [[nodiscard]] qsizetype skippedCount() const { return m_skipped; }

    // Picks the verification key for a JWS header. Only "kid" and "alg" are read: "jwk", "jku",
    // "x5u" and "x5c" in a token header are attacker-controlled and never used (RFC 8725 §3.10).
    //   kid present: the key with that kid that fits alg. None with that kid -> UnknownKeyId (the
    //                caller refetches the JWKS once and retries, DESIGN.md section 5); a kid
    //                match of the wrong type -> AlgorithmKeyMismatch.
    //   kid absent:  exactly one key fitting alg (OIDC Core 10.1), else NoSuitableKey or
    //                AmbiguousKey.
    [[nodiscard]] Common::Result<JsonWebKey> selectKey(const QJsonObject& joseHeader) const;

private:
    QList<JsonWebKey> m_keys;
    qsizetype m_skipped = 0;
};

} // namespace Fabrikam::Auth
