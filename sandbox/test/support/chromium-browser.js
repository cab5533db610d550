#!/usr/bin/env node
// A person with a REAL browser, for the desktop app's browser seam: the app runs the program named
// by BROWSER with the authorization URL as its one argument (DESIGN.md section 4). This program
// opens that URL in Debian's Chromium (through playwright-core, no browser download), types into the
// sandbox's real pages (login `username`/`password`, MFA `otp`, enrollment `otp` with the secret read
// from `#totp-secret`), clicks their buttons, and lets Chromium itself follow the provider's redirect
// to the app's loopback receiver (http://127.0.0.1:<port>/callback). When the app's own page is shown
// ("You're signed in…") it takes a screenshot and closes. Used by the e2e tier (tests/e2e/) and by
// scripts/screenshots. Same contract as scripted-browser.js, so either can be BROWSER.
//
//   BROWSER=/path/to/chromium-browser.js fabrikam-cli login …
//
// Environment:
//   FABRIKAM_PERSON_USER      demo user (default alice); password and TOTP secret from the seed
//   FABRIKAM_PERSON_PASSWORD  overrides the seed's password (e.g. a wrong one)
//   FABRIKAM_PERSON_ACTION    complete (default) | cancel (press Cancel on the first page) |
//                             wrong-otp (type a wrong code, then Cancel) | one-try (type the
//                             right code once; if the page rejects it, Cancel) | abandon (close
//                             the browser on the first page: never return)
//   FABRIKAM_PERSON_PROFILE   Chromium user-data dir kept between runs (the provider's SSO cookie
//                             lives there); default: a fresh profile, removed afterwards
//   FABRIKAM_PERSON_LOG       append one JSON line per run: pages seen, callback outcome, timings
//   FABRIKAM_SANDBOX_DATA / FABRIKAM_SANDBOX_ADMIN  where to read which codes were used already
//   FABRIKAM_E2E_HEADED=1     show the window (only when DISPLAY is set; e.g. under xvfb-run)
//   FABRIKAM_E2E_SCREENSHOT_DIR    save PNGs there: the app's callback page, and with
//   FABRIKAM_E2E_SCREENSHOT_PAGES=all  every provider page too (login filled in, MFA before typing)
//   FABRIKAM_E2E_SCREENSHOT_NAME   file name prefix (default <user>-<run id>)
//   FABRIKAM_E2E_HOLD_MS      keep the window open this long after the app's page is shown (for a
//                             screenshot of the whole screen, scripts/screenshots)
//   FABRIKAM_CHROMIUM         the browser binary (default /usr/bin/chromium)
//   FABRIKAM_E2E_TIMEOUT_MS   give up after this long (default 60000)
// Exit code 0 when Chromium reached the app's callback (or the action said not to), 1 otherwise.
// Never prints or logs tokens, codes or passwords.
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium } from 'playwright-core';

import { nextCode, seedUsers, userFactor, sandboxDataDir } from '../../src/idp/codes.js';

const env = process.env;
const user = env.FABRIKAM_PERSON_USER || 'alice';
const action = env.FABRIKAM_PERSON_ACTION || 'complete';
const headed = env.FABRIKAM_E2E_HEADED === '1' && Boolean(env.DISPLAY);
const shotDir = env.FABRIKAM_E2E_SCREENSHOT_DIR || '';
const shotAll = env.FABRIKAM_E2E_SCREENSHOT_PAGES === 'all';
const shotName = env.FABRIKAM_E2E_SCREENSHOT_NAME || `${user}-${Date.now().toString(36)}`;
const started = Date.now();
const run = {
  browser: 'chromium', user, action, headed, display: headed ? env.DISPLAY : null,
  pages: [], errors: [], callback: null, screenshots: [], timings: {},
};

// The flags that work as root on this kind of machine (no sandbox; no calls home, which a closed
// network refuses). Playwright sets the user-data dir itself (it refuses --user-data-dir in args).
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage', '--password-store=basic',
  // No "unsupported command-line flag" bar for --no-sandbox in a headed window.
  '--test-type'];
// A person's own browser would offer to save the password; in screenshots that bubble only hides
// the page, so the profile says no to it up front.
const PREFERENCES = { credentials_enable_service: false, profile: { password_manager_enabled: false } };

function log() {
  run.timings.totalMs = Date.now() - started;
  if (env.FABRIKAM_PERSON_LOG) appendFileSync(env.FABRIKAM_PERSON_LOG, JSON.stringify(run) + '\n');
}


const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The previous run's Chromium may still be letting go of the profile (the app only waits for the
// callback, not for the browser to close): retry for a few seconds instead of failing.
async function launch(profile) {
  const prefsFile = join(profile, 'Default', 'Preferences');
  if (!existsSync(prefsFile)) {
    mkdirSync(join(profile, 'Default'), { recursive: true });
    writeFileSync(prefsFile, JSON.stringify(PREFERENCES));
  }
  for (let attempt = 0; ; attempt++) {
    try {
      return await chromium.launchPersistentContext(profile, {
        executablePath: env.FABRIKAM_CHROMIUM || '/usr/bin/chromium',
        headless: !headed,
        // Headed: a window filling the 1280x800 Xvfb screen, the page as large as the window.
        args: headed ? [...ARGS, '--window-position=0,0', '--window-size=1280,800'] : ARGS,
        viewport: headed ? null : { width: 1024, height: 720 },
        locale: 'en-US',
        timeout: 30000,
      });
    } catch (e) {
      if (attempt >= 20) throw e;
      await sleep(500);
    }
  }
}

async function main() {
  const url = process.argv[2];
  if (!url) throw new Error('usage: chromium-browser.js URL');
  const redirect = new URL(url).searchParams.get('redirect_uri');
  const isCallback = (u) => {
    if (!redirect) return false;
    try {
      const a = new URL(u); const b = new URL(redirect);
      return a.origin === b.origin && a.pathname === b.pathname;
    } catch { return false; }
  };

  const profile = env.FABRIKAM_PERSON_PROFILE || mkdtempSync(join(tmpdir(), 'fabrikam-chromium-'));
  mkdirSync(profile, { recursive: true });
  if (shotDir) mkdirSync(shotDir, { recursive: true });
  const context = await launch(profile);
  run.timings.launchMs = Date.now() - started;
  try {
    const page = context.pages()[0] ?? await context.newPage();
    page.setDefaultTimeout(15000);
    let callbackStatus = 0;
    page.on('response', (res) => {
      if (res.request().frame() === page.mainFrame() && res.request().isNavigationRequest() && isCallback(res.url())) {
        callbackStatus = res.status();
      }
    });

    const shot = async (kind) => {
      if (!shotDir) return;
      const file = join(shotDir, `${shotName}-${String(run.screenshots.length + 1).padStart(2, '0')}-${kind}.png`);
      await page.screenshot({ path: file, fullPage: false });
      run.screenshots.push(file);
    };
    // A form submit (or Cancel) ends in exactly one new document: the next page, or the app's
    // page after the redirect chain. Wait for it, then read what it is.
    const submit = async (selector) => {
      const loaded = page.waitForEvent('load');
      await page.locator(selector).click();
      await loaded;
    };
    const type = async (selector, text) => {
      const field = page.locator(selector);
      await field.fill('');
      await field.pressSequentially(text);
    };
    const kind = async () => {
      if (isCallback(page.url())) return 'callback';
      return (await page.locator('main[data-page]').first().getAttribute('data-page', { timeout: 2000 }).catch(() => null)) ?? 'unknown';
    };
    const alertText = async () => (await page.locator('[role=alert]').first().textContent({ timeout: 500 }).catch(() => null))?.trim() ?? null;

    const pageStart = Date.now();
    await page.goto(url, { waitUntil: 'load' });
    const seed = seedUsers()[user] ?? {};
    let k = await kind();
    for (let guard = 0; guard < 8 && k !== 'callback'; guard++) {
      run.pages.push(k);
      const error = await alertText();
      if (error) run.errors.push(error);
      if (action === 'abandon') {
        if (shotAll) await shot(k);
        return true;
      }
      if (action === 'cancel' || (['wrong-otp', 'one-try'].includes(action) && run.errors.length > 0)) {
        if (shotAll) await shot(k);
        await submit('form#cancel button[type=submit]');
      } else if (k === 'login') {
        await type('#username', user);
        await type('#password', env.FABRIKAM_PERSON_PASSWORD ?? seed.password ?? '');
        if (shotAll) await shot(k);
        await submit('form#login button[type=submit]');
      } else if (k === 'mfa' || k === 'enroll') {
        if (shotAll) await shot(k);
        let code = '000000';
        if (action !== 'wrong-otp') {
          const factor = k === 'enroll'
            ? { secret: (await page.locator('#totp-secret').textContent()).replace(/\s+/g, '') }
            : await userFactor(user, await sandboxDataDir(env));
          ({ code } = await nextCode({ ...factor, from: 'window', wait: true }));
        }
        await type('#otp', code);
        await submit(`form#${k} button[type=submit]`);
      } else {
        // A page we have no script for (an error page, a locked account): stop like a person would.
        if (shotDir) await shot(k);
        run.errors.push(((await page.locator('main').first().textContent({ timeout: 1000 }).catch(() => '')) || k).replace(/\s+/g, ' ').trim().slice(0, 200));
        return false;
      }
      k = await kind();
    }
    run.timings.pagesMs = Date.now() - pageStart;
    if (k !== 'callback') return false;

    // The app's own page, served by its loopback receiver to this very browser.
    const text = ((await page.locator('body').textContent({ timeout: 2000 }).catch(() => '')) ?? '').replace(/\s+/g, ' ').trim();
    const params = new URL(page.url()).searchParams;
    run.callback = {
      status: callbackStatus, title: await page.title(), page: text.slice(0, 300),
      signedIn: /You're signed in|You’re signed in/.test(text), error: params.get('error'),
    };
    if (Number(env.FABRIKAM_E2E_HOLD_MS) > 0) {
      // For a picture of the whole window: the address bar shows the callback without its
      // (already redeemed) one-time code and state. The app has its answer already.
      await page.evaluate(() => history.replaceState(null, '', location.pathname)).catch(() => {});
      await shot('callback');
      await sleep(Number(env.FABRIKAM_E2E_HOLD_MS));
    } else {
      await shot('callback');
    }
    return callbackStatus > 0;
  } finally {
    await context.close().catch(() => {});
    if (!env.FABRIKAM_PERSON_PROFILE) rmSync(profile, { recursive: true, force: true });
  }
}

const watchdog = setTimeout(() => {
  run.errors.push('timed out');
  log();
  process.exit(1);
}, Number(env.FABRIKAM_E2E_TIMEOUT_MS || 60000));

main().then((ok) => { clearTimeout(watchdog); log(); process.exit(ok ? 0 : 1); }, (e) => {
  clearTimeout(watchdog);
  run.errors.push(String(e?.message ?? e).split('\n')[0].slice(0, 300));
  log();
  process.exit(1);
});
