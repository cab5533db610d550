#include "bank/money.h"
#include "bank/transfer.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace Fabrikam::Bank;
using Fabrikam::Common::ErrorCode;
using namespace Qt::StringLiterals;

namespace {

Money eur(qint64 minor)
{
    return Money::fromMinorUnits(minor, u"EUR"_s).value();
}

} // namespace

class TestMoney : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseValid_data();
    void parseValid();
    void parseInvalid_data();
    void parseInvalid();
    void parseSigned_data();
    void parseSigned();
    void currencies_data();
    void currencies();
    void decimalStringRoundTrips_data();
    void decimalStringRoundTrips();
    void formatted_data();
    void formatted();
    void formattedNeverGoesThroughDouble();
    void arithmetic();
    void arithmeticOverflowIsRefused();
    void mixedCurrenciesAreRefused();
    void comparison();
    void defaultIsNoMoney();

    void transferRequestCreate();
    void transferRequestKeyIsFreshPerIntent();
    void transferRequestInvalid_data();
    void transferRequestInvalid();
};

void TestMoney::parseValid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("minor");

    QTest::newRow("zero") << u"0"_s << qint64(0);
    QTest::newRow("zero with decimals") << u"0.00"_s << qint64(0);
    QTest::newRow("whole") << u"12"_s << qint64(1200);
    QTest::newRow("one decimal is tenths") << u"12.5"_s << qint64(1250);
    QTest::newRow("two decimals") << u"12.50"_s << qint64(1250);
    QTest::newRow("one cent") << u"0.01"_s << qint64(1);
    QTest::newRow("float trap 0.1+0.2") << u"0.30"_s << qint64(30);
    QTest::newRow("float trap 1.005") << u"1.01"_s << qint64(101);
    QTest::newRow("leading zeros") << u"0007.10"_s << qint64(710);
    QTest::newRow("API balance") << u"2450.75"_s << qint64(245075);
    QTest::newRow("15 integer digits") << u"999999999999999.99"_s << Money::kMaxMinorUnits;
    QTest::newRow("2^53+1 cents, exact") << u"90071992547409.93"_s << qint64(9007199254740993);
}

void TestMoney::parseValid()
{
    QFETCH(QString, text);
    QFETCH(qint64, minor);
    const auto money = Money::parse(text, u"EUR"_s);
    QVERIFY2(money.ok(), qPrintable(money.ok() ? QString() : money.error().detail));
    QCOMPARE(money.value().minorUnits(), minor);
    QCOMPARE(money.value().currency(), u"EUR"_s);
    QVERIFY(money.value().isValid());
}

void TestMoney::parseInvalid_data()
{
    QTest::addColumn<QString>("text");

    QTest::newRow("empty") << QString();
    QTest::newRow("negative") << u"-1.00"_s;
    QTest::newRow("plus sign") << u"+1.00"_s;
    QTest::newRow("trailing dot") << u"1."_s;
    QTest::newRow("leading dot") << u".50"_s;
    QTest::newRow("three decimals") << u"1.234"_s;
    QTest::newRow("exponent") << u"1e3"_s;
    QTest::newRow("exponent with decimals") << u"1.5E2"_s;
    QTest::newRow("comma decimal") << u"1,50"_s;
    QTest::newRow("group separator") << u"1,000.00"_s;
    QTest::newRow("space group") << u"1 000"_s;
    QTest::newRow("leading space") << u" 1"_s;
    QTest::newRow("trailing space") << u"1 "_s;
    QTest::newRow("trailing newline") << u"1.00\n"_s;
    QTest::newRow("two dots") << u"1.2.3"_s;
    QTest::newRow("hex") << u"0x10"_s;
    QTest::newRow("NaN") << u"NaN"_s;
    QTest::newRow("Infinity") << u"Infinity"_s;
    QTest::newRow("arabic-indic digits") << u"\u0661\u0662"_s;
    QTest::newRow("fullwidth digit") << u"\uFF11"_s;
    QTest::newRow("superscript two") << u"\u00B2"_s;
    QTest::newRow("16 integer digits") << u"1234567890123456"_s;
    QTest::newRow("very long") << QString(500, u'9');
    QTest::newRow("currency sign") << u"\u20AC1.00"_s;
    QTest::newRow("NUL inside") << QString::fromUtf16(u"1\u00002", 3);
}

void TestMoney::parseInvalid()
{
    QFETCH(QString, text);
    const auto money = Money::parse(text, u"EUR"_s);
    QVERIFY(!money.ok());
    QCOMPARE(money.error().code, Fabrikam::Common::Errc::InvalidInput);
    QVERIFY(!money.error().message.isEmpty());
    QVERIFY(!money.error().detail.isEmpty());
}

void TestMoney::parseSigned_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qint64>("minor");

    QTest::newRow("positive") << u"12.34"_s << true << qint64(1234);
    QTest::newRow("negative") << u"-12.34"_s << true << qint64(-1234);
    QTest::newRow("negative cents") << u"-0.05"_s << true << qint64(-5);
    QTest::newRow("negative max") << u"-999999999999999.99"_s << true << -Money::kMaxMinorUnits;
    QTest::newRow("negative zero") << u"-0.00"_s << false << qint64(0);
    QTest::newRow("sign only") << u"-"_s << false << qint64(0);
    QTest::newRow("double sign") << u"--1"_s << false << qint64(0);
    QTest::newRow("plus") << u"+1"_s << false << qint64(0);
    QTest::newRow("minus after digits") << u"1-"_s << false << qint64(0);
    QTest::newRow("unicode minus") << u"\u22121.00"_s << false << qint64(0);
    QTest::newRow("16 digits negative") << u"-1234567890123456"_s << false << qint64(0);
}

void TestMoney::parseSigned()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(qint64, minor);
    const auto money = Money::parseSigned(text, u"EUR"_s);
    QCOMPARE(money.ok(), valid);
    if (valid) {
        QCOMPARE(money.value().minorUnits(), minor);
    }
}

void TestMoney::currencies_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<bool>("supported");

    QTest::newRow("EUR") << u"EUR"_s << true;
    QTest::newRow("USD") << u"USD"_s << true;
    QTest::newRow("CHF") << u"CHF"_s << true;
    QTest::newRow("lower case") << u"eur"_s << false;
    QTest::newRow("unknown") << u"XYZ"_s << false;
    QTest::newRow("zero decimals (JPY)") << u"JPY"_s << false;
    QTest::newRow("three decimals (BHD)") << u"BHD"_s << false;
    QTest::newRow("two letters") << u"EU"_s << false;
    QTest::newRow("four letters") << u"EURO"_s << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("symbol") << u"\u20AC"_s << false;
    QTest::newRow("fullwidth letters") << u"\uFF25\uFF35\uFF32"_s << false;
}

void TestMoney::currencies()
{
    QFETCH(QString, code);
    QFETCH(bool, supported);
    QCOMPARE(Money::isSupportedCurrency(code), supported);
    QCOMPARE(Money::parse(u"1.00", code).ok(), supported);
    QCOMPARE(Money::fromMinorUnits(100, code).ok(), supported);
}

void TestMoney::decimalStringRoundTrips_data()
{
    QTest::addColumn<qint64>("minor");
    QTest::addColumn<QString>("text");

    QTest::newRow("zero") << qint64(0) << u"0.00"_s;
    QTest::newRow("cents") << qint64(5) << u"0.05"_s;
    QTest::newRow("negative cents") << qint64(-5) << u"-0.05"_s;
    QTest::newRow("tenths") << qint64(1250) << u"12.50"_s;
    QTest::newRow("negative") << qint64(-1234) << u"-12.34"_s;
    QTest::newRow("max") << Money::kMaxMinorUnits << u"999999999999999.99"_s;
    QTest::newRow("min") << -Money::kMaxMinorUnits << u"-999999999999999.99"_s;
}

void TestMoney::decimalStringRoundTrips()
{
    QFETCH(qint64, minor);
    QFETCH(QString, text);
    const Money money = eur(minor);
    QCOMPARE(money.toDecimalString(), text);
    const auto back = Money::parseSigned(text, u"EUR"_s);
    QVERIFY(back.ok());
    QCOMPARE(back.value(), money);
}

void TestMoney::formatted_data()
{
    QTest::addColumn<QString>("locale");
    QTest::addColumn<QString>("currency");
    QTest::addColumn<qint64>("minor");
    QTest::addColumn<QString>("expected");

    QTest::newRow("en_US EUR") << u"en_US"_s << u"EUR"_s << qint64(123456) << u"€1,234.56"_s;
    // CLDR (and so Qt) joins amount and symbol with a no-break space (U+00A0) where there is one.
    QTest::newRow("de_DE EUR") << u"de_DE"_s << u"EUR"_s << qint64(123456) << u"1.234,56\u00A0€"_s;
    QTest::newRow("en_US USD") << u"en_US"_s << u"USD"_s << qint64(123456) << u"$1,234.56"_s;
    QTest::newRow("de_DE USD") << u"de_DE"_s << u"USD"_s << qint64(123456) << u"1.234,56\u00A0$"_s;
    QTest::newRow("en_US small") << u"en_US"_s << u"EUR"_s << qint64(5) << u"€0.05"_s;
    QTest::newRow("de_DE zero") << u"de_DE"_s << u"EUR"_s << qint64(0) << u"0,00\u00A0€"_s;
    QTest::newRow("de_DE negative") << u"de_DE"_s << u"EUR"_s << qint64(-5) << u"-0,05\u00A0€"_s;
    // CLDR's accounting pattern for en_US puts negative amounts in parentheses.
    QTest::newRow("en_US negative")
        << u"en_US"_s << u"EUR"_s << qint64(-123456) << u"(€1,234.56)"_s;
    QTest::newRow("de_DE max") << u"de_DE"_s << u"EUR"_s << Money::kMaxMinorUnits
                               << u"999.999.999.999.999,99\u00A0€"_s;
    QTest::newRow("de_CH own currency")
        << u"de_CH"_s << u"CHF"_s << qint64(123456) << u"1’234.56\u00A0CHF"_s;
    QTest::newRow("C locale writes the program's English")
        << u"C"_s << u"EUR"_s << qint64(300000) << u"€3,000.00"_s;
    QTest::newRow("en_US unknown symbol uses the code")
        << u"en_US"_s << u"SEK"_s << qint64(100) << u"SEK1.00"_s;
}

void TestMoney::formatted()
{
    QFETCH(QString, locale);
    QFETCH(QString, currency);
    QFETCH(qint64, minor);
    QFETCH(QString, expected);
    const Money money = Money::fromMinorUnits(minor, currency).value();
    QCOMPARE(money.formatted(QLocale(locale)), expected);
}

void TestMoney::formattedNeverGoesThroughDouble()
{
    // 2^53 + 1 cents has no exact double; toCurrencyString(double) would print ...992,00 or so.
    const Money money = eur(9007199254740993);
    QCOMPARE(money.formatted(QLocale(u"de_DE"_s)), u"90.071.992.547.409,93\u00A0€"_s);
    QCOMPARE(money.formatted(QLocale(u"en_US"_s)), u"€90,071,992,547,409.93"_s);
    // Every cent value in a locale with non-ASCII digits comes out digit by digit.
    const QLocale arabic(u"ar_EG"_s);
    const QString text = eur(1207).formatted(arabic);
    QVERIFY2(text.contains(arabic.toString(12) + arabic.decimalPoint() + arabic.toString(0) +
                           arabic.toString(7)),
             qPrintable(text));
}

void TestMoney::arithmetic()
{
    const auto sum = eur(1050).plus(eur(-75));
    QVERIFY(sum.ok());
    QCOMPARE(sum.value().minorUnits(), qint64(975));
    const auto difference = eur(100).minus(eur(250));
    QVERIFY(difference.ok());
    QCOMPARE(difference.value().toDecimalString(), u"-1.50"_s);
    QVERIFY(difference.value().isNegative());
}

void TestMoney::arithmeticOverflowIsRefused()
{
    const Money max = eur(Money::kMaxMinorUnits);
    QVERIFY(max.plus(eur(0)).ok());
    const auto over = max.plus(eur(1));
    QVERIFY(!over.ok());
    QCOMPARE(over.error().code, Fabrikam::Common::Errc::InvalidInput);
    QVERIFY(!eur(-Money::kMaxMinorUnits).minus(eur(1)).ok());
    QVERIFY(!max.minus(eur(-Money::kMaxMinorUnits)).ok());
    QVERIFY(!Money::fromMinorUnits(Money::kMaxMinorUnits + 1, u"EUR"_s).ok());
    QVERIFY(!Money::fromMinorUnits(std::numeric_limits<qint64>::min(), u"EUR"_s).ok());
}

void TestMoney::mixedCurrenciesAreRefused()
{
    const Money usd = Money::fromMinorUnits(100, u"USD"_s).value();
    QVERIFY(!eur(100).plus(usd).ok());
    QVERIFY(!eur(100).minus(usd).ok());
    QVERIFY(!Money().plus(Money()).ok());
}

void TestMoney::comparison()
{
    QVERIFY(eur(100) == eur(100));
    QVERIFY(eur(100) != eur(101));
    QVERIFY(eur(100) < eur(101));
    QVERIFY(eur(-1) < eur(0));
    const Money usd = Money::fromMinorUnits(100, u"USD"_s).value();
    QVERIFY(eur(100) != usd);
    QVERIFY(!(eur(100) < usd));
    QVERIFY(!(eur(100) > usd));
    QVERIFY(!(eur(100) <= usd));
    QVERIFY((eur(100) <=> usd) == std::partial_ordering::unordered);
}

void TestMoney::defaultIsNoMoney()
{
    const Money none;
    QVERIFY(!none.isValid());
    QVERIFY(none.isZero());
    QVERIFY(none != eur(0));
}

void TestMoney::transferRequestCreate()
{
    const auto request =
        TransferRequest::create(u"acc-alice-chk"_s, u"acc-alice-sav"_s, eur(1234), u"Rent"_s);
    QVERIFY(request.ok());
    QCOMPARE(request.value().from(), u"acc-alice-chk"_s);
    QCOMPARE(request.value().amount(), eur(1234));
    // RFC 9562 version 4 UUID, printable ASCII as the API requires.
    static const QRegularExpression uuid(
        u"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"_s);
    QVERIFY2(uuid.match(QString::fromLatin1(request.value().idempotencyKey())).hasMatch(),
             request.value().idempotencyKey().constData());

    const QJsonObject body = QJsonDocument::fromJson(request.value().toJson()).object();
    QCOMPARE(body.value(u"amount"_s).toString(), u"12.34"_s); // a string, never a number
    QVERIFY(body.value(u"amount"_s).isString());
    QCOMPARE(body.value(u"currency"_s).toString(), u"EUR"_s);
    QCOMPARE(body.value(u"from"_s).toString(), u"acc-alice-chk"_s);
    QCOMPARE(body.value(u"to"_s).toString(), u"acc-alice-sav"_s);
    QCOMPARE(body.value(u"memo"_s).toString(), u"Rent"_s);
}

void TestMoney::transferRequestKeyIsFreshPerIntent()
{
    const auto first = TransferRequest::create(u"a"_s, u"b"_s, eur(1)).value();
    const TransferRequest retry = first; // the same intent, retried: the same key
    QCOMPARE(retry.idempotencyKey(), first.idempotencyKey());
    QSet<QByteArray> keys;
    for (int i = 0; i < 200; ++i) {
        keys.insert(TransferRequest::create(u"a"_s, u"b"_s, eur(1)).value().idempotencyKey());
    }
    QCOMPARE(keys.size(), 200);
}

void TestMoney::transferRequestInvalid_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<qint64>("minor");
    QTest::addColumn<QString>("memo");

    QTest::newRow("same account") << u"a"_s << u"a"_s << qint64(100) << QString();
    QTest::newRow("zero") << u"a"_s << u"b"_s << qint64(0) << QString();
    QTest::newRow("negative") << u"a"_s << u"b"_s << qint64(-100) << QString();
    QTest::newRow("path in id") << u"../accounts"_s << u"b"_s << qint64(100) << QString();
    QTest::newRow("dot-dot id") << u".."_s << u"b"_s << qint64(100) << QString();
    QTest::newRow("slash id") << u"a/b"_s << u"b"_s << qint64(100) << QString();
    QTest::newRow("empty id") << QString() << u"b"_s << qint64(100) << QString();
    QTest::newRow("65 character id") << QString(65, u'a') << u"b"_s << qint64(100) << QString();
    QTest::newRow("memo 141") << u"a"_s << u"b"_s << qint64(100) << QString(141, u'x');
    QTest::newRow("memo newline") << u"a"_s << u"b"_s << qint64(100) << u"a\nb"_s;
    QTest::newRow("memo tab") << u"a"_s << u"b"_s << qint64(100) << u"a\tb"_s;
    QTest::newRow("memo bidi override") << u"a"_s << u"b"_s << qint64(100) << u"a\u202Eb"_s;
    QTest::newRow("memo C1 control") << u"a"_s << u"b"_s << qint64(100) << u"a\u0085b"_s;
    QTest::newRow("memo lone surrogate")
        << u"a"_s << u"b"_s << qint64(100) << QString(QChar(0xD800));
}

void TestMoney::transferRequestInvalid()
{
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(qint64, minor);
    QFETCH(QString, memo);
    const auto request = TransferRequest::create(from, to, eur(minor), memo);
    QVERIFY(!request.ok());
    QCOMPARE(request.error().code, Fabrikam::Common::Errc::InvalidInput);
    // 140 characters, astral ones counted once, are fine.
    QVERIFY(TransferRequest::create(u"a"_s, u"b"_s, eur(1), QString(140, u'x')).ok());
    QString emoji;
    for (int i = 0; i < 140; ++i) {
        emoji += u"\U0001F4B6"_s;
    }
    QVERIFY(TransferRequest::create(u"a"_s, u"b"_s, eur(1), emoji).ok());
    QVERIFY(!TransferRequest::create(u"a"_s, u"b"_s, Money(), QString()).ok());
}

QTEST_GUILESS_MAIN(TestMoney)
#include "tst_money.moc"
