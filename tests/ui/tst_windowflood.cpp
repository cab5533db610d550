// The real MainWindow under a hostile local process (issue 5, section 2), driven by objectName
// like the window stories (tests/ui/tst_window_*): Sign in is clicked, and once the browser seam has the authorization URL,
// tests/support/hostile-loopback.mjs floods the window's loopback port with every kind it knows
// (random bytes, slowloris, waves of hundreds of parallel connections, huge heads, other paths and
// methods, callbacks with guessed states). Meanwhile the window must stay responsive (StallWatchdog
// on this, the window's, event loop) and stay waiting. Then the scripted person completes the
// real callback as themselves, under the same flood: the window shows their accounts as the
// sandbox's seed has them. Afterwards the callback is replayed with the request's real state and
// must change nothing.
//
// The browser seam is held shut (BROWSER=true: started, opens nothing), so the flood starts
// before the person is given the URL. User: carol (password only, no one-time code used up, no
// scenario switched; her balances never move in any suite).
#include "app/accountsmodel.h"
#include "app/application.h"
#include "app/mainwindow.h"
#include "app/stallwatchdog.h"
#include "auth/authsession.h"
#include "bank/money.h"
#include "support/asyncoutcome.h"
#include "support/hostileloopback.h"
#include "support/sandboxadmin.h"
#include "support/sandboxenv.h"
#include "support/scriptedbrowser.h"
#include "support/widgetlookup.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#include <algorithm>
#include <chrono>
#include <memory>

using namespace Fabrikam;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using App::MainWindow;

namespace {

const QString kNode = QStringLiteral(FABRIKAM_NODE_EXECUTABLE);
const QString kHostile = QStringLiteral(FABRIKAM_HOSTILE_SCRIPT);
const QString kPerson = QStringLiteral(FABRIKAM_SCRIPTED_BROWSER);
const QString kSeedAccounts = QStringLiteral(FABRIKAM_SANDBOX_SEED_ACCOUNTS);
const QString kUser = u"carol"_s;

constexpr int kFlowWaitMs = 60000;
// The bound tst_hostileloopback holds the auth core to under the same flood: no stall a person
// would notice. The window adds its own painting and models, not the flood's work.
constexpr auto kLongestStallBound = 1000ms;

QString queryValue(const QUrl& url, const QString& key)
{
    return QUrlQuery(url).queryItemValue(key, QUrl::FullyDecoded);
}

// One line per account, "id | name | balance in minor units", sorted (QCOMPARE prints them).
using AccountRows = QStringList;

QString accountRow(const QString& id, const QString& name, qint64 minorUnits)
{
    return u"%1 | %2 | %3"_s.arg(id, name).arg(minorUnits);
}

} // namespace

class TestWindowFlood
    : public QObject
    , public Fabrikam::Test::WindowLookup
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void signInUnderTheFlood();
    void replayAfterSuccessChangesNothing();

private:
    void launch();
    [[nodiscard]] QWidget* lookupRoot() const override { return m_window.get(); }
    // The accounts table as the window shows it.
    [[nodiscard]] AccountRows shownAccounts() const;
    // The user's accounts in sandbox/seed/accounts.json (the sandbox fixture starts from it).
    [[nodiscard]] AccountRows seedAccounts() const;
    [[nodiscard]] qsizetype traced(const QString& event, qsizetype from) const;
    [[nodiscard]] QByteArray accessTokenNow();

    QTemporaryDir m_dir{QDir::tempPath() + u"/fabrikam-windowflood-test-XXXXXX"_s};
    QString m_issuer = Fabrikam::Test::envOr("FABRIKAM_SANDBOX_ISSUER", "http://127.0.0.1:18600");
    QString m_api = Fabrikam::Test::envOr("FABRIKAM_SANDBOX_API", "http://127.0.0.1:18601");
    QString m_admin = Fabrikam::Test::envOr("FABRIKAM_SANDBOX_ADMIN", "http://127.0.0.1:18602");
    QString m_gate; // the browser held shut
    QNetworkAccessManager m_network;
    App::StallWatchdog m_watchdog; // the whole run, as the window stories print it
    std::unique_ptr<App::Application> m_app;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<Fabrikam::Test::ScriptedBrowser> m_person;
    QUrl m_authorizationUrl; // signed in with; replayed against afterwards
};

void TestWindowFlood::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_dir.setAutoRemove(qEnvironmentVariableIsEmpty("FABRIKAM_KEEP_TEST_DIR"));
    for (const QString& file : {kNode, kHostile, kPerson, kSeedAccounts}) {
        QVERIFY2(QFile::exists(file), qPrintable(file));
    }
    m_gate = QStandardPaths::findExecutable(u"true"_s);
    QVERIFY2(!m_gate.isEmpty(), "no `true` on PATH to hold the browser seam shut");
    // The receiver logs every refusal; the flood would drown the output.
    QLoggingCategory::setFilterRules(u"fabrikam.auth.loopback.debug=false\n"
                                     "fabrikam.auth.loopback.info=false"_s);
    // No scenario switched (the lock is held): a sign-in must simply work.
    QCOMPARE(Fabrikam::Test::sandboxAdmin(m_network, m_admin, "DELETE", u"/scenarios"_s), 200);
    m_watchdog.start();
}

void TestWindowFlood::cleanupTestCase()
{
    m_window.reset();
    m_app.reset();
    m_person.reset();
    qInfo("StallWatchdog: longest event-loop stall over the whole run: %lld ms (%lld ticks)",
          static_cast<long long>(m_watchdog.longestStall().count()),
          static_cast<long long>(m_watchdog.ticks()));
}

void TestWindowFlood::launch()
{
    App::Application::Options options;
    // One profile (and so one keychain entry) per test process, as in the window stories.
    options.profile.name = u"ui-flood-%1-%2"_s.arg(kUser).arg(QCoreApplication::applicationPid());
    options.profile.auth.issuer = m_issuer;
    options.profile.auth.browserTimeout = std::chrono::milliseconds(kFlowWaitMs);
    options.profile.apiBaseUrl = QUrl(m_api);
    options.environment = QProcessEnvironment::systemEnvironment();
    options.environment.insert(u"BROWSER"_s, m_gate);
    m_app = std::make_unique<App::Application>(std::move(options));
    m_window = std::make_unique<MainWindow>(*m_app);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

AccountRows TestWindowFlood::shownAccounts() const
{
    AccountRows rows;
    const QAbstractItemModel* model = child<QTableView>("accountsView")->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex balance = model->index(row, App::AccountsModel::BalanceColumn);
        rows.append(accountRow(balance.data(App::AccountsModel::AccountIdRole).toString(),
                               model->index(row, App::AccountsModel::NameColumn).data().toString(),
                               balance.data(App::AccountsModel::MinorUnitsRole).toLongLong()));
    }
    rows.sort();
    return rows;
}

AccountRows TestWindowFlood::seedAccounts() const
{
    AccountRows rows;
    QFile file(kSeedAccounts);
    if (!file.open(QIODevice::ReadOnly)) {
        return rows;
    }
    const QJsonArray accounts =
        QJsonDocument::fromJson(file.readAll()).object()[u"accounts"_s].toArray();
    for (const QJsonValue& value : accounts) {
        const QJsonObject account = value.toObject();
        if (account[u"owner"_s].toString() != kUser) {
            continue;
        }
        const auto money =
            Bank::Money::parse(account[u"balance"_s].toString(), account[u"currency"_s].toString());
        rows.append(accountRow(account[u"id"_s].toString(), account[u"name"_s].toString(),
                               money.ok() ? money.value().minorUnits() : -1));
    }
    rows.sort();
    return rows;
}

qsizetype TestWindowFlood::traced(const QString& event, qsizetype from) const
{
    const QList<Client::TimelineEvent>& history = m_app->timeline().events();
    return std::count_if(history.begin() + std::min(from, history.size()), history.end(),
                         [&](const Client::TimelineEvent& e) { return e.event == event; });
}

QByteArray TestWindowFlood::accessTokenNow()
{
    const auto token = Fabrikam::Test::runAsync<QByteArray>(
        [this](QObject* context, Auth::Completion<QByteArray> done) {
            m_app->session().accessToken(context, std::move(done));
        },
        10s);
    return token.result && token.result->ok() ? token.result->value() : QByteArray();
}

// Sign in is clicked; the flood starts once the browser seam has the URL and runs 1.5 s before the
// person is let go, and on until the window shows the accounts.
void TestWindowFlood::signInUnderTheFlood()
{
    launch();
    QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>("signInButton")->isEnabled(), 20000);
    QCOMPARE(m_window->page(), MainWindow::Page::SignedOut);
    const qsizetype tracesBefore = m_app->timeline().events().size();
    QSignalSpy urlReady(&m_app->session(), &Auth::AuthSession::urlReady);
    QTest::mouseClick(child<QPushButton>("signInButton"), Qt::LeftButton);
    QCOMPARE(m_window->page(), MainWindow::Page::Waiting);

    // The browser seam received the authorization URL (and the gate opened nothing); the person
    // at the window takes it with Copy link.
    QTRY_VERIFY_WITH_TIMEOUT(!urlReady.isEmpty(), 20000);
    QVERIFY(urlReady.first().at(1).toBool()); // BROWSER was started
    QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>("copyLinkButton")->isEnabled(), 5000);
    QTest::mouseClick(child<QPushButton>("copyLinkButton"), Qt::LeftButton);
    m_authorizationUrl = QUrl(QGuiApplication::clipboard()->text(), QUrl::StrictMode);
    QCOMPARE(m_authorizationUrl, urlReady.first().first().toUrl());
    const QUrl redirect(queryValue(m_authorizationUrl, u"redirect_uri"_s));
    QCOMPARE(redirect.host(), u"127.0.0.1"_s);
    const auto port = static_cast<quint16>(redirect.port());
    QVERIFY(port > 0);

    Fabrikam::Test::HostileLoopback flood(kNode, kHostile,
                                          {u"flood"_s, QString::number(port), u"45000"_s});
    QVERIFY(flood.waitLine(u"ready"_s, 10000).has_value());
    App::StallWatchdog watchdog; // the flood's span only
    int noticeableStalls = 0;    // StallWatchdog's threshold: 250 ms
    connect(&watchdog, &App::StallWatchdog::stalled, this, [&] { ++noticeableStalls; });
    watchdog.start();
    QElapsedTimer floodClock;
    floodClock.start();

    // The window answers a person meanwhile: Copy link again (its status message), a full
    // repaint, still waiting with Cancel available.
    QTest::qWait(700);
    QTest::mouseClick(child<QPushButton>("copyLinkButton"), Qt::LeftButton);
    QCOMPARE(QGuiApplication::clipboard()->text(), m_authorizationUrl.toString(QUrl::FullyEncoded));
    QVERIFY(!m_window->statusBar()->currentMessage().isEmpty());
    QVERIFY(!m_window->grab().isNull());
    QTest::qWait(800);
    QCOMPARE(m_window->page(), MainWindow::Page::Waiting);
    QVERIFY(child<QProgressBar>("waitingProgress")->isVisible());
    QVERIFY(child<QPushButton>("cancelSignInButton")->isEnabled());
    // Hundreds of guessed states and forged provider errors: none reached the flow.
    QCOMPARE(traced(u"authorization.callback"_s, tracesBefore), 0);
    QCOMPARE(traced(u"signin.failed"_s, tracesBefore), 0);
    QVERIFY(!m_app->session().isSignedIn());

    // The real person, under the same flood.
    m_person = std::make_unique<Fabrikam::Test::ScriptedBrowser>(kNode, kPerson);
    m_person->setUser(kUser);
    m_person->setSandboxAdmin(m_admin);
    m_person->setLogFile(m_dir.filePath(kUser + u".browser.log"_s));
    QElapsedTimer personClock;
    personClock.start();
    QVERIFY(m_person->open(m_authorizationUrl).ok());
    QTRY_COMPARE_WITH_TIMEOUT(m_window->page(), MainWindow::Page::Accounts, kFlowWaitMs);
    const qint64 signInMs = personClock.elapsed();
    const AccountRows seed = seedAccounts();
    QVERIFY(!seed.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(child<QTableView>("accountsView")->model()->rowCount(),
                              static_cast<int>(seed.size()), 20000);
    const qint64 accountsMs = personClock.elapsed();
    watchdog.stop();
    const qint64 floodMs = floodClock.elapsed();
    flood.write("stop\n");
    const QJsonObject summary = flood.waitJson(u"summary"_s, 20000);
    QVERIFY(flood.waitFinished(5000));

    QStringList perAttack;
    const QJsonObject attacks = summary[u"attacks"_s].toObject();
    for (auto it = attacks.begin(); it != attacks.end(); ++it) {
        perAttack.append(u"%1 %2"_s.arg(it.key()).arg(it.value()[u"attempts"_s].toInt()));
    }
    qInfo("window signed in %lld ms after the person was let go (accounts shown at %lld ms), "
          "under the flood",
          signInMs, accountsMs);
    qInfo("window event loop during the flood (%lld ms): %lld ticks of 10 ms, longest stall %lld "
          "ms, %d stalls of 250 ms or more",
          floodMs, static_cast<long long>(watchdog.ticks()),
          static_cast<long long>(watchdog.longestStall().count()), noticeableStalls);
    qInfo("flood: %d connections made (%s); slowloris closed by the receiver %d, held at most "
          "%d ms",
          Fabrikam::Test::floodAttempts(summary), qPrintable(perAttack.join(u", "_s)),
          summary[u"slowloris"_s][u"closedByServer"_s].toInt(),
          summary[u"slowloris"_s][u"maxLifetimeMs"_s].toInt());
    qInfo("flood: %s", QJsonDocument(summary).toJson(QJsonDocument::Compact).constData());

    // The flood got nothing but error pages, of every kind, while the window waited.
    Fabrikam::Test::verifyNoAttackSucceeded(summary);
    if (QTest::currentTestFailed()) {
        return;
    }
    QVERIFY(summary[u"attacks"_s][u"parallel"_s][u"attempts"_s].toInt() >= 250);
    QVERIFY(summary[u"slowloris"_s][u"closedByServer"_s].toInt() > 0);
    QVERIFY(summary[u"slowloris"_s][u"maxLifetimeMs"_s].toInt() <= 8000);

    // Stayed responsive.
    QVERIFY2(watchdog.longestStall() < kLongestStallBound,
             qPrintable(QString::number(watchdog.longestStall().count())));

    // Signed in as the person, through their callback only: exactly one callback reached the
    // flow (no guessed state was accepted), one sign-in, no failure.
    QVERIFY(m_app->session().isSignedIn());
    QCOMPARE(m_app->session().subject(), kUser);
    QCOMPARE(traced(u"authorization.callback"_s, tracesBefore), 1);
    QCOMPARE(traced(u"signin.succeeded"_s, tracesBefore), 1);
    QCOMPARE(traced(u"signin.failed"_s, tracesBefore), 0);
    QCOMPARE(m_person->openCount(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(m_person->finishedCount(), 1, 10000);
    const QList<QJsonObject> runs = m_person->runs();
    QCOMPARE(runs.size(), 1);
    const QJsonObject callback = runs.first()[u"callback"_s].toObject();
    QCOMPARE(callback[u"status"_s].toInt(), 200);
    QVERIFY2(callback[u"page"_s].toString().contains(u"You're signed in"_s),
             qPrintable(callback[u"page"_s].toString()));

    // The accounts page with the seed user's accounts: ids, names and balances as seeded.
    QCOMPARE(m_window->page(), MainWindow::Page::Accounts);
    QCOMPARE(shownAccounts(), seed);
    const QString status = child<QLabel>("sessionStatusLabel")->text();
    QVERIFY2(status.contains(u"Carol"_s), qPrintable(status));
}

// The callback again after success, with the request's real state (a local process can read it
// from the browser's command line) and a forged code: nobody listens any more, and the window,
// the session and the accounts are as they were.
void TestWindowFlood::replayAfterSuccessChangesNothing()
{
    if (!m_window || !m_app->session().isSignedIn() || m_authorizationUrl.isEmpty()) {
        QSKIP("needs the sign-in of signInUnderTheFlood");
    }
    Auth::AuthSession& session = m_app->session();
    const QString subject = session.subject();
    const QString nonce = session.idToken()->nonce();
    const AccountRows accounts = shownAccounts();
    const QByteArray tokenBefore = accessTokenNow();
    QVERIFY(!tokenBefore.isEmpty());
    const qsizetype tracesBefore = m_app->timeline().events().size();
    QSignalSpy signedInChanged(&session, &Auth::AuthSession::signedInChanged);
    QSignalSpy urlReady(&session, &Auth::AuthSession::urlReady);
    QSignalSpy refreshed(m_window.get(), &MainWindow::refreshed);

    Fabrikam::Test::verifyReplaysRefused(kNode, kHostile, m_authorizationUrl, 3);
    if (QTest::currentTestFailed()) {
        return;
    }
    QTest::qWait(300);

    QCOMPARE(m_window->page(), MainWindow::Page::Accounts);
    QVERIFY(session.isSignedIn());
    QCOMPARE(session.subject(), subject);
    QCOMPARE(session.idToken()->nonce(), nonce);
    QCOMPARE(m_app->timeline().events().size(), tracesBefore); // nothing happened in the session
    QCOMPARE(signedInChanged.size(), 0);
    QCOMPARE(urlReady.size(), 0);
    QCOMPARE(refreshed.size(), 0); // nor in the window
    QCOMPARE(shownAccounts(), accounts);
    QCOMPARE(m_person->openCount(), 1);
    QCOMPARE(accessTokenNow(), tokenBefore); // the same access token, still valid
}

QTEST_MAIN(TestWindowFlood)
#include "tst_windowflood.moc"
