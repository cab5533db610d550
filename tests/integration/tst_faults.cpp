// Faults a customer meets (issue 5, section 4), each against a tenant of this test's own (it is
// stopped, restarted and switched here, so the shared fixture's tenant is never disturbed):
// fabrikam-cli as a separate process where the fault is about the process (services stopped, no
// D-Bus, a locked keychain, the browser never returning, SIGKILL between step-up and transfer),
// and the real AuthSession + TransferCoordinator in-process where the fault is about timing inside
// one flow (5xx bursts, an answer past the timeout, a token expiring on its way, key rotation).
// Every case checks the words the person reads, the exit code or error code, that the next
// command works, and the ledger: each transfer exactly once and the user's total unchanged.
#include "auth/authsession.h"
#include "auth/oidcclient.h"
#include "auth/useragent.h"
#include "bank/errors.h"
#include "bank/fabrikamapiclient.h"
#include "client/transfercoordinator.h"
#include "common/clock.h"
#include "support/asyncoutcome.h"
#include "support/cliprocess.h"
#include "support/sandboxadmin.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <memory>
#include <optional>

using namespace Fabrikam;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

constexpr int kPortBase = FABRIKAM_FAULTS_PORT_BASE;

using Run = Test::CliRun;

// One signed-in customer in this process: the same parts the CLI and the app compose.
struct Customer
{
    std::unique_ptr<Auth::ExternalBrowser> browser;
    std::unique_ptr<Auth::OidcClient> oidc;
    std::unique_ptr<Auth::AuthSession> session;
    std::unique_ptr<Bank::FabrikamApiClient> api;
    std::unique_ptr<Client::TransferCoordinator> transfers;
    int trips = 0;
};

// The words of a failed result, for a failure message (QVERIFY2 evaluates it either way).
template <class T> QByteArray messageOf(const Bank::ApiResult<T>& result)
{
    return result.ok() ? QByteArray() : result.error().message.toUtf8();
}

struct Ledger
{
    QList<Bank::Account> accounts;
    QList<Bank::Transfer> transfers;
    [[nodiscard]] qint64 balance(const QString& id) const
    {
        for (const auto& a : accounts) {
            if (a.id == id) {
                return a.balance.minorUnits();
            }
        }
        return -1;
    }
    [[nodiscard]] qint64 total() const
    {
        qint64 sum = 0;
        for (const auto& a : accounts) {
            sum += a.balance.minorUnits();
        }
        return sum;
    }
    [[nodiscard]] qsizetype withMemo(const QString& memo) const
    {
        return std::count_if(transfers.begin(), transfers.end(),
                             [&memo](const Bank::Transfer& t) { return t.memo == memo; });
    }
};

} // namespace

class TestFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void cleanup();

    void providerAndApiStopped();
    void apiUnreachable();
    void killedAfterTheTransferWasCommitted();
    void killedBeforeTheTransferReachedTheLedger();
    void browserNeverReturnsFromTheStepUp();
    void noDBusSession();
    void lockedKeychain();
    void fiveHundredBurst();
    void answerPastTheTimeout();
    void elevatedTokenExpiresOnItsWay();
    void keyRotationMidSession();

private:
    [[nodiscard]] bool sandbox(const QString& command, bool fresh = false);
    void scenario(const QJsonObject& values);
    Run cli(const QString& user, const QStringList& args,
            const QProcessEnvironment& extra = QProcessEnvironment(),
            const QString& action = u"complete"_s);
    QProcess* startCli(const QString& user, const QStringList& args);
    [[nodiscard]] QProcessEnvironment cliEnvironment(const QString& user,
                                                     const QString& action) const;
    [[nodiscard]] QStringList cliArguments(const QString& user, const QStringList& args) const;
    [[nodiscard]] int browserTrips(const QString& user) const;
    Customer& customer(const QString& user);
    Ledger ledger(const QString& user);
    Bank::ApiResult<Bank::TransferReceipt> submit(Customer& c, const Bank::TransferRequest& r);
    [[nodiscard]] Bank::TransferRequest request(const QString& user, const QString& amount,
                                                const QString& memo) const;

    QTemporaryDir m_dir{QDir::tempPath() + u"/fabrikam-faults-XXXXXX"_s};
    const QString m_issuer = u"http://127.0.0.1:%1"_s.arg(kPortBase);
    const QString m_api = u"http://127.0.0.1:%1"_s.arg(kPortBase + 1);
    const QString m_admin = u"http://127.0.0.1:%1"_s.arg(kPortBase + 2);
    QNetworkAccessManager m_network;
    Common::SystemClock m_clock;
    std::map<QString, Customer> m_customers;
    bool m_started = false;
};

// --- the tenant ----------------------------------------------------------------------------------

bool TestFaults::sandbox(const QString& command, bool fresh)
{
    QProcess p;
    QStringList args{QStringLiteral(FABRIKAM_SANDBOX_CLI),
                     command,
                     u"--data"_s,
                     QStringLiteral(FABRIKAM_FAULTS_DATA),
                     u"--idp-port"_s,
                     QString::number(kPortBase),
                     u"--api-port"_s,
                     QString::number(kPortBase + 1),
                     u"--admin-port"_s,
                     QString::number(kPortBase + 2)};
    if (fresh) {
        args << u"--fresh"_s;
    }
    p.start(QStringLiteral(FABRIKAM_NODE_EXECUTABLE), args);
    if (!p.waitForFinished(60000) || p.exitCode() != 0) {
        qWarning().noquote() << "sandbox" << command << "failed:" << p.readAllStandardError();
        return false;
    }
    return true;
}

void TestFaults::scenario(const QJsonObject& values)
{
    // PUT: exactly these switches, every other one back to normal.
    QCOMPARE(Test::sandboxAdmin(m_network, m_admin, "PUT", u"/scenarios"_s, values), 200);
}

void TestFaults::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_dir.setAutoRemove(qEnvironmentVariableIsEmpty("FABRIKAM_KEEP_TEST_DIR"));
    QVERIFY(QFile::exists(QStringLiteral(FABRIKAM_CLI_PATH)));
    QVERIFY(sandbox(u"start"_s, true));
    m_started = true;
}

void TestFaults::cleanupTestCase()
{
    m_customers.clear();
    if (m_started) {
        QVERIFY(sandbox(u"stop"_s));
    }
}

void TestFaults::cleanup()
{
    scenario({}); // no case leaves a switch on for the next
}

// --- fabrikam-cli --------------------------------------------------------------------------------

QProcessEnvironment TestFaults::cliEnvironment(const QString& user, const QString& action) const
{
    // Profiles and the CLI's pending transfers stay in this test's folder; the keychain is the
    // test session's (or the one a case points D-Bus at).
    return Test::cliEnvironment(QDir(m_dir.path()), user, u"faults-"_s + user, m_admin,
                                QStringLiteral(FABRIKAM_SCRIPTED_BROWSER), action);
}

QStringList TestFaults::cliArguments(const QString& user, const QStringList& args) const
{
    // Keychain entries are per profile and the test session's keychain is shared with the tests
    // running beside this one: profiles of this test's own.
    return QStringList{u"--profile"_s,      u"faults-"_s + user,
                       u"--issuer"_s,       m_issuer,
                       u"--api-base-url"_s, m_api,
                       u"--trace"_s,        m_dir.filePath(user + u".trace.jsonl"_s)} +
           args;
}

Run TestFaults::cli(const QString& user, const QStringList& args, const QProcessEnvironment& extra,
                    const QString& action)
{
    QProcessEnvironment e = cliEnvironment(user, action);
    for (const QString& key : extra.keys()) {
        e.insert(key, extra.value(key));
    }
    // A profile flag given again in `args` wins (QCommandLineParser keeps the last value).
    return Test::runCli(QStringLiteral(FABRIKAM_CLI_PATH), cliArguments(user, args), e);
}

QProcess* TestFaults::startCli(const QString& user, const QStringList& args)
{
    auto* p = new QProcess(this);
    p->setProcessEnvironment(cliEnvironment(user, u"complete"_s));
    p->start(QStringLiteral(FABRIKAM_CLI_PATH), cliArguments(user, args));
    return p;
}

int TestFaults::browserTrips(const QString& user) const
{
    QFile log(m_dir.filePath(user + u".browser.log"_s));
    if (!log.open(QIODevice::ReadOnly)) {
        return 0;
    }
    return static_cast<int>(log.readAll().count('\n'));
}

#define RUN_OK(run)                                                                                \
    do {                                                                                           \
        const Run checked_ = (run);                                                                \
        QVERIFY2(checked_.exitCode == 0, checked_.err.constData());                                \
    } while (false)

// --- in-process customers and the ledger ---------------------------------------------------------

Customer& TestFaults::customer(const QString& user)
{
    auto found = m_customers.find(user);
    if (found != m_customers.end()) {
        return found->second;
    }
    Customer& c = m_customers[user];
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert(u"BROWSER"_s, QStringLiteral(FABRIKAM_SCRIPTED_BROWSER));
    e.insert(u"FABRIKAM_PERSON_USER"_s, user);
    e.insert(u"FABRIKAM_PERSON_PROFILE"_s, m_dir.filePath(u"browser-app-"_s + user));
    e.insert(u"FABRIKAM_SANDBOX_ADMIN"_s, m_admin);
    c.browser = std::make_unique<Auth::ExternalBrowser>(e);
    c.oidc = std::make_unique<Auth::OidcClient>(m_network);
    Auth::SessionSettings settings;
    settings.issuer = m_issuer;
    settings.clientId = u"fabrikam-desktop"_s;
    settings.audience = u"https://api.fabrikam.example"_s;
    settings.browserTimeout = 60s;
    c.session =
        std::make_unique<Auth::AuthSession>(*c.oidc, *c.browser, m_clock, nullptr, settings);
    c.api = std::make_unique<Bank::FabrikamApiClient>(m_network, QUrl(m_api));
    c.transfers = std::make_unique<Client::TransferCoordinator>(*c.session, *c.api);
    connect(c.session.get(), &Auth::AuthSession::urlReady, this, [&c] { ++c.trips; });
    const auto signedIn = Test::runAsync<bool>(
        [&c](QObject* ctx, auto done) { c.session->signIn(ctx, std::move(done)); }, 60s);
    if (!signedIn.result || !signedIn.result->ok()) {
        qWarning() << "sign-in of" << user << "failed";
    }
    return c;
}

Ledger TestFaults::ledger(const QString& user)
{
    Customer& c = customer(user);
    Ledger l;
    const auto token = Test::runAsync<QByteArray>(
        [&c](QObject* ctx, auto done) { c.session->accessToken(ctx, std::move(done)); }, 30s);
    if (!token.result || !token.result->ok()) {
        return l;
    }
    bool accountsDone = false;
    bool transfersDone = false;
    QObject context;
    c.api->accounts(token.result->value(), &context,
                    [&](const Bank::ApiResult<QList<Bank::Account>>& r) {
                        if (r.ok()) {
                            l.accounts = r.value();
                        }
                        accountsDone = true;
                    });
    c.api->transfers(token.result->value(), &context,
                     [&](const Bank::ApiResult<QList<Bank::Transfer>>& r) {
                         if (r.ok()) {
                             l.transfers = r.value();
                         }
                         transfersDone = true;
                     });
    (void)QTest::qWaitFor([&] { return accountsDone && transfersDone; }, 30000);
    return l;
}

Bank::TransferRequest TestFaults::request(const QString& user, const QString& amount,
                                          const QString& memo) const
{
    return Bank::TransferRequest::create(u"acc-%1-chk"_s.arg(user), u"acc-%1-sav"_s.arg(user),
                                         Bank::Money::parse(amount, u"EUR"_s).value(), memo)
        .value();
}

Bank::ApiResult<Bank::TransferReceipt> TestFaults::submit(Customer& c,
                                                          const Bank::TransferRequest& r)
{
    std::optional<Bank::ApiResult<Bank::TransferReceipt>> result;
    QObject context;
    c.transfers->submit(r, &context, [&result](Bank::ApiResult<Bank::TransferReceipt> receipt) {
        result.emplace(std::move(receipt));
    });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 90000)) {
        Bank::ApiError error;
        error.code = Common::Errc::Internal;
        error.message = u"the transfer coordinator never answered"_s;
        return Bank::ApiResult<Bank::TransferReceipt>(error);
    }
    return *result;
}

// --- the cases -----------------------------------------------------------------------------------

namespace {

QStringList transferArgs(const QString& user, const QString& amount, const QString& memo)
{
    return {u"transfer"_s,
            u"--from"_s,
            u"acc-%1-chk"_s.arg(user),
            u"--to"_s,
            u"acc-%1-sav"_s.arg(user),
            u"--amount"_s,
            amount,
            u"--memo"_s,
            memo,
            u"--json"_s};
}

bool waitForLine(const QString& path, const QByteArray& fragment, int timeoutMs)
{
    return QTest::qWaitFor(
        [&] {
            QFile file(path);
            return file.open(QIODevice::ReadOnly) && file.readAll().contains(fragment);
        },
        timeoutMs);
}

} // namespace

// Both services stopped (the tenant's process is gone), then started again on the same data.
void TestFaults::providerAndApiStopped()
{
    const QString u = u"dave"_s;
    RUN_OK(cli(u, {u"login"_s}));
    const Ledger before = ledger(u);
    QVERIFY(before.total() > 0);
    const int trips = browserTrips(u);

    QVERIFY(sandbox(u"stop"_s));
    Run r = cli(u, {u"whoami"_s});
    QCOMPARE(r.exitCode, 69);
    QVERIFY2(r.err.contains("sign-in service"), r.err.constData());
    r = cli(u, transferArgs(u, u"5.00"_s, u"while stopped"_s));
    QCOMPARE(r.exitCode, 69);
    QVERIFY2(r.err.contains("sign-in service"), r.err.constData());
    r = cli(u, {u"login"_s});
    QCOMPARE(r.exitCode, 69);
    QVERIFY2(r.err.contains("sign-in service"), r.err.constData());
    QCOMPARE(browserTrips(u), trips); // nobody was sent to a browser that could not work
    QVERIFY(sandbox(u"start"_s));

    // The saved session outlived the outage (a failed refresh is not a sign-out), nothing moved.
    r = cli(u, {u"whoami"_s, u"--json"_s});
    RUN_OK(r);
    QCOMPARE(r.json()[u"sub"_s].toString(), u);
    const Ledger after = ledger(u);
    QCOMPARE(after.total(), before.total());
    QCOMPARE(after.withMemo(u"while stopped"_s), 0);
}

// The provider answers, the API does not (nothing listens on its port).
void TestFaults::apiUnreachable()
{
    const QString u = u"dave"_s;
    const QString down = u"http://127.0.0.1:%1"_s.arg(kPortBase + 3);
    const int trips = browserTrips(u);
    Run r = cli(u, {u"accounts"_s, u"--api-base-url"_s, down});
    QCOMPARE(r.exitCode, 69);
    QVERIFY2(r.err.contains("cannot be reached"), r.err.constData());
    r = cli(u, transferArgs(u, u"5.00"_s, u"api unreachable"_s) +
                   QStringList{u"--api-base-url"_s, down});
    QCOMPARE(r.exitCode, 69);
    QVERIFY2(r.err.contains("cannot be reached"), r.err.constData());
    QCOMPARE(browserTrips(u), trips); // no step-up for a transfer that cannot be sent
    RUN_OK(cli(u, {u"accounts"_s}));
    QCOMPARE(ledger(u).withMemo(u"api unreachable"_s), 0);
}

// SIGKILL after the step-up, while the API's answer is on its way: the API has made the transfer
// (api-hold-response-ms holds only the answer), the CLI never learned it. The same command again
// must find the Idempotency-Key the dead run left behind and get the first result replayed.
void TestFaults::killedAfterTheTransferWasCommitted()
{
    const QString u = u"erin"_s;
    const QString memo = u"killed after commit"_s;
    RUN_OK(cli(u, {u"login"_s}));
    const Ledger before = ledger(u);

    scenario({{u"api-hold-response-ms"_s, 8000}});
    QProcess* p = startCli(u, transferArgs(u, u"7.00"_s, memo));
    QVERIFY(waitForLine(m_dir.filePath(u + u".trace.jsonl"_s), "stepup.succeeded", 60000));
    // The tenant's log says when the ledger has it; the answer is still held back.
    QVERIFY(waitForLine(QStringLiteral(FABRIKAM_FAULTS_DATA "/logs/api.log"), "\"api.transfer\"",
                        20000));
    QCOMPARE(p->state(), QProcess::Running);
    p->kill(); // SIGKILL
    QVERIFY(p->waitForFinished(10000));
    QCOMPARE(p->exitStatus(), QProcess::CrashExit);
    delete p;
    scenario({});
    QCOMPARE(ledger(u).withMemo(memo), 1);

    // The same command again: the key is reused, the API replays, no money moves.
    Run r = cli(u, transferArgs(u, u"7.00"_s, memo));
    RUN_OK(r);
    QVERIFY2(r.err.contains("same Idempotency-Key"), r.err.constData());
    QCOMPARE(r.json()[u"replayed"_s].toBool(), true);
    Ledger after = ledger(u);
    QCOMPARE(after.withMemo(memo), 1);
    QCOMPARE(after.balance(u"acc-erin-chk"_s), before.balance(u"acc-erin-chk"_s) - 700);
    QCOMPARE(after.total(), before.total());

    // Settled: the same command once more is a new transfer of its own, made once.
    r = cli(u, transferArgs(u, u"7.00"_s, memo));
    RUN_OK(r);
    QVERIFY2(!r.err.contains("same Idempotency-Key"), r.err.constData());
    QCOMPARE(r.json()[u"replayed"_s].toBool(), false);
    after = ledger(u);
    QCOMPARE(after.withMemo(memo), 2);
    QCOMPARE(after.balance(u"acc-erin-chk"_s), before.balance(u"acc-erin-chk"_s) - 1400);
    QCOMPARE(after.total(), before.total());
}

// SIGKILL after the step-up while the POST is still held before the API handles it (api-slow-ms):
// the request dies with the process and never reaches the ledger. The same command again reuses
// the key; the API has not seen it, so the transfer is made now, once.
void TestFaults::killedBeforeTheTransferReachedTheLedger()
{
    const QString u = u"frank"_s;
    const QString memo = u"killed before commit"_s;
    RUN_OK(cli(u, {u"login"_s}));
    const Ledger before = ledger(u);

    scenario({{u"api-slow-ms"_s, 2000}});
    QProcess* p = startCli(u, transferArgs(u, u"8.00"_s, memo));
    QVERIFY(waitForLine(m_dir.filePath(u + u".trace.jsonl"_s), "stepup.succeeded", 60000));
    QTest::qWait(300); // the POST is on the wire and waiting in the tenant
    p->kill();
    QVERIFY(p->waitForFinished(10000));
    QCOMPARE(p->exitStatus(), QProcess::CrashExit);
    delete p;
    QTest::qWait(2500); // past the delay: the tenant would have handled it by now
    scenario({});
    QCOMPARE(ledger(u).withMemo(memo), 0);

    const Run r = cli(u, transferArgs(u, u"8.00"_s, memo));
    RUN_OK(r);
    QVERIFY2(r.err.contains("same Idempotency-Key"), r.err.constData());
    QCOMPARE(r.json()[u"replayed"_s].toBool(), false);
    const Ledger after = ledger(u);
    QCOMPARE(after.withMemo(memo), 1);
    QCOMPARE(after.balance(u"acc-frank-chk"_s), before.balance(u"acc-frank-chk"_s) - 800);
    QCOMPARE(after.total(), before.total());
}

// The person closes the tab during the step-up: the CLI ends at its --timeout, nothing moved,
// and the intent is settled (no request went out), so the next run is a transfer of its own.
void TestFaults::browserNeverReturnsFromTheStepUp()
{
    const QString u = u"judy"_s;
    const QString memo = u"abandoned"_s;
    RUN_OK(cli(u, {u"login"_s}));
    const Ledger before = ledger(u);
    Run r = cli(u, transferArgs(u, u"3.00"_s, memo) + QStringList{u"--timeout"_s, u"3"_s}, {},
                u"abandon"_s);
    QCOMPARE(r.exitCode, 68);
    QVERIFY2(r.err.contains("took too long"), r.err.constData());
    QCOMPARE(ledger(u).withMemo(memo), 0);

    r = cli(u, transferArgs(u, u"3.00"_s, memo));
    RUN_OK(r);
    QVERIFY2(!r.err.contains("same Idempotency-Key"), r.err.constData());
    const Ledger after = ledger(u);
    QCOMPARE(after.withMemo(memo), 1);
    QCOMPARE(after.total(), before.total());
}

// No D-Bus session at all: no keychain. The CLI says so, keeps a new sign-in for the run only, and
// the session saved earlier is still there once the bus is back.
void TestFaults::noDBusSession()
{
    const QString u = u"grace"_s;
    RUN_OK(cli(u, {u"login"_s}));
    QProcessEnvironment noBus;
    noBus.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path="_s + m_dir.filePath(u"no-bus"_s));

    Run r = cli(u, {u"whoami"_s}, noBus);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("keychain cannot be read"), r.err.constData());
    const int trips = browserTrips(u);
    r = cli(u, transferArgs(u, u"2.00"_s, u"no bus"_s), noBus);
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(browserTrips(u), trips);
    r = cli(u, {u"login"_s, u"--json"_s}, noBus);
    RUN_OK(r);
    QCOMPARE(r.json()[u"remembered"_s].toBool(), false);
    QVERIFY2(r.err.contains("kept for this run only"), r.err.constData());

    r = cli(u, {u"whoami"_s, u"--json"_s});
    RUN_OK(r);
    QCOMPARE(r.json()[u"sub"_s].toString(), u);
    QCOMPARE(ledger(u).withMemo(u"no bus"_s), 0);
}

// A locked keychain: a gnome-keyring of this case's own, on a D-Bus of its own (locking the test
// session's keyring would disturb the tests running beside this one), locked with the Secret
// Service's Lock call after the session was saved. No prompt can be shown (no display).
void TestFaults::lockedKeychain()
{
    const QString u = u"heidi"_s;
    const QString busPath = m_dir.filePath(u"keyring-bus"_s);
    QProcess bus;
    bus.start(u"dbus-daemon"_s, {u"--session"_s, u"--nofork"_s, u"--print-address=1"_s,
                                 u"--address=unix:path="_s + busPath});
    QVERIFY2(bus.waitForStarted(10000), "dbus-daemon is needed (package dbus)");
    QVERIFY(QTest::qWaitFor([&bus] { return bus.canReadLine(); }, 10000));
    const QString address = QString::fromUtf8(bus.readLine().trimmed());
    QVERIFY(!address.isEmpty());

    const QString runtime = m_dir.filePath(u"keyring-runtime"_s);
    QVERIFY(QDir().mkpath(runtime));
    QFile(runtime).setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QProcessEnvironment keyringEnv = QProcessEnvironment::systemEnvironment();
    keyringEnv.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, address);
    keyringEnv.insert(u"XDG_RUNTIME_DIR"_s, runtime);
    keyringEnv.insert(u"XDG_DATA_HOME"_s, m_dir.filePath(u"keyring-data"_s));
    const auto startKeyring = [&](QProcess& keyring) {
        keyring.setProcessEnvironment(keyringEnv);
        keyring.start(u"gnome-keyring-daemon"_s,
                      {u"--foreground"_s, u"--unlock"_s, u"--components=secrets"_s});
        QVERIFY2(keyring.waitForStarted(10000), "gnome-keyring-daemon is needed");
        keyring.write("fabrikam-faults-keyring"); // a throwaway password, never a real secret
        keyring.closeWriteChannel();
    };
    QDBusConnection connection = QDBusConnection::connectToBus(address, u"faults-keyring"_s);
    QVERIFY(connection.isConnected());
    const auto registered = [&connection] {
        return connection.interface()->isServiceRegistered(u"org.freedesktop.secrets"_s).value();
    };
    auto keyring = std::make_unique<QProcess>();
    startKeyring(*keyring);
    QVERIFY(QTest::qWaitFor(registered, 10000));

    QProcessEnvironment ownBus;
    ownBus.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, address);
    Run r = cli(u, {u"login"_s, u"--json"_s}, ownBus);
    RUN_OK(r);
    QCOMPARE(r.json()[u"remembered"_s].toBool(), true);

    QDBusMessage lock =
        QDBusMessage::createMethodCall(u"org.freedesktop.secrets"_s, u"/org/freedesktop/secrets"_s,
                                       u"org.freedesktop.Secret.Service"_s, u"Lock"_s);
    lock << QVariant::fromValue(
        QList<QDBusObjectPath>{QDBusObjectPath(u"/org/freedesktop/secrets/collection/login"_s)});
    const QDBusMessage locked = connection.call(lock, QDBus::Block, 10000);
    QVERIFY2(locked.type() == QDBusMessage::ReplyMessage, qPrintable(locked.errorMessage()));

    // Reading a locked entry: libsecret asks for an unlock prompt, none can be shown, and
    // QtKeychain reports the entry as missing. The vault asks the Secret Service whether its
    // collection is locked, so the CLI says so (not a bare "not signed in"), exits 2, and
    // nothing is deleted.
    r = cli(u, {u"whoami"_s}, ownBus);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("The system keychain is locked"), r.err.constData());
    QVERIFY2(r.err.contains("Not signed in: the keychain cannot be read"), r.err.constData());
    // Writing names the keychain and keeps the new session for this run only.
    r = cli(u, {u"login"_s, u"--json"_s}, ownBus);
    RUN_OK(r);
    QCOMPARE(r.json()[u"remembered"_s].toBool(), false);
    QVERIFY2(r.err.contains("not allowed to use the system keychain"), r.err.constData());

    // Unlocked again (the daemon restarted with the password, as at the next login): the session
    // saved before the lock is still there.
    keyring->terminate();
    QVERIFY(keyring->waitForFinished(10000));
    QVERIFY(QTest::qWaitFor([&] { return !registered(); }, 10000));
    keyring = std::make_unique<QProcess>();
    startKeyring(*keyring);
    QVERIFY(QTest::qWaitFor(registered, 10000));
    r = cli(u, {u"whoami"_s, u"--json"_s}, ownBus);
    RUN_OK(r);
    QCOMPARE(r.json()[u"sub"_s].toString(), u);

    QDBusConnection::disconnectFromBus(u"faults-keyring"_s);
    for (QProcess* daemon : {keyring.get(), &bus}) {
        daemon->terminate();
        QVERIFY(daemon->waitForFinished(10000));
    }
}

// 503 bursts on the API: the whole burst, then its tail (every second request). Each failed
// attempt says nothing was transferred; the retry of the same TransferRequest (same key) goes
// through once.
void TestFaults::fiveHundredBurst()
{
    const QString u = u"mallory"_s;
    const QString memo = u"burst"_s;
    Customer& c = customer(u);
    const Ledger before = ledger(u);
    const Bank::TransferRequest r = request(u, u"4.00"_s, memo);

    scenario({{u"api-fail-rate"_s, 1}});
    auto result = submit(c, r);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, Bank::Errc::ApiUnavailable);
    QCOMPARE(result.error().httpStatus, 503);
    QVERIFY(!result.error().outcomeUnknown);
    QVERIFY2(result.error().message.contains(u"Nothing was transferred"_s),
             messageOf(result).constData());

    scenario({{u"api-fail-rate"_s, 0.5}});
    int attempts = 0;
    do {
        result = submit(c, r);
        ++attempts;
        if (!result.ok()) {
            QCOMPARE(result.error().code, Bank::Errc::ApiUnavailable);
        }
    } while (!result.ok() && attempts < 2);
    QVERIFY2(result.ok(), messageOf(result).constData());
    QCOMPARE(result.value().replayed, false); // no earlier attempt got through
    scenario({});

    const Ledger after = ledger(u);
    QCOMPARE(after.withMemo(memo), 1);
    QCOMPARE(after.balance(u"acc-mallory-chk"_s), before.balance(u"acc-mallory-chk"_s) - 400);
    QCOMPARE(after.total(), before.total());
}

// The API makes the transfer but its answer comes after the client's timeout: the outcome is
// unknown, the words say a retry is safe, and the retry (same request, same key, a new step-up)
// gets the first result replayed.
void TestFaults::answerPastTheTimeout()
{
    const QString u = u"oscar"_s;
    const QString memo = u"past the timeout"_s;
    Customer& c = customer(u);
    const Ledger before = ledger(u);
    const Bank::TransferRequest r = request(u, u"6.00"_s, memo);

    scenario({{u"api-hold-response-ms"_s, 2500}});
    c.api->setTransferTimeout(1s);
    auto result = submit(c, r);
    c.api->setTransferTimeout(Bank::FabrikamApiClient::kDefaultTimeout);
    scenario({});
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, Common::Errc::Timeout);
    QVERIFY(result.error().outcomeUnknown);
    QVERIFY2(result.error().message.contains(u"Trying again is safe"_s),
             messageOf(result).constData());
    QCOMPARE(ledger(u).withMemo(memo), 1); // it was made; only the answer was lost

    result = submit(c, r);
    QVERIFY2(result.ok(), messageOf(result).constData());
    QCOMPARE(result.value().replayed, true);
    const Ledger after = ledger(u);
    QCOMPARE(after.withMemo(memo), 1);
    QCOMPARE(after.balance(u"acc-oscar-chk"_s), before.balance(u"acc-oscar-chk"_s) - 600);
    QCOMPARE(after.total(), before.total());
}

// The elevated token expires while the POST is on its way (access-token-ttl=1, the API's 5 s
// clock tolerance, api-slow-ms=7000): the API refuses it before the ledger, the app says to confirm
// again, and the retry with a new step-up goes through once.
void TestFaults::elevatedTokenExpiresOnItsWay()
{
    const QString u = u"dave"_s;
    const QString memo = u"expired on its way"_s;
    Customer& c = customer(u);
    const Ledger before = ledger(u);
    const Bank::TransferRequest r = request(u, u"9.00"_s, memo);

    scenario({{u"access-token-ttl"_s, 1}, {u"api-slow-ms"_s, 7000}});
    auto result = submit(c, r);
    scenario({});
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, Bank::Errc::InvalidToken);
    // invalid_token does not say "expired" apart from "already used" (an intermediary's earlier
    // delivery): unknown, and the retry below with the same key finds out that nothing moved.
    QVERIFY(result.error().outcomeUnknown);
    QVERIFY2(result.error().message.contains(u"Please confirm again"_s),
             messageOf(result).constData());
    QCOMPARE(ledger(u).withMemo(memo), 0);

    result = submit(c, r);
    QVERIFY2(result.ok(), messageOf(result).constData());
    QCOMPARE(result.value().replayed, false);
    const Ledger after = ledger(u);
    QCOMPARE(after.withMemo(memo), 1);
    QCOMPARE(after.total(), before.total());
}

// The provider rotates its signing key between the sign-in and the transfer of one session: the
// base token (old key) still works, the step-up's ID token and elevated access token (new key) are
// verified by the app and the API after one key-set refetch each.
void TestFaults::keyRotationMidSession()
{
    const QString u = u"alice"_s;
    const QString memo = u"after rotation"_s;
    Customer& c = customer(u);
    const Ledger before = ledger(u);
    QVERIFY(c.session->idToken());
    const QString oldKid = c.session->idToken()->keyId();

    QCOMPARE(Test::sandboxAdmin(m_network, m_admin, "POST", u"/keys/rotate"_s), 200);

    QVERIFY(!ledger(u).accounts.isEmpty()); // the old key's tokens are still accepted
    const auto result = submit(c, request(u, u"2.00"_s, memo));
    QVERIFY2(result.ok(), messageOf(result).constData());
    QVERIFY(c.session->mfaIdToken());
    QVERIFY(c.session->mfaIdToken()->keyId() != oldKid);
    const Ledger after = ledger(u);
    QCOMPARE(after.withMemo(memo), 1);
    QCOMPARE(after.total(), before.total());
}

QTEST_GUILESS_MAIN(TestFaults)
#include "tst_faults.moc"
