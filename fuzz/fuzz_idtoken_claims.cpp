// ID token validation past the signature: the claim checks of OIDC Core 3.1.3.7 (iss, aud, azp,
// exp, iat, nonce, sub, auth_time against max_age, amr/acr shapes) and of a refreshed ID token.
// fuzz_idtoken mutates whole tokens, so nearly every input stops at the signature. Here the input
// is the payload (and, after a first line "#header <json>", optionally the JWS header); the target
// signs it with an ES256 key made at start-up, whose public half is the key set, so every input
// reaches the claim checks. corpus/fuzz_idtoken_claims/ holds realistic claim sets.
#include "auth/jwks.h"
#include "auth/pkce.h"
#include "fuzzsupport.h"
#include "idtokenfuzzing.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>

#include <cstdlib>

using namespace Fabrikam;
using namespace Qt::StringLiterals;

namespace {

struct Signer
{
    EVP_PKEY* key = nullptr;
    Auth::JsonWebKeySet keys;
};

// Fixed-size big-endian coordinate, as a JWK needs it (RFC 7518 §6.2.1.2).
QByteArray coordinate(const EVP_PKEY* key, const char* name)
{
    BIGNUM* value = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &value) != 1) {
        std::abort();
    }
    QByteArray out(32, '\0');
    BN_bn2binpad(value, reinterpret_cast<unsigned char*>(out.data()), 32);
    BN_free(value);
    return out;
}

const Signer& signer()
{
    static const Signer s = [] {
        Signer made;
        made.key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
        if (!made.key) {
            std::abort();
        }
        const QJsonObject jwk{
            {u"kty"_s, u"EC"_s},
            {u"crv"_s, u"P-256"_s},
            {u"kid"_s, u"fuzz-claims"_s},
            {u"use"_s, u"sig"_s},
            {u"x"_s, QString::fromLatin1(
                         Auth::base64UrlEncode(coordinate(made.key, OSSL_PKEY_PARAM_EC_PUB_X)))},
            {u"y"_s, QString::fromLatin1(
                         Auth::base64UrlEncode(coordinate(made.key, OSSL_PKEY_PARAM_EC_PUB_Y)))},
        };
        made.keys =
            Auth::JsonWebKeySet::parse(QJsonDocument(QJsonObject{{u"keys"_s, QJsonArray{jwk}}})
                                           .toJson(QJsonDocument::Compact))
                .value();
        return made;
    }();
    return s;
}

// ES256 over the signing input: DER from OpenSSL, R||S (64 octets) in the token (RFC 7518 §3.4).
QByteArray sign(const QByteArray& signingInput)
{
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    size_t derSize = 0;
    QByteArray der(80, '\0');
    derSize = static_cast<size_t>(der.size());
    if (EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, signer().key) != 1 ||
        EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(der.data()), &derSize,
                       reinterpret_cast<const unsigned char*>(signingInput.constData()),
                       static_cast<size_t>(signingInput.size())) != 1) {
        std::abort();
    }
    EVP_MD_CTX_free(ctx);
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(derSize));
    QByteArray raw(64, '\0');
    BN_bn2binpad(ECDSA_SIG_get0_r(sig), reinterpret_cast<unsigned char*>(raw.data()), 32);
    BN_bn2binpad(ECDSA_SIG_get0_s(sig), reinterpret_cast<unsigned char*>(raw.data()) + 32, 32);
    ECDSA_SIG_free(sig);
    return raw;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    Fuzz::silenceQtMessages();
    (void)signer();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    QByteArray payload(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    QByteArray header = R"({"alg":"ES256","kid":"fuzz-claims","typ":"JWT"})";
    if (payload.startsWith("#header ")) {
        const qsizetype end = payload.indexOf('\n');
        if (end < 0) {
            return 0;
        }
        header = payload.mid(8, end - 8);
        payload = payload.mid(end + 1);
    }
    const QByteArray signingInput =
        Auth::base64UrlEncode(header) + '.' + Auth::base64UrlEncode(payload);
    const QByteArray jwt = signingInput + '.' + Auth::base64UrlEncode(sign(signingInput));

    const auto [first, refreshed] = Fuzz::validateBothWays(jwt, signer().keys);
    // Property: a token is always "the same person" as itself (OIDC Core 12.2's comparison).
    if (first.ok() && refreshed.ok() && !Auth::sameSubject(first.value(), refreshed.value())) {
        std::abort();
    }
    return 0;
}
