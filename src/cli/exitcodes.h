#pragma once

#include "common/result.h"

namespace Fabrikam::Cli {

// fabrikam-cli's exit codes (documented in --help, the man page and docs/cli.md). Scripts rely on
// them: never renumber.
enum ExitCode : int
{
    ExitOk = 0,
    ExitNotSignedIn = 2,  // whoami (and others) with nobody signed in
    ExitUsage = 64,       // bad command line or profile
    ExitAuthRefused = 65, // sign-in or step-up refused: denied, MFA failed, token invalid, …
    ExitApiError = 66,    // the Fabrikam API refused or failed the request
    ExitKeychain = 67,    // the keychain could not be used where it was required
    ExitCancelled = 68,   // cancelled or timed out (browser step)
    ExitUnavailable = 69, // provider or API unreachable / 5xx
    ExitInternal = 70,
    // EX_TEMPFAIL: a transfer's answer was lost; run the same command again.
    ExitOutcomeUnknown = 75,
};

[[nodiscard]] ExitCode exitCodeFor(const Common::ErrorCode& code);

} // namespace Fabrikam::Cli
