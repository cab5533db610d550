// Pure checks on a transfer request body: no database, no clock. The ledger runs the
// account-dependent checks (ownership, currency, funds) inside its transaction.
import { createHash } from 'node:crypto';
import { parseAmount } from './money.js';
import { problem } from './problems.js';

const ACCOUNT_ID_RE = /^[A-Za-z0-9._-]{1,64}$/;
const CURRENCY_RE = /^[A-Z]{3}$/;
// C0/C1 controls, DEL, and the bidi embedding/override/isolate controls (text spoofing in statements).
const FORBIDDEN_MEMO_CHARS = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;
// Idempotency-Key: 1–255 printable ASCII characters (space to tilde).
const IDEMPOTENCY_KEY_RE = /^[\x20-\x7E]{1,255}$/;

export function isValidIdempotencyKey(key) {
  return typeof key === 'string' && IDEMPOTENCY_KEY_RE.test(key);
}

/**
 * A stable hash of the parsed request fields, used to tell "same request retried" from "same key,
 * other request". Amounts are compared by value ("10" and "10.00" are the same request), a missing
 * or null memo equals "". Unknown extra fields are ignored, as the server ignores them.
 */
export function canonicalRequestHash(body) {
  const amount = parseAmount(body.amount);
  const canonical = JSON.stringify([
    body.from ?? null,
    body.to ?? null,
    amount ?? body.amount ?? null,
    body.currency ?? null,
    body.memo ?? '',
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Checks what can be checked without the ledger. Returns { fields } with the amount in minor units,
 * or { problem } for the first thing that is wrong.
 */
export function validateTransferShape(body, limits) {
  const bad = (code, detail, extra) => ({ problem: problem(422, code, detail, extra) });

  for (const name of ['from', 'to']) {
    const v = body[name];
    if (v === undefined || v === null) return bad('missing_field', `"${name}" is required (an account id).`, { field: name });
    if (typeof v !== 'string' || !ACCOUNT_ID_RE.test(v)) {
      return bad('invalid_field', `"${name}" must be an account id (1–64 letters, digits, ".", "_" or "-").`, { field: name });
    }
  }

  if (body.amount === undefined || body.amount === null) {
    return bad('missing_field', '"amount" is required, as a decimal string such as "12.50".', { field: 'amount' });
  }
  if (typeof body.amount !== 'string') {
    return bad('invalid_amount', '"amount" must be a decimal string such as "12.50"; JSON numbers are not accepted.', { field: 'amount' });
  }
  const amountMinor = parseAmount(body.amount);
  if (amountMinor === null) {
    return bad('invalid_amount', `"amount" must be a positive decimal with at most 9 integer digits and 2 decimals (e.g. "12.50"); got "${truncate(body.amount)}".`, { field: 'amount' });
  }
  if (amountMinor <= 0) return bad('amount_not_positive', '"amount" must be greater than zero.', { field: 'amount' });

  if (body.currency === undefined || body.currency === null) {
    return bad('missing_field', '"currency" is required (ISO 4217 code such as "EUR").', { field: 'currency' });
  }
  if (typeof body.currency !== 'string' || !CURRENCY_RE.test(body.currency)) {
    return bad('invalid_currency', '"currency" must be a three-letter upper-case ISO 4217 code such as "EUR".', { field: 'currency' });
  }

  let memo = body.memo ?? '';
  if (typeof memo !== 'string') return bad('invalid_memo', '"memo" must be a string.', { field: 'memo' });
  if (!memo.isWellFormed()) return bad('invalid_memo', '"memo" contains an unpaired surrogate.', { field: 'memo' });
  if (FORBIDDEN_MEMO_CHARS.test(memo)) {
    return bad('invalid_memo', '"memo" must not contain control characters (line breaks, tabs, bidi overrides...).', { field: 'memo' });
  }
  if ([...memo].length > limits.memoMaxLength) {
    return bad('memo_too_long', `"memo" is longer than ${limits.memoMaxLength} characters.`, { field: 'memo', maxLength: limits.memoMaxLength });
  }

  if (body.from === body.to) return bad('same_account', '"from" and "to" are the same account.', { field: 'to' });

  return { fields: { from: body.from, to: body.to, amountMinor, currency: body.currency, memo } };
}

function truncate(s) {
  const clean = s.replace(/[^\x20-\x7E]/g, '?').replaceAll('"', "'");
  return clean.length > 24 ? clean.slice(0, 24) + '…' : clean;
}
