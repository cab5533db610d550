// The Fabrikam API: accounts, statements and transfers for the sandbox tenant, with Auth0-style
// step-up authentication.
//
//   client                               API                                  ledger (SQLite)
//     | GET /accounts (read:accounts)  -->|  verify JWT (JWKS, iss, aud, typ)       |
//     |<-- 200 accounts ------------------|---------------------------------------->|
//     | POST /transfers (base token)   -->|  no transfer:funds                      |
//     |<-- 403 insufficient_scope --------|                                         |
//     |   ... step-up at the provider (MFA) -> elevated single-use token ...        |
//     | POST /transfers + Idempotency-Key>|  token, scope, key and body ok          |
//     |                                   |-- one transaction: jti unspent,      -->|
//     |                                   |   MFA <= 300 s, consume jti,            |
//     |                                   |   idempotency, checks, debit/credit,    |
//     |                                   |   record the answer with the jti        |
//     |<-- 201 transfer ------------------|<----------------------------------------|
//     | the exact same request again   -->|-- jti spent on this same request     -->|
//     |<-- 201 the recorded answer, Idempotent-Replayed: true ----------------------|
//     | same token, other key or body  -->|-- jti spent on another request       -->|
//     |<-- 401 invalid_token "token already used"                                   |
//
// Module contract (the composition layer calls exactly this):
//   createApi({ issuer, jwksUri, audience, dataDir, seedFile, scenarios, log, now }) → { callback, close }
//
// Decisions:
// * Single-use elevated tokens. The client discards the elevated token after one POST /transfers,
//   so the API consumes its jti on ANY request that reaches the transfer logic: a success, a
//   validation refusal (bad amount, insufficient funds, ...), an idempotent replay and an
//   idempotency conflict. The jti is inserted in the same better-sqlite3 transaction as the
//   transfer, so a crash cannot leave a transfer without a consumed jti or the reverse; an
//   unexpected error rolls both back and the token stays usable. Requests refused before the
//   transfer logic do NOT consume the jti: invalid token, missing scope (403), a missing/invalid
//   Idempotency-Key, a body that is not JSON, too large or of the wrong media type — none of these
//   looks at the ledger — and stale MFA (401, RFC 9470), which the transaction answers after the
//   spent-token check and before consuming the jti.
// * Exact retries replay. An HTTP stack or proxy may resend a request whose answer was lost; with a
//   single-use token that resend used to meet "token already used" although the transfer was made.
//   So the jti is stored with the request it was spent on (Idempotency-Key, canonical request hash)
//   and the answer it got (status and body: a 201, a replayed 201, a 422 refusal or conflict). A
//   spent token presented again with the same sub, the same key and the same hash gets that answer
//   again with `Idempotent-Replayed: true`; any other use is 401 "token already used" and learns
//   nothing about the recorded answer. Scenario `api-exact-retry=off` turns this off.
// * Order of checks on POST /transfers:
//     a. token: signature (JWKS), iss, aud, typ, exp, claims             else 401, nothing looked up
//     b. scope transfer:funds                                            else 403
//     c. Idempotency-Key and body well-formed                            else 400/413/415, no ledger
//     d. (one IMMEDIATE transaction from here) jti spent? exact retry (same sub, key and hash)
//        → that token's recorded answer; anything else → 401 token already used
//     e. MFA freshness                                        else 401 RFC 9470, jti not consumed
//     f. consume the jti
//     g. idempotency record of (sub, key): same hash → the stored success; other hash → 422
//     h. validation (shape, accounts, currency, limit, funds)            else 422, recorded
//     i. move the money, record the answer
//   Why this order: a stolen Idempotency-Key alone is useless, since keys are per sub and reading
//   any record takes a valid token of that person (a-c). A stolen spent token replays only the
//   answer that same request already got: the thief needs the exact key and body, i.e. already saw
//   the request. Another person's token never sees this person's records: d compares the sub
//   recorded with the jti, g looks up (sub, key). MFA comes after d because an exact retry moves no
//   money and may come after the MFA aged; it comes before f so a challenge leaves the token usable.
// * Idempotency keys are scoped per user (sub) and kept for the ledger's lifetime. Only successes are
//   stored: the same key and the same request (canonical hash of the parsed fields) returns the
//   stored 201 and body again with `Idempotent-Replayed: true` and moves no money; the same key with a
//   different request is a 422. A refused request is not stored, so a retry with the same key is
//   evaluated afresh (e.g. after the user moved money into the account).
// * Amounts are decimal strings on the wire ("12.50"); JSON numbers are refused.
import { send, sendProblem, readBody, HttpError } from './http.js';
import { AuthFailure, challenges, checkMfaFreshness, createTokenVerifier } from './auth.js';
import { openLedger } from './ledger.js';
import { problem } from './problems.js';
import { canonicalRequestHash, isValidIdempotencyKey } from './transfers.js';

export const DEFAULT_AUDIENCE = 'https://api.fabrikam.example';
export const STATEMENTS_MAX_AGE = 600; // seconds of MFA freshness for the sensitive view
export const TRANSFER_MAX_AGE = 300; // seconds of MFA freshness for moving money
const ACCOUNT_ID_RE = /^[A-Za-z0-9._-]{1,64}$/;

const silentLog = { debug() {}, info() {}, warn() {}, error() {} };

export async function createApi({
  issuer,
  jwksUri,
  audience = DEFAULT_AUDIENCE,
  dataDir,
  seedFile,
  scenarios,
  log,
  now = () => Date.now(),
} = {}) {
  for (const [name, value] of Object.entries({ issuer, jwksUri, dataDir, seedFile })) {
    if (!value) throw new TypeError(`createApi: ${name} is required`);
  }
  const logger = log ?? silentLog;
  const ledger = openLedger({ dataDir, seedFile, now });
  const verify = createTokenVerifier({ issuer, jwksUri, audience, now });
  let closed = false;

  // scenarios.get().apiMaxAge replaces both max ages when set; read on every request.
  const effectiveMaxAge = (normal) => {
    const override = scenarios?.get().apiMaxAge;
    return override === null || override === undefined ? normal : override;
  };

  // scenarios.get().apiExactRetry: false makes every use of a spent token a 401, as at a bank
  // without the exact-retry rule.
  const exactRetryOn = () => scenarios?.get().apiExactRetry !== false;

  // scenarios.get().apiReadsMaxAge: the reads (accounts, transfers) demand MFA too when set, so a
  // client meets RFC 9470 on a call that normally takes the base token. undefined = no MFA check.
  const readsMaxAge = () => scenarios?.get().apiReadsMaxAge ?? undefined;
  // scenarios.get().apiHistoryMaxAge: GET /transfers alone demands MFA, so one part of a client's
  // overview is challenged while the other is answered.
  const historyMaxAge = () => scenarios?.get().apiHistoryMaxAge ?? readsMaxAge();

  // RFC 9470: { fresh, reason, maxAge } with the max age in force (the scenario's when set).
  function mfaFreshness(claims, maxAge) {
    const effective = effectiveMaxAge(maxAge);
    return { ...checkMfaFreshness(claims, effective, now()), maxAge: effective };
  }

  // Token (RFC 9068 via verify), then scope (RFC 6750 §3.1), then MFA when maxAge is given.
  async function authenticate(req, { scope, maxAge }) {
    const claims = await verify(req.headers.authorization);
    if (scope && !claims.scopes.has(scope)) throw challenges.insufficientScope(scope);
    if (maxAge !== undefined) {
      const mfa = mfaFreshness(claims, maxAge);
      if (!mfa.fresh) throw challenges.insufficientAuthentication(mfa.maxAge, mfa.reason);
    }
    return claims;
  }

  const ensureOpen = () => {
    if (closed) throw new HttpError(problem(503, 'shutting_down', 'The API is shutting down.'));
  };

  // ---- handlers ----------------------------------------------------------------------------------

  async function health(ctx) {
    send(ctx.res, 200, { status: 'ok' });
  }

  async function listAccounts(ctx) {
    const claims = await authenticate(ctx.req, { scope: 'read:accounts', maxAge: readsMaxAge() });
    ctx.sub = claims.sub;
    ensureOpen();
    send(ctx.res, 200, { accounts: ledger.accountsOf(claims.sub) });
  }

  async function statements(ctx) {
    const claims = await authenticate(ctx.req, { scope: 'read:accounts', maxAge: STATEMENTS_MAX_AGE });
    ctx.sub = claims.sub;
    ensureOpen();
    const id = ctx.params[0];
    const found = ACCOUNT_ID_RE.test(id) ? ledger.statementsOf(claims.sub, id) : null;
    if (!found) throw new HttpError(problem(404, 'account_not_found', `You have no account "${safe(id)}".`));
    send(ctx.res, 200, found);
  }

  async function listTransfers(ctx) {
    const claims = await authenticate(ctx.req, { scope: 'read:accounts', maxAge: historyMaxAge() });
    ctx.sub = claims.sub;
    ensureOpen();
    send(ctx.res, 200, { transfers: ledger.transfersOf(claims.sub) });
  }

  async function createTransfer(ctx) {
    const { req, res } = ctx;
    // a, b. MFA freshness (e) is decided in the ledger's transaction, after the spent-token check.
    const claims = await authenticate(req, { scope: 'transfer:funds' });
    ctx.sub = claims.sub;

    // c. The request itself, before any ledger work.
    const key = req.headers['idempotency-key'];
    if (key === undefined) {
      throw new HttpError(problem(400, 'idempotency_key_missing', 'The Idempotency-Key header is required for POST /transfers (1–255 printable ASCII characters; reuse it when retrying the same transfer).'));
    }
    if (!isValidIdempotencyKey(key)) {
      throw new HttpError(problem(400, 'idempotency_key_invalid', 'The Idempotency-Key header must be 1–255 printable ASCII characters.'));
    }
    const type = req.headers['content-type'];
    if (type !== undefined && !/^application\/([a-z0-9.+-]*\+)?json\s*(;.*)?$/i.test(type)) {
      throw new HttpError(problem(415, 'unsupported_media_type', 'The request body must be application/json.'));
    }
    const raw = await readBody(req);
    if (raw.tooLarge) {
      throw new HttpError(problem(413, 'body_too_large', 'The request body is larger than 16 KB.'), { Connection: 'close' });
    }
    let body;
    try {
      body = JSON.parse(raw.buffer.toString('utf8'));
    } catch {
      throw new HttpError(problem(400, 'invalid_json', 'The request body is not valid JSON.'));
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new HttpError(problem(400, 'invalid_body', 'The request body must be a JSON object {from, to, amount, currency, memo}.'));
    }

    ensureOpen();
    const mfa = mfaFreshness(claims, TRANSFER_MAX_AGE);
    // d-i. One IMMEDIATE transaction (ledger.transfer).
    const result = ledger.transfer({
      iss: claims.iss,
      sub: claims.sub,
      jti: claims.jti,
      exp: claims.exp,
      key,
      requestHash: canonicalRequestHash(body),
      body,
      mfaFresh: mfa.fresh,
      exactRetry: exactRetryOn(),
    });
    ctx.outcome = result.outcome;
    logger.info('api.transfer', {
      outcome: result.outcome,
      sub: claims.sub,
      jti: claims.jti,
      clientId: claims.client_id,
      idempotencyKey: key.slice(0, 64),
      transferId: result.body?.id,
      problem: result.problem?.code,
    });

    if (result.outcome === 'token_reused') throw challenges.invalidToken('token already used');
    if (result.outcome === 'mfa_required') throw challenges.insufficientAuthentication(mfa.maxAge, mfa.reason);
    const headers = result.replayed ? { 'Idempotent-Replayed': 'true' } : {};
    if (result.problem) return sendProblem(res, result.problem, headers);
    send(res, result.status, result.body, { headers });
  }

  const routes = [
    { pattern: /^\/health$/, methods: { GET: health } },
    { pattern: /^\/accounts$/, methods: { GET: listAccounts } },
    { pattern: /^\/accounts\/([^/]+)\/statements$/, methods: { GET: statements } },
    { pattern: /^\/transfers$/, methods: { GET: listTransfers, POST: createTransfer } },
  ];

  // ---- dispatch ----------------------------------------------------------------------------------

  async function callback(req, res) {
    const started = process.hrtime.bigint();
    const ctx = { req, res, params: [], sub: undefined, outcome: undefined };
    let path = '?';
    try {
      path = new URL(req.url ?? '/', 'http://api.invalid').pathname;
      const route = routes.find((r) => r.pattern.test(path));
      if (!route) throw new HttpError(problem(404, 'not_found', `There is no resource at ${safe(path)}.`));
      const method = req.method === 'HEAD' ? 'GET' : req.method;
      const handler = route.methods[method];
      if (!handler) {
        const allow = Object.keys(route.methods).flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m])).join(', ');
        throw new HttpError(problem(405, 'method_not_allowed', `${safe(req.method)} is not allowed on ${safe(path)}; allowed: ${allow}.`), { Allow: allow });
      }
      ctx.params = route.pattern.exec(path).slice(1).map(decodeParam);
      await handler(ctx);
    } catch (e) {
      if (e instanceof AuthFailure) {
        logger.info('api.auth.refused', { path, status: e.status, reason: e.reason });
        const headers = e.challenge ? { 'WWW-Authenticate': e.challenge } : { 'Retry-After': '5' };
        if (!res.headersSent) send(res, e.status, e.body, { headers });
      } else if (e instanceof HttpError) {
        if (!res.headersSent) sendProblem(res, e.problem, e.headers);
      } else {
        logger.error('api.error', { path, method: req.method, error: e });
        if (!res.headersSent) sendProblem(res, problem(500, 'internal_error', 'The API failed unexpectedly; nothing was changed. Try again.'));
        else res.destroy();
      }
    } finally {
      logger.info('api.request', {
        method: req.method,
        path,
        status: res.statusCode,
        sub: ctx.sub,
        outcome: ctx.outcome,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
      });
    }
  }

  async function close() {
    if (closed) return;
    closed = true;
    ledger.close();
  }

  logger.info('api.started', { issuer, jwksUri, audience, dataDir });
  return { callback, close };
}

function decodeParam(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // fails the id pattern later → 404
  }
}

// For echoing request parts in a detail: printable ASCII only, bounded.
function safe(s) {
  const clean = String(s).replace(/[^\x20-\x7E]/g, '?');
  return clean.length > 80 ? clean.slice(0, 80) + '…' : clean;
}
