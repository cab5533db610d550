#include "auth/tokenresponse.h"

#include "auth/errors.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

namespace Fabrikam::Auth {

using Common::Error;
using Common::ErrorCode;
using Common::Result;

namespace {

constexpr qsizetype kMaxBody = 64 * 1024;

Error invalid(const QString& detail)
{
    return Error{Errc::InvalidProviderResponse,
                 QCoreApplication::translate("Fabrikam::Auth",
                                             "The sign-in service sent an answer Fabrikam cannot "
                                             "use. Please try again; if it keeps happening, "
                                             "contact support."),
                 detail};
}

// Printable characters only, bounded: the provider's words go into messages and traces. C0 and
// C1 controls (terminal escapes, line breaks) and format characters (bidi overrides) become
// spaces.
QString cleanProviderText(const QJsonValue& value)
{
    QString text = value.toString().left(300);
    for (QChar& c : text) {
        if (!c.isPrint()) {
            c = QLatin1Char(' ');
        }
    }
    return text.trimmed();
}

} // namespace

Result<TokenResponse> parseTokenResponse(int httpStatus, QByteArrayView body, TokenGrant grant)
{
    if (httpStatus >= 500) {
        return Result<TokenResponse>(Error{
            Errc::ProviderUnavailable,
            QCoreApplication::translate("Fabrikam::Auth",
                                        "The sign-in service is not available right now. Please "
                                        "try again in a moment."),
            QStringLiteral("token endpoint answered HTTP %1").arg(httpStatus)});
    }
    if (body.size() > kMaxBody) {
        return Result<TokenResponse>(invalid(QStringLiteral("token response over 64 KiB")));
    }
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(body.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        return Result<TokenResponse>(invalid(
            QStringLiteral("token response (HTTP %1) is not a JSON object").arg(httpStatus)));
    }
    const QJsonObject o = doc.object();

    if (httpStatus != 200) {
        // RFC 6749 §5.2: error, error_description, error_uri.
        const QString code = cleanProviderText(o.value(QLatin1String("error")));
        if (code.isEmpty()) {
            return Result<TokenResponse>(
                invalid(QStringLiteral("token endpoint answered HTTP %1 without an error code")
                            .arg(httpStatus)));
        }
        const QString description = cleanProviderText(o.value(QLatin1String("error_description")));
        if (grant == TokenGrant::RefreshToken && code == QLatin1String("invalid_grant")) {
            return Result<TokenResponse>(
                Error{Errc::SessionExpired,
                      QCoreApplication::translate("Fabrikam::Auth",
                                                  "Your session has ended. Please sign in again."),
                      code + QLatin1Char(':') + description});
        }
        return Result<TokenResponse>(
            Error{Errc::TokenRequestRejected,
                  description.isEmpty()
                      ? QCoreApplication::translate("Fabrikam::Auth",
                                                    "The sign-in service refused the request (%1).")
                            .arg(code)
                      : QCoreApplication::translate("Fabrikam::Auth",
                                                    "The sign-in service refused the request: %1")
                            .arg(description),
                  code + QLatin1Char(':') + description});
    }

    TokenResponse r;
    const QJsonValue access = o.value(QLatin1String("access_token"));
    const QJsonValue type = o.value(QLatin1String("token_type"));
    if (!access.isString() || access.toString().isEmpty()) {
        return Result<TokenResponse>(invalid(QStringLiteral("access_token missing")));
    }
    // RFC 6750 bearer tokens only; anything else (DPoP, MAC) we could not use correctly.
    if (!type.isString() || type.toString().compare(QLatin1String("Bearer"), Qt::CaseInsensitive)) {
        return Result<TokenResponse>(invalid(QStringLiteral("token_type is not Bearer")));
    }
    r.accessToken = access.toString().toLatin1();
    r.tokenType = QStringLiteral("Bearer");
    const QJsonValue expires = o.value(QLatin1String("expires_in"));
    if (expires.isDouble()) {
        const double seconds = expires.toDouble();
        if (seconds < 0 || seconds > 10.0 * 365 * 24 * 3600) {
            return Result<TokenResponse>(invalid(QStringLiteral("expires_in out of range")));
        }
        r.expiresIn = static_cast<qint64>(seconds);
    } else if (!expires.isUndefined() && !expires.isNull()) {
        return Result<TokenResponse>(invalid(QStringLiteral("expires_in is not a number")));
    }
    const auto optionalString = [&o](const char* name, QByteArray* target) {
        const QJsonValue v = o.value(QLatin1String(name));
        if (v.isUndefined() || v.isNull()) {
            return true;
        }
        if (!v.isString()) {
            return false;
        }
        *target = v.toString().toLatin1();
        return true;
    };
    if (!optionalString("refresh_token", &r.refreshToken) ||
        !optionalString("id_token", &r.idToken)) {
        return Result<TokenResponse>(
            invalid(QStringLiteral("refresh_token or id_token not a string")));
    }
    const QJsonValue scope = o.value(QLatin1String("scope"));
    if (scope.isString()) {
        r.scope = scope.toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
        r.scopeReturned = true;
    }
    return Result<TokenResponse>(std::move(r));
}

} // namespace Fabrikam::Auth
