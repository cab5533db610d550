// fabrikam-cli against the adversarial OpenID Provider (tests/support/adversarial-op), one issuer
// per case (http://127.0.0.1:PORT/cli-<pid>/<case>), the provider's "browser" in the seam
// (BROWSER=…/browser.mjs: no login, it follows the redirect to the loopback receiver), and the
// throwaway keyring of scripts/with-test-session.
//
// For every case that must be refused: `login` exits with the documented code (65 authentication
// refused; 69 for a provider that does not answer in time or fails with 5xx; 68 when the only
// callback carries a wrong state, which is ignored until the browser timeout, RFC 8252 §8.9, and
// the timeout then says that an answer for another sign-in was ignored), says so in one clean line,
// names the problem in --json (error code and detail) and keeps tokens out of everything it writes;
// a `whoami` in a new process finds nobody; the keychain holds no entry for the profile (read
// directly); and after the provider heals, the same profile signs in, is remembered and signs out.
// The positive controls sign in, are restored by a new process and sign out. All cases run at once
// (8 at a time), so the slow ones cost their 15 s only once.
#include "common/clock.h"
#include "support/productwords.h"
#include "support/sandboxenv.h"
#include "vault/errors.h"
#include "vault/keychainstore.h"
#include "vault/tokenvault.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <deque>
#include <functional>
#include <memory>
#include <utility>

using namespace Fabrikam;
using namespace Qt::StringLiterals;

namespace {

// The product's sentences (support/productwords.h), and those only the CLI's cases meet.
using namespace Test::Words;
constexpr auto kUnreachable = "cannot be reached";
// A timeout after only callbacks for another sign-in says so (Error::note, from the loopback
// receiver).
constexpr auto kStrayAnswer =
    "An answer arrived that did not belong to this sign-in (its state was "
    "missing or did not match) and was ignored. If you did not start "
    "another sign-in, someone may be trying to interfere.";
constexpr auto kStrayDetail = "1 callback with a missing or unexpected state was ignored";

enum class Kind
{
    Refused,        // login refused; nothing stored; usable after the provider heals
    Accepted,       // a positive control
    Rotated,        // login; the provider rotates; a new process is restored by a refresh
    RefreshRefused, // login fine; the refresh in a new process is refused and ends the session
};

struct Expectation
{
    Kind kind = Kind::Refused;
    int exit = 65;
    QString error;   // ErrorCode name in --json
    QString message; // fragment of the one line on stderr
    QString detail;  // fragment of --json "detail": what exactly was wrong
    // Hits the provider must never see (the attacker's URLs in token headers, UserInfo).
    QStringList neverHit;
};

// Every case of tests/support/adversarial-op/cases.mjs that the CLI runs. The GUI test has the
// one two-act case a single CLI process cannot show (a kid unknown after a cached JWKS).
QList<QPair<QString, Expectation>> expectations()
{
    const auto refused = [](int exit, const char* error, const char* message, const char* detail,
                            QStringList neverHit = {}) {
        return Expectation{Kind::Refused,
                           exit,
                           QString::fromLatin1(error),
                           QString::fromLatin1(message),
                           QString::fromLatin1(detail),
                           std::move(neverHit)};
    };
    const Expectation accepted{Kind::Accepted, 0, {}, {}, {}, {}};
    return {
        // Positive controls.
        {u"good"_s, accepted},
        // Its sign-in is correct; its re-authorizations are tst_reauthentication's.
        {u"reauth-sub-changed"_s, accepted},
        {u"good-es256"_s, accepted},
        {u"good-ps256"_s, accepted},
        {u"no-kid-one-key"_s, accepted},
        {u"junk-keys"_s, accepted},
        {u"jwks-many-keys"_s, accepted},
        {u"aud-multi-azp"_s, accepted},
        {u"jwks-redirect-loopback"_s, accepted},
        // The app never calls UserInfo (src/auth has no such request): its other sub is moot.
        {u"userinfo-sub-mismatch"_s, Expectation{Kind::Accepted, 0, {}, {}, {}, {u"userinfo"_s}}},
        {u"rotation"_s, Expectation{Kind::Rotated, 0, {}, {}, {}, {}}},
        // The signature and the key.
        {u"sig-forged"_s, refused(65, "InvalidSignature", kBadSignature, "does not verify")},
        {u"sig-corrupted"_s, refused(65, "InvalidSignature", kBadSignature, "does not verify")},
        {u"sig-stripped"_s, refused(65, "InvalidSignature", kBadSignature, "has 0 octets")},
        {u"alg-none"_s, refused(65, "UnsupportedAlgorithm", kRefusedAlg, "alg none")},
        {u"alg-hs256-pubkey"_s, refused(65, "UnsupportedAlgorithm", kRefusedAlg, "HMAC")},
        {u"alg-key-mismatch"_s, refused(65, "AlgorithmKeyMismatch", kNoKey, "does not fit RS256")},
        {u"header-jwk"_s, refused(65, "InvalidSignature", kBadSignature, "does not verify")},
        {u"header-jku"_s,
         refused(65, "UnknownKeyId", kNoKey, "no key with the header's kid", {u"_evil/jwks"_s})},
        {u"header-x5u"_s, refused(65, "UnknownKeyId", kNoKey, "no key with the header's kid",
                                  {u"_evil/cert.pem"_s})},
        {u"header-x5c"_s, refused(65, "InvalidSignature", kBadSignature, "does not verify")},
        {u"kid-unknown"_s, refused(65, "UnknownKeyId", kNoKey, "no key with the header's kid")},
        {u"no-kid-two-keys"_s, refused(65, "AmbiguousKey", kNoKey, "no kid and 2 keys fit")},
        {u"jwks-empty"_s, refused(65, "UnknownKeyId", kNoKey, "no key with the header's kid")},
        // The ID token's form and claims.
        {u"token-jwe"_s, refused(65, "MalformedToken", kUnreadable, "encrypted tokens")},
        {u"token-crit"_s, refused(65, "UnsupportedCriticalHeader", kRefusedAlg, "critical")},
        {u"claims-duplicate"_s, refused(65, "MalformedToken", kUnreadable, "duplicate member")},
        {u"id-token-oversized"_s, refused(65, "TokenTooLarge", kUnreadable, "exceeds the limit")},
        {u"iss-wrong"_s, refused(65, "IssuerMismatch", kRejected, "iss is not the configured")},
        {u"aud-wrong"_s, refused(65, "AudienceMismatch", kRejected, "aud does not contain")},
        {u"aud-multi-no-azp"_s, refused(65, "AuthorizedPartyMissing", kRejected, "no azp")},
        {u"azp-wrong"_s, refused(65, "AuthorizedPartyMismatch", kRejected, "azp is not")},
        {u"expired"_s, refused(65, "TokenExpired", kClock, "expired 600 s ago")},
        {u"exp-missing"_s, refused(65, "MissingClaim", kRejected, "claim exp is missing")},
        {u"iat-missing"_s, refused(65, "MissingClaim", kRejected, "claim iat is missing")},
        {u"iat-future"_s, refused(65, "IssuedInFuture", kClock, "iat is 3600 s ahead")},
        {u"nonce-missing"_s, refused(65, "NonceMissing", kRejected, "nonce is missing")},
        {u"nonce-wrong"_s, refused(65, "NonceMismatch", kRejected, "nonce does not match")},
        {u"sub-missing"_s, refused(65, "MissingClaim", kRejected, "claim sub is missing")},
        {u"sub-not-string"_s, refused(65, "InvalidClaim", kRejected, "sub is not a string")},
        // Discovery.
        {u"disc-iss-wrong"_s,
         refused(65, "ProviderMisconfigured", kMisconfigured, "is not the profile's issuer")},
        {u"disc-insecure-endpoint"_s, refused(65, "InsecureEndpoint", kInsecure, "token_endpoint")},
        {u"disc-no-s256"_s, refused(65, "ProviderMisconfigured", kMisconfigured, "PKCE S256")},
        {u"disc-non-json"_s,
         refused(65, "ProviderMisconfigured", kMisconfigured, "not a JSON object")},
        {u"disc-oversized"_s,
         refused(65, "ProviderMisconfigured", kMisconfigured, "larger than 262144 bytes")},
        {u"disc-huge"_s,
         refused(65, "InvalidProviderResponse", kUnusable, "discovery: answer larger than")},
        {u"disc-redirect-evil"_s,
         refused(65, "InsecureEndpoint", kInsecure, "discovery: redirect")},
        // The JWK Set.
        {u"jwks-non-json"_s, refused(65, "InvalidKeySet", kKeys, "not a JSON object")},
        {u"jwks-oversized"_s, refused(65, "InvalidKeySet", kKeys, "too large")},
        {u"jwks-huge"_s, refused(65, "InvalidProviderResponse", kUnusable, "JWKS: answer larger")},
        {u"jwks-redirect-evil"_s, refused(65, "InsecureEndpoint", kInsecure, "JWKS: redirect")},
        // The authorization response. A callback with another state is not ours: answered with
        // an error page and ignored, so the wait ends at the browser timeout, which names it.
        {u"state-wrong"_s, refused(68, "Timeout", kStrayAnswer, kStrayDetail)},
        {u"state-missing"_s, refused(68, "Timeout", kStrayAnswer, kStrayDetail)},
        {u"authz-iss-wrong"_s,
         refused(65, "IssuerMismatch", "different identity provider", "iss does not match")},
        {u"authz-iss-missing"_s,
         refused(65, "IssuerMissing", "did not say which identity provider", "iss missing")},
        {u"authz-error-denied"_s,
         refused(65, "AuthorizationDenied", "Sign-in did not complete: The user declined",
                 "error=access_denied")},
        {u"authz-error-server"_s,
         refused(65, "AuthorizationFailed", "Sign-in did not complete: server_error",
                 "error=server_error")},
        {u"authz-error-hostile"_s,
         refused(65, "AuthorizationFailed", "Your account is LOCKED", "error=invalid_request")},
        {u"authz-code-missing"_s,
         refused(65, "CallbackInvalid", "malformed", "neither code nor error")},
        {u"authz-code-repeated"_s,
         refused(65, "CallbackInvalid", "malformed", "repeated parameter: code")},
        // The token endpoint.
        {u"token-invalid-grant"_s,
         refused(65, "TokenRequestRejected", "refused the request: The code has expired",
                 "invalid_grant")},
        {u"token-error-hostile"_s,
         refused(65, "TokenRequestRejected", "Your account is LOCKED", "invalid_grant")},
        {u"token-500"_s, refused(69, "ProviderUnavailable", "not available right now", "HTTP 500")},
        {u"token-non-json"_s, refused(65, "InvalidProviderResponse", kUnusable, "not a JSON")},
        {u"token-oversized"_s, refused(65, "InvalidProviderResponse", kUnusable, "over 64 KiB")},
        {u"token-huge"_s,
         refused(65, "InvalidProviderResponse", kUnusable, "token endpoint: answer larger")},
        {u"token-redirect-evil"_s, refused(65, "InvalidProviderResponse", kUnusable, "HTTP 307")},
        {u"token-no-id-token"_s,
         refused(65, "InvalidProviderResponse", "did not confirm who signed in", "no id_token")},
        {u"token-type-wrong"_s, refused(65, "InvalidProviderResponse", kUnusable, "not Bearer")},
        // Slow answers end at the client's 15 s deadline (a dripping answer included).
        {u"slow-discovery"_s, refused(69, "ProviderUnavailable", kUnreachable, "discovery: ")},
        {u"slow-jwks"_s, refused(69, "ProviderUnavailable", kUnreachable, "JWKS: ")},
        {u"slow-token-drip"_s, refused(69, "ProviderUnavailable", kUnreachable,
                                       "token endpoint: no complete answer in time")},
        // The refresh grant.
        {u"refresh-sub-changed"_s, Expectation{Kind::RefreshRefused,
                                               65,
                                               u"IssuerMismatch"_s,
                                               u"answered for another person"_s,
                                               u"changed iss, sub or aud"_s,
                                               {}}},
        // A new process has no ID token in memory: the aud saved with the session is compared.
        {u"refresh-aud-changed"_s, Expectation{Kind::RefreshRefused,
                                               65,
                                               u"IssuerMismatch"_s,
                                               u"answered for another person"_s,
                                               u"changed iss, sub or aud"_s,
                                               {}}},
    };
}

const QStringList kGuiOnlyCases{u"kid-unknown-later"_s};

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    qint64 ms = 0;
    [[nodiscard]] QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

// What happened to one case, step by step.
struct Record
{
    Run login;
    Run secondLogin; // RefreshRefused: the refused restore
    Run whoamiAfter; // a new process after the refusal
    std::optional<bool> keychainEmpty;
    Run healedLogin;
    Run healedWhoami;
    Run logout;
    Run whoamiAfterLogout;
    QJsonObject stats;
    QString trace;
    QString browserLog;
    bool finished = false;
    QStringList failures; // steps that could not run (e.g. an admin call failed)
};

QString printableOrEscaped(const QByteArray& bytes)
{
    QString out;
    for (const QChar c : QString::fromUtf8(bytes)) {
        out += c == u'\n' || c.isPrint() ? QString(c)
                                         : u"\\u%1"_s.arg(int(c.unicode()), 4, 16, QChar(u'0'));
    }
    return out;
}

} // namespace

class TestAdversarialCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void everyCaseIsCovered();
    void cases_data();
    void cases();
    void casesRanConcurrently();

private:
    using Step = std::function<void(std::function<void()> next)>;

    void runAll();
    void startNextChain();
    void runSteps(std::shared_ptr<std::deque<Step>> steps, std::function<void()> finished);
    void cli(const QString& name, const QStringList& args, std::function<void(Run)> done);
    void admin(const QString& name, const QByteArray& method, const QString& what,
               std::function<void(QJsonObject)> done);
    void keychainIsEmpty(const QString& name, std::function<void(bool)> done);
    QList<Step> chainFor(const QString& name, const Expectation& e);
    [[nodiscard]] QString issuer(const QString& name) const
    {
        return m_op + u"/"_s + m_tag + u"/"_s + name;
    }
    [[nodiscard]] QString profile(const QString& name) const { return u"adv-"_s + name + m_suffix; }

    QTemporaryDir m_dir{QDir::tempPath() + u"/fabrikam-adversarial-cli-XXXXXX"_s};
    const QString m_cli = QStringLiteral(FABRIKAM_CLI_PATH);
    const QString m_op = Test::envOr("FABRIKAM_ADVERSARIAL_OP", "http://127.0.0.1:18750");
    const QString m_tag = u"cli-%1"_s.arg(QCoreApplication::applicationPid());
    const QString m_suffix = u"-%1"_s.arg(QCoreApplication::applicationPid());
    QNetworkAccessManager m_network;
    Common::SystemClock m_clock;
    Vault::KeychainStore m_keychain{u"com.fabrikam.desktop"_s};
    Vault::TokenVault m_vault{m_keychain, m_clock};

    QHash<QString, Record> m_records;
    QList<QPair<QString, QList<Step>>> m_queue;
    int m_running = 0;
    int m_maxRunning = 0;
    int m_remaining = 0;
    qint64 m_totalMs = 0;
    qint64 m_sumOfLoginMs = 0;
};

void TestAdversarialCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_dir.setAutoRemove(qEnvironmentVariableIsEmpty("FABRIKAM_KEEP_TEST_DIR"));
    QVERIFY2(QFile::exists(m_cli), qPrintable(m_cli));
    // The CLI's own profiles (one per case, so keychain entries never mix) live here.
    QDir().mkpath(m_dir.filePath(u"config/Fabrikam/Fabrikam Desktop/profiles"_s));

    QNetworkReply* health = m_network.get(QNetworkRequest(QUrl(m_op + u"/_health"_s)));
    QTRY_VERIFY_WITH_TIMEOUT(health->isFinished(), 5000);
    QVERIFY2(health->error() == QNetworkReply::NoError,
             qPrintable(u"the adversarial provider does not answer at %1 (CTest fixture "
                        "adversarial_op)"_s.arg(m_op)));
    health->deleteLater();

    QElapsedTimer clock;
    clock.start();
    runAll();
    QTRY_VERIFY_WITH_TIMEOUT(m_remaining == 0, 150000);
    m_totalMs = clock.elapsed();
    qInfo("%lld cases in %lld ms (%d at a time; %lld ms of logins in sequence)",
          static_cast<long long>(m_records.size()), static_cast<long long>(m_totalMs), m_maxRunning,
          static_cast<long long>(m_sumOfLoginMs));
}

void TestAdversarialCli::everyCaseIsCovered()
{
    QNetworkReply* reply = m_network.get(QNetworkRequest(QUrl(m_op + u"/_cases"_s)));
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 5000);
    const QJsonObject served = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    const QStringList servedList = served.keys();
    QSet<QString> servedNames(servedList.cbegin(), servedList.cend());
    QSet<QString> tested;
    for (const auto& [name, e] : expectations()) {
        tested.insert(name);
    }
    for (const QString& name : kGuiOnlyCases) {
        tested.insert(name);
    }
    QVERIFY2(servedNames.subtract(tested).isEmpty(),
             qPrintable(u"cases without an expectation: "_s +
                        QStringList(servedNames.values()).join(u", ")));
    servedNames = QSet<QString>(servedList.cbegin(), servedList.cend());
    QVERIFY2(tested.subtract(servedNames).isEmpty(),
             qPrintable(u"expectations for unknown cases: "_s +
                        QStringList(tested.values()).join(u", ")));
}

void TestAdversarialCli::runAll()
{
    auto all = expectations();
    // The slow ones first, so their waits overlap the rest.
    std::stable_partition(all.begin(), all.end(), [](const auto& c) {
        return c.first.startsWith(u"slow-") || c.first.startsWith(u"state-");
    });
    for (const auto& [name, e] : all) {
        m_records.insert(name, Record{});
        m_queue.append({name, chainFor(name, e)});
    }
    m_remaining = int(m_queue.size());
    for (int i = 0; i < 8; ++i) {
        startNextChain();
    }
}

void TestAdversarialCli::startNextChain()
{
    if (m_queue.isEmpty()) {
        return;
    }
    auto [name, chain] = m_queue.takeFirst();
    ++m_running;
    m_maxRunning = std::max(m_maxRunning, m_running);
    auto steps = std::make_shared<std::deque<Step>>(chain.begin(), chain.end());
    runSteps(steps, [this, name = name] {
        Record& r = m_records[name];
        r.finished = true;
        QFile trace(m_dir.filePath(name + u".trace.jsonl"_s));
        if (trace.open(QIODevice::ReadOnly)) {
            r.trace = QString::fromUtf8(trace.readAll());
        }
        QFile browser(m_dir.filePath(name + u".browser.jsonl"_s));
        if (browser.open(QIODevice::ReadOnly)) {
            r.browserLog = QString::fromUtf8(browser.readAll());
        }
        --m_running;
        --m_remaining;
        startNextChain();
    });
}

void TestAdversarialCli::runSteps(std::shared_ptr<std::deque<Step>> steps,
                                  std::function<void()> finished)
{
    if (steps->empty()) {
        finished();
        return;
    }
    Step step = std::move(steps->front());
    steps->pop_front();
    step([this, steps, finished] {
        // Always from the event loop: a chain never grows the stack.
        QTimer::singleShot(0, this, [this, steps, finished] { runSteps(steps, finished); });
    });
}

void TestAdversarialCli::cli(const QString& name, const QStringList& args,
                             std::function<void(Run)> done)
{
    auto* p = new QProcess(this);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // The provider's "browser", run by node itself (no reliance on PATH or the shebang).
    env.insert(u"BROWSER"_s, u"\"%1\" \"%2\""_s.arg(QStringLiteral(FABRIKAM_NODE_EXECUTABLE),
                                                    QStringLiteral(FABRIKAM_ADVERSARIAL_BROWSER)));
    env.insert(u"ADVERSARIAL_BROWSER_LOG"_s, m_dir.filePath(name + u".browser.jsonl"_s));
    env.insert(u"XDG_CONFIG_HOME"_s, m_dir.filePath(u"config"_s));
    QFile profileFile(m_dir.filePath(u"config/Fabrikam/Fabrikam Desktop/profiles/"_s +
                                     profile(name) + u".json"_s));
    if (!profileFile.exists() && profileFile.open(QIODevice::WriteOnly)) {
        profileFile.write("{}");
        profileFile.close();
    }
    p->setProcessEnvironment(env);
    QStringList all{u"--profile"_s,      profile(name),
                    u"--issuer"_s,       issuer(name),
                    u"--client-id"_s,    u"adversarial-rp"_s,
                    u"--api-base-url"_s, issuer(name) + u"/api"_s,
                    u"--trace"_s,        m_dir.filePath(name + u".trace.jsonl"_s),
                    u"--json"_s};
    all += args;
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    // A guard: no single run may hang the suite.
    auto* guard = new QTimer(p);
    guard->setSingleShot(true);
    connect(guard, &QTimer::timeout, p, [p] { p->kill(); });
    guard->start(60000);
    auto complete = [p, timer, done = std::move(done), called = false](int code) mutable {
        if (std::exchange(called, true)) {
            return;
        }
        Run run;
        run.exitCode = code;
        run.out = p->readAllStandardOutput();
        run.err = p->readAllStandardError();
        run.ms = timer->elapsed();
        p->deleteLater();
        done(std::move(run));
    };
    auto shared = std::make_shared<decltype(complete)>(std::move(complete));
    connect(p, &QProcess::finished, this, [shared](int code, QProcess::ExitStatus status) {
        (*shared)(status == QProcess::NormalExit ? code : -1);
    });
    connect(p, &QProcess::errorOccurred, this, [p, shared](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart) {
            qWarning("fabrikam-cli failed to start: %s", qPrintable(p->errorString()));
            (*shared)(-1);
        }
    });
    p->start(m_cli, all);
}

void TestAdversarialCli::admin(const QString& name, const QByteArray& method, const QString& what,
                               std::function<void(QJsonObject)> done)
{
    QNetworkRequest request(QUrl(issuer(name) + u"/_admin/"_s + what));
    request.setTransferTimeout(10000);
    QNetworkReply* reply = m_network.sendCustomRequest(request, method);
    connect(reply, &QNetworkReply::finished, this, [reply, done = std::move(done)] {
        reply->deleteLater();
        done(reply->error() == QNetworkReply::NoError
                 ? QJsonDocument::fromJson(reply->readAll()).object()
                 : QJsonObject{{u"admin_error"_s, reply->errorString()}});
    });
}

void TestAdversarialCli::keychainIsEmpty(const QString& name, std::function<void(bool)> done)
{
    // The profile's index entry and the one record a sign-in there would write.
    m_vault.load(profile(name), this,
                 [this, name, done = std::move(done)](
                     Common::Result<std::optional<Vault::SessionRecord>> loaded) {
                     if (!loaded.ok() || loaded.value().has_value()) {
                         done(false);
                         return;
                     }
                     m_keychain.read(Vault::TokenVault::recordKey(profile(name), u"adv-user-1"_s),
                                     this, [done](Common::Result<QByteArray> record) {
                                         done(!record.ok() &&
                                              record.error().code == Vault::Errc::EntryNotFound);
                                     });
                 });
}

QList<TestAdversarialCli::Step> TestAdversarialCli::chainFor(const QString& name,
                                                             const Expectation& e)
{
    const auto run = [this, name](QStringList args, Run Record::*into) -> Step {
        return [this, name, args, into](std::function<void()> next) {
            cli(name, args, [this, name, into, next](Run result) {
                m_records[name].*into = std::move(result);
                next();
            });
        };
    };
    const auto adminStep = [this, name](const QByteArray& method, const QString& what) -> Step {
        return [this, name, method, what](std::function<void()> next) {
            admin(name, method, what, [this, name, next](QJsonObject answer) {
                if (answer.contains(u"admin_error"_s)) {
                    m_records[name].failures.append(answer[u"admin_error"_s].toString());
                }
                if (answer.contains(u"hits"_s)) {
                    m_records[name].stats = answer;
                }
                next();
            });
        };
    };
    const Step keychain = [this, name](std::function<void()> next) {
        keychainIsEmpty(name, [this, name, next](bool empty) {
            m_records[name].keychainEmpty = empty;
            next();
        });
    };
    const Step countLogin = [this, name](std::function<void()> next) {
        m_sumOfLoginMs += m_records[name].login.ms;
        next();
    };
    // A callback with a wrong state is ignored until the browser timeout: keep that one short.
    const QStringList firstLogin{u"login"_s, u"--timeout"_s,
                                 name.startsWith(u"state-") ? u"3"_s : u"60"_s};
    const QStringList login{u"login"_s, u"--timeout"_s, u"60"_s};
    const QStringList whoami{u"whoami"_s};
    const QStringList logout{u"logout"_s};
    switch (e.kind) {
    case Kind::Refused:
        return {run(firstLogin, &Record::login),   countLogin,
                run(whoami, &Record::whoamiAfter), keychain,
                adminStep("GET", u"stats"_s),      adminStep("POST", u"heal"_s),
                run(login, &Record::healedLogin),  run(whoami, &Record::healedWhoami),
                run(logout, &Record::logout)};
    case Kind::Accepted:
        return {run(login, &Record::login),
                countLogin,
                run(whoami, &Record::healedWhoami),
                run(logout, &Record::logout),
                run(whoami, &Record::whoamiAfterLogout),
                adminStep("GET", u"stats"_s)};
    case Kind::Rotated:
        return {run(login, &Record::login),
                countLogin,
                adminStep("POST", u"rotate"_s),
                run(whoami, &Record::healedWhoami),
                adminStep("GET", u"stats"_s),
                run(logout, &Record::logout),
                run(whoami, &Record::whoamiAfterLogout)};
    case Kind::RefreshRefused:
        return {run(login, &Record::login),
                countLogin,
                run(whoami, &Record::secondLogin),
                run(whoami, &Record::whoamiAfter),
                keychain,
                adminStep("POST", u"heal"_s),
                run(login, &Record::healedLogin),
                run(whoami, &Record::healedWhoami),
                run(logout, &Record::logout)};
    }
    return {};
}

void TestAdversarialCli::cases_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("exit");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("detail");
    QTest::addColumn<QStringList>("neverHit");
    for (const auto& [name, e] : expectations()) {
        QTest::newRow(qPrintable(name))
            << name << int(e.kind) << e.exit << e.error << e.message << e.detail << e.neverHit;
    }
}

void TestAdversarialCli::cases()
{
    QFETCH(QString, name);
    QFETCH(int, kind);
    QFETCH(int, exit);
    QFETCH(QString, error);
    QFETCH(QString, message);
    QFETCH(QString, detail);
    QFETCH(QStringList, neverHit);
    QVERIFY(m_records.contains(name));
    const Record& r = m_records[name];
    QVERIFY(r.finished);
    QVERIFY2(r.failures.isEmpty(), qPrintable(r.failures.join(u"; ")));

    // Nothing that a token, code or refresh token looks like, anywhere the CLI writes. (The
    // authorization URL it prints for opening by hand is left out: state and nonce are public.)
    static const QRegularExpression secret(u"eyJ|(?<![A-Za-z0-9_-])(at|rt|c)-[A-Za-z0-9_-]{30}"_s);
    for (const Run* run : {&r.login, &r.secondLogin, &r.whoamiAfter, &r.healedLogin,
                           &r.healedWhoami, &r.logout, &r.whoamiAfterLogout}) {
        QString text = QString::fromUtf8(run->out + run->err);
        text.remove(QRegularExpression(u"^  http\\S+/authorize\\?\\S*$"_s,
                                       QRegularExpression::MultilineOption));
        QVERIFY2(!secret.match(text).hasMatch(),
                 qPrintable(printableOrEscaped(run->out + run->err)));
    }
    QVERIFY2(!secret.match(r.trace).hasMatch(), qPrintable(r.trace));

    // What the provider must never have been asked.
    for (const QString& endpoint : neverHit) {
        QVERIFY2(r.stats.contains(u"hits"_s), qPrintable(name));
        QCOMPARE(r.stats[u"hits"_s][endpoint].toInt(), 0);
    }

    const auto signedIn = [](const Run& run, const char* step) {
        QVERIFY2(run.exitCode == 0, qPrintable(u"%1: exit %2: %3"_s.arg(QLatin1String(step))
                                                   .arg(run.exitCode)
                                                   .arg(printableOrEscaped(run.err))));
        QCOMPARE(run.json()[u"sub"_s].toString(), u"adv-user-1"_s);
    };

    if (kind == int(Kind::Accepted) || kind == int(Kind::Rotated)) {
        signedIn(r.login, "login");
        if (QTest::currentTestFailed()) {
            return;
        }
        QCOMPARE(r.login.json()[u"remembered"_s].toBool(), true);
        signedIn(r.healedWhoami, "whoami in a new process");
        if (QTest::currentTestFailed()) {
            return;
        }
        QCOMPARE(r.logout.exitCode, 0);
        QCOMPARE(r.whoamiAfterLogout.exitCode, 2);
        if (kind == int(Kind::Rotated)) {
            // The restore's refresh brought a token signed with key-2, which only the JWKS after
            // the rotation publishes.
            QCOMPARE(r.stats[u"stage"_s].toInt(), 1);
            QVERIFY(r.stats[u"hits"_s][u"jwks"_s].toInt() >= 2);
        }
        return;
    }

    // The refusal: the documented exit code, one clean line, the problem named in --json.
    const Run& refusal = kind == int(Kind::RefreshRefused) ? r.secondLogin : r.login;
    if (kind == int(Kind::RefreshRefused)) {
        signedIn(r.login, "login before the refresh");
        if (QTest::currentTestFailed()) {
            return;
        }
    }
    QVERIFY2(refusal.exitCode == exit,
             qPrintable(u"exit %1, expected %2: %3"_s.arg(refusal.exitCode)
                            .arg(exit)
                            .arg(printableOrEscaped(refusal.err))));
    const QJsonObject json = refusal.json();
    QCOMPARE(json[u"error"_s].toString(), error);
    QVERIFY2(json[u"detail"_s].toString().contains(detail),
             qPrintable(json[u"detail"_s].toString()));
    const QString line = QString::fromUtf8(refusal.err).trimmed().section(u'\n', -1);
    QVERIFY2(line.startsWith(u"fabrikam-cli: "_s), qPrintable(printableOrEscaped(refusal.err)));
    QVERIFY2(line.contains(message), qPrintable(line));
    QCOMPARE(line, u"fabrikam-cli: "_s + json[u"message"_s].toString());
    // One line of printable text of a sensible length, whatever the provider sent.
    QVERIFY2(std::all_of(line.cbegin(), line.cend(), [](QChar c) { return c.isPrint(); }),
             qPrintable(printableOrEscaped(line.toUtf8())));
    QVERIFY2(line.size() <= 400, qPrintable(u"%1 characters"_s.arg(line.size())));
    // Besides that line, stderr holds only the browser notes (no Qt warnings, no provider text).
    const QStringList lines = QString::fromUtf8(refusal.err).split(u'\n', Qt::SkipEmptyParts);
    for (const QString& l : lines) {
        QVERIFY2(l == line || l.startsWith(u"Continue in your browser"_s) ||
                     l.startsWith(u"  "_s + issuer(name) + u"/authorize?"_s),
                 qPrintable(printableOrEscaped(l.toUtf8())));
    }
    if (name.startsWith(u"state-")) {
        // The browser was shown the receiver's "not the one we are waiting for" page.
        QVERIFY2(r.browserLog.contains(u"\"status\":400"_s), qPrintable(r.browserLog));
        // Still the timeout, and it says so first; the stray state itself is never repeated.
        QVERIFY2(line.startsWith(u"fabrikam-cli: Sign-in took too long"_s), qPrintable(line));
        QVERIFY2(!refusal.out.contains("not-the-state-you-sent") &&
                     !refusal.err.contains("not-the-state-you-sent"),
                 qPrintable(printableOrEscaped(refusal.out + refusal.err)));
    }

    // Nothing stored: a new process finds nobody, and neither does the keychain.
    QVERIFY2(r.whoamiAfter.exitCode == 2, qPrintable(printableOrEscaped(r.whoamiAfter.err)));
    QVERIFY(r.keychainEmpty.has_value());
    QVERIFY2(*r.keychainEmpty, "the keychain holds an entry for the profile");

    // Still usable: once the provider behaves, the same profile signs in and is remembered.
    signedIn(r.healedLogin, "login after the provider healed");
    if (QTest::currentTestFailed()) {
        return;
    }
    QCOMPARE(r.healedLogin.json()[u"remembered"_s].toBool(), true);
    signedIn(r.healedWhoami, "whoami after the healed login");
    QCOMPARE(r.logout.exitCode, 0);
}

void TestAdversarialCli::casesRanConcurrently()
{
    // The whole table stays inside the tier's time budget (the slow cases wait 15 s) because the
    // cases overlap: measured against the same logins' time in sequence, in this run, so a slow
    // machine (or the sanitizer build) cannot make it fail and one-at-a-time always would.
    QVERIFY2(m_maxRunning > 1, "the cases ran one at a time");
    QVERIFY2(m_totalMs * 3 < m_sumOfLoginMs * 2,
             qPrintable(u"%1 ms for %2 ms of logins"_s.arg(m_totalMs).arg(m_sumOfLoginMs)));
}

QTEST_GUILESS_MAIN(TestAdversarialCli)
#include "tst_adversarial_cli.moc"
