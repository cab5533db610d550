#include "common/redact.h"
#include "common/result.h"
#include "support/asyncoutcome.h"
#include "support/fakeclock.h"
#include "vault/errors.h"
#include "vault/memorystore.h"
#include "vault/sessionrecord.h"
#include "vault/tokenvault.h"

#include <QDebug>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <functional>
#include <memory>
#include <optional>
#include <ostream>

using namespace Fabrikam::Common;
using namespace Fabrikam::Vault;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

// STYLE.md rule 6: a record cannot be printed, so a refresh token cannot reach a log by accident.
template <class T>
concept DebugPrintable = requires(QDebug debug, const T& value)
{
    debug << value;
};
template <class T>
concept StreamPrintable = requires(std::ostream& out, const T& value)
{
    out << value;
};
static_assert(DebugPrintable<QString>, "the check itself works");
static_assert(!DebugPrintable<SessionRecord>);
static_assert(!StreamPrintable<SessionRecord>);

namespace {

constexpr qint64 kNow = 1'714'564'800; // 2024-05-01T12:00:00Z

// Starts an operation with a fresh context, checks that the callback did not run inside the call,
// and waits (bounded) for its one answer.
using Fabrikam::Test::Outcome;

template <class T>
Outcome<T> run(const std::function<void(QObject*, Completion<T>)>& start,
               std::chrono::milliseconds wait = 5s)
{
    return Fabrikam::Test::runAsync<T>(start, wait);
}

SessionRecord makeRecord(const QString& sub = u"auth0|alice"_s,
                         QByteArray refreshToken = "v1.MjQ1NjA0-opaque-refresh-token-alice")
{
    SessionRecord record;
    record.refreshToken = std::move(refreshToken);
    record.issuer = u"https://fabrikam.eu.auth0.com/"_s;
    record.clientId = u"desktop-client"_s;
    record.sub = sub;
    record.scopes = {u"openid"_s, u"profile"_s, u"offline_access"_s, u"accounts:read"_s};
    record.audiences = {u"desktop-client"_s};
    return record;
}

// A store that takes every request and never answers: a broken keychain (QT_NO_GLIB=1 hangs
// every QtKeychain job, STACK.md section 3).
class SilentStore final : public SecretStore
{
protected:
    void doRead(const QString&, Reply<QByteArray>) override {}
    void doWrite(const QString&, const QByteArray&, Reply<void>) override {}
    void doRemove(const QString&, Reply<void>) override {}
};

// A store that answers every request with the same error.
class FailingStore final : public SecretStore
{
public:
    explicit FailingStore(Error error)
        : m_error(std::move(error))
    {}

protected:
    void doRead(const QString&, Reply<QByteArray> reply) override
    {
        reply.finish(Result<QByteArray>(m_error));
    }
    void doWrite(const QString&, const QByteArray&, Reply<void> reply) override
    {
        reply.finish(Result<void>(m_error));
    }
    void doRemove(const QString&, Reply<void> reply) override
    {
        reply.finish(Result<void>(m_error));
    }

private:
    Error m_error;
};

} // namespace

class TestTokenVault : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void saveLoadRoundTrip();
    void loadWithNothingStoredIsEmpty();
    void profilesAndUsersAreKeptApart();
    void removeDeletesRecordAndIndex();
    void removeOfAnotherUserKeepsTheIndex();
    void removeOfNothingSucceeds();
    void invalidStoredData_data();
    void invalidStoredData();
    void forgetClearsABrokenIndex();
    void keysEncodeProfileAndSub();
    void recordSizeLimits();
    void refusesJwtShapedTokens();
    void refusesIncompleteRecords();
    void storeErrorsAreNotSignedOut();
    void callbacksAreNeverSynchronous();
    void noCallbackAfterContextDestroyed();
    void silentStoreTimesOut();
    void vaultTimeoutCoversTheWholeOperation();
    void redactedDescriptionHidesTheToken();
    void sessionRecordJsonIsVersioned();
    void memoryStoreContract();

private:
    Result<void> save(const QString& profile, const SessionRecord& record);
    Result<std::optional<SessionRecord>> load(const QString& profile);
    Result<void> remove(const QString& profile, const QString& sub);
    Result<void> write(const QString& key, const QByteArray& value);

    std::unique_ptr<Fabrikam::Test::FakeClock> m_clock;
    std::unique_ptr<MemoryStore> m_store;
    std::unique_ptr<TokenVault> m_vault;
};

void TestTokenVault::init()
{
    m_clock = std::make_unique<Fabrikam::Test::FakeClock>(kNow);
    m_store = std::make_unique<MemoryStore>();
    m_vault = std::make_unique<TokenVault>(*m_store, *m_clock);
}

void TestTokenVault::cleanup()
{
    m_vault.reset();
    m_store.reset();
    m_clock.reset();
}

Result<void> TestTokenVault::save(const QString& profile, const SessionRecord& record)
{
    const auto outcome = run<void>([&](QObject* context, Completion<void> done) {
        m_vault->save(profile, record, context, std::move(done));
    });
    return outcome.result.value_or(
        Result<void>(Error{Fabrikam::Common::Errc::Internal, {}, u"no answer"_s}));
}

Result<std::optional<SessionRecord>> TestTokenVault::load(const QString& profile)
{
    using Loaded = Result<std::optional<SessionRecord>>;
    const auto outcome = run<std::optional<SessionRecord>>(
        [&](QObject* context, Completion<std::optional<SessionRecord>> done) {
            m_vault->load(profile, context, std::move(done));
        });
    return outcome.result.value_or(
        Loaded(Error{Fabrikam::Common::Errc::Internal, {}, u"no answer"_s}));
}

Result<void> TestTokenVault::remove(const QString& profile, const QString& sub)
{
    const auto outcome = run<void>([&](QObject* context, Completion<void> done) {
        m_vault->remove(profile, sub, context, std::move(done));
    });
    return outcome.result.value_or(
        Result<void>(Error{Fabrikam::Common::Errc::Internal, {}, u"no answer"_s}));
}

Result<void> TestTokenVault::write(const QString& key, const QByteArray& value)
{
    const auto outcome = run<void>([&](QObject* context, Completion<void> done) {
        m_store->write(key, value, context, std::move(done));
    });
    return outcome.result.value_or(
        Result<void>(Error{Fabrikam::Common::Errc::Internal, {}, u"no answer"_s}));
}

#define VERIFY_OK(result)                                                                          \
    do {                                                                                           \
        const auto& r_ = (result);                                                                 \
        QVERIFY2(r_.ok(), qPrintable(r_.ok() ? QString()                                           \
                                             : errorCodeName(r_.error().code) + u": "_s +          \
                                                   r_.error().detail));                            \
    } while (false)

void TestTokenVault::saveLoadRoundTrip()
{
    const SessionRecord record = makeRecord();
    VERIFY_OK(save(u"default"_s, record));

    const auto loaded = load(u"default"_s);
    VERIFY_OK(loaded);
    QVERIFY(loaded.value().has_value());
    SessionRecord expected = record;
    expected.savedAt = QDateTime::fromSecsSinceEpoch(kNow, QTimeZone::utc());
    QVERIFY(*loaded.value() == expected);
    QCOMPARE(loaded.value()->savedAt, expected.savedAt);
    QCOMPARE(m_store->keys(),
             QStringList({u"profile/default/current"_s, u"profile/default/users/auth0%7Calice"_s}));
}

void TestTokenVault::loadWithNothingStoredIsEmpty()
{
    const auto loaded = load(u"default"_s);
    VERIFY_OK(loaded);
    QVERIFY(!loaded.value().has_value());
}

void TestTokenVault::profilesAndUsersAreKeptApart()
{
    const SessionRecord alice = makeRecord(u"auth0|alice"_s, "alice-token");
    const SessionRecord bob = makeRecord(u"auth0|bob"_s, "bob-token");
    SessionRecord aliceSandbox = makeRecord(u"auth0|alice"_s, "alice-sandbox-token");
    aliceSandbox.issuer = u"http://127.0.0.1:8700"_s;

    VERIFY_OK(save(u"tenant"_s, alice));
    m_clock->advance(60);
    VERIFY_OK(save(u"tenant"_s, bob));
    VERIFY_OK(save(u"sandbox"_s, aliceSandbox));
    QCOMPARE(m_store->keys().size(), 5);

    const auto tenant = load(u"tenant"_s);
    VERIFY_OK(tenant);
    QVERIFY(tenant.value().has_value());
    QCOMPARE(tenant.value()->sub, u"auth0|bob"_s); // the last user saved is current
    QCOMPARE(tenant.value()->refreshToken, "bob-token"_ba);

    const auto sandbox = load(u"sandbox"_s);
    VERIFY_OK(sandbox);
    QVERIFY(sandbox.value().has_value());
    QCOMPARE(sandbox.value()->refreshToken, "alice-sandbox-token"_ba);
    QCOMPARE(sandbox.value()->issuer, u"http://127.0.0.1:8700"_s);

    // Alice's tenant record is still there, untouched by Bob's or by the sandbox profile's.
    const auto aliceStored = SessionRecord::fromJson(
        m_store->value(TokenVault::recordKey(u"tenant"_s, u"auth0|alice"_s)));
    VERIFY_OK(aliceStored);
    QCOMPARE(aliceStored.value().refreshToken, "alice-token"_ba);
}

void TestTokenVault::removeDeletesRecordAndIndex()
{
    VERIFY_OK(save(u"default"_s, makeRecord()));
    VERIFY_OK(save(u"other"_s, makeRecord()));
    VERIFY_OK(remove(u"default"_s, u"auth0|alice"_s));

    QVERIFY(!m_store->contains(TokenVault::recordKey(u"default"_s, u"auth0|alice"_s)));
    QVERIFY(!m_store->contains(TokenVault::currentKey(u"default"_s)));
    const auto loaded = load(u"default"_s);
    VERIFY_OK(loaded);
    QVERIFY(!loaded.value().has_value());
    // The other profile keeps its session.
    QCOMPARE(m_store->keys().size(), 2);
}

void TestTokenVault::removeOfAnotherUserKeepsTheIndex()
{
    VERIFY_OK(save(u"default"_s, makeRecord(u"auth0|alice"_s)));
    VERIFY_OK(save(u"default"_s, makeRecord(u"auth0|bob"_s)));
    VERIFY_OK(remove(u"default"_s, u"auth0|alice"_s));

    const auto loaded = load(u"default"_s);
    VERIFY_OK(loaded);
    QVERIFY(loaded.value().has_value());
    QCOMPARE(loaded.value()->sub, u"auth0|bob"_s);
}

void TestTokenVault::removeOfNothingSucceeds()
{
    VERIFY_OK(remove(u"default"_s, u"auth0|nobody"_s));
    QVERIFY(m_store->keys().isEmpty());
}

void TestTokenVault::invalidStoredData_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QByteArray>("stored");

    const QString record = TokenVault::recordKey(u"default"_s, u"auth0|alice"_s);
    const QString index = TokenVault::currentKey(u"default"_s);
    const QByteArray good = makeRecord().toJson();
    QTest::newRow("corrupt JSON") << record << good.left(good.size() / 2);
    QTest::newRow("not an object") << record << "[1,2,3]"_ba;
    QTest::newRow("wrong version") << record << QByteArray(good).replace("\"v\":1", "\"v\":2");
    QTest::newRow("version as string")
        << record << QByteArray(good).replace("\"v\":1", "\"v\":\"1\"");
    QTest::newRow("missing refresh token")
        << record
        << R"({"v":1,"issuer":"https://i/","client_id":"c","sub":"auth0|alice","scope":"openid","saved_at":"2024-05-01T12:00:00.000Z"})"_ba;
    QTest::newRow("empty refresh token")
        << record
        << R"({"v":1,"refresh_token":"","issuer":"https://i/","client_id":"c","sub":"auth0|alice","scope":"openid","saved_at":"2024-05-01T12:00:00.000Z"})"_ba;
    QTest::newRow("bad saved_at")
        << record
        << R"({"v":1,"refresh_token":"t","issuer":"https://i/","client_id":"c","sub":"auth0|alice","scope":"openid","saved_at":"yesterday"})"_ba;
    QTest::newRow("record of another user")
        << record
        << R"({"v":1,"refresh_token":"t","issuer":"https://i/","client_id":"c","sub":"auth0|mallory","scope":"openid","saved_at":"2024-05-01T12:00:00.000Z"})"_ba;
    QTest::newRow("aud not an array")
        << record
        << R"({"v":1,"refresh_token":"t","issuer":"https://i/","client_id":"c","sub":"auth0|alice","scope":"openid","aud":"c","saved_at":"2024-05-01T12:00:00.000Z"})"_ba;
    QTest::newRow("aud with a number")
        << record
        << R"({"v":1,"refresh_token":"t","issuer":"https://i/","client_id":"c","sub":"auth0|alice","scope":"openid","aud":["c",7],"saved_at":"2024-05-01T12:00:00.000Z"})"_ba;
    QTest::newRow("corrupt index") << index << "auth0|alice"_ba;
    QTest::newRow("index with wrong version") << index << R"({"v":7,"sub":"auth0|alice"})"_ba;
}

void TestTokenVault::invalidStoredData()
{
    QFETCH(QString, key);
    QFETCH(QByteArray, stored);

    VERIFY_OK(save(u"default"_s, makeRecord()));
    VERIFY_OK(write(key, stored));
    const QStringList keysBefore = m_store->keys();
    const QByteArray recordBefore =
        m_store->value(TokenVault::recordKey(u"default"_s, u"auth0|alice"_s));
    const QByteArray indexBefore = m_store->value(TokenVault::currentKey(u"default"_s));

    const auto loaded = load(u"default"_s);
    QVERIFY(!loaded.ok());
    QCOMPARE(loaded.error().code, Fabrikam::Vault::Errc::StoredDataInvalid);
    QVERIFY(!loaded.error().message.isEmpty());
    QVERIFY2(loaded.error().detail.contains(key), qPrintable(loaded.error().detail));

    // Left untouched: the caller decides.
    QCOMPARE(m_store->keys(), keysBefore);
    QCOMPARE(m_store->value(TokenVault::recordKey(u"default"_s, u"auth0|alice"_s)), recordBefore);
    QCOMPARE(m_store->value(TokenVault::currentKey(u"default"_s)), indexBefore);
    QCOMPARE(m_store->value(key), stored);
}

void TestTokenVault::forgetClearsABrokenIndex()
{
    VERIFY_OK(save(u"default"_s, makeRecord()));
    VERIFY_OK(write(TokenVault::currentKey(u"default"_s), "garbage"_ba));

    const auto forgotten = run<void>([&](QObject* context, Completion<void> done) {
        m_vault->forget(u"default"_s, context, std::move(done));
    });
    QVERIFY(forgotten.result.has_value());
    VERIFY_OK(*forgotten.result);
    QVERIFY(!m_store->contains(TokenVault::currentKey(u"default"_s)));
    const auto loaded = load(u"default"_s);
    VERIFY_OK(loaded);
    QVERIFY(!loaded.value().has_value());

    // With a good index, forget removes the record it names as well.
    VERIFY_OK(save(u"default"_s, makeRecord(u"auth0|bob"_s)));
    const auto again = run<void>([&](QObject* context, Completion<void> done) {
        m_vault->forget(u"default"_s, context, std::move(done));
    });
    QVERIFY(again.result.has_value());
    VERIFY_OK(*again.result);
    QVERIFY(!m_store->contains(TokenVault::recordKey(u"default"_s, u"auth0|bob"_s)));
}

void TestTokenVault::keysEncodeProfileAndSub()
{
    QCOMPARE(TokenVault::recordKey(u"a/b"_s, u"auth0|42"_s), u"profile/a%2Fb/users/auth0%7C42"_s);
    QCOMPARE(TokenVault::currentKey(u"a/b"_s), u"profile/a%2Fb/current"_s);
    // A user whose sub is "current" cannot overwrite the index.
    QVERIFY(TokenVault::recordKey(u"p"_s, u"current"_s) != TokenVault::currentKey(u"p"_s));
}

void TestTokenVault::recordSizeLimits()
{
    const QByteArray oneKiB(1024, 'r');
    VERIFY_OK(save(u"default"_s, makeRecord(u"auth0|alice"_s, oneKiB)));
    const QByteArray stored = m_store->value(TokenVault::recordKey(u"default"_s, u"auth0|alice"_s));
    QVERIFY2(stored.size() < 2048, qPrintable(QString::number(stored.size())));
    QVERIFY(stored.size() > 1024);

    const QByteArray tooBig(2100, 'r');
    const Result<void> refused = save(u"big"_s, makeRecord(u"auth0|alice"_s, tooBig));
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, Fabrikam::Vault::Errc::SecretTooLarge);
    QVERIFY(!refused.error().detail.contains(QString::fromLatin1(tooBig)));
    QVERIFY(!m_store->contains(TokenVault::recordKey(u"big"_s, u"auth0|alice"_s)));
    QVERIFY(!m_store->contains(TokenVault::currentKey(u"big"_s)));
}

void TestTokenVault::refusesJwtShapedTokens()
{
    // What an Auth0 access token (or our step-up token) looks like: a JWS.
    const QByteArray header = R"({"alg":"RS256","typ":"at+jwt","kid":"k1"})"_ba.toBase64(
        QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    const QByteArray payload =
        R"({"sub":"auth0|alice","acr":"mfa","scope":"transfer:funds"})"_ba.toBase64(
            QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    const QByteArray jwt = header + '.' + payload + ".c2lnbmF0dXJl";

    const Result<void> refused = save(u"default"_s, makeRecord(u"auth0|alice"_s, jwt));
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, Fabrikam::Common::Errc::InvalidInput);
    QVERIFY(m_store->keys().isEmpty());

    // Opaque tokens with dots are fine.
    VERIFY_OK(save(u"default"_s, makeRecord(u"auth0|alice"_s, "v1.abc.def")));
}

void TestTokenVault::refusesIncompleteRecords()
{
    SessionRecord noToken = makeRecord();
    noToken.refreshToken.clear();
    SessionRecord noSub = makeRecord();
    noSub.sub.clear();
    SessionRecord noIssuer = makeRecord();
    noIssuer.issuer.clear();
    for (const SessionRecord& record : {noToken, noSub, noIssuer}) {
        const Result<void> refused = save(u"default"_s, record);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, Fabrikam::Common::Errc::InvalidInput);
    }
    const Result<void> noProfile = save(QString(), makeRecord());
    QVERIFY(!noProfile.ok());
    QCOMPARE(noProfile.error().code, Fabrikam::Common::Errc::InvalidInput);
    QVERIFY(m_store->keys().isEmpty());
}

void TestTokenVault::storeErrorsAreNotSignedOut()
{
    FailingStore failing(
        Error{Fabrikam::Vault::Errc::KeychainUnavailable, u"words"_s, u"detail"_s});
    TokenVault vault(failing, *m_clock);
    const auto outcome = run<std::optional<SessionRecord>>(
        [&](QObject* context, Completion<std::optional<SessionRecord>> done) {
            vault.load(u"default"_s, context, std::move(done));
        });
    QVERIFY(outcome.result.has_value());
    QVERIFY(!outcome.result->ok());
    QCOMPARE(outcome.result->error().code, Fabrikam::Vault::Errc::KeychainUnavailable);
    QCOMPARE(outcome.result->error().message, u"words"_s);
}

void TestTokenVault::callbacksAreNeverSynchronous()
{
    const SessionRecord record = makeRecord();
    QList<Outcome<void>> voids;
    voids << run<void>([&](QObject* c, Completion<void> d) {
        m_vault->save(u"default"_s, record, c, std::move(d));
    });
    // Errors found before any I/O are deferred too.
    voids << run<void>(
        [&](QObject* c, Completion<void> d) { m_vault->save(QString(), record, c, std::move(d)); });
    voids << run<void>(
        [&](QObject* c, Completion<void> d) { m_store->write(u"k"_s, "v"_ba, c, std::move(d)); });
    voids << run<void>([&](QObject* c, Completion<void> d) {
        m_store->write(u"k"_s, QByteArray(4096, 'x'), c, std::move(d));
    });
    voids << run<void>(
        [&](QObject* c, Completion<void> d) { m_store->remove(u"k"_s, c, std::move(d)); });
    voids << run<void>([&](QObject* c, Completion<void> d) { m_store->probe(c, std::move(d)); });
    voids << run<void>([&](QObject* c, Completion<void> d) {
        m_vault->remove(u"default"_s, u"auth0|alice"_s, c, std::move(d));
    });
    voids << run<void>(
        [&](QObject* c, Completion<void> d) { m_vault->forget(u"default"_s, c, std::move(d)); });
    for (const auto& outcome : std::as_const(voids)) {
        QVERIFY(outcome.result.has_value());
        QVERIFY(!outcome.calledSynchronously);
        QCOMPARE(outcome.calls, 1);
    }

    const auto loaded = run<std::optional<SessionRecord>>(
        [&](QObject* c, Completion<std::optional<SessionRecord>> d) {
            m_vault->load(u"default"_s, c, std::move(d));
        });
    QVERIFY(loaded.result.has_value());
    QVERIFY(!loaded.calledSynchronously);
    QCOMPARE(loaded.calls, 1);

    const auto read = run<QByteArray>([&](QObject* c, Completion<QByteArray> d) {
        m_store->read(u"missing"_s, c, std::move(d));
    });
    QVERIFY(read.result.has_value());
    QVERIFY(!read.calledSynchronously);
    QCOMPARE(read.calls, 1);
}

void TestTokenVault::noCallbackAfterContextDestroyed()
{
    int calls = 0;
    {
        QObject context;
        m_vault->save(u"default"_s, makeRecord(), &context, [&](Result<void>) { ++calls; });
        m_vault->load(u"default"_s, &context,
                      [&](Result<std::optional<SessionRecord>>) { ++calls; });
        m_store->read(u"k"_s, &context, [&](Result<QByteArray>) { ++calls; });
    }
    // Destroyed while pending on a store that never answers: not even the timeout calls back.
    SilentStore silent;
    silent.setTimeout(30ms);
    TokenVault silentVault(silent, *m_clock);
    silentVault.setTimeout(30ms);
    {
        auto context = std::make_unique<QObject>();
        silentVault.load(u"default"_s, context.get(),
                         [&](Result<std::optional<SessionRecord>>) { ++calls; });
        silent.write(u"k"_s, "v"_ba, context.get(), [&](Result<void>) { ++calls; });
        QTest::qWait(5);
        context.reset();
    }
    QTest::qWait(150);
    QCOMPARE(calls, 0);
}

void TestTokenVault::silentStoreTimesOut()
{
    SilentStore silent;
    silent.setTimeout(50ms);
    QCOMPARE(silent.timeout(), 50ms);
    TokenVault vault(silent, *m_clock); // the vault's own 10 s are not what fires here

    QElapsedTimer elapsed;
    elapsed.start();
    const auto loaded = run<std::optional<SessionRecord>>(
        [&](QObject* c, Completion<std::optional<SessionRecord>> d) {
            vault.load(u"default"_s, c, std::move(d));
        });
    QVERIFY(loaded.result.has_value());
    QVERIFY(!loaded.result->ok());
    QCOMPARE(loaded.result->error().code, Fabrikam::Common::Errc::Timeout);
    QVERIFY(!loaded.result->error().message.isEmpty());
    QCOMPARE(loaded.calls, 1);
    QVERIFY(elapsed.elapsed() < 2000);

    const auto saved = run<void>([&](QObject* c, Completion<void> d) {
        vault.save(u"default"_s, makeRecord(), c, std::move(d));
    });
    QVERIFY(saved.result.has_value());
    QCOMPARE(saved.result->error().code, Fabrikam::Common::Errc::Timeout);

    const auto probed =
        run<void>([&](QObject* c, Completion<void> d) { silent.probe(c, std::move(d)); });
    QVERIFY(probed.result.has_value());
    QCOMPARE(probed.result->error().code, Fabrikam::Common::Errc::Timeout);
}

void TestTokenVault::vaultTimeoutCoversTheWholeOperation()
{
    SilentStore silent; // its own 10 s would be too late
    TokenVault vault(silent, *m_clock);
    vault.setTimeout(50ms);
    QCOMPARE(vault.timeout(), 50ms);

    QElapsedTimer elapsed;
    elapsed.start();
    const auto removed = run<void>([&](QObject* c, Completion<void> d) {
        vault.remove(u"default"_s, u"auth0|alice"_s, c, std::move(d));
    });
    QVERIFY(removed.result.has_value());
    QCOMPARE(removed.result->error().code, Fabrikam::Common::Errc::Timeout);
    QVERIFY(removed.result->error().detail.contains(u"default"_s));
    QVERIFY(elapsed.elapsed() < 2000);
}

void TestTokenVault::redactedDescriptionHidesTheToken()
{
    SessionRecord record = makeRecord();
    record.savedAt = QDateTime::fromSecsSinceEpoch(kNow, QTimeZone::utc());
    const QString description = record.redactedDescription();
    QVERIFY(!description.contains(QString::fromLatin1(record.refreshToken)));
    QVERIFY(!description.contains(u"opaque-refresh"_s));
    QVERIFY(description.contains(redact(record.refreshToken)));
    QVERIFY(description.contains(u"auth0|alice"_s));
    QVERIFY(description.contains(u"2024-05-01T12:00:00"_s));
}

void TestTokenVault::sessionRecordJsonIsVersioned()
{
    SessionRecord record = makeRecord();
    record.savedAt = QDateTime::fromSecsSinceEpoch(kNow, QTimeZone::utc());
    const QByteArray json = record.toJson();
    QVERIFY(json.startsWith("{"));
    QVERIFY(json.contains("\"v\":1"));
    QVERIFY(json.contains("\"scope\":\"openid profile offline_access accounts:read\""));
    QVERIFY(json.contains("\"saved_at\":\"2024-05-01T12:00:00.000Z\""));
    QVERIFY(json.contains("\"aud\":[\"desktop-client\"]"));
    // Nothing else secret: exactly these members.
    for (const char* member : {"access_token", "id_token", "elevated", "step_up"}) {
        QVERIFY(!json.contains(member));
    }
    const auto parsed = SessionRecord::fromJson(json);
    VERIFY_OK(parsed);
    QVERIFY(parsed.value() == record);
    // A record written before "aud" existed is still read; its audience is simply not known.
    QJsonObject withoutAud = QJsonDocument::fromJson(json).object();
    QVERIFY(withoutAud.contains(u"aud"_s));
    withoutAud.remove(u"aud"_s);
    const auto older = SessionRecord::fromJson(QJsonDocument(withoutAud).toJson());
    VERIFY_OK(older);
    QVERIFY(older.value().audiences.isEmpty());
    QCOMPARE(older.value().sub, record.sub);
}

void TestTokenVault::memoryStoreContract()
{
    const auto missing = run<QByteArray>([&](QObject* c, Completion<QByteArray> d) {
        m_store->read(u"nothing"_s, c, std::move(d));
    });
    QVERIFY(missing.result.has_value());
    QCOMPARE(missing.result->error().code, Fabrikam::Vault::Errc::EntryNotFound);

    VERIFY_OK(write(u"k"_s, QByteArray(2048, 'x'))); // exactly the limit
    const Result<void> tooLarge = write(u"k"_s, QByteArray(2049, 'y'));
    QVERIFY(!tooLarge.ok());
    QCOMPARE(tooLarge.error().code, Fabrikam::Vault::Errc::SecretTooLarge);
    QCOMPARE(m_store->value(u"k"_s), QByteArray(2048, 'x')); // not overwritten

    const Result<void> emptyKey = write(QString(), "v"_ba);
    QVERIFY(!emptyKey.ok());
    QCOMPARE(emptyKey.error().code, Fabrikam::Common::Errc::InvalidInput);

    const auto probed =
        run<void>([&](QObject* c, Completion<void> d) { m_store->probe(c, std::move(d)); });
    QVERIFY(probed.result.has_value());
    VERIFY_OK(*probed.result);
    QCOMPARE(m_store->keys(), QStringList{u"k"_s}); // the canary is gone
}

QTEST_GUILESS_MAIN(TestTokenVault)
#include "tst_tokenvault.moc"
