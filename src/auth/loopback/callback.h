#pragma once

// What a callback to the loopback redirect means for a flow awaiting one state (RFC 6749 §4.1.2,
// RFC 9207): the authorization response, the provider's error, a failure, or nobody's. No socket.

#include "common/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

namespace Fabrikam::Auth {

// The authorization response of RFC 6749 §4.1.2 as it reached the loopback redirect.
//
// `code` is a secret until it is exchanged: like CodeVerifier this type deliberately has no
// operator<< and no QDebug support. Log Common::redact(code.toUtf8()) if anything.
struct AuthorizationResponse
{
    QString code;
    QByteArray state;
    std::optional<QString> iss; // RFC 9207, when the provider sent it
    // Every query parameter of the callback, fully decoded, in the order received, code and state
    // included (each name occurs once: repeated parameters are refused, RFC 6749 §3.1).
    QList<QPair<QString, QString>> parameters;
};

// The provider's own words when it answered with error= (RFC 6749 §4.1.2.1). Kept beside the
// Error because Common::Error has no room for three fields; LoopbackReceiver::providerError().
struct AuthorizationErrorResponse
{
    QString error;            // e.g. access_denied, login_required
    QString errorDescription; // human-readable, may be empty
    QString errorUri;         // may be empty; never opened by us
};

// How the RFC 9207 `iss` authorization response parameter is checked (mix-up defence).
struct IssuerCheck
{
    // The provider's issuer identifier (discovery "issuer"); empty: nothing to compare with, `iss`
    // is ignored.
    QString issuer;
    // The provider advertises authorization_response_iss_parameter_supported: a callback without
    // `iss` fails (RFC 9207 §2.4). Otherwise `iss` is optional, but if present it must match.
    bool required = false;
};

// What a GET /callback query means for a flow awaiting `state`: not ours (another or no state:
// answered and ignored), a failure that ends the flow (repeated parameters, RFC 9207 iss, no
// code), the provider's error= in its own words, or the authorization response.
struct CallbackVerdict
{
    enum class Kind
    {
        NotOurs,
        Failed,
        ProviderError,
        Succeeded
    };
    Kind kind = Kind::NotOurs;
    Common::Error error;                                     // Failed, ProviderError
    std::optional<AuthorizationErrorResponse> providerError; // ProviderError
    QString providerText;           // ProviderError: the provider's words, tidied, for the page
    AuthorizationResponse response; // Succeeded
};

// Judges a callback's query exactly as sent, not yet decoded. `state` is the awaited request's
// state (compared in constant time, exactly). Pure, so that it can be fuzzed on its own
// (fuzz/fuzz_loopback.cpp); LoopbackReceiver::handleCallback() acts on it.
[[nodiscard]] CallbackVerdict evaluateCallback(QByteArrayView query, QByteArrayView state,
                                               const IssuerCheck& issuer);

} // namespace Fabrikam::Auth
