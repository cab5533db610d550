#pragma once

#include "auth/authsession.h"
#include "auth/oidcclient.h"
#include "bank/fabrikamapiclient.h"
#include "bank/pendingtransfers.h"
#include "client/bankreads.h"
#include "client/profile.h"
#include "client/timeline.h"
#include "client/transfercoordinator.h"
#include "common/async.h"
#include "common/clock.h"
#include "common/result.h"
#include "vault/keychainstore.h"
#include "vault/tokenvault.h"
#include "vault/vaultpersistence.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QString>

#include <functional>

namespace Fabrikam::Client {

// The composition root below main() (STYLE.md rule 8): the only place that picks the real parts.
// The window and fabrikam-cli each hand it their way of opening a browser and nothing else.
//
//   QNetworkAccessManager ─┬─ OidcClient ──┐
//                          │               ├─ AuthSession ── TransferCoordinator
//   UserAgent (front end) ─┼───────────────┘        │               │     └─ PendingTransfers
//   KeychainStore ─ TokenVault ─ VaultPersistence ──┘               │
//                          └─ FabrikamApiClient ────────────────────┴─ BankReads
//
// Every part's events go to one Timeline (redacted once), which both front ends read.
class Context final : public QObject
{
    Q_OBJECT

public:
    // The keychain service of every profile's entry (one entry per profile and user).
    static inline const QString kKeychainService = QStringLiteral("com.fabrikam.desktop");

    struct Options
    {
        Client::Profile profile = Client::Profile::sandbox();
        // nullptr: the system clock. Not owned; must outlive the Context.
        const Common::Clock* clock = nullptr;
        QString keychainService = kKeychainService;
    };

    // userAgent: how this front end opens the browser; not owned, must outlive the Context.
    Context(Options options, Auth::UserAgent& userAgent, QObject* parent = nullptr);
    ~Context() override;

    [[nodiscard]] const Client::Profile& profile() const { return m_options.profile; }
    [[nodiscard]] const Common::Clock& clock() const { return m_clock; }
    [[nodiscard]] Auth::AuthSession& session() { return m_session; }
    // The redacted flow timeline: the session's, the reads' and the transfers' events, and
    // whatever the front end records (e.g. cli.started); --trace and the diagnostics read it.
    [[nodiscard]] Timeline& timeline() { return m_timeline; }
    [[nodiscard]] Bank::FabrikamApiClient& api() { return m_api; }
    [[nodiscard]] TransferCoordinator& transfers() { return m_transfers; }
    // The API's reads, each following the API's challenges (accounts, overview, statement).
    [[nodiscard]] BankReads& reads() { return m_reads; }
    // Transfers of this profile whose answer never arrived: the same transfer again reuses its
    // Idempotency-Key (TransferCoordinator::resume).
    [[nodiscard]] Bank::PendingTransfers& pendingTransfers() { return m_pendingTransfers; }
    [[nodiscard]] Vault::TokenVault& vault() { return m_vault; }
    [[nodiscard]] Vault::VaultPersistence& persistence() { return m_persistence; }

    struct Restored
    {
        bool signedIn = false; // the saved session is back and refreshed
        // Why nobody is signed in when it is the keychain, not the person: it cannot be used now
        // (unavailable, locked, access refused); its own words. A new sign-in then lives in
        // memory only. Empty: no session was saved for this profile, which is not an error.
        QString keychainProblem;
    };
    // The silent sign-in: first the revocations an earlier sign-out could not finish
    // (AuthSession::retryRevocations), then the keychain's record for this profile and one refresh
    // (keychain reads and the refresh are asynchronous). An error is about the saved session
    // itself: a record that cannot be read (StoredDataInvalid) or a session the provider no longer
    // accepts; the front end words it. `done` runs once, on the event loop, and not at all when
    // `context` (or this Context) is gone first.
    void restore(QObject* context, Common::Completion<Restored> done);

    // The sign-in in the browser (PKCE, loopback redirect); true when the keychain keeps it.
    void signIn(QObject* context, Common::Completion<bool> done);

    struct SignedOut
    {
        bool wasSignedIn = true; // false: nobody was signed in, nothing was done
        QUrl endSession;         // the provider's end-session URL; empty when it has none
        QString problem;         // why the saved session could not be read (it is removed anyway)
        // Signed out here, but the provider could not be told to revoke the refresh token (it is
        // unreachable or refused): in words; the next start tries again (restore()).
        QString revocationProblem;
        bool revoked = false; // the provider confirmed it revoked the refresh token
    };
    // Signs out whoever is signed in: the session in memory or, when there is none (a fresh
    // process such as `fabrikam-cli logout`), the one saved for this profile. Its refresh token is
    // revoked where the provider can, and the keychain entry removed. `done` runs once, on the
    // event loop, and not at all when `context` (or this Context) is gone first.
    void signOut(QObject* context, Common::Completion<SignedOut> done);

Q_SIGNALS:
    // The keychain cannot keep the session: it lives in memory only (DESIGN.md section 5).
    void keychainUnavailable(const QString& message);

private:
    void restoreSaved(QObject* context, Common::Completion<Restored> done);

    Options m_options;
    Common::SystemClock m_systemClock;
    const Common::Clock& m_clock;
    Auth::UserAgent& m_userAgent;
    QNetworkAccessManager m_network;
    Auth::OidcClient m_oidc;
    Vault::KeychainStore m_keychain;
    Vault::TokenVault m_vault;
    Vault::VaultPersistence m_persistence;
    Auth::AuthSession m_session;
    Bank::FabrikamApiClient m_api;
    Bank::PendingTransfers m_pendingTransfers; // before m_transfers, which keeps notes there
    TransferCoordinator m_transfers;
    BankReads m_reads;
    Timeline m_timeline;
};

} // namespace Fabrikam::Client
