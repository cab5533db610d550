// The window when the identity provider or the browser does not go the happy way (the sandbox's
// scenario switches, sandbox/README.md, each with its own user): every code refused, the provider
// down or slow, an access token that expires, a signing key rotated mid-session, a second factor
// too new to move money, no browser at all, and the confirmation cancelled in the app.
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

class TestProviderWindow : public WindowTest
{
    Q_OBJECT

private Q_SLOTS:
    void mfaRejectsEveryCode();
    void providerUnavailable();
    void expiredAccessTokenIsRefreshed();
    void signingKeyRotatedMidSession();
    void slowProviderThenEndBrowserSession();
    void newSecondFactorWaitsBeforeMovingMoney();
    void noBrowserStartsTheLinkIsOpenedByHand();
    void cancelTheConfirmationInTheApp();

private:
    // access-token-ttl 30, `user` signs in (and the signing key is rotated when asked), the clock
    // moves past the token's expiry, Refresh: returns where the timeline stood before the refresh.
    qsizetype refreshAfterTheAccessTokenExpired(const QString& user, bool rotateKey);
};

// mfa-reject-all: the person types the right code, the page rejects it, they give up (Cancel).
void TestProviderWindow::mfaRejectsEveryCode()
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

// idp-fail-rate 1: every provider request answers 503; sign-in says so and the window stays usable.
void TestProviderWindow::providerUnavailable()
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
void TestProviderWindow::expiredAccessTokenIsRefreshed()
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
void TestProviderWindow::signingKeyRotatedMidSession()
{
    const qsizetype mark = refreshAfterTheAccessTokenExpired(QStringLiteral("trent"), true);
    if (QTest::currentTestFailed()) {
        return;
    }
    QCOMPARE(traced(QStringLiteral("refresh.succeeded"), mark), 1);
    QCOMPARE(traced(QStringLiteral("refresh.failed"), mark), 0);
    QVERIFY(m_app->session().isSignedIn());
}

// idp-slow-ms: every answer of the provider comes late; the window keeps turning while it waits
// and the sign-in completes. Then Sign out with "End browser session": the browser confirms the
// provider's logout page, so the next sign-in asks for the password again (no SSO session left).
void TestProviderWindow::slowProviderThenEndBrowserSession()
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

// xavier has no second factor yet: the sign-in offers the provider's enrollment page (QR code and
// secret) and he sets one up. His first transfer is refused, because a factor that new may not move
// money yet (mfa-new-factor-wait, 24 h): the dialog says so in the provider's words, nothing moves.
// With the waiting time off, the same transfer asks for a code from it and goes through once.
void TestProviderWindow::newSecondFactorWaitsBeforeMovingMoney()
{
    launch(QStringLiteral("xavier"));
    signInThroughTheWindow();
    QTRY_COMPARE_WITH_TIMEOUT(browserRuns(m_user).size(), 1, 20000);
    QCOMPARE(browserRuns(m_user).first()[QStringLiteral("pages")].toArray(),
             (QJsonArray{QStringLiteral("login"), QStringLiteral("enroll")}));
    const QString chk = QStringLiteral("acc-xavier-chk"), sav = QStringLiteral("acc-xavier-sav");
    const qint64 chkBefore = balance(chk);
    fillTransfer(chk, sav, QStringLiteral("3.00"));
    QString result = confirmTransfer();
    QVERIFY2(
        result.contains(QStringLiteral("could not confirm it's you, so nothing was transferred")),
        qPrintable(result));
    QVERIFY2(result.contains(QStringLiteral("Your second factor was set up less than 24 hours "
                                            "ago, so it cannot confirm a transfer yet.")),
             qPrintable(result));
    QVERIFY2(result.contains(QStringLiteral("you can move money with it from")),
             qPrintable(result));
    QTRY_COMPARE_WITH_TIMEOUT(browserRuns(m_user).size(), 2, 20000);
    QCOMPARE(browserRuns(m_user).last()[QStringLiteral("pages")].toArray(), QJsonArray{});
    QTest::mouseClick(in<QPushButton>(m_dialog, "closeButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_dialog, kUiWaitMs);
    child<QAction>("actionRefresh")->trigger();
    QTest::qWait(500);
    QTRY_COMPARE_WITH_TIMEOUT(balance(chk), chkBefore, 20000);

    scenario("PATCH", {{QStringLiteral("mfa-new-factor-wait"), 0}});
    fillTransfer(chk, sav, QStringLiteral("3.00"));
    result = confirmTransfer();
    QVERIFY2(result.startsWith(QStringLiteral("Done.")), qPrintable(result));
    QTRY_COMPARE_WITH_TIMEOUT(browserRuns(m_user).size(), 3, 20000);
    QCOMPARE(browserRuns(m_user).last()[QStringLiteral("pages")].toArray(),
             QJsonArray{QStringLiteral("mfa")});
    QTest::mouseClick(in<QPushButton>(m_dialog, "closeButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_dialog, kUiWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(balance(chk), chkBefore - 300, 20000);
}

// BROWSER names a program that cannot start: the waiting page says so, Copy link puts the
// authorization request on the clipboard, and the link opened by hand (the scripted person, run
// here) completes the sign-in.
void TestProviderWindow::noBrowserStartsTheLinkIsOpenedByHand()
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
    // The window answers the browser from this process's event loop: wait with it running (a
    // blocking waitForFinished would hold back the callback page the browser is still reading).
    QTRY_VERIFY_WITH_TIMEOUT(byHand.state() == QProcess::NotRunning, 20000);
    QCOMPARE(byHand.exitStatus(), QProcess::NormalExit);
    QCOMPARE(byHand.exitCode(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(child<QTableView>("accountsView")->model()->rowCount() == 2, 20000);
}

// The browser never comes back from a transfer's confirmation; the person copies the link (it
// asks for transfer:funds), then presses Cancel in the app: their own words, nothing moved, and
// the elevated token never existed.
void TestProviderWindow::cancelTheConfirmationInTheApp()
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
    // Never "your session has ended" on the way, not even while the revocation is in flight.
    QVERIFY2(!child<QLabel>("signedOutMessageLabel")->text().startsWith(u"Your session has ended"),
             qPrintable(child<QLabel>("signedOutMessageLabel")->text()));
    QTRY_VERIFY_WITH_TIMEOUT(traced(QStringLiteral("signout.completed"), mark) == 1, kUiWaitMs);
    QTRY_VERIFY2_WITH_TIMEOUT(child<QLabel>("signedOutMessageLabel")
                                  ->text()
                                  .startsWith(QStringLiteral("You are signed out")),
                              qPrintable(child<QLabel>("signedOutMessageLabel")->text()),
                              kUiWaitMs);
    QVERIFY(!child<QWidget>("statementsBrowserBar")->isVisible());
    QVERIFY(child<QPushButton>("signInButton")->isEnabled());
}

qsizetype TestProviderWindow::refreshAfterTheAccessTokenExpired(const QString& user, bool rotateKey)
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

int main(int argc, char** argv)
{
    return runWindowStory<TestProviderWindow>(argc, argv);
}
#include "tst_window_provider.moc"
