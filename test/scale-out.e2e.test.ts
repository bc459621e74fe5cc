/**
 * The budget proof, against the machine's real Redis and PostgreSQL: two gateway processes share them;
 * 200 concurrent requests from several keys against budgets that allow only a fraction; a SIGKILL mid-load.
 * Asserts: settled spend never exceeds a limit, every served request is in the ledger, Redis counters equal
 * the ledger exactly, a killed instance's reservations expire within the lease, the survivor keeps serving.
 */
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../src/emulator/index.js';
import { dropSchemas, freshSchema, queryIn } from '../src/ledger/postgres.testkit.js';
import { runCli, startServe } from './helpers/cli.js';

const ADMIN = 'admin-secret-for-tests-0123456789';
const LIMIT_USD = 0.0003;
let emulator: Emulator;
let schema: string;
let configPath: string;
const instances: Awaited<ReturnType<typeof startServe>>[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, latencyMs: 25 });
  const fresh = await freshSchema();
  schema = fresh.schema;
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-scale-'));
  configPath = join(dir, 'switchyard.yaml');
  writeFileSync(
    configPath,
    `admin_key: ${ADMIN}
ledger: "${fresh.url}"
state: redis://127.0.0.1:6379/0
ledger_commit: before_response
budget_lease_ms: 2000
providers:
  deepseek: { preset: deepseek, base_url: ${emulator.url}/deepseek/v1, api_key: test }
models:
  - { id: slow, provider: deepseek, upstream: emu-fault-slow-first-token-4000, price: { input: 0.28, output: 0.42 } }
`,
  );
  for (let i = 0; i < 2; i++) instances.push(await startServe(['--config', configPath, '--port', '0']));
}, 60_000);

afterAll(async () => {
  for (const s of instances) s.child.kill('SIGKILL');
  await emulator?.close();
  await dropSchemas();
});

async function createKey(budgetUsd: number): Promise<{ id: string; key: string }> {
  const r = await runCli(['keys', 'create', '--config', configPath, '--project', 'proof', '--budget-usd', String(budgetUsd), '--window', 'day', '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { id: string; key: string };
}

function chat(url: string, key: string, model = 'deepseek-chat'): Promise<Response> {
  return fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ model, max_tokens: 50, messages: [{ role: 'user', content: 'Count the ways a budget can be overspent.' }] }),
  });
}

interface UsageRow {
  limit: number;
  used: number;
  reserved: number;
}

async function usage(url: string, keyId: string): Promise<UsageRow> {
  const res = await fetch(`${url}/admin/usage?key=${keyId}`, { headers: { authorization: `Bearer ${ADMIN}` } });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { budgets: UsageRow[] };
  return body.budgets[0]!;
}

async function ledgerByKey(): Promise<Map<string, { cost: bigint; n: number }>> {
  const rows = await queryIn<{ key_id: string; cost: string; n: string }>(schema, "SELECT key_id, SUM(cost_pico)::text AS cost, COUNT(*)::text AS n FROM ledger WHERE status = 'ok' GROUP BY key_id");
  return new Map(rows.map((r) => [r.key_id, { cost: BigInt(r.cost), n: Number(r.n) }]));
}

describe('budgets across two instances on Redis and PostgreSQL', () => {
  it('never overspends under 200 concurrent requests, and counters equal the ledger', async () => {
    const keys = await Promise.all([0, 1, 2, 3].map(() => createKey(LIMIT_USD)));
    const results = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const key = keys[i % keys.length]!;
        const res = await chat(instances[i % 2]!.url, key.key);
        const body = (await res.json()) as { error?: { code: string; message: string } };
        return { key: key.id, status: res.status, code: body.error?.code, message: body.error?.message };
      }),
    );
    const served = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 429);
    expect(served.length + refused.length).toBe(200);
    expect(served.length).toBeGreaterThan(8);
    expect(refused.length).toBeGreaterThan(100);
    expect(refused.every((r) => r.code === 'budget_exceeded' && /key ".+" usd budget/.test(r.message!))).toBe(true);

    const ledger = await ledgerByKey();
    const limitPico = BigInt(Math.round(LIMIT_USD * 1e12));
    for (const key of keys) {
      const row = ledger.get(key.id) ?? { cost: 0n, n: 0 };
      // Settled spend never exceeds the limit; every served request was recorded.
      expect(row.cost <= limitPico).toBe(true);
      expect(row.n).toBe(served.filter((r) => r.key === key.id).length);
      // Redis counters (read through either instance) equal the ledger exactly, with nothing left reserved.
      const u = await usage(instances[1]!.url, key.id);
      expect(BigInt(Math.round(u.used * 1e12))).toBe(row.cost);
      expect(u.reserved).toBe(0);
    }
    const report = await runCli(['report', '--config', configPath, '--by', 'key', '--json']);
    const groups = (JSON.parse(report.stdout) as { groups: { key: string; requests: number }[] }).groups;
    for (const key of keys) expect(groups.find((g) => g.key === key.id)?.requests).toBe(served.filter((r) => r.key === key.id).length);
  }, 60_000);

  it('survives a SIGKILL: reservations expire within the lease, the other instance serves, no completed request is lost', async () => {
    const key = await createKey(5);
    const [victim, survivor] = instances as [(typeof instances)[0], (typeof instances)[0]];
    // Completed on the victim before it dies: each must be in the ledger.
    const completed: string[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await chat(victim.url, key.key);
      expect(res.status).toBe(200);
      completed.push(res.headers.get('x-switchyard-request-id')!);
      await res.arrayBuffer();
    }
    // In flight when it dies: slow answers holding reservations.
    const inflight = Array.from({ length: 5 }, () => chat(victim.url, key.key, 'slow').catch((e: unknown) => e));
    await new Promise((r) => setTimeout(r, 600));
    expect((await usage(survivor.url, key.id)).reserved).toBeGreaterThan(0);
    victim.child.kill('SIGKILL');
    await Promise.all(inflight);

    const ok = await chat(survivor.url, key.key);
    expect(ok.status).toBe(200);
    await ok.arrayBuffer();

    await new Promise((r) => setTimeout(r, 2_600)); // the lease (2 s) plus margin
    expect((await usage(survivor.url, key.id)).reserved).toBe(0);
    const ids = await queryIn<{ request_id: string }>(schema, 'SELECT request_id FROM ledger WHERE key_id = $1', [key.id]);
    const stored = new Set(ids.map((r) => r.request_id));
    for (const id of completed) expect(stored.has(id)).toBe(true);
  }, 60_000);
});
