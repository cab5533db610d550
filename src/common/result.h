#pragma once

#include <QObject>
#include <QString>

#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

namespace Fabrikam::Common {

Q_NAMESPACE

// What went wrong, as a stable code. The UI maps codes to sentences; diagnostics print the name
// (errorCodeName). Codes are never renumbered silently: append new ones at the end of a group.
enum class ErrorCode
{
    // Generic
    Internal,     // a bug or a broken invariant on our side
    InvalidInput, // the caller passed something unusable (e.g. an empty nonce)
    Network,
    Timeout,
    Cancelled,
    Protocol, // a peer broke the protocol in a way no more specific code describes

    // JOSE (RFC 7515, RFC 7518)
    MalformedToken,       // not a compact JWS: segments, base64url, JSON
    TokenTooLarge,        // over the size we are willing to parse
    UnsupportedAlgorithm, // none, HMAC, or anything other than RS256/PS256/ES256
    AlgorithmKeyMismatch, // the alg does not fit the key's type (or the JWK's own alg)
    UnsupportedCriticalHeader,
    InvalidSignature,

    // JWKS (RFC 7517)
    InvalidKeySet,  // the document is not a JWK Set
    UnsupportedKey, // a single JWK we cannot or will not use
    UnknownKeyId,   // no key with the header's kid: refetch the JWKS once, then refuse
    NoSuitableKey,  // no kid and no key of the right type
    AmbiguousKey,   // no kid and more than one key of the right type

    // ID token (OIDC Core 3.1.3.7)
    MissingClaim,
    InvalidClaim, // present with the wrong JSON type or an impossible value
    IssuerMismatch,
    AudienceMismatch,
    AuthorizedPartyMissing,
    AuthorizedPartyMismatch,
    TokenExpired,
    IssuedInFuture,
    NonceMissing,
    NonceMismatch,
    AuthTimeMissing,
    AuthenticationTooOld,

    // WWW-Authenticate (RFC 9110 §11.6.1, RFC 6750 §3, RFC 9470 §3)
    MalformedChallenge,
    ChallengeMissing,

    // OpenID Provider (OIDC Discovery, RFC 6749 §5.2)
    ProviderMisconfigured, // discovery document unusable, issuer mismatch, missing endpoints
    InsecureEndpoint,      // http:// to anything but a loopback address
    TokenRequestRejected,  // the token endpoint answered with an OAuth error (invalid_grant, ...)
    ProviderUnavailable,   // 5xx or no answer from the provider
    InvalidProviderResponse,
    BrowserUnavailable,    // the browser could not be started
    NotSignedIn,
    SessionExpired,        // the refresh token was refused: sign in again
    MfaNotPerformed,       // a verification came back without a second factor

    // Loopback redirect receiver (RFC 8252 §7.3, RFC 6749 §4.1.2, RFC 9207)
    PortInUse,           // the profile's fixed redirect port is taken by another program
    ListenFailed,        // any other reason the loopback listener could not start
    AuthorizationDenied, // the provider answered error=access_denied (RFC 6749 §4.1.2.1)
    AuthorizationFailed, // the provider answered any other error= (RFC 6749 §4.1.2.1)
    CallbackInvalid,     // right state, but neither code nor error, or a repeated parameter
    IssuerMissing,       // RFC 9207 §2.4: iss required by the provider's metadata but absent

    // Vault: system keychain and stored session records (src/vault)
    KeychainUnavailable,  // no usable Secret Service / Credential Manager / Keychain right now
    KeychainAccessDenied, // the keychain is locked or the user refused access
    EntryNotFound,        // nothing stored under that key: "signed out", not a failure
    StoredDataInvalid,    // a stored entry does not parse or has an unknown version; left as is
    SecretTooLarge,       // over the 2 KiB a Windows Credential Manager entry holds

    // Fabrikam API (src/bank): RFC 6750 / RFC 9470 challenges, RFC 9457 problems, availability
    InsufficientScope,              // 403 insufficient_scope: step up for the scope it names
    InsufficientUserAuthentication, // 401 RFC 9470: re-authenticate with its acr_values / max_age
    InvalidToken,                   // 401 invalid_token (expired, already used, ...) or no token
    ApiRejected,                    // a 4xx problem+json: the API refused the request, in its words
    ApiUnavailable,                 // 5xx: the API could not answer now
    InvalidResponse,                // not the JSON we expect, or larger than we accept
};
Q_ENUM_NS(ErrorCode)

// "InvalidSignature" etc.: for logs, traces and the diagnostics view, never shown as a sentence.
[[nodiscard]] QString errorCodeName(ErrorCode code);

struct Error
{
    ErrorCode code = ErrorCode::Internal;
    // Words for the user, already passed through QCoreApplication::translate.
    QString message;
    // For support staff: which claim, which value class, which step. Never a secret or a token.
    QString detail;
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
