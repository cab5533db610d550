#include "app/supportbundle.h"

#include "auth/accesstokenclaims.h"
#include "auth/idtoken.h"
#include "common/redact.h"

#include <QCoreApplication>
#include <QJsonValue>
#include <QLibraryInfo>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSysInfo>

#include <openssl/crypto.h>

namespace Fabrikam::App {

namespace {

QString keychainBackend()
{
#if defined(Q_OS_WIN)
    return SupportBundle::tr("Windows Credential Manager (QtKeychain)");
#elif defined(Q_OS_MACOS)
    return SupportBundle::tr("macOS Keychain (QtKeychain)");
#else
    return SupportBundle::tr(
        "Secret Service over D-Bus, e.g. GNOME Keyring or KWallet (QtKeychain); "
        "no plaintext fallback");
#endif
}

QString appVersion()
{
    const QString fromApp = QCoreApplication::applicationVersion();
    return fromApp.isEmpty() ? QStringLiteral(FABRIKAM_VERSION) : fromApp;
}

} // namespace

QList<EnvironmentEntry> environmentEntries()
{
    return {
        {QStringLiteral("app_version"), SupportBundle::tr("Fabrikam Desktop"), appVersion()},
        {QStringLiteral("qt_runtime"), SupportBundle::tr("Qt (runtime)"),
         QString::fromLatin1(qVersion())},
        {QStringLiteral("qt_build"), SupportBundle::tr("Qt (built with)"),
         QStringLiteral(QT_VERSION_STR)},
        {QStringLiteral("qt_build_info"), SupportBundle::tr("Qt build"),
         QString::fromLatin1(QLibraryInfo::build())},
        {QStringLiteral("openssl"), SupportBundle::tr("OpenSSL"),
         QString::fromLatin1(OpenSSL_version(OPENSSL_VERSION))},
        {QStringLiteral("os"), SupportBundle::tr("Operating system"),
         QSysInfo::prettyProductName()},
        {QStringLiteral("kernel"), SupportBundle::tr("Kernel"),
         QSysInfo::kernelType() + QLatin1Char(' ') + QSysInfo::kernelVersion()},
        {QStringLiteral("cpu"), SupportBundle::tr("Architecture"),
         QSysInfo::currentCpuArchitecture()},
        {QStringLiteral("keychain"), SupportBundle::tr("Keychain"), keychainBackend()},
    };
}

QJsonObject claimsJson(const Auth::IdToken& token)
{
    return QJsonObject{
        {QStringLiteral("header"), QJsonObject{{QStringLiteral("alg"), token.signingAlgorithm()},
                                               {QStringLiteral("kid"), token.keyId()}}},
        {QStringLiteral("claims"), token.claims()},
    };
}

QJsonObject claimsJson(const Auth::AccessTokenClaims& token)
{
    if (!token.jwt) {
        return QJsonObject{{QStringLiteral("opaque"), true}};
    }
    return QJsonObject{
        {QStringLiteral("header"), QJsonObject{{QStringLiteral("alg"), token.algorithm},
                                               {QStringLiteral("kid"), token.keyId},
                                               {QStringLiteral("typ"), token.type}}},
        {QStringLiteral("claims"), token.claims},
        {QStringLiteral("verified"), false},
    };
}

SupportBundle& SupportBundle::setProfile(const Client::Profile& profile)
{
    QJsonObject json = profile.toJson();
    json.insert(QStringLiteral("name"), profile.name);
    m_root.insert(QStringLiteral("profile"), json);
    return *this;
}

SupportBundle& SupportBundle::setEnvironment(const QList<EnvironmentEntry>& entries)
{
    QJsonObject json;
    for (const EnvironmentEntry& entry : entries) {
        json.insert(entry.key, entry.value);
    }
    m_root.insert(QStringLiteral("environment"), json);
    return *this;
}

SupportBundle& SupportBundle::setTimeline(const QJsonArray& events)
{
    m_root.insert(QStringLiteral("timeline"), events);
    return *this;
}

SupportBundle& SupportBundle::setClaims(const QString& name, const QJsonObject& claims)
{
    QJsonObject all = m_root.value(QStringLiteral("claims")).toObject();
    all.insert(name, claims);
    m_root.insert(QStringLiteral("claims"), all);
    return *this;
}

SupportBundle& SupportBundle::setErrors(const QJsonArray& errors)
{
    m_root.insert(QStringLiteral("errors"), errors);
    return *this;
}

SupportBundle& SupportBundle::setCreated(const QDateTime& created)
{
    m_root.insert(QStringLiteral("created"), created.toUTC().toString(Qt::ISODateWithMs));
    return *this;
}

QJsonDocument SupportBundle::document(int* replaced) const
{
    QJsonObject root = m_root;
    root.insert(QStringLiteral("format"), QStringLiteral("fabrikam-support-bundle/1"));
    root.insert(QStringLiteral("redaction"),
                QStringLiteral("Tokens, codes and other secrets appear only as \u2026 and the "
                               "last 6 hex digits of their SHA-256; JWT-shaped text as [jwt]."));
    return QJsonDocument(Common::redactJson({}, root, replaced).toObject());
}

Common::Result<void> SupportBundle::write(const QString& path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return Common::Result<void>(
            Common::Error{Common::Errc::InvalidInput,
                          SupportBundle::tr("The support bundle cannot be written to %1: %2")
                              .arg(path, file.errorString()),
                          {}});
    }
    file.write(document().toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        return Common::Result<void>(
            Common::Error{Common::Errc::InvalidInput,
                          SupportBundle::tr("The support bundle cannot be written to %1: %2")
                              .arg(path, file.errorString()),
                          {}});
    }
    return {};
}

} // namespace Fabrikam::App
