// The Fabrikam ledger: one SQLite file (better-sqlite3, WAL, synchronous=FULL) holding accounts,
// statement lines, transfers, consumed access-token ids and idempotency records. Amounts are integer
// minor units. Deleting the file puts the sandbox back to the seed.
//
// Invariant: a transfer debits one account and credits another by the same amount in one
// transaction, so the sum of balances per currency never changes (the seed's sums).
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { formatMinor, maskAccountNumber, parseSeedMoney } from './money.js';
import { problem } from './problems.js';
import { validateTransferShape } from './transfers.js';

export const LEDGER_FILE = 'ledger.sqlite';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS accounts (
  id            TEXT PRIMARY KEY,
  owner         TEXT NOT NULL,
  name          TEXT NOT NULL,
  number        TEXT NOT NULL,
  currency      TEXT NOT NULL CHECK (length(currency) = 3),
  balance_minor INTEGER NOT NULL CHECK (balance_minor >= 0),
  position      INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS accounts_by_owner ON accounts (owner, position);
CREATE TABLE IF NOT EXISTS transfers (
  id           TEXT PRIMARY KEY,
  sub          TEXT NOT NULL,
  from_account TEXT NOT NULL REFERENCES accounts (id),
  to_account   TEXT NOT NULL REFERENCES accounts (id),
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  currency     TEXT NOT NULL,
  memo         TEXT NOT NULL,
  status       TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  CHECK (from_account <> to_account)
);
CREATE INDEX IF NOT EXISTS transfers_by_from ON transfers (from_account);
CREATE INDEX IF NOT EXISTS transfers_by_to ON transfers (to_account);
CREATE TABLE IF NOT EXISTS statement_lines (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id    TEXT NOT NULL REFERENCES accounts (id),
  posted_at     TEXT NOT NULL,
  description   TEXT NOT NULL,
  amount_minor  INTEGER NOT NULL,
  balance_minor INTEGER NOT NULL,
  transfer_id   TEXT REFERENCES transfers (id)
);
CREATE INDEX IF NOT EXISTS statement_lines_by_account ON statement_lines (account_id, id);
-- Single-use elevated tokens: a jti is consumed in the same transaction as the transfer, with the
-- request it was spent on (key, request_hash) and the answer it got (status, body), so that an exact
-- retry of that request is answered again. Rows from ledgers older than these columns hold NULLs
-- there and answer no retry.
CREATE TABLE IF NOT EXISTS consumed_tokens (
  iss          TEXT NOT NULL,
  jti          TEXT NOT NULL,
  sub          TEXT NOT NULL,
  exp          INTEGER NOT NULL,
  used_at      TEXT NOT NULL,
  outcome      TEXT NOT NULL,
  key          TEXT,
  request_hash TEXT,
  status       INTEGER,
  body         TEXT,
  PRIMARY KEY (iss, jti)
);
-- Successful transfers by (user, Idempotency-Key); failures are not stored.
CREATE TABLE IF NOT EXISTS idempotency (
  sub          TEXT NOT NULL,
  key          TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status       INTEGER NOT NULL,
  body         TEXT NOT NULL,
  transfer_id  TEXT NOT NULL REFERENCES transfers (id),
  created_at   TEXT NOT NULL,
  PRIMARY KEY (sub, key)
);
`;

// Columns added to tables after the first release, for migrating a ledger file in place.
const ADDED_COLUMNS = {
  consumed_tokens: { key: 'TEXT', request_hash: 'TEXT', status: 'INTEGER', body: 'TEXT' },
};

const DAY = 86_400_000;

export function openLedger({ dataDir, seedFile, now = () => Date.now() }) {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, LEDGER_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  addMissingColumns(db);

  const getMeta = db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
  if (getMeta.get('seeded') !== '1') seed(db, seedFile, now);

  const limits = {
    perTransferMinor: Number(getMeta.get('limit.perTransfer')),
    memoMaxLength: Number(getMeta.get('limit.memoMaxLength')),
  };

  const q = {
    accountsByOwner: db.prepare('SELECT * FROM accounts WHERE owner = ? ORDER BY position'),
    account: db.prepare('SELECT * FROM accounts WHERE id = ?'),
    lines: db.prepare('SELECT * FROM statement_lines WHERE account_id = ? ORDER BY id DESC'),
    transfersOf: db.prepare(`
      SELECT t.*, t.rowid AS seq FROM transfers t
      WHERE t.from_account IN (SELECT id FROM accounts WHERE owner = @sub)
         OR t.to_account IN (SELECT id FROM accounts WHERE owner = @sub)
      ORDER BY t.rowid DESC`),
    consumed: db.prepare('SELECT * FROM consumed_tokens WHERE iss = ? AND jti = ?'),
    consume: db.prepare(`INSERT INTO consumed_tokens (iss, jti, sub, exp, used_at, outcome, key, request_hash)
                         VALUES (@iss, @jti, @sub, @exp, @usedAt, 'pending', @key, @requestHash)`),
    recordAnswer: db.prepare(`UPDATE consumed_tokens SET outcome = @outcome, status = @status, body = @body
                              WHERE iss = @iss AND jti = @jti`),
    idem: db.prepare('SELECT * FROM idempotency WHERE sub = ? AND key = ?'),
    putIdem: db.prepare(`INSERT INTO idempotency (sub, key, request_hash, status, body, transfer_id, created_at)
                         VALUES (@sub, @key, @hash, @status, @body, @transferId, @createdAt)`),
    debit: db.prepare(`UPDATE accounts SET balance_minor = balance_minor - @amount
                       WHERE id = @id AND balance_minor >= @amount RETURNING balance_minor`).pluck(),
    credit: db.prepare('UPDATE accounts SET balance_minor = balance_minor + @amount WHERE id = @id RETURNING balance_minor').pluck(),
    insertTransfer: db.prepare(`INSERT INTO transfers (id, sub, from_account, to_account, amount_minor, currency, memo, status, created_at)
                                VALUES (@id, @sub, @from, @to, @amount, @currency, @memo, 'completed', @createdAt)`),
    insertLine: db.prepare(`INSERT INTO statement_lines (account_id, posted_at, description, amount_minor, balance_minor, transfer_id)
                            VALUES (@accountId, @postedAt, @description, @amount, @balance, @transferId)`),
  };

  const accountView = (a) => ({
    id: a.id,
    name: a.name,
    number: maskAccountNumber(a.number),
    balance: formatMinor(a.balance_minor),
    currency: a.currency,
  });

  const transferView = (t, sub) => ({
    id: t.id,
    from: t.from_account,
    to: t.to_account,
    amount: formatMinor(t.amount_minor),
    currency: t.currency,
    memo: t.memo,
    status: t.status,
    createdAt: t.created_at,
    ...(sub === undefined ? {} : { direction: directionFor(t, sub) }),
  });

  function directionFor(t, sub) {
    const fromMine = q.account.get(t.from_account)?.owner === sub;
    const toMine = q.account.get(t.to_account)?.owner === sub;
    if (fromMine && toMine) return 'internal';
    return fromMine ? 'outgoing' : 'incoming';
  }

  // The whole POST /transfers decision after the token, scope and request checks (steps d-i of the
  // order in index.js). Runs as one IMMEDIATE transaction, so the jti with its recorded answer, the
  // idempotency record, the transfer, both balance changes and both statement lines are committed
  // together or not at all. Expected refusals (validation, replay, conflict) RETURN a result so that
  // the jti consumption still commits; anything unexpected THROWS and rolls everything back, the
  // token stays unused and the client may retry with it.
  const transferTx = db.transaction((ctx) => {
    // d. Single use (RFC 9068 jti + Auth0's "API discards it after verification"). A spent token
    //    is good for one thing only: the exact retry of the request it was spent on (its answer was
    //    lost on the way), which gets that answer again. Compared on the row, not on the token
    //    alone, so neither another key, another body nor another person's token learns anything.
    const spent = q.consumed.get(ctx.iss, ctx.jti);
    if (spent) {
      if (ctx.exactRetry && isExactRetry(spent, ctx)) {
        return { outcome: 'exact_retry_replayed', ...answerOf(spent.status, JSON.parse(spent.body)), replayed: true };
      }
      return { outcome: 'token_reused' };
    }

    // e. MFA freshness (RFC 9470), checked by the caller, decided here: after the spent check, so an
    //    exact retry needs no new MFA (it moves no money); before the jti is consumed, so the
    //    challenge leaves the token usable.
    if (!ctx.mfaFresh) return { outcome: 'mfa_required' };

    // f. Consume the jti with the request it is spent on; done() records the answer.
    const createdAt = new Date(now()).toISOString();
    q.consume.run({ iss: ctx.iss, jti: ctx.jti, sub: ctx.sub, exp: ctx.exp, usedAt: createdAt, key: ctx.key, requestHash: ctx.requestHash });
    const done = (outcome, result) => {
      const status = result.problem?.status ?? result.status;
      const body = JSON.stringify(result.problem ?? result.body);
      q.recordAnswer.run({ iss: ctx.iss, jti: ctx.jti, outcome, status, body });
      return { outcome, ...result };
    };

    // g. Idempotency, scoped per user.
    const prior = q.idem.get(ctx.sub, ctx.key);
    if (prior) {
      if (prior.request_hash !== ctx.requestHash) {
        return done('idempotency_conflict', {
          problem: problem(422, 'idempotency_key_reused',
            'This Idempotency-Key was already used for a different transfer request; use a new key for a new transfer.'),
        });
      }
      return done('replayed', { status: prior.status, body: JSON.parse(prior.body), replayed: true });
    }

    // h. Validation.
    const shape = validateTransferShape(ctx.body, limits);
    if (shape.problem) return done('rejected', { problem: shape.problem });
    const f = shape.fields;
    const from = q.account.get(f.from);
    if (!from) return done('rejected', { problem: problem(422, 'unknown_account', `Account "${f.from}" does not exist.`, { field: 'from' }) });
    if (from.owner !== ctx.sub) {
      return done('rejected', { problem: problem(422, 'foreign_account', `Account "${f.from}" is not one of your accounts; you can only send money from your own accounts.`, { field: 'from' }) });
    }
    const to = q.account.get(f.to);
    if (!to) return done('rejected', { problem: problem(422, 'unknown_account', `Account "${f.to}" does not exist.`, { field: 'to' }) });
    if (from.currency !== f.currency || to.currency !== f.currency) {
      return done('rejected', {
        problem: problem(422, 'currency_mismatch',
          `The transfer currency ${f.currency} must match both accounts (from: ${from.currency}, to: ${to.currency}).`, { field: 'currency' }),
      });
    }
    if (f.amountMinor > limits.perTransferMinor) {
      return done('rejected', {
        problem: problem(422, 'limit_exceeded',
          `The amount is above the per-transfer limit of ${formatMinor(limits.perTransferMinor)} ${f.currency}.`,
          { field: 'amount', limit: formatMinor(limits.perTransferMinor) }),
      });
    }
    if (from.balance_minor < f.amountMinor) {
      return done('rejected', {
        problem: problem(422, 'insufficient_funds',
          `Insufficient funds: account "${from.id}" has ${formatMinor(from.balance_minor)} ${from.currency}, the transfer needs ${formatMinor(f.amountMinor)}.`,
          { field: 'amount' }),
      });
    }

    // i. Move the money.
    const id = `trf-${randomUUID()}`;
    q.insertTransfer.run({ id, sub: ctx.sub, from: from.id, to: to.id, amount: f.amountMinor, currency: f.currency, memo: f.memo, createdAt });
    const fromBalance = q.debit.get({ id: from.id, amount: f.amountMinor });
    if (fromBalance === undefined) throw new Error('debit failed although funds were checked');
    const toBalance = q.credit.get({ id: to.id, amount: f.amountMinor });
    const suffix = f.memo ? ` — ${f.memo}` : '';
    q.insertLine.run({ accountId: from.id, postedAt: createdAt, description: `Transfer to ${maskAccountNumber(to.number)}${suffix}`, amount: -f.amountMinor, balance: fromBalance, transferId: id });
    q.insertLine.run({ accountId: to.id, postedAt: createdAt, description: `Transfer from ${maskAccountNumber(from.number)}${suffix}`, amount: f.amountMinor, balance: toBalance, transferId: id });

    const body = transferView({ id, from_account: from.id, to_account: to.id, amount_minor: f.amountMinor, currency: f.currency, memo: f.memo, status: 'completed', created_at: createdAt });
    q.putIdem.run({ sub: ctx.sub, key: ctx.key, hash: ctx.requestHash, status: 201, body: JSON.stringify(body), transferId: id, createdAt });
    return done('completed', { status: 201, body });
  });

  return {
    limits,
    accountsOf: (sub) => q.accountsByOwner.all(sub).map(accountView),
    /** The account if `sub` owns it, else null (unknown and foreign look the same). */
    statementsOf(sub, accountId) {
      const a = q.account.get(accountId);
      if (!a || a.owner !== sub) return null;
      return {
        account: accountView(a),
        lines: q.lines.all(a.id).map((l) => ({
          id: `stl-${l.id}`,
          date: l.posted_at,
          description: l.description,
          amount: formatMinor(l.amount_minor),
          balance: formatMinor(l.balance_minor),
          ...(l.transfer_id ? { transferId: l.transfer_id } : {}),
        })),
      };
    },
    transfersOf: (sub) => q.transfersOf.all({ sub }).map((t) => transferView(t, sub)),
    /** ctx: { iss, sub, jti, exp, key, requestHash, body, mfaFresh, exactRetry } — see transferTx. */
    transfer: (ctx) => transferTx.immediate(ctx),
    close: () => db.close(),
    get open() {
      return db.open;
    },
  };
}

// The same person, the same Idempotency-Key and the same request as when the token was spent. A row
// written before these columns existed (NULLs) matches nothing.
function isExactRetry(spent, ctx) {
  return spent.status !== null
    && spent.sub === ctx.sub
    && spent.key === ctx.key
    && spent.request_hash === ctx.requestHash;
}

// A recorded answer in the shape transfer() returns: problems apart, so they go out as
// application/problem+json again.
function answerOf(status, body) {
  return status >= 400 ? { problem: body } : { status, body };
}

// Ledgers from earlier versions: add the columns they lack. Under a write lock, so two processes
// opening the same file cannot both add a column.
function addMissingColumns(db) {
  db.transaction(() => {
    for (const [table, columns] of Object.entries(ADDED_COLUMNS)) {
      const present = new Set(db.prepare(`PRAGMA table_info(${table})`).all().map((c) => c.name));
      for (const [name, type] of Object.entries(columns)) {
        if (!present.has(name)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${name} ${type}`);
      }
    }
  }).immediate();
}

function seed(db, seedFile, now) {
  if (!existsSync(seedFile)) throw new Error(`seed file not found: ${seedFile}`);
  const data = JSON.parse(readFileSync(seedFile, 'utf8'));
  const perTransfer = parseSeedMoney(data.limits?.perTransfer ?? '10000.00');
  const memoMax = Number(data.limits?.memoMaxLength ?? 140);
  if (!Array.isArray(data.accounts) || data.accounts.length === 0) throw new Error('seed: no accounts');

  const insertAccount = db.prepare(`INSERT INTO accounts (id, owner, name, number, currency, balance_minor, position)
                                    VALUES (@id, @owner, @name, @number, @currency, @balance, @position)`);
  const insertLine = db.prepare(`INSERT INTO statement_lines (account_id, posted_at, description, amount_minor, balance_minor)
                                 VALUES (?, ?, ?, ?, ?)`);
  const setMeta = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
  const t = now();

  // One transaction: a crash while seeding leaves no half-seeded ledger (seeded=1 comes last).
  db.transaction(() => {
    data.accounts.forEach((a, position) => {
      const balance = parseSeedMoney(a.balance);
      insertAccount.run({ id: a.id, owner: a.owner, name: a.name, number: a.number, currency: a.currency, balance, position });
      // A few opening lines whose running balance ends at the seed balance.
      const opening = Math.floor((balance * 8) / 10);
      let deposit = Math.floor((balance * 25) / 100);
      let payment = opening + deposit - balance;
      if (payment < 0) { deposit = balance - opening; payment = 0; }
      let running = opening;
      insertLine.run(a.id, new Date(t - 30 * DAY).toISOString(), 'Opening balance', opening, running);
      running += deposit;
      insertLine.run(a.id, new Date(t - 12 * DAY).toISOString(), /sav/i.test(a.name) ? 'Standing order from checking' : 'Salary — Northwind Traders', deposit, running);
      running -= payment;
      insertLine.run(a.id, new Date(t - 3 * DAY).toISOString(), /sav/i.test(a.name) ? 'Account fee' : 'Card payment — Contoso Coffee', -payment, running);
      if (running !== balance) throw new Error(`seed: statement lines of ${a.id} do not add up`);
    });
    setMeta.run('limit.perTransfer', String(perTransfer));
    setMeta.run('limit.memoMaxLength', String(memoMax));
    setMeta.run('seededAt', new Date(t).toISOString());
    setMeta.run('seeded', '1');
  })();
}
