#!/usr/bin/env node
// The fault proxy: an HTTP/1.1 reverse proxy on loopback between the desktop client (fabrikam-cli,
// the window, in-process Qt tests) and the sandbox's Fabrikam API, which breaks chosen requests the
// way a real network does around POST /transfers: the answer lost after the bank committed, the
// request lost before the bank, a retrying intermediary that sends it twice, an answer that arrives
// twice on a kept-alive connection, a gateway error after the commit, a cut body, a slow answer.
// The client must never move money twice nor lose a transfer. Node built-ins only.
//
//   node server.mjs --port PORT --upstream http://127.0.0.1:API_PORT [--host 127.0.0.1]
//       Serves in the foreground (--port 0: any free port). Prints one line
//       "fault-proxy listening on http://127.0.0.1:PORT -> UPSTREAM" once listening, then one line
//       per request (method, path without query, Idempotency-Key, fault, outcomes; never a header
//       value, a cookie or a body). SIGTERM/SIGINT: closes every connection and exits 0.
//
//   client --> proxy --------------------------------------> bank (upstream)
//                |  whole request read (<= 1 MiB, else 413)
//                |  armed fault matches "METHOD /path"? ---> forwarded 0, 1 or 2 times
//                |<--------------------------------------- whole answer read
//      <-- relayed, withheld (cut), replaced (502/504), cut in the body, held (delay), or sent twice
//
// Control API on the same port (the client never calls it; not logged):
//   PUT    /__faults      {"mode", "match": "POST /transfers", "times": 1, "delayMs": 20000}
//                         arms one fault (times 0 or -1: every matching request until disarmed;
//                         remaining -1 then); {"mode": "pass"} disarms. 200 {armed, remaining}
//                         or 400 {error}. A fault whose times are used up disarms itself.
//   DELETE /__faults      disarms.
//   GET    /__faults      {armed, remaining, log: [...], pid, upstream}
//   DELETE /__faults/log  clears the log (seq keeps counting).
// Log entry per client request: {seq, at, method, path (no query), idempotencyKey, fault,
// upstreamStatus, upstreamCalls (attempts: 0, 1 or 2), clientSaw, error}; clientSaw is "answer",
// "answer-twice", "cut", "502", "504", "truncated", "delayed-answer", "delayed-cut", or "pending" while
// in flight; error names an upstream failure (its code only) or a client that left mid-request.
//
// Modes: pass, cut-after-answer, cut-before-bank, duplicate, duplicate-answer, bad-gateway-after-commit,
// gateway-timeout-after-commit, truncate-body, delay (see FAULTS below). control.mjs starts and
// stops this program in the background for CTest fixtures.
import http from 'node:http';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CONTROL_PATH = '/__faults';
const MAX_REQUEST_BODY = 1024 * 1024; // the API's own limit is far lower; this only bounds memory
const MAX_CONTROL_BODY = 16 * 1024;
const MAX_LOG_ENTRIES = 1000;
const UPSTREAM_TIMEOUT_MS = 60_000;
const DEFAULT_DELAY_MS = 20_000;
const SECOND_COPY_DELAY_MS = 200; // duplicate-answer: the second copy, after the client is done with the first
const MAX_DELAY_MS = 10 * 60_000;
// Longer than Node's 5 s: a proxy that drops an idle keep-alive connection just as the client
// reuses it produces a cut of its own, which would blur the faults a test arms on purpose.
const CLIENT_KEEP_ALIVE_MS = 30_000;

// What each mode does to a matching request, after the whole request was read.
export const FAULTS = {
  'pass': 'forward, relay the answer',
  'cut-after-answer': 'forward, wait for the whole answer (the bank committed), close the client connection without a byte',
  'cut-before-bank': 'never forward, close the client connection without a byte',
  'duplicate': 'forward twice in sequence (same headers and body), relay the second answer',
  'duplicate-answer': 'forward once, write the whole answer (status line, headers, body) twice on the client connection, keep it open',
  'bad-gateway-after-commit': 'forward, discard the answer, answer 502 Bad Gateway (nginx\'s HTML page)',
  'gateway-timeout-after-commit': 'forward, discard the answer, answer 504 Gateway Timeout (nginx\'s HTML page)',
  'truncate-body': 'forward, relay status line, headers (real Content-Length) and half the body, then close',
  'delay': 'forward, hold the answer delayMs, relay it if the client is still connected',
};

// RFC 9110 §7.6.1: hop-by-hop fields, never forwarded in either direction (plus every Proxy-*
// field and the ones a Connection header names). Content-Length is recomputed from the buffered body; Host is the
// upstream's; Expect was already answered by this server (the body is read whole).
const HOP_BY_HOP = new Set([
  'connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization',
  'te', 'trailer', 'transfer-encoding', 'upgrade',
]);
const RECOMPUTED = new Set(['content-length', 'host', 'expect']);

const NGINX_PAGE = (status, reason) => `<html>\r
<head><title>${status} ${reason}</title></head>\r
<body>\r
<center><h1>${status} ${reason}</h1></center>\r
<hr><center>nginx</center>\r
</body>\r
</html>\r
`;

// "POST /transfers" -> { method, path }; null when it is not one method and one absolute path.
export function parseMatch(text) {
  const m = /^([A-Z]{1,20}) (\/[\x21-\x7E]*)$/.exec(text);
  if (!m || m[2].includes('?') || m[2].includes('#')) return null;
  return { method: m[1], path: m[2] };
}

// The fault a PUT /__faults body arms, or { error } with the reason for a 400.
export function parseFaultConfig(body) {
  let doc;
  try {
    doc = JSON.parse(body);
  } catch {
    return { error: 'the body is not JSON' };
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return { error: 'the body must be a JSON object' };
  const known = new Set(['mode', 'match', 'times', 'delayMs']);
  const unknown = Object.keys(doc).filter((k) => !known.has(k));
  if (unknown.length) return { error: `unknown field(s) ${unknown.join(', ')}; expected mode, match, times, delayMs` };
  const { mode, match = 'POST /transfers', times = 1, delayMs = DEFAULT_DELAY_MS } = doc;
  if (typeof mode !== 'string' || !Object.hasOwn(FAULTS, mode)) {
    return { error: `unknown mode ${JSON.stringify(mode)}; one of ${Object.keys(FAULTS).join(', ')}` };
  }
  if (typeof match !== 'string' || !parseMatch(match)) {
    return { error: 'match must be "METHOD /path" (upper-case method, one space, a path without query)' };
  }
  if (!Number.isInteger(times) || times < -1) {
    return { error: 'times must be an integer >= 1, or 0 / -1 for every matching request' };
  }
  if (!Number.isInteger(delayMs) || delayMs < 0 || delayMs > MAX_DELAY_MS) {
    return { error: `delayMs must be an integer between 0 and ${MAX_DELAY_MS}` };
  }
  return { config: { mode, match, times, delayMs } };
}

// The upstream URL, or an Error saying why not: plain http on a loopback address only, since the
// proxy forwards the client's Authorization header.
export function parseUpstream(text) {
  let url;
  try {
    url = new URL(text);
  } catch {
    return new Error(`--upstream ${JSON.stringify(text)} is not a URL`);
  }
  if (url.protocol !== 'http:') return new Error('--upstream must be a plain http:// URL');
  if (!isLoopback(url.hostname)) return new Error('--upstream must be on a loopback address (127.0.0.1, ::1, localhost)');
  if (url.search || url.hash || url.username || url.password) {
    return new Error('--upstream takes scheme, host, port and an optional path prefix only');
  }
  return url;
}

const isLoopback = (host) =>
  host === 'localhost' || host === '[::1]' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);

// Only a code or a class name: an error's message can quote request bytes.
const describeError = (e) => (e && (e.code || e.name)) || 'unknown error';

// Raw header pairs minus hop-by-hop fields, those named by Connection, and `drop`.
function endToEnd(rawHeaders, drop) {
  const named = new Set();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i].toLowerCase() === 'connection') {
      for (const token of rawHeaders[i + 1].split(',')) named.add(token.trim().toLowerCase());
    }
  }
  const out = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    if (HOP_BY_HOP.has(name) || name.startsWith('proxy-') || named.has(name) || drop.has(name)) continue;
    out.push(rawHeaders[i], rawHeaders[i + 1]);
  }
  return out;
}

function readWhole(req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let settled = false;
    const settle = (fn, value) => {
      if (!settled) {
        settled = true;
        fn(value);
      }
    };
    req.on('data', (c) => {
      if (settled) return;
      size += c.length;
      if (size > limit) {
        req.pause();
        settle(reject, Object.assign(new Error('request body too large'), { code: 'TOO_LARGE' }));
      } else {
        chunks.push(c);
      }
    });
    req.on('end', () => settle(resolve, Buffer.concat(chunks)));
    req.on('error', (e) => settle(reject, Object.assign(new Error('client closed mid-request'), { code: e.code || 'CLIENT_CLOSED' })));
    req.on('close', () => {
      if (!req.complete) settle(reject, Object.assign(new Error('client closed mid-request'), { code: 'CLIENT_CLOSED' }));
    });
  });
}

export function startProxy({ port, host = '127.0.0.1', upstream, out = (l) => console.log(l), err = (l) => console.error(l) }) {
  const target = typeof upstream === 'string' ? parseUpstream(upstream) : upstream;
  if (target instanceof Error) return Promise.reject(target);
  const upstreamHost = target.hostname.replace(/^\[(.*)\]$/, '$1');
  const upstreamPort = Number(target.port || 80);
  const upstreamPrefix = target.pathname.replace(/\/+$/, '');
  const upstreamName = `${target.protocol}//${target.host}${upstreamPrefix}`;

  let armed = null; // { mode, match, times, delayMs } plus the parsed match
  let remaining = 0; // -1: every matching request until disarmed
  let log = [];
  let seq = 0;
  const timers = new Set();

  const disarm = () => {
    armed = null;
    remaining = 0;
  };
  const publicArmed = () => (armed ? { mode: armed.mode, match: armed.match, times: armed.times, delayMs: armed.delayMs } : null);

  // The fault for this request ({ mode, delayMs }); counts it against `times`.
  function take(method, path) {
    if (!armed || armed.method !== method || armed.path !== path) return { mode: 'pass', delayMs: 0 };
    const { mode, delayMs } = armed;
    if (remaining > 0 && --remaining === 0) disarm();
    return { mode, delayMs };
  }

  const send = (res, status, body, headers = {}) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body, null, 1) + '\n';
    res.writeHead(status, {
      'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
      'cache-control': 'no-store',
      ...headers,
    });
    res.end(text);
  };

  async function control(req, res, path) {
    if (path === CONTROL_PATH && req.method === 'GET') {
      return send(res, 200, { armed: publicArmed(), remaining, log, pid: process.pid, upstream: upstreamName });
    }
    if (path === CONTROL_PATH && req.method === 'DELETE') {
      disarm();
      out('fault-proxy: disarmed');
      return send(res, 200, { armed: null, remaining });
    }
    if (path === `${CONTROL_PATH}/log` && req.method === 'DELETE') {
      log = [];
      return send(res, 200, { log });
    }
    if (path === CONTROL_PATH && req.method === 'PUT') {
      let body;
      try {
        body = await readWhole(req, MAX_CONTROL_BODY);
      } catch (e) {
        if (e.code === 'TOO_LARGE') return send(res, 413, { error: 'control body over 16 KiB' }, { connection: 'close' });
        return undefined;
      }
      const parsed = parseFaultConfig(body.toString('utf8'));
      if (parsed.error) return send(res, 400, { error: parsed.error });
      if (parsed.config.mode === 'pass') {
        disarm();
        out('fault-proxy: disarmed');
      } else {
        armed = { ...parsed.config, ...parseMatch(parsed.config.match) };
        remaining = parsed.config.times > 0 ? parsed.config.times : -1;
        out(`fault-proxy: armed ${armed.mode} for ${armed.match} (${remaining < 0 ? 'every request' : `${remaining} time(s)`})`);
      }
      return send(res, 200, { armed: publicArmed(), remaining });
    }
    const allowed = path === CONTROL_PATH ? 'GET, PUT, DELETE' : path === `${CONTROL_PATH}/log` ? 'DELETE' : null;
    if (!allowed) return send(res, 404, { error: `no such control resource ${path}` });
    return send(res, 405, { error: `${req.method} not allowed here` }, { allow: allowed });
  }

  // One call to the bank: resolves { status, statusMessage, rawHeaders, body } once the whole
  // answer is in, rejects when there is none (refused, reset, timeout).
  function forward(req, body) {
    return new Promise((resolve, reject) => {
      const headers = endToEnd(req.rawHeaders, RECOMPUTED);
      headers.push('Host', target.host);
      const hasBody = body.length > 0 || req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
      if (hasBody) headers.push('Content-Length', String(body.length));
      const call = http.request({
        host: upstreamHost,
        port: upstreamPort,
        method: req.method,
        path: upstreamPrefix + req.url,
        headers,
        agent: false, // a fresh connection per call: a stale pooled one must not fail a POST
        timeout: UPSTREAM_TIMEOUT_MS,
      }, (answer) => {
        const chunks = [];
        answer.on('data', (c) => chunks.push(c));
        answer.on('end', () => resolve({
          status: answer.statusCode,
          statusMessage: answer.statusMessage,
          rawHeaders: answer.rawHeaders,
          body: Buffer.concat(chunks),
        }));
        answer.on('error', reject);
        answer.on('aborted', () => reject(Object.assign(new Error('upstream answer cut'), { code: 'ECONNRESET' })));
      });
      call.on('timeout', () => call.destroy(Object.assign(new Error('upstream timeout'), { code: 'ETIMEDOUT' })));
      call.on('error', reject);
      call.end(hasBody ? body : undefined);
    });
  }

  // The bank's answer as the client gets it: end-to-end headers, Content-Length of the whole body.
  function answerHead(req, answer) {
    const headers = endToEnd(answer.rawHeaders, new Set(['content-length']));
    const bodiless = req.method === 'HEAD' || answer.status === 204 || answer.status === 304 || answer.status < 200;
    if (!bodiless) headers.push('Content-Length', String(answer.body.length));
    else if (answer.rawHeaders.some((h, i) => i % 2 === 0 && h.toLowerCase() === 'content-length')) {
      const i = answer.rawHeaders.findIndex((h, j) => j % 2 === 0 && h.toLowerCase() === 'content-length');
      headers.push('Content-Length', answer.rawHeaders[i + 1]);
    }
    return { headers, bodiless };
  }

  function relay(req, res, answer) {
    const { headers, bodiless } = answerHead(req, answer);
    res.writeHead(answer.status, answer.statusMessage, headers);
    res.end(bodiless ? undefined : answer.body);
  }

  // Status line and header fields as node's ServerResponse serialises them (latin1, CRLF).
  function headBytes(answer, headers) {
    let head = `HTTP/1.1 ${answer.status} ${answer.statusMessage}\r\n`;
    for (let i = 0; i < headers.length; i += 2) head += `${headers[i]}: ${headers[i + 1]}\r\n`;
    return Buffer.from(head + '\r\n', 'latin1');
  }

  // Status line, headers with the real Content-Length, half the body, then the connection closes.
  function truncate(req, res, answer) {
    const { headers } = answerHead(req, answer);
    const socket = req.socket;
    const half = answer.body.subarray(0, Math.floor(answer.body.length / 2));
    socket.end(Buffer.concat([headBytes(answer, headers), half]), () => socket.destroy());
  }

  // The whole answer twice, back to back, on the client's connection: the first copy written to the
  // socket raw, the second through `res`, so node's own bookkeeping for this request finishes as
  // usual (the connection stays open, the next request on it is parsed and proxied, a pipelined
  // answer waits its turn). The head is complete before node sees it — the bank's fields, the real
  // Content-Length, a Date, the Connection field removed — so node adds nothing and both copies are
  // the same bytes. Without a Connection field node keeps the connection unless the client sent
  // `Connection: close`; then it closes after the second copy (both are written; nobody adds a
  // `Connection: close` field).
  function duplicateAnswer(req, res, answer) {
    const { headers, bodiless } = answerHead(req, answer);
    if (!headers.some((h, i) => i % 2 === 0 && h.toLowerCase() === 'date')) headers.push('Date', new Date().toUTCString());
    res.removeHeader('connection');
    const copy = Buffer.concat([headBytes(answer, headers), bodiless ? Buffer.alloc(0) : answer.body]);
    const write = () => {
      res.writeHead(answer.status, answer.statusMessage, headers); // stores the head (and validates it); sent by end()
      req.socket.write(copy);
      // The second copy comes a moment later, after the client has read the first and put the
      // connection back in its pool, as a repeating intermediary sends it: a client that reuses
      // the connection then reads it as the answer to its next request.
      const timer = setTimeout(() => {
        timers.delete(timer);
        res.end(bodiless ? undefined : answer.body);
      }, SECOND_COPY_DELAY_MS);
      timers.add(timer);
    };
    // Behind a pipelined request's answer still in flight, `res` gets the socket only once that one
    // is finished; the raw copy must not overtake it.
    if (res.socket) write();
    else res.once('socket', write);
  }

  function gatewayError(res, status) {
    const reason = status === 504 ? 'Gateway Timeout' : 'Bad Gateway';
    res.writeHead(status, reason, ['Server', 'nginx', 'Content-Type', 'text/html', 'Cache-Control', 'no-store']);
    res.end(NGINX_PAGE(status, reason));
  }

  function upstreamDown(res, e) {
    send(res, 502, `fault-proxy: the upstream ${upstreamName} did not answer (${describeError(e)})\n`);
  }

  const record = (entry) => {
    log.push(entry);
    if (log.length > MAX_LOG_ENTRIES) log = log.slice(-MAX_LOG_ENTRIES);
  };
  const report = (e) => {
    const key = e.idempotencyKey === null ? '-' : JSON.stringify(e.idempotencyKey);
    out(`fault-proxy: #${e.seq} ${e.method} ${e.path} key=${key} fault=${e.fault} upstream=${e.upstreamStatus ?? '-'}` +
      ` calls=${e.upstreamCalls} client=${e.clientSaw}${e.error ? ` (${e.error})` : ''}`);
  };

  async function proxy(req, res, path) {
    const key = req.headers['idempotency-key'];
    const entry = {
      seq: ++seq,
      at: new Date().toISOString(),
      method: req.method,
      path,
      idempotencyKey: typeof key === 'string' ? key : null,
      fault: 'pass',
      upstreamStatus: null,
      upstreamCalls: 0,
      clientSaw: 'pending', // until the proxy has acted on the client's side
      error: null,
    };
    record(entry);
    let clientGone = false;
    res.on('close', () => {
      if (!res.writableFinished) clientGone = true;
    });
    const done = (clientSaw, error = null) => {
      entry.clientSaw = clientSaw;
      if (error) entry.error = error;
      report(entry);
    };

    let body;
    try {
      body = await readWhole(req, MAX_REQUEST_BODY);
    } catch (e) {
      if (e.code !== 'TOO_LARGE') return done('cut', 'client closed mid-request');
      done('answer', 'request body over 1 MiB: 413');
      return send(res, 413, 'fault-proxy: request body over 1 MiB\n', { connection: 'close' });
    }

    const { mode, delayMs } = take(req.method, path);
    entry.fault = mode;
    if (mode === 'cut-before-bank') {
      done('cut');
      return req.socket.destroy();
    }

    let answer;
    try {
      const calls = mode === 'duplicate' ? 2 : 1;
      for (let i = 0; i < calls; i++) {
        entry.upstreamCalls += 1;
        answer = await forward(req, body);
        entry.upstreamStatus = answer.status;
      }
    } catch (e) {
      entry.upstreamStatus = null;
      if (clientGone) return done('cut', `upstream ${describeError(e)}; client closed first`);
      done('502', `upstream ${describeError(e)}`);
      return upstreamDown(res, e);
    }

    if (mode === 'delay') {
      return new Promise((resolve) => {
        const finish = () => {
          clearTimeout(timer);
          timers.delete(timer);
          res.off('close', onClose);
          if (clientGone || res.destroyed) done('delayed-cut');
          else {
            done('delayed-answer');
            relay(req, res, answer);
          }
          resolve();
        };
        const onClose = () => {
          if (!res.writableFinished) finish();
        };
        const timer = setTimeout(finish, delayMs);
        timers.add(timer);
        if (clientGone || res.destroyed) finish();
        else res.on('close', onClose);
      });
    }
    if (clientGone || res.destroyed) return done('cut', 'client closed first');
    switch (mode) {
      case 'cut-after-answer':
        done('cut');
        return req.socket.destroy();
      case 'bad-gateway-after-commit':
        done('502');
        return gatewayError(res, 502);
      case 'gateway-timeout-after-commit':
        done('504');
        return gatewayError(res, 504);
      case 'truncate-body':
        done('truncated');
        return truncate(req, res, answer);
      case 'duplicate-answer':
        done('answer-twice');
        return duplicateAnswer(req, res, answer);
      default: // pass, duplicate
        done('answer');
        return relay(req, res, answer);
    }
  }

  const server = http.createServer({ keepAliveTimeout: CLIENT_KEEP_ALIVE_MS }, (req, res) => {
    let path;
    try {
      path = new URL(req.url, 'http://proxy.invalid').pathname;
    } catch {
      return send(res, 400, 'fault-proxy: unparsable request target\n');
    }
    const handling = path === CONTROL_PATH || path.startsWith(`${CONTROL_PATH}/`) ? control(req, res, path) : proxy(req, res, path);
    return handling.catch((e) => {
      err(`fault-proxy: error while handling a request: ${describeError(e)}`);
      if (!res.headersSent && !res.destroyed) send(res, 500, 'fault-proxy: internal error\n');
      else req.socket.destroy();
    });
  });
  server.keepAliveTimeout = CLIENT_KEEP_ALIVE_MS;
  // Garbage on the wire: a 400 and close, like Node's default, without echoing the bytes.
  server.on('clientError', (e, socket) => {
    if (socket.writable && e.code !== 'ECONNRESET') socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    socket.destroy();
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      server.on('error', (e) => err(`fault-proxy: server error: ${describeError(e)}`));
      const bound = server.address();
      const shown = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
      resolve({
        base: `http://${shown}:${bound.port}`,
        port: bound.port,
        upstream: upstreamName,
        close: () => new Promise((done) => {
          for (const t of timers) clearTimeout(t);
          timers.clear();
          server.close(() => done());
          server.closeAllConnections();
        }),
      });
    });
  });
}

function parseArgs(argv) {
  const opts = { port: null, host: '127.0.0.1', upstream: null };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    if (argv[i] === '--port') opts.port = Number(value);
    else if (argv[i] === '--upstream') opts.upstream = value;
    else if (argv[i] === '--host') opts.host = value;
    else if (argv[i] === '--help' || argv[i] === '-h') usage(0);
    else fail(`unknown argument ${argv[i]}`, 64);
    i++;
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) fail('--port PORT is required (0: any free port)', 64);
  if (!opts.upstream) fail('--upstream http://127.0.0.1:PORT is required', 64);
  if (!isLoopback(opts.host)) fail('--host must be a loopback address (127.0.0.1, ::1, localhost)', 64);
  return opts;
}

function usage(code) {
  console.log('usage: server.mjs --port PORT --upstream http://127.0.0.1:PORT [--host 127.0.0.1]');
  process.exit(code);
}

function fail(message, code = 1) {
  console.error(`fault-proxy: ${message}`);
  process.exit(code);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const upstream = parseUpstream(opts.upstream);
  if (upstream instanceof Error) fail(upstream.message, 64);
  // A test-support program must outlive its own bugs; one line each, never a message text.
  process.on('uncaughtException', (e) => console.error(`fault-proxy: unexpected error: ${describeError(e)}`));
  process.on('unhandledRejection', (e) => console.error(`fault-proxy: unexpected rejection: ${describeError(e)}`));
  let proxy;
  try {
    proxy = await startProxy({ port: opts.port, host: opts.host, upstream });
  } catch (e) {
    fail(`cannot listen on ${opts.host}:${opts.port}: ${describeError(e)}`, 2);
  }
  console.log(`fault-proxy listening on ${proxy.base} -> ${proxy.upstream}`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await proxy.close();
    console.log('fault-proxy: stopped');
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

const isMain = () => {
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
};
if (process.argv[1] && isMain()) await main();
