#!/usr/bin/env node
// fabrikam-totp: the code a demo user's authenticator app would show now — for people trying the
// demo and for support staff. It reads alice's secret from the seed and an enrolled user's (bob after
// enrollment) from the sandbox's data folder, and skips codes the provider has already accepted
// (each code is accepted once, RFC 6238 §5.2).
//   fabrikam-totp USER [--data DIR] [--json]      fabrikam-totp --secret BASE32
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { SANDBOX_ROOT } from '../src/defaults.js';
import { PERIOD, base32Decode, timeStep, totp } from '../src/idp/totp.js';

function fail(message, code = 1) {
  process.stderr.write(`fabrikam-totp: ${message}\n`);
  process.exit(code);
}

let values;
let positionals;
try {
  ({ values, positionals } = parseArgs({
    allowPositionals: true,
    options: { data: { type: 'string' }, secret: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  }));
} catch (e) {
  fail(e.message, 64);
}
if (values.help || (positionals.length !== 1 && !values.secret)) {
  process.stdout.write('Usage: fabrikam-totp USER [--data DIR] [--json]\n       fabrikam-totp --secret BASE32\n');
  process.exit(values.help ? 0 : 64);
}

const dataDir = resolve(values.data ?? process.env.FABRIKAM_SANDBOX_DATA ?? join(SANDBOX_ROOT, 'data'));
const user = positionals[0];
let secret = values.secret;
let lastStep = -Infinity;

if (!secret) {
  const seed = JSON.parse(readFileSync(join(SANDBOX_ROOT, 'seed', 'users.json'), 'utf8'));
  if (!Object.hasOwn(seed, user)) fail(`no demo user "${user}" (known: ${Object.keys(seed).join(', ')})`, 64);
  secret = seed[user].totpSecret;
  const dbFile = join(dataDir, 'idp', 'idp.sqlite');
  if (existsSync(dbFile)) {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      const row = db.prepare('SELECT totp_secret, last_step FROM user_state WHERE username = ?').get(user);
      if (row?.totp_secret) secret = row.totp_secret;
      if (Number.isFinite(row?.last_step)) lastStep = row.last_step;
    } finally {
      db.close();
    }
  }
  if (!secret) {
    fail(seed[user].mfa === 'unavailable'
      ? `${user} has no second factor on purpose: every step-up ends in access_denied`
      : `${user} has not enrolled an authenticator yet: the first step-up shows the enrollment page`, 2);
  }
}
try {
  if (base32Decode(secret).length < 10) throw new Error();
} catch {
  fail('the secret is not valid base32 (at least 16 characters)', 64);
}

// The provider accepts steps now-1 … now+1 that are newer than the last accepted one.
const now = timeStep(Date.now());
const step = Math.max(now, lastStep + 1);
if (step > now + 1) fail(`the codes for this and the next 30 s were already used; try again in ${PERIOD - Math.floor(Date.now() / 1000) % PERIOD} s`, 3);
const code = totp(secret, step);
const validFor = (step + 2) * PERIOD - Math.floor(Date.now() / 1000); // accepted until step+1 has passed
if (values.json) console.log(JSON.stringify({ code, step, validForSeconds: validFor }));
else console.log(`${code}   (accepted for about ${validFor} s)`);
