#include "bank/parsers.h"

#include "bank/errors.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <optional>

namespace Fabrikam::Bank {

using Common::Error;
using Common::ErrorCode;
using Common::Result;
using namespace Qt::StringLiterals;

namespace {

const char* const kUnreadable = QT_TRANSLATE_NOOP(
    "Fabrikam::Bank::Parsers",
    "Fabrikam sent an answer the app cannot read. Please try again later or contact support.");

constexpr qsizetype kMaxIdLength = 128;
constexpr qsizetype kMaxTextLength = 1024;
constexpr qsizetype kMaxShortText = 64;

Error unreadable(QString detail)
{
    return Error{Errc::InvalidResponse,
                 QCoreApplication::translate("Fabrikam::Bank::Parsers", kUnreadable),
                 std::move(detail)};
}

QString describe(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return u"null"_s;
    case QJsonValue::Bool:
        return u"a JSON boolean"_s;
    case QJsonValue::Double:
        return u"a JSON number"_s;
    case QJsonValue::String:
        return u"a string"_s;
    case QJsonValue::Array:
        return u"an array"_s;
    case QJsonValue::Object:
        return u"an object"_s;
    case QJsonValue::Undefined:
        break;
    }
    return u"missing"_s;
}

// The document's top-level object, size-bounded before parsing.
Result<QJsonObject> topLevelObject(const QByteArray& json)
{
    if (json.size() > kMaxResponseSize) {
        return Result<QJsonObject>(
            unreadable(u"body of %1 bytes, over the 1 MiB limit"_s.arg(json.size())));
    }
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return Result<QJsonObject>(unreadable(
            u"not JSON: %1 at offset %2"_s.arg(parseError.errorString()).arg(parseError.offset)));
    }
    if (!doc.isObject()) {
        return Result<QJsonObject>(unreadable(u"the document is not a JSON object"_s));
    }
    return Result<QJsonObject>(doc.object());
}

enum class Presence
{
    Required,
    Optional, // missing or null reads as empty
};

enum class Sign
{
    NonNegative,
    Positive,
    Any,
};

// Reads typed members of one JSON object and keeps the first failure, named by its path.
class ObjectReader
{
public:
    ObjectReader(QJsonObject object, QString path)
        : m_object(std::move(object))
        , m_path(std::move(path))
    {}

    [[nodiscard]] bool failed() const { return m_error.has_value(); }
    [[nodiscard]] Error error() const { return m_error.value_or(unreadable(u"?"_s)); }

    QString string(QLatin1StringView name, qsizetype maxLength,
                   Presence presence = Presence::Required)
    {
        const QJsonValue value = m_object.value(name);
        if (presence == Presence::Optional && (value.isUndefined() || value.isNull())) {
            return {};
        }
        if (!value.isString()) {
            fail(name, describe(value) + u"; expected a string"_s);
            return {};
        }
        QString text = value.toString();
        if (presence == Presence::Required && text.isEmpty()) {
            fail(name, u"empty"_s);
            return {};
        }
        if (text.size() > maxLength) {
            fail(name, u"longer than %1 characters"_s.arg(maxLength));
            return {};
        }
        return text;
    }

    QString accountId(QLatin1StringView name)
    {
        QString id = string(name, kMaxShortText);
        if (!failed() && !isValidAccountId(id)) {
            fail(name, u"not an account id"_s);
            return {};
        }
        return id;
    }

    QString currency(QLatin1StringView name)
    {
        QString code = string(name, 3);
        if (!failed() && !Money::isSupportedCurrency(code)) {
            fail(name, u"\"%1\" is not a supported ISO 4217 currency"_s.arg(code));
            return {};
        }
        return code;
    }

    Money money(QLatin1StringView name, const QString& currency, Sign sign)
    {
        if (failed()) {
            return {};
        }
        const QJsonValue value = m_object.value(name);
        if (!value.isString()) {
            // A JSON number may already have been rounded through a double somewhere.
            fail(name, describe(value) + u"; expected a decimal string"_s);
            return {};
        }
        const QString text = value.toString();
        const Result<Money> parsed =
            sign == Sign::Any ? Money::parseSigned(text, currency) : Money::parse(text, currency);
        if (!parsed.ok()) {
            // The text itself is echoed only when short: it is the API's, but bounded all the same.
            fail(name, u"\"%1\": %2"_s.arg(text.left(24), parsed.error().detail));
            return {};
        }
        if (sign == Sign::Positive && !parsed.value().isPositive()) {
            fail(name, u"not greater than zero"_s);
            return {};
        }
        return parsed.value();
    }

    QDateTime date(QLatin1StringView name)
    {
        const QString text = string(name, kMaxShortText);
        if (failed()) {
            return {};
        }
        QDateTime date = QDateTime::fromString(text, Qt::ISODateWithMs);
        if (!date.isValid()) {
            fail(name, u"not an ISO 8601 date-time"_s);
            return {};
        }
        return date.toUTC();
    }

    std::optional<int> integer(QLatin1StringView name)
    {
        const QJsonValue value = m_object.value(name);
        if (value.isUndefined() || value.isNull()) {
            return std::nullopt;
        }
        // Whole numbers only: toInt(default) returns the default for 1.5 or 1e300.
        constexpr int kNotAnInt = -1;
        const int number = value.toInt(kNotAnInt);
        if (!value.isDouble() || number < 0) {
            fail(name, describe(value) + u"; expected a non-negative integer"_s);
            return std::nullopt;
        }
        return number;
    }

    // The array member `name`, or an empty array after a failure.
    QJsonArray array(QLatin1StringView name)
    {
        const QJsonValue value = m_object.value(name);
        if (!value.isArray()) {
            fail(name, describe(value) + u"; expected an array"_s);
            return {};
        }
        return value.toArray();
    }

    QJsonObject object(QLatin1StringView name)
    {
        const QJsonValue value = m_object.value(name);
        if (!value.isObject()) {
            fail(name, describe(value) + u"; expected an object"_s);
            return {};
        }
        return value.toObject();
    }

    QString path(QLatin1StringView name) const
    {
        return m_path.isEmpty() ? QString(name) : m_path + u'.' + name;
    }

private:
    void fail(QLatin1StringView name, const QString& why)
    {
        if (!m_error) {
            m_error = unreadable(path(name) + u": "_s + why);
        }
    }

    QJsonObject m_object;
    QString m_path;
    std::optional<Error> m_error;
};

// Runs `read(object, path)` for each element of an array of objects.
template <class T, class Read>
Result<QList<T>> readArray(const QJsonArray& array, const QString& path, Read read)
{
    QList<T> out;
    out.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString itemPath = u"%1[%2]"_s.arg(path).arg(i);
        const QJsonValue item = array.at(i);
        if (!item.isObject()) {
            return Result<QList<T>>(
                unreadable(itemPath + u": "_s + describe(item) + u"; expected an object"_s));
        }
        Result<T> one = read(item.toObject(), itemPath);
        if (!one.ok()) {
            return Result<QList<T>>(one.error());
        }
        out.append(std::move(one).value());
    }
    return Result<QList<T>>(std::move(out));
}

Result<Account> readAccount(const QJsonObject& object, const QString& path)
{
    ObjectReader r(object, path);
    Account account;
    account.id = r.accountId("id"_L1);
    account.name = r.string("name"_L1, kMaxTextLength);
    account.maskedNumber = r.string("number"_L1, kMaxShortText);
    const QString currency = r.currency("currency"_L1);
    // The ledger has no overdrafts (balance_minor >= 0): a negative balance is a broken answer.
    account.balance = r.money("balance"_L1, currency, Sign::NonNegative);
    return r.failed() ? Result<Account>(r.error()) : Result<Account>(std::move(account));
}

Result<Transfer> readTransfer(const QJsonObject& object, const QString& path)
{
    ObjectReader r(object, path);
    Transfer transfer;
    transfer.id = r.string("id"_L1, kMaxIdLength);
    transfer.from = r.accountId("from"_L1);
    transfer.to = r.accountId("to"_L1);
    const QString currency = r.currency("currency"_L1);
    transfer.amount = r.money("amount"_L1, currency, Sign::Positive);
    transfer.memo = r.string("memo"_L1, kMaxTextLength, Presence::Optional);
    transfer.status = r.string("status"_L1, kMaxShortText);
    transfer.createdAt = r.date("createdAt"_L1);
    transfer.direction = r.string("direction"_L1, kMaxShortText, Presence::Optional);
    if (!r.failed() && !transfer.direction.isEmpty() && transfer.direction != u"incoming" &&
        transfer.direction != u"outgoing" && transfer.direction != u"internal") {
        return Result<Transfer>(
            unreadable(r.path("direction"_L1) + u": not incoming, outgoing or internal"_s));
    }
    return r.failed() ? Result<Transfer>(r.error()) : Result<Transfer>(std::move(transfer));
}

} // namespace

Result<QList<Account>> parseAccounts(const QByteArray& json)
{
    const auto top = topLevelObject(json);
    if (!top.ok()) {
        return Result<QList<Account>>(top.error());
    }
    ObjectReader r(top.value(), {});
    const QJsonArray accounts = r.array("accounts"_L1);
    if (r.failed()) {
        return Result<QList<Account>>(r.error());
    }
    return readArray<Account>(accounts, u"accounts"_s, readAccount);
}

Result<Statement> parseStatement(const QByteArray& json)
{
    const auto top = topLevelObject(json);
    if (!top.ok()) {
        return Result<Statement>(top.error());
    }
    ObjectReader r(top.value(), {});
    const QJsonObject accountObject = r.object("account"_L1);
    const QJsonArray lines = r.array("lines"_L1);
    if (r.failed()) {
        return Result<Statement>(r.error());
    }
    Result<Account> account = readAccount(accountObject, u"account"_s);
    if (!account.ok()) {
        return Result<Statement>(account.error());
    }
    // Lines carry no currency of their own: they are in the account's.
    const QString currency = account.value().balance.currency();
    auto readLine = [&currency](const QJsonObject& object,
                                const QString& path) -> Result<StatementLine> {
        ObjectReader lr(object, path);
        StatementLine line;
        line.id = lr.string("id"_L1, kMaxIdLength);
        line.date = lr.date("date"_L1);
        line.description = lr.string("description"_L1, kMaxTextLength);
        line.amount = lr.money("amount"_L1, currency, Sign::Any);
        line.balance = lr.money("balance"_L1, currency, Sign::NonNegative);
        line.transferId = lr.string("transferId"_L1, kMaxIdLength, Presence::Optional);
        return lr.failed() ? Result<StatementLine>(lr.error())
                           : Result<StatementLine>(std::move(line));
    };
    Result<QList<StatementLine>> parsedLines =
        readArray<StatementLine>(lines, u"lines"_s, readLine);
    if (!parsedLines.ok()) {
        return Result<Statement>(parsedLines.error());
    }
    return Result<Statement>(Statement{std::move(account).value(), std::move(parsedLines).value()});
}

Result<Transfer> parseTransfer(const QByteArray& json)
{
    const auto top = topLevelObject(json);
    if (!top.ok()) {
        return Result<Transfer>(top.error());
    }
    return readTransfer(top.value(), {});
}

Result<QList<Transfer>> parseTransfers(const QByteArray& json)
{
    const auto top = topLevelObject(json);
    if (!top.ok()) {
        return Result<QList<Transfer>>(top.error());
    }
    ObjectReader r(top.value(), {});
    const QJsonArray transfers = r.array("transfers"_L1);
    if (r.failed()) {
        return Result<QList<Transfer>>(r.error());
    }
    return readArray<Transfer>(transfers, u"transfers"_s, readTransfer);
}

Result<Problem> parseProblem(const QByteArray& json)
{
    const auto top = topLevelObject(json);
    if (!top.ok()) {
        return Result<Problem>(top.error());
    }
    ObjectReader r(top.value(), {});
    Problem problem;
    problem.type = r.string("type"_L1, kMaxTextLength, Presence::Optional);
    problem.title = r.string("title"_L1, kMaxTextLength, Presence::Optional);
    problem.status = r.integer("status"_L1);
    problem.detail = r.string("detail"_L1, kMaxTextLength, Presence::Optional);
    problem.code = r.string("code"_L1, kMaxShortText, Presence::Optional);
    problem.field = r.string("field"_L1, kMaxShortText, Presence::Optional);
    if (!r.failed() && problem.status && (*problem.status < 100 || *problem.status > 599)) {
        return Result<Problem>(unreadable(u"status: not an HTTP status code"_s));
    }
    return r.failed() ? Result<Problem>(r.error()) : Result<Problem>(std::move(problem));
}

} // namespace Fabrikam::Bank
