// JOSE for the adversarial OpenID Provider: keys, JWK export and compact JWS signing, including
// the broken kinds (alg none, HMAC keyed with the RSA public key, corrupted signatures). Node
// built-ins only.
import {
  constants, createHmac, generateKeyPairSync, randomBytes, sign,
} from 'node:crypto';

export const b64u = (data) => Buffer.from(data).toString('base64url');

// The provider's keys, made once per server start. `evil` is the attacker's: never published in
// the provider's JWKS, only in the attacker's own (`_evil/jwks`) and in token headers.
export function makeKeys() {
  const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
  const ec = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const keys = { k1: rsa(), k2: rsa(), ec1: ec(), evil: rsa() };
  const jwkOf = (pair, kid, extra = {}) => ({
    ...pair.publicKey.export({ format: 'jwk' }), kid, use: 'sig', ...extra,
  });
  return {
    ...keys,
    jwk: {
      k1: jwkOf(keys.k1, 'key-1', { alg: 'RS256' }),
      k1NoAlg: jwkOf(keys.k1, 'key-1'),
      k1NoKid: (({ kid, ...rest }) => rest)(jwkOf(keys.k1, 'key-1', { alg: 'RS256' })),
      k2: jwkOf(keys.k2, 'key-2', { alg: 'RS256' }),
      ec1: jwkOf(keys.ec1, 'ec-1', { alg: 'ES256' }),
      evil: jwkOf(keys.evil, 'evil-1', { alg: 'RS256' }),
    },
    // The public key as the PEM text a naive HS256 verifier would use as its "secret".
    k1PublicPem: keys.k1.publicKey.export({ type: 'spki', format: 'pem' }),
  };
}

// A compact JWS. `key` is a KeyObject (private) for RS256/PS256/ES256, a Buffer or string secret
// for HS256, ignored for none. `payloadText` overrides the JSON of the claims (duplicate members).
export function jws(header, claims, key, { payloadText } = {}) {
  const input = `${b64u(JSON.stringify(header))}.${b64u(payloadText ?? JSON.stringify(claims))}`;
  const data = Buffer.from(input);
  let signature;
  switch (header.alg) {
    case 'RS256':
      signature = sign('sha256', data, key.privateKey ?? key);
      break;
    case 'PS256':
      signature = sign('sha256', data, {
        key: key.privateKey ?? key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32,
      });
      break;
    case 'ES256':
      signature = sign('sha256', data, { key: key.privateKey ?? key, dsaEncoding: 'ieee-p1363' });
      break;
    case 'HS256':
      signature = createHmac('sha256', key).update(data).digest();
      break;
    default: // none and anything unknown: unsigned
      signature = Buffer.alloc(0);
  }
  return `${input}.${b64u(signature)}`;
}

// The same token with one bit of its signature flipped.
export function corruptSignature(token) {
  const [h, p, s] = token.split('.');
  const sig = Buffer.from(s, 'base64url');
  sig[sig.length >> 1] ^= 0x01;
  return `${h}.${p}.${b64u(sig)}`;
}

// A JWK that parses as a 2048-bit RSA public key without being anyone's key (random odd modulus
// with the top bit set): cheap filler for large key sets.
export function fillerRsaJwk(kid) {
  const n = randomBytes(256);
  n[0] |= 0x80;
  n[255] |= 0x01;
  return { kty: 'RSA', kid, use: 'sig', alg: 'RS256', n: b64u(n), e: 'AQAB' };
}

// Keys that a careful relying party skips (RFC 7517 §5) while still finding the real one.
export function junkJwks(keys) {
  const short = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
  const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey.export({ format: 'jwk' });
  return [
    42, 'a string', null, [], {},
    { kty: 'oct', kid: 'key-1', k: b64u(randomBytes(32)) },           // same kid, not a public key
    { ...keys.jwk.k2, kid: 'key-1', use: 'enc' },                      // same kid, encryption key
    { ...keys.jwk.k2, kid: 'key-1', key_ops: ['encrypt'] },            // same kid, no verify op
    { ...keys.jwk.k2, kid: 'key-1', alg: 'HS256' },                    // same kid, HMAC alg
    { ...short, kid: 'key-1', use: 'sig' },                            // same kid, 1024-bit RSA
    { ...p384, kid: 'key-1', use: 'sig' },                             // same kid, P-384
    { kty: 'OKP', crv: 'Ed25519', kid: 'okp-1', x: b64u(randomBytes(32)) },
    { kty: 'RSA', kid: 'broken-1', n: '!!!', e: 'AQAB' },
    { kty: 'RSA', kid: 'broken-2', n: keys.jwk.k2.n },                 // no e
    { kty: 'EC', crv: 'P-256', kid: 'broken-3', x: keys.jwk.ec1.x, y: keys.jwk.ec1.x }, // off-curve
    { kty: 'RSA', kid: 7, n: keys.jwk.k2.n, e: 'AQAB' },               // kid not a string
    { kty: ['RSA'], kid: 'broken-4' },
    keys.jwk.k1,
  ];
}

