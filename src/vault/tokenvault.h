#pragma once

#include "common/clock.h"
#include "common/result.h"
#include "vault/pendingcall.h"
#include "vault/sessionrecord.h"

#include <QObject>
#include <QString>

#include <chrono>
#include <optional>

namespace Fabrikam::Vault {

class SecretStore;

// Keeps one SessionRecord per (profile, user) in a SecretStore, plus a per-profile index naming
// the last user, so the app can restore a session at start knowing only the profile:
//
//   profile/<profile>/users/<sub>   the record (SessionRecord JSON, < 2 KiB)
//   profile/<profile>/current       {"v":1,"sub":"<sub>"}
//
// Profile names and subs are percent-encoded in keys ("auth0|42" -> "auth0%7C42"), so a '/' in
// either cannot reach another entry; "users/" keeps a user called "current" off the index.
//
//   App            TokenVault                  SecretStore
//    | save(p, r) ----> | write users/<sub> ------> |
//    |                  | write current ----------> |
//    | <---- ok/error --|                           |
//    | load(p) -------> | read current -----------> |  EntryNotFound -> nullopt (signed out)
//    |                  | read users/<sub> -------> |  EntryNotFound -> nullopt
//    | <- record/none --|                           |  bad JSON/version -> StoredDataInvalid
//
// All operations follow the house async contract (pendingcall.h); each also has an overall
// timeout() on top of the store's per-step timeouts. A stored entry that does not parse is never
// overwritten or deleted by load(): the caller decides (e.g. remove() or forget()).
// Concurrent operations on the same profile are not serialised: the app performs them in turn.
class TokenVault final : public QObject
{
    Q_OBJECT

public:
    static constexpr std::chrono::milliseconds DefaultTimeout{10'000};

    TokenVault(SecretStore& store, const Common::Clock& clock, QObject* parent = nullptr);
    ~TokenVault() override;

    // Stamps savedAt from the clock, then writes the record and makes its user the profile's
    // current one. InvalidInput when a required field is empty or the refresh token looks like a
    // JWT (an access, ID or step-up token: never stored); SecretTooLarge when the JSON would not
    // fit the store.
    void save(const QString& profile, const SessionRecord& record, QObject* context,
              Completion<void> done);
    // The current user's record; an empty optional when nothing is stored (signed out).
    void load(const QString& profile, QObject* context,
              Completion<std::optional<SessionRecord>> done);
    // Deletes the user's record, and the index if it names that user (or cannot be read: a
    // broken index would otherwise fail every start). Removing what is not there succeeds.
    void remove(const QString& profile, const QString& sub, QObject* context,
                Completion<void> done);
    // Signs the profile's current user out without knowing the sub, even if the stored data is
    // invalid: deletes the index and, if it can be read, the record it names.
    void forget(const QString& profile, QObject* context, Completion<void> done);

    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    [[nodiscard]] std::chrono::milliseconds timeout() const { return m_timeout; }

    [[nodiscard]] static QString recordKey(const QString& profile, const QString& sub);
    [[nodiscard]] static QString currentKey(const QString& profile);

private:
    [[nodiscard]] Common::Error timeoutError(const QString& operation,
                                             const QString& profile) const;

    SecretStore& m_store;
    const Common::Clock& m_clock;
    std::chrono::milliseconds m_timeout = DefaultTimeout;
};

} // namespace Fabrikam::Vault
