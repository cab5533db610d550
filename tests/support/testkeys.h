#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QString>

#include <openssl/types.h>

#include <memory>

namespace Fabrikam::Test {

// Key pairs generated at run time with OpenSSL, and the signing side of JOSE, so the tests can
// mint any token a real or hostile provider might send. Test code only.
class TestKey
{
public:
    TestKey() = default;
    [[nodiscard]] static TestKey rsa(int bits = 2048);
    [[nodiscard]] static TestKey ec(const char* curve = "P-256");

    [[nodiscard]] bool isNull() const { return !m_key; }
    [[nodiscard]] EVP_PKEY* pkey() const { return m_key.get(); }

    // The public JWK: kty RSA (n, e) or EC (crv, x, y); kid/alg/use only when non-empty.
    [[nodiscard]] QJsonObject publicJwk(const QString& kid, const QString& alg = {},
                                        const QString& use = QStringLiteral("sig")) const;
    // SubjectPublicKeyInfo PEM, the bytes an attacker "keys" HS256 with.
    [[nodiscard]] QByteArray publicKeyPem() const;

    // RS256 / PS256 / ES256 (raw R||S); ES256DER gives the DER form, which JWS forbids.
    [[nodiscard]] QByteArray sign(const QString& alg, QByteArrayView input) const;

private:
    std::shared_ptr<EVP_PKEY> m_key;
};

[[nodiscard]] QByteArray b64url(QByteArrayView bytes);
[[nodiscard]] QByteArray compactJson(const QJsonObject& object);

// header.payload.signature with the given JSON texts (for duplicate-member and non-object cases).
[[nodiscard]] QByteArray signRaw(QByteArrayView headerJson, QByteArrayView payloadJson,
                                 const TestKey& key, const QString& alg);
// Signs with header["alg"]; HS256 and none are handled by hs256() and unsigned().
[[nodiscard]] QByteArray makeJws(const QJsonObject& header, const QJsonObject& payload,
                                 const TestKey& key);
[[nodiscard]] QByteArray makeHs256(const QJsonObject& header, const QJsonObject& payload,
                                   QByteArrayView secret);
[[nodiscard]] QByteArray makeUnsigned(const QJsonObject& header, const QJsonObject& payload);

} // namespace Fabrikam::Test
