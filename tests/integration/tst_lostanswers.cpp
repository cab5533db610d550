// Lost answers (issue 14): fabrikam-cli moves money exactly once whatever the network does to
// POST /transfers. The fault proxy (tests/support/fault-proxy/) sits between the CLI and the API of
// a tenant of this test's own (fixture lost_answers) and cuts the connection after the bank
// answered or before the request reached it, delivers the request twice, answers a gateway's
// 502/504 after the bank committed, cuts the body in the middle, or holds the answer past the
// client's timeout. For each fault: the exit code and the words say what is known, running the
// same command again completes (reusing the Idempotency-Key), the API's log shows one completed
// transfer, the balances moved once, and no secret reached a file, a trace or the output.
#include "support/cliprocess.h"
#include "support/faultproxy.h"
#include "support/sandboxadmin.h"
#include "support/sandboxenv.h"
#include "support/secretscan.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Fabrikam;
using namespace Qt::StringLiterals;

namespace {

// fabrikam-cli's exit codes (src/cli/exitcodes.h), as scripts read them.
constexpr int kExitOk = 0;
constexpr int kExitOutcomeUnknown = 75;

using Run = Test::CliRun;

// An account's balance in minor units, from `accounts --json`; -1 when it is not listed.
qint64 balanceOf(const QJsonArray& accounts, const QString& id)
{
    for (const auto& a : accounts) {
        if (a[u"id"_s].toString() == id) {
            return qRound64(a[u"balance"_s].toString().toDouble() * 100);
        }
    }
    return -1;
}

} // namespace

class TestLostAnswers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void everyFaultMovesTheMoneyOnce_data();
    void everyFaultMovesTheMoneyOnce();
    void nothingSecretWasWritten();

private:
    void arm(const QJsonObject& fault);
    Run cli(const QString& user, const QStringList& args);
    [[nodiscard]] QJsonArray accounts(const QString& user);
    [[nodiscard]] int completedTransfers(const QString& user) const;
    [[nodiscard]] QList<QJsonObject> traceEvents(const QString& user, const QString& event) const;

    QTemporaryDir m_dir{QDir::tempPath() + u"/fabrikam-lost-answers-XXXXXX"_s};
    QNetworkAccessManager m_network;
    const QString m_cli = QStringLiteral(FABRIKAM_CLI_PATH);
    const Test::LostAnswersTenant m_tenant;
    Test::FaultProxy m_faults{m_network, m_tenant.proxy};
    QString m_record;
    qint64 m_recordOffset = 0;
    QDateTime m_started;
    QStringList m_users;
    int m_runs = 0;
};

void TestLostAnswers::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_dir.setAutoRemove(qEnvironmentVariableIsEmpty("FABRIKAM_KEEP_TEST_DIR"));
    QVERIFY2(QFile::exists(m_cli), qPrintable(m_cli));
    QVERIFY2(!m_tenant.data.isEmpty(), "FABRIKAM_SANDBOX_DATA: the lost_answers fixture's tenant");
    QVERIFY2(!m_faults.state().isEmpty(), "the fault proxy (fixture lost_answers) does not answer");
    m_record = m_tenant.data + u"/recorded-secrets.jsonl"_s;
    m_recordOffset = QFileInfo(m_record).size();
    m_started = QDateTime::currentDateTimeUtc();
    arm({{u"mode"_s, u"pass"_s}});
    QCOMPARE(Test::sandboxAdmin(m_network, m_tenant.admin, "PUT", u"/scenarios"_s), 200);
}

void TestLostAnswers::cleanup()
{
    arm({{u"mode"_s, u"pass"_s}});
    QCOMPARE(Test::sandboxAdmin(m_network, m_tenant.admin, "PUT", u"/scenarios"_s), 200);
}

void TestLostAnswers::arm(const QJsonObject& fault)
{
    QCOMPARE(m_faults.arm(fault), 200);
}

Run TestLostAnswers::cli(const QString& user, const QStringList& args)
{
    // Profiles, pending transfers and traces stay in this test's folder, which the secret scan
    // reads at the end.
    const QProcessEnvironment e =
        Test::cliEnvironment(QDir(m_dir.path()), user, u"lost-"_s + user, m_tenant.admin,
                             QStringLiteral(FABRIKAM_SCRIPTED_BROWSER), u"complete"_s);
    // Every request to the API goes through the proxy; the provider is reached directly.
    const Run run =
        Test::runCli(m_cli,
                     QStringList{u"--profile"_s, u"lost-"_s + user, u"--issuer"_s, m_tenant.issuer,
                                 u"--api-base-url"_s, m_tenant.proxy, u"--trace"_s,
                                 m_dir.filePath(user + u".trace.jsonl"_s)} +
                         args,
                     e);
    // Kept for the secret scan.
    const QString name = m_dir.filePath(u"%1.run%2"_s.arg(user).arg(++m_runs));
    for (const auto& [suffix, bytes] : {std::pair{u".out"_s, run.out}, {u".err"_s, run.err}}) {
        QFile f(name + suffix);
        if (f.open(QIODevice::WriteOnly)) {
            f.write(bytes);
        }
    }
    return run;
}

QJsonArray TestLostAnswers::accounts(const QString& user)
{
    const Run r = cli(user, {u"accounts"_s, u"--json"_s});
    return r.exitCode == 0 ? QJsonDocument::fromJson(r.out).array() : QJsonArray();
}

int TestLostAnswers::completedTransfers(const QString& user) const
{
    // The ledger's own account of it: "completed" only when money moved.
    return int(Test::ledgerLines(m_tenant.data, user, u"completed"_s).size());
}

QList<QJsonObject> TestLostAnswers::traceEvents(const QString& user, const QString& event) const
{
    QList<QJsonObject> found;
    for (const QJsonObject& line : Test::jsonLines(m_dir.filePath(user + u".trace.jsonl"_s))) {
        if (line[u"event"_s] == event) {
            found.append(line);
        }
    }
    return found;
}

void TestLostAnswers::everyFaultMovesTheMoneyOnce_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("mode");
    QTest::addColumn<int>("times");         // -1: every POST /transfers until the proxy is disarmed
    QTest::addColumn<bool>("exactRetries"); // the API answers an exact retry from its record
    QTest::addColumn<int>("firstExit");
    QTest::addColumn<int>("upstreamCalls"); // POST /transfers the bank received in the first run

    // Once: the CLI sends the same request once more by itself and learns the outcome.
    QTest::newRow("cut after the bank answered, once")
        << u"dave"_s << u"cut-after-answer"_s << 1 << true << kExitOk << 2;
    QTest::newRow("cut before the request reached the bank, once")
        << u"frank"_s << u"cut-before-bank"_s << 1 << true << kExitOk << 1;
    QTest::newRow("the body cut in the middle, once")
        << u"quentin"_s << u"truncate-body"_s << 1 << true << kExitOk << 2;
    QTest::newRow("the request delivered twice")
        << u"judy"_s << u"duplicate"_s << 1 << true << kExitOk << 2;
    QTest::newRow("the answer delivered twice")
        << u"heidi"_s << u"duplicate-answer"_s << 1 << true << kExitOk << 1;
    // Every time, or an answer that is not the bank's: the outcome is unknown, and the same
    // command again finds out.
    QTest::newRow("cut after the bank answered, every time")
        << u"erin"_s << u"cut-after-answer"_s << -1 << true << kExitOutcomeUnknown << 2;
    QTest::newRow("cut before the request reached the bank, every time")
        << u"grace"_s << u"cut-before-bank"_s << -1 << true << kExitOutcomeUnknown << 0;
    QTest::newRow("the body cut in the middle, every time")
        << u"rupert"_s << u"truncate-body"_s << -1 << true << kExitOutcomeUnknown << 2;
    QTest::newRow("a gateway's 502 after the bank committed")
        << u"oscar"_s << u"bad-gateway-after-commit"_s << 1 << true << kExitOutcomeUnknown << 1;
    QTest::newRow("a gateway's 504 after the bank committed")
        << u"peggy"_s << u"gateway-timeout-after-commit"_s << 1 << true << kExitOutcomeUnknown << 1;
    QTest::newRow("the answer held past the client's timeout")
        << u"sybil"_s << u"delay"_s << 1 << true << kExitOutcomeUnknown << 1;
    // A bank that refuses every second use of a token: the 401 "token already used" that
    // follows the lost answer is not a refusal of the transfer.
    QTest::newRow("token already used after a lost answer")
        << u"trent"_s << u"cut-after-answer"_s << 1 << false << kExitOutcomeUnknown << 2;
}

void TestLostAnswers::everyFaultMovesTheMoneyOnce()
{
    QFETCH(QString, user);
    QFETCH(QString, mode);
    QFETCH(int, times);
    QFETCH(bool, exactRetries);
    QFETCH(int, firstExit);
    QFETCH(int, upstreamCalls);
    m_users << user;
    const QString from = u"acc-%1-chk"_s.arg(user);
    const QString to = u"acc-%1-sav"_s.arg(user);
    const QString memo = u"lost answer: "_s + mode;

    const Run login = cli(user, {u"login"_s});
    QVERIFY2(login.exitCode == kExitOk, login.err.constData());
    const QJsonArray before = accounts(user);
    QVERIFY(balanceOf(before, from) > 1000);
    QCOMPARE(completedTransfers(user), 0);

    if (!exactRetries) {
        QCOMPARE(Test::sandboxAdmin(m_network, m_tenant.admin, "PATCH", u"/scenarios"_s,
                                    {{u"api-exact-retry"_s, u"off"_s}}),
                 200);
    }
    // Past the client's 15 s timeout, and over before the proxy is asked again.
    arm({{u"mode"_s, mode}, {u"times"_s, times}, {u"delayMs"_s, 17000}});
    const QJsonArray logBefore = m_faults.state()[u"log"_s].toArray();
    const QStringList transfer{u"transfer"_s, u"--from"_s, from,        u"--to"_s, to,
                               u"--amount"_s, u"6.40"_s,   u"--memo"_s, memo,      u"--json"_s};
    const Run first = cli(user, transfer);
    QVERIFY2(first.exitCode == firstExit,
             qPrintable(u"exit %1, expected %2: %3"_s.arg(first.exitCode)
                            .arg(firstExit)
                            .arg(QString::fromUtf8(first.err))));

    // What the bank received in that run, by the proxy's count.
    int reached = 0;
    const QJsonArray log = m_faults.state()[u"log"_s].toArray();
    for (qsizetype i = logBefore.size(); i < log.size(); ++i) {
        const QJsonObject entry = log.at(i).toObject();
        if (entry[u"method"_s] == u"POST"_s && entry[u"path"_s] == u"/transfers"_s) {
            reached += entry[u"upstreamCalls"_s].toInt();
        }
    }
    QCOMPARE(reached, upstreamCalls);
    const auto prepared = traceEvents(user, u"transfer.prepared"_s);
    QCOMPARE(prepared.size(), 1);
    const QString key = prepared.constFirst()[u"idempotency_key"_s].toString();
    QVERIFY(!key.isEmpty());
    // The money never moved twice, whatever the first run could tell.
    QVERIFY(completedTransfers(user) <= 1);

    arm({{u"mode"_s, u"pass"_s}});
    if (firstExit == kExitOutcomeUnknown) {
        // The person reads that it may have happened and what to do.
        QVERIFY2(first.err.contains("may have made this transfer"), first.err.constData());
        QVERIFY2(first.err.contains("run the same command again"), first.err.constData());
        QVERIFY2(first.err.contains(key.toLatin1()), first.err.constData());
        QCOMPARE(traceEvents(user, u"transfer.failed"_s).constLast()[u"outcome_unknown"_s],
                 QJsonValue(true));
        // The same command again: the same key, and the bank's answer.
        const Run again = cli(user, transfer);
        QVERIFY2(again.exitCode == kExitOk, again.err.constData());
        const auto resumed = traceEvents(user, u"transfer.prepared"_s);
        QCOMPARE(resumed.size(), 2);
        QCOMPARE(resumed.constLast()[u"idempotency_key"_s].toString(), key);
        QCOMPARE(resumed.constLast()[u"resumed"_s], QJsonValue(true));
        // The bank had it from the first run unless that run never reached it.
        QCOMPARE(again.json()[u"replayed"_s].toBool(), upstreamCalls > 0);
    } else {
        QVERIFY2(first.json()[u"memo"_s].toString() == memo, first.out.constData());
        // Sent once more by the CLI itself after a cut; replayed whenever the bank had the
        // request twice.
        const bool cut = mode.startsWith(u"cut-"_s) || mode == u"truncate-body"_s;
        const auto completed = traceEvents(user, u"transfer.completed"_s);
        QCOMPARE(completed.size(), 1);
        QCOMPARE(completed.constFirst()[u"replayed"_s].toBool(), upstreamCalls == 2);
        QCOMPARE(completed.constFirst()[u"sent_again"_s].toBool(), cut);
    }

    // Exactly once, in the ledger's log and in the balances.
    QCOMPARE(completedTransfers(user), 1);
    const QJsonArray after = accounts(user);
    QCOMPARE(balanceOf(after, from), balanceOf(before, from) - 640);
    QCOMPARE(balanceOf(after, to), balanceOf(before, to) + 640);
    // Settled: nothing pending is left for this transfer (a new one would get a new key).
    QDirIterator pending(m_dir.filePath(u"data"_s), {u"*.json"_s}, QDir::Files,
                         QDirIterator::Subdirectories);
    while (pending.hasNext()) {
        QFile note(pending.next());
        QVERIFY(note.open(QIODevice::ReadOnly));
        QVERIFY2(!note.readAll().contains(key.toLatin1()), qPrintable(note.fileName()));
    }
}

void TestLostAnswers::nothingSecretWasWritten()
{
    QVERIFY2(!m_users.isEmpty(), "needs everyFaultMovesTheMoneyOnce");
    const QString proxyLog = Test::envOr("FABRIKAM_FAULT_PROXY_LOG", "");
    QVERIFY2(QFileInfo::exists(proxyLog), qPrintable(proxyLog));
    int elevated = 0;
    for (const QString& user : std::as_const(m_users)) {
        const Test::SecretList secrets = Test::recordedSecrets(
            m_record, m_recordOffset, user, QStringLiteral(FABRIKAM_SEED_USERS), m_started,
            QDateTime::currentDateTimeUtc());
        elevated += int(secrets.count(Test::SecretKind::ElevatedAccessToken));
        Test::SecretScan scan(secrets);
        scan.scanTree(m_dir.path()); // traces, output, pending notes, profiles, browser logs
        scan.scanFile(proxyLog);
        QVERIFY2(scan.hits().isEmpty(), qPrintable(user + u": "_s + scan.report()));
    }
    // The scan looked for the tokens that crossed the proxy.
    QVERIFY(elevated >= m_users.size());
}

QTEST_GUILESS_MAIN(TestLostAnswers)
#include "tst_lostanswers.moc"
