#pragma once

#include "vault/secretstore.h"

#include <QString>

#include <chrono>
#include <functional>

namespace Fabrikam::Vault {

// The system keychain through QtKeychain: Secret Service (libsecret) on Linux, Credential Manager
// on Windows, Keychain on macOS. One entry per key under the application's service name
// (DESIGN.md section 4: "com.fabrikam.desktop").
//
// - The insecure plaintext fallback is never enabled (DESIGN.md section 5); a job that reports it
//   on anyway is refused before it starts.
// - Until the keychain has answered once, an OtherError/NoBackendAvailable is retried once after
//   retryDelay(): right after login the Linux Secret Service may not be up yet (ownCloud does the
//   same).
// - Errors: KeychainUnavailable, KeychainAccessDenied, EntryNotFound (read only), each with words
//   for the user; the QtKeychain code and text go to Error::detail for support staff.
// QtKeychain stays inside keychainstore.cpp.
class KeychainStore final : public SecretStore
{
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds DefaultRetryDelay{500};

    explicit KeychainStore(QString service, QObject* parent = nullptr);
    ~KeychainStore() override;

    [[nodiscard]] const QString& service() const { return m_service; }

    void setRetryDelay(std::chrono::milliseconds delay) { m_retryDelay = delay; }
    [[nodiscard]] std::chrono::milliseconds retryDelay() const { return m_retryDelay; }

    // True if any job this store created came with the insecure fallback on (it was refused).
    // Tests assert false.
    [[nodiscard]] bool insecureFallbackSeen() const { return m_insecureFallbackSeen; }

protected:
    void doRead(const QString& key, Reply<QByteArray> reply) override;
    void doWrite(const QString& key, const QByteArray& value, Reply<void> reply) override;
    void doRemove(const QString& key, Reply<void> reply) override;

private:
    enum class Operation
    {
        Read,
        Write,
        Remove
    };
    struct Outcome; // what a finished QtKeychain job said; defined in the .cpp

    void runJob(Operation operation, const QString& key, const QByteArray& value, QObject* guard,
                bool mayRetry, std::function<void(const Outcome&)> finished);

    QString m_service;
    std::chrono::milliseconds m_retryDelay = DefaultRetryDelay;
    bool m_answeredOnce = false;
    bool m_insecureFallbackSeen = false;
};

} // namespace Fabrikam::Vault
