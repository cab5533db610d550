// The one-time code a demo user's authenticator app would offer now, for people (scripts/totp)
// and for scripted browsers in tests. The provider accepts steps now-1 … now+1 that are newer than
// the last step it accepted for that user (RFC 6238 §5.2), which it keeps in <data>/idp/idp.sqlite.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { SANDBOX_ROOT } from '../defaults.js';
import { base32Decode, timeStep, totp } from './totp.js';

export class NoCodeError extends Error {
  constructor(message, exitCode) {
    super(message);
    this.exitCode = exitCode;
  }
}

export function seedUsers() {
  return JSON.parse(readFileSync(join(SANDBOX_ROOT, 'seed', 'users.json'), 'utf8'));
}

/** { secret, lastStep } of a user: the enrolled secret (data folder first, then the seed). */
export async function userFactor(user, dataDir) {
  const seed = seedUsers();
  if (!Object.hasOwn(seed, user)) {
    throw new NoCodeError(`no demo user "${user}" (known: ${Object.keys(seed).join(', ')})`, 64);
  }
  let secret = seed[user].totpSecret;
  let lastStep = -Infinity;
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
    throw new NoCodeError(seed[user].mfa === 'unavailable'
      ? `${user} has no second factor on purpose: every step-up ends in access_denied`
      : `${user} has not enrolled an authenticator yet: the sign-in offers the enrollment page (a step-up leads to it too)`, 2);
  }
  return { secret, lastStep };
}

/**
 * The code for the earliest acceptable step at or after `from` ('now' for a person reading their
 * app, 'window' to also use the step before, as a scripted test may). Waits for the next step
 * when every step in the window was used already and `wait` is true.
 */
export async function nextCode({ secret, lastStep = -Infinity, from = 'now', wait = false, nowMs = () => Date.now() }) {
  if (base32Decode(secret).length < 10) throw new NoCodeError('the secret is not valid base32 (at least 16 characters)', 64);
  for (;;) {
    const now = timeStep(nowMs());
    // The step before now is accepted only until the current step ends: use it only while a few
    // seconds remain, so the code is still good when it arrives.
    const secondsLeft = 30 - (Math.floor(nowMs() / 1000) % 30);
    const earliest = from === 'window' && secondsLeft > 5 ? now - 1 : now;
    const step = Math.max(earliest, lastStep + 1);
    if (step <= now + 1) return { code: totp(secret, step), step, validForSeconds: (step + 2) * 30 - Math.floor(nowMs() / 1000) };
    if (!wait) throw new NoCodeError(`the codes for this and the next 30 s were already used; try again in ${30 - Math.floor(nowMs() / 1000) % 30} s`, 3);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/**
 * The data folder of the sandbox a test talks to: FABRIKAM_SANDBOX_DATA, else the one the admin
 * interface at FABRIKAM_SANDBOX_ADMIN reports, else sandbox/data. For scripted browsers.
 */
export async function sandboxDataDir(env = process.env) {
  if (env.FABRIKAM_SANDBOX_DATA) return env.FABRIKAM_SANDBOX_DATA;
  if (env.FABRIKAM_SANDBOX_ADMIN) {
    const health = await (await fetch(`${env.FABRIKAM_SANDBOX_ADMIN}/health`)).json();
    return health.dataDir;
  }
  return join(SANDBOX_ROOT, 'data');
}
