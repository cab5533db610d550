#include "client/context.h"

namespace Fabrikam::Client {

Context::Context(Options options, Auth::UserAgent& userAgent, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_clock(m_options.clock ? *m_options.clock : m_systemClock)
    , m_userAgent(userAgent)
    , m_oidc(m_network)
    , m_keychain(m_options.keychainService)
    , m_vault(m_keychain, m_clock)
    , m_persistence(m_vault, m_options.profile.name)
    , m_session(m_oidc, m_userAgent, m_clock, &m_persistence, m_options.profile.auth)
    , m_api(m_network, m_options.profile.apiBaseUrl)
    , m_pendingTransfers(m_options.profile.name, m_clock)
    , m_transfers(m_session, m_api, &m_pendingTransfers)
    , m_reads(m_session, m_api)
{
    connect(&m_persistence, &Vault::VaultPersistence::keychainUnavailable, this,
            &Context::keychainUnavailable);
}

Context::~Context() = default;

void Context::restore(QObject* context, std::function<void(Common::Result<Restored>)> done)
{
    using Result = Common::Result<Restored>;
    // The vault calls back only while `context` lives, so it is still there for the refresh.
    m_vault.load(m_options.profile.name, context,
                 [this, context, done = std::move(done)](
                     Common::Result<std::optional<Vault::SessionRecord>> loaded) {
                     if (!loaded.ok()) {
                         done(Result(loaded.error()));
                         return;
                     }
                     if (!loaded.value()) {
                         done(Result(Restored::NobodySignedIn));
                         return;
                     }
                     m_session.restore(Vault::toPersistedSession(*loaded.value()), context,
                                       [done](Common::Result<bool> restored) {
                                           done(restored.ok() ? Result(Restored::SignedIn)
                                                              : Result(restored.error()));
                                       });
                 });
}

} // namespace Fabrikam::Client
