#include "auth/idtokenvalidator.h"

#include "auth/errors.h"
#include "auth/jose.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QTimeZone>

#include <cmath>

namespace Fabrikam::Auth {

using Common::Error;
using Common::ErrorCode;
using Common::Result;
using namespace Qt::StringLiterals;

namespace {

// 9999-12-31T23:59:59Z: later NumericDates are nonsense and would overflow QDateTime arithmetic.
constexpr double kMaxNumericDate = 253402300799.0;
constexpr qint64 kMaxClockSkew = 24 * 60 * 60;

const char* const kRejected = QT_TRANSLATE_NOOP(
    "Fabrikam::Auth::IdToken", "The identity provider's answer failed a security check, so you "
                               "were not signed in. Please try again.");
const char* const kClock = QT_TRANSLATE_NOOP(
    "Fabrikam::Auth::IdToken", "The sign-in answer has expired or is not valid yet. Please check "
                               "that your computer's date and time are correct, then try again.");
const char* const kTooOld = QT_TRANSLATE_NOOP(
    "Fabrikam::Auth::IdToken", "Your last sign-in is too long ago for this action. Please sign in "
                               "again.");
const char* const kInternal = QT_TRANSLATE_NOOP(
    "Fabrikam::Auth::IdToken", "An internal error occurred while checking the sign-in.");

Error tokenError(ErrorCode code, const char* message, QString detail)
{
    return Error{code, QCoreApplication::translate("Fabrikam::Auth::IdToken", message),
                 std::move(detail)};
}

Error missing(QStringView claim)
{
    return tokenError(Errc::MissingClaim, kRejected, u"claim %1 is missing"_s.arg(claim));
}

Error invalid(QStringView claim, QStringView why)
{
    return tokenError(Errc::InvalidClaim, kRejected, u"claim %1 %2"_s.arg(claim, why));
}

// A string claim: absent -> nullopt; present with another JSON type -> error.
Result<std::optional<QString>> stringClaim(const QJsonObject& claims, QStringView name)
{
    const QJsonValue value = claims.value(name);
    if (value.isUndefined()) {
        return Result<std::optional<QString>>(std::optional<QString>());
    }
    if (!value.isString()) {
        return Result<std::optional<QString>>(invalid(name, u"is not a string"));
    }
    return Result<std::optional<QString>>(std::optional<QString>(value.toString()));
}

Result<QString> requiredStringClaim(const QJsonObject& claims, QStringView name)
{
    auto value = stringClaim(claims, name);
    if (!value.ok()) {
        return Result<QString>(value.error());
    }
    if (!value.value() || value.value()->isEmpty()) {
        return Result<QString>(missing(name));
    }
    return Result<QString>(*value.value());
}

// RFC 7519 §2 NumericDate: a JSON number of seconds since the epoch (fractions allowed, and
// dropped). A string that looks like a number is refused.
Result<std::optional<qint64>> numericDateClaim(const QJsonObject& claims, QStringView name)
{
    const QJsonValue value = claims.value(name);
    if (value.isUndefined()) {
        return Result<std::optional<qint64>>(std::optional<qint64>());
    }
    if (!value.isDouble()) {
        return Result<std::optional<qint64>>(invalid(name, u"is not a JSON number"));
    }
    const double seconds = value.toDouble();
    if (!std::isfinite(seconds) || seconds < 0.0 || seconds > kMaxNumericDate) {
        return Result<std::optional<qint64>>(invalid(name, u"is out of range"));
    }
    return Result<std::optional<qint64>>(
        std::optional<qint64>(static_cast<qint64>(std::floor(seconds))));
}

// A JSON array of strings (aud as an array, amr). Empty strings and other types are refused.
Result<QStringList> stringArray(const QJsonValue& value, QStringView name)
{
    QStringList out;
    const QJsonArray array = value.toArray();
    for (const QJsonValue& item : array) {
        if (!item.isString() || item.toString().isEmpty()) {
            return Result<QStringList>(invalid(name, u"has an element that is not a string"));
        }
        out.append(item.toString());
    }
    return Result<QStringList>(std::move(out));
}

QDateTime fromEpoch(qint64 seconds)
{
    return QDateTime::fromSecsSinceEpoch(seconds, QTimeZone::utc());
}

} // namespace

Result<IdToken> validateIdToken(QByteArrayView jwt, const IdTokenChecks& checks,
                                const JsonWebKeySet& keys, const QDateTime& now)
{
    if (!now.isValid() || checks.issuer.isEmpty() || checks.clientId.isEmpty() ||
        (checks.nonce.isEmpty() != checks.fromRefresh) || checks.clockSkewSeconds < 0 ||
        checks.clockSkewSeconds > kMaxClockSkew ||
        (checks.maxAgeSeconds && *checks.maxAgeSeconds < 0)) {
        // The caller always sends a nonce (DESIGN.md section 5); without one there is nothing to
        // bind the token to this request.
        return Result<IdToken>(tokenError(Common::Errc::InvalidInput, kInternal,
                                          u"IdTokenChecks incomplete or out of range"_s));
    }
    const qint64 nowSecs = now.toSecsSinceEpoch();
    const qint64 skew = checks.clockSkewSeconds;

    // OIDC Core 3.1.3.7 (1): we register no encryption key, so an encrypted (5-segment) token is
    // refused by the parser along with everything else that is not a compact JWS.
    auto parsed = parseCompactJws(jwt);
    if (!parsed.ok()) {
        return Result<IdToken>(parsed.error());
    }
    const CompactJws& jws = parsed.value();

    // OIDC Core 3.1.3.7 (6), (7), (8): we always verify the signature (no TLS shortcut); only
    // RS256, PS256 and ES256 are accepted; "none" and HMAC are refused by name.
    const auto alg = jwsAlgorithmFromName(jws.algorithm());
    if (!alg.ok()) {
        return Result<IdToken>(alg.error());
    }
    // OIDC Core 10.1 / RFC 8725 §3.10: the key comes from the provider's JWKS by kid, never from
    // "jwk", "jku", "x5u" or "x5c" in the header.
    const auto key = keys.selectKey(jws.header);
    if (!key.ok()) {
        return Result<IdToken>(key.error());
    }
    // RFC 7515 §5.2 step 8, with the algorithm bound to the key type (RFC 8725 §3.1).
    const auto verified =
        verifySignature(jws.algorithm(), key.value().evpKey(), jws.signingInput, jws.signature);
    if (!verified.ok()) {
        return Result<IdToken>(verified.error());
    }

    const QJsonObject& claims = jws.payload;
    IdToken token;
    token.m_claims = claims;
    token.m_signingAlgorithm = jws.algorithm();
    token.m_keyId = jws.header.value(u"kid").toString();

    // OIDC Core 3.1.3.7 (2): iss MUST exactly match the issuer from discovery.
    auto iss = requiredStringClaim(claims, u"iss");
    if (!iss.ok()) {
        return Result<IdToken>(iss.error());
    }
    if (iss.value() != checks.issuer) {
        return Result<IdToken>(
            tokenError(Errc::IssuerMismatch, kRejected, u"iss is not the configured issuer"_s));
    }
    token.m_issuer = iss.value();

    // OIDC Core 2: sub is REQUIRED, a non-empty string.
    auto sub = requiredStringClaim(claims, u"sub");
    if (!sub.ok()) {
        return Result<IdToken>(sub.error());
    }
    token.m_subject = sub.value();

    // OIDC Core 3.1.3.7 (3): aud (a string or an array of strings, RFC 7519 §4.1.3) MUST contain
    // our client_id.
    const QJsonValue aud = claims.value(u"aud");
    if (aud.isString() && !aud.toString().isEmpty()) {
        token.m_audiences = QStringList{aud.toString()};
    } else if (aud.isArray() && !aud.toArray().isEmpty()) {
        auto list = stringArray(aud, u"aud");
        if (!list.ok()) {
            return Result<IdToken>(list.error());
        }
        token.m_audiences = list.value();
    } else if (aud.isUndefined()) {
        return Result<IdToken>(missing(u"aud"));
    } else {
        return Result<IdToken>(invalid(u"aud", u"is not a string or a non-empty array"));
    }
    if (!token.m_audiences.contains(checks.clientId)) {
        return Result<IdToken>(
            tokenError(Errc::AudienceMismatch, kRejected, u"aud does not contain our client_id"_s));
    }

    auto azp = stringClaim(claims, u"azp");
    if (!azp.ok()) {
        return Result<IdToken>(azp.error());
    }
    // OIDC Core 3.1.3.7 (4): with several audiences, azp must be present (and, per (5), ours).
    if (token.m_audiences.size() > 1 && !azp.value()) {
        return Result<IdToken>(
            tokenError(Errc::AuthorizedPartyMissing, kRejected, u"several audiences and no azp"_s));
    }
    // OIDC Core 3.1.3.7 (5): an azp claim must be our client_id.
    if (azp.value() && *azp.value() != checks.clientId) {
        return Result<IdToken>(
            tokenError(Errc::AuthorizedPartyMismatch, kRejected, u"azp is not our client_id"_s));
    }
    token.m_authorizedParty = azp.value().value_or(QString());

    // OIDC Core 3.1.3.7 (9): exp is REQUIRED (OIDC Core 2) and the current time MUST be before
    // it, allowing the configured clock skew.
    auto exp = numericDateClaim(claims, u"exp");
    if (!exp.ok()) {
        return Result<IdToken>(exp.error());
    }
    if (!exp.value()) {
        return Result<IdToken>(missing(u"exp"));
    }
    if (nowSecs >= *exp.value() + skew) {
        return Result<IdToken>(tokenError(Errc::TokenExpired, kClock,
                                          u"expired %1 s ago"_s.arg(nowSecs - *exp.value())));
    }
    token.m_expiresAt = fromEpoch(*exp.value());

    // OIDC Core 3.1.3.7 (10): iat is REQUIRED (OIDC Core 2); a token issued further in the future
    // than the skew allows is refused.
    auto iat = numericDateClaim(claims, u"iat");
    if (!iat.ok()) {
        return Result<IdToken>(iat.error());
    }
    if (!iat.value()) {
        return Result<IdToken>(missing(u"iat"));
    }
    if (*iat.value() > nowSecs + skew) {
        return Result<IdToken>(tokenError(Errc::IssuedInFuture, kClock,
                                          u"iat is %1 s ahead"_s.arg(*iat.value() - nowSecs)));
    }
    token.m_issuedAt = fromEpoch(*iat.value());

    // OIDC Core 3.1.3.7 (11): we always send a nonce, so the claim MUST be present and equal.
    // A refreshed ID token answers no request of ours (OIDC Core 12.2): nothing to compare.
    auto nonce = stringClaim(claims, u"nonce");
    if (!nonce.ok()) {
        return Result<IdToken>(nonce.error());
    }
    if (!checks.fromRefresh) {
        if (!nonce.value()) {
            return Result<IdToken>(
                tokenError(Errc::NonceMissing, kRejected, u"claim nonce is missing"_s));
        }
        if (nonce.value()->toUtf8() != checks.nonce) {
            return Result<IdToken>(
                tokenError(Errc::NonceMismatch, kRejected, u"nonce does not match the request"_s));
        }
    }
    token.m_nonce = nonce.value().value_or(QString());

    // OIDC Core 3.1.3.7 (13): with max_age requested, auth_time is REQUIRED (OIDC Core 2) and
    // re-authentication is needed when too much time has passed.
    auto authTime = numericDateClaim(claims, u"auth_time");
    if (!authTime.ok()) {
        return Result<IdToken>(authTime.error());
    }
    if (authTime.value()) {
        if (*authTime.value() > nowSecs + skew) {
            return Result<IdToken>(invalid(u"auth_time", u"is in the future"));
        }
        token.m_authTime = fromEpoch(*authTime.value());
    }
    if (checks.maxAgeSeconds) {
        if (!authTime.value()) {
            return Result<IdToken>(tokenError(Errc::AuthTimeMissing, kRejected,
                                              u"max_age was requested but auth_time is missing"_s));
        }
        const qint64 age = nowSecs - *authTime.value();
        if (age > *checks.maxAgeSeconds + skew) {
            return Result<IdToken>(tokenError(
                Errc::AuthenticationTooOld, kTooOld,
                u"authenticated %1 s ago, max_age %2"_s.arg(age).arg(*checks.maxAgeSeconds)));
        }
    }

    // OIDC Core 3.1.3.7 (12): acr is returned as is; the step-up code decides whether it suffices
    // (hasRecentMfa, StepUpCoordinator). OIDC Core 2: acr a string, amr an array of strings.
    auto acr = stringClaim(claims, u"acr");
    if (!acr.ok()) {
        return Result<IdToken>(acr.error());
    }
    token.m_acr = acr.value().value_or(QString());
    const QJsonValue amr = claims.value(u"amr");
    if (!amr.isUndefined()) {
        if (!amr.isArray()) {
            return Result<IdToken>(invalid(u"amr", u"is not an array"));
        }
        auto list = stringArray(amr, u"amr");
        if (!list.ok()) {
            return Result<IdToken>(list.error());
        }
        token.m_amr = list.value();
    }

    // OIDC Core 5.1: profile claims are strings when present.
    auto name = stringClaim(claims, u"name");
    auto email = stringClaim(claims, u"email");
    if (!name.ok()) {
        return Result<IdToken>(name.error());
    }
    if (!email.ok()) {
        return Result<IdToken>(email.error());
    }
    token.m_name = name.value().value_or(QString());
    token.m_email = email.value().value_or(QString());

    return Result<IdToken>(std::move(token));
}

bool sameAudiences(QStringList original, QStringList refreshed)
{
    original.sort();
    refreshed.sort();
    return original == refreshed;
}

bool sameSubject(const IdToken& original, const IdToken& refreshed)
{
    return original.issuer() == refreshed.issuer() && original.subject() == refreshed.subject() &&
           sameAudiences(original.audiences(), refreshed.audiences());
}

bool hasRecentMfa(const IdToken& token, const QDateTime& now, qint64 maxAgeSeconds,
                  const QString& mfaAcr)
{
    if (maxAgeSeconds < 0 || !token.authTime() || !now.isValid()) {
        return false;
    }
    // RFC 8176 §2: "mfa" = multiple-factor authentication; or the provider's MFA ACR value.
    const bool mfa = token.amr().contains(u"mfa"_s) || (!mfaAcr.isEmpty() && token.acr() == mfaAcr);
    // OIDC Core 2 auth_time: when the End-User authentication occurred.
    const qint64 age = token.authTime()->secsTo(now);
    return mfa && age <= maxAgeSeconds;
}

} // namespace Fabrikam::Auth
