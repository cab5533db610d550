#include "auth/accesstokenclaims.h"
#include "auth/errors.h"
#include "auth/jose.h"
#include "support/testkeys.h"

#include <QJsonArray>
#include <QMessageAuthenticationCode>
#include <QTest>

using namespace Fabrikam::Auth;
using Fabrikam::Common::ErrorCode;
using Fabrikam::Test::TestKey;
using namespace Qt::StringLiterals;

class TestJose : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void base64UrlDecode_data();
    void base64UrlDecode();
    void parseCompactJws_data();
    void parseCompactJws();
    void parsedPartsAreExact();
    void algorithmNames_data();
    void algorithmNames();
    void verifySignature_data();
    void verifySignature();
    void accessTokenClaimsAreDecodedOnly();

private:
    TestKey m_rsa;
    TestKey m_rsaOther;
    TestKey m_rsa1024;
    TestKey m_ec;
    TestKey m_ecP384;
};

void TestJose::initTestCase()
{
    m_rsa = TestKey::rsa(2048);
    m_rsaOther = TestKey::rsa(2048);
    m_rsa1024 = TestKey::rsa(1024);
    m_ec = TestKey::ec("P-256");
    m_ecP384 = TestKey::ec("P-384");
}

void TestJose::base64UrlDecode_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QByteArray>("decoded");
    QTest::newRow("empty") << QByteArray() << true << QByteArray();
    QTest::newRow("one octet") << QByteArrayLiteral("Zg") << true << QByteArrayLiteral("f");
    QTest::newRow("two octets") << QByteArrayLiteral("Zm8") << true << QByteArrayLiteral("fo");
    QTest::newRow("three octets") << QByteArrayLiteral("Zm9v") << true << QByteArrayLiteral("foo");
    QTest::newRow("url alphabet") << QByteArrayLiteral("-_-_") << true
                                  << QByteArrayLiteral("\xfb\xff\xbf");
    QTest::newRow("padding") << QByteArrayLiteral("Zg==") << false << QByteArray();
    QTest::newRow("single pad") << QByteArrayLiteral("Zm8=") << false << QByteArray();
    QTest::newRow("standard alphabet +") << QByteArrayLiteral("+_-_") << false << QByteArray();
    QTest::newRow("standard alphabet /") << QByteArrayLiteral("-/-_") << false << QByteArray();
    QTest::newRow("impossible length") << QByteArrayLiteral("Zm9vY") << false << QByteArray();
    QTest::newRow("non-canonical bits") << QByteArrayLiteral("Zh") << false << QByteArray();
    QTest::newRow("non-canonical bits 2") << QByteArrayLiteral("Zm9") << false << QByteArray();
    QTest::newRow("leading space") << QByteArrayLiteral(" Zg") << false << QByteArray();
    QTest::newRow("newline") << QByteArrayLiteral("Zm9v\nZg") << false << QByteArray();
    QTest::newRow("NUL") << QByteArray("Zm\0v", 4) << false << QByteArray();
    QTest::newRow("percent-encoded pad") << QByteArrayLiteral("Zg%3D") << false << QByteArray();
    QTest::newRow("UTF-8") << QByteArrayLiteral("Zm\xc3\xa9") << false << QByteArray();
}

void TestJose::base64UrlDecode()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, valid);
    QFETCH(QByteArray, decoded);
    const auto result = Fabrikam::Auth::base64UrlDecode(text);
    QCOMPARE(result.ok(), valid);
    if (valid) {
        QCOMPARE(result.value(), decoded);
    } else {
        QCOMPARE(result.error().code, Fabrikam::Auth::Errc::MalformedToken);
    }
}

void TestJose::parseCompactJws_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<ErrorCode>("code");

    const auto seg = [](const char* json) { return Fabrikam::Test::b64url(QByteArray(json)); };
    const QByteArray header = seg(R"({"alg":"RS256","kid":"k1"})");
    const QByteArray payload = seg(R"({"sub":"1"})");
    const QByteArray sig = QByteArrayLiteral("c2ln");

    QTest::newRow("well formed") << (header + '.' + payload + '.' + sig) << true
                                 << ErrorCode(Fabrikam::Common::Errc::Internal);
    QTest::newRow("empty signature parses")
        << (header + '.' + payload + '.') << true << ErrorCode(Fabrikam::Common::Errc::Internal);
    QTest::newRow("empty crit list")
        << (seg(R"({"alg":"RS256","crit":[]})") + '.' + payload + '.' + sig) << true
        << ErrorCode(Fabrikam::Common::Errc::Internal);
    QTest::newRow("empty") << QByteArray() << false
                           << ErrorCode(Fabrikam::Auth::Errc::MalformedToken);
    QTest::newRow("one segment") << header << false
                                 << ErrorCode(Fabrikam::Auth::Errc::MalformedToken);
    QTest::newRow("two segments") << (header + '.' + payload) << false
                                  << ErrorCode(Fabrikam::Auth::Errc::MalformedToken);
    QTest::newRow("four segments") << (header + '.' + payload + '.' + sig + '.' + sig) << false
                                   << ErrorCode(Fabrikam::Auth::Errc::MalformedToken);
    QTest::newRow("JWE (five segments)")
        << (header + '.' + sig + '.' + sig + '.' + payload + '.' + sig) << false
        << ErrorCode(Fabrikam::Auth::Errc::MalformedToken);
    QTest::newRow("only dots") << QByteArrayLiteral("..") << false
                               << ErrorCode(Fabrikam::Auth::Errc::MalformedToken);
    QTest::newRow("header not JSON") << (seg("not json") + '.' + payload + '.' + sig) << false
                                     << ErrorCode(Fabrikam::Auth::Errc::MalformedToken);
    QTest::newRow("header is an array") << (seg(R"(["RS256"])") + '.' + payload + '.' + sig)
                                        << false << ErrorCode(Fabrikam::Auth::Errc::MalformedToken);
    QTest::newRow("payload is a string") << (header + '.' + seg(R"("sub")") + '.' + sig) << false
                                         << ErrorCode(Fabrikam::Auth::Errc::MalformedToken);
    QTest::newRow("payload trailing garbage")
        << (header + '.' + seg(R"({"sub":"1"} {})") + '.' + sig) << false
        << ErrorCode(Fabrikam::Auth::Errc::MalformedToken);
    QTest::newRow("duplicate header alg")
        << (seg(R"({"alg":"none","alg":"RS256"})") + '.' + payload + '.' + sig) << false
        << ErrorCode(Fabrikam::Auth::Errc::MalformedToken);
    QTest::newRow("duplicate claim, escaped name")
        << (header + '.' + seg(R"({"sub":"a","s\u0075b":"b"})") + '.' + sig) << false
        << ErrorCode(Fabrikam::Auth::Errc::MalformedToken);
    QTest::newRow("nested duplicates are not top-level")
        << (header + '.' + seg(R"({"a":{"x":1,"y":[{"x":2}]},"b":"x:y"})") + '.' + sig) << true
        << ErrorCode(Fabrikam::Common::Errc::Internal);
    QTest::newRow("alg missing") << (seg(R"({"kid":"k1"})") + '.' + payload + '.' + sig) << false
                                 << ErrorCode(Fabrikam::Auth::Errc::MalformedToken);
    QTest::newRow("alg not a string") << (seg(R"({"alg":256})") + '.' + payload + '.' + sig)
                                      << false << ErrorCode(Fabrikam::Auth::Errc::MalformedToken);
    QTest::newRow("crit lists an extension")
        << (seg(R"({"alg":"RS256","crit":["b64"],"b64":false})") + '.' + payload + '.' + sig)
        << false << ErrorCode(Fabrikam::Auth::Errc::UnsupportedCriticalHeader);
    QTest::newRow("crit not an array")
        << (seg(R"({"alg":"RS256","crit":"exp"})") + '.' + payload + '.' + sig) << false
        << ErrorCode(Fabrikam::Auth::Errc::UnsupportedCriticalHeader);
    QTest::newRow("padded signature") << (header + '.' + payload + '.' + sig + "==") << false
                                      << ErrorCode(Fabrikam::Auth::Errc::MalformedToken);
    QTest::newRow("whitespace") << (header + '.' + payload + '.' + sig + ' ') << false
                                << ErrorCode(Fabrikam::Auth::Errc::MalformedToken);
    QTest::newRow("over 16 KiB") << (header + '.' + QByteArray(16 * 1024, 'A') + '.' + sig) << false
                                 << ErrorCode(Fabrikam::Auth::Errc::TokenTooLarge);
}

void TestJose::parseCompactJws()
{
    QFETCH(QByteArray, token);
    QFETCH(bool, valid);
    QFETCH(ErrorCode, code);
    const auto result = Fabrikam::Auth::parseCompactJws(token);
    QCOMPARE(result.ok(), valid);
    if (!valid) {
        QCOMPARE(result.error().code, code);
        QVERIFY(!result.error().message.isEmpty());
    }
}

void TestJose::parsedPartsAreExact()
{
    const QByteArray token =
        Fabrikam::Test::makeJws(QJsonObject{{u"alg"_s, u"RS256"_s}, {u"kid"_s, u"k1"_s}},
                                QJsonObject{{u"sub"_s, u"user"_s}, {u"n"_s, 3}}, m_rsa);
    const auto jws = Fabrikam::Auth::parseCompactJws(token);
    QVERIFY(jws.ok());
    QCOMPARE(jws.value().algorithm(), u"RS256"_s);
    QCOMPARE(jws.value().header.value(u"kid").toString(), u"k1"_s);
    QCOMPARE(jws.value().payload.value(u"sub").toString(), u"user"_s);
    QCOMPARE(jws.value().signingInput, token.left(token.lastIndexOf('.')));
    QCOMPARE(jws.value().signature.size(), 256);
}

void TestJose::algorithmNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("RS256") << u"RS256"_s << true;
    QTest::newRow("PS256") << u"PS256"_s << true;
    QTest::newRow("ES256") << u"ES256"_s << true;
    for (const char* refused :
         {"none", "None", "NONE", "HS256", "HS384", "HS512", "hs256", "RS384", "RS512", "PS384",
          "PS512", "ES384", "ES512", "ES256K", "EdDSA", "rs256", "RS256 ", "", "RSA-OAEP"}) {
        QTest::newRow(refused[0] ? refused : "(empty)") << QString::fromLatin1(refused) << false;
    }
}

void TestJose::algorithmNames()
{
    QFETCH(QString, name);
    QFETCH(bool, accepted);
    const auto alg = jwsAlgorithmFromName(name);
    QCOMPARE(alg.ok(), accepted);
    if (accepted) {
        QCOMPARE(jwsAlgorithmName(alg.value()), name);
    } else {
        QCOMPARE(alg.error().code, Fabrikam::Auth::Errc::UnsupportedAlgorithm);
    }
}

void TestJose::verifySignature_data()
{
    QTest::addColumn<QString>("keyName");
    QTest::addColumn<QString>("alg");
    QTest::addColumn<QByteArray>("signature");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<ErrorCode>("code");

    const QByteArray input = QByteArrayLiteral("eyJhbGciOiJ4In0.eyJzdWIiOiIxIn0");
    const QByteArray rs256 = m_rsa.sign(u"RS256"_s, input);
    const QByteArray ps256 = m_rsa.sign(u"PS256"_s, input);
    const QByteArray es256 = m_ec.sign(u"ES256"_s, input);
    QByteArray es256Flipped = es256;
    es256Flipped[10] = static_cast<char>(es256Flipped[10] ^ 0x01);
    QByteArray rs256Flipped = rs256;
    rs256Flipped[100] = static_cast<char>(rs256Flipped[100] ^ 0x80);
    const ErrorCode ok = Fabrikam::Common::Errc::Internal; // unused when valid

    QTest::newRow("RS256") << u"rsa"_s << u"RS256"_s << rs256 << true << ok;
    QTest::newRow("PS256") << u"rsa"_s << u"PS256"_s << ps256 << true << ok;
    QTest::newRow("ES256") << u"ec"_s << u"ES256"_s << es256 << true << ok;
    QTest::newRow("RS256 flipped bit") << u"rsa"_s << u"RS256"_s << rs256Flipped << false
                                       << ErrorCode(Fabrikam::Auth::Errc::InvalidSignature);
    QTest::newRow("ES256 flipped bit") << u"ec"_s << u"ES256"_s << es256Flipped << false
                                       << ErrorCode(Fabrikam::Auth::Errc::InvalidSignature);
    QTest::newRow("RS256 by another key") << u"rsaOther"_s << u"RS256"_s << rs256 << false
                                          << ErrorCode(Fabrikam::Auth::Errc::InvalidSignature);
    QTest::newRow("RS256 signature checked as PS256")
        << u"rsa"_s << u"PS256"_s << rs256 << false
        << ErrorCode(Fabrikam::Auth::Errc::InvalidSignature);
    QTest::newRow("PS256 signature checked as RS256")
        << u"rsa"_s << u"RS256"_s << ps256 << false
        << ErrorCode(Fabrikam::Auth::Errc::InvalidSignature);
    QTest::newRow("RSA signature truncated") << u"rsa"_s << u"RS256"_s << rs256.left(255) << false
                                             << ErrorCode(Fabrikam::Auth::Errc::InvalidSignature);
    QTest::newRow("RSA signature with leading zero")
        << u"rsa"_s << u"RS256"_s << (QByteArray(1, '\0') + rs256) << false
        << ErrorCode(Fabrikam::Auth::Errc::InvalidSignature);
    QTest::newRow("ES256 63 octets") << u"ec"_s << u"ES256"_s << es256.left(63) << false
                                     << ErrorCode(Fabrikam::Auth::Errc::InvalidSignature);
    QTest::newRow("ES256 65 octets") << u"ec"_s << u"ES256"_s << (es256 + '\0') << false
                                     << ErrorCode(Fabrikam::Auth::Errc::InvalidSignature);
    QTest::newRow("ES256 DER form") << u"ec"_s << u"ES256"_s << m_ec.sign(u"ES256DER"_s, input)
                                    << false << ErrorCode(Fabrikam::Auth::Errc::InvalidSignature);
    QTest::newRow("ES256 all zero") << u"ec"_s << u"ES256"_s << QByteArray(64, '\0') << false
                                    << ErrorCode(Fabrikam::Auth::Errc::InvalidSignature);
    QTest::newRow("ES256 empty") << u"ec"_s << u"ES256"_s << QByteArray() << false
                                 << ErrorCode(Fabrikam::Auth::Errc::InvalidSignature);
    QTest::newRow("RS256 with an EC key") << u"ec"_s << u"RS256"_s << rs256 << false
                                          << ErrorCode(Fabrikam::Auth::Errc::AlgorithmKeyMismatch);
    QTest::newRow("PS256 with an EC key") << u"ec"_s << u"PS256"_s << ps256 << false
                                          << ErrorCode(Fabrikam::Auth::Errc::AlgorithmKeyMismatch);
    QTest::newRow("ES256 with an RSA key") << u"rsa"_s << u"ES256"_s << es256 << false
                                           << ErrorCode(Fabrikam::Auth::Errc::AlgorithmKeyMismatch);
    QTest::newRow("ES256 with a P-384 key")
        << u"ecP384"_s << u"ES256"_s << es256 << false
        << ErrorCode(Fabrikam::Auth::Errc::AlgorithmKeyMismatch);
    QTest::newRow("RS256 with a 1024-bit key")
        << u"rsa1024"_s << u"RS256"_s << m_rsa1024.sign(u"RS256"_s, input) << false
        << ErrorCode(Fabrikam::Auth::Errc::AlgorithmKeyMismatch);
    QTest::newRow("HS256 keyed with the public key")
        << u"rsa"_s << u"HS256"_s
        << QMessageAuthenticationCode::hash(input, m_rsa.publicKeyPem(), QCryptographicHash::Sha256)
        << false << ErrorCode(Fabrikam::Auth::Errc::UnsupportedAlgorithm);
    QTest::newRow("none") << u"rsa"_s << u"none"_s << QByteArray() << false
                          << ErrorCode(Fabrikam::Auth::Errc::UnsupportedAlgorithm);
}

void TestJose::verifySignature()
{
    QFETCH(QString, keyName);
    QFETCH(QString, alg);
    QFETCH(QByteArray, signature);
    QFETCH(bool, valid);
    QFETCH(ErrorCode, code);
    const TestKey& key = keyName == u"rsa"        ? m_rsa
                         : keyName == u"rsaOther" ? m_rsaOther
                         : keyName == u"rsa1024"  ? m_rsa1024
                         : keyName == u"ec"       ? m_ec
                                                  : m_ecP384;
    const QByteArray input = QByteArrayLiteral("eyJhbGciOiJ4In0.eyJzdWIiOiIxIn0");
    const auto result = Fabrikam::Auth::verifySignature(alg, key.pkey(), input, signature);
    QCOMPARE(result.ok(), valid);
    if (!valid) {
        QCOMPARE(result.error().code, code);
    }
}

// The diagnostics view's decoding of access tokens: header alg/kid/typ and the payload, whatever
// the signature (the API verifies it); an opaque or unreadable token is "not a JWT", never an
// error.
void TestJose::accessTokenClaimsAreDecodedOnly()
{
    QVERIFY(!decodeAccessTokenClaims({}));

    const QJsonObject payload{{u"sub"_s, u"grace"_s},
                              {u"scope"_s, u"openid transfer:funds"_s},
                              {u"client_id"_s, u"fabrikam-desktop"_s}};
    const QByteArray jwt = Fabrikam::Test::makeJws(
        QJsonObject{{u"alg"_s, u"RS256"_s}, {u"kid"_s, u"k1"_s}, {u"typ"_s, u"at+jwt"_s}}, payload,
        m_rsa);
    const auto decoded = decodeAccessTokenClaims(jwt);
    QVERIFY(decoded && decoded->jwt);
    QCOMPARE(decoded->algorithm, u"RS256"_s);
    QCOMPARE(decoded->keyId, u"k1"_s);
    QCOMPARE(decoded->type, u"at+jwt"_s);
    QCOMPARE(decoded->claims, payload);

    // A forged signature decodes the same: nothing here claims the token is genuine.
    QByteArray forged = jwt;
    forged[forged.size() - 2] = forged.at(forged.size() - 2) == 'A' ? 'B' : 'A';
    QCOMPARE(decodeAccessTokenClaims(forged)->claims, payload);

    for (const QByteArray& opaque :
         {QByteArrayLiteral("2YotnFZFEjr1zCsicMWpAA"), QByteArrayLiteral("a.b"),
          QByteArrayLiteral("not.a.jwt"), QByteArray(kMaxCompactJwsSize + 1, 'a')}) {
        const auto claims = decodeAccessTokenClaims(opaque);
        QVERIFY(claims);
        QVERIFY(!claims->jwt);
        QVERIFY(claims->claims.isEmpty());
    }
}

QTEST_GUILESS_MAIN(TestJose)
#include "tst_jose.moc"
