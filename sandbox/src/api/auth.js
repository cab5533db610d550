// Access-token checks for the Fabrikam API: RFC 9068 JWT access tokens verified with jose against
// the provider's JWKS, RFC 6750 bearer challenges, RFC 9470 step-up challenges.
import { createRemoteJWKSet, errors, jwtVerify } from 'jose';

export const REALM = 'fabrikam-api';
export const MFA_ACR = 'http://schemas.openid.net/pape/policies/2007/06/multi-factor';
export const ALGORITHMS = ['RS256', 'PS256', 'ES256'];
export const CLOCK_TOLERANCE_S = 5;

// RFC 6750 §2.1: b64token after "Bearer" and one or more spaces.
const BEARER_RE = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
const MAX_TOKEN_LENGTH = 8192;

/** A refusal carrying its HTTP status, WWW-Authenticate value and JSON body. */
export class AuthFailure {
  constructor(status, challenge, body, reason) {
    this.status = status;
    this.challenge = challenge;
    this.body = body;
    this.reason = reason; // for logs
  }
}

// RFC 6750 §3: error_description is %x20-21 / %x23-5B / %x5D-7E, i.e. no quote, no backslash.
const quoted = (s) => String(s).replace(/[^\x20-\x21\x23-\x5B\x5D-\x7E]/g, '');

export const challenges = {
  // RFC 6750 §3: no credentials → no error code.
  missing: () => new AuthFailure(401, `Bearer realm="${REALM}"`,
    { error: 'unauthorized', error_description: 'an access token is required in the Authorization: Bearer header' }, 'no_token'),
  invalidToken: (description) => new AuthFailure(401, `Bearer error="invalid_token", error_description="${quoted(description)}"`,
    { error: 'invalid_token', error_description: description }, description),
  // RFC 6750 §3.1
  insufficientScope: (scope) => new AuthFailure(403, `Bearer error="insufficient_scope", scope="${quoted(scope)}"`,
    { error: 'insufficient_scope', error_description: `the access token lacks the scope ${scope}` }, `scope:${scope}`),
  // RFC 9470 §3
  insufficientAuthentication: (maxAge, reason) => new AuthFailure(401,
    `Bearer error="insufficient_user_authentication", acr_values="${MFA_ACR}", max_age=${maxAge}`,
    { error: 'insufficient_user_authentication', error_description: `a multi-factor authentication no older than ${maxAge} seconds is required` },
    reason),
  unavailable: () => new AuthFailure(503, null,
    { error: 'temporarily_unavailable', error_description: 'the signing keys of the identity provider could not be fetched' }, 'jwks_unavailable'),
};

function describeJoseError(e) {
  if (e instanceof errors.JWTExpired) return 'token expired';
  if (e instanceof errors.JWTClaimValidationFailed) {
    if (e.claim === 'typ') return 'token type must be at+jwt';
    if (e.reason === 'missing') return `missing ${e.claim} claim`;
    return `invalid ${e.claim} claim`;
  }
  if (e instanceof errors.JWSSignatureVerificationFailed) return 'signature verification failed';
  if (e instanceof errors.JWKSNoMatchingKey) return 'no matching signing key';
  if (e instanceof errors.JWKSMultipleMatchingKeys) return 'ambiguous signing key';
  if (e instanceof errors.JOSEAlgNotAllowed) return 'signing algorithm not allowed';
  if (e instanceof errors.JOSENotSupported) return 'unsupported token';
  if (e instanceof errors.JWSInvalid || e instanceof errors.JWTInvalid) return 'malformed token';
  return null; // not the token's fault (JWKS fetch/timeout/invalid set...)
}

/**
 * Returns verify(authorizationHeader) → claims, throwing AuthFailure. The remote JWKS is fetched
 * lazily, cached, and refetched (at most once a second) when a token names an unknown kid, so a key
 * the provider rotates in is picked up on the first token signed with it.
 */
export function createTokenVerifier({ issuer, jwksUri, audience, now = () => Date.now(), jwks }) {
  const keySet = jwks ?? createRemoteJWKSet(new URL(jwksUri), {
    cooldownDuration: 1000,
    cacheMaxAge: 10 * 60 * 1000,
    timeoutDuration: 5000,
  });

  return async function verify(authorization) {
    // Tokens are accepted from the Authorization header only (never query or body, RFC 6750 §2.2/2.3).
    if (typeof authorization !== 'string' || authorization === '') throw challenges.missing();
    const m = BEARER_RE.exec(authorization);
    if (!m) throw challenges.missing();
    const token = m[1];
    if (token.length > MAX_TOKEN_LENGTH) throw challenges.invalidToken('token too large');

    let payload;
    try {
      ({ payload } = await jwtVerify(token, keySet, {
        issuer,
        audience,
        typ: 'at+jwt', // RFC 9068 §2.1 / §4
        algorithms: ALGORITHMS,
        // scope is not required: a token granted no API scope (the provider leaves the claim out)
        // has none, and each route answers 403 insufficient_scope naming what it needs (RFC 6750
        // §3.1) rather than calling the token invalid.
        requiredClaims: ['exp', 'iat', 'sub', 'jti', 'client_id'],
        clockTolerance: CLOCK_TOLERANCE_S,
        currentDate: new Date(now()),
      }));
    } catch (e) {
      const description = describeJoseError(e);
      if (description === null) throw challenges.unavailable();
      throw challenges.invalidToken(description);
    }

    const nowS = Math.floor(now() / 1000);
    if (typeof payload.sub !== 'string' || payload.sub === '' || payload.sub.length > 255) throw challenges.invalidToken('invalid sub claim');
    if (typeof payload.jti !== 'string' || payload.jti === '' || payload.jti.length > 255) throw challenges.invalidToken('invalid jti claim');
    if (payload.scope !== undefined && typeof payload.scope !== 'string') throw challenges.invalidToken('invalid scope claim');
    if (typeof payload.client_id !== 'string') throw challenges.invalidToken('invalid client_id claim');
    if (payload.iat > nowS + CLOCK_TOLERANCE_S) throw challenges.invalidToken('token issued in the future');

    return Object.freeze({ ...payload, scopes: new Set((payload.scope ?? '').split(' ').filter(Boolean)) });
  };
}

/**
 * RFC 9470: MFA (amr contains "mfa" or acr is the PAPE multi-factor URI) no older than maxAge
 * seconds, by auth_time. A token without auth_time is never fresh. Whole seconds, like auth_time.
 */
export function checkMfaFreshness(claims, maxAge, nowMs) {
  const mfa = (Array.isArray(claims.amr) && claims.amr.includes('mfa')) || claims.acr === MFA_ACR;
  if (!mfa) return { fresh: false, reason: 'no_mfa' };
  if (typeof claims.auth_time !== 'number' || !Number.isFinite(claims.auth_time)) return { fresh: false, reason: 'no_auth_time' };
  const age = Math.floor(nowMs / 1000) - Math.floor(claims.auth_time);
  if (age < -CLOCK_TOLERANCE_S) return { fresh: false, reason: 'auth_time_in_future' };
  if (age > maxAge) return { fresh: false, reason: 'mfa_too_old', age };
  return { fresh: true, age };
}
