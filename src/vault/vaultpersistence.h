#pragma once

#include "auth/sessionpersistence.h"
#include "vault/tokenvault.h"

#include <QObject>

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
    VaultPersistence(TokenVault& vault, QString profile, QObject* parent = nullptr);

    void save(const Auth::PersistedSession& session, QObject* context,
              Auth::Completion<bool> done) override;
    void clear(QObject* context, Auth::Completion<bool> done) override;

Q_SIGNALS:
    void keychainUnavailable(const QString& message);

private:
    TokenVault& m_vault;
    const QString m_profile;
    bool m_warned = false;
};

} // namespace Fabrikam::Vault
