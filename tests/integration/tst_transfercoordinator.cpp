// The transfer coordinator against the sandbox: two submissions of the same transfer in flight
// share one browser trip and one POST; a later retry of the same transfer reuses its
// Idempotency-Key and moves no money again; the API's challenge after the step-up leads to one
// step-up with its parameters and one retry, and a second challenge is reported. The person in
// the browser is scripted (alice; walter for the challenge).
#include "auth/authsession.h"
#include "auth/oidcclient.h"
#include "auth/useragent.h"
#include "bank/errors.h"
#include "bank/fabrikamapiclient.h"
#include "client/transfercoordinator.h"
#include "common/clock.h"
#include "support/sandboxadmin.h"
#include "support/sandboxenv.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace Fabrikam;
using namespace Qt::StringLiterals;

class TestTransferCoordinator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void prepareSaysWhatIsWrong_data();
    void prepareSaysWhatIsWrong();
    void twoSubmissionsShareOneTripAndOneTransfer();
    void retryOfTheSameTransferIsReplayed();
    void challengeAfterStepUpIsAnsweredOnceThenReported();

private:
    qint64 balanceOf(const QString& accountId);
    qint64 balanceOf(Auth::AuthSession& session, const QString& accountId);
    void scenarios(const QByteArray& method, const QJsonObject& body = {});
    [[nodiscard]] Auth::SessionSettings settings() const;

    QTemporaryDir m_dir;
    QNetworkAccessManager m_network;
    Common::SystemClock m_clock;
    std::unique_ptr<Auth::OidcClient> m_oidc;
    std::unique_ptr<Auth::ExternalBrowser> m_browser;
    std::unique_ptr<Auth::AuthSession> m_session;
    std::unique_ptr<Bank::FabrikamApiClient> m_api;
    std::unique_ptr<Client::TransferCoordinator> m_transfers;
    std::optional<Bank::TransferRequest> m_lastRequest;
};

void TestTransferCoordinator::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert(QStringLiteral("BROWSER"), QStringLiteral(FABRIKAM_SCRIPTED_BROWSER));
    e.insert(QStringLiteral("FABRIKAM_PERSON_USER"), QStringLiteral("alice"));
    e.insert(QStringLiteral("FABRIKAM_PERSON_PROFILE"), m_dir.filePath(QStringLiteral("browser")));
    e.insert(QStringLiteral("FABRIKAM_SANDBOX_ADMIN"),
             Fabrikam::Test::envOr("FABRIKAM_SANDBOX_ADMIN", "http://127.0.0.1:18702"));
    m_browser = std::make_unique<Auth::ExternalBrowser>(e);
    m_oidc = std::make_unique<Auth::OidcClient>(m_network);
    m_session =
        std::make_unique<Auth::AuthSession>(*m_oidc, *m_browser, m_clock, nullptr, settings());
    m_api = std::make_unique<Bank::FabrikamApiClient>(
        m_network, QUrl(Fabrikam::Test::envOr("FABRIKAM_SANDBOX_API", "http://127.0.0.1:18701")));
    m_transfers = std::make_unique<Client::TransferCoordinator>(*m_session, *m_api);

    bool signedIn = false;
    m_session->signIn(this, [&signedIn](Common::Result<bool> r) {
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().detail));
        signedIn = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(signedIn, 60000);
}

void TestTransferCoordinator::cleanup()
{
    scenarios("DELETE"); // no test leaves a switch on for the next
}

Auth::SessionSettings TestTransferCoordinator::settings() const
{
    Auth::SessionSettings settings;
    settings.issuer = Fabrikam::Test::envOr("FABRIKAM_SANDBOX_ISSUER", "http://127.0.0.1:18700");
    settings.clientId = QStringLiteral("fabrikam-desktop");
    settings.audience = QStringLiteral("https://api.fabrikam.example");
    settings.browserTimeout = std::chrono::seconds(90);
    return settings;
}

void TestTransferCoordinator::scenarios(const QByteArray& method, const QJsonObject& body)
{
    QCOMPARE(Fabrikam::Test::sandboxAdmin(
                 m_network,
                 Fabrikam::Test::envOr("FABRIKAM_SANDBOX_ADMIN", "http://127.0.0.1:18702"), method,
                 QStringLiteral("/scenarios"), body),
             200);
}

qint64 TestTransferCoordinator::balanceOf(const QString& accountId)
{
    return balanceOf(*m_session, accountId);
}

qint64 TestTransferCoordinator::balanceOf(Auth::AuthSession& session, const QString& accountId)
{
    qint64 minor = -1;
    bool done = false;
    session.accessToken(this, [&](Common::Result<QByteArray> token) {
        if (!token.ok()) {
            done = true;
            return;
        }
        m_api->accounts(token.value(), this, [&](Bank::ApiResult<QList<Bank::Account>> accounts) {
            if (accounts.ok()) {
                for (const auto& a : accounts.value()) {
                    if (a.id == accountId) {
                        minor = a.balance.minorUnits();
                    }
                }
            }
            done = true;
        });
    });
    [&] { QTRY_VERIFY_WITH_TIMEOUT(done, 20000); }();
    return minor;
}

void TestTransferCoordinator::prepareSaysWhatIsWrong_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("amount");
    QTest::addColumn<QString>("currency");
    QTest::addColumn<QString>("said"); // empty: prepared, in the currency `currency` names

    QTest::newRow("source currency")
        << u"acc-alice-chk"_s << u" 12.50 "_s << QString() << QString();
    QTest::newRow("currency given") << u"acc-alice-chk"_s << u"1.00"_s << u"USD"_s << QString();
    QTest::newRow("not yours") << u"acc-bob-chk"_s << u"1.00"_s << QString()
                               << u"You have no account \"acc-bob-chk\" to send from. Yours "
                                  "are: acc-alice-chk, acc-alice-sav."_s;
    QTest::newRow("no amount") << u"acc-alice-chk"_s << u"  "_s << QString()
                               << u"Enter the amount to transfer."_s;
    QTest::newRow("a comma")
        << u"acc-alice-chk"_s << u"12,50"_s << QString()
        << u"Enter the amount as digits with at most two decimals, e.g. 12.50."_s;
    QTest::newRow("a float")
        << u"acc-alice-chk"_s << u"1e3"_s << QString()
        << u"Enter the amount as digits with at most two decimals, e.g. 12.50."_s;
    QTest::newRow("zero") << u"acc-alice-chk"_s << u"0.00"_s << QString()
                          << u"Enter an amount greater than zero."_s;
}

// Either front end's typed intent becomes a request, or one sentence a person can act on; nothing
// is noted or sent either way.
void TestTransferCoordinator::prepareSaysWhatIsWrong()
{
    QFETCH(QString, from);
    QFETCH(QString, amount);
    QFETCH(QString, currency);
    QFETCH(QString, said);
    const QList<Bank::Account> accounts{
        {u"acc-alice-chk"_s, u"Checking"_s, {}, Bank::Money::parse(u"1.00"_s, u"EUR"_s).value()},
        {u"acc-alice-sav"_s, u"Savings"_s, {}, Bank::Money::parse(u"1.00"_s, u"EUR"_s).value()}};
    const auto prepared =
        m_transfers->prepare({from, u"acc-alice-sav"_s, amount, currency, u" memo "_s}, accounts);
    if (!said.isEmpty()) {
        QVERIFY(!prepared.ok());
        QCOMPARE(prepared.error().code, Common::ErrorCode(Common::Errc::InvalidInput));
        QCOMPARE(prepared.error().message, said);
        return;
    }
    QVERIFY2(prepared.ok(), qPrintable(prepared.ok() ? QString() : prepared.error().message));
    const Bank::TransferRequest& request = prepared.value().request;
    QCOMPARE(request.amount().currency(), currency.isEmpty() ? u"EUR"_s : currency);
    QCOMPARE(request.amount().toDecimalString(), amount.trimmed());
    QCOMPARE(request.memo(), u"memo"_s);
    QVERIFY(!prepared.value().resumed); // no journal here
    QVERIFY(prepared.value().needsStepUp);
    QCOMPARE(m_transfers->pending(), 0);
}

void TestTransferCoordinator::twoSubmissionsShareOneTripAndOneTransfer()
{
    const QString from = QStringLiteral("acc-alice-chk");
    const QString to = QStringLiteral("acc-alice-sav");
    const qint64 fromBefore = balanceOf(from);
    const qint64 toBefore = balanceOf(to);
    QVERIFY(fromBefore >= 0 && toBefore >= 0);

    auto amount = Bank::Money::parse(u"3.21", QStringLiteral("EUR"));
    QVERIFY(amount.ok());
    auto request =
        Bank::TransferRequest::create(from, to, amount.value(), QStringLiteral("double click"));
    QVERIFY(request.ok());
    m_lastRequest = request.value();

    QSignalSpy trips(m_session.get(), &Auth::AuthSession::urlReady);
    QList<Bank::ApiResult<Bank::TransferReceipt>> results;
    const auto collect = [&results](Bank::ApiResult<Bank::TransferReceipt> r) {
        results.append(r);
    };
    m_transfers->submit(request.value(), this, collect);
    m_transfers->submit(request.value(), this, collect); // the second click, same transfer
    QCOMPARE(m_transfers->pending(), 1);

    QTRY_COMPARE_WITH_TIMEOUT(results.size(), 2, 90000);
    QCOMPARE(trips.size(), 1); // one browser trip
    QVERIFY(results[0].ok());
    QVERIFY(results[1].ok());
    QCOMPARE(results[0].value().transfer.id, results[1].value().transfer.id);
    QCOMPARE(balanceOf(from), fromBefore - 321); // one transfer
    QCOMPARE(balanceOf(to), toBefore + 321);
}

void TestTransferCoordinator::retryOfTheSameTransferIsReplayed()
{
    QVERIFY(m_lastRequest);
    const qint64 fromBefore = balanceOf(m_lastRequest->from());
    bool done = false;
    m_transfers->submit(*m_lastRequest, this, [&](Bank::ApiResult<Bank::TransferReceipt> r) {
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
        QVERIFY(r.value().replayed); // the API recognised the key: the first result, no money moved
        done = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done, 90000);
    QCOMPARE(balanceOf(m_lastRequest->from()), fromBefore);
}

// RFC 9470 §3 / DESIGN.md "Challenge-driven step-up": the API demands an MFA no older than 0 s
// and answers slowly (1.5 s), so every MFA is too old when the POST arrives. The first step-up
// (transfer:funds) is refused with insufficient_user_authentication, acr_values, max_age=0; the
// retry's step-up carries exactly those; its token is refused too, and that is reported, not
// looped: two browser trips, no money moved. walter: two MFAs.
void TestTransferCoordinator::challengeAfterStepUpIsAnsweredOnceThenReported()
{
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert(QStringLiteral("BROWSER"), QStringLiteral(FABRIKAM_SCRIPTED_BROWSER));
    e.insert(QStringLiteral("FABRIKAM_PERSON_USER"), QStringLiteral("walter"));
    e.insert(QStringLiteral("FABRIKAM_PERSON_PROFILE"),
             m_dir.filePath(QStringLiteral("browser-walter")));
    e.insert(QStringLiteral("FABRIKAM_SANDBOX_ADMIN"),
             Fabrikam::Test::envOr("FABRIKAM_SANDBOX_ADMIN", "http://127.0.0.1:18702"));
    Auth::ExternalBrowser browser(e);
    Auth::AuthSession session(*m_oidc, browser, m_clock, nullptr, settings());
    Client::TransferCoordinator transfers(session, *m_api);

    std::optional<Common::Result<bool>> signedIn;
    session.signIn(this, [&signedIn](Common::Result<bool> r) { signedIn.emplace(std::move(r)); });
    QTRY_VERIFY_WITH_TIMEOUT(signedIn.has_value(), 60000);
    QVERIFY2(signedIn->ok(), qPrintable(signedIn->ok() ? QString() : signedIn->error().detail));
    const QString from = QStringLiteral("acc-walter-chk");
    const QString to = QStringLiteral("acc-walter-sav");
    const qint64 fromBefore = balanceOf(session, from);
    const qint64 toBefore = balanceOf(session, to);
    QVERIFY(fromBefore >= 0 && toBefore >= 0);

    scenarios("PATCH", {{QStringLiteral("api-max-age"), 0}, {QStringLiteral("api-slow-ms"), 1500}});
    if (QTest::currentTestFailed()) {
        return;
    }
    auto amount = Bank::Money::parse(u"4.56", QStringLiteral("EUR"));
    QVERIFY(amount.ok());
    auto request =
        Bank::TransferRequest::create(from, to, amount.value(), QStringLiteral("challenged twice"));
    QVERIFY(request.ok());

    QSignalSpy trips(&session, &Auth::AuthSession::urlReady);
    QList<Bank::ApiResult<Bank::TransferReceipt>> results;
    transfers.submit(request.value(), this,
                     [&results](Bank::ApiResult<Bank::TransferReceipt> r) { results.append(r); });
    QTRY_COMPARE_WITH_TIMEOUT(results.size(), 1, 150000);
    QTest::qWait(1000); // a looping coordinator would be on its third trip by now
    QCOMPARE(results.size(), 1);
    QCOMPARE(trips.size(), 2);
    QCOMPARE(transfers.pending(), 0);

    QVERIFY2(!results[0].ok(), "the second challenge was not reported");
    const Bank::ApiError& error = results[0].error();
    QCOMPARE(error.code, Bank::Errc::InsufficientUserAuthentication);
    QCOMPARE(error.httpStatus, 401);
    QVERIFY(error.challenge);
    QCOMPARE(error.challenge->maxAge, std::optional<qint64>(0));

    // The first step-up is the fixed one; the retry's carries the challenge's acr_values and
    // max_age, and still transfer:funds without offline_access.
    const QUrlQuery first(trips.at(0).at(0).toUrl());
    const QUrlQuery retry(trips.at(1).at(0).toUrl());
    QVERIFY(!first.hasQueryItem(QStringLiteral("max_age")));
    QVERIFY(!first.hasQueryItem(QStringLiteral("acr_values")));
    QCOMPARE(retry.queryItemValue(QStringLiteral("max_age")), QStringLiteral("0"));
    QCOMPARE(retry.queryItemValue(QStringLiteral("acr_values"), QUrl::FullyDecoded),
             session.settings().mfaAcr);
    const QStringList scope =
        retry.queryItemValue(QStringLiteral("scope"), QUrl::FullyDecoded).split(u' ');
    QVERIFY(scope.contains(QStringLiteral("transfer:funds")));
    QVERIFY(!scope.contains(QStringLiteral("offline_access")));

    scenarios("DELETE");
    QCOMPARE(balanceOf(session, from), fromBefore); // no money moved
    QCOMPARE(balanceOf(session, to), toBefore);
}

QTEST_GUILESS_MAIN(TestTransferCoordinator)
#include "tst_transfercoordinator.moc"
