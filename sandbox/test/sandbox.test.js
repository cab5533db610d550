// The composition layer: one process, three listeners, scenario switches, fault injection, key
// rotation over the admin interface, and the fabrikam-sandbox command line.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import * as jose from 'jose';

import { startSandbox, SANDBOX_ROOT } from '../src/server.js';
import { Scenarios } from '../src/scenarios.js';
import { Person } from './support/person.js';

const run = promisify(execFile);

async function freePorts(n) {
  const servers = await Promise.all(Array.from({ length: n }, () => new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => resolve(s));
  })));
  const ports = servers.map((s) => s.address().port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

/**
 * A base sign-in as `user` through the scripted person, then one refresh and one API call, the way
 * the desktop app does them; returns every secret that passed through.
 */
async function signInAndUse(issuer, apiUrl, user = 'alice') {
  const users = JSON.parse(readFileSync(join(SANDBOX_ROOT, 'seed', 'users.json'), 'utf8'));
  const discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
  const verifier = randomBytes(32).toString('base64url');
  const redirectUri = 'http://127.0.0.1:49152/callback';
  const url = new URL(discovery.authorization_endpoint);
  for (const [k, v] of Object.entries({
    client_id: 'fabrikam-desktop', response_type: 'code', redirect_uri: redirectUri,
    scope: 'openid profile email offline_access read:accounts', audience: 'https://api.fabrikam.example',
    state: randomBytes(16).toString('base64url'), nonce: randomBytes(16).toString('base64url'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256',
  })) url.searchParams.set(k, v);
  const person = new Person(user);
  let r = await person.authorize(url.href);
  assert.equal(r.kind, 'login');
  r = await person.submit({ username: user, password: users[user].password });
  assert.equal(r.kind, 'callback');
  const { code } = r.callback.params;
  const token = async (body) => (await fetch(discovery.token_endpoint, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: 'fabrikam-desktop', ...body }),
  })).json();
  const tokens = await token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier });
  assert.ok(tokens.access_token && tokens.refresh_token && tokens.id_token, JSON.stringify(tokens));
  const refreshed = await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
  assert.ok(refreshed.refresh_token);
  const accounts = await fetch(`${apiUrl}/accounts`, { headers: { authorization: `Bearer ${refreshed.access_token}` } });
  assert.equal(accounts.status, 200);
  return {
    tokens,
    secrets: [code, verifier, users[user].password, tokens.access_token, tokens.refresh_token, tokens.id_token,
      refreshed.access_token, refreshed.refresh_token, refreshed.id_token],
  };
}

async function cli(args, env = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(SANDBOX_ROOT, 'bin', 'sandbox.js'), ...args], {
      env: { ...process.env, ...env }, timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('in-process sandbox', () => {
  let sb;
  let dir;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fabrikam-sandbox-'));
    sb = await startSandbox({ ports: { idp: 0, api: 0, admin: 0 }, dataDir: dir });
  });
  after(async () => {
    await sb.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const admin = (method, path, body) => fetch(`${sb.adminUrl}${path}`, {
    method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });

  test('all three listeners answer on 127.0.0.1, the issuer is exact', async () => {
    assert.match(sb.issuer, /^http:\/\/127\.0\.0\.1:\d+$/);
    const disco = await (await fetch(`${sb.issuer}/.well-known/openid-configuration`)).json();
    assert.equal(disco.issuer, sb.issuer);
    assert.equal((await fetch(`${sb.apiUrl}/health`)).status, 200);
    const health = await (await admin('GET', '/health')).json();
    assert.equal(health.status, 'ok');
    assert.equal(health.issuer, sb.issuer);
    assert.equal(health.api, sb.apiUrl);
  });

  test('scenario switches change at run time, all-or-nothing, and reset', async () => {
    let r = await admin('PATCH', '/scenarios', { 'mfa-reject-all': 'on', 'access-token-ttl': 30 });
    assert.equal(r.status, 200);
    assert.deepEqual(sb.scenarios.get().mfaRejectAll, true);
    assert.equal(sb.scenarios.get().accessTokenTtl, 30);

    r = await admin('PATCH', '/scenarios', { 'api-max-age': 0, 'idp-fail-rate': 2 });
    assert.equal(r.status, 400);
    assert.match((await r.json()).error_description, /idp-fail-rate/);
    assert.equal(sb.scenarios.get().apiMaxAge, null, 'a rejected change must change nothing');

    r = await admin('PATCH', '/scenarios', { nonsense: 1 });
    assert.equal(r.status, 400);
    r = await fetch(`${sb.adminUrl}/scenarios`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{not json' });
    assert.equal(r.status, 400);

    r = await admin('DELETE', '/scenarios');
    assert.deepEqual((await r.json()).values['mfa-reject-all'], false);
    assert.equal(sb.scenarios.get().accessTokenTtl, null);
  });

  test('api-fail-rate fails exactly that share of API requests with 503, then stops', async () => {
    await admin('PATCH', '/scenarios', { 'api-fail-rate': 0.5 });
    const statuses = [];
    for (let i = 0; i < 10; i++) statuses.push((await fetch(`${sb.apiUrl}/health`)).status);
    assert.equal(statuses.filter((s) => s === 503).length, 5);
    assert.equal(statuses.filter((s) => s === 200).length, 5);
    await admin('PATCH', '/scenarios', { 'api-fail-rate': 1 });
    const r = await fetch(`${sb.apiUrl}/health`);
    assert.equal(r.status, 503);
    assert.equal((await r.json()).error, 'temporarily_unavailable');
    await admin('DELETE', '/scenarios');
    assert.equal((await fetch(`${sb.apiUrl}/health`)).status, 200);
  });

  test('api-hold-response-ms handles the request at once and holds only the answer', async () => {
    const handled = () => readFileSync(join(dir, 'logs', 'api.log'), 'utf8').split('\n')
      .filter((l) => l.includes('"api.request"') && l.includes('"/health"')).length;
    const before = handled();
    await admin('PATCH', '/scenarios', { 'api-hold-response-ms': 400 });
    const aborted = new AbortController();
    const gone = fetch(`${sb.apiUrl}/health`, { signal: aborted.signal }).catch((e) => e.name);
    await new Promise((r) => setTimeout(r, 150));
    aborted.abort(); // the client gives up before the answer: the request was handled all the same
    assert.equal(await gone, 'AbortError');
    assert.equal(handled(), before + 1);
    const t0 = performance.now();
    assert.equal((await fetch(`${sb.apiUrl}/health`)).status, 200);
    assert.ok(performance.now() - t0 >= 390, 'the answer must be held');
    await admin('DELETE', '/scenarios');
  });

  test('api-slow-ms delays every API answer by at least N ms, refusals too', async () => {
    await admin('PATCH', '/scenarios', { 'api-slow-ms': 500 });
    let t0 = performance.now();
    assert.equal((await fetch(`${sb.apiUrl}/health`)).status, 200);
    assert.ok(performance.now() - t0 >= 490, 'the API answer must be delayed');
    t0 = performance.now();
    assert.equal((await fetch(`${sb.apiUrl}/accounts`)).status, 401);
    assert.ok(performance.now() - t0 >= 490, 'a refusal must be delayed as well');
    await admin('DELETE', '/scenarios');
    t0 = performance.now();
    assert.equal((await fetch(`${sb.apiUrl}/health`)).status, 200);
    assert.ok(performance.now() - t0 < 490, 'and no longer once the switch is off');
  });

  test('idp-fail-rate and idp-slow-ms act on the provider only', async () => {
    await admin('PATCH', '/scenarios', { 'idp-fail-rate': 1 });
    assert.equal((await fetch(`${sb.issuer}/.well-known/openid-configuration`)).status, 503);
    assert.equal((await fetch(`${sb.apiUrl}/health`)).status, 200);
    await admin('PUT', '/scenarios', { 'idp-slow-ms': 400 });
    const t0 = performance.now();
    assert.equal((await fetch(`${sb.issuer}/.well-known/openid-configuration`)).status, 200);
    assert.ok(performance.now() - t0 >= 390, 'the provider answer must be delayed');
    await admin('DELETE', '/scenarios');
  });

  test('key rotation over the admin interface publishes the new key and keeps the old one', async () => {
    const before = await (await fetch(`${sb.issuer}/.well-known/jwks.json`)).json();
    const r = await admin('POST', '/keys/rotate');
    assert.equal(r.status, 200);
    const { kid, previousKid } = await r.json();
    assert.notEqual(kid, previousKid);
    const after = await (await fetch(`${sb.issuer}/.well-known/jwks.json`)).json();
    const kids = after.keys.map((k) => k.kid);
    assert.ok(kids.includes(kid) && kids.includes(previousKid));
    assert.ok(before.keys.some((k) => k.kid === previousKid));
    for (const k of after.keys) assert.equal(k.d, undefined, 'no private parts in the JWKS');
  });

  // Issue 16: a web page the person has open must not change the tenant. Reproduced before the
  // fix: a text/plain POST with a foreign Origin (what any page's form or fetch can send without a
  // CORS preflight) set access-token-ttl=86400.
  test('the admin interface refuses cross-site requests: foreign Origin 403, not JSON 415, foreign Host 400', async () => {
    await admin('DELETE', '/scenarios');
    const port = new URL(sb.adminUrl).port;
    const unchanged = () => assert.deepEqual(sb.scenarios.get(), Scenarios.defaults(), 'nothing changed');
    const body = JSON.stringify({ 'access-token-ttl': 86400 });

    let r = await fetch(`${sb.adminUrl}/scenarios`, {
      method: 'POST', headers: { 'content-type': 'text/plain', origin: 'http://evil.example' }, body,
    });
    assert.equal(r.status, 403);
    assert.equal((await r.json()).error, 'access_denied');
    unchanged();
    for (const origin of ['http://evil.example', 'null', `http://localhost:${port}`, `http://127.0.0.1:${sb.ports.idp}`]) {
      r = await fetch(`${sb.adminUrl}/scenarios`, { method: 'PATCH', headers: { 'content-type': 'application/json', origin }, body });
      assert.equal(r.status, 403, origin);
    }
    r = await fetch(`${sb.adminUrl}/health`, { headers: { origin: 'http://evil.example' } });
    assert.equal(r.status, 403, 'reads too: a page learns nothing');
    r = await fetch(`${sb.adminUrl}/scenarios`, { method: 'PATCH', headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' }, body });
    assert.equal(r.status, 403);
    unchanged();

    // without an Origin (a form's navigation may omit it): JSON only, body or not
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', undefined]) {
      r = await fetch(`${sb.adminUrl}/scenarios`, { method: 'PATCH', headers: type ? { 'content-type': type } : {}, body });
      assert.equal(r.status, 415, String(type));
    }
    r = await fetch(`${sb.adminUrl}/scenarios`, { method: 'DELETE' });
    assert.equal(r.status, 415);
    r = await fetch(`${sb.adminUrl}/keys/rotate`, { method: 'POST' });
    assert.equal(r.status, 415);
    unchanged();

    // DNS rebinding: a name that resolves to 127.0.0.1 arrives with its own Host
    const raw = (host) => new Promise((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1', port, method: 'PATCH', path: '/scenarios',
        headers: { host, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
      req.on('error', reject);
      req.end(body);
    });
    for (const host of ['rebound.evil.example', `rebound.evil.example:${port}`, `localhost:${port}`, '127.0.0.1', `127.0.0.1:${Number(port) + 1}`]) {
      assert.equal(await raw(host), 400, host);
    }
    unchanged();
    const refused = readFileSync(join(dir, 'logs', 'admin.log'), 'utf8').split('\n').filter((l) => l.includes('"admin.refused"'));
    assert.ok(refused.length >= 10, 'support staff see the refusals');

    // the own origin with JSON is what scripts and tests send
    assert.equal(await raw(`127.0.0.1:${port}`), 200);
    assert.equal(sb.scenarios.get().accessTokenTtl, 86400);
    r = await fetch(`${sb.adminUrl}/scenarios`, { method: 'DELETE', headers: { 'content-type': 'application/json', origin: sb.adminUrl } });
    assert.equal(r.status, 200);
    unchanged();
  });

  test('unknown admin paths get a helpful 404', async () => {
    const r = await admin('GET', '/nope');
    assert.equal(r.status, 404);
    assert.match((await r.json()).error_description, /scenarios/);
  });
});

describe('fabrikam-sandbox command line', () => {
  let dir;
  let ports;
  let env;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fabrikam-sandbox-cli-'));
    ports = await freePorts(3);
    env = {
      FABRIKAM_SANDBOX_DATA: dir,
      FABRIKAM_SANDBOX_IDP_PORT: String(ports[0]),
      FABRIKAM_SANDBOX_API_PORT: String(ports[1]),
      FABRIKAM_SANDBOX_ADMIN_PORT: String(ports[2]),
    };
  });
  after(async () => {
    await cli(['stop'], env);
    rmSync(dir, { recursive: true, force: true });
  });

  test('start waits for readiness and prints the URLs; status, scenario, rotate-key, reset, stop', async () => {
    let r = await cli(['start', '--scenario', 'api-max-age=0'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`http://127\\.0\\.0\\.1:${ports[0]}`));
    assert.match(r.stdout, new RegExp(`http://127\\.0\\.0\\.1:${ports[1]}`));

    r = await cli(['status', '--json'], env);
    assert.equal(r.code, 0);
    const status = JSON.parse(r.stdout);
    assert.equal(status.ready, true);
    assert.equal(status.issuer, `http://127.0.0.1:${ports[0]}`);

    r = await cli(['start'], env);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /already running/);

    r = await cli(['scenario', '--json'], env);
    assert.equal(JSON.parse(r.stdout)['api-max-age'], 0, 'the --scenario flag at start took effect');
    r = await cli(['scenario', 'mfa-reject-all=on', 'api-slow-ms=5'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /mfa-reject-all\s+true/);
    r = await cli(['scenario', 'api-slow-ms=-1'], env);
    assert.equal(r.code, 64);
    assert.match(r.stderr, /api-slow-ms/);
    r = await cli(['scenario', 'reset'], env);
    assert.match(r.stdout, /mfa-reject-all\s+false/);

    const kids = async () => {
      const res = await fetch(`http://127.0.0.1:${ports[0]}/.well-known/jwks.json`);
      return (await res.json()).keys.map((k) => k.kid).sort();
    };
    assert.equal((await kids()).length, 1);
    r = await cli(['rotate-key'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /New signing key/);
    const rotated = await kids();
    assert.equal(rotated.length, 2, 'the rotation published a second key');

    r = await cli(['reset'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /seed data/);
    r = await cli(['status'], env);
    assert.equal(r.code, 0, 'reset restarts a running tenant');
    // The data folder is the seed's again: one fresh signing key, none of the rotated ones.
    const afterReset = await kids();
    assert.equal(afterReset.length, 1);
    assert.ok(!rotated.includes(afterReset[0]), 'reset replaced the keys of the old data');

    r = await cli(['stop'], env);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Stopped/);
    assert.ok(!existsSync(join(dir, 'run.json')));
    r = await cli(['status'], env);
    assert.equal(r.code, 3);
  });

  test('a port in use is a clear error naming the port', async () => {
    const blocker = net.createServer();
    await new Promise((resolve) => blocker.listen(ports[1], '127.0.0.1', resolve));
    try {
      const r = await cli(['start', '--timeout', '20'], env);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, new RegExp(`port ${ports[1]}`));
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  test('logs go to files in the data folder', async () => {
    const logs = join(dir, 'logs');
    assert.ok(existsSync(join(logs, 'admin.log')));
    const lines = readFileSync(join(logs, 'admin.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(lines.some((l) => l.event === 'sandbox.started'));
  });

  test('start --rotate-key (or --scenario rotate-key) rotates the signing key before it answers', async () => {
    let r = await cli(['start', '--fresh', '--json', '--scenario', 'rotate-key', '--scenario', 'api-max-age=0'], env);
    assert.equal(r.code, 0, r.stderr);
    const started = JSON.parse(r.stdout);
    const { kid, previousKid } = started.rotatedKey;
    assert.ok(kid && previousKid && kid !== previousKid);
    const jwks = await (await fetch(`${started.issuer}/.well-known/jwks.json`)).json();
    assert.deepEqual(jwks.keys.map((k) => k.kid).sort(), [kid, previousKid].sort(), 'both published');
    const { tokens } = await signInAndUse(started.issuer, started.api);
    assert.equal(jose.decodeProtectedHeader(tokens.id_token).kid, kid, 'the new key signs from the start');
    assert.equal(jose.decodeProtectedHeader(tokens.access_token).kid, kid);
    r = await cli(['scenario', '--json'], env);
    assert.equal(JSON.parse(r.stdout)['api-max-age'], 0, 'the other switches still apply');

    // The flag form; the rotation is kept in the data folder, so it rotates from the last key.
    await cli(['stop'], env);
    r = await cli(['start', '--rotate-key'], env);
    assert.equal(r.code, 0, r.stderr);
    const line = r.stdout.split('\n').find((l) => l.startsWith('Signing key'));
    assert.ok(line?.includes(`${kid} stays published`), r.stdout);
    await cli(['stop'], env);
  });

  test('sandbox.out gets what the tenant prints, redacted: no token, code, verifier or password', async () => {
    // Stands in for any dependency that prints request details (a DEBUG namespace, a verbose HTTP
    // logger, a crash dump): every request line with its Authorization header, every JSON answer.
    const preload = join(dir, 'print-everything.mjs');
    writeFileSync(preload, `
      import dc from 'node:diagnostics_channel';
      import http from 'node:http';
      dc.subscribe('http.server.request.start', ({ request }) =>
        console.error('request %s %s authorization=%s', request.method, request.url, request.headers.authorization));
      const end = http.ServerResponse.prototype.end;
      http.ServerResponse.prototype.end = function (chunk, ...rest) {
        if (chunk && /json/.test(String(this.getHeader('content-type')))) console.log('answer ' + String(chunk));
        return end.call(this, chunk, ...rest);
      };
    `);
    const r = await cli(['start', '--fresh', '--json'], {
      ...env, DEBUG: 'oidc-provider:*', NODE_OPTIONS: `--import=${pathToFileURL(preload).href}`,
    });
    assert.equal(r.code, 0, r.stderr);
    const started = JSON.parse(r.stdout);
    assert.equal(started.rotatedKey, undefined, 'no key rotation without --rotate-key');
    const { secrets } = await signInAndUse(started.issuer, started.api);
    // and a refused reuse of the first refresh token, which the provider's debug output reports
    await fetch(`${started.issuer}/oauth/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: 'fabrikam-desktop', grant_type: 'refresh_token', refresh_token: secrets[4] }),
    });
    await cli(['stop'], env);
    const out = readFileSync(join(dir, 'logs', 'sandbox.out'), 'utf8');
    // (assert.ok, not assert.match: a failure must not print the file, secrets and all)
    assert.ok(/request POST \/oauth\/token/.test(out), 'the printing dependency ran');
    assert.ok(/answer \{"access_token":"red:…[0-9a-f]{6}"/.test(out), 'token answers were printed, redacted');
    assert.ok(/"refresh_token":"red:…[0-9a-f]{6}"/.test(out), 'opaque refresh tokens too');
    assert.ok(/authorization=Bearer red:…[0-9a-f]{6}/.test(out), 'Authorization headers too');
    for (const secret of secrets) assert.ok(!out.includes(secret), `a secret reached sandbox.out: …${secret.slice(-4)}`);
  });

  test('usage errors exit 64', async () => {
    assert.equal((await cli(['frobnicate'], env)).code, 64);
    assert.equal((await cli(['start', '--idp-port', 'x'], env)).code, 64);
  });
});

describe('fabrikam-totp', () => {
  const totpCli = async (args, env = {}) => {
    try {
      const { stdout } = await run(process.execPath, [join(SANDBOX_ROOT, 'bin', 'totp.js'), ...args], { env: { ...process.env, ...env } });
      return { code: 0, stdout };
    } catch (e) {
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
  const ALICE_SECRET = 'RKTJITVXRZU7ZYU6O4CXQ6WQAUREML4F';

  test('prints the code alice\'s authenticator shows now', async () => {
    const { totp, timeStep } = await import('../src/idp/totp.js');
    const dir = mkdtempSync(join(tmpdir(), 'fabrikam-totp-'));
    try {
      const before = timeStep(Date.now());
      const r = await totpCli(['alice', '--json', '--data', dir]);
      const after = timeStep(Date.now());
      assert.equal(r.code, 0);
      const { code, step } = JSON.parse(r.stdout);
      assert.ok(step === before || step === after);
      assert.equal(code, totp(ALICE_SECRET, step));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('skips a code the provider already accepted, and knows bob\'s enrolled secret', async () => {
    const { totp, timeStep, generateSecret } = await import('../src/idp/totp.js');
    const { openDatabase, userStateStore } = await import('../src/idp/store.js');
    const dir = mkdtempSync(join(tmpdir(), 'fabrikam-totp-'));
    try {
      mkdirSync(join(dir, 'idp'));
      const db = openDatabase(join(dir, 'idp', 'idp.sqlite'));
      const users = userStateStore(db);
      const bobSecret = generateSecret();
      users.setSecret('bob', bobSecret);
      const now = timeStep(Date.now());
      users.setLastStep('alice', now);
      db.close();

      let r = await totpCli(['alice', '--json', '--data', dir]);
      assert.equal(r.code, 0);
      let out = JSON.parse(r.stdout);
      assert.ok(out.step > now, 'the code after the one already used');
      assert.equal(out.code, totp(ALICE_SECRET, out.step));

      r = await totpCli(['bob', '--json', '--data', dir]);
      out = JSON.parse(r.stdout);
      assert.equal(out.code, totp(bobSecret, out.step));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('explains why carol and an unenrolled bob have no code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fabrikam-totp-'));
    try {
      let r = await totpCli(['carol', '--data', dir]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /no second factor/);
      r = await totpCli(['bob', '--data', dir]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /enroll/);
      r = await totpCli(['nobody-at-all', '--data', dir]);
      assert.equal(r.code, 64);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
