#include "support/windowtest.h"

#include "app/accountsmodel.h"
#include "app/stallwatchdog.h"
#include "app/transferdialog.h"
#include "app/transfersmodel.h"
#include "auth/authsession.h"
#include "client/transfercoordinator.h"
#include "common/clock.h"
#include "support/accountsview.h"
#include "support/browserlog.h"
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

namespace Fabrikam::Test {

using App::MainWindow;

void WindowTest::initTestCase()
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

void WindowTest::cleanup()
{
    if (m_watchdog.longestStall().count() > 0) {
        qInfo("longest event-loop stall so far: %lld ms",
              static_cast<long long>(m_watchdog.longestStall().count()));
    }
    scenario("DELETE");
}

void WindowTest::cleanupTestCase()
{
    quit();
    qInfo("StallWatchdog: longest event-loop stall over the whole run: %lld ms (%lld ticks)",
          static_cast<long long>(m_watchdog.longestStall().count()),
          static_cast<long long>(m_watchdog.ticks()));
}

void WindowTest::scenario(const QByteArray& method, const QJsonObject& body)
{
    QCOMPARE(Fabrikam::Test::sandboxAdmin(m_network, m_admin, method, QStringLiteral("/scenarios"),
                                          body),
             200);
}

void WindowTest::launch(const QString& user, const QString& action, const QString& browserProfile)
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

void WindowTest::quit()
{
    m_window.reset();
    m_app.reset();
}

int WindowTest::settledRuns(const QString& user) const
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

QList<QJsonObject> WindowTest::browserRuns(const QString& user) const
{
    return Test::browserRuns(m_dir.filePath(user + QStringLiteral(".browser.log")));
}

qint64 WindowTest::balance(const QString& accountId) const
{
    return Test::shownBalance(child<QTableView>("accountsView")->model(), accountId);
}

void WindowTest::screenshot(QWidget* widget, const QString& name) const
{
    const QString dir = qEnvironmentVariable("FABRIKAM_SCREENSHOT_DIR");
    if (dir.isEmpty() || !widget) {
        return;
    }
    QDir().mkpath(dir);
    QVERIFY(widget->grab().save(QDir(dir).filePath(name + QStringLiteral(".png"))));
}

void WindowTest::signInThroughTheWindow()
{
    QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>("signInButton")->isEnabled(), 20000);
    QCOMPARE(m_window->page(), MainWindow::Page::SignedOut);
    QTest::mouseClick(child<QPushButton>("signInButton"), Qt::LeftButton);
    QCOMPARE(m_window->page(), MainWindow::Page::Waiting);
    QVERIFY(child<QProgressBar>("waitingProgress")->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(m_window->page(), MainWindow::Page::Accounts, kBrowserTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(child<QTableView>("accountsView")->model()->rowCount() == 2, 20000);
}

void WindowTest::fillTransfer(const QString& from, const QString& to, const QString& amount)
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

QString WindowTest::confirmTransfer()
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

void WindowTest::restoreAndFillTransfer(const QString& user, const QString& action,
                                        const QString& amount, qint64& before)
{
    launch(user, action);
    const QString chk = QStringLiteral("acc-%1-chk").arg(user);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->page(), MainWindow::Page::Accounts, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(balance(chk) > 0, 20000);
    before = balance(chk);
    fillTransfer(chk, QStringLiteral("acc-%1-sav").arg(user), amount);
}

void WindowTest::rotateSigningKey()
{
    QCOMPARE(
        Fabrikam::Test::sandboxAdmin(m_network, m_admin, "POST", QStringLiteral("/keys/rotate")),
        200);
}

qsizetype WindowTest::traced(const QString& event, qsizetype from) const
{
    const QList<Client::TimelineEvent>& history = m_app->timeline().events();
    return std::count_if(history.begin() + std::min(from, history.size()), history.end(),
                         [&](const Client::TimelineEvent& e) { return e.event == event; });
}

} // namespace Fabrikam::Test
