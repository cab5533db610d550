#!/usr/bin/env node
// A scripted person with a browser, for the desktop app's browser seam: the app runs the program
// named by BROWSER with the authorization URL as its one argument (DESIGN.md section 4), and this
// program plays the person at the sandbox's pages, then delivers the redirect to the app's loopback
// receiver, as a real browser would. Used by the CLI's and the GUI's automated tests.
//
//   BROWSER=/path/to/scripted-browser.js fabrikam-cli login …
//
// Environment:
//   FABRIKAM_PERSON_USER      demo user (default alice); password and TOTP secret from the seed
//   FABRIKAM_PERSON_PASSWORD  overrides the seed's password (e.g. a wrong one)
//   FABRIKAM_PERSON_ACTION    complete (default) | cancel (press Cancel on the first page) |
//                             wrong-otp (enter a wrong code, then Cancel) | one-try (enter the
//                             right code once; if the page rejects it, Cancel) | abandon (close the tab:
//                             never return) | forged-first (first send the app a callback with a
//                             guessed state and a fake code, then complete)
//   FABRIKAM_PERSON_PROFILE   a folder that keeps the cookie jar between runs (the browser profile:
//                             the provider's SSO session lives there); default: a fresh profile
//   FABRIKAM_PERSON_LOG       append one JSON line per run: the pages seen, the callback's outcome
//   FABRIKAM_SANDBOX_DATA / FABRIKAM_SANDBOX_ADMIN  where to read which codes were used already
// An end-session URL (RP-initiated logout) is confirmed on the provider's page; the run ends at its
// "signed out" page, or at the callback when the URL named a post_logout_redirect_uri.
// Exit code 0 when the callback was delivered (or the action said not to), 1 otherwise. Never
// prints or logs tokens, codes or passwords.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { Person } from './person.js';
import { nextCode, seedUsers, userFactor, sandboxDataDir } from '../../src/idp/codes.js';

const env = process.env;
const user = env.FABRIKAM_PERSON_USER || 'alice';
const action = env.FABRIKAM_PERSON_ACTION || 'complete';
const run = { user, action, pages: [], errors: [], callback: null };

function log() {
  if (env.FABRIKAM_PERSON_LOG) appendFileSync(env.FABRIKAM_PERSON_LOG, JSON.stringify(run) + '\n');
}


async function main() {
  const url = process.argv[2];
  if (!url) throw new Error('usage: scripted-browser.js URL');
  const person = new Person(user);
  const jarFile = env.FABRIKAM_PERSON_PROFILE ? join(env.FABRIKAM_PERSON_PROFILE, 'cookies.json') : null;
  if (jarFile) {
    mkdirSync(env.FABRIKAM_PERSON_PROFILE, { recursive: true });
    try { person.importCookies(JSON.parse(readFileSync(jarFile, 'utf8'))); } catch { /* a new profile */ }
  }
  const saveJar = () => jarFile && writeFileSync(jarFile, JSON.stringify(person.exportCookies()));

  if (action === 'abandon') {
    await person.authorize(url);
    run.pages.push(person.page?.kind ?? 'none');
    saveJar();
    return true;
  }

  const seed = seedUsers()[user] ?? {};
  let r = await person.authorize(url);
  for (let guard = 0; guard < 8 && r.kind !== 'callback'; guard++) {
    run.pages.push(r.kind);
    if (person.page?.error) run.errors.push(person.page.error);
    if (action === 'cancel' || (['wrong-otp', 'one-try'].includes(action) && run.errors.length > 0)) {
      r = await person.cancel();
      continue;
    }
    if (r.kind === 'login') {
      r = await person.submit({ username: user, password: env.FABRIKAM_PERSON_PASSWORD ?? seed.password });
    } else if (r.kind === 'mfa' || r.kind === 'enroll') {
      if (action === 'wrong-otp') {
        r = await person.submit({ otp: '000000' });
        continue;
      }
      const factor = r.kind === 'enroll'
        ? { secret: person.page.find('totp-secret').replace(/\s+/g, '') }
        : await userFactor(user, await sandboxDataDir(env));
      const { code } = await nextCode({ ...factor, from: 'window', wait: true });
      r = await person.submit({ otp: code });
    } else if (r.kind === 'logout') {
      // RP-initiated logout (the app's "End browser session"): confirm on the provider's page.
      r = await person.submit({}, { form: 'logout' });
    } else if (r.kind === 'signed-out') {
      saveJar();
      return true;
    } else {
      // A page we have no script for (an error page, a locked account): stop like a person would.
      saveJar();
      run.errors.push(person.page?.text?.slice(0, 200) ?? r.kind);
      return false;
    }
  }
  saveJar();
  if (r.kind !== 'callback') return false;

  const deliver = async (target) => {
    const res = await fetch(target, { redirect: 'manual' });
    return { status: res.status, text: (await res.text()).replace(/<(style|script)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 300) };
  };
  if (action === 'forged-first') {
    const forged = new URL(person.callback.url);
    forged.searchParams.set('state', 'guessed-state-guessed-state-guessed-state');
    forged.searchParams.set('code', 'forged-code');
    run.forged = await deliver(forged.href);
  }
  const delivered = await deliver(person.callback.url);
  run.callback = { status: delivered.status, page: delivered.text, error: person.callback.params.error ?? null };
  return delivered.status > 0;
}

main().then((ok) => { log(); process.exit(ok ? 0 : 1); }, (e) => {
  run.errors.push(String(e?.message ?? e));
  log();
  process.exit(1);
});
