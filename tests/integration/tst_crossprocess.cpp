// Issue 16, point 1: one refresh token across processes. The provider rotates the refresh token on
// every use and ends the whole grant when a rotated one is presented again (RFC 9700 §4.14.2).
// Before the cross-process lock, six `fabrikam-cli accounts` started at once signed the person
// out: five presented the token the first had rotated away. Now each process refreshes under the
// session's lock (src/vault/sessionlock) and reads the keychain again inside it.
//
// petra, a seed user of this test's own; her profiles are this test's too.
#include "auth/useragent.h"
#include "client/context.h"
#include "common/clock.h"
#include "support/asyncoutcome.h"
#include "support/cliprocess.h"
#include "support/sandboxadmin.h"
#include "support/sandboxenv.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <vector>

using namespace Fabrikam;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

const QString kUser = u"petra"_s;

} // namespace

class TestCrossProcess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void tenCliProcessesRefreshAtOnce();
    void theWindowAndTheCliRefreshAtTheSameMoment();
    void aLogoutTheProviderNeverHeardOfIsFinishedByTheNextCommand();

private:
    [[nodiscard]] QProcessEnvironment environment(const QString& profile) const;
    [[nodiscard]] QStringList arguments(const QString& profile, const QStringList& command) const;
    // Starts `count` CLI commands at once and waits for all of them.
    [[nodiscard]] std::vector<Test::CliRun> runTogether(const QString& profile,
                                                        const QStringList& command, int count,
                                                        const std::function<void()>& meanwhile);
    void setScenario(const QJsonObject& scenario);

    QTemporaryDir m_dir{QDir::tempPath() + u"/fabrikam-crossprocess-test-XXXXXX"_s};
    QString m_issuer = Test::envOr("FABRIKAM_SANDBOX_ISSUER", "http://127.0.0.1:18700");
    QString m_api = Test::envOr("FABRIKAM_SANDBOX_API", "http://127.0.0.1:18701");
    QString m_admin = Test::envOr("FABRIKAM_SANDBOX_ADMIN", "http://127.0.0.1:18702");
    QNetworkAccessManager m_network;
};

void TestCrossProcess::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_dir.setAutoRemove(qEnvironmentVariableIsEmpty("FABRIKAM_KEEP_TEST_DIR"));
    // This process plays the window: the same application names and data folder as the CLI runs
    // below, so both take the same lock file.
    QCoreApplication::setOrganizationName(u"Fabrikam"_s);
    QCoreApplication::setOrganizationDomain(u"fabrikam.example"_s);
    QCoreApplication::setApplicationName(u"Fabrikam Desktop"_s);
    qputenv("XDG_DATA_HOME", m_dir.filePath(u"data"_s).toUtf8());
    setScenario({});
}

void TestCrossProcess::cleanup()
{
    QCOMPARE(Test::sandboxAdmin(m_network, m_admin, "DELETE", u"/scenarios"_s), 200);
}

void TestCrossProcess::setScenario(const QJsonObject& scenario)
{
    const QByteArray method = scenario.isEmpty() ? "DELETE" : "PATCH";
    QCOMPARE(Test::sandboxAdmin(m_network, m_admin, method, u"/scenarios"_s, scenario), 200);
}

QProcessEnvironment TestCrossProcess::environment(const QString& profile) const
{
    return Test::cliEnvironment(QDir(m_dir.path()), kUser, profile, m_admin,
                                QStringLiteral(FABRIKAM_SCRIPTED_BROWSER), u"complete"_s);
}

QStringList TestCrossProcess::arguments(const QString& profile, const QStringList& command) const
{
    return QStringList{u"--profile"_s,      profile, u"--issuer"_s, m_issuer,
                       u"--api-base-url"_s, m_api} +
           command;
}

std::vector<Test::CliRun> TestCrossProcess::runTogether(const QString& profile,
                                                        const QStringList& command, int count,
                                                        const std::function<void()>& meanwhile)
{
    std::vector<std::unique_ptr<QProcess>> processes;
    for (int i = 0; i < count; ++i) {
        auto p = std::make_unique<QProcess>();
        p->setProcessEnvironment(environment(profile));
        p->start(QStringLiteral(FABRIKAM_CLI_PATH), arguments(profile, command));
        processes.push_back(std::move(p));
    }
    if (meanwhile) {
        meanwhile();
    }
    std::vector<Test::CliRun> runs;
    for (auto& p : processes) {
        if (!p->waitForFinished(120000)) {
            p->kill();
            p->waitForFinished();
        }
        Test::CliRun run;
        run.exitCode = p->exitStatus() == QProcess::NormalExit ? p->exitCode() : -1;
        run.out = p->readAllStandardOutput();
        run.err = p->readAllStandardError();
        runs.push_back(std::move(run));
    }
    return runs;
}

// Ten CLI commands at once, each a new process that must refresh (access tokens live 5 s, less
// than the margin within which a token counts as expired): all succeed, and the grant is alive
// afterwards — a reused refresh token would have ended it (oidc-provider revokes the grant).
void TestCrossProcess::tenCliProcessesRefreshAtOnce()
{
    const QString profile = u"xp-ten"_s;
    const auto login = Test::runCli(QStringLiteral(FABRIKAM_CLI_PATH),
                                    arguments(profile, {u"login"_s}), environment(profile));
    QVERIFY2(login.exitCode == 0, login.err.constData());
    setScenario({{u"access-token-ttl"_s, 5}});

    const auto runs = runTogether(profile, {u"accounts"_s, u"--json"_s}, 10, {});
    int ok = 0;
    for (const auto& run : runs) {
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(!run.err.contains("session has ended"), run.err.constData());
        ok += QJsonDocument::fromJson(run.out).array().isEmpty() ? 0 : 1;
    }
    QCOMPARE(ok, 10);

    const auto after =
        Test::runCli(QStringLiteral(FABRIKAM_CLI_PATH),
                     arguments(profile, {u"accounts"_s, u"--json"_s}), environment(profile));
    QVERIFY2(after.exitCode == 0, after.err.constData());
}

// The window (this process, a Client::Context restored from the keychain) and three CLI commands
// refresh at the same moment, twice: everyone keeps working on the one grant.
void TestCrossProcess::theWindowAndTheCliRefreshAtTheSameMoment()
{
    const QString profile = u"xp-window"_s;
    const auto login = Test::runCli(QStringLiteral(FABRIKAM_CLI_PATH),
                                    arguments(profile, {u"login"_s}), environment(profile));
    QVERIFY2(login.exitCode == 0, login.err.constData());

    Client::Profile settings = Client::Profile::sandbox();
    settings.name = profile;
    settings.auth.issuer = m_issuer;
    settings.apiBaseUrl = QUrl(m_api);
    Auth::ExternalBrowser noBrowser(QProcessEnvironment{}); // a restore opens none
    Client::Context window(Client::Context::Options{settings}, noBrowser);
    const auto restored = Test::runAsync<Client::Context::Restored>(
        [&](QObject* ctx, auto done) { window.restore(ctx, std::move(done)); }, 30s);
    QVERIFY2(restored.result && restored.result->ok() && restored.result->value().signedIn,
             Test::describe(restored.result).constData());
    setScenario({{u"access-token-ttl"_s, 5}});

    for (int round = 0; round < 2; ++round) {
        std::optional<Common::Result<QByteArray>> windowToken;
        QObject context;
        const auto runs = runTogether(profile, {u"accounts"_s, u"--json"_s}, 3, [&] {
            window.session().accessToken(&context, [&](Common::Result<QByteArray> token) {
                windowToken = std::move(token);
            });
            QTRY_VERIFY_WITH_TIMEOUT(windowToken.has_value(), 60000);
        });
        QVERIFY2(windowToken->ok(),
                 qPrintable(windowToken->ok() ? QString() : windowToken->error().message));
        QVERIFY(!windowToken->value().isEmpty());
        for (const auto& run : runs) {
            QVERIFY2(run.exitCode == 0, run.err.constData());
        }
        QVERIFY(window.session().isSignedIn());
    }
    const auto after =
        Test::runCli(QStringLiteral(FABRIKAM_CLI_PATH),
                     arguments(profile, {u"accounts"_s, u"--json"_s}), environment(profile));
    QVERIFY2(after.exitCode == 0, after.err.constData());
}

// Issue 16, point 3: `logout` while the provider answers nothing but 503 removes the session and
// says that the provider was not told; the next command, with the provider back, revokes the kept
// token before anything else.
void TestCrossProcess::aLogoutTheProviderNeverHeardOfIsFinishedByTheNextCommand()
{
    const QString profile = u"xp-logout"_s;
    const QString cli = QStringLiteral(FABRIKAM_CLI_PATH);
    const auto login = Test::runCli(cli, arguments(profile, {u"login"_s}), environment(profile));
    QVERIFY2(login.exitCode == 0, login.err.constData());

    setScenario({{u"idp-fail-rate"_s, 1}});
    const auto logout =
        Test::runCli(cli, arguments(profile, {u"logout"_s, u"--json"_s}), environment(profile));
    QVERIFY2(logout.exitCode == 0, logout.err.constData());
    const QJsonObject json = logout.json();
    QCOMPARE(json.value(u"signed_out"_s).toBool(), true);
    QCOMPARE(json.value(u"revoked"_s).toBool(true), false);
    QVERIFY2(json.value(u"revocation_problem"_s).toString().contains(u"try again"_s),
             logout.out.constData());
    const auto human = Test::runCli(cli, arguments(profile, {u"whoami"_s}), environment(profile));
    QCOMPARE(human.exitCode, 2); // signed out here, whatever the provider

    setScenario({});
    const QString trace = m_dir.filePath(u"xp-logout.trace.jsonl"_s);
    const auto next = Test::runCli(cli, arguments(profile, {u"--trace"_s, trace, u"whoami"_s}),
                                   environment(profile));
    QCOMPARE(next.exitCode, 2);
    QFile file(trace);
    QVERIFY(file.open(QIODevice::ReadOnly));
    bool retried = false;
    for (const QByteArray& line : file.readAll().split('\n')) {
        const QJsonObject event = QJsonDocument::fromJson(line).object();
        if (event.value(u"event"_s).toString() == u"revocation.retried"_s) {
            retried = true;
            QCOMPARE(event.value(u"left"_s).toInt(-1), 0);
        }
    }
    QVERIFY2(retried, "no revocation.retried in the trace");
    // Nothing waits any more: the next start has nothing to retry.
    const auto last = Test::runCli(
        cli, arguments(profile, {u"--trace"_s, trace + u"2"_s, u"whoami"_s}), environment(profile));
    QCOMPARE(last.exitCode, 2);
    QFile second(trace + u"2"_s);
    QVERIFY(second.open(QIODevice::ReadOnly));
    QVERIFY(!second.readAll().contains("revocation.retried"));
}

QTEST_GUILESS_MAIN(TestCrossProcess)
#include "tst_crossprocess.moc"
