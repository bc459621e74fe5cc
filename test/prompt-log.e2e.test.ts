/**
 * Prompt logging keeps long agent prompts usable: a prompt over the ledger's 64 KiB limit is stored as
 * its newest messages (valid JSON), so `export` still carries messages and `route calibrate` scores it
 * instead of silently calibrating on short prompts only; and calibrate says what it left out.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportedLines, startHarness, STANDARD_CONFIG, type Harness } from './helpers/harness.js';
import { runCli } from './helpers/cli.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness(`${STANDARD_CONFIG}logging: { prompts: true }\n`);
});
afterAll(async () => {
  await h?.close();
});

async function chat(messages: { role: string; content: string }[]): Promise<string> {
  const res = await fetch(`${h.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'deepseek-chat', messages }),
  });
  expect(res.status).toBe(200);
  await res.arrayBuffer();
  return res.headers.get('x-switchyard-request-id')!;
}

describe('prompt logging', () => {
  it('exports a prompt over the limit as its newest messages, and calibrate scores it', async () => {
    const short = await chat([{ role: 'user', content: 'hello' }]);
    const long = await chat([
      { role: 'user', content: 'Here is the repository: ' + 'function f() { return 1; }\n'.repeat(3500) },
      { role: 'user', content: 'Now fix the failing test in src/app.ts.' },
    ]);
    const lines = (await exportedLines(h)).map((l) => JSON.parse(l) as { id: string; messages?: { content: string }[]; meta: { prompt_truncated?: boolean } });
    const shortLine = lines.find((l) => l.id === short)!;
    const longLine = lines.find((l) => l.id === long)!;
    expect(shortLine.meta.prompt_truncated).toBeUndefined();
    expect(shortLine.messages).toEqual([{ role: 'user', content: 'hello' }]);
    expect(longLine.meta.prompt_truncated).toBe(true);
    expect(longLine.messages!.at(-1)!.content).toBe('Now fix the failing test in src/app.ts.');
    expect(longLine.messages![0]!.content.startsWith('…')).toBe(true);

    const trace = join(h.dir, 'export.jsonl');
    writeFileSync(trace, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const r = await runCli(['route', 'calibrate', '--trace', trace]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/calibrated on 2 requests/);
    expect(r.stderr).not.toMatch(/warning/);

    // a trace line without a prompt is counted and named, not silently dropped
    writeFileSync(trace, [...lines.map((l) => JSON.stringify(l)), JSON.stringify({ ...shortLine, id: 'x', messages: undefined })].join('\n') + '\n');
    const warned = await runCli(['route', 'calibrate', '--trace', trace]);
    expect(warned.stderr).toMatch(/warning: 1 of 3 requests have no prompt to score and are left out/);
  });
});
