#pragma once

#include "auth/authsession.h"
#include "common/result.h"

#include <QJsonObject>
#include <QString>
#include <QUrl>

namespace Fabrikam::Client {

// A named, non-secret configuration (DESIGN.md section 4): which provider, which client, which API.
// The default is the sandbox on loopback; an Auth0 tenant works by changing only the profile.
// Stored as JSON in <config>/profiles/<name>.json; every key can also be given as a CLI flag.
struct Profile
{
    QString name = QStringLiteral("sandbox");
    Auth::SessionSettings auth;
    QUrl apiBaseUrl;

    [[nodiscard]] static Profile sandbox();
    // https://TENANT.auth0.com/ with the API's audience.
    [[nodiscard]] static Profile auth0(const QString& tenantDomain, const QString& clientId,
                                       const QString& audience, const QUrl& apiBaseUrl);

    // Keys as in DESIGN.md: issuer, client_id, audience, resource, api_base_url, base_scopes,
    // step_up_scope, mfa_acr, sensitive_max_age, redirect_port. Unknown keys are refused.
    [[nodiscard]] Common::Result<void> apply(const QJsonObject& values);
    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] Common::Result<void> validate() const;

    [[nodiscard]] static QString directory();
    [[nodiscard]] static Common::Result<Profile> load(const QString& name);
};

} // namespace Fabrikam::Client
