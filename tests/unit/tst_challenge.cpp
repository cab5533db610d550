#include "auth/challenge.h"
#include "auth/errors.h"

#include <QTest>

using namespace Fabrikam::Auth;
using Fabrikam::Common::ErrorCode;
using namespace Qt::StringLiterals;

using Params = QMap<QString, QString>;

class TestChallenge : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rfc9470InsufficientUserAuthentication();
    void rfc6750InsufficientScope();
    void severalChallengesInOneField();
    void parse_data();
    void parse();
    void hostileInputIsRefused_data();
    void hostileInputIsRefused();
    void bearer_data();
    void bearer();
    void hostileInputTerminates();
};

void TestChallenge::rfc9470InsufficientUserAuthentication()
{
    const auto bearer = parseBearerChallenge(
        // The RFC 9470 §3 challenge of the brief, byte for byte; split only for line length.
        R"(Bearer error="insufficient_user_authentication", )"
        R"(acr_values="http://schemas.openid.net/pape/policies/2007/06/multi-factor", )"
        R"(max_age=600)");
    QVERIFY(bearer.ok());
    QCOMPARE(bearer.value().error, u"insufficient_user_authentication"_s);
    QCOMPARE(bearer.value().acrValues,
             QStringList{u"http://schemas.openid.net/pape/policies/2007/06/multi-factor"_s});
    QCOMPARE(bearer.value().maxAge, std::optional<qint64>(600));
    QVERIFY(bearer.value().scope.isEmpty());
    QVERIFY(bearer.value().errorDescription.isEmpty());
}

void TestChallenge::rfc6750InsufficientScope()
{
    const auto bearer =
        parseBearerChallenge(R"(Bearer error="insufficient_scope", scope="transfer:funds")");
    QVERIFY(bearer.ok());
    QCOMPARE(bearer.value().error, u"insufficient_scope"_s);
    QCOMPARE(bearer.value().scope, QStringList{u"transfer:funds"_s});
    QVERIFY(bearer.value().acrValues.isEmpty());
    QVERIFY(!bearer.value().maxAge.has_value());
}

void TestChallenge::severalChallengesInOneField()
{
    const auto challenges =
        parseWwwAuthenticate(R"(Basic realm="x", Bearer error="invalid_token")");
    QVERIFY(challenges.ok());
    QCOMPARE(challenges.value().size(), 2);
    QCOMPARE(challenges.value().at(0).scheme, u"Basic"_s);
    QCOMPARE(challenges.value().at(0).params, (Params{{u"realm"_s, u"x"_s}}));
    QCOMPARE(challenges.value().at(1).scheme, u"Bearer"_s);
    QCOMPARE(challenges.value().at(1).params, (Params{{u"error"_s, u"invalid_token"_s}}));
    const auto bearer = bearerChallenge(challenges.value());
    QVERIFY(bearer.ok());
    QCOMPARE(bearer.value().error, u"invalid_token"_s);
}

void TestChallenge::parse_data()
{
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<QStringList>("schemes");
    QTest::addColumn<QList<Params>>("params");
    QTest::addColumn<QStringList>("token68s");

    QTest::newRow("scheme only") << QByteArrayLiteral("Bearer") << QStringList{u"Bearer"_s}
                                 << QList<Params>{{}} << QStringList{QString()};
    QTest::newRow("RFC 6750 realm")
        << QByteArrayLiteral(R"(Bearer realm="example")") << QStringList{u"Bearer"_s}
        << QList<Params>{{{u"realm"_s, u"example"_s}}} << QStringList{QString()};
    QTest::newRow("RFC 6750 §3 example")
        << QByteArrayLiteral(R"(Bearer realm="example", error="invalid_token", )"
                             R"(error_description="The access token expired")")
        << QStringList{u"Bearer"_s}
        << QList<Params>{{{u"realm"_s, u"example"_s},
                          {u"error"_s, u"invalid_token"_s},
                          {u"error_description"_s, u"The access token expired"_s}}}
        << QStringList{QString()};
    QTest::newRow("escapes") << QByteArrayLiteral(R"(Custom title="say \"hi\" \\ bye", x=y)")
                             << QStringList{u"Custom"_s}
                             << QList<Params>{{{u"title"_s, u"say \"hi\" \\ bye"_s},
                                               {u"x"_s, u"y"_s}}}
                             << QStringList{QString()};
    QTest::newRow("escaped ordinary character")
        << QByteArrayLiteral(R"(A b="\a\,")") << QStringList{u"A"_s}
        << QList<Params>{{{u"b"_s, u"a,"_s}}} << QStringList{QString()};
    QTest::newRow("comma inside quotes")
        << QByteArrayLiteral(R"(Bearer scope="a, b", error=x)") << QStringList{u"Bearer"_s}
        << QList<Params>{{{u"scope"_s, u"a, b"_s}, {u"error"_s, u"x"_s}}} << QStringList{QString()};
    QTest::newRow("case-insensitive names")
        << QByteArrayLiteral(R"(bEaReR ERROR="invalid_token", Max_Age=5)")
        << QStringList{u"bEaReR"_s}
        << QList<Params>{{{u"error"_s, u"invalid_token"_s}, {u"max_age"_s, u"5"_s}}}
        << QStringList{QString()};
    QTest::newRow("optional whitespace")
        << QByteArrayLiteral("  Bearer \t error = \"a\" \t,\tscope=b  ,  Basic realm=r  ")
        << QStringList{u"Bearer"_s, u"Basic"_s}
        << QList<Params>{{{u"error"_s, u"a"_s}, {u"scope"_s, u"b"_s}}, {{u"realm"_s, u"r"_s}}}
        << QStringList{QString(), QString()};
    QTest::newRow("empty list elements")
        << QByteArrayLiteral(",, Basic realm=a,,, , Bearer,,")
        << QStringList{u"Basic"_s, u"Bearer"_s} << QList<Params>{{{u"realm"_s, u"a"_s}}, {}}
        << QStringList{QString(), QString()};
    QTest::newRow("token68") << QByteArrayLiteral("Negotiate YII/+abc==")
                             << QStringList{u"Negotiate"_s} << QList<Params>{{}}
                             << QStringList{u"YII/+abc=="_s};
    QTest::newRow("token68 then a challenge")
        << QByteArrayLiteral(R"(NewAuth abc=, Bearer error="x")")
        << QStringList{u"NewAuth"_s, u"Bearer"_s} << QList<Params>{{}, {{u"error"_s, u"x"_s}}}
        << QStringList{u"abc="_s, QString()};
    QTest::newRow("schemes without params")
        << QByteArrayLiteral("Basic, Bearer, Digest")
        << QStringList{u"Basic"_s, u"Bearer"_s, u"Digest"_s} << QList<Params>{{}, {}, {}}
        << QStringList{QString(), QString(), QString()};
    QTest::newRow("same param in two challenges")
        << QByteArrayLiteral(R"(Basic realm="a", Bearer realm="b")")
        << QStringList{u"Basic"_s, u"Bearer"_s}
        << QList<Params>{{{u"realm"_s, u"a"_s}}, {{u"realm"_s, u"b"_s}}}
        << QStringList{QString(), QString()};
    QTest::newRow("empty quoted value")
        << QByteArrayLiteral(R"(A b="")") << QStringList{u"A"_s}
        << QList<Params>{{{u"b"_s, QString()}}} << QStringList{QString()};
    QTest::newRow("UTF-8 in quoted-string")
        << QByteArrayLiteral("A b=\"caf\xc3\xa9\"") << QStringList{u"A"_s}
        << QList<Params>{{{u"b"_s, u"caf\u00e9"_s}}} << QStringList{QString()};
    QTest::newRow("empty field") << QByteArray() << QStringList{} << QList<Params>{}
                                 << QStringList{};
    // Grammatical, if odd: "error=" is a token68, and a bare token after a comma is a new scheme.
    QTest::newRow("name= is a token68")
        << QByteArrayLiteral("Bearer error=") << QStringList{u"Bearer"_s} << QList<Params>{{}}
        << QStringList{u"error="_s};
    QTest::newRow("bare token after a param is a scheme")
        << QByteArrayLiteral(R"(Bearer error="a", scope)") << QStringList{u"Bearer"_s, u"scope"_s}
        << QList<Params>{{{u"error"_s, u"a"_s}}, {}} << QStringList{QString(), QString()};
}

void TestChallenge::parse()
{
    QFETCH(QByteArray, field);
    QFETCH(QStringList, schemes);
    QFETCH(QList<Params>, params);
    QFETCH(QStringList, token68s);
    const auto challenges = parseWwwAuthenticate(field);
    QVERIFY2(challenges.ok(), qPrintable(challenges.ok() ? QString() : challenges.error().detail));
    QCOMPARE(challenges.value().size(), schemes.size());
    for (qsizetype i = 0; i < schemes.size(); ++i) {
        QCOMPARE(challenges.value().at(i).scheme, schemes.at(i));
        QCOMPARE(challenges.value().at(i).params, params.at(i));
        QCOMPARE(challenges.value().at(i).token68, token68s.at(i));
    }
}

void TestChallenge::hostileInputIsRefused_data()
{
    QTest::addColumn<QByteArray>("field");
    QTest::newRow("unterminated quote") << QByteArrayLiteral(R"(Bearer error="invalid_token)");
    QTest::newRow("unterminated after escape") << QByteArrayLiteral(R"(Bearer error="abc\)");
    QTest::newRow("lone quote") << QByteArrayLiteral("Bearer error=\"");
    QTest::newRow("duplicate param") << QByteArrayLiteral(R"(Bearer error="a", error="b")");
    QTest::newRow("duplicate param, different case")
        << QByteArrayLiteral(R"(Bearer error="a", ERROR="b")");
    QTest::newRow("duplicate in the first challenge")
        << QByteArrayLiteral(R"(Basic realm=a, realm=b, Bearer error="x")");
    QTest::newRow("NUL in value") << QByteArray("Bearer error=\"a\0b\"", 18);
    QTest::newRow("NUL in token") << QByteArray("Bearer error=a\0b", 16);
    QTest::newRow("NUL before scheme") << QByteArray("\0Bearer", 7);
    QTest::newRow("CR LF in value") << QByteArrayLiteral("Bearer error=\"a\r\nSet-Cookie: x\"");
    QTest::newRow("DEL in value") << QByteArrayLiteral("Bearer error=\"a\x7f\"");
    QTest::newRow("huge field") << (QByteArrayLiteral("Bearer error=\"") + QByteArray(9000, 'a') +
                                    QByteArrayLiteral("\""));
    QTest::newRow("thousands of commas after a param")
        << (QByteArrayLiteral("Bearer error=a") + QByteArray(8000, ',') + QByteArrayLiteral("="));
    QTest::newRow("missing value before comma") << QByteArrayLiteral("Bearer error=, scope=a");
    QTest::newRow("missing name") << QByteArrayLiteral(R"(Bearer ="x")");
    QTest::newRow("no space after scheme") << QByteArrayLiteral(R"(Bearer"x")");
    QTest::newRow("garbage after value") << QByteArrayLiteral(R"(Bearer error="a" junk)");
    QTest::newRow("two values") << QByteArrayLiteral("Bearer error=a b");
    QTest::newRow("token68 followed by param") << QByteArrayLiteral("Basic abc= realm=x");
    QTest::newRow("starts with equals") << QByteArrayLiteral("=Bearer");
    QTest::newRow("non-token scheme") << QByteArrayLiteral(R"("Bearer" error=a)");
    QTest::newRow("semicolon separator") << QByteArrayLiteral("Bearer error=a; scope=b");
    QTest::newRow("obs-text outside quotes") << QByteArrayLiteral("Bearer error=caf\xc3\xa9");
    QTest::newRow("escape of a control char") << QByteArrayLiteral("Bearer error=\"a\\\x01\"");
}

void TestChallenge::hostileInputIsRefused()
{
    QFETCH(QByteArray, field);
    const auto challenges = parseWwwAuthenticate(field);
    QVERIFY(!challenges.ok());
    QCOMPARE(challenges.error().code, Fabrikam::Auth::Errc::MalformedChallenge);
    const auto bearer = parseBearerChallenge(field);
    QVERIFY(!bearer.ok());
    QCOMPARE(bearer.error().code, Fabrikam::Auth::Errc::MalformedChallenge);
}

void TestChallenge::bearer_data()
{
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QStringList>("scope");
    QTest::addColumn<QStringList>("acrValues");
    QTest::addColumn<qint64>("maxAge"); // -1: absent
    const ErrorCode ok = Fabrikam::Common::Errc::Internal;

    QTest::newRow("bare Bearer") << QByteArrayLiteral("Bearer") << true << ok << QStringList{}
                                 << QStringList{} << qint64(-1);
    QTest::newRow("several scopes")
        << QByteArrayLiteral(
               R"(Bearer error="insufficient_scope", scope="read:accounts transfer:funds")")
        << true << ok << QStringList{u"read:accounts"_s, u"transfer:funds"_s} << QStringList{}
        << qint64(-1);
    QTest::newRow("several acr values, quoted max_age")
        << QByteArrayLiteral(
               R"(Bearer error="insufficient_user_authentication", acr_values="urn:a urn:b", )"
               R"(max_age="0")")
        << true << ok << QStringList{} << QStringList{u"urn:a"_s, u"urn:b"_s} << qint64(0);
    QTest::newRow("lowercase scheme") << QByteArrayLiteral("bearer max_age=30") << true << ok
                                      << QStringList{} << QStringList{} << qint64(30);
    QTest::newRow("Bearer after Basic")
        << QByteArrayLiteral(R"(Basic realm="r", Bearer scope="a")") << true << ok
        << QStringList{u"a"_s} << QStringList{} << qint64(-1);
    QTest::newRow("no Bearer challenge") << QByteArrayLiteral(R"(Basic realm="r")") << false
                                         << ErrorCode(Fabrikam::Auth::Errc::ChallengeMissing)
                                         << QStringList{} << QStringList{} << qint64(-1);
    QTest::newRow("empty field") << QByteArray() << false
                                 << ErrorCode(Fabrikam::Auth::Errc::ChallengeMissing)
                                 << QStringList{} << QStringList{} << qint64(-1);
    QTest::newRow("Bearerish scheme") << QByteArrayLiteral("BearerX error=a") << false
                                      << ErrorCode(Fabrikam::Auth::Errc::ChallengeMissing)
                                      << QStringList{} << QStringList{} << qint64(-1);
    QTest::newRow("negative max_age") << QByteArrayLiteral("Bearer max_age=-1") << false
                                      << ErrorCode(Fabrikam::Auth::Errc::MalformedChallenge)
                                      << QStringList{} << QStringList{} << qint64(-1);
    QTest::newRow("signed max_age") << QByteArrayLiteral("Bearer max_age=+5") << false
                                    << ErrorCode(Fabrikam::Auth::Errc::MalformedChallenge)
                                    << QStringList{} << QStringList{} << qint64(-1);
    QTest::newRow("fractional max_age") << QByteArrayLiteral("Bearer max_age=1.5") << false
                                        << ErrorCode(Fabrikam::Auth::Errc::MalformedChallenge)
                                        << QStringList{} << QStringList{} << qint64(-1);
    QTest::newRow("huge max_age") << QByteArrayLiteral("Bearer max_age=99999999999999999999")
                                  << false << ErrorCode(Fabrikam::Auth::Errc::MalformedChallenge)
                                  << QStringList{} << QStringList{} << qint64(-1);
    QTest::newRow("empty max_age") << QByteArrayLiteral(R"(Bearer max_age="")") << false
                                   << ErrorCode(Fabrikam::Auth::Errc::MalformedChallenge)
                                   << QStringList{} << QStringList{} << qint64(-1);
    QTest::newRow("Bearer error= (token68)") << QByteArrayLiteral("Bearer error=") << false
                                             << ErrorCode(Fabrikam::Auth::Errc::MalformedChallenge)
                                             << QStringList{} << QStringList{} << qint64(-1);
    QTest::newRow("token68 Bearer") << QByteArrayLiteral("Bearer abc==") << false
                                    << ErrorCode(Fabrikam::Auth::Errc::MalformedChallenge)
                                    << QStringList{} << QStringList{} << qint64(-1);
    QTest::newRow("quote in error (escaped)")
        << QByteArrayLiteral(R"(Bearer error="a\"b")") << false
        << ErrorCode(Fabrikam::Auth::Errc::MalformedChallenge) << QStringList{} << QStringList{}
        << qint64(-1);
    QTest::newRow("non-ASCII error_description")
        << QByteArrayLiteral("Bearer error_description=\"caf\xc3\xa9\"") << false
        << ErrorCode(Fabrikam::Auth::Errc::MalformedChallenge) << QStringList{} << QStringList{}
        << qint64(-1);
    QTest::newRow("empty scope") << QByteArrayLiteral(R"(Bearer scope="")") << false
                                 << ErrorCode(Fabrikam::Auth::Errc::MalformedChallenge)
                                 << QStringList{} << QStringList{} << qint64(-1);
    QTest::newRow("empty acr_values") << QByteArrayLiteral(R"(Bearer acr_values=" ")") << false
                                      << ErrorCode(Fabrikam::Auth::Errc::MalformedChallenge)
                                      << QStringList{} << QStringList{} << qint64(-1);
}

void TestChallenge::bearer()
{
    QFETCH(QByteArray, field);
    QFETCH(bool, valid);
    QFETCH(ErrorCode, code);
    QFETCH(QStringList, scope);
    QFETCH(QStringList, acrValues);
    QFETCH(qint64, maxAge);
    const auto bearer = parseBearerChallenge(field);
    QCOMPARE(bearer.ok(), valid);
    if (!valid) {
        QCOMPARE(bearer.error().code, code);
        QVERIFY(!bearer.error().message.isEmpty());
        return;
    }
    QCOMPARE(bearer.value().scope, scope);
    QCOMPARE(bearer.value().acrValues, acrValues);
    QCOMPARE(bearer.value().maxAge.value_or(-1), maxAge);
}

// Field shapes that make naive parsers backtrack or loop. No time is asserted here (timings belong
// in bench/); a parser that hangs is caught by the test's CTest timeout, one that crashes or
// half-parses by the checks below.
void TestChallenge::hostileInputTerminates()
{
    const QList<QByteArray> fields = {
        QByteArray(8 * 1024, ','),
        QByteArrayLiteral("Bearer a=b") + QByteArray(8 * 1024 - 20, ','),
        QByteArrayLiteral("Bearer a=\"") + QByteArray(8 * 1024 - 20, '\\'),
        [] {
            QByteArray many = QByteArrayLiteral("Bearer ");
            for (int i = 0; many.size() < 8000; ++i) {
                many += "p" + QByteArray::number(i) + "=v,";
            }
            return many;
        }(),
        [] {
            QByteArray many;
            while (many.size() < 8000) {
                many += "A, ";
            }
            return many;
        }(),
    };
    for (const QByteArray& field : fields) {
        const auto parsed = parseWwwAuthenticate(field);
        const auto bearer = parseBearerChallenge(field);
        // Either a clean refusal or a complete parse — never a Bearer error from garbage.
        QVERIFY(!bearer.ok() || bearer.value().error.isEmpty());
        Q_UNUSED(parsed);
    }
}

QTEST_GUILESS_MAIN(TestChallenge)
#include "tst_challenge.moc"
