#pragma once

#include "vault/secretstore.h"

#include <QHash>
#include <QStringList>

namespace Fabrikam::Vault {

// A SecretStore in this process's memory: the test double for TokenVault, and the store behind
// "no keychain: this run only" (DESIGN.md section 5: no plaintext fallback; the session simply
// does not survive a restart). Same contract as every store, answers included: always deferred.
class MemoryStore final : public SecretStore
{
    Q_OBJECT

public:
    explicit MemoryStore(QObject* parent = nullptr);
    ~MemoryStore() override; // wipes the values it still holds

    // Synchronous looks for tests and diagnostics; the values are as secret as the store's.
    [[nodiscard]] bool contains(const QString& key) const { return m_entries.contains(key); }
    [[nodiscard]] QByteArray value(const QString& key) const { return m_entries.value(key); }
    [[nodiscard]] QStringList keys() const;

protected:
    void doRead(const QString& key, Reply<QByteArray> reply) override;
    void doWrite(const QString& key, const QByteArray& value, Reply<void> reply) override;
    void doRemove(const QString& key, Reply<void> reply) override;

private:
    QHash<QString, QByteArray> m_entries;
};

} // namespace Fabrikam::Vault
