/**
 * PostgreSQL for tests: each store under test gets a fresh schema (`sy_test_<random>`) chosen through the
 * URL's search_path, and every schema a test file created is dropped afterwards. The server comes from
 * `SWITCHYARD_TEST_POSTGRES` (default `postgres://postgres@127.0.0.1:5432/test`); when it cannot be
 * reached the PostgreSQL suites are skipped with a warning rather than failing. Test-only code.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_TEST_URL = process.env.SWITCHYARD_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_TEST_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** True when the test server answers; logs why not otherwise. */
export async function postgresAvailable(): Promise<boolean> {
  try {
    await admin((c) => c.query('SELECT 1'));
    return true;
  } catch (error) {
    // In CI PostgreSQL must be there (.ci/run starts it): a silent skip would hide the whole suite.
    if (process.env.CI) throw new Error(`PostgreSQL is required in CI: ${PG_TEST_URL} is not reachable (${(error as Error).message})`);
    console.warn(`PostgreSQL tests skipped: ${PG_TEST_URL} is not reachable (${(error as Error).message})`);
    return false;
  }
}

const created: string[] = [];

/** The URL with `search_path` set to `schema` (appended to any query the URL already has). */
export function urlWithSchema(schema: string, base = PG_TEST_URL): string {
  return `${base}${base.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

/** Creates an empty schema; returns its name and a URL whose connections use it. */
export async function freshSchema(): Promise<{ schema: string; url: string }> {
  const schema = `sy_test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE SCHEMA ${schema}`));
  created.push(schema);
  return { schema, url: urlWithSchema(schema) };
}

/** Drops every schema `freshSchema` created in this file (call from afterAll). */
export async function dropSchemas(): Promise<void> {
  const schemas = created.splice(0);
  if (schemas.length === 0) return;
  await admin((c) => c.query(`DROP SCHEMA IF EXISTS ${schemas.join(', ')} CASCADE`));
}

/** Runs one statement in `schema` on its own connection (as another process would); returns the rows. */
export async function queryIn<T extends Record<string, unknown>>(schema: string, sql: string, params: unknown[] = []): Promise<T[]> {
  return admin(async (c) => {
    await c.query(`SET search_path = ${schema}`);
    return (await c.query<T>(sql, params)).rows;
  });
}

/** A client holding its own connection in `schema`, for tests that keep a transaction or lock open. */
export async function connectIn(schema: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: urlWithSchema(schema), connectionTimeoutMillis: 3000 });
  await client.connect();
  return client;
}
