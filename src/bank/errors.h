#pragma once

#include "common/result.h"

#include <QObject>

namespace Fabrikam::Bank {

Q_NAMESPACE

// What the Fabrikam API client raises: RFC 6750 / RFC 9470 challenges, RFC 9457 problems,
// availability (Common::ErrorCode holds one of these).
enum class Errc
{
    InsufficientScope,              // 403 insufficient_scope: step up for the scope it names
    InsufficientUserAuthentication, // 401 RFC 9470: re-authenticate with its acr_values / max_age
    InvalidToken,                   // 401 invalid_token (expired, already used, ...) or no token
    ApiRejected,                    // a 4xx problem+json: the API refused the request, in its words
    ApiUnavailable,                 // 5xx: the API could not answer now
    InvalidResponse,                // not the JSON we expect, or larger than we accept
};
Q_ENUM_NS(Errc)

} // namespace Fabrikam::Bank
