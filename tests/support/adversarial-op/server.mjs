// The adversarial OpenID Provider's HTTP server: one server on 127.0.0.1 serves every case at
// once, each under its own issuer http://127.0.0.1:PORT/<tag>/<case> (<tag> keeps concurrent
// test runs apart: each tag+case has its own state). Node built-ins only.
//
// Per issuer:
//   GET  /.well-known/openid-configuration   discovery (iss parameter advertised, PKCE S256)
//   GET  /jwks  /jwks-moved                    the JWK Set
//   GET  /authorize                           no login page: 302 straight to the loopback
//                                             redirect_uri with code, state and iss
//   POST /token                               authorization_code (PKCE checked) and refresh_token
//                                             (rotating) grants
//   GET  /userinfo                            counted; the app is expected never to call it
//   POST /revoke   GET /logout                RFC 7009 and RP-initiated logout, trivially
//   GET  /api/accounts  /api/transfers        an empty Fabrikam API, so a signed-in window settles
//   GET  /_evil/*                             what the attacker's header URLs point at (counted)
//   POST /_admin/heal                         from now on behave correctly (the "usable after" check)
//   POST /_admin/rotate                       stage + 1 (key rotation and similar two-act cases)
//   GET  /_admin/stats                        hits per endpoint, stage, healed
// And globally: GET /_cases (names and summaries), GET /_health.
import http from 'node:http';
import { createHash, randomBytes } from 'node:crypto';

import { cases } from './cases.mjs';
import { jws, junkJwks, makeKeys } from './jose.mjs';

// A non-loopback host on plain http (TEST-NET-2, RFC 5737): what "redirect to a non-loopback
// host" cases point at. Nothing answers there; a client that follows goes nowhere.
export const EVIL_HOST = '198.51.100.7';

const MAX_BODY = 64 * 1024;
const CODE_TTL_MS = 60_000;

export function startServer({ port, host = '127.0.0.1', log = () => {} }) {
  const keys = makeKeys();
  const junk = junkJwks(keys);
  const states = new Map(); // issuer -> { stage, healed, hits }
  const codes = new Map(); // code -> { issuer, nonce, clientId, redirectUri, challenge, scope, sub, expires }
  const refreshTokens = new Map(); // token -> { issuer, clientId, sub, scope }
  const base = `http://${host}:${port}`;

  const stateOf = (issuer) => {
    let s = states.get(issuer);
    if (!s) {
      s = { stage: 0, healed: false, hits: {} };
      states.set(issuer, s);
    }
    return s;
  };

  const send = (res, status, body, headers = {}) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, {
      'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
      'cache-control': 'no-store',
      ...headers,
    });
    res.end(text);
  };

  const readBody = (req) => new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
      } else {
        chunks.push(c);
      }
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

  function discoveryDocument(issuer) {
    return {
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
      userinfo_endpoint: `${issuer}/userinfo`,
      revocation_endpoint: `${issuer}/revoke`,
      end_session_endpoint: `${issuer}/logout`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256', 'PS256', 'ES256'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access', 'read:accounts'],
      authorization_response_iss_parameter_supported: true,
    };
  }

  // The case in force for an issuer: its own hooks, or none once healed.
  const hooksOf = (name, s) => (s.healed ? {} : cases[name]);

  function makeContext(issuer, name, extra = {}) {
    return {
      issuer, base, port, keys, junk, name,
      state: stateOf(issuer),
      evilBase: `http://${EVIL_HOST}:${port}`,
      now: Math.floor(Date.now() / 1000),
      ...extra,
    };
  }

  function idTokenFor(c, ctx) {
    let header = { typ: 'JWT', alg: 'RS256', kid: 'key-1' };
    let claims = {
      iss: ctx.issuer,
      sub: ctx.sub,
      aud: ctx.clientId,
      exp: ctx.now + 600,
      iat: ctx.now,
      auth_time: ctx.now - 2,
      amr: ['pwd'],
      name: 'Ada Adversary',
      email: 'ada@adversarial.example',
      ...(ctx.nonce ? { nonce: ctx.nonce } : {}),
    };
    if (c.header) header = c.header(header, ctx);
    if (c.claims) claims = c.claims(claims, ctx);
    if (c.idToken) return c.idToken(header, claims, ctx);
    const key = c.signingKey ? c.signingKey(ctx) : header.alg === 'ES256' ? keys.ec1 : keys.k1;
    return jws(header, claims, key);
  }

  async function token(req, res, issuer, name, c) {
    const form = new URLSearchParams(await readBody(req));
    const grant = form.get('grant_type');
    let session;
    if (grant === 'authorization_code') {
      const entry = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (!entry || entry.issuer !== issuer || entry.expires < Date.now() ||
          entry.clientId !== form.get('client_id') || entry.redirectUri !== form.get('redirect_uri') ||
          entry.challenge !== challenge) {
        return send(res, 400, { error: 'invalid_grant', error_description: 'grant request is invalid' });
      }
      session = entry;
    } else if (grant === 'refresh_token') {
      const entry = refreshTokens.get(form.get('refresh_token') ?? '');
      refreshTokens.delete(form.get('refresh_token') ?? ''); // rotation: each one works once
      if (!entry || entry.issuer !== issuer || entry.clientId !== form.get('client_id')) {
        return send(res, 400, { error: 'invalid_grant', error_description: 'grant request is invalid' });
      }
      session = { ...entry, nonce: undefined };
    } else {
      return send(res, 400, { error: 'unsupported_grant_type' });
    }
    const ctx = makeContext(issuer, name, {
      grant, nonce: session.nonce, clientId: session.clientId, sub: session.sub,
      scope: session.scope, hinted: session.hinted === true,
    });
    const refreshToken = `rt-${randomBytes(24).toString('base64url')}`;
    refreshTokens.set(refreshToken, {
      issuer, clientId: session.clientId, sub: session.sub, scope: session.scope,
    });
    let body = {
      access_token: `at-${randomBytes(24).toString('base64url')}`,
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'read:accounts',
      refresh_token: refreshToken,
      id_token: idTokenFor(c, ctx),
    };
    if (c.tokenBody) body = c.tokenBody(body, ctx);
    return send(res, 200, body);
  }

  function authorize(req, res, url, issuer, name, c) {
    const q = url.searchParams;
    const redirectUri = q.get('redirect_uri') ?? '';
    // RFC 8252 §7.3: loopback IP literal, any port, the registered path.
    if (!/^http:\/\/127\.0\.0\.1:\d{1,5}\/callback$/.test(redirectUri)) {
      return send(res, 400, 'redirect_uri is not a loopback callback');
    }
    if (q.get('response_type') !== 'code' || q.get('code_challenge_method') !== 'S256' ||
        !q.get('code_challenge') || !q.get('state') || !q.get('client_id')) {
      return send(res, 400, 'not an authorization code request with PKCE S256 and state');
    }
    const code = `c-${randomBytes(24).toString('base64url')}`;
    codes.set(code, {
      issuer, nonce: q.get('nonce') ?? undefined, clientId: q.get('client_id'), redirectUri,
      challenge: q.get('code_challenge'), scope: q.get('scope') ?? '', sub: 'adv-user-1',
      hinted: q.has('id_token_hint') || q.has('login_hint'), expires: Date.now() + CODE_TTL_MS,
    });
    let pairs = [['code', code], ['state', q.get('state')], ['iss', issuer]];
    if (c.callback) pairs = c.callback(pairs, makeContext(issuer, name));
    const target = new URL(redirectUri);
    target.search = new URLSearchParams(pairs).toString();
    res.writeHead(302, { location: target.href, 'content-type': 'text/plain' });
    return res.end('redirecting to the app');
  }

  async function handle(req, res) {
    const url = new URL(req.url, base);
    if (url.pathname === '/_health') return send(res, 200, { ok: true });
    if (url.pathname === '/_cases') {
      return send(res, 200, Object.fromEntries(Object.entries(cases).map(([k, v]) => [k, v.summary])));
    }
    const m = /^\/([a-z0-9][a-z0-9._-]{0,63})\/([a-z0-9-]{1,64})(\/.*)?$/.exec(url.pathname);
    if (!m || !Object.hasOwn(cases, m[2])) return send(res, 404, 'no such case');
    const [, tag, name, rest = '/'] = m;
    const issuer = `${base}/${tag}/${name}`;
    const s = stateOf(issuer);
    const c = hooksOf(name, s);
    const endpoint = rest.replace(/^\/+/, '') || 'root';
    s.hits[endpoint] = (s.hits[endpoint] ?? 0) + 1;
    log(`${req.method} ${url.pathname}`);

    switch (`${req.method} ${rest}`) {
      case 'GET /.well-known/openid-configuration': {
        if (c.raw?.discovery) return c.raw.discovery(req, res, makeContext(issuer, name));
        const doc = discoveryDocument(issuer);
        return send(res, 200, c.discovery ? c.discovery(doc, makeContext(issuer, name)) : doc);
      }
      case 'GET /jwks':
      case 'GET /jwks-moved': {
        if (rest === '/jwks' && c.raw?.jwks) return c.raw.jwks(req, res, makeContext(issuer, name));
        return send(res, 200, c.jwks ? c.jwks(makeContext(issuer, name)) : { keys: [keys.jwk.k1] });
      }
      case 'GET /authorize':
        return authorize(req, res, url, issuer, name, c);
      case 'POST /token':
        if (c.raw?.token) {
          req.resume();
          return c.raw.token(req, res, makeContext(issuer, name));
        }
        return await token(req, res, issuer, name, c);
      case 'GET /userinfo': {
        const claims = { sub: 'adv-user-1', name: 'Ada Adversary', email: 'ada@adversarial.example' };
        return send(res, 200, c.userinfo ? c.userinfo(claims, makeContext(issuer, name)) : claims);
      }
      case 'POST /revoke':
        req.resume();
        return send(res, 200, '');
      case 'GET /logout':
        return send(res, 200, 'signed out');
      case 'GET /api/accounts':
        return send(res, 200, { accounts: [] });
      case 'GET /api/transfers':
        return send(res, 200, { transfers: [] });
      case 'GET /_evil/jwks':
        return send(res, 200, { keys: [keys.jwk.evil] });
      case 'GET /_evil/cert.pem':
        return send(res, 200, 'not a certificate');
      case 'POST /_admin/heal':
        s.healed = true;
        return send(res, 200, { healed: true, stage: s.stage });
      case 'POST /_admin/rotate':
        s.stage += 1;
        return send(res, 200, { stage: s.stage });
      case 'GET /_admin/stats':
        return send(res, 200, { stage: s.stage, healed: s.healed, hits: s.hits });
      default:
        return send(res, 404, 'not found');
    }
  }

  const sockets = new Set();
  const server = http.createServer((req, res) => {
    handle(req, res).catch((e) => {
      log(`error: ${e?.stack ?? e}`);
      if (!res.headersSent) send(res, 500, { error: 'server_error' });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 2000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // Expired codes do not pile up over a long run.
  const sweeper = setInterval(() => {
    const now = Date.now();
    for (const [code, entry] of codes) if (entry.expires < now) codes.delete(code);
  }, 10_000);
  sweeper.unref();

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      resolve({
        base,
        close: () => new Promise((done) => {
          clearInterval(sweeper);
          for (const socket of sockets) socket.destroy();
          server.close(() => done());
        }),
      });
    });
  });
}
