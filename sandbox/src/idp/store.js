// Persistent state of the provider in one SQLite file (WAL):
//  - `oidc`: oidc-provider's models (sessions, interactions, grants, codes, refresh tokens, …). The
//    default in-memory adapter is one 1000-entry LRU shared by all models and drops idle sessions.
//  - `user_state`: what changes about a demo user at run time (enrolled TOTP secret and when it was
//    enrolled, failure counter, lockout, last accepted TOTP step). Users themselves come from
//    seed/users.json; a seed secret counts as enrolled long ago.
//  - `pending_enrollment`: the secret shown on an enrolment page, bound to the interaction.
import Database from 'better-sqlite3';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS oidc (
  model      TEXT NOT NULL,
  id         TEXT NOT NULL,
  payload    TEXT NOT NULL,
  grant_id   TEXT,
  uid        TEXT,
  user_code  TEXT,
  expires_at INTEGER,
  PRIMARY KEY (model, id)
);
CREATE INDEX IF NOT EXISTS oidc_grant ON oidc (grant_id);
CREATE INDEX IF NOT EXISTS oidc_uid ON oidc (uid);
CREATE INDEX IF NOT EXISTS oidc_user_code ON oidc (user_code);
CREATE TABLE IF NOT EXISTS user_state (
  username     TEXT PRIMARY KEY,
  totp_secret  TEXT,
  failures     INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER NOT NULL DEFAULT 0,
  last_step    INTEGER NOT NULL DEFAULT -1,
  enrolled_at  INTEGER
);
CREATE TABLE IF NOT EXISTS pending_enrollment (
  uid        TEXT PRIMARY KEY,
  username   TEXT NOT NULL,
  secret     TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
`;

export function openDatabase(file) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  // A data folder from before enrolled_at: its enrolled factors count as old (no waiting time).
  if (!db.prepare('PRAGMA table_info(user_state)').all().some((c) => c.name === 'enrolled_at')) {
    db.exec('ALTER TABLE user_state ADD COLUMN enrolled_at INTEGER');
  }
  return db;
}

/** An oidc-provider adapter class bound to `db` (the provider constructs one per model name). */
export function sqliteAdapter(db) {
  const s = {
    upsert: db.prepare(`INSERT INTO oidc (model, id, payload, grant_id, uid, user_code, expires_at)
      VALUES (@model, @id, @payload, @grantId, @uid, @userCode, @expiresAt)
      ON CONFLICT (model, id) DO UPDATE SET payload = excluded.payload, grant_id = excluded.grant_id,
        uid = excluded.uid, user_code = excluded.user_code, expires_at = excluded.expires_at`),
    find: db.prepare('SELECT payload, expires_at FROM oidc WHERE model = ? AND id = ?'),
    findByUid: db.prepare('SELECT payload, expires_at FROM oidc WHERE model = ? AND uid = ?'),
    findByUserCode: db.prepare('SELECT payload, expires_at FROM oidc WHERE model = ? AND user_code = ?'),
    setPayload: db.prepare('UPDATE oidc SET payload = ? WHERE model = ? AND id = ?'),
    destroy: db.prepare('DELETE FROM oidc WHERE model = ? AND id = ?'),
    revokeByGrantId: db.prepare('DELETE FROM oidc WHERE model = ? AND grant_id = ?'),
    sweep: db.prepare('DELETE FROM oidc WHERE expires_at IS NOT NULL AND expires_at < ?'),
  };
  let lastSweep = 0;
  const live = (row) => {
    if (!row) return undefined;
    if (row.expires_at !== null && row.expires_at < Date.now()) return undefined;
    return JSON.parse(row.payload);
  };

  return class SqliteAdapter {
    constructor(model) {
      this.model = model;
    }

    async upsert(id, payload, expiresIn) {
      const now = Date.now();
      if (now - lastSweep > 60_000) {
        lastSweep = now;
        s.sweep.run(now);
      }
      s.upsert.run({
        model: this.model,
        id,
        payload: JSON.stringify(payload),
        grantId: payload.grantId ?? null,
        uid: payload.uid ?? null,
        userCode: payload.userCode ?? null,
        expiresAt: typeof expiresIn === 'number' ? now + expiresIn * 1000 : null,
      });
    }

    async find(id) {
      return live(s.find.get(this.model, id));
    }

    async findByUid(uid) {
      return live(s.findByUid.get(this.model, uid));
    }

    async findByUserCode(userCode) {
      return live(s.findByUserCode.get(this.model, userCode));
    }

    async consume(id) {
      const payload = live(s.find.get(this.model, id));
      if (!payload) return;
      payload.consumed = Math.floor(Date.now() / 1000);
      s.setPayload.run(JSON.stringify(payload), this.model, id);
    }

    async destroy(id) {
      s.destroy.run(this.model, id);
    }

    async revokeByGrantId(grantId) {
      s.revokeByGrantId.run(this.model, grantId);
    }
  };
}

/** Run-time state of users (the seed users are read-only; this is what changes). */
export function userStateStore(db) {
  const s = {
    get: db.prepare('SELECT * FROM user_state WHERE username = ?'),
    ensure: db.prepare('INSERT OR IGNORE INTO user_state (username) VALUES (?)'),
    setSecret: db.prepare('UPDATE user_state SET totp_secret = ?, enrolled_at = ? WHERE username = ?'),
    fail: db.prepare('UPDATE user_state SET failures = failures + 1 WHERE username = ?'),
    lock: db.prepare('UPDATE user_state SET failures = 0, locked_until = ? WHERE username = ?'),
    reset: db.prepare('UPDATE user_state SET failures = 0, locked_until = 0 WHERE username = ?'),
    setStep: db.prepare('UPDATE user_state SET last_step = ? WHERE username = ?'),
    pendingGet: db.prepare('SELECT * FROM pending_enrollment WHERE uid = ?'),
    pendingPut: db.prepare('INSERT OR REPLACE INTO pending_enrollment (uid, username, secret, created_at) VALUES (?, ?, ?, ?)'),
    pendingDelete: db.prepare('DELETE FROM pending_enrollment WHERE uid = ?'),
    pendingSweep: db.prepare('DELETE FROM pending_enrollment WHERE created_at < ?'),
  };
  const get = (username) => {
    s.ensure.run(username);
    return s.get.get(username);
  };
  return {
    get,
    /** Enrolls `secret` as the user's factor at `enrolledAt` (ms since the epoch). */
    setSecret: (username, secret, enrolledAt) => { get(username); s.setSecret.run(secret, enrolledAt ?? null, username); },
    /** Counts a failure; locks (and restarts the count) at `max`. Returns the new state. */
    recordFailure: (username, { max, lockUntil }) => {
      const state = get(username);
      if (state.failures + 1 >= max) s.lock.run(lockUntil, username);
      else s.fail.run(username);
      return get(username);
    },
    recordSuccess: (username) => { get(username); s.reset.run(username); },
    setLastStep: (username, step) => { get(username); s.setStep.run(step, username); },
    pendingEnrollment: (uid) => s.pendingGet.get(uid),
    putPendingEnrollment: (uid, username, secret) => {
      s.pendingSweep.run(Date.now() - 24 * 3600 * 1000);
      s.pendingPut.run(uid, username, secret, Date.now());
    },
    deletePendingEnrollment: (uid) => s.pendingDelete.run(uid),
  };
}
