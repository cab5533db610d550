#include "auth/jose.h"

#include "auth/errors.h"
#include "auth/pkce.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <algorithm>
#include <array>
#include <memory>

namespace Fabrikam::Auth {

using Common::Error;
using Common::ErrorCode;
using Common::Result;
using namespace Qt::StringLiterals;

namespace {

constexpr int kMinRsaBits = 2048; // RFC 7518 §3.3: "A key of size 2048 bits or larger MUST be used"
constexpr int kEs256CoordinateSize = 32; // RFC 7518 §3.4: R and S are 32 octets each for P-256

Error joseError(ErrorCode code, const char* message, QString detail)
{
    return Error{code, QCoreApplication::translate("Fabrikam::Auth::Jose", message),
                 std::move(detail)};
}

const char* const kUnreadableToken =
    QT_TRANSLATE_NOOP("Fabrikam::Auth::Jose", "The sign-in token from the identity provider could "
                                              "not be read. Please try signing in again.");
const char* const kRefusedAlgorithm = QT_TRANSLATE_NOOP(
    "Fabrikam::Auth::Jose", "The identity provider signed the sign-in token in a way that "
                            "Fabrikam does not accept. Please contact support.");
const char* const kBadSignature = QT_TRANSLATE_NOOP(
    "Fabrikam::Auth::Jose", "The sign-in token's signature could not be verified. Please try "
                            "signing in again.");
const char* const kInternal = QT_TRANSLATE_NOOP(
    "Fabrikam::Auth::Jose", "An internal error occurred while checking the sign-in token.");

// Attacker-controlled text that goes into Error::detail: printable ASCII only, bounded.
QString printable(QStringView text)
{
    constexpr qsizetype kMax = 32;
    QString out;
    for (const QChar c : text.first(std::min(text.size(), kMax))) {
        out += (c.unicode() >= 0x20 && c.unicode() < 0x7f) ? c : QChar(u'?');
    }
    if (text.size() > kMax) {
        out += u"..."_s;
    }
    return out;
}

bool isBase64UrlChar(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

// Number of members of the top-level object as written in the text. QJsonDocument keeps only the
// last of duplicate names, so a smaller QJsonObject::size() reveals duplicates (RFC 7515 §4).
// Only called on text that QJsonDocument has already accepted as an object.
qsizetype writtenMemberCount(QByteArrayView json)
{
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    qsizetype members = 0;
    for (const char c : json) {
        if (inString) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                inString = false;
            }
            continue;
        }
        switch (c) {
        case '"':
            inString = true;
            break;
        case '{':
        case '[':
            ++depth;
            break;
        case '}':
        case ']':
            --depth;
            break;
        case ':':
            if (depth == 1) {
                ++members;
            }
            break;
        default:
            break;
        }
    }
    return members;
}

Result<QJsonObject> decodeJsonObject(QByteArrayView segment, const QString& what)
{
    auto bytes = base64UrlDecode(segment);
    if (!bytes.ok()) {
        return Result<QJsonObject>(joseError(Errc::MalformedToken, kUnreadableToken,
                                             what + u": "_s + bytes.error().detail));
    }
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes.value(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return Result<QJsonObject>(
            joseError(Errc::MalformedToken, kUnreadableToken,
                      what + u" is not JSON: "_s + parseError.errorString()));
    }
    // RFC 7515 §4 (header) and RFC 7519 §7.2 step 10 (claims): a JSON object, nothing else.
    if (!doc.isObject()) {
        return Result<QJsonObject>(
            joseError(Errc::MalformedToken, kUnreadableToken, what + u" is not a JSON object"_s));
    }
    QJsonObject object = doc.object();
    // RFC 7515 §4 / RFC 7519 §4: member names MUST be unique; we reject rather than guess.
    if (writtenMemberCount(bytes.value()) != object.size()) {
        return Result<QJsonObject>(joseError(Errc::MalformedToken, kUnreadableToken,
                                             what + u" has duplicate member names"_s));
    }
    return Result<QJsonObject>(std::move(object));
}

struct MdCtxFree
{
    void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
struct EcdsaSigFree
{
    void operator()(ECDSA_SIG* sig) const { ECDSA_SIG_free(sig); }
};
struct BignumFree
{
    void operator()(BIGNUM* bn) const { BN_free(bn); }
};
struct OpensslFree
{
    void operator()(unsigned char* p) const { OPENSSL_free(p); }
};

// RFC 7518 §3.4: the JWS carries R||S as two 32-octet big-endian integers; OpenSSL wants the
// DER-encoded ECDSA-Sig-Value. Empty on allocation failure.
QByteArray es256RawToDer(QByteArrayView raw)
{
    const auto* bytes = reinterpret_cast<const unsigned char*>(raw.data());
    std::unique_ptr<BIGNUM, BignumFree> r(BN_bin2bn(bytes, kEs256CoordinateSize, nullptr));
    std::unique_ptr<BIGNUM, BignumFree> s(
        BN_bin2bn(bytes + kEs256CoordinateSize, kEs256CoordinateSize, nullptr));
    std::unique_ptr<ECDSA_SIG, EcdsaSigFree> sig(ECDSA_SIG_new());
    if (!r || !s || !sig || ECDSA_SIG_set0(sig.get(), r.get(), s.get()) != 1) {
        return {};
    }
    // ECDSA_SIG_set0 took ownership of r and s.
    (void)r.release();
    (void)s.release();
    unsigned char* der = nullptr;
    const int length = i2d_ECDSA_SIG(sig.get(), &der);
    std::unique_ptr<unsigned char, OpensslFree> owner(der);
    if (length <= 0 || !der) {
        return {};
    }
    return QByteArray(reinterpret_cast<const char*>(der), length);
}

} // namespace

Result<QByteArray> base64UrlDecode(QByteArrayView text)
{
    // RFC 7515 §2: base64url "with all trailing '=' characters omitted ... and without the
    // inclusion of any line breaks, whitespace, or other additional characters".
    const auto bad = std::find_if_not(text.begin(), text.end(), isBase64UrlChar);
    if (bad != text.end()) {
        return Result<QByteArray>(
            joseError(Errc::MalformedToken, kUnreadableToken,
                      u"invalid base64url character at offset %1"_s.arg(bad - text.begin())));
    }
    // RFC 4648 §5 without padding: a final group of one character cannot encode any octet.
    if (text.size() % 4 == 1) {
        return Result<QByteArray>(
            joseError(Errc::MalformedToken, kUnreadableToken,
                      u"base64url length %1 is impossible"_s.arg(text.size())));
    }
    auto decoded = QByteArray::fromBase64Encoding(text.toByteArray(),
                                                  QByteArray::Base64UrlEncoding |
                                                      QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded) {
        return Result<QByteArray>(
            joseError(Errc::MalformedToken, kUnreadableToken, u"invalid base64url"_s));
    }
    // RFC 4648 §3.5: reject non-zero pad bits, so that no two encodings decode to the same bytes.
    if (QByteArrayView(base64UrlEncode(*decoded)) != text) {
        return Result<QByteArray>(joseError(Errc::MalformedToken, kUnreadableToken,
                                            u"non-canonical base64url encoding"_s));
    }
    return Result<QByteArray>(std::move(*decoded));
}

Result<CompactJws> parseCompactJws(QByteArrayView compact)
{
    if (compact.size() > kMaxCompactJwsSize) {
        return Result<CompactJws>(
            joseError(Errc::TokenTooLarge, kUnreadableToken,
                      u"token of %1 bytes exceeds the limit of %2"_s.arg(compact.size())
                          .arg(kMaxCompactJwsSize)));
    }
    // RFC 7515 §7.1 / RFC 7519 §7.2 step 1: exactly two periods.
    const auto dots = std::count(compact.begin(), compact.end(), '.');
    if (dots != 2) {
        // RFC 7516 §9: five segments would be a JWE; we register no decryption key, so refuse.
        return Result<CompactJws>(
            joseError(Errc::MalformedToken, kUnreadableToken,
                      u"%1 segments, a compact JWS has 3%2"_s.arg(dots + 1).arg(
                          dots == 4 ? u" (encrypted tokens are not supported)"_s : QString())));
    }
    const qsizetype first = compact.indexOf('.');
    const qsizetype second = compact.indexOf('.', first + 1);
    const QByteArrayView headerText = compact.first(first);
    const QByteArrayView payloadText = compact.sliced(first + 1, second - first - 1);
    const QByteArrayView signatureText = compact.sliced(second + 1);

    auto header = decodeJsonObject(headerText, u"header"_s);
    if (!header.ok()) {
        return Result<CompactJws>(header.error());
    }
    auto payload = decodeJsonObject(payloadText, u"payload"_s);
    if (!payload.ok()) {
        return Result<CompactJws>(payload.error());
    }
    auto signature = base64UrlDecode(signatureText);
    if (!signature.ok()) {
        return Result<CompactJws>(joseError(Errc::MalformedToken, kUnreadableToken,
                                            u"signature: "_s + signature.error().detail));
    }

    // RFC 7515 §4.1.1: "alg" is REQUIRED and a case-sensitive string.
    const QJsonValue alg = header.value().value(u"alg");
    if (!alg.isString() || alg.toString().isEmpty()) {
        return Result<CompactJws>(
            joseError(Errc::MalformedToken, kUnreadableToken, u"header has no alg string"_s));
    }
    // RFC 7515 §4.1.11: recipients MUST reject a JWS whose "crit" lists an extension they do not
    // understand. We understand none, so only an empty list passes.
    if (header.value().contains(u"crit")) {
        const QJsonValue crit = header.value().value(u"crit");
        if (!crit.isArray() || !crit.toArray().isEmpty()) {
            return Result<CompactJws>(joseError(Errc::UnsupportedCriticalHeader, kRefusedAlgorithm,
                                                u"header lists critical extensions"_s));
        }
    }

    CompactJws jws;
    jws.header = std::move(header.value());
    jws.payload = std::move(payload.value());
    jws.signingInput = compact.first(second).toByteArray();
    jws.signature = std::move(signature.value());
    return Result<CompactJws>(std::move(jws));
}

Result<JwsAlgorithm> jwsAlgorithmFromName(QStringView name)
{
    if (name == u"RS256") {
        return Result<JwsAlgorithm>(JwsAlgorithm::RS256);
    }
    if (name == u"PS256") {
        return Result<JwsAlgorithm>(JwsAlgorithm::PS256);
    }
    if (name == u"ES256") {
        return Result<JwsAlgorithm>(JwsAlgorithm::ES256);
    }
    QString why;
    if (name.compare(u"none", Qt::CaseInsensitive) == 0) {
        // RFC 8725 §3.1, OIDC Core 3.1.3.7 (6): an unsigned ID token is never acceptable here.
        why = u"unsigned (alg none) tokens are refused"_s;
    } else if (name.startsWith(u"HS", Qt::CaseInsensitive)) {
        // OIDC Core 3.1.3.7 (8) / RFC 8725 §2.1: a public client has no shared secret; an HMAC
        // "keyed" with our public key is the algorithm-confusion attack.
        why = u"HMAC algorithm %1 is refused"_s.arg(printable(name));
    } else {
        why = u"algorithm %1 is not supported"_s.arg(printable(name));
    }
    return Result<JwsAlgorithm>(joseError(Errc::UnsupportedAlgorithm, kRefusedAlgorithm, why));
}

QString jwsAlgorithmName(JwsAlgorithm alg)
{
    switch (alg) {
    case JwsAlgorithm::RS256:
        return u"RS256"_s;
    case JwsAlgorithm::PS256:
        return u"PS256"_s;
    case JwsAlgorithm::ES256:
        return u"ES256"_s;
    }
    return {};
}

bool keyFitsAlgorithm(const EVP_PKEY* key, JwsAlgorithm alg)
{
    if (!key) {
        return false;
    }
    switch (alg) {
    case JwsAlgorithm::RS256:
    case JwsAlgorithm::PS256:
        // RFC 7518 §3.3 and §3.5: RSA keys of 2048 bits or more.
        return EVP_PKEY_is_a(key, "RSA") == 1 && EVP_PKEY_get_bits(key) >= kMinRsaBits;
    case JwsAlgorithm::ES256: {
        // RFC 7518 §3.4: ES256 is ECDSA on P-256 and nothing else.
        if (EVP_PKEY_is_a(key, "EC") != 1) {
            return false;
        }
        std::array<char, 64> group{};
        size_t length = 0;
        if (EVP_PKEY_get_group_name(key, group.data(), group.size(), &length) != 1) {
            return false;
        }
        const QByteArrayView name(group.data(), static_cast<qsizetype>(length));
        return name == "prime256v1" || name == "P-256";
    }
    }
    return false;
}

Result<void> verifySignature(QStringView algName, EVP_PKEY* key, QByteArrayView signingInput,
                             QByteArrayView signature)
{
    const auto alg = jwsAlgorithmFromName(algName);
    if (!alg.ok()) {
        return Result<void>(alg.error());
    }
    if (!key) {
        return Result<void>(joseError(Common::Errc::Internal, kInternal, u"no key"_s));
    }
    if (!keyFitsAlgorithm(key, alg.value())) {
        return Result<void>(
            joseError(Errc::AlgorithmKeyMismatch, kRefusedAlgorithm,
                      u"%1 does not fit the key type"_s.arg(jwsAlgorithmName(alg.value()))));
    }

    QByteArray der;
    QByteArrayView signatureToVerify = signature;
    if (alg.value() == JwsAlgorithm::ES256) {
        // RFC 7518 §3.4: the signature is exactly 64 octets; a DER signature or anything else is
        // refused, so the token has a single valid encoding.
        if (signature.size() != 2 * kEs256CoordinateSize) {
            return Result<void>(
                joseError(Errc::InvalidSignature, kBadSignature,
                          u"ES256 signature has %1 octets, expected 64"_s.arg(signature.size())));
        }
        der = es256RawToDer(signature);
        if (der.isEmpty()) {
            return Result<void>(joseError(Common::Errc::Internal, kInternal, u"ECDSA_SIG"_s));
        }
        signatureToVerify = der;
    } else if (signature.size() != EVP_PKEY_get_size(key)) {
        // RFC 8017 §8.1.2/§8.2.2 step 1: the signature is exactly k octets (modulus length).
        return Result<void>(
            joseError(Errc::InvalidSignature, kBadSignature,
                      u"RSA signature has %1 octets, expected %2"_s.arg(signature.size())
                          .arg(EVP_PKEY_get_size(key))));
    }

    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr; // owned by ctx
    bool ready = ctx && EVP_DigestVerifyInit_ex(ctx.get(), &pctx, "SHA256", nullptr, nullptr, key,
                                                nullptr) == 1;
    if (ready && alg.value() == JwsAlgorithm::RS256) {
        ready = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) == 1;
    } else if (ready && alg.value() == JwsAlgorithm::PS256) {
        // RFC 7518 §3.5: MGF1 with SHA-256, salt length equal to the hash output (32 octets).
        ready = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
                EVP_PKEY_CTX_set_rsa_mgf1_md_name(pctx, "SHA256", nullptr) == 1 &&
                EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1;
    }
    if (!ready) {
        ERR_clear_error();
        return Result<void>(
            joseError(Common::Errc::Internal, kInternal, u"EVP_DigestVerifyInit"_s));
    }
    const int verified = EVP_DigestVerify(
        ctx.get(), reinterpret_cast<const unsigned char*>(signatureToVerify.data()),
        static_cast<size_t>(signatureToVerify.size()),
        reinterpret_cast<const unsigned char*>(signingInput.data()),
        static_cast<size_t>(signingInput.size()));
    // A failed verification leaves entries on the thread's error queue; don't leak them to the
    // next OpenSSL user.
    ERR_clear_error();
    if (verified != 1) {
        return Result<void>(
            joseError(Errc::InvalidSignature, kBadSignature,
                      u"%1 signature does not verify"_s.arg(jwsAlgorithmName(alg.value()))));
    }
    return Result<void>();
}

} // namespace Fabrikam::Auth
