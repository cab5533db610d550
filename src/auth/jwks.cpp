#include "auth/jwks.h"

#include "auth/errors.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <string_view>

namespace Fabrikam::Auth {

using Common::Error;
using Common::ErrorCode;
using Common::Result;
using namespace Qt::StringLiterals;

namespace {

constexpr int kMinRsaBits = 2048; // RFC 7518 §3.3 / §3.5
// Larger moduli only cost verification time; 8192 is above anything providers publish.
constexpr int kMaxRsaBits = 8192;
constexpr qsizetype kP256CoordinateSize = 32; // RFC 7518 §6.2.1.2: x and y are 32 octets for P-256
// A JWK Set is a few KiB; refuse to parse megabytes from a misbehaving endpoint.
constexpr qsizetype kMaxJwksSize = 512 * 1024;

const char* const kKeysUnusable = QT_TRANSLATE_NOOP(
    "Fabrikam::Auth::Jwks", "The identity provider's signing keys could not be used. Please try "
                            "again later or contact support.");
const char* const kNoKey = QT_TRANSLATE_NOOP(
    "Fabrikam::Auth::Jwks", "The sign-in token was signed with a key the identity provider does "
                            "not publish. Please try signing in again.");

Error jwksError(ErrorCode code, const char* message, QString detail)
{
    return Error{code, QCoreApplication::translate("Fabrikam::Auth::Jwks", message),
                 std::move(detail)};
}

Error unsupported(QString detail)
{
    return jwksError(Errc::UnsupportedKey, kKeysUnusable, std::move(detail));
}

struct ParamBldFree
{
    void operator()(OSSL_PARAM_BLD* bld) const { OSSL_PARAM_BLD_free(bld); }
};
struct ParamFree
{
    void operator()(OSSL_PARAM* params) const { OSSL_PARAM_free(params); }
};
struct PkeyCtxFree
{
    void operator()(EVP_PKEY_CTX* ctx) const { EVP_PKEY_CTX_free(ctx); }
};
struct BignumFree
{
    void operator()(BIGNUM* bn) const { BN_free(bn); }
};

// A required base64url member (RFC 7518 §6: "Base64urlUInt" or octets).
Result<QByteArray> member(const QJsonObject& jwk, QStringView name)
{
    const QJsonValue value = jwk.value(name);
    if (!value.isString()) {
        return Result<QByteArray>(unsupported(u"member %1 missing or not a string"_s.arg(name)));
    }
    auto bytes = base64UrlDecode(value.toString().toLatin1());
    if (!bytes.ok() || bytes.value().isEmpty()) {
        return Result<QByteArray>(unsupported(u"member %1 is not base64url"_s.arg(name)));
    }
    return bytes;
}

// Builds a public EVP_PKEY with the OpenSSL 3 provider API (STACK.md section 6) and checks it.
Result<std::shared_ptr<EVP_PKEY>> fromData(const char* type, OSSL_PARAM_BLD* bld)
{
    std::unique_ptr<OSSL_PARAM, ParamFree> params(OSSL_PARAM_BLD_to_param(bld));
    std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(
        EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY* raw = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
        EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1 || !raw) {
        ERR_clear_error();
        return Result<std::shared_ptr<EVP_PKEY>>(
            unsupported(u"OpenSSL refused the %1 key material"_s.arg(QLatin1String(type))));
    }
    std::shared_ptr<EVP_PKEY> key(raw, EVP_PKEY_free);
    // EC: the point must be on the curve. RSA keys are checked in rsaKey() instead: OpenSSL's
    // public check adds SP 800-56B small-prime tests worth ~2.4 ms per RSA-2048 key (bench/), a
    // defence for key agreement that adds nothing to verifying the provider's signatures.
    if (std::string_view(type) != "EC") {
        return Result<std::shared_ptr<EVP_PKEY>>(std::move(key));
    }
    std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> check(
        EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
    if (!check || EVP_PKEY_public_check(check.get()) != 1) {
        ERR_clear_error();
        return Result<std::shared_ptr<EVP_PKEY>>(
            unsupported(u"%1 public key fails OpenSSL's check"_s.arg(QLatin1String(type))));
    }
    return Result<std::shared_ptr<EVP_PKEY>>(std::move(key));
}

Result<std::shared_ptr<EVP_PKEY>> rsaKey(const QJsonObject& jwk)
{
    // RFC 7518 §6.3.1.1 "n", §6.3.1.2 "e".
    const auto n = member(jwk, u"n");
    if (!n.ok()) {
        return Result<std::shared_ptr<EVP_PKEY>>(n.error());
    }
    const auto e = member(jwk, u"e");
    if (!e.ok()) {
        return Result<std::shared_ptr<EVP_PKEY>>(e.error());
    }
    std::unique_ptr<BIGNUM, BignumFree> bnN(
        BN_bin2bn(reinterpret_cast<const unsigned char*>(n.value().constData()),
                  static_cast<int>(n.value().size()), nullptr));
    std::unique_ptr<BIGNUM, BignumFree> bnE(
        BN_bin2bn(reinterpret_cast<const unsigned char*>(e.value().constData()),
                  static_cast<int>(e.value().size()), nullptr));
    if (!bnN || !bnE) {
        return Result<std::shared_ptr<EVP_PKEY>>(unsupported(u"BN_bin2bn"_s));
    }
    // RFC 7518 §3.3: "A key of size 2048 bits or larger MUST be used with these algorithms."
    const int bits = BN_num_bits(bnN.get());
    if (bits < kMinRsaBits || bits > kMaxRsaBits) {
        return Result<std::shared_ptr<EVP_PKEY>>(
            unsupported(u"RSA modulus of %1 bits is outside 2048..8192"_s.arg(bits)));
    }
    // A usable RSA public key: odd modulus, odd exponent from 3 to 2^256 (RFC 8017 §3.1; the
    // bound keeps a hostile JWKS from making every verify expensive).
    if (!BN_is_odd(bnN.get()) || !BN_is_odd(bnE.get()) || BN_num_bits(bnE.get()) < 2 ||
        BN_num_bits(bnE.get()) > 256) {
        return Result<std::shared_ptr<EVP_PKEY>>(
            unsupported(u"RSA modulus or exponent unusable"_s));
    }
    std::unique_ptr<OSSL_PARAM_BLD, ParamBldFree> bld(OSSL_PARAM_BLD_new());
    if (!bld || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bnN.get()) != 1 ||
        OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bnE.get()) != 1) {
        return Result<std::shared_ptr<EVP_PKEY>>(unsupported(u"OSSL_PARAM_BLD"_s));
    }
    return fromData("RSA", bld.get());
}

Result<std::shared_ptr<EVP_PKEY>> ecKey(const QJsonObject& jwk)
{
    // RFC 7518 §6.2.1.1: only P-256 goes with ES256, the one EC algorithm we accept.
    if (jwk.value(u"crv").toString() != u"P-256") {
        return Result<std::shared_ptr<EVP_PKEY>>(unsupported(u"EC curve is not P-256"_s));
    }
    const auto x = member(jwk, u"x");
    if (!x.ok()) {
        return Result<std::shared_ptr<EVP_PKEY>>(x.error());
    }
    const auto y = member(jwk, u"y");
    if (!y.ok()) {
        return Result<std::shared_ptr<EVP_PKEY>>(y.error());
    }
    // RFC 7518 §6.2.1.2/§6.2.1.3: "MUST be the full size of a coordinate for the curve".
    if (x.value().size() != kP256CoordinateSize || y.value().size() != kP256CoordinateSize) {
        return Result<std::shared_ptr<EVP_PKEY>>(
            unsupported(u"P-256 coordinates must be 32 octets each"_s));
    }
    // SEC 1 §2.3.3 uncompressed point: 0x04 || x || y.
    QByteArray point;
    point.reserve(1 + 2 * kP256CoordinateSize);
    point.append('\x04').append(x.value()).append(y.value());
    std::unique_ptr<OSSL_PARAM_BLD, ParamBldFree> bld(OSSL_PARAM_BLD_new());
    if (!bld ||
        OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) !=
            1 ||
        OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.constData(),
                                         static_cast<size_t>(point.size())) != 1) {
        return Result<std::shared_ptr<EVP_PKEY>>(unsupported(u"OSSL_PARAM_BLD"_s));
    }
    return fromData("EC", bld.get());
}

// Optional string members: absent is fine, another JSON type is not.
bool optionalString(const QJsonObject& jwk, QStringView name, QString& out)
{
    const QJsonValue value = jwk.value(name);
    if (value.isUndefined()) {
        return true;
    }
    if (!value.isString()) {
        return false;
    }
    out = value.toString();
    return true;
}

} // namespace

Result<JsonWebKey> JsonWebKey::fromJson(const QJsonObject& jwk)
{
    JsonWebKey key;
    // RFC 7517 §4.1 "kty" REQUIRED; §4.2 "use", §4.4 "alg", §4.5 "kid" optional strings.
    if (!jwk.value(u"kty").isString() || !optionalString(jwk, u"use", key.m_use) ||
        !optionalString(jwk, u"alg", key.m_algorithm) ||
        !optionalString(jwk, u"kid", key.m_keyId)) {
        return Result<JsonWebKey>(unsupported(u"kty missing, or use/alg/kid not strings"_s));
    }
    key.m_keyType = jwk.value(u"kty").toString();

    // RFC 7517 §4.2: only signature keys; "enc" keys are never used to verify.
    if (!key.m_use.isEmpty() && key.m_use != u"sig") {
        return Result<JsonWebKey>(unsupported(u"use is not sig"_s));
    }
    // RFC 7517 §4.3: when "key_ops" is present it must allow "verify".
    if (jwk.contains(u"key_ops")) {
        const QJsonValue ops = jwk.value(u"key_ops");
        if (!ops.isArray() || !ops.toArray().contains(QJsonValue(u"verify"_s))) {
            return Result<JsonWebKey>(unsupported(u"key_ops does not allow verify"_s));
        }
    }
    // RFC 7517 §4.4: a JWK that names an algorithm we do not accept is of no use to us.
    if (!key.m_algorithm.isEmpty() && !jwsAlgorithmFromName(key.m_algorithm).ok()) {
        return Result<JsonWebKey>(unsupported(u"JWK alg is not RS256, PS256 or ES256"_s));
    }

    Result<std::shared_ptr<EVP_PKEY>> pkey =
        key.m_keyType == u"RSA" ? rsaKey(jwk)
        : key.m_keyType == u"EC"
            ? ecKey(jwk)
            : Result<std::shared_ptr<EVP_PKEY>>(unsupported(u"kty is not RSA or EC"_s));
    if (!pkey.ok()) {
        return Result<JsonWebKey>(pkey.error());
    }
    key.m_key = std::move(pkey.value());
    return Result<JsonWebKey>(std::move(key));
}

bool JsonWebKey::fits(JwsAlgorithm alg) const
{
    if (!m_algorithm.isEmpty() && m_algorithm != jwsAlgorithmName(alg)) {
        return false;
    }
    return keyFitsAlgorithm(m_key.get(), alg);
}

Result<JsonWebKeySet> JsonWebKeySet::parse(QByteArrayView json)
{
    if (json.size() > kMaxJwksSize) {
        return Result<JsonWebKeySet>(
            jwksError(Errc::InvalidKeySet, kKeysUnusable,
                      u"JWKS of %1 bytes is too large"_s.arg(json.size())));
    }
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(json.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        return Result<JsonWebKeySet>(
            jwksError(Errc::InvalidKeySet, kKeysUnusable, u"JWKS is not a JSON object"_s));
    }
    // RFC 7517 §5.1: "keys" is REQUIRED and an array of JWKs.
    const QJsonValue keys = doc.object().value(u"keys");
    if (!keys.isArray()) {
        return Result<JsonWebKeySet>(
            jwksError(Errc::InvalidKeySet, kKeysUnusable, u"JWKS has no keys array"_s));
    }
    JsonWebKeySet set;
    const QJsonArray array = keys.toArray();
    for (const QJsonValue& entry : array) {
        auto key = entry.isObject() ? JsonWebKey::fromJson(entry.toObject())
                                    : Result<JsonWebKey>(unsupported(u"not an object"_s));
        if (key.ok()) {
            set.m_keys.append(std::move(key.value()));
        } else {
            ++set.m_skipped;
        }
    }
    return Result<JsonWebKeySet>(std::move(set));
}

Result<JsonWebKey> JsonWebKeySet::selectKey(const QJsonObject& joseHeader) const
{
    const auto alg = jwsAlgorithmFromName(joseHeader.value(u"alg").toString());
    if (!alg.ok()) {
        return Result<JsonWebKey>(alg.error());
    }
    // RFC 7515 §4.1.4: "kid" is a case-sensitive string.
    const QJsonValue kid = joseHeader.value(u"kid");
    if (!kid.isUndefined() && !kid.isString()) {
        return Result<JsonWebKey>(
            jwksError(Errc::MalformedToken, kNoKey, u"header kid is not a string"_s));
    }

    if (kid.isString()) {
        const QString wanted = kid.toString();
        bool sawKeyId = false;
        QList<const JsonWebKey*> matches;
        for (const JsonWebKey& key : m_keys) {
            if (key.keyId() == wanted) {
                sawKeyId = true;
                if (key.fits(alg.value())) {
                    matches.append(&key);
                }
            }
        }
        if (!sawKeyId) {
            return Result<JsonWebKey>(
                jwksError(Errc::UnknownKeyId, kNoKey, u"no key with the header's kid"_s));
        }
        if (matches.isEmpty()) {
            return Result<JsonWebKey>(jwksError(
                Errc::AlgorithmKeyMismatch, kNoKey,
                u"key with the header's kid does not fit %1"_s.arg(jwsAlgorithmName(alg.value()))));
        }
        if (matches.size() > 1) {
            return Result<JsonWebKey>(
                jwksError(Errc::AmbiguousKey, kNoKey, u"several keys share the header's kid"_s));
        }
        return Result<JsonWebKey>(*matches.constFirst());
    }

    // OIDC Core 10.1: "If there are multiple keys in the referenced JWK Set document, a kid value
    // MUST be provided in the JOSE Header." With one key of the right type we may use it.
    QList<const JsonWebKey*> candidates;
    for (const JsonWebKey& key : m_keys) {
        if (key.fits(alg.value())) {
            candidates.append(&key);
        }
    }
    if (candidates.isEmpty()) {
        return Result<JsonWebKey>(
            jwksError(Errc::NoSuitableKey, kNoKey,
                      u"no %1 key in the JWKS"_s.arg(jwsAlgorithmName(alg.value()))));
    }
    if (candidates.size() > 1) {
        return Result<JsonWebKey>(
            jwksError(Errc::AmbiguousKey, kNoKey,
                      u"token has no kid and %1 keys fit"_s.arg(candidates.size())));
    }
    return Result<JsonWebKey>(*candidates.constFirst());
}

} // namespace Fabrikam::Auth
