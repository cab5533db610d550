#include "vault/vaultpersistence.h"

#include "vault/errors.h"
#include "vault/sessionlock.h"

namespace Fabrikam::Vault {

using Common::ErrorCode;
using Common::Result;

namespace {

bool keychainProblem(const Common::Error& e)
{
    return e.code == Errc::KeychainUnavailable || e.code == Errc::KeychainAccessDenied ||
           e.code == Common::Errc::Timeout;
}

} // namespace

VaultPersistence::VaultPersistence(TokenVault& vault, SecretStore& store, QString profile,
                                   QString lockDirectory, QObject* parent)
    : QObject(parent)
    , m_vault(vault)
    , m_profile(std::move(profile))
    , m_unrevoked(store, m_profile)
    , m_lockDirectory(lockDirectory.isEmpty() ? SessionLock::defaultDirectory()
                                              : std::move(lockDirectory))
{}

Auth::PersistedSession toPersistedSession(const SessionRecord& record)
{
    return {record.issuer, record.clientId,     record.sub,
            record.scopes, record.refreshToken, record.audiences};
}

void VaultPersistence::save(const Auth::PersistedSession& session, QObject* context,
                            Auth::Completion<bool> done)
{
    SessionRecord record;
    record.refreshToken = session.refreshToken;
    record.issuer = session.issuer;
    record.clientId = session.clientId;
    record.sub = session.subject;
    record.scopes = session.scopes;
    record.audiences = session.audiences;
    m_vault.save(m_profile, record, context, [this, done = std::move(done)](Result<void> saved) {
        if (saved.ok()) {
            done(Result<bool>(true));
        } else if (keychainProblem(saved.error())) {
            if (!std::exchange(m_warned, true)) {
                Q_EMIT keychainUnavailable(saved.error().message);
            }
            done(Result<bool>(false));
        } else {
            done(Result<bool>(saved.error()));
        }
    });
}

void VaultPersistence::clear(QObject* context, Auth::Completion<bool> done)
{
    m_vault.forget(m_profile, context, [done = std::move(done)](Result<void> cleared) {
        done(cleared.ok() ? Result<bool>(true) : Result<bool>(cleared.error()));
    });
}

void VaultPersistence::lockForRefresh(const QString& issuer, const QString& clientId,
                                      const QString& subject, QObject* context,
                                      Auth::Completion<std::shared_ptr<void>> done)
{
    SessionLock::acquire(SessionLock::pathFor(m_lockDirectory, issuer, clientId, subject),
                         m_lockWait, context,
                         [done = std::move(done)](Result<std::shared_ptr<QLockFile>> lock) {
                             done(lock.ok() ? Result<std::shared_ptr<void>>(lock.value())
                                            : Result<std::shared_ptr<void>>(lock.error()));
                         });
}

void VaultPersistence::load(QObject* context,
                            Auth::Completion<std::optional<Auth::PersistedSession>> done)
{
    using Loaded = Result<std::optional<Auth::PersistedSession>>;
    m_vault.load(m_profile, context,
                 [done = std::move(done)](Result<std::optional<SessionRecord>> record) {
                     if (!record.ok()) {
                         done(Loaded(record.error()));
                     } else if (!record.value()) {
                         done(Loaded(std::nullopt));
                     } else {
                         done(Loaded(toPersistedSession(*record.value())));
                     }
                 });
}

void VaultPersistence::keepForRevocation(const Auth::PersistedSession& token, QObject* context,
                                         Auth::Completion<bool> done)
{
    m_unrevoked.add({token.issuer, token.clientId, token.refreshToken}, context,
                    [done = std::move(done)](Result<void> kept) {
                        done(kept.ok() ? Result<bool>(true) : Result<bool>(kept.error()));
                    });
}

void VaultPersistence::unrevoked(QObject* context,
                                 Auth::Completion<QList<Auth::PersistedSession>> done)
{
    using Listed = Result<QList<Auth::PersistedSession>>;
    m_unrevoked.list(context,
                     [done = std::move(done)](Result<QList<UnrevokedTokens::Token>> tokens) {
                         if (!tokens.ok()) {
                             done(Listed(tokens.error()));
                             return;
                         }
                         QList<Auth::PersistedSession> sessions;
                         for (const auto& t : tokens.value()) {
                             Auth::PersistedSession s;
                             s.issuer = t.issuer;
                             s.clientId = t.clientId;
                             s.refreshToken = t.refreshToken;
                             sessions.append(std::move(s));
                         }
                         done(Listed(std::move(sessions)));
                     });
}

void VaultPersistence::revoked(const QByteArray& refreshToken, QObject* context,
                               Auth::Completion<bool> done)
{
    m_unrevoked.remove(refreshToken, context, [done = std::move(done)](Result<void> removed) {
        done(removed.ok() ? Result<bool>(true) : Result<bool>(removed.error()));
    });
}

} // namespace Fabrikam::Vault
