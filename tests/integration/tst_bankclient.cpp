// FabrikamApiClient against the REAL sandbox API (the CTest fixture "sandbox"), with real tokens
// from the sandbox's OpenID Provider: sandbox/test/support/get-tokens.js signs in as a scripted
// person (PKCE, loopback redirect, TOTP) and prints them. No fakes.
//
// Tokens used (one sign-in, three TOTP codes):
//   base       read:accounts, password only   accounts, transfers, the two challenges
//   mfa        read:accounts + MFA            statements
//   elevated0  transfer:funds + MFA           one real transfer, then its replay ("already used")
//   elevated1  transfer:funds + MFA           an insufficient-funds refusal
#include "bank/errors.h"
#include "bank/fabrikamapiclient.h"
#include "bank/money.h"
#include "bank/transfer.h"
#include "support/sandboxadmin.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <memory>
#include <optional>

using namespace Fabrikam::Bank;
using Fabrikam::Common::ErrorCode;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

const QString kMfaAcr = u"http://schemas.openid.net/pape/policies/2007/06/multi-factor"_s;
// One of the sandbox users kept for automated tests (sandbox/README.md): no other test competes
// for their one-time codes or moves their money. FABRIKAM_BANKCLIENT_USER overrides it.
const QString kDefaultUser = u"erin"_s;
constexpr int kAsyncTimeoutMs = 20000;

// What a callback delivered, and how often (the convention says: exactly once).
template <class T> struct Outcome
{
    std::optional<ApiResult<T>> result;
    int calls = 0;
};

template <class T> auto capture(const std::shared_ptr<Outcome<T>>& outcome)
{
    return [outcome](ApiResult<T> result) {
        ++outcome->calls;
        outcome->result.emplace(std::move(result));
    };
}

QString env(const char* name)
{
    return QProcessEnvironment::systemEnvironment().value(QString::fromLatin1(name));
}

QString describe(const ApiError& error)
{
    return Fabrikam::Common::errorCodeName(error.code) + u": "_s + error.message + u" ["_s +
           error.detail + u']';
}

} // namespace

class TestBankClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void cleanup();

    void accounts();
    void transfersHistory();
    void earlyErrorsAreAsynchronous();
    void deadContextIsNotCalled();
    void transferWithBaseTokenNeedsScope();
    void statementsWithBaseTokenNeedMfa();
    void statementsWithMfaToken();
    void transferMovesExactlyTheAmount();
    void elevatedTokenIsSingleUse();
    void insufficientFundsIsRejectedInTheApiWords();
    void failingApiIsUnavailable();
    void slowApiTimesOut();
    void dripFeedingApiTimesOut();

private:
    QList<Account> fetchAccounts();
    void setScenario(const QJsonObject& values);
    void resetScenarios();
    [[nodiscard]] Money balanceOf(const QList<Account>& accounts, const QString& id) const;

    QNetworkAccessManager m_network;
    std::unique_ptr<FabrikamApiClient> m_client;
    QUrl m_admin;
    QByteArray m_base;
    QByteArray m_mfa;
    QList<QByteArray> m_elevated;
    QString m_user;
    QString m_checking;
    QString m_savings;
    std::optional<TransferRequest> m_doneTransfer;
    bool m_scenarioChanged = false;
};

void TestBankClient::initTestCase()
{
    const QString issuer = env("FABRIKAM_SANDBOX_ISSUER");
    const QString api = env("FABRIKAM_SANDBOX_API");
    const QString admin = env("FABRIKAM_SANDBOX_ADMIN");
    if (issuer.isEmpty() || api.isEmpty() || admin.isEmpty()) {
        QSKIP(
            "FABRIKAM_SANDBOX_ISSUER/_API/_ADMIN are not set: run through CTest (sandbox fixture)");
    }
    m_admin = QUrl(admin);
    m_client = std::make_unique<FabrikamApiClient>(m_network, QUrl(api));
    m_user = env("FABRIKAM_BANKCLIENT_USER");
    if (m_user.isEmpty()) {
        m_user = kDefaultUser;
    }
    resetScenarios(); // no switch inherited from another test

    // Real tokens. Up to ~35 s: three TOTP codes, at most two per 30 s window (the third may
    // wait for the next window); bounded by the timeout below.
    QProcess tokens;
    tokens.setProgram(QStringLiteral(FABRIKAM_NODE_EXECUTABLE));
    tokens.setArguments({QStringLiteral(FABRIKAM_GET_TOKENS_SCRIPT), u"--issuer"_s, issuer,
                         u"--admin"_s, admin, u"--user"_s, m_user, u"--step-up"_s, u"transfer"_s,
                         u"--step-up"_s, u"transfer"_s, u"--step-up"_s, u"mfa"_s});
    tokens.start();
    QVERIFY2(tokens.waitForStarted(10000), qPrintable(tokens.errorString()));
    if (!tokens.waitForFinished(150000)) {
        tokens.kill();
        tokens.waitForFinished(5000);
        QFAIL("get-tokens.js did not finish within 150 s");
    }
    const QByteArray diagnostics = tokens.readAllStandardError(); // never holds a token
    QVERIFY2(tokens.exitStatus() == QProcess::NormalExit && tokens.exitCode() == 0,
             diagnostics.constData());
    const QJsonObject out = QJsonDocument::fromJson(tokens.readAllStandardOutput()).object();
    m_base = out.value(u"access_token"_s).toString().toLatin1();
    m_mfa = out.value(u"mfa_access_token"_s).toString().toLatin1();
    const QJsonArray elevated = out.value(u"elevated_access_tokens"_s).toArray();
    for (const QJsonValue& token : elevated) {
        m_elevated.append(token.toString().toLatin1());
    }
    QVERIFY(!m_base.isEmpty());
    QVERIFY(!m_mfa.isEmpty());
    QCOMPARE(m_elevated.size(), 2);

    const QList<Account> accounts = fetchAccounts();
    QVERIFY(!QTest::currentTestFailed());
    for (const Account& account : accounts) {
        if (account.balance.currency() != u"EUR") {
            continue;
        }
        if (m_checking.isEmpty()) {
            m_checking = account.id;
        } else if (m_savings.isEmpty()) {
            m_savings = account.id;
        }
    }
    QVERIFY2(!m_savings.isEmpty(), "the test user needs two EUR accounts");
}

void TestBankClient::cleanupTestCase()
{
    if (m_scenarioChanged) {
        resetScenarios();
    }
    m_base.fill('\0');
    m_mfa.fill('\0');
    for (QByteArray& token : m_elevated) {
        token.fill('\0');
    }
}

void TestBankClient::cleanup()
{
    if (m_scenarioChanged) {
        resetScenarios();
    }
    m_client->setTransferTimeout(FabrikamApiClient::kDefaultTimeout);
}

QList<Account> TestBankClient::fetchAccounts()
{
    auto outcome = std::make_shared<Outcome<QList<Account>>>();
    m_client->accounts(m_base, this, capture(outcome));
    [&] { QTRY_VERIFY_WITH_TIMEOUT(outcome->result.has_value(), kAsyncTimeoutMs); }();
    if (!outcome->result) {
        return {};
    }
    const auto& result = *outcome->result;
    [&] {
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : describe(result.error())));
    }();
    return result.ok() ? result.value() : QList<Account>{};
}

Money TestBankClient::balanceOf(const QList<Account>& accounts, const QString& id) const
{
    for (const Account& account : accounts) {
        if (account.id == id) {
            return account.balance;
        }
    }
    return {};
}

void TestBankClient::setScenario(const QJsonObject& values)
{
    m_scenarioChanged = true;
    QCOMPARE(Fabrikam::Test::sandboxAdmin(m_network, m_admin.toString(QUrl::StripTrailingSlash),
                                          "PATCH", u"/scenarios"_s, values),
             200);
}

void TestBankClient::resetScenarios()
{
    QCOMPARE(Fabrikam::Test::sandboxAdmin(m_network, m_admin.toString(QUrl::StripTrailingSlash),
                                          "DELETE", u"/scenarios"_s),
             200);
    m_scenarioChanged = false;
}

void TestBankClient::accounts()
{
    const QList<Account> accounts = fetchAccounts();
    QVERIFY(accounts.size() >= 2);
    for (const Account& account : accounts) {
        QVERIFY(isValidAccountId(account.id));
        QVERIFY(!account.name.isEmpty());
        QVERIFY2(account.maskedNumber.contains(u"••••"_s), qPrintable(account.maskedNumber));
        QVERIFY(account.balance.isValid());
        QVERIFY(!account.balance.isNegative());
        // The decimal string the API sent, back exactly as sent ("3000.00").
        QVERIFY(account.balance.toDecimalString().contains(u'.'));
    }
}

void TestBankClient::transfersHistory()
{
    auto outcome = std::make_shared<Outcome<QList<Transfer>>>();
    m_client->transfers(m_base, this, capture(outcome));
    QTRY_VERIFY_WITH_TIMEOUT(outcome->result.has_value(), kAsyncTimeoutMs);
    QCOMPARE(outcome->calls, 1);
    QVERIFY2(outcome->result->ok(),
             qPrintable(outcome->result->ok() ? QString() : describe(outcome->result->error())));
    for (const Transfer& transfer : outcome->result->value()) {
        QVERIFY(transfer.amount.isPositive());
        QVERIFY(transfer.createdAt.isValid());
        QVERIFY(!transfer.direction.isEmpty());
    }
}

void TestBankClient::earlyErrorsAreAsynchronous()
{
    auto outcome = std::make_shared<Outcome<Statement>>();
    m_client->statements(m_mfa, u"../transfers"_s, this, capture(outcome));
    QCOMPARE(outcome->calls, 0); // never before the call returns
    QTRY_VERIFY_WITH_TIMEOUT(outcome->result.has_value(), kAsyncTimeoutMs);
    QCOMPARE(outcome->result->error().code, Fabrikam::Common::Errc::InvalidInput);

    auto noToken = std::make_shared<Outcome<QList<Account>>>();
    m_client->accounts(QByteArray("bad token\r\nX-Injected: 1"), this, capture(noToken));
    QCOMPARE(noToken->calls, 0);
    QTRY_VERIFY_WITH_TIMEOUT(noToken->result.has_value(), kAsyncTimeoutMs);
    QCOMPARE(noToken->result->error().code, Fabrikam::Common::Errc::InvalidInput);
    QCOMPARE(noToken->calls, 1);
}

void TestBankClient::deadContextIsNotCalled()
{
    auto outcome = std::make_shared<Outcome<QList<Account>>>();
    auto context = std::make_unique<QObject>();
    m_client->accounts(m_base, context.get(), capture(outcome));
    context.reset();
    // A second request on a living context finishes after the first one would have.
    auto witness = std::make_shared<Outcome<QList<Account>>>();
    m_client->accounts(m_base, this, capture(witness));
    QTRY_VERIFY_WITH_TIMEOUT(witness->result.has_value(), kAsyncTimeoutMs);
    QTest::qWait(200);
    QCOMPARE(outcome->calls, 0);
}

void TestBankClient::transferWithBaseTokenNeedsScope()
{
    const auto request = TransferRequest::create(
        m_checking, m_savings, Money::parse(u"1.00", u"EUR"_s).value(), u"scope check"_s);
    QVERIFY(request.ok());
    auto outcome = std::make_shared<Outcome<TransferReceipt>>();
    m_client->submitTransfer(m_base, request.value(), this, capture(outcome));
    QTRY_VERIFY_WITH_TIMEOUT(outcome->result.has_value(), kAsyncTimeoutMs);
    QVERIFY(!outcome->result->ok());
    const ApiError& error = outcome->result->error();
    QCOMPARE(error.code, Fabrikam::Bank::Errc::InsufficientScope);
    QCOMPARE(error.httpStatus, 403);
    QVERIFY(error.needsStepUp());
    QVERIFY(error.challenge.has_value());
    QCOMPARE(error.challenge->scope, QStringList{u"transfer:funds"_s}); // RFC 6750 §3.1
    QVERIFY(!error.outcomeUnknown);
    QVERIFY(!m_base.isEmpty()); // the caller's copy: only the client's own copy is wiped
}

void TestBankClient::statementsWithBaseTokenNeedMfa()
{
    auto outcome = std::make_shared<Outcome<Statement>>();
    m_client->statements(m_base, m_checking, this, capture(outcome));
    QTRY_VERIFY_WITH_TIMEOUT(outcome->result.has_value(), kAsyncTimeoutMs);
    QVERIFY(!outcome->result->ok());
    const ApiError& error = outcome->result->error();
    QCOMPARE(error.code, Fabrikam::Bank::Errc::InsufficientUserAuthentication);
    QCOMPARE(error.httpStatus, 401);
    QVERIFY(error.challenge.has_value());
    QCOMPARE(error.challenge->acrValues, QStringList{kMfaAcr}); // RFC 9470 §3
    QCOMPARE(error.challenge->maxAge, std::optional<qint64>(600));
}

void TestBankClient::statementsWithMfaToken()
{
    auto outcome = std::make_shared<Outcome<Statement>>();
    m_client->statements(m_mfa, m_checking, this, capture(outcome));
    QTRY_VERIFY_WITH_TIMEOUT(outcome->result.has_value(), kAsyncTimeoutMs);
    QVERIFY2(outcome->result->ok(),
             qPrintable(outcome->result->ok() ? QString() : describe(outcome->result->error())));
    const Statement& statement = outcome->result->value();
    QCOMPARE(statement.account.id, m_checking);
    QVERIFY(!statement.lines.isEmpty());
    // Newest first; the newest line's running balance is the account's balance.
    QCOMPARE(statement.lines.constFirst().balance, statement.account.balance);
}

void TestBankClient::transferMovesExactlyTheAmount()
{
    const QList<Account> before = fetchAccounts();
    const Money amount = Money::parse(u"12.34", u"EUR"_s).value();
    const auto request = TransferRequest::create(m_checking, m_savings, amount, u"Rent share"_s);
    QVERIFY(request.ok());

    auto outcome = std::make_shared<Outcome<TransferReceipt>>();
    QByteArray elevated = m_elevated.at(0); // the test keeps its own copy for the replay below
    m_client->submitTransfer(std::move(elevated), request.value(), this, capture(outcome));
    QTRY_VERIFY_WITH_TIMEOUT(outcome->result.has_value(), kAsyncTimeoutMs);
    QVERIFY2(outcome->result->ok(),
             qPrintable(outcome->result->ok() ? QString() : describe(outcome->result->error())));
    const TransferReceipt& receipt = outcome->result->value();
    QVERIFY(!receipt.replayed);
    QCOMPARE(receipt.transfer.amount, amount);
    QCOMPARE(receipt.transfer.from, m_checking);
    QCOMPARE(receipt.transfer.to, m_savings);
    QCOMPARE(receipt.transfer.memo, u"Rent share"_s);
    QCOMPARE(receipt.transfer.status, u"completed"_s);
    m_doneTransfer = request.value();

    const QList<Account> after = fetchAccounts();
    const auto debited = balanceOf(before, m_checking).minus(amount);
    const auto credited = balanceOf(before, m_savings).plus(amount);
    QVERIFY(debited.ok() && credited.ok());
    QCOMPARE(balanceOf(after, m_checking), debited.value());
    QCOMPARE(balanceOf(after, m_savings), credited.value());
}

void TestBankClient::elevatedTokenIsSingleUse()
{
    QVERIFY2(m_doneTransfer.has_value(), "needs transferMovesExactlyTheAmount");
    const QList<Account> before = fetchAccounts();
    // The exact request again (same token, Idempotency-Key and body), as after a lost answer:
    // the API answers it from its record and moves nothing (sandbox/README.md, exact retries).
    auto again = std::make_shared<Outcome<TransferReceipt>>();
    m_client->submitTransfer(m_elevated.at(0), *m_doneTransfer, this, capture(again));
    QTRY_VERIFY_WITH_TIMEOUT(again->result.has_value(), kAsyncTimeoutMs);
    QVERIFY2(again->result->ok(),
             again->result->ok() ? "" : qPrintable(again->result->error().detail));
    QVERIFY(again->result->value().replayed);
    QCOMPARE(fetchAccounts().constFirst().balance, before.constFirst().balance);

    // The same, used, token for another transfer (a new Idempotency-Key): refused.
    const auto other =
        TransferRequest::create(m_checking, m_savings, Money::parse(u"1.00", u"EUR"_s).value());
    QVERIFY(other.ok());
    auto outcome = std::make_shared<Outcome<TransferReceipt>>();
    m_client->submitTransfer(m_elevated.at(0), other.value(), this, capture(outcome));
    QTRY_VERIFY_WITH_TIMEOUT(outcome->result.has_value(), kAsyncTimeoutMs);
    QVERIFY(!outcome->result->ok());
    const ApiError& error = outcome->result->error();
    QCOMPARE(error.code, Fabrikam::Bank::Errc::InvalidToken);
    QCOMPARE(error.httpStatus, 401);
    QVERIFY(error.challenge.has_value());
    QCOMPARE(error.challenge->errorDescription, u"token already used"_s);
    QVERIFY(error.detail.contains(u"already used"_s));
    QVERIFY(!error.needsStepUp());
    QVERIFY(error.outcomeUnknown); // "already used" by whom? Not known: never "failed"
    QCOMPARE(fetchAccounts().constFirst().balance, before.constFirst().balance);
}

void TestBankClient::insufficientFundsIsRejectedInTheApiWords()
{
    const QList<Account> before = fetchAccounts();
    const Money balance = balanceOf(before, m_checking);
    // More than the balance, but within the 10,000.00 per-transfer limit.
    const Money tooMuch = balance.plus(Money::parse(u"0.01", u"EUR"_s).value()).value();
    QVERIFY(tooMuch.minorUnits() <= 1'000'000);
    const auto request = TransferRequest::create(m_checking, m_savings, tooMuch);
    QVERIFY(request.ok());

    auto outcome = std::make_shared<Outcome<TransferReceipt>>();
    m_client->submitTransfer(m_elevated.at(1), request.value(), this, capture(outcome));
    QTRY_VERIFY_WITH_TIMEOUT(outcome->result.has_value(), kAsyncTimeoutMs);
    QVERIFY(!outcome->result->ok());
    const ApiError& error = outcome->result->error();
    QCOMPARE(error.code, Fabrikam::Bank::Errc::ApiRejected);
    QCOMPARE(error.httpStatus, 422);
    QVERIFY(error.problem.has_value());
    QCOMPARE(error.problem->code, u"insufficient_funds"_s);
    QCOMPARE(error.message, error.problem->detail); // the API's own words for the user
    QVERIFY2(error.message.startsWith(u"Insufficient funds"_s), qPrintable(error.message));
    QVERIFY2(error.message.contains(balance.toDecimalString()), qPrintable(error.message));
    QVERIFY(!error.outcomeUnknown);
    QCOMPARE(balanceOf(fetchAccounts(), m_checking), balance);
}

void TestBankClient::failingApiIsUnavailable()
{
    setScenario(QJsonObject{{u"api-fail-rate"_s, 1}});

    auto read = std::make_shared<Outcome<QList<Account>>>();
    m_client->accounts(m_base, this, capture(read));
    QTRY_VERIFY_WITH_TIMEOUT(read->result.has_value(), kAsyncTimeoutMs);
    QVERIFY(!read->result->ok());
    QCOMPARE(read->result->error().code, Fabrikam::Bank::Errc::ApiUnavailable);
    QCOMPARE(read->result->error().httpStatus, 503);
    QCOMPARE(read->result->error().message,
             u"Fabrikam is temporarily unavailable. Nothing was changed; try again in a moment."_s);
    QCOMPARE(read->result->error().retryAfterSeconds, std::optional<qint64>(1));

    // A 503 proves the request was not handled: nothing was transferred (the base token is enough,
    // the fault is injected before any check).
    const auto request =
        TransferRequest::create(m_checking, m_savings, Money::parse(u"1.00", u"EUR"_s).value());
    auto write = std::make_shared<Outcome<TransferReceipt>>();
    m_client->submitTransfer(m_base, request.value(), this, capture(write));
    QTRY_VERIFY_WITH_TIMEOUT(write->result.has_value(), kAsyncTimeoutMs);
    QCOMPARE(write->result->error().code, Fabrikam::Bank::Errc::ApiUnavailable);
    QVERIFY(!write->result->error().outcomeUnknown);
    QVERIFY(write->result->error().message.contains(u"Nothing was transferred"_s));

    resetScenarios();
    QVERIFY(!fetchAccounts().isEmpty());
}

void TestBankClient::slowApiTimesOut()
{
    setScenario(QJsonObject{{u"api-slow-ms"_s, 3000}});
    m_client->setTransferTimeout(500ms);

    auto read = std::make_shared<Outcome<QList<Account>>>();
    m_client->accounts(m_base, this, capture(read));
    QTRY_VERIFY_WITH_TIMEOUT(read->result.has_value(), kAsyncTimeoutMs);
    QVERIFY(!read->result->ok());
    QCOMPARE(read->result->error().code, Fabrikam::Common::Errc::Timeout);
    QCOMPARE(read->result->error().httpStatus, 0);
    QVERIFY(!read->result->error().outcomeUnknown);

    // On POST the outcome is unknown, and the words say why a retry is safe. (The base token: the
    // delayed request reaches the API after the timeout and is refused for its scope.)
    const auto request =
        TransferRequest::create(m_checking, m_savings, Money::parse(u"1.00", u"EUR"_s).value());
    auto write = std::make_shared<Outcome<TransferReceipt>>();
    m_client->submitTransfer(m_base, request.value(), this, capture(write));
    QTRY_VERIFY_WITH_TIMEOUT(write->result.has_value(), kAsyncTimeoutMs);
    const ApiError& error = write->result->error();
    QCOMPARE(error.code, Fabrikam::Common::Errc::Timeout);
    QVERIFY(error.outcomeUnknown);
    QVERIFY2(error.message.contains(u"not known whether the transfer was made"_s),
             qPrintable(error.message));
    QVERIFY2(error.message.contains(u"same Idempotency-Key"_s), qPrintable(error.message));
    QCOMPARE(write->calls, 1);
}

// An API that keeps the connection busy with a byte now and then is never silent, so the
// inactivity timeout alone would wait for ever; the whole answer has the same bound.
void TestBankClient::dripFeedingApiTimesOut()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QList<QTcpSocket*> peers;
    connect(&server, &QTcpServer::newConnection, this, [&] {
        while (QTcpSocket* peer = server.nextPendingConnection()) {
            peers.append(peer);
            peer->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                        "Content-Length: 100000\r\n\r\n[");
        }
    });
    QTimer drip;
    connect(&drip, &QTimer::timeout, this, [&] {
        for (QTcpSocket* peer : std::as_const(peers)) {
            peer->write(" ");
        }
    });
    drip.start(100ms);

    FabrikamApiClient client(m_network, QUrl(u"http://127.0.0.1:%1"_s.arg(server.serverPort())));
    client.setTransferTimeout(1000ms);
    QElapsedTimer elapsed;
    elapsed.start();
    auto read = std::make_shared<Outcome<QList<Account>>>();
    client.accounts(m_base, this, capture(read));
    QTRY_VERIFY_WITH_TIMEOUT(read->result.has_value(), 10000);
    QVERIFY(!read->result->ok());
    QCOMPARE(read->result->error().code, Fabrikam::Common::Errc::Timeout);
    QVERIFY2(elapsed.elapsed() < 5000, qPrintable(QString::number(elapsed.elapsed())));
    QVERIFY(!peers.isEmpty());
}

QTEST_GUILESS_MAIN(TestBankClient)
#include "tst_bankclient.moc"
