#pragma once

#include "app/messages.h"
#include "auth/challenge.h"
#include "client/bankreads.h"
#include "client/profile.h"

#include <QList>
#include <QMainWindow>
#include <QPointer>
#include <QScopedPointer>
#include <QTimer>
#include <QUrl>
#include <QVariantMap>

#include <chrono>
#include <optional>

class QLabel;

namespace Ui {
class MainWindow;
}

namespace Fabrikam::App {

class AccountsModel;
class Application;
class BrowserTripBar;
class StatementModel;
class TransferDialog;
class TransfersModel;

// The main window: three states on one stacked widget, driven by the AuthSession.
//
//   signedOutPage ──Sign in──> waitingPage ──browser returns──> accountsPage
//        ^  (restore at start: straight to accountsPage)               │
//        └──────── Cancel / failure / Sign out / session ended ────────┘
//
// The accounts page holds the accounts table (AccountsModel), recent transfers (TransfersModel)
// and the statements panel, which is locked unless the session's ID token proves a recent MFA and
// locks itself again when that ages out. No nested event loops: dialogs are opened with open().
//
// Hook points for the settings, diagnostics and about windows (written separately): the actions
// actionSettings, actionDiagnostics and actionAbout exist (disabled until wired); the diagnostics
// panel shows the client layer's timeline (Client::Timeline, redacted: never a token).
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    enum class Page
    {
        SignedOut,
        Waiting,
        Accounts,
    };

    explicit MainWindow(Application& application, QWidget* parent = nullptr);
    ~MainWindow() override;

    [[nodiscard]] Page page() const;
    // How often the statements panel checks that the MFA is still recent (default 1 s).
    void setMfaCheckInterval(std::chrono::milliseconds interval);

public Q_SLOTS:
    void signIn();
    void cancelSignIn();
    void refresh();
    void openTransferDialog();
    void showStatements();
    void signOut();

Q_SIGNALS:
    // The accounts and recent transfers were (re)loaded, or failed to (then ok is false).
    void refreshed(bool ok);
    void transferDialogOpened(Fabrikam::App::TransferDialog* dialog);
    // The user saved a profile other than the active one (or changed the active one) in the
    // settings: it is to be used now. DesktopShell answers by replacing this window.
    void profileActivated(const Fabrikam::Client::Profile& profile);

private:
    void showPage(Page page);
    void showSignedOut(const QString& message);
    void enterAccounts();
    void restoreFinished(bool restored, const QString& message);
    void authorizationUrlReady(const QUrl& url, bool browserStarted);
    void copyLink();
    void openAgain();
    void updateStatementsLock();
    void updateSessionStatus();
    void updateActions();
    void showKeychainBanner(const QString& detail);
    void offerProviderLogout(const QUrl& endSession);
    // Sign-out: the reads in flight end now (their browser trips are cancelled), and their
    // answers, if any still come, are dropped.
    void abandonReads();
    void fillStatementAccounts();
    void clearAccountData();
    void showOverview(const Client::Overview& overview);
    // The client layer starts a browser trip for a read: say so where the person is looking.
    void readNeedsBrowser(Client::Read read, Client::StepUpKind kind);
    void failedWhileSignedIn(const Common::Error& error, Activity activity);
    void setUpDiagnostics();
    void openSettings();
    void openAbout();

    const QScopedPointer<Ui::MainWindow> m_ui;
    Application& m_app;
    AccountsModel* m_accounts;
    TransfersModel* m_transfers;
    StatementModel* m_statement;
    QLabel* m_sessionStatus;
    // The waiting state of a read's browser trip, under the panel that started it.
    BrowserTripBar* m_accountsTrip;
    BrowserTripBar* m_statementsTrip;
    QTimer m_mfaCheck;
    QUrl m_authorizationUrl;
    QPointer<TransferDialog> m_transferDialog;
    class DiagnosticsPanel* m_diagnostics = nullptr;
    class QDockWidget* m_diagnosticsDock = nullptr;
    bool m_signingIn = false;
    bool m_signingOut = false; // the person's own sign-out: not "your session has ended"
    bool m_verifying = false;
    bool m_loading = false; // the accounts and recent transfers are being read
    // One more at each sign-out (abandonReads): a read started before then answers into nothing.
    quint64 m_readsGeneration = 0;
};

} // namespace Fabrikam::App
