// fabrikam-cli's command line (src/cli/cli.cpp parseOptions): the sandbox profile when nothing is
// said, every profile key as a flag (DESIGN.md section 4), a saved profile by name with flags on
// top, and usage errors for what cannot be right. No network, no keychain.
#include "cli/cli.h"
#include "client/profile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using Fabrikam::Cli::Options;
using Fabrikam::Client::Profile;
using namespace Qt::StringLiterals;

namespace {

Fabrikam::Common::Result<Options> parse(QStringList arguments)
{
    QString help;
    arguments.prepend(u"fabrikam-cli"_s);
    return Fabrikam::Cli::parseOptions(arguments, &help);
}

} // namespace

class TestCliOptions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void nothingSaidIsTheSandbox();
    void everyProfileKeyIsAFlag();
    void savedProfileWithFlagsOnTop();
    void helpAndVersion();
    void usageErrors_data();
    void usageErrors();
};

void TestCliOptions::nothingSaidIsTheSandbox()
{
    const auto parsed = parse({u"accounts"_s});
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().message));
    const Options& o = parsed.value();
    QCOMPARE(o.command, u"accounts"_s);
    QCOMPARE(o.profile.toJson(), Profile::sandbox().toJson());
    QCOMPARE(o.profile.auth.issuer, u"http://127.0.0.1:8700"_s);
    QCOMPARE(o.profile.apiBaseUrl, QUrl(u"http://127.0.0.1:8701"_s));
    QCOMPARE(o.browserTimeout, std::chrono::milliseconds(std::chrono::minutes(5)));
    QVERIFY(!o.json);
    QVERIFY(o.tracePath.isEmpty());
}

void TestCliOptions::everyProfileKeyIsAFlag()
{
    const auto parsed = parse({u"login"_s,
                               u"--issuer"_s,
                               u"https://fabrikam.eu.auth0.com/"_s,
                               u"--client-id"_s,
                               u"AbC123"_s,
                               u"--audience"_s,
                               u"https://api.fabrikam.example"_s,
                               u"--resource"_s,
                               u"https://api.fabrikam.example/"_s,
                               u"--api-base-url"_s,
                               u"https://api.fabrikam.example"_s,
                               u"--base-scopes"_s,
                               u"openid offline_access read:accounts"_s,
                               u"--step-up-scope"_s,
                               u"transfer:funds"_s,
                               u"--mfa-acr"_s,
                               u"urn:fabrikam:mfa"_s,
                               u"--sensitive-max-age"_s,
                               u"300"_s,
                               u"--redirect-port"_s,
                               u"53682"_s,
                               u"--timeout"_s,
                               u"42"_s,
                               u"--json"_s,
                               u"--trace"_s,
                               u"/tmp/fabrikam.trace.jsonl"_s});
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().message));
    const Options& o = parsed.value();
    QCOMPARE(o.profile.auth.issuer, u"https://fabrikam.eu.auth0.com/"_s);
    QCOMPARE(o.profile.auth.clientId, u"AbC123"_s);
    QCOMPARE(o.profile.auth.audience, u"https://api.fabrikam.example"_s);
    QCOMPARE(o.profile.auth.resource, u"https://api.fabrikam.example/"_s);
    QCOMPARE(o.profile.apiBaseUrl, QUrl(u"https://api.fabrikam.example"_s));
    QCOMPARE(o.profile.auth.baseScopes,
             (QStringList{u"openid"_s, u"offline_access"_s, u"read:accounts"_s}));
    QCOMPARE(o.profile.auth.stepUpScope, u"transfer:funds"_s);
    QCOMPARE(o.profile.auth.mfaAcr, u"urn:fabrikam:mfa"_s);
    QCOMPARE(o.profile.auth.sensitiveMaxAge, 300);
    QCOMPARE(o.profile.auth.redirectPort, quint16(53682));
    QCOMPARE(o.browserTimeout, std::chrono::milliseconds(42000));
    QCOMPARE(o.profile.auth.browserTimeout, std::chrono::milliseconds(42000));
    QVERIFY(o.json);
    QCOMPARE(o.tracePath, u"/tmp/fabrikam.trace.jsonl"_s);
}

void TestCliOptions::savedProfileWithFlagsOnTop()
{
    QDir().mkpath(Profile::directory());
    QFile file(Profile::directory() + u"/tenant.json"_s);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"issuer": "https://tenant.example/", "client_id": "desk",
                   "api_base_url": "https://api.tenant.example", "redirect_port": 53682})");
    file.close();
    const auto parsed =
        parse({u"whoami"_s, u"--profile"_s, u"tenant"_s, u"--client-id"_s, u"other"_s});
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().message));
    QCOMPARE(parsed.value().profile.name, u"tenant"_s);
    QCOMPARE(parsed.value().profile.auth.issuer, u"https://tenant.example/"_s);
    QCOMPARE(parsed.value().profile.auth.redirectPort, quint16(53682));
    QCOMPARE(parsed.value().profile.auth.clientId, u"other"_s); // the flag wins
}

void TestCliOptions::helpAndVersion()
{
    QString help;
    const auto parsed = Fabrikam::Cli::parseOptions({u"fabrikam-cli"_s, u"--help"_s}, &help);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.value().command, u"help"_s);
    for (const char* word : {"login", "transfer", "statements", "--redirect-port", "Exit codes"}) {
        QVERIFY2(help.contains(QLatin1String(word)), word);
    }
    QCOMPARE(parse({u"-v"_s}).value().command, u"version"_s);
}

void TestCliOptions::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("words");
    QTest::newRow("no command") << QStringList{} << u"Name a command"_s;
    QTest::newRow("two commands") << QStringList{u"login"_s, u"logout"_s} << u"One command"_s;
    QTest::newRow("unknown command") << QStringList{u"pay"_s} << u"Unknown command \"pay\""_s;
    QTest::newRow("unknown option") << QStringList{u"login"_s, u"--colour"_s} << u"colour"_s;
    QTest::newRow("timeout 0") << QStringList{u"login"_s, u"--timeout"_s, u"0"_s} << u"--timeout"_s;
    QTest::newRow("transfer without amount")
        << QStringList{u"transfer"_s, u"--from"_s, u"a"_s, u"--to"_s, u"b"_s} << u"--amount"_s;
    QTest::newRow("statements without account") << QStringList{u"statements"_s} << u"--account"_s;
    QTest::newRow("port out of range")
        << QStringList{u"login"_s, u"--redirect-port"_s, u"70000"_s} << u"port"_s;
    QTest::newRow("plain-http issuer")
        << QStringList{u"login"_s, u"--issuer"_s, u"http://tenant.example/"_s} << u"https"_s;
    QTest::newRow("unknown saved profile")
        << QStringList{u"login"_s, u"--profile"_s, u"nobody"_s} << u"nobody"_s;
}

void TestCliOptions::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, words);
    const auto parsed = parse(arguments);
    QVERIFY(!parsed.ok());
    QVERIFY2(parsed.error().message.contains(words, Qt::CaseInsensitive),
             qPrintable(parsed.error().message));
}

int main(int argc, char** argv)
{
    // Saved profiles in a folder of this run's own, before anything asks QStandardPaths.
    QTemporaryDir config;
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(config.path()));
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(u"Fabrikam"_s);
    QCoreApplication::setApplicationName(u"Fabrikam Desktop"_s);
    TestCliOptions test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_clioptions.moc"
