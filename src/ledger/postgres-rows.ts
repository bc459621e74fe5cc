/**
 * Ledger records to and from PostgreSQL rows: the column list with types, the checks a record must pass
 * before it is written, the batch INSERT, and the conversion of a row back to a record.
 *
 * A batch is written as one `INSERT ... SELECT FROM unnest(...)` with one array parameter per column:
 * a fixed statement with 30 parameters whatever the batch size (a VALUES list would need 29 per row and
 * hit PostgreSQL's 65,535-parameter limit at 2,259 rows).
 */
import type { LedgerRecord } from './types.js';

type Column = Exclude<keyof LedgerRecord, 'prompt'>;
/** `flag` is a boolean stored as SMALLINT 0/1. */
type Kind = 'int8' | 'int4' | 'float8' | 'text' | 'flag';

interface ColumnDef {
  name: Column;
  kind: Kind;
  nullable: boolean;
}

const col = (name: Column, kind: Kind, nullable = false): ColumnDef => ({ name, kind, nullable });

/** In table order. */
const COLUMNS: readonly ColumnDef[] = [
  col('time', 'int8'), col('request_id', 'text'), col('key_id', 'text', true), col('project', 'text', true),
  col('session', 'text', true), col('route', 'text', true), col('reason', 'text', true), col('score', 'float8', true),
  col('requested_model', 'text'), col('served_model', 'text', true), col('provider', 'text', true),
  col('jurisdiction', 'text', true), col('attempts', 'int4'), col('input_tokens', 'int8'), col('cache_read_tokens', 'int8'),
  col('cache_write_tokens', 'int8'), col('output_tokens', 'int8'), col('reasoning_tokens', 'int8'),
  col('usage_estimated', 'flag'), col('cost_pico', 'int8'), col('baseline_cost_pico', 'int8'), col('latency_ms', 'float8'),
  col('ttft_ms', 'float8', true), col('status', 'text'), col('http_status', 'int4'), col('error_code', 'text', true),
  col('stream', 'flag'), col('routing', 'text', true), col('superseded', 'flag'),
];

const SQL_TYPE: Readonly<Record<Kind, string>> = { int8: 'int8', int4: 'int4', float8: 'float8', text: 'text', flag: 'int2' };
const INT4_MAX = 2 ** 31 - 1;
const DESCRIBE: Readonly<Record<Kind, string>> = {
  int8: 'a safe integer',
  int4: 'an integer within 32 bits',
  float8: 'a number',
  text: 'a string',
  flag: 'a boolean',
};

export const INSERT_LEDGER = `INSERT INTO ledger (id, ${COLUMNS.map((c) => c.name).join(', ')})
  SELECT * FROM unnest($1::int8[], ${COLUMNS.map((c, i) => `$${i + 2}::${SQL_TYPE[c.kind]}[]`).join(', ')})`;
export const INSERT_PROMPTS = 'INSERT INTO ledger_prompts (id, prompt) SELECT * FROM unnest($1::int8[], $2::text[])';
/** Ids for a batch, taken from the table's own sequence (so ids stay unique across instances). */
export const NEXT_IDS = "SELECT nextval(pg_get_serial_sequence('ledger', 'id'))::text AS id FROM generate_series(1, $1::int)";

/** Why PostgreSQL would reject this record, or null when it is writable. Mirrors SQLite's STRICT checks. */
export function recordProblem(record: LedgerRecord): string | null {
  for (const { name, kind, nullable } of COLUMNS) {
    const value: unknown = record[name];
    if (value === null || value === undefined) {
      if (nullable) continue;
      return `${name} is missing`;
    }
    const ok =
      kind === 'int8' ? Number.isSafeInteger(value)
      : kind === 'int4' ? Number.isInteger(value) && Math.abs(value as number) <= INT4_MAX
      : kind === 'float8' ? typeof value === 'number'
      : kind === 'flag' ? typeof value === 'boolean'
      : typeof value === 'string';
    if (!ok) return `${name} is not ${DESCRIBE[kind]}`;
  }
  if (record.status !== 'ok' && record.status !== 'error') return 'status is not ok or error';
  if (record.prompt != null && typeof record.prompt !== 'string') return 'prompt is not a string';
  return null;
}

/** PostgreSQL text cannot hold NUL; a client-supplied model name or prompt must not make a record unwritable. */
function text(value: string): string {
  return value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value;
}

type Param = (string | number | null)[];

/** The INSERT_LEDGER parameters for records (already checked) and their ids. */
export function ledgerParams(records: readonly LedgerRecord[], ids: readonly string[]): Param[] {
  const params: Param[] = [ids.slice()];
  for (const { name, kind } of COLUMNS) {
    params.push(
      records.map((r) => {
        const value = r[name];
        if (value === null || value === undefined) return null;
        if (kind === 'flag') return value ? 1 : 0;
        return typeof value === 'string' ? text(value) : (value as number);
      }),
    );
  }
  return params;
}

/** The INSERT_PROMPTS parameters, or null when no record of the batch has a prompt. */
export function promptParams(records: readonly LedgerRecord[], ids: readonly string[]): [string[], string[]] | null {
  const withIds: string[] = [];
  const prompts: string[] = [];
  records.forEach((r, i) => {
    const id = ids[i];
    if (r.prompt != null && id !== undefined) {
      withIds.push(id);
      prompts.push(text(r.prompt));
    }
  });
  return prompts.length > 0 ? [withIds, prompts] : null;
}

export const SELECT_RECORDS = `SELECT l.id::text AS id, ${COLUMNS.map((c) => `l.${c.name}`).join(', ')}, p.prompt
  FROM ledger l LEFT JOIN ledger_prompts p ON p.id = l.id`;

/** A row of SELECT_RECORDS: pg returns BIGINT as a string (each value here is below 2^53). */
export type PgRecordRow = Record<string, unknown> & { id: string };

export function fromPgRow(row: PgRecordRow): LedgerRecord {
  const out: Record<string, unknown> = {};
  for (const { name, kind } of COLUMNS) {
    const value = row[name];
    out[name] = value === null || value === undefined ? null : kind === 'int8' ? Number(value) : kind === 'flag' ? Number(value) === 1 : value;
  }
  out.prompt = row.prompt ?? null;
  return out as unknown as LedgerRecord;
}
