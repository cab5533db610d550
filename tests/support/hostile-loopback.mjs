#!/usr/bin/env node
// Another process on the same machine, hostile to the app's loopback receiver (RFC 8252 §7.3, §8):
// while a sign-in is pending it floods http://127.0.0.1:PORT with random bytes, slowloris requests,
// waves of hundreds of parallel connections, huge headers, other paths and methods and callbacks
// with guessed states, and afterwards replays the callback. Node built-ins only; every loop is
// bounded in time and only 127.0.0.1, 127.0.0.2 and ::1 are ever contacted.
//
//   hostile-loopback.mjs flood PORT [MAX_MS]
//       Floods until a line "stop" arrives on standard input, standard input closes, or MAX_MS
//       (default 30000) passes. Prints "ready" once every attack is under way, then on stop one
//       line "summary {JSON}": per attack the attempts and what each ended in (an HTTP status,
//       "reset", "closed" without an answer, "refused", "held" by us until the end), and the
//       slowloris connections' lifetimes.
//   hostile-loopback.mjs probe PORT
//       Prints {"127.0.0.1": …, "127.0.0.2": …, "::1": …}: "connected" or the error code. A
//       listener bound to 127.0.0.1 only is refused on 127.0.0.2 (which a wildcard listener
//       would answer) and on ::1.
//   hostile-loopback.mjs replay URL
//       One GET of a callback URL on 127.0.0.1; prints {"outcome": …, "signedIn": bool}.
//   hostile-loopback.mjs browser PERSON_SCRIPT URL
//       A BROWSER wrapper (the app appends the authorization URL): floods the port of the URL's
//       redirect_uri, starts the scripted person (node PERSON_SCRIPT URL) once the flood is under
//       way, stops when the person is done, replays a callback with the request's state, and
//       writes the summary (with "person": exit code, "replay": outcome) to the file named by
//       FABRIKAM_HOSTILE_REPORT. Exits with the person's exit code.
import net from 'node:net';
import { randomBytes, randomInt } from 'node:crypto';
import { spawn } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';

const HOST = '127.0.0.1';
const CLIENT_GUARD_MS = 12000; // no attempt of ours outlives this, answered or not
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const base64url = (n) => randomBytes(n).toString('base64url');
const guessedState = () => base64url(32); // 43 characters, like the app's real states

// One attempt: connect, send `chunks` (Buffers; a function is called with the socket to drive a
// slow sender), and resolve with what happened: {outcome, status, body, ms}.
function attempt({ port, host = HOST, send = [], holdMs = CLIENT_GUARD_MS, onSocket }) {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect({ host, port });
    let received = Buffer.alloc(0);
    let done = false;
    const finish = (outcome) => {
      if (done) return;
      done = true;
      clearTimeout(guard);
      socket.destroy();
      const text = received.toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3}) /.exec(text);
      const status = m ? Number(m[1]) : 0;
      resolve({
        outcome: status ? String(status) : outcome,
        status,
        body: text.slice(text.indexOf('\r\n\r\n') + 4),
        ms: Date.now() - started,
      });
    };
    const guard = setTimeout(() => finish('held'), holdMs);
    socket.on('connect', () => {
      for (const chunk of send) socket.write(chunk);
      onSocket?.(socket, () => done);
    });
    socket.on('data', (d) => {
      if (received.length < 65536) received = Buffer.concat([received, d]);
    });
    socket.on('end', () => finish('closed'));
    socket.on('close', () => finish('closed'));
    socket.on('error', (e) => {
      const code = e.code ?? 'error';
      finish(code === 'ECONNREFUSED' ? 'refused' : code === 'ECONNRESET' || code === 'EPIPE' ? 'reset' : code);
    });
  });
}

// The Host a browser sends to the redirect URI, so that the receiver judges what follows it.
let hostField = HOST;
const get = (target, headers = '') =>
  Buffer.from(`GET ${target} HTTP/1.1\r\nHost: ${hostField}\r\nUser-Agent: hostile\r\n${headers}\r\n`, 'latin1');

class Flood {
  constructor(port, state = null) {
    this.port = port;
    hostField = `${HOST}:${port}`;
    this.state = state; // only the browser wrapper knows it, and uses it for the replay only
    this.running = true;
    this.stats = {};
    this.slowloris = { lifetimesMs: [] };
    this.tasks = [];
  }

  record(attack, result) {
    const s = (this.stats[attack] ??= { attempts: 0, outcomes: {}, signedInPages: 0 });
    s.attempts += 1;
    s.outcomes[result.outcome] = (s.outcomes[result.outcome] ?? 0) + 1;
    if (/You.re signed in/.test(result.body ?? '')) s.signedInPages += 1;
    return result;
  }

  // `workers` loops of `once()`, each pausing a little when the port is closed (after the
  // sign-in) instead of spinning on ECONNREFUSED.
  loop(attack, workers, once) {
    for (let i = 0; i < workers; i++) {
      this.tasks.push((async () => {
        while (this.running) {
          const r = this.record(attack, await once(i));
          if (r.outcome === 'refused') await sleep(50);
        }
      })());
    }
  }

  start() {
    const port = this.port;

    // 1. Random bytes, bare or after a plausible start.
    this.loop('random-bytes', 3, (i) => {
      const noise = randomBytes(randomInt(1, 4096));
      const send = i === 0 ? [Buffer.concat([Buffer.from('GET /callback?code='), noise, Buffer.from('\r\n\r\n')])]
        : i === 1 ? [Buffer.from('\x16\x03\x01\x02\x00\x01\x00\x01\xfc', 'latin1'), noise] // a TLS ClientHello
          : [noise];
      return attempt({ port, send, holdMs: 7000 });
    });

    // 2. Slowloris: 40 connections (over the receiver's cap of 32) that send a request one byte
    // every 400 ms and never finish it; each one closed is replaced.
    this.loop('slowloris', 40, (i) => {
      const prefix = i % 2 === 0 ? 'GET /callback?code=slow&state=' : 'GET /callback HTTP/1.1\r\nX-Slow: ';
      return attempt({
        port, send: [Buffer.from(prefix)], holdMs: CLIENT_GUARD_MS,
        onSocket: (socket, finished) => {
          const drip = setInterval(() => {
            if (finished() || !this.running) return clearInterval(drip);
            socket.write('a');
          }, 400);
          socket.on('close', () => clearInterval(drip));
        },
      }).then((r) => {
        if (r.outcome !== 'held' && r.outcome !== 'refused') this.slowloris.lifetimesMs.push(r.ms);
        return r;
      });
    });

    // 3. Waves of 250 parallel connections every second, idle but for every fifth, held up to
    // 1.5 s each.
    this.tasks.push((async () => {
      while (this.running) {
        const wave = [];
        for (let k = 0; k < 250; k++) {
          const send = k % 5 === 0 ? [get('/favicon.ico')] : [];
          wave.push(attempt({ port, send, holdMs: 1500 }).then((r) => this.record('parallel', r)));
        }
        await Promise.all([Promise.all(wave), sleep(1000)]);
      }
    })());

    // 4. Huge heads: one 64 KiB header, a thousand small ones, 1 MiB in 16 KiB pieces, a
    // 100 KiB request-target.
    const huge = [
      () => [get('/callback?code=x&state=' + guessedState(), `X-Big: ${'a'.repeat(64 * 1024)}\r\n`)],
      () => [get('/callback', Array.from({ length: 1000 }, (_, n) => `X-H${n}: ${'b'.repeat(90)}\r\n`).join(''))],
      () => [Buffer.from('GET /callback HTTP/1.1\r\nX-Huge: '), ...Array.from({ length: 64 }, () => Buffer.alloc(16 * 1024, 'c'))],
      () => [get('/callback?code=x&pad=' + 'd'.repeat(100 * 1024))],
    ];
    this.loop('huge-headers', 2, (i) => attempt({ port, send: huge[(i + randomInt(4)) % 4](), holdMs: 7000 }));

    // 5. Other paths and methods, and requests that are not what a browser sends.
    const s = () => guessedState();
    const others = [
      () => get('/'),
      () => get('/favicon.ico'),
      () => get('/callback/?code=x&state=' + s()),
      () => get('/callbackEVIL?code=x&state=' + s()),
      () => get('/%63allback?code=x&state=' + s()),
      () => get('/../callback?code=x&state=' + s()),
      () => get('http://127.0.0.1/callback?code=x&state=' + s()),
      () => Buffer.from(`POST /callback HTTP/1.1\r\nHost: ${hostField}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 60\r\n\r\ncode=x&state=${s()}`),
      () => Buffer.from(`PUT /callback?code=x&state=${s()} HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc`),
      () => Buffer.from('DELETE /callback HTTP/1.1\r\n\r\n'),
      () => Buffer.from('OPTIONS * HTTP/1.1\r\n\r\n'),
      () => Buffer.from('HEAD /callback HTTP/1.1\r\n\r\n'),
      () => Buffer.from('TRACE /callback HTTP/1.1\r\n\r\n'),
      () => Buffer.from('CONNECT 127.0.0.1:443 HTTP/1.1\r\n\r\n'),
      () => Buffer.from(`GET /callback?code=x&state=${s()} HTTP/2.0\r\n\r\n`),
      () => Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'),
      () => Buffer.from(`GET /callback?code=x&state=${s()}\r\n\r\n`), // HTTP/0.9
      () => Buffer.from(`GET /x HTTP/1.1\r\n\r\nGET /callback?code=x&state=${s()} HTTP/1.1\r\n\r\n`), // pipelined
      () => Buffer.from(`GET /callback?code=x&state=${s()} HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`),
      () => Buffer.from(`GET /callback?code=x&state=${s()} HTTP/1.1\r\nHost: a\r\n b\r\n\r\n`), // obs-fold
      () => Buffer.from(`GET /callback?code=x&state=${s()} HTTP/1.1\r\nHost: rebound.example:${port}\r\n\r\n`), // DNS rebinding
    ];
    this.loop('paths-methods', 3, () => attempt({ port, send: [others[randomInt(others.length)]()], holdMs: 7000 }));

    // 6. Callbacks with guessed states, including provider errors that would end the flow if the
    // state were right.
    const guesses = [
      () => `code=forged-${base64url(8)}&state=${s()}`,
      () => `code=forged&state=${s()}&iss=${encodeURIComponent('http://127.0.0.1:1/')}`,
      () => `error=access_denied&error_description=Forged&state=${s()}`,
      () => `code=forged&state=${s()}&state=${s()}`,
      () => 'code=forged',
      () => 'code=forged&state=',
      () => `code=forged&state=${s().slice(0, 42)}`,
      () => `code=forged&state=${'A'.repeat(43)}`,
    ];
    this.loop('guessed-state', 3, () => attempt({ port, send: [get('/callback?' + guesses[randomInt(guesses.length)]())], holdMs: 7000 }));
  }

  async stop() {
    this.running = false;
    await Promise.race([Promise.all(this.tasks), sleep(CLIENT_GUARD_MS + 1000)]);
    const lifetimes = this.slowloris.lifetimesMs;
    return {
      attacks: this.stats,
      slowloris: {
        closedByServer: lifetimes.length,
        minLifetimeMs: lifetimes.length ? Math.min(...lifetimes) : null,
        maxLifetimeMs: lifetimes.length ? Math.max(...lifetimes) : null,
      },
    };
  }
}

async function replay(url) {
  const u = new URL(url);
  const r = await attempt({ port: Number(u.port), send: [get(u.pathname + u.search)], holdMs: 5000 });
  return { outcome: r.outcome, signedIn: /You.re signed in/.test(r.body) };
}

async function probe(port) {
  const result = {};
  for (const host of ['127.0.0.1', '127.0.0.2', '::1']) {
    result[host] = await new Promise((resolve) => {
      const socket = net.connect({ host, port });
      const guard = setTimeout(() => { socket.destroy(); resolve('timeout'); }, 3000);
      socket.on('connect', () => { clearTimeout(guard); socket.destroy(); resolve('connected'); });
      socket.on('error', (e) => { clearTimeout(guard); resolve(e.code ?? 'error'); });
    });
  }
  return result;
}

async function flood(port, maxMs) {
  const f = new Flood(port);
  f.start();
  let stopRequested;
  const stopped = new Promise((resolve) => { stopRequested = resolve; });
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (d) => { if (d.includes('stop')) stopRequested(); });
  process.stdin.on('end', () => stopRequested()); // the test went away
  setTimeout(() => console.log('ready'), 500);
  await Promise.race([stopped, sleep(maxMs)]);
  console.log('summary ' + JSON.stringify(await f.stop()));
}

async function browser(personScript, url) {
  const redirect = new URL(new URL(url).searchParams.get('redirect_uri'));
  const state = new URL(url).searchParams.get('state');
  const f = new Flood(Number(redirect.port), state);
  f.start();
  await sleep(1000); // the flood is under way (and the guessed states have been tried) first
  const person = spawn(process.execPath, [personScript, url], { stdio: 'inherit' });
  const exitCode = await Promise.race([
    new Promise((resolve) => person.on('exit', (code) => resolve(code ?? 1))),
    sleep(60000).then(() => { person.kill(); return 124; }),
  ]);
  const summary = await f.stop();
  // The callback again, with the request's real state (visible to any local process in the
  // browser's command line) and a forged code: the receiver is single-use, so it is refused.
  redirect.search = `code=replayed&state=${encodeURIComponent(state)}`;
  summary.replay = await replay(redirect.href);
  summary.person = exitCode;
  const report = process.env.FABRIKAM_HOSTILE_REPORT;
  if (report) { // whole or not at all: the test waits for the file to appear
    writeFileSync(report + '.part', JSON.stringify(summary));
    renameSync(report + '.part', report);
  }
  return exitCode;
}

const [command, ...args] = process.argv.slice(2);
const port = Number(args[0]);
try {
  if (command === 'flood' && port > 0) {
    await flood(port, Number(args[1] ?? 30000));
    process.exit(0);
  } else if (command === 'probe' && port > 0) {
    console.log(JSON.stringify(await probe(port)));
    process.exit(0);
  } else if (command === 'replay' && args[0]) {
    console.log(JSON.stringify(await replay(args[0])));
    process.exit(0);
  } else if (command === 'browser' && args.length === 2) {
    process.exit(await browser(args[0], args[1]));
  }
  console.error('usage: hostile-loopback.mjs flood PORT [MAX_MS] | probe PORT | replay URL | browser PERSON_SCRIPT URL');
  process.exit(64);
} catch (e) {
  console.error(`hostile-loopback: ${e?.stack ?? e}`);
  process.exit(70);
}
