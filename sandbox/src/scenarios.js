// Scenario switches that support staff and tests use to reproduce what customers meet.
// One instance is shared by the provider and the API of a running sandbox; the admin interface
// and the `--scenario` start flag change it. Names are kebab-case outside, camelCase inside.
import { EventEmitter } from 'node:events';

const SWITCHES = {
  'mfa-reject-all': {
    key: 'mfaRejectAll', initial: false, parse: parseBool,
    help: 'the MFA page rejects every code',
  },
  'mfa-new-factor-wait': {
    key: 'mfaNewFactorWait', initial: 86400, parse: (v) => parseIntRange(v, 0, 30 * 86400),
    help: 'a second factor set up less than N seconds ago does not confirm a transfer (default 86400 = 24 h; 0: at once, for tests)',
  },
  'access-token-ttl': {
    key: 'accessTokenTtl', initial: null, parse: (v) => parseIntOrNull(v, 1, 86400),
    help: 'lifetime of every access token in seconds (e.g. 30); "off" restores the defaults',
  },
  'api-max-age': {
    key: 'apiMaxAge', initial: null, parse: (v) => parseIntOrNull(v, 0, 86400),
    help: 'the API demands MFA no older than this many seconds (0 = always fresher); "off" restores 600/300',
  },
  'api-reads-max-age': {
    key: 'apiReadsMaxAge', initial: null, parse: (v) => parseIntOrNull(v, 0, 86400),
    help: 'reads (GET /accounts, GET /transfers) also demand MFA no older than N seconds; "off": read:accounts is enough',
  },
  'api-history-max-age': {
    key: 'apiHistoryMaxAge', initial: null, parse: (v) => parseIntOrNull(v, 0, 86400),
    help: 'GET /transfers alone demands MFA no older than N seconds (a bank that guards the history more than the balances); "off": as api-reads-max-age says',
  },
  'api-exact-retry': {
    key: 'apiExactRetry', initial: true, parse: parseBool,
    help: 'a spent transfer token replays its recorded answer to the exact same request; "off": always 401 token already used',
  },
  'idp-slow-ms': {
    key: 'idpSlowMs', initial: 0, parse: (v) => parseIntRange(v, 0, 120000),
    help: 'delay every provider response by N ms',
  },
  'api-slow-ms': {
    key: 'apiSlowMs', initial: 0, parse: (v) => parseIntRange(v, 0, 120000),
    help: 'delay every API response by N ms',
  },
  'api-hold-response-ms': {
    key: 'apiHoldResponseMs', initial: 0, parse: (v) => parseIntRange(v, 0, 120000),
    help: 'the API does the work at once, then holds its answer N ms (a lost answer)',
  },
  'idp-fail-rate': {
    key: 'idpFailRate', initial: 0, parse: parseRate,
    help: 'share of provider requests (0..1) that fail with 503',
  },
  'api-fail-rate': {
    key: 'apiFailRate', initial: 0, parse: parseRate,
    help: 'share of API requests (0..1) that fail with 503',
  },
};

export class ScenarioError extends Error {}

function parseBool(v) {
  if (v === true || v === false) return v;
  const s = String(v).toLowerCase();
  if (['1', 'true', 'on', 'yes'].includes(s)) return true;
  if (['0', 'false', 'off', 'no'].includes(s)) return false;
  throw new ScenarioError(`expected on or off, got "${v}"`);
}

function parseIntRange(v, min, max) {
  const n = typeof v === 'number' ? v : Number(String(v).trim());
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ScenarioError(`expected a whole number from ${min} to ${max}, got "${v}"`);
  }
  return n;
}

function parseIntOrNull(v, min, max) {
  if (v === null || ['off', 'none', 'default', ''].includes(String(v).toLowerCase())) return null;
  return parseIntRange(v, min, max);
}

function parseRate(v) {
  const n = typeof v === 'number' ? v : Number(String(v).trim());
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new ScenarioError(`expected a share from 0 to 1, got "${v}"`);
  return n;
}

export class Scenarios extends EventEmitter {
  #values;

  constructor(initial = {}) {
    super();
    this.#values = Scenarios.defaults();
    this.set(initial);
  }

  static defaults() {
    return Object.fromEntries(Object.values(SWITCHES).map((s) => [s.key, s.initial]));
  }

  static describe() {
    return Object.entries(SWITCHES).map(([name, s]) => ({ name, key: s.key, initial: s.initial, help: s.help }));
  }

  /** The current values, camelCase keys. */
  get() {
    return { ...this.#values };
  }

  /** Values by kebab-case name, for people. */
  byName() {
    return Object.fromEntries(Object.entries(SWITCHES).map(([name, s]) => [name, this.#values[s.key]]));
  }

  /**
   * Changes some switches; accepts kebab-case names or camelCase keys. All-or-nothing: an unknown
   * name or a bad value throws ScenarioError and changes nothing.
   */
  set(partial) {
    const next = { ...this.#values };
    for (const [name, raw] of Object.entries(partial ?? {})) {
      const sw = SWITCHES[name] ?? Object.values(SWITCHES).find((s) => s.key === name);
      if (!sw) throw new ScenarioError(`unknown scenario "${name}" (known: ${Object.keys(SWITCHES).join(', ')})`);
      try {
        next[sw.key] = sw.parse(raw);
      } catch (e) {
        throw new ScenarioError(`${name}: ${e.message}`);
      }
    }
    this.#values = next;
    this.emit('change', this.get());
    return this.get();
  }

  reset() {
    this.#values = Scenarios.defaults();
    this.emit('change', this.get());
    return this.get();
  }
}

/** Parses "name=value" strings (the --scenario flag) into an object for Scenarios.set. */
export function parseAssignments(list) {
  const out = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    if (eq < 0) out[item] = 'on';
    else out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}
