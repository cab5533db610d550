// "No secret leaves memory" for fabrikam-cli (DESIGN.md section 5, STYLE.md rule 6): a full flow as
// dave — login, whoami, accounts, a transfer with step-up, statements after verification, logout —
// with --trace, --json and every debug category on, in a fresh HOME/XDG tree of its own. Then
// every file under that tree (config, cache, data, state, runtime, temp, the trace) and everything
// the CLI printed is searched for every code, verifier, token, one-time code and the password that
// passed through: zero hits. The values come from the tenant of the sandbox_secretscan fixture,
// which records each token response (tests/integration/secretscan.cmake); the keychain is the
// throwaway one of scripts/with-test-session and is read over the Secret Service itself.
#include "support/sandboxenv.h"
#include "support/secretscan.h"
#include "vault/tokenvault.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Fabrikam;
using namespace Fabrikam::Test;
using namespace Qt::StringLiterals;

namespace {

const QString kUser = u"dave"_s;
const QString kProfile = u"secretscan-cli"_s;
const QString kKeychainService = u"com.fabrikam.desktop"_s;

} // namespace

class TestSecretScan : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void fullFlowWithTracing();
    void everyKindOfSecretWasRecorded();
    void nothingLeaked();
    void theScanFindsPlantedSecrets();

private:
    // Runs the CLI in the tree; its stdout and stderr are kept (in memory) for the scan.
    int cli(const QStringList& args);
    [[nodiscard]] SecretList recorded() const;
    QString tree(const QString& part) const { return m_tree.filePath(part); }

    QTemporaryDir m_tree{QDir::tempPath() + u"/fabrikam-secretscan-cli-XXXXXX"_s};    // scanned
    QTemporaryDir m_aside{QDir::tempPath() + u"/fabrikam-secretscan-aside-XXXXXX"_s}; // not
    QString m_issuer = envOr("FABRIKAM_SANDBOX_ISSUER", "http://127.0.0.1:18740");
    QString m_api = envOr("FABRIKAM_SANDBOX_API", "http://127.0.0.1:18741");
    QString m_admin = envOr("FABRIKAM_SANDBOX_ADMIN", "http://127.0.0.1:18742");
    QString m_record;
    qint64 m_recordOffset = 0;
    QDateTime m_started;
    QDateTime m_finished;
    QList<QPair<QString, QByteArray>> m_output; // (command, what it printed)
};

void TestSecretScan::initTestCase()
{
    QVERIFY(m_tree.isValid() && m_aside.isValid());
    // The tenant must be the recording one, or there is nothing to look for.
    QNetworkAccessManager network;
    QNetworkReply* reply = network.get(QNetworkRequest(QUrl(m_admin + u"/health"_s)));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(10000));
    const QJsonObject health = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    QVERIFY2(health.value(u"recordingSecrets"_s).toBool(),
             "the sandbox was not started with --record-secrets (fixture sandbox_secretscan)");
    m_record = health.value(u"dataDir"_s).toString() + u"/recorded-secrets.jsonl"_s;
    m_recordOffset = QFileInfo(m_record).size(); // earlier runs of the fixture are not ours

    for (const char* part :
         {"home", "config", "cache", "data", "state", "runtime", "tmp", "traces"}) {
        QVERIFY(QDir().mkpath(tree(QLatin1String(part))));
    }
    QVERIFY(QFile::setPermissions(tree(u"runtime"_s),
                                  QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    // The profile (non-secret): the sandbox defaults, one keychain entry of its own.
    const QString profiles = tree(u"config"_s) + u"/Fabrikam/Fabrikam Desktop/profiles"_s;
    QVERIFY(QDir().mkpath(profiles));
    QFile profile(profiles + u'/' + kProfile + u".json"_s);
    QVERIFY(profile.open(QIODevice::WriteOnly));
    profile.write("{}");
}

int TestSecretScan::cli(const QStringList& args)
{
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert(u"HOME"_s, tree(u"home"_s));
    e.insert(u"XDG_CONFIG_HOME"_s, tree(u"config"_s));
    e.insert(u"XDG_CACHE_HOME"_s, tree(u"cache"_s));
    e.insert(u"XDG_DATA_HOME"_s, tree(u"data"_s));
    e.insert(u"XDG_STATE_HOME"_s, tree(u"state"_s));
    e.insert(u"XDG_RUNTIME_DIR"_s, tree(u"runtime"_s));
    e.insert(u"TMPDIR"_s, tree(u"tmp"_s));
    // Every debug category of the app and of Qt: what support staff turn on first.
    e.insert(u"QT_LOGGING_RULES"_s, u"*.debug=true"_s);
    // The scripted person keeps its cookie jar and log aside: they are the browser's, not ours.
    e.insert(u"BROWSER"_s, QStringLiteral(FABRIKAM_SCRIPTED_BROWSER));
    e.insert(u"FABRIKAM_PERSON_USER"_s, kUser);
    e.insert(u"FABRIKAM_PERSON_ACTION"_s, u"complete"_s);
    e.insert(u"FABRIKAM_PERSON_PROFILE"_s, m_aside.filePath(u"browser"_s));
    e.insert(u"FABRIKAM_PERSON_LOG"_s, m_aside.filePath(u"browser.log"_s));
    e.insert(u"FABRIKAM_SANDBOX_ADMIN"_s, m_admin);

    QProcess p;
    p.setProcessEnvironment(e);
    p.setWorkingDirectory(tree(u"home"_s));
    QStringList all{u"--profile"_s,      kProfile, u"--issuer"_s, m_issuer,
                    u"--api-base-url"_s, m_api,    u"--trace"_s,  tree(u"traces/cli.trace.jsonl"_s),
                    u"--timeout"_s,      u"90"_s};
    all += args;
    p.start(QStringLiteral(FABRIKAM_CLI_PATH), all);
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
    }
    const QByteArray printed = p.readAllStandardOutput() + p.readAllStandardError();
    m_output.append({args.first(), printed});
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

SecretList TestSecretScan::recorded() const
{
    return recordedSecrets(m_record, m_recordOffset, kUser, QStringLiteral(FABRIKAM_SEED_USERS),
                           m_started,
                           m_finished.isValid() ? m_finished : QDateTime::currentDateTimeUtc());
}

// Exit codes only in failure messages: what the CLI printed is scanned, never shown.
#define CLI_OK(...)                                                                                \
    do {                                                                                           \
        const int code_ = cli(__VA_ARGS__);                                                        \
        QVERIFY2(code_ == 0, qPrintable(u"exit code %1"_s.arg(code_)));                            \
    } while (false)

void TestSecretScan::fullFlowWithTracing()
{
    m_started = QDateTime::currentDateTimeUtc();
    CLI_OK({u"login"_s, u"--json"_s});
    CLI_OK({u"whoami"_s, u"--json"_s});
    CLI_OK({u"accounts"_s, u"--json"_s});
    CLI_OK({u"transfer"_s, u"--from"_s, u"acc-dave-chk"_s, u"--to"_s, u"acc-dave-sav"_s,
            u"--amount"_s, u"3.21"_s, u"--memo"_s, u"secret scan"_s, u"--json"_s});
    QString figures;
    const QString keychain = Test::keychainHoldsOnlyTheNewestRefreshToken(
        recorded(), kKeychainService, kProfile, kUser, &figures);
    QVERIFY2(keychain.isEmpty(), qPrintable(keychain));
    qInfo("keychain: %s", qPrintable(figures)); // after the step-up, before the logout
    CLI_OK({u"statements"_s, u"--account"_s, u"acc-dave-chk"_s});
    CLI_OK({u"whoami"_s});
    CLI_OK({u"logout"_s, u"--json"_s});
    m_finished = QDateTime::currentDateTimeUtc();

    // Signed out: no entry of this profile is left in the keychain.
    const QString left = Test::profileLeftInKeychain(kKeychainService, kProfile);
    QVERIFY2(left.isEmpty(), qPrintable(left));
}

// The scan is only as good as its list: each kind must be there, in the numbers the flow implies.
void TestSecretScan::everyKindOfSecretWasRecorded()
{
    QVERIFY(m_finished.isValid());
    const SecretList secrets = recorded();
    qInfo("recorded: %s", qPrintable(secrets.summary()));
    // login, transfer step-up, statements verification: three codes exchanged with a verifier each
    QVERIFY(secrets.count(SecretKind::AuthorizationCode) >= 3);
    QCOMPARE(secrets.count(SecretKind::CodeVerifier), secrets.count(SecretKind::AuthorizationCode));
    QVERIFY(secrets.count(SecretKind::AccessToken) >= 3); // login + refreshes on restore
    QVERIFY(secrets.count(SecretKind::ElevatedAccessToken) >= 1);
    QVERIFY(secrets.count(SecretKind::IdToken) >= 3);
    QVERIFY(secrets.count(SecretKind::RefreshToken) >= 3); // rotated on every restore
    QVERIFY(secrets.count(SecretKind::OneTimeCode) >= 3);
    QCOMPARE(secrets.count(SecretKind::Password), 1);
}

void TestSecretScan::nothingLeaked()
{
    QVERIFY(m_finished.isValid());
    const SecretList secrets = recorded();
    SecretScan scan(secrets);
    scan.scanTree(m_tree.path());
    for (const auto& [command, printed] : std::as_const(m_output)) {
        scan.scanBytes(u"output of fabrikam-cli "_s + command, printed);
    }
    qInfo("scanned %d files and %d captured outputs, %lld bytes, for %lld secrets (%lld search "
          "forms): %s",
          scan.files(), scan.buffers(), static_cast<long long>(scan.bytes()),
          static_cast<long long>(secrets.entries().size()), static_cast<long long>(scan.needles()),
          qPrintable(scan.report()));
    qInfo("files: %s", qPrintable(scan.fileNames().join(u", "_s)));
    QVERIFY(QFileInfo(tree(u"traces/cli.trace.jsonl"_s)).size() > 0); // the trace was written
    QCOMPARE(m_output.size(), 7);
    // Debug output was on: the API client's lines (with redacted tokens) were printed.
    QVERIFY(m_output.at(2).second.contains("GET /accounts"));
    QVERIFY2(scan.hits().isEmpty(), qPrintable(scan.report()));
}

// The control run: the same scanner over a copy of the tree with real secrets of every kind
// planted (whole, cut to 16 characters, as a JWT's signature alone, a code inside JSON) must
// report each one: a scan that cannot fail would prove nothing.
void TestSecretScan::theScanFindsPlantedSecrets()
{
    const SecretList secrets = recorded();
    const QString control = m_aside.filePath(u"control"_s);
    QVERIFY(QDir().mkpath(control));
    int planted = 0;
    for (const SecretKind kind : kAllSecretKinds) {
        const QList<QByteArray> values = secrets.values(kind);
        QVERIFY2(!values.isEmpty(), qPrintable(kindName(kind)));
        QByteArray text = "{\"event\":\"x\",\"value\":\"" + values.last() + "\"}\n";
        if (kind == SecretKind::IdToken) {
            text = "sig=" + values.last().split('.').last() + '\n';
        } else if (kind == SecretKind::RefreshToken) {
            text = "rt=" + values.last().first(16) + "...\n";
        }
        QFile file(control + u"/planted-%1.txt"_s.arg(planted++));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text);
    }
    SecretScan scan(secrets);
    scan.scanTree(control);
    scan.scanBytes(u"a benign number"_s, "balance 1234567890 and port 19340");
    QCOMPARE(scan.files(), planted);
    QSet<SecretKind> found;
    for (const SecretScan::Hit& hit : scan.hits()) {
        found.insert(hit.kind);
    }
    QCOMPARE(found.size(), qsizetype(std::size(kAllSecretKinds)));
    QVERIFY(std::all_of(scan.hits().cbegin(), scan.hits().cend(),
                        [](const SecretScan::Hit& h) { return h.where != u"a benign number"_s; }));
    QVERIFY(scan.jwtShapedHits() >= 1); // the planted access tokens are JWTs
}

QTEST_GUILESS_MAIN(TestSecretScan)
#include "tst_secretscan.moc"
