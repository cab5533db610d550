#pragma once

#include "auth/oidcclient.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace Fabrikam::Auth {

// What must survive a restart to restore the session silently (DESIGN.md section 2): the refresh
// token and the few facts to check the refreshed session against. No access token, never an
// elevated one.
struct PersistedSession
{
    QString issuer;
    QString clientId;
    QString subject;
    QStringList scopes;
    QByteArray refreshToken;
    // The ID token's aud at sign-in: a refreshed ID token must keep it (OIDC Core 12.2), also
    // after a restart, when no earlier ID token is in memory. Empty: not recorded (older record).
    QStringList audiences = {};
};

// Where AuthSession keeps PersistedSession: the vault (keychain) in the app and the CLI, nothing
// in tests of the auth core. The auth core knows no keychain (DESIGN.md section 3): the vault
// implements this interface.
class SessionPersistence
{
public:
    virtual ~SessionPersistence() = default;
    // Completion: true when stored durably, false when kept for this run only (no keychain).
    virtual void save(const PersistedSession& session, QObject* context, Completion<bool> done) = 0;
    virtual void clear(QObject* context, Completion<bool> done) = 0;

protected:
    SessionPersistence() = default;
    SessionPersistence(const SessionPersistence&) = default;
    SessionPersistence& operator=(const SessionPersistence&) = default;
};

} // namespace Fabrikam::Auth
