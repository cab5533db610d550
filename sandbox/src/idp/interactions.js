// The interaction routes (Koa middleware on the Provider, which is the Koa app in oidc-provider 9):
//
//   GET  /interaction/:uid          the page for the pending prompt (login, enroll or mfa)
//   POST /interaction/:uid/login    username + password
//   POST /interaction/:uid/enroll   otp for the secret shown on the enrollment page
//   POST /interaction/:uid/skip     "Not now" on the enrollment page at sign-in (not on a step-up)
//   POST /interaction/:uid/mfa      otp (TOTP code)
//   POST /interaction/:uid/abort    Cancel: ends the request with error=access_denied
//
// Enrollment is its own step (policy.js): it records the factor, its time and a notification in the
// log, and never counts as a verification. A transfer step-up (transfer:funds) with a factor
// enrolled less than `mfa-new-factor-wait` seconds ago ends with access_denied and a description
// that says when the factor will be usable: a password alone must not be able to set up the factor
// that then confirms moving money.
//
// CSRF: a POST must carry the interaction cookie (SameSite=Lax, path /interaction/<uid>) AND name the
// same uid in its path; the uid is a 21-character random id that a cross-site attacker cannot know.
import QRCode from 'qrcode';

import { MFA_ACR, PWD_ACR, STEP_UP_SCOPE } from './policy.js';
import * as pages from './pages.js';
import { generateSecret, otpauthUri, verifyTotp } from './totp.js';

export const MAX_FAILURES = 5;
export const FORM_LIMIT = 16 * 1024;
const CANCEL_DESCRIPTION = 'The user cancelled the sign-in.';
// At most this many interactions remember their rejected codes (oldest forgotten first).
const MAX_TRACKED_INTERACTIONS = 1000;

/** The access_denied text for Cancel: says so when the person gave up after rejected codes. */
export function cancelDescription(rejectedCodes) {
  if (!rejectedCodes) return CANCEL_DESCRIPTION;
  return `The user cancelled the sign-in after ${rejectedCodes} rejected code${rejectedCodes === 1 ? '' : 's'}.`;
}
const NO_FACTOR_DESCRIPTION = 'Multi-factor authentication is required but no factor is available for this user.';
const PATH = /^\/interaction\/([A-Za-z0-9_-]{1,64})(?:\/(login|mfa|enroll|skip|abort))?$/;

/** "24 hours", "1 minute", "90 seconds": a waiting time for people. */
export function waitText(seconds) {
  const unit = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (seconds >= 3600 && seconds % 3600 === 0) return unit(seconds / 3600, 'hour');
  if (seconds >= 60 && seconds % 60 === 0) return unit(seconds / 60, 'minute');
  return unit(seconds, 'second');
}

/** A UTC time for people, to the minute, rounded up: "2026-11-29 14:06 UTC". */
export function utcMinute(ms) {
  return `${new Date(Math.ceil(ms / 60_000) * 60_000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * The access_denied text when a factor is too new to confirm a transfer (RFC 6749 §4.1.2.1: ASCII,
 * no quotes or backslashes; the app shows it word for word, and its callback page cuts at 300).
 */
export function tooRecentDescription(usableFromMs, waitSeconds) {
  return `Your second factor was set up less than ${waitText(waitSeconds)} ago, so it cannot confirm `
    + `a transfer yet. For your security, you can move money with it from ${utcMinute(usableFromMs)}.`;
}

const transferRequested = (details) => String(details.params.scope ?? '').split(' ').includes(STEP_UP_SCOPE);

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** Reads an application/x-www-form-urlencoded body of at most `limit` bytes. */
export async function readForm(req, limit = FORM_LIMIT) {
  const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') throw new HttpError(415, 'Forms must be sent as application/x-www-form-urlencoded.');
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new HttpError(413, 'The form is too large.');
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, 'The form is too large.');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function secondsLeft(untilMs, nowMs) {
  return Math.max(1, Math.ceil((untilMs - nowMs) / 1000));
}

function lockedMessage(untilMs, nowMs) {
  const s = secondsLeft(untilMs, nowMs);
  return `This account is temporarily locked after too many failed attempts. Try again in ${s} second${s === 1 ? '' : 's'}.`;
}

/**
 * accounts: { byUsername(name), bySub(sub), factor(user), state(user) } — see index.js.
 * userState: the store from store.js; scenarios, log, now, lockoutMs as given to createIdp.
 */
export function interactionRouter({ accounts, userState, scenarios, log, now, lockoutMs }) {
  const send = (ctx, status, html) => {
    ctx.status = status;
    ctx.type = 'html';
    ctx.body = html;
  };

  const finish = async (ctx, result) => {
    const returnTo = await ctx.app.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: true });
    ctx.status = 303;
    ctx.redirect(returnTo);
  };

  const lockUntil = (user) => {
    const state = userState.get(user.username);
    return state.locked_until > now() ? state.locked_until : 0;
  };

  // Counts a failure and returns the error text for the page.
  const fail = (user, kind, message, fields) => {
    const state = userState.recordFailure(user.username, { max: MAX_FAILURES, lockUntil: now() + lockoutMs });
    log.info(`idp.${kind}.failed`, { user: user.username, failures: state.failures, ...fields });
    if (state.locked_until > now()) {
      log.warn('idp.account.locked', { user: user.username, forSeconds: Math.round(lockoutMs / 1000) });
      return lockedMessage(state.locked_until, now());
    }
    return message;
  };

  // Rejected codes per interaction, so that Cancel can tell the app the person gave up after a
  // failed second factor rather than before trying (the app shows the provider's words).
  const rejected = new Map();
  const rejectCode = (uid, user, message, fields) => {
    rejected.set(uid, (rejected.get(uid) ?? 0) + 1);
    if (rejected.size > MAX_TRACKED_INTERACTIONS) rejected.delete(rejected.keys().next().value);
    return fail(user, 'mfa', message, fields);
  };

  const enrollmentSecret = (uid, user) => {
    const pending = userState.pendingEnrollment(uid);
    if (pending && pending.username === user.username) return pending.secret;
    const secret = generateSecret();
    userState.putPendingEnrollment(uid, user.username, secret);
    return secret;
  };

  const stepUpReasonsOf = (details) => details.prompt.details?.reasons ?? [];

  const renderEnroll = async (ctx, details, user, error, status = 200) => {
    const secret = enrollmentSecret(details.uid, user);
    const qrDataUrl = await QRCode.toDataURL(otpauthUri({ secret, account: user.username }), { margin: 2, scale: 5 });
    const wait = scenarios.get().mfaNewFactorWait;
    send(ctx, status, pages.enrollPage({
      uid: details.uid, username: user.username, secret, qrDataUrl, error, reasons: stepUpReasonsOf(details),
      transferWait: wait > 0 ? waitText(wait) : null,
    }));
  };

  const renderMfa = (ctx, details, user, error, status = 200) => {
    send(ctx, status, pages.mfaPage({ uid: details.uid, username: user.username, error, reasons: stepUpReasonsOf(details) }));
  };

  const mfaSucceeded = async (ctx, details, user, step) => {
    userState.setLastStep(user.username, step);
    userState.recordSuccess(user.username);
    rejected.delete(details.uid);
    log.info('idp.mfa.succeeded', { user: user.username, client: details.params.client_id, interaction: details.uid });
    await finish(ctx, {
      login: { accountId: user.sub, acr: MFA_ACR, amr: ['pwd', 'mfa'], remember: true },
      mfa: { method: 'totp', at: Math.floor(Date.now() / 1000) },
    });
  };

  // The factor is the user's from now on, and the bank tells them (a notification; here a line in
  // the log for support staff, without the secret). The sign-in or step-up goes on without MFA.
  const enrolled = async (ctx, details, user, secret, step) => {
    const at = now();
    userState.setSecret(user.username, secret, at);
    userState.deletePendingEnrollment(details.uid);
    userState.setLastStep(user.username, step);
    userState.recordSuccess(user.username);
    rejected.delete(details.uid);
    const during = stepUpReasonsOf(details).length ? 'step-up' : 'sign-in';
    const enrolledAt = new Date(at).toISOString();
    const transfersFrom = new Date(at + scenarios.get().mfaNewFactorWait * 1000).toISOString();
    log.info('idp.mfa.enrolled', { user: user.username, client: details.params.client_id, interaction: details.uid, during, enrolledAt, transfersFrom });
    log.info('idp.notification', {
      user: user.username,
      to: user.email,
      subject: 'A second factor was set up for your Fabrikam account',
      message: `Second factor (authenticator app) enrolled for ${user.username} at ${enrolledAt} during ${during === 'sign-in' ? 'sign-in' : 'a step-up'}; `
        + `it can confirm transfers from ${transfersFrom}. If ${user.username} did not set it up, lock the account.`,
    });
    await finish(ctx, { enroll: { at: Math.floor(at / 1000) } });
  };

  // A transfer step-up must not be confirmed by a factor younger than mfa-new-factor-wait: the time
  // (ms) from which this user's factor may confirm one, or 0 when it may now. Seed factors are old.
  const transferBlockedUntil = (details, user) => {
    if (!transferRequested(details)) return 0;
    const enrolledAt = accounts.enrolledAt(user);
    if (enrolledAt === null) return 0;
    const usableFrom = enrolledAt + scenarios.get().mfaNewFactorWait * 1000;
    return now() < usableFrom ? usableFrom : 0;
  };

  const refuseNewFactor = async (ctx, details, user, usableFrom) => {
    log.warn('idp.mfa.factor_too_new', {
      user: user.username, client: details.params.client_id, interaction: details.uid,
      enrolledAt: new Date(accounts.enrolledAt(user)).toISOString(), transfersFrom: new Date(usableFrom).toISOString(),
    });
    rejected.delete(details.uid);
    await finish(ctx, { error: 'access_denied', error_description: tooRecentDescription(usableFrom, scenarios.get().mfaNewFactorWait) });
  };

  // Checks the code of the mfa or enroll form: { step } when it is good, else { error } for the page.
  const checkCode = async (ctx, details, user, secret, method) => {
    const until = lockUntil(user);
    if (until) return { error: lockedMessage(until, now()) };
    const form = await readForm(ctx.req);
    const otp = form.get('otp') ?? '';
    if (scenarios.get().mfaRejectAll) {
      return { error: rejectCode(details.uid, user, 'That code was not accepted. Check your authenticator app and try again.', { reason: 'scenario mfa-reject-all' }) };
    }
    const state = userState.get(user.username);
    const step = verifyTotp(secret, otp, { nowMs: now(), lastStep: state.last_step });
    if (step === null) {
      return { error: rejectCode(details.uid, user, 'That code is not valid or was already used. Wait for the next code and try again.', { reason: 'wrong or reused code', method }) };
    }
    return { step };
  };

  const sessionUser = (details) => {
    const user = accounts.bySub(details.session?.accountId);
    if (!user) throw new HttpError(400, 'The sign-in session was not found. Start again from the Fabrikam app.');
    return user;
  };

  const showPrompt = async (ctx, details, client) => {
    const prompt = details.prompt.name;
    if (prompt === 'login') {
      send(ctx, 200, pages.loginPage({ uid: details.uid, username: details.params.login_hint ?? '', clientName: client?.clientName }));
      return;
    }
    if (prompt === 'enroll') {
      const user = sessionUser(details);
      if (accounts.factor(user) !== 'enroll') {
        // set up meanwhile (another tab): never a second enrollment; the policy decides what is next
        await finish(ctx, { enroll: { already: true } });
        return;
      }
      await renderEnroll(ctx, details, user);
      return;
    }
    if (prompt === 'mfa') {
      const user = sessionUser(details);
      const factor = accounts.factor(user);
      if (factor !== 'totp') {
        // 'unavailable' (carol); 'enroll' cannot reach this prompt (the enroll prompt comes first)
        log.warn('idp.mfa.unavailable', { user: user.username, client: details.params.client_id, interaction: details.uid });
        await finish(ctx, { error: 'access_denied', error_description: NO_FACTOR_DESCRIPTION });
        return;
      }
      const blockedUntil = transferBlockedUntil(details, user);
      if (blockedUntil) {
        await refuseNewFactor(ctx, details, user, blockedUntil);
        return;
      }
      renderMfa(ctx, details, user);
      return;
    }
    if (prompt === 'consent') {
      // Consent is implicit for first-party clients and never prompted; resolve it if it happens.
      await finish(ctx, { consent: {} });
      return;
    }
    throw new HttpError(400, 'This sign-in step is not supported.');
  };

  return async function interactions(ctx, next) {
    const m = PATH.exec(ctx.path);
    if (!m) return next();
    const [, uid, action] = m;
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Content-Security-Policy', pages.CSP);
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Referrer-Policy', 'no-referrer');

    try {
      if (action ? ctx.method !== 'POST' : !['GET', 'HEAD'].includes(ctx.method)) {
        ctx.set('Allow', action ? 'POST' : 'GET, HEAD');
        throw new HttpError(405, 'This method is not allowed here.');
      }
      let details;
      try {
        details = await ctx.app.interactionDetails(ctx.req, ctx.res);
      } catch {
        throw new HttpError(400, 'This sign-in page has expired or was already used. Start again from the Fabrikam app.');
      }
      if (details.uid !== uid) throw new HttpError(400, 'This sign-in page does not belong to the current sign-in. Start again from the Fabrikam app.');
      const client = await ctx.app.Client.find(details.params.client_id);
      const prompt = details.prompt.name;

      if (!action) {
        log.info('idp.interaction.shown', { interaction: uid, prompt, reasons: details.prompt.reasons, client: details.params.client_id });
        await showPrompt(ctx, details, client);
        return undefined;
      }

      if (action === 'abort') {
        const rejectedCodes = rejected.get(uid) ?? 0;
        rejected.delete(uid);
        log.info('idp.interaction.cancelled', { interaction: uid, prompt, rejectedCodes, client: details.params.client_id });
        await finish(ctx, { error: 'access_denied', error_description: cancelDescription(rejectedCodes) });
        return undefined;
      }

      // a form that does not fit (e.g. the back button): show the page for the step pending now
      const again = () => {
        ctx.status = 303;
        ctx.redirect(`/interaction/${uid}`);
        return undefined;
      };
      const expected = { login: 'login', enroll: 'enroll', skip: 'enroll', mfa: 'mfa' }[action];
      if (prompt !== expected) return again();

      if (action === 'login') {
        const form = await readForm(ctx.req);
        const username = (form.get('username') ?? '').trim().slice(0, 256);
        const password = form.get('password') ?? '';
        const user = accounts.byUsername(username);
        let error;
        if (!user) {
          log.info('idp.login.failed', { knownUser: false, interaction: uid });
          error = 'Wrong username or password.';
        } else if (lockUntil(user)) {
          error = lockedMessage(lockUntil(user), now());
          log.info('idp.login.refused', { user: user.username, reason: 'locked', interaction: uid });
        } else if (!accounts.passwordMatches(user, password)) {
          error = fail(user, 'login', 'Wrong username or password.', { interaction: uid });
        } else {
          userState.recordSuccess(user.username);
          log.info('idp.login.succeeded', { user: user.username, client: details.params.client_id, interaction: uid });
          await finish(ctx, { login: { accountId: user.sub, acr: PWD_ACR, amr: ['pwd'], remember: true } });
          return undefined;
        }
        send(ctx, 200, pages.loginPage({ uid, username, error, clientName: client?.clientName }));
        return undefined;
      }

      const user = sessionUser(details);
      const factor = accounts.factor(user);

      if (action === 'mfa') {
        if (factor !== 'totp') return again();
        const blockedUntil = transferBlockedUntil(details, user);
        if (blockedUntil) {
          await refuseNewFactor(ctx, details, user, blockedUntil);
          return undefined;
        }
        const { step, error } = await checkCode(ctx, details, user, accounts.secret(user), 'totp');
        if (error) renderMfa(ctx, details, user, error);
        else await mfaSucceeded(ctx, details, user, step);
        return undefined;
      }

      if (action === 'skip') {
        // "Not now" is for the offer at sign-in; a step-up cannot go on without a factor.
        if (factor !== 'enroll' || stepUpReasonsOf(details).length) return again();
        await readForm(ctx.req);
        userState.deletePendingEnrollment(uid);
        log.info('idp.mfa.enrollment_postponed', { user: user.username, client: details.params.client_id, interaction: uid });
        await finish(ctx, { enroll: { skipped: true } });
        return undefined;
      }

      // enroll
      if (factor !== 'enroll') return again();
      const pending = userState.pendingEnrollment(uid);
      if (!pending || pending.username !== user.username) return again();
      const { step, error } = await checkCode(ctx, details, user, pending.secret, 'enroll');
      if (error) await renderEnroll(ctx, details, user, error);
      else await enrolled(ctx, details, user, pending.secret, step);
      return undefined;
    } catch (err) {
      if (!(err instanceof HttpError)) {
        log.error('idp.interaction.error', { interaction: uid, error: err });
        throw err;
      }
      if (err.status === 413 || err.status === 415) ctx.set('Connection', 'close');
      send(ctx, err.status, pages.messagePage({ title: 'Sign-in problem', message: err.message, page: 'error', alertRole: true }));
      return undefined;
    }
  };
}
