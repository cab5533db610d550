#pragma once

#include "app/desktopbrowser.h"
#include "auth/authsession.h"
#include "auth/oidcclient.h"
#include "bank/fabrikamapiclient.h"
#include "bank/pendingtransfers.h"
#include "bank/profile.h"
#include "bank/transfercoordinator.h"
#include "common/clock.h"
#include "vault/keychainstore.h"
#include "vault/tokenvault.h"
#include "vault/vaultpersistence.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QProcessEnvironment>

namespace Fabrikam::App {

// The composition root (STYLE.md rule 8): the only place that picks the real implementations.
//
//   QNetworkAccessManager ─┬─ OidcClient ──┐
//                          │               ├─ AuthSession ── TransferCoordinator
//   DesktopBrowser ────────┼───────────────┘        │               │
//   KeychainStore ─ TokenVault ─ VaultPersistence ──┘               │
//                          └─ FabrikamApiClient ────────────────────┘
//
// Seams for tests come in through Options: the profile (issuer, API, name = keychain entries),
// the environment the browser seam reads (BROWSER and what the scripted person needs), a clock.
class Application final : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        Bank::Profile profile = Bank::Profile::sandbox();
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        // nullptr: the system clock. Not owned; must outlive the Application.
        const Common::Clock* clock = nullptr;
        QString keychainService = QStringLiteral("com.fabrikam.desktop");
    };

    explicit Application(Options options, QObject* parent = nullptr);
    explicit Application(QObject* parent = nullptr);
    ~Application() override;

    [[nodiscard]] const Bank::Profile& profile() const { return m_options.profile; }
    [[nodiscard]] Auth::AuthSession& session() { return m_session; }
    [[nodiscard]] Bank::FabrikamApiClient& api() { return m_api; }
    [[nodiscard]] Bank::TransferCoordinator& transfers() { return m_transfers; }
    // Transfers of this profile whose answer never arrived (the app was closed or killed, or the
    // connection broke): the same transfer again reuses its Idempotency-Key.
    [[nodiscard]] Bank::PendingTransfers& pendingTransfers() { return m_pendingTransfers; }
    [[nodiscard]] Vault::VaultPersistence& persistence() { return m_persistence; }
    [[nodiscard]] Auth::UserAgent& userAgent() { return m_browser; }
    [[nodiscard]] const Common::Clock& clock() const { return m_clock; }

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
    Options m_options;
    Common::SystemClock m_systemClock;
    const Common::Clock& m_clock;
    QNetworkAccessManager m_network;
    Auth::OidcClient m_oidc;
    DesktopBrowser m_browser;
    Vault::KeychainStore m_keychain;
    Vault::TokenVault m_vault;
    Vault::VaultPersistence m_persistence;
    Auth::AuthSession m_session;
    Bank::FabrikamApiClient m_api;
    Bank::PendingTransfers m_pendingTransfers; // before m_transfers, which keeps notes there
    Bank::TransferCoordinator m_transfers;
    bool m_restoring = false;
};

} // namespace Fabrikam::App
