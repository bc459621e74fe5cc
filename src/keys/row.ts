/**
 * Keys as SQL rows, shared by the SQLite and PostgreSQL stores: the columns, a key's column values, a
 * patch's column values, and a row back to a (validated, frozen) key. List-valued fields are JSON: text
 * in SQLite, JSONB in PostgreSQL (which the driver hands back already parsed).
 */
import { freezeKey } from './record.js';
import type { KeyPatch, VirtualKey } from './types.js';
import { KeyValidationError, parseKeyInput } from './validate.js';

/** A row as a driver returns it. BIGINT may come back as a string (pg), JSON as text (SQLite) or parsed (pg). */
export interface KeyRow {
  id: string;
  key_hash: string;
  prefix: string;
  project: string;
  name: string | null;
  created_at: number | string;
  revoked_at: number | string | null;
  allowed_models: unknown;
  budgets: unknown;
  rate_limits: unknown;
  metadata: unknown;
  /** Added by key schema version 2. */
  jurisdictions: unknown;
}

export type ColumnValue = string | number | null;

/** Every column, in one fixed order, for INSERT. */
export const KEY_COLUMNS = ['id', 'key_hash', 'prefix', 'project', 'name', 'created_at', 'revoked_at', 'allowed_models', 'budgets', 'rate_limits', 'metadata', 'jurisdictions'] as const;
/** Columns holding JSON. */
export const JSON_COLUMNS: ReadonlySet<string> = new Set(['allowed_models', 'budgets', 'rate_limits', 'metadata', 'jurisdictions']);

const json = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));

/** The values of KEY_COLUMNS for a key and its hash. */
export function keyValues(key: VirtualKey, hash: string): ColumnValue[] {
  return [
    key.id, hash, key.prefix, key.project, key.name ?? null, key.created_at, key.revoked_at ?? null,
    json(key.allowed_models), json(key.budgets), json(key.rate_limits), json(key.metadata),
    json(key.jurisdictions),
  ];
}

/** The columns a (validated) patch sets, with their values. */
export function patchValues(patch: KeyPatch): [string, ColumnValue][] {
  const out: [string, ColumnValue][] = [];
  if (patch.project !== undefined) out.push(['project', patch.project]);
  if (patch.name !== undefined) out.push(['name', patch.name]);
  if (patch.allowed_models !== undefined) out.push(['allowed_models', json(patch.allowed_models)]);
  if (patch.budgets !== undefined) out.push(['budgets', json(patch.budgets)]);
  if (patch.rate_limits !== undefined) out.push(['rate_limits', json(patch.rate_limits)]);
  if (patch.metadata !== undefined) out.push(['metadata', json(patch.metadata)]);
  if (patch.jurisdictions !== undefined) out.push(['jurisdictions', json(patch.jurisdictions)]);
  return out;
}

function parsed(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  return typeof value === 'string' ? JSON.parse(value) : value;
}

const time = (value: number | string): number => (typeof value === 'number' ? value : Number(value));

/** The key a row holds, validated like input; throws naming the key when the row is corrupt. */
export function keyFromRow(row: KeyRow): VirtualKey {
  try {
    const fields = parseKeyInput({
      project: row.project,
      ...(row.name !== null ? { name: row.name } : {}),
      allowed_models: parsed(row.allowed_models),
      budgets: parsed(row.budgets),
      rate_limits: parsed(row.rate_limits),
      metadata: parsed(row.metadata),
      jurisdictions: parsed(row.jurisdictions),
    });
    const key: VirtualKey = { id: row.id, prefix: row.prefix, created_at: time(row.created_at), ...fields };
    if (row.revoked_at !== null) key.revoked_at = time(row.revoked_at);
    return freezeKey(key);
  } catch (error) {
    const why = error instanceof KeyValidationError || error instanceof SyntaxError ? error.message : String(error);
    throw new Error(`stored key ${row.id} is invalid: ${why}`, { cause: error });
  }
}
