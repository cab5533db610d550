#include "auth/stepup.h"

namespace Fabrikam::Auth {

namespace {

const QString kOfflineAccess = QStringLiteral("offline_access");

// A re-authorization for `scopes` (plus the challenge's), its acr_values and max_age when given.
RequestSpec reauthorization(const SessionSettings& settings, QStringList scopes,
                            const std::optional<BearerChallenge>& challenge)
{
    RequestSpec spec{{}, settings.audience, settings.resource, {}, {}, {}};
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
                                  const std::optional<BearerChallenge>& challenge)
{
    return reauthorization(settings, {QStringLiteral("openid"), settings.stepUpScope}, challenge);
}

RequestSpec permissionRequest(const SessionSettings& settings, const BearerChallenge& challenge)
{
    return reauthorization(settings, {QStringLiteral("openid")}, challenge);
}

RequestSpec verificationRequest(const SessionSettings& settings,
                                const std::optional<BearerChallenge>& challenge)
{
    QStringList scopes{QStringLiteral("openid")};
    scopes.append(settings.baseScopes);
    RequestSpec spec = reauthorization(settings, std::move(scopes), challenge);
    if (spec.acrValues.isEmpty()) {
        spec.acrValues = {settings.mfaAcr};
    }
    if (!spec.maxAge) {
        spec.maxAge = settings.sensitiveMaxAge;
    }
    return spec;
}

} // namespace Fabrikam::Auth
