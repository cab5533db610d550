// The real MainWindow, driven by objectName and QAction like a person with a keyboard and mouse
// (KeePassXC's TestGui), against the sandbox that the CTest fixture started. The person in the
// browser is scripted (BROWSER=sandbox/test/support/scripted-browser.js); the keychain is the
// throwaway one of scripts/with-test-session. Users: judy and mallory (seeded for these tests
// only, so their one-time codes never collide with other suites) and carol (no second factor).
#include "app/accountsmodel.h"
#include "app/application.h"
#include "app/mainwindow.h"
#include "app/stallwatchdog.h"
#include "app/transferdialog.h"
#include "app/transfersmodel.h"
#include "auth/authsession.h"
#include "client/transfercoordinator.h"
#include "common/clock.h"
#include "support/controlaudit.h"
#include "support/sandboxadmin.h"
#include "support/sandboxenv.h"
#include "support/widgetlookup.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <QUrlQuery>

#include <algorithm>
#include <cstdio>
#include <memory>

using namespace Fabrikam;
using App::MainWindow;

namespace {

constexpr int kBrowserTimeoutMs = 90000; // a step-up may wait up to 30 s for an unused code
// Waits for the app, the scripted browser or the sandbox: long enough for a loaded CI machine under
// ASan (Qt's default of 5 s is not), and a test that passes never waits it out.
constexpr int kUiWaitMs = 20000;

// The system clock, moved forward on demand: ages the MFA out without waiting 10 minutes.
class OffsetClock final : public Common::Clock
{
public:
    [[nodiscard]] QDateTime now() const override
    {
        return QDateTime::currentDateTimeUtc().addSecs(m_offset);
    }
    void setOffset(qint64 seconds) { m_offset = seconds; }

private:
    qint64 m_offset = 0;
};

} // namespace

class TestMainWindow
    : public QObject
    , public Fabrikam::Test::WindowLookup
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void cleanupTestCase();

    void cancelWhileWaiting();
    void signInShowsAccounts();
    void everyControlIsNamedReadableAndScalable();
    void transferWithStepUp();
    void restoreAfterRestart();
    void signOut();
    void statementsLockedVerifyShown();
    void doubleClickedConfirmTransfersOnce();
    void cancelInTheBrowser();
    void insufficientFunds();
    void apiUnavailable();
    void carolIsDenied();
    // The sandbox's scenario switches (sandbox/README.md), each with its own user.
    void mfaRejectsEveryCode();
    void bankDemandsFresherAuthenticationAgain();
    void providerUnavailable();
    void expiredAccessTokenIsRefreshed();
    void signingKeyRotatedMidSession();
    void slowBankPastTheTimeout();
    void lostAnswerIsRepeatedOnceAfterRestart();
    void bankFailsDuringTheTransfer();
    void slowProviderThenEndBrowserSession();
    void firstTransferEnrollsASecondFactor();
    void killedBetweenStepUpAndAnswer();
    void missingScopeIsAskedForOnce();
    void readsDemandARecentSecondFactor();
    void noBrowserStartsTheLinkIsOpenedByHand();
    void cancelTheConfirmationInTheApp();

private:
    void launch(const QString& user, const QString& action = QStringLiteral("complete"),
                const QString& browserProfile = {});
    void quit();
    void signInThroughTheWindow();
    // Opens the transfer dialog (into m_dialog) and fills the form.
    void fillTransfer(const QString& from, const QString& to, const QString& amount);
    // A new window for `user`, whose session is restored from the keychain, the person in the
    // browser doing `action`; the transfer form filled from checking to savings. `before`: the
    // checking balance shown then.
    void restoreAndFillTransfer(const QString& user, const QString& action, const QString& amount,
                                qint64& before);
    QList<QJsonObject> browserRuns(const QString& user) const;
    // The number of browser runs once the log has stopped growing: a browser writes its line
    // after it delivered the callback (a real Chromium also saves a screenshot and closes first).
    int settledRuns(const QString& user) const;
    qint64 balance(const QString& accountId) const;
    void scenario(const QByteArray& method, const QJsonObject& body = {});
    // Review and confirm the filled-in transfer; waits for the result page and returns its text.
    QString confirmTransfer();
    void screenshot(QWidget* widget, const QString& name) const;
    void rotateSigningKey();
    // A new window for `user` after a transfer of `amount` (`minor` cents) from checking to savings
    // whose answer was lost: the bank made it once; the same transfer again says it cannot happen
    // twice, is replayed ("made only once") and moves nothing more.
    void replayedOnceAfterRestart(const QString& user, const QString& amount, qint64 minor,
                                  qint64 chkBefore, qint64 savBefore);
    // The trace events recorded since `from` with this name.
    qsizetype traced(const QString& event, qsizetype from = 0) const;
    // access-token-ttl 30, `user` signs in (and the signing key is rotated when asked), the clock
    // moves past the token's expiry, Refresh: returns where the trace stood before the refresh.
    qsizetype refreshAfterTheAccessTokenExpired(const QString& user, bool rotateKey);

    [[nodiscard]] QWidget* lookupRoot() const override { return m_window.get(); }
    QWidget* statementsPage() const
    {
        return child<QStackedWidget>("statementsStack")->currentWidget();
    }

    QTemporaryDir m_dir{QDir::tempPath() + QStringLiteral("/fabrikam-ui-test-XXXXXX")};
    QString m_issuer = Fabrikam::Test::envOr("FABRIKAM_SANDBOX_ISSUER", "http://127.0.0.1:18600");
    QString m_api = Fabrikam::Test::envOr("FABRIKAM_SANDBOX_API", "http://127.0.0.1:18601");
    QString m_admin = Fabrikam::Test::envOr("FABRIKAM_SANDBOX_ADMIN", "http://127.0.0.1:18602");
    QNetworkAccessManager m_network;
    OffsetClock m_clock;
    App::StallWatchdog m_watchdog;
    QString m_user;
    QStringList m_baseScopes; // launch(): the profile's base scopes, when set
    std::unique_ptr<App::Application> m_app;
    std::unique_ptr<MainWindow> m_window;
    QPointer<App::TransferDialog> m_dialog;
};

void TestMainWindow::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_dir.setAutoRemove(qEnvironmentVariableIsEmpty("FABRIKAM_KEEP_TEST_DIR"));
    // The browser seam: the app runs BROWSER with the URL (DesktopBrowser → ExternalBrowser);
    // under offscreen QDesktopServices could not open anything anyway.
    // FABRIKAM_TEST_BROWSER swaps the scripted person for another one with the same contract,
    // e.g. the real Chromium of the e2e tier (sandbox/test/support/chromium-browser.js).
    const QByteArray browser = qgetenv("FABRIKAM_TEST_BROWSER");
    qputenv("BROWSER", browser.isEmpty() ? QByteArray(FABRIKAM_SCRIPTED_BROWSER) : browser);
    qputenv("FABRIKAM_SANDBOX_ADMIN", m_admin.toUtf8());
    scenario("DELETE");
    m_watchdog.start();
}

void TestMainWindow::cleanup()
{
    if (m_watchdog.longestStall().count() > 0) {
        qInfo("longest event-loop stall so far: %lld ms",
              static_cast<long long>(m_watchdog.longestStall().count()));
    }
    scenario("DELETE");
}

void TestMainWindow::cleanupTestCase()
{
    quit();
    qInfo("StallWatchdog: longest event-loop stall over the whole run: %lld ms (%lld ticks)",
          static_cast<long long>(m_watchdog.longestStall().count()),
          static_cast<long long>(m_watchdog.ticks()));
}

void TestMainWindow::scenario(const QByteArray& method, const QJsonObject& body)
{
    QCOMPARE(Fabrikam::Test::sandboxAdmin(m_network, m_admin, method, QStringLiteral("/scenarios"),
                                          body),
             200);
}

void TestMainWindow::launch(const QString& user, const QString& action,
                            const QString& browserProfile)
{
    quit();
    m_user = user;
    // The scripted person reads these from the environment the app passes to BROWSER.
    qputenv("FABRIKAM_PERSON_USER", user.toUtf8());
    qputenv("FABRIKAM_PERSON_ACTION", action.toUtf8());
    qputenv("FABRIKAM_PERSON_PROFILE",
            m_dir
                .filePath(QStringLiteral("browser-") +
                          (browserProfile.isEmpty() ? user : browserProfile))
                .toUtf8());
    qputenv("FABRIKAM_PERSON_LOG", m_dir.filePath(user + QStringLiteral(".browser.log")).toUtf8());

    App::Application::Options options;
    // One profile per user, so that their keychain entries never mix.
    // One profile (and so one keychain entry) per user and test process: another run in the same
    // keyring session (the e2e tier runs this test again) never finds this run's sessions.
    options.profile.name =
        QStringLiteral("ui-%1-%2").arg(user).arg(QCoreApplication::applicationPid());
    options.profile.auth.issuer = m_issuer;
    options.profile.auth.browserTimeout = std::chrono::milliseconds(kBrowserTimeoutMs);
    if (!m_baseScopes.isEmpty()) {
        options.profile.auth.baseScopes = m_baseScopes;
    }
    options.profile.apiBaseUrl = QUrl(m_api);
    options.environment = QProcessEnvironment::systemEnvironment();
    options.clock = &m_clock;
    m_app = std::make_unique<App::Application>(std::move(options));
    m_window = std::make_unique<MainWindow>(*m_app);
    m_window->setMfaCheckInterval(std::chrono::milliseconds(200));
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QCOMPARE(m_window->objectName(), QStringLiteral("mainWindow"));
}

void TestMainWindow::quit()
{
    m_window.reset();
    m_app.reset();
}

int TestMainWindow::settledRuns(const QString& user) const
{
    qsizetype count = browserRuns(user).size();
    for (int quietTicks = 0; quietTicks < 12;) { // 3 s without a new line
        QTest::qWait(250);
        const qsizetype now = browserRuns(user).size();
        quietTicks = now == count ? quietTicks + 1 : 0;
        count = now;
    }
    return int(count);
}

QList<QJsonObject> TestMainWindow::browserRuns(const QString& user) const
{
    QList<QJsonObject> runs;
    QFile log(m_dir.filePath(user + QStringLiteral(".browser.log")));
    if (log.open(QIODevice::ReadOnly)) {
        for (const QByteArray& line : log.readAll().split('\n')) {
            if (!line.trimmed().isEmpty()) {
                runs.append(QJsonDocument::fromJson(line).object());
            }
        }
    }
    return runs;
}

qint64 TestMainWindow::balance(const QString& accountId) const
{
    const QAbstractItemModel* model = child<QTableView>("accountsView")->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, App::AccountsModel::BalanceColumn);
        if (index.data(App::AccountsModel::AccountIdRole).toString() == accountId) {
            return index.data(App::AccountsModel::MinorUnitsRole).toLongLong();
        }
    }
    return -1;
}

void TestMainWindow::screenshot(QWidget* widget, const QString& name) const
{
    const QString dir = qEnvironmentVariable("FABRIKAM_SCREENSHOT_DIR");
    if (dir.isEmpty() || !widget) {
        return;
    }
    QDir().mkpath(dir);
    QVERIFY(widget->grab().save(QDir(dir).filePath(name + QStringLiteral(".png"))));
}

void TestMainWindow::signInThroughTheWindow()
{
    QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>("signInButton")->isEnabled(), 20000);
    QCOMPARE(m_window->page(), MainWindow::Page::SignedOut);
    QTest::mouseClick(child<QPushButton>("signInButton"), Qt::LeftButton);
    QCOMPARE(m_window->page(), MainWindow::Page::Waiting);
    QVERIFY(child<QProgressBar>("waitingProgress")->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(m_window->page(), MainWindow::Page::Accounts, kBrowserTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(child<QTableView>("accountsView")->model()->rowCount() == 2, 20000);
}

void TestMainWindow::fillTransfer(const QString& from, const QString& to, const QString& amount)
{
    m_dialog.clear();
    QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>("transferButton")->isEnabled(), 20000);
    QTest::mouseClick(child<QPushButton>("transferButton"), Qt::LeftButton);
    auto* dialog = m_window->findChild<App::TransferDialog*>(QStringLiteral("transferDialog"));
    QVERIFY(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->isVisible(), kUiWaitMs);
    QCOMPARE(QApplication::activeModalWidget(), dialog);
    auto* fromCombo = in<QComboBox>(dialog, "fromCombo");
    auto* toCombo = in<QComboBox>(dialog, "toCombo");
    fromCombo->setCurrentIndex(fromCombo->findData(from));
    toCombo->setCurrentIndex(toCombo->findData(to));
    auto* amountEdit = in<QLineEdit>(dialog, "amountEdit");
    amountEdit->clear();
    QTest::keyClicks(amountEdit, amount);
    QTest::keyClicks(in<QLineEdit>(dialog, "memoEdit"), QStringLiteral("UI test"));
    m_dialog = dialog;
}

// Sign-in with the browser left open and never finished: Copy link works, Cancel returns to the
// signed-out state with a message, nothing is remembered.
void TestMainWindow::cancelWhileWaiting()
{
    launch(QStringLiteral("mallory"), QStringLiteral("abandon"), QStringLiteral("abandoned"));
    QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>("signInButton")->isEnabled(), 20000);
    screenshot(m_window.get(), QStringLiteral("1-signed-out"));
    QVERIFY(child<QLabel>("profileLabel")->text().contains(QStringLiteral("ui-mallory")));
    QTest::mouseClick(child<QPushButton>("signInButton"), Qt::LeftButton);
    QCOMPARE(m_window->page(), MainWindow::Page::Waiting);
    QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>("copyLinkButton")->isEnabled(), 20000);
    QVERIFY(child<QPushButton>("openAgainButton")->isEnabled());
    QTest::mouseClick(child<QPushButton>("copyLinkButton"), Qt::LeftButton);
    QVERIFY(QGuiApplication::clipboard()->text().startsWith(m_issuer + QStringLiteral("/")));
    QVERIFY(QGuiApplication::clipboard()->text().contains(QStringLiteral("code_challenge=")));
    screenshot(m_window.get(), QStringLiteral("2-waiting"));
    // Open again: the browser is started once more with the same request; still waiting.
    QTRY_COMPARE_WITH_TIMEOUT(browserRuns(m_user).size(), 1, 30000);
    QTest::mouseClick(child<QPushButton>("openAgainButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(browserRuns(m_user).size(), 2, 30000);
    QCOMPARE(m_window->page(), MainWindow::Page::Waiting);
    QTest::qWait(300); // the window keeps running while waiting (the watchdog measures it)
    QTest::mouseClick(child<QPushButton>("cancelSignInButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->page(), MainWindow::Page::SignedOut, kUiWaitMs);
    QVERIFY2(child<QLabel>("signedOutMessageLabel")->text().contains(QStringLiteral("cancelled")),
             qPrintable(child<QLabel>("signedOutMessageLabel")->text()));
    QVERIFY(child<QPushButton>("signInButton")->isEnabled());
    QVERIFY(!m_app->session().isSignedIn());
}

void TestMainWindow::signInShowsAccounts()
{
    launch(QStringLiteral("judy"));
    signInThroughTheWindow();
    QTRY_COMPARE_WITH_TIMEOUT(browserRuns(m_user).size(), 1, kUiWaitMs);
    QCOMPARE(browserRuns(m_user).at(0)[QStringLiteral("pages")].toArray(),
             QJsonArray{QStringLiteral("login")});

    // The table: name, masked number, balance right-aligned and formatted (no double anywhere).
    const QAbstractItemModel* model = child<QTableView>("accountsView")->model();
    QCOMPARE(model->columnCount(), 3);
    QCOMPARE(balance(QStringLiteral("acc-judy-chk")), 300000);
    const QModelIndex chk = model->index(0, App::AccountsModel::BalanceColumn);
    QCOMPARE(chk.data(Qt::DisplayRole).toString(),
             Bank::Money::fromMinorUnits(chk.data(App::AccountsModel::MinorUnitsRole).toLongLong(),
                                         QStringLiteral("EUR"))
                 .value()
                 .formatted(QLocale()));
    QCOMPARE(Qt::Alignment(chk.data(Qt::TextAlignmentRole).toInt()) & Qt::AlignHorizontal_Mask,
             Qt::AlignRight);
    QVERIFY(model->index(0, App::AccountsModel::NumberColumn)
                .data()
                .toString()
                .contains(QStringLiteral("•")));
    // Name and number as wide as their content, never squeezed; the right-aligned balance takes
    // the room left, so the amounts line up at the right edge.
    auto* accountsView = child<QTableView>("accountsView");
    const QAbstractItemView* itemView = accountsView; // sizeHintForColumn is public there
    for (const int column : {App::AccountsModel::NameColumn, App::AccountsModel::NumberColumn,
                             App::AccountsModel::BalanceColumn}) {
        QTRY_VERIFY2_WITH_TIMEOUT(accountsView->columnWidth(column) >=
                                      itemView->sizeHintForColumn(column),
                                  qPrintable(QString::number(column)), kUiWaitMs);
    }
    QVERIFY(accountsView->columnWidth(App::AccountsModel::BalanceColumn) >
            accountsView->columnWidth(App::AccountsModel::NumberColumn));

    // Status bar and the locked statements panel (a password-only session).
    const QString status = child<QLabel>("sessionStatusLabel")->text();
    QVERIFY2(status.contains(QStringLiteral("Judy")), qPrintable(status));
    QVERIFY2(status.contains(QStringLiteral("password only")), qPrintable(status));
    QCOMPARE(statementsPage(), child<QWidget>("statementsLockedPage"));
    QVERIFY(child<QPushButton>("verifyButton")->isEnabled());
    QVERIFY(child<QAction>("actionSignOut")->isEnabled());
    QVERIFY(child<QAction>("actionSettings") && child<QAction>("actionDiagnostics") &&
            child<QAction>("actionAbout"));                 // hook points for the other windows
    QVERIFY(!child<QLabel>("keychainBanner")->isVisible()); // the keyring works here
    QVERIFY(!m_app->timeline().events().isEmpty());
    screenshot(m_window.get(), QStringLiteral("3-accounts"));
}

// The signed-in window with its diagnostics dock, and the transfer dialog: every control has an
// objectName (the tests drive it), an accessible name (a screen reader announces it) and icons
// that render sharp at device pixel ratio 2. Keyboard: the accounts table takes focus by Tab.
void TestMainWindow::everyControlIsNamedReadableAndScalable()
{
    QVERIFY(m_window && m_user == QLatin1String("judy"));
    child<QAction>("actionDiagnostics")->setChecked(true);
    QVERIFY2(Fabrikam::Test::auditControls(m_window.get()).isEmpty(),
             qPrintable(Fabrikam::Test::auditControls(m_window.get()).join(u'\n')));
    child<QAction>("actionDiagnostics")->setChecked(false);

    auto* accounts = child<QTableView>("accountsView");
    QCOMPARE(accounts->focusPolicy() & Qt::TabFocus, Qt::TabFocus);
    QVERIFY(m_window->menuBar()->actions().size() >= 2); // Alt-reachable menus

    QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>("transferButton")->isEnabled(), 20000);
    QTest::mouseClick(child<QPushButton>("transferButton"), Qt::LeftButton);
    auto* dialog = m_window->findChild<App::TransferDialog*>(QStringLiteral("transferDialog"));
    QVERIFY(dialog);
    QVERIFY2(Fabrikam::Test::auditControls(dialog).isEmpty(),
             qPrintable(Fabrikam::Test::auditControls(dialog).join(u'\n')));
    // The form in reading order by keyboard: from, to, amount, memo, Review.
    // (Qt's rule for Tab: the next widget in the focus chain that takes Tab focus and is shown;
    // an editable combo box's own line edit is part of the combo box.)
    const auto nextTabStop = [](QWidget* widget) {
        do {
            widget = widget->nextInFocusChain();
        } while (!((widget->focusPolicy() & Qt::TabFocus) && widget->isVisible() &&
                   widget->isEnabled() && !qobject_cast<QComboBox*>(widget->parentWidget())));
        return widget;
    };
    QWidget* at = in<QComboBox>(dialog, "fromCombo");
    for (const char* next : {"toCombo", "amountEdit", "memoEdit", "reviewButton"}) {
        at = nextTabStop(at);
        QCOMPARE(at, in<QWidget>(dialog, next));
    }
    dialog->reject();
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->findChild<App::TransferDialog*>(), kUiWaitMs);
}

void TestMainWindow::transferWithStepUp()
{
    QVERIFY(m_window && m_user == QLatin1String("judy"));
    const QString chk = QStringLiteral("acc-judy-chk"), sav = QStringLiteral("acc-judy-sav");
    const qint64 chkBefore = balance(chk), savBefore = balance(sav);
    QVERIFY(chkBefore > 0 && savBefore > 0);
    const int runsBefore = settledRuns(m_user);

    fillTransfer(chk, sav, QStringLiteral("12,5"));
    QVERIFY(m_dialog);
    App::TransferDialog* dialog = m_dialog;
    auto* amountError = in<QLabel>(dialog, "amountError");
    QVERIFY(amountError->isVisible()); // a comma is not money here: never parsed as a float
    QTest::mouseClick(in<QPushButton>(dialog, "reviewButton"), Qt::LeftButton);
    QCOMPARE(in<QStackedWidget>(dialog, "transferStack")->currentWidget(),
             in<QWidget>(dialog, "formPage"));
    auto* amountEdit = in<QLineEdit>(dialog, "amountEdit");
    amountEdit->clear();
    QTest::keyClicks(amountEdit, QStringLiteral("12.34"));
    QVERIFY(!amountError->isVisible());
    screenshot(dialog, QStringLiteral("4-transfer-form"));
    QTest::mouseClick(in<QPushButton>(dialog, "reviewButton"), Qt::LeftButton);
    QCOMPARE(in<QStackedWidget>(dialog, "transferStack")->currentWidget(),
             in<QWidget>(dialog, "confirmPage"));
    QVERIFY(in<QLabel>(dialog, "summaryLabel")->text().contains(QStringLiteral("12.34")));
    screenshot(dialog, QStringLiteral("5-transfer-confirm"));

    QTest::mouseClick(in<QPushButton>(dialog, "confirmButton"), Qt::LeftButton);
    QCOMPARE(in<QStackedWidget>(dialog, "transferStack")->currentWidget(),
             in<QWidget>(dialog, "stepUpPage"));
    QVERIFY(in<QLabel>(dialog, "stepUpLabel")
                ->text()
                .contains(QStringLiteral("confirm it's really you — continue in your browser")));
    screenshot(dialog, QStringLiteral("6-transfer-step-up"));
    QTRY_COMPARE_WITH_TIMEOUT(in<QStackedWidget>(dialog, "transferStack")->currentWidget(),
                              in<QWidget>(dialog, "resultPage"), kBrowserTimeoutMs);
    const QString result = in<QLabel>(dialog, "transferResultLabel")->text();
    QVERIFY2(result.startsWith(QStringLiteral("Done.")), qPrintable(result));
    screenshot(dialog, QStringLiteral("7-transfer-done"));

    // Balances move exactly once; the person saw only the code form (live SSO session).
    QTRY_COMPARE_WITH_TIMEOUT(balance(chk), chkBefore - 1234, 20000);
    QCOMPARE(balance(sav), savBefore + 1234);
    QTRY_COMPARE_WITH_TIMEOUT(browserRuns(m_user).size(), runsBefore + 1, kUiWaitMs);
    QCOMPARE(browserRuns(m_user).last()[QStringLiteral("pages")].toArray(),
             QJsonArray{QStringLiteral("mfa")});
    QTRY_VERIFY_WITH_TIMEOUT(child<QTableView>("transfersView")->model()->rowCount() >= 1,
                             kUiWaitMs);
    // Recent transfers name the accounts as the person knows them (name and the masked number's
    // last group), never by internal id.
    const QString made = child<QTableView>("transfersView")
                             ->model()
                             ->index(0, App::TransfersModel::DescriptionColumn)
                             .data()
                             .toString();
    QVERIFY2(made.contains(QStringLiteral("··")) && !made.contains(QStringLiteral("acc-judy")),
             qPrintable(made));
    // The step-up proved a second factor, and the status bar says so; but its token was used once
    // and is gone, so the statements panel stays locked: Verify is what shows a statement.
    QVERIFY(child<QLabel>("sessionStatusLabel")
                ->text()
                .contains(QStringLiteral("verified with a second factor")));
    QCOMPARE(statementsPage(), child<QWidget>("statementsLockedPage"));
    QTest::mouseClick(in<QPushButton>(dialog, "closeButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->findChild<App::TransferDialog*>(), kUiWaitMs);
    QTest::qWait(500);
    QCOMPARE(balance(chk), chkBefore - 1234);

    // Diagnostics (for support staff): what the used-up elevated token allowed, decoded — its
    // scope and the MFA acr — next to the base token, which never had transfer:funds.
    auto* claims = child<QTreeWidget>("claimsView");
    const auto claim = [claims](int group, const QString& name) {
        QTreeWidgetItem* item = claims->topLevelItem(group);
        for (int i = 0; i < item->childCount(); ++i) {
            if (item->child(i)->text(0) == name) {
                return item->child(i)->text(1);
            }
        }
        return QString();
    };
    QVERIFY2(claim(3, QStringLiteral("scope")).split(u' ').contains(u"transfer:funds"),
             qPrintable(claim(3, QStringLiteral("scope"))));
    QCOMPARE(claim(3, QStringLiteral("acr")), m_app->session().settings().mfaAcr);
    QVERIFY(claim(2, QStringLiteral("scope")).split(u' ').contains(u"read:accounts"));
    QVERIFY(!claim(2, QStringLiteral("scope")).split(u' ').contains(u"transfer:funds"));
}

void TestMainWindow::restoreAfterRestart()
{
    QVERIFY(m_user == QLatin1String("judy"));
    const int runsBefore = settledRuns(m_user);
    quit();
    launch(QStringLiteral("judy")); // a new Application and MainWindow: same profile, keychain
    QTRY_COMPARE_WITH_TIMEOUT(m_window->page(), MainWindow::Page::Accounts, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(child<QTableView>("accountsView")->model()->rowCount() == 2, 20000);
    QCOMPARE(balance(QStringLiteral("acc-judy-chk")), 300000 - 1234);
    QCOMPARE(browserRuns(m_user).size(), runsBefore); // silently: no browser
    QVERIFY(child<QLabel>("sessionStatusLabel")->text().contains(QStringLiteral("Judy")));
}

void TestMainWindow::signOut()
{
    QVERIFY(m_user == QLatin1String("judy"));
    QTRY_COMPARE_WITH_TIMEOUT(m_window->page(), MainWindow::Page::Accounts, 20000);
    child<QAction>("actionSignOut")->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(m_window->page(), MainWindow::Page::SignedOut, 20000);
    QMessageBox* box = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT(
        (box = m_window->findChild<QMessageBox*>(QStringLiteral("signOutMessageBox"))) &&
            box->isVisible(),
        kUiWaitMs);
    QCOMPARE(QApplication::activeModalWidget(), box);
    screenshot(box, QStringLiteral("9-signed-out-offer"));
    QTest::mouseClick(in<QPushButton>(box, "keepBrowserSessionButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(
        !m_window->findChild<QMessageBox*>(QStringLiteral("signOutMessageBox")), kUiWaitMs);
    QVERIFY(!m_app->session().isSignedIn());
    QCOMPARE(child<QTableView>("accountsView")->model()->rowCount(), 0);
    QVERIFY(child<QLabel>("sessionStatusLabel")->text().contains(QStringLiteral("Not signed")));

    // The keychain entries are gone: the next start finds nothing to restore.
    const int runsBefore = settledRuns(m_user);
    launch(QStringLiteral("judy"));
    QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>("signInButton")->isEnabled(), 20000);
    QCOMPARE(m_window->page(), MainWindow::Page::SignedOut);
    QVERIFY(!m_app->session().isSignedIn());
    QCOMPARE(browserRuns(m_user).size(), runsBefore);
}

void TestMainWindow::statementsLockedVerifyShown()
{
    launch(QStringLiteral("mallory"));
    signInThroughTheWindow();
    QCOMPARE(statementsPage(), child<QWidget>("statementsLockedPage"));
    QVERIFY(child<QLabel>("statementsLockedLabel")->isVisible());
    QVERIFY(!child<QPushButton>("statementsButton")->isEnabled());
    const int runsBefore = settledRuns(m_user);

    QTest::mouseClick(child<QPushButton>("verifyButton"), Qt::LeftButton);
    QVERIFY(!child<QPushButton>("verifyButton")->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(statementsPage(), child<QWidget>("statementsUnlockedPage"),
                              kBrowserTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(child<QTableView>("statementsView")->model()->rowCount() > 0, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(browserRuns(m_user).size(), runsBefore + 1, kUiWaitMs);
    QCOMPARE(browserRuns(m_user).last()[QStringLiteral("pages")].toArray(),
             QJsonArray{QStringLiteral("mfa")});
    QVERIFY(child<QLabel>("sessionStatusLabel")
                ->text()
                .contains(QStringLiteral("verified with a second factor")));
    screenshot(m_window.get(), QStringLiteral("8-statements"));

    // The MFA ages out (sensitive_max_age, 600 s): the panel locks itself and forgets the lines.
    m_clock.setOffset(m_app->profile().auth.sensitiveMaxAge + 1);
    QTRY_COMPARE_WITH_TIMEOUT(statementsPage(), child<QWidget>("statementsLockedPage"), 5000);
    QCOMPARE(child<QTableView>("statementsView")->model()->rowCount(), 0);
    QVERIFY(child<QLabel>("sessionStatusLabel")->text().contains(QStringLiteral("password only")));
    m_clock.setOffset(0);
}

void TestMainWindow::doubleClickedConfirmTransfersOnce()
{
    QVERIFY(m_window && m_user == QLatin1String("mallory"));
    const QString chk = QStringLiteral("acc-mallory-chk"), sav = QStringLiteral("acc-mallory-sav");
    QTRY_VERIFY_WITH_TIMEOUT(balance(chk) > 0, 20000);
    const qint64 chkBefore = balance(chk), savBefore = balance(sav);
    const int runsBefore = settledRuns(m_user);
    QSignalSpy trips(&m_app->session(), &Auth::AuthSession::urlReady);
    QSignalSpy finished(&m_app->transfers(), &Client::TransferCoordinator::finished);

    fillTransfer(chk, sav, QStringLiteral("7.05"));
    QVERIFY(m_dialog);
    App::TransferDialog* dialog = m_dialog;
    QTest::mouseClick(in<QPushButton>(dialog, "reviewButton"), Qt::LeftButton);
    auto* confirm = in<QPushButton>(dialog, "confirmButton");
    // What a double click delivers: press, release (a click), press-as-double-click, release.
    QTest::mouseClick(confirm, Qt::LeftButton);
    QTest::mouseDClick(confirm, Qt::LeftButton);
    QTest::mouseRelease(confirm, Qt::LeftButton);
    QVERIFY(!confirm->isEnabled());
    QCOMPARE(m_app->transfers().pending(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(in<QStackedWidget>(dialog, "transferStack")->currentWidget(),
                              in<QWidget>(dialog, "resultPage"), kBrowserTimeoutMs);
    QVERIFY2(in<QLabel>(dialog, "transferResultLabel")->text().startsWith(QStringLiteral("Done")),
             qPrintable(in<QLabel>(dialog, "transferResultLabel")->text()));
    QTRY_COMPARE_WITH_TIMEOUT(balance(chk), chkBefore - 705, 20000);
    QCOMPARE(balance(sav), savBefore + 705);
    QTest::qWait(1000); // nothing else arrives late
    QCOMPARE(balance(chk), chkBefore - 705);
    QCOMPARE(trips.size(), 1);
    QCOMPARE(finished.size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(browserRuns(m_user).size(), runsBefore + 1, kUiWaitMs);
    QTest::keyClick(dialog, Qt::Key_Escape);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->findChild<App::TransferDialog*>(), kUiWaitMs);
}

QString TestMainWindow::confirmTransfer()
{
    if (!m_dialog) {
        return {};
    }
    QTest::mouseClick(in<QPushButton>(m_dialog, "reviewButton"), Qt::LeftButton);
    QTest::mouseClick(in<QPushButton>(m_dialog, "confirmButton"), Qt::LeftButton);
    const auto done = [this] {
        return !m_dialog || in<QStackedWidget>(m_dialog, "transferStack")->currentWidget() ==
                                in<QWidget>(m_dialog, "resultPage");
    };
    if (!QTest::qWaitFor(done, kBrowserTimeoutMs)) {
        return QStringLiteral("(no result within the browser timeout)");
    }
    return m_dialog ? in<QLabel>(m_dialog, "transferResultLabel")->text() : QString();
}

void TestMainWindow::restoreAndFillTransfer(const QString& user, const QString& action,
                                            const QString& amount, qint64& before)
{
    launch(user, action);
    const QString chk = QStringLiteral("acc-%1-chk").arg(user);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->page(), MainWindow::Page::Accounts, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(balance(chk) > 0, 20000);
    before = balance(chk);
    fillTransfer(chk, QStringLiteral("acc-%1-sav").arg(user), amount);
}

// The person presses Cancel on the provider's code page: its own words, nothing moved.
void TestMainWindow::cancelInTheBrowser()
{
    qint64 before = -1;
    restoreAndFillTransfer(QStringLiteral("mallory"), QStringLiteral("cancel"),
                           QStringLiteral("1.00"), before);
    QVERIFY(before > 0);
    const QString result = confirmTransfer();
    QVERIFY2(result.contains(QStringLiteral("nothing was transferred")), qPrintable(result));
    QVERIFY2(result.contains(QStringLiteral("cancelled")), qPrintable(result));
    QVERIFY(!result.contains(QStringLiteral("Multi-factor"))); // not carol's denial
    QVERIFY(!result.contains(QStringLiteral("rejected")));     // nor a failed code
    QTest::mouseClick(in<QPushButton>(m_dialog, "closeButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_dialog, kUiWaitMs);
    QTest::qWait(300);
    QCOMPARE(balance(QStringLiteral("acc-mallory-chk")), before);
}

// The API's own words (RFC 9457 problem detail) after a successful step-up; no retry offered.
void TestMainWindow::insufficientFunds()
{
    launch(QStringLiteral("mallory"));
    QTRY_COMPARE_WITH_TIMEOUT(m_window->page(), MainWindow::Page::Accounts, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(balance(QStringLiteral("acc-mallory-chk")) > 0, 20000);
    const qint64 before = balance(QStringLiteral("acc-mallory-chk"));
    fillTransfer(QStringLiteral("acc-mallory-chk"), QStringLiteral("acc-mallory-sav"),
                 QStringLiteral("9999.00"));
    const QString result = confirmTransfer();
    // The problem's code (insufficient_funds) in the app's own, translatable words.
    QVERIFY2(result.startsWith(QStringLiteral("There is not enough money in the account you "
                                              "chose, so nothing was transferred.")),
             qPrintable(result));
    QVERIFY(!in<QPushButton>(m_dialog, "retryButton")->isVisible());
    // The timeline tells support what the window was told.
    const QList<Client::TimelineEvent>& events = m_app->timeline().events();
    const auto failed = std::find_if(events.rbegin(), events.rend(), [](const auto& e) {
        return e.event == QLatin1String("transfer.failed");
    });
    QVERIFY(failed != events.rend());
    QCOMPARE(failed->fields.value(QStringLiteral("error")).toString(),
             QStringLiteral("ApiRejected"));
    QCOMPARE(failed->fields.value(QStringLiteral("status")).toInt(), 422);
    QTest::mouseClick(in<QPushButton>(m_dialog, "closeButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_dialog, kUiWaitMs);
    QTest::qWait(300);
    QCOMPARE(balance(QStringLiteral("acc-mallory-chk")), before);
}

// The API answers 503: a clear word in the window, the last known balances stay.
void TestMainWindow::apiUnavailable()
{
    QVERIFY(m_window && m_user == QLatin1String("mallory"));
    const qint64 before = balance(QStringLiteral("acc-mallory-chk"));
    scenario("PATCH", {{QStringLiteral("api-fail-rate"), 1}});
    QSignalSpy refreshed(m_window.get(), &MainWindow::refreshed);
    child<QAction>("actionRefresh")->trigger();
    QVERIFY(refreshed.wait(20000));
    QCOMPARE(refreshed.first().first().toBool(), false);
    const QString message = child<QLabel>("accountsMessageLabel")->text();
    // The bank's trouble in the bank's words, not the sign-in service's.
    QVERIFY2(message.contains(QStringLiteral("could not be updated")) &&
                 message.contains(QStringLiteral("Fabrikam is temporarily unavailable")) &&
                 !message.contains(QStringLiteral("sign-in")),
             qPrintable(message));
    QCOMPARE(balance(QStringLiteral("acc-mallory-chk")), before);
    QCOMPARE(m_window->page(), MainWindow::Page::Accounts);
    const QList<Client::TimelineEvent>& events = m_app->timeline().events();
    const auto response = std::find_if(events.rbegin(), events.rend(), [](const auto& e) {
        return e.event == QLatin1String("api.response");
    });
    QVERIFY(response != events.rend());
    QCOMPARE(response->fields.value(QStringLiteral("ok")).toBool(), false);
    QCOMPARE(response->fields.value(QStringLiteral("status")).toInt(), 503);
}

void TestMainWindow::carolIsDenied()
{
    launch(QStringLiteral("carol"));
    signInThroughTheWindow();
    const QString chk = QStringLiteral("acc-carol-chk"), sav = QStringLiteral("acc-carol-sav");
    const qint64 chkBefore = balance(chk);
    fillTransfer(chk, sav, QStringLiteral("5.00"));
    QVERIFY(m_dialog);
    App::TransferDialog* dialog = m_dialog;
    QTest::mouseClick(in<QPushButton>(dialog, "reviewButton"), Qt::LeftButton);
    QTest::mouseClick(in<QPushButton>(dialog, "confirmButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(in<QStackedWidget>(dialog, "transferStack")->currentWidget(),
                              in<QWidget>(dialog, "resultPage"), kBrowserTimeoutMs);
    const QString result = in<QLabel>(dialog, "transferResultLabel")->text();
    QVERIFY2(
        result.contains(QStringLiteral("could not confirm it's you, so nothing was transferred")),
        qPrintable(result));
    QVERIFY2(result.contains(QStringLiteral("Multi-factor authentication is required")),
             qPrintable(result));
    QVERIFY(!in<QPushButton>(dialog, "retryButton")->isVisible()); // a retry cannot help
    screenshot(dialog, QStringLiteral("10-transfer-denied"));
    QTest::mouseClick(in<QPushButton>(dialog, "closeButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->findChild<App::TransferDialog*>(), kUiWaitMs);
    QTest::qWait(500);
    QCOMPARE(balance(chk), chkBefore); // nothing moved; the base session still works
    QCOMPARE(m_window->page(), MainWindow::Page::Accounts);
}

void TestMainWindow::rotateSigningKey()
{
    QCOMPARE(
        Fabrikam::Test::sandboxAdmin(m_network, m_admin, "POST", QStringLiteral("/keys/rotate")),
        200);
}

qsizetype TestMainWindow::traced(const QString& event, qsizetype from) const
{
    const QList<Client::TimelineEvent>& history = m_app->timeline().events();
    return std::count_if(history.begin() + std::min(from, history.size()), history.end(),
                         [&](const Client::TimelineEvent& e) { return e.event == event; });
}

// mfa-reject-all: the person types the right code, the page rejects it, they give up (Cancel).
void TestMainWindow::mfaRejectsEveryCode()
{
    launch(QStringLiteral("peggy"), QStringLiteral("one-try"));
    signInThroughTheWindow();
    const QString chk = QStringLiteral("acc-peggy-chk"), sav = QStringLiteral("acc-peggy-sav");
    const qint64 chkBefore = balance(chk), savBefore = balance(sav);
    scenario("PATCH", {{QStringLiteral("mfa-reject-all"), true}});
    fillTransfer(chk, sav, QStringLiteral("7.00"));
    const QString result = confirmTransfer();
    QVERIFY2(
        result.contains(QStringLiteral("could not confirm it's you, so nothing was transferred")),
        qPrintable(result));
    // The provider's words tell this apart from a plain Cancel (cancelInTheBrowser).
    QVERIFY2(result.contains(QStringLiteral("after 1 rejected code")), qPrintable(result));
    // The person's log line lands after the app has the answer (sign-in, then this step-up).
    QTRY_COMPARE_WITH_TIMEOUT(browserRuns(m_user).size(), 2, 10000);
    const QJsonObject run = browserRuns(m_user).last();
    QCOMPARE(run[QStringLiteral("pages")].toArray(),
             (QJsonArray{QStringLiteral("mfa"), QStringLiteral("mfa")})); // rejected, then Cancel
    QVERIFY(!run[QStringLiteral("errors")].toArray().isEmpty());
    QTest::mouseClick(in<QPushButton>(m_dialog, "closeButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_dialog, kUiWaitMs);
    child<QAction>("actionRefresh")->trigger();
    QTest::qWait(500);
    QTRY_COMPARE_WITH_TIMEOUT(balance(chk), chkBefore, 20000);
    QCOMPARE(balance(sav), savBefore);
    QCOMPARE(m_window->page(), MainWindow::Page::Accounts); // the base session is untouched
}

// api-max-age 0: the bank's RFC 9470 challenge comes back after the step-up it asked for; the app
// steps up once more, retries once, and then reports it instead of looping.
void TestMainWindow::bankDemandsFresherAuthenticationAgain()
{
    launch(QStringLiteral("quentin"));
    signInThroughTheWindow();
    const QString chk = QStringLiteral("acc-quentin-chk"), sav = QStringLiteral("acc-quentin-sav");
    const qint64 chkBefore = balance(chk);
    // max_age 0 with a bank that answers 1.5 s late: every MFA is already too old when it arrives.
    scenario("PATCH", {{QStringLiteral("api-max-age"), 0}, {QStringLiteral("api-slow-ms"), 1500}});
    const int runsBefore = settledRuns(m_user);
    fillTransfer(chk, sav, QStringLiteral("3.00"));
    const QString result = confirmTransfer();
    QVERIFY2(result.contains(QStringLiteral("asked for a fresher confirmation again")),
             qPrintable(result));
    QVERIFY(settledRuns(m_user) <= runsBefore + 2); // the step-up and one retry at most
    QTest::mouseClick(in<QPushButton>(m_dialog, "closeButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_dialog, kUiWaitMs);
    scenario("DELETE");
    child<QAction>("actionRefresh")->trigger();
    QTest::qWait(500);
    QTRY_COMPARE_WITH_TIMEOUT(balance(chk), chkBefore, 20000);
}

// idp-fail-rate 1: every provider request answers 503; sign-in says so and the window stays usable.
void TestMainWindow::providerUnavailable()
{
    launch(QStringLiteral("rupert"));
    QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>("signInButton")->isEnabled(), 20000);
    scenario("PATCH", {{QStringLiteral("idp-fail-rate"), 1}});
    QTest::mouseClick(child<QPushButton>("signInButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->page(), MainWindow::Page::SignedOut, 30000);
    QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>("signInButton")->isEnabled(), 30000);
    const QString message = child<QLabel>("signedOutMessageLabel")->text();
    QVERIFY2(message.contains(QStringLiteral("sign-in service cannot be reached")),
             qPrintable(message));
    QCOMPARE(browserRuns(m_user).size(), 0); // no browser for a provider that is down
    scenario("DELETE");
    signInThroughTheWindow(); // usable: the next attempt works
}

// access-token-ttl 30: an access token that has expired is renewed with the refresh token before
// the next call, silently (the clock is moved instead of waiting).
void TestMainWindow::expiredAccessTokenIsRefreshed()
{
    const qsizetype mark = refreshAfterTheAccessTokenExpired(QStringLiteral("sybil"), false);
    if (QTest::currentTestFailed()) {
        return;
    }
    QCOMPARE(traced(QStringLiteral("refresh.succeeded"), mark), 1);
    QCOMPARE(child<QTableView>("accountsView")->model()->rowCount(), 2);
    QVERIFY(child<QLabel>("accountsMessageLabel")->text().isEmpty() ||
            !child<QLabel>("accountsMessageLabel")->isVisible());
}

// POST /keys/rotate: the next ID token is signed with a key the app has not seen; it fetches the
// JWKS again once and carries on.
void TestMainWindow::signingKeyRotatedMidSession()
{
    const qsizetype mark = refreshAfterTheAccessTokenExpired(QStringLiteral("trent"), true);
    if (QTest::currentTestFailed()) {
        return;
    }
    QCOMPARE(traced(QStringLiteral("refresh.succeeded"), mark), 1);
    QCOMPARE(traced(QStringLiteral("refresh.failed"), mark), 0);
    QVERIFY(m_app->session().isSignedIn());
}

qsizetype TestMainWindow::refreshAfterTheAccessTokenExpired(const QString& user, bool rotateKey)
{
    scenario("PATCH", {{QStringLiteral("access-token-ttl"), 30}});
    launch(user);
    signInThroughTheWindow();
    if (rotateKey) {
        rotateSigningKey();
    }
    // With 30 s tokens every call refreshes: let the refreshes of the first loads (and the saves
    // of their rotated refresh tokens) finish, or the Refresh below would only join one of them.
    for (int quietTicks = 0, last = -1; quietTicks < 6;) {
        QTest::qWait(250);
        const auto now = int(m_app->timeline().events().size());
        quietTicks = now == last ? quietTicks + 1 : 0;
        last = now;
    }
    const qsizetype mark = m_app->timeline().events().size();
    m_clock.setOffset(120); // the access token has expired: a refresh brings a new ID token
    QSignalSpy refreshed(m_window.get(), &MainWindow::refreshed);
    child<QAction>("actionRefresh")->trigger();
    const bool answered = refreshed.wait(20000);
    m_clock.setOffset(0);
    [&] {
        QVERIFY(answered);
        QVERIFY(refreshed.first().first().toBool());
    }();
    return mark;
}

// api-slow-ms past the client's timeout: a clear message, nothing frozen, and it works again once
// the bank is quick.
void TestMainWindow::slowBankPastTheTimeout()
{
    launch(QStringLiteral("victor"));
    signInThroughTheWindow();
    m_app->api().setTransferTimeout(std::chrono::milliseconds(1500));
    scenario("PATCH", {{QStringLiteral("api-slow-ms"), 4000}});
    const qint64 ticksBefore = m_watchdog.ticks();
    QSignalSpy refreshed(m_window.get(), &MainWindow::refreshed);
    child<QAction>("actionRefresh")->trigger();
    QVERIFY(refreshed.wait(20000));
    QCOMPARE(refreshed.first().first().toBool(), false);
    QVERIFY(m_watchdog.ticks() > ticksBefore); // the event loop kept turning while it waited
    const QString message = child<QLabel>("accountsMessageLabel")->text();
    // The bank was slow, not the browser.
    QVERIFY2(message.contains(QStringLiteral("could not be updated")) &&
                 message.contains(QStringLiteral("Fabrikam did not answer in time")) &&
                 !message.contains(QStringLiteral("browser")),
             qPrintable(message));
    QCOMPARE(m_window->page(), MainWindow::Page::Accounts);
    scenario("DELETE");
    refreshed.clear();
    child<QAction>("actionRefresh")->trigger();
    QVERIFY(refreshed.wait(20000));
    QVERIFY(refreshed.first().first().toBool());
}

// The bank made the transfer but its answer never arrived (api-hold-response-ms past the client's
// timeout), and the app was closed. Started again, the same transfer picks up the noted
// Idempotency-Key, says so before confirming, and the bank replays the first result: money moves
// exactly once.
void TestMainWindow::lostAnswerIsRepeatedOnceAfterRestart()
{
    launch(QStringLiteral("rupert"));
    QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>("signInButton")->isEnabled() ||
                                 m_window->page() == MainWindow::Page::Accounts,
                             20000);
    if (m_window->page() != MainWindow::Page::Accounts) {
        signInThroughTheWindow();
    }
    const QString chk = QStringLiteral("acc-rupert-chk"), sav = QStringLiteral("acc-rupert-sav");
    QTRY_VERIFY_WITH_TIMEOUT(balance(chk) > 0, 20000);
    const qint64 chkBefore = balance(chk), savBefore = balance(sav);

    scenario("PATCH", {{QStringLiteral("api-hold-response-ms"), 4000}});
    m_app->api().setTransferTimeout(std::chrono::milliseconds(1500));
    fillTransfer(chk, sav, QStringLiteral("4.00"));
    const QString lost = confirmTransfer();
    QVERIFY2(lost.contains(QStringLiteral("could not find out whether the transfer went through")),
             qPrintable(lost));
    quit(); // the app is closed with the outcome unknown
    scenario("DELETE");

    replayedOnceAfterRestart(QStringLiteral("rupert"), QStringLiteral("4.00"), 400, chkBefore,
                             savBefore);
    if (QTest::currentTestFailed()) {
        return;
    }

    // Settled: the same transfer once more is a new one (a new key, no notice).
    fillTransfer(chk, sav, QStringLiteral("4.00"));
    QTest::mouseClick(in<QPushButton>(m_dialog, "reviewButton"), Qt::LeftButton);
    QVERIFY(!in<QLabel>(m_dialog, "stepUpNoticeLabel")
                 ->text()
                 .contains(QStringLiteral("cannot happen twice")));
    m_dialog->close();
}

void TestMainWindow::replayedOnceAfterRestart(const QString& user, const QString& amount,
                                              qint64 minor, qint64 chkBefore, qint64 savBefore)
{
    const QString chk = QStringLiteral("acc-%1-chk").arg(user);
    const QString sav = QStringLiteral("acc-%1-sav").arg(user);
    launch(user);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->page(), MainWindow::Page::Accounts, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(balance(chk), chkBefore - minor, 20000); // the bank did make it
    fillTransfer(chk, sav, amount);
    QTest::mouseClick(in<QPushButton>(m_dialog, "reviewButton"), Qt::LeftButton);
    const QString notice = in<QLabel>(m_dialog, "stepUpNoticeLabel")->text();
    QVERIFY2(notice.contains(QStringLiteral("cannot happen twice")), qPrintable(notice));
    QTest::mouseClick(in<QPushButton>(m_dialog, "confirmButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(in<QStackedWidget>(m_dialog, "transferStack")->currentWidget(),
                              in<QWidget>(m_dialog, "resultPage"), kBrowserTimeoutMs);
    const QString result = in<QLabel>(m_dialog, "transferResultLabel")->text();
    QVERIFY2(result.contains(QStringLiteral("made only once")), qPrintable(result));
    QTest::mouseClick(in<QPushButton>(m_dialog, "closeButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_dialog, kUiWaitMs);
    QTest::qWait(500);
    QTRY_COMPARE_WITH_TIMEOUT(balance(chk), chkBefore - minor, 20000);
    QCOMPARE(balance(sav), savBefore + minor);
}

// api-fail-rate 1 while a transfer is on its way: the step-up succeeds, the bank answers 503, the
// window says the bank cannot take transfers and that nothing moved. Healed, Retry sends the same
// transfer (a new step-up: the elevated token was used once) and the money moves exactly once.
void TestMainWindow::bankFailsDuringTheTransfer()
{
    launch(QStringLiteral("nina"));
    signInThroughTheWindow();
    const QString chk = QStringLiteral("acc-nina-chk"), sav = QStringLiteral("acc-nina-sav");
    const qint64 chkBefore = balance(chk), savBefore = balance(sav);
    fillTransfer(chk, sav, QStringLiteral("4.20"));
    scenario("PATCH", {{QStringLiteral("api-fail-rate"), 1}});
    const QString result = confirmTransfer();
    QVERIFY2(result.contains(QStringLiteral("The bank cannot take transfers right now, and nothing "
                                            "was transferred")),
             qPrintable(result));
    auto* retry = in<QPushButton>(m_dialog, "retryButton");
    QVERIFY(retry->isVisible());
    scenario("DELETE");

    const int runsBefore = settledRuns(m_user);
    QTest::mouseClick(retry, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(
        in<QLabel>(m_dialog, "transferResultLabel")->text().startsWith(QStringLiteral("Done.")),
        kBrowserTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(browserRuns(m_user).size(), runsBefore + 1, 20000);
    QTest::mouseClick(in<QPushButton>(m_dialog, "closeButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_dialog, kUiWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(balance(chk), chkBefore - 420, 20000);
    QCOMPARE(balance(sav), savBefore + 420);
    child<QAction>("actionRefresh")->trigger();
    QTest::qWait(500);
    QTRY_COMPARE_WITH_TIMEOUT(balance(chk), chkBefore - 420, 20000);
}

// idp-slow-ms: every answer of the provider comes late; the window keeps turning while it waits
// and the sign-in completes. Then Sign out with "End browser session": the browser confirms the
// provider's logout page, so the next sign-in asks for the password again (no SSO session left).
void TestMainWindow::slowProviderThenEndBrowserSession()
{
    launch(QStringLiteral("leo"));
    QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>("signInButton")->isEnabled(), 20000);
    scenario("PATCH", {{QStringLiteral("idp-slow-ms"), 700}});
    const qint64 ticksBefore = m_watchdog.ticks();
    signInThroughTheWindow();
    QVERIFY(m_watchdog.ticks() > ticksBefore);
    scenario("DELETE");
    QTRY_COMPARE_WITH_TIMEOUT(browserRuns(m_user).size(), 1, 20000);
    QCOMPARE(browserRuns(m_user).last()[QStringLiteral("pages")].toArray(),
             QJsonArray{QStringLiteral("login")});

    child<QAction>("actionSignOut")->trigger();
    QMessageBox* box = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT(
        (box = m_window->findChild<QMessageBox*>(QStringLiteral("signOutMessageBox"))) &&
            box->isVisible(),
        20000);
    QTest::mouseClick(in<QPushButton>(box, "endBrowserSessionButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(browserRuns(m_user).size(), 2, 20000);
    QCOMPARE(browserRuns(m_user).last()[QStringLiteral("pages")].toArray(),
             (QJsonArray{QStringLiteral("logout"), QStringLiteral("signed-out")}));
    QCOMPARE(m_window->page(), MainWindow::Page::SignedOut);

    signInThroughTheWindow();
    QTRY_COMPARE_WITH_TIMEOUT(browserRuns(m_user).size(), 3, 20000);
    QCOMPARE(browserRuns(m_user).last()[QStringLiteral("pages")].toArray(),
             QJsonArray{QStringLiteral("login")});
}

// xavier has no second factor yet: his first transfer's step-up shows the provider's enrollment
// page (QR code and secret), he enrolls with a code from it, and the transfer goes through once.
void TestMainWindow::firstTransferEnrollsASecondFactor()
{
    launch(QStringLiteral("xavier"));
    signInThroughTheWindow();
    const QString chk = QStringLiteral("acc-xavier-chk"), sav = QStringLiteral("acc-xavier-sav");
    const qint64 chkBefore = balance(chk);
    fillTransfer(chk, sav, QStringLiteral("3.00"));
    const QString result = confirmTransfer();
    QVERIFY2(result.startsWith(QStringLiteral("Done.")), qPrintable(result));
    QTRY_COMPARE_WITH_TIMEOUT(browserRuns(m_user).size(), 2, 20000);
    QCOMPARE(browserRuns(m_user).last()[QStringLiteral("pages")].toArray(),
             QJsonArray{QStringLiteral("enroll")});
    QTest::mouseClick(in<QPushButton>(m_dialog, "closeButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_dialog, kUiWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(balance(chk), chkBefore - 300, 20000);
}

// SIGKILL, not a close: a second process of this program (childTransferUntilKilled, below) opens
// the window for kate's saved session, confirms a transfer, passes the step-up, and the bank
// commits it but holds its answer (api-hold-response-ms). The child is killed meanwhile. Started
// again, the window finds the note the dead process wrote before the browser step, sends the same
// transfer with the same Idempotency-Key, and the bank replays it: the money moves once.
void TestMainWindow::killedBetweenStepUpAndAnswer()
{
    launch(QStringLiteral("kate"));
    signInThroughTheWindow();
    const QString chk = QStringLiteral("acc-kate-chk"), sav = QStringLiteral("acc-kate-sav");
    const qint64 chkBefore = balance(chk), savBefore = balance(sav);
    const QString profile = m_app->profile().name;
    quit(); // the session stays in the keychain for the child

    // Where the tenant logs the transfers it commits.
    QNetworkReply* health =
        m_network.get(QNetworkRequest(QUrl(m_admin + QStringLiteral("/health"))));
    QTRY_VERIFY_WITH_TIMEOUT(health->isFinished(), 10000);
    const QString apiLog =
        QJsonDocument::fromJson(health->readAll()).object()[QStringLiteral("dataDir")].toString() +
        QStringLiteral("/logs/api.log");
    health->deleteLater();
    // kate's transfers the bank handled, by outcome ("completed", "replayed", …); other tests use
    // the same tenant at the same time.
    const auto handled = [&apiLog](const QString& outcome) {
        QFile log(apiLog);
        if (!log.open(QIODevice::ReadOnly)) {
            return qsizetype(-1);
        }
        qsizetype count = 0;
        for (const QByteArray& line : log.readAll().split('\n')) {
            const QJsonObject entry = QJsonDocument::fromJson(line).object();
            count += entry[QStringLiteral("event")] == QStringLiteral("api.transfer") &&
                     entry[QStringLiteral("sub")] == QStringLiteral("kate") &&
                     entry[QStringLiteral("outcome")] == outcome;
        }
        return count;
    };
    const auto committed = [&handled] { return handled(QStringLiteral("completed")); };
    const qsizetype committedBefore = committed();
    QVERIFY(committedBefore >= 0);

    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("FABRIKAM_KILL_CHILD_PROFILE"), profile);
    env.insert(QStringLiteral("FABRIKAM_SANDBOX_ISSUER"), m_issuer);
    env.insert(QStringLiteral("FABRIKAM_SANDBOX_API"), m_api);
    child.setProcessEnvironment(env);
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(QCoreApplication::applicationFilePath(), {});
    QVERIFY(child.waitForStarted(10000));
    // The child restores the session and loads the accounts; only then does the bank start to
    // hold its answers, so that nothing but the transfer is held.
    QByteArray said;
    QTRY_VERIFY2_WITH_TIMEOUT((said += child.readAllStandardOutput()).contains("ready\n"),
                              said.constData(), 60000);
    scenario("PATCH", {{QStringLiteral("api-hold-response-ms"), 15000}});
    child.write("go\n");
    QTRY_VERIFY2_WITH_TIMEOUT(committed() == committedBefore + 1,
                              (said += child.readAllStandardOutput()).constData(),
                              kBrowserTimeoutMs);
    // What the child printed before the POST may still be in the pipe: read until it is here.
    QTRY_VERIFY2_WITH_TIMEOUT((said += child.readAllStandardOutput()).contains("stepup.succeeded"),
                              said.constData(), 10000);
    QVERIFY2(!said.contains("transfer.completed"), said.constData()); // the answer is held
    QCOMPARE(child.state(), QProcess::Running);
    child.kill(); // SIGKILL
    QVERIFY(child.waitForFinished(10000));
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);
    scenario("DELETE");

    replayedOnceAfterRestart(QStringLiteral("kate"), QStringLiteral("6.00"), 600, chkBefore,
                             savBefore);
    if (QTest::currentTestFailed()) {
        return;
    }
    QCOMPARE(m_app->profile().name, profile);
    QCOMPARE(committed(), committedBefore + 1);
    QCOMPARE(handled(QStringLiteral("replayed")), 1);
}

// RFC 6750 §3.1 in the window: a profile whose base scopes leave out read:accounts gets 403
// insufficient_scope scope="read:accounts" from the bank; the window asks for that scope in one
// more authorization (the live SSO session: no page) and loads the accounts with its token,
// which it does not keep (the session's scopes stay as granted).
void TestMainWindow::missingScopeIsAskedForOnce()
{
    m_baseScopes = {QStringLiteral("openid"), QStringLiteral("profile"), QStringLiteral("email"),
                    QStringLiteral("offline_access")};
    launch(QStringLiteral("oscar"));
    m_baseScopes.clear();
    signInThroughTheWindow();
    QTRY_COMPARE_WITH_TIMEOUT(browserRuns(m_user).size(), 2, 20000);
    QCOMPARE(browserRuns(m_user).at(0)[QStringLiteral("pages")].toArray(),
             QJsonArray{QStringLiteral("login")});
    QCOMPARE(browserRuns(m_user).at(1)[QStringLiteral("pages")].toArray(), QJsonArray{});
    QCOMPARE(traced(QStringLiteral("scope_stepup.succeeded")), 1);
    QVERIFY(!m_app->session().hasScope(QStringLiteral("read:accounts")));
    // Both retried loads (accounts, recent transfers) end without a message.
    QTRY_VERIFY2_WITH_TIMEOUT(child<QLabel>("accountsMessageLabel")->text().isEmpty(),
                              qPrintable(child<QLabel>("accountsMessageLabel")->text()), 20000);
    QVERIFY(child<QPushButton>("refreshButton")->isEnabled());
}

// RFC 9470 on the reads (scenario api-reads-max-age): the window follows the API's 401
// insufficient_user_authentication on the accounts and recent transfers as fabrikam-cli does (the
// client layer's one challenge-following function): one verification (the code page only) and
// both shown. The next refresh reuses that MFA-fresh token, and so does the statements panel.
void TestMainWindow::readsDemandARecentSecondFactor()
{
    launch(QStringLiteral("quentin")); // restored: signed in by bankDemandsFresherAuthentication…
    QTRY_COMPARE_WITH_TIMEOUT(m_window->page(), MainWindow::Page::Accounts, kUiWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>("refreshButton")->isEnabled(), kUiWaitMs);
    const int runsBefore = settledRuns(m_user);
    const qsizetype mark = m_app->timeline().events().size();
    scenario("PATCH", {{QStringLiteral("api-reads-max-age"), 600}});
    QSignalSpy refreshed(m_window.get(), &MainWindow::refreshed);

    QTest::mouseClick(child<QPushButton>("refreshButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(refreshed.size(), 1, kBrowserTimeoutMs);
    QVERIFY2(refreshed.first().first().toBool(),
             qPrintable(child<QLabel>("accountsMessageLabel")->text()));
    QCOMPARE(child<QLabel>("accountsMessageLabel")->text(), QString());
    QCOMPARE(child<QTableView>("accountsView")->model()->rowCount(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(browserRuns(m_user).size(), runsBefore + 1, kUiWaitMs);
    QCOMPARE(browserRuns(m_user).last()[QStringLiteral("pages")].toArray(),
             QJsonArray{QStringLiteral("mfa")});
    QCOMPARE(traced(QStringLiteral("mfa.verified"), mark), 1);

    QTest::mouseClick(child<QPushButton>("refreshButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(refreshed.size(), 2, kUiWaitMs);
    QVERIFY(refreshed.last().first().toBool());
    QCOMPARE(statementsPage(), child<QWidget>("statementsUnlockedPage"));
    QTest::mouseClick(child<QPushButton>("statementsButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(child<QTableView>("statementsView")->model()->rowCount() > 0,
                             kUiWaitMs);
    QCOMPARE(settledRuns(m_user), runsBefore + 1); // no new code for either
    QCOMPARE(traced(QStringLiteral("mfa.verified"), mark), 1);
}

// BROWSER names a program that cannot start: the waiting page says so, Copy link puts the
// authorization request on the clipboard, and the link opened by hand (the scripted person, run
// here) completes the sign-in.
void TestMainWindow::noBrowserStartsTheLinkIsOpenedByHand()
{
    const QByteArray browser = qgetenv("BROWSER");
    qputenv("BROWSER", m_dir.filePath(QStringLiteral("no-such-browser")).toUtf8());
    launch(QStringLiteral("liam"));
    qputenv("BROWSER", browser);
    QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>("signInButton")->isEnabled(), 20000);
    QTest::mouseClick(child<QPushButton>("signInButton"), Qt::LeftButton);
    QCOMPARE(m_window->page(), MainWindow::Page::Waiting);
    QTRY_VERIFY_WITH_TIMEOUT(
        child<QLabel>("waitingHintLabel")
            ->text()
            .startsWith(QStringLiteral("Fabrikam could not open a web browser. Copy the link")),
        10000);
    QGuiApplication::clipboard()->clear();
    QTest::mouseClick(child<QPushButton>("copyLinkButton"), Qt::LeftButton);
    const QString link = QGuiApplication::clipboard()->text();
    QVERIFY2(link.startsWith(m_issuer + QStringLiteral("/")) &&
                 link.contains(QStringLiteral("code_challenge_method=S256")),
             qPrintable(link));
    QProcess byHand; // the person pastes the link into a browser of their own
    byHand.start(QString::fromLocal8Bit(browser), {link});
    QVERIFY(byHand.waitForStarted());
    QTRY_COMPARE_WITH_TIMEOUT(m_window->page(), MainWindow::Page::Accounts, kBrowserTimeoutMs);
    QVERIFY(byHand.waitForFinished(20000));
    QCOMPARE(byHand.exitCode(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(child<QTableView>("accountsView")->model()->rowCount() == 2, 20000);
}

// The browser never comes back from a transfer's confirmation; the person copies the link (it
// asks for transfer:funds), then presses Cancel in the app: their own words, nothing moved, and
// the elevated token never existed.
void TestMainWindow::cancelTheConfirmationInTheApp()
{
    launch(QStringLiteral("mia"));
    signInThroughTheWindow();
    quit();
    qint64 before = -1;
    restoreAndFillTransfer(QStringLiteral("mia"), QStringLiteral("abandon"), QStringLiteral("4.00"),
                           before);
    QVERIFY(before > 0);
    QVERIFY(m_dialog);
    QTest::mouseClick(in<QPushButton>(m_dialog, "reviewButton"), Qt::LeftButton);
    QTest::mouseClick(in<QPushButton>(m_dialog, "confirmButton"), Qt::LeftButton);
    auto* stack = in<QStackedWidget>(m_dialog, "transferStack");
    QTRY_COMPARE_WITH_TIMEOUT(stack->currentWidget(), in<QWidget>(m_dialog, "stepUpPage"), 10000);
    auto* copy = in<QPushButton>(m_dialog, "stepUpCopyLinkButton");
    QTRY_VERIFY_WITH_TIMEOUT(copy->isEnabled(), 10000);
    QGuiApplication::clipboard()->clear();
    QTest::mouseClick(copy, Qt::LeftButton);
    const QUrlQuery asked(QUrl(QGuiApplication::clipboard()->text()));
    QCOMPARE(asked.queryItemValue(QStringLiteral("scope"), QUrl::FullyDecoded).split(u' '),
             QStringList({QStringLiteral("openid"), QStringLiteral("transfer:funds")}));
    QTRY_COMPARE_WITH_TIMEOUT(browserRuns(m_user).size(), 2, 20000); // the tab was abandoned
    QTest::mouseClick(in<QPushButton>(m_dialog, "stepUpCancelButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(stack->currentWidget(), in<QWidget>(m_dialog, "resultPage"), 10000);
    QCOMPARE(in<QLabel>(m_dialog, "transferResultLabel")->text(),
             QStringLiteral("You stopped the confirmation, so nothing was transferred."));
    QVERIFY(!m_app->session().hasScope(QStringLiteral("transfer:funds")));
    QTest::mouseClick(in<QPushButton>(m_dialog, "closeButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_dialog, kUiWaitMs);
    QTest::qWait(300);
    QCOMPARE(balance(QStringLiteral("acc-mia-chk")), before);
    QCOMPARE(traced(QStringLiteral("transfer.completed")), 0);

    // The statements panel's verification waits the same way: what is happening, Copy link (the
    // MFA request) and Cancel under the panel; Cancel ends it and the panel stays locked.
    QCOMPARE(statementsPage(), child<QWidget>("statementsLockedPage"));
    QTest::mouseClick(child<QPushButton>("verifyButton"), Qt::LeftButton);
    QVERIFY(child<QWidget>("statementsBrowserBar")->isVisible());
    QVERIFY(child<QLabel>("statementsBrowserMessageLabel")
                ->text()
                .contains(QStringLiteral("continue in your browser")));
    auto* statementsCopy = child<QPushButton>("statementsCopyLinkButton");
    QTRY_VERIFY_WITH_TIMEOUT(statementsCopy->isEnabled(), kUiWaitMs);
    QGuiApplication::clipboard()->clear();
    QTest::mouseClick(statementsCopy, Qt::LeftButton);
    const QUrlQuery verification(QUrl(QGuiApplication::clipboard()->text()));
    QVERIFY(verification.hasQueryItem(QStringLiteral("acr_values")));
    QCOMPARE(verification.queryItemValue(QStringLiteral("max_age")), QStringLiteral("600"));
    QTest::mouseClick(child<QPushButton>("statementsCancelButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!child<QWidget>("statementsBrowserBar")->isVisible(), kUiWaitMs);
    QVERIFY(!child<QLabel>("statementsStatusLabel")->text().isEmpty());
    QCOMPARE(statementsPage(), child<QWidget>("statementsLockedPage"));
    QVERIFY(child<QPushButton>("verifyButton")->isEnabled());

    // Signing out while a verification waits ends that wait too: the signed-out page says what a
    // sign-out says, not that something was cancelled, and nothing is left waiting.
    QTest::mouseClick(child<QPushButton>("verifyButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(statementsCopy->isEnabled(), kUiWaitMs);
    const qsizetype mark = m_app->timeline().events().size();
    child<QAction>("actionSignOut")->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(m_window->page(), MainWindow::Page::SignedOut, kUiWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(traced(QStringLiteral("mfa.failed"), mark) == 1, kUiWaitMs);
    QTest::qWait(300);
    QVERIFY2(child<QLabel>("signedOutMessageLabel")
                 ->text()
                 .startsWith(QStringLiteral("You are signed out")),
             qPrintable(child<QLabel>("signedOutMessageLabel")->text()));
    QVERIFY(!child<QWidget>("statementsBrowserBar")->isVisible());
    QVERIFY(child<QPushButton>("signInButton")->isEnabled());
}

namespace {

// The child of killedBetweenStepUpAndAnswer(): the window for a saved session, one transfer of
// 6.00 from checking to savings confirmed, then it waits to be killed. Prints the window's trace
// events, one per line, so the parent can see how far it got.
int childTransferUntilKilled(int argc, char** argv)
{
    QApplication application(argc, argv);
    const QString user = qEnvironmentVariable("FABRIKAM_PERSON_USER");
    App::Application::Options options;
    options.profile.name = qEnvironmentVariable("FABRIKAM_KILL_CHILD_PROFILE");
    options.profile.auth.issuer = qEnvironmentVariable("FABRIKAM_SANDBOX_ISSUER");
    options.profile.auth.browserTimeout = std::chrono::milliseconds(kBrowserTimeoutMs);
    options.profile.apiBaseUrl = QUrl(qEnvironmentVariable("FABRIKAM_SANDBOX_API"));
    App::Application app(std::move(options));
    MainWindow window(app);
    QObject::connect(&app.timeline(), &Client::Timeline::recorded,
                     [](const Client::TimelineEvent& e) {
                         std::printf("%s\n", qPrintable(e.event));
                         std::fflush(stdout);
                     });
    window.show();
    const auto fail = [](const char* why) {
        std::fprintf(stderr, "child: %s\n", why);
        return 2;
    };
    auto* transfer = window.findChild<QPushButton*>(QStringLiteral("transferButton"));
    if (!QTest::qWaitFor([&] { return transfer->isEnabled(); }, 60000)) {
        return fail("the saved session was not restored, or the accounts did not load");
    }
    // Ready; the parent makes the bank hold its answers, then says go.
    std::printf("ready\n");
    std::fflush(stdout);
    char line[16] = {};
    if (!std::fgets(line, sizeof line, stdin)) {
        return fail("no go from the parent");
    }
    QTest::mouseClick(transfer, Qt::LeftButton);
    auto* dialog = window.findChild<App::TransferDialog*>(QStringLiteral("transferDialog"));
    if (!dialog) {
        return fail("no transfer dialog");
    }
    auto* from = dialog->findChild<QComboBox*>(QStringLiteral("fromCombo"));
    auto* to = dialog->findChild<QComboBox*>(QStringLiteral("toCombo"));
    from->setCurrentIndex(from->findData(QStringLiteral("acc-%1-chk").arg(user)));
    to->setCurrentIndex(to->findData(QStringLiteral("acc-%1-sav").arg(user)));
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("amountEdit")),
                     QStringLiteral("6.00"));
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("memoEdit")),
                     QStringLiteral("UI test"));
    QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("reviewButton")),
                      Qt::LeftButton);
    QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("confirmButton")),
                      Qt::LeftButton);
    return application.exec(); // until SIGKILL
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsSet("FABRIKAM_KILL_CHILD_PROFILE")) {
        return childTransferUntilKilled(argc, argv);
    }
    QApplication app(argc, argv);
    app.setAttribute(Qt::AA_Use96Dpi, true);
    TestMainWindow test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_mainwindow.moc"
