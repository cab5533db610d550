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
    const RequestSpec spec = transferStepUpRequest(settings(), std::nullopt);
    QCOMPARE(spec.scopes, (QStringList{u"openid"_s, u"transfer:funds"_s}));
    QVERIFY(spec.acrValues.isEmpty()); // the provider's policy for the scope demands the MFA
    QVERIFY(!spec.maxAge);
    QCOMPARE(spec.audience, u"https://api.fabrikam.example"_s);
}

void TestStepUp::transferStepUpTakesTheChallengesWords()
{
    const RequestSpec spec = transferStepUpRequest(
        settings(), challenge({u"transfer:funds"_s, u"read:accounts"_s}, {u"urn:mfa"_s}, 0));
    QCOMPARE(spec.scopes, (QStringList{u"openid"_s, u"transfer:funds"_s, u"read:accounts"_s}));
    QCOMPARE(spec.acrValues, QStringList{u"urn:mfa"_s});
    QCOMPARE(spec.maxAge, std::optional<qint64>(0));
}

void TestStepUp::permissionAsksForTheNamedScope()
{
    const RequestSpec spec = permissionRequest(settings(), challenge({u"read:accounts"_s}, {}, {}));
    QCOMPARE(spec.scopes, (QStringList{u"openid"_s, u"read:accounts"_s}));
    QVERIFY(spec.acrValues.isEmpty());
    QVERIFY(!spec.maxAge);
}

void TestStepUp::verificationDefaultsToTheProfilesRule()
{
    const RequestSpec spec = verificationRequest(settings(), std::nullopt);
    QStringList expected{u"openid"_s, u"profile"_s, u"email"_s, u"read:accounts"_s};
    QCOMPARE(spec.scopes, expected);
    QCOMPARE(spec.acrValues, QStringList{settings().mfaAcr});
    QCOMPARE(spec.maxAge, std::optional<qint64>(600));
}

void TestStepUp::verificationTakesTheChallengesRule()
{
    const RequestSpec spec =
        verificationRequest(settings(), challenge({u"read:statements"_s}, {u"urn:loa:2"_s}, 120));
    QVERIFY(spec.scopes.contains(u"read:statements"_s));
    QCOMPARE(spec.acrValues, QStringList{u"urn:loa:2"_s});
    QCOMPARE(spec.maxAge, std::optional<qint64>(120));
    // A challenge without acr_values or max_age keeps the profile's.
    const RequestSpec partial = verificationRequest(settings(), challenge({}, {}, std::nullopt));
    QCOMPARE(partial.acrValues, QStringList{settings().mfaAcr});
    QCOMPARE(partial.maxAge, std::optional<qint64>(600));
}

// Even when the API's challenge or the base scopes name it: an elevated or verified grant is never
// one the provider would let live on as a refresh token.
void TestStepUp::noReauthorizationAsksForARefreshToken()
{
    const BearerChallenge greedy = challenge({u"offline_access"_s, u"openid"_s}, {}, {});
    for (const RequestSpec& spec :
         {transferStepUpRequest(settings(), greedy), permissionRequest(settings(), greedy),
          verificationRequest(settings(), greedy), verificationRequest(settings(), std::nullopt)}) {
        QVERIFY2(!spec.scopes.contains(u"offline_access"_s), qPrintable(spec.scopes.join(u' ')));
        QCOMPARE(spec.scopes.count(u"openid"_s), 1);
    }
}

QTEST_APPLESS_MAIN(TestStepUp)
#include "tst_stepup.moc"
