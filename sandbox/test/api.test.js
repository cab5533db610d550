// The Fabrikam API's own rules: token validation, RFC 6750/9470 challenges, accounts, statements,
// single-use step-up tokens, idempotent transfers, ledger invariants, durability, key rotation.
// Run: cd sandbox && node --test test/api.test.js
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { SignJWT } from 'jose';
import { createApi } from '../src/api/index.js';
import { Scenarios } from '../src/scenarios.js';
import { createLogger } from '../src/log.js';
import { MFA_ACR, startTestAuthority } from './support/tokens.js';

const SEED = fileURLToPath(new URL('../seed/accounts.json', import.meta.url));
const MFA_401 = (maxAge) =>
  `Bearer error="insufficient_user_authentication", acr_values="${MFA_ACR}", max_age=${maxAge}`;
const SCOPE_403 = 'Bearer error="insufficient_scope", scope="transfer:funds"';
const REUSED_401 = 'Bearer error="invalid_token", error_description="token already used"';
const REALM_401 = 'Bearer realm="fabrikam-api"';

let authority;
before(async () => {
  authority = await startTestAuthority();
});
after(async () => {
  await authority.close();
});

const tempDirs = [];
after(async () => {
  for (const d of tempDirs) await rm(d, { recursive: true, force: true });
});

async function startApi({ dataDir, scenarios = new Scenarios(), jwksUri = authority.jwksUri, now } = {}) {
  if (!dataDir) {
    dataDir = await mkdtemp(join(tmpdir(), 'fabrikam-api-'));
    tempDirs.push(dataDir);
  }
  const logFile = join(dataDir, 'api.log');
  const api = await createApi({
    issuer: authority.issuer,
    jwksUri,
    dataDir,
    seedFile: SEED,
    scenarios,
    log: createLogger({ file: logFile, name: 'api' }),
    ...(now ? { now } : {}),
  });
  const server = createServer(api.callback);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    dataDir,
    logFile,
    scenarios,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await api.close();
    },
  };
}

/** Runs fn with a fresh API on a fresh data dir and stops it afterwards. */
function withApi(fn, options) {
  return async () => {
    const env = await startApi(options);
    try {
      await fn(env);
    } finally {
      await env.stop();
    }
  };
}

async function call(env, path, { method = 'GET', token, headers = {}, body, rawBody } = {}) {
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  let payload = rawBody;
  if (body !== undefined) {
    payload = JSON.stringify(body);
    h['content-type'] ??= 'application/json';
  }
  const res = await fetch(env.url + path, { method, headers: h, body: payload });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, body: json, text };
}

const readToken = (claims = {}) => authority.mint({ scope: 'openid read:accounts', ...claims });
const transferToken = (claims = {}) => authority.mint({ scope: 'transfer:funds', ...claims });

async function transfer(env, body, { key = randomUUID(), token, claims = {}, headers = {} } = {}) {
  token ??= await transferToken(claims);
  return call(env, '/transfers', { method: 'POST', token, headers: { 'idempotency-key': key, ...headers }, body });
}

/** Balances straight from the ledger file (a second, read-only connection; WAL allows it). */
function ledgerState(dataDir) {
  const db = new Database(join(dataDir, 'ledger.sqlite'), { readonly: true });
  try {
    const balances = Object.fromEntries(db.prepare('SELECT id, balance_minor FROM accounts').all().map((r) => [r.id, r.balance_minor]));
    const sums = Object.fromEntries(db.prepare('SELECT currency, SUM(balance_minor) s FROM accounts GROUP BY currency').all().map((r) => [r.currency, r.s]));
    const transfers = db.prepare('SELECT COUNT(*) FROM transfers').pluck().get();
    const consumed = db.prepare('SELECT jti FROM consumed_tokens').pluck().all();
    const journal = db.pragma('journal_mode', { simple: true });
    return { balances, sums, transfers, consumed, journal };
  } finally {
    db.close();
  }
}

const decodeJti = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url')).jti;

function assertProblem(res, status, code) {
  assert.equal(res.status, status, `expected ${status} ${code}, got ${res.status} ${res.text}`);
  assert.match(res.headers.get('content-type'), /^application\/problem\+json/);
  assert.equal(res.body.status, status);
  assert.equal(res.body.code, code, res.text);
  assert.equal(typeof res.body.type, 'string');
  assert.equal(typeof res.body.title, 'string');
  assert.ok(res.body.detail && res.body.detail.length > 10, `detail should explain: ${res.text}`);
  assert.equal(res.headers.get('cache-control'), 'no-store');
}

// ---------------------------------------------------------------------------------------------------

describe('basics', () => {
  test('GET /health needs no token', withApi(async (env) => {
    const r = await call(env, '/health');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { status: 'ok' });
    assert.equal(r.headers.get('cache-control'), 'no-store');
  }));

  test('unknown path → 404 problem, wrong method → 405 with Allow', withApi(async (env) => {
    assertProblem(await call(env, '/nope'), 404, 'not_found');
    assertProblem(await call(env, '/accounts/'), 404, 'not_found');
    const r = await call(env, '/transfers', { method: 'DELETE' });
    assertProblem(r, 405, 'method_not_allowed');
    assert.equal(r.headers.get('allow'), 'GET, HEAD, POST');
    const r2 = await call(env, '/accounts', { method: 'POST', body: {} });
    assertProblem(r2, 405, 'method_not_allowed');
    assert.equal(r2.headers.get('allow'), 'GET, HEAD');
  }));

  test('a fresh data dir is created and seeded, in WAL mode', withApi(async (env) => {
    const s = ledgerState(env.dataDir);
    assert.equal(s.journal, 'wal');
    assert.equal(s.balances['acc-alice-chk'], 245075);
    assert.equal(s.transfers, 0);
  }));
});

describe('token validation (401)', () => {
  let env;
  before(async () => {
    env = await startApi();
  });
  after(async () => {
    await env.stop();
  });

  const invalid = async (token, descriptionPattern) => {
    const r = await call(env, '/accounts', { token });
    assert.equal(r.status, 401, r.text);
    const h = r.headers.get('www-authenticate');
    const m = /^Bearer error="invalid_token", error_description="([^"\\]*)"$/.exec(h);
    assert.ok(m, `challenge: ${h}`);
    if (descriptionPattern) assert.match(m[1], descriptionPattern);
    assert.equal(r.body.error, 'invalid_token');
  };

  test('no token, or not a Bearer header → realm challenge', async () => {
    for (const headers of [{}, { authorization: 'Basic YWxpY2U6cHc=' }, { authorization: 'Bearer' }, { authorization: 'Bearer a b' }]) {
      const r = await call(env, '/accounts', { headers });
      assert.equal(r.status, 401);
      assert.equal(r.headers.get('www-authenticate'), REALM_401);
      assert.equal(r.headers.get('cache-control'), 'no-store');
    }
  });

  test('a token in the query string is ignored', async () => {
    const token = await readToken();
    const r = await call(env, `/accounts?access_token=${token}`);
    assert.equal(r.status, 401);
    assert.equal(r.headers.get('www-authenticate'), REALM_401);
  });

  test('the Bearer scheme is case-insensitive', async () => {
    const r = await call(env, '/accounts', { headers: { authorization: `bearer ${await readToken()}` } });
    assert.equal(r.status, 200);
  });

  test('bad signature (a key not in the JWKS, same kid)', async () => {
    const rogue = await authority.makeKey();
    await invalid(await authority.mint({}, { key: { ...rogue, kid: authority.currentKey.kid } }), /signature/);
  });

  test('unknown kid', async () => {
    const rogue = await authority.makeKey();
    await invalid(await authority.mint({}, { key: rogue }), /key/);
  });

  test('wrong issuer, wrong audience', async () => {
    await invalid(await readToken({ iss: 'https://evil.example' }), /iss/);
    await invalid(await readToken({ aud: 'https://other-api.example' }), /aud/);
  });

  test('typ must be at+jwt (RFC 9068), application/at+jwt also accepted', async () => {
    await invalid(await authority.mint({}, { header: { typ: 'JWT' } }), /at\+jwt/);
    await invalid(await authority.mint({}, { header: { typ: undefined } }), /at\+jwt/);
    const ok = await call(env, '/accounts', { token: await authority.mint({}, { header: { typ: 'application/at+jwt' } }) });
    assert.equal(ok.status, 200);
  });

  test('expired, issued in the future', async () => {
    const t = Math.floor(Date.now() / 1000);
    await invalid(await readToken({ iat: t - 600, exp: t - 60 }), /expired/);
    await invalid(await readToken({ iat: t + 120, exp: t + 600 }), /future/);
  });

  test('alg none and HS256 are refused', async () => {
    await invalid(authority.mintUnsigned());
    const hs = await new SignJWT({ sub: 'alice', scope: 'read:accounts', client_id: 'x', jti: randomUUID() })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: authority.currentKey.kid })
      .setIssuer(authority.issuer).setAudience('https://api.fabrikam.example').setIssuedAt().setExpirationTime('5m')
      .sign(new TextEncoder().encode('a-shared-secret-of-at-least-32-bytes!!'));
    await invalid(hs, /algorithm/);
  });

  // scope is not among them: a token without it has no scope (403 insufficient_scope, below).
  test('required claims: exp, iat, sub, jti, client_id', async () => {
    for (const claim of ['exp', 'iat', 'sub', 'jti', 'client_id']) {
      await invalid(await readToken({ [claim]: undefined }), new RegExp(claim));
    }
  });

  test('garbage token', async () => {
    await invalid('abc.def.ghi', /malformed/);
  });
});

describe('GET /accounts', () => {
  test('lists the caller\'s accounts with masked numbers and decimal strings', withApi(async (env) => {
    const r = await call(env, '/accounts', { token: await readToken() });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('cache-control'), 'no-store');
    const accounts = r.body.accounts;
    assert.deepEqual(accounts.map((a) => a.id), ['acc-alice-chk', 'acc-alice-sav', 'acc-alice-usd']);
    for (const a of accounts) {
      assert.deepEqual(Object.keys(a).sort(), ['balance', 'currency', 'id', 'name', 'number']);
      assert.equal(typeof a.balance, 'string');
      assert.match(a.balance, /^\d+\.\d{2}$/);
      assert.match(a.number, /^DE89 •••• •••• \d{4}$/);
    }
    assert.deepEqual(accounts[0], { id: 'acc-alice-chk', name: 'Everyday Checking', number: 'DE89 •••• •••• 3000', balance: '2450.75', currency: 'EUR' });
    assert.equal(accounts[1].balance, '12000.00');
    assert.equal(accounts[2].balance, '310.20');
    assert.ok(!r.text.includes('DE89370400440532013000'), 'the full number never leaves the API');

    const bob = await call(env, '/accounts', { token: await readToken({ sub: 'bob' }) });
    assert.deepEqual(bob.body.accounts.map((a) => a.id), ['acc-bob-chk', 'acc-bob-sav']);
    const nobody = await call(env, '/accounts', { token: await readToken({ sub: 'nobody-at-all' }) });
    assert.deepEqual(nobody.body.accounts, []);
  }));

  test('needs read:accounts', withApi(async (env) => {
    const r = await call(env, '/accounts', { token: await readToken({ scope: 'openid transfer:funds' }) });
    assert.equal(r.status, 403);
    assert.equal(r.headers.get('www-authenticate'), 'Bearer error="insufficient_scope", scope="read:accounts"');
    // A token granted no API scope at all (the provider leaves the claim out) is not invalid: it
    // lacks the scope, and the answer says which one (RFC 6750 §3.1).
    const none = await call(env, '/accounts', { token: await readToken({ scope: undefined }) });
    assert.equal(none.status, 403);
    assert.equal(none.headers.get('www-authenticate'), 'Bearer error="insufficient_scope", scope="read:accounts"');
    const bad = await call(env, '/accounts', { token: await readToken({ scope: 42 }) });
    assert.equal(bad.status, 401);
  }));
});

describe('GET /accounts/{id}/statements (RFC 9470)', () => {
  let env;
  before(async () => {
    env = await startApi();
  });
  after(async () => {
    await env.stop();
  });
  const now = () => Math.floor(Date.now() / 1000);

  test('with fresh MFA: lines with signed amounts and a consistent running balance', async () => {
    const r = await call(env, '/accounts/acc-alice-chk/statements', { token: await readToken() });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.account.id, 'acc-alice-chk');
    const lines = r.body.lines;
    assert.ok(lines.length >= 3);
    for (const l of lines) {
      assert.match(l.amount, /^-?\d+\.\d{2}$/);
      assert.match(l.balance, /^\d+\.\d{2}$/);
      assert.ok(!Number.isNaN(Date.parse(l.date)));
      assert.equal(typeof l.description, 'string');
    }
    // Newest first: the newest running balance is the account balance; each older line explains it.
    assert.equal(lines[0].balance, '2450.75');
    const minor = (s) => Math.round(Number(s) * 100);
    for (let i = 0; i < lines.length - 1; i += 1) {
      assert.equal(minor(lines[i + 1].balance) + minor(lines[i].amount), minor(lines[i].balance));
    }
  });

  test('acr alone or amr alone counts as MFA', async () => {
    const viaAcr = await call(env, '/accounts/acc-alice-chk/statements', { token: await readToken({ amr: ['pwd'] }) });
    assert.equal(viaAcr.status, 200);
    const viaAmr = await call(env, '/accounts/acc-alice-chk/statements', { token: await readToken({ acr: undefined }) });
    assert.equal(viaAmr.status, 200);
  });

  test('without MFA, with stale MFA or without auth_time → exact 401 challenge, max_age=600', async () => {
    const cases = [
      { acr: '0', amr: ['pwd'] },
      { acr: undefined, amr: undefined },
      { auth_time: now() - 601 },
      { auth_time: undefined },
    ];
    for (const claims of cases) {
      const r = await call(env, '/accounts/acc-alice-chk/statements', { token: await readToken(claims) });
      assert.equal(r.status, 401, JSON.stringify(claims));
      assert.equal(r.headers.get('www-authenticate'), MFA_401(600));
      assert.equal(r.body.error, 'insufficient_user_authentication');
      assert.equal(typeof r.body.error_description, 'string');
    }
    const ok = await call(env, '/accounts/acc-alice-chk/statements', { token: await readToken({ auth_time: now() - 590 }) });
    assert.equal(ok.status, 200);
  });

  test('another user\'s or an unknown account → 404 problem', async () => {
    assertProblem(await call(env, '/accounts/acc-bob-chk/statements', { token: await readToken() }), 404, 'account_not_found');
    assertProblem(await call(env, '/accounts/acc-nope/statements', { token: await readToken() }), 404, 'account_not_found');
    assertProblem(await call(env, '/accounts/%E0%A4%A/statements', { token: await readToken() }), 404, 'account_not_found');
  });

  test('needs read:accounts', async () => {
    const r = await call(env, '/accounts/acc-alice-chk/statements', { token: await readToken({ scope: 'transfer:funds' }) });
    assert.equal(r.status, 403);
    assert.equal(r.headers.get('www-authenticate'), 'Bearer error="insufficient_scope", scope="read:accounts"');
  });
});

describe('api-max-age scenario', () => {
  test('0 → every MFA is too old, max_age=0 in both challenges; off → back to 600/300', withApi(async (env) => {
    env.scenarios.set({ 'api-max-age': 0 });
    const t = Math.floor(Date.now() / 1000);
    const s = await call(env, '/accounts/acc-alice-chk/statements', { token: await readToken({ auth_time: t - 5 }) });
    assert.equal(s.status, 401);
    assert.equal(s.headers.get('www-authenticate'), MFA_401(0));
    const tr = await transfer(env, { from: 'acc-alice-chk', to: 'acc-alice-sav', amount: '1.00', currency: 'EUR' }, { claims: { auth_time: t - 5 } });
    assert.equal(tr.status, 401);
    assert.equal(tr.headers.get('www-authenticate'), MFA_401(0));

    env.scenarios.set({ 'api-max-age': 120 });
    const s2 = await call(env, '/accounts/acc-alice-chk/statements', { token: await readToken({ auth_time: t - 200 }) });
    assert.equal(s2.headers.get('www-authenticate'), MFA_401(120));

    env.scenarios.set({ 'api-max-age': 'off' });
    const s3 = await call(env, '/accounts/acc-alice-chk/statements', { token: await readToken({ auth_time: t - 200 }) });
    assert.equal(s3.status, 200);
    assert.equal(ledgerState(env.dataDir).transfers, 0);
  }));
});

describe('api-reads-max-age scenario', () => {
  test('N → GET /accounts and /transfers demand MFA within N s (RFC 9470); off → read:accounts is enough', withApi(async (env) => {
    const t = Math.floor(Date.now() / 1000);
    const passwordOnly = { acr: undefined, amr: ['pwd'] };
    for (const path of ['/accounts', '/transfers']) {
      const before = await call(env, path, { token: await readToken(passwordOnly) });
      assert.equal(before.status, 200, 'without the switch a base token reads');
    }

    env.scenarios.set({ 'api-reads-max-age': 600 });
    for (const path of ['/accounts', '/transfers']) {
      for (const claims of [passwordOnly, { auth_time: t - 601 }]) {
        const r = await call(env, path, { token: await readToken(claims) });
        assert.equal(r.status, 401, `${path} ${JSON.stringify(claims)}`);
        assert.equal(r.headers.get('www-authenticate'), MFA_401(600));
        assert.equal(r.body.error, 'insufficient_user_authentication');
      }
      const fresh = await call(env, path, { token: await readToken({ auth_time: t - 5 }) });
      assert.equal(fresh.status, 200, fresh.text);
    }
    // The scope is still checked first: a token without read:accounts gets the 403.
    const noScope = await call(env, '/accounts', { token: await readToken({ scope: 'openid', ...passwordOnly }) });
    assert.equal(noScope.status, 403);
    assert.equal(noScope.headers.get('www-authenticate'), 'Bearer error="insufficient_scope", scope="read:accounts"');

    env.scenarios.set({ 'api-reads-max-age': 'off' });
    const after = await call(env, '/accounts', { token: await readToken(passwordOnly) });
    assert.equal(after.status, 200);
    assert.equal(ledgerState(env.dataDir).transfers, 0);
  }));
});

describe('api-history-max-age scenario', () => {
  test('N → GET /transfers alone demands MFA within N s; the accounts answer a base token', withApi(async (env) => {
    const passwordOnly = { acr: undefined, amr: ['pwd'] };
    env.scenarios.set({ 'api-history-max-age': 600 });
    const accounts = await call(env, '/accounts', { token: await readToken(passwordOnly) });
    assert.equal(accounts.status, 200, accounts.text);
    const history = await call(env, '/transfers', { token: await readToken(passwordOnly) });
    assert.equal(history.status, 401);
    assert.equal(history.headers.get('www-authenticate'), MFA_401(600));
    env.scenarios.set({ 'api-history-max-age': 'off' });
    const after = await call(env, '/transfers', { token: await readToken(passwordOnly) });
    assert.equal(after.status, 200);
  }));
});

describe('POST /transfers: authorization', () => {
  const body = { from: 'acc-alice-chk', to: 'acc-alice-sav', amount: '10.00', currency: 'EUR' };

  test('without transfer:funds → exact 403 insufficient_scope; the jti is not consumed', withApi(async (env) => {
    const token = await readToken();
    const r = await transfer(env, body, { token });
    assert.equal(r.status, 403);
    assert.equal(r.headers.get('www-authenticate'), SCOPE_403);
    assert.equal(r.body.error, 'insufficient_scope');
    assert.deepEqual(ledgerState(env.dataDir).consumed, []);
  }));

  test('stale or missing MFA → 401 with max_age=300, nothing consumed or moved', withApi(async (env) => {
    const t = Math.floor(Date.now() / 1000);
    for (const claims of [{ auth_time: t - 301 }, { acr: undefined, amr: ['pwd'] }, { auth_time: undefined }]) {
      const r = await transfer(env, body, { claims });
      assert.equal(r.status, 401);
      assert.equal(r.headers.get('www-authenticate'), MFA_401(300));
      assert.equal(r.body.error, 'insufficient_user_authentication');
    }
    const ok = await transfer(env, body, { claims: { auth_time: t - 290 } });
    assert.equal(ok.status, 201);
    const s = ledgerState(env.dataDir);
    assert.equal(s.transfers, 1);
    assert.equal(s.consumed.length, 1);
  }));
});

describe('POST /transfers: success, single use, idempotency', () => {
  test('a transfer moves both balances exactly and shows in statements', withApi(async (env) => {
    const before = ledgerState(env.dataDir);
    const r = await transfer(env, { from: 'acc-alice-chk', to: 'acc-alice-sav', amount: '100.25', currency: 'EUR', memo: 'Rent reserve' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.headers.get('idempotent-replayed'), null);
    assert.equal(r.headers.get('cache-control'), 'no-store');
    assert.match(r.body.id, /^trf-/);
    assert.deepEqual({ ...r.body, id: undefined, createdAt: undefined }, {
      id: undefined, from: 'acc-alice-chk', to: 'acc-alice-sav', amount: '100.25', currency: 'EUR', memo: 'Rent reserve', status: 'completed', createdAt: undefined,
    });
    assert.ok(!Number.isNaN(Date.parse(r.body.createdAt)));

    const after = ledgerState(env.dataDir);
    assert.equal(after.balances['acc-alice-chk'], before.balances['acc-alice-chk'] - 10025);
    assert.equal(after.balances['acc-alice-sav'], before.balances['acc-alice-sav'] + 10025);
    assert.deepEqual(after.sums, before.sums);

    const accounts = (await call(env, '/accounts', { token: await readToken() })).body.accounts;
    assert.equal(accounts.find((a) => a.id === 'acc-alice-chk').balance, '2350.50');
    assert.equal(accounts.find((a) => a.id === 'acc-alice-sav').balance, '12100.25');

    const st = (await call(env, '/accounts/acc-alice-chk/statements', { token: await readToken() })).body;
    assert.equal(st.lines[0].amount, '-100.25');
    assert.equal(st.lines[0].balance, '2350.50');
    assert.equal(st.lines[0].transferId, r.body.id);
    assert.match(st.lines[0].description, /Rent reserve/);
    const sav = (await call(env, '/accounts/acc-alice-sav/statements', { token: await readToken() })).body;
    assert.equal(sav.lines[0].amount, '100.25');
  }));

  test('to another customer\'s account is allowed; whole and one-decimal amounts', withApi(async (env) => {
    const r = await transfer(env, { from: 'acc-alice-chk', to: 'acc-bob-chk', amount: '5', currency: 'EUR' });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.amount, '5.00');
    assert.equal(r.body.memo, '');
    const r2 = await transfer(env, { from: 'acc-alice-chk', to: 'acc-bob-chk', amount: '0.5', currency: 'EUR' });
    assert.equal(r2.body.amount, '0.50');
    assert.equal(ledgerState(env.dataDir).balances['acc-bob-chk'], 98000 + 550);
  }));

  test('the same token twice → 401 "token already used", one transfer', withApi(async (env) => {
    const token = await transferToken();
    const body = { from: 'acc-alice-chk', to: 'acc-alice-sav', amount: '20.00', currency: 'EUR' };
    const first = await transfer(env, body, { token });
    assert.equal(first.status, 201);
    for (const key of [randomUUID(), randomUUID()]) {
      const again = await transfer(env, body, { token, key });
      assert.equal(again.status, 401);
      assert.equal(again.headers.get('www-authenticate'), REUSED_401);
      assert.equal(again.body.error, 'invalid_token');
    }
    const s = ledgerState(env.dataDir);
    assert.equal(s.transfers, 1);
    assert.equal(s.balances['acc-alice-chk'], 245075 - 2000);
    assert.deepEqual(s.consumed, [decodeJti(token)]);
  }));

  test('same Idempotency-Key + same body with a new token → the first result, moved once', withApi(async (env) => {
    const key = randomUUID();
    const body = { from: 'acc-alice-chk', to: 'acc-alice-sav', amount: '42.00', currency: 'EUR', memo: 'once' };
    const first = await transfer(env, body, { key });
    assert.equal(first.status, 201);
    // Same fields, other spelling of the amount, other key order, an unknown extra field.
    const again = await transfer(env, { memo: 'once', currency: 'EUR', amount: '42', to: 'acc-alice-sav', from: 'acc-alice-chk', extra: 1 }, { key });
    assert.equal(again.status, 201);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(again.body, first.body);
    const s = ledgerState(env.dataDir);
    assert.equal(s.transfers, 1);
    assert.equal(s.balances['acc-alice-chk'], 245075 - 4200);
    assert.equal(s.consumed.length, 2, 'the replaying token is consumed too');
  }));

  test('same Idempotency-Key + other body → 422, nothing moved; keys are per user', withApi(async (env) => {
    const key = 'order-1';
    assert.equal((await transfer(env, { from: 'acc-alice-chk', to: 'acc-alice-sav', amount: '1.00', currency: 'EUR' }, { key })).status, 201);
    const other = await transfer(env, { from: 'acc-alice-chk', to: 'acc-alice-sav', amount: '2.00', currency: 'EUR' }, { key });
    assertProblem(other, 422, 'idempotency_key_reused');
    const bob = await transfer(env, { from: 'acc-bob-chk', to: 'acc-bob-sav', amount: '2.00', currency: 'EUR' }, { key, claims: { sub: 'bob' } });
    assert.equal(bob.status, 201, 'bob\'s "order-1" is not alice\'s');
    assert.equal(bob.headers.get('idempotent-replayed'), null);
    const s = ledgerState(env.dataDir);
    assert.equal(s.transfers, 2);
    assert.equal(s.balances['acc-alice-chk'], 245075 - 100);
  }));

  test('a refused request is not stored under its key: a retry is evaluated again', withApi(async (env) => {
    const key = randomUUID();
    // 3000.00 from a 2450.75 account → insufficient funds; not stored, so the same key is evaluated
    // again once money has arrived.
    assertProblem(await transfer(env, { from: 'acc-alice-chk', to: 'acc-bob-chk', amount: '3000.00', currency: 'EUR' }, { key }), 422, 'insufficient_funds');
    const moveIn = await transfer(env, { from: 'acc-alice-sav', to: 'acc-alice-chk', amount: '1000.00', currency: 'EUR' });
    assert.equal(moveIn.status, 201);
    const retry = await transfer(env, { from: 'acc-alice-chk', to: 'acc-bob-chk', amount: '3000.00', currency: 'EUR' }, { key });
    assert.equal(retry.status, 201, retry.text);
    assert.equal(retry.headers.get('idempotent-replayed'), null);
    assert.equal(ledgerState(env.dataDir).balances['acc-alice-chk'], 245075 + 100000 - 300000);
  }));

  test('concurrent POSTs with one Idempotency-Key and several tokens → one transfer', withApi(async (env) => {
    const key = randomUUID();
    const body = { from: 'acc-alice-chk', to: 'acc-bob-chk', amount: '7.77', currency: 'EUR' };
    const tokens = await Promise.all(Array.from({ length: 8 }, () => transferToken()));
    const results = await Promise.all(tokens.map((token) => transfer(env, body, { key, token })));
    assert.ok(results.every((r) => r.status === 201), results.map((r) => r.status).join());
    assert.equal(new Set(results.map((r) => r.body.id)).size, 1);
    assert.equal(results.filter((r) => r.headers.get('idempotent-replayed') === 'true').length, 7);
    const s = ledgerState(env.dataDir);
    assert.equal(s.transfers, 1);
    assert.equal(s.balances['acc-alice-chk'], 245075 - 777);
  }));

  test('concurrent POSTs with one token → one 201, the rest "token already used"', withApi(async (env) => {
    const token = await transferToken();
    const body = { from: 'acc-alice-chk', to: 'acc-alice-sav', amount: '1.00', currency: 'EUR' };
    const results = await Promise.all(Array.from({ length: 6 }, () => transfer(env, body, { token })));
    assert.equal(results.filter((r) => r.status === 201).length, 1);
    const refused = results.filter((r) => r.status === 401);
    assert.equal(refused.length, 5);
    for (const r of refused) assert.equal(r.headers.get('www-authenticate'), REUSED_401);
    assert.equal(ledgerState(env.dataDir).transfers, 1);
  }));
});

describe('POST /transfers: the exact retry of a lost answer', () => {
  const body = { from: 'acc-alice-chk', to: 'acc-alice-sav', amount: '25.00', currency: 'EUR', memo: 'retry me' };

  const assertReused = (r) => {
    assert.equal(r.status, 401, r.text);
    assert.equal(r.headers.get('www-authenticate'), REUSED_401);
    assert.deepEqual(r.body, { error: 'invalid_token', error_description: 'token already used' });
    assert.equal(r.headers.get('idempotent-replayed'), null);
  };

  test('spent token + same key + same body after a 201 → the same 201, replayed, moved once', withApi(async (env) => {
    const token = await transferToken();
    const key = randomUUID();
    const first = await transfer(env, body, { token, key });
    assert.equal(first.status, 201, first.text);
    const retry = await transfer(env, body, { token, key });
    assert.equal(retry.status, 201, retry.text);
    assert.equal(retry.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(retry.body, first.body);
    const s = ledgerState(env.dataDir);
    assert.equal(s.transfers, 1);
    assert.equal(s.balances['acc-alice-chk'], 245075 - 2500);
    assert.equal(s.balances['acc-alice-sav'], 1200000 + 2500);
    assert.deepEqual(s.consumed, [decodeJti(token)]);
    const log = await readFile(env.logFile, 'utf8');
    assert.ok(log.split('\n').filter(Boolean).map((l) => JSON.parse(l))
      .some((e) => e.event === 'api.transfer' && e.outcome === 'exact_retry_replayed' && e.transferId === first.body.id));
    assert.ok(!log.includes(token.split('.')[2]), 'no token in the log');
  }));

  test('after a 422 refusal → the same 422 problem, replayed, nothing moved', withApi(async (env) => {
    const token = await transferToken();
    const key = randomUUID();
    const tooMuch = { ...body, amount: '2450.76' };
    const first = await transfer(env, tooMuch, { token, key });
    assertProblem(first, 422, 'insufficient_funds');
    const retry = await transfer(env, tooMuch, { token, key });
    assertProblem(retry, 422, 'insufficient_funds');
    assert.equal(retry.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(retry.body, first.body);
    const s = ledgerState(env.dataDir);
    assert.equal(s.transfers, 0);
    assert.equal(s.balances['acc-alice-chk'], 245075);
  }));

  test('after a 422 idempotency conflict → the same conflict, replayed', withApi(async (env) => {
    const key = randomUUID();
    assert.equal((await transfer(env, body, { key })).status, 201);
    const token = await transferToken();
    const other = { ...body, amount: '26.00' };
    const first = await transfer(env, other, { token, key });
    assertProblem(first, 422, 'idempotency_key_reused');
    const retry = await transfer(env, other, { token, key });
    assertProblem(retry, 422, 'idempotency_key_reused');
    assert.equal(retry.headers.get('idempotent-replayed'), 'true');
    assert.equal(ledgerState(env.dataDir).transfers, 1);
  }));

  test('the MFA aged past 300 s since → the recorded 201 still; a fresh token with that MFA gets the challenge', async () => {
    let offsetMs = 0;
    const env = await startApi({ now: () => Date.now() + offsetMs });
    try {
      const token = await transferToken(); // auth_time now - 10 s, exp now + 300 s
      const key = randomUUID();
      const first = await transfer(env, body, { token, key });
      assert.equal(first.status, 201, first.text);

      offsetMs = 295_000; // MFA 305 s old, the token not yet expired
      const retry = await transfer(env, body, { token, key });
      assert.equal(retry.status, 201, retry.text);
      assert.equal(retry.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(retry.body, first.body);

      // Not an exact retry: the spent check (d) answers before the MFA check (e).
      assertReused(await transfer(env, body, { token }));

      // An unspent token with the same stale MFA: RFC 9470 challenge, the jti is not consumed.
      const fresh = await transferToken({ auth_time: Math.floor(Date.now() / 1000) - 10 });
      const stale = await transfer(env, body, { token: fresh, key });
      assert.equal(stale.status, 401);
      assert.equal(stale.headers.get('www-authenticate'), MFA_401(300));
      const s = ledgerState(env.dataDir);
      assert.ok(!s.consumed.includes(decodeJti(fresh)));
      assert.equal(s.transfers, 1);
    } finally {
      await env.stop();
    }
  });

  test('spent token + same key + other body, or + other key + same body → 401 token already used', withApi(async (env) => {
    const token = await transferToken();
    const key = randomUUID();
    const first = await transfer(env, body, { token, key });
    assert.equal(first.status, 201);
    assertReused(await transfer(env, { ...body, amount: '25.01' }, { token, key }));
    assertReused(await transfer(env, { ...body, memo: 'other' }, { token, key }));
    assertReused(await transfer(env, body, { token, key: randomUUID() }));
    assertReused(await transfer(env, body, { token, key: key.toUpperCase() }));
    // The refusals come from the mismatch: the exact request still gets its answer.
    const exact = await transfer(env, body, { token, key });
    assert.equal(exact.status, 201);
    assert.deepEqual(exact.body, first.body);
    assert.equal(ledgerState(env.dataDir).transfers, 1);
  }));

  test('another person\'s token with the first person\'s key and body → evaluated as their own request, no replay', withApi(async (env) => {
    const token = await transferToken();
    const key = randomUUID();
    const first = await transfer(env, body, { token, key });
    assert.equal(first.status, 201);

    const bob = await transfer(env, body, { key, claims: { sub: 'bob' } });
    assertProblem(bob, 422, 'foreign_account');
    assert.equal(bob.headers.get('idempotent-replayed'), null);
    assert.ok(!bob.text.includes(first.body.id));

    // Even a token of bob's that bears alice's spent jti (an issuer reusing jtis) gets nothing.
    assertReused(await transfer(env, body, { key, claims: { sub: 'bob', jti: decodeJti(token) } }));

    // Alice's own exact retry is untouched by bob's attempts.
    const mine = await transfer(env, body, { token, key });
    assert.equal(mine.status, 201);
    assert.deepEqual(mine.body, first.body);
    const s = ledgerState(env.dataDir);
    assert.equal(s.transfers, 1);
    assert.equal(s.balances['acc-alice-chk'], 245075 - 2500);
  }));

  test('a new token of the same person with the same key and body → the stored success replays', withApi(async (env) => {
    const key = randomUUID();
    const first = await transfer(env, body, { key });
    assert.equal(first.status, 201);
    const token = await transferToken();
    const again = await transfer(env, body, { token, key });
    assert.equal(again.status, 201);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(again.body, first.body);
    // The new token was spent on that replay; its own exact retry gets the replay again.
    const retry = await transfer(env, body, { token, key });
    assert.equal(retry.status, 201);
    assert.deepEqual(retry.body, first.body);
    assert.equal(ledgerState(env.dataDir).transfers, 1);
  }));

  test('api-exact-retry=off → the exact retry is 401 token already used; on again → replayed', withApi(async (env) => {
    env.scenarios.set({ 'api-exact-retry': 'off' });
    const token = await transferToken();
    const key = randomUUID();
    const first = await transfer(env, body, { token, key });
    assert.equal(first.status, 201);
    assertReused(await transfer(env, body, { token, key }));

    env.scenarios.set({ 'api-exact-retry': 'on' });
    const retry = await transfer(env, body, { token, key });
    assert.equal(retry.status, 201);
    assert.deepEqual(retry.body, first.body);
    assert.equal(ledgerState(env.dataDir).transfers, 1);
  }));

  test('a ledger from before the recorded answers (old consumed_tokens) opens, migrates and works', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'fabrikam-api-'));
    tempDirs.push(dataDir);
    const old = new Database(join(dataDir, 'ledger.sqlite'));
    old.exec(`CREATE TABLE consumed_tokens (
      iss     TEXT NOT NULL,
      jti     TEXT NOT NULL,
      sub     TEXT NOT NULL,
      exp     INTEGER NOT NULL,
      used_at TEXT NOT NULL,
      outcome TEXT NOT NULL,
      PRIMARY KEY (iss, jti)
    )`);
    const oldJti = randomUUID();
    old.prepare("INSERT INTO consumed_tokens VALUES (?, ?, 'alice', 0, '2024-01-01T00:00:00.000Z', 'completed')")
      .run(authority.issuer, oldJti);
    old.close();

    const env = await startApi({ dataDir });
    try {
      const columns = (() => {
        const db = new Database(join(dataDir, 'ledger.sqlite'), { readonly: true });
        try {
          return db.prepare('PRAGMA table_info(consumed_tokens)').all().map((c) => c.name);
        } finally {
          db.close();
        }
      })();
      for (const c of ['key', 'request_hash', 'status', 'body']) assert.ok(columns.includes(c), `column ${c}`);

      // A jti spent before the upgrade has no recorded request: any use is "already used".
      assertReused(await transfer(env, body, { claims: { jti: oldJti } }));

      const token = await transferToken();
      const key = randomUUID();
      const first = await transfer(env, body, { token, key });
      assert.equal(first.status, 201, first.text);
      const retry = await transfer(env, body, { token, key });
      assert.equal(retry.status, 201);
      assert.equal(retry.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(retry.body, first.body);
    } finally {
      await env.stop();
    }
    // Opening it again (columns already there) changes nothing.
    const again = await startApi({ dataDir });
    await again.stop();
    assert.equal(ledgerState(dataDir).transfers, 1);
  });
});

describe('POST /transfers: validation (RFC 9457 problems)', () => {
  let env;
  before(async () => {
    env = await startApi();
  });
  after(async () => {
    await env.stop();
  });
  const base = { from: 'acc-alice-chk', to: 'acc-alice-sav', amount: '10.00', currency: 'EUR', memo: 'ok' };
  const without = (k) => Object.fromEntries(Object.entries(base).filter(([key]) => key !== k));

  const cases = [
    ['missing from', without('from'), 422, 'missing_field'],
    ['missing to', without('to'), 422, 'missing_field'],
    ['missing amount', without('amount'), 422, 'missing_field'],
    ['missing currency', without('currency'), 422, 'missing_field'],
    ['from not a string', { ...base, from: 42 }, 422, 'invalid_field'],
    ['unknown from account', { ...base, from: 'acc-nope' }, 422, 'unknown_account'],
    ['unknown to account', { ...base, to: 'acc-nope' }, 422, 'unknown_account'],
    ['from is another customer\'s account', { ...base, from: 'acc-bob-chk', to: 'acc-alice-chk' }, 422, 'foreign_account'],
    ['from == to', { ...base, to: 'acc-alice-chk' }, 422, 'same_account'],
    ['amount as a JSON number', { ...base, amount: 10 }, 422, 'invalid_amount'],
    ['amount with exponent', { ...base, amount: '1e3' }, 422, 'invalid_amount'],
    ['negative amount', { ...base, amount: '-5.00' }, 422, 'invalid_amount'],
    ['plus sign', { ...base, amount: '+5.00' }, 422, 'invalid_amount'],
    ['three decimals', { ...base, amount: '5.123' }, 422, 'invalid_amount'],
    ['comma decimal', { ...base, amount: '5,00' }, 422, 'invalid_amount'],
    ['leading dot', { ...base, amount: '.50' }, 422, 'invalid_amount'],
    ['trailing dot', { ...base, amount: '5.' }, 422, 'invalid_amount'],
    ['spaces', { ...base, amount: ' 5.00' }, 422, 'invalid_amount'],
    ['ten integer digits', { ...base, amount: '1234567890' }, 422, 'invalid_amount'],
    ['empty amount', { ...base, amount: '' }, 422, 'invalid_amount'],
    ['NaN', { ...base, amount: 'NaN' }, 422, 'invalid_amount'],
    ['zero', { ...base, amount: '0' }, 422, 'amount_not_positive'],
    ['zero with decimals', { ...base, amount: '0.00' }, 422, 'amount_not_positive'],
    ['lower-case currency', { ...base, currency: 'eur' }, 422, 'invalid_currency'],
    ['currency not of the accounts', { ...base, currency: 'USD' }, 422, 'currency_mismatch'],
    ['accounts in different currencies', { ...base, from: 'acc-alice-usd', currency: 'USD' }, 422, 'currency_mismatch'],
    ['insufficient funds', { ...base, amount: '2450.76' }, 422, 'insufficient_funds'],
    ['above the per-transfer limit', { ...base, from: 'acc-alice-sav', to: 'acc-alice-chk', amount: '10000.01' }, 422, 'limit_exceeded'],
    ['memo too long', { ...base, memo: 'x'.repeat(141) }, 422, 'memo_too_long'],
    ['memo with a newline', { ...base, memo: 'a\nb' }, 422, 'invalid_memo'],
    ['memo with a NUL', { ...base, memo: 'a\u0000b' }, 422, 'invalid_memo'],
    ['memo with a bidi override', { ...base, memo: 'abc\u202Edef' }, 422, 'invalid_memo'],
    ['memo not a string', { ...base, memo: { x: 1 } }, 422, 'invalid_memo'],
  ];

  for (const [name, body, status, code] of cases) {
    test(`${name} → ${status} ${code}`, async () => {
      const before = ledgerState(env.dataDir);
      const token = await transferToken();
      const r = await transfer(env, body, { token });
      assertProblem(r, status, code);
      const after = ledgerState(env.dataDir);
      assert.deepEqual(after.balances, before.balances);
      assert.ok(after.consumed.includes(decodeJti(token)), 'a validation refusal consumes the jti');
    });
  }

  test('140-character memo (emoji count as one) and the exact limit are accepted', async () => {
    const r = await transfer(env, { ...base, memo: '€'.repeat(139) + '😀' });
    assert.equal(r.status, 201, r.text);
    const r2 = await transfer(env, { ...base, from: 'acc-alice-sav', to: 'acc-alice-chk', amount: '10000.00' });
    assert.equal(r2.status, 201, r2.text);
  });

  const preLogic = [
    ['missing Idempotency-Key', { headers: { 'idempotency-key': undefined } }, 400, 'idempotency_key_missing'],
    ['Idempotency-Key too long', { key: 'k'.repeat(256) }, 400, 'idempotency_key_invalid'],
    ['body not JSON', { rawBody: '{"from": ', contentType: 'application/json' }, 400, 'invalid_json'],
    ['body a JSON array', { rawBody: '[]', contentType: 'application/json' }, 400, 'invalid_body'],
    ['body too large', { rawBody: JSON.stringify({ ...base, memo: 'x'.repeat(17 * 1024) }), contentType: 'application/json' }, 413, 'body_too_large'],
    ['wrong media type', { rawBody: 'from=a', contentType: 'application/x-www-form-urlencoded' }, 415, 'unsupported_media_type'],
  ];
  for (const [name, opt, status, code] of preLogic) {
    test(`${name} → ${status} ${code}, the token stays usable`, async () => {
      const token = await transferToken();
      const headers = { 'idempotency-key': opt.key ?? randomUUID(), ...(opt.contentType ? { 'content-type': opt.contentType } : {}) };
      for (const [k, v] of Object.entries(opt.headers ?? {})) if (v === undefined) delete headers[k];
      const r = await call(env, '/transfers', { method: 'POST', token, headers, rawBody: opt.rawBody ?? JSON.stringify(base) });
      assertProblem(r, status, code);
      assert.ok(!ledgerState(env.dataDir).consumed.includes(decodeJti(token)));
      const ok = await transfer(env, base, { token });
      assert.equal(ok.status, 201, ok.text);
    });
  }

  test('a refused token cannot be used for a second try', async () => {
    const token = await transferToken();
    assertProblem(await transfer(env, { ...base, amount: '0' }, { token }), 422, 'amount_not_positive');
    const r = await transfer(env, base, { token });
    assert.equal(r.status, 401);
    assert.equal(r.headers.get('www-authenticate'), REUSED_401);
  });
});

describe('ledger invariants', () => {
  test('a burst of transfers (with failures) keeps the per-currency sums and no balance goes negative', withApi(async (env) => {
    const before = ledgerState(env.dataDir);
    const users = { alice: ['acc-alice-chk', 'acc-alice-sav'], bob: ['acc-bob-chk', 'acc-bob-sav'], carol: ['acc-carol-chk', 'acc-carol-sav'] };
    const eur = Object.values(users).flat();
    const amounts = ['0.01', '12.34', '250.00', '999.99', '3000.00', '0', '1e2', '10000.01'];
    const requests = [];
    let i = 0;
    for (const [sub, own] of Object.entries(users)) {
      for (let n = 0; n < 14; n += 1, i += 1) {
        const from = own[n % 2];
        const to = eur[(i * 5 + 1) % eur.length];
        const amount = amounts[(i * 3) % amounts.length];
        const currency = n % 7 === 6 ? 'USD' : 'EUR';
        requests.push(transfer(env, { from, to, amount, currency, memo: `burst ${i}` }, { claims: { sub } }));
      }
    }
    requests.push(transfer(env, { from: 'acc-alice-usd', to: 'acc-alice-chk', amount: '1.00', currency: 'USD' }));
    const results = await Promise.all(requests);
    const statuses = results.map((r) => r.status);
    assert.ok(statuses.includes(201) && statuses.includes(422), statuses.join());
    assert.ok(statuses.every((s) => s === 201 || s === 422), statuses.join());

    const after = ledgerState(env.dataDir);
    assert.deepEqual(after.sums, before.sums);
    assert.equal(after.transfers, statuses.filter((s) => s === 201).length);
    for (const v of Object.values(after.balances)) assert.ok(v >= 0);

    // Statement lines agree with balances for every account.
    for (const [sub, own] of Object.entries(users)) {
      for (const id of own) {
        const st = (await call(env, `/accounts/${id}/statements`, { token: await readToken({ sub }) })).body;
        assert.equal(Math.round(Number(st.lines[0].balance) * 100), after.balances[id]);
      }
    }
  }));
});

describe('GET /transfers', () => {
  test('the caller\'s history, newest first, outgoing and incoming', withApi(async (env) => {
    const a = await transfer(env, { from: 'acc-alice-chk', to: 'acc-alice-sav', amount: '1.00', currency: 'EUR' });
    const b = await transfer(env, { from: 'acc-alice-chk', to: 'acc-bob-chk', amount: '2.00', currency: 'EUR' });
    const c = await transfer(env, { from: 'acc-bob-sav', to: 'acc-alice-sav', amount: '3.00', currency: 'EUR' }, { claims: { sub: 'bob' } });
    await transfer(env, { from: 'acc-carol-chk', to: 'acc-carol-sav', amount: '4.00', currency: 'EUR' }, { claims: { sub: 'carol' } });

    const alice = await call(env, '/transfers', { token: await readToken() });
    assert.equal(alice.status, 200);
    assert.deepEqual(alice.body.transfers.map((t) => t.id), [c.body.id, b.body.id, a.body.id]);
    assert.deepEqual(alice.body.transfers.map((t) => t.direction), ['incoming', 'outgoing', 'internal']);
    assert.deepEqual(alice.body.transfers[1], { ...b.body, direction: 'outgoing' });

    const bob = await call(env, '/transfers', { token: await readToken({ sub: 'bob' }) });
    assert.deepEqual(bob.body.transfers.map((t) => t.id), [c.body.id, b.body.id]);
    const nobody = await call(env, '/transfers', { token: await readToken({ sub: 'nobody-at-all' }) });
    assert.deepEqual(nobody.body.transfers, []);

    const noScope = await call(env, '/transfers', { token: await transferToken() });
    assert.equal(noScope.status, 403);
  }));
});

describe('atomicity and durability', () => {
  test('when the transfer insert fails, the jti is not consumed and nothing moves', withApi(async (env) => {
    // Break the transfer step from outside: a trigger makes INSERT INTO transfers throw.
    const admin = new Database(join(env.dataDir, 'ledger.sqlite'));
    admin.exec("CREATE TRIGGER boom BEFORE INSERT ON transfers BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");
    const before = ledgerState(env.dataDir);
    const token = await transferToken();
    const key = randomUUID();
    const body = { from: 'acc-alice-chk', to: 'acc-alice-sav', amount: '50.00', currency: 'EUR' };
    try {
      const failed = await transfer(env, body, { token, key });
      assertProblem(failed, 500, 'internal_error');
      const mid = ledgerState(env.dataDir);
      assert.deepEqual(mid.balances, before.balances);
      assert.deepEqual(mid.consumed, [], 'the rolled-back transaction took the jti with it');
      assert.ok(!failed.text.includes('disk on fire'), 'internals are not leaked');
    } finally {
      admin.exec('DROP TRIGGER boom');
      admin.close();
    }
    // The same token and key work once the fault is gone: nothing half-done was left behind.
    const ok = await transfer(env, body, { token, key });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.headers.get('idempotent-replayed'), null);
    const after = ledgerState(env.dataDir);
    assert.equal(after.balances['acc-alice-chk'], before.balances['acc-alice-chk'] - 5000);
    assert.deepEqual(after.consumed, [decodeJti(token)]);
  }));

  test('close and reopen on the same data dir: balances, consumed jtis and idempotency survive', async () => {
    const env1 = await startApi();
    const token = await transferToken();
    const key = randomUUID();
    const body = { from: 'acc-alice-chk', to: 'acc-bob-chk', amount: '123.45', currency: 'EUR' };
    const first = await transfer(env1, body, { token, key });
    assert.equal(first.status, 201);
    await env1.stop();

    const env2 = await startApi({ dataDir: env1.dataDir });
    try {
      const accounts = (await call(env2, '/accounts', { token: await readToken() })).body.accounts;
      assert.equal(accounts.find((a) => a.id === 'acc-alice-chk').balance, '2327.30');
      const retried = await transfer(env2, body, { token, key });
      assert.equal(retried.status, 201, 'the recorded answer of the spent token survives a restart');
      assert.deepEqual(retried.body, first.body);
      const reused = await transfer(env2, body, { token });
      assert.equal(reused.status, 401);
      assert.equal(reused.headers.get('www-authenticate'), REUSED_401);
      const replay = await transfer(env2, body, { key });
      assert.equal(replay.status, 201);
      assert.equal(replay.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(replay.body, first.body);
      assert.equal(ledgerState(env2.dataDir).transfers, 1);
    } finally {
      await env2.stop();
    }

    // Deleting the ledger puts the sandbox back to the seed.
    for (const f of ['ledger.sqlite', 'ledger.sqlite-wal', 'ledger.sqlite-shm']) await rm(join(env1.dataDir, f), { force: true });
    const env3 = await startApi({ dataDir: env1.dataDir });
    try {
      const accounts = (await call(env3, '/accounts', { token: await readToken() })).body.accounts;
      assert.equal(accounts.find((a) => a.id === 'acc-alice-chk').balance, '2450.75');
      assert.ok(existsSync(join(env1.dataDir, 'ledger.sqlite')));
    } finally {
      await env3.stop();
    }
  });
});

describe('keys and logs', () => {
  test('a rotated-in key (new kid) is picked up', withApi(async (env) => {
    assert.equal((await call(env, '/accounts', { token: await readToken() })).status, 200);
    await new Promise((r) => setTimeout(r, 1100)); // past the JWKS refetch cooldown
    const fresh = await authority.rotate({ keepOld: true });
    const token = await readToken();
    assert.equal(JSON.parse(Buffer.from(token.split('.')[0], 'base64url')).kid, fresh.kid);
    const r = await call(env, '/accounts', { token });
    assert.equal(r.status, 200, r.text);
  }));

  test('JWKS unreachable → 503, not a 401 that would send the user to sign in again', async () => {
    const dead = createServer();
    await new Promise((resolve) => dead.listen(0, '127.0.0.1', resolve));
    const port = dead.address().port;
    await new Promise((resolve) => dead.close(resolve));
    const env = await startApi({ jwksUri: `http://127.0.0.1:${port}/jwks` });
    try {
      const r = await call(env, '/accounts', { token: await readToken() });
      assert.equal(r.status, 503);
      assert.equal(r.headers.get('www-authenticate'), null);
    } finally {
      await env.stop();
    }
  });

  test('logs record transfers but never a raw token', withApi(async (env) => {
    const token = await transferToken();
    await transfer(env, { from: 'acc-alice-chk', to: 'acc-alice-sav', amount: '1.00', currency: 'EUR' }, { token });
    await transfer(env, { from: 'acc-alice-chk', to: 'acc-alice-sav', amount: '1.00', currency: 'EUR' }, { token });
    await call(env, '/accounts', { headers: { authorization: `Bearer ${token}x` } });
    const log = await readFile(env.logFile, 'utf8');
    const events = log.trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(events.some((e) => e.event === 'api.transfer' && e.outcome === 'completed'));
    assert.ok(events.some((e) => e.event === 'api.transfer' && e.outcome === 'token_reused'));
    assert.ok(!log.includes(token.split('.')[2]), 'no signature in the log');
    assert.ok(!log.includes('eyJ'), 'no JWT in the log');
  }));
});
