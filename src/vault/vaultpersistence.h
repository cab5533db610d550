#pragma once

#include "auth/sessionpersistence.h"
#include "vault/tokenvault.h"
#include "vault/unrevokedtokens.h"

#include <QObject>

#include <chrono>

namespace Fabrikam::Vault {

// A loaded record as AuthSession restores it (what the vault keeps besides: saved_at).
[[nodiscard]] Auth::PersistedSession toPersistedSession(const SessionRecord& record);

// AuthSession's persistence over the keychain vault, for one profile. When the keychain cannot be
// used, the session goes on in memory only (DESIGN.md section 5: no plaintext fallback):
// save() then yields false and keychainUnavailable() is emitted once with the words to show.
class VaultPersistence final
    : public QObject
    , public Auth::SessionPersistence
{
    Q_OBJECT

public:
    // How long a refresh waits for another process's: longer than that one's keychain read,
    // token request and keychain write take when each hits its own timeout.
    static constexpr std::chrono::milliseconds kRefreshLockWait{45'000};

    // lockDirectory: where the refresh locks live (SessionLock); empty: SessionLock's default.
    VaultPersistence(TokenVault& vault, SecretStore& store, QString profile,
                     QString lockDirectory = {}, QObject* parent = nullptr);

    void save(const Auth::PersistedSession& session, QObject* context,
              Auth::Completion<bool> done) override;
    void clear(QObject* context, Auth::Completion<bool> done) override;
    void lockForRefresh(const QString& issuer, const QString& clientId, const QString& subject,
                        QObject* context, Auth::Completion<std::shared_ptr<void>> done) override;
    void load(QObject* context,
              Auth::Completion<std::optional<Auth::PersistedSession>> done) override;
    void keepForRevocation(const Auth::PersistedSession& token, QObject* context,
                           Auth::Completion<bool> done) override;
    void unrevoked(QObject* context, Auth::Completion<QList<Auth::PersistedSession>> done) override;
    void revoked(const QByteArray& refreshToken, QObject* context,
                 Auth::Completion<bool> done) override;
    void setRefreshLockWait(std::chrono::milliseconds wait) { m_lockWait = wait; }

Q_SIGNALS:
    void keychainUnavailable(const QString& message);

private:
    TokenVault& m_vault;
    const QString m_profile;
    UnrevokedTokens m_unrevoked;
    const QString m_lockDirectory;
    std::chrono::milliseconds m_lockWait = kRefreshLockWait;
    bool m_warned = false;
};

} // namespace Fabrikam::Vault
