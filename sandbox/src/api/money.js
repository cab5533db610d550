// Money is integer minor units (cents) inside the API and the ledger, decimal strings with exactly
// two decimals on the wire. Floats never touch an amount.

// Request amounts: 1–9 integer digits, optional 1–2 decimals; no sign, no exponent, no spaces.
const AMOUNT_RE = /^\d{1,9}(\.\d{1,2})?$/;
// Seed balances may be larger and are trusted a little more, but are still parsed strictly.
const SEED_RE = /^-?\d{1,13}(\.\d{1,2})?$/;

function toMinor(s) {
  const neg = s.startsWith('-');
  const [int, frac = ''] = (neg ? s.slice(1) : s).split('.');
  const minor = Number(int) * 100 + Number(frac.padEnd(2, '0'));
  return neg ? -minor : minor;
}

/** "12.5" → 1250; anything that is not a string matching AMOUNT_RE → null. */
export function parseAmount(value) {
  if (typeof value !== 'string' || !AMOUNT_RE.test(value)) return null;
  return toMinor(value);
}

export function parseSeedMoney(value) {
  if (typeof value !== 'string' || !SEED_RE.test(value)) {
    throw new Error(`seed: "${value}" is not a decimal string like "12.50"`);
  }
  return toMinor(value);
}

/** 1250 → "12.50", -5 → "-0.05". */
export function formatMinor(minor) {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`not an integer amount: ${minor}`);
  const abs = Math.abs(minor);
  const int = Math.trunc(abs / 100);
  const frac = String(abs % 100).padStart(2, '0');
  return `${minor < 0 ? '-' : ''}${int}.${frac}`;
}

/** "DE89370400440532013000" → "DE89 •••• •••• 3000": country + check digits, then the last 4. */
export function maskAccountNumber(number) {
  const compact = String(number).replace(/\s+/g, '');
  if (compact.length <= 8) return `•••• ${compact.slice(-4)}`;
  return `${compact.slice(0, 4)} •••• •••• ${compact.slice(-4)}`;
}
