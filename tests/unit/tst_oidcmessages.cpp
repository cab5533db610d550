// The OpenID Connect protocol messages of the auth core, without network: the discovery document
// checks, the authorization request URL, the token response parser.
#include "auth/authorizationrequest.h"
#include "auth/errors.h"
#include "auth/serviceconfiguration.h"
#include "auth/tokenresponse.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>
#include <QUrlQuery>

using namespace Fabrikam::Auth;
using Fabrikam::Common::ErrorCode;

namespace {

const QString kIssuer = QStringLiteral("http://127.0.0.1:8700");

QString at(const char* path)
{
    return kIssuer + QLatin1String(path);
}

QJsonObject discovery()
{
    return QJsonObject{
        {QStringLiteral("issuer"), kIssuer},
        {QStringLiteral("authorization_endpoint"), at("/authorize")},
        {QStringLiteral("token_endpoint"), at("/oauth/token")},
        {QStringLiteral("jwks_uri"), at("/.well-known/jwks.json")},
        {QStringLiteral("revocation_endpoint"), at("/oauth/revoke")},
        {QStringLiteral("end_session_endpoint"), at("/oidc/logout")},
        {QStringLiteral("authorization_response_iss_parameter_supported"), true},
        {QStringLiteral("code_challenge_methods_supported"), QJsonArray{QStringLiteral("S256")}},
    };
}

QByteArray json(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

class TestOidcMessages : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void discoveryAccepted();
    void discoveryRefused_data();
    void discoveryRefused();
    void discoveryUrlDropsTrailingSlash();
    void acceptableEndpoints_data();
    void acceptableEndpoints();
    void httpsIssuerNamesHttpsEndpointsOnly();
    void authorizationRequestUrl();
    void authorizationRequestsNeverShareSecrets();
    void stepUpRequestKeepsItsOwnSecrets();
    void tokenResponse_data();
    void tokenResponse();
    void invalidGrantToARefreshEndsTheSession();
};

void TestOidcMessages::discoveryAccepted()
{
    const auto config = ServiceConfiguration::fromDocument(json(discovery()), kIssuer);
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().detail));
    QCOMPARE(config.value().issuer, kIssuer);
    QCOMPARE(config.value().tokenEndpoint.toString(), kIssuer + QStringLiteral("/oauth/token"));
    QVERIFY(config.value().issParameterSupported);
}

void TestOidcMessages::discoveryRefused_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::addColumn<QString>("expectedIssuer");
    QTest::addColumn<ErrorCode>("code");

    auto without = [](const char* key) {
        QJsonObject o = discovery();
        o.remove(QLatin1String(key));
        return json(o);
    };
    auto with = [](const char* key, const QJsonValue& value) {
        QJsonObject o = discovery();
        o.insert(QLatin1String(key), value);
        return json(o);
    };
    QTest::newRow("not JSON") << QByteArrayLiteral("<html>") << kIssuer
                              << ErrorCode(Fabrikam::Auth::Errc::ProviderMisconfigured);
    QTest::newRow("array") << QByteArrayLiteral("[]") << kIssuer
                           << ErrorCode(Fabrikam::Auth::Errc::ProviderMisconfigured);
    // Discovery §4.3: exact match, not "the same after normalisation".
    QTest::newRow("issuer with trailing slash")
        << json(discovery()) << (kIssuer + QStringLiteral("/"))
        << ErrorCode(Fabrikam::Auth::Errc::ProviderMisconfigured);
    QTest::newRow("other issuer") << with("issuer", QStringLiteral("http://127.0.0.1:9999"))
                                  << kIssuer
                                  << ErrorCode(Fabrikam::Auth::Errc::ProviderMisconfigured);
    QTest::newRow("no token endpoint") << without("token_endpoint") << kIssuer
                                       << ErrorCode(Fabrikam::Auth::Errc::ProviderMisconfigured);
    QTest::newRow("no jwks_uri") << without("jwks_uri") << kIssuer
                                 << ErrorCode(Fabrikam::Auth::Errc::ProviderMisconfigured);
    QTest::newRow("token endpoint in clear text elsewhere")
        << with("token_endpoint", QStringLiteral("http://evil.example/token")) << kIssuer
        << ErrorCode(Fabrikam::Auth::Errc::InsecureEndpoint);
    QTest::newRow("javascript: authorization endpoint")
        << with("authorization_endpoint", QStringLiteral("javascript:alert(1)")) << kIssuer
        << ErrorCode(Fabrikam::Auth::Errc::InsecureEndpoint);
    QTest::newRow("plain PKCE only")
        << with("code_challenge_methods_supported", QJsonArray{QStringLiteral("plain")}) << kIssuer
        << ErrorCode(Fabrikam::Auth::Errc::ProviderMisconfigured);
    QTest::newRow("huge") << QByteArray(300 * 1024, ' ') << kIssuer
                          << ErrorCode(Fabrikam::Auth::Errc::ProviderMisconfigured);
}

void TestOidcMessages::discoveryRefused()
{
    QFETCH(QByteArray, document);
    QFETCH(QString, expectedIssuer);
    QFETCH(ErrorCode, code);
    const auto config = ServiceConfiguration::fromDocument(document, expectedIssuer);
    QVERIFY(!config.ok());
    QCOMPARE(config.error().code, code);
    QVERIFY(!config.error().message.isEmpty());
}

void TestOidcMessages::discoveryUrlDropsTrailingSlash()
{
    QCOMPARE(
        ServiceConfiguration::discoveryUrl(QStringLiteral("https://tenant.auth0.com/")).toString(),
        QStringLiteral("https://tenant.auth0.com/.well-known/openid-configuration"));
    QCOMPARE(ServiceConfiguration::discoveryUrl(kIssuer).toString(),
             kIssuer + QStringLiteral("/.well-known/openid-configuration"));
}

void TestOidcMessages::acceptableEndpoints_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("acceptable");
    QTest::newRow("https") << QStringLiteral("https://tenant.auth0.com/oauth/token") << true;
    QTest::newRow("http loopback v4") << QStringLiteral("http://127.0.0.1:8700/x") << true;
    QTest::newRow("http loopback 127/8") << QStringLiteral("http://127.1.2.3/x") << true;
    QTest::newRow("http loopback v6") << QStringLiteral("http://[::1]:8700/x") << true;
    QTest::newRow("http localhost") << QStringLiteral("http://localhost:8700/x") << false;
    QTest::newRow("http elsewhere") << QStringLiteral("http://tenant.auth0.com/x") << false;
    QTest::newRow("http private") << QStringLiteral("http://192.168.1.10/x") << false;
    QTest::newRow("userinfo") << QStringLiteral("https://user:pw@tenant.auth0.com/x") << false;
    QTest::newRow("file") << QStringLiteral("file:///etc/passwd") << false;
    QTest::newRow("ftp") << QStringLiteral("ftp://127.0.0.1/x") << false;
}

void TestOidcMessages::acceptableEndpoints()
{
    QFETCH(QString, url);
    QFETCH(bool, acceptable);
    QCOMPARE(isAcceptableEndpoint(QUrl(url)), acceptable);
}

// The code, the verifier and the refresh token never travel in plain http under an https issuer,
// not even to a loopback address; a local (loopback http) provider may name loopback http ones.
void TestOidcMessages::httpsIssuerNamesHttpsEndpointsOnly()
{
    const QString https = QStringLiteral("https://tenant.auth0.com");
    const auto document = [](const QString& issuer, const QString& tokenEndpoint) {
        return json(QJsonObject{
            {QStringLiteral("issuer"), issuer},
            {QStringLiteral("authorization_endpoint"),
             QString(issuer + QStringLiteral("/authorize"))},
            {QStringLiteral("token_endpoint"), tokenEndpoint},
            {QStringLiteral("jwks_uri"), QString(issuer + QStringLiteral("/jwks.json"))},
        });
    };
    QVERIFY(
        ServiceConfiguration::fromDocument(document(https, https + QStringLiteral("/token")), https)
            .ok());
    for (const QString& plain :
         {QStringLiteral("http://127.0.0.1:8700/token"), QStringLiteral("http://[::1]:8700/token"),
          QStringLiteral("http://tenant.auth0.com/token")}) {
        const auto refused = ServiceConfiguration::fromDocument(document(https, plain), https);
        QVERIFY2(!refused.ok(), qPrintable(plain));
        QCOMPARE(refused.error().code, ErrorCode(Errc::InsecureEndpoint));
        QVERIFY(refused.error().detail.contains(QStringLiteral("token_endpoint")));
    }
    // A provider on this machine (the sandbox) may name loopback http endpoints, by IP literal.
    QVERIFY(ServiceConfiguration::fromDocument(document(kIssuer, at("/token")), kIssuer).ok());
    QVERIFY(!ServiceConfiguration::fromDocument(
                 document(kIssuer, QStringLiteral("http://localhost:8700/token")), kIssuer)
                 .ok());
}

void TestOidcMessages::authorizationRequestUrl()
{
    const auto config = ServiceConfiguration::fromDocument(json(discovery()), kIssuer).value();
    const QUrl redirect(QStringLiteral("http://127.0.0.1:51234/callback"));
    const auto request =
        AuthorizationRequest::create(config, QStringLiteral("fabrikam-desktop"),
                                     {QStringLiteral("openid"), QStringLiteral("transfer:funds")},
                                     redirect)
            .withAudience(QStringLiteral("https://api.fabrikam.example"))
            .withAcrValues(
                {QStringLiteral("http://schemas.openid.net/pape/policies/2007/06/multi-factor")})
            .withMaxAge(600);
    const QUrl url = request.url();
    QCOMPARE(url.host(), QStringLiteral("127.0.0.1"));
    QCOMPARE(url.path(), QStringLiteral("/authorize"));
    const QUrlQuery q(url);
    const auto value = [&q](const char* key) {
        return q.queryItemValue(QLatin1String(key), QUrl::FullyDecoded);
    };
    QCOMPARE(value("response_type"), QStringLiteral("code"));
    QCOMPARE(value("client_id"), QStringLiteral("fabrikam-desktop"));
    QCOMPARE(value("redirect_uri"), redirect.toString());
    QCOMPARE(value("scope"), QStringLiteral("openid transfer:funds"));
    QCOMPARE(value("state").toLatin1(), request.state());
    QCOMPARE(value("nonce").toLatin1(), request.nonce());
    QCOMPARE(value("code_challenge").toLatin1(), request.codeVerifier().challenge());
    QCOMPARE(value("code_challenge_method"), QStringLiteral("S256"));
    QCOMPARE(value("audience"), QStringLiteral("https://api.fabrikam.example"));
    QCOMPARE(value("acr_values"),
             QStringLiteral("http://schemas.openid.net/pape/policies/2007/06/multi-factor"));
    QCOMPARE(value("max_age"), QStringLiteral("600"));
    QVERIFY(!q.hasQueryItem(QStringLiteral("resource")));
    QVERIFY(!q.hasQueryItem(QStringLiteral("prompt")));
    // The verifier itself never travels in the front channel.
    QVERIFY(!url.toString(QUrl::FullyEncoded)
                 .contains(QString::fromLatin1(request.codeVerifier().value())));
    // state and nonce: 32 CSPRNG bytes, base64url.
    QCOMPARE(request.state().size(), 43);
    QCOMPARE(request.nonce().size(), 43);

    // RFC 8707: a profile with a resource sends it (with or without Auth0's audience).
    const QUrl withResource =
        request.withResource(QStringLiteral("https://api.fabrikam.example/")).url();
    const QUrlQuery r(withResource);
    QCOMPARE(r.queryItemValue(QStringLiteral("resource"), QUrl::FullyDecoded),
             QStringLiteral("https://api.fabrikam.example/"));
    QCOMPARE(r.queryItemValue(QStringLiteral("audience"), QUrl::FullyDecoded),
             QStringLiteral("https://api.fabrikam.example"));
    QCOMPARE(r.queryItemValue(QStringLiteral("state")), value("state")); // the same request
}

void TestOidcMessages::authorizationRequestsNeverShareSecrets()
{
    const auto config = ServiceConfiguration::fromDocument(json(discovery()), kIssuer).value();
    QSet<QByteArray> seen;
    for (int i = 0; i < 200; ++i) {
        const auto r =
            AuthorizationRequest::create(config, QStringLiteral("c"), {QStringLiteral("openid")},
                                         QUrl(QStringLiteral("http://127.0.0.1:1/callback")));
        seen << r.state() << r.nonce() << r.codeVerifier().value();
    }
    QCOMPARE(seen.size(), 600);
}

void TestOidcMessages::stepUpRequestKeepsItsOwnSecrets()
{
    // with…() copies keep the secrets of the request they came from; a new create() draws new ones.
    const auto config = ServiceConfiguration::fromDocument(json(discovery()), kIssuer).value();
    const auto base =
        AuthorizationRequest::create(config, QStringLiteral("c"), {QStringLiteral("openid")},
                                     QUrl(QStringLiteral("http://127.0.0.1:1/callback")));
    const auto narrowed = base.withPrompt(QStringLiteral("none"));
    QCOMPARE(narrowed.state(), base.state());
    QCOMPARE(narrowed.codeVerifier(), base.codeVerifier());
    const auto stepUp = AuthorizationRequest::create(
        config, QStringLiteral("c"), {QStringLiteral("transfer:funds")},
        QUrl(QStringLiteral("http://127.0.0.1:1/callback")));
    QVERIFY(stepUp.state() != base.state());
    QVERIFY(stepUp.nonce() != base.nonce());
    QVERIFY(!(stepUp.codeVerifier() == base.codeVerifier()));
}

void TestOidcMessages::tokenResponse_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<ErrorCode>("code");
    const ErrorCode none = Fabrikam::Common::Errc::Internal;
    QTest::newRow("full")
        << 200
        << QByteArrayLiteral(
               R"({"access_token":"a.b.c","token_type":"Bearer","expires_in":3600,"refresh_token":"r","id_token":"i.d.t","scope":"read:accounts"})")
        << true << none;
    QTest::newRow("bearer lowercase")
        << 200 << QByteArrayLiteral(R"({"access_token":"a","token_type":"bearer"})") << true
        << none;
    QTest::newRow("no access token")
        << 200 << QByteArrayLiteral(R"({"token_type":"Bearer"})") << false
        << ErrorCode(Fabrikam::Auth::Errc::InvalidProviderResponse);
    QTest::newRow("DPoP type") << 200
                               << QByteArrayLiteral(R"({"access_token":"a","token_type":"DPoP"})")
                               << false << ErrorCode(Fabrikam::Auth::Errc::InvalidProviderResponse);
    QTest::newRow("expires_in string")
        << 200
        << QByteArrayLiteral(R"({"access_token":"a","token_type":"Bearer","expires_in":"3600"})")
        << false << ErrorCode(Fabrikam::Auth::Errc::InvalidProviderResponse);
    QTest::newRow("refresh_token number")
        << 200
        << QByteArrayLiteral(R"({"access_token":"a","token_type":"Bearer","refresh_token":5})")
        << false << ErrorCode(Fabrikam::Auth::Errc::InvalidProviderResponse);
    QTest::newRow("invalid_grant")
        << 400
        << QByteArrayLiteral(
               R"({"error":"invalid_grant","error_description":"grant request is invalid"})")
        << false << ErrorCode(Fabrikam::Auth::Errc::TokenRequestRejected);
    QTest::newRow("400 without error") << 400 << QByteArrayLiteral("{}") << false
                                       << ErrorCode(Fabrikam::Auth::Errc::InvalidProviderResponse);
    QTest::newRow("HTML 200") << 200 << QByteArrayLiteral("<html></html>") << false
                              << ErrorCode(Fabrikam::Auth::Errc::InvalidProviderResponse);
    QTest::newRow("503") << 503 << QByteArrayLiteral("{}") << false
                         << ErrorCode(Fabrikam::Auth::Errc::ProviderUnavailable);
    QTest::newRow("huge") << 200 << QByteArray(70 * 1024, ' ') << false
                          << ErrorCode(Fabrikam::Auth::Errc::InvalidProviderResponse);
}

// RFC 6749 §5.2 invalid_grant: to a refresh, the grant is gone (revoked, expired, or its token
// rotated elsewhere) and the session has ended; to a code exchange, the code was refused.
void TestOidcMessages::invalidGrantToARefreshEndsTheSession()
{
    const QByteArray body = R"({"error":"invalid_grant","error_description":"grant revoked"})";
    const auto refresh = parseTokenResponse(400, body, TokenGrant::RefreshToken);
    QVERIFY(!refresh.ok());
    QCOMPARE(refresh.error().code, Fabrikam::Auth::Errc::SessionExpired);
    QCOMPARE(refresh.error().detail, QStringLiteral("invalid_grant:grant revoked"));
    const auto exchange = parseTokenResponse(400, body, TokenGrant::AuthorizationCode);
    QCOMPARE(exchange.error().code, Fabrikam::Auth::Errc::TokenRequestRejected);
    const QByteArray scope = R"({"error":"invalid_scope"})";
    QCOMPARE(parseTokenResponse(400, scope, TokenGrant::RefreshToken).error().code,
             Fabrikam::Auth::Errc::TokenRequestRejected);
}

void TestOidcMessages::tokenResponse()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(bool, ok);
    QFETCH(ErrorCode, code);
    const auto parsed = parseTokenResponse(status, body, TokenGrant::AuthorizationCode);
    QCOMPARE(parsed.ok(), ok);
    if (!ok) {
        QCOMPARE(parsed.error().code, code);
        QVERIFY(!parsed.error().message.isEmpty());
        return;
    }
    QVERIFY(!parsed.value().accessToken.isEmpty());
    QCOMPARE(parsed.value().tokenType, QStringLiteral("Bearer"));
}

QTEST_GUILESS_MAIN(TestOidcMessages)
#include "tst_oidcmessages.moc"
