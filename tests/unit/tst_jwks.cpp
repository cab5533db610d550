#include "auth/errors.h"
#include "auth/jwks.h"
#include "support/testkeys.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Fabrikam::Auth;
using Fabrikam::Common::ErrorCode;
using Fabrikam::Test::TestKey;
using namespace Qt::StringLiterals;

namespace {

QByteArray keySet(const QList<QJsonValue>& keys)
{
    QJsonArray array;
    for (const QJsonValue& key : keys) {
        array.append(key);
    }
    return QJsonDocument(QJsonObject{{u"keys"_s, array}}).toJson(QJsonDocument::Compact);
}

QJsonObject with(QJsonObject jwk, const QString& name, const QJsonValue& value)
{
    if (value.isUndefined()) {
        jwk.remove(name);
    } else {
        jwk.insert(name, value);
    }
    return jwk;
}

// A base64url coordinate altered in its last byte: almost surely no longer on the curve.
QString nudged(const QString& coordinate)
{
    QByteArray bytes = QByteArray::fromBase64(coordinate.toLatin1(), QByteArray::Base64UrlEncoding);
    bytes[bytes.size() - 1] = static_cast<char>(bytes.at(bytes.size() - 1) ^ 0x01);
    return QString::fromLatin1(Fabrikam::Test::b64url(bytes));
}

} // namespace

class TestJwks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void refusesDocumentsThatAreNotKeySets_data();
    void refusesDocumentsThatAreNotKeySets();
    void skipsUnusableKeys_data();
    void skipsUnusableKeys();
    void keepsKeyMetadata();
    void selectKey_data();
    void selectKey();

private:
    TestKey m_rsa;
    TestKey m_rsa2;
    TestKey m_ec;
};

void TestJwks::initTestCase()
{
    m_rsa = TestKey::rsa(2048);
    m_rsa2 = TestKey::rsa(2048);
    m_ec = TestKey::ec("P-256");
}

void TestJwks::refusesDocumentsThatAreNotKeySets_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("not JSON") << QByteArrayLiteral("<html>502 Bad Gateway</html>");
    QTest::newRow("array") << QByteArrayLiteral("[]");
    QTest::newRow("no keys member") << QByteArrayLiteral(R"({"kty":"RSA"})");
    QTest::newRow("keys is an object") << QByteArrayLiteral(R"({"keys":{}})");
    QTest::newRow("keys is a string") << QByteArrayLiteral(R"({"keys":"[]"})");
    QTest::newRow("truncated") << QByteArrayLiteral(R"({"keys":[{"kty":"RSA")");
    QTest::newRow("too large") << (QByteArrayLiteral(R"({"keys":[],"x":")") +
                                   QByteArray(600 * 1024, 'a') + QByteArrayLiteral("\"}"));
}

void TestJwks::refusesDocumentsThatAreNotKeySets()
{
    QFETCH(QByteArray, json);
    const auto set = JsonWebKeySet::parse(json);
    QVERIFY(!set.ok());
    QCOMPARE(set.error().code, Fabrikam::Auth::Errc::InvalidKeySet);
}

void TestJwks::skipsUnusableKeys_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("usable");
    QTest::addColumn<int>("skipped");

    const QJsonObject rsa = m_rsa.publicJwk(u"r1"_s);
    const QJsonObject ec = m_ec.publicJwk(u"e1"_s, u"ES256"_s);
    const QJsonObject rsa1024 = TestKey::rsa(1024).publicJwk(u"small"_s);
    const QJsonObject p384 = TestKey::ec("P-384").publicJwk(u"p384"_s);
    const QString xShort = QString::fromLatin1(Fabrikam::Test::b64url(
        QByteArray::fromBase64(ec.value(u"x").toString().toLatin1(), QByteArray::Base64UrlEncoding)
            .mid(1)));

    QTest::newRow("empty set") << keySet({}) << 0 << 0;
    QTest::newRow("RSA and EC") << keySet({rsa, ec}) << 2 << 0;
    QTest::newRow("no use member")
        << keySet({with(rsa, u"use"_s, QJsonValue::Undefined)}) << 1 << 0;
    QTest::newRow("private d is ignored") << keySet({with(rsa, u"d"_s, u"AQAB"_s)}) << 1 << 0;
    QTest::newRow("key_ops verify")
        << keySet({with(rsa, u"key_ops"_s, QJsonArray{u"verify"_s})}) << 1 << 0;
    QTest::newRow("symmetric oct key")
        << keySet({QJsonObject{{u"kty"_s, u"oct"_s}, {u"k"_s, u"c2VjcmV0"_s}}, rsa}) << 1 << 1;
    QTest::newRow("OKP key")
        << keySet({QJsonObject{{u"kty"_s, u"OKP"_s}, {u"crv"_s, u"Ed25519"_s}, {u"x"_s, u"AAAA"_s}},
                   rsa})
        << 1 << 1;
    QTest::newRow("RSA 1024 bits") << keySet({rsa1024, rsa}) << 1 << 1;
    QTest::newRow("EC P-384") << keySet({p384, rsa}) << 1 << 1;
    QTest::newRow("EC x of 31 octets") << keySet({with(ec, u"x"_s, xShort), rsa}) << 1 << 1;
    QTest::newRow("EC point off the curve")
        << keySet({with(ec, u"y"_s, nudged(ec.value(u"y").toString())), rsa}) << 1 << 1;
    QTest::newRow("EC crv missing")
        << keySet({with(ec, u"crv"_s, QJsonValue::Undefined), rsa}) << 1 << 1;
    QTest::newRow("RSA e missing")
        << keySet({with(rsa, u"e"_s, QJsonValue::Undefined), rsa}) << 1 << 1;
    QTest::newRow("RSA n padded base64")
        << keySet({with(rsa, u"n"_s, QString(rsa.value(u"n").toString() + u"=="_s)), rsa}) << 1
        << 1;
    QTest::newRow("RSA n is a number") << keySet({with(rsa, u"n"_s, 12345), rsa}) << 1 << 1;
    QTest::newRow("kty missing") << keySet({with(rsa, u"kty"_s, QJsonValue::Undefined), rsa}) << 1
                                 << 1;
    QTest::newRow("kty is a number") << keySet({with(rsa, u"kty"_s, 1), rsa}) << 1 << 1;
    QTest::newRow("use enc") << keySet({with(rsa, u"use"_s, u"enc"_s), ec}) << 1 << 1;
    QTest::newRow("key_ops encrypt only")
        << keySet({with(rsa, u"key_ops"_s, QJsonArray{u"encrypt"_s}), ec}) << 1 << 1;
    QTest::newRow("alg HS256") << keySet({with(rsa, u"alg"_s, u"HS256"_s), ec}) << 1 << 1;
    QTest::newRow("alg none") << keySet({with(rsa, u"alg"_s, u"none"_s), ec}) << 1 << 1;
    QTest::newRow("kid is a number") << keySet({with(rsa, u"kid"_s, 7), ec}) << 1 << 1;
    QTest::newRow("entries that are not objects")
        << keySet({u"RSA"_s, 42, QJsonValue::Null, QJsonArray{}, rsa}) << 1 << 4;
}

void TestJwks::skipsUnusableKeys()
{
    QFETCH(QByteArray, json);
    QFETCH(int, usable);
    QFETCH(int, skipped);
    const auto set = JsonWebKeySet::parse(json);
    QVERIFY(set.ok());
    QCOMPARE(set.value().keys().size(), usable);
    QCOMPARE(set.value().skippedCount(), skipped);
}

void TestJwks::keepsKeyMetadata()
{
    const auto set = JsonWebKeySet::parse(
        keySet({m_rsa.publicJwk(u"r1"_s, u"RS256"_s), m_ec.publicJwk(u"e1"_s, {}, {})}));
    QVERIFY(set.ok());
    QCOMPARE(set.value().keys().size(), 2);
    const JsonWebKey& rsa = set.value().keys().at(0);
    QCOMPARE(rsa.keyId(), u"r1"_s);
    QCOMPARE(rsa.keyType(), u"RSA"_s);
    QCOMPARE(rsa.algorithm(), u"RS256"_s);
    QCOMPARE(rsa.use(), u"sig"_s);
    QVERIFY(rsa.evpKey());
    QVERIFY(rsa.fits(JwsAlgorithm::RS256));
    QVERIFY(!rsa.fits(JwsAlgorithm::PS256)); // the JWK names RS256 only (RFC 7517 §4.4)
    QVERIFY(!rsa.fits(JwsAlgorithm::ES256));
    const JsonWebKey& ec = set.value().keys().at(1);
    QCOMPARE(ec.keyType(), u"EC"_s);
    QVERIFY(ec.use().isEmpty());
    QVERIFY(ec.fits(JwsAlgorithm::ES256));
    QVERIFY(!ec.fits(JwsAlgorithm::RS256));

    // Copies share the key; it outlives the set it came from.
    EVP_PKEY* raw = nullptr;
    {
        const JsonWebKey copy = set.value().keys().at(0);
        raw = copy.evpKey();
    }
    QCOMPARE(set.value().keys().at(0).evpKey(), raw);
}

void TestJwks::selectKey_data()
{
    QTest::addColumn<QByteArray>("jwks");
    QTest::addColumn<QJsonObject>("header");
    QTest::addColumn<QString>("expectedKid"); // empty: an error is expected
    QTest::addColumn<ErrorCode>("code");

    const QByteArray set = keySet(
        {m_rsa.publicJwk(u"r1"_s), m_rsa2.publicJwk(u"r2"_s, u"RS256"_s), m_ec.publicJwk(u"e1"_s)});
    const auto header = [](const QString& alg, const QJsonValue& kid = QJsonValue::Undefined) {
        QJsonObject h{{u"alg"_s, alg}};
        if (!kid.isUndefined()) {
            h.insert(u"kid"_s, kid);
        }
        return h;
    };
    const ErrorCode none = Fabrikam::Common::Errc::Internal;

    QTest::newRow("by kid, RS256") << set << header(u"RS256"_s, u"r1"_s) << u"r1"_s << none;
    QTest::newRow("by kid, PS256") << set << header(u"PS256"_s, u"r1"_s) << u"r1"_s << none;
    QTest::newRow("by kid, ES256") << set << header(u"ES256"_s, u"e1"_s) << u"e1"_s << none;
    QTest::newRow("kid is case-sensitive") << set << header(u"RS256"_s, u"R1"_s) << QString()
                                           << ErrorCode(Fabrikam::Auth::Errc::UnknownKeyId);
    QTest::newRow("unknown kid") << set << header(u"RS256"_s, u"r9"_s) << QString()
                                 << ErrorCode(Fabrikam::Auth::Errc::UnknownKeyId);
    QTest::newRow("kid of the wrong key type")
        << set << header(u"RS256"_s, u"e1"_s) << QString()
        << ErrorCode(Fabrikam::Auth::Errc::AlgorithmKeyMismatch);
    QTest::newRow("kid of a key restricted to another alg")
        << set << header(u"PS256"_s, u"r2"_s) << QString()
        << ErrorCode(Fabrikam::Auth::Errc::AlgorithmKeyMismatch);
    QTest::newRow("kid not a string") << set << header(u"RS256"_s, 1) << QString()
                                      << ErrorCode(Fabrikam::Auth::Errc::MalformedToken);
    QTest::newRow("no kid, one EC key") << set << header(u"ES256"_s) << u"e1"_s << none;
    QTest::newRow("no kid, one PS256-capable key") << set << header(u"PS256"_s) << u"r1"_s << none;
    QTest::newRow("no kid, two RSA keys")
        << set << header(u"RS256"_s) << QString() << ErrorCode(Fabrikam::Auth::Errc::AmbiguousKey);
    QTest::newRow("no kid, no key of the type")
        << keySet({m_rsa.publicJwk(u"r1"_s)}) << header(u"ES256"_s) << QString()
        << ErrorCode(Fabrikam::Auth::Errc::NoSuitableKey);
    QTest::newRow("empty set, kid") << keySet({}) << header(u"RS256"_s, u"r1"_s) << QString()
                                    << ErrorCode(Fabrikam::Auth::Errc::UnknownKeyId);
    QTest::newRow("alg none") << set << header(u"none"_s, u"r1"_s) << QString()
                              << ErrorCode(Fabrikam::Auth::Errc::UnsupportedAlgorithm);
    QTest::newRow("alg HS256") << set << header(u"HS256"_s, u"r1"_s) << QString()
                               << ErrorCode(Fabrikam::Auth::Errc::UnsupportedAlgorithm);
    QJsonObject withJwk = header(u"RS256"_s);
    withJwk.insert(u"jwk"_s, TestKey::rsa(2048).publicJwk(u"attacker"_s));
    withJwk.insert(u"jku"_s, u"https://attacker.example/jwks"_s);
    QTest::newRow("jwk and jku headers are not keys")
        << keySet({m_rsa.publicJwk(u"r1"_s)}) << withJwk << u"r1"_s << none;
}

void TestJwks::selectKey()
{
    QFETCH(QByteArray, jwks);
    QFETCH(QJsonObject, header);
    QFETCH(QString, expectedKid);
    QFETCH(ErrorCode, code);
    const auto set = JsonWebKeySet::parse(jwks);
    QVERIFY(set.ok());
    const auto key = set.value().selectKey(header);
    QCOMPARE(key.ok(), !expectedKid.isEmpty());
    if (key.ok()) {
        QCOMPARE(key.value().keyId(), expectedKid);
    } else {
        QCOMPARE(key.error().code, code);
    }
}

QTEST_GUILESS_MAIN(TestJwks)
#include "tst_jwks.moc"
