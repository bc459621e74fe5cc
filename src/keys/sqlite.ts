/**
 * Keys in SQLite: by default the ledger's own file (a separate connection, WAL), so one file holds the
 * ledger, the keys and the budget state. Every instance on the same file sees a change at its next lookup.
 */
import Database from 'better-sqlite3';
import { newKey } from './record.js';
import { KEY_COLUMNS, keyFromRow, keyValues, patchValues, type ColumnValue, type KeyRow } from './row.js';
import { hashesEqual, hashSecret, looksLikeSecret } from './secret.js';
import { migrateKeys } from './sqlite-schema.js';
import type { CreatedKey, KeyInput, KeyPatch, KeyStore, ListKeysQuery, VirtualKey } from './types.js';
import { parseKeyPatch } from './validate.js';

export interface SqliteKeyStoreOptions {
  /** How long to wait for another connection's write lock (the ledger writes to the same file). */
  busyTimeoutMs?: number;
}

const INSERT = `INSERT INTO virtual_keys (${KEY_COLUMNS.join(', ')}) VALUES (${KEY_COLUMNS.map(() => '?').join(', ')})`;

export class SqliteKeyStore implements KeyStore {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly insert: Database.Statement<ColumnValue[]>;
  private readonly byId: Database.Statement<[string], KeyRow>;
  private readonly byHash: Database.Statement<[string], KeyRow>;
  private readonly revokeOne: Database.Statement<[number, string], KeyRow>;

  constructor(path: string, options: SqliteKeyStoreOptions = {}) {
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    this.db = new Database(path, { timeout: busyTimeoutMs });
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      migrateKeys(this.db);
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.insert = this.db.prepare<ColumnValue[]>(INSERT);
    this.byId = this.db.prepare<[string], KeyRow>('SELECT * FROM virtual_keys WHERE id = ?');
    this.byHash = this.db.prepare<[string], KeyRow>('SELECT * FROM virtual_keys WHERE key_hash = ?');
    this.revokeOne = this.db.prepare<[number, string], KeyRow>(
      'UPDATE virtual_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ? RETURNING *',
    );
  }

  async create(input: KeyInput): Promise<CreatedKey> {
    const { key, secret, hash } = newKey(input);
    this.insert.run(...keyValues(key, hash));
    return { key, secret };
  }

  async get(id: string): Promise<VirtualKey | null> {
    const row = this.byId.get(id);
    return row === undefined ? null : keyFromRow(row);
  }

  async list(query: ListKeysQuery = {}): Promise<VirtualKey[]> {
    const conditions: string[] = [];
    const params: string[] = [];
    if (query.project !== undefined) {
      conditions.push('project = ?');
      params.push(query.project);
    }
    if (query.includeRevoked !== true) conditions.push('revoked_at IS NULL');
    const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
    const rows = this.db.prepare<string[], KeyRow>(`SELECT * FROM virtual_keys${where} ORDER BY created_at, rowid`).all(...params);
    return rows.map(keyFromRow);
  }

  async update(id: string, patch: KeyPatch): Promise<VirtualKey | null> {
    const sets = patchValues(parseKeyPatch(patch));
    if (sets.length === 0) return this.get(id);
    const assignments = sets.map(([column]) => `${column} = ?`).join(', ');
    const row = this.db
      .prepare<ColumnValue[], KeyRow>(`UPDATE virtual_keys SET ${assignments} WHERE id = ? RETURNING *`)
      .get(...sets.map(([, value]) => value), id);
    return row === undefined ? null : keyFromRow(row);
  }

  async revoke(id: string, now: number = Date.now()): Promise<VirtualKey | null> {
    const row = this.revokeOne.get(now, id);
    return row === undefined ? null : keyFromRow(row);
  }

  async verify(secret: string): Promise<VirtualKey | null> {
    if (!looksLikeSecret(secret)) return null;
    const hash = hashSecret(secret);
    const row = this.byHash.get(hash);
    if (row === undefined || !hashesEqual(row.key_hash, hash) || row.revoked_at !== null) return null;
    return keyFromRow(row);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
