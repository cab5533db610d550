// The window's everyday story (also the e2e tier's, with a real Chromium on Xvfb): judy signs in,
// sees her accounts, moves money with a step-up, finds her session after a restart and signs out;
// mallory abandons a sign-in, opens the statements, double-clicks Confirm, cancels in the browser,
// has not enough money, meets a bank that is down; carol has no second factor.
#include "app/accountsmodel.h"
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
#include "support/windowtest.h"

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
using namespace Fabrikam::Test;
using App::MainWindow;

class TestEverydayWindow : public WindowTest
{
    Q_OBJECT

private Q_SLOTS:
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
};

// Sign-in with the browser left open and never finished: Copy link works, Cancel returns to the
// signed-out state with a message, nothing is remembered.
void TestEverydayWindow::cancelWhileWaiting()
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

void TestEverydayWindow::signInShowsAccounts()
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
void TestEverydayWindow::everyControlIsNamedReadableAndScalable()
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

void TestEverydayWindow::transferWithStepUp()
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
    // A screen reader reads the error itself: no accessible name hides its words.
    QVERIFY(!amountError->text().isEmpty());
    QVERIFY2(Fabrikam::Test::auditControls(dialog).isEmpty(),
             qPrintable(Fabrikam::Test::auditControls(dialog).join(u'\n')));
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

void TestEverydayWindow::restoreAfterRestart()
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

void TestEverydayWindow::signOut()
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

void TestEverydayWindow::statementsLockedVerifyShown()
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

void TestEverydayWindow::doubleClickedConfirmTransfersOnce()
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

// The person presses Cancel on the provider's code page: its own words, nothing moved.
void TestEverydayWindow::cancelInTheBrowser()
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
void TestEverydayWindow::insufficientFunds()
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
void TestEverydayWindow::apiUnavailable()
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

void TestEverydayWindow::carolIsDenied()
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

int main(int argc, char** argv)
{
    return runWindowStory<TestEverydayWindow>(argc, argv);
}
#include "tst_window_everyday.moc"
