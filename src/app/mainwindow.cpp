#include "app/mainwindow.h"

#include "app/aboutdialog.h"
#include "app/accountsmodel.h"
#include "app/application.h"
#include "app/browsertripbar.h"
#include "app/diagnosticspanel.h"
#include "app/settingsdialog.h"
#include "app/statementmodel.h"
#include "app/transferdialog.h"
#include "app/transfersmodel.h"
#include "auth/errors.h"
#include "ui_mainwindow.h"

#include <QBoxLayout>
#include <QClipboard>
#include <QDockWidget>
#include <QGuiApplication>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>

namespace Fabrikam::App {

using Common::ErrorCode;
using Common::Result;

namespace {

// Every column as wide as its content; `stretched` takes the room left. For the accounts that is
// the right-aligned balance, so name and number are never squeezed and amounts line up on the
// right.
void stretchColumns(QTableView* view, int stretched)
{
    QHeaderView* header = view->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(stretched, QHeaderView::Stretch);
    header->setHighlightSections(false);
}

} // namespace

MainWindow::MainWindow(Application& application, QWidget* parent)
    : QMainWindow(parent)
    , m_ui(new Ui::MainWindow)
    , m_app(application)
    , m_accounts(new AccountsModel(this))
    , m_transfers(new TransfersModel(this))
    , m_statement(new StatementModel(this))
    , m_sessionStatus(new QLabel(this))
    , m_accountsTrip(new BrowserTripBar(QStringLiteral("accounts"), this))
    , m_statementsTrip(new BrowserTripBar(QStringLiteral("statements"), this))
{
    m_ui->setupUi(this);
    setWindowIcon(QIcon(QStringLiteral(":/icons/fabrikam.svg")));

    // Looks: a large product name and title, the logo, a calm warning banner.
    QFont big = m_ui->productNameLabel->font();
    big.setPointSizeF(big.pointSizeF() * 2.0);
    big.setBold(true);
    m_ui->productNameLabel->setFont(big);
    QFont title = m_ui->waitingTitleLabel->font();
    title.setPointSizeF(title.pointSizeF() * 1.6);
    title.setBold(true);
    m_ui->waitingTitleLabel->setFont(title);
    QFont section = m_ui->accountsTitleLabel->font();
    section.setPointSizeF(section.pointSizeF() * 1.3);
    section.setBold(true);
    m_ui->accountsTitleLabel->setFont(section);
    m_ui->logoLabel->setPixmap(QIcon(QStringLiteral(":/icons/fabrikam.svg")).pixmap(96, 96));
    m_ui->statementsLockIcon->setPixmap(QIcon(QStringLiteral(":/icons/lock.svg")).pixmap(40, 40));
    m_ui->keychainBanner->setStyleSheet(QStringLiteral(
        "QLabel { background: #fff4ce; color: #4a3b00; border-bottom: 1px solid #e0c96a; }"));
    m_ui->keychainBanner->hide();
    m_ui->signInButton->setIcon(QIcon(QStringLiteral(":/icons/sign-in.svg")));
    m_ui->refreshButton->setIcon(QIcon(QStringLiteral(":/icons/refresh.svg")));
    m_ui->transferButton->setIcon(QIcon(QStringLiteral(":/icons/transfer.svg")));
    m_ui->verifyButton->setIcon(QIcon(QStringLiteral(":/icons/lock.svg")));
    m_ui->actionRefresh->setIcon(m_ui->refreshButton->icon());
    m_ui->actionTransfer->setIcon(m_ui->transferButton->icon());
    m_ui->actionSignOut->setIcon(QIcon(QStringLiteral(":/icons/sign-out.svg")));
    m_ui->profileLabel->setText(tr("Profile: %1").arg(m_app.profile().name));
    m_ui->profileLabel->setToolTip(m_app.profile().auth.issuer);

    m_ui->actionQuit->setShortcut(QKeySequence::Quit);
    m_ui->actionRefresh->setShortcut(QKeySequence::Refresh);
    m_ui->actionTransfer->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    m_ui->actionSettings->setShortcut(QKeySequence::Preferences);
    m_ui->actionDiagnostics->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    m_ui->actionQuit->setMenuRole(QAction::QuitRole);
    m_ui->actionSettings->setMenuRole(QAction::PreferencesRole);
    m_ui->actionAbout->setMenuRole(QAction::AboutRole);

    m_ui->accountsView->setModel(m_accounts);
    stretchColumns(m_ui->accountsView, AccountsModel::BalanceColumn);
    m_ui->transfersView->setModel(m_transfers);
    stretchColumns(m_ui->transfersView, TransfersModel::DescriptionColumn);
    m_ui->statementsView->setModel(m_statement);
    stretchColumns(m_ui->statementsView, StatementModel::DescriptionColumn);
    m_ui->lowerSplitter->setStretchFactor(0, 1);
    m_ui->lowerSplitter->setStretchFactor(1, 1);

    // Each read's browser trip shows under the panel that started it.
    const auto placeUnder = [](QWidget* above, BrowserTripBar* bar) {
        auto* layout = qobject_cast<QBoxLayout*>(above->parentWidget()->layout());
        layout->insertWidget(layout->indexOf(above) + 1, bar);
    };
    placeUnder(m_ui->accountsMessageLabel, m_accountsTrip);
    placeUnder(m_ui->statementsStatusLabel, m_statementsTrip);
    for (BrowserTripBar* bar : {m_accountsTrip, m_statementsTrip}) {
        // Each bar is the context of its panel's reads: its Cancel stops that panel's trip only.
        connect(bar, &BrowserTripBar::cancelRequested, this,
                [this, bar] { m_app.session().cancel(bar); });
        connect(bar, &BrowserTripBar::linkCopied, this,
                [this] { statusBar()->showMessage(tr("The link is on the clipboard."), 5000); });
    }

    m_sessionStatus->setObjectName(QStringLiteral("sessionStatusLabel"));
    statusBar()->addPermanentWidget(m_sessionStatus);

    // Widgets → actions.
    connect(m_ui->signInButton, &QPushButton::clicked, this, &MainWindow::signIn);
    connect(m_ui->cancelSignInButton, &QPushButton::clicked, this, &MainWindow::cancelSignIn);
    connect(m_ui->copyLinkButton, &QPushButton::clicked, this, &MainWindow::copyLink);
    connect(m_ui->openAgainButton, &QPushButton::clicked, this, &MainWindow::openAgain);
    connect(m_ui->refreshButton, &QPushButton::clicked, this, &MainWindow::refresh);
    connect(m_ui->transferButton, &QPushButton::clicked, this, &MainWindow::openTransferDialog);
    connect(m_ui->verifyButton, &QPushButton::clicked, this, &MainWindow::showStatements);
    connect(m_ui->statementsButton, &QPushButton::clicked, this, &MainWindow::showStatements);
    connect(m_ui->statementsAccountCombo, &QComboBox::activated, this, [this] {
        m_statement->clear();
        updateStatementsLock();
    });
    connect(m_ui->actionRefresh, &QAction::triggered, this, &MainWindow::refresh);
    connect(m_ui->actionTransfer, &QAction::triggered, this, &MainWindow::openTransferDialog);
    connect(m_ui->actionSignOut, &QAction::triggered, this, &MainWindow::signOut);
    connect(m_ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->actionSettings, &QAction::triggered, this, &MainWindow::openSettings);
    connect(m_ui->actionAbout, &QAction::triggered, this, &MainWindow::openAbout);
    m_ui->actionSettings->setEnabled(true);
    m_ui->actionAbout->setEnabled(true);
    setUpDiagnostics();

    // Session → window.
    Auth::AuthSession& session = m_app.session();
    connect(&session, &Auth::AuthSession::urlReady, this, &MainWindow::authorizationUrlReady);
    connect(&session, &Auth::AuthSession::signedInChanged, this, [this](bool signedIn) {
        updateSessionStatus();
        updateActions();
        if (!signedIn && page() == Page::Accounts) {
            // The person's own sign-out: the data goes at once, the words when it has finished.
            clearAccountData();
            showSignedOut(m_signingOut ? tr("Signing out…")
                                       : tr("Your session has ended. Sign in again to continue."));
        }
    });
    connect(&m_app.reads(), &Client::BankReads::stepUpStarted, this, &MainWindow::readNeedsBrowser);
    connect(&m_app, &Application::keychainUnavailable, this, &MainWindow::showKeychainBanner);
    connect(&m_app, &Application::restoreFinished, this, &MainWindow::restoreFinished);

    // The statements panel locks itself again when the MFA ages out (sensitive_max_age).
    m_mfaCheck.setInterval(std::chrono::seconds(1));
    connect(&m_mfaCheck, &QTimer::timeout, this, [this] {
        updateStatementsLock();
        updateSessionStatus();
    });
    m_mfaCheck.start();

    showPage(Page::SignedOut);
    updateStatementsLock();
    updateSessionStatus();
    // The silent sign-in at start: the window is usable meanwhile.
    m_ui->signInButton->setEnabled(false);
    m_ui->signedOutMessageLabel->setText(tr("Looking for your saved session…"));
    m_app.restoreSession();
    updateActions();
}

MainWindow::~MainWindow() = default;

MainWindow::Page MainWindow::page() const
{
    QWidget* current = m_ui->stateStack->currentWidget();
    if (current == m_ui->waitingPage) {
        return Page::Waiting;
    }
    return current == m_ui->accountsPage ? Page::Accounts : Page::SignedOut;
}

void MainWindow::setMfaCheckInterval(std::chrono::milliseconds interval)
{
    m_mfaCheck.setInterval(interval);
}

void MainWindow::showPage(Page page)
{
    switch (page) {
    case Page::SignedOut:
        m_ui->stateStack->setCurrentWidget(m_ui->signedOutPage);
        m_ui->signInButton->setFocus();
        break;
    case Page::Waiting:
        m_ui->stateStack->setCurrentWidget(m_ui->waitingPage);
        m_ui->cancelSignInButton->setFocus();
        break;
    case Page::Accounts:
        m_ui->stateStack->setCurrentWidget(m_ui->accountsPage);
        m_ui->accountsView->setFocus();
        break;
    }
    updateActions();
}

void MainWindow::updateActions()
{
    const bool signedIn = m_app.session().isSignedIn() && page() == Page::Accounts;
    m_ui->actionRefresh->setEnabled(signedIn);
    m_ui->actionTransfer->setEnabled(signedIn && m_accounts->rowCount() > 0);
    m_ui->transferButton->setEnabled(signedIn && m_accounts->rowCount() > 0);
    m_ui->actionSignOut->setEnabled(m_app.session().isSignedIn());
}

void MainWindow::showSignedOut(const QString& message)
{
    m_ui->signedOutMessageLabel->setText(message);
    m_ui->signInButton->setEnabled(!m_app.isRestoring());
    showPage(Page::SignedOut);
    updateSessionStatus();
}

void MainWindow::restoreFinished(bool restored, const QString& message)
{
    m_ui->signInButton->setEnabled(true);
    if (restored) {
        m_ui->signedOutMessageLabel->clear();
        enterAccounts();
        statusBar()->showMessage(tr("Welcome back."), 5000);
    } else if (page() == Page::SignedOut) {
        m_ui->signedOutMessageLabel->setText(message);
    }
}

void MainWindow::signIn()
{
    if (m_signingIn || m_app.session().isSignedIn()) {
        return;
    }
    m_signingIn = true;
    m_authorizationUrl.clear();
    m_ui->copyLinkButton->setEnabled(false);
    m_ui->openAgainButton->setEnabled(false);
    m_ui->signedOutMessageLabel->clear();
    m_ui->waitingHintLabel->setText(
        tr("Fabrikam opened your web browser to sign you in. If no browser window appeared, "
           "copy the link into a browser or open it again."));
    showPage(Page::Waiting);
    m_app.client().signIn(this, [this](Result<bool> remembered) {
        m_signingIn = false;
        if (!remembered.ok()) {
            showSignedOut(describeError(remembered.error(), Activity::SignIn));
            return;
        }
        // remembered == false: the keychain could not keep it; the banner says so already.
        enterAccounts();
    });
}

void MainWindow::cancelSignIn()
{
    // The completion of signIn() reports Cancelled and brings back the signed-out page.
    m_app.session().cancel();
}

void MainWindow::authorizationUrlReady(const QUrl& url, bool browserStarted)
{
    if (!m_signingIn) {
        // A read's step-up shows its link in its panel; a transfer's, in the transfer dialog.
        m_accountsTrip->setLink(url, browserStarted);
        m_statementsTrip->setLink(url, browserStarted);
        return;
    }
    m_authorizationUrl = url;
    m_ui->copyLinkButton->setEnabled(true);
    m_ui->openAgainButton->setEnabled(true);
    if (!browserStarted) {
        m_ui->waitingHintLabel->setText(
            tr("Fabrikam could not open a web browser. Copy the link and open it in a browser "
               "to sign in."));
    }
}

void MainWindow::copyLink()
{
    if (!m_authorizationUrl.isEmpty()) {
        QGuiApplication::clipboard()->setText(m_authorizationUrl.toString(QUrl::FullyEncoded));
        statusBar()->showMessage(tr("The sign-in link is on the clipboard."), 5000);
    }
}

void MainWindow::openAgain()
{
    if (m_authorizationUrl.isEmpty()) {
        return;
    }
    if (auto opened = m_app.userAgent().open(m_authorizationUrl); !opened.ok()) {
        m_ui->waitingHintLabel->setText(opened.error().message);
    }
}

void MainWindow::enterAccounts()
{
    showPage(Page::Accounts);
    updateSessionStatus();
    updateStatementsLock();
    refresh();
}

void MainWindow::refresh()
{
    if (!m_app.session().isSignedIn() || m_loading) {
        return;
    }
    m_loading = true;
    m_ui->refreshButton->setEnabled(false);
    m_ui->accountsMessageLabel->setText(tr("Updating…"));
    m_app.reads().readOverview(
        m_accountsTrip, [this, generation = m_readsGeneration](const Client::Overview& overview) {
            if (generation != m_readsGeneration) {
                return; // signed out meanwhile
            }
            m_loading = false;
            m_accountsTrip->finish();
            m_ui->refreshButton->setEnabled(true);
            if (overview.notSent()) {
                failedWhileSignedIn(overview.accounts.error(), Activity::Refresh);
            } else {
                showOverview(overview);
            }
            updateActions();
            updateSessionStatus();
            updateStatementsLock();
            Q_EMIT refreshed(overview.accounts.ok() && overview.transfers.ok());
        });
}

void MainWindow::readNeedsBrowser(Client::Read read, Client::StepUpKind kind)
{
    if (read == Client::Read::Statement) {
        m_ui->statementsStatusLabel->clear();
        m_statementsTrip->start(
            tr("Fabrikam needs to confirm it's really you — continue in your browser."));
        return;
    }
    m_ui->accountsMessageLabel->clear();
    m_accountsTrip->start(
        kind == Client::StepUpKind::Permission
            ? tr("Fabrikam needs one more permission. Confirm it in your browser.")
            : tr("Fabrikam needs a recent second factor. Verify it is you in your browser."));
}

void MainWindow::showOverview(const Client::Overview& overview)
{
    QStringList problems;
    if (overview.accounts.ok()) {
        m_accounts->setAccounts(overview.accounts.value());
        m_transfers->setAccounts(overview.accounts.value());
        fillStatementAccounts();
    } else {
        problems << tr("Your accounts could not be updated. %1")
                        .arg(describeBankError(overview.accounts.error(), Activity::Refresh));
    }
    if (overview.transfers.ok()) {
        m_transfers->setTransfers(overview.transfers.value());
    } else {
        problems << tr("Recent transfers could not be updated. %1")
                        .arg(describeBankError(overview.transfers.error(), Activity::Refresh));
    }
    m_ui->accountsMessageLabel->setText(problems.join(QLatin1Char('\n')));
}

void MainWindow::failedWhileSignedIn(const Common::Error& error, Activity activity)
{
    // The failure may itself have ended the session (e.g. the provider answered for another
    // person): then its reason belongs on the signed-out page, not on the hidden accounts page.
    if (error.code == Auth::Errc::NotSignedIn || error.code == Auth::Errc::SessionExpired ||
        !m_app.session().isSignedIn()) {
        clearAccountData();
        showSignedOut(describeError(error, activity));
        return;
    }
    m_ui->accountsMessageLabel->setText(describeError(error, activity));
}

void MainWindow::fillStatementAccounts()
{
    QComboBox* combo = m_ui->statementsAccountCombo;
    const QString current = combo->currentData().toString();
    combo->clear();
    for (const Bank::Account& a : m_accounts->accounts()) {
        combo->addItem(AccountsModel::label(a), a.id);
        combo->setItemData(combo->count() - 1, a.maskedNumber, Qt::ToolTipRole);
    }
    const int index = combo->findData(current);
    combo->setCurrentIndex(index >= 0 ? index : 0);
    updateStatementsLock();
}

void MainWindow::openTransferDialog()
{
    if (!m_app.session().isSignedIn() || m_accounts->rowCount() == 0) {
        return;
    }
    if (m_transferDialog) {
        m_transferDialog->raise();
        m_transferDialog->activateWindow();
        return;
    }
    auto* dialog =
        new TransferDialog(m_app.transfers(), m_app.session(), m_accounts->accounts(), this);
    dialog->setObjectName(QStringLiteral("transferDialog"));
    const QModelIndex selected = m_ui->accountsView->currentIndex();
    if (selected.isValid()) {
        dialog->setFromAccount(selected.data(AccountsModel::AccountIdRole).toString());
    }
    // Balances and recent transfers may have changed, whatever the outcome.
    connect(dialog, &TransferDialog::transferFinished, this, [this] {
        refresh();
        updateStatementsLock();
        updateSessionStatus();
    });
    m_transferDialog = dialog;
    dialog->open();
    Q_EMIT transferDialogOpened(dialog);
}

void MainWindow::showStatements()
{
    const QString accountId = m_ui->statementsAccountCombo->currentData().toString();
    if (accountId.isEmpty() || m_verifying) {
        return;
    }
    m_verifying = true;
    m_ui->verifyButton->setEnabled(false);
    m_ui->statementsButton->setEnabled(false);
    m_ui->statementsStatusLabel->setText(tr("Loading the statement…"));
    // Step-up for web apps (the seed): the client layer decides whether a verification in the
    // browser comes first (stepUpStarted says so) and follows the API's challenge once.
    m_app.reads().readStatement(
        accountId, m_statementsTrip,
        [this, generation = m_readsGeneration](Bank::ApiResult<Bank::Statement> statement) {
            if (generation != m_readsGeneration) {
                return; // signed out meanwhile
            }
            m_verifying = false;
            m_statementsTrip->finish();
            if (!statement.ok()) {
                const Bank::ApiError& error = statement.error();
                m_ui->statementsStatusLabel->setText(
                    error.beforeRequest ? describeError(error, Activity::Verify)
                                        : tr("The statement could not be shown. %1")
                                              .arg(describeBankError(error, Activity::Verify)));
                updateStatementsLock();
                updateSessionStatus();
                return;
            }
            const Bank::Statement& s = statement.value();
            m_statement->setStatement(s);
            m_ui->statementsStatusLabel->setText(tr("%1 (%2): balance %3")
                                                     .arg(s.account.name, s.account.maskedNumber,
                                                          s.account.balance.formatted(QLocale())));
            updateStatementsLock();
            updateSessionStatus();
        });
}

void MainWindow::updateStatementsLock()
{
    // Unlocked: a statement shows without a trip to the browser. A step-up's ID token proves a
    // recent MFA too, but its token was used once and is gone, so that alone does not unlock.
    const bool unlocked = m_app.session().isSignedIn() && m_app.reads().statementReady();
    const bool wasUnlocked = m_ui->statementsStack->currentWidget() == m_ui->statementsUnlockedPage;
    if (!unlocked && wasUnlocked) {
        // Aged out (or signed out): the sensitive lines go, the panel locks again.
        m_statement->clear();
        if (!m_verifying) {
            m_ui->statementsStatusLabel->setText(
                m_app.session().isSignedIn()
                    ? tr("For your security the statement was hidden again. Verify to view it.")
                    : QString());
        }
    }
    m_ui->statementsStack->setCurrentWidget(unlocked ? m_ui->statementsUnlockedPage
                                                     : m_ui->statementsLockedPage);
    const bool haveAccount = m_ui->statementsAccountCombo->count() > 0;
    m_ui->verifyButton->setEnabled(!m_verifying && haveAccount);
    m_ui->statementsButton->setEnabled(unlocked && !m_verifying && haveAccount);
}

void MainWindow::updateSessionStatus()
{
    const Auth::AuthSession& session = m_app.session();
    if (!session.isSignedIn() || !session.idToken()) {
        m_sessionStatus->setText(tr("Not signed in"));
        return;
    }
    const Auth::IdToken& id = *session.idToken();
    const QString who = !id.name().isEmpty()    ? id.name()
                        : !id.email().isEmpty() ? id.email()
                                                : id.subject();
    m_sessionStatus->setText(session.hasRecentMfa()
                                 ? tr("Signed in as %1 · verified with a second factor").arg(who)
                                 : tr("Signed in as %1 · password only").arg(who));
}

void MainWindow::showKeychainBanner(const QString& detail)
{
    m_ui->keychainBanner->setText(tr("Your sign-in will not be remembered on this computer."));
    m_ui->keychainBanner->setToolTip(detail);
    m_ui->keychainBanner->setAccessibleDescription(detail);
    m_ui->keychainBanner->show();
}

void MainWindow::clearAccountData()
{
    m_accountsTrip->finish();
    m_statementsTrip->finish();
    m_accounts->setAccounts({});
    m_transfers->setTransfers({});
    m_statement->clear();
    m_ui->statementsAccountCombo->clear();
    m_ui->accountsMessageLabel->clear();
    m_ui->statementsStatusLabel->clear();
    if (m_transferDialog) {
        m_transferDialog->close();
    }
    updateStatementsLock();
}

void MainWindow::signOut()
{
    if (!m_app.session().isSignedIn()) {
        return;
    }
    abandonReads();
    m_ui->actionSignOut->setEnabled(false);
    statusBar()->showMessage(tr("Signing out…"));
    m_signingOut = true;
    m_app.client().signOut(this, [this](Result<Client::Context::SignedOut> signedOut) {
        m_signingOut = false;
        statusBar()->clearMessage();
        clearAccountData();
        if (!signedOut.ok()) {
            showSignedOut(describeError(signedOut.error(), Activity::SignOut));
            return;
        }
        const Client::Context::SignedOut& out = signedOut.value();
        showSignedOut(out.revoked ? tr("You are signed out. Your session was ended and removed "
                                       "from this computer.")
                      : !out.revocationProblem.isEmpty()
                          ? out.revocationProblem
                          : tr("You are signed out. Your session was removed from this "
                               "computer; the sign-in service offers no way to end it, so it "
                               "ends when it expires."));
        if (!signedOut.value().endSession.isEmpty()) {
            offerProviderLogout(signedOut.value().endSession);
        }
    });
}

void MainWindow::abandonReads()
{
    if (!m_loading && !m_verifying) {
        return;
    }
    // A read still waits (for the browser or the bank): the person is leaving, so its answer goes
    // nowhere (the sign-out itself cancels its browser trip).
    ++m_readsGeneration;
    m_loading = false;
    m_verifying = false;
    m_ui->refreshButton->setEnabled(true);
    m_accountsTrip->finish();
    m_statementsTrip->finish();
}

void MainWindow::offerProviderLogout(const QUrl& endSession)
{
    auto* box = new QMessageBox(this);
    box->setObjectName(QStringLiteral("signOutMessageBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setIcon(QMessageBox::Information);
    box->setWindowTitle(tr("Signed out"));
    box->setText(tr("You are signed out of Fabrikam Desktop."));
    box->setInformativeText(tr("Your web browser may still be signed in to Fabrikam. End that "
                               "session too?"));
    QPushButton* endButton = box->addButton(tr("&End browser session"), QMessageBox::AcceptRole);
    endButton->setObjectName(QStringLiteral("endBrowserSessionButton"));
    QPushButton* keepButton = box->addButton(tr("&Not now"), QMessageBox::RejectRole);
    keepButton->setObjectName(QStringLiteral("keepBrowserSessionButton"));
    box->setDefaultButton(endButton);
    const QPointer<QPushButton> end(endButton);
    connect(box, &QMessageBox::finished, this, [this, box, end, endSession] {
        if (end && box->clickedButton() == end) {
            if (auto opened = m_app.userAgent().open(endSession); !opened.ok()) {
                m_ui->signedOutMessageLabel->setText(
                    tr("%1 To end the browser session, open: %2")
                        .arg(opened.error().message, endSession.toString(QUrl::FullyEncoded)));
            }
        }
    });
    box->open();
}

void MainWindow::setUpDiagnostics()
{
    // For support staff: the redacted timeline, decoded claims (never raw tokens), versions, and
    // the support bundle. A dock that actionDiagnostics shows and hides.
    m_diagnostics = new DiagnosticsPanel(m_app.clock(), this);
    m_diagnostics->setProfile(m_app.profile());
    m_diagnosticsDock = new QDockWidget(tr("Diagnostics"), this);
    m_diagnosticsDock->setObjectName(QStringLiteral("diagnosticsDock"));
    m_diagnosticsDock->setWidget(m_diagnostics);
    m_diagnosticsDock->hide();
    addDockWidget(Qt::BottomDockWidgetArea, m_diagnosticsDock);
    m_ui->actionDiagnostics->setCheckable(true);
    m_ui->actionDiagnostics->setEnabled(true);
    connect(m_ui->actionDiagnostics, &QAction::toggled, m_diagnosticsDock,
            &QDockWidget::setVisible);
    connect(m_diagnosticsDock, &QDockWidget::visibilityChanged, m_ui->actionDiagnostics,
            &QAction::setChecked);
    for (const Client::TimelineEvent& e : m_app.timeline().events()) {
        m_diagnostics->addEvent(e.event, e.fields, e.time); // what happened before this window
    }
    connect(&m_app.timeline(), &Client::Timeline::recorded, m_diagnostics,
            [this](const Client::TimelineEvent& e) {
                const QString& event = e.event;
                m_diagnostics->addEvent(event, e.fields, e.time);
                // The claims view follows every change of who is signed in and how.
                static const QStringList changes{
                    QStringLiteral("signin.succeeded"),  QStringLiteral("session.restored"),
                    QStringLiteral("refresh.succeeded"), QStringLiteral("stepup.succeeded"),
                    QStringLiteral("mfa.verified"),      QStringLiteral("signout.completed")};
                if (changes.contains(event)) {
                    const Auth::AuthSession& session = m_app.session();
                    m_diagnostics->setIdTokens(session.idToken(), session.mfaIdToken());
                    m_diagnostics->setAccessTokens(session.accessTokenClaims(),
                                                   session.elevatedAccessTokenClaims(),
                                                   session.mfaAccessTokenClaims());
                }
            });
}

void MainWindow::openSettings()
{
    auto* dialog = new SettingsDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->selectProfile(m_app.profile().name);
    connect(dialog, &SettingsDialog::profileSaved, this, [this](const Client::Profile& profile) {
        // A saved profile is the one in use from now on. The same profile unchanged: nothing to
        // do. Otherwise the owner (DesktopShell) replaces this window with one for the profile.
        if (profile.name == m_app.profile().name && profile.toJson() == m_app.profile().toJson()) {
            statusBar()->showMessage(tr("Profile saved."), 10000);
            return;
        }
        Q_EMIT profileActivated(profile);
    });
    dialog->open();
}

void MainWindow::openAbout()
{
    auto* dialog = new AboutDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

} // namespace Fabrikam::App
