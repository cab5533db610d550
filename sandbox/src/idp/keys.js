// keys.json: the provider's private signing keys (RS256 JWKs, newest first — the first signs, the
// others are only published so that tokens they signed still verify) and the cookie-signing keys.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';

const PRIVATE_PARTS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];
/** How many signing keys stay published: the current one and the one before it. */
export const KEEP_KEYS = 2;

export async function generateSigningKey() {
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { ...jwk, kid, alg: 'RS256', use: 'sig' };
}

export function publicJwk(jwk) {
  const out = { ...jwk };
  for (const k of PRIVATE_PARTS) delete out[k];
  return out;
}

function write(file, value) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, file);
}

export function keyFile(dataDir) {
  return join(dataDir, 'keys.json');
}

/** Reads keys.json, creating it (a new RS256 key, new cookie keys) when missing. */
export async function loadKeys(dataDir) {
  const file = keyFile(dataDir);
  if (existsSync(file)) {
    const keys = JSON.parse(readFileSync(file, 'utf8'));
    if (!Array.isArray(keys.signing) || !keys.signing.length || !Array.isArray(keys.cookieKeys) || !keys.cookieKeys.length) {
      throw new Error(`${file} is malformed: expected non-empty "signing" and "cookieKeys" arrays (delete it to start from seed)`);
    }
    return { keys, created: false };
  }
  const keys = {
    signing: [await generateSigningKey()],
    cookieKeys: [randomBytes(32).toString('base64url')],
  };
  write(file, keys);
  return { keys, created: true };
}

export function saveKeys(dataDir, keys) {
  write(keyFile(dataDir), keys);
}
