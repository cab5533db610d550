#pragma once

#include "auth/oidcclient.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

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

    // Refreshing across processes (the window and fabrikam-cli, or two CLI commands, on one
    // keychain entry). The provider rotates the refresh token on every use and ends the whole
    // grant when a rotated one is presented again (RFC 9700 §4.14.2), so one process at a time
    // refreshes, and inside the lock it reads the saved session again: another process may have
    // rotated the token since this one read it. A persistence of one process needs neither: the
    // defaults hold no lock and know no newer record.
    //
    // Held while this process refreshes the session of (issuer, clientId, subject); released when
    // the last copy of the lease goes. An error when another process holds it too long.
    virtual void lockForRefresh(const QString& issuer, const QString& clientId,
                                const QString& subject, QObject* context,
                                Completion<std::shared_ptr<void>> done);
    // The session saved now for this profile; nullopt when none is.
    virtual void load(QObject* context, Completion<std::optional<PersistedSession>> done);

    // A sign-out that could not revoke its refresh token (RFC 7009: the provider unreachable, or
    // an error answer) keeps it here for one more attempt at the next start: in the keychain,
    // never a file (issuer, clientId and refreshToken of `token` are used). Completion: true when
    // kept. The defaults keep nothing.
    virtual void keepForRevocation(const PersistedSession& token, QObject* context,
                                   Completion<bool> done);
    virtual void unrevoked(QObject* context, Completion<QList<PersistedSession>> done);
    virtual void revoked(const QByteArray& refreshToken, QObject* context, Completion<bool> done);

protected:
    SessionPersistence() = default;
    SessionPersistence(const SessionPersistence&) = default;
    SessionPersistence& operator=(const SessionPersistence&) = default;
};

} // namespace Fabrikam::Auth
