// The sandbox's OpenID Provider: the certified `oidc-provider` package configured like Fabrikam's
// Auth0 tenant, with Fabrikam's step-up policy (see policy.js) and its own pages (pages.js).
//
//   const idp = await createIdp({ issuer, dataDir, seedDir, scenarios, log });
//   server.on('request', idp.callback);          // stable across key rotation
//   await idp.rotateSigningKey();                // -> { kid, previousKid }
//   idp.publicJwks();  idp.close();
//
// Endpoints use Auth0's paths (/authorize, /oauth/token, /oauth/revoke, /userinfo, /oidc/logout,
// /.well-known/jwks.json); clients should read them from discovery anyway.
import { timingSafeEqual, createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Provider, { errors } from 'oidc-provider';

import { generateSigningKey, KEEP_KEYS, loadKeys, publicJwk, saveKeys } from './keys.js';
import { interactionRouter } from './interactions.js';
import * as pages from './pages.js';
import { createPolicy, loadImplicitGrant, MFA_ACR, PWD_ACR, STEP_UP_SCOPE } from './policy.js';
import { openDatabase, sqliteAdapter, userStateStore } from './store.js';

export { MFA_ACR, PWD_ACR, STEP_UP_SCOPE };

export const API_AUDIENCE = 'https://api.fabrikam.example';
export const API_SCOPES = ['read:accounts', 'transfer:funds'];
export const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'];
export const ROUTES = {
  authorization: '/authorize',
  token: '/oauth/token',
  revocation: '/oauth/revoke',
  userinfo: '/userinfo',
  end_session: '/oidc/logout',
  jwks: '/.well-known/jwks.json',
};
const BASE_TTL = 3600;
const STEP_UP_TTL = 300;
const DAY = 24 * 3600;

const LOOPBACK_URIS = ['http://127.0.0.1/callback', 'http://[::1]/callback'];
export const CLIENTS = [
  {
    // RFC 8252 §7.3: a native client's loopback redirect may use any port.
    client_id: 'fabrikam-desktop',
    client_name: 'Fabrikam Desktop',
    application_type: 'native',
    token_endpoint_auth_method: 'none',
    redirect_uris: LOOPBACK_URIS,
    post_logout_redirect_uris: LOOPBACK_URIS,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
  },
  {
    // Like an Auth0 application with a fixed callback URL: the port must match exactly. oidc-provider
    // only ignores the port for native clients, so this one is a (public) web client.
    client_id: 'fabrikam-desktop-fixed',
    client_name: 'Fabrikam Desktop (fixed port)',
    application_type: 'web',
    token_endpoint_auth_method: 'none',
    redirect_uris: ['http://127.0.0.1:53682/callback'],
    post_logout_redirect_uris: ['http://127.0.0.1:53682/callback'],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
  },
];
const FIRST_PARTY = new Set(CLIENTS.map((c) => c.client_id));
const isFirstParty = (client) => Boolean(client && FIRST_PARTY.has(client.clientId));

const silentLog = { debug() {}, info() {}, warn() {}, error() {} };

function loadUsers(seedDir) {
  const raw = JSON.parse(readFileSync(join(seedDir, 'users.json'), 'utf8'));
  const byUsername = new Map();
  const bySub = new Map();
  for (const [username, u] of Object.entries(raw)) {
    const user = Object.freeze({ ...u, username, sub: u.sub ?? username });
    byUsername.set(username, user);
    bySub.set(user.sub, user);
  }
  return { byUsername, bySub };
}

function digest(s) {
  return createHash('sha256').update(String(s)).digest();
}

function createAccounts({ users, userState }) {
  const secret = (user) => userState.get(user.username).totp_secret ?? user.totpSecret ?? null;
  return {
    // Maps, not plain objects: "__proto__" or "constructor" as a username is just an unknown user.
    byUsername: (name) => (typeof name === 'string' && users.byUsername.has(name) ? users.byUsername.get(name) : undefined),
    bySub: (sub) => (typeof sub === 'string' && users.bySub.has(sub) ? users.bySub.get(sub) : undefined),
    passwordMatches: (user, password) => timingSafeEqual(digest(user.password), digest(password)),
    secret,
    /** When the user's factor was enrolled here (ms), or null: a seed factor, enrolled long ago. */
    enrolledAt: (user) => userState.get(user.username).enrolled_at ?? null,
    /** 'totp' (has a secret), 'enroll' (may enrol one now) or 'unavailable'. */
    factor: (user) => {
      if (user.mfa === 'unavailable') return 'unavailable';
      if (secret(user)) return 'totp';
      return user.mfa === 'enroll' ? 'enroll' : 'unavailable';
    },
  };
}

// Adds prompt=consent to first-party requests for offline_access (OIDC Core §11 drops the scope
// otherwise; Auth0 does not require it). The consent checks are switched off for these clients, so
// no screen appears. Never with prompt=none.
function offlineAccessPrompt(ctx, next) {
  if (ctx.method === 'GET' && ctx.path === ROUTES.authorization) {
    const q = ctx.query;
    if (typeof q.scope === 'string' && q.scope.split(' ').includes('offline_access')
      && typeof q.client_id === 'string' && FIRST_PARTY.has(q.client_id)
      && (q.prompt === undefined || typeof q.prompt === 'string')) {
      const prompts = (q.prompt ?? '').split(' ').filter(Boolean);
      if (!prompts.includes('none') && !prompts.includes('consent')) {
        ctx.query = { ...q, prompt: [...prompts, 'consent'].join(' ') };
      }
    }
  }
  return next();
}

// Discovery lists the API's scopes too (they are resource scopes, not OIDC scopes, in the config).
async function discoveryScopes(ctx, next) {
  await next();
  if (ctx.path === '/.well-known/openid-configuration' && ctx.body && typeof ctx.body === 'object' && Array.isArray(ctx.body.scopes_supported)) {
    ctx.body.scopes_supported = [...new Set([...ctx.body.scopes_supported, ...API_SCOPES])];
  }
}

function htmlHeaders(ctx) {
  ctx.set('Content-Security-Policy', pages.CSP);
  ctx.set('Cache-Control', 'no-store');
  ctx.type = 'html';
}

// Tests only (`fabrikam-sandbox start --record-secrets FILE`): appends one JSON line per token
// response with the secrets that crossed the token endpoint in clear (the code and verifier
// received, the access, ID and refresh tokens issued), so that a test can look for exactly these
// values in everything the app wrote. Never for a tenant that people use; the logs stay redacted.
function recordSecrets(provider, file) {
  provider.on('grant.success', (ctx) => {
    const params = ctx.oidc.params ?? {};
    const body = ctx.body ?? {};
    appendFileSync(file, JSON.stringify({
      t: new Date().toISOString(),
      grant_type: params.grant_type,
      sub: ctx.oidc.entities.AccessToken?.accountId ?? null,
      scope: body.scope ?? null,
      code: params.code,
      code_verifier: params.code_verifier,
      presented_refresh_token: params.refresh_token,
      access_token: body.access_token,
      id_token: body.id_token,
      refresh_token: body.refresh_token,
    }) + '\n', { mode: 0o600 });
  });
}

export async function createIdp({ issuer, dataDir, seedDir, scenarios, log = silentLog, now = () => Date.now(), lockoutMs = 60_000, recordSecretsTo = null }) {
  if (typeof issuer !== 'string' || issuer.endsWith('/')) throw new TypeError('issuer must be a string without a trailing slash');
  if (!scenarios || typeof scenarios.get !== 'function') throw new TypeError('scenarios is required');
  mkdirSync(dataDir, { recursive: true });

  const users = loadUsers(seedDir);
  const db = openDatabase(join(dataDir, 'idp.sqlite'));
  const Adapter = sqliteAdapter(db);
  const userState = userStateStore(db);
  const accounts = createAccounts({ users, userState });
  const loaded = await loadKeys(dataDir);
  let keys = loaded.keys;
  if (loaded.created) log.info('idp.keys.created', { kid: keys.signing[0].kid });

  const interactions = interactionRouter({ accounts, userState, scenarios, log, now, lockoutMs });

  function configuration(currentKeys) {
    const signingKid = currentKeys.signing[0].kid;
    return {
      adapter: Adapter,
      clients: CLIENTS,
      jwks: { keys: currentKeys.signing },
      cookies: { keys: currentKeys.cookieKeys },
      routes: ROUTES,
      responseTypes: ['code'],
      scopes: OIDC_SCOPES,
      claims: {
        openid: ['sub', 'acr', 'amr', 'auth_time'],
        profile: ['name', 'preferred_username'],
        email: ['email', 'email_verified'],
      },
      acrValues: [PWD_ACR, MFA_ACR],
      extraParams: ['audience'],
      pkce: { required: () => true },
      clientBasedCORS: () => false,
      features: {
        devInteractions: { enabled: false },
        claimsParameter: { enabled: true },
        revocation: { enabled: true },
        userinfo: { enabled: true },
        rpInitiatedLogout: {
          enabled: true,
          async logoutSource(ctx, form) {
            const action = /action="([^"]+)"/.exec(form)?.[1];
            const xsrf = /name="xsrf" value="([^"]+)"/.exec(form)?.[1];
            htmlHeaders(ctx);
            ctx.body = pages.logoutPage({ action, xsrf, clientName: ctx.oidc.client?.clientName });
          },
          async postLogoutSuccessSource(ctx) {
            htmlHeaders(ctx);
            ctx.body = pages.messagePage({ title: 'Signed out', message: 'You are signed out of Fabrikam. You can close this window.', page: 'signed-out' });
          },
        },
        resourceIndicators: {
          enabled: true,
          // Auth0's `audience` works like RFC 8707 `resource`.
          defaultResource: (ctx, client, oneOf) => oneOf ?? ctx.oidc.params?.audience ?? undefined,
          useGrantedResource: () => true,
          getResourceServerInfo(ctx, resourceIndicator) {
            if (resourceIndicator !== API_AUDIENCE) throw new errors.InvalidTarget();
            return {
              scope: API_SCOPES.join(' '),
              audience: API_AUDIENCE,
              accessTokenFormat: 'jwt', // RFC 9068, typ at+jwt
              jwt: { sign: { alg: 'RS256', kid: signingKid } },
            };
          },
        },
      },
      // acr / amr / auth_time in the access token, so that the API can demand fresh MFA (RFC 9470).
      extraTokenClaims(ctx, token) {
        const source = ctx?.oidc?.entities?.AuthorizationCode ?? ctx?.oidc?.entities?.RefreshToken;
        if (!source || token.kind !== 'AccessToken') return undefined;
        return { acr: source.acr, amr: source.amr, auth_time: source.authTime };
      },
      // Refresh tokens only with offline_access, never for an elevated (transfer:funds) grant.
      issueRefreshToken(ctx, client, code) {
        return client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access') && !code.scopes.has(STEP_UP_SCOPE);
      },
      loadExistingGrant: (ctx) => loadImplicitGrant(ctx, { isFirstParty }),
      interactions: {
        policy: createPolicy({ isFirstParty, accounts }),
        url: (ctx, interaction) => `/interaction/${interaction.uid}`,
      },
      async findAccount(ctx, sub) {
        const user = accounts.bySub(sub);
        if (!user) return undefined;
        return {
          accountId: user.sub,
          async claims() {
            return { sub: user.sub, name: user.name, preferred_username: user.username, email: user.email, email_verified: true };
          },
        };
      },
      ttl: {
        AccessToken(ctx, token) {
          const forced = scenarios.get().accessTokenTtl;
          if (typeof forced === 'number') return forced;
          return token.scopes.has(STEP_UP_SCOPE) ? STEP_UP_TTL : BASE_TTL;
        },
        AuthorizationCode: 60,
        IdToken: 3600,
        Interaction: 30 * 60,
        Session: 14 * DAY,
        Grant: 14 * DAY,
        RefreshToken(ctx, token, client) {
          const rotated = ctx?.oidc?.entities?.RotatedRefreshToken;
          // a web public client keeps the lifetime of the first token (no sliding renewal)
          if (rotated && client.applicationType === 'web' && client.clientAuthMethod === 'none') return rotated.remainingTTL;
          return 14 * DAY;
        },
      },
      async renderError(ctx, out) {
        htmlHeaders(ctx);
        ctx.body = pages.errorPage({ error: out.error, description: out.error_description });
      },
    };
  }

  function attachEvents(provider) {
    const clientOf = (ctx) => ctx?.oidc?.client?.clientId;
    provider.on('server_error', (ctx, err) => log.error('idp.server_error', { path: ctx?.path, error: err }));
    provider.on('authorization.error', (ctx, err) => log.warn('idp.authorization.error', { client: clientOf(ctx), error: err.error, description: err.error_description, detail: err.error_detail }));
    provider.on('grant.error', (ctx, err) => log.warn('idp.token.error', { client: clientOf(ctx), grantType: ctx?.oidc?.params?.grant_type, error: err.error, description: err.error_description, detail: err.error_detail }));
    provider.on('interaction.started', (ctx, prompt) => log.info('idp.interaction.started', { client: clientOf(ctx), prompt: prompt.name, reasons: prompt.reasons, stepUp: prompt.details?.reasons }));
    provider.on('authorization.success', (ctx) => log.info('idp.authorization.success', { client: clientOf(ctx), user: ctx.oidc.session?.accountId, acr: ctx.oidc.session?.acr, amr: ctx.oidc.session?.amr }));
    provider.on('grant.success', (ctx) => {
      const at = ctx.oidc.entities.AccessToken;
      log.info('idp.token.issued', {
        client: clientOf(ctx),
        grantType: ctx.oidc.params?.grant_type,
        user: at?.accountId,
        scope: at?.scope,
        audience: at?.aud,
        expiresIn: at?.expiration,
        acr: at?.extra?.acr,
        amr: at?.extra?.amr,
        refreshIssued: Boolean(ctx.body?.refresh_token),
      });
    });
    provider.on('grant.revoked', (ctx) => log.info('idp.grant.revoked', { client: clientOf(ctx) }));
    provider.on('end_session.success', (ctx) => log.info('idp.logout', { client: clientOf(ctx) }));
  }

  function build(currentKeys) {
    const provider = new Provider(issuer, configuration(currentKeys));
    provider.use(offlineAccessPrompt);
    provider.use(discoveryScopes);
    provider.use(interactions);
    attachEvents(provider);
    if (recordSecretsTo) recordSecrets(provider, recordSecretsTo);
    return provider;
  }

  let provider = build(keys);
  let handler = provider.callback();
  let closed = false;

  function callback(req, res) {
    if (closed) {
      res.statusCode = 503;
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ error: 'temporarily_unavailable', error_description: 'The provider is shut down.' }));
      return;
    }
    handler(req, res);
  }

  async function rotateSigningKey() {
    const previousKid = keys.signing[0].kid;
    const key = await generateSigningKey();
    const next = { ...keys, signing: [key, ...keys.signing].slice(0, KEEP_KEYS) };
    saveKeys(dataDir, next);
    const nextProvider = build(next);
    keys = next;
    provider = nextProvider;
    handler = nextProvider.callback();
    log.info('idp.keys.rotated', { kid: key.kid, previousKid });
    return { kid: key.kid, previousKid };
  }

  return {
    callback,
    rotateSigningKey,
    publicJwks: () => ({ keys: keys.signing.map(publicJwk) }),
    close: async () => {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
