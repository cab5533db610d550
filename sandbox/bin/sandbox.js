#!/usr/bin/env node
// fabrikam-sandbox: start, stop and steer the local Fabrikam tenant (OpenID Provider + API).
// Usually called through scripts/sandbox, which also installs the npm packages first.
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { API_AUDIENCE, DEFAULT_PORTS, SANDBOX_ROOT } from '../src/defaults.js';
import { redact, redactString } from '../src/log.js';
import { Scenarios, ScenarioError, parseAssignments } from '../src/scenarios.js';

const HELP = `Usage: fabrikam-sandbox COMMAND [options]

Commands
  start                 start the tenant in the background, wait until it answers, print its URLs
  run                   the same in the foreground (Ctrl+C stops it)
  stop                  stop the tenant started from this data folder
  status                say whether it runs and answers (exit 0) or not (exit 3)
  reset                 restore the data folder to the seed data (restarts a running tenant)
  scenario              show the scenario switches and their values
  scenario NAME=VALUE…  change switches at run time (e.g. mfa-reject-all=on access-token-ttl=30)
  scenario reset        all switches back to normal
  rotate-key            rotate the provider's signing key now (the old key stays published)

Options (each also as an environment variable)
  --idp-port N          OpenID Provider port      FABRIKAM_SANDBOX_IDP_PORT    (default ${DEFAULT_PORTS.idp})
  --api-port N          Fabrikam API port         FABRIKAM_SANDBOX_API_PORT    (default ${DEFAULT_PORTS.api})
  --admin-port N        admin interface port      FABRIKAM_SANDBOX_ADMIN_PORT  (default ${DEFAULT_PORTS.admin})
  --data DIR            state and logs            FABRIKAM_SANDBOX_DATA        (default sandbox/data)
  --scenario NAME=VALUE switch set at start (repeatable)
  --rotate-key          (start, run) rotate the signing key once, right after start, before the
                        tenant answers (also --scenario rotate-key): tokens from then on carry a
                        kid that a client which cached the JWKS earlier has not seen
  --timeout SECONDS     how long start waits for readiness (default 30)
  --fresh               (start) stop a running tenant and restore the seed data first
  --json                machine-readable output for start, status and scenario
  --record-secrets FILE (start, run; tests only) append the secrets of every token response to FILE
                                                  FABRIKAM_SANDBOX_RECORD_SECRETS

Scenario switches
${Scenarios.describe().map((s) => `  ${s.name.padEnd(20)} ${s.help}`).join('\n')}
`;

class UsageError extends Error {}

function fail(message, code = 1) {
  process.stderr.write(`fabrikam-sandbox: ${message}\n`);
  process.exit(code);
}

function portFrom(flag, envName, fallback) {
  const raw = flag ?? process.env[envName];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`${envName.toLowerCase()}: "${raw}" is not a port number`);
  return n;
}

function parse(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'idp-port': { type: 'string' }, 'api-port': { type: 'string' }, 'admin-port': { type: 'string' },
      data: { type: 'string' }, scenario: { type: 'string', multiple: true }, timeout: { type: 'string' },
      json: { type: 'boolean' }, fresh: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      'rotate-key': { type: 'boolean' },
      'record-secrets': { type: 'string' },
    },
  });
  const dataDir = resolve(values.data ?? process.env.FABRIKAM_SANDBOX_DATA ?? join(SANDBOX_ROOT, 'data'));
  // Key rotation is an action, not a switch with a value; "--scenario rotate-key" is accepted
  // because support staff look for it among the scenarios.
  const isRotateKey = (a) => a === 'rotate-key' || a === 'rotate-key=on';
  const assignments = values.scenario ?? [];
  return {
    command: positionals[0], args: positionals.slice(1), help: values.help, json: values.json, fresh: values.fresh,
    dataDir,
    rotateKey: Boolean(values['rotate-key']) || assignments.some(isRotateKey),
    ports: {
      idp: portFrom(values['idp-port'], 'FABRIKAM_SANDBOX_IDP_PORT', DEFAULT_PORTS.idp),
      api: portFrom(values['api-port'], 'FABRIKAM_SANDBOX_API_PORT', DEFAULT_PORTS.api),
      admin: portFrom(values['admin-port'], 'FABRIKAM_SANDBOX_ADMIN_PORT', DEFAULT_PORTS.admin),
    },
    scenarios: parseAssignments(assignments.filter((a) => !isRotateKey(a))),
    timeoutMs: Number(values.timeout ?? 30) * 1000,
    recordSecrets: values['record-secrets'] ?? process.env.FABRIKAM_SANDBOX_RECORD_SECRETS ?? null,
  };
}

const runFile = (dataDir) => join(dataDir, 'run.json');

function readRun(dataDir) {
  try {
    return JSON.parse(readFileSync(runFile(dataDir), 'utf8'));
  } catch {
    return null;
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

async function answers(url) {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await r.arrayBuffer();
    return r.status;
  } catch {
    return 0;
  }
}

async function probe(run) {
  const [idp, api, admin] = await Promise.all([
    answers(`${run.issuer}/.well-known/openid-configuration`),
    answers(`${run.api}/health`),
    answers(`${run.admin}/health`),
  ]);
  return { idp, api, admin, ready: idp > 0 && api > 0 && admin === 200 };
}

function printUrls(run, json) {
  if (json) return console.log(JSON.stringify(run, null, 2));
  console.log(`OpenID Provider  ${run.issuer}   (discovery: ${run.issuer}/.well-known/openid-configuration)`);
  console.log(`Fabrikam API     ${run.api}   (audience ${run.audience})`);
  console.log(`Admin interface  ${run.admin}   (scenarios, key rotation)`);
  console.log(`Data and logs    ${run.dataDir}   (pid ${run.pid})`);
  if (run.rotatedKey) console.log(`Signing key      ${run.rotatedKey.kid}   (rotated at start; ${run.rotatedKey.previousKid} stays published)`);
}

// What `run` prints lands in <data>/logs/sandbox.out when `start` runs it in the background: our
// own lines, a dependency's warning, DEBUG=oidc-provider:* output, a crash's stack. None of it is
// meant to hold a secret, but nothing guarantees that for the code of others, so every line goes
// through the redaction of the JSON-lines logs (Bearer values, JWTs, secret URL parameters), plus
// the `name: value` and `"name":"value"` forms that debug dumps use. A secret split across two
// writes would escape; console.* and debug write whole lines.
const SECRET_FIELD = /((?:token|code|verifier|secret|password|passwd|otp|assertion|cookie|credential)["']?\s*[:=]\s*["']?)(?!red:)([^\s"',;&}\]]{6,})/gi;

function redactOutput(text) {
  return redactString(text).replace(SECRET_FIELD, (_, name, value) => name + redact(value));
}

function redactProcessOutput() {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = (chunk, encoding, callback) => {
      if (typeof encoding === 'function') [encoding, callback] = [undefined, encoding];
      const text = typeof chunk === 'string' ? Buffer.from(chunk, encoding ?? 'utf8').toString('utf8') : Buffer.from(chunk).toString('utf8');
      return write(redactOutput(text), 'utf8', callback);
    };
  }
  // Node prints an uncaught exception from native code, around process.stderr: print it here.
  process.on('uncaughtException', (e) => {
    process.stderr.write(`fabrikam-sandbox: crashed: ${e?.stack ?? e}\n`);
    process.exit(1);
  });
}

async function admin(run, method, path, body) {
  // The admin interface takes JSON only, also for a request without a body (src/server.js).
  const write = method !== 'GET';
  const r = await fetch(`${run.admin}${path}`, {
    method, headers: write ? { 'content-type': 'application/json' } : {}, body: write ? JSON.stringify(body ?? {}) : undefined,
  }).catch(() => null);
  if (!r) fail(`the sandbox does not answer at ${run.admin}; is it running? (fabrikam-sandbox status)`, 3);
  const json = await r.json().catch(() => ({}));
  if (!r.ok) fail(json.error_description ?? `admin interface answered ${r.status}`, 2);
  return json;
}

function runningOrFail(opts) {
  const run = readRun(opts.dataDir);
  if (!run || !alive(run.pid)) fail(`no sandbox is running from ${opts.dataDir} (start it with: scripts/sandbox start)`, 3);
  return run;
}

async function cmdRun(opts) {
  redactProcessOutput();
  const { startSandbox } = await import('../src/server.js');
  const sandbox = await startSandbox({
    ports: opts.ports, dataDir: opts.dataDir, scenarios: opts.scenarios, recordSecrets: opts.recordSecrets,
  });
  // Before run.json exists, so that `start` reports ready only once the new key signs.
  const rotatedKey = opts.rotateKey ? await sandbox.idp.rotateSigningKey() : undefined;
  const run = {
    pid: process.pid, issuer: sandbox.issuer, api: sandbox.apiUrl, admin: sandbox.adminUrl,
    audience: API_AUDIENCE, ports: sandbox.ports, dataDir: sandbox.dataDir, ...(rotatedKey ? { rotatedKey } : {}),
  };
  writeFileSync(runFile(opts.dataDir), JSON.stringify(run, null, 2) + '\n');
  printUrls(run, false);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await sandbox.close();
    if (readRun(opts.dataDir)?.pid === process.pid) rmSync(runFile(opts.dataDir), { force: true });
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

function wipe(dataDir) {
  for (const part of ['idp', 'api', 'logs']) rmSync(join(dataDir, part), { recursive: true, force: true });
}

async function cmdStart(opts) {
  if (opts.fresh) {
    await cmdStop(opts, true);
    wipe(opts.dataDir);
  }
  const existing = readRun(opts.dataDir);
  if (existing && alive(existing.pid)) {
    const p = await probe(existing);
    if (p.ready) {
      if (!opts.json) console.log('The sandbox is already running.');
      printUrls(existing, opts.json);
      return;
    }
    fail(`a sandbox process (pid ${existing.pid}) holds ${opts.dataDir} but does not answer; run: scripts/sandbox stop`, 2);
  }
  mkdirSync(join(opts.dataDir, 'logs'), { recursive: true });
  rmSync(runFile(opts.dataDir), { force: true });
  const outFile = join(opts.dataDir, 'logs', 'sandbox.out');
  const out = openSync(outFile, 'a');
  const args = [join(SANDBOX_ROOT, 'bin', 'sandbox.js'), 'run', '--data', opts.dataDir,
    '--idp-port', String(opts.ports.idp), '--api-port', String(opts.ports.api), '--admin-port', String(opts.ports.admin),
    ...Object.entries(opts.scenarios).flatMap(([k, v]) => ['--scenario', `${k}=${v}`]),
    ...(opts.rotateKey ? ['--rotate-key'] : []),
    ...(opts.recordSecrets ? ['--record-secrets', resolve(opts.recordSecrets)] : [])];
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', out, out], cwd: SANDBOX_ROOT });
  closeSync(out);
  let exited = null;
  child.on('exit', (code) => { exited = code ?? 1; });
  child.unref();

  const deadline = Date.now() + opts.timeoutMs;
  while (Date.now() < deadline) {
    if (exited !== null) {
      const tail = readFileSync(outFile, 'utf8').trim().split('\n').slice(-8).join('\n');
      fail(`the sandbox stopped while starting (exit ${exited}):\n${tail}`, 2);
    }
    const run = readRun(opts.dataDir);
    if (run && run.pid === child.pid && (await probe(run)).ready) {
      printUrls(run, opts.json);
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  try { process.kill(child.pid, 'SIGTERM'); } catch { /* already gone */ }
  fail(`the sandbox did not answer within ${opts.timeoutMs / 1000} s; see ${outFile}`, 2);
}

async function cmdStop(opts, quiet = false) {
  const run = readRun(opts.dataDir);
  if (!run || !alive(run.pid)) {
    rmSync(runFile(opts.dataDir), { force: true });
    if (!quiet) console.log('The sandbox is not running.');
    return null;
  }
  process.kill(run.pid, 'SIGTERM');
  for (let i = 0; i < 100 && alive(run.pid); i++) await new Promise((r) => setTimeout(r, 50));
  if (alive(run.pid)) process.kill(run.pid, 'SIGKILL');
  rmSync(runFile(opts.dataDir), { force: true });
  if (!quiet) console.log(`Stopped the sandbox (pid ${run.pid}).`);
  return run;
}

async function cmdStatus(opts) {
  const run = readRun(opts.dataDir);
  if (!run || !alive(run.pid)) {
    if (opts.json) console.log(JSON.stringify({ running: false }));
    else console.log(`The sandbox is not running (data folder ${opts.dataDir}).`);
    process.exit(3);
  }
  const p = await probe(run);
  if (opts.json) console.log(JSON.stringify({ running: true, ready: p.ready, ...run }, null, 2));
  else {
    console.log(p.ready ? 'The sandbox is running and answers.' : 'The sandbox process runs but does not answer.');
    printUrls(run, false);
  }
  process.exit(p.ready ? 0 : 3);
}

async function cmdReset(opts) {
  const wasRunning = await cmdStop(opts, true);
  wipe(opts.dataDir);
  console.log(`Restored ${opts.dataDir} to the seed data.`);
  if (wasRunning) {
    await cmdStart({ ...opts, ports: wasRunning.ports });
  }
}

async function cmdScenario(opts) {
  const run = runningOrFail(opts);
  let result;
  if (opts.args.length === 0) result = await admin(run, 'GET', '/scenarios');
  else if (opts.args.length === 1 && opts.args[0] === 'reset') result = await admin(run, 'DELETE', '/scenarios');
  else {
    try {
      new Scenarios(parseAssignments(opts.args)); // validate locally for a quick, clear message
    } catch (e) {
      if (e instanceof ScenarioError) throw new UsageError(e.message);
      throw e;
    }
    result = await admin(run, 'PATCH', '/scenarios', parseAssignments(opts.args));
  }
  if (opts.json) return console.log(JSON.stringify(result.values, null, 2));
  for (const [name, value] of Object.entries(result.values)) console.log(`${name.padEnd(20)} ${value === null ? 'off' : value}`);
}

async function cmdRotateKey(opts) {
  const run = runningOrFail(opts);
  const result = await admin(run, 'POST', '/keys/rotate');
  console.log(opts.json ? JSON.stringify(result) : `New signing key ${result.kid} (previous ${result.previousKid} stays published).`);
}

const COMMANDS = { start: cmdStart, run: cmdRun, stop: cmdStop, status: cmdStatus, reset: cmdReset, scenario: cmdScenario, 'rotate-key': cmdRotateKey };

try {
  const opts = parse(process.argv.slice(2));
  if (opts.help || !opts.command) {
    process.stdout.write(HELP);
    process.exit(opts.help ? 0 : 64);
  }
  const command = COMMANDS[opts.command];
  if (!command) throw new UsageError(`unknown command "${opts.command}"`);
  if (Object.keys(opts.scenarios).length) {
    try { new Scenarios(opts.scenarios); } catch (e) { throw new UsageError(e.message); }
  }
  await command(opts);
} catch (e) {
  if (e instanceof UsageError || e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    fail(`${e.message}\nTry: fabrikam-sandbox --help`, 64);
  }
  fail(e.message, 2);
}
