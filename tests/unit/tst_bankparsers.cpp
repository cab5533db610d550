#include "bank/apierror.h"
#include "bank/errors.h"
#include "bank/parsers.h"

#include <QTest>

using namespace Fabrikam::Bank;
using Fabrikam::Common::ErrorCode;
using namespace Qt::StringLiterals;

namespace {

// Documents captured from the sandbox API (sandbox/src/api), byte for byte.
const QByteArray kAccounts =
    R"({"accounts":[{"id":"acc-erin-chk","name":"Everyday Checking","number":"DE89 •••• •••• 7000","balance":"3000.00","currency":"EUR"},{"id":"acc-erin-sav","name":"Savings","number":"DE89 •••• •••• 7001","balance":"8000.00","currency":"EUR"}]})";

const QByteArray kStatement =
    R"({"account":{"id":"acc-erin-chk","name":"Everyday Checking","number":"DE89 •••• •••• 7000","balance":"2987.66","currency":"EUR"},"lines":[{"id":"stl-46","date":"2026-11-28T04:36:35.926Z","description":"Transfer to DE89 •••• •••• 7001 — Rent share","amount":"-12.34","balance":"2987.66","transferId":"trf-957b5468-be0c-4878-ac5f-78a3e0fa77a6"},{"id":"stl-30","date":"2026-11-25T04:35:58.511Z","description":"Card payment — Contoso Coffee","amount":"-150.00","balance":"3000.00"},{"id":"stl-29","date":"2026-11-16T04:35:58.511Z","description":"Salary — Northwind Traders","amount":"750.00","balance":"3150.00"},{"id":"stl-28","date":"2026-10-29T04:35:58.511Z","description":"Opening balance","amount":"2400.00","balance":"2400.00"}]})";

const QByteArray kTransfer =
    R"({"id":"trf-957b5468-be0c-4878-ac5f-78a3e0fa77a6","from":"acc-erin-chk","to":"acc-erin-sav","amount":"12.34","currency":"EUR","memo":"Rent share","status":"completed","createdAt":"2026-11-28T04:36:35.926Z"})";

const QByteArray kTransfers =
    R"({"transfers":[{"id":"trf-957b5468-be0c-4878-ac5f-78a3e0fa77a6","from":"acc-erin-chk","to":"acc-erin-sav","amount":"12.34","currency":"EUR","memo":"Rent share","status":"completed","createdAt":"2026-11-28T04:36:35.926Z","direction":"internal"}]})";

const QByteArray kInsufficientFunds =
    R"({"type":"https://api.fabrikam.example/problems/insufficient-funds","title":"Unprocessable Content","status":422,"detail":"Insufficient funds: account \"acc-erin-chk\" has 2987.66 EUR, the transfer needs 9000.00.","code":"insufficient_funds","field":"amount"})";

const QByteArray kMfaChallenge =
    R"(Bearer error="insufficient_user_authentication", acr_values="http://schemas.openid.net/pape/policies/2007/06/multi-factor", max_age=600)";
const QString kMfaAcr = u"http://schemas.openid.net/pape/policies/2007/06/multi-factor"_s;

// One account object with `member` replaced by the raw JSON `value` (or removed when empty).
QByteArray accountsWith(const QByteArray& member, const QByteArray& value)
{
    QByteArray account =
        R"({"id":"acc-1","name":"Checking","number":"DE89 •••• •••• 3000","balance":"10.00","currency":"EUR"})";
    const QByteArray key = "\"" + member + "\":";
    const qsizetype at = account.indexOf(key);
    Q_ASSERT(at >= 0);
    qsizetype end = account.indexOf(',', at);
    if (end < 0) {
        end = account.size() - 1;
    }
    const QByteArray replacement = value.isEmpty() ? QByteArray() : "\"" + member + "\":" + value;
    account.replace(at, end - at, replacement);
    account.replace(",,", ",");
    account.replace("{,", "{");
    account.replace(",}", "}");
    return R"({"accounts":[)" + account + "]}";
}

} // namespace

class TestBankParsers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void accountsFromTheSandbox();
    void statementFromTheSandbox();
    void transferFromTheSandbox();
    void transfersFromTheSandbox();
    void problemFromTheSandbox();
    void unknownMembersAreIgnored();
    void emptyListsAreFine();

    void hostileAccounts_data();
    void hostileAccounts();
    void hostileStatements_data();
    void hostileStatements();
    void hostileTransfers_data();
    void hostileTransfers();
    void hostileProblems_data();
    void hostileProblems();
    void oversizedInputIsRefusedUnread();

    void errorMapping_data();
    void errorMapping();
    void challengeIsTyped();
    void problemDetailIsTheMessage();
    void toResultKeepsTheCommonError();
};

void TestBankParsers::accountsFromTheSandbox()
{
    const auto accounts = parseAccounts(kAccounts);
    QVERIFY2(accounts.ok(), qPrintable(accounts.ok() ? QString() : accounts.error().detail));
    QCOMPARE(accounts.value().size(), 2);
    const Account& chk = accounts.value().at(0);
    QCOMPARE(chk.id, u"acc-erin-chk"_s);
    QCOMPARE(chk.name, u"Everyday Checking"_s);
    QCOMPARE(chk.maskedNumber, u"DE89 •••• •••• 7000"_s);
    QCOMPARE(chk.balance.minorUnits(), qint64(300000));
    QCOMPARE(chk.balance.currency(), u"EUR"_s);
    QCOMPARE(accounts.value().at(1).balance.toDecimalString(), u"8000.00"_s);
}

void TestBankParsers::statementFromTheSandbox()
{
    const auto statement = parseStatement(kStatement);
    QVERIFY2(statement.ok(), qPrintable(statement.ok() ? QString() : statement.error().detail));
    QCOMPARE(statement.value().account.id, u"acc-erin-chk"_s);
    QCOMPARE(statement.value().lines.size(), 4);
    const StatementLine& first = statement.value().lines.at(0);
    QCOMPARE(first.amount.toDecimalString(), u"-12.34"_s);
    QCOMPARE(first.amount.currency(), u"EUR"_s);
    QCOMPARE(first.balance.toDecimalString(), u"2987.66"_s);
    QCOMPARE(first.transferId, u"trf-957b5468-be0c-4878-ac5f-78a3e0fa77a6"_s);
    QCOMPARE(first.description, u"Transfer to DE89 •••• •••• 7001 — Rent share"_s);
    QCOMPARE(first.date, QDateTime(QDate(2026, 11, 28), QTime(4, 36, 35, 926), Qt::UTC));
    QVERIFY(statement.value().lines.at(1).transferId.isEmpty());
    QCOMPARE(statement.value().lines.at(2).amount.minorUnits(), qint64(75000));
}

void TestBankParsers::transferFromTheSandbox()
{
    const auto transfer = parseTransfer(kTransfer);
    QVERIFY2(transfer.ok(), qPrintable(transfer.ok() ? QString() : transfer.error().detail));
    QCOMPARE(transfer.value().id, u"trf-957b5468-be0c-4878-ac5f-78a3e0fa77a6"_s);
    QCOMPARE(transfer.value().from, u"acc-erin-chk"_s);
    QCOMPARE(transfer.value().to, u"acc-erin-sav"_s);
    QCOMPARE(transfer.value().amount.toDecimalString(), u"12.34"_s);
    QCOMPARE(transfer.value().memo, u"Rent share"_s);
    QCOMPARE(transfer.value().status, u"completed"_s);
    QVERIFY(transfer.value().createdAt.isValid());
    QVERIFY(transfer.value().direction.isEmpty());
}

void TestBankParsers::transfersFromTheSandbox()
{
    const auto transfers = parseTransfers(kTransfers);
    QVERIFY(transfers.ok());
    QCOMPARE(transfers.value().size(), 1);
    QCOMPARE(transfers.value().at(0).direction, u"internal"_s);
}

void TestBankParsers::problemFromTheSandbox()
{
    const auto problem = parseProblem(kInsufficientFunds);
    QVERIFY(problem.ok());
    QCOMPARE(problem.value().status, std::optional<int>(422));
    QCOMPARE(problem.value().code, u"insufficient_funds"_s);
    QCOMPARE(problem.value().field, u"amount"_s);
    QVERIFY(problem.value().detail.startsWith(u"Insufficient funds: account \"acc-erin-chk\""_s));
}

void TestBankParsers::unknownMembersAreIgnored()
{
    QVERIFY(
        parseAccounts(
            R"({"accounts":[{"id":"a","name":"n","number":"x","balance":"1.00","currency":"EUR","iban_hint":{"x":[1,2]}}],"next":null})")
            .ok());
}

void TestBankParsers::emptyListsAreFine()
{
    QVERIFY(parseAccounts(R"({"accounts":[]})").ok());
    QVERIFY(parseTransfers(R"({"transfers":[]})").ok());
}

void TestBankParsers::hostileAccounts_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("detailMentions");

    QTest::newRow("empty body") << QByteArray() << u"not JSON"_s;
    QTest::newRow("HTML") << QByteArray("<html>Bad gateway</html>") << u"not JSON"_s;
    QTest::newRow("truncated") << kAccounts.left(kAccounts.size() / 2) << u"not JSON"_s;
    QTest::newRow("top-level array") << QByteArray(R"([{"id":"a"}])") << u"not a JSON object"_s;
    QTest::newRow("no accounts member") << QByteArray(R"({"items":[]})") << u"accounts"_s;
    QTest::newRow("accounts is an object")
        << QByteArray(R"({"accounts":{"id":"a"}})") << u"expected an array"_s;
    QTest::newRow("account is a string")
        << QByteArray(R"({"accounts":["acc-1"]})") << u"accounts[0]"_s;
    QTest::newRow("balance as a number")
        << accountsWith("balance", "10.5") << u"accounts[0].balance: a JSON number"_s;
    QTest::newRow("balance as an integer")
        << accountsWith("balance", "10") << u"expected a decimal string"_s;
    QTest::newRow("balance in exponent form")
        << accountsWith("balance", R"("1e3")") << u"accounts[0].balance"_s;
    QTest::newRow("balance with three decimals")
        << accountsWith("balance", R"("1.005")") << u"accounts[0].balance"_s;
    QTest::newRow("negative balance")
        << accountsWith("balance", R"("-1.00")") << u"accounts[0].balance"_s;
    QTest::newRow("balance null") << accountsWith("balance", "null") << u"null"_s;
    QTest::newRow("balance missing") << accountsWith("balance", {}) << u"missing"_s;
    QTest::newRow("unknown currency")
        << accountsWith("currency", R"("XYZ")") << u"not a supported ISO 4217"_s;
    QTest::newRow("lower-case currency")
        << accountsWith("currency", R"("eur")") << u"accounts[0].currency"_s;
    QTest::newRow("currency as a number")
        << accountsWith("currency", "978") << u"accounts[0].currency"_s;
    QTest::newRow("id with a slash")
        << accountsWith("id", R"("../transfers")") << u"not an account id"_s;
    QTest::newRow("id dot-dot") << accountsWith("id", R"("..")") << u"not an account id"_s;
    QTest::newRow("id as a number") << accountsWith("id", "7") << u"accounts[0].id"_s;
    QTest::newRow("id empty") << accountsWith("id", R"("")") << u"empty"_s;
    QTest::newRow("name missing") << accountsWith("name", {}) << u"accounts[0].name"_s;
    QTest::newRow("name as an array") << accountsWith("name", "[]") << u"an array"_s;
    QTest::newRow("name too long")
        << accountsWith("name", '"' + QByteArray(5000, 'n') + '"') << u"longer than"_s;
    QTest::newRow("number missing") << accountsWith("number", {}) << u"accounts[0].number"_s;
    QTest::newRow("second account broken")
        << QByteArray(
               R"({"accounts":[{"id":"a","name":"n","number":"x","balance":"1.00","currency":"EUR"},{"id":"b"}]})")
        << u"accounts[1]"_s;
    QByteArray deep(5000, '[');
    QTest::newRow("deeply nested") << QByteArray(R"({"accounts":)" + deep) << u"not JSON"_s;
}

void TestBankParsers::hostileAccounts()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, detailMentions);
    const auto accounts = parseAccounts(json);
    QVERIFY(!accounts.ok());
    QCOMPARE(accounts.error().code, Fabrikam::Bank::Errc::InvalidResponse);
    QVERIFY(!accounts.error().message.isEmpty());
    QVERIFY2(accounts.error().detail.contains(detailMentions), qPrintable(accounts.error().detail));
}

void TestBankParsers::hostileStatements_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("detailMentions");

    const QByteArray account =
        R"("account":{"id":"a","name":"n","number":"x","balance":"1.00","currency":"EUR"})";
    auto withLine = [&account](const QByteArray& line) -> QByteArray {
        return "{" + account + R"(,"lines":[)" + line + "]}";
    };
    QTest::newRow("no account") << QByteArray(R"({"lines":[]})") << u"account"_s;
    QTest::newRow("no lines") << QByteArray("{" + account + "}") << u"lines"_s;
    QTest::newRow("account negative balance")
        << QByteArray(
               R"({"account":{"id":"a","name":"n","number":"x","balance":"-1.00","currency":"EUR"},"lines":[]})")
        << u"account.balance"_s;
    QTest::newRow("line amount as a number")
        << withLine(
               R"({"id":"l","date":"2026-01-01T00:00:00.000Z","description":"d","amount":-1.5,"balance":"1.00"})")
        << u"lines[0].amount: a JSON number"_s;
    QTest::newRow("line negative running balance")
        << withLine(
               R"({"id":"l","date":"2026-01-01T00:00:00.000Z","description":"d","amount":"-1.00","balance":"-1.00"})")
        << u"lines[0].balance"_s;
    QTest::newRow("line date not a date")
        << withLine(
               R"({"id":"l","date":"yesterday","description":"d","amount":"1.00","balance":"1.00"})")
        << u"lines[0].date"_s;
    QTest::newRow("line date as a number")
        << withLine(
               R"({"id":"l","date":1700000000,"description":"d","amount":"1.00","balance":"1.00"})")
        << u"lines[0].date"_s;
    QTest::newRow("line transferId as a number")
        << withLine(
               R"({"id":"l","date":"2026-01-01T00:00:00.000Z","description":"d","amount":"1.00","balance":"1.00","transferId":5})")
        << u"lines[0].transferId"_s;
    QTest::newRow("line missing description")
        << withLine(
               R"({"id":"l","date":"2026-01-01T00:00:00.000Z","amount":"1.00","balance":"1.00"})")
        << u"lines[0].description"_s;
}

void TestBankParsers::hostileStatements()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, detailMentions);
    const auto statement = parseStatement(json);
    QVERIFY(!statement.ok());
    QCOMPARE(statement.error().code, Fabrikam::Bank::Errc::InvalidResponse);
    QVERIFY2(statement.error().detail.contains(detailMentions),
             qPrintable(statement.error().detail));
}

void TestBankParsers::hostileTransfers_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("detailMentions");

    auto with = [](const QByteArray& from, const QByteArray& to) -> QByteArray {
        QByteArray doc = kTransfer;
        doc.replace(from, to);
        return doc;
    };
    QTest::newRow("amount as a number")
        << with(R"("amount":"12.34")", R"("amount":12.34)") << u"amount: a JSON number"_s;
    QTest::newRow("zero amount") << with(R"("amount":"12.34")", R"("amount":"0.00")")
                                 << u"not greater than zero"_s;
    QTest::newRow("negative amount")
        << with(R"("amount":"12.34")", R"("amount":"-12.34")") << u"amount"_s;
    QTest::newRow("currency unknown")
        << with(R"("currency":"EUR")", R"("currency":"ABC")") << u"currency"_s;
    QTest::newRow("status missing") << with(R"("status":"completed",)", "") << u"status"_s;
    QTest::newRow("createdAt garbage")
        << with(R"("createdAt":"2026-11-28T04:36:35.926Z")", R"("createdAt":"soon")")
        << u"createdAt"_s;
    QTest::newRow("memo as an object")
        << with(R"("memo":"Rent share")", R"("memo":{})") << u"memo"_s;
    QTest::newRow("direction unknown")
        << with(R"("memo":"Rent share")", R"("memo":"x","direction":"sideways")") << u"direction"_s;
    QTest::newRow("from not an account id")
        << with(R"("from":"acc-erin-chk")", R"("from":"a b")") << u"from"_s;
}

void TestBankParsers::hostileTransfers()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, detailMentions);
    const auto transfer = parseTransfer(json);
    QVERIFY(!transfer.ok());
    QCOMPARE(transfer.error().code, Fabrikam::Bank::Errc::InvalidResponse);
    QVERIFY2(transfer.error().detail.contains(detailMentions), qPrintable(transfer.error().detail));
    // The same element inside a list fails the list, with the index in the path.
    const auto list = parseTransfers(R"({"transfers":[)" + json + "]}");
    QVERIFY(!list.ok());
    QVERIFY2(list.error().detail.startsWith(u"transfers[0]."_s), qPrintable(list.error().detail));
}

void TestBankParsers::hostileProblems_data()
{
    QTest::addColumn<QByteArray>("json");

    QTest::newRow("status as a string") << QByteArray(R"({"status":"422","detail":"x"})");
    QTest::newRow("status fractional") << QByteArray(R"({"status":422.5})");
    QTest::newRow("status out of range") << QByteArray(R"({"status":42})");
    QTest::newRow("detail as a number") << QByteArray(R"({"detail":5})");
    QTest::newRow("not an object") << QByteArray(R"("Insufficient funds")");
    QTest::newRow("not JSON") << QByteArray("Insufficient funds");
}

void TestBankParsers::hostileProblems()
{
    QFETCH(QByteArray, json);
    const auto problem = parseProblem(json);
    QVERIFY(!problem.ok());
    QCOMPARE(problem.error().code, Fabrikam::Bank::Errc::InvalidResponse);
}

void TestBankParsers::oversizedInputIsRefusedUnread()
{
    // Valid JSON, but over 1 MiB: refused by size before any parsing.
    QByteArray huge = R"({"accounts":[],"padding":")";
    huge += QByteArray(kMaxResponseSize, 'x');
    huge += "\"}";
    const auto accounts = parseAccounts(huge);
    QVERIFY(!accounts.ok());
    QCOMPARE(accounts.error().code, Fabrikam::Bank::Errc::InvalidResponse);
    QVERIFY(accounts.error().detail.contains(u"1 MiB"_s));
    QVERIFY(!parseStatement(huge).ok());
    QVERIFY(!parseTransfers(huge).ok());
    QVERIFY(!parseProblem(huge).ok());
}

void TestBankParsers::errorMapping_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("networkError");
    QTest::addColumn<bool>("timedOut");
    QTest::addColumn<QByteArray>("wwwAuthenticate");
    QTest::addColumn<bool>("transfer");
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<bool>("outcomeUnknown");
    QTest::addColumn<QString>("messageMentions");

    const int none = QNetworkReply::NoError;
    QTest::newRow("401 RFC 9470") << 401 << none << false << kMfaChallenge << false
                                  << ErrorCode(Fabrikam::Bank::Errc::InsufficientUserAuthentication)
                                  << false << u"second factor"_s;
    QTest::newRow("403 insufficient_scope")
        << 403 << none << false
        << QByteArray(R"(Bearer error="insufficient_scope", scope="transfer:funds")") << true
        << ErrorCode(Fabrikam::Bank::Errc::InsufficientScope) << false << u"confirmation"_s;
    QTest::newRow("401 token already used")
        << 401 << none << false
        << QByteArray(R"(Bearer error="invalid_token", error_description="token already used")")
        << true << ErrorCode(Fabrikam::Bank::Errc::InvalidToken) << true << u"already used"_s;
    QTest::newRow("401 no token") << 401 << none << false
                                  << QByteArray(R"(Bearer realm="fabrikam-api")") << false
                                  << ErrorCode(Fabrikam::Bank::Errc::InvalidToken) << false
                                  << QString();
    QTest::newRow("401 without a challenge")
        << 401 << none << false << QByteArray() << false
        << ErrorCode(Fabrikam::Bank::Errc::InvalidToken) << false << QString();
    QTest::newRow("401 garbage challenge")
        << 401 << none << false << QByteArray("Bearer error=\"") << false
        << ErrorCode(Fabrikam::Bank::Errc::InvalidToken) << false << QString();
    QTest::newRow("503 read") << 503 << none << false << QByteArray() << false
                              << ErrorCode(Fabrikam::Bank::Errc::ApiUnavailable) << false
                              << u"Fabrikam is temporarily unavailable. Nothing was changed; try "
                                 "again in a moment."_s;
    QTest::newRow("503 transfer: nothing transferred")
        << 503 << none << false << QByteArray() << true
        << ErrorCode(Fabrikam::Bank::Errc::ApiUnavailable) << false << u"Nothing was transferred"_s;
    QTest::newRow("500 transfer: unknown")
        << 500 << none << false << QByteArray() << true
        << ErrorCode(Fabrikam::Bank::Errc::ApiUnavailable) << true << u"Idempotency-Key"_s;
    QTest::newRow("504 transfer: unknown")
        << 504 << none << false << QByteArray() << true
        << ErrorCode(Fabrikam::Bank::Errc::ApiUnavailable) << true << u"cannot happen twice"_s;
    QTest::newRow("timeout read") << 0 << int(QNetworkReply::OperationCanceledError) << true
                                  << QByteArray() << false
                                  << ErrorCode(Fabrikam::Common::Errc::Timeout) << false
                                  << u"Nothing was changed"_s;
    QTest::newRow("timeout transfer: unknown")
        << 0 << int(QNetworkReply::OperationCanceledError) << true << QByteArray() << true
        << ErrorCode(Fabrikam::Common::Errc::Timeout) << true
        << u"same Idempotency-Key, so it cannot happen twice"_s;
    QTest::newRow("connection refused transfer: nothing sent")
        << 0 << int(QNetworkReply::ConnectionRefusedError) << false << QByteArray() << true
        << ErrorCode(Fabrikam::Common::Errc::Network) << false << u"nothing was transferred"_s;
    QTest::newRow("connection dropped transfer: unknown")
        << 0 << int(QNetworkReply::RemoteHostClosedError) << false << QByteArray() << true
        << ErrorCode(Fabrikam::Common::Errc::Network) << true << u"Idempotency-Key"_s;
    QTest::newRow("redirect") << 302 << none << false << QByteArray() << false
                              << ErrorCode(Fabrikam::Bank::Errc::InvalidResponse) << false
                              << QString();
    QTest::newRow("404 without a problem")
        << 404 << none << false << QByteArray() << false
        << ErrorCode(Fabrikam::Bank::Errc::ApiRejected) << false << QString();
}

void TestBankParsers::errorMapping()
{
    QFETCH(int, status);
    QFETCH(int, networkError);
    QFETCH(bool, timedOut);
    QFETCH(QByteArray, wwwAuthenticate);
    QFETCH(bool, transfer);
    QFETCH(ErrorCode, code);
    QFETCH(bool, outcomeUnknown);
    QFETCH(QString, messageMentions);

    HttpAnswer answer;
    answer.status = status;
    answer.networkError = static_cast<QNetworkReply::NetworkError>(networkError);
    answer.timedOut = timedOut;
    answer.wwwAuthenticate = wwwAuthenticate;
    answer.contentType = "application/json; charset=utf-8";
    answer.body = R"({"error":"x"})";
    const ApiError error =
        errorFromAnswer(answer, transfer ? RequestKind::Transfer : RequestKind::Read);
    QCOMPARE(error.code, code);
    QCOMPARE(error.outcomeUnknown, outcomeUnknown);
    QCOMPARE(error.httpStatus, status);
    QVERIFY(!error.message.isEmpty());
    QVERIFY2(error.message.contains(messageMentions) || error.detail.contains(messageMentions),
             qPrintable(error.message + u" | "_s + error.detail));
}

void TestBankParsers::challengeIsTyped()
{
    HttpAnswer answer;
    answer.status = 401;
    answer.wwwAuthenticate = kMfaChallenge;
    const ApiError mfa = errorFromAnswer(answer, RequestKind::Read);
    QVERIFY(mfa.needsStepUp());
    QVERIFY(mfa.challenge.has_value());
    QCOMPARE(mfa.challenge->acrValues, QStringList{kMfaAcr});
    QCOMPARE(mfa.challenge->maxAge, std::optional<qint64>(600));

    answer.status = 403;
    answer.wwwAuthenticate = R"(Bearer error="insufficient_scope", scope="transfer:funds")";
    const ApiError scope = errorFromAnswer(answer, RequestKind::Transfer);
    QVERIFY(scope.needsStepUp());
    QCOMPARE(scope.challenge->scope, QStringList{u"transfer:funds"_s});

    answer.status = 401;
    answer.wwwAuthenticate =
        R"(Bearer error="invalid_token", error_description="token already used")";
    const ApiError used = errorFromAnswer(answer, RequestKind::Transfer);
    QVERIFY(!used.needsStepUp());
    QCOMPARE(used.challenge->errorDescription, u"token already used"_s);
}

void TestBankParsers::problemDetailIsTheMessage()
{
    HttpAnswer answer;
    answer.status = 422;
    answer.contentType = "application/problem+json; charset=utf-8";
    answer.body = kInsufficientFunds;
    const ApiError error = errorFromAnswer(answer, RequestKind::Transfer);
    QCOMPARE(error.code, Fabrikam::Bank::Errc::ApiRejected);
    QCOMPARE(error.message, u"Insufficient funds: account \"acc-erin-chk\" has 2987.66 EUR, the "
                            "transfer needs 9000.00."_s);
    QVERIFY(error.problem.has_value());
    QCOMPARE(error.problem->code, u"insufficient_funds"_s);
    QVERIFY(!error.outcomeUnknown); // a refusal moves no money
    QVERIFY(error.detail.contains(u"insufficient_funds"_s));

    // A problem that is not one keeps the generic words.
    answer.body = "{";
    const ApiError broken = errorFromAnswer(answer, RequestKind::Transfer);
    QCOMPARE(broken.code, Fabrikam::Bank::Errc::ApiRejected);
    QVERIFY(!broken.problem.has_value());
    QVERIFY(!broken.message.isEmpty());

    // Retry-After on a 503 (RFC 9110 §10.2.3, delay-seconds).
    HttpAnswer busy;
    busy.status = 503;
    busy.retryAfter = "1";
    QCOMPARE(errorFromAnswer(busy, RequestKind::Read).retryAfterSeconds, std::optional<qint64>(1));
    busy.retryAfter = "Wed, 21 Oct 2015 07:28:00 GMT";
    QVERIFY(!errorFromAnswer(busy, RequestKind::Read).retryAfterSeconds.has_value());
}

void TestBankParsers::toResultKeepsTheCommonError()
{
    HttpAnswer answer;
    answer.status = 503;
    const ApiResult<int> failed(errorFromAnswer(answer, RequestKind::Read));
    const auto plain = failed.toResult();
    QVERIFY(!plain.ok());
    QCOMPARE(plain.error().code, Fabrikam::Bank::Errc::ApiUnavailable);
    QCOMPARE(plain.error().message, failed.error().message);
    const ApiResult<int> fine(7);
    QVERIFY(fine.toResult().ok());
    QCOMPARE(fine.toResult().value(), 7);
}

QTEST_GUILESS_MAIN(TestBankParsers)
#include "tst_bankparsers.moc"
