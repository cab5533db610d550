// AuthSession (src/auth/authsession) against the sandbox tenant that the CTest fixture started:
// the real OidcClient on a QNetworkAccessManager, the system clock, a scripted person in the
// browser seam (tests/support/scriptedbrowser) and a SessionPersistence that records what it is
// asked. Users: grace, frank, yvonne and walter only (other tests use the others; each one-time
// code is accepted once per 30 s step, so every MFA here is counted: grace 2, frank 2, yvonne 1,
// walter 3).
//
// The tests run in order and share two live sessions (grace's, frank's) and the browser profiles
// that hold their SSO cookies; a test run on its own signs in what it needs first.
#include "auth/authsession.h"
#include "auth/errors.h"
#include "auth/oidcclient.h"
#include "auth/sessionpersistence.h"
#include "common/clock.h"
#include "support/asyncoutcome.h"
#include "support/fakeclock.h"
#include "support/sandboxadmin.h"
#include "support/sandboxenv.h"
#include "support/scriptedbrowser.h"
#include "support/testkeys.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

using namespace Fabrikam;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using Common::ErrorCode;
using Common::Result;
using Test::describe;

namespace {

// Records, in order, what AuthSession asks of its persistence into a log shared with the test
// ("save.started", "save.completed", "clear.started", "clear.completed"). Answers "stored
// durably" after `delay` (always from the event loop, as the house convention wants).
class RecordingPersistence final : public Auth::SessionPersistence
{
public:
    explicit RecordingPersistence(QStringList& events)
        : m_events(events)
    {}

    void setDelay(std::chrono::milliseconds delay) { m_delay = delay; }
    // Runs right after "save.started" is recorded, while the save is still pending.
    void onSaveStarted(std::function<void()> hook) { m_onSaveStarted = std::move(hook); }
    [[nodiscard]] const QList<Auth::PersistedSession>& saved() const { return m_saved; }
    [[nodiscard]] int clears() const { return m_clears; }

    void save(const Auth::PersistedSession& session, QObject* context,
              Auth::Completion<bool> done) override
    {
        m_saved.append(session);
        m_events.append(u"save.started"_s);
        if (m_onSaveStarted) {
            m_onSaveStarted();
        }
        complete(context, std::move(done), u"save.completed"_s);
    }

    void clear(QObject* context, Auth::Completion<bool> done) override
    {
        ++m_clears;
        m_events.append(u"clear.started"_s);
        complete(context, std::move(done), u"clear.completed"_s);
    }

    // The refresh tokens a sign-out could not revoke, as the keychain would keep them.
    [[nodiscard]] QList<Auth::PersistedSession>& unrevokedTokens() { return m_unrevoked; }
    void keepForRevocation(const Auth::PersistedSession& token, QObject* context,
                           Auth::Completion<bool> done) override
    {
        m_unrevoked.append(token);
        complete(context, std::move(done), u"unrevoked.kept"_s);
    }
    void unrevoked(QObject* context, Auth::Completion<QList<Auth::PersistedSession>> done) override
    {
        Common::deliverLater(context, std::move(done),
                             Result<QList<Auth::PersistedSession>>(m_unrevoked));
    }
    void revoked(const QByteArray& refreshToken, QObject* context,
                 Auth::Completion<bool> done) override
    {
        m_unrevoked.removeIf(
            [&](const Auth::PersistedSession& t) { return t.refreshToken == refreshToken; });
        complete(context, std::move(done), u"unrevoked.dropped"_s);
    }

private:
    void complete(QObject* context, Auth::Completion<bool> done, const QString& event)
    {
        QTimer::singleShot(m_delay, context, [this, done = std::move(done), event] {
            m_events.append(event);
            done(Result<bool>(true));
        });
    }

    QStringList& m_events;
    std::chrono::milliseconds m_delay{0};
    std::function<void()> m_onSaveStarted;
    QList<Auth::PersistedSession> m_saved;
    QList<Auth::PersistedSession> m_unrevoked;
    int m_clears = 0;
};

// One session as the app composes it, with everything the tests look at.
struct Rig
{
    Rig(QNetworkAccessManager& network, const Common::Clock& clock, Auth::SessionSettings settings)
        : client(network)
        , browser(QStringLiteral(FABRIKAM_NODE_EXECUTABLE),
                  QStringLiteral(FABRIKAM_SCRIPTED_BROWSER))
        , persistence(events)
        , session(client, browser, clock, &persistence, std::move(settings))
    {
        QObject::connect(
            &session, &Auth::AuthSession::traced, &session,
            [this](const QString& event, const QVariantMap&) { traces.append(event); });
        QObject::connect(&session, &Auth::AuthSession::urlReady, &session,
                         [this](const QUrl& url, bool) { urls.append(url); });
    }

    QStringList events; // persistence and test completions, in order
    QStringList traces; // the names of the session's `traced` events
    QList<QUrl> urls;   // from urlReady
    Auth::OidcClient client;
    Test::ScriptedBrowser browser;
    RecordingPersistence persistence;
    Auth::AuthSession session;
};

QString queryValue(const QUrl& url, const QString& key)
{
    return QUrlQuery(url).queryItemValue(key, QUrl::FullyDecoded);
}

QJsonArray pages(const QJsonObject& run)
{
    return run.value(u"pages"_s).toArray();
}

constexpr auto kFlowWait = 120s; // a trip may wait up to 30 s for a fresh one-time code
constexpr auto kQuickWait = 30s;

} // namespace

class TestAuthSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void cleanupTestCase();

    void signInAsksForThePasswordOnlyAndSavesNoAccessToken();
    void restoreRefreshesSilentlyAndSavesBeforeHandingOut();
    void concurrentAccessTokenCallsShareOneRefresh();
    void reusedRotatedRefreshTokenEndsTheSession();
    void stepUpAsksOnlyForTheCodeAndKeepsNothing();
    void mfaAccessTokenReusesAFreshVerification();
    void keyRotationRefetchesTheKeySetOnce();
    void unpublishedKeyIsRefusedAfterOneRefetch();
    void personCancelsInTheBrowser();
    void browserNeverReturnsTimesOut();
    void cancelWhileWaitingForTheBrowser();
    void cancelAfterTheBrowserReturnedDeliversNothing();
    void cancelStopsOnlyTheTripOfItsContext();
    void refusedIdTokenIsNeitherKeptNorSaved();
    void mfaAccessTokenIsDroppedWhenItAgesOut();
    void mfaAccessTokenIsNotOfferedOnceItExpires();
    void signOutRevokesAndClears();
    void anotherPersonInTheBrowserIsRefused();
    void aSignOutTheProviderNeverHeardOfSaysSoAndIsFinishedLater();

private:
    enum class Profile
    {
        Kept,
        Fresh
    };
    // clock: the session's; the system clock when null.
    std::unique_ptr<Rig> makeRig(const QString& user, Profile profile = Profile::Kept,
                                 std::chrono::milliseconds browserTimeout = 90s,
                                 const Common::Clock* clock = nullptr);
    // The user's live session (signed in with the kept browser profile), signing in if needed.
    Rig* live(const QString& user);
    Test::Outcome<bool> signIn(Rig& rig);
    Test::Outcome<bool> restore(Rig& rig, const Auth::PersistedSession& saved);
    Test::Outcome<Auth::TokenSet> stepUp(Rig& rig);
    Test::Outcome<Auth::AuthSession::SignOutResult> signOut(Rig& rig);
    Test::Outcome<QByteArray> mfaAccessToken(Rig& rig,
                                             const std::optional<Auth::BearerChallenge>& challenge);
    void admin(const QByteArray& method, const QString& path, const QJsonObject& body = {});

    QTemporaryDir m_dir{QDir::tempPath() + u"/fabrikam-authsession-test-XXXXXX"_s};
    QString m_issuer = Fabrikam::Test::envOr("FABRIKAM_SANDBOX_ISSUER", "http://127.0.0.1:18700");
    QString m_admin = Fabrikam::Test::envOr("FABRIKAM_SANDBOX_ADMIN", "http://127.0.0.1:18702");
    QNetworkAccessManager m_network;
    Common::SystemClock m_clock;
    int m_rigs = 0;
    std::unique_ptr<Rig> m_grace;
    std::unique_ptr<Rig> m_frank;
    // grace's refresh token from her sign-in once a restore rotated it away, and the newest one.
    std::optional<Auth::PersistedSession> m_graceRotatedAway;
    std::optional<Auth::PersistedSession> m_graceNewest;
};

void TestAuthSession::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_dir.setAutoRemove(qEnvironmentVariableIsEmpty("FABRIKAM_KEEP_TEST_DIR"));
    QVERIFY(QFile::exists(QStringLiteral(FABRIKAM_NODE_EXECUTABLE)));
    QVERIFY(QFile::exists(QStringLiteral(FABRIKAM_SCRIPTED_BROWSER)));
    admin("DELETE", u"/scenarios"_s);
}

void TestAuthSession::cleanup()
{
    admin("DELETE", u"/scenarios"_s); // no test leaves a switch on for the next
}

void TestAuthSession::cleanupTestCase()
{
    m_grace.reset();
    m_frank.reset();
}

std::unique_ptr<Rig> TestAuthSession::makeRig(const QString& user, Profile profile,
                                              std::chrono::milliseconds browserTimeout,
                                              const Common::Clock* clock)
{
    Auth::SessionSettings settings;
    settings.issuer = m_issuer;
    settings.clientId = u"fabrikam-desktop"_s;
    settings.audience = u"https://api.fabrikam.example"_s;
    settings.browserTimeout = browserTimeout;
    auto rig = std::make_unique<Rig>(m_network, clock ? *clock : m_clock, settings);
    rig->browser.setUser(user);
    rig->browser.setSandboxAdmin(m_admin);
    rig->browser.setProfileDir(profile == Profile::Kept ? m_dir.filePath(u"browser-"_s + user)
                                                        : QString());
    rig->browser.setLogFile(
        m_dir.filePath(u"%1-%2.browser.log"_s.arg(user).arg(++m_rigs, 2, 10, QLatin1Char('0'))));
    return rig;
}

Rig* TestAuthSession::live(const QString& user)
{
    std::unique_ptr<Rig>& slot = user == u"grace"_s ? m_grace : m_frank;
    if (!slot) {
        auto rig = makeRig(user);
        const auto outcome = signIn(*rig);
        if (!outcome.result || !outcome.result->ok()) {
            qWarning("sign-in of %s failed: %s", qPrintable(user),
                     describe(outcome.result).constData());
            return nullptr;
        }
        slot = std::move(rig);
    }
    return slot.get();
}

Test::Outcome<bool> TestAuthSession::signIn(Rig& rig)
{
    return Test::runAsync<bool>(
        [&rig](QObject* context, Auth::Completion<bool> done) {
            rig.session.signIn(context, std::move(done));
        },
        kFlowWait);
}

Test::Outcome<bool> TestAuthSession::restore(Rig& rig, const Auth::PersistedSession& saved)
{
    return Test::runAsync<bool>(
        [&rig, &saved](QObject* context, Auth::Completion<bool> done) {
            rig.session.restore(saved, context, std::move(done));
        },
        kQuickWait);
}

Test::Outcome<Auth::AuthSession::SignOutResult> TestAuthSession::signOut(Rig& rig)
{
    return Test::runAsync<Auth::AuthSession::SignOutResult>(
        [&rig](QObject* context, Auth::Completion<Auth::AuthSession::SignOutResult> done) {
            rig.session.signOut(context, std::move(done));
        },
        kQuickWait);
}

Test::Outcome<Auth::TokenSet> TestAuthSession::stepUp(Rig& rig)
{
    return Test::runAsync<Auth::TokenSet>(
        [&rig](QObject* context, Auth::Completion<Auth::TokenSet> done) {
            rig.session.stepUp(context, std::move(done));
        },
        kFlowWait);
}

Test::Outcome<QByteArray>
TestAuthSession::mfaAccessToken(Rig& rig, const std::optional<Auth::BearerChallenge>& challenge)
{
    return Test::runAsync<QByteArray>(
        [&rig, challenge](QObject* context, Auth::Completion<QByteArray> done) {
            rig.session.mfaAccessToken(challenge, context, std::move(done));
        },
        kFlowWait);
}

void TestAuthSession::admin(const QByteArray& method, const QString& path, const QJsonObject& body)
{
    QCOMPARE(Fabrikam::Test::sandboxAdmin(m_network, m_admin, method, path, body), 200);
}

#define VERIFY_OK(outcome)                                                                         \
    do {                                                                                           \
        QVERIFY2((outcome).result && (outcome).result->ok(),                                       \
                 describe((outcome).result).constData());                                          \
        QCOMPARE((outcome).calls, 1);                                                              \
        QVERIFY(!(outcome).calledSynchronously);                                                   \
    } while (false)

#define VERIFY_FAILS_WITH(outcome, errorCode)                                                      \
    do {                                                                                           \
        QVERIFY2((outcome).result && !(outcome).result->ok(),                                      \
                 describe((outcome).result).constData());                                          \
        QCOMPARE((outcome).result->error().code, errorCode);                                       \
        QCOMPARE((outcome).calls, 1);                                                              \
    } while (false)

// 1. The base sign-in: one browser trip with the password page only; the ID token is checked;
// the refresh token (and no access token: PersistedSession has no field for one) is saved.
void TestAuthSession::signInAsksForThePasswordOnlyAndSavesNoAccessToken()
{
    m_grace.reset();
    auto rig = makeRig(u"grace"_s);
    const auto outcome = signIn(*rig);
    VERIFY_OK(outcome);
    QCOMPARE(outcome.result->value(), true); // stored "durably" (the recording persistence)

    QVERIFY(rig->session.isSignedIn());
    const auto& id = rig->session.idToken();
    QVERIFY(id);
    QCOMPARE(id->subject(), u"grace"_s);
    QCOMPARE(id->issuer(), m_issuer);
    QCOMPARE(id->amr(), QStringList{u"pwd"_s});
    QVERIFY(!rig->session.hasRecentMfa());
    // The access token is for the API: of the base scopes it carries the API's read:accounts
    // (openid, profile, email, offline_access are about the ID token and the grant).
    const QString granted = rig->session.grantedScopes().join(u' ');
    QVERIFY2(rig->session.hasScope(u"read:accounts"_s), qPrintable(granted));
    QVERIFY(!rig->session.hasScope(u"transfer:funds"_s));
    // What the diagnostics view shows of the access token: the sandbox issues RFC 9068 JWTs.
    const auto& claims = rig->session.accessTokenClaims();
    QVERIFY(claims && claims->jwt);
    QCOMPARE(claims->type, u"at+jwt"_s);
    QCOMPARE(claims->claims.value(u"sub"_s).toString(), u"grace"_s);
    QCOMPARE(claims->claims.value(u"client_id"_s).toString(), u"fabrikam-desktop"_s);
    QVERIFY(claims->claims.value(u"scope"_s).toString().split(u' ').contains(u"read:accounts"_s));
    QVERIFY(!rig->session.elevatedAccessTokenClaims());
    QVERIFY(!rig->session.mfaAccessTokenClaims());

    QCOMPARE(rig->persistence.saved().size(), 1);
    // Exactly these six members: an access token field would not compile here.
    const auto& [issuer, clientId, subject, scopes, refreshToken, audiences] =
        rig->persistence.saved().first();
    // The ID token's aud, kept so that a restored session can hold a refreshed one to it.
    QCOMPARE(audiences, QStringList{u"fabrikam-desktop"_s});
    QCOMPARE(issuer, m_issuer);
    QCOMPARE(clientId, u"fabrikam-desktop"_s);
    QCOMPARE(subject, u"grace"_s);
    QVERIFY(!refreshToken.isEmpty());
    QCOMPARE(scopes, rig->session.grantedScopes());
    QVERIFY(!scopes.contains(u"transfer:funds"_s));
    QCOMPARE(rig->persistence.clears(), 0);

    // The access token is in memory only, and it is not what was saved.
    const auto token = Test::runAsync<QByteArray>(
        [&rig](QObject* context, Auth::Completion<QByteArray> done) {
            rig->session.accessToken(context, std::move(done));
        },
        kQuickWait);
    VERIFY_OK(token);
    QVERIFY(!token.result->value().isEmpty());
    QVERIFY(token.result->value() != refreshToken);
    QVERIFY(!rig->traces.contains(u"refresh.requested"_s)); // fresh from the sign-in

    QCOMPARE(rig->browser.openCount(), 1);
    QCOMPARE(rig->urls.size(), 1);
    QCOMPARE(queryValue(rig->urls.first(), u"scope"_s).split(u' '),
             rig->session.settings().baseScopes);
    QTRY_COMPARE_WITH_TIMEOUT(rig->browser.runs().size(), 1, 10000);
    QCOMPARE(pages(rig->browser.runs().first()), QJsonArray{u"login"_s});
    m_grace = std::move(rig);
}

// 2. Next start: a new session (and a new OidcClient) restores from the saved record by a
// refresh, without a browser. The rotated refresh token is saved, and only after the save has
// completed does anyone get the new access token.
void TestAuthSession::restoreRefreshesSilentlyAndSavesBeforeHandingOut()
{
    Rig* grace = live(u"grace"_s);
    QVERIFY(grace);
    const Auth::PersistedSession saved = grace->persistence.saved().last();

    auto rig = makeRig(u"grace"_s);
    rig->persistence.setDelay(300ms);
    QObject context;
    std::optional<Result<bool>> restored;
    std::optional<Result<QByteArray>> token;
    rig->session.restore(saved, &context, [&](Result<bool> r) {
        rig->events.append(u"restore.completed"_s);
        restored.emplace(std::move(r));
    });
    // A caller asking in the same turn shares the refresh and waits for the save as well.
    rig->session.accessToken(&context, [&](Result<QByteArray> t) {
        rig->events.append(u"accessToken.completed"_s);
        token.emplace(std::move(t));
    });
    // So does one asking while the save is under way (the new access token is adopted by then).
    std::optional<Result<QByteArray>> duringSave;
    rig->persistence.onSaveStarted([&] {
        QTimer::singleShot(100ms, &context, [&] {
            rig->events.append(u"duringSave.asked"_s);
            rig->session.accessToken(&context, [&](Result<QByteArray> t) {
                rig->events.append(u"duringSave.completed"_s);
                duringSave.emplace(std::move(t));
            });
        });
    });
    QVERIFY(!restored && !token);
    QTRY_VERIFY_WITH_TIMEOUT(restored && token && duringSave, 30000);
    QVERIFY2(restored->ok(), describe(restored).constData());
    QVERIFY2(token->ok(), describe(token).constData());
    QVERIFY(!token->value().isEmpty());

    QCOMPARE(rig->browser.openCount(), 0);
    QCOMPARE(rig->traces.count(u"refresh.requested"_s), 1);
    QVERIFY(rig->session.isSignedIn());
    QCOMPARE(rig->session.idToken()->subject(), u"grace"_s);

    // Rotated: the persistence got a different refresh token, once.
    QCOMPARE(rig->persistence.saved().size(), 1);
    const Auth::PersistedSession& rotated = rig->persistence.saved().first();
    QVERIFY(!rotated.refreshToken.isEmpty());
    QVERIFY(rotated.refreshToken != saved.refreshToken);
    QCOMPARE(rotated.subject, u"grace"_s);
    QVERIFY(!rotated.scopes.contains(u"transfer:funds"_s));

    // Rotation safety: the save completed before either completion ran.
    const qsizetype savedAt = rig->events.indexOf(u"save.completed"_s);
    QVERIFY2(savedAt >= 0, qPrintable(rig->events.join(u", "_s)));
    QVERIFY2(rig->events.indexOf(u"save.started"_s) < savedAt,
             qPrintable(rig->events.join(u", "_s)));
    QVERIFY2(savedAt < rig->events.indexOf(u"accessToken.completed"_s),
             qPrintable(rig->events.join(u", "_s)));
    QVERIFY2(savedAt < rig->events.indexOf(u"restore.completed"_s),
             qPrintable(rig->events.join(u", "_s)));
    QVERIFY2(rig->events.indexOf(u"duringSave.asked"_s) < savedAt,
             qPrintable(rig->events.join(u", "_s)));
    QVERIFY2(savedAt < rig->events.indexOf(u"duringSave.completed"_s),
             qPrintable(rig->events.join(u", "_s)));
    QVERIFY2(duringSave->ok(), describe(duringSave).constData());
    QCOMPARE(duringSave->value(), token->value());

    m_graceRotatedAway = saved;
    m_graceNewest = rotated;
}

// 3. Five callers in one event-loop turn while the access token is missing, then again while it
// is within the session's 30 s expiry margin: one refresh each time, one token for all.
void TestAuthSession::concurrentAccessTokenCallsShareOneRefresh()
{
    // Every access token lives 31 s: stale (within the margin) a second after it came.
    admin("PATCH", u"/scenarios"_s, {{u"access-token-ttl"_s, 31}});
    if (!m_graceNewest) {
        Rig* grace = live(u"grace"_s);
        QVERIFY(grace);
        m_graceNewest = grace->persistence.saved().last();
    }
    auto rig = makeRig(u"grace"_s);
    QVERIFY(rig->session.adopt(*m_graceNewest).ok()); // as saved, no access token yet

    QObject context;
    const auto fiveAtOnce = [&](std::vector<Result<QByteArray>>& results) {
        for (int i = 0; i < 5; ++i) {
            rig->session.accessToken(&context, [&results](Result<QByteArray> token) {
                results.push_back(std::move(token));
            });
        }
    };

    std::vector<Result<QByteArray>> first;
    fiveAtOnce(first);
    QTRY_COMPARE_WITH_TIMEOUT(first.size(), size_t(5), 30000);
    QTest::qWait(50); // no sixth answer
    QCOMPARE(first.size(), size_t(5));
    QCOMPARE(rig->traces.count(u"refresh.requested"_s), 1);
    QCOMPARE(rig->traces.count(u"refresh.succeeded"_s), 1);
    for (const auto& r : first) {
        QVERIFY2(r.ok(), describe(std::optional(r)).constData());
        QCOMPARE(r.value(), first.front().value());
    }
    QVERIFY(!first.front().value().isEmpty());

    QTest::qWait(1500); // 31 s lifetime: now less than the 30 s margin is left
    std::vector<Result<QByteArray>> second;
    fiveAtOnce(second);
    QTRY_COMPARE_WITH_TIMEOUT(second.size(), size_t(5), 30000);
    QCOMPARE(rig->traces.count(u"refresh.requested"_s), 2);
    for (const auto& r : second) {
        QVERIFY2(r.ok(), describe(std::optional(r)).constData());
        QCOMPARE(r.value(), second.front().value());
    }
    QVERIFY(second.front().value() != first.front().value());

    // Each refresh rotated the refresh token and saved it, once.
    QCOMPARE(rig->persistence.saved().size(), 2);
    QVERIFY(rig->persistence.saved().at(0).refreshToken != m_graceNewest->refreshToken);
    QVERIFY(rig->persistence.saved().at(1).refreshToken !=
            rig->persistence.saved().at(0).refreshToken);
    QCOMPARE(rig->browser.openCount(), 0);
    m_graceNewest = rig->persistence.saved().last();
}

// 4. A refresh token that was rotated away is refused (RFC 9700 §4.14.2: reuse detection): the
// session ends and the persistence is cleared. Revokes grace's first grant: tests after this one
// use her live session's access state and SSO cookie, not that grant.
void TestAuthSession::reusedRotatedRefreshTokenEndsTheSession()
{
    if (!m_graceRotatedAway) {
        Rig* grace = live(u"grace"_s);
        QVERIFY(grace);
        auto rotator = makeRig(u"grace"_s);
        const auto outcome = restore(*rotator, grace->persistence.saved().last());
        VERIFY_OK(outcome);
        m_graceRotatedAway = grace->persistence.saved().last();
    }
    auto rig = makeRig(u"grace"_s);
    QSignalSpy signedIn(&rig->session, &Auth::AuthSession::signedInChanged);
    const auto outcome = restore(*rig, *m_graceRotatedAway);
    VERIFY_FAILS_WITH(outcome, Auth::Errc::SessionExpired);
    QVERIFY(!outcome.result->error().message.isEmpty());
    QVERIFY(!rig->session.isSignedIn());
    QCOMPARE(rig->persistence.clears(), 1);
    QCOMPARE(rig->persistence.saved().size(), 0);
    QCOMPARE(rig->browser.openCount(), 0);
    QVERIFY(rig->traces.contains(u"refresh.failed"_s));
    QCOMPARE(signedIn.size(), 0); // never signed in

    // A later call knows it is signed out, without asking the provider again.
    const auto again = Test::runAsync<QByteArray>(
        [&rig](QObject* context, Auth::Completion<QByteArray> done) {
            rig->session.accessToken(context, std::move(done));
        },
        kQuickWait);
    VERIFY_FAILS_WITH(again, Auth::Errc::NotSignedIn);
    QCOMPARE(rig->traces.count(u"refresh.requested"_s), 1);
}

// 5. Step-up for transfer:funds on the live session (its SSO cookie in the kept profile): the
// code page only; an elevated token with MFA, no refresh token, nothing saved; each step-up is a
// request of its own (state, nonce) with a token of its own.
void TestAuthSession::stepUpAsksOnlyForTheCodeAndKeepsNothing()
{
    Rig* rig = live(u"grace"_s);
    QVERIFY(rig);
    const int opened = rig->browser.openCount();
    const int runs = static_cast<int>(rig->browser.runs().size());
    const auto saves = rig->persistence.saved().size();
    const QString mfaAcr = rig->session.settings().mfaAcr;

    QByteArray firstToken;
    for (int i = 0; i < 2; ++i) {
        // The token arrives as the only reference to its bytes, so the wipe of its one user
        // (FabrikamApiClient::submitTransfer) overwrites those bytes, not a detached copy.
        bool onlyReference = false;
        const auto outcome = Test::runAsync<Auth::TokenSet>(
            [&rig, &onlyReference](QObject* context, Auth::Completion<Auth::TokenSet> done) {
                rig->session.stepUp(context, [&onlyReference, done](Result<Auth::TokenSet> result) {
                    onlyReference = result.ok() && result.value().accessToken.isDetached();
                    done(std::move(result));
                });
            },
            kFlowWait);
        VERIFY_OK(outcome);
        QVERIFY(onlyReference);
        const Auth::TokenSet& elevated = outcome.result->value();
        QVERIFY(elevated.accessScopes.contains(u"transfer:funds"_s));
        QVERIFY(!elevated.accessToken.isEmpty());
        QVERIFY(elevated.refreshToken.isEmpty());
        QVERIFY(elevated.idToken);
        QCOMPARE(elevated.idToken->subject(), u"grace"_s);
        QVERIFY2(elevated.idToken->amr().contains(u"mfa"_s),
                 qPrintable(elevated.idToken->amr().join(u' ')));
        QCOMPARE(elevated.idToken->acr(), mfaAcr);
        QVERIFY(elevated.accessExpiresAt.isValid());
        QCOMPARE(rig->browser.openCount(), opened + i + 1);
        QTRY_COMPARE_WITH_TIMEOUT(rig->browser.runs().size(), runs + i + 1, 10000);
        QCOMPARE(pages(rig->browser.runs().last()), QJsonArray{u"mfa"_s});
        if (i == 0) {
            firstToken = elevated.accessToken;
        } else {
            QVERIFY(elevated.accessToken != firstToken);
        }
        // The diagnostics keep what the elevated token allowed, decoded, not the token.
        const auto& claims = rig->session.elevatedAccessTokenClaims();
        QVERIFY(claims && claims->jwt);
        QCOMPARE(claims->claims, Auth::decodeAccessTokenClaims(elevated.accessToken)->claims);
        QVERIFY(
            claims->claims.value(u"scope"_s).toString().split(u' ').contains(u"transfer:funds"_s));
        QCOMPARE(claims->claims.value(u"acr"_s).toString(), mfaAcr);
    }

    // Never offline_access in a step-up request; a fresh state and nonce each time.
    const QUrl a = rig->urls.at(rig->urls.size() - 2);
    const QUrl b = rig->urls.last();
    for (const QUrl& url : {a, b}) {
        const QStringList scope = queryValue(url, u"scope"_s).split(u' ');
        QVERIFY(scope.contains(u"transfer:funds"_s));
        QVERIFY(!scope.contains(u"offline_access"_s));
    }
    QVERIFY(!queryValue(a, u"state"_s).isEmpty());
    QVERIFY(!queryValue(a, u"nonce"_s).isEmpty());
    QVERIFY(queryValue(a, u"state"_s) != queryValue(b, u"state"_s));
    QVERIFY(queryValue(a, u"nonce"_s) != queryValue(b, u"nonce"_s));

    // The elevated grant is not kept: nothing saved, the base session's scopes unchanged.
    QCOMPARE(rig->persistence.saved().size(), saves);
    QVERIFY(!rig->session.hasScope(u"transfer:funds"_s));
    QVERIFY(rig->session.hasRecentMfa());
    QCOMPARE(rig->traces.count(u"stepup.succeeded"_s), 2);
}

// 6. "Step-up for web apps": a verification (code page only), reused while it is fresh, and
// asked again when the caller wants it fresher than it is (max_age 0).
void TestAuthSession::mfaAccessTokenReusesAFreshVerification()
{
    Rig* rig = live(u"frank"_s);
    QVERIFY(rig);
    const int opened = rig->browser.openCount();
    const int runs = static_cast<int>(rig->browser.runs().size());

    const auto first = mfaAccessToken(*rig, std::nullopt);
    VERIFY_OK(first);
    QVERIFY(!first.result->value().isEmpty());
    QCOMPARE(rig->browser.openCount(), opened + 1);
    QTRY_COMPARE_WITH_TIMEOUT(rig->browser.runs().size(), runs + 1, 10000);
    QCOMPARE(pages(rig->browser.runs().last()), QJsonArray{u"mfa"_s});
    const QUrl verification = rig->urls.last();
    QCOMPARE(queryValue(verification, u"acr_values"_s), rig->session.settings().mfaAcr);
    QCOMPARE(queryValue(verification, u"max_age"_s), u"600"_s);
    QVERIFY(rig->session.hasRecentMfa());
    QCOMPARE(rig->session.mfaAccessTokenClaims()->claims.value(u"acr"_s).toString(),
             rig->session.settings().mfaAcr);

    const auto second = mfaAccessToken(*rig, std::nullopt);
    VERIFY_OK(second);
    QCOMPARE(second.result->value(), first.result->value());
    QCOMPARE(rig->browser.openCount(), opened + 1); // no trip

    Auth::BearerChallenge challenge; // RFC 9470 §3: max_age=0, the profile's acr_values
    challenge.error = u"insufficient_user_authentication"_s;
    challenge.maxAge = 0;
    const auto fresher = mfaAccessToken(*rig, challenge);
    VERIFY_OK(fresher);
    QCOMPARE(rig->browser.openCount(), opened + 2);
    QCOMPARE(queryValue(rig->urls.last(), u"max_age"_s), u"0"_s);
    QVERIFY(fresher.result->value() != first.result->value());
    QTRY_COMPARE_WITH_TIMEOUT(rig->browser.runs().size(), runs + 2, 10000);
    // OIDC Core 3.1.2.1: max_age=0 is prompt=login, so the password comes again, then the code.
    QVERIFY(pages(rig->browser.runs().last()).contains(u"mfa"_s));
    QCOMPARE(rig->traces.count(u"mfa.verified"_s), 2);
    QCOMPARE(rig->persistence.saved().size(), 1); // only the sign-in's
}

// 7. The provider rotates its signing key mid-session: the next flow's ID token names a kid the
// cached JWK Set lacks, so the client fetches the set once more; later flows use the cache.
void TestAuthSession::keyRotationRefetchesTheKeySetOnce()
{
    Rig* rig = live(u"grace"_s);
    QVERIFY(rig);
    QVERIFY(rig->session.idToken());
    const QString kidBefore = rig->session.idToken()->keyId();
    const int fetches = rig->client.jwksFetchCount();
    QVERIFY(fetches >= 1);

    admin("POST", u"/keys/rotate"_s);
    if (QTest::currentTestFailed()) {
        return;
    }
    const auto afterRotation = signIn(*rig); // the SSO cookie: no password, no code
    VERIFY_OK(afterRotation);
    const QString kidAfter = rig->session.idToken()->keyId();
    QVERIFY(!kidAfter.isEmpty());
    QVERIFY2(kidAfter != kidBefore, qPrintable(kidAfter));
    QCOMPARE(rig->client.jwksFetchCount(), fetches + 1);

    const auto again = signIn(*rig);
    VERIFY_OK(again);
    QCOMPARE(rig->session.idToken()->keyId(), kidAfter);
    QCOMPARE(rig->client.jwksFetchCount(), fetches + 1);
}

// 7b. DESIGN.md section 5 at the client: after a rotation, a token naming a key the provider has
// not published (yet) costs exactly one JWKS refetch, then it is refused with UnknownKeyId.
void TestAuthSession::unpublishedKeyIsRefusedAfterOneRefetch()
{
    Rig* rig = live(u"grace"_s);
    QVERIFY(rig);
    QVERIFY(rig->session.configuration());
    QVERIFY(rig->client.jwksFetchCount() >= 1); // the provider's keys are cached
    admin("POST", u"/keys/rotate"_s);
    if (QTest::currentTestFailed()) {
        return;
    }

    const auto key = Test::TestKey::rsa(2048);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QByteArray nonce = QByteArrayLiteral("n-unpublished-key-0123456789");
    const QJsonObject header{
        {u"alg"_s, u"RS256"_s}, {u"typ"_s, u"JWT"_s}, {u"kid"_s, u"not-yet-published"_s}};
    const QJsonObject claims{
        {u"iss"_s, m_issuer},  {u"sub"_s, u"grace"_s}, {u"aud"_s, u"fabrikam-desktop"_s},
        {u"exp"_s, now + 600}, {u"iat"_s, now},        {u"nonce"_s, QString::fromLatin1(nonce)}};
    const QByteArray token = Test::makeJws(header, claims, key);
    const Auth::IdTokenChecks checks{m_issuer, u"fabrikam-desktop"_s, nonce, std::nullopt};
    const int fetches = rig->client.jwksFetchCount();
    const auto outcome = Test::runAsync<Auth::IdToken>(
        [&](QObject* context, Auth::Completion<Auth::IdToken> done) {
            rig->client.validateIdToken(*rig->session.configuration(), token, checks, m_clock.now(),
                                        context, std::move(done));
        },
        kQuickWait);
    VERIFY_FAILS_WITH(outcome, Auth::Errc::UnknownKeyId);
    QCOMPARE(rig->client.jwksFetchCount(), fetches + 1);
}

// 8a. The person presses Cancel on the first page: access_denied comes back to the app.
void TestAuthSession::personCancelsInTheBrowser()
{
    auto rig = makeRig(u"frank"_s, Profile::Fresh);
    rig->browser.setAction(u"cancel"_s);
    const auto outcome = signIn(*rig);
    VERIFY_FAILS_WITH(outcome, Auth::Errc::AuthorizationDenied);
    QVERIFY(!rig->session.isSignedIn());
    QCOMPARE(rig->persistence.saved().size(), 0);
    QCOMPARE(rig->browser.openCount(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(rig->browser.runs().size(), 1, 10000);
    QCOMPARE(pages(rig->browser.runs().first()), QJsonArray{u"login"_s});
    QVERIFY(rig->traces.contains(u"signin.failed"_s));
}

// 8b. The browser never comes back (the tab was closed): the flow ends at its timeout.
void TestAuthSession::browserNeverReturnsTimesOut()
{
    auto rig = makeRig(u"frank"_s, Profile::Fresh, 2s);
    rig->browser.setAction(u"abandon"_s);
    QElapsedTimer elapsed;
    elapsed.start();
    const auto outcome = signIn(*rig);
    VERIFY_FAILS_WITH(outcome, Common::Errc::Timeout);
    QVERIFY2(elapsed.elapsed() >= 1900, qPrintable(QString::number(elapsed.elapsed())));
    QVERIFY2(elapsed.elapsed() < 15000, qPrintable(QString::number(elapsed.elapsed())));
    QVERIFY(!rig->session.isSignedIn());
    QCOMPARE(rig->persistence.saved().size(), 0);
    QCOMPARE(rig->browser.openCount(), 1);
}

// 8c. The app cancels while the browser is out: the flow ends with Cancelled at once.
void TestAuthSession::cancelWhileWaitingForTheBrowser()
{
    auto rig = makeRig(u"frank"_s, Profile::Fresh, 60s);
    rig->browser.setAction(u"abandon"_s);
    QObject context;
    std::optional<Result<bool>> result;
    int calls = 0;
    rig->session.signIn(&context, [&](Result<bool> r) {
        ++calls;
        result.emplace(std::move(r));
    });
    QTRY_COMPARE_WITH_TIMEOUT(rig->urls.size(), 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(rig->browser.finishedCount(), 1, 10000); // the person has left
    QVERIFY(!result);
    QElapsedTimer elapsed;
    elapsed.start();
    rig->session.cancel();
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 5000);
    QVERIFY(elapsed.elapsed() < 5000);
    QVERIFY2(!result->ok(), describe(result).constData());
    QCOMPARE(result->error().code, Common::Errc::Cancelled);
    QTest::qWait(50);
    QCOMPARE(calls, 1);
    QVERIFY(!rig->session.isSignedIn());
    QCOMPARE(rig->persistence.saved().size(), 0);
}

// 8d. The app cancels after the browser came back, while the code exchange is under way: the
// step-up ends with Cancelled and hands nothing on (no elevated token, no MFA recorded). yvonne.
void TestAuthSession::cancelAfterTheBrowserReturnedDeliversNothing()
{
    auto rig = makeRig(u"yvonne"_s, Profile::Fresh);
    const auto signedIn = signIn(*rig);
    VERIFY_OK(signedIn);
    rig->traces.clear();
    QObject context;
    QObject::connect(&rig->session, &Auth::AuthSession::traced, &context,
                     [&rig](const QString& event, const QVariantMap&) {
                         if (event == u"authorization.callback"_s) {
                             // Next turn: the code exchange is on its way to the provider.
                             QTimer::singleShot(0, &rig->session,
                                                [&rig] { rig->session.cancel(); });
                         }
                     });
    const auto outcome = stepUp(*rig);
    VERIFY_FAILS_WITH(outcome, Common::Errc::Cancelled);
    QVERIFY(rig->traces.contains(u"authorization.callback"_s));
    QVERIFY(rig->traces.contains(u"stepup.failed"_s));
    QVERIFY(!rig->traces.contains(u"stepup.succeeded"_s));
    QVERIFY(!rig->session.mfaIdToken());
    QCOMPARE(rig->browser.openCount(), 2);        // the sign-in and the step-up
    QCOMPARE(rig->persistence.saved().size(), 1); // the sign-in's
}

// 8e. "Refused tokens are never stored": the session's clock is an hour behind the provider's,
// so the sign-in's ID token was issued in the future (OIDC Core 3.1.3.7 (10)). Nothing is kept,
// nothing saved, not signed in. yvonne, password only.
void TestAuthSession::refusedIdTokenIsNeitherKeptNorSaved()
{
    const Test::FakeClock behind(QDateTime::currentDateTimeUtc().addSecs(-3600));
    auto rig = makeRig(u"yvonne"_s, Profile::Fresh, 90s, &behind);
    QSignalSpy signedIn(&rig->session, &Auth::AuthSession::signedInChanged);
    const auto outcome = signIn(*rig);
    VERIFY_FAILS_WITH(outcome, Auth::Errc::IssuedInFuture);
    QVERIFY(!rig->session.isSignedIn());
    QVERIFY(!rig->session.idToken());
    QVERIFY(rig->session.grantedScopes().isEmpty());
    QCOMPARE(rig->persistence.saved().size(), 0);
    QCOMPARE(signedIn.size(), 0);
    QVERIFY(rig->traces.contains(u"signin.failed"_s));
    QVERIFY(!rig->traces.contains(u"session.saved"_s));

    // No access token from the refused sign-in either.
    const auto token = Test::runAsync<QByteArray>(
        [&rig](QObject* context, Auth::Completion<QByteArray> done) {
            rig->session.accessToken(context, std::move(done));
        },
        kQuickWait);
    VERIFY_FAILS_WITH(token, Auth::Errc::NotSignedIn);
}

// 6b. The MFA-fresh token is dropped when it ages out, at auth_time + sensitiveMaxAge by the
// session's clock, not at the next call. That clock jumps to 595 s later when the browser comes
// back, so the 600 s are over about 5 s after the verification (by the system clock it would be
// 10 minutes). walter.
void TestAuthSession::mfaAccessTokenIsDroppedWhenItAgesOut()
{
    Test::FakeClock clock(QDateTime::currentDateTimeUtc());
    auto rig = makeRig(u"walter"_s, Profile::Fresh, 90s, &clock);
    const auto signedIn = signIn(*rig); // a verification is always for the person signed in
    VERIFY_OK(signedIn);
    const qint64 maxAge = rig->session.settings().sensitiveMaxAge;
    QObject context;
    QObject::connect(&rig->session, &Auth::AuthSession::traced, &context,
                     [&clock, maxAge](const QString& event, const QVariantMap&) {
                         if (event == u"authorization.callback"_s) {
                             clock.setNow(QDateTime::currentDateTimeUtc().addSecs(maxAge - 5));
                         }
                     });
    const auto outcome = mfaAccessToken(*rig, std::nullopt);
    VERIFY_OK(outcome);
    QElapsedTimer elapsed;
    elapsed.start();
    QVERIFY(!outcome.result->value().isEmpty());
    QVERIFY(rig->session.mfaIdToken() && rig->session.mfaIdToken()->authTime());
    // The clock is frozen since the callback: this is what the session computed.
    const qint64 left = clock.now().msecsTo(rig->session.mfaIdToken()->authTime()->addSecs(maxAge));
    QVERIFY2(left < 10000, qPrintable(QString::number(left)));

    QTRY_VERIFY_WITH_TIMEOUT(rig->traces.contains(u"mfa.aged_out"_s), 15000);
    QVERIFY2(elapsed.elapsed() + 150 >= left,
             qPrintable(u"%1 ms of %2"_s.arg(elapsed.elapsed()).arg(left)));
    QCOMPARE(rig->traces.count(u"mfa.aged_out"_s), 1);
    QCOMPARE(rig->browser.openCount(), 2); // the sign-in and the verification
}

// 6c. An MFA-fresh token that expires before its MFA ages out (a provider with short-lived access
// tokens) is not offered past its expiry (less the refresh margin): the next read verifies again
// instead of sending a token the API refuses as invalid_token. walter.
void TestAuthSession::mfaAccessTokenIsNotOfferedOnceItExpires()
{
    admin("PATCH", u"/scenarios"_s, {{u"access-token-ttl"_s, 45}}); // fresh for 15 s
    Test::FakeClock clock(QDateTime::currentDateTimeUtc());
    auto rig = makeRig(u"walter"_s, Profile::Fresh, 90s, &clock);
    const auto signedIn = signIn(*rig);
    VERIFY_OK(signedIn);
    const auto first = mfaAccessToken(*rig, std::nullopt);
    VERIFY_OK(first);
    QVERIFY(rig->session.hasMfaAccessToken());
    QCOMPARE(rig->browser.openCount(), 2);

    clock.setNow(clock.now().addSecs(20));
    QVERIFY(rig->session.hasRecentMfa());       // the second factor is recent (600 s)…
    QVERIFY(!rig->session.hasMfaAccessToken()); // …its token is not
    const auto second = mfaAccessToken(*rig, std::nullopt);
    VERIFY_OK(second);
    QCOMPARE(rig->browser.openCount(), 3);
    QVERIFY(second.result->value() != first.result->value());
}

// 8e. Two panels each wait for their own browser trip; the person cancels one: only the trip
// started for that context ends (Cancelled), the other completes. frank's live session, whose
// browser profile signs in without a page (no second factor spent).
void TestAuthSession::cancelStopsOnlyTheTripOfItsContext()
{
    Rig* rig = live(u"frank"_s);
    QVERIFY(rig);
    const int opened = rig->browser.openCount();
    Auth::BearerChallenge challenge;
    challenge.error = u"insufficient_scope"_s;
    challenge.scope = {u"read:accounts"_s};
    QObject accounts;
    QObject statements;
    std::optional<Result<QByteArray>> forAccounts;
    std::optional<Result<QByteArray>> forStatements;
    int links = 0;
    QObject::connect(&rig->session, &Auth::AuthSession::urlReady, &accounts,
                     [&rig, &links, &accounts] {
                         if (++links == 2) {
                             rig->session.cancel(&accounts);
                         }
                     });
    rig->session.challengedAccessToken(challenge, &accounts,
                                       [&](Result<QByteArray> token) { forAccounts = token; });
    rig->session.challengedAccessToken(challenge, &statements,
                                       [&](Result<QByteArray> token) { forStatements = token; });
    QTRY_VERIFY_WITH_TIMEOUT(forAccounts && forStatements, 90000);
    QCOMPARE(links, 2);
    QVERIFY(!forAccounts->ok());
    QCOMPARE(forAccounts->error().code, Common::Errc::Cancelled);
    QVERIFY2(forStatements->ok(), describe(forStatements).constData());
    QVERIFY(!forStatements->value().isEmpty());
    QCOMPARE(rig->browser.openCount(), opened + 2);
}

// 9. Sign-out revokes the refresh token (RFC 7009), clears the persistence and yields the
// provider's end-session URL. The session signed out is a restored copy of frank's, so its
// refresh token is known to have worked right before.
void TestAuthSession::signOutRevokesAndClears()
{
    Rig* frank = live(u"frank"_s);
    QVERIFY(frank);
    auto rig = makeRig(u"frank"_s);
    const auto restored = restore(*rig, frank->persistence.saved().last());
    VERIFY_OK(restored);
    QCOMPARE(rig->persistence.saved().size(), 1);
    const Auth::PersistedSession working = rig->persistence.saved().last();
    QSignalSpy signedIn(&rig->session, &Auth::AuthSession::signedInChanged);

    const auto outcome = signOut(*rig);
    VERIFY_OK(outcome);
    QVERIFY(outcome.result->value().revoked);
    QVERIFY(!outcome.result->value().revocationFailed);
    QVERIFY(rig->persistence.unrevokedTokens().isEmpty());
    const QUrl endSession = outcome.result->value().endSession;
    QVERIFY2(endSession.toString().startsWith(m_issuer + u'/'), qPrintable(endSession.toString()));
    QCOMPARE(endSession.toString(QUrl::RemoveQuery),
             rig->session.configuration()->endSessionEndpoint.toString(QUrl::RemoveQuery));
    QCOMPARE(queryValue(endSession, u"client_id"_s), u"fabrikam-desktop"_s);
    // The restore's refresh brought an ID token: it names whose session ends (RP-Initiated
    // Logout §2).
    QCOMPARE(queryValue(endSession, u"id_token_hint"_s).count(u'.'), 2);
    QCOMPARE(rig->persistence.clears(), 1);
    QVERIFY(!rig->session.isSignedIn());
    QVERIFY(!rig->session.accessTokenClaims());
    QVERIFY(!rig->session.elevatedAccessTokenClaims());
    QVERIFY(!rig->session.mfaAccessTokenClaims());
    QCOMPARE(signedIn.size(), 1);
    QCOMPARE(signedIn.first().first().toBool(), false);
    QVERIFY(rig->traces.contains(u"revocation.finished"_s));
    QCOMPARE(rig->browser.openCount(), 0);

    // Revoked at the provider: the refresh token that worked a moment ago no longer does.
    auto after = makeRig(u"frank"_s);
    const auto refused = restore(*after, working);
    VERIFY_FAILS_WITH(refused, Auth::Errc::SessionExpired);
    QCOMPARE(after->persistence.clears(), 1);
}

// 10. Issue 16: a shared browser in which another person (otto) is signed in at the provider
// answers irene's step-up. The request names irene (login_hint); whatever the provider and the
// browser make of it, nothing of otto's is handed out, and irene's own step-up then works.
void TestAuthSession::anotherPersonInTheBrowserIsRefused()
{
    auto rig = makeRig(u"irene"_s, Profile::Fresh);
    const auto irene = signIn(*rig);
    VERIFY_OK(irene);
    QCOMPARE(rig->session.subject(), u"irene"_s);

    // Otto's browser, where otto is signed in at the provider, answers irene's step-up.
    auto ottos = makeRig(u"otto"_s);
    const auto otto = signIn(*ottos);
    VERIFY_OK(otto);
    rig->browser.setUser(u"otto"_s);
    rig->browser.setProfileDir(m_dir.filePath(u"browser-otto"_s));
    const auto refused = stepUp(*rig);
    QVERIFY2(refused.result && !refused.result->ok(), describe(refused.result).constData());
    qInfo("otto answering irene's step-up: %s", describe(refused.result).constData());
    QCOMPARE(queryValue(rig->urls.last(), u"login_hint"_s), u"irene@fabrikam.example"_s);
    QVERIFY(!rig->session.hasRecentMfa());
    QVERIFY(!rig->session.elevatedAccessTokenClaims());
    QCOMPARE(rig->session.subject(), u"irene"_s);

    // Irene in her own browser: the step-up works.
    rig->browser.setUser(u"irene"_s);
    rig->browser.setProfileDir({});
    const auto own = stepUp(*rig);
    VERIFY_OK(own);
    QCOMPARE(own.result->value().idToken->subject(), u"irene"_s);
}

// 11. Issue 16: the provider cannot be reached when otto signs out. The sign-out still happens here
// (forgotten, removed from the persistence) and says, in words, that the provider was not told;
// the refresh token is kept for the next start, whose retry revokes it at the provider.
void TestAuthSession::aSignOutTheProviderNeverHeardOfSaysSoAndIsFinishedLater()
{
    auto rig = makeRig(u"otto"_s);
    const auto signedIn = signIn(*rig);
    VERIFY_OK(signedIn);
    const Auth::PersistedSession working = rig->persistence.saved().last();

    admin("PATCH", u"/scenarios"_s, {{u"idp-fail-rate"_s, 1}}); // every provider request: 503
    const auto outcome = signOut(*rig);
    VERIFY_OK(outcome);
    const auto& out = outcome.result->value();
    QVERIFY(!out.revoked);
    QVERIFY(out.revocationFailed);
    QVERIFY2(out.revocationFailed->message.contains(u"could not be told to cancel"_s),
             qPrintable(out.revocationFailed->message));
    QVERIFY2(out.revocationFailed->message.contains(u"try again the next time"_s),
             qPrintable(out.revocationFailed->message));
    QVERIFY(!rig->session.isSignedIn());
    QCOMPARE(rig->persistence.clears(), 1);
    QCOMPARE(rig->persistence.unrevokedTokens().size(), 1);
    QCOMPARE(rig->persistence.unrevokedTokens().first().refreshToken, working.refreshToken);

    // Still unreachable at the next start: it stays.
    const auto stillDown = Test::runAsync<int>(
        [&rig](QObject* context, Auth::Completion<int> done) {
            rig->session.retryRevocations(context, std::move(done));
        },
        kQuickWait);
    VERIFY_OK(stillDown);
    QCOMPARE(stillDown.result->value(), 1);

    admin("DELETE", u"/scenarios"_s);
    const auto retried = Test::runAsync<int>(
        [&rig](QObject* context, Auth::Completion<int> done) {
            rig->session.retryRevocations(context, std::move(done));
        },
        kQuickWait);
    VERIFY_OK(retried);
    QCOMPARE(retried.result->value(), 0);
    QVERIFY(rig->persistence.unrevokedTokens().isEmpty());
    // Revoked now: the token no longer works.
    auto after = makeRig(u"otto"_s);
    const auto refused = restore(*after, working);
    VERIFY_FAILS_WITH(refused, Auth::Errc::SessionExpired);
}

QTEST_GUILESS_MAIN(TestAuthSession)
#include "tst_authsession.moc"
