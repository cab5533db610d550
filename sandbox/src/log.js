// JSON-lines logs with secrets redacted. Tokens, codes, verifiers, passwords and one-time codes
// never reach a log file: they are replaced by a short hash suffix ("red:…3f9a1c") so that support
// staff can still tell two values apart.
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

const SECRET_KEY = /(token|code|verifier|secret|password|passwd|otp|assertion|authorization|cookie|jwt|^key$|credential)/i;
const JWT_LIKE = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;
const SECRET_PARAM = /([?&](?:code|code_verifier|refresh_token|access_token|id_token|token|id_token_hint|otp|password)=)([^&#\s"]+)/gi;
const BEARER = /(Bearer\s+)([A-Za-z0-9._~+/=-]+)/gi;

export function redact(value) {
  if (value === undefined || value === null || value === '') return value;
  const digest = createHash('sha256').update(String(value)).digest('hex');
  return `red:…${digest.slice(-6)}`;
}

export function redactString(s) {
  return String(s)
    .replace(BEARER, (_, k, v) => k + redact(v))
    .replace(SECRET_PARAM, (_, k, v) => k + redact(v))
    .replace(JWT_LIKE, (m) => redact(m));
}

export function redactDeep(value, depth = 0) {
  if (depth > 8) return '[deep]';
  if (typeof value === 'string') return redactString(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  if (value && typeof value === 'object') {
    if (value instanceof Error) return { error: value.name, message: redactString(value.message) };
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_KEY.test(k) && (typeof v === 'string' || typeof v === 'number') ? redact(v) : redactDeep(v, depth + 1);
    }
    return out;
  }
  return value;
}

/**
 * A logger writing one JSON object per line to `file` (or nowhere when file is null).
 * logger.info('event.name', { fields }) — every field is passed through redactDeep.
 */
export function createLogger({ file = null, name = 'sandbox', echo = false } = {}) {
  if (file) mkdirSync(dirname(file), { recursive: true });
  const write = (level, event, fields) => {
    const line = JSON.stringify({ t: new Date().toISOString(), level, src: name, event, ...redactDeep(fields ?? {}) });
    if (file) appendFileSync(file, line + '\n');
    if (echo) process.stderr.write(line + '\n');
  };
  return {
    debug: (event, fields) => write('debug', event, fields),
    info: (event, fields) => write('info', event, fields),
    warn: (event, fields) => write('warn', event, fields),
    error: (event, fields) => write('error', event, fields),
    child: (childName) => createLogger({ file, name: childName, echo }),
  };
}
