#include "auth/stepup.h"

namespace Fabrikam::Auth {

namespace {

const QString kOfflineAccess = QStringLiteral("offline_access");

// A re-authorization for `scopes` (plus the challenge's), its acr_values and max_age when given,
// for `person`.
RequestSpec reauthorization(const SessionSettings& settings, QStringList scopes,
                            const std::optional<BearerChallenge>& challenge,
                            const SignedInPerson& person)
{
    RequestSpec spec{{}, settings.audience, settings.resource, {}, {}, {}};
    if (settings.accountHint == AccountHint::IdToken && !person.idToken.isEmpty()) {
        spec.idTokenHint = person.idToken;
    } else {
        spec.loginHint = person.loginHint;
    }
    if (challenge) {
        scopes.append(challenge->scope);
        spec.acrValues = challenge->acrValues;
        spec.maxAge = challenge->maxAge;
    }
    scopes.removeDuplicates();
    scopes.removeAll(kOfflineAccess);
    spec.scopes = std::move(scopes);
    return spec;
}

} // namespace

RequestSpec signInRequest(const SessionSettings& settings)
{
    return RequestSpec{settings.baseScopes, settings.audience, settings.resource, {}, {}, {}};
}

RequestSpec transferStepUpRequest(const SessionSettings& settings,
                                  const std::optional<BearerChallenge>& challenge,
                                  const SignedInPerson& person)
{
    return reauthorization(settings, {QStringLiteral("openid"), settings.stepUpScope}, challenge,
                           person);
}

RequestSpec permissionRequest(const SessionSettings& settings, const BearerChallenge& challenge,
                              const SignedInPerson& person)
{
    return reauthorization(settings, {QStringLiteral("openid")}, challenge, person);
}

RequestSpec verificationRequest(const SessionSettings& settings,
                                const std::optional<BearerChallenge>& challenge,
                                const SignedInPerson& person)
{
    QStringList scopes{QStringLiteral("openid")};
    scopes.append(settings.baseScopes);
    RequestSpec spec = reauthorization(settings, std::move(scopes), challenge, person);
    if (spec.acrValues.isEmpty()) {
        spec.acrValues = {settings.mfaAcr};
    }
    if (!spec.maxAge) {
        spec.maxAge = settings.sensitiveMaxAge;
    }
    return spec;
}

} // namespace Fabrikam::Auth
