#pragma once

// The fixture of the window's stories (tests/ui/tst_window_*.cpp): the real MainWindow, driven by
// objectName and QAction like a person with a keyboard and mouse (KeePassXC's TestGui), against
// the sandbox that the CTest fixture started. The person in the browser is scripted
// (BROWSER=sandbox/test/support/scripted-browser.js, or FABRIKAM_TEST_BROWSER such as the e2e
// tier's real Chromium); the keychain is the throwaway one of scripts/with-test-session. Each
// story runs in its own process: a user's saved session (profile ui-<user>-<pid>) and browser
// profile live as long as that process, so a story's cases may build on each other.
#include "app/application.h"
#include "app/mainwindow.h"
#include "app/stallwatchdog.h"
#include "app/transferdialog.h"
#include "common/clock.h"
#include "support/sandboxenv.h"
#include "support/widgetlookup.h"

#include <QApplication>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QStackedWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace Fabrikam::Test {

// A step-up may wait up to 30 s for an unused one-time code.
constexpr int kBrowserTimeoutMs = 90000;
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

class WindowTest
    : public QObject
    , public WindowLookup
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void cleanupTestCase();

protected:
    // A new Application and MainWindow for `user` (the same profile and keychain entry as this
    // process's earlier windows for them), the person in the browser doing `action`.
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
    // Review and confirm the filled-in transfer; waits for the result page and returns its text.
    QString confirmTransfer();
    QList<QJsonObject> browserRuns(const QString& user) const;
    // The number of browser runs once the log has stopped growing: a browser writes its line
    // after it delivered the callback (a real Chromium also saves a screenshot and closes first).
    int settledRuns(const QString& user) const;
    qint64 balance(const QString& accountId) const;
    void scenario(const QByteArray& method, const QJsonObject& body = {});
    // FABRIKAM_SCREENSHOT_DIR=/some/dir saves a PNG of `widget` there (for the README and docs).
    void screenshot(QWidget* widget, const QString& name) const;
    void rotateSigningKey();
    // The timeline events recorded since `from` with this name.
    qsizetype traced(const QString& event, qsizetype from = 0) const;

    [[nodiscard]] QWidget* lookupRoot() const override { return m_window.get(); }
    QWidget* statementsPage() const
    {
        return child<QStackedWidget>("statementsStack")->currentWidget();
    }

    QTemporaryDir m_dir{QDir::tempPath() + QStringLiteral("/fabrikam-ui-test-XXXXXX")};
    QString m_issuer = envOr("FABRIKAM_SANDBOX_ISSUER", "http://127.0.0.1:18600");
    QString m_api = envOr("FABRIKAM_SANDBOX_API", "http://127.0.0.1:18601");
    QString m_admin = envOr("FABRIKAM_SANDBOX_ADMIN", "http://127.0.0.1:18602");
    QNetworkAccessManager m_network;
    OffsetClock m_clock;
    App::StallWatchdog m_watchdog;
    QString m_user;
    QStringList m_baseScopes; // launch(): the profile's base scopes, when set
    std::unique_ptr<App::Application> m_app;
    std::unique_ptr<App::MainWindow> m_window;
    QPointer<App::TransferDialog> m_dialog;
};

// main() of a story: the QApplication first (the fixture holds a network manager), at 96 dpi.
template <class Story> int runWindowStory(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setAttribute(Qt::AA_Use96Dpi, true);
    Story story;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&story, argc, argv);
}

} // namespace Fabrikam::Test
