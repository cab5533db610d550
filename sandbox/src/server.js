// Composition of the sandbox tenant: one Node process, three loopback listeners.
//
//   idp   (default :8700)  the OpenID Provider (oidc-provider), issuer http://127.0.0.1:<port>
//   api   (default :8701)  the Fabrikam API (resource server)
//   admin (default :8702)  scenario switches, key rotation, health — for support staff and tests;
//                          programs on this machine only, never a web page (adminRequestRefusal)
//
// Each listener is bound before its module is built, so that port 0 (tests) gives a real issuer URL.
// Slow and failing responses (scenario switches) are injected here, around both services.
import http from 'node:http';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { createIdp, ROUTES } from './idp/index.js';
import { createApi } from './api/index.js';
import { createLogger } from './log.js';
import { Scenarios, ScenarioError } from './scenarios.js';
import { API_AUDIENCE, DEFAULT_PORTS, HOST, SANDBOX_ROOT } from './defaults.js';

export { API_AUDIENCE, DEFAULT_PORTS, SANDBOX_ROOT };

function listen(port) {
  return new Promise((resolvePromise, reject) => {
    const server = http.createServer();
    server.once('error', (e) => {
      if (e.code === 'EADDRINUSE') reject(new Error(`port ${port} on ${HOST} is already in use`));
      else reject(e);
    });
    server.listen(port, HOST, () => resolvePromise(server));
  });
}

/**
 * Wraps a request handler with the fault scenarios: a fixed delay and a deterministic share of
 * 503 answers (spread evenly: with 0.5 every second request fails), so runs are reproducible.
 * holdKey (optional): the request is handled at once and only its answer is held back, so a client
 * that gives up or dies meanwhile never learns what happened (the ledger has it).
 */
export function withFaults(handler, { scenarios, slowKey, failKey, holdKey, log }) {
  let seen = 0;
  return (req, res) => {
    const s = scenarios.get();
    const rate = s[failKey];
    const n = seen++;
    const fail = rate > 0 && Math.floor((n + 1) * rate) > Math.floor(n * rate);
    const hold = holdKey ? s[holdKey] : 0;
    if (hold > 0) {
      const end = res.end.bind(res);
      res.end = (...args) => {
        setTimeout(() => end(...args), hold);
        return res;
      };
    }
    const go = () => {
      if (!fail) return handler(req, res);
      log.info('fault.injected', { method: req.method, path: req.url.split('?')[0], status: 503 });
      req.resume();
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1', 'cache-control': 'no-store' });
      res.end(JSON.stringify({
        error: 'temporarily_unavailable',
        error_description: `Injected failure (sandbox scenario ${failKey === 'idpFailRate' ? 'idp-fail-rate' : 'api-fail-rate'}).`,
      }));
    };
    if (s[slowKey] > 0) setTimeout(go, s[slowKey]);
    else go();
  };
}

function sendJson(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body, null, 2) + '\n');
}

function readJson(req, limit = 16 * 1024) {
  return new Promise((resolvePromise, reject) => {
    let size = 0;
    const chunks = [];
    req.on('data', (c) => {
      size += c.length;
      if (size > limit) {
        reject(new ScenarioError('request body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8').trim();
      if (!text) return resolvePromise({});
      try {
        const value = JSON.parse(text);
        if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error();
        resolvePromise(value);
      } catch {
        reject(new ScenarioError('the body must be a JSON object'));
      }
    });
    req.on('error', reject);
  });
}

/**
 * The admin interface changes what the tenant does, so only a program on this machine may use it,
 * never a web page the person happens to have open (cross-site request forgery, DNS rebinding):
 *   - Host must be the admin's own origin, 127.0.0.1:<port> (a rebound name arrives with its own
 *     Host) — else 400;
 *   - a request that names another Origin (a page's fetch or form), or that a browser marks as not
 *     same-origin (Sec-Fetch-Site), is refused — 403;
 *   - anything but GET/HEAD must say Content-Type: application/json, body or not (a page cannot send
 *     that cross-origin without a CORS preflight, which this interface never answers) — else 415.
 * Returns null when the request may go on, else [status, error, description].
 */
export function adminRequestRefusal(req, { host, port }) {
  const authority = `${host}:${port}`;
  if (String(req.headers.host ?? '').toLowerCase() !== authority) {
    return [400, 'invalid_request', `The admin interface answers only requests for ${authority} (Host).`];
  }
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${authority}`) {
    return [403, 'access_denied', 'The admin interface refuses requests from web pages (Origin).'];
  }
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return [403, 'access_denied', 'The admin interface refuses requests from web pages (Sec-Fetch-Site).'];
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json') {
      return [415, 'invalid_request', 'Send admin requests as Content-Type: application/json (a JSON object, or no body).'];
    }
  }
  return null;
}

function adminHandler({ scenarios, idp, info, log, port }) {
  return async (req, res) => {
    const path = new URL(req.url, 'http://admin').pathname;
    const refusal = adminRequestRefusal(req, { host: HOST, port });
    if (refusal) {
      const [status, error, description] = refusal;
      log.warn('admin.refused', {
        method: req.method, path, status, host: req.headers.host ?? null, origin: req.headers.origin ?? null,
        contentType: req.headers['content-type'] ?? null,
      });
      req.resume();
      res.setHeader('connection', 'close');
      return sendJson(res, status, { error, error_description: description });
    }
    try {
      if (path === '/health' && req.method === 'GET') return sendJson(res, 200, { status: 'ok', ...info });
      if (path === '/scenarios' && req.method === 'GET') {
        return sendJson(res, 200, { values: scenarios.byName(), switches: Scenarios.describe() });
      }
      if (path === '/scenarios' && (req.method === 'PATCH' || req.method === 'POST' || req.method === 'PUT')) {
        const body = await readJson(req);
        if (req.method === 'PUT') scenarios.reset();
        scenarios.set(body);
        log.info('scenarios.changed', { values: scenarios.byName() });
        return sendJson(res, 200, { values: scenarios.byName() });
      }
      if (path === '/scenarios' && req.method === 'DELETE') {
        scenarios.reset();
        log.info('scenarios.reset', {});
        return sendJson(res, 200, { values: scenarios.byName() });
      }
      if (path === '/keys/rotate' && req.method === 'POST') {
        const result = await idp.rotateSigningKey();
        log.info('keys.rotated', result);
        return sendJson(res, 200, result);
      }
      return sendJson(res, 404, {
        error: 'not_found',
        error_description: 'Admin endpoints: GET /health, GET|PATCH|PUT|DELETE /scenarios, POST /keys/rotate',
      });
    } catch (e) {
      if (e instanceof ScenarioError) return sendJson(res, 400, { error: 'invalid_request', error_description: e.message });
      log.error('admin.failed', { path, error: e });
      return sendJson(res, 500, { error: 'server_error', error_description: e.message });
    }
  };
}

/**
 * Starts the whole tenant in this process.
 * ports: { idp, api, admin } (0 = ephemeral); dataDir: state folder (created from seed when empty);
 * scenarios: initial switch values; logToFiles: write JSON-lines logs to <dataDir>/logs;
 * recordSecrets: tests only, a file that gets the secrets of every token response (idp/index.js).
 * Returns { issuer, apiUrl, adminUrl, ports, scenarios, idp, api, close() }.
 */
export async function startSandbox({ ports = DEFAULT_PORTS, dataDir, scenarios: initial = {}, logToFiles = true, recordSecrets = null } = {}) {
  if (!dataDir) throw new Error('startSandbox: dataDir is required');
  dataDir = resolve(dataDir);
  mkdirSync(dataDir, { recursive: true });
  const logDir = join(dataDir, 'logs');
  const logger = (name) => createLogger({ file: logToFiles ? join(logDir, `${name}.log`) : null, name });
  const scenarios = new Scenarios(initial);
  const servers = [];
  const closeServers = () => Promise.all(servers.map((s) => new Promise((r) => { s.closeAllConnections?.(); s.close(() => r()); })));

  try {
    const idpServer = await listen(ports.idp ?? DEFAULT_PORTS.idp); servers.push(idpServer);
    const apiServer = await listen(ports.api ?? DEFAULT_PORTS.api); servers.push(apiServer);
    const adminServer = await listen(ports.admin ?? DEFAULT_PORTS.admin); servers.push(adminServer);
    const actual = { idp: idpServer.address().port, api: apiServer.address().port, admin: adminServer.address().port };
    const issuer = `http://${HOST}:${actual.idp}`;
    const apiUrl = `http://${HOST}:${actual.api}`;
    const adminUrl = `http://${HOST}:${actual.admin}`;
    const seedDir = join(SANDBOX_ROOT, 'seed');

    const idpLog = logger('idp');
    const apiLog = logger('api');
    const adminLog = logger('admin');
    const idp = await createIdp({
      issuer, dataDir: join(dataDir, 'idp'), seedDir, scenarios, log: idpLog,
      recordSecretsTo: recordSecrets ? resolve(recordSecrets) : null,
    });
    const api = await createApi({
      issuer, jwksUri: `${issuer}${ROUTES.jwks}`, audience: API_AUDIENCE, dataDir: join(dataDir, 'api'),
      seedFile: join(seedDir, 'accounts.json'), scenarios, log: apiLog,
    });

    idpServer.on('request', withFaults(idp.callback, { scenarios, slowKey: 'idpSlowMs', failKey: 'idpFailRate', log: idpLog }));
    apiServer.on('request', withFaults(api.callback, {
      scenarios, slowKey: 'apiSlowMs', failKey: 'apiFailRate', holdKey: 'apiHoldResponseMs', log: apiLog,
    }));
    const info = { issuer, api: apiUrl, admin: adminUrl, audience: API_AUDIENCE, pid: process.pid, dataDir, recordingSecrets: Boolean(recordSecrets) };
    adminServer.on('request', adminHandler({ scenarios, idp, info, log: adminLog, port: actual.admin }));
    adminLog.info('sandbox.started', { ...info, scenarios: scenarios.byName() });

    return {
      issuer, apiUrl, adminUrl, ports: actual, scenarios, idp, api, dataDir,
      async close() {
        await closeServers();
        await api.close();
        await idp.close();
        adminLog.info('sandbox.stopped', {});
      },
    };
  } catch (e) {
    await closeServers();
    throw e;
  }
}
