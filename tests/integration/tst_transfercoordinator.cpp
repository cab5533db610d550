// The transfer coordinator against the sandbox: two submissions of the same transfer in flight
// share one browser trip and one POST; a later retry of the same transfer reuses its
// Idempotency-Key and moves no money again. The person in the browser is scripted (alice).
#include "auth/authsession.h"
#include "auth/oidcclient.h"
#include "auth/useragent.h"
#include "bank/fabrikamapiclient.h"
#include "bank/transfercoordinator.h"
#include "common/clock.h"
#include "support/sandboxenv.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Fabrikam;

class TestTransferCoordinator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void twoSubmissionsShareOneTripAndOneTransfer();
    void retryOfTheSameTransferIsReplayed();

private:
    qint64 balanceOf(const QString& accountId);

    QTemporaryDir m_dir;
    QNetworkAccessManager m_network;
    Common::SystemClock m_clock;
    std::unique_ptr<Auth::OidcClient> m_oidc;
    std::unique_ptr<Auth::ExternalBrowser> m_browser;
    std::unique_ptr<Auth::AuthSession> m_session;
    std::unique_ptr<Bank::FabrikamApiClient> m_api;
    std::unique_ptr<Bank::TransferCoordinator> m_transfers;
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
    Auth::SessionSettings settings;
    settings.issuer = Fabrikam::Test::envOr("FABRIKAM_SANDBOX_ISSUER", "http://127.0.0.1:18700");
    settings.clientId = QStringLiteral("fabrikam-desktop");
    settings.audience = QStringLiteral("https://api.fabrikam.example");
    settings.browserTimeout = std::chrono::seconds(90);
    m_session =
        std::make_unique<Auth::AuthSession>(*m_oidc, *m_browser, m_clock, nullptr, settings);
    m_api = std::make_unique<Bank::FabrikamApiClient>(
        m_network, QUrl(Fabrikam::Test::envOr("FABRIKAM_SANDBOX_API", "http://127.0.0.1:18701")));
    m_transfers = std::make_unique<Bank::TransferCoordinator>(*m_session, *m_api);

    bool signedIn = false;
    m_session->signIn(this, [&signedIn](Common::Result<bool> r) {
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().detail));
        signedIn = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(signedIn, 60000);
}

qint64 TestTransferCoordinator::balanceOf(const QString& accountId)
{
    qint64 minor = -1;
    bool done = false;
    m_session->accessToken(this, [&](Common::Result<QByteArray> token) {
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

QTEST_GUILESS_MAIN(TestTransferCoordinator)
#include "tst_transfercoordinator.moc"
