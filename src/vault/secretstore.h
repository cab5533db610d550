#pragma once

#include "common/result.h"
#include "vault/pendingcall.h"

#include <QByteArray>
#include <QObject>
#include <QString>

#include <chrono>

namespace Fabrikam::Vault {

// A small key/value store for secrets (STYLE.md rule 8: TokenVault(SecretStore&)). The public
// operations enforce the asynchronous contract (see pendingcall.h) for every implementation:
// - callback exactly once, never from inside the call, not at all after `context` is destroyed;
// - a Timeout error after timeout() (10 s by default), whatever the backend does;
// - values over MaxValueSize are refused with SecretTooLarge, empty keys with InvalidInput.
// read() of a missing key fails with EntryNotFound, which means "signed out", not a failure.
// remove() of a missing key succeeds (signing out twice is fine).
class SecretStore : public QObject
{
    Q_OBJECT

public:
    // Windows Credential Manager holds at most 2,560 bytes per credential blob; ownCloud chunks at
    // 2 KiB. We keep every value under 2 KiB instead of chunking (DESIGN.md section 4).
    static constexpr qsizetype MaxValueSize = 2048;
    static constexpr std::chrono::milliseconds DefaultTimeout{10'000};

    ~SecretStore() override;

    void read(const QString& key, QObject* context, Completion<QByteArray> done);
    void write(const QString& key, const QByteArray& value, QObject* context,
               Completion<void> done);
    void remove(const QString& key, QObject* context, Completion<void> done);

    // Writes, reads back and deletes a random canary key: the only reliable way to tell whether
    // the store is usable (QtKeychain 0.13 has no "backend available" API and libsecret never
    // reports NoBackendAvailable; STACK.md section 3). Success means usable; otherwise the error
    // says why, in words for the user.
    void probe(QObject* context, Completion<void> done);

    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    [[nodiscard]] std::chrono::milliseconds timeout() const { return m_timeout; }

protected:
    explicit SecretStore(QObject* parent = nullptr);

    // Implementations finish the Reply once, from anywhere (synchronously is fine: the Reply
    // defers delivery). A Reply that is never finished times out.
    virtual void doRead(const QString& key, Reply<QByteArray> reply) = 0;
    virtual void doWrite(const QString& key, const QByteArray& value, Reply<void> reply) = 0;
    virtual void doRemove(const QString& key, Reply<void> reply) = 0;

private:
    [[nodiscard]] Common::Error timeoutError(const QString& operation, const QString& key) const;

    std::chrono::milliseconds m_timeout = DefaultTimeout;
};

} // namespace Fabrikam::Vault
