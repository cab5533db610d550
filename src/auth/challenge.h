#pragma once

#include "common/result.h"

#include <QByteArrayView>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace Fabrikam::Auth {

// One challenge of a WWW-Authenticate field (RFC 9110 §11.6.1): a scheme with either a token68 or
// auth-params. Parameter names are case-insensitive and stored lowercased (RFC 9110 §11.2); values
// are unquoted and unescaped. The scheme is kept as written; compare it with hasScheme().
struct Challenge
{
    QString scheme;
    QString token68;
    QMap<QString, QString> params;

    [[nodiscard]] bool hasScheme(QStringView name) const
    {
        return scheme.compare(name, Qt::CaseInsensitive) == 0;
    }
};

// Fields longer than this are refused outright (a real Bearer challenge is well under 1 KiB).
inline constexpr qsizetype kMaxChallengeFieldSize = 8 * 1024;

// Parses a WWW-Authenticate field value (RFC 9110 §11.6.1, §11.2, §5.6):
//   WWW-Authenticate = #challenge
//   challenge   = auth-scheme [ 1*SP ( token68 / #auth-param ) ]
//   auth-param  = token BWS "=" BWS ( token / quoted-string )
// Several challenges in one field, empty list elements, optional whitespace, quoted-pair escapes.
// All or nothing: any syntax error, NUL or control character, oversized field or repeated
// parameter within a challenge (RFC 9110 §11.2, RFC 6750 §3) refuses the whole field with
// MalformedChallenge, so no half-parsed challenge ever reaches the caller. Linear time.
[[nodiscard]] Common::Result<QList<Challenge>> parseWwwAuthenticate(QByteArrayView field);

// The Bearer challenge in typed form (RFC 6750 §3, RFC 9470 §3).
struct BearerChallenge
{
    QString realm;
    QString error; // e.g. invalid_token, insufficient_scope, insufficient_user_authentication
    QString errorDescription;
    QStringList scope;            // space-delimited in the header (RFC 6750 §3)
    QStringList acrValues;        // space-separated (RFC 9470 §3)
    std::optional<qint64> maxAge; // non-negative integer seconds (RFC 9470 §3)
};

// The first Bearer challenge of the field, checked against RFC 6750 §3 (error, error_description
// and scope character sets; auth-params, not token68) and RFC 9470 §3 (max_age a non-negative
// integer). MalformedChallenge when the field or the Bearer challenge is invalid,
// ChallengeMissing when there is no Bearer challenge.
[[nodiscard]] Common::Result<BearerChallenge> parseBearerChallenge(QByteArrayView field);
[[nodiscard]] Common::Result<BearerChallenge> bearerChallenge(const QList<Challenge>& challenges);

} // namespace Fabrikam::Auth
