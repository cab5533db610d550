#include "bank/transfer.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QUuid>

#include <algorithm>
#include <array>
#include <iterator>

namespace Fabrikam::Bank {

using Common::Error;
using Common::ErrorCode;
using Common::Result;
using namespace Qt::StringLiterals;

namespace {

const char* const kContext = "Fabrikam::Bank::Transfer";

Error invalid(const char* message, QString detail)
{
    return Error{Common::Errc::InvalidInput, QCoreApplication::translate(kContext, message),
                 std::move(detail)};
}

// C0/C1 controls, and the bidi embedding/override/isolate controls that could make a memo read
// differently in a statement (the API refuses the same set).
bool isForbiddenMemoCharacter(char32_t c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069);
}

// A version 4 UUID (RFC 9562 §5.4) from the system CSPRNG, drawn here rather than trusting
// QUuid::createUuid's source: 122 random bits, unguessable, so no one can pre-empt the key.
QByteArray randomUuid()
{
    std::array<quint32, 4> words{};
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    QByteArray bytes(reinterpret_cast<const char*>(words.data()), sizeof(words));
    bytes[6] = static_cast<char>((bytes[6] & 0x0F) | 0x40); // version 4
    bytes[8] = static_cast<char>((bytes[8] & 0x3F) | 0x80); // variant 10
    return QUuid::fromRfc4122(bytes).toByteArray(QUuid::WithoutBraces);
}

} // namespace

bool isValidAccountId(QStringView id)
{
    if (id.isEmpty() || id.size() > 64 || id == u"." || id == u"..") {
        return false;
    }
    return std::all_of(id.begin(), id.end(), [](QChar c) {
        return (c >= u'A' && c <= u'Z') || (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') ||
               c == u'.' || c == u'_' || c == u'-';
    });
}

Result<TransferRequest> TransferRequest::create(QString from, QString to, Money amount,
                                                QString memo)
{
    if (!isValidAccountId(from) || !isValidAccountId(to)) {
        return Result<TransferRequest>(invalid(
            QT_TRANSLATE_NOOP("Fabrikam::Bank::Transfer", "Choose an account to send from and to."),
            u"account id is not 1-64 of [A-Za-z0-9._-]"_s));
    }
    if (from == to) {
        return Result<TransferRequest>(
            invalid(QT_TRANSLATE_NOOP("Fabrikam::Bank::Transfer",
                                      "Choose two different accounts to send from and to."),
                    u"from == to"_s));
    }
    if (!amount.isValid() || !amount.isPositive()) {
        return Result<TransferRequest>(invalid(
            QT_TRANSLATE_NOOP("Fabrikam::Bank::Transfer", "Enter an amount greater than zero."),
            u"amount not positive"_s));
    }
    qsizetype codePoints = 0;
    bool wellFormed = true;
    bool forbidden = false;
    for (auto it = memo.cbegin(); it != memo.cend(); ++it) {
        char32_t c = it->unicode();
        if (it->isHighSurrogate() && std::next(it) != memo.cend() &&
            std::next(it)->isLowSurrogate()) {
            c = QChar::surrogateToUcs4(*it, *std::next(it));
            ++it;
        } else if (it->isSurrogate()) {
            wellFormed = false;
        }
        forbidden = forbidden || isForbiddenMemoCharacter(c);
        ++codePoints;
    }
    if (!wellFormed || forbidden) {
        return Result<TransferRequest>(
            invalid(QT_TRANSLATE_NOOP("Fabrikam::Bank::Transfer",
                                      "The memo must not contain line breaks, tabs or other "
                                      "control characters."),
                    u"memo has control, bidi-override or unpaired surrogate characters"_s));
    }
    if (codePoints > kMaxMemoLength) {
        return Result<TransferRequest>(
            invalid(QT_TRANSLATE_NOOP("Fabrikam::Bank::Transfer",
                                      "The memo is longer than 140 characters."),
                    u"memo has %1 characters"_s.arg(codePoints)));
    }

    TransferRequest request;
    request.m_from = std::move(from);
    request.m_to = std::move(to);
    request.m_amount = std::move(amount);
    request.m_memo = std::move(memo);
    request.m_idempotencyKey = randomUuid();
    return Result<TransferRequest>(std::move(request));
}

Result<TransferRequest> TransferRequest::withIdempotencyKey(QByteArray key) const
{
    const bool wellFormed =
        !key.isEmpty() && key.size() <= 255 && std::all_of(key.begin(), key.end(), [](char c) {
            return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                   c == '.' || c == '_' || c == '-';
        });
    if (!wellFormed) {
        return Result<TransferRequest>(
            invalid(QT_TRANSLATE_NOOP("Fabrikam::Bank::Transfer",
                                      "The saved Idempotency-Key of this transfer is unusable."),
                    u"idempotency key is not 1-255 of [A-Za-z0-9._-]"_s));
    }
    TransferRequest request = *this;
    request.m_idempotencyKey = std::move(key);
    return Result<TransferRequest>(std::move(request));
}

QByteArray TransferRequest::toJson() const
{
    const QJsonObject body{
        {u"from"_s, m_from},
        {u"to"_s, m_to},
        {u"amount"_s, m_amount.toDecimalString()}, // a string: JSON numbers are refused
        {u"currency"_s, m_amount.currency()},
        {u"memo"_s, m_memo},
    };
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

} // namespace Fabrikam::Bank
