// The misbehaviours of the adversarial OpenID Provider, one per case. A case is chosen by the
// issuer's path (http://127.0.0.1:PORT/<tag>/<case>); everything a case does not override behaves
// like a correct provider (server.mjs). Hooks, all optional:
//
//   discovery(doc, ctx) -> doc            the discovery document to serve
//   raw: { discovery | jwks | token: (req, res, ctx) => void }   answer the HTTP request yourself
//   jwks(ctx) -> object                   the JWK Set document to serve
//   callback(pairs, ctx) -> pairs         the authorization response ([name, value] pairs, in order)
//   header(header, ctx) / claims(claims, ctx)   the ID token's JOSE header and claims
//   idToken(header, claims, ctx) -> string      the whole compact ID token
//   tokenBody(body, ctx) -> object        the token endpoint's JSON answer
//   userinfo(claims, ctx) -> object       the UserInfo answer (the app must never ask)
//
// ctx: { issuer, base, port, keys, state: { stage, healed }, grant, nonce, clientId, now, sub,
//        scope, hinted (the authorization request named a person: a re-authorization), evilBase }. `state.stage` moves on with POST <issuer>/_admin/rotate.
// The expected outcome of each case is written in the tests (tests/integration/tst_adversarial_cli.cpp,
// tests/ui/tst_adversarial_gui.cpp); `summary` says what the provider does wrong, for the index.
import { b64u, corruptSignature, fillerRsaJwk, jws } from './jose.mjs';

const HOSTILE_TEXT =
  '\u001b[2J\u001b[31mYour account is LOCKED\r\nCall +1 555 0100 now\u0007 ' +
  '<a href="https://evil.example/">re-verify here</a> <img src="file:///etc/passwd">' +
  '\u202eesrever\u202c \u009b31m' + ' padding'.repeat(700);

// Answers 200 with JSON headers and then never finishes the body: one space every 500 ms until the
// client gives up (or 120 s pass).
function drip(req, res) {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"access_token":"');
  const timer = setInterval(() => res.write(' '), 500);
  const stop = () => { clearInterval(timer); res.destroy(); };
  const guard = setTimeout(stop, 120_000);
  res.on('close', () => { clearInterval(timer); clearTimeout(guard); });
}

// Accepts the request and never answers (the client's own timeout must end it).
function hang(req, res) {
  const guard = setTimeout(() => res.destroy(), 120_000);
  res.on('close', () => clearTimeout(guard));
}

// Streams `total` bytes of a JSON document that never ends, as fast as the client reads.
function flood(total) {
  return async (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"issuer":"');
    const chunk = Buffer.alloc(64 * 1024, 'A');
    let sent = 0;
    let closed = false;
    res.on('close', () => { closed = true; });
    while (sent < total && !closed) {
      if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
      sent += chunk.length;
    }
    res.end('"}');
  };
}

const json = (res, status, body, headers = {}) => {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(text);
};

const redirect = (status, location) => (req, res) => {
  res.writeHead(status, { location, 'content-type': 'text/plain' });
  res.end('moved');
};

const without = (object, ...names) => {
  const copy = { ...object };
  for (const n of names) delete copy[n];
  return copy;
};

export const cases = {
  // ---- positive controls ----------------------------------------------------------------------
  good: { summary: 'a correct provider: RS256, kid, one key, iss in the authorization response' },
  'good-es256': {
    summary: 'a correct provider signing with ES256 (P-256)',
    jwks: (ctx) => ({ keys: [ctx.keys.jwk.ec1] }),
    header: (h) => ({ ...h, alg: 'ES256', kid: 'ec-1' }),
  },
  'good-ps256': {
    summary: 'a correct provider signing with PS256 (JWK without alg)',
    jwks: (ctx) => ({ keys: [ctx.keys.jwk.k1NoAlg] }),
    header: (h) => ({ ...h, alg: 'PS256' }),
  },
  'no-kid-one-key': {
    summary: 'no kid in the token and exactly one key in the JWKS (OIDC Core 10.1)',
    jwks: (ctx) => ({ keys: [ctx.keys.jwk.k1NoKid] }),
    header: (h) => without(h, 'kid'),
  },
  'junk-keys': {
    summary: 'the real key among keys to skip: wrong kty, use enc, short RSA, P-384, broken members',
    jwks: (ctx) => ({ keys: ctx.junk }),
  },
  'jwks-many-keys': {
    summary: 'the real key after 300 other RSA keys (a large but acceptable JWKS, ~150 KiB)',
    jwks: (ctx) => ({
      keys: [...Array.from({ length: 300 }, (_, i) => fillerRsaJwk(`filler-${i}`)), ctx.keys.jwk.k1],
    }),
  },
  'aud-multi-azp': {
    summary: 'several audiences with azp = our client_id (allowed)',
    claims: (c, ctx) => ({ ...c, aud: [ctx.clientId, 'https://api.other.example'], azp: ctx.clientId }),
  },
  'jwks-redirect-loopback': {
    summary: 'jwks_uri answers 302 to another path of the same loopback host (allowed)',
    raw: { jwks: (req, res, ctx) => redirect(302, `${ctx.issuer}/jwks-moved`)(req, res) },
  },
  rotation: {
    summary: 'stage 0: key-1 only; after _admin/rotate: key-1 and key-2 published, tokens signed with key-2',
    jwks: (ctx) => ({ keys: ctx.state.stage > 0 ? [ctx.keys.jwk.k1, ctx.keys.jwk.k2] : [ctx.keys.jwk.k1] }),
    header: (h, ctx) => (ctx.state.stage > 0 ? { ...h, kid: 'key-2' } : h),
    signingKey: (ctx) => (ctx.state.stage > 0 ? ctx.keys.k2 : ctx.keys.k1),
    tokenBody: (body) => ({ ...body, expires_in: 1 }), // every use of the session refreshes
  },
  'userinfo-sub-mismatch': {
    summary: 'UserInfo names another sub (the app must not call UserInfo at all)',
    userinfo: (claims) => ({ ...claims, sub: 'someone-else', email: 'mallory@evil.example' }),
  },

  // ---- the signature and the key ----------------------------------------------------------------
  'sig-forged': {
    summary: "signed with the attacker's key under the provider's kid",
    signingKey: (ctx) => ctx.keys.evil,
  },
  'sig-corrupted': {
    summary: 'one bit of the signature flipped',
    idToken: (h, c, ctx) => corruptSignature(jws(h, c, ctx.keys.k1)),
  },
  'sig-stripped': {
    summary: 'alg RS256 with an empty signature',
    idToken: (h, c, ctx) => jws(h, c, ctx.keys.k1).replace(/\.[^.]*$/, '.'),
  },
  'alg-none': {
    summary: 'alg none, unsigned',
    header: (h) => ({ typ: 'JWT', alg: 'none' }),
  },
  'alg-hs256-pubkey': {
    summary: "HS256 keyed with the provider's RSA public key (PEM), under the provider's kid",
    header: (h) => ({ ...h, alg: 'HS256' }),
    signingKey: (ctx) => ctx.keys.k1PublicPem,
  },
  'alg-key-mismatch': {
    summary: "alg RS256 naming the kid of the provider's EC key",
    jwks: (ctx) => ({ keys: [ctx.keys.jwk.k1, ctx.keys.jwk.ec1] }),
    header: (h) => ({ ...h, kid: 'ec-1' }),
  },
  'header-jwk': {
    summary: "the attacker's public key embedded in the header (jwk), no kid, signed with it",
    header: (h, ctx) => ({ typ: 'JWT', alg: 'RS256', jwk: ctx.keys.jwk.evil }),
    signingKey: (ctx) => ctx.keys.evil,
  },
  'header-jku': {
    summary: "jku pointing at the attacker's JWKS, kid of the attacker's key, signed with it",
    header: (h, ctx) => ({ ...h, kid: 'evil-1', jku: `${ctx.issuer}/_evil/jwks` }),
    signingKey: (ctx) => ctx.keys.evil,
  },
  'header-x5u': {
    summary: "x5u pointing at the attacker's certificate URL, signed with the attacker's key",
    header: (h, ctx) => ({ ...h, kid: 'evil-1', x5u: `${ctx.issuer}/_evil/cert.pem` }),
    signingKey: (ctx) => ctx.keys.evil,
  },
  'header-x5c': {
    summary: "a certificate chain (x5c) in the header under the provider's kid, signed by the attacker",
    header: (h, ctx) => ({ ...h, x5c: [b64u(Buffer.from('not really a certificate'))] }),
    signingKey: (ctx) => ctx.keys.evil,
  },
  'kid-unknown': {
    summary: 'a kid the JWKS never publishes (refetching does not help)',
    header: (h) => ({ ...h, kid: 'key-unpublished' }),
  },
  'kid-unknown-later': {
    summary: 'stage 0 correct; after _admin/rotate tokens name a kid that is never published',
    header: (h, ctx) => (ctx.state.stage > 0 ? { ...h, kid: 'key-unpublished' } : h),
    signingKey: (ctx) => (ctx.state.stage > 0 ? ctx.keys.k2 : ctx.keys.k1),
    tokenBody: (body) => ({ ...body, expires_in: 1 }), // every use of the session refreshes
  },
  'no-kid-two-keys': {
    summary: 'no kid in the token and two RSA keys in the JWKS',
    jwks: (ctx) => ({ keys: [ctx.keys.jwk.k1, ctx.keys.jwk.k2] }),
    header: (h) => without(h, 'kid'),
  },
  'jwks-empty': {
    summary: 'the JWKS has no keys',
    jwks: () => ({ keys: [] }),
  },

  // ---- the ID token's form and claims ---------------------------------------------------------------
  'token-jwe': {
    summary: 'an encrypted-looking ID token (five segments)',
    idToken: (h, c, ctx) => `${b64u('{"alg":"RSA-OAEP","enc":"A256GCM"}')}.${b64u('k')}.${b64u('iv')}.${b64u('ct')}.${b64u('tag')}`,
  },
  'token-crit': {
    summary: 'a critical header extension the client cannot understand',
    header: (h) => ({ ...h, crit: ['exp'], exp: 0 }),
  },
  'claims-duplicate': {
    summary: 'the claims JSON names sub twice (the second one "admin")',
    idToken: (h, c, ctx) => jws(h, c, ctx.keys.k1, {
      payloadText: JSON.stringify(c).replace(/}$/, ',"sub":"admin"}'),
    }),
  },
  'id-token-oversized': {
    summary: 'a 24 KiB ID token (a large claim)',
    claims: (c) => ({ ...c, filler: 'x'.repeat(24 * 1024) }),
  },
  'iss-wrong': {
    summary: "the ID token's iss is another issuer",
    claims: (c, ctx) => ({ ...c, iss: `${ctx.base}/someone-else` }),
  },
  'aud-wrong': {
    summary: "the ID token's aud is another client",
    claims: (c) => ({ ...c, aud: 'some-other-client' }),
  },
  'aud-multi-no-azp': {
    summary: 'several audiences, ours among them, and no azp',
    claims: (c, ctx) => ({ ...c, aud: [ctx.clientId, 'https://api.other.example'] }),
  },
  'azp-wrong': {
    summary: 'azp names another client',
    claims: (c) => ({ ...c, azp: 'some-other-client' }),
  },
  expired: {
    summary: 'exp ten minutes ago',
    claims: (c, ctx) => ({ ...c, iat: ctx.now - 1200, exp: ctx.now - 600 }),
  },
  'exp-missing': { summary: 'no exp', claims: (c) => without(c, 'exp') },
  'iat-missing': { summary: 'no iat', claims: (c) => without(c, 'iat') },
  'iat-future': {
    summary: 'iat an hour in the future',
    claims: (c, ctx) => ({ ...c, iat: ctx.now + 3600, exp: ctx.now + 7200 }),
  },
  'nonce-missing': { summary: 'no nonce', claims: (c) => without(c, 'nonce') },
  'nonce-wrong': {
    summary: 'the nonce of another request',
    claims: (c) => ({ ...c, nonce: 'n-0S6_WzA2Mj-someone-elses-nonce' }),
  },
  'sub-missing': { summary: 'no sub', claims: (c) => without(c, 'sub') },
  'sub-not-string': { summary: 'sub is a number', claims: (c) => ({ ...c, sub: 42 }) },

  // ---- discovery ----------------------------------------------------------------------------------
  'disc-iss-wrong': {
    summary: 'discovery names another issuer',
    discovery: (d, ctx) => ({ ...d, issuer: `${ctx.base}/someone-else` }),
  },
  'disc-insecure-endpoint': {
    summary: 'discovery puts the token endpoint on plain http on a non-loopback host',
    discovery: (d, ctx) => ({ ...d, token_endpoint: `${ctx.evilBase}/token` }),
  },
  'disc-no-s256': {
    summary: 'discovery offers only PKCE plain',
    discovery: (d) => ({ ...d, code_challenge_methods_supported: ['plain'] }),
  },
  'disc-non-json': {
    summary: 'discovery answers an HTML page',
    raw: { discovery: (req, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<html><body>Welcome!</body></html>'); } },
  },
  'disc-oversized': {
    summary: 'a 300 KiB discovery document (valid JSON)',
    discovery: (d) => ({ ...d, x_padding: 'p'.repeat(300 * 1024) }),
  },
  'disc-huge': {
    summary: 'a discovery document that streams 8 MiB',
    raw: { discovery: flood(8 * 1024 * 1024) },
  },
  'disc-redirect-evil': {
    summary: 'discovery answers 302 to plain http on a non-loopback host',
    raw: { discovery: (req, res, ctx) => redirect(302, `${ctx.evilBase}${new URL(req.url, ctx.base).pathname}`)(req, res) },
  },

  // ---- the JWK Set document ---------------------------------------------------------------------------
  'jwks-non-json': {
    summary: 'jwks_uri answers text',
    raw: { jwks: (req, res) => { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('keys: k1, k2'); } },
  },
  'jwks-oversized': {
    summary: 'a 600 KiB JWK Set (the real key first, then filler)',
    jwks: (ctx) => ({ keys: [ctx.keys.jwk.k1], x_padding: 'p'.repeat(600 * 1024) }),
  },
  'jwks-huge': {
    summary: 'a JWK Set that streams 8 MiB',
    raw: { jwks: flood(8 * 1024 * 1024) },
  },
  'jwks-redirect-evil': {
    summary: 'jwks_uri answers 302 to plain http on a non-loopback host',
    raw: { jwks: (req, res, ctx) => redirect(302, `${ctx.evilBase}/jwks`)(req, res) },
  },

  // ---- the authorization response (what reaches the loopback redirect) -----------------------------
  'state-wrong': {
    summary: 'the authorization response carries another state',
    callback: (pairs) => pairs.map(([k, v]) => [k, k === 'state' ? 'not-the-state-you-sent-aaaaaaaaaaaaaaaaaa' : v]),
  },
  'state-missing': {
    summary: 'the authorization response has no state',
    callback: (pairs) => pairs.filter(([k]) => k !== 'state'),
  },
  'authz-iss-wrong': {
    summary: 'the authorization response names another issuer (RFC 9207 mix-up)',
    callback: (pairs, ctx) => pairs.map(([k, v]) => [k, k === 'iss' ? `${ctx.base}/someone-else` : v]),
  },
  'authz-iss-missing': {
    summary: 'iss advertised in discovery but missing from the authorization response',
    callback: (pairs) => pairs.filter(([k]) => k !== 'iss'),
  },
  'authz-error-denied': {
    summary: 'error=access_denied with a description',
    callback: (pairs) => [
      ...pairs.filter(([k]) => k === 'state' || k === 'iss'),
      ['error', 'access_denied'], ['error_description', 'The user declined'],
    ],
  },
  'authz-error-server': {
    summary: 'error=server_error without a description',
    callback: (pairs) => [...pairs.filter(([k]) => k === 'state' || k === 'iss'), ['error', 'server_error']],
  },
  'authz-error-hostile': {
    summary: 'error= with a description full of terminal escapes, line breaks, HTML and 5 KiB of text',
    callback: (pairs) => [
      ...pairs.filter(([k]) => k === 'state' || k === 'iss'),
      ['error', 'invalid_request\u001b[1m'], ['error_description', HOSTILE_TEXT.slice(0, 5000)],
    ],
  },
  'authz-code-missing': {
    summary: 'the authorization response has neither code nor error',
    callback: (pairs) => pairs.filter(([k]) => k !== 'code'),
  },
  'authz-code-repeated': {
    summary: 'the authorization response names code twice',
    callback: (pairs) => [...pairs, ['code', 'a-second-code']],
  },

  // ---- the token endpoint -----------------------------------------------------------------------------
  'token-invalid-grant': {
    summary: 'the token endpoint refuses the code (invalid_grant)',
    raw: { token: (req, res) => json(res, 400, { error: 'invalid_grant', error_description: 'The code has expired' }) },
  },
  'token-error-hostile': {
    summary: 'a token error whose words carry terminal escapes, line breaks and 5 KiB of text',
    raw: { token: (req, res) => json(res, 400, { error: 'invalid_grant\u001b[31m', error_description: HOSTILE_TEXT }) },
  },
  'token-500': {
    summary: 'the token endpoint fails with HTTP 500',
    raw: { token: (req, res) => { res.writeHead(500, { 'content-type': 'text/html' }); res.end('<h1>Internal Server Error</h1>'); } },
  },
  'token-non-json': {
    summary: 'the token endpoint answers 200 with an HTML page',
    raw: { token: (req, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<html>Signed in!</html>'); } },
  },
  'token-oversized': {
    summary: 'a 200 KiB token response (valid JSON)',
    tokenBody: (b) => ({ ...b, x_padding: 'p'.repeat(200 * 1024) }),
  },
  'token-huge': {
    summary: 'a token response that streams 8 MiB',
    raw: { token: flood(8 * 1024 * 1024) },
  },
  'token-redirect-evil': {
    summary: 'the token endpoint answers 307 to plain http on a non-loopback host',
    raw: { token: (req, res, ctx) => redirect(307, `${ctx.evilBase}/token`)(req, res) },
  },
  'token-no-id-token': {
    summary: 'the token response has no id_token',
    tokenBody: (b) => without(b, 'id_token'),
  },
  'token-type-wrong': {
    summary: 'token_type is DPoP',
    tokenBody: (b) => ({ ...b, token_type: 'DPoP' }),
  },

  // ---- slow answers -------------------------------------------------------------------------------------
  'slow-discovery': {
    summary: 'discovery never answers',
    raw: { discovery: hang },
  },
  'slow-jwks': {
    summary: 'jwks_uri never answers',
    raw: { jwks: hang },
  },
  'slow-token-drip': {
    summary: 'the token endpoint sends headers, then one byte every 500 ms for ever',
    raw: { token: drip },
  },

  // ---- re-authorizations (step-up, verification, scope challenge) -----------------------------
  'reauth-sub-changed': {
    summary: 'sign-in correct; every re-authorization answers for another sub, with MFA and the scope asked for',
    claims: (c, ctx) => (ctx.hinted
      ? { ...c, sub: 'someone-else', amr: ['pwd', 'otp', 'mfa'], auth_time: ctx.now } : c),
    tokenBody: (body, ctx) => (ctx.hinted ? { ...without(body, 'refresh_token'), scope: ctx.scope } : body),
  },

  // ---- the refresh grant ------------------------------------------------------------------------------
  'refresh-sub-changed': {
    summary: 'sign-in correct; the refreshed ID token names another sub',
    claims: (c, ctx) => (ctx.grant === 'refresh_token' ? { ...c, sub: 'someone-else' } : c),
    tokenBody: (body) => ({ ...body, expires_in: 1 }),
  },
  'refresh-aud-changed': {
    summary: 'sign-in correct; the refreshed ID token adds an audience (azp = our client, so it is valid on its own)',
    claims: (c, ctx) => (ctx.grant === 'refresh_token'
      ? { ...c, aud: [ctx.clientId, 'https://api.other.example'], azp: ctx.clientId } : c),
    tokenBody: (body) => ({ ...body, expires_in: 1 }),
  },
};
