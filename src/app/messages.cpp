#include "app/messages.h"

#include "auth/errors.h"
#include "bank/errors.h"
#include "vault/errors.h"

#include <QCoreApplication>

namespace Fabrikam::App {

using Common::ErrorCode;

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("Fabrikam::App", text);
}

// What the provider or the lower layer said, as a second sentence (already translated there).
QString withReason(const QString& sentence, const Common::Error& error)
{
    return error.message.isEmpty() ? sentence : sentence + QLatin1Char(' ') + error.message;
}

// What the raising layer wants the person to read whatever the sentence (e.g. that answers for
// another sign-in came and were ignored, RFC 6749 §10.12), as a second sentence.
QString withNote(const QString& sentence, const Common::Error& error)
{
    return error.note.isEmpty() ? sentence : sentence + QLatin1Char(' ') + error.note;
}

} // namespace

QString describeError(const Common::Error& error, Activity activity)
{
    const bool transfer = activity == Activity::Transfer;
    const bool verify = activity == Activity::Verify;
    const Common::ErrorCode& code = error.code;
    if (code == Common::Errc::Cancelled) {
        return withNote(transfer ? tr("You stopped the confirmation, so nothing was transferred.")
                        : verify
                            ? tr("You stopped the confirmation, so the statements stay locked.")
                            : tr("Sign-in was cancelled. You can sign in again at any time."),
                        error);
    }
    if (code == Auth::Errc::AuthorizationDenied) {
        // access_denied: the person pressed Cancel in the browser, or the provider refused the
        // second factor (e.g. none is available). The provider's own words tell which.
        return withReason(transfer ? tr("Fabrikam could not confirm it's you, so nothing was "
                                        "transferred.")
                          : verify ? tr("Fabrikam could not confirm it's you, so the statements "
                                        "stay locked.")
                                   : tr("Sign-in was stopped in the browser."),
                          error);
    }
    if (code == Auth::Errc::MfaNotPerformed) {
        return tr("The browser came back without a second factor. Try again and enter the code "
                  "from your authenticator app.");
    }
    if (code == Common::Errc::Timeout) {
        return withNote(
            transfer ? tr("The browser did not come back in time, so nothing was transferred.")
            : verify ? tr("The browser did not come back in time. Try again.")
                     : tr("The browser did not come back in time. Try signing in again."),
            error);
    }
    if (code == Auth::Errc::BrowserUnavailable) {
        return withReason(tr("No web browser could be started."), error);
    }
    if (code == Auth::Errc::ProviderUnavailable || code == Common::Errc::Network) {
        return tr("The sign-in service cannot be reached right now. Check your connection and "
                  "try again.");
    }
    if (code == Auth::Errc::NotSignedIn || code == Auth::Errc::SessionExpired) {
        return tr("Your session has ended. Sign in again to continue.");
    }
    if (code == Vault::Errc::KeychainUnavailable || code == Vault::Errc::KeychainAccessDenied) {
        return withReason(tr("The system keychain could not be used."), error);
    }
    if (code == Auth::Errc::PortInUse || code == Auth::Errc::ListenFailed) {
        return withReason(tr("Fabrikam could not wait for the browser's answer."), error);
    }
    return error.message.isEmpty()
               ? tr("Something went wrong (%1). Try again, or open Diagnostics for details.")
                     .arg(Common::errorCodeName(error.code))
               : error.message;
}

QString describeBankError(const Bank::ApiError& error, Activity activity)
{
    // The bank client's own words (translated there): they name the bank, not the browser or the
    // sign-in service, and say that nothing was changed.
    const Common::ErrorCode& code = error.code;
    const bool bankSaid = code == Common::Errc::Network || code == Common::Errc::Timeout ||
                          code == Bank::Errc::ApiUnavailable || code == Bank::Errc::ApiRejected ||
                          code == Bank::Errc::InvalidResponse;
    if (bankSaid && !error.message.isEmpty()) {
        return error.message;
    }
    return describeError(error, activity);
}

QString describeTransferError(const Bank::ApiError& error)
{
    if (error.outcomeUnknown) {
        return tr("We could not find out whether the transfer went through. Check your recent "
                  "transfers before anything else. Trying this same transfer again is safe: it "
                  "will never be made twice.");
    }
    const Common::ErrorCode& code = error.code;
    if (code == Bank::Errc::InsufficientScope ||
        code == Bank::Errc::InsufficientUserAuthentication) {
        return tr("The bank asked for a fresher confirmation again, so the transfer was not "
                  "made. Try again in a moment.");
    }
    if (code == Auth::Errc::ScopeNotGranted) {
        return tr("Fabrikam did not get permission to move money from the sign-in service, so "
                  "nothing was transferred.");
    }
    if (code == Bank::Errc::InvalidToken) {
        return tr("The confirmation expired or was already used, so the transfer was not made. "
                  "Try again.");
    }
    if (code == Bank::Errc::ApiRejected) {
        // The refusals a person can act on, in their language; any other in the bank's words.
        const QString problem = error.problem ? error.problem->code : QString();
        if (problem == QLatin1String("insufficient_funds")) {
            return tr("There is not enough money in the account you chose, so nothing was "
                      "transferred. Choose a smaller amount or another account.");
        }
        if (problem == QLatin1String("limit_exceeded")) {
            return tr("The amount is above the bank's limit for one transfer, so nothing was "
                      "transferred. Split it into smaller transfers.");
        }
        if (problem == QLatin1String("currency_mismatch")) {
            return tr("Both accounts must hold the transfer's currency, so nothing was "
                      "transferred.");
        }
        if (problem == QLatin1String("unknown_account") ||
            problem == QLatin1String("foreign_account")) {
            return tr("The bank does not know one of the accounts, or you cannot send money "
                      "from it, so nothing was transferred. Refresh your accounts and try "
                      "again.");
        }
        const QString detail = error.problem && !error.problem->detail.isEmpty()
                                   ? error.problem->detail
                                   : error.message;
        return tr("The bank refused the transfer: %1").arg(detail);
    }
    if (code == Bank::Errc::ApiUnavailable) {
        return tr("The bank cannot take transfers right now, and nothing was transferred. Try "
                  "again later.");
    }
    if (code == Common::Errc::Network || code == Common::Errc::Timeout) {
        return tr("Fabrikam could not reach the bank, and nothing was transferred. Check your "
                  "connection and try again.");
    }
    return describeError(error, Activity::Transfer);
}

} // namespace Fabrikam::App
