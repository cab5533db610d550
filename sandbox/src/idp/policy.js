// Fabrikam's step-up policy (the equivalent of its Auth0 Action), expressed as oidc-provider prompts.
//
//   prompts, in order:  login  ->  enroll (ours)  ->  mfa (ours)  ->  consent   (ours: not requestable)
//
// * `enroll` is its own flow: it fires for a user who has no second factor yet and may set one up
//   (seed `mfa: "enroll"`), right after the password at sign-in (the person may say "Not now") and
//   on a step-up (which cannot go on without a factor). Setting up a factor proves nothing but the
//   password that started it, so it never counts as the step-up's MFA: the `mfa` prompt follows and
//   asks for a code from the new factor, and a transfer step-up refuses a factor enrolled less than
//   the `mfa-new-factor-wait` scenario ago (interactions.js), as a bank does.
// * `mfa` fires when the request is a step-up (transfer:funds requested, the PAPE multi-factor ACR in
//   acr_values or as an essential acr in the claims parameter, or max_age exceeded on a live session)
//   and no TOTP was verified during this very authorization request. There is no "remember this
//   browser": every step-up asks again.
// * The login prompt's max_age / essential_acr(s) checks are wrapped so that a step-up on a live
//   session asks only for the missing factor (the code), not the password again.
// * Consent is implicit for the first-party clients (no screen): `native_client_prompt` and the
//   `consent_prompt` check are switched off for them and the grant is filled in loadExistingGrant.
import { interactionPolicy } from 'oidc-provider';

const { Prompt, Check, base } = interactionPolicy;

export const MFA_ACR = 'http://schemas.openid.net/pape/policies/2007/06/multi-factor';
export const PWD_ACR = 'urn:fabrikam:acr:pwd';
export const STEP_UP_SCOPE = 'transfer:funds';

function acrClaimWantsMfa(ctx) {
  const acr = ctx.oidc.claims?.id_token?.acr;
  if (!acr?.essential) return false;
  return acr.value === MFA_ACR || (Array.isArray(acr.values) && acr.values.includes(MFA_ACR));
}

/** Why this authorization request needs MFA (empty: it does not). */
export function stepUpReasons(ctx) {
  const { oidc } = ctx;
  const reasons = [];
  if (oidc.requestParamScopes.has(STEP_UP_SCOPE)) reasons.push('scope');
  if (String(oidc.params.acr_values ?? '').split(' ').includes(MFA_ACR)) reasons.push('acr_values');
  if (acrClaimWantsMfa(ctx)) reasons.push('claims_acr');
  if (oidc.params.max_age !== undefined && oidc.session.accountId && oidc.session.past(oidc.params.max_age)) {
    reasons.push('max_age');
  }
  return reasons;
}

/** True once a code was verified in this authorization request (set by our MFA handler). */
export function mfaDoneNow(ctx) {
  return Boolean(ctx.oidc.result?.mfa);
}

/** True once the person set up a factor or said "Not now" in this authorization request. */
export function enrollmentAnsweredNow(ctx) {
  return Boolean(ctx.oidc.result?.enroll);
}

/** accounts: { bySub, factor } (index.js); isFirstParty(client). */
export function createPolicy({ isFirstParty, accounts }) {
  const policy = base();

  const login = policy.get('login');
  const liveSession = (ctx) => Boolean(ctx.oidc.session.accountId);
  // max_age exceeded on a live session: the mfa prompt asks for the code only.
  const maxAge = login.checks.get('max_age');
  const maxAgeOriginal = maxAge.check;
  maxAge.check = (ctx) => (liveSession(ctx) ? Check.NO_NEED_TO_PROMPT : maxAgeOriginal(ctx));
  // essential acr = MFA on a live session: the mfa prompt handles it; other ACRs keep the default.
  for (const reason of ['essential_acrs', 'essential_acr']) {
    const check = login.checks.get(reason);
    const original = check.check;
    check.check = (ctx) => (liveSession(ctx) && acrClaimWantsMfa(ctx) ? Check.NO_NEED_TO_PROMPT : original(ctx));
  }

  const mfa = new Prompt(
    { name: 'mfa', requestable: false },
    (ctx) => ({ reasons: stepUpReasons(ctx) }),
    new Check('step_up', 'multi-factor authentication is required', 'interaction_required', (ctx) => {
      if (mfaDoneNow(ctx)) return Check.NO_NEED_TO_PROMPT;
      return stepUpReasons(ctx).length ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT;
    }),
  );
  policy.add(mfa, policy.findIndex((p) => p.name === 'consent'));

  const mayEnrollNow = (ctx) => {
    const user = accounts.bySub(ctx.oidc.session.accountId);
    return Boolean(user) && accounts.factor(user) === 'enroll';
  };
  const enroll = new Prompt(
    { name: 'enroll', requestable: false },
    (ctx) => ({ reasons: stepUpReasons(ctx) }),
    new Check('no_factor', 'a second factor must be set up first', 'interaction_required', (ctx) => {
      if (enrollmentAnsweredNow(ctx) || !mayEnrollNow(ctx)) return Check.NO_NEED_TO_PROMPT;
      // a step-up needs a factor; a sign-in offers one right after the password
      if (stepUpReasons(ctx).length || ctx.oidc.result?.login) return Check.REQUEST_PROMPT;
      return Check.NO_NEED_TO_PROMPT;
    }),
  );
  policy.add(enroll, policy.findIndex((p) => p.name === 'mfa'));

  const consent = policy.get('consent');
  for (const reason of ['native_client_prompt', 'consent_prompt']) {
    const check = consent.checks.get(reason);
    const original = check.check;
    check.check = (ctx) => (isFirstParty(ctx.oidc.client) ? Check.NO_NEED_TO_PROMPT : original(ctx));
  }

  return policy;
}

/**
 * loadExistingGrant for first-party clients: consent is implicit, so the session's grant (or a new
 * one) gets whatever this request asks for, and is saved.
 */
export async function loadImplicitGrant(ctx, { isFirstParty }) {
  const { oidc } = ctx;
  const grantId = oidc.result?.consent?.grantId || oidc.session.grantIdFor(oidc.client.clientId);
  let grant = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
  if (grant && (grant.accountId !== oidc.session.accountId || grant.clientId !== oidc.client.clientId)) grant = undefined;
  if (!isFirstParty(oidc.client)) return grant;
  if (!grant) grant = new oidc.provider.Grant({ accountId: oidc.session.accountId, clientId: oidc.client.clientId });

  const oidcScopes = [...oidc.requestParamOIDCScopes];
  if (oidcScopes.length) grant.addOIDCScope(oidcScopes.join(' '));
  const claims = [...oidc.requestParamClaims];
  if (claims.length) grant.addOIDCClaims(claims);
  for (const [indicator, resourceServer] of Object.entries(oidc.resourceServers)) {
    const scopes = [...oidc.requestParamScopes].filter((s) => resourceServer.scopes.has(s));
    if (scopes.length) grant.addResourceScope(indicator, scopes.join(' '));
  }
  await grant.save();
  return grant;
}
