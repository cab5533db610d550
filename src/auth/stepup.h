#pragma once

#include "auth/authorizationflow.h"
#include "auth/challenge.h"
#include "auth/sessionsettings.h"

#include <optional>

namespace Fabrikam::Auth {

// What each authorization request asks the provider for: pure decisions from the profile's
// settings and, when the API refused a token, its challenge (RFC 6750 §3, RFC 9470 §3): the
// challenge's scope on top of ours, its acr_values and max_age instead of the profile's.
// AuthSession runs the flows; these say what the flows ask. Every re-authorization leaves out
// offline_access (no long-lived elevated grant, DESIGN.md section 2) and names the person signed
// in, so that the provider does not answer for whoever else its browser session holds.

// The person signed in, as a re-authorization names them to the provider (AccountHint): their last
// ID token as sent (empty when none is in hand, e.g. after a refresh without one) and the
// login_hint value (their e-mail, else their subject).
struct SignedInPerson
{
    QByteArray idToken;
    QString loginHint;
};

// The sign-in: the profile's base scopes, refresh token included.
[[nodiscard]] RequestSpec signInRequest(const SessionSettings& settings);

// "Step-up Authentication for APIs": openid and the step-up scope (e.g. transfer:funds), for a
// token that is sent once.
[[nodiscard]] RequestSpec transferStepUpRequest(const SessionSettings& settings,
                                                const std::optional<BearerChallenge>& challenge,
                                                const SignedInPerson& person);

// RFC 6750 §3.1 for any other call (403 insufficient_scope): openid and the scope the API names.
[[nodiscard]] RequestSpec permissionRequest(const SessionSettings& settings,
                                            const BearerChallenge& challenge,
                                            const SignedInPerson& person);

// "Step-up Authentication for web apps" and RFC 9470 (401 insufficient_user_authentication): the
// base scopes, with the challenge's acr_values and max_age or else the profile's mfaAcr and
// sensitiveMaxAge. max_age is always set: it is how fresh the second factor must be.
[[nodiscard]] RequestSpec verificationRequest(const SessionSettings& settings,
                                              const std::optional<BearerChallenge>& challenge,
                                              const SignedInPerson& person);

} // namespace Fabrikam::Auth
