#include "client/context.h"

#include "vault/errors.h"

#include <QPointer>

namespace Fabrikam::Client {

Context::Context(Options options, Auth::UserAgent& userAgent, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_clock(m_options.clock ? *m_options.clock : m_systemClock)
    , m_userAgent(userAgent)
    , m_oidc(m_network)
    , m_keychain(m_options.keychainService)
    , m_vault(m_keychain, m_clock)
    , m_persistence(m_vault, m_keychain, m_options.profile.name)
    , m_session(m_oidc, m_userAgent, m_clock, &m_persistence, m_options.profile.auth)
    , m_api(m_network, m_options.profile.apiBaseUrl)
    , m_pendingTransfers(m_options.profile.name, m_clock)
    , m_transfers(m_session, m_api, &m_pendingTransfers)
    , m_reads(m_session, m_api)
    , m_timeline(m_clock)
{
    connect(&m_persistence, &Vault::VaultPersistence::keychainUnavailable, this,
            &Context::keychainUnavailable);
    connect(&m_session, &Auth::AuthSession::traced, &m_timeline, &Timeline::record);
    connect(&m_reads, &BankReads::traced, &m_timeline, &Timeline::record);
    connect(&m_transfers, &TransferCoordinator::traced, &m_timeline, &Timeline::record);
}

Context::~Context() = default;

void Context::restore(QObject* context, Common::Completion<Restored> done)
{
    // First what an earlier sign-out could not finish: the refresh tokens the provider was never
    // told to revoke (whatever the answer, the restore goes on).
    m_session.retryRevocations(
        context, [this, context, done = std::move(done)](Common::Result<int>) mutable {
            restoreSaved(context, std::move(done));
        });
}

void Context::restoreSaved(QObject* context, Common::Completion<Restored> done)
{
    using Result = Common::Result<Restored>;
    // The vault calls back only while `context` lives, so it is still there for the refresh; this
    // Context may be gone by then (a keychain answering late), and then nothing is left to do.
    const QPointer<Context> self(this);
    m_vault.load(
        m_options.profile.name, context,
        [this, self, context,
         done = std::move(done)](Common::Result<std::optional<Vault::SessionRecord>> loaded) {
            if (!self) {
                return;
            }
            if (!loaded.ok()) {
                const Common::ErrorCode code = loaded.error().code;
                if (code == Vault::Errc::KeychainUnavailable ||
                    code == Vault::Errc::KeychainAccessDenied) {
                    done(Result(Restored{false, loaded.error().message}));
                } else {
                    done(Result(loaded.error()));
                }
                return;
            }
            if (!loaded.value()) {
                done(Result(Restored{}));
                return;
            }
            m_session.restore(
                Vault::toPersistedSession(*loaded.value()), context,
                [done](Common::Result<bool> restored) {
                    done(restored.ok() ? Result(Restored{true, {}}) : Result(restored.error()));
                });
        });
}

void Context::signIn(QObject* context, Common::Completion<bool> done)
{
    m_session.signIn(context, std::move(done));
}

void Context::signOut(QObject* context, Common::Completion<SignedOut> done)
{
    using Result = Common::Result<SignedOut>;
    const auto signOutSession = [this, context, done](const QString& problem) {
        m_session.signOut(
            context, [done, problem](Common::Result<Auth::AuthSession::SignOutResult> out) {
                if (!out.ok()) {
                    done(Result(out.error()));
                    return;
                }
                const auto& value = out.value();
                done(Result(
                    SignedOut{true, value.endSession, problem,
                              value.revocationFailed ? value.revocationFailed->message : QString(),
                              value.revoked}));
            });
    };
    if (m_session.isSignedIn()) {
        signOutSession({});
        return;
    }
    const QPointer<Context> self(this);
    m_vault.load(m_options.profile.name, context,
                 [this, self, done,
                  signOutSession](Common::Result<std::optional<Vault::SessionRecord>> loaded) {
                     if (!self) {
                         return; // this Context is gone: nothing left to sign out with
                     }
                     if (!loaded.ok()) {
                         // Unreadable stored data: removed anyway, with nothing to revoke it with.
                         signOutSession(loaded.error().message);
                         return;
                     }
                     if (!loaded.value()) {
                         done(Result(SignedOut{false, {}, {}, {}, false}));
                         return;
                     }
                     QString problem;
                     if (auto adopted = m_session.adopt(Vault::toPersistedSession(*loaded.value()));
                         !adopted.ok()) {
                         problem = adopted.error().message;
                     }
                     signOutSession(problem);
                 });
}

} // namespace Fabrikam::Client
