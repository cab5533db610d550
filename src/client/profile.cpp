#include "client/profile.h"

#include "auth/serviceconfiguration.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QStandardPaths>

namespace Fabrikam::Client {

using Common::Error;
using Common::ErrorCode;
using Common::Result;

namespace {

Error invalid(const QString& message)
{
    return Error{Common::Errc::InvalidInput, message, {}};
}

QString tr(const char* text)
{
    return QCoreApplication::translate("Fabrikam::Client::Profile", text);
}

} // namespace

Profile Profile::sandbox()
{
    Profile p;
    p.name = QStringLiteral("sandbox");
    p.auth.issuer = QStringLiteral("http://127.0.0.1:8700");
    p.auth.clientId = QStringLiteral("fabrikam-desktop");
    p.auth.audience = QStringLiteral("https://api.fabrikam.example");
    p.apiBaseUrl = QUrl(QStringLiteral("http://127.0.0.1:8701"));
    return p;
}

Profile Profile::auth0(const QString& tenantDomain, const QString& clientId,
                       const QString& audience, const QUrl& apiBaseUrl)
{
    Profile p;
    p.name = tenantDomain;
    p.auth.issuer = QStringLiteral("https://%1/").arg(tenantDomain); // Auth0's issuers end in "/"
    p.auth.clientId = clientId;
    p.auth.audience = audience;
    p.apiBaseUrl = apiBaseUrl;
    return p;
}

Result<void> Profile::apply(const QJsonObject& values)
{
    for (auto it = values.begin(); it != values.end(); ++it) {
        const QString key = it.key();
        const QJsonValue v = it.value();
        const auto text = [&v] { return v.isString() ? v.toString() : QString(); };
        const auto integer = [&v](qint64 min, qint64 max) -> std::optional<qint64> {
            bool ok = false;
            const qint64 n =
                v.isDouble() ? static_cast<qint64>(v.toDouble()) : v.toString().toLongLong(&ok);
            if ((v.isDouble() && v.toDouble() == static_cast<double>(n)) || ok) {
                if (n >= min && n <= max) {
                    return n;
                }
            }
            return std::nullopt;
        };
        if (key == QLatin1String("issuer")) {
            auth.issuer = text();
        } else if (key == QLatin1String("client_id")) {
            auth.clientId = text();
        } else if (key == QLatin1String("audience")) {
            auth.audience = text();
        } else if (key == QLatin1String("resource")) {
            auth.resource = text();
        } else if (key == QLatin1String("api_base_url")) {
            apiBaseUrl = QUrl(text(), QUrl::StrictMode);
        } else if (key == QLatin1String("base_scopes")) {
            auth.baseScopes = v.isArray() ? v.toVariant().toStringList()
                                          : text().split(QLatin1Char(' '), Qt::SkipEmptyParts);
        } else if (key == QLatin1String("step_up_scope")) {
            auth.stepUpScope = text();
        } else if (key == QLatin1String("mfa_acr")) {
            auth.mfaAcr = text();
        } else if (key == QLatin1String("account_hint")) {
            if (text() == QLatin1String("id_token_hint")) {
                auth.accountHint = Auth::AccountHint::IdToken;
            } else if (text() == QLatin1String("login_hint")) {
                auth.accountHint = Auth::AccountHint::Login;
            } else {
                return Result<void>(
                    invalid(tr("account_hint must be \"id_token_hint\" or \"login_hint\".")));
            }
        } else if (key == QLatin1String("sensitive_max_age")) {
            const auto n = integer(0, 86400);
            if (!n) {
                return Result<void>(
                    invalid(tr("sensitive_max_age must be a number of seconds from 0 to 86400.")));
            }
            auth.sensitiveMaxAge = *n;
        } else if (key == QLatin1String("redirect_port")) {
            const auto n = integer(0, 65535);
            if (!n) {
                return Result<void>(
                    invalid(tr("redirect_port must be a port number (0 picks a free one).")));
            }
            auth.redirectPort = static_cast<quint16>(*n);
        } else {
            return Result<void>(invalid(tr("Unknown profile setting \"%1\".").arg(key)));
        }
    }
    return validate();
}

QJsonObject Profile::toJson() const
{
    return QJsonObject{
        {QStringLiteral("issuer"), auth.issuer},
        {QStringLiteral("client_id"), auth.clientId},
        {QStringLiteral("audience"), auth.audience},
        {QStringLiteral("resource"), auth.resource},
        {QStringLiteral("api_base_url"), apiBaseUrl.toString()},
        {QStringLiteral("base_scopes"), auth.baseScopes.join(QLatin1Char(' '))},
        {QStringLiteral("step_up_scope"), auth.stepUpScope},
        {QStringLiteral("mfa_acr"), auth.mfaAcr},
        {QStringLiteral("account_hint"), auth.accountHint == Auth::AccountHint::IdToken
                                             ? QStringLiteral("id_token_hint")
                                             : QStringLiteral("login_hint")},
        {QStringLiteral("sensitive_max_age"), auth.sensitiveMaxAge},
        {QStringLiteral("redirect_port"), auth.redirectPort},
    };
}

Result<void> Profile::validate() const
{
    const QUrl issuer(auth.issuer, QUrl::StrictMode);
    if (auth.issuer.isEmpty() || !Auth::isAcceptableEndpoint(issuer)) {
        return Result<void>(
            invalid(tr("The issuer must be an https address (http only on 127.0.0.1): \"%1\".")
                        .arg(auth.issuer)));
    }
    if (auth.clientId.isEmpty()) {
        return Result<void>(invalid(tr("The profile needs a client id.")));
    }
    if (!Auth::isAcceptableEndpoint(apiBaseUrl)) {
        return Result<void>(
            invalid(tr("The API address must be https (http only on 127.0.0.1): \"%1\".")
                        .arg(apiBaseUrl.toString())));
    }
    if (!auth.baseScopes.contains(QLatin1String("openid"))) {
        return Result<void>(invalid(tr("The base scopes must include openid.")));
    }
    if (auth.stepUpScope.isEmpty() || auth.baseScopes.contains(auth.stepUpScope)) {
        return Result<void>(
            invalid(tr("The step-up scope must be set and must not be a base scope.")));
    }
    return {};
}

QString Profile::directory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) +
           QStringLiteral("/profiles");
}

Result<Profile> Profile::load(const QString& name)
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    if (!safe.match(name).hasMatch() || name.startsWith(QLatin1Char('.'))) {
        return Result<Profile>(
            invalid(tr("\"%1\" is not a profile name (letters, digits, . _ -).").arg(name)));
    }
    Profile p = sandbox();
    p.name = name;
    QFile file(directory() + QLatin1Char('/') + name + QStringLiteral(".json"));
    if (!file.exists()) {
        if (name == QLatin1String("sandbox")) {
            return Result<Profile>(std::move(p));
        }
        return Result<Profile>(
            invalid(tr("There is no profile \"%1\" (looked in %2).").arg(name, directory())));
    }
    if (!file.open(QIODevice::ReadOnly) || file.size() > 64 * 1024) {
        return Result<Profile>(
            invalid(tr("The profile file %1 cannot be read.").arg(file.fileName())));
    }
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        return Result<Profile>(
            invalid(tr("The profile file %1 is not a JSON object.").arg(file.fileName())));
    }
    if (auto applied = p.apply(doc.object()); !applied.ok()) {
        return Result<Profile>(applied.error());
    }
    return Result<Profile>(std::move(p));
}

} // namespace Fabrikam::Client
