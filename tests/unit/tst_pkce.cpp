#include "auth/pkce.h"

#include <QSet>
#include <QTest>

using Fabrikam::Auth::CodeVerifier;

class TestPkce : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rfc7636AppendixB();
    void generatedVerifierHasTheRecommendedShape();
    void generatedVerifiersAreUnique();
    void challengeIsSha256OfTheVerifier();
    void fromString_data();
    void fromString();
    void fromOctetsNeedsExactly32();
};

// RFC 7636 appendix B: the 32 octets, the verifier they encode to, and its S256 challenge.
void TestPkce::rfc7636AppendixB()
{
    const unsigned char octets[] = {116, 24,  223, 180, 151, 153, 224, 37,  79,  250, 96,
                                    125, 216, 173, 187, 186, 22,  212, 37,  77,  105, 214,
                                    191, 240, 91,  88,  5,   88,  83,  132, 141, 121};
    const auto verifier = CodeVerifier::fromOctets(
        QByteArrayView(reinterpret_cast<const char*>(octets), sizeof(octets)));
    QVERIFY(verifier);
    QCOMPARE(verifier->value(), QByteArrayLiteral("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
    QCOMPARE(verifier->challenge(), QByteArrayLiteral("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
    QCOMPARE(CodeVerifier::method(), QByteArrayLiteral("S256"));
}

void TestPkce::generatedVerifierHasTheRecommendedShape()
{
    const auto verifier = CodeVerifier::generate();
    QCOMPARE(verifier.value().size(), 43); // 32 octets, base64url, no padding
    // It must survive the strict parser, i.e. be made only of unreserved characters.
    QVERIFY(CodeVerifier::fromString(verifier.value()).has_value());
    QCOMPARE(verifier.challenge().size(), 43);
    QVERIFY(!verifier.challenge().contains('='));
}

void TestPkce::generatedVerifiersAreUnique()
{
    QSet<QByteArray> seen;
    for (int i = 0; i < 2000; ++i) {
        seen.insert(CodeVerifier::generate().value());
    }
    QCOMPARE(seen.size(), 2000);
}

void TestPkce::challengeIsSha256OfTheVerifier()
{
    // A second, independent vector: SHA-256 of 43 'a's, computed with
    // printf aaaa…(43) | openssl dgst -sha256 -binary | basenc --base64url
    const auto verifier = CodeVerifier::fromString(QByteArray(43, 'a'));
    QVERIFY(verifier);
    QCOMPARE(verifier->challenge(), QByteArrayLiteral("ZtNPunH49FD35FWYhT5Tv8I7vRKQJ8uxMaL0_9eHjNA"));
}

void TestPkce::fromString_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("valid");
    QTest::newRow("43 unreserved") << QByteArray(43, 'A') << true;
    QTest::newRow("128 unreserved") << QByteArray(128, '~') << true;
    QTest::newRow("all classes") << QByteArrayLiteral("Az09-._~Az09-._~Az09-._~Az09-._~Az09-._~Az0")
                                 << true;
    QTest::newRow("42 is too short") << QByteArray(42, 'A') << false;
    QTest::newRow("129 is too long") << QByteArray(129, 'A') << false;
    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("plus sign") << (QByteArray(42, 'A') + '+') << false;
    QTest::newRow("slash") << (QByteArray(42, 'A') + '/') << false;
    QTest::newRow("padding") << (QByteArray(42, 'A') + '=') << false;
    QTest::newRow("space") << (QByteArray(42, 'A') + ' ') << false;
    QTest::newRow("NUL") << (QByteArray(42, 'A') + '\0') << false;
    QTest::newRow("UTF-8") << (QByteArray(41, 'A') + "\xc3\xa9") << false;
}

void TestPkce::fromString()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, valid);
    QCOMPARE(CodeVerifier::fromString(text).has_value(), valid);
}

void TestPkce::fromOctetsNeedsExactly32()
{
    QVERIFY(!CodeVerifier::fromOctets(QByteArray(31, 'x')));
    QVERIFY(!CodeVerifier::fromOctets(QByteArray(33, 'x')));
    QVERIFY(CodeVerifier::fromOctets(QByteArray(32, 'x')));
}

QTEST_GUILESS_MAIN(TestPkce)
#include "tst_pkce.moc"
