#include "auth/serviceconfiguration.h"

#include "auth/errors.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

namespace Fabrikam::Auth {

using Common::Error;
using Common::ErrorCode;
using Common::Result;

namespace {

constexpr qsizetype kMaxDocumentSize = 256 * 1024;

Error misconfigured(const QString& detail)
{
    return Error{Errc::ProviderMisconfigured,
                 QCoreApplication::translate(
                     "Fabrikam::Auth",
                     "The sign-in service is not set up the way Fabrikam expects. Check the "
                     "issuer in the profile, or contact support."),
                 detail};
}

QStringList stringList(const QJsonValue& value)
{
    QStringList out;
    const QJsonArray array = value.toArray();
    for (const QJsonValue& item : array) {
        if (item.isString()) {
            out.append(item.toString());
        }
    }
    return out;
}

} // namespace

bool isAcceptableEndpoint(const QUrl& url)
{
    if (!url.isValid() || url.host().isEmpty() || !url.userInfo().isEmpty()) {
        return false;
    }
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("https")) {
        return true;
    }
    if (scheme != QLatin1String("http")) {
        return false;
    }
    const QHostAddress address(url.host());
    return !address.isNull() && address.isLoopback();
}

bool isAcceptableEndpoint(const QUrl& url, const QUrl& issuer)
{
    return isAcceptableEndpoint(url) &&
           (url.scheme().compare(u"https", Qt::CaseInsensitive) == 0 ||
            issuer.scheme().compare(u"https", Qt::CaseInsensitive) != 0);
}

QUrl ServiceConfiguration::discoveryUrl(const QString& issuer)
{
    QString base = issuer;
    while (base.endsWith(QLatin1Char('/'))) {
        base.chop(1);
    }
    return QUrl(base + QLatin1String("/.well-known/openid-configuration"), QUrl::StrictMode);
}

Result<ServiceConfiguration> ServiceConfiguration::fromDocument(QByteArrayView json,
                                                                const QString& expectedIssuer)
{
    if (json.size() > kMaxDocumentSize) {
        return Result<ServiceConfiguration>(misconfigured(
            QStringLiteral("discovery document larger than %1 bytes").arg(kMaxDocumentSize)));
    }
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(json.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        return Result<ServiceConfiguration>(
            misconfigured(QStringLiteral("discovery document is not a JSON object")));
    }
    const QJsonObject o = doc.object();

    ServiceConfiguration c;
    c.issuer = o.value(QLatin1String("issuer")).toString();
    // Discovery §4.3: the issuer returned MUST be identical to the one the request was made for.
    if (c.issuer != expectedIssuer) {
        return Result<ServiceConfiguration>(misconfigured(
            QStringLiteral("discovery issuer \"%1\" is not the profile's issuer \"%2\"")
                .arg(c.issuer, expectedIssuer)));
    }

    struct Endpoint
    {
        const char* name;
        QUrl* target;
        bool required;
    };
    const Endpoint endpoints[] = {
        {"authorization_endpoint", &c.authorizationEndpoint, true},
        {"token_endpoint", &c.tokenEndpoint, true},
        {"jwks_uri", &c.jwksUri, true},
        {"revocation_endpoint", &c.revocationEndpoint, false},
        {"end_session_endpoint", &c.endSessionEndpoint, false},
        {"userinfo_endpoint", &c.userinfoEndpoint, false},
    };
    for (const Endpoint& e : endpoints) {
        const QString value = o.value(QLatin1String(e.name)).toString();
        if (value.isEmpty()) {
            if (e.required) {
                return Result<ServiceConfiguration>(misconfigured(
                    QStringLiteral("discovery has no %1").arg(QLatin1String(e.name))));
            }
            continue;
        }
        const QUrl url(value, QUrl::StrictMode);
        if (!isAcceptableEndpoint(url, QUrl(expectedIssuer))) {
            return Result<ServiceConfiguration>(Error{
                Errc::InsecureEndpoint,
                QCoreApplication::translate("Fabrikam::Auth",
                                            "The sign-in service named an address that is not "
                                            "secure (https). Fabrikam will not use it."),
                QStringLiteral("%1 is not https (or loopback http under a loopback http issuer)")
                    .arg(QLatin1String(e.name))});
        }
        *e.target = url;
    }

    c.issParameterSupported =
        o.value(QLatin1String("authorization_response_iss_parameter_supported")).toBool(false);
    c.codeChallengeMethods = stringList(o.value(QLatin1String("code_challenge_methods_supported")));
    c.scopesSupported = stringList(o.value(QLatin1String("scopes_supported")));
    // RFC 8414 §2: absent means PKCE support is not advertised; we still send S256 then. A list
    // without S256 means the provider would downgrade or refuse us: refuse it first.
    if (!c.codeChallengeMethods.isEmpty() &&
        !c.codeChallengeMethods.contains(QLatin1String("S256"))) {
        return Result<ServiceConfiguration>(
            misconfigured(QStringLiteral("the provider does not offer PKCE S256")));
    }
    return Result<ServiceConfiguration>(std::move(c));
}

} // namespace Fabrikam::Auth
