#include "auth/errors.h"
#include "bank/errors.h"
#include "common/clock.h"
#include "common/redact.h"
#include "common/result.h"
#include "common/secret.h"
#include "support/fakeclock.h"
#include "vault/errors.h"

#include <QTest>

#include <memory>

using namespace Fabrikam::Common;
using namespace Qt::StringLiterals;

class TestCommon : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void resultHoldsAValue();
    void resultHoldsAnError();
    void resultHoldsMoveOnlyValues();
    void voidResult();
    void errorCodeNames();
    void errorCodesBelongToTheirLayer();
    void redact_data();
    void redact();
    void redactIsStableAndHidesTheSecret();
    void redactField_data();
    void redactField();
    void wipeEmptiesAndSparesOtherHolders();
    void systemClockIsUtcNow();
    void fakeClockMovesOnlyWhenTold();
};

void TestCommon::resultHoldsAValue()
{
    const Result<QString> result(u"value"_s);
    QVERIFY(result.ok());
    QCOMPARE(result.value(), u"value"_s);
    QVERIFY_THROWS_EXCEPTION(std::bad_variant_access, (void)result.error());
}

void TestCommon::resultHoldsAnError()
{
    const Result<int> result(Error{Fabrikam::Common::Errc::Network, u"words"_s, u"detail"_s});
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, Fabrikam::Common::Errc::Network);
    QCOMPARE(result.error().message, u"words"_s);
    QCOMPARE(result.error().detail, u"detail"_s);
    QVERIFY_THROWS_EXCEPTION(std::bad_variant_access, (void)result.value());
}

void TestCommon::resultHoldsMoveOnlyValues()
{
    Result<std::unique_ptr<int>> result(std::make_unique<int>(42));
    QVERIFY(result.ok());
    const std::unique_ptr<int> taken = std::move(result).value();
    QCOMPARE(*taken, 42);
}

void TestCommon::voidResult()
{
    const Result<void> success;
    QVERIFY(success.ok());
    const Result<void> failure(Error{Fabrikam::Common::Errc::Timeout, {}, {}});
    QVERIFY(!failure.ok());
    QCOMPARE(failure.error().code, Fabrikam::Common::Errc::Timeout);
}

void TestCommon::errorCodeNames()
{
    QCOMPARE(errorCodeName(Fabrikam::Auth::Errc::InvalidSignature), u"InvalidSignature"_s);
    QCOMPARE(errorCodeName(Fabrikam::Auth::Errc::UnknownKeyId), u"UnknownKeyId"_s);
    QCOMPARE(errorCodeName(Fabrikam::Auth::Errc::MalformedChallenge), u"MalformedChallenge"_s);
    QCOMPARE(errorCodeName(Fabrikam::Vault::Errc::KeychainUnavailable), u"KeychainUnavailable"_s);
    QCOMPARE(errorCodeName(Fabrikam::Bank::Errc::ApiRejected), u"ApiRejected"_s);
    QCOMPARE(ErrorCode().name(), u"Internal"_s);
}

// Each layer's codes are its own: equal only within one enum, whatever the numbers.
void TestCommon::errorCodesBelongToTheirLayer()
{
    const ErrorCode first = Fabrikam::Auth::Errc::MalformedToken; // 0 in Auth::Errc
    QCOMPARE(int(Fabrikam::Auth::Errc::MalformedToken), int(Errc::Internal));
    QVERIFY(first != Errc::Internal);
    QVERIFY(first != Fabrikam::Vault::Errc::KeychainUnavailable);
    QVERIFY(first == Fabrikam::Auth::Errc::MalformedToken);
    QVERIFY(first.is<Fabrikam::Auth::Errc>());
    QVERIFY(!first.is<Errc>());
    QCOMPARE(first.as<Fabrikam::Auth::Errc>(), Fabrikam::Auth::Errc::MalformedToken);
    QVERIFY(!first.as<Fabrikam::Bank::Errc>().has_value());
    const Error error{Fabrikam::Bank::Errc::InvalidToken, u"words"_s};
    QVERIFY(error.code == Fabrikam::Bank::Errc::InvalidToken);
    QVERIFY(error.detail.isEmpty() && error.note.isEmpty());
}

void TestCommon::redact_data()
{
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<QString>("expected");
    // Reference values: printf %s 'abc' | sha256sum, etc.
    QTest::newRow("empty") << QByteArray() << QString();
    QTest::newRow("abc") << QByteArrayLiteral("abc") << u"\u20260015ad"_s; // ...f20015ad
    QTest::newRow("password") << QByteArrayLiteral("password") << u"\u20261542d8"_s;
    QTest::newRow("NUL byte") << QByteArray(1, '\0') << u"\u2026afa01d"_s;
}

void TestCommon::redact()
{
    QFETCH(QByteArray, secret);
    QFETCH(QString, expected);
    QCOMPARE(Fabrikam::Common::redact(secret), expected);
}

void TestCommon::redactIsStableAndHidesTheSecret()
{
    const QByteArray token = QByteArrayLiteral("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln");
    const QString redacted = Fabrikam::Common::redact(token);
    QCOMPARE(redacted.size(), 7);
    QCOMPARE(redacted, Fabrikam::Common::redact(token));
    QVERIFY(redacted != Fabrikam::Common::redact(QByteArray(token + 'x')));
    QVERIFY(!redacted.contains(u"eyJ"_s));
    QVERIFY(!redacted.contains(u"c2ln"_s));
}

void TestCommon::redactField_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QVariant>("expected");

    const QString jwt = QStringLiteral("eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl");
    const QString secret = QStringLiteral("a-refresh-token-value");
    QTest::newRow("secret-named key") << QStringLiteral("refresh_token") << QVariant(secret)
                                      << QVariant(Fabrikam::Common::redact(secret.toUtf8()));
    QTest::newRow("any case, inside the key")
        << QStringLiteral("X-Authorization-Header") << QVariant(secret)
        << QVariant(Fabrikam::Common::redact(secret.toUtf8()));
    QTest::newRow("already redacted passes")
        << QStringLiteral("code") << QVariant(QStringLiteral("\u20263f9a1c"))
        << QVariant(QStringLiteral("\u20263f9a1c"));
    QTest::newRow("a JWT under any key")
        << QStringLiteral("detail") << QVariant(QStringLiteral("got ") + jwt + u'!')
        << QVariant(QStringLiteral("got [jwt]!"));
    QTest::newRow("words pass") << QStringLiteral("event") << QVariant(QStringLiteral("ok"))
                                << QVariant(QStringLiteral("ok"));
    QTest::newRow("numbers pass") << QStringLiteral("token_count") << QVariant(3) << QVariant(3);
    QTest::newRow("maps key by key")
        << QStringLiteral("fields")
        << QVariant(QVariantMap{{QStringLiteral("id_token"), jwt},
                                {QStringLiteral("sub"), QStringLiteral("alice")}})
        << QVariant(
               QVariantMap{{QStringLiteral("id_token"), Fabrikam::Common::redact(jwt.toUtf8())},
                           {QStringLiteral("sub"), QStringLiteral("alice")}});
}

void TestCommon::redactField()
{
    QFETCH(QString, key);
    QFETCH(QVariant, value);
    QFETCH(QVariant, expected);
    QCOMPARE(Fabrikam::Common::redactField(key, value), expected);
}

// The zeros themselves cannot be read back: the buffer wipe() overwrites is the one it frees (a
// buffer the test still held would be shared, and wipe() would overwrite its own copy instead).
// What can be seen is the rest of the promise: the array is empty and nobody else's bytes changed.
void TestCommon::wipeEmptiesAndSparesOtherHolders()
{
    QByteArray secret(32, 's');
    const QByteArray otherHolder = secret; // implicitly shared: one buffer, two holders
    const char* const sharedBuffer = otherHolder.constData();
    QVERIFY(secret.constData() == sharedBuffer);
    wipe(secret);
    QVERIFY(secret.isEmpty());
    QCOMPARE(otherHolder, QByteArray(32, 's'));
    QVERIFY(otherHolder.constData() == sharedBuffer);
    QVERIFY(otherHolder.isDetached()); // the wiped array let go of the shared buffer

    // Bytes the caller owns, seen through fromRawData(), are copied before the overwrite.
    char owned[] = "raw-secret";
    QByteArray view = QByteArray::fromRawData(owned, qsizetype(sizeof(owned) - 1));
    wipe(view);
    QVERIFY(view.isEmpty());
    QCOMPARE(QByteArray(owned), QByteArray("raw-secret"));

    QByteArray nothing;
    wipe(nothing);
    QVERIFY(nothing.isEmpty());
}

void TestCommon::systemClockIsUtcNow()
{
    const SystemClock clock;
    const QDateTime now = clock.now();
    QCOMPARE(now.timeSpec(), Qt::UTC);
    QVERIFY(qAbs(now.secsTo(QDateTime::currentDateTimeUtc())) < 5);
}

void TestCommon::fakeClockMovesOnlyWhenTold()
{
    Fabrikam::Test::FakeClock clock(1'800'000'000);
    const Clock& seam = clock;
    QCOMPARE(seam.now().toSecsSinceEpoch(), 1'800'000'000);
    clock.advance(90);
    QCOMPARE(seam.now().toSecsSinceEpoch(), 1'800'000'090);
}

QTEST_GUILESS_MAIN(TestCommon)
#include "tst_common.moc"
