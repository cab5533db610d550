#include "cli/exitcodes.h"

namespace Fabrikam::Cli {

ExitCode exitCodeFor(Common::ErrorCode code)
{
    using E = Common::ErrorCode;
    switch (code) {
    case E::InvalidInput:
        return ExitUsage;
    case E::NotSignedIn:
        return ExitNotSignedIn;
    case E::Cancelled:
    case E::Timeout:
        return ExitCancelled;
    case E::Network:
    case E::ProviderUnavailable:
    case E::ApiUnavailable:
        return ExitUnavailable;
    case E::KeychainUnavailable:
    case E::KeychainAccessDenied:
    case E::StoredDataInvalid:
    case E::SecretTooLarge:
        return ExitKeychain;
    case E::InsufficientScope:
    case E::InsufficientUserAuthentication:
    case E::InvalidToken:
    case E::ApiRejected:
    case E::InvalidResponse:
        return ExitApiError;
    case E::Internal:
        return ExitInternal;
    default:
        // Everything about who the person is: provider refusals, ID token checks, the loopback
        // receiver's refusals, expired sessions, missing MFA.
        return ExitAuthRefused;
    }
}

} // namespace Fabrikam::Cli
