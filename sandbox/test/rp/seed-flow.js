// The whole seed flow, as Fabrikam Desktop will do it, played by a standard OpenID relying party
// (openid-client 6, OpenID Certified) with PKCE and a loopback redirect on a random port, and a
// scripted person in the browser as alice:
//
//   1. base sign-in (password only)          -> ID token amr ["pwd"], refresh token, read:accounts
//   2. GET /accounts                          -> alice's accounts
//   3. POST /transfers with the base token    -> 403 insufficient_scope, scope="transfer:funds"
//   4. step-up for transfer:funds (code only) -> single-use elevated token, no refresh token
//   5. POST /transfers once                   -> 201, balances move exactly once; the exact
//                                                retry -> the same 201; another key -> 401
//   6. statements                             -> RFC 9470 401, step-up by acr_values + max_age, 200
//   7. refresh (rotation), revocation, RP-initiated logout
//   8. the sandbox's logs hold none of the tokens, codes or verifiers that passed through
//
// Against the sandbox that the CTest fixture started (FABRIKAM_SANDBOX_ISSUER/_API/_ADMIN), or, when
// those are not set, against one started in this process.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as oidc from 'openid-client';

import { Person } from '../support/person.js';
import { nextCode as nextAcceptableCode, userFactor } from '../../src/idp/codes.js';
import { startSandbox } from '../../src/server.js';

const MFA_ACR = 'http://schemas.openid.net/pape/policies/2007/06/multi-factor';
const AUDIENCE = 'https://api.fabrikam.example';
const ALICE = { username: 'alice', password: 'alice-demo-pass', totpSecret: 'RKTJITVXRZU7ZYU6O4CXQ6WQAUREML4F' };

let sandbox; // { issuer, apiUrl, adminUrl, close? }
let tmp;
const secretsSeen = new Set(); // every token, code and verifier, to scan the logs for at the end
let flowCompleted = false;

before(async () => {
  if (process.env.FABRIKAM_SANDBOX_ISSUER) {
    sandbox = {
      issuer: process.env.FABRIKAM_SANDBOX_ISSUER,
      apiUrl: process.env.FABRIKAM_SANDBOX_API,
      adminUrl: process.env.FABRIKAM_SANDBOX_ADMIN,
    };
    // A clean scenario state: this test must not inherit another's switches.
    const reset = await fetch(`${sandbox.adminUrl}/scenarios`, { method: 'DELETE', headers: { 'content-type': 'application/json' } });
    assert.equal(reset.status, 200, 'the admin interface takes JSON requests only');
  } else {
    tmp = mkdtempSync(join(tmpdir(), 'fabrikam-seed-flow-'));
    sandbox = await startSandbox({ ports: { idp: 0, api: 0, admin: 0 }, dataDir: tmp });
  }
});

after(async () => {
  await sandbox.close?.();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// The person's authenticator app: a code the provider has not accepted yet (each code is accepted
// once, RFC 6238 §5.2, and other tests may have used some of alice's), inside its ±1 step window.
async function nextCode() {
  const health = await (await fetch(`${sandbox.adminUrl}/health`)).json();
  const { code } = await nextAcceptableCode({ ...(await userFactor('alice', health.dataDir)), from: 'window', wait: true });
  secretsSeen.add(code);
  return code;
}

// One authorization request as the desktop app makes it: its own verifier, state and nonce, and a
// loopback redirect URI with a random port (RFC 8252 §7.3). Nothing listens there: the person stops
// at the redirect and hands the URL back, as the app's loopback receiver would.
async function authorize(config, person, params) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  secretsSeen.add(verifier);
  const port = 49152 + randomBytes(2).readUInt16BE() % 16000;
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: `http://127.0.0.1:${port}/callback`,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state, nonce, audience: AUDIENCE, ...params,
  });
  const first = await person.authorize(url);
  return { first, verifier, state, nonce, maxAge: params.max_age === undefined ? undefined : Number(params.max_age) };
}

async function finish(config, flow, callback) {
  assert.ok(callback?.params?.code, `expected a code at the callback, got ${JSON.stringify(callback?.params)}`);
  assert.equal(callback.params.iss, sandbox.issuer, 'RFC 9207: iss in the authorization response');
  secretsSeen.add(callback.params.code);
  const tokens = await oidc.authorizationCodeGrant(config, new URL(callback.url), {
    pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce,
    idTokenExpected: true, maxAge: flow.maxAge,
  });
  for (const t of [tokens.access_token, tokens.refresh_token, tokens.id_token]) if (t) secretsSeen.add(t);
  return tokens;
}

const api = (path, token, init = {}) => fetch(`${sandbox.apiUrl}${path}`, {
  ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) },
});
const scopesOf = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url')).scope.split(' ');

test('alice: sign-in, accounts, transfer with step-up, statements with step-up, refresh, sign-out', async () => {
  const config = await oidc.discovery(new URL(sandbox.issuer), 'fabrikam-desktop', undefined, oidc.None(), {
    execute: [oidc.allowInsecureRequests],
  });
  assert.equal(config.serverMetadata().issuer, sandbox.issuer);
  assert.equal(config.serverMetadata().authorization_response_iss_parameter_supported, true);
  assert.deepEqual(config.serverMetadata().code_challenge_methods_supported, ['S256']);

  const alice = new Person('alice');

  // 1. Base sign-in: the password form, and only that.
  const base = await authorize(config, alice, { scope: 'openid profile email offline_access read:accounts' });
  assert.equal(base.first.kind, 'login');
  let r = await alice.submit({ username: ALICE.username, password: ALICE.password });
  assert.equal(r.kind, 'callback', `after the password: ${r.kind} ${alice.page?.error ?? ''}`);
  const baseTokens = await finish(config, base, r.callback);
  const baseId = baseTokens.claims();
  assert.equal(baseId.sub, 'alice');
  assert.deepEqual(baseId.amr, ['pwd']);
  assert.notEqual(baseId.acr, MFA_ACR);
  assert.ok(baseTokens.refresh_token, 'offline_access gives a refresh token');
  assert.deepEqual(scopesOf(baseTokens.access_token), ['read:accounts']);

  // 2. Accounts with the base token.
  const accountsBefore = (await (await api('/accounts', baseTokens.access_token)).json()).accounts;
  assert.ok(accountsBefore.length >= 2);
  const from = accountsBefore.find((a) => a.currency === 'EUR');
  const to = accountsBefore.find((a) => a.currency === 'EUR' && a.id !== from.id);
  const transfer = JSON.stringify({ from: from.id, to: to.id, amount: '12.34', currency: 'EUR', memo: 'Seed flow' });
  const idempotencyKey = randomUUID();
  const post = (token) => api('/transfers', token, {
    method: 'POST', body: transfer, headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
  });

  // 3. The base token lacks transfer:funds; the API says so in RFC 6750 words.
  r = await post(baseTokens.access_token);
  assert.equal(r.status, 403);
  assert.equal(r.headers.get('www-authenticate'), 'Bearer error="insufficient_scope", scope="transfer:funds"');

  // 4. Step-up: a second authorization request for transfer:funds (never offline_access). The live
  //    session means only the code is asked, not the password again.
  const stepUp = await authorize(config, alice, { scope: 'openid transfer:funds' });
  assert.equal(stepUp.first.kind, 'mfa', 'the step-up shows the code form only');
  r = await alice.submit({ otp: await nextCode() });
  assert.equal(r.kind, 'callback', `after the code: ${r.kind} ${alice.page?.error ?? ''}`);
  const elevated = await finish(config, stepUp, r.callback);
  assert.equal(elevated.refresh_token, undefined, 'no long-lived elevated grant');
  assert.ok(scopesOf(elevated.access_token).includes('transfer:funds'));
  assert.ok(elevated.claims().amr.includes('mfa'));
  assert.equal(elevated.claims().acr, MFA_ACR);

  // 5. One transfer with the elevated token. The exact request again (a lost answer's retry) gets
  //    the recorded answer; the token for any other transfer is refused; balances moved once.
  r = await post(elevated.access_token);
  assert.equal(r.status, 201, await r.clone().text());
  const done = await r.json();
  assert.equal(done.amount, '12.34');
  r = await post(elevated.access_token);
  assert.equal(r.status, 201);
  assert.equal(r.headers.get('idempotent-replayed'), 'true');
  assert.equal((await r.json()).id, done.id);
  r = await api('/transfers', elevated.access_token, {
    method: 'POST', body: transfer, headers: { 'content-type': 'application/json', 'idempotency-key': `${idempotencyKey}-other` },
  });
  assert.equal(r.status, 401);
  assert.match(r.headers.get('www-authenticate'), /error="invalid_token".*token already used/);
  const accountsAfter = (await (await api('/accounts', baseTokens.access_token)).json()).accounts;
  const cents = (s) => Math.round(Number(s) * 100);
  const delta = (id) => cents(accountsAfter.find((a) => a.id === id).balance) - cents(accountsBefore.find((a) => a.id === id).balance);
  assert.equal(delta(from.id), -1234);
  assert.equal(delta(to.id), 1234);

  // 6. Statements: the base token is password-only, the API answers with the RFC 9470 challenge;
  //    the client re-authenticates with acr_values + max_age (code only) and gets in.
  r = await api(`/accounts/${from.id}/statements`, baseTokens.access_token);
  assert.equal(r.status, 401);
  assert.equal(r.headers.get('www-authenticate'),
    `Bearer error="insufficient_user_authentication", acr_values="${MFA_ACR}", max_age=600`);
  const verify = await authorize(config, alice, { scope: 'openid read:accounts', acr_values: MFA_ACR, max_age: '600' });
  assert.equal(verify.first.kind, 'mfa');
  r = await alice.submit({ otp: await nextCode() });
  assert.equal(r.kind, 'callback', `after the code: ${r.kind} ${alice.page?.error ?? ''}`);
  const mfaTokens = await finish(config, verify, r.callback);
  assert.ok(mfaTokens.claims().amr.includes('mfa'));
  r = await api(`/accounts/${from.id}/statements`, mfaTokens.access_token);
  assert.equal(r.status, 200);
  const statements = await r.json();
  assert.ok(statements.lines.some((l) => l.amount === '-12.34'));

  // 7. Refresh with rotation (the session's way back after a restart), then sign-out.
  const refreshed = await oidc.refreshTokenGrant(config, baseTokens.refresh_token);
  secretsSeen.add(refreshed.access_token).add(refreshed.refresh_token);
  assert.notEqual(refreshed.refresh_token, baseTokens.refresh_token, 'refresh tokens rotate');
  assert.deepEqual(scopesOf(refreshed.access_token), ['read:accounts'], 'a refresh never adds transfer:funds');
  assert.equal(refreshed.claims()?.sub ?? 'alice', 'alice');
  await oidc.tokenRevocation(config, refreshed.refresh_token, { token_type_hint: 'refresh_token' });
  await assert.rejects(oidc.refreshTokenGrant(config, refreshed.refresh_token), (e) => e.error === 'invalid_grant');
  const logoutUrl = oidc.buildEndSessionUrl(config, {
    id_token_hint: refreshed.id_token ?? baseTokens.id_token,
    post_logout_redirect_uri: 'http://127.0.0.1:50123/callback',
  });
  r = await alice.authorize(logoutUrl.href);
  if (r.kind === 'logout') r = await alice.submit({});
  assert.ok(['callback', 'signed-out'].includes(r.kind), `after logout: ${r.kind}`);
  // The provider session is gone: a new sign-in asks for the password again.
  const again = await authorize(config, alice, { scope: 'openid read:accounts' });
  assert.equal(again.first.kind, 'login');
  flowCompleted = true;
});

test('the sandbox logs hold none of the secrets that passed through', async () => {
  const health = await (await fetch(`${sandbox.adminUrl}/health`)).json();
  const logDir = join(health.dataDir, 'logs');
  const text = readdirSync(logDir).map((f) => readFileSync(join(logDir, f), 'utf8')).join('\n');
  assert.ok(text.length > 0, 'the sandbox wrote logs');
  assert.ok(flowCompleted, 'the flow test ran to its end first and recorded its secrets');
  for (const secret of secretsSeen) {
    if (secret.length >= 8) assert.ok(!text.includes(secret), 'a token, code or verifier reached a log file');
  }
  assert.ok(!text.includes(ALICE.password));
});
