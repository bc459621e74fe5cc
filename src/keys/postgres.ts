/**
 * Keys in PostgreSQL, shared by every gateway instance on the database. Construction is synchronous; the
 * table is migrated in the background and every call waits for it (retrying after a failure).
 */
import type { Pool } from 'pg';
import { createPool, type PgPoolOptions } from '../ledger/postgres-pool.js';
import { migrateKeysPostgres } from './postgres-schema.js';
import { newKey } from './record.js';
import { JSON_COLUMNS, KEY_COLUMNS, keyFromRow, keyValues, patchValues, type ColumnValue, type KeyRow } from './row.js';
import { hashesEqual, hashSecret, looksLikeSecret } from './secret.js';
import type { CreatedKey, KeyInput, KeyPatch, KeyStore, ListKeysQuery, VirtualKey } from './types.js';
import { parseKeyPatch } from './validate.js';

const placeholder = (column: string, i: number): string => (JSON_COLUMNS.has(column) ? `$${i}::jsonb` : `$${i}`);
const INSERT = `INSERT INTO virtual_keys (${KEY_COLUMNS.join(', ')}) VALUES (${KEY_COLUMNS.map((c, i) => placeholder(c, i + 1)).join(', ')})`;

export class PostgresKeyStore implements KeyStore {
  readonly kind = 'postgres';
  private readonly pool: Pool;
  private schemaReady: Promise<void> | undefined;
  private closed = false;

  constructor(url: string, options: PgPoolOptions = {}) {
    this.pool = createPool(url, options);
    this.ready().catch(() => undefined); // start now; a failure surfaces at the first call
  }

  async create(input: KeyInput): Promise<CreatedKey> {
    const { key, secret, hash } = newKey(input);
    await this.query(INSERT, keyValues(key, hash));
    return { key, secret };
  }

  async get(id: string): Promise<VirtualKey | null> {
    const [row] = await this.query('SELECT * FROM virtual_keys WHERE id = $1', [id]);
    return row === undefined ? null : keyFromRow(row);
  }

  async list(query: ListKeysQuery = {}): Promise<VirtualKey[]> {
    const conditions: string[] = [];
    const params: string[] = [];
    if (query.project !== undefined) {
      params.push(query.project);
      conditions.push(`project = $${params.length}`);
    }
    if (query.includeRevoked !== true) conditions.push('revoked_at IS NULL');
    const where = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
    const rows = await this.query(`SELECT * FROM virtual_keys${where} ORDER BY created_at, seq`, params);
    return rows.map(keyFromRow);
  }

  async update(id: string, patch: KeyPatch): Promise<VirtualKey | null> {
    const sets = patchValues(parseKeyPatch(patch));
    if (sets.length === 0) return this.get(id);
    const assignments = sets.map(([column], i) => `${column} = ${placeholder(column, i + 1)}`).join(', ');
    const [row] = await this.query(`UPDATE virtual_keys SET ${assignments} WHERE id = $${sets.length + 1} RETURNING *`, [
      ...sets.map(([, value]) => value),
      id,
    ]);
    return row === undefined ? null : keyFromRow(row);
  }

  async revoke(id: string, now: number = Date.now()): Promise<VirtualKey | null> {
    const [row] = await this.query('UPDATE virtual_keys SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2 RETURNING *', [now, id]);
    return row === undefined ? null : keyFromRow(row);
  }

  async verify(secret: string): Promise<VirtualKey | null> {
    if (!looksLikeSecret(secret)) return null;
    const hash = hashSecret(secret);
    const [row] = await this.query('SELECT * FROM virtual_keys WHERE key_hash = $1', [hash]);
    if (row === undefined || !hashesEqual(row.key_hash, hash) || row.revoked_at !== null) return null;
    return keyFromRow(row);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private async query(sql: string, params: ColumnValue[]): Promise<KeyRow[]> {
    await this.ready();
    return (await this.pool.query<KeyRow>(sql, params)).rows;
  }

  private ready(): Promise<void> {
    this.schemaReady ??= migrateKeysPostgres(this.pool).then(
      () => undefined,
      (error: unknown) => {
        this.schemaReady = undefined;
        throw error;
      },
    );
    return this.schemaReady;
  }
}
