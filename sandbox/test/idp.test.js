// The sandbox OpenID Provider's own rules. Each test starts its own provider in-process on an
// ephemeral port with a fresh data folder and fresh scenarios; a scripted Person plays the browser
// and plain fetch (or openid-client) plays Fabrikam Desktop.
//
//   cd sandbox && node --test test/idp.test.js
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as jose from 'jose';
import * as oidcClient from 'openid-client';

import { createIdp, MFA_ACR, PWD_ACR } from '../src/idp/index.js';
import { base32Decode, base32Encode, hotp, otpauthUri, timeStep, totp, verifyTotp } from '../src/idp/totp.js';
import { Scenarios } from '../src/scenarios.js';
import { Person } from './support/person.js';

const SEED = join(dirname(fileURLToPath(import.meta.url)), '..', 'seed');
const USERS = JSON.parse(readFileSync(join(SEED, 'users.json'), 'utf8'));
const API = 'https://api.fabrikam.example';
const BASE_SCOPE = 'openid profile email offline_access read:accounts';
const STEP_UP_SCOPE = 'openid transfer:funds';
const CLIENT = 'fabrikam-desktop';
const ALICE_SECRET = USERS.alice.totpSecret;

// ---- harness --------------------------------------------------------------------------------

async function startIdp(t, { dataDir, lockoutMs } = {}) {
  const server = http.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const ownDir = !dataDir;
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'fabrikam-idp-'));
  const scenarios = new Scenarios();
  const logs = [];
  const record = (level) => (event, fields) => logs.push({ level, event, fields });
  const log = { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
  const clock = { ms: Date.now() };
  const idp = await createIdp({ issuer, dataDir: dir, seedDir: SEED, scenarios, log, now: () => clock.ms, ...(lockoutMs ? { lockoutMs } : {}) });
  server.on('request', idp.callback);
  const discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
  let closed = false;
  const env = {
    issuer, idp, server, scenarios, logs, clock, discovery, dataDir: dir,
    /** the TOTP code at the fake clock's step (+offset) */
    code: (secret = ALICE_SECRET, offset = 0) => totp(secret, timeStep(clock.ms) + offset),
    /** moves the fake clock to the next 30 s step and returns the code there */
    nextCode: (secret = ALICE_SECRET) => {
      clock.ms += 30_000;
      return totp(secret, timeStep(clock.ms));
    },
    async close() {
      if (closed) return;
      closed = true;
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await idp.close();
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
  };
  t.after(() => env.close());
  return env;
}

const b64sha256 = (s) => createHash('sha256').update(s).digest('base64url');

/** Builds an authorization request like Fabrikam Desktop does (PKCE S256, state, nonce). */
function authRequest(env, {
  clientId = CLIENT, redirectUri = 'http://127.0.0.1:49152/callback', scope = BASE_SCOPE,
  audience = API, params = {}, pkce = 'S256',
} = {}) {
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const nonce = randomBytes(16).toString('base64url');
  const url = new URL(env.discovery.authorization_endpoint);
  const q = {
    client_id: clientId, response_type: 'code', redirect_uri: redirectUri, scope, state, nonce,
    ...(audience ? { audience } : {}),
    ...(pkce === 'S256' ? { code_challenge: b64sha256(verifier), code_challenge_method: 'S256' } : {}),
    ...(pkce === 'plain' ? { code_challenge: verifier, code_challenge_method: 'plain' } : {}),
    ...params,
  };
  for (const [k, v] of Object.entries(q)) if (v !== undefined) url.searchParams.set(k, v);
  return { url: url.href, verifier, state, nonce, redirectUri, clientId };
}

async function tokenRequest(env, body) {
  const res = await fetch(env.discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(body),
  });
  return { status: res.status, body: await res.json() };
}

function exchange(env, req, code, overrides = {}) {
  return tokenRequest(env, {
    grant_type: 'authorization_code', code, redirect_uri: req.redirectUri, client_id: req.clientId,
    code_verifier: req.verifier, ...overrides,
  });
}

function refresh(env, refreshToken, extra = {}) {
  return tokenRequest(env, { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: CLIENT, ...extra });
}

async function jwks(env) {
  return (await fetch(env.discovery.jwks_uri)).json();
}

/** Verifies a JWT against the provider's published JWKS. */
async function verify(env, jwt, { typ, audience } = {}) {
  const set = jose.createLocalJWKSet(await jwks(env));
  return jose.jwtVerify(jwt, set, { issuer: env.issuer, algorithms: ['RS256'], ...(typ ? { typ } : {}), ...(audience ? { audience } : {}) });
}

/** The callback must carry our state and the RFC 9207 iss; returns its params. */
function expectCallback(env, result, req) {
  assert.equal(result.kind, 'callback', `expected the loopback callback, got a "${result.kind}" page: ${result.page?.error ?? result.page?.text?.slice(0, 200)}`);
  const { params } = result.callback;
  assert.equal(params.state, req.state);
  assert.equal(params.iss, env.issuer);
  return params;
}

/** Base sign-in with the password form; returns the token response. */
async function signIn(env, person, username = 'alice', { scope = BASE_SCOPE } = {}) {
  const req = authRequest(env, { scope });
  let r = await person.authorize(req.url);
  assert.equal(r.kind, 'login');
  r = await person.submit({ username, password: USERS[username].password });
  const params = expectCallback(env, r, req);
  assert.ok(params.code);
  const tok = await exchange(env, req, params.code);
  assert.equal(tok.status, 200, JSON.stringify(tok.body));
  return tok.body;
}

/** A step-up on the live session: expects the code form only, submits `code`, returns tokens. */
async function stepUp(env, person, { code, params = {}, scope = STEP_UP_SCOPE, secret } = {}) {
  const req = authRequest(env, { scope, params });
  let r = await person.authorize(req.url);
  assert.equal(r.kind, 'mfa', `step-up should show only the code form, got ${r.kind}`);
  assert.ok(!r.page.forms.some((f) => f.fieldNames.includes('password')), 'no password field on a step-up');
  r = await person.submit({ otp: code ?? env.nextCode(secret) });
  const cb = expectCallback(env, r, req);
  const tok = await exchange(env, req, cb.code);
  assert.equal(tok.status, 200, JSON.stringify(tok.body));
  return tok.body;
}

function assertAccessible(html) {
  assert.match(html, /<html lang="en">/);
  assert.match(html, /<main\b/);
  assert.match(html, /<h1>Fabrikam<\/h1>/);
  assert.doesNotMatch(html, /<script\b/i, 'no JavaScript');
  assert.doesNotMatch(html, /(src|href)="https?:/i, 'no outside resources');
  assert.doesNotMatch(html, /@import|fonts\.googleapis/i, 'no outside resources');
  for (const [, id] of html.matchAll(/<input\b[^>]*\bid="([^"]+)"/g)) {
    assert.match(html, new RegExp(`<label for="${id}">`), `input #${id} has a label`);
  }
}

// ---- discovery, keys, PKCE, redirect URIs --------------------------------------------------------

test('discovery advertises what Fabrikam Desktop relies on', async (t) => {
  const env = await startIdp(t);
  const d = env.discovery;
  assert.equal(d.issuer, env.issuer);
  assert.equal(d.authorization_response_iss_parameter_supported, true);
  assert.deepEqual(d.code_challenge_methods_supported, ['S256']);
  assert.deepEqual(d.response_types_supported, ['code']);
  assert.ok(d.revocation_endpoint.startsWith(env.issuer));
  assert.ok(d.end_session_endpoint.startsWith(env.issuer));
  assert.ok(d.jwks_uri.startsWith(env.issuer));
  assert.deepEqual(d.id_token_signing_alg_values_supported, ['RS256']);
  for (const s of ['openid', 'profile', 'email', 'offline_access', 'read:accounts', 'transfer:funds']) assert.ok(d.scopes_supported.includes(s), s);
  assert.ok(d.acr_values_supported.includes(MFA_ACR));
  assert.ok(d.acr_values_supported.includes(PWD_ACR));
  assert.equal(d.claims_parameter_supported, true);
});

test('JWKS publishes one RS256 public key and no private parts', async (t) => {
  const env = await startIdp(t);
  const set = await jwks(env);
  assert.equal(set.keys.length, 1);
  const [k] = set.keys;
  assert.equal(k.kty, 'RSA');
  assert.equal(k.alg, 'RS256');
  assert.equal(k.use, 'sig');
  assert.ok(k.kid);
  for (const p of ['d', 'p', 'q', 'dp', 'dq', 'qi']) assert.equal(k[p], undefined);
  assert.deepEqual(env.idp.publicJwks(), set);
  assert.ok(existsSync(join(env.dataDir, 'keys.json')));
  assert.ok(existsSync(join(env.dataDir, 'idp.sqlite')));
});

test('PKCE: required, plain refused, wrong verifier refused', async (t) => {
  const env = await startIdp(t);
  const p = new Person('alice');
  const none = authRequest(env, { pkce: null });
  let r = await p.authorize(none.url);
  assert.equal(r.kind, 'callback');
  assert.equal(r.callback.params.error, 'invalid_request');

  const plain = authRequest(env, { pkce: 'plain' });
  r = await p.authorize(plain.url);
  assert.equal(r.kind, 'callback');
  assert.equal(r.callback.params.error, 'invalid_request');

  const req = authRequest(env);
  r = await p.authorize(req.url);
  r = await p.submit({ username: 'alice', password: USERS.alice.password });
  const { code } = expectCallback(env, r, req);
  const bad = await exchange(env, req, code, { code_verifier: randomBytes(32).toString('base64url') });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error, 'invalid_grant');
  const missing = await tokenRequest(env, { grant_type: 'authorization_code', code, redirect_uri: req.redirectUri, client_id: CLIENT });
  assert.equal(missing.status, 400);
});

test('loopback redirect: any port for the native client; other hosts, schemes and paths refused', async (t) => {
  const env = await startIdp(t);
  const p = new Person('alice');
  // first sign in, so the later requests go straight back to the callback
  await signIn(env, p);
  for (const redirectUri of ['http://127.0.0.1:1024/callback', 'http://127.0.0.1:65000/callback', 'http://[::1]:50123/callback']) {
    const req = authRequest(env, { redirectUri });
    const r = await p.authorize(req.url);
    expectCallback(env, r, req);
    assert.ok(r.callback.url.startsWith(redirectUri));
  }
  for (const redirectUri of ['http://localhost:50123/callback', 'https://127.0.0.1:50123/callback', 'http://127.0.0.1:50123/other', 'http://127.0.0.2:50123/callback']) {
    const r = await p.authorize(authRequest(env, { redirectUri }).url);
    assert.equal(r.kind, 'error', redirectUri);
    assert.equal(r.page.status, 400);
    assert.match(r.page.text, /redirect_uri/);
    assertAccessible(r.page.html);
  }
});

test('fixed-port client: only http://127.0.0.1:53682/callback is accepted', async (t) => {
  const env = await startIdp(t);
  const p = new Person('alice');
  const ok = authRequest(env, { clientId: 'fabrikam-desktop-fixed', redirectUri: 'http://127.0.0.1:53682/callback' });
  let r = await p.authorize(ok.url);
  assert.equal(r.kind, 'login');
  r = await p.submit({ username: 'alice', password: USERS.alice.password });
  const { code } = expectCallback(env, r, ok);
  const tok = await exchange(env, ok, code);
  assert.equal(tok.status, 200);
  assert.ok(tok.body.refresh_token);
  for (const redirectUri of ['http://127.0.0.1:53683/callback', 'http://127.0.0.1/callback', 'http://[::1]:53682/callback']) {
    r = await p.authorize(authRequest(env, { clientId: 'fabrikam-desktop-fixed', redirectUri }).url);
    assert.equal(r.kind, 'error', redirectUri);
    assert.equal(r.page.status, 400);
  }
});

// ---- base sign-in -----------------------------------------------------------------------------

test('base sign-in: password form only; amr pwd; refresh token; RFC 9068 access token', async (t) => {
  const env = await startIdp(t);
  const p = new Person('alice');
  const req = authRequest(env);
  let r = await p.authorize(req.url);
  assert.equal(r.kind, 'login');
  const form = r.page.forms.find((f) => f.id === 'login');
  assert.ok(form.fieldNames.includes('username') && form.fieldNames.includes('password'));
  assert.ok(r.page.forms.some((f) => f.id === 'cancel'));
  assert.match(r.page.html, /<button type="submit">Sign in<\/button>/);
  assertAccessible(r.page.html);
  r = await p.submit({ username: 'alice', password: USERS.alice.password });
  const params = expectCallback(env, r, req);

  const tok = await exchange(env, req, params.code);
  assert.equal(tok.status, 200);
  const t0 = Math.floor(Date.now() / 1000);
  assert.ok(tok.body.refresh_token, 'offline_access gives a refresh token without prompt=consent');
  assert.equal(tok.body.token_type, 'Bearer');
  assert.equal(tok.body.expires_in, 3600);
  assert.equal(tok.body.scope, 'read:accounts');

  const id = await verify(env, tok.body.id_token, { audience: CLIENT });
  assert.equal(id.payload.sub, 'alice');
  assert.equal(id.payload.nonce, req.nonce);
  assert.deepEqual(id.payload.amr, ['pwd']);
  assert.equal(id.payload.acr, PWD_ACR);
  assert.ok(Math.abs(id.payload.auth_time - t0) <= 5);

  const at = await verify(env, tok.body.access_token, { typ: 'at+jwt', audience: API });
  assert.equal(at.protectedHeader.typ, 'at+jwt');
  assert.equal(at.protectedHeader.alg, 'RS256');
  assert.equal(at.payload.scope, 'read:accounts');
  assert.equal(at.payload.client_id, CLIENT);
  assert.equal(at.payload.sub, 'alice');
  assert.ok(at.payload.jti);
  assert.equal(at.payload.auth_time, id.payload.auth_time);
  assert.equal(at.payload.acr, PWD_ACR);
  assert.deepEqual(at.payload.amr, ['pwd']);
  assert.equal(at.payload.exp - at.payload.iat, 3600);

  // a second base sign-in on the same browser session: no page at all (SSO)
  const again = authRequest(env);
  r = await p.authorize(again.url);
  expectCallback(env, r, again);

  // nothing in the logs carries a token, code or password
  const logged = JSON.stringify(env.logs);
  for (const secret of [tok.body.access_token, tok.body.refresh_token, tok.body.id_token, params.code, USERS.alice.password]) {
    assert.ok(!logged.includes(secret));
  }
  assert.ok(env.logs.some((l) => l.event === 'idp.login.succeeded'));
  assert.ok(env.logs.some((l) => l.event === 'idp.token.issued'));
});

test('openid-client 6 completes the code flow (iss, state, nonce, PKCE checks on its side)', async (t) => {
  const env = await startIdp(t);
  const config = await oidcClient.discovery(new URL(env.issuer), CLIENT, undefined, oidcClient.None(), { execute: [oidcClient.allowInsecureRequests] });
  const verifier = oidcClient.randomPKCECodeVerifier();
  const state = oidcClient.randomState();
  const nonce = oidcClient.randomNonce();
  const url = oidcClient.buildAuthorizationUrl(config, {
    redirect_uri: 'http://127.0.0.1:50999/callback', scope: BASE_SCOPE, audience: API, state, nonce,
    code_challenge: await oidcClient.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
  });
  const p = new Person('alice');
  await p.authorize(url);
  const r = await p.submit({ username: 'alice', password: USERS.alice.password });
  assert.equal(r.kind, 'callback');
  const tokens = await oidcClient.authorizationCodeGrant(config, new URL(r.callback.url), { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true });
  assert.equal(tokens.claims().sub, 'alice');
  assert.ok(tokens.refresh_token);
  const refreshed = await oidcClient.refreshTokenGrant(config, tokens.refresh_token);
  assert.notEqual(refreshed.refresh_token, tokens.refresh_token);
});

test('audience= and resource= name the API; an unknown audience is invalid_target', async (t) => {
  const env = await startIdp(t);
  const p = new Person('alice');
  await signIn(env, p);
  const viaResource = authRequest(env, { audience: null, params: { resource: API } });
  let r = await p.authorize(viaResource.url);
  const tok = await exchange(env, viaResource, expectCallback(env, r, viaResource).code);
  const at = await verify(env, tok.body.access_token, { typ: 'at+jwt', audience: API });
  assert.equal(at.payload.scope, 'read:accounts');

  const unknown = authRequest(env, { audience: 'https://elsewhere.example' });
  r = await p.authorize(unknown.url);
  assert.equal(r.kind, 'callback');
  assert.equal(r.callback.params.error, 'invalid_target');
});

// ---- step-up ----------------------------------------------------------------------------------

test('step-up for transfer:funds on the live session asks only for the code', async (t) => {
  const env = await startIdp(t);
  const p = new Person('alice');
  const base = await signIn(env, p);
  const baseAt = jose.decodeJwt(base.access_token);

  const req = authRequest(env, { scope: STEP_UP_SCOPE });
  let r = await p.authorize(req.url);
  assert.equal(r.kind, 'mfa');
  const form = r.page.forms.find((f) => f.id === 'mfa');
  assert.deepEqual(form.fieldNames, ['otp']);
  assert.match(r.page.html, /<input id="otp" name="otp" type="text" inputmode="numeric" autocomplete="one-time-code"/);
  assertAccessible(r.page.html);
  r = await p.submit({ otp: env.nextCode() });
  const { code } = expectCallback(env, r, req);
  const tok = await exchange(env, req, code);
  assert.equal(tok.status, 200);
  assert.equal(tok.body.refresh_token, undefined, 'no refresh token for an elevated grant');
  assert.equal(tok.body.expires_in, 300);
  assert.ok(tok.body.scope.split(' ').includes('transfer:funds'));
  const at = await verify(env, tok.body.access_token, { typ: 'at+jwt', audience: API });
  assert.ok(at.payload.scope.split(' ').includes('transfer:funds'));
  assert.equal(at.payload.acr, MFA_ACR);
  assert.deepEqual(at.payload.amr, ['pwd', 'mfa']);
  assert.equal(at.payload.exp - at.payload.iat, 300);
  assert.ok(at.payload.auth_time >= baseAt.auth_time);
  assert.notEqual(at.payload.jti, baseAt.jti);
  const id = await verify(env, tok.body.id_token, { audience: CLIENT });
  assert.equal(id.payload.acr, MFA_ACR);
  assert.deepEqual(id.payload.amr, ['pwd', 'mfa']);

  // every transfer asks again (no "remember this browser"), and offline_access never yields a
  // refresh token together with transfer:funds
  const tok2 = await stepUp(env, p, { scope: `${STEP_UP_SCOPE} offline_access` });
  assert.equal(tok2.refresh_token, undefined);
  assert.ok(tok2.scope.includes('transfer:funds'));
});

test('step-up by acr_values and by the claims parameter (essential acr) asks only for the code', async (t) => {
  const env = await startIdp(t);
  const p = new Person('alice');
  await signIn(env, p);
  const byAcr = await stepUp(env, p, { scope: 'openid read:accounts', params: { acr_values: MFA_ACR } });
  assert.equal(jose.decodeJwt(byAcr.id_token).acr, MFA_ACR);
  assert.deepEqual(jose.decodeJwt(byAcr.id_token).amr, ['pwd', 'mfa']);
  assert.equal(byAcr.refresh_token, undefined);
  assert.equal(byAcr.scope, 'read:accounts');

  const claims = JSON.stringify({ id_token: { acr: { essential: true, values: [MFA_ACR] } } });
  const byClaims = await stepUp(env, p, { scope: 'openid read:accounts', params: { claims } });
  assert.equal(jose.decodeJwt(byClaims.id_token).acr, MFA_ACR);
  assert.equal(jose.decodeJwt(byClaims.access_token).acr, MFA_ACR);
});

test('step-up when max_age is exceeded asks only for the code and renews auth_time', async (t) => {
  const env = await startIdp(t);
  const p = new Person('alice');
  const base = await signIn(env, p);
  const before = jose.decodeJwt(base.id_token).auth_time;
  await new Promise((resolve) => setTimeout(resolve, 2100));
  const tok = await stepUp(env, p, { scope: 'openid read:accounts', params: { max_age: '1' } });
  const id = jose.decodeJwt(tok.id_token);
  assert.ok(id.auth_time > before);
  assert.equal(id.acr, MFA_ACR);
  // a fresh enough session is not asked anything
  const fresh = authRequest(env, { params: { max_age: '600' } });
  const r = await p.authorize(fresh.url);
  expectCallback(env, r, fresh);
});

test('step-up without a session: password, then code', async (t) => {
  const env = await startIdp(t);
  const p = new Person('alice');
  const req = authRequest(env, { scope: STEP_UP_SCOPE });
  let r = await p.authorize(req.url);
  assert.equal(r.kind, 'login');
  r = await p.submit({ username: 'alice', password: USERS.alice.password });
  assert.equal(r.kind, 'mfa');
  r = await p.submit({ otp: env.nextCode() });
  const { code } = expectCallback(env, r, req);
  const tok = await exchange(env, req, code);
  assert.deepEqual(jose.decodeJwt(tok.body.access_token).amr, ['pwd', 'mfa']);
  assert.equal(jose.decodeJwt(tok.body.access_token).acr, MFA_ACR);
  assert.equal(tok.body.refresh_token, undefined);
});

test('prompt=none: silent base sign-in works, a step-up needs interaction', async (t) => {
  const env = await startIdp(t);
  const p = new Person('alice');
  const noSession = authRequest(env, { params: { prompt: 'none' } });
  let r = await p.authorize(noSession.url);
  assert.equal(r.callback.params.error, 'login_required');
  await signIn(env, p);
  const silent = authRequest(env, { scope: 'openid read:accounts', params: { prompt: 'none' } });
  r = await p.authorize(silent.url);
  assert.ok(expectCallback(env, r, silent).code);
  const stepUpNone = authRequest(env, { scope: STEP_UP_SCOPE, params: { prompt: 'none' } });
  r = await p.authorize(stepUpNone.url);
  assert.equal(r.kind, 'callback');
  assert.equal(r.callback.params.error, 'interaction_required');
  assert.equal(r.callback.params.iss, env.issuer);
});

// ---- refresh, revocation, logout --------------------------------------------------------------

test('refresh never adds transfer:funds, even after a step-up on the same session', async (t) => {
  const env = await startIdp(t);
  const p = new Person('alice');
  const base = await signIn(env, p);
  await stepUp(env, p);
  const widen = await refresh(env, base.refresh_token, { scope: 'openid read:accounts transfer:funds' });
  assert.equal(widen.status, 400);
  assert.equal(widen.body.error, 'invalid_scope');
  const plain = await refresh(env, base.refresh_token);
  assert.equal(plain.status, 200, JSON.stringify(plain.body));
  const at = await verify(env, plain.body.access_token, { typ: 'at+jwt', audience: API });
  assert.equal(at.payload.scope, 'read:accounts');
  assert.equal(plain.body.scope, 'read:accounts');
  assert.equal(plain.body.expires_in, 3600);
  assert.deepEqual(at.payload.amr, ['pwd']);
});

test('refresh tokens rotate; reusing a rotated one is refused (and ends the grant)', async (t) => {
  const env = await startIdp(t);
  const p = new Person('alice');
  const base = await signIn(env, p);
  const r1 = await refresh(env, base.refresh_token);
  assert.equal(r1.status, 200);
  assert.ok(r1.body.refresh_token);
  assert.notEqual(r1.body.refresh_token, base.refresh_token);
  const r2 = await refresh(env, r1.body.refresh_token);
  assert.equal(r2.status, 200);
  const reuse = await refresh(env, base.refresh_token);
  assert.equal(reuse.status, 400);
  assert.equal(reuse.body.error, 'invalid_grant');
  const after = await refresh(env, r2.body.refresh_token);
  assert.equal(after.body.error, 'invalid_grant', 'reuse detection revokes the whole grant');
});

test('revocation (RFC 7009) of the refresh token', async (t) => {
  const env = await startIdp(t);
  const p = new Person('alice');
  const base = await signIn(env, p);
  const res = await fetch(env.discovery.revocation_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: base.refresh_token, token_type_hint: 'refresh_token', client_id: CLIENT }),
  });
  assert.equal(res.status, 200);
  const r = await refresh(env, base.refresh_token);
  assert.equal(r.body.error, 'invalid_grant');
  // revoking an unknown token is not an error (RFC 7009 §2.2)
  const unknown = await fetch(env.discovery.revocation_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: 'not-a-token', client_id: CLIENT }),
  });
  assert.equal(unknown.status, 200);
});

test('RP-initiated logout: own page, back to the loopback, session ended', async (t) => {
  const env = await startIdp(t);
  const p = new Person('alice');
  const base = await signIn(env, p);
  const url = new URL(env.discovery.end_session_endpoint);
  url.searchParams.set('id_token_hint', base.id_token);
  url.searchParams.set('client_id', CLIENT);
  url.searchParams.set('post_logout_redirect_uri', 'http://127.0.0.1:51111/callback');
  url.searchParams.set('state', 'bye');
  let r = await p.authorize(url.href);
  assert.equal(r.kind, 'logout');
  assertAccessible(r.page.html);
  r = await p.submit({}, { form: 'logout' });
  assert.equal(r.kind, 'callback');
  assert.equal(r.callback.params.state, 'bye');
  assert.ok(r.callback.url.startsWith('http://127.0.0.1:51111/callback'));
  r = await p.authorize(authRequest(env).url);
  assert.equal(r.kind, 'login', 'the session is gone');

  // without a redirect: our own "signed out" page
  await p.submit({ username: 'alice', password: USERS.alice.password });
  r = await p.authorize(env.discovery.end_session_endpoint);
  r = await p.submit({}, { form: 'logout' });
  assert.equal(r.kind, 'signed-out');
  assertAccessible(r.page.html);
});

// ---- keys -------------------------------------------------------------------------------------

test('key rotation: the new kid signs, the old kid stays published, old tokens still verify', async (t) => {
  const env = await startIdp(t);
  const p = new Person('alice');
  const before = await signIn(env, p);
  const oldKid = jose.decodeProtectedHeader(before.access_token).kid;
  const handler = env.idp.callback;

  const { kid, previousKid } = await env.idp.rotateSigningKey();
  assert.equal(previousKid, oldKid);
  assert.notEqual(kid, oldKid);
  assert.equal(env.idp.callback, handler, 'the request handler is stable');
  const set = await jwks(env);
  assert.deepEqual(set.keys.map((k) => k.kid), [kid, oldKid]);
  assert.deepEqual(env.idp.publicJwks(), set);

  await verify(env, before.access_token, { typ: 'at+jwt' });
  await verify(env, before.id_token);

  // the session survives the rotation (SQLite adapter, same cookie keys): step-up = code only
  const after = await stepUp(env, p);
  assert.equal(jose.decodeProtectedHeader(after.access_token).kid, kid);
  assert.equal(jose.decodeProtectedHeader(after.id_token).kid, kid);
  await verify(env, after.access_token, { typ: 'at+jwt' });
  const refreshed = await refresh(env, before.refresh_token);
  assert.equal(jose.decodeProtectedHeader(refreshed.body.access_token).kid, kid);

  // a second rotation drops the oldest key
  const third = await env.idp.rotateSigningKey();
  assert.deepEqual((await jwks(env)).keys.map((k) => k.kid), [third.kid, kid]);

  // persisted: a restart on the same data folder publishes the same keys
  const keysJson = JSON.parse(readFileSync(join(env.dataDir, 'keys.json'), 'utf8'));
  assert.deepEqual(keysJson.signing.map((k) => k.kid), [third.kid, kid]);
});

// ---- users --------------------------------------------------------------------------------------

test('carol (no factor): base sign-in works, a step-up ends with access_denied', async (t) => {
  const env = await startIdp(t);
  const p = new Person('carol');
  const base = await signIn(env, p, 'carol');
  assert.ok(base.refresh_token);
  const req = authRequest(env, { scope: STEP_UP_SCOPE });
  const r = await p.authorize(req.url);
  const params = expectCallback(env, r, req);
  assert.equal(params.error, 'access_denied');
  assert.equal(params.error_description, 'Multi-factor authentication is required but no factor is available for this user.');
  assert.equal(params.code, undefined);
});

// ---- enrollment: its own flow, never a verification; a new factor waits before it moves money --

/**
 * bob's base sign-in. Since enrollment became its own flow the provider offers it right after the
 * password; `offer` says what bob does there: 'skip' ("Not now") or 'enroll' (with a code from the
 * page's secret; returns it). A provider without the offer goes straight to the callback.
 */
async function signInBob(env, person, { offer = 'skip' } = {}) {
  const req = authRequest(env);
  let r = await person.authorize(req.url);
  assert.equal(r.kind, 'login');
  r = await person.submit({ username: 'bob', password: USERS.bob.password });
  let secret = null;
  if (r.kind === 'enroll') {
    if (offer === 'enroll') {
      secret = r.page.find('totp-secret');
      r = await person.submit({ otp: env.nextCode(secret) });
    } else {
      r = await person.submit({}, { form: 'skip' });
    }
  }
  const { code } = expectCallback(env, r, req);
  const tok = await exchange(env, req, code);
  assert.equal(tok.status, 200, JSON.stringify(tok.body));
  return { tokens: tok.body, secret };
}

const DAY_MS = 24 * 3600 * 1000;
const notifications = (env, user) => env.logs.filter((l) => l.event === 'idp.notification' && l.fields.user === user);

test('bob is offered two-step verification after his password; "Not now" signs him in without a factor', async (t) => {
  const env = await startIdp(t);
  const p = new Person('bob');
  const req = authRequest(env);
  let r = await p.authorize(req.url);
  r = await p.submit({ username: 'bob', password: USERS.bob.password });
  assert.equal(r.kind, 'enroll', 'the sign-in offers enrollment');
  assertAccessible(r.page.html);
  assert.match(r.page.text, /Protect your account/);
  assert.match(r.page.text, /24 hours after you set it up/);
  assert.ok(r.page.forms.some((f) => f.id === 'skip'), 'a "Not now" button');
  assert.ok(r.page.forms.some((f) => f.id === 'cancel'));
  r = await p.submit({}, { form: 'skip' });
  const { code } = expectCallback(env, r, req);
  const tok = await exchange(env, req, code);
  assert.deepEqual(jose.decodeJwt(tok.body.id_token).amr, ['pwd']);
  assert.ok(env.logs.some((l) => l.event === 'idp.mfa.enrollment_postponed'));
  assert.ok(!env.logs.some((l) => l.event === 'idp.mfa.enrolled'));

  // a live session's silent sign-in does not ask again; the next sign-in with the password does
  r = await p.authorize(authRequest(env, { params: { prompt: 'none' } }).url);
  assert.equal(r.kind, 'callback');
  assert.ok(r.callback.params.code);
  const fresh = new Person('bob, another browser');
  r = await fresh.authorize(authRequest(env).url);
  r = await fresh.submit({ username: 'bob', password: USERS.bob.password });
  assert.equal(r.kind, 'enroll');
});

test('bob sets up his factor at sign-in: QR and secret, a wrong code refused, a notification logged, no MFA claimed', async (t) => {
  const env = await startIdp(t);
  const p = new Person('bob');
  const req = authRequest(env);
  let r = await p.authorize(req.url);
  r = await p.submit({ username: 'bob', password: USERS.bob.password });
  assert.equal(r.kind, 'enroll');
  const secret = r.page.find('totp-secret');
  assert.match(secret, /^[A-Z2-7]{32}$/);
  assert.match(r.page.html, /<img src="data:image\/png;base64,[A-Za-z0-9+/=]+" alt="QR code/);
  assert.ok(r.page.forms.find((f) => f.id === 'enroll').fieldNames.includes('otp'));

  // reloading shows the same secret
  r = await p.authorize(r.page.url);
  assert.equal(r.page.find('totp-secret'), secret);

  const wrong = String((Number(env.code(secret)) + 1) % 1_000_000).padStart(6, '0');
  r = await p.submit({ otp: wrong });
  assert.equal(r.kind, 'enroll');
  assert.match(r.page.error, /not valid/);
  assert.equal(r.page.find('totp-secret'), secret);

  const otp = env.nextCode(secret);
  const enrolledAt = env.clock.ms;
  r = await p.submit({ otp });
  const { code } = expectCallback(env, r, req);
  const tok = await exchange(env, req, code);
  // setting up a factor proves only the password that started it
  assert.deepEqual(jose.decodeJwt(tok.body.id_token).amr, ['pwd']);
  assert.equal(jose.decodeJwt(tok.body.id_token).acr, PWD_ACR);

  // the notification a support engineer reads in the sandbox's log, without the secret or the code
  const [note, ...more] = notifications(env, 'bob');
  assert.ok(note, 'a notification was logged');
  assert.equal(more.length, 0);
  assert.equal(note.fields.to, 'bob@fabrikam.example');
  assert.equal(note.fields.message,
    `Second factor (authenticator app) enrolled for bob at ${new Date(enrolledAt).toISOString()} during sign-in; `
    + `it can confirm transfers from ${new Date(enrolledAt + DAY_MS).toISOString()}. If bob did not set it up, lock the account.`);
  const logged = JSON.stringify(env.logs);
  assert.ok(!logged.includes(secret), 'the secret is never logged');
  assert.ok(!logged.includes(otp), 'the code is never logged');

  // the next step-up that is not a transfer (statements) asks for a code from the new factor
  await stepUp(env, p, { secret, scope: 'openid read:accounts', params: { acr_values: MFA_ACR } });
});

// Issue 16: bob's password, a TOTP secret he chose on the spot, and money moved. A bank refuses
// that: the factor is set up, but a transfer step-up refuses it until it is mfa-new-factor-wait old.
test('a factor enrolled inside a transfer step-up does not confirm it: access_denied says when it will', async (t) => {
  const env = await startIdp(t);
  const p = new Person('bob');
  await signInBob(env, p, { offer: 'skip' });

  const req = authRequest(env, { scope: STEP_UP_SCOPE });
  let r = await p.authorize(req.url);
  assert.equal(r.kind, 'enroll', 'no factor yet: the step-up leads to the enrollment');
  const enrollPage = r.page;
  const secret = r.page.find('totp-secret');
  const otp = env.nextCode(secret);
  const enrolledAt = env.clock.ms;
  r = await p.submit({ otp });
  let params = expectCallback(env, r, req);
  assert.equal(params.code, undefined, 'no authorization code: a password and a new factor move no money');
  assert.equal(params.error, 'access_denied');
  const usable = new Date(Math.ceil((enrolledAt + DAY_MS) / 60_000) * 60_000).toISOString().slice(0, 16).replace('T', ' ');
  assert.equal(params.error_description,
    `Your second factor was set up less than 24 hours ago, so it cannot confirm a transfer yet. For your security, you can move money with it from ${usable} UTC.`);
  assert.ok(params.error_description.length < 300, 'the app\'s callback page shows it whole');
  assert.match(params.error_description, /^[\x20\x21\x23-\x5B\x5D-\x7E]+$/, 'RFC 6749 error_description characters');
  // the enrollment page said so before
  assert.match(enrollPage.text, /Moving money needs a second factor, and you have not set one up yet/);
  assert.match(enrollPage.text, /only 24 hours after you set it up\. This transfer will not go through now/);
  assert.ok(!enrollPage.forms.some((f) => f.id === 'skip'), 'no "Not now" on a step-up');
  assert.equal(notifications(env, 'bob').length, 1);
  assert.match(notifications(env, 'bob')[0].fields.message, /enrolled for bob at .* during a step-up/);
  assert.ok(env.logs.some((l) => l.event === 'idp.mfa.factor_too_new' && l.fields.user === 'bob'));

  // the next transfer an hour later: refused at once, no page, the same words
  env.clock.ms += 3600_000;
  const again = authRequest(env, { scope: STEP_UP_SCOPE });
  r = await p.authorize(again.url);
  params = expectCallback(env, r, again);
  assert.equal(params.error, 'access_denied');
  assert.match(params.error_description, new RegExp(`from ${usable} UTC\\.$`));

  // the rule holds where the code is checked too: a transfer's code form shown while the switch was 0
  env.scenarios.set({ 'mfa-new-factor-wait': 0 });
  const open = authRequest(env, { scope: STEP_UP_SCOPE });
  r = await p.authorize(open.url);
  assert.equal(r.kind, 'mfa');
  env.scenarios.set({ 'mfa-new-factor-wait': 86400 });
  r = await p.submit({ otp: env.nextCode(secret) });
  params = expectCallback(env, r, open);
  assert.equal(params.error, 'access_denied');
  assert.equal(params.code, undefined);

  // the new factor may confirm what moves no money (statements)
  await stepUp(env, p, { secret, scope: 'openid read:accounts', params: { acr_values: MFA_ACR } });

  // 24 hours after the enrollment the factor confirms transfers like any other
  env.clock.ms = enrolledAt + DAY_MS + 1000;
  await stepUp(env, p, { secret });
});

test('mfa-new-factor-wait=0 (tests): a new factor confirms a transfer at once, with a code of its own after the enrollment', async (t) => {
  const env = await startIdp(t);
  env.scenarios.set({ 'mfa-new-factor-wait': 0 });
  const p = new Person('bob');
  await signInBob(env, p, { offer: 'skip' });
  const req = authRequest(env, { scope: STEP_UP_SCOPE });
  let r = await p.authorize(req.url);
  assert.equal(r.kind, 'enroll');
  assert.match(r.page.text, /Set one up now, then confirm the transfer with a code from it/);
  const secret = r.page.find('totp-secret');
  r = await p.submit({ otp: env.nextCode(secret) });
  assert.equal(r.kind, 'mfa', 'the enrollment is no verification: the code page follows');
  r = await p.submit({ otp: env.nextCode(secret) });
  const { code } = expectCallback(env, r, req);
  const tok = await exchange(env, req, code);
  assert.equal(tok.status, 200);
  const at = jose.decodeJwt(tok.body.access_token);
  assert.deepEqual(at.amr, ['pwd', 'mfa']);
  assert.match(at.scope, /transfer:funds/);
});

test('the enrollment and its time survive a restart; a factor from an older data folder counts as old', async (t) => {
  const env = await startIdp(t);
  const p = new Person('bob');
  const { secret } = await signInBob(env, p, { offer: 'enroll' });
  assert.ok(secret);

  const env2 = await startIdp(t, { dataDir: env.dataDir });
  env2.clock.ms = env.clock.ms;
  const p2 = new Person('bob again');
  await signInBob(env2, p2);
  const req = authRequest(env2, { scope: STEP_UP_SCOPE });
  const r = await p2.authorize(req.url);
  assert.equal(expectCallback(env2, r, req).error, 'access_denied', 'still too new after a restart');
  env2.clock.ms += DAY_MS;
  await stepUp(env2, p2, { secret });

  // a data folder written before enrollment times were kept: its factor confirms transfers
  const Database = (await import('better-sqlite3')).default;
  const dir = mkdtempSync(join(tmpdir(), 'fabrikam-idp-old-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const old = new Database(join(dir, 'idp.sqlite'));
  old.exec(`CREATE TABLE user_state (username TEXT PRIMARY KEY, totp_secret TEXT, failures INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER NOT NULL DEFAULT 0, last_step INTEGER NOT NULL DEFAULT -1)`);
  old.prepare('INSERT INTO user_state (username, totp_secret) VALUES (?, ?)').run('bob', secret);
  old.close();
  const env3 = await startIdp(t, { dataDir: dir });
  const p3 = new Person('bob, old data');
  await signInBob(env3, p3);
  await stepUp(env3, p3, { secret });
});

test('Cancel on bob\'s enrollment page ends with access_denied and enrolls nothing; a stale page enrolls nothing either', async (t) => {
  const env = await startIdp(t); // a fresh tenant: bob has no factor yet
  const p = new Person('bob');
  await signInBob(env, p);
  const req = authRequest(env, { scope: STEP_UP_SCOPE });
  let r = await p.authorize(req.url);
  assert.equal(r.kind, 'enroll');
  r = await p.cancel();
  const params = expectCallback(env, r, req);
  assert.equal(params.error, 'access_denied');
  assert.equal(params.error_description, 'The user cancelled the sign-in.');
  assert.equal(params.code, undefined);
  assert.ok(!env.logs.some((l) => l.event === 'idp.mfa.enrolled'));

  // still not enrolled: the next step-up shows the enrollment page again; so does a second tab
  const first = authRequest(env, { scope: STEP_UP_SCOPE });
  r = await p.authorize(first.url);
  assert.equal(r.kind, 'enroll');
  const tabA = r.page;
  const second = authRequest(env, { scope: STEP_UP_SCOPE });
  r = await p.authorize(second.url);
  assert.equal(r.kind, 'enroll');
  const tabB = r.page;
  const secretA = tabA.find('totp-secret');
  const secretB = tabB.find('totp-secret');
  assert.notEqual(secretA, secretB);
  p.page = tabA;
  r = await p.submit({ otp: env.nextCode(secretA) });
  assert.equal(expectCallback(env, r, first).error, 'access_denied');
  // tab B's form, sent after the factor exists, must not replace it (a password alone would)
  p.page = tabB;
  r = await p.submit({ otp: env.nextCode(secretB) });
  assert.equal(expectCallback(env, r, second).error, 'access_denied');
  assert.equal(env.logs.filter((l) => l.event === 'idp.mfa.enrolled').length, 1);
  env.scenarios.set({ 'mfa-new-factor-wait': 0 });
  await stepUp(env, p, { secret: secretA });
});

test('username "__proto__" (and friends) is just an unknown user', async (t) => {
  const env = await startIdp(t);
  const p = new Person('mallory');
  for (const username of ['__proto__', 'constructor', 'hasOwnProperty', 'toString']) {
    let r = await p.authorize(authRequest(env).url);
    r = await p.submit({ username, password: 'x' });
    assert.equal(r.kind, 'login', username);
    assert.equal(r.page.status, 200);
    assert.match(r.page.error, /Wrong username or password/);
  }
  const r = await p.submit({ username: 'alice', password: USERS.alice.password });
  assert.equal(r.kind, 'callback', 'the provider still works');
});

// ---- TOTP -------------------------------------------------------------------------------------

test('TOTP matches RFC 6238 Appendix B and RFC 4226 Appendix D', () => {
  const seeds = {
    sha1: Buffer.from('12345678901234567890'),
    sha256: Buffer.from('12345678901234567890123456789012'),
    sha512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'),
  };
  const vectors = [
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1111111111, '14050471', '67062674', '99943326'],
    [1234567890, '89005924', '91819424', '93441116'],
    [2000000000, '69279037', '90698825', '38618901'],
    [20000000000, '65353130', '77737706', '47863826'],
  ];
  for (const [time, sha1, sha256, sha512] of vectors) {
    const step = timeStep(time * 1000);
    assert.equal(totp(base32Encode(seeds.sha1), step, { digits: 8 }), sha1, `sha1 T=${time}`);
    assert.equal(hotp(seeds.sha256, step, { digits: 8, algorithm: 'sha256' }), sha256, `sha256 T=${time}`);
    assert.equal(hotp(seeds.sha512, step, { digits: 8, algorithm: 'sha512' }), sha512, `sha512 T=${time}`);
  }
  const hotpVectors = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  hotpVectors.forEach((v, i) => assert.equal(hotp(seeds.sha1, i), v));

  assert.equal(base32Encode(seeds.sha1), 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  assert.deepEqual(base32Decode('gezd gnbv gy3t qojq gezd gnbv gy3t qojq'), seeds.sha1);
  assert.throws(() => base32Decode('not base32!'));

  // ±1 step window, replay refusal, format checks
  const secret = ALICE_SECRET;
  const now = 1_800_000_000_000;
  const s = timeStep(now);
  assert.equal(verifyTotp(secret, totp(secret, s), { nowMs: now }), s);
  assert.equal(verifyTotp(secret, totp(secret, s - 1), { nowMs: now }), s - 1);
  assert.equal(verifyTotp(secret, totp(secret, s + 1), { nowMs: now }), s + 1);
  assert.equal(verifyTotp(secret, totp(secret, s - 2), { nowMs: now }), null);
  assert.equal(verifyTotp(secret, totp(secret, s + 2), { nowMs: now }), null);
  assert.equal(verifyTotp(secret, totp(secret, s), { nowMs: now, lastStep: s }), null);
  assert.equal(verifyTotp(secret, totp(secret, s + 1), { nowMs: now, lastStep: s }), s + 1);
  assert.equal(verifyTotp(secret, '12345', { nowMs: now }), null);
  assert.equal(verifyTotp(secret, 'abcdef', { nowMs: now }), null);
  assert.equal(otpauthUri({ secret: 'ABC', account: 'bob' }), 'otpauth://totp/Fabrikam:bob?secret=ABC&issuer=Fabrikam&algorithm=SHA1&digits=6&period=30');
});

test('a TOTP code is accepted once (RFC 6238 §5.2)', async (t) => {
  const env = await startIdp(t);
  const p = new Person('alice');
  await signIn(env, p);
  const code = env.code(ALICE_SECRET, -1);
  await stepUp(env, p, { code });
  const req = authRequest(env, { scope: STEP_UP_SCOPE });
  let r = await p.authorize(req.url);
  r = await p.submit({ otp: code });
  assert.equal(r.kind, 'mfa');
  assert.match(r.page.error, /already used/);
  // an older step than the last accepted one is refused too
  r = await p.submit({ otp: env.code(ALICE_SECRET, -2) });
  assert.equal(r.kind, 'mfa');
  r = await p.submit({ otp: env.code(ALICE_SECRET, 0) });
  expectCallback(env, r, req);
});

test('five failures in a row lock the user for a minute; a success resets the count', async (t) => {
  const env = await startIdp(t);
  const p = new Person('alice');
  let r = await p.authorize(authRequest(env).url);
  for (let i = 0; i < 4; i += 1) {
    r = await p.submit({ username: 'alice', password: 'wrong' });
    assert.equal(r.kind, 'login');
    assert.match(r.page.error, /Wrong username or password/);
    assert.equal(r.page.forms.find((f) => f.id === 'login').fields.username, 'alice', 'the form keeps the username');
  }
  r = await p.submit({ username: 'alice', password: USERS.alice.password });
  assert.equal(r.kind, 'callback', 'four failures do not lock');

  // the success reset the count: four more password failures (another browser) and one wrong code
  // on the live session are five failures in a row
  const p2 = new Person('alice 2');
  r = await p2.authorize(authRequest(env).url);
  for (let i = 0; i < 4; i += 1) r = await p2.submit({ username: 'alice', password: 'wrong' });
  assert.doesNotMatch(r.page.error, /locked/);
  r = await p.authorize(authRequest(env, { scope: STEP_UP_SCOPE }).url);
  assert.equal(r.kind, 'mfa');
  r = await p.submit({ otp: env.code() === '000000' ? '111111' : '000000' });
  assert.match(r.page.error, /temporarily locked/);
  assert.match(r.page.error, /Try again in 60 seconds/);
  assert.ok(env.logs.some((l) => l.event === 'idp.account.locked'));

  // locked: the right code and the right password are refused too
  r = await p.submit({ otp: env.code() });
  assert.match(r.page.error, /temporarily locked/);
  const p3 = new Person('alice 3');
  r = await p3.authorize(authRequest(env).url);
  env.clock.ms += 20_000;
  r = await p3.submit({ username: 'alice', password: USERS.alice.password });
  assert.equal(r.kind, 'login');
  assert.match(r.page.error, /temporarily locked.*40 seconds/);

  // a minute later it works again
  env.clock.ms += 41_000;
  r = await p3.submit({ username: 'alice', password: USERS.alice.password });
  assert.equal(r.kind, 'callback');
});

// ---- scenarios ------------------------------------------------------------------------------------

/** alice, signed in, at the code page of a step-up while mfa-reject-all is on. */
async function stepUpWithEveryCodeRejected(t) {
  const env = await startIdp(t);
  const p = new Person('alice');
  await signIn(env, p);
  env.scenarios.set({ 'mfa-reject-all': 'on' });
  const req = authRequest(env, { scope: STEP_UP_SCOPE });
  const r = await p.authorize(req.url);
  assert.equal(r.kind, 'mfa');
  return { env, p, req };
}

test('scenario mfa-reject-all refuses every code', async (t) => {
  const { env, p, req } = await stepUpWithEveryCodeRejected(t);
  let r = await p.submit({ otp: env.nextCode() });
  assert.equal(r.kind, 'mfa');
  assert.match(r.page.error, /not accepted/);
  env.scenarios.set({ 'mfa-reject-all': 'off' });
  r = await p.submit({ otp: env.nextCode() });
  expectCallback(env, r, req);
});

test('Cancel after rejected codes says so in error_description; a new request starts afresh', async (t) => {
  const { env, p, req } = await stepUpWithEveryCodeRejected(t);
  let r;
  for (let i = 0; i < 2; ++i) {
    r = await p.submit({ otp: env.nextCode() });
    assert.equal(r.kind, 'mfa');
  }
  r = await p.cancel();
  let params = expectCallback(env, r, req);
  assert.equal(params.error, 'access_denied');
  assert.equal(params.error_description, 'The user cancelled the sign-in after 2 rejected codes.');

  const again = authRequest(env, { scope: STEP_UP_SCOPE });
  r = await p.authorize(again.url);
  assert.equal(r.kind, 'mfa');
  r = await p.cancel();
  params = expectCallback(env, r, again);
  assert.equal(params.error_description, 'The user cancelled the sign-in.');
});

test('scenario access-token-ttl sets every access token lifetime', async (t) => {
  const env = await startIdp(t);
  env.scenarios.set({ 'access-token-ttl': 30 });
  const p = new Person('alice');
  const base = await signIn(env, p);
  assert.equal(base.expires_in, 30);
  const at = jose.decodeJwt(base.access_token);
  assert.equal(at.exp - at.iat, 30);
  const up = await stepUp(env, p);
  assert.equal(up.expires_in, 30);
  env.scenarios.set({ 'access-token-ttl': 'off' });
  const r = await refresh(env, base.refresh_token);
  assert.equal(r.body.expires_in, 3600);
});

// ---- cancel and bad input -----------------------------------------------------------------------

test('Cancel ends the request with access_denied, on the password and on the code page', async (t) => {
  const env = await startIdp(t);
  const p = new Person('alice');
  const req = authRequest(env);
  let r = await p.authorize(req.url);
  r = await p.cancel();
  let params = expectCallback(env, r, req);
  assert.equal(params.error, 'access_denied');
  assert.equal(params.error_description, 'The user cancelled the sign-in.');

  await signIn(env, p);
  const up = authRequest(env, { scope: STEP_UP_SCOPE });
  r = await p.authorize(up.url);
  assert.equal(r.kind, 'mfa');
  r = await p.cancel();
  params = expectCallback(env, r, up);
  assert.equal(params.error, 'access_denied');
  assert.ok(env.logs.some((l) => l.event === 'idp.interaction.cancelled'));
});

test('interaction forms: bounded body (413), form encoding only (415), stale or foreign uids refused', async (t) => {
  const env = await startIdp(t);
  const p = new Person('alice');
  const r = await p.authorize(authRequest(env).url);
  const action = new URL(r.page.forms.find((f) => f.id === 'login').action, r.page.url);
  const cookie = p.cookieHeader(action);
  const big = await fetch(action, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: `username=alice&password=${'x'.repeat(20_000)}` });
  assert.equal(big.status, 413);
  const json = await fetch(action, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
  assert.equal(json.status, 415);
  // without the interaction cookie (another browser, or a cross-site post): refused
  const foreign = await fetch(action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=alice&password=x' });
  assert.equal(foreign.status, 400);
  const unknown = await fetch(new URL('/interaction/doesnotexist', env.issuer), { headers: { cookie } });
  assert.equal(unknown.status, 400);
  // the real form still works afterwards
  const ok = await p.submit({ username: 'alice', password: USERS.alice.password });
  assert.equal(ok.kind, 'callback');
});
