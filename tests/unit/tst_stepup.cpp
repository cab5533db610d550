// What each authorization request asks the provider for (src/auth/stepup): the profile's scopes,
// the API's challenge on top, and never offline_access on a re-authorization.
#include "auth/stepup.h"

#include <QTest>

using namespace Fabrikam::Auth;
using namespace Qt::StringLiterals;

namespace {

SessionSettings settings()
{
    SessionSettings s;
    s.accountHint = AccountHint::IdToken;
    s.audience = u"https://api.fabrikam.example"_s;
    s.resource = u"https://api.fabrikam.example/"_s;
    s.sensitiveMaxAge = 600;
    return s;
}

BearerChallenge challenge(QStringList scope, QStringList acrValues, std::optional<qint64> maxAge)
{
    BearerChallenge c;
    c.scope = std::move(scope);
    c.acrValues = std::move(acrValues);
    c.maxAge = maxAge;
    return c;
}

// The person signed in, as AuthSession hands them over: an ID token (any bytes do here) and the
// login_hint value.
SignedInPerson alice()
{
    return SignedInPerson{"eyJhbGciOi.alice.sig", u"alice@example.com"_s};
}

} // namespace

class TestStepUp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void signInAsksForTheBaseScopesAndNothingElse();
    void transferStepUpAsksForTheStepUpScopeOnly();
    void transferStepUpTakesTheChallengesWords();
    void permissionAsksForTheNamedScope();
    void verificationDefaultsToTheProfilesRule();
    void verificationTakesTheChallengesRule();
    void noReauthorizationAsksForARefreshToken();
    void everyReauthorizationNamesThePerson();
    void withoutAnIdTokenTheLoginHintNamesThePerson();
    void aLoginHintProfileNeverSendsTheIdToken();
};

void TestStepUp::signInAsksForTheBaseScopesAndNothingElse()
{
    const RequestSpec spec = signInRequest(settings());
    QCOMPARE(spec.scopes, settings().baseScopes);
    QVERIFY(spec.scopes.contains(u"offline_access"_s)); // the session's refresh token
    QCOMPARE(spec.audience, u"https://api.fabrikam.example"_s);
    QCOMPARE(spec.resource, u"https://api.fabrikam.example/"_s);
    QVERIFY(spec.acrValues.isEmpty());
    QVERIFY(!spec.maxAge);
}

void TestStepUp::transferStepUpAsksForTheStepUpScopeOnly()
{
    const RequestSpec spec = transferStepUpRequest(settings(), std::nullopt, alice());
    QCOMPARE(spec.scopes, (QStringList{u"openid"_s, u"transfer:funds"_s}));
    QVERIFY(spec.acrValues.isEmpty()); // the provider's policy for the scope demands the MFA
    QVERIFY(!spec.maxAge);
    QCOMPARE(spec.audience, u"https://api.fabrikam.example"_s);
}

void TestStepUp::transferStepUpTakesTheChallengesWords()
{
    const RequestSpec spec = transferStepUpRequest(
        settings(), challenge({u"transfer:funds"_s, u"read:accounts"_s}, {u"urn:mfa"_s}, 0),
        alice());
    QCOMPARE(spec.scopes, (QStringList{u"openid"_s, u"transfer:funds"_s, u"read:accounts"_s}));
    QCOMPARE(spec.acrValues, QStringList{u"urn:mfa"_s});
    QCOMPARE(spec.maxAge, std::optional<qint64>(0));
}

void TestStepUp::permissionAsksForTheNamedScope()
{
    const RequestSpec spec =
        permissionRequest(settings(), challenge({u"read:accounts"_s}, {}, {}), alice());
    QCOMPARE(spec.scopes, (QStringList{u"openid"_s, u"read:accounts"_s}));
    QVERIFY(spec.acrValues.isEmpty());
    QVERIFY(!spec.maxAge);
}

void TestStepUp::verificationDefaultsToTheProfilesRule()
{
    const RequestSpec spec = verificationRequest(settings(), std::nullopt, alice());
    QStringList expected{u"openid"_s, u"profile"_s, u"email"_s, u"read:accounts"_s};
    QCOMPARE(spec.scopes, expected);
    QCOMPARE(spec.acrValues, QStringList{settings().mfaAcr});
    QCOMPARE(spec.maxAge, std::optional<qint64>(600));
}

void TestStepUp::verificationTakesTheChallengesRule()
{
    const RequestSpec spec = verificationRequest(
        settings(), challenge({u"read:statements"_s}, {u"urn:loa:2"_s}, 120), alice());
    QVERIFY(spec.scopes.contains(u"read:statements"_s));
    QCOMPARE(spec.acrValues, QStringList{u"urn:loa:2"_s});
    QCOMPARE(spec.maxAge, std::optional<qint64>(120));
    // A challenge without acr_values or max_age keeps the profile's.
    const RequestSpec partial =
        verificationRequest(settings(), challenge({}, {}, std::nullopt), alice());
    QCOMPARE(partial.acrValues, QStringList{settings().mfaAcr});
    QCOMPARE(partial.maxAge, std::optional<qint64>(600));
}

// Even when the API's challenge or the base scopes name it: an elevated or verified grant is never
// one the provider would let live on as a refresh token.
void TestStepUp::noReauthorizationAsksForARefreshToken()
{
    const BearerChallenge greedy = challenge({u"offline_access"_s, u"openid"_s}, {}, {});
    for (const RequestSpec& spec : {transferStepUpRequest(settings(), greedy, alice()),
                                    permissionRequest(settings(), greedy, alice()),
                                    verificationRequest(settings(), greedy, alice()),
                                    verificationRequest(settings(), std::nullopt, alice())}) {
        QVERIFY2(!spec.scopes.contains(u"offline_access"_s), qPrintable(spec.scopes.join(u' ')));
        QCOMPARE(spec.scopes.count(u"openid"_s), 1);
    }
}

// Issue 16: a re-authorization names who must answer, so that the provider does not answer for
// whoever else its browser session holds; the sign-in names nobody.
void TestStepUp::everyReauthorizationNamesThePerson()
{
    const BearerChallenge scope = challenge({u"read:accounts"_s}, {}, {});
    for (const RequestSpec& spec : {transferStepUpRequest(settings(), std::nullopt, alice()),
                                    permissionRequest(settings(), scope, alice()),
                                    verificationRequest(settings(), std::nullopt, alice())}) {
        QCOMPARE(spec.idTokenHint, alice().idToken);
        QVERIFY(spec.loginHint.isEmpty()); // one hint: the ID token says it all
    }
    const RequestSpec signIn = signInRequest(settings());
    QVERIFY(signIn.idTokenHint.isEmpty());
    QVERIFY(signIn.loginHint.isEmpty());
}

// After a restore whose refresh brought no ID token there is none to send: the login_hint then.
void TestStepUp::withoutAnIdTokenTheLoginHintNamesThePerson()
{
    const SignedInPerson restored{{}, u"sub-alice"_s};
    const RequestSpec spec = transferStepUpRequest(settings(), std::nullopt, restored);
    QVERIFY(spec.idTokenHint.isEmpty());
    QCOMPARE(spec.loginHint, u"sub-alice"_s);
}

// The default (and Auth0, which takes no id_token_hint on /authorize): login_hint only, so that no
// ID token lands in the browser's URL.
void TestStepUp::aLoginHintProfileNeverSendsTheIdToken()
{
    SessionSettings loginHint = settings();
    loginHint.accountHint = SessionSettings{}.accountHint;
    const RequestSpec spec = verificationRequest(loginHint, std::nullopt, alice());
    QVERIFY(spec.idTokenHint.isEmpty());
    QCOMPARE(spec.loginHint, u"alice@example.com"_s);
}

QTEST_APPLESS_MAIN(TestStepUp)
#include "tst_stepup.moc"
