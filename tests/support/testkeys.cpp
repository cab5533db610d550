#include "support/testkeys.h"

#include <QJsonDocument>
#include <QMessageAuthenticationCode>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <array>
#include <stdexcept>

namespace Fabrikam::Test {

namespace {

[[noreturn]] void fail(const char* what)
{
    throw std::runtime_error(what);
}

QByteArray bignumParam(const EVP_PKEY* key, const char* name)
{
    BIGNUM* bn = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &bn) != 1) {
        fail("EVP_PKEY_get_bn_param");
    }
    QByteArray out(BN_num_bytes(bn), '\0');
    BN_bn2bin(bn, reinterpret_cast<unsigned char*>(out.data()));
    BN_free(bn);
    return out;
}

} // namespace

TestKey TestKey::rsa(int bits)
{
    TestKey key;
    key.m_key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(bits)),
                    EVP_PKEY_free);
    if (!key.m_key) {
        fail("RSA keygen");
    }
    return key;
}

TestKey TestKey::ec(const char* curve)
{
    TestKey key;
    key.m_key.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve), EVP_PKEY_free);
    if (!key.m_key) {
        fail("EC keygen");
    }
    return key;
}

QJsonObject TestKey::publicJwk(const QString& kid, const QString& alg, const QString& use) const
{
    QJsonObject jwk;
    if (EVP_PKEY_is_a(pkey(), "RSA")) {
        jwk.insert(QStringLiteral("kty"), QStringLiteral("RSA"));
        jwk.insert(QStringLiteral("n"),
                   QString::fromLatin1(b64url(bignumParam(pkey(), OSSL_PKEY_PARAM_RSA_N))));
        jwk.insert(QStringLiteral("e"),
                   QString::fromLatin1(b64url(bignumParam(pkey(), OSSL_PKEY_PARAM_RSA_E))));
    } else {
        std::array<char, 64> group{};
        size_t groupLength = 0;
        EVP_PKEY_get_group_name(pkey(), group.data(), group.size(), &groupLength);
        const QByteArrayView groupName(group.data(), static_cast<qsizetype>(groupLength));
        std::array<unsigned char, 133> point{};
        size_t length = 0;
        if (EVP_PKEY_get_octet_string_param(pkey(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                            point.size(), &length) != 1 ||
            point[0] != 0x04) {
            fail("EC public key");
        }
        const qsizetype coordinate = static_cast<qsizetype>((length - 1) / 2);
        const QByteArrayView bytes(reinterpret_cast<const char*>(point.data()),
                                   static_cast<qsizetype>(length));
        jwk.insert(QStringLiteral("kty"), QStringLiteral("EC"));
        jwk.insert(QStringLiteral("crv"), groupName == "prime256v1" ? QStringLiteral("P-256")
                                          : groupName == "secp384r1"
                                              ? QStringLiteral("P-384")
                                              : QString::fromLatin1(groupName));
        jwk.insert(QStringLiteral("x"), QString::fromLatin1(b64url(bytes.sliced(1, coordinate))));
        jwk.insert(QStringLiteral("y"),
                   QString::fromLatin1(b64url(bytes.sliced(1 + coordinate, coordinate))));
    }
    if (!kid.isEmpty()) {
        jwk.insert(QStringLiteral("kid"), kid);
    }
    if (!alg.isEmpty()) {
        jwk.insert(QStringLiteral("alg"), alg);
    }
    if (!use.isEmpty()) {
        jwk.insert(QStringLiteral("use"), use);
    }
    return jwk;
}

QByteArray TestKey::publicKeyPem() const
{
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PUBKEY(bio, pkey());
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    QByteArray pem(data, static_cast<qsizetype>(length));
    BIO_free(bio);
    return pem;
}

QByteArray TestKey::sign(const QString& alg, QByteArrayView input) const
{
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX* pctx = nullptr;
    if (EVP_DigestSignInit_ex(ctx, &pctx, "SHA256", nullptr, nullptr, pkey(), nullptr) != 1) {
        fail("EVP_DigestSignInit_ex");
    }
    if (alg == QLatin1String("PS256")) {
        EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
        EVP_PKEY_CTX_set_rsa_mgf1_md_name(pctx, "SHA256", nullptr);
        EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST);
    }
    const auto* data = reinterpret_cast<const unsigned char*>(input.data());
    const auto dataLength = static_cast<size_t>(input.size());
    size_t length = 0;
    if (EVP_DigestSign(ctx, nullptr, &length, data, dataLength) != 1) {
        fail("EVP_DigestSign size");
    }
    QByteArray signature(static_cast<qsizetype>(length), '\0');
    if (EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(signature.data()), &length, data,
                       dataLength) != 1) {
        fail("EVP_DigestSign");
    }
    EVP_MD_CTX_free(ctx);
    signature.resize(static_cast<qsizetype>(length));

    if (alg != QLatin1String("ES256")) {
        return signature; // RS256, PS256, and ES256DER as OpenSSL produced it
    }
    // RFC 7518 §3.4: DER ECDSA-Sig-Value -> R||S, 32 octets each.
    const auto* der = reinterpret_cast<const unsigned char*>(signature.constData());
    ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &der, static_cast<long>(signature.size()));
    const BIGNUM* r = nullptr;
    const BIGNUM* s = nullptr;
    ECDSA_SIG_get0(sig, &r, &s);
    QByteArray raw(64, '\0');
    BN_bn2binpad(r, reinterpret_cast<unsigned char*>(raw.data()), 32);
    BN_bn2binpad(s, reinterpret_cast<unsigned char*>(raw.data()) + 32, 32);
    ECDSA_SIG_free(sig);
    return raw;
}

QByteArray b64url(QByteArrayView bytes)
{
    return bytes.toByteArray().toBase64(QByteArray::Base64UrlEncoding |
                                        QByteArray::OmitTrailingEquals);
}

QByteArray compactJson(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray signRaw(QByteArrayView headerJson, QByteArrayView payloadJson, const TestKey& key,
                   const QString& alg)
{
    const QByteArray input = b64url(headerJson) + '.' + b64url(payloadJson);
    return input + '.' + b64url(key.sign(alg, input));
}

QByteArray makeJws(const QJsonObject& header, const QJsonObject& payload, const TestKey& key)
{
    return signRaw(compactJson(header), compactJson(payload), key,
                   header.value(QStringLiteral("alg")).toString());
}

QByteArray makeHs256(const QJsonObject& header, const QJsonObject& payload, QByteArrayView secret)
{
    const QByteArray input = b64url(compactJson(header)) + '.' + b64url(compactJson(payload));
    return input + '.' +
           b64url(QMessageAuthenticationCode::hash(input, secret.toByteArray(),
                                                   QCryptographicHash::Sha256));
}

QByteArray makeUnsigned(const QJsonObject& header, const QJsonObject& payload)
{
    return b64url(compactJson(header)) + '.' + b64url(compactJson(payload)) + '.';
}

} // namespace Fabrikam::Test
