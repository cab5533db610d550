#include "cli/exitcodes.h"

#include "auth/errors.h"
#include "bank/errors.h"
#include "vault/errors.h"

namespace Fabrikam::Cli {

namespace {

ExitCode exitCodeFor(Common::Errc code)
{
    switch (code) {
    case Common::Errc::InvalidInput:
        return ExitUsage;
    case Common::Errc::Cancelled:
    case Common::Errc::Timeout:
        return ExitCancelled;
    case Common::Errc::Network:
        return ExitUnavailable;
    case Common::Errc::Internal:
        return ExitInternal;
    case Common::Errc::Protocol:
        break;
    }
    return ExitAuthRefused;
}

ExitCode exitCodeFor(Auth::Errc code)
{
    switch (code) {
    case Auth::Errc::NotSignedIn:
        return ExitNotSignedIn;
    case Auth::Errc::ProviderUnavailable:
        return ExitUnavailable;
    default:
        // Everything about who the person is: provider refusals, ID token checks, the loopback
        // receiver's refusals, expired sessions, missing MFA.
        return ExitAuthRefused;
    }
}

ExitCode exitCodeFor(Bank::Errc code)
{
    return code == Bank::Errc::ApiUnavailable ? ExitUnavailable : ExitApiError;
}

} // namespace

ExitCode exitCodeFor(const Common::ErrorCode& code)
{
    if (const auto generic = code.as<Common::Errc>()) {
        return exitCodeFor(*generic);
    }
    if (const auto auth = code.as<Auth::Errc>()) {
        return exitCodeFor(*auth);
    }
    if (code.is<Vault::Errc>() && code != Vault::Errc::EntryNotFound) {
        return ExitKeychain;
    }
    if (const auto bank = code.as<Bank::Errc>()) {
        return exitCodeFor(*bank);
    }
    return ExitAuthRefused;
}

} // namespace Fabrikam::Cli
