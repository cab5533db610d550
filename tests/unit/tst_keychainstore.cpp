// Against the real Secret Service: run through scripts/with-test-session, which starts a private
// D-Bus session with a freshly created, unlocked, throwaway gnome-keyring (STACK.md section 3).
#include "common/result.h"
#include "support/asyncoutcome.h"
#include "support/fakeclock.h"
#include "vault/errors.h"
#include "vault/keychainstore.h"
#include "vault/tokenvault.h"

#include <QRandomGenerator>
#include <QTest>
#include <qt6keychain/keychain.h>

#include <functional>
#include <memory>
#include <optional>

using namespace Fabrikam::Common;
using namespace Fabrikam::Vault;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

// Not the app's "com.fabrikam.desktop": a test never touches a real user's entries, even if run
// outside the throwaway session by mistake.
const QString kService = u"com.fabrikam.desktop.tests"_s;

using Fabrikam::Test::Outcome;

template <class T>
Outcome<T> run(const std::function<void(QObject*, Completion<T>)>& start,
               std::chrono::milliseconds wait = 15s)
{
    return Fabrikam::Test::runAsync<T>(start, wait);
}

QString describe(const Error& error)
{
    return errorCodeName(error.code) + u": "_s + error.message + u" ["_s + error.detail + u"]"_s;
}

} // namespace

// QVERIFY2 evaluates its message even on success: describe only a failure.
#define VERIFY_ANSWERED_OK(expression)                                                             \
    do {                                                                                           \
        const auto& outcome_ = (expression);                                                       \
        QVERIFY2(outcome_.result.has_value(), "no answer");                                        \
        QVERIFY2(                                                                                  \
            outcome_.result->ok(),                                                                 \
            qPrintable(outcome_.result->ok() ? QString() : describe(outcome_.result->error())));   \
        QVERIFY(!outcome_.calledSynchronously);                                                    \
        QCOMPARE(outcome_.calls, 1);                                                               \
    } while (false)

class TestKeychainStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void insecureFallbackIsOff();
    void probeSucceeds();
    void writeReadOverwriteRemove();
    void readOfMissingKeyIsEntryNotFound();
    void removeOfMissingKeySucceeds();
    void binaryValuesRoundTrip();
    void valuesOverTwoKiBAreRefused();
    void noCallbackAfterContextDestroyed();
    void tokenVaultRoundTrip();

private:
    Outcome<void> write(const QString& key, const QByteArray& value);
    Outcome<QByteArray> read(const QString& key);
    Outcome<void> remove(const QString& key);

    QString m_prefix; // per run, so parallel runs and leftovers never meet
    std::unique_ptr<KeychainStore> m_store;
};

void TestKeychainStore::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")) {
        const char* why = "No D-Bus session: run this test through scripts/with-test-session "
                          "(private D-Bus session with an unlocked throwaway gnome-keyring), "
                          "e.g. scripts/with-test-session ctest --test-dir build -L keychain";
        if (qgetenv("FABRIKAM_REQUIRE_KEYRING") == "1") {
            QFAIL(why);
        }
        QSKIP(why);
    }
    m_prefix = u"tests/%1/"_s.arg(QRandomGenerator::system()->generate64(), 0, 16);
}

void TestKeychainStore::init()
{
    m_store = std::make_unique<KeychainStore>(kService);
    QCOMPARE(m_store->service(), kService);
}

void TestKeychainStore::cleanup()
{
    QVERIFY(!m_store->insecureFallbackSeen());
    m_store.reset();
}

Outcome<void> TestKeychainStore::write(const QString& key, const QByteArray& value)
{
    return run<void>([&](QObject* c, Completion<void> d) {
        m_store->write(m_prefix + key, value, c, std::move(d));
    });
}

Outcome<QByteArray> TestKeychainStore::read(const QString& key)
{
    return run<QByteArray>([&](QObject* c, Completion<QByteArray> d) {
        m_store->read(m_prefix + key, c, std::move(d));
    });
}

Outcome<void> TestKeychainStore::remove(const QString& key)
{
    return run<void>(
        [&](QObject* c, Completion<void> d) { m_store->remove(m_prefix + key, c, std::move(d)); });
}

void TestKeychainStore::insecureFallbackIsOff()
{
    // What we rely on (STACK.md section 3): QtKeychain's plaintext fallback is off by default, and
    // KeychainStore never turns it on (it asserts so for every job; cleanup() checks the store).
    QKeychain::ReadPasswordJob read(kService);
    QVERIFY(!read.insecureFallback());
    QKeychain::WritePasswordJob write(kService);
    QVERIFY(!write.insecureFallback());
    QKeychain::DeletePasswordJob remove(kService);
    QVERIFY(!remove.insecureFallback());

    VERIFY_ANSWERED_OK(this->write(u"fallback"_s, "value"_ba));
    VERIFY_ANSWERED_OK(this->remove(u"fallback"_s));
    QVERIFY(!m_store->insecureFallbackSeen());
}

void TestKeychainStore::probeSucceeds()
{
    const auto probed =
        run<void>([&](QObject* c, Completion<void> d) { m_store->probe(c, std::move(d)); });
    VERIFY_ANSWERED_OK(probed);
}

void TestKeychainStore::writeReadOverwriteRemove()
{
    VERIFY_ANSWERED_OK(write(u"entry"_s, "first value"_ba));
    auto first = read(u"entry"_s);
    VERIFY_ANSWERED_OK(first);
    QCOMPARE(first.result->value(), "first value"_ba);

    VERIFY_ANSWERED_OK(write(u"entry"_s, "second value"_ba));
    auto second = read(u"entry"_s);
    VERIFY_ANSWERED_OK(second);
    QCOMPARE(second.result->value(), "second value"_ba);

    VERIFY_ANSWERED_OK(remove(u"entry"_s));
    const auto gone = read(u"entry"_s);
    QVERIFY(gone.result.has_value());
    QVERIFY(!gone.result->ok());
    QCOMPARE(gone.result->error().code, Fabrikam::Vault::Errc::EntryNotFound);
}

void TestKeychainStore::readOfMissingKeyIsEntryNotFound()
{
    const auto missing = read(u"never-written"_s);
    QVERIFY(missing.result.has_value());
    QVERIFY(!missing.result->ok());
    QCOMPARE(missing.result->error().code, Fabrikam::Vault::Errc::EntryNotFound);
    QVERIFY(!missing.calledSynchronously);
}

void TestKeychainStore::removeOfMissingKeySucceeds()
{
    VERIFY_ANSWERED_OK(remove(u"never-written"_s));
}

void TestKeychainStore::binaryValuesRoundTrip()
{
    QByteArray value;
    for (int i = 0; i < 256; ++i) {
        value.append(static_cast<char>(i));
    }
    VERIFY_ANSWERED_OK(write(u"binary"_s, value));
    const auto back = read(u"binary"_s);
    VERIFY_ANSWERED_OK(back);
    QCOMPARE(back.result->value(), value);
    VERIFY_ANSWERED_OK(remove(u"binary"_s));
}

void TestKeychainStore::valuesOverTwoKiBAreRefused()
{
    VERIFY_ANSWERED_OK(write(u"limit"_s, QByteArray(KeychainStore::MaxValueSize, 'a')));

    const auto refused = write(u"limit"_s, QByteArray(KeychainStore::MaxValueSize + 1, 'b'));
    QVERIFY(refused.result.has_value());
    QVERIFY(!refused.result->ok());
    QCOMPARE(refused.result->error().code, Fabrikam::Vault::Errc::SecretTooLarge);
    QVERIFY(!refused.result->error().message.isEmpty());

    const auto kept = read(u"limit"_s); // the refused write did not reach the keychain
    VERIFY_ANSWERED_OK(kept);
    QCOMPARE(kept.result->value(), QByteArray(KeychainStore::MaxValueSize, 'a'));
    VERIFY_ANSWERED_OK(remove(u"limit"_s));
}

void TestKeychainStore::noCallbackAfterContextDestroyed()
{
    int calls = 0;
    {
        QObject context;
        m_store->write(m_prefix + u"orphan"_s, "v"_ba, &context, [&](Result<void>) { ++calls; });
        m_store->read(m_prefix + u"orphan"_s, &context, [&](Result<QByteArray>) { ++calls; });
    }
    QTest::qWait(500); // the jobs finish meanwhile; nobody is told
    QCOMPARE(calls, 0);
    VERIFY_ANSWERED_OK(remove(u"orphan"_s));
}

void TestKeychainStore::tokenVaultRoundTrip()
{
    const Fabrikam::Test::FakeClock clock(1'714'564'800);
    TokenVault vault(*m_store, clock);
    const QString profile = m_prefix + u"default"_s;

    SessionRecord record;
    record.refreshToken = QByteArray(1024, 'r');
    record.issuer = u"https://fabrikam.eu.auth0.com/"_s;
    record.clientId = u"desktop-client"_s;
    record.sub = u"auth0|alice"_s;
    record.scopes = {u"openid"_s, u"offline_access"_s, u"accounts:read"_s};

    const auto saved = run<void>(
        [&](QObject* c, Completion<void> d) { vault.save(profile, record, c, std::move(d)); });
    VERIFY_ANSWERED_OK(saved);

    const auto loaded = run<std::optional<SessionRecord>>(
        [&](QObject* c, Completion<std::optional<SessionRecord>> d) {
            vault.load(profile, c, std::move(d));
        });
    VERIFY_ANSWERED_OK(loaded);
    QVERIFY(loaded.result->value().has_value());
    record.savedAt = clock.now();
    QVERIFY(*loaded.result->value() == record);

    const auto removed = run<void>([&](QObject* c, Completion<void> d) {
        vault.remove(profile, record.sub, c, std::move(d));
    });
    VERIFY_ANSWERED_OK(removed);

    const auto empty = run<std::optional<SessionRecord>>(
        [&](QObject* c, Completion<std::optional<SessionRecord>> d) {
            vault.load(profile, c, std::move(d));
        });
    VERIFY_ANSWERED_OK(empty);
    QVERIFY(!empty.result->value().has_value());
}

QTEST_GUILESS_MAIN(TestKeychainStore)
#include "tst_keychainstore.moc"
