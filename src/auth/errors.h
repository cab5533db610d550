#pragma once

#include "common/result.h"

#include <QObject>

namespace Fabrikam::Auth {

Q_NAMESPACE

// What the OpenID Connect core raises (Common::ErrorCode holds one of these).
enum class Errc
{
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
    TokenRequestRejected,  // the token endpoint answered with an OAuth error (invalid_scope, ...)
    ProviderUnavailable,   // 5xx or no answer from the provider
    InvalidProviderResponse,
    BrowserUnavailable, // the browser could not be started
    NotSignedIn,
    SessionExpired,  // the refresh token was refused (invalid_grant): sign in again
    MfaNotPerformed, // a verification came back without a second factor

    // Loopback redirect receiver (RFC 8252 §7.3, RFC 6749 §4.1.2, RFC 9207)
    PortInUse,                   // the profile's fixed redirect port is taken by another program
    ListenFailed,                // any other reason the loopback listener could not start
    AuthorizationDenied,         // the provider answered error=access_denied (RFC 6749 §4.1.2.1)
    AuthorizationFailed,         // the provider answered any other error= (RFC 6749 §4.1.2.1)
    AuthorizationRequestInvalid, // error=invalid_request: e.g. an id_token_hint it cannot verify
    CallbackInvalid,             // right state, but neither code nor error, or a repeated parameter
    IssuerMissing, // RFC 9207 §2.4: iss required by the provider's metadata but absent

    // Authorization outcome
    ScopeNotGranted, // the provider issued a token without a scope that was asked for
    AnotherAccount,  // a re-authorization was answered by someone other than the person signed in
};
Q_ENUM_NS(Errc)

} // namespace Fabrikam::Auth
