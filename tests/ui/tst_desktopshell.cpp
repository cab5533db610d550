// Profiles switch while the app runs (DesktopShell): the settings dialog saves another profile,
// the window is replaced by one for that profile at once, each profile keeps its own session in
// the keychain, and switching back restores the first session silently — no browser, no restart.
// Also: the keychain-unavailable banner, in a process whose session bus does not exist (see
// keychainUnavailableBanner; CTest runs that case as its own process, tst_keychainbanner).
//
// Against the sandbox of the CTest fixture with the scripted person (ursula, whom no other test
// uses; password only here) in the browser seam and the throwaway keyring of
// scripts/with-test-session.
#include "app/application.h"
#include "app/desktopshell.h"
#include "app/mainwindow.h"
#include "app/settingsdialog.h"
#include "client/profile.h"
#include "support/sandboxenv.h"
#include "support/widgetlookup.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Fabrikam;
using App::MainWindow;
using namespace Qt::StringLiterals;

namespace {

constexpr int kBrowserTimeoutMs = 60000;
// Waits for the window (keychain answers, accounts loading); a passing wait returns at once.
constexpr int kWaitMs = 20000;

using Fabrikam::Test::named;

} // namespace

class TestDesktopShell : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void switchesProfileWithoutRestart();
    void unchangedProfileKeepsTheWindow();
    void keychainUnavailableBanner();

private:
    // Writes <Profile::directory()>/<name>.json as the settings dialog would.
    Client::Profile saveProfile(const QString& name) const;
    void start(const Client::Profile& profile);
    // Opens the settings, picks `name` from the saved profiles and saves it.
    void saveInSettings(const QString& name);
    void signInThroughTheWindow();
    int browserRuns() const;
    [[nodiscard]] MainWindow* window() const { return m_shell->window(); }

    QTemporaryDir m_dir{QDir::tempPath() + u"/fabrikam-shell-test-XXXXXX"_s};
    QString m_issuer = Test::envOr("FABRIKAM_SANDBOX_ISSUER", "http://127.0.0.1:18600");
    QString m_api = Test::envOr("FABRIKAM_SANDBOX_API", "http://127.0.0.1:18601");
    QString m_prefix = u"shell-%1"_s.arg(QCoreApplication::applicationPid());
    std::unique_ptr<App::DesktopShell> m_shell;
};

void TestDesktopShell::initTestCase()
{
    QVERIFY(m_dir.isValid());
    qRegisterMetaType<MainWindow*>(); // for QSignalSpy on windowReplaced
    // Profiles, QSettings and pending-transfer notes in this process's own throwaway place: the
    // keychain-banner run of this program (tst_keychainbanner) may run beside this one, and
    // QStandardPaths' test mode would give both the same folder.
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_dir.filePath(u"config"_s)));
    qputenv("XDG_DATA_HOME", QFile::encodeName(m_dir.filePath(u"data"_s)));
    QVERIFY(Client::Profile::directory().startsWith(m_dir.path()));
    QSettings().clear();
    qputenv("BROWSER", FABRIKAM_SCRIPTED_BROWSER);
    qputenv("FABRIKAM_PERSON_USER", "ursula");
    qputenv("FABRIKAM_PERSON_ACTION", "complete");
    qputenv("FABRIKAM_PERSON_PROFILE", m_dir.filePath(u"browser"_s).toUtf8());
    qputenv("FABRIKAM_PERSON_LOG", m_dir.filePath(u"browser.log"_s).toUtf8());
}

void TestDesktopShell::cleanup()
{
    m_shell.reset();
}

Client::Profile TestDesktopShell::saveProfile(const QString& name) const
{
    Client::Profile profile = Client::Profile::sandbox();
    profile.name = name;
    profile.auth.issuer = m_issuer;
    profile.auth.browserTimeout = std::chrono::milliseconds(kBrowserTimeoutMs);
    profile.apiBaseUrl = QUrl(m_api);
    [&] { QVERIFY(QDir().mkpath(Client::Profile::directory())); }();
    QSaveFile file(Client::Profile::directory() + u'/' + name + u".json"_s);
    [&] {
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(profile.toJson()).toJson());
        QVERIFY(file.commit());
    }();
    auto loaded = Client::Profile::load(name);
    [&] { QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message)); }();
    return loaded.ok() ? loaded.value() : profile;
}

void TestDesktopShell::start(const Client::Profile& profile)
{
    App::Application::Options base;
    base.environment = QProcessEnvironment::systemEnvironment();
    m_shell = std::make_unique<App::DesktopShell>(std::move(base));
    m_shell->open(profile);
    QVERIFY(QTest::qWaitForWindowExposed(window()));
}

void TestDesktopShell::saveInSettings(const QString& name)
{
    named<QAction>(window(), "actionSettings")->trigger();
    auto* dialog = window()->findChild<App::SettingsDialog*>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    auto* combo = named<QComboBox>(dialog, "profileCombo");
    const int index = combo->findText(name);
    QVERIFY2(index >= 0, qPrintable(name));
    combo->setCurrentIndex(index);
    Q_EMIT combo->activated(index); // as a person picking it from the list
    auto* save = named<QPushButton>(dialog, "saveButton");
    QTRY_VERIFY(save->isEnabled());
    QTest::mouseClick(save, Qt::LeftButton);
}

void TestDesktopShell::signInThroughTheWindow()
{
    QTRY_VERIFY_WITH_TIMEOUT(named<QPushButton>(window(), "signInButton")->isEnabled(), kWaitMs);
    QCOMPARE(window()->page(), MainWindow::Page::SignedOut);
    QTest::mouseClick(named<QPushButton>(window(), "signInButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(window()->page(), MainWindow::Page::Accounts, kBrowserTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(named<QTableView>(window(), "accountsView")->model()->rowCount() == 2,
                             20000);
}

int TestDesktopShell::browserRuns() const
{
    QFile log(m_dir.filePath(u"browser.log"_s));
    if (!log.open(QIODevice::ReadOnly)) {
        return 0;
    }
    return int(log.readAll().count('\n'));
}

void TestDesktopShell::switchesProfileWithoutRestart()
{
    const Client::Profile first = saveProfile(m_prefix + u"-first"_s);
    saveProfile(m_prefix + u"-second"_s);
    start(first);
    signInThroughTheWindow();
    QCOMPARE(browserRuns(), 1);
    QVERIFY(named<QLabel>(window(), "profileLabel")->text().contains(first.name));

    // Another profile, saved in the settings: a new window for it, signed out (its own entry).
    QSignalSpy replaced(m_shell.get(), &App::DesktopShell::windowReplaced);
    const QPointer<MainWindow> old = window();
    saveInSettings(m_prefix + u"-second"_s);
    QVERIFY(replaced.wait(10000));
    QVERIFY(!old); // the first profile's window (and its session objects) are gone
    QVERIFY(QTest::qWaitForWindowExposed(window()));
    QCOMPARE(m_shell->application()->profile().name, m_prefix + u"-second"_s);
    QVERIFY(named<QLabel>(window(), "profileLabel")->text().contains(u"-second"_s));
    QVERIFY(window()->statusBar()->currentMessage().contains(u"-second"_s));
    QTRY_VERIFY_WITH_TIMEOUT(named<QPushButton>(window(), "signInButton")->isEnabled(), kWaitMs);
    QCOMPARE(window()->page(), MainWindow::Page::SignedOut);
    QCOMPARE(QSettings().value(u"profile/current"_s).toString(), m_prefix + u"-second"_s);
    QCOMPARE(App::SettingsDialog::rememberedProfileName(), m_prefix + u"-second"_s);
    signInThroughTheWindow();
    QCOMPARE(browserRuns(), 2);

    // Back to the first: its session comes back from the keychain, silently.
    saveInSettings(first.name);
    QVERIFY(replaced.wait(10000));
    QCOMPARE(m_shell->application()->profile().name, first.name);
    QTRY_COMPARE_WITH_TIMEOUT(window()->page(), MainWindow::Page::Accounts, kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(named<QTableView>(window(), "accountsView")->model()->rowCount() == 2,
                             20000);
    QTest::qWait(500);
    QCOMPARE(browserRuns(), 2); // no browser for the restore

    // Tidy the keychain: sign both profiles out. Both are the same person at the same client, so
    // the provider (oidc-provider) keeps one grant for them, and revoking it for the first ends
    // the second too: the second profile's window then finds its session ended (its entry is
    // removed), which is the provider's word, not a failure.
    for (const QString& name : QStringList{first.name, m_prefix + u"-second"_s}) {
        if (m_shell->application()->profile().name != name) {
            saveInSettings(name);
            QVERIFY(replaced.wait(10000));
            QTRY_VERIFY_WITH_TIMEOUT(window()->page() == MainWindow::Page::Accounts ||
                                         named<QPushButton>(window(), "signInButton")->isEnabled(),
                                     kWaitMs);
        }
        if (window()->page() == MainWindow::Page::Accounts) {
            named<QAction>(window(), "actionSignOut")->trigger();
            // The sign-out ends (revocation and keychain) before the window goes.
            QTRY_VERIFY_WITH_TIMEOUT(named<QLabel>(window(), "signedOutMessageLabel")
                                         ->text()
                                         .startsWith(u"You are signed out"_s),
                                     kWaitMs);
        }
        QCOMPARE(window()->page(), MainWindow::Page::SignedOut);
        QTRY_VERIFY(!m_shell->application()->session().isSignedIn());
    }
}

void TestDesktopShell::unchangedProfileKeepsTheWindow()
{
    const Client::Profile profile = saveProfile(m_prefix + u"-same"_s);
    start(profile);
    QTRY_VERIFY_WITH_TIMEOUT(named<QPushButton>(window(), "signInButton")->isEnabled(), kWaitMs);
    QSignalSpy replaced(m_shell.get(), &App::DesktopShell::windowReplaced);
    const QPointer<MainWindow> before = window();
    saveInSettings(profile.name);
    QTRY_COMPARE(window()->statusBar()->currentMessage(), u"Profile saved."_s);
    QTest::qWait(300);
    QCOMPARE(replaced.count(), 0);
    QCOMPARE(window(), before.data());
}

// Run only where the session bus is missing (CTest's tst_keychainbanner): the banner says the
// sign-in will not be remembered, sign-in still works for this run, and a new window (a restart)
// finds nothing to restore and shows the banner again.
void TestDesktopShell::keychainUnavailableBanner()
{
    if (!qEnvironmentVariableIsSet("FABRIKAM_EXPECT_NO_KEYCHAIN")) {
        QSKIP("needs a process without a session bus (ctest -R tst_keychainbanner)");
    }
    const Client::Profile profile = saveProfile(m_prefix + u"-nokeychain"_s);
    start(profile);
    auto* banner = named<QLabel>(window(), "keychainBanner");
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), kWaitMs);
    QVERIFY2(banner->text().contains(u"will not be remembered"_s), qPrintable(banner->text()));
    QVERIFY(!banner->toolTip().isEmpty()); // the detail for support staff
    QTRY_VERIFY_WITH_TIMEOUT(named<QPushButton>(window(), "signInButton")->isEnabled(), kWaitMs);

    const int runsBefore = browserRuns();
    signInThroughTheWindow(); // in memory only, for this run
    QCOMPARE(browserRuns(), runsBefore + 1);
    QVERIFY(m_shell->application()->session().isSignedIn());
    QVERIFY(banner->isVisible());

    m_shell.reset(); // a restart
    start(profile);
    QTRY_VERIFY_WITH_TIMEOUT(named<QLabel>(window(), "keychainBanner")->isVisible(), kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(named<QPushButton>(window(), "signInButton")->isEnabled(), kWaitMs);
    QCOMPARE(window()->page(), MainWindow::Page::SignedOut);
    QVERIFY(!m_shell->application()->session().isSignedIn());
}

QTEST_MAIN(TestDesktopShell)
#include "tst_desktopshell.moc"
