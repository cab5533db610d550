#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <chrono>

namespace Fabrikam::Auth {

// An access token this close to its expiry is treated as expired: refreshed, or not offered.
inline constexpr qint64 kAccessTokenExpiryMarginSeconds = 30;

// Whether an access token expiring at `expiresAt` may still be sent `now` (an unknown expiry:
// yes; the provider did not say).
[[nodiscard]] inline bool accessTokenUsable(const QDateTime& expiresAt, const QDateTime& now)
{
    return !expiresAt.isValid() || now.secsTo(expiresAt) > kAccessTokenExpiryMarginSeconds;
}

// How a re-authorization names the person already signed in (OIDC Core 3.1.2.1), so that the
// provider asks that person and not whoever its browser session holds. login_hint (their e-mail,
// else their subject) by default: every provider takes it (Auth0 takes no id_token_hint on
// /authorize). id_token_hint makes the provider insist on that person, but puts the ID token
// (personal data, JWT-shaped) into the browser's URL, its history and the link the app shows;
// a profile may choose it (falling back to login_hint when no ID token is in hand).
enum class AccountHint
{
    Login,
    IdToken,
};

// The auth part of a profile (DESIGN.md section 4).
struct SessionSettings
{
    QString issuer;
    QString clientId;
    QString audience; // Auth0
    QString resource; // RFC 8707
    QStringList baseScopes{QStringLiteral("openid"), QStringLiteral("profile"),
                           QStringLiteral("email"), QStringLiteral("offline_access"),
                           QStringLiteral("read:accounts")};
    QString stepUpScope = QStringLiteral("transfer:funds");
    QString mfaAcr = QStringLiteral("http://schemas.openid.net/pape/policies/2007/06/multi-factor");
    qint64 sensitiveMaxAge = 600;
    AccountHint accountHint = AccountHint::Login;
    quint16 redirectPort = 0;
    std::chrono::milliseconds browserTimeout{std::chrono::minutes(5)};
};

} // namespace Fabrikam::Auth
