// The application layer (src/client) driven without a widget or the CLI's parsing, against the
// sandbox the fixture started: the composition of real parts, the silent restore at start, and a
// transfer whose answer was lost resumed by the next "process" (a new Context on the same profile,
// keychain and pending-transfer notes) under the same Idempotency-Key. noah, a seed
// user of its own, is the scripted person.
#include "auth/useragent.h"
#include "client/context.h"
#include "support/asyncoutcome.h"
#include "support/sandboxadmin.h"
#include "support/sandboxenv.h"

#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Fabrikam;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using Client::Context;

namespace {

const QString kUser = u"noah"_s; // a seed user of its own: no other test locks or uses him

} // namespace

class TestClientContext : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void nobodySignedIn();
    void signInThenRestoreInANewContext();
    void lostAnswerResumedByTheNextContext();

private:
    // A new composition, as a new process of either front end would make it.
    std::unique_ptr<Context> context(const QString& profileName);

    QTemporaryDir m_dir{QDir::tempPath() + u"/fabrikam-client-XXXXXX"_s};
    QNetworkAccessManager m_network;
    const QString m_issuer = Test::envOr("FABRIKAM_SANDBOX_ISSUER", "http://127.0.0.1:18700");
    const QString m_api = Test::envOr("FABRIKAM_SANDBOX_API", "http://127.0.0.1:18701");
    const QString m_admin = Test::envOr("FABRIKAM_SANDBOX_ADMIN", "http://127.0.0.1:18702");
    std::unique_ptr<Auth::ExternalBrowser> m_browser;
};

void TestClientContext::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_dir.setAutoRemove(qEnvironmentVariableIsEmpty("FABRIKAM_KEEP_TEST_DIR"));
    // The pending-transfer notes of this test's own (AppLocalDataLocation).
    qputenv("XDG_DATA_HOME", m_dir.filePath(u"data"_s).toUtf8());
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert(u"BROWSER"_s, QStringLiteral(FABRIKAM_SCRIPTED_BROWSER));
    e.insert(u"FABRIKAM_PERSON_USER"_s, kUser);
    e.insert(u"FABRIKAM_PERSON_PROFILE"_s, m_dir.filePath(u"browser"_s));
    e.insert(u"FABRIKAM_SANDBOX_ADMIN"_s, m_admin);
    m_browser = std::make_unique<Auth::ExternalBrowser>(e);
    QCOMPARE(Test::sandboxAdmin(m_network, m_admin, "DELETE", u"/scenarios"_s), 200);
}

void TestClientContext::cleanup()
{
    QCOMPARE(Test::sandboxAdmin(m_network, m_admin, "DELETE", u"/scenarios"_s), 200);
}

std::unique_ptr<Context> TestClientContext::context(const QString& profileName)
{
    Bank::Profile profile = Bank::Profile::sandbox();
    profile.name = profileName;
    profile.auth.issuer = m_issuer;
    profile.apiBaseUrl = QUrl(m_api);
    profile.auth.browserTimeout = 60s;
    return std::make_unique<Context>(Context::Options{profile}, *m_browser);
}

void TestClientContext::nobodySignedIn()
{
    const auto client = context(u"client-nobody"_s);
    const auto restored = Test::runAsync<Context::Restored>(
        [&](QObject* ctx, auto done) { client->restore(ctx, std::move(done)); }, 20s);
    QVERIFY2(restored.result && restored.result->ok(), Test::describe(restored.result).constData());
    QCOMPARE(restored.result->value(), Context::Restored::NobodySignedIn);
    QCOMPARE(restored.calls, 1);
    QVERIFY(!restored.calledSynchronously);
    QVERIFY(!client->session().isSignedIn());
}

void TestClientContext::signInThenRestoreInANewContext()
{
    {
        const auto first = context(u"client-restore"_s);
        const auto signedIn = Test::runAsync<bool>(
            [&](QObject* ctx, auto done) { first->session().signIn(ctx, std::move(done)); }, 90s);
        QVERIFY2(signedIn.result && signedIn.result->ok(),
                 Test::describe(signedIn.result).constData());
    }
    const auto next = context(u"client-restore"_s);
    const auto restored = Test::runAsync<Context::Restored>(
        [&](QObject* ctx, auto done) { next->restore(ctx, std::move(done)); }, 30s);
    QVERIFY2(restored.result && restored.result->ok(), Test::describe(restored.result).constData());
    QCOMPARE(restored.result->value(), Context::Restored::SignedIn);
    QCOMPARE(next->session().subject(), kUser);
}

void TestClientContext::lostAnswerResumedByTheNextContext()
{
    const QString profile = u"client-resume"_s;
    const auto request =
        Bank::TransferRequest::create(u"acc-noah-chk"_s, u"acc-noah-sav"_s,
                                      Bank::Money::parse(u"3.21"_s, u"EUR"_s).value(),
                                      u"client layer resume"_s)
            .value();
    QByteArray key;
    {
        const auto first = context(profile);
        const auto signedIn = Test::runAsync<bool>(
            [&](QObject* ctx, auto done) { first->session().signIn(ctx, std::move(done)); }, 90s);
        QVERIFY2(signedIn.result && signedIn.result->ok(),
                 Test::describe(signedIn.result).constData());
        // The bank makes the transfer and holds its answer past this client's timeout.
        QCOMPARE(Test::sandboxAdmin(m_network, m_admin, "PATCH", u"/scenarios"_s,
                                    {{u"api-hold-response-ms"_s, 4000}}),
                 200);
        first->api().setTransferTimeout(2s);
        const Bank::TransferCoordinator::Resumed fresh = first->transfers().resume(request);
        QVERIFY(!fresh.resumed);
        key = fresh.request.idempotencyKey();
        std::optional<Bank::ApiResult<Bank::TransferReceipt>> result;
        QObject ctx;
        first->transfers().submit(fresh.request, &ctx, [&](auto receipt) { result = receipt; });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 90000);
        QVERIFY(!result->ok());
        QVERIFY(result->error().outcomeUnknown);
        QCOMPARE(Test::sandboxAdmin(m_network, m_admin, "DELETE", u"/scenarios"_s), 200);
    } // the "process" ends

    const auto next = context(profile);
    const auto restored = Test::runAsync<Context::Restored>(
        [&](QObject* ctx, auto done) { next->restore(ctx, std::move(done)); }, 30s);
    QVERIFY2(restored.result && restored.result->ok(), Test::describe(restored.result).constData());
    QCOMPARE(restored.result->value(), Context::Restored::SignedIn);
    const Bank::TransferCoordinator::Resumed again = next->transfers().resume(request);
    QVERIFY(again.resumed);
    QCOMPARE(again.request.idempotencyKey(), key);
    std::optional<Bank::ApiResult<Bank::TransferReceipt>> result;
    QObject ctx;
    next->transfers().submit(again.request, &ctx, [&](auto receipt) { result = receipt; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 90000);
    QVERIFY2(result->ok(), qPrintable(result->ok() ? QString() : result->error().message));
    QVERIFY(result->value().replayed);                   // made by the first "process", once
    QVERIFY(!next->transfers().resume(request).resumed); // settled
}

QTEST_GUILESS_MAIN(TestClientContext)
#include "tst_clientcontext.moc"
