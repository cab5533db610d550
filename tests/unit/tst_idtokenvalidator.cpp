#include "auth/errors.h"
#include "auth/idtokenvalidator.h"
#include "auth/jwks.h"
#include "support/fakeclock.h"
#include "support/testkeys.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Fabrikam::Auth;
using Fabrikam::Common::ErrorCode;
using Fabrikam::Test::TestKey;
using namespace Qt::StringLiterals;

namespace {

const QString kIssuer = u"https://op.fabrikam.example/"_s;
const QString kClientId = u"fabrikam-desktop"_s;
const QByteArray kNonce = QByteArrayLiteral("n-0S6_WzA2Mj-4c9kXr1QhA");
const QString kMfaAcr = u"http://schemas.openid.net/pape/policies/2007/06/multi-factor"_s;
constexpr qint64 kNow = 1'800'000'000;
constexpr qint64 kNoMaxAge = -1;

QByteArray keySet(const QList<QJsonValue>& keys)
{
    QJsonArray array;
    for (const QJsonValue& key : keys) {
        array.append(key);
    }
    return QJsonDocument(QJsonObject{{u"keys"_s, array}}).toJson(QJsonDocument::Compact);
}

QJsonObject header(const QString& alg, const QString& kid = {})
{
    QJsonObject h{{u"alg"_s, alg}, {u"typ"_s, u"JWT"_s}};
    if (!kid.isEmpty()) {
        h.insert(u"kid"_s, kid);
    }
    return h;
}

QJsonObject baseClaims()
{
    return QJsonObject{
        {u"iss"_s, kIssuer},
        {u"sub"_s, u"248289761001"_s},
        {u"aud"_s, kClientId},
        {u"exp"_s, kNow + 600},
        {u"iat"_s, kNow - 10},
        {u"auth_time"_s, kNow - 120},
        {u"nonce"_s, QString::fromLatin1(kNonce)},
        {u"acr"_s, u"urn:fabrikam:acr:password"_s},
        {u"amr"_s, QJsonArray{u"pwd"_s}},
        {u"name"_s, u"Jane Doe"_s},
        {u"email"_s, u"jane@fabrikam.example"_s},
    };
}

QJsonObject claimsWith(const QString& name, const QJsonValue& value)
{
    QJsonObject claims = baseClaims();
    if (value.isUndefined()) {
        claims.remove(name);
    } else {
        claims.insert(name, value);
    }
    return claims;
}

QJsonObject claimsWithout(const QString& name)
{
    return claimsWith(name, QJsonValue::Undefined);
}

// Replaces one segment of a compact token, keeping the others (and so the old signature).
QByteArray replaceSegment(const QByteArray& token, int index, const QByteArray& segment)
{
    QList<QByteArray> parts = token.split('.');
    parts[index] = segment;
    return parts.join('.');
}

QByteArray flipSignatureBit(const QByteArray& token)
{
    QByteArray signature =
        QByteArray::fromBase64(token.split('.').at(2), QByteArray::Base64UrlEncoding);
    signature[5] = static_cast<char>(signature.at(5) ^ 0x04);
    return replaceSegment(token, 2, Fabrikam::Test::b64url(signature));
}

} // namespace

class TestIdTokenValidator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void validate_data();
    void validate();
    void validTokenExposesItsClaims();
    void severalAudiencesWithAzp();
    void unknownKeyIdThenRefetchedKeySet();
    void checksMustBeComplete_data();
    void checksMustBeComplete();
    void clockDecidesExpiry();
    void hasRecentMfa_data();
    void hasRecentMfa();
    void refreshedTokenNeedsNoNonceButOurIssuerAndAudience_data();
    void refreshedTokenNeedsNoNonceButOurIssuerAndAudience();
    void sameSubject_data();
    void sameSubject();

private:
    // Validated as a refresh's ID token (no nonce) against `issuer`.
    [[nodiscard]] Fabrikam::Common::Result<IdToken> validated(const QJsonObject& claims,
                                                              const QString& issuer);

    TestKey m_rsa;      // the provider's current key, kid "k1"
    TestKey m_rsaNew;   // the provider's next key, kid "k2" (rotation)
    TestKey m_ec;       // the provider's ES256 key, kid "e1"
    TestKey m_attacker; // someone else's key
    QByteArray m_jwks;  // k1 + e1
    Fabrikam::Test::FakeClock m_clock{kNow};
};

void TestIdTokenValidator::initTestCase()
{
    m_rsa = TestKey::rsa(2048);
    m_rsaNew = TestKey::rsa(2048);
    m_ec = TestKey::ec("P-256");
    m_attacker = TestKey::rsa(2048);
    m_jwks = keySet({m_rsa.publicJwk(u"k1"_s), m_ec.publicJwk(u"e1"_s, u"ES256"_s)});
}

void TestIdTokenValidator::validate_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QByteArray>("jwks");
    QTest::addColumn<qint64>("maxAge"); // kNoMaxAge: not requested
    QTest::addColumn<bool>("valid");
    QTest::addColumn<ErrorCode>("code");

    using Fabrikam::Test::b64url;
    using Fabrikam::Test::compactJson;
    using Fabrikam::Test::makeJws;
    const ErrorCode ok = Fabrikam::Common::Errc::Internal; // ignored for valid rows
    const QByteArray rs256 = makeJws(header(u"RS256"_s, u"k1"_s), baseClaims(), m_rsa);
    const QByteArray es256 = makeJws(header(u"ES256"_s, u"e1"_s), baseClaims(), m_ec);
    const auto rsa = [this](const QJsonObject& claims) {
        return makeJws(header(u"RS256"_s, u"k1"_s), claims, m_rsa);
    };
    const QByteArray rotated = keySet({m_rsa.publicJwk(u"k1"_s), m_rsaNew.publicJwk(u"k2"_s)});
    const QByteArray singleKey = keySet({m_rsa.publicJwk(u"k1"_s)});
    const QByteArray junk = keySet({
        QJsonObject{{u"kty"_s, u"oct"_s}, {u"k"_s, u"c2VjcmV0"_s}, {u"kid"_s, u"k1"_s}},
        TestKey::rsa(1024).publicJwk(u"k1"_s),
        m_attacker.publicJwk(u"enc1"_s, {}, u"enc"_s),
        QJsonObject{{u"kty"_s, u"RSA"_s}, {u"kid"_s, u"k1"_s}, {u"n"_s, u"not base64!"_s}},
        u"not a key"_s,
        m_rsa.publicJwk(u"k1"_s),
    });

    // --- Valid tokens (OpenID RP certification: rp-id_token-sig-rs256/ps256/es256) ---------
    QTest::newRow("valid RS256") << rs256 << m_jwks << kNoMaxAge << true << ok;
    QTest::newRow("valid PS256") << makeJws(header(u"PS256"_s, u"k1"_s), baseClaims(), m_rsa)
                                 << m_jwks << kNoMaxAge << true << ok;
    QTest::newRow("valid ES256") << es256 << m_jwks << kNoMaxAge << true << ok;

    // --- Signature (3.1.3.7 (6)-(8)) ------------------------------------------------------
    QTest::newRow("tampered payload")
        << replaceSegment(rs256, 1, b64url(compactJson(claimsWith(u"sub"_s, u"admin"_s)))) << m_jwks
        << kNoMaxAge << false << ErrorCode(Fabrikam::Auth::Errc::InvalidSignature);
    QTest::newRow("tampered header")
        << replaceSegment(
               rs256, 0,
               b64url(compactJson(QJsonObject{{u"alg"_s, u"RS256"_s}, {u"kid"_s, u"k1"_s}})))
        << m_jwks << kNoMaxAge << false << ErrorCode(Fabrikam::Auth::Errc::InvalidSignature);
    QTest::newRow("tampered signature RS256")
        << flipSignatureBit(rs256) << m_jwks << kNoMaxAge << false
        << ErrorCode(Fabrikam::Auth::Errc::InvalidSignature);
    QTest::newRow("tampered signature ES256")
        << flipSignatureBit(es256) << m_jwks << kNoMaxAge << false
        << ErrorCode(Fabrikam::Auth::Errc::InvalidSignature);
    QTest::newRow("signature stripped")
        << replaceSegment(rs256, 2, {}) << m_jwks << kNoMaxAge << false
        << ErrorCode(Fabrikam::Auth::Errc::InvalidSignature);
    QTest::newRow("signed by another key with our kid")
        << makeJws(header(u"RS256"_s, u"k1"_s), baseClaims(), m_attacker) << m_jwks << kNoMaxAge
        << false << ErrorCode(Fabrikam::Auth::Errc::InvalidSignature);
    QTest::newRow("alg none, empty signature")
        << Fabrikam::Test::makeUnsigned(header(u"none"_s, u"k1"_s), baseClaims()) << m_jwks
        << kNoMaxAge << false << ErrorCode(Fabrikam::Auth::Errc::UnsupportedAlgorithm);
    QTest::newRow("alg none, no kid")
        << Fabrikam::Test::makeUnsigned(header(u"none"_s), baseClaims()) << singleKey << kNoMaxAge
        << false << ErrorCode(Fabrikam::Auth::Errc::UnsupportedAlgorithm);
    QTest::newRow("HS256 keyed with the RSA public key")
        << Fabrikam::Test::makeHs256(header(u"HS256"_s, u"k1"_s), baseClaims(),
                                     m_rsa.publicKeyPem())
        << m_jwks << kNoMaxAge << false << ErrorCode(Fabrikam::Auth::Errc::UnsupportedAlgorithm);
    QTest::newRow("HS256 keyed with the JWK's n")
        << Fabrikam::Test::makeHs256(header(u"HS256"_s), baseClaims(),
                                     m_rsa.publicJwk({}).value(u"n").toString().toLatin1())
        << singleKey << kNoMaxAge << false << ErrorCode(Fabrikam::Auth::Errc::UnsupportedAlgorithm);
    QTest::newRow("RS256 header naming the EC key")
        << makeJws(header(u"RS256"_s, u"e1"_s), baseClaims(), m_rsa) << m_jwks << kNoMaxAge << false
        << ErrorCode(Fabrikam::Auth::Errc::AlgorithmKeyMismatch);
    QTest::newRow("ES256 header naming the RSA key")
        << makeJws(header(u"ES256"_s, u"k1"_s), baseClaims(), m_ec) << m_jwks << kNoMaxAge << false
        << ErrorCode(Fabrikam::Auth::Errc::AlgorithmKeyMismatch);
    QTest::newRow("PS256 with a JWK restricted to RS256")
        << makeJws(header(u"PS256"_s, u"k2"_s), baseClaims(), m_rsaNew)
        << keySet({m_rsaNew.publicJwk(u"k2"_s, u"RS256"_s)}) << kNoMaxAge << false
        << ErrorCode(Fabrikam::Auth::Errc::AlgorithmKeyMismatch);
    QTest::newRow("RS512 refused")
        << replaceSegment(rs256, 0, b64url(compactJson(header(u"RS512"_s, u"k1"_s)))) << m_jwks
        << kNoMaxAge << false << ErrorCode(Fabrikam::Auth::Errc::UnsupportedAlgorithm);
    QJsonObject critical = header(u"RS256"_s, u"k1"_s);
    critical.insert(u"crit"_s, QJsonArray{u"exp"_s});
    QTest::newRow("crit header") << makeJws(critical, baseClaims(), m_rsa) << m_jwks << kNoMaxAge
                                 << false
                                 << ErrorCode(Fabrikam::Auth::Errc::UnsupportedCriticalHeader);

    // --- Key choice (OIDC Core 10.1, RFC 8725 §3.10) ---------------------------------------
    QTest::newRow("unknown kid") << makeJws(header(u"RS256"_s, u"k9"_s), baseClaims(), m_rsa)
                                 << m_jwks << kNoMaxAge << false
                                 << ErrorCode(Fabrikam::Auth::Errc::UnknownKeyId);
    QTest::newRow("rotation: new key, JWKS old+new")
        << makeJws(header(u"RS256"_s, u"k2"_s), baseClaims(), m_rsaNew) << rotated << kNoMaxAge
        << true << ok;
    QTest::newRow("rotation: old key still published")
        << rs256 << rotated << kNoMaxAge << true << ok;
    QTest::newRow("rotation: new key, stale JWKS")
        << makeJws(header(u"RS256"_s, u"k2"_s), baseClaims(), m_rsaNew) << m_jwks << kNoMaxAge
        << false << ErrorCode(Fabrikam::Auth::Errc::UnknownKeyId);
    QTest::newRow("no kid, single key")
        << makeJws(header(u"RS256"_s), baseClaims(), m_rsa) << singleKey << kNoMaxAge << true << ok;
    QTest::newRow("no kid, one key of the type")
        << makeJws(header(u"ES256"_s), baseClaims(), m_ec) << m_jwks << kNoMaxAge << true << ok;
    QTest::newRow("no kid, two RSA keys")
        << makeJws(header(u"RS256"_s), baseClaims(), m_rsa) << rotated << kNoMaxAge << false
        << ErrorCode(Fabrikam::Auth::Errc::AmbiguousKey);
    QTest::newRow("junk keys in the set are ignored") << rs256 << junk << kNoMaxAge << true << ok;
    QJsonObject embeddedJwk = header(u"RS256"_s);
    embeddedJwk.insert(u"jwk"_s, m_attacker.publicJwk(u"k1"_s));
    QTest::newRow("jwk header ignored (attacker's key, no kid)")
        << makeJws(embeddedJwk, baseClaims(), m_attacker) << singleKey << kNoMaxAge << false
        << ErrorCode(Fabrikam::Auth::Errc::InvalidSignature);
    QJsonObject embeddedJwkWithKid = header(u"RS256"_s, u"attacker"_s);
    embeddedJwkWithKid.insert(u"jwk"_s, m_attacker.publicJwk(u"attacker"_s));
    QTest::newRow("jwk header ignored (attacker's kid)")
        << makeJws(embeddedJwkWithKid, baseClaims(), m_attacker) << m_jwks << kNoMaxAge << false
        << ErrorCode(Fabrikam::Auth::Errc::UnknownKeyId);
    QJsonObject remoteKeys = header(u"RS256"_s, u"k1"_s);
    remoteKeys.insert(u"jku"_s, u"https://attacker.example/jwks.json"_s);
    remoteKeys.insert(u"x5u"_s, u"https://attacker.example/cert.pem"_s);
    QTest::newRow("jku and x5u headers ignored")
        << makeJws(remoteKeys, baseClaims(), m_attacker) << m_jwks << kNoMaxAge << false
        << ErrorCode(Fabrikam::Auth::Errc::InvalidSignature);

    // --- Claims (3.1.3.7 (2)-(5), (9)-(11), (13); OIDC Core 2) -----------------------------
    QTest::newRow("wrong iss") << rsa(claimsWith(u"iss"_s, u"https://evil.example/"_s)) << m_jwks
                               << kNoMaxAge << false
                               << ErrorCode(Fabrikam::Auth::Errc::IssuerMismatch);
    QTest::newRow("iss without trailing slash")
        << rsa(claimsWith(u"iss"_s, u"https://op.fabrikam.example"_s)) << m_jwks << kNoMaxAge
        << false << ErrorCode(Fabrikam::Auth::Errc::IssuerMismatch);
    QTest::newRow("iss missing") << rsa(claimsWithout(u"iss"_s)) << m_jwks << kNoMaxAge << false
                                 << ErrorCode(Fabrikam::Auth::Errc::MissingClaim);
    QTest::newRow("iss not a string")
        << rsa(claimsWith(u"iss"_s, QJsonArray{kIssuer})) << m_jwks << kNoMaxAge << false
        << ErrorCode(Fabrikam::Auth::Errc::InvalidClaim);
    QTest::newRow("wrong aud") << rsa(claimsWith(u"aud"_s, u"someone-else"_s)) << m_jwks
                               << kNoMaxAge << false
                               << ErrorCode(Fabrikam::Auth::Errc::AudienceMismatch);
    QTest::newRow("aud array without us")
        << rsa(claimsWith(u"aud"_s, QJsonArray{u"a"_s, u"b"_s})) << m_jwks << kNoMaxAge << false
        << ErrorCode(Fabrikam::Auth::Errc::AudienceMismatch);
    QTest::newRow("aud missing") << rsa(claimsWithout(u"aud"_s)) << m_jwks << kNoMaxAge << false
                                 << ErrorCode(Fabrikam::Auth::Errc::MissingClaim);
    QTest::newRow("aud a number") << rsa(claimsWith(u"aud"_s, 7)) << m_jwks << kNoMaxAge << false
                                  << ErrorCode(Fabrikam::Auth::Errc::InvalidClaim);
    QTest::newRow("aud array with a non-string")
        << rsa(claimsWith(u"aud"_s, QJsonArray{kClientId, 7})) << m_jwks << kNoMaxAge << false
        << ErrorCode(Fabrikam::Auth::Errc::InvalidClaim);
    QTest::newRow("aud single-element array")
        << rsa(claimsWith(u"aud"_s, QJsonArray{kClientId})) << m_jwks << kNoMaxAge << true << ok;
    QTest::newRow("several audiences without azp")
        << rsa(claimsWith(u"aud"_s, QJsonArray{kClientId, u"https://api.fabrikam.example"_s}))
        << m_jwks << kNoMaxAge << false << ErrorCode(Fabrikam::Auth::Errc::AuthorizedPartyMissing);
    QTest::newRow("azp mismatch") << rsa(claimsWith(u"azp"_s, u"other-client"_s)) << m_jwks
                                  << kNoMaxAge << false
                                  << ErrorCode(Fabrikam::Auth::Errc::AuthorizedPartyMismatch);
    QTest::newRow("azp equal, single audience")
        << rsa(claimsWith(u"azp"_s, kClientId)) << m_jwks << kNoMaxAge << true << ok;
    QTest::newRow("expired") << rsa(claimsWith(u"exp"_s, kNow - 3600)) << m_jwks << kNoMaxAge
                             << false << ErrorCode(Fabrikam::Auth::Errc::TokenExpired);
    QTest::newRow("expired just beyond skew")
        << rsa(claimsWith(u"exp"_s, kNow - 300)) << m_jwks << kNoMaxAge << false
        << ErrorCode(Fabrikam::Auth::Errc::TokenExpired);
    QTest::newRow("exp within skew still ok")
        << rsa(claimsWith(u"exp"_s, kNow - 60)) << m_jwks << kNoMaxAge << true << ok;
    QTest::newRow("exp missing") << rsa(claimsWithout(u"exp"_s)) << m_jwks << kNoMaxAge << false
                                 << ErrorCode(Fabrikam::Auth::Errc::MissingClaim);
    QTest::newRow("exp as a string")
        << rsa(claimsWith(u"exp"_s, QString::number(kNow + 600))) << m_jwks << kNoMaxAge << false
        << ErrorCode(Fabrikam::Auth::Errc::InvalidClaim);
    QTest::newRow("exp negative") << rsa(claimsWith(u"exp"_s, -1)) << m_jwks << kNoMaxAge << false
                                  << ErrorCode(Fabrikam::Auth::Errc::InvalidClaim);
    QTest::newRow("exp absurdly large") << rsa(claimsWith(u"exp"_s, 1e300)) << m_jwks << kNoMaxAge
                                        << false << ErrorCode(Fabrikam::Auth::Errc::InvalidClaim);
    QTest::newRow("exp fractional") << rsa(claimsWith(u"exp"_s, static_cast<double>(kNow) + 600.5))
                                    << m_jwks << kNoMaxAge << true << ok;
    QTest::newRow("iat missing") << rsa(claimsWithout(u"iat"_s)) << m_jwks << kNoMaxAge << false
                                 << ErrorCode(Fabrikam::Auth::Errc::MissingClaim);
    QTest::newRow("iat far in the future")
        << rsa(claimsWith(u"iat"_s, kNow + 3600)) << m_jwks << kNoMaxAge << false
        << ErrorCode(Fabrikam::Auth::Errc::IssuedInFuture);
    QTest::newRow("iat slightly ahead (skew)")
        << rsa(claimsWith(u"iat"_s, kNow + 60)) << m_jwks << kNoMaxAge << true << ok;
    QTest::newRow("iat a boolean") << rsa(claimsWith(u"iat"_s, true)) << m_jwks << kNoMaxAge
                                   << false << ErrorCode(Fabrikam::Auth::Errc::InvalidClaim);
    QTest::newRow("nonce missing") << rsa(claimsWithout(u"nonce"_s)) << m_jwks << kNoMaxAge << false
                                   << ErrorCode(Fabrikam::Auth::Errc::NonceMissing);
    QTest::newRow("nonce wrong") << rsa(claimsWith(u"nonce"_s, u"n-other"_s)) << m_jwks << kNoMaxAge
                                 << false << ErrorCode(Fabrikam::Auth::Errc::NonceMismatch);
    QTest::newRow("nonce prefix") << rsa(claimsWith(u"nonce"_s, u"n-0S6_WzA2Mj"_s)) << m_jwks
                                  << kNoMaxAge << false
                                  << ErrorCode(Fabrikam::Auth::Errc::NonceMismatch);
    QTest::newRow("nonce not a string") << rsa(claimsWith(u"nonce"_s, 1)) << m_jwks << kNoMaxAge
                                        << false << ErrorCode(Fabrikam::Auth::Errc::InvalidClaim);
    QTest::newRow("sub missing") << rsa(claimsWithout(u"sub"_s)) << m_jwks << kNoMaxAge << false
                                 << ErrorCode(Fabrikam::Auth::Errc::MissingClaim);
    QTest::newRow("sub empty") << rsa(claimsWith(u"sub"_s, QString())) << m_jwks << kNoMaxAge
                               << false << ErrorCode(Fabrikam::Auth::Errc::MissingClaim);
    QTest::newRow("sub a number") << rsa(claimsWith(u"sub"_s, 248289761001.0)) << m_jwks
                                  << kNoMaxAge << false
                                  << ErrorCode(Fabrikam::Auth::Errc::InvalidClaim);
    QTest::newRow("amr not an array") << rsa(claimsWith(u"amr"_s, u"mfa"_s)) << m_jwks << kNoMaxAge
                                      << false << ErrorCode(Fabrikam::Auth::Errc::InvalidClaim);
    QTest::newRow("auth_time older than max_age")
        << rsa(claimsWith(u"auth_time"_s, kNow - 1200)) << m_jwks << qint64(600) << false
        << ErrorCode(Fabrikam::Auth::Errc::AuthenticationTooOld);
    QTest::newRow("auth_time within max_age plus skew")
        << rsa(claimsWith(u"auth_time"_s, kNow - 850)) << m_jwks << qint64(600) << true << ok;
    QTest::newRow("auth_time missing, max_age requested")
        << rsa(claimsWithout(u"auth_time"_s)) << m_jwks << qint64(600) << false
        << ErrorCode(Fabrikam::Auth::Errc::AuthTimeMissing);
    QTest::newRow("auth_time missing, no max_age")
        << rsa(claimsWithout(u"auth_time"_s)) << m_jwks << kNoMaxAge << true << ok;
    QTest::newRow("auth_time a string, max_age requested")
        << rsa(claimsWith(u"auth_time"_s, u"yesterday"_s)) << m_jwks << qint64(600) << false
        << ErrorCode(Fabrikam::Auth::Errc::InvalidClaim);
    QTest::newRow("max_age 0 with a fresh login")
        << rsa(claimsWith(u"auth_time"_s, kNow - 5)) << m_jwks << qint64(0) << true << ok;

    // --- Malformed tokens -------------------------------------------------------------------
    const QList<QByteArray> parts = rs256.split('.');
    QTest::newRow("2 segments") << (parts[0] + '.' + parts[1]) << m_jwks << kNoMaxAge << false
                                << ErrorCode(Fabrikam::Auth::Errc::MalformedToken);
    QTest::newRow("empty") << QByteArray() << m_jwks << kNoMaxAge << false
                           << ErrorCode(Fabrikam::Auth::Errc::MalformedToken);
    QTest::newRow("bad base64 (padding)")
        << replaceSegment(rs256, 1, parts[1] + "==") << m_jwks << kNoMaxAge << false
        << ErrorCode(Fabrikam::Auth::Errc::MalformedToken);
    QTest::newRow("bad base64 (standard alphabet)")
        << replaceSegment(rs256, 1,
                          compactJson(baseClaims()).toBase64(QByteArray::OmitTrailingEquals) + "+/")
        << m_jwks << kNoMaxAge << false << ErrorCode(Fabrikam::Auth::Errc::MalformedToken);
    QTest::newRow("non-object payload")
        << Fabrikam::Test::signRaw(compactJson(header(u"RS256"_s, u"k1"_s)), "[1,2,3]", m_rsa,
                                   u"RS256"_s)
        << m_jwks << kNoMaxAge << false << ErrorCode(Fabrikam::Auth::Errc::MalformedToken);
    QTest::newRow("duplicate claim names")
        << Fabrikam::Test::signRaw(compactJson(header(u"RS256"_s, u"k1"_s)),
                                   QByteArray(compactJson(baseClaims()).chopped(1) +
                                              R"(,"iss":"https://evil.example/"})"),
                                   m_rsa, u"RS256"_s)
        << m_jwks << kNoMaxAge << false << ErrorCode(Fabrikam::Auth::Errc::MalformedToken);
    QTest::newRow("huge token") << rsa(claimsWith(u"padding"_s, QString(20 * 1024, u'x'))) << m_jwks
                                << kNoMaxAge << false
                                << ErrorCode(Fabrikam::Auth::Errc::TokenTooLarge);
    QTest::newRow("JWE-shaped") << (rs256 + ".AAAA.AAAA") << m_jwks << kNoMaxAge << false
                                << ErrorCode(Fabrikam::Auth::Errc::MalformedToken);
    QTest::newRow("surrounding whitespace") << (rs256 + "\r\n") << m_jwks << kNoMaxAge << false
                                            << ErrorCode(Fabrikam::Auth::Errc::MalformedToken);
}

void TestIdTokenValidator::validate()
{
    QFETCH(QByteArray, token);
    QFETCH(QByteArray, jwks);
    QFETCH(qint64, maxAge);
    QFETCH(bool, valid);
    QFETCH(ErrorCode, code);

    const auto keys = JsonWebKeySet::parse(jwks);
    QVERIFY(keys.ok());
    IdTokenChecks checks{kIssuer, kClientId, kNonce, std::nullopt};
    if (maxAge != kNoMaxAge) {
        checks.maxAgeSeconds = maxAge;
    }
    const auto result = validateIdToken(token, checks, keys.value(), m_clock.now());
    if (valid) {
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().detail));
    } else {
        QVERIFY2(!result.ok(), "token was accepted");
        QCOMPARE(result.error().code, code);
        QVERIFY(!result.error().message.isEmpty());
        // The detail is for support staff and must never carry the token.
        QVERIFY(token.isEmpty() || !result.error().detail.contains(QString::fromLatin1(token)));
    }
}

void TestIdTokenValidator::validTokenExposesItsClaims()
{
    QJsonObject claims = baseClaims();
    claims.insert(u"amr"_s, QJsonArray{u"pwd"_s, u"otp"_s, u"mfa"_s});
    claims.insert(u"acr"_s, kMfaAcr);
    claims.insert(u"custom"_s, 42);
    const auto keys = JsonWebKeySet::parse(m_jwks);
    QVERIFY(keys.ok());
    const auto token = validateIdToken(
        Fabrikam::Test::makeJws(header(u"ES256"_s, u"e1"_s), claims, m_ec),
        IdTokenChecks{kIssuer, kClientId, kNonce, 3600}, keys.value(), m_clock.now());
    QVERIFY(token.ok());
    const IdToken& id = token.value();
    QCOMPARE(id.issuer(), kIssuer);
    QCOMPARE(id.subject(), u"248289761001"_s);
    QCOMPARE(id.audiences(), QStringList{kClientId});
    QVERIFY(id.authorizedParty().isEmpty());
    QCOMPARE(id.expiresAt().toSecsSinceEpoch(), kNow + 600);
    QCOMPARE(id.issuedAt().toSecsSinceEpoch(), kNow - 10);
    QVERIFY(id.authTime().has_value());
    QCOMPARE(id.authTime()->toSecsSinceEpoch(), kNow - 120);
    QCOMPARE(id.nonce(), QString::fromLatin1(kNonce));
    QCOMPARE(id.acr(), kMfaAcr);
    QCOMPARE(id.amr(), (QStringList{u"pwd"_s, u"otp"_s, u"mfa"_s}));
    QCOMPARE(id.name(), u"Jane Doe"_s);
    QCOMPARE(id.email(), u"jane@fabrikam.example"_s);
    QCOMPARE(id.claims().value(u"custom").toInt(), 42);
    QCOMPARE(id.signingAlgorithm(), u"ES256"_s);
    QCOMPARE(id.keyId(), u"e1"_s);
}

void TestIdTokenValidator::severalAudiencesWithAzp()
{
    QJsonObject claims = baseClaims();
    claims.insert(u"aud"_s, QJsonArray{kClientId, u"https://api.fabrikam.example"_s});
    claims.insert(u"azp"_s, kClientId);
    const auto keys = JsonWebKeySet::parse(m_jwks);
    const auto token = validateIdToken(
        Fabrikam::Test::makeJws(header(u"RS256"_s, u"k1"_s), claims, m_rsa),
        IdTokenChecks{kIssuer, kClientId, kNonce, std::nullopt}, keys.value(), m_clock.now());
    QVERIFY(token.ok());
    QCOMPARE(token.value().audiences().size(), 2);
    QCOMPARE(token.value().authorizedParty(), kClientId);
}

// DESIGN.md section 5: unknown kid -> one JWKS refetch -> validate again.
void TestIdTokenValidator::unknownKeyIdThenRefetchedKeySet()
{
    const QByteArray token =
        Fabrikam::Test::makeJws(header(u"PS256"_s, u"k2"_s), baseClaims(), m_rsaNew);
    const IdTokenChecks checks{kIssuer, kClientId, kNonce, std::nullopt};
    const auto cached = JsonWebKeySet::parse(m_jwks);
    const auto first = validateIdToken(token, checks, cached.value(), m_clock.now());
    QVERIFY(!first.ok());
    QCOMPARE(first.error().code, Fabrikam::Auth::Errc::UnknownKeyId);

    const auto refetched = JsonWebKeySet::parse(
        keySet({m_rsaNew.publicJwk(u"k2"_s), m_ec.publicJwk(u"e1"_s, u"ES256"_s)}));
    QVERIFY(validateIdToken(token, checks, refetched.value(), m_clock.now()).ok());
}

void TestIdTokenValidator::checksMustBeComplete_data()
{
    QTest::addColumn<QString>("issuer");
    QTest::addColumn<QString>("clientId");
    QTest::addColumn<QByteArray>("nonce");
    QTest::addColumn<qint64>("skew");
    QTest::addColumn<qint64>("maxAge");
    QTest::newRow("no issuer") << QString() << kClientId << kNonce << qint64(300) << kNoMaxAge;
    QTest::newRow("no client_id") << kIssuer << QString() << kNonce << qint64(300) << kNoMaxAge;
    QTest::newRow("no nonce") << kIssuer << kClientId << QByteArray() << qint64(300) << kNoMaxAge;
    QTest::newRow("negative skew") << kIssuer << kClientId << kNonce << qint64(-1) << kNoMaxAge;
    QTest::newRow("absurd skew") << kIssuer << kClientId << kNonce << qint64(10 * 86400)
                                 << kNoMaxAge;
    QTest::newRow("negative max_age")
        << kIssuer << kClientId << kNonce << qint64(300) << qint64(-5);
}

void TestIdTokenValidator::checksMustBeComplete()
{
    QFETCH(QString, issuer);
    QFETCH(QString, clientId);
    QFETCH(QByteArray, nonce);
    QFETCH(qint64, skew);
    QFETCH(qint64, maxAge);
    IdTokenChecks checks{issuer, clientId, nonce, std::nullopt, skew};
    if (maxAge != kNoMaxAge) {
        checks.maxAgeSeconds = maxAge;
    }
    const auto keys = JsonWebKeySet::parse(m_jwks);
    // A token that would otherwise pass (apart from the missing piece of the checks).
    const auto result =
        validateIdToken(Fabrikam::Test::makeJws(header(u"RS256"_s, u"k1"_s), baseClaims(), m_rsa),
                        checks, keys.value(), m_clock.now());
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, Fabrikam::Common::Errc::InvalidInput);
}

void TestIdTokenValidator::clockDecidesExpiry()
{
    const auto keys = JsonWebKeySet::parse(m_jwks);
    const QByteArray token =
        Fabrikam::Test::makeJws(header(u"RS256"_s, u"k1"_s), baseClaims(), m_rsa);
    const IdTokenChecks checks{kIssuer, kClientId, kNonce, std::nullopt, 0};
    Fabrikam::Test::FakeClock clock(kNow);
    QVERIFY(validateIdToken(token, checks, keys.value(), clock.now()).ok());
    clock.advance(599);
    QVERIFY(validateIdToken(token, checks, keys.value(), clock.now()).ok());
    clock.advance(1);
    const auto expired = validateIdToken(token, checks, keys.value(), clock.now());
    QVERIFY(!expired.ok());
    QCOMPARE(expired.error().code, Fabrikam::Auth::Errc::TokenExpired);
    QVERIFY(!validateIdToken(token, checks, keys.value(), QDateTime()).ok());
}

void TestIdTokenValidator::hasRecentMfa_data()
{
    QTest::addColumn<QJsonValue>("amr");
    QTest::addColumn<QString>("acr");
    QTest::addColumn<qint64>("authAge"); // seconds before now; -1 = no auth_time claim
    QTest::addColumn<qint64>("maxAge");
    QTest::addColumn<QString>("mfaAcr");
    QTest::addColumn<bool>("expected");

    const QJsonValue mfa = QJsonArray{u"pwd"_s, u"mfa"_s};
    const QJsonValue pwd = QJsonArray{u"pwd"_s};
    const QString password = u"urn:fabrikam:acr:password"_s;
    QTest::newRow("amr mfa, recent")
        << mfa << password << qint64(60) << qint64(300) << kMfaAcr << true;
    QTest::newRow("acr is the MFA ACR, recent")
        << pwd << kMfaAcr << qint64(60) << qint64(300) << kMfaAcr << true;
    QTest::newRow("password only")
        << pwd << password << qint64(60) << qint64(300) << kMfaAcr << false;
    QTest::newRow("no amr, no MFA ACR") << QJsonValue(QJsonValue::Undefined) << password
                                        << qint64(60) << qint64(300) << kMfaAcr << false;
    QTest::newRow("mfa, too old") << mfa << password << qint64(301) << qint64(300) << kMfaAcr
                                  << false;
    QTest::newRow("mfa, exactly max age")
        << mfa << password << qint64(300) << qint64(300) << kMfaAcr << true;
    QTest::newRow("mfa, no auth_time")
        << mfa << password << qint64(-1) << qint64(300) << kMfaAcr << false;
    QTest::newRow("mfa, max age 0, just now")
        << mfa << kMfaAcr << qint64(0) << qint64(0) << kMfaAcr << true;
    QTest::newRow("mfa, negative max age")
        << mfa << kMfaAcr << qint64(0) << qint64(-1) << kMfaAcr << false;
    QTest::newRow("empty mfaAcr never matches an empty acr")
        << pwd << QString() << qint64(0) << qint64(300) << QString() << false;
    QTest::newRow("amr MFA is case-sensitive") << QJsonValue(QJsonArray{u"MFA"_s}) << password
                                               << qint64(10) << qint64(300) << kMfaAcr << false;
}

void TestIdTokenValidator::hasRecentMfa()
{
    QFETCH(QJsonValue, amr);
    QFETCH(QString, acr);
    QFETCH(qint64, authAge);
    QFETCH(qint64, maxAge);
    QFETCH(QString, mfaAcr);
    QFETCH(bool, expected);

    QJsonObject claims = claimsWith(u"amr"_s, amr);
    if (acr.isEmpty()) {
        claims.remove(u"acr"_s);
    } else {
        claims.insert(u"acr"_s, acr);
    }
    if (authAge < 0) {
        claims.remove(u"auth_time"_s);
    } else {
        claims.insert(u"auth_time"_s, kNow - authAge);
    }
    const auto keys = JsonWebKeySet::parse(m_jwks);
    const auto token = validateIdToken(
        Fabrikam::Test::makeJws(header(u"RS256"_s, u"k1"_s), claims, m_rsa),
        IdTokenChecks{kIssuer, kClientId, kNonce, std::nullopt}, keys.value(), m_clock.now());
    QVERIFY(token.ok());
    QCOMPARE(Fabrikam::Auth::hasRecentMfa(token.value(), m_clock.now(), maxAge, mfaAcr), expected);
}

Fabrikam::Common::Result<IdToken> TestIdTokenValidator::validated(const QJsonObject& claims,
                                                                  const QString& issuer)
{
    const auto keys = JsonWebKeySet::parse(m_jwks);
    IdTokenChecks checks{issuer, kClientId, {}, std::nullopt};
    checks.fromRefresh = true;
    return validateIdToken(Fabrikam::Test::makeJws(header(u"RS256"_s, u"k1"_s), claims, m_rsa),
                           checks, keys.value(), m_clock.now());
}

// OIDC Core 12.2: an ID token from a refresh has no request to carry a nonce, so none is checked;
// everything else (iss, aud, signature, exp) still is.
void TestIdTokenValidator::refreshedTokenNeedsNoNonceButOurIssuerAndAudience_data()
{
    QTest::addColumn<QJsonObject>("claims");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<ErrorCode>("code");
    const ErrorCode ok = Fabrikam::Common::Errc::Internal; // ignored for valid rows
    QTest::newRow("no nonce") << claimsWithout(u"nonce"_s) << true << ok;
    QTest::newRow("the sign-in's nonce again") << baseClaims() << true << ok;
    QTest::newRow("another issuer") << claimsWith(u"iss"_s, u"https://evil.example/"_s) << false
                                    << ErrorCode(Fabrikam::Auth::Errc::IssuerMismatch);
    QTest::newRow("another audience") << claimsWith(u"aud"_s, u"someone-else"_s) << false
                                      << ErrorCode(Fabrikam::Auth::Errc::AudienceMismatch);
    QTest::newRow("expired") << claimsWith(u"exp"_s, kNow - 301) << false
                             << ErrorCode(Fabrikam::Auth::Errc::TokenExpired);
}

void TestIdTokenValidator::refreshedTokenNeedsNoNonceButOurIssuerAndAudience()
{
    QFETCH(QJsonObject, claims);
    QFETCH(bool, valid);
    QFETCH(ErrorCode, code);
    const auto result = validated(claims, kIssuer);
    if (valid) {
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().detail));
        return;
    }
    QVERIFY2(!result.ok(), "token was accepted");
    QCOMPARE(result.error().code, code);
}

// OIDC Core 12.2: a refreshed ID token keeps iss, sub and aud (in any order); the rest may change.
void TestIdTokenValidator::sameSubject_data()
{
    QTest::addColumn<QJsonObject>("original");
    QTest::addColumn<QJsonObject>("refreshed");
    QTest::addColumn<QString>("refreshedIssuer");
    QTest::addColumn<bool>("same");

    const QString otherIssuer = u"https://op2.fabrikam.example/"_s;
    const QString api = u"https://api.fabrikam.example"_s;
    QJsonObject renewed = claimsWithout(u"nonce"_s);
    renewed.insert(u"exp"_s, kNow + 900);
    renewed.insert(u"iat"_s, kNow - 1);
    renewed.insert(u"acr"_s, kMfaAcr);
    renewed.insert(u"name"_s, u"Jane Q. Doe"_s);
    QJsonObject twoAudiences = claimsWith(u"aud"_s, QJsonArray{kClientId, api});
    twoAudiences.insert(u"azp"_s, kClientId);
    QJsonObject twoAudiencesReversed = claimsWith(u"aud"_s, QJsonArray{api, kClientId});
    twoAudiencesReversed.insert(u"azp"_s, kClientId);

    QTest::newRow("identical") << baseClaims() << baseClaims() << kIssuer << true;
    QTest::newRow("new exp, iat, acr, name; no nonce")
        << baseClaims() << renewed << kIssuer << true;
    QTest::newRow("audiences in another order")
        << twoAudiences << twoAudiencesReversed << kIssuer << true;
    QTest::newRow("another subject")
        << baseClaims() << claimsWith(u"sub"_s, u"248289761002"_s) << kIssuer << false;
    QTest::newRow("another issuer")
        << baseClaims() << claimsWith(u"iss"_s, otherIssuer) << otherIssuer << false;
    QTest::newRow("an audience more") << baseClaims() << twoAudiences << kIssuer << false;
    QTest::newRow("an audience less") << twoAudiences << baseClaims() << kIssuer << false;
}

void TestIdTokenValidator::sameSubject()
{
    QFETCH(QJsonObject, original);
    QFETCH(QJsonObject, refreshed);
    QFETCH(QString, refreshedIssuer);
    QFETCH(bool, same);
    // Both validated as they would be: each against the issuer it names.
    const auto first = validated(original, kIssuer);
    const auto second = validated(refreshed, refreshedIssuer);
    QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : first.error().detail));
    QVERIFY2(second.ok(), qPrintable(second.ok() ? QString() : second.error().detail));
    QCOMPARE(Fabrikam::Auth::sameSubject(first.value(), second.value()), same);
}

QTEST_GUILESS_MAIN(TestIdTokenValidator)
#include "tst_idtokenvalidator.moc"
