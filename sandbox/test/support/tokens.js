// An in-process test authority for the API tests: RS256 keys made with jose, a JWKS served on an
// ephemeral 127.0.0.1 port, access tokens (RFC 9068, typ at+jwt) with every claim overridable, and
// key rotation.
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';

export const MFA_ACR = 'http://schemas.openid.net/pape/policies/2007/06/multi-factor';
export const API_AUDIENCE = 'https://api.fabrikam.example';

async function makeKey(alg = 'RS256') {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const kid = `test-${randomUUID().slice(0, 8)}`;
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, publicKey, jwk };
}

const b64url = (obj) => Buffer.from(JSON.stringify(obj)).toString('base64url');

/**
 * startTestAuthority({ audience, now }) → {
 *   issuer, jwksUri, mint(claims?, options?), mintUnsigned(claims?, header?), rotate({ keepOld }),
 *   currentKey, jwksRequests, close()
 * }
 * mint: claims are merged over the defaults; a claim set to undefined is left out. options.header
 * overrides protected header fields (e.g. typ), options.key signs with another key (same shape as
 * currentKey), options.alg picks the algorithm of that key.
 */
export async function startTestAuthority({ audience = API_AUDIENCE, now = () => Date.now() } = {}) {
  let keys = [await makeKey()];
  let jwksRequests = 0;
  const server = createServer((req, res) => {
    if (req.url === '/jwks') {
      jwksRequests += 1;
      res.writeHead(200, { 'Content-Type': 'application/jwk-set+json' });
      res.end(JSON.stringify({ keys: keys.map((k) => k.jwk) }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;

  const defaults = () => {
    const t = Math.floor(now() / 1000);
    return {
      iss: issuer,
      aud: audience,
      sub: 'alice',
      scope: 'openid read:accounts',
      client_id: 'fabrikam-desktop',
      jti: randomUUID(),
      iat: t,
      exp: t + 300,
      auth_time: t - 10,
      acr: MFA_ACR,
      amr: ['pwd', 'mfa'],
    };
  };

  const claimsFrom = (overrides) => {
    const claims = { ...defaults(), ...overrides };
    for (const [k, v] of Object.entries(claims)) if (v === undefined) delete claims[k];
    return claims;
  };

  return {
    issuer,
    jwksUri: `${issuer}/jwks`,
    get currentKey() {
      return keys[0];
    },
    get jwksRequests() {
      return jwksRequests;
    },
    makeKey,
    async mint(overrides = {}, { header = {}, key = keys[0] } = {}) {
      const claims = claimsFrom(overrides);
      return new SignJWT(claims)
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt', ...header })
        .sign(key.privateKey);
    },
    /** alg "none": header.payload. with an empty signature. */
    mintUnsigned(overrides = {}, header = {}) {
      return `${b64url({ alg: 'none', typ: 'at+jwt', ...header })}.${b64url(claimsFrom(overrides))}.`;
    },
    /** A new signing key; the JWKS then lists it first (and the old one too when keepOld). */
    async rotate({ keepOld = true } = {}) {
      const fresh = await makeKey();
      keys = keepOld ? [fresh, ...keys] : [fresh];
      return fresh;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
