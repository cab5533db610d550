#!/usr/bin/env node
// Real access tokens from a running sandbox tenant, for tests written in other languages (the C++
// integration tests run this with QProcess). It plays the desktop app exactly as test/rp/seed-flow.js
// does: openid-client with PKCE S256, a loopback redirect URI on a random port (nothing needs to
// listen there: the scripted person stops at the redirect), and the person's TOTP codes.
//
//   node test/support/get-tokens.js --issuer http://127.0.0.1:18700 --user alice \
//        [--password …] [--scope "openid read:accounts"] [--step-up transfer] [--step-up mfa] …
//
// --step-up is repeatable; each one is a second authorization request in the same browser session
// (only the code is asked, not the password again):
//   transfer  scope "openid transfer:funds"                      -> a single-use elevated token
//   mfa       acr_values=<MFA ACR>, max_age=600, "openid read:accounts" -> a token with MFA (statements)
// Prints ONE JSON object on stdout:
//   { access_token, elevated_access_token?, elevated_access_tokens?: [...], mfa_access_token? }
// (elevated_access_token is the first of elevated_access_tokens). Diagnostics go to stderr and never
// contain a token, a code or a password. Exit codes: 0 ok, 1 failure, 64 usage error.
//
// TOTP replay protection (RFC 6238 §5.2: the provider accepts each 30 s step once per user, steps
// now-1 … now+1): the next code is the first step after the last one the provider accepted, read
// from its data folder (found through the admin interface's /health, or --data) like bin/totp.js
// does, so up to three step-ups fit in one 30 s window; when steps up to now+1 are used up it waits
// for the next window. A code the provider still
// refuses (another test won the race) is retried once with the next step.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import * as oidc from 'openid-client';

import { Person } from './person.js';
import { totp, timeStep } from '../../src/idp/totp.js';
import { SANDBOX_ROOT } from '../../src/defaults.js';

const MFA_ACR = 'http://schemas.openid.net/pape/policies/2007/06/multi-factor';
const AUDIENCE = 'https://api.fabrikam.example';
const USAGE = 'Usage: get-tokens.js --issuer URL --user NAME [--password P] [--scope S] '
  + '[--step-up transfer|mfa]... [--admin URL | --data DIR] [--client-id ID]';

function fail(message, code = 1) {
  process.stderr.write(`get-tokens: ${message}\n`);
  process.exit(code);
}

let args;
try {
  ({ values: args } = parseArgs({
    options: {
      issuer: { type: 'string' },
      user: { type: 'string' },
      password: { type: 'string' },
      scope: { type: 'string', default: 'openid profile read:accounts' },
      'step-up': { type: 'string', multiple: true, default: [] },
      admin: { type: 'string' },
      data: { type: 'string' },
      'client-id': { type: 'string', default: 'fabrikam-desktop' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (e) {
  fail(`${e.message}\n${USAGE}`, 64);
}
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const issuer = args.issuer ?? process.env.FABRIKAM_SANDBOX_ISSUER;
if (!issuer || !args.user) fail(USAGE, 64);
const stepUps = args['step-up'].flatMap((s) => s.split(',')).filter(Boolean);
for (const s of stepUps) if (!['transfer', 'mfa'].includes(s)) fail(`unknown --step-up "${s}"\n${USAGE}`, 64);

const seedUsers = JSON.parse(readFileSync(join(SANDBOX_ROOT, 'seed', 'users.json'), 'utf8'));
const seedUser = Object.hasOwn(seedUsers, args.user) ? seedUsers[args.user] : null;
const password = args.password ?? seedUser?.password;
if (!password) fail(`no password for "${args.user}" (pass --password)`, 64);

// ---- the person's authenticator app -----------------------------------------------------------

async function dataDir() {
  if (args.data) return resolve(args.data);
  const admin = args.admin ?? process.env.FABRIKAM_SANDBOX_ADMIN;
  if (!admin) return null;
  const health = await (await fetch(`${admin}/health`)).json();
  return health.dataDir ?? null;
}

let idpDb = null;
async function providerState() {
  if (idpDb === undefined) return { secret: null, lastStep: -Infinity };
  if (idpDb === null) {
    const dir = await dataDir();
    const file = dir ? join(dir, 'idp', 'idp.sqlite') : null;
    if (!file || !existsSync(file)) {
      idpDb = undefined;
      return providerState();
    }
    const { default: Database } = await import('better-sqlite3');
    idpDb = new Database(file, { readonly: true, fileMustExist: true });
  }
  const row = idpDb.prepare('SELECT totp_secret, last_step FROM user_state WHERE username = ?').get(args.user);
  return { secret: row?.totp_secret ?? null, lastStep: Number.isFinite(row?.last_step) ? row.last_step : -Infinity };
}

let lastUsed = -Infinity;
async function nextCode() {
  for (;;) {
    const state = await providerState();
    const secret = state.secret ?? seedUser?.totpSecret;
    if (!secret) fail(`"${args.user}" has no TOTP secret (enrolled users only)`);
    const nowMs = Date.now();
    const now = timeStep(nowMs);
    // The provider's window is now-1 … now+1. now-1 is used only while the current step has more
    // than 8 s left: it stops being accepted when the step ends.
    const earliest = 30_000 - (nowMs % 30_000) > 8_000 ? now - 1 : now;
    const step = Math.max(earliest, state.lastStep + 1, lastUsed + 1);
    if (step <= now + 1) {
      lastUsed = step;
      return totp(secret, step);
    }
    const wait = 30_000 - (Date.now() % 30_000) + 200;
    process.stderr.write(`get-tokens: codes up to this window are used; waiting ${Math.ceil(wait / 1000)} s\n`);
    await new Promise((r) => setTimeout(r, wait));
  }
}

// ---- the relying party -------------------------------------------------------------------------

const config = await oidc.discovery(new URL(issuer), args['client-id'], undefined, oidc.None(), {
  execute: [oidc.allowInsecureRequests],
});
const person = new Person(args.user);

async function authorize(params) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const port = 49152 + (randomBytes(2).readUInt16BE() % 16000);
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: `http://127.0.0.1:${port}/callback`,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    audience: AUDIENCE,
    ...params,
  });
  let r = await person.authorize(url.href);
  let codes = 0;
  for (let round = 0; r.kind !== 'callback' && round < 4; round += 1) {
    if (r.kind === 'login') {
      r = await person.submit({ username: args.user, password });
    } else if (r.kind === 'mfa' && codes < 2) {
      // One retry at most: a refused code counts towards the provider's lockout (5 in a row).
      codes += 1;
      r = await person.submit({ otp: await nextCode() });
    } else {
      break;
    }
  }
  if (r.kind !== 'callback') fail(`the sign-in stopped on a "${r.kind}" page: ${person.page?.error ?? ''}`);
  const answer = r.callback.params;
  if (!answer.code) fail(`the provider answered ${answer.error ?? '?'}: ${answer.error_description ?? ''}`);
  const tokens = await oidc.authorizationCodeGrant(config, new URL(r.callback.url), {
    pkceCodeVerifier: verifier,
    expectedState: state,
    expectedNonce: nonce,
    idTokenExpected: true,
    maxAge: params.max_age === undefined ? undefined : Number(params.max_age),
  });
  return tokens.access_token;
}

try {
  const out = { access_token: await authorize({ scope: args.scope }) };
  for (const kind of stepUps) {
    if (kind === 'transfer') {
      const token = await authorize({ scope: 'openid transfer:funds' });
      (out.elevated_access_tokens ??= []).push(token);
      out.elevated_access_token ??= token;
    } else {
      out.mfa_access_token = await authorize({ scope: 'openid read:accounts', acr_values: MFA_ACR, max_age: '600' });
    }
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
} catch (e) {
  // openid-client errors carry the OAuth error, never the token.
  fail(`${e.name}: ${e.error ?? ''} ${e.error_description ?? e.message}`);
} finally {
  if (idpDb) idpDb.close();
}
