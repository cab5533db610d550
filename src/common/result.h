#pragma once

#include <QMetaEnum>
#include <QMetaType>
#include <QObject>
#include <QString>

#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

namespace Fabrikam::Common {

Q_NAMESPACE

// What went wrong, as a stable code of the layer that raised it (STYLE.md, like std::error_code):
// each layer declares its own `enum class Errc` with Q_ENUM_NS (auth/errors.h, vault/errors.h,
// bank/errors.h), and an ErrorCode holds one value of one of them. Callers decide on these codes,
// never on the free-text detail:
//   if (error.code == Auth::Errc::SessionExpired) ...
//   if (const auto api = error.code.as<Bank::Errc>()) switch (*api) { ... }
// Codes are never renumbered silently: append new ones at the end of their enum.

// The codes any layer may raise.
enum class Errc
{
    Internal,     // a bug or a broken invariant on our side
    InvalidInput, // the caller passed something unusable (e.g. an empty nonce)
    Network,
    Timeout,
    Cancelled,
    Protocol, // a peer broke the protocol in a way no more specific code describes
};
Q_ENUM_NS(Errc)

// One value of one layer's Errc. Two codes are equal when both the enum and the value are.
class ErrorCode
{
public:
    ErrorCode()
        : ErrorCode(Errc::Internal)
    {}
    template <class E>
    requires(std::is_enum_v<E>&& bool(QtPrivate::IsQEnumHelper<E>::Value)) ErrorCode(
        E value) // NOLINT(google-explicit-constructor): `code == Auth::Errc::X` reads best
        : m_enum(QMetaType::fromType<E>())
        , m_value(static_cast<int>(value))
        , m_key(&keyOf<E>)
    {}

    // Whether the code is one of E's.
    template <class E> [[nodiscard]] bool is() const { return m_enum == QMetaType::fromType<E>(); }
    // The value as E, when the code is one of E's (for a switch over one layer's codes).
    template <class E> [[nodiscard]] std::optional<E> as() const
    {
        return is<E>() ? std::optional<E>(static_cast<E>(m_value)) : std::nullopt;
    }
    // "InvalidSignature" etc.: for logs, traces, --json and the diagnostics view, never shown as
    // a sentence. Unique across layers.
    [[nodiscard]] QString name() const;

    friend bool operator==(const ErrorCode& a, const ErrorCode& b)
    {
        return a.m_enum == b.m_enum && a.m_value == b.m_value;
    }

private:
    template <class E> static const char* keyOf(int value)
    {
        return QMetaEnum::fromType<E>().valueToKey(value);
    }

    QMetaType m_enum;
    int m_value = 0;
    const char* (*m_key)(int) = nullptr;
};

// The same as code.name().
[[nodiscard]] QString errorCodeName(const ErrorCode& code);

// QTest prints an ErrorCode by its name in a failed QCOMPARE (found by argument-dependent lookup;
// the caller deletes the string, as QTest::toString's contract says).
[[nodiscard]] inline char* toString(const ErrorCode& code)
{
    return qstrdup(code.name().toUtf8().constData());
}

struct Error
{
    Error() = default;
    Error(ErrorCode errorCode, QString words, QString forSupport = {}, QString alsoSay = {})
        : code(std::move(errorCode))
        , message(std::move(words))
        , detail(std::move(forSupport))
        , note(std::move(alsoSay))
    {}

    ErrorCode code;
    // Words for the user, already passed through QCoreApplication::translate.
    QString message;
    // For support staff: which claim, which value class, which step. Never a secret or a token,
    // and never read by a program: callers decide on `code`.
    QString detail;
    // A sentence the person must read whatever words the front end chooses for `code` (already
    // translated, and part of `message` too): e.g. that answers for another sign-in came and
    // were ignored while this one waited. Empty for most errors.
    QString note;
};

// Holds either a T or an Error (STYLE.md rule 3). Construct explicitly:
//   return Result<IdToken>(token);   return Result<IdToken>(Error{...});
template <class T> class [[nodiscard]] Result
{
    static_assert(!std::is_same_v<std::remove_cvref_t<T>, Error>, "Result<Error> is ambiguous");
    static_assert(!std::is_reference_v<T>, "Result holds values");

public:
    explicit Result(T value)
        : m_data(std::in_place_index<0>, std::move(value))
    {}
    explicit Result(Error error)
        : m_data(std::in_place_index<1>, std::move(error))
    {}

    [[nodiscard]] bool ok() const { return m_data.index() == 0; }

    // Calling value() on an error (or error() on a value) is a programming error and throws
    // std::bad_variant_access.
    [[nodiscard]] const T& value() const& { return std::get<0>(m_data); }
    [[nodiscard]] T& value() & { return std::get<0>(m_data); }
    [[nodiscard]] T&& value() && { return std::get<0>(std::move(m_data)); }

    [[nodiscard]] const Error& error() const { return std::get<1>(m_data); }

private:
    std::variant<T, Error> m_data;
};

// A step that yields nothing but can fail: Result<void>() is success.
template <> class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    explicit Result(Error error)
        : m_error(std::move(error))
    {}

    [[nodiscard]] bool ok() const { return !m_error.has_value(); }
    [[nodiscard]] const Error& error() const { return m_error.value(); }

private:
    std::optional<Error> m_error;
};

} // namespace Fabrikam::Common
