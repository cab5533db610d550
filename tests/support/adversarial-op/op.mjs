#!/usr/bin/env node
// The adversarial OpenID Provider (tests/support/adversarial-op): a provider that misbehaves in
// one chosen way per issuer, for the CLI's and the GUI's refusal tests. See server.mjs for the
// endpoints and cases.mjs for the cases.
//
//   op.mjs run   --port PORT [--dir DIR]   serve in the foreground (writes DIR/run.json)
//   op.mjs start --port PORT --dir DIR     start in the background, return once it answers
//   op.mjs stop  --dir DIR                 stop the one started from DIR
//   op.mjs cases                           list the cases and what each does wrong
//
// The CTest fixture "adversarial_op" (tests/integration/adversarial.cmake) starts and stops it.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { cases } from './cases.mjs';

const here = dirname(fileURLToPath(import.meta.url));

function parse(argv) {
  const opts = { command: argv[0], port: 0, dir: null };
  for (let i = 1; i < argv.length; i++) {
    if (argv[i] === '--port') opts.port = Number(argv[++i]);
    else if (argv[i] === '--dir') opts.dir = argv[++i];
    else fail(`unknown argument ${argv[i]}`, 64);
  }
  return opts;
}

function fail(message, code = 1) {
  console.error(`adversarial-op: ${message}`);
  process.exit(code);
}

const runFile = (dir) => join(dir, 'run.json');
const readRun = (dir) => {
  try { return JSON.parse(readFileSync(runFile(dir), 'utf8')); } catch { return null; }
};
const alive = (pid) => {
  try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; }
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function answers(base) {
  try {
    const r = await fetch(`${base}/_health`, { signal: AbortSignal.timeout(1000) });
    await r.arrayBuffer();
    return r.status === 200;
  } catch {
    return false;
  }
}

async function run(opts) {
  if (!(opts.port > 0 && opts.port < 65536)) fail('--port PORT is required', 64);
  const { startServer } = await import('./server.mjs');
  const logLines = process.env.ADVERSARIAL_OP_LOG === '1';
  const server = await startServer({ port: opts.port, log: logLines ? (l) => console.log(l) : () => {} });
  if (opts.dir) {
    mkdirSync(opts.dir, { recursive: true });
    writeFileSync(runFile(opts.dir), JSON.stringify({ pid: process.pid, base: server.base }) + '\n');
  }
  console.log(`adversarial OpenID Provider on ${server.base}/<tag>/<case> (${Object.keys(cases).length} cases)`);
  const stop = async () => {
    await server.close();
    if (opts.dir && readRun(opts.dir)?.pid === process.pid) rmSync(runFile(opts.dir), { force: true });
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

async function stopRunning(dir, quiet = false) {
  const existing = readRun(dir);
  if (!existing || !alive(existing.pid)) {
    rmSync(runFile(dir), { force: true });
    if (!quiet) console.log('adversarial-op: not running');
    return;
  }
  process.kill(existing.pid, 'SIGTERM');
  for (let i = 0; i < 100 && alive(existing.pid); i++) await sleep(50);
  if (alive(existing.pid)) process.kill(existing.pid, 'SIGKILL');
  rmSync(runFile(dir), { force: true });
  if (!quiet) console.log(`adversarial-op: stopped (pid ${existing.pid})`);
}

async function start(opts) {
  if (!opts.dir) fail('--dir DIR is required', 64);
  if (!(opts.port > 0 && opts.port < 65536)) fail('--port PORT is required', 64);
  await stopRunning(opts.dir, true); // a leftover from an interrupted run
  mkdirSync(opts.dir, { recursive: true });
  const outFile = join(opts.dir, 'op.out');
  const out = openSync(outFile, 'w');
  const child = spawn(process.execPath, [join(here, 'op.mjs'), 'run', '--port', String(opts.port), '--dir', opts.dir],
    { detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  let exited = null;
  child.on('exit', (code) => { exited = code ?? 1; });
  child.unref();
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (exited !== null) fail(`stopped while starting (exit ${exited}): ${readFileSync(outFile, 'utf8').trim()}`, 2);
    const r = readRun(opts.dir);
    if (r?.pid === child.pid && (await answers(r.base))) {
      console.log(`adversarial-op: ${r.base} (pid ${r.pid})`);
      return;
    }
    await sleep(100);
  }
  try { process.kill(child.pid, 'SIGTERM'); } catch { /* gone */ }
  fail(`did not answer within 20 s; see ${outFile}`, 2);
}

const opts = parse(process.argv.slice(2));
switch (opts.command) {
  case 'run': await run(opts); break;
  case 'start': await start(opts); break;
  case 'stop':
    if (!opts.dir) fail('--dir DIR is required', 64);
    await stopRunning(opts.dir);
    break;
  case 'cases':
    for (const [name, c] of Object.entries(cases)) console.log(`${name.padEnd(24)} ${c.summary}`);
    break;
  default:
    fail('usage: op.mjs run|start|stop|cases [--port PORT] [--dir DIR]', 64);
}
