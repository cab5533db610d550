#pragma once

#include "client/profile.h"
#include "common/result.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QVariant>

namespace Fabrikam::Auth {
class IdToken;
struct AccessTokenClaims;
} // namespace Fabrikam::Auth

namespace Fabrikam::App {

// A row of the environment table: key for the bundle, label for people.
struct EnvironmentEntry
{
    QString key;
    QString label;
    QString value;
};
// App, Qt (runtime and build), OpenSSL, OS, keychain backend.
[[nodiscard]] QList<EnvironmentEntry> environmentEntries();

// The decoded claims of a validated ID token, plus the JWS alg/kid, as JSON. Never the JWT.
[[nodiscard]] QJsonObject claimsJson(const Auth::IdToken& token);
// The decoded claims of an access token, plus alg/kid/typ, marked "verified": false (the API
// verifies it, not the app); {"opaque": true} for a token that is not a JWT. Never the token.
[[nodiscard]] QJsonObject claimsJson(const Auth::AccessTokenClaims& token);

// ONE redacted JSON document for support staff (DESIGN.md sections 1 and 5): the profile, versions,
// the flow timeline, decoded claims and the last errors. document() and write() always run
// Common::redactJson() over the whole document first, whatever the parts contain.
class SupportBundle
{
    Q_DECLARE_TR_FUNCTIONS(SupportBundle)

public:
    SupportBundle& setProfile(const Client::Profile& profile);
    SupportBundle& setEnvironment(const QList<EnvironmentEntry>& entries);
    SupportBundle& setTimeline(const QJsonArray& events);
    SupportBundle& setClaims(const QString& name, const QJsonObject& claims);
    SupportBundle& setErrors(const QJsonArray& errors);
    SupportBundle& setCreated(const QDateTime& created);

    [[nodiscard]] QJsonDocument document(int* replaced = nullptr) const;
    [[nodiscard]] Common::Result<void> write(const QString& path) const;

private:
    QJsonObject m_root;
};

} // namespace Fabrikam::App
