#pragma once

#include "bank/apierror.h"
#include "common/result.h"

#include <QString>

namespace Fabrikam::App {

// What the user was doing when something failed: the same error code reads differently when
// signing in than when confirming a transfer (STYLE.md rule 3: the UI maps codes to sentences).
enum class Activity
{
    SignIn,
    Restore,
    Transfer,
    Verify,
    Refresh,
    SignOut,
};

// One or two sentences for the user. Never a token; the technical detail is for diagnostics.
[[nodiscard]] QString describeError(const Common::Error& error, Activity activity);
// A failed read from the bank (accounts, recent transfers, a statement): the bank's trouble in
// the bank client's words, anything about the sign-in as describeError() says it.
[[nodiscard]] QString describeBankError(const Bank::ApiError& error, Activity activity);
// A failed transfer: distinct words for cancel, denial, challenge, refusal (the API's problem
// detail, e.g. insufficient funds), network trouble and an unknown outcome.
[[nodiscard]] QString describeTransferError(const Bank::ApiError& error);

} // namespace Fabrikam::App
