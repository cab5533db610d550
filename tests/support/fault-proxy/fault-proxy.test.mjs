// Self-test of the fault proxy: a counting bank in this process, server.mjs as a child process in
// front of it, every mode checked from the client's side with node:http, and control.mjs's
// start/stop. Run: node --test tests/support/fault-proxy/
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const SERVER = join(here, 'server.mjs');
const CONTROL = join(here, 'control.mjs');
const SECRET = 'SECRET-TOKEN-BYTES';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The bank: counts each "METHOD /path?query" and remembers what arrived; POST /transfers -> 201
// with a JSON body long enough to be cut in half, numbered per arrival.
function startBank() {
  const bank = { hits: new Map(), seen: [], transfers: 0 };
  bank.count = (key) => bank.hits.get(key) ?? 0;
  bank.reset = () => {
    bank.hits.clear();
    bank.seen = [];
  };
  bank.server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const key = `${req.method} ${req.url}`;
      bank.hits.set(key, bank.count(key) + 1);
      const body = Buffer.concat(chunks).toString('utf8');
      bank.seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      if (req.method === 'POST' && req.url.split('?')[0] === '/transfers') {
        const n = ++bank.transfers;
        res.writeHead(201, { 'content-type': 'application/json', 'x-bank-call': String(n) });
        res.end(JSON.stringify({ id: `tr-${n}`, call: n, request: body, memo: 'm'.repeat(200) }));
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ accounts: [], url: req.url }));
      }
    });
  });
  return new Promise((resolve) => bank.server.listen(0, '127.0.0.1', () => {
    bank.port = bank.server.address().port;
    resolve(bank);
  }));
}

async function freePort() {
  const s = net.createServer();
  await new Promise((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

// server.mjs as a child on a free port; resolves once it printed its "listening" line.
function startProxy(upstream) {
  const child = spawn(process.execPath, [SERVER, '--port', '0', '--upstream', upstream], { stdio: ['ignore', 'pipe', 'pipe'] });
  const proxy = { child, stdout: '', stderr: '' };
  child.stderr.on('data', (d) => { proxy.stderr += d; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line: ${proxy.stdout} ${proxy.stderr}`)), 5000);
    child.on('exit', (code) => reject(new Error(`proxy exited ${code}: ${proxy.stderr}`)));
    child.stdout.on('data', (d) => {
      proxy.stdout += d;
      const m = /^fault-proxy listening on http:\/\/127\.0\.0\.1:(\d+) -> (\S+)$/m.exec(proxy.stdout);
      if (m && !proxy.port) {
        clearTimeout(timer);
        proxy.port = Number(m[1]);
        proxy.upstreamShown = m[2];
        resolve(proxy);
      }
    });
  });
}

function stopProxy(proxy) {
  return new Promise((resolve) => {
    if (proxy.child.exitCode !== null) return resolve(proxy.child.exitCode);
    proxy.child.once('exit', (code) => resolve(code));
    proxy.child.kill('SIGTERM');
  });
}

// One request; resolves { status, headers, body, error, reused } — error is the code when the
// connection failed or the body ended early (body then holds what arrived).
function call(port, { method = 'GET', path = '/', headers = {}, body, agent = false, timeout, chunked = false } = {}) {
  return new Promise((resolve) => {
    const out = { status: null, headers: null, body: '', error: null, reused: false };
    let settled = false;
    const finish = (error) => {
      if (settled) return;
      settled = true;
      if (error) out.error = error.code ?? 'ERROR';
      resolve(out);
    };
    const sendHeaders = { ...headers };
    if (body !== undefined && !chunked) sendHeaders['content-length'] = Buffer.byteLength(body);
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: sendHeaders, agent }, (res) => {
      out.status = res.statusCode;
      out.headers = res.headers;
      res.setEncoding('utf8');
      res.on('data', (c) => { out.body += c; });
      res.on('end', () => finish(res.complete ? null : { code: 'TRUNCATED' }));
      res.on('aborted', () => finish({ code: 'TRUNCATED' }));
      res.on('error', (e) => finish(e.code === 'ECONNRESET' ? { code: 'TRUNCATED' } : e));
    });
    req.on('socket', () => { out.reused = req.reusedSocket; });
    if (timeout) req.setTimeout(timeout, () => req.destroy(Object.assign(new Error('timeout'), { code: 'CLIENT_TIMEOUT' })));
    req.on('error', finish);
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

async function control(port, method, path = '/__faults', body) {
  const r = await call(port, {
    method, path, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  return { status: r.status, doc: JSON.parse(r.body), headers: r.headers };
}

const transfer = (port, key = 'key-1', extra = {}) => call(port, {
  method: 'POST', path: '/transfers',
  headers: { 'content-type': 'application/json', 'idempotency-key': key, authorization: `Bearer ${SECRET}` },
  body: JSON.stringify({ from: 'acc-1', to: 'acc-2', amount: '12.50' }),
  ...extra,
});

// Raw HTTP/1.1 answers back to back in `bytes` -> [{ raw, status, headers, body }] (each one framed by
// its Content-Length) and `rest`, the bytes after the last whole answer.
function splitAnswers(bytes) {
  const answers = [];
  let at = 0;
  for (;;) {
    const end = bytes.indexOf('\r\n\r\n', at);
    if (end < 0) break;
    const lines = bytes.subarray(at, end).toString('latin1').split('\r\n');
    const headers = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    const stop = end + 4 + Number(headers['content-length'] ?? 0);
    if (stop > bytes.length) break;
    answers.push({
      raw: bytes.subarray(at, stop), status: Number(lines[0].split(' ')[1]), headers,
      body: bytes.subarray(end + 4, stop).toString('utf8'),
    });
    at = stop;
  }
  return { answers, rest: bytes.subarray(at) };
}

// One raw client connection: `send` writes, `until(n)` resolves once n whole answers arrived (or the
// connection ended), `closed` once the proxy closed it; `bytes()` is everything read so far.
function rawClient(port) {
  const chunks = [];
  let wake = () => {};
  let ended = false;
  const socket = net.connect(port, '127.0.0.1');
  const closed = new Promise((resolve) => socket.on('close', resolve));
  socket.on('data', (c) => { chunks.push(c); wake(); });
  socket.on('end', () => { ended = true; wake(); });
  socket.on('error', () => { ended = true; wake(); });
  const bytes = () => Buffer.concat(chunks);
  const until = (n) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${splitAnswers(bytes()).answers.length} of ${n} answers`)), 5000);
    wake = () => {
      if (!ended && splitAnswers(bytes()).answers.length < n) return;
      clearTimeout(timer);
      resolve(splitAnswers(bytes()));
    };
    wake();
  });
  return { socket, send: (text) => socket.write(text), until, closed, bytes };
}

const RAW_TRANSFER = (key, extra = '') => {
  const body = JSON.stringify({ from: 'acc-1', to: 'acc-2', amount: '12.50' });
  return `POST /transfers HTTP/1.1\r\nHost: bank\r\nContent-Type: application/json\r\nIdempotency-Key: ${key}\r\n` +
    `Authorization: Bearer ${SECRET}\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
};

// The log entry of the last client request, once the proxy finished with it.
async function lastEntry(port) {
  for (let i = 0; i < 100; i++) {
    const { doc } = await control(port, 'GET');
    const e = doc.log.at(-1);
    if (e && e.clientSaw !== 'pending') return e;
    await sleep(20);
  }
  throw new Error('no finished log entry');
}

describe('fault proxy', () => {
  let bank;
  let proxy;
  let port;
  const arm = async (config) => {
    const r = await control(port, 'PUT', '/__faults', config);
    assert.equal(r.status, 200, JSON.stringify(r.doc));
    return r.doc;
  };

  before(async () => {
    bank = await startBank();
    proxy = await startProxy(`http://127.0.0.1:${bank.port}`);
    port = proxy.port;
  });
  after(async () => {
    assert.equal(await stopProxy(proxy), 0, 'exits 0 on SIGTERM');
    assert.match(proxy.stdout, /fault-proxy: stopped/);
    assert.equal(proxy.stderr, '', 'no unexpected errors');
    await new Promise((r) => bank.server.close(r));
  });
  beforeEach(async () => {
    await control(port, 'DELETE');
    await control(port, 'DELETE', '/__faults/log');
    bank.reset();
  });

  test('prints its listening line with the upstream', () => {
    assert.equal(proxy.upstreamShown, `http://127.0.0.1:${bank.port}`);
  });

  test('pass: method, path, query, body and end-to-end headers reach the bank; hop-by-hop ones do not', async () => {
    const r = await call(port, {
      method: 'POST', path: '/transfers?dry=1', body: '{"amount":"1.00"}',
      headers: {
        'idempotency-key': 'k-pass', 'x-trace': 't1', 'connection': 'close, x-hop', 'x-hop': 'drop me',
        'proxy-authorization': 'Basic Zm9vOmJhcg==', 'te': 'trailers', 'keep-alive': 'timeout=5',
      },
    });
    assert.equal(r.status, 201);
    assert.equal(r.headers['x-bank-call'], String(bank.transfers));
    const seen = bank.seen.at(-1);
    assert.equal(seen.url, '/transfers?dry=1');
    assert.equal(seen.body, '{"amount":"1.00"}');
    assert.equal(seen.headers.host, `127.0.0.1:${bank.port}`);
    assert.equal(seen.headers['idempotency-key'], 'k-pass');
    assert.equal(seen.headers['x-trace'], 't1');
    for (const h of ['x-hop', 'proxy-authorization', 'te', 'keep-alive']) assert.equal(seen.headers[h], undefined, h);
    const e = await lastEntry(port);
    assert.deepEqual({ ...e, at: undefined }, {
      seq: e.seq, at: undefined, method: 'POST', path: '/transfers', idempotencyKey: 'k-pass', fault: 'pass',
      upstreamStatus: 201, upstreamCalls: 1, clientSaw: 'answer', error: null,
    });
    assert.ok(!Number.isNaN(Date.parse(e.at)));
  });

  test('a chunked request body is forwarded whole with a Content-Length', async () => {
    const r = await call(port, { method: 'POST', path: '/transfers', body: '{"chunked":true}', chunked: true });
    assert.equal(r.status, 201);
    const seen = bank.seen.at(-1);
    assert.equal(seen.body, '{"chunked":true}');
    assert.equal(seen.headers['content-length'], '16');
    assert.equal(seen.headers['transfer-encoding'], undefined);
  });

  test('keep-alive: the client reuses one connection', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const a = await call(port, { path: '/accounts', agent });
      const b = await transfer(port, 'k-ka', { agent });
      const c = await call(port, { path: '/accounts', agent });
      assert.deepEqual([a.status, b.status, c.status], [200, 201, 200]);
      assert.deepEqual([a.reused, b.reused, c.reused], [false, true, true]);
    } finally {
      agent.destroy();
    }
  });

  test('cut-after-answer: the bank committed once, the client gets no answer; times=1 then passes', async () => {
    const armed = await arm({ mode: 'cut-after-answer' });
    assert.deepEqual(armed, { armed: { mode: 'cut-after-answer', match: 'POST /transfers', times: 1, delayMs: 20000 }, remaining: 1 });
    const r = await transfer(port, 'k-cut');
    assert.equal(r.status, null);
    assert.equal(r.error, 'ECONNRESET');
    assert.equal(bank.count('POST /transfers'), 1);
    const e = await lastEntry(port);
    assert.equal(e.fault, 'cut-after-answer');
    assert.equal(e.upstreamStatus, 201);
    assert.equal(e.upstreamCalls, 1);
    assert.equal(e.clientSaw, 'cut');
    assert.equal(e.idempotencyKey, 'k-cut');
    const { doc } = await control(port, 'GET');
    assert.equal(doc.armed, null);
    assert.equal(doc.remaining, 0);
    const retry = await transfer(port, 'k-cut');
    assert.equal(retry.status, 201);
    assert.equal(bank.count('POST /transfers'), 2);
    assert.equal((await lastEntry(port)).fault, 'pass');
  });

  test('cut-before-bank: the bank never sees the request', async () => {
    await arm({ mode: 'cut-before-bank' });
    const r = await transfer(port, 'k-before');
    assert.equal(r.error, 'ECONNRESET');
    assert.equal(bank.count('POST /transfers'), 0);
    const e = await lastEntry(port);
    assert.deepEqual([e.fault, e.upstreamStatus, e.upstreamCalls, e.clientSaw], ['cut-before-bank', null, 0, 'cut']);
  });

  test('duplicate: the bank gets the same request twice, the client the second answer', async () => {
    await arm({ mode: 'duplicate' });
    const before = bank.transfers;
    const r = await transfer(port, 'k-dup');
    assert.equal(r.status, 201);
    assert.equal(bank.count('POST /transfers'), 2);
    const [first, second] = bank.seen.slice(-2);
    assert.equal(first.body, second.body);
    assert.equal(first.headers['idempotency-key'], 'k-dup');
    assert.equal(second.headers['idempotency-key'], 'k-dup');
    assert.equal(first.headers.authorization, second.headers.authorization);
    assert.equal(JSON.parse(r.body).call, before + 2);
    const e = await lastEntry(port);
    assert.deepEqual([e.fault, e.upstreamStatus, e.upstreamCalls, e.clientSaw], ['duplicate', 201, 2, 'answer']);
  });

  test('duplicate-answer: the bank once, the whole answer twice on a connection that stays open', async () => {
    await arm({ mode: 'duplicate-answer' });
    const client = rawClient(port);
    try {
      client.send(RAW_TRANSFER('k-twice'));
      await client.until(1); // a client that reuses the connection after the first answer
      client.send('GET /accounts HTTP/1.1\r\nHost: bank\r\nConnection: close\r\n\r\n');
      await client.closed;
      const { answers, rest } = splitAnswers(client.bytes());
      assert.equal(rest.length, 0, 'nothing after the last answer');
      assert.deepEqual(answers.map((a) => a.status), [201, 201, 200]);
      const [first, second, next] = answers;
      assert.ok(first.raw.equals(second.raw), 'the two copies are the same bytes');
      assert.equal(Number(first.headers['content-length']), Buffer.byteLength(first.body));
      assert.equal(first.headers.connection, undefined, 'no Connection field added');
      assert.ok(first.headers.date);
      assert.equal(JSON.parse(first.body).id, `tr-${bank.transfers}`);
      assert.deepEqual(JSON.parse(next.body), { accounts: [], url: '/accounts' }, 'the GET proxied normally');
      assert.equal(bank.count('POST /transfers'), 1);
      assert.equal(bank.count('GET /accounts'), 1);
      assert.equal(bank.seen.length, 2);
      const { doc } = await control(port, 'GET');
      assert.deepEqual(doc.log.map((e) => [e.method, e.fault, e.upstreamStatus, e.upstreamCalls, e.clientSaw]), [
        ['POST', 'duplicate-answer', 201, 1, 'answer-twice'],
        ['GET', 'pass', 200, 1, 'answer'],
      ]);
      assert.equal(doc.armed, null, 'times=1 used up');
    } finally {
      client.socket.destroy();
    }
  });

  test('duplicate-answer: a client that sent Connection: close still gets both copies', async () => {
    await arm({ mode: 'duplicate-answer' });
    const client = rawClient(port);
    try {
      client.send(RAW_TRANSFER('k-twice-close', 'Connection: close\r\n'));
      const { answers, rest } = await client.until(3); // resolves when the proxy closes
      assert.equal(rest.length, 0);
      assert.deepEqual(answers.map((a) => a.status), [201, 201]);
      assert.ok(answers[0].raw.equals(answers[1].raw));
      assert.equal(answers[0].headers.connection, undefined, 'no Connection: close added');
      assert.equal(bank.count('POST /transfers'), 1);
      const e = await lastEntry(port);
      assert.deepEqual([e.fault, e.upstreamStatus, e.upstreamCalls, e.clientSaw, e.idempotencyKey],
        ['duplicate-answer', 201, 1, 'answer-twice', 'k-twice-close']);
    } finally {
      client.socket.destroy();
    }
  });

  test('duplicate-answer: a pipelined request behind a held answer; the copies do not overtake it', async () => {
    await arm({ mode: 'delay', match: 'GET /accounts', delayMs: 300 });
    const client = rawClient(port);
    try {
      client.send('GET /accounts HTTP/1.1\r\nHost: bank\r\n\r\n');
      while ((await control(port, 'GET')).doc.armed) await sleep(10); // the GET took the delay
      await arm({ mode: 'duplicate-answer' });
      client.send(RAW_TRANSFER('k-pipe') + 'GET /accounts?after HTTP/1.1\r\nHost: bank\r\nConnection: close\r\n\r\n');
      await client.closed;
      const { answers, rest } = splitAnswers(client.bytes());
      assert.equal(rest.length, 0);
      assert.deepEqual(answers.map((a) => a.status), [200, 201, 201, 200]);
      assert.equal(JSON.parse(answers[0].body).url, '/accounts');
      assert.ok(answers[1].raw.equals(answers[2].raw));
      assert.equal(JSON.parse(answers[3].body).url, '/accounts?after');
      assert.equal(bank.count('POST /transfers'), 1);
    } finally {
      client.socket.destroy();
    }
  });

  for (const [mode, status, reason] of [
    ['bad-gateway-after-commit', 502, 'Bad Gateway'],
    ['gateway-timeout-after-commit', 504, 'Gateway Timeout'],
  ]) {
    test(`${mode}: the bank committed, the client gets nginx's ${status} page`, async () => {
      await arm({ mode });
      const r = await transfer(port, `k-${status}`);
      assert.equal(r.status, status);
      assert.match(r.headers['content-type'], /^text\/html/);
      assert.match(r.body, new RegExp(`<title>${status} ${reason}</title>`));
      assert.doesNotMatch(r.body, /tr-/);
      assert.equal(bank.count('POST /transfers'), 1);
      const e = await lastEntry(port);
      assert.deepEqual([e.fault, e.upstreamStatus, e.upstreamCalls, e.clientSaw], [mode, 201, 1, String(status)]);
    });
  }

  test('truncate-body: status and real Content-Length, half the body, then a premature close', async () => {
    await arm({ mode: 'truncate-body' });
    const r = await transfer(port, 'k-trunc');
    assert.equal(r.status, 201);
    assert.equal(r.error, 'TRUNCATED');
    const full = Number(r.headers['content-length']);
    assert.ok(full > 200);
    assert.equal(Buffer.byteLength(r.body), Math.floor(full / 2));
    assert.equal(bank.count('POST /transfers'), 1);
    const e = await lastEntry(port);
    assert.deepEqual([e.fault, e.upstreamStatus, e.clientSaw], ['truncate-body', 201, 'truncated']);
  });

  test('delay: the answer is held, then relayed', async () => {
    await arm({ mode: 'delay', delayMs: 300 });
    const started = Date.now();
    const r = await transfer(port, 'k-slow');
    assert.equal(r.status, 201);
    assert.ok(Date.now() - started >= 280, `answered after ${Date.now() - started} ms`);
    const e = await lastEntry(port);
    assert.deepEqual([e.fault, e.upstreamStatus, e.clientSaw], ['delay', 201, 'delayed-answer']);
  });

  test('delay: a client whose timeout fired has gone; logged as delayed-cut', async () => {
    await arm({ mode: 'delay', delayMs: 5000 });
    const started = Date.now();
    const r = await transfer(port, 'k-timeout', { timeout: 150 });
    assert.equal(r.error, 'CLIENT_TIMEOUT');
    assert.equal(bank.count('POST /transfers'), 1, 'the bank committed');
    const e = await lastEntry(port);
    assert.deepEqual([e.fault, e.upstreamStatus, e.clientSaw], ['delay', 201, 'delayed-cut']);
    assert.ok(Date.now() - started < 2000, 'logged when the client left, not after delayMs');
  });

  test('times counts matching requests; times=-1 (and 0) faults every one until disarmed', async () => {
    await arm({ mode: 'cut-before-bank', times: 2 });
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push((await transfer(port, `k-t${i}`)).error ?? 'ok');
    assert.deepEqual(outcomes, ['ECONNRESET', 'ECONNRESET', 'ok']);

    for (const times of [-1, 0]) {
      const armed = await arm({ mode: 'bad-gateway-after-commit', times });
      assert.equal(armed.remaining, -1);
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await transfer(port, `k-all${i}`)).status);
      assert.deepEqual(statuses, [502, 502, 502, 502]);
      assert.equal((await control(port, 'GET')).doc.armed.mode, 'bad-gateway-after-commit');
    }
    const off = await control(port, 'PUT', '/__faults', { mode: 'pass' });
    assert.deepEqual(off.doc, { armed: null, remaining: 0 });
    assert.equal((await transfer(port, 'k-after')).status, 201);
  });

  test('only the matching method and exact path are faulted (the query is ignored)', async () => {
    await arm({ mode: 'cut-before-bank', times: -1 });
    assert.equal((await call(port, { path: '/accounts' })).status, 200);
    assert.equal((await call(port, { path: '/transfers' })).status, 200); // GET, not POST
    assert.equal((await call(port, { method: 'POST', path: '/transfers/', body: '{}' })).status, 200);
    assert.equal((await call(port, { method: 'POST', path: '/transfers?x=1', body: '{}' })).error, 'ECONNRESET');
    await arm({ mode: 'cut-before-bank', match: 'GET /accounts' });
    assert.equal((await call(port, { path: '/accounts?page=2' })).error, 'ECONNRESET');
    assert.equal((await transfer(port, 'k-other')).status, 201);
    const { doc } = await control(port, 'GET');
    assert.deepEqual(doc.log.map((e) => e.fault),
      ['pass', 'pass', 'pass', 'cut-before-bank', 'cut-before-bank', 'pass']);
  });

  test('control API: defaults, errors and 404/405', async () => {
    const cases = [
      [{ mode: 'explode' }, /unknown mode/],
      ['{not json', /not JSON/],
      ['[1]', /object/],
      [{ mode: 'delay', match: 'post /transfers' }, /match/],
      [{ mode: 'delay', match: 'POST transfers' }, /match/],
      [{ mode: 'delay', match: 'POST /transfers?x=1' }, /match/],
      [{ mode: 'delay', times: 'x' }, /times/],
      [{ mode: 'delay', times: -2 }, /times/],
      [{ mode: 'delay', delayMs: -1 }, /delayMs/],
      [{ mode: 'delay', time: 3 }, /unknown field/],
    ];
    for (const [body, reason] of cases) {
      const r = await control(port, 'PUT', '/__faults', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.match(r.doc.error, reason);
    }
    assert.equal((await control(port, 'GET')).doc.armed, null, 'a refused PUT arms nothing');
    const armed = await arm({ mode: 'delay', match: 'PUT /x', times: 3, delayMs: 50 });
    assert.deepEqual(armed, { armed: { mode: 'delay', match: 'PUT /x', times: 3, delayMs: 50 }, remaining: 3 });
    assert.deepEqual((await control(port, 'DELETE')).doc, { armed: null, remaining: 0 });
    assert.equal((await control(port, 'GET', '/__faults/nope')).status, 404);
    const r = await control(port, 'POST', '/__faults', {});
    assert.equal(r.status, 405);
    assert.equal(r.headers.allow, 'GET, PUT, DELETE');
    const { doc } = await control(port, 'GET');
    assert.deepEqual(doc.log, [], 'control calls are not logged');
    assert.equal(doc.pid, proxy.child.pid);
  });

  test('DELETE /__faults/log clears the log; seq keeps counting', async () => {
    await call(port, { path: '/accounts' });
    const first = (await lastEntry(port)).seq;
    assert.equal((await control(port, 'DELETE', '/__faults/log')).status, 200);
    assert.deepEqual((await control(port, 'GET')).doc.log, []);
    await call(port, { path: '/accounts' });
    assert.equal((await lastEntry(port)).seq, first + 1);
  });

  test('secrets: Authorization, DPoP and cookies reach the bank but never the output or the log', async () => {
    const headers = {
      authorization: `Bearer ${SECRET}`, dpop: `dpop-${SECRET}`, cookie: `session=${SECRET}`,
      'idempotency-key': 'k-secret',
    };
    for (const mode of ['pass', 'cut-after-answer', 'duplicate', 'truncate-body', 'bad-gateway-after-commit']) {
      if (mode !== 'pass') await arm({ mode });
      await call(port, { method: 'POST', path: `/transfers?token=${SECRET}`, headers, body: `{"memo":"${SECRET}"}` });
    }
    assert.equal(bank.seen.at(-1).headers.authorization, `Bearer ${SECRET}`, 'forwarded to the bank');
    await sleep(100);
    const { doc } = await control(port, 'GET');
    assert.equal(doc.log.length, 5);
    for (const [where, text] of [['GET /__faults', JSON.stringify(doc)], ['stdout', proxy.stdout], ['stderr', proxy.stderr]]) {
      assert.ok(!text.includes(SECRET), `${where} holds the token bytes`);
      assert.ok(!text.includes('SECRET-TOKEN'), `${where} holds part of the token`);
    }
    assert.match(proxy.stdout, /key="k-secret"/);
  });

  test('a request body over 1 MiB gets 413 and is not forwarded', async () => {
    const r = await call(port, { method: 'POST', path: '/transfers', body: 'x'.repeat(1024 * 1024 + 1) });
    assert.ok(r.status === 413 || r.error === 'ECONNRESET' || r.error === 'EPIPE', JSON.stringify(r.status ?? r.error));
    assert.equal(bank.count('POST /transfers'), 0);
  });

  test('clients that leave mid-request or send garbage do not hurt the proxy', async () => {
    await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.write('POST /transfers HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"half":');
        setTimeout(() => { s.destroy(); resolve(); }, 50);
      });
    });
    await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => s.end('\x16\x03\x01 garbage\r\n\r\n'));
      s.on('close', resolve);
      s.on('error', resolve);
      s.resume();
    });
    await sleep(50);
    assert.equal(bank.count('POST /transfers'), 0);
    assert.equal((await transfer(port, 'k-alive')).status, 201);
    const cut = (await control(port, 'GET')).doc.log.find((e) => e.error === 'client closed mid-request');
    assert.equal(cut?.clientSaw, 'cut');
  });

  test('an upstream that is down: 502 naming it, logged', async () => {
    const deadPort = await freePort();
    const lonely = await startProxy(`http://127.0.0.1:${deadPort}`);
    try {
      const r = await transfer(lonely.port, 'k-down');
      assert.equal(r.status, 502);
      assert.match(r.body, new RegExp(`http://127\\.0\\.0\\.1:${deadPort}`));
      assert.match(r.body, /ECONNREFUSED/);
      const e = await lastEntry(lonely.port);
      assert.deepEqual([e.upstreamStatus, e.upstreamCalls, e.clientSaw], [null, 1, '502']);
      assert.match(e.error, /ECONNREFUSED/);
    } finally {
      assert.equal(await stopProxy(lonely), 0);
    }
  });
});

describe('server.mjs arguments', () => {
  test('refuses a missing or non-loopback upstream and a non-loopback host (exit 64)', () => {
    for (const args of [
      ['--port', '0'],
      ['--port', '0', '--upstream', 'http://example.com:80'],
      ['--port', '0', '--upstream', 'https://127.0.0.1:1'],
      ['--port', '0', '--upstream', 'http://127.0.0.1:1', '--host', '0.0.0.0'],
      ['--upstream', 'http://127.0.0.1:1'],
    ]) {
      const r = spawnSync(process.execPath, [SERVER, ...args], { encoding: 'utf8', timeout: 5000 });
      assert.equal(r.status, 64, args.join(' '));
      assert.match(r.stderr, /^fault-proxy: /);
    }
  });
});

describe('control.mjs', () => {
  let dir;
  let bank;
  let port;
  const run = (...args) => spawnSync(process.execPath, [CONTROL, ...args], { encoding: 'utf8', timeout: 20_000 });
  const pidOf = () => Number(readFileSync(join(dir, `fault-proxy-${port}.pid`), 'utf8'));
  const alive = (pid) => { // a zombie (exited, not yet reaped by its new parent) is not alive
    try {
      process.kill(pid, 0);
    } catch {
      return false;
    }
    try {
      return !/^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return true;
    }
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fault-proxy-test-'));
    bank = await startBank();
    port = await freePort();
  });
  after(async () => {
    run('stop', '--port', String(port), '--state-dir', dir);
    await new Promise((r) => bank.server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  test('start, start again (replaces the first), stop, stop again', async () => {
    const upstream = `http://127.0.0.1:${bank.port}`;
    const first = run('start', '--port', String(port), '--upstream', upstream, '--state-dir', dir);
    assert.equal(first.status, 0, first.stderr);
    const pid1 = pidOf();
    assert.ok(alive(pid1));
    assert.equal((await transfer(port, 'k-daemon')).status, 201);
    await control(port, 'PUT', '/__faults', { mode: 'cut-after-answer' });
    assert.equal((await transfer(port, 'k-daemon')).error, 'ECONNRESET');

    const second = run('start', '--port', String(port), '--upstream', upstream, '--state-dir', dir);
    assert.equal(second.status, 0, second.stderr);
    const pid2 = pidOf();
    assert.notEqual(pid2, pid1);
    assert.ok(!alive(pid1), 'the leftover was stopped');
    assert.equal((await control(port, 'GET')).doc.pid, pid2);

    const stop = run('stop', '--port', String(port), '--state-dir', dir);
    assert.equal(stop.status, 0, stop.stderr);
    assert.ok(!alive(pid2));
    assert.ok(!existsSync(join(dir, `fault-proxy-${port}.pid`)));
    const log = readFileSync(join(dir, `fault-proxy-${port}.log`), 'utf8');
    assert.match(log, /fault-proxy listening on/);
    assert.ok(!log.includes(SECRET), 'the log file holds the token bytes');

    const again = run('stop', '--port', String(port), '--state-dir', dir);
    assert.equal(again.status, 0);
    assert.match(again.stdout, /not running/);
  });

  test('start fails clearly when another process holds the port', async () => {
    const squatter = net.createServer((s) => s.destroy());
    await new Promise((r) => squatter.listen(0, '127.0.0.1', r));
    try {
      const busy = String(squatter.address().port);
      const r = run('start', '--port', busy, '--upstream', `http://127.0.0.1:${bank.port}`, '--state-dir', dir);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /EADDRINUSE/);
      assert.ok(!existsSync(join(dir, `fault-proxy-${busy}.pid`)));
    } finally {
      await new Promise((r) => squatter.close(r));
    }
  });

  test('usage errors exit 64', () => {
    assert.equal(run('start', '--port', String(port)).status, 64);
    assert.equal(run('frobnicate').status, 64);
  });
});
