#!/usr/bin/env node
// Starts and stops the fault proxy (server.mjs) in the background, for CTest fixtures. Node
// built-ins only.
//
//   control.mjs start --port PORT --upstream http://127.0.0.1:API_PORT --state-dir DIR
//       Stops a proxy a killed run left behind (DIR/fault-proxy-PORT.pid), starts server.mjs
//       detached (output to DIR/fault-proxy-PORT.log, its pid in DIR/fault-proxy-PORT.pid) and
//       returns once GET /__faults answers from that very process (at most 10 s).
//   control.mjs stop --port PORT --state-dir DIR
//       SIGTERM, SIGKILL after 5 s; exits 0 also when it was not running.
//
// Exit codes: 0 ok, 2 failed (the message says why: port in use, no answer, ...), 64 usage.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const serverScript = join(here, 'server.mjs');
const START_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 5_000;

function parse(argv) {
  const opts = { command: argv[0], port: null, upstream: null, stateDir: null };
  for (let i = 1; i < argv.length; i += 2) {
    const value = argv[i + 1];
    if (value === undefined) fail(`${argv[i]} needs a value`, 64);
    if (argv[i] === '--port') opts.port = Number(value);
    else if (argv[i] === '--upstream') opts.upstream = value;
    else if (argv[i] === '--state-dir') opts.stateDir = resolve(value);
    else fail(`unknown argument ${argv[i]}`, 64);
  }
  if (!Number.isInteger(opts.port) || opts.port < 1 || opts.port > 65535) fail('--port PORT is required', 64);
  if (!opts.stateDir) fail('--state-dir DIR is required', 64);
  return opts;
}

function fail(message, code = 2) {
  console.error(`fault-proxy: ${message}`);
  process.exit(code);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pidFile = (opts) => join(opts.stateDir, `fault-proxy-${opts.port}.pid`);
const logFile = (opts) => join(opts.stateDir, `fault-proxy-${opts.port}.log`);
// A zombie still answers kill(pid, 0): the detached proxy's new parent may reap it late.
const alive = (pid) => {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return e.code === 'EPERM';
  }
  try {
    return !/^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true; // no /proc: kill(pid, 0) is all there is
  }
};
const readPid = (opts) => {
  try {
    const pid = Number(readFileSync(pidFile(opts), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
};

// GET /__faults on the port: the pid that answers, or null when nothing (or not a proxy) does.
async function answeringPid(port) {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/__faults`, { signal: AbortSignal.timeout(1000) });
    const doc = await r.json();
    return r.status === 200 && Number.isInteger(doc.pid) ? doc.pid : null;
  } catch {
    return null;
  }
}

// Whether `pid` is the proxy of this pid file and not some process that reused the number: it
// answers on the port, or (where /proc exists) its command line runs server.mjs.
async function isOurProxy(pid, port) {
  if ((await answeringPid(port)) === pid) return true;
  const cmdline = `/proc/${pid}/cmdline`;
  if (!existsSync('/proc/self/cmdline')) return true; // no way to tell: trust the pid file
  try {
    return readFileSync(cmdline, 'utf8').includes(serverScript);
  } catch {
    return false;
  }
}

async function stop(opts, quiet = false) {
  const pid = readPid(opts);
  if (pid === null || !alive(pid) || !(await isOurProxy(pid, opts.port))) {
    rmSync(pidFile(opts), { force: true });
    if (!quiet) console.log(`fault-proxy: not running on port ${opts.port}`);
    return;
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + STOP_GRACE_MS;
  while (alive(pid) && Date.now() < deadline) await sleep(50);
  if (alive(pid)) {
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 40 && alive(pid); i++) await sleep(50);
  }
  rmSync(pidFile(opts), { force: true });
  if (!quiet) console.log(`fault-proxy: stopped (pid ${pid})`);
}

async function start(opts) {
  if (!opts.upstream) fail('--upstream http://127.0.0.1:PORT is required', 64);
  await stop(opts, true); // a leftover from a killed run
  const squatter = await answeringPid(opts.port);
  if (squatter !== null) {
    fail(`port ${opts.port} is held by another fault proxy (pid ${squatter}) that ${pidFile(opts)} does not name; stop it first`);
  }
  mkdirSync(opts.stateDir, { recursive: true });
  const out = openSync(logFile(opts), 'w');
  const child = spawn(process.execPath,
    [serverScript, '--port', String(opts.port), '--upstream', opts.upstream],
    { detached: true, stdio: ['ignore', out, out], windowsHide: true });
  closeSync(out);
  let exited = null;
  child.on('exit', (code, signal) => { exited = code ?? signal ?? 1; });
  child.unref();
  writeFileSync(pidFile(opts), `${child.pid}\n`);
  const logTail = () => readFileSync(logFile(opts), 'utf8').trim().split('\n').slice(-5).join(' | ');
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited !== null) {
      rmSync(pidFile(opts), { force: true });
      fail(`stopped while starting (exit ${exited}): ${logTail()}`);
    }
    if ((await answeringPid(opts.port)) === child.pid) {
      console.log(`fault-proxy: http://127.0.0.1:${opts.port} -> ${opts.upstream} (pid ${child.pid})`);
      process.exit(0); // the child is detached; do not wait for it
    }
    await sleep(100);
  }
  try { process.kill(child.pid, 'SIGKILL'); } catch { /* gone */ }
  rmSync(pidFile(opts), { force: true });
  fail(`did not answer on port ${opts.port} within ${START_TIMEOUT_MS / 1000} s; see ${logFile(opts)}`);
}

const usageText = 'usage: control.mjs start --port PORT --upstream URL --state-dir DIR\n' +
  '       control.mjs stop --port PORT --state-dir DIR';
const argv = process.argv.slice(2);
switch (argv[0]) {
  case 'start': await start(parse(argv)); break;
  case 'stop': await stop(parse(argv)); break;
  default:
    console.error(usageText);
    process.exit(64);
}
