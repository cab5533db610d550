#pragma once

#include "common/result.h"

#include <QLocale>
#include <QString>
#include <QStringView>

#include <compare>

namespace Fabrikam::Bank {

// An amount of money: integer minor units (cents) and an ISO 4217 currency code. No floating point
// anywhere: the wire format is a decimal string ("12.50"), parsed digit by digit; arithmetic is
// integer arithmetic with explicit bounds; formatting builds the digits from integers.
//
// Only currencies with two minor digits are supported (the Fabrikam API always sends two decimals);
// a code outside that list (JPY, BHD, "XYZ", "eur") is refused, not guessed.
//
// Immutable. A default-constructed Money is "no money" (empty currency, isValid() false): it exists
// only so that containers and aggregates can hold Money; every factory returns a valid one.
class Money
{
public:
    // 15 integer digits and 2 decimals: 999,999,999,999,999.99 — far inside qint64, so a sum or a
    // difference of two valid amounts can never overflow qint64 before it is checked.
    static constexpr qint64 kMaxMinorUnits = 99'999'999'999'999'999;
    static constexpr int kMaxIntegerDigits = 15;

    Money() = default;

    // Strict: ^\d{1,15}(\.\d{1,2})?$ — no sign, exponent, spaces, "+", locale separators, leading
    // "." or trailing ".". "12.5" is 1250 minor units. For amounts that cannot be negative
    // (balances, transfers). Errors: InvalidInput, with the reason in the detail.
    [[nodiscard]] static Common::Result<Money> parse(QStringView decimal, const QString& currency);
    // The same with an optional leading "-" (statement lines). "-0.00" is refused: zero has no
    // sign.
    [[nodiscard]] static Common::Result<Money> parseSigned(QStringView decimal,
                                                           const QString& currency);
    [[nodiscard]] static Common::Result<Money> fromMinorUnits(qint64 minorUnits,
                                                              const QString& currency);

    // Three upper-case letters of a supported ISO 4217 currency with two minor digits.
    [[nodiscard]] static bool isSupportedCurrency(QStringView code);

    [[nodiscard]] qint64 minorUnits() const { return m_minor; }
    [[nodiscard]] const QString& currency() const { return m_currency; }
    [[nodiscard]] bool isValid() const { return !m_currency.isEmpty(); }
    [[nodiscard]] bool isNegative() const { return m_minor < 0; }
    [[nodiscard]] bool isPositive() const { return m_minor > 0; }
    [[nodiscard]] bool isZero() const { return m_minor == 0; }

    // The wire format: "12.50", "-0.05", "0.00".
    [[nodiscard]] QString toDecimalString() const;

    // For people: the locale's currency pattern (symbol position, spacing, negative form such as
    // en_US "(€1.00)") and digits, e.g. en_US "€1,234.56", de_DE "1.234,56 €". Never rounds: the
    // integer part is grouped by QLocale::toString(qlonglong) and the two decimals are appended
    // from the integer remainder — QLocale::toCurrencyString(double) would pass through a binary
    // double (and round to the locale's own currency digits, e.g. 0 for ja_JP). The pattern is
    // taken from toCurrencyString(qlonglong) on a placeholder amount.
    [[nodiscard]] QString formatted(const QLocale& locale) const;

    // The currency symbol used by formatted(): the locale's own symbol when the locale's currency
    // is this one, else a symbol from a short table (€, $, £, ...), else the ISO code.
    [[nodiscard]] static QString currencySymbol(const QString& currency, const QLocale& locale);

    // Same currency only; the result must stay within ±kMaxMinorUnits. Errors: InvalidInput.
    [[nodiscard]] Common::Result<Money> plus(const Money& other) const;
    [[nodiscard]] Common::Result<Money> minus(const Money& other) const;

    friend bool operator==(const Money&, const Money&) = default;
    // Amounts in different currencies are unordered (every <, >, <=, >= is false).
    friend std::partial_ordering operator<=>(const Money& a, const Money& b)
    {
        if (a.m_currency != b.m_currency) {
            return std::partial_ordering::unordered;
        }
        return a.m_minor <=> b.m_minor;
    }

private:
    Money(qint64 minor, QString currency)
        : m_minor(minor)
        , m_currency(std::move(currency))
    {}

    qint64 m_minor = 0;
    QString m_currency;
};

} // namespace Fabrikam::Bank
