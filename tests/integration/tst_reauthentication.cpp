// Issue 16, point 2: every re-authorization names the person signed in (id_token_hint) and its
// answer is adopted only when its ID token is that person's. Against the adversarial provider's
// `reauth-sub-changed` case: the sign-in is correct, and every later authorization that names a
// person answers for someone else, with a second factor and the scope asked for, as a shared
// browser or a login CSRF at the provider would. Each is refused, its tokens wiped, nothing kept.
#include "auth/authsession.h"
#include "auth/errors.h"
#include "auth/oidcclient.h"
#include "common/clock.h"
#include "support/asyncoutcome.h"
#include "support/sandboxenv.h"
#include "support/scriptedbrowser.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QTest>
#include <QUrlQuery>

#include <chrono>

using namespace Fabrikam;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using Test::describe;

class TestReauthentication : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void aStepUpAnsweredByAnotherPersonIsRefused();
    void aVerificationAnsweredByAnotherPersonIsRefused();
    void aScopeChallengeAnsweredByAnotherPersonIsRefused();
    void aLoginHintProfileNamesThePersonByEmail();

private:
    void signIn(Auth::AccountHint hint);
    [[nodiscard]] Test::Outcome<Auth::TokenSet> stepUp();
    // The last authorization URL's query item.
    [[nodiscard]] QString lastQuery(const QString& key) const;
    void verifyAnotherAccount(const QByteArray& what, const Common::Error& error);

    const QString m_op = Test::envOr("FABRIKAM_ADVERSARIAL_OP", "http://127.0.0.1:18750");
    const QString m_tag = u"reauth-%1"_s.arg(QCoreApplication::applicationPid());
    QNetworkAccessManager m_network;
    Common::SystemClock m_clock;
    int m_run = 0;
    std::unique_ptr<Auth::OidcClient> m_client;
    std::unique_ptr<Test::ScriptedBrowser> m_browser;
    std::unique_ptr<Auth::AuthSession> m_session;
    QStringList m_traces;
};

void TestReauthentication::init()
{
    m_client = std::make_unique<Auth::OidcClient>(m_network);
    m_browser = std::make_unique<Test::ScriptedBrowser>(
        QStringLiteral(FABRIKAM_NODE_EXECUTABLE), QStringLiteral(FABRIKAM_ADVERSARIAL_BROWSER));
    m_traces.clear();
}

void TestReauthentication::cleanup()
{
    m_session.reset();
    m_browser.reset();
    m_client.reset();
}

void TestReauthentication::signIn(Auth::AccountHint hint)
{
    Auth::SessionSettings settings;
    // A tag per run: the provider's per-issuer state starts clean.
    settings.issuer = u"%1/%2-%3/reauth-sub-changed"_s.arg(m_op, m_tag).arg(++m_run);
    settings.clientId = u"fabrikam-desktop"_s;
    settings.accountHint = hint;
    settings.browserTimeout = 30s;
    m_session =
        std::make_unique<Auth::AuthSession>(*m_client, *m_browser, m_clock, nullptr, settings);
    connect(m_session.get(), &Auth::AuthSession::traced, m_session.get(),
            [this](const QString& event, const QVariantMap&) { m_traces.append(event); });
    const auto signedIn = Test::runAsync<bool>(
        [this](QObject* context, Auth::Completion<bool> done) {
            m_session->signIn(context, std::move(done));
        },
        30s);
    QVERIFY2(signedIn.result && signedIn.result->ok(), describe(signedIn.result).constData());
    QCOMPARE(m_session->subject(), u"adv-user-1"_s);
    // The sign-in names nobody: whoever signs in is who the session is for.
    QVERIFY(!QUrlQuery(m_browser->openedUrls().last()).hasQueryItem(u"id_token_hint"_s));
    QVERIFY(!QUrlQuery(m_browser->openedUrls().last()).hasQueryItem(u"login_hint"_s));
}

Test::Outcome<Auth::TokenSet> TestReauthentication::stepUp()
{
    return Test::runAsync<Auth::TokenSet>(
        [this](QObject* context, Auth::Completion<Auth::TokenSet> done) {
            m_session->stepUp(context, std::move(done));
        },
        30s);
}

QString TestReauthentication::lastQuery(const QString& key) const
{
    return QUrlQuery(m_browser->openedUrls().last()).queryItemValue(key, QUrl::FullyDecoded);
}

void TestReauthentication::verifyAnotherAccount(const QByteArray& what, const Common::Error& error)
{
    const QByteArray code = (what + ": " + Common::errorCodeName(error.code).toUtf8());
    QVERIFY2(error.code == Auth::Errc::AnotherAccount, code.constData());
    QVERIFY2(error.message.contains(u"Another account answered in the browser"_s),
             qPrintable(error.message));
    // Says who is signed in here, so the person knows which account to use.
    QVERIFY2(error.message.contains(u"ada@adversarial.example"_s), qPrintable(error.message));
    // Nothing of the other person's answer is kept: the session is still the signed-in person's,
    // with no second factor on record and no verified token.
    QCOMPARE(m_session->subject(), u"adv-user-1"_s);
    QVERIFY(!m_session->hasRecentMfa());
    QVERIFY(!m_session->hasMfaAccessToken());
    QVERIFY(!m_session->mfaIdToken());
    QVERIFY(!m_session->elevatedAccessTokenClaims());
}

void TestReauthentication::aStepUpAnsweredByAnotherPersonIsRefused()
{
    signIn(Auth::AccountHint::IdToken);
    if (QTest::currentTestFailed()) {
        return;
    }
    const auto stepUp = this->stepUp();
    QVERIFY(stepUp.result);
    QVERIFY2(!stepUp.result->ok(), "another person's elevated token was handed out");
    verifyAnotherAccount("step-up", stepUp.result->error());
    QCOMPARE(stepUp.calls, 1);
    // The request named the person: the ID token of the sign-in, as sent.
    QVERIFY(!lastQuery(u"id_token_hint"_s).isEmpty());
    QCOMPARE(lastQuery(u"id_token_hint"_s).count(u'.'), 2);
    QVERIFY(m_traces.contains(u"stepup.failed"_s));
    QVERIFY(!m_traces.contains(u"stepup.succeeded"_s));
}

void TestReauthentication::aVerificationAnsweredByAnotherPersonIsRefused()
{
    signIn(Auth::AccountHint::IdToken);
    if (QTest::currentTestFailed()) {
        return;
    }
    const auto verified = Test::runAsync<QByteArray>(
        [this](QObject* context, Auth::Completion<QByteArray> done) {
            m_session->mfaAccessToken(std::nullopt, context, std::move(done));
        },
        30s);
    QVERIFY(verified.result);
    QVERIFY2(!verified.result->ok(), "another person's verification unlocked the statements");
    verifyAnotherAccount("verification", verified.result->error());
    QVERIFY(!lastQuery(u"id_token_hint"_s).isEmpty());
    QVERIFY(!m_traces.contains(u"mfa.verified"_s));
}

void TestReauthentication::aScopeChallengeAnsweredByAnotherPersonIsRefused()
{
    signIn(Auth::AccountHint::IdToken);
    if (QTest::currentTestFailed()) {
        return;
    }
    Auth::BearerChallenge challenge;
    challenge.error = u"insufficient_scope"_s;
    challenge.scope = {u"read:accounts"_s};
    const auto token = Test::runAsync<QByteArray>(
        [this, challenge](QObject* context, Auth::Completion<QByteArray> done) {
            m_session->challengedAccessToken(challenge, context, std::move(done));
        },
        30s);
    QVERIFY(token.result);
    QVERIFY2(!token.result->ok(), "another person's token was handed out for this person's read");
    verifyAnotherAccount("scope challenge", token.result->error());
    QVERIFY(!lastQuery(u"id_token_hint"_s).isEmpty());
}

// The default, and Auth0 (no id_token_hint on /authorize): the person is named by e-mail, and the
// answer is checked all the same.
void TestReauthentication::aLoginHintProfileNamesThePersonByEmail()
{
    signIn(Auth::SessionSettings{}.accountHint);
    if (QTest::currentTestFailed()) {
        return;
    }
    const auto stepUp = this->stepUp();
    QVERIFY(stepUp.result && !stepUp.result->ok());
    verifyAnotherAccount("step-up", stepUp.result->error());
    QCOMPARE(lastQuery(u"login_hint"_s), u"ada@adversarial.example"_s);
    QVERIFY(lastQuery(u"id_token_hint"_s).isEmpty());
}

QTEST_MAIN(TestReauthentication)
#include "tst_reauthentication.moc"
