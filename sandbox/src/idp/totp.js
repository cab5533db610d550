// TOTP (RFC 6238) on top of HOTP (RFC 4226), with node:crypto only.
// Defaults are what authenticator apps expect: SHA-1, 6 digits, 30-second steps.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const PERIOD = 30;
export const DIGITS = 6;

/** RFC 4648 §6 base32, no padding. */
export function base32Encode(buf) {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}

/** Decodes base32 (case-insensitive, spaces and padding ignored); throws on other characters. */
export function base32Decode(text) {
  const clean = String(text).toUpperCase().replace(/[\s=]/g, '');
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of clean) {
    const idx = B32.indexOf(ch);
    if (idx < 0) throw new TypeError('invalid base32 character');
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A fresh random secret (160 bits, RFC 4226 §4 R6 recommends >= 128), base32. */
export function generateSecret(bytes = 20) {
  return base32Encode(randomBytes(bytes));
}

/** RFC 4226 §5.3: HOTP value for a raw key and a counter. */
export function hotp(key, counter, { digits = DIGITS, algorithm = 'sha1' } = {}) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(msg).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const bin = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(bin % 10 ** digits).padStart(digits, '0');
}

/** RFC 6238 §4: the TOTP code for a base32 secret at a given time step. */
export function totp(secretBase32, step, options = {}) {
  return hotp(base32Decode(secretBase32), step, options);
}

/** The RFC 6238 time step (T) for a time in milliseconds since the epoch. */
export function timeStep(ms, period = PERIOD) {
  return Math.floor(ms / 1000 / period);
}

/**
 * Checks a submitted code against the steps around `nowMs` (RFC 6238 §5.2: ±window steps for clock
 * drift) and refuses any step <= lastStep (a code is accepted once). Returns the matched step or null.
 */
export function verifyTotp(secretBase32, code, { nowMs = Date.now(), window = 1, lastStep = -Infinity, digits = DIGITS } = {}) {
  const submitted = String(code ?? '').replace(/\s/g, '');
  if (!new RegExp(`^\\d{${digits}}$`).test(submitted)) return null;
  const key = base32Decode(secretBase32);
  const current = timeStep(nowMs);
  let matched = null;
  for (let step = current - window; step <= current + window; step += 1) {
    // compare every candidate (no early exit) so timing does not reveal which step matched
    const ok = timingSafeEqual(Buffer.from(hotp(key, step, { digits })), Buffer.from(submitted));
    if (ok && step > lastStep && matched === null) matched = step;
  }
  return matched;
}

/** The otpauth:// URI (Google Authenticator key URI format) that the enrolment QR code carries. */
export function otpauthUri({ secret, account, issuer = 'Fabrikam' }) {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const q = new URLSearchParams({ secret, issuer, algorithm: 'SHA1', digits: String(DIGITS), period: String(PERIOD) });
  return `otpauth://totp/${label}?${q}`;
}
