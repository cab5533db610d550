#pragma once

#include "app/desktopbrowser.h"
#include "client/context.h"

#include <QObject>
#include <QProcessEnvironment>

namespace Fabrikam::App {

// The window's side of the program: the shared composition (Client::Context) with the desktop's
// way of opening the browser (DesktopBrowser), and the restore at start in the window's words.
//
// Seams for tests come in through Options: the profile (issuer, API, name = keychain entries),
// the environment the browser seam reads (BROWSER and what the scripted person needs), a clock.
class Application final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        Client::Profile profile = Client::Profile::sandbox();
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        // nullptr: the system clock. Not owned; must outlive the Application.
        const Common::Clock* clock = nullptr;
        QString keychainService = Client::Context::kKeychainService;
    };

    explicit Application(Options options, QObject* parent = nullptr);
    explicit Application(QObject* parent = nullptr);
    ~Application() override;

    [[nodiscard]] const Client::Profile& profile() const { return m_client.profile(); }
    [[nodiscard]] Auth::AuthSession& session() { return m_client.session(); }
    [[nodiscard]] Bank::FabrikamApiClient& api() { return m_client.api(); }
    [[nodiscard]] Client::TransferCoordinator& transfers() { return m_client.transfers(); }
    [[nodiscard]] Client::Timeline& timeline() { return m_client.timeline(); }
    // The client layer itself: its operations (signIn, signOut, restore) and parts.
    [[nodiscard]] Client::Context& client() { return m_client; }
    [[nodiscard]] Client::BankReads& reads() { return m_client.reads(); }
    [[nodiscard]] Bank::PendingTransfers& pendingTransfers() { return m_client.pendingTransfers(); }
    [[nodiscard]] Vault::VaultPersistence& persistence() { return m_client.persistence(); }
    [[nodiscard]] Auth::UserAgent& userAgent() { return m_browser; }
    [[nodiscard]] const Common::Clock& clock() const { return m_client.clock(); }

    // The silent sign-in at start: vault.load → session.restore, asynchronously (the window is up
    // and responsive meanwhile). Emits restoreFinished once; false when nobody was signed in or
    // the saved session is no longer valid (then the reason is in `message`, or empty).
    void restoreSession();
    [[nodiscard]] bool isRestoring() const { return m_restoring; }

Q_SIGNALS:
    void restoreFinished(bool restored, const QString& message);
    // The keychain cannot be used: the session lives in memory only (DESIGN.md section 5).
    void keychainUnavailable(const QString& message);

private:
    DesktopBrowser m_browser; // before m_client, which opens it
    Client::Context m_client;
    bool m_restoring = false;
};

} // namespace Fabrikam::App
