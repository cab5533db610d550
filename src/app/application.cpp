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
    , m_browser(options.environment)
    , m_client({std::move(options.profile), options.clock, std::move(options.keychainService)},
               m_browser)
{
    initApplicationResources();
    connect(&m_client, &Client::Context::keychainUnavailable, this,
            &Application::keychainUnavailable);
}

Application::~Application() = default;

void Application::restoreSession()
{
    if (m_restoring) {
        return;
    }
    m_restoring = true;
    m_client.restore(this, [this](Common::Result<Client::Context::Restored> restored) {
        m_restoring = false;
        if (!restored.ok()) {
            Q_EMIT restoreFinished(false, describeError(restored.error(), Activity::Restore));
            return;
        }
        // Nobody signed in is not an error: the window shows the sign-in page (and the banner
        // when it is the keychain that keeps the saved session out of reach).
        if (!restored.value().keychainProblem.isEmpty()) {
            Q_EMIT keychainUnavailable(restored.value().keychainProblem);
        }
        Q_EMIT restoreFinished(restored.value().signedIn, {});
    });
}

} // namespace Fabrikam::App
