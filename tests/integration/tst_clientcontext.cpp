// The application layer (src/client) driven without a widget or the CLI's parsing, against the
// sandbox the fixture started: the composition of real parts, the silent restore at start, the
// reads following the API's challenges (a missing scope, a demand for a recent second factor, a
// statement) with one browser trip each and never a loop, and a transfer whose answer was lost
// resumed by the next "process" (a new Context on the same profile, keychain and pending-transfer
// notes) under the same Idempotency-Key. noah, a seed user of its own, is the scripted person.
#include "auth/useragent.h"
#include "bank/errors.h"
#include "client/context.h"
#include "common/redact.h"
#include "support/asyncoutcome.h"
#include "support/sandboxadmin.h"
#include "support/sandboxenv.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Fabrikam;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using Client::Context;

namespace {

const QString kUser = u"noah"_s; // a seed user of its own: no other test locks or uses him

// Waits (bounded) for the one answer of a client operation.
template <class T>
std::optional<T> answerOf(const std::function<void(QObject*, std::function<void(T)>)>& start,
                          std::chrono::milliseconds wait = 90s)
{
    std::optional<T> answer;
    QObject context;
    start(&context, [&answer](T a) { answer.emplace(std::move(a)); });
    (void)QTest::qWaitFor([&] { return answer.has_value(); }, static_cast<int>(wait.count()));
    return answer;
}

// For a failure message (QVERIFY2 builds it whatever the outcome): "ok", or the error's code,
// sentence and detail.
template <class T> QByteArray describe(const Bank::ApiResult<T>& result)
{
    if (result.ok()) {
        return "ok";
    }
    const Bank::ApiError& e = result.error();
    return (Common::errorCodeName(e.code) + u": "_s + e.message + u" ("_s + e.detail + u')')
        .toUtf8();
}

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
    void readsFollowAnMfaDemandOnce();
    void readsFollowAMissingScopeOnce();
    void statementVerifiesOnceThenReusesTheToken();
    void cancelledStepUpSendsNothing();
    void cancelledStepUpKeepsTheOtherPartsAnswer();
    void signOutWithNobodySignedIn();
    void signOutOfTheSavedSessionFromANewContext();
    void timelineKeepsTheNewestEventsRedacted();

private:
    // A Context for `profileName`, signed in as noah through the browser.
    std::unique_ptr<Context> signedIn(const QString& profileName,
                                      const std::function<void(Client::Profile&)>& adjust = {});
    void setScenario(const QJsonObject& scenario);
    // A new composition, as a new process of either front end would make it.
    // adjust: changes to the sandbox profile before it is used.
    std::unique_ptr<Context> context(const QString& profileName,
                                     const std::function<void(Client::Profile&)>& adjust = {},
                                     Auth::UserAgent* browser = nullptr);
    // noah's browser with a profile (cookies, SSO session) of its own: a sign-in there proves a
    // password only, whatever second factor the other tests' browser sessions remember.
    Auth::UserAgent& freshBrowser(const QString& name);

    QTemporaryDir m_dir{QDir::tempPath() + u"/fabrikam-client-XXXXXX"_s};
    QNetworkAccessManager m_network;
    const QString m_issuer = Test::envOr("FABRIKAM_SANDBOX_ISSUER", "http://127.0.0.1:18700");
    const QString m_api = Test::envOr("FABRIKAM_SANDBOX_API", "http://127.0.0.1:18701");
    const QString m_admin = Test::envOr("FABRIKAM_SANDBOX_ADMIN", "http://127.0.0.1:18702");
    std::vector<std::unique_ptr<Auth::ExternalBrowser>> m_browsers; // outlive the contexts
    Auth::UserAgent* m_browser = nullptr; // the one the restore and resume tests share
};

void TestClientContext::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_dir.setAutoRemove(qEnvironmentVariableIsEmpty("FABRIKAM_KEEP_TEST_DIR"));
    // The pending-transfer notes of this test's own (AppLocalDataLocation).
    qputenv("XDG_DATA_HOME", m_dir.filePath(u"data"_s).toUtf8());
    m_browser = &freshBrowser(u"browser"_s);
    QCOMPARE(Test::sandboxAdmin(m_network, m_admin, "DELETE", u"/scenarios"_s), 200);
}

void TestClientContext::cleanup()
{
    QCOMPARE(Test::sandboxAdmin(m_network, m_admin, "DELETE", u"/scenarios"_s), 200);
}

Auth::UserAgent& TestClientContext::freshBrowser(const QString& name)
{
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert(u"BROWSER"_s, QStringLiteral(FABRIKAM_SCRIPTED_BROWSER));
    e.insert(u"FABRIKAM_PERSON_USER"_s, kUser);
    e.insert(u"FABRIKAM_PERSON_PROFILE"_s, m_dir.filePath(name));
    e.insert(u"FABRIKAM_SANDBOX_ADMIN"_s, m_admin);
    m_browsers.push_back(std::make_unique<Auth::ExternalBrowser>(e));
    return *m_browsers.back();
}

std::unique_ptr<Context>
TestClientContext::context(const QString& profileName,
                           const std::function<void(Client::Profile&)>& adjust,
                           Auth::UserAgent* browser)
{
    Client::Profile profile = Client::Profile::sandbox();
    profile.name = profileName;
    profile.auth.issuer = m_issuer;
    profile.apiBaseUrl = QUrl(m_api);
    profile.auth.browserTimeout = 60s;
    if (adjust) {
        adjust(profile);
    }
    return std::make_unique<Context>(Context::Options{profile}, browser ? *browser : *m_browser);
}

std::unique_ptr<Context>
TestClientContext::signedIn(const QString& profileName,
                            const std::function<void(Client::Profile&)>& adjust)
{
    auto client = context(profileName, adjust, &freshBrowser(u"browser-"_s + profileName));
    const auto done = Test::runAsync<bool>(
        [&](QObject* ctx, auto finished) { client->session().signIn(ctx, std::move(finished)); },
        90s);
    if (!done.result || !done.result->ok()) {
        qWarning("sign-in failed: %s", Test::describe(done.result).constData());
        return nullptr;
    }
    return client;
}

void TestClientContext::setScenario(const QJsonObject& scenario)
{
    QCOMPARE(Test::sandboxAdmin(m_network, m_admin, "PATCH", u"/scenarios"_s, scenario), 200);
}

void TestClientContext::nobodySignedIn()
{
    const auto client = context(u"client-nobody"_s);
    const auto restored = Test::runAsync<Context::Restored>(
        [&](QObject* ctx, auto done) { client->restore(ctx, std::move(done)); }, 20s);
    QVERIFY2(restored.result && restored.result->ok(), Test::describe(restored.result).constData());
    QVERIFY(!restored.result->value().signedIn);
    QVERIFY(restored.result->value().keychainProblem.isEmpty());
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
    QVERIFY(restored.result->value().signedIn);
    QCOMPARE(next->session().subject(), kUser);
}

void TestClientContext::lostAnswerResumedByTheNextContext()
{
    const QString profile = u"client-resume"_s;
    // As either front end hands it over: typed, and the person's accounts as the bank listed them.
    const Client::TransferIntent intent{
        u"acc-noah-chk"_s, u"acc-noah-sav"_s, u" 3.21 "_s, {}, u"client layer resume"_s};
    const QList<Bank::Account> accounts{
        {u"acc-noah-chk"_s, u"Checking"_s, {}, Bank::Money::parse(u"0.00"_s, u"EUR"_s).value()}};
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
        const auto fresh = first->transfers().prepare(intent, accounts);
        QVERIFY2(fresh.ok(), qPrintable(fresh.ok() ? QString() : fresh.error().message));
        QVERIFY(!fresh.value().resumed);
        QVERIFY(fresh.value().needsStepUp); // the base session has no transfer:funds
        QCOMPARE(fresh.value().request.amount().toDecimalString(), u"3.21"_s);
        QCOMPARE(fresh.value().request.amount().currency(), u"EUR"_s);
        key = fresh.value().request.idempotencyKey();
        std::optional<Bank::ApiResult<Bank::TransferReceipt>> result;
        QObject ctx;
        first->transfers().submit(fresh.value().request, &ctx,
                                  [&](auto receipt) { result = receipt; });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 90000);
        QVERIFY(!result->ok());
        QVERIFY(result->error().outcomeUnknown);
        QCOMPARE(Test::sandboxAdmin(m_network, m_admin, "DELETE", u"/scenarios"_s), 200);
    } // the "process" ends

    const auto next = context(profile);
    const auto restored = Test::runAsync<Context::Restored>(
        [&](QObject* ctx, auto done) { next->restore(ctx, std::move(done)); }, 30s);
    QVERIFY2(restored.result && restored.result->ok(), Test::describe(restored.result).constData());
    QVERIFY(restored.result->value().signedIn);
    const auto again = next->transfers().prepare(intent, accounts);
    QVERIFY(again.ok() && again.value().resumed);
    QCOMPARE(again.value().request.idempotencyKey(), key);
    std::optional<Bank::ApiResult<Bank::TransferReceipt>> result;
    QObject ctx;
    next->transfers().submit(again.value().request, &ctx, [&](auto receipt) { result = receipt; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 90000);
    QVERIFY2(result->ok(), qPrintable(result->ok() ? QString() : result->error().message));
    QVERIFY(result->value().replayed); // made by the first "process", once
    QVERIFY(!next->transfers().prepare(intent, accounts).value().resumed); // settled

    // The timeline tells support staff the same story, from the client layer, for either front
    // end: this attempt reused the noted key and was answered.
    const QList<Client::TimelineEvent>& events = next->timeline().events();
    const auto prepared = std::find_if(events.cbegin(), events.cend(), [](const auto& e) {
        return e.event == u"transfer.prepared"_s;
    });
    QVERIFY(prepared != events.cend());
    QCOMPARE(prepared->fields.value(u"resumed"_s).toBool(), true);
    QCOMPARE(prepared->fields.value(u"idempotency_key"_s).toString(), QString::fromLatin1(key));
    QVERIFY(std::any_of(prepared, events.cend(),
                        [](const auto& e) { return e.event == u"transfer.completed"_s; }));
}

void TestClientContext::signOutWithNobodySignedIn()
{
    const auto client = context(u"client-signout-nobody"_s);
    const auto out = Test::runAsync<Context::SignedOut>(
        [&](QObject* ctx, auto done) { client->signOut(ctx, std::move(done)); }, 20s);
    QVERIFY2(out.result && out.result->ok(), Test::describe(out.result).constData());
    QVERIFY(!out.result->value().wasSignedIn);
    QCOMPARE(out.calls, 1);
    QVERIFY(!out.calledSynchronously);
}

// `fabrikam-cli logout` is a new process: the session to end is the one in the keychain. Its
// refresh token is revoked at the provider, and the next process finds nobody signed in.
void TestClientContext::signOutOfTheSavedSessionFromANewContext()
{
    const QString profile = u"client-signout"_s;
    QVERIFY(signedIn(profile));
    const auto next = context(profile);
    QVERIFY(!next->session().isSignedIn());
    const auto out = Test::runAsync<Context::SignedOut>(
        [&](QObject* ctx, auto done) { next->signOut(ctx, std::move(done)); }, 30s);
    QVERIFY2(out.result && out.result->ok(), Test::describe(out.result).constData());
    QVERIFY(out.result->value().wasSignedIn);
    QCOMPARE(out.result->value().problem, QString());
    QVERIFY(out.result->value().endSession.toString().startsWith(m_issuer));
    const QList<Client::TimelineEvent>& events = next->timeline().events();
    const auto revocation = std::find_if(events.cbegin(), events.cend(), [](const auto& e) {
        return e.event == u"revocation.finished"_s;
    });
    QVERIFY(revocation != events.cend());
    QCOMPARE(revocation->fields.value(u"revoked"_s).toBool(), true);

    const auto after = context(profile);
    const auto restored = Test::runAsync<Context::Restored>(
        [&](QObject* ctx, auto done) { after->restore(ctx, std::move(done)); }, 20s);
    QVERIFY2(restored.result && restored.result->ok(), Test::describe(restored.result).constData());
    QVERIFY(!restored.result->value().signedIn);
    QVERIFY(restored.result->value().keychainProblem.isEmpty());
}

// The one timeline both front ends read: redacted on the way in, whoever records, and bounded.
void TestClientContext::timelineKeepsTheNewestEventsRedacted()
{
    const auto client = context(u"client-timeline"_s);
    Client::Timeline& timeline = client->timeline();
    QSignalSpy recorded(&timeline, &Client::Timeline::recorded);
    const QString jwt = u"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJub2FoIn0.c2lnbmF0dXJl"_s;
    timeline.record(u"test.secret"_s, {{u"refresh_token"_s, u"rt-0123456789abcdef"_s},
                                       {u"note"_s, QString(u"header "_s + jwt)},
                                       {u"scopes"_s, QStringList{u"openid"_s, jwt}}});
    QCOMPARE(recorded.size(), 1);
    const Client::TimelineEvent& e = timeline.events().constLast();
    QCOMPARE(e.event, u"test.secret"_s);
    QCOMPARE(e.fields.value(u"refresh_token"_s).toString(),
             Common::redact(QByteArrayLiteral("rt-0123456789abcdef")));
    QCOMPARE(e.fields.value(u"note"_s).toString(), u"header [jwt]"_s);
    QCOMPARE(e.fields.value(u"scopes"_s).toList(), (QVariantList{u"openid"_s, u"[jwt]"_s}));
    QVERIFY(e.time.isValid());

    for (qsizetype i = 0; i < Client::Timeline::kMaxEvents; ++i) {
        timeline.record(u"test.flood"_s, {{u"n"_s, qint64(i)}});
    }
    QCOMPARE(timeline.events().size(), Client::Timeline::kMaxEvents);
    QCOMPARE(timeline.events().constFirst().fields.value(u"n"_s).toLongLong(), 0);
    QCOMPARE(timeline.events().constLast().fields.value(u"n"_s).toLongLong(),
             Client::Timeline::kMaxEvents - 1);
}

// RFC 9470 on the reads (scenario api-reads-max-age): the overview's two reads both meet 401
// insufficient_user_authentication; one verification with the challenge's max_age, one retry of
// both. The next overview starts with that MFA-fresh token, so a refresh asks for no new code.
// When the API refuses the retry too (max_age=0 and an answer slower than a second), that
// refusal is the answer after one verification: never a loop.
void TestClientContext::readsFollowAnMfaDemandOnce()
{
    const auto client = signedIn(u"client-reads-mfa"_s);
    QVERIFY(client);
    Client::BankReads& reads = client->reads();
    QSignalSpy trips(&client->session(), &Auth::AuthSession::urlReady);
    QSignalSpy stepUps(&reads, &Client::BankReads::stepUpStarted);
    setScenario({{u"api-reads-max-age"_s, 600}});

    auto overview = answerOf<Client::Overview>(
        [&](QObject* ctx, auto done) { reads.readOverview(ctx, std::move(done)); });
    QVERIFY(overview);
    QVERIFY2(overview->accounts.ok(), describe(overview->accounts).constData());
    QVERIFY2(overview->transfers.ok(), describe(overview->transfers).constData());
    QCOMPARE(overview->accounts.value().size(), 2);
    QCOMPARE(trips.size(), 1);
    QCOMPARE(stepUps.size(), 1);
    QCOMPARE(stepUps.first().at(0).value<Client::Read>(), Client::Read::Accounts);
    QCOMPARE(stepUps.first().at(1).value<Client::StepUpKind>(), Client::StepUpKind::SecondFactor);
    QVERIFY(client->session().hasMfaAccessToken());

    overview = answerOf<Client::Overview>(
        [&](QObject* ctx, auto done) { reads.readOverview(ctx, std::move(done)); });
    QVERIFY(overview && overview->accounts.ok() && overview->transfers.ok());
    QCOMPARE(trips.size(), 1); // the MFA-fresh token again: no new code
    QCOMPARE(stepUps.size(), 1);

    setScenario({{u"api-reads-max-age"_s, 0}, {u"api-slow-ms"_s, 1500}});
    const auto accounts = answerOf<Bank::ApiResult<QList<Bank::Account>>>(
        [&](QObject* ctx, auto done) { reads.readAccounts(ctx, std::move(done)); });
    QVERIFY(accounts);
    QVERIFY(!accounts->ok());
    QCOMPARE(accounts->error().code, Bank::Errc::InsufficientUserAuthentication);
    QVERIFY(!accounts->error().beforeRequest);
    QCOMPARE(trips.size(), 2); // one verification for the refusal, none for the second
    QCOMPARE(stepUps.size(), 2);
}

// RFC 6750 §3.1 on a read: a profile whose base scopes lack read:accounts gets 403
// insufficient_scope; one authorization for the scope the API names, one retry.
void TestClientContext::readsFollowAMissingScopeOnce()
{
    const auto client = signedIn(u"client-reads-scope"_s, [](Client::Profile& p) {
        p.auth.baseScopes.removeAll(u"read:accounts"_s);
    });
    QVERIFY(client);
    QVERIFY(!client->session().hasScope(u"read:accounts"_s));
    QSignalSpy trips(&client->session(), &Auth::AuthSession::urlReady);
    QSignalSpy stepUps(&client->reads(), &Client::BankReads::stepUpStarted);
    const auto accounts = answerOf<Bank::ApiResult<QList<Bank::Account>>>(
        [&](QObject* ctx, auto done) { client->reads().readAccounts(ctx, std::move(done)); });
    QVERIFY(accounts);
    QVERIFY2(accounts->ok(), describe(*accounts).constData());
    QCOMPARE(accounts->value().size(), 2);
    QCOMPARE(trips.size(), 1);
    QCOMPARE(stepUps.size(), 1);
    QCOMPARE(stepUps.first().at(0).value<Client::Read>(), Client::Read::Accounts);
    QCOMPARE(stepUps.first().at(1).value<Client::StepUpKind>(), Client::StepUpKind::Permission);
    QCOMPARE(stepUps.first().at(2).toStringList(), QStringList{u"read:accounts"_s});
}

// Statements (step-up for web apps): the client says beforehand that a verification comes, makes
// it once, and the next statement reuses the MFA-fresh token while it is fresh.
void TestClientContext::statementVerifiesOnceThenReusesTheToken()
{
    const auto client = signedIn(u"client-statement"_s);
    QVERIFY(client);
    Client::BankReads& reads = client->reads();
    QVERIFY(!reads.statementReady());
    QSignalSpy trips(&client->session(), &Auth::AuthSession::urlReady);
    QSignalSpy stepUps(&reads, &Client::BankReads::stepUpStarted);
    const auto read = [&] {
        return answerOf<Bank::ApiResult<Bank::Statement>>([&](QObject* ctx, auto done) {
            reads.readStatement(u"acc-noah-chk"_s, ctx, std::move(done));
        });
    };
    auto statement = read();
    QVERIFY(statement);
    QVERIFY2(statement->ok(), describe(*statement).constData());
    QCOMPARE(statement->value().account.id, u"acc-noah-chk"_s);
    QCOMPARE(stepUps.size(), 1);
    QCOMPARE(stepUps.first().at(0).value<Client::Read>(), Client::Read::Statement);
    QCOMPARE(trips.size(), 1);
    QVERIFY(reads.statementReady());

    statement = read();
    QVERIFY(statement && statement->ok());
    QCOMPARE(stepUps.size(), 1);
    QCOMPARE(trips.size(), 1);
}

// The person cancels the browser step a challenge asked for: nothing is sent again, and the
// overview says so once for both reads (notSent), as the sign-in's error, not the bank's.
void TestClientContext::cancelledStepUpSendsNothing()
{
    const auto client = signedIn(u"client-reads-cancel"_s);
    QVERIFY(client);
    setScenario({{u"api-reads-max-age"_s, 600}});
    connect(&client->session(), &Auth::AuthSession::urlReady, client.get(),
            [&client] { client->session().cancel(); });
    const auto overview = answerOf<Client::Overview>(
        [&](QObject* ctx, auto done) { client->reads().readOverview(ctx, std::move(done)); });
    QVERIFY(overview);
    QVERIFY(overview->notSent());
    QCOMPARE(overview->accounts.error().code, Common::Errc::Cancelled);
    QCOMPARE(overview->transfers.error().code, Common::Errc::Cancelled);
    QCOMPARE(overview->accounts.error().httpStatus, 0);
    QVERIFY(client->session().isSignedIn()); // a cancelled verification keeps the session
}

// Only the recent transfers are challenged and the person cancels that verification: the
// accounts, answered with the base token, still show; the transfers part says it was cancelled.
void TestClientContext::cancelledStepUpKeepsTheOtherPartsAnswer()
{
    const auto client = signedIn(u"client-reads-one-part"_s);
    QVERIFY(client);
    setScenario({{u"api-history-max-age"_s, 600}});
    connect(&client->session(), &Auth::AuthSession::urlReady, client.get(),
            [&client] { client->session().cancel(); });
    const auto overview = answerOf<Client::Overview>(
        [&](QObject* ctx, auto done) { client->reads().readOverview(ctx, std::move(done)); });
    QVERIFY(overview);
    QVERIFY(!overview->notSent());
    QVERIFY2(overview->accounts.ok(), describe(overview->accounts).constData());
    QCOMPARE(overview->accounts.value().size(), 2);
    QVERIFY(!overview->transfers.ok());
    QCOMPARE(overview->transfers.error().code, Common::Errc::Cancelled);
}

QTEST_GUILESS_MAIN(TestClientContext)
#include "tst_clientcontext.moc"
