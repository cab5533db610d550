#include "bank/money.h"

#include <QCoreApplication>

#include <algorithm>
#include <array>
#include <string_view>

namespace Fabrikam::Bank {

using Common::Error;
using Common::ErrorCode;
using Common::Result;
using namespace Qt::StringLiterals;

namespace {

const char* const kContext = "Fabrikam::Bank::Money";
const char* const kBadAmount = QT_TRANSLATE_NOOP(
    "Fabrikam::Bank::Money", "Enter the amount as digits with at most two decimals, e.g. 12.50.");
const char* const kBadCurrency =
    QT_TRANSLATE_NOOP("Fabrikam::Bank::Money", "This currency is not supported.");
const char* const kOutOfRange =
    QT_TRANSLATE_NOOP("Fabrikam::Bank::Money", "The amount is too large.");
const char* const kMixedCurrencies =
    QT_TRANSLATE_NOOP("Fabrikam::Bank::Money", "Amounts in different currencies cannot be added.");

Error moneyError(const char* message, QString detail)
{
    return Error{Common::Errc::InvalidInput, QCoreApplication::translate(kContext, message),
                 std::move(detail)};
}

// ISO 4217 codes whose minor unit is 2 (sorted for binary search). Codes with 0 or 3 minor digits
// (JPY, KRW, BHD, KWD, ...) are deliberately absent: the API's two-decimal format cannot hold them.
constexpr auto kTwoDigitCurrencies = std::to_array<std::string_view>({
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF",
    "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR",
    "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF",
    "IDR", "ILS", "INR", "IRR", "JMD", "KES", "KGS", "KHR", "KYD", "KZT", "LAK", "LBP", "LKR",
    "LRD", "LSL", "MAD", "MDL", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN",
    "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "PAB", "PEN", "PGK", "PHP", "PKR",
    "PLN", "QAR", "RON", "RSD", "RUB", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE",
    "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TOP", "TRY", "TTD",
    "TWD", "TZS", "UAH", "USD", "UYU", "UZS", "WST", "XCD", "YER", "ZAR", "ZMW",
});
static_assert(std::is_sorted(kTwoDigitCurrencies.begin(), kTwoDigitCurrencies.end()));

struct Symbol
{
    std::string_view code;
    const char16_t* symbol;
};
// Symbols people recognise outside the currency's home locale (CLDR's narrow symbols).
constexpr auto kSymbols = std::to_array<Symbol>({
    {"AUD", u"A$"},
    {"CAD", u"CA$"},
    {"CHF", u"CHF"},
    {"EUR", u"\u20AC"},
    {"GBP", u"\u00A3"},
    {"INR", u"\u20B9"},
    {"NZD", u"NZ$"},
    {"USD", u"$"},
});

bool isAsciiDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

Result<Money> parseDecimal(QStringView text, const QString& currency, bool allowSign);

} // namespace

bool Money::isSupportedCurrency(QStringView code)
{
    if (code.size() != 3) {
        return false;
    }
    std::array<char, 3> ascii{};
    for (qsizetype i = 0; i < 3; ++i) {
        const QChar c = code[i];
        if (c < u'A' || c > u'Z') {
            return false;
        }
        ascii[static_cast<std::size_t>(i)] = static_cast<char>(c.unicode());
    }
    const std::string_view key(ascii.data(), ascii.size());
    return std::binary_search(kTwoDigitCurrencies.begin(), kTwoDigitCurrencies.end(), key);
}

Result<Money> Money::parse(QStringView decimal, const QString& currency)
{
    return parseDecimal(decimal, currency, false);
}

Result<Money> Money::parseSigned(QStringView decimal, const QString& currency)
{
    return parseDecimal(decimal, currency, true);
}

Result<Money> Money::fromMinorUnits(qint64 minorUnits, const QString& currency)
{
    if (!isSupportedCurrency(currency)) {
        return Result<Money>(moneyError(kBadCurrency, u"unsupported currency code"_s));
    }
    if (minorUnits > kMaxMinorUnits || minorUnits < -kMaxMinorUnits) {
        return Result<Money>(moneyError(kOutOfRange, u"more than 15 integer digits"_s));
    }
    return Result<Money>(Money(minorUnits, currency));
}

namespace {

Result<Money> parseDecimal(QStringView text, const QString& currency, bool allowSign)
{
    if (!Money::isSupportedCurrency(currency)) {
        return Result<Money>(moneyError(kBadCurrency, u"unsupported currency code"_s));
    }
    // Bounded before any work: "-" + 15 digits + "." + 2 digits.
    if (text.isEmpty() || text.size() > 1 + Money::kMaxIntegerDigits + 3) {
        return Result<Money>(moneyError(kBadAmount, u"empty or too long"_s));
    }
    qsizetype i = 0;
    bool negative = false;
    if (text[0] == u'-') {
        if (!allowSign) {
            return Result<Money>(moneyError(kBadAmount, u"a sign where none is allowed"_s));
        }
        negative = true;
        i = 1;
    }
    // ^\d{1,15}: integer digits, accumulated in integers (never a double).
    qint64 integer = 0;
    int integerDigits = 0;
    while (i < text.size() && isAsciiDigit(text[i])) {
        if (++integerDigits > Money::kMaxIntegerDigits) {
            return Result<Money>(moneyError(kOutOfRange, u"more than 15 integer digits"_s));
        }
        integer = integer * 10 + (text[i].unicode() - u'0');
        ++i;
    }
    if (integerDigits == 0) {
        return Result<Money>(moneyError(kBadAmount, u"no integer digits"_s));
    }
    // (\.\d{1,2})?$
    qint64 fraction = 0;
    if (i < text.size()) {
        if (text[i] != u'.') {
            return Result<Money>(moneyError(kBadAmount, u"a character other than a digit or ."_s));
        }
        ++i;
        int fractionDigits = 0;
        while (i < text.size() && isAsciiDigit(text[i])) {
            if (++fractionDigits > 2) {
                return Result<Money>(moneyError(kBadAmount, u"more than two decimals"_s));
            }
            fraction = fraction * 10 + (text[i].unicode() - u'0');
            ++i;
        }
        if (fractionDigits == 0) {
            return Result<Money>(moneyError(kBadAmount, u"no digits after the ."_s));
        }
        if (fractionDigits == 1) {
            fraction *= 10; // "12.5" is 12.50
        }
        if (i < text.size()) {
            return Result<Money>(moneyError(kBadAmount, u"characters after the decimals"_s));
        }
    }
    const qint64 magnitude = integer * 100 + fraction; // <= 99,999,999,999,999,999
    if (negative && magnitude == 0) {
        return Result<Money>(moneyError(kBadAmount, u"a negative zero"_s));
    }
    return Money::fromMinorUnits(negative ? -magnitude : magnitude, currency);
}

} // namespace

QString Money::toDecimalString() const
{
    // |m_minor| <= kMaxMinorUnits, so negating cannot overflow.
    const qint64 magnitude = m_minor < 0 ? -m_minor : m_minor;
    const QString cents = QString::number(magnitude % 100).rightJustified(2, u'0');
    return (m_minor < 0 ? u"-"_s : QString()) + QString::number(magnitude / 100) + u'.' + cents;
}

QString Money::currencySymbol(const QString& currency, const QLocale& locale)
{
    if (locale.currencySymbol(QLocale::CurrencyIsoCode) == currency) {
        const QString own = locale.currencySymbol(QLocale::CurrencySymbol);
        if (!own.isEmpty()) {
            return own;
        }
    }
    for (const Symbol& entry : kSymbols) {
        if (QLatin1StringView(entry.code.data(), static_cast<qsizetype>(entry.code.size())) ==
            currency) {
            return QString::fromUtf16(entry.symbol);
        }
    }
    return currency;
}

QString Money::formatted(const QLocale& locale) const
{
    // The C/POSIX locale (LANG=C, as on many servers and containers) has no currency conventions
    // and would write "3,000.00€"; the program's own language is US English, so it writes that.
    if (locale.language() == QLocale::C) {
        return formatted(QLocale(QLocale::English, QLocale::UnitedStates));
    }
    const qint64 magnitude = m_minor < 0 ? -m_minor : m_minor;
    // Grouped integer digits in the locale's numbering system (exact: an integer overload).
    QString number = locale.toString(magnitude / 100);
    number += locale.decimalPoint();
    const qint64 cents = magnitude % 100;
    number += locale.toString(cents / 10) + locale.toString(cents % 10);

    // The locale's currency pattern, learnt from a placeholder amount: toCurrencyString(qlonglong)
    // has no fraction digits, so the placeholder's digits appear exactly once. The placeholder
    // symbol has no digits, so the digits found are the amount's.
    const QString placeholderSymbol = u"\uFFFC"_s;
    const qlonglong placeholder = 7;
    QString pattern =
        locale.toCurrencyString(m_minor < 0 ? -placeholder : placeholder, placeholderSymbol);
    const QString placeholderDigits = locale.toString(placeholder);
    const qsizetype at = pattern.indexOf(placeholderDigits);
    if (at < 0) {
        // Not expected from any CLDR locale; fall back to a plain, still exact, form.
        return (m_minor < 0 ? locale.negativeSign() : QString()) + number + u' ' + m_currency;
    }
    pattern.replace(at, placeholderDigits.size(), number);
    pattern.replace(placeholderSymbol, currencySymbol(m_currency, locale));
    return pattern;
}

Result<Money> Money::plus(const Money& other) const
{
    if (m_currency != other.m_currency || !isValid()) {
        return Result<Money>(moneyError(kMixedCurrencies, u"currency mismatch"_s));
    }
    // Both within ±kMaxMinorUnits (about 1e17): the sum fits in qint64; fromMinorUnits bounds it.
    return fromMinorUnits(m_minor + other.m_minor, m_currency);
}

Result<Money> Money::minus(const Money& other) const
{
    if (m_currency != other.m_currency || !isValid()) {
        return Result<Money>(moneyError(kMixedCurrencies, u"currency mismatch"_s));
    }
    return fromMinorUnits(m_minor - other.m_minor, m_currency);
}

} // namespace Fabrikam::Bank
