// The e2e tier: the real fabrikam-cli (the same auth core, loopback receiver and browser seam as
// the desktop app) with Debian's real Chromium as the system browser
// (BROWSER=sandbox/test/support/chromium-browser.js), against the sandbox that the CTest fixture
// started, under xvfb-run, inside the throwaway keyring of scripts/with-test-session.
// The person types into the provider's real pages; Chromium itself follows the redirect to the
// CLI's loopback receiver and shows its page. One run is headed (a real X window under Xvfb), the
// others headless. The dedicated user oscar is used by no other suite, so his one-time codes never
// collide with theirs.
#include "support/sandboxadmin.h"
#include "support/sandboxenv.h"

#include <QDir>
#include <QElapsedTimer>
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

#include <algorithm>

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    qint64 ms = 0;
    [[nodiscard]] QJsonValue json() const
    {
        const QJsonDocument doc = QJsonDocument::fromJson(out);
        return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
    }
};

qint64 cents(const QJsonArray& accounts, const QString& id)
{
    for (const auto& a : accounts) {
        if (a[QStringLiteral("id")].toString() == id) {
            return qRound64(a[QStringLiteral("balance")].toString().toDouble() * 100);
        }
    }
    return -1;
}

bool isPng(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) && f.read(8) == QByteArray("\x89PNG\r\n\x1a\n", 8) &&
           f.size() > 2000;
}

} // namespace

class TestE2eCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void cancelOnTheRealLoginPage();
    void seedFlowAsOscarInChromium();

private:
    enum class Window
    {
        Headless,
        Headed
    };
    Run cli(const QStringList& args, const QString& action = QStringLiteral("complete"),
            Window window = Window::Headless);
    QList<QJsonObject> browserRuns() const;
    QJsonObject waitForBrowserRun(qsizetype count);
    void scenario(const QByteArray& method);

    const QString m_user = QStringLiteral("oscar");
    QTemporaryDir m_dir{QDir::tempPath() + QStringLiteral("/fabrikam-e2e-XXXXXX")};
    QString m_cli = QStringLiteral(FABRIKAM_CLI_PATH);
    QString m_browser = QStringLiteral(FABRIKAM_CHROMIUM_BROWSER);
    QString m_shots = QStringLiteral(FABRIKAM_E2E_ARTIFACTS) + QStringLiteral("/screenshots");
    QString m_issuer = Fabrikam::Test::envOr("FABRIKAM_SANDBOX_ISSUER", "http://127.0.0.1:18700");
    QString m_api = Fabrikam::Test::envOr("FABRIKAM_SANDBOX_API", "http://127.0.0.1:18701");
    QString m_admin = Fabrikam::Test::envOr("FABRIKAM_SANDBOX_ADMIN", "http://127.0.0.1:18702");
    QNetworkAccessManager m_network;
};

void TestE2eCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_dir.setAutoRemove(qEnvironmentVariableIsEmpty("FABRIKAM_KEEP_TEST_DIR"));
    QVERIFY2(QFile::exists(m_cli), qPrintable(m_cli));
    QVERIFY2(QFile::exists(m_browser), qPrintable(m_browser));
    QVERIFY2(QFile::exists(Fabrikam::Test::envOr("FABRIKAM_CHROMIUM", "/usr/bin/chromium")),
             "Debian's Chromium is missing: run scripts/bootstrap (it installs chromium)");
    // The tier runs under xvfb-run (tests/e2e/CMakeLists.txt): a real X server for the headed run.
    QVERIFY2(!qEnvironmentVariableIsEmpty("DISPLAY"),
             "no DISPLAY: run this test under xvfb-run (scripts/bootstrap installs xvfb, xauth)");
    QDir(m_shots).removeRecursively();
    QVERIFY(QDir().mkpath(m_shots));
    scenario("DELETE");
}

void TestE2eCli::cleanup()
{
    scenario("DELETE");
}

void TestE2eCli::scenario(const QByteArray& method)
{
    QCOMPARE(Fabrikam::Test::sandboxAdmin(m_network, m_admin, method, QStringLiteral("/scenarios")),
             200);
}

Run TestE2eCli::cli(const QStringList& args, const QString& action, Window window)
{
    QProcess p;
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert(QStringLiteral("BROWSER"), m_browser);
    e.insert(QStringLiteral("FABRIKAM_PERSON_USER"), m_user);
    e.insert(QStringLiteral("FABRIKAM_PERSON_ACTION"), action);
    // One Chromium profile for the whole flow: the provider's SSO cookie survives between runs,
    // so the step-ups ask only for the code, as they would in the user's own browser.
    e.insert(QStringLiteral("FABRIKAM_PERSON_PROFILE"), m_dir.filePath(QStringLiteral("chromium")));
    e.insert(QStringLiteral("FABRIKAM_PERSON_LOG"), m_dir.filePath(QStringLiteral("browser.log")));
    e.insert(QStringLiteral("FABRIKAM_SANDBOX_ADMIN"), m_admin);
    e.insert(QStringLiteral("FABRIKAM_E2E_SCREENSHOT_DIR"), m_shots);
    e.insert(QStringLiteral("FABRIKAM_E2E_SCREENSHOT_PAGES"), QStringLiteral("all"));
    e.insert(QStringLiteral("FABRIKAM_E2E_HEADED"),
             window == Window::Headed ? QStringLiteral("1") : QStringLiteral("0"));
    e.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
    p.setProcessEnvironment(e);
    QStringList all{
        QStringLiteral("--issuer"),       m_issuer,
        QStringLiteral("--api-base-url"), m_api,
        QStringLiteral("--trace"),        m_dir.filePath(QStringLiteral("trace.jsonl"))};
    all += args;
    QElapsedTimer timer;
    timer.start();
    p.start(m_cli, all);
    Run run;
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
    }
    run.ms = timer.elapsed();
    run.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    run.out = p.readAllStandardOutput();
    run.err = p.readAllStandardError();
    qInfo("fabrikam-cli %s -> %d in %lld ms", qPrintable(args.value(0)), run.exitCode, run.ms);
    return run;
}

QList<QJsonObject> TestE2eCli::browserRuns() const
{
    QList<QJsonObject> runs;
    QFile log(m_dir.filePath(QStringLiteral("browser.log")));
    if (log.open(QIODevice::ReadOnly)) {
        for (const QByteArray& line : log.readAll().split('\n')) {
            if (!line.trimmed().isEmpty()) {
                runs.append(QJsonDocument::fromJson(line).object());
            }
        }
    }
    return runs;
}

// The CLI finishes when its loopback receiver has the callback; Chromium then takes its
// screenshot, closes and writes its log line.
QJsonObject TestE2eCli::waitForBrowserRun(qsizetype count)
{
    QElapsedTimer timer;
    timer.start();
    while (browserRuns().size() < count && timer.elapsed() < 20000) {
        QTest::qWait(100);
    }
    const QList<QJsonObject> runs = browserRuns();
    if (runs.size() < count) {
        return {};
    }
    const QJsonObject last = runs.at(count - 1);
    qInfo("chromium run %lld: pages %s, launch %d ms, total %d ms", qint64(count),
          QJsonDocument(last[QStringLiteral("pages")].toArray())
              .toJson(QJsonDocument::Compact)
              .constData(),
          last[QStringLiteral("timings")][QStringLiteral("launchMs")].toInt(),
          last[QStringLiteral("timings")][QStringLiteral("totalMs")].toInt());
    return last;
}

#define RUN_OK(run)                                                                                \
    do {                                                                                           \
        const Run checked_ = (run);                                                                \
        QVERIFY2(checked_.exitCode == 0, checked_.err.constData());                                \
    } while (false)

// The person presses Cancel on the provider's real login page: the provider sends Chromium to the
// loopback with error=access_denied, the CLI shows its "did not complete" page and exits 65.
void TestE2eCli::cancelOnTheRealLoginPage()
{
    const Run r = cli({QStringLiteral("login"), QStringLiteral("--timeout"), QStringLiteral("30")},
                      QStringLiteral("cancel"));
    QCOMPARE(r.exitCode, 65);
    QVERIFY2(r.err.contains("cancel"), r.err.constData());
    const QJsonObject run = waitForBrowserRun(1);
    QVERIFY2(!run.isEmpty(), "chromium-browser.js wrote no log line");
    QCOMPARE(run[QStringLiteral("pages")].toArray(), QJsonArray{QStringLiteral("login")});
    const QJsonObject callback = run[QStringLiteral("callback")].toObject();
    QCOMPARE(callback[QStringLiteral("error")].toString(), QStringLiteral("access_denied"));
    QCOMPARE(callback[QStringLiteral("signedIn")].toBool(), false);
    QVERIFY2(callback[QStringLiteral("page")].toString().contains(
                 QStringLiteral("Sign-in did not complete")),
             qPrintable(callback[QStringLiteral("page")].toString()));
    QCOMPARE(cli({QStringLiteral("whoami")}).exitCode, 2);
}

void TestE2eCli::seedFlowAsOscarInChromium()
{
    qsizetype runs = browserRuns().size();
    QCOMPARE(cli({QStringLiteral("whoami")}).exitCode, 2);

    // 1. login, HEADED: a real Chromium window on the Xvfb display; the password is typed into the
    //    provider's real form; the session goes to the keychain.
    Run r = cli({QStringLiteral("login"), QStringLiteral("--json"), QStringLiteral("--timeout"),
                 QStringLiteral("30")},
                QStringLiteral("complete"), Window::Headed);
    RUN_OK(r);
    QCOMPARE(r.json()[QStringLiteral("sub")].toString(), m_user);
    QCOMPARE(r.json()[QStringLiteral("amr")].toArray(), QJsonArray{QStringLiteral("pwd")});
    QCOMPARE(r.json()[QStringLiteral("remembered")].toBool(), true);
    QJsonObject run = waitForBrowserRun(++runs);
    QVERIFY2(!run.isEmpty(), "chromium-browser.js wrote no log line");
    QCOMPARE(run[QStringLiteral("headed")].toBool(), true);
    QCOMPARE(run[QStringLiteral("display")].toString(), qEnvironmentVariable("DISPLAY"));
    QCOMPARE(run[QStringLiteral("pages")].toArray(), QJsonArray{QStringLiteral("login")});
    QCOMPARE(run[QStringLiteral("callback")][QStringLiteral("status")].toInt(), 200);
    QVERIFY2(run[QStringLiteral("callback")][QStringLiteral("signedIn")].toBool(),
             qPrintable(run[QStringLiteral("callback")][QStringLiteral("page")].toString()));
    const QJsonArray shots = run[QStringLiteral("screenshots")].toArray();
    QCOMPARE(shots.size(), 2); // the filled-in login page, the app's "You're signed in" page
    for (const auto& s : shots) {
        QVERIFY2(isPng(s.toString()), qPrintable(s.toString()));
    }

    // 2. accounts in a new process: restored from the keychain, no browser.
    r = cli({QStringLiteral("accounts"), QStringLiteral("--json")});
    RUN_OK(r);
    const QJsonArray before = r.json().toArray();
    QCOMPARE(before.size(), 2);
    QCOMPARE(cents(before, QStringLiteral("acc-oscar-chk")), 300000);
    QCOMPARE(cents(before, QStringLiteral("acc-oscar-sav")), 800000);

    // 3. transfer: the step-up shows the real MFA page only (SSO cookie in the Chromium profile);
    //    the code is typed into it; the money moves exactly once.
    r = cli({QStringLiteral("transfer"), QStringLiteral("--from"), QStringLiteral("acc-oscar-chk"),
             QStringLiteral("--to"), QStringLiteral("acc-oscar-sav"), QStringLiteral("--amount"),
             QStringLiteral("25.50"), QStringLiteral("--memo"), QStringLiteral("e2e"),
             QStringLiteral("--json"), QStringLiteral("--timeout"), QStringLiteral("30")});
    RUN_OK(r);
    QCOMPARE(r.json()[QStringLiteral("amount")].toString(), QStringLiteral("25.50"));
    QCOMPARE(r.json()[QStringLiteral("replayed")].toBool(), false);
    const QString transferId = r.json()[QStringLiteral("id")].toString();
    run = waitForBrowserRun(++runs);
    QVERIFY2(!run.isEmpty(), "chromium-browser.js wrote no log line");
    QCOMPARE(run[QStringLiteral("headed")].toBool(), false);
    QCOMPARE(run[QStringLiteral("pages")].toArray(), QJsonArray{QStringLiteral("mfa")});
    QVERIFY(run[QStringLiteral("callback")][QStringLiteral("signedIn")].toBool());
    r = cli({QStringLiteral("accounts"), QStringLiteral("--json")});
    RUN_OK(r);
    const QJsonArray after = r.json().toArray();
    QCOMPARE(cents(after, QStringLiteral("acc-oscar-chk")), 300000 - 2550);
    QCOMPARE(cents(after, QStringLiteral("acc-oscar-sav")), 800000 + 2550);

    // 4. statements: need a recent MFA; one more code typed into the real page, then shown, with
    //    exactly one line for the transfer.
    r = cli({QStringLiteral("statements"), QStringLiteral("--account"),
             QStringLiteral("acc-oscar-chk"), QStringLiteral("--json"), QStringLiteral("--timeout"),
             QStringLiteral("30")});
    RUN_OK(r);
    const QJsonArray lines = r.json()[QStringLiteral("lines")].toArray();
    const auto transferLines = std::count_if(lines.begin(), lines.end(), [](const QJsonValue& l) {
        return l[QStringLiteral("amount")].toString() == QLatin1String("-25.50");
    });
    QCOMPARE(static_cast<int>(transferLines), 1);
    QVERIFY(!transferId.isEmpty());
    run = waitForBrowserRun(++runs);
    QVERIFY2(!run.isEmpty(), "chromium-browser.js wrote no log line");
    QCOMPARE(run[QStringLiteral("pages")].toArray(), QJsonArray{QStringLiteral("mfa")});

    // 5. logout: revoked and forgotten.
    r = cli({QStringLiteral("logout"), QStringLiteral("--json")});
    RUN_OK(r);
    QVERIFY(r.json()[QStringLiteral("end_session_url")].toString().startsWith(m_issuer));
    QCOMPARE(cli({QStringLiteral("whoami")}).exitCode, 2);
    QCOMPARE(browserRuns().size(), runs); // no browser for accounts, logout, whoami

    // Nothing secret in the browser's log or the CLI's trace.
    QFile log(m_dir.filePath(QStringLiteral("browser.log")));
    QVERIFY(log.open(QIODevice::ReadOnly));
    const QByteArray logText = log.readAll();
    QVERIFY(!logText.contains("oscar-demo-pass"));
    QVERIFY(!logText.contains("eyJ"));
    QFile trace(m_dir.filePath(QStringLiteral("trace.jsonl")));
    QVERIFY(trace.open(QIODevice::ReadOnly));
    QVERIFY(!trace.readAll().contains("eyJ"));
}

QTEST_GUILESS_MAIN(TestE2eCli)
#include "tst_e2e_cli.moc"
