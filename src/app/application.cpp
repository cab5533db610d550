#include "app/application.h"

#include "app/messages.h"

// resources/app.qrc lives in this static library: its initializer must be referenced explicitly,
// or the linker drops it. Q_INIT_RESOURCE cannot be used inside a namespace.
static void initApplicationResources()
{
    Q_INIT_RESOURCE(app);
}

namespace Fabrikam::App {

Application::Application(QObject* parent)
    : Application(Options{}, parent)
{}

Application::Application(Options options, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_clock(m_options.clock ? *m_options.clock : m_systemClock)
    , m_oidc(m_network)
    , m_browser(m_options.environment)
    , m_keychain(m_options.keychainService)
    , m_vault(m_keychain, m_clock)
    , m_persistence(m_vault, m_options.profile.name)
    , m_session(m_oidc, m_browser, m_clock, &m_persistence, m_options.profile.auth)
    , m_api(m_network, m_options.profile.apiBaseUrl)
    , m_pendingTransfers(m_options.profile.name, m_clock)
    , m_transfers(m_session, m_api, &m_pendingTransfers)
{
    initApplicationResources();
    connect(&m_persistence, &Vault::VaultPersistence::keychainUnavailable, this,
            &Application::keychainUnavailable);
}

Application::~Application() = default;

void Application::restoreSession()
{
    if (m_restoring) {
        return;
    }
    m_restoring = true;
    m_vault.load(
        m_options.profile.name, this,
        [this](Common::Result<std::optional<Vault::SessionRecord>> loaded) {
            if (!loaded.ok()) {
                m_restoring = false;
                const Common::ErrorCode code = loaded.error().code;
                if (code == Common::ErrorCode::KeychainUnavailable ||
                    code == Common::ErrorCode::KeychainAccessDenied) {
                    Q_EMIT keychainUnavailable(loaded.error().message);
                    Q_EMIT restoreFinished(false, {});
                } else {
                    Q_EMIT restoreFinished(false, describeError(loaded.error(), Activity::Restore));
                }
                return;
            }
            if (!loaded.value()) {
                m_restoring = false;
                Q_EMIT restoreFinished(false, {}); // nobody was signed in: not an error
                return;
            }
            m_session.restore(Vault::toPersistedSession(*loaded.value()), this,
                              [this](Common::Result<bool> restored) {
                                  m_restoring = false;
                                  Q_EMIT restoreFinished(
                                      restored.ok(),
                                      restored.ok()
                                          ? QString()
                                          : describeError(restored.error(), Activity::Restore));
                              });
        });
}

} // namespace Fabrikam::App
