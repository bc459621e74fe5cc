import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CliError } from './fail.js';
import { registerRouteCommand, scoreFile, scorerFor, topLevelNumberText, weightsFromConfig } from './route.js';
import { evaluateRouter } from '../routing/eval/metrics.js';
import { syntheticWeights } from '../routing/scorer/testing.js';

/** Runs `switchyard <args>` in-process; returns what went to stdout and stderr. */
async function cli(...args: string[]): Promise<{ out: string; err: string }> {
  const program = new Command('switchyard').exitOverride();
  registerRouteCommand(program);
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((out += String(c)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((err += String(c)), true));
  try {
    await program.parseAsync(['node', 'switchyard', ...args]);
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  return { out, err };
}

let dir: string;
let config: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'route-cli-'));
  writeFileSync(join(dir, 'w.json'), JSON.stringify(syntheticWeights(['prove the theorem rigorously'], ['hello how are you'])));
  config = join(dir, 'switchyard.yaml');
  writeFileSync(config, 'router:\n  weights: ./w.json\n');
});

afterEach(() => vi.restoreAllMocks());

function file(name: string, lines: unknown[]): string {
  const p = join(dir, name);
  writeFileSync(p, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
  return p;
}

describe('switchyard route score', () => {
  it('echoes integer ids beyond 2^53 as written, reads .gz files and stdin (-)', async () => {
    const text = '{"id": 9007199254740993, "messages": [{"role": "user", "content": "hi"}]}\n{"id": "s", "messages": []}\n';
    const plain = file('big.jsonl', [text.trimEnd()]);
    const { out } = await cli('route', 'score', '--input', plain, '--config', config);
    expect(out.split('\n')[0]).toMatch(/^\{"id":9007199254740993,"score":0\.\d+\}$/);
    const gz = join(dir, 'big.jsonl.gz');
    writeFileSync(gz, gzipSync(readFileSync(plain)));
    expect((await cli('route', 'score', '--input', gz, '--config', config)).out).toBe(out);
    const sink = new PassThrough();
    let piped = '';
    sink.on('data', (c: Buffer) => (piped += c.toString()));
    expect(await scoreFile('-', scorerFor(config), sink, Readable.from([text.slice(0, 20), text.slice(20)]))).toBe(2);
    expect(piped).toBe(out);
  });

  it('echoes the top-level id, not a nested "id" that rounds to the same double', async () => {
    const line = '{"messages":[{"role":"user","content":"x","id":9007199254740992}],"meta":{"id":9007199254740992},"id":9007199254740993}';
    const { out } = await cli('route', 'score', '--input', file('nested.jsonl', [line]), '--config', config);
    expect(out).toMatch(/^\{"id":9007199254740993,"score":/);
    expect(topLevelNumberText('{"a\\"id":"}{","id" : -12.5e3}', 'id')).toBe('-12.5e3');
    expect(topLevelNumberText('{"x":{"id":1}}', 'id')).toBeUndefined();
    // JSON.parse keeps the last of repeated keys, and so does the echo
    expect(topLevelNumberText('{"id":1,"id":12345678901234567891,"messages":[]}', 'id')).toBe('12345678901234567891');
  });

  it('reports a read error of a .gz input instead of ending silently', async () => {
    const d = join(dir, 'dir.jsonl.gz');
    mkdirSync(d);
    await expect(cli('route', 'score', '--input', d)).rejects.toThrow(/cannot read .*dir\.jsonl\.gz: EISDIR/);
  });

  it('names a .gz file that is not gzip, and an id no JSON number can hold', async () => {
    const fake = file('fake.jsonl.gz', [{ id: 'a', messages: [] }]);
    await expect(cli('route', 'score', '--input', fake)).rejects.toThrow(/cannot read .*fake\.jsonl\.gz: incorrect header check/);
    const huge = file('huge.jsonl', ['{"id": 1e400, "messages": []}']);
    await expect(cli('route', 'score', '--input', huge)).rejects.toThrow('line 1: "id" must be a string or a finite number (got a number too large for JSON)');
  });

  it('prints one {"id","score"} line per input line, in order, and nothing else', async () => {
    const input = file('in.jsonl', [
      { id: 'b', messages: [{ role: 'user', content: 'hello how are you' }] },
      '',
      { id: 'a', messages: [{ role: 'user', content: [{ type: 'text', text: 'prove the theorem rigorously' }] }] },
      { id: 7, messages: [] },
    ]);
    const { out } = await cli('route', 'score', '--input', input, '--config', config);
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as { id: string; score: number });
    expect(lines.map((l) => l.id)).toEqual(['b', 'a', 7]);
    for (const l of lines) expect(Object.keys(l)).toEqual(['id', 'score']);
    expect(lines[1]!.score).toBeGreaterThan(lines[0]!.score);
    expect(lines.every((l) => l.score >= 0 && l.score <= 1)).toBe(true);
  });

  it('fails with the line number of a malformed line', async () => {
    const input = file('bad.jsonl', [{ id: 'ok', messages: [] }, '{"id": "x", "messages": [', { id: 'z', messages: [] }]);
    await expect(cli('route', 'score', '--input', input, '--config', config)).rejects.toThrow(/^line 2: not valid JSON/);
    const noMsgs = file('bad2.jsonl', [{ id: 'x' }]);
    await expect(cli('route', 'score', '--input', noMsgs, '--config', config)).rejects.toThrow(/line 1: "messages" must be an array/);
    const badContent = file('bad3.jsonl', [{ id: 'x', messages: [{ role: 'user', content: 5 }] }]);
    await expect(cli('route', 'score', '--input', badContent, '--config', config)).rejects.toThrow(CliError);
    await expect(cli('route', 'score', '--input', join(dir, 'missing.jsonl'), '--config', config)).rejects.toThrow(/cannot read/);
  });
});

describe('--config', () => {
  it('reads router.weights relative to the config file, with ${VAR} interpolation', () => {
    expect(weightsFromConfig(config)).toBe(join(dir, 'w.json'));
    const c2 = join(dir, 'c2.yaml');
    writeFileSync(c2, 'server:\n  port: 1\n');
    expect(weightsFromConfig(c2)).toBeUndefined();
    process.env.SY_TEST_WEIGHTS = '/abs/w.json';
    writeFileSync(c2, 'router:\n  weights: ${SY_TEST_WEIGHTS}\n');
    expect(weightsFromConfig(c2)).toBe('/abs/w.json');
    delete process.env.SY_TEST_WEIGHTS;
  });

  it('reports an unreadable weights file as a CLI error', async () => {
    const c3 = join(dir, 'c3.yaml');
    writeFileSync(c3, 'router:\n  weights: nope.json\n');
    const input = file('one.jsonl', [{ id: 'x', messages: [] }]);
    await expect(cli('route', 'score', '--input', input, '--config', c3)).rejects.toThrow(/cannot read router weights/);
  });
});

describe('switchyard route eval', () => {
  const data = (): string =>
    file('data.jsonl', [
      { id: 'A', messages: [{ role: 'user', content: 'a' }], weak: { score: 0 }, strong: { score: 1 }, prompt_tokens: 1 },
      { id: 'B', messages: [{ role: 'user', content: 'b' }], weak: { score: 0 }, strong: { score: 1 }, prompt_tokens: 1 },
      { id: 'C', messages: [{ role: 'user', content: 'c' }], weak: { score: 1 }, strong: { score: 1 }, prompt_tokens: 1 },
      { id: 'D', messages: [{ role: 'user', content: 'd' }], weak: { score: 1 }, strong: { score: 0 }, prompt_tokens: 1 },
    ]);

  it('prints router, random and oracle rows from a scores file', async () => {
    const scores = file('s.jsonl', [
      { id: 'A', score: 0.9 },
      { id: 'B', score: 0.2 },
      { id: 'C', score: 0.5 },
      { id: 'D', score: 0.5 },
    ]);
    const { out } = await cli('route', 'eval', '--data', data(), '--scores', scores);
    expect(out).toMatch(/APGR\s+CPT\(50%\)\s+CPT\(80%\)\s+S95\s+cost@95% \(calls\)/);
    expect(out).toMatch(/^router\s+0\.500\s+0\.125\s+0\.200\s+0\.21[23]\s+0\.21[23]$/m);
    expect(out).toMatch(/^random\s+0\.500\s+0\.500\s+0\.800\s+0\.850\s+0\.850$/m);
    expect(out).toMatch(/^oracle\s+1\.375/m);
  });

  it('prints one JSON object with --json, and prices the cost ratio', async () => {
    const scores = file('s.jsonl', [
      { id: 'A', score: 0.9 },
      { id: 'B', score: 0.2 },
      { id: 'C', score: 0.5 },
      { id: 'D', score: 0.5 },
    ]);
    const { out } = await cli('route', 'eval', '--data', data(), '--scores', scores, '--json', '--prices', '1,1,10,10');
    const j = JSON.parse(out) as { router: Record<string, unknown>; cost_basis_headline: string };
    expect(out.trim().split('\n')).toHaveLength(1);
    expect(j.cost_basis_headline).toBe('prices');
    expect(j.router.APGR).toBeCloseTo(0.5, 12);
    expect(j.router.S95).toBeCloseTo(0.2125, 12);
    const direct = evaluateRouter(
      [
        { id: 'A', weak: { score: 0 }, strong: { score: 1 }, prompt_tokens: 1 },
        { id: 'B', weak: { score: 0 }, strong: { score: 1 }, prompt_tokens: 1 },
        { id: 'C', weak: { score: 1 }, strong: { score: 1 }, prompt_tokens: 1 },
        { id: 'D', weak: { score: 1 }, strong: { score: 0 }, prompt_tokens: 1 },
      ],
      [0.9, 0.2, 0.5, 0.5],
      { prices: [1, 1, 10, 10] },
    );
    expect(j.router.cost_ratio_at_q95).toBeCloseTo(direct.router.costRatio!, 12);
  });

  it('scores with the configured scorer when --scores is absent', async () => {
    const { out } = await cli('route', 'eval', '--data', data(), '--config', config, '--json');
    const j = JSON.parse(out) as { n: number; scores: string; router: { APGR: number } };
    expect(j.n).toBe(4);
    expect(j.scores).toContain('w.json');
    expect(typeof j.router.APGR).toBe('number');
  });

  it('adds bootstrap intervals with --bootstrap, deterministic for a seed', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ id: `r${i}`, messages: [{ role: 'user', content: 'q' }], weak: { score: i % 3 === 0 ? 0 : 1 }, strong: { score: 1 } }));
    const dataPath = file('big.jsonl', rows);
    // scores that rank the weak model's failures first, with some noise
    const scores = file('bs.jsonl', rows.map((r, i) => ({ id: r.id, score: i % 3 === 0 ? 0.6 + (i % 5) / 10 : (i % 7) / 10 })));
    const { out } = await cli('route', 'eval', '--data', dataPath, '--scores', scores, '--bootstrap', '50', '--seed', '7');
    const m = /bootstrap \(B=50, seed 7\): APGR 95% CI \[([\d.]+), ([\d.]+)\], CPT50 95% CI \[[\d.]+, [\d.]+\], P\(APGR>0\.5\)=([\d.]+)/.exec(out);
    expect(m, out).not.toBeNull();
    const [lo, hi] = [Number(m![1]), Number(m![2])];
    const point = Number(/^router\s+([\d.]+)/m.exec(out)![1]);
    expect(lo).toBeLessThanOrEqual(point);
    expect(hi).toBeGreaterThanOrEqual(point);
    expect(lo).toBeLessThan(hi);
    const json = JSON.parse((await cli('route', 'eval', '--data', dataPath, '--scores', scores, '--bootstrap', '50', '--seed', '7', '--json')).out) as { bootstrap: { B: number; APGR_95ci: number[] } };
    expect(json.bootstrap.B).toBe(50);
    expect(json.bootstrap.APGR_95ci.map((x) => x.toFixed(4))).toEqual([lo.toFixed(4), hi.toFixed(4)]);
    await expect(cli('route', 'eval', '--data', dataPath, '--scores', scores, '--bootstrap', '0')).rejects.toThrow(/--bootstrap must be a whole number >= 1/);
  });

  it('rejects missing scores and bad prices', async () => {
    const partial = file('p.jsonl', [{ id: 'A', score: 1 }]);
    await expect(cli('route', 'eval', '--data', data(), '--scores', partial)).rejects.toThrow(/3 of 4 data ids have no score/);
    await expect(cli('route', 'eval', '--data', data(), '--config', config, '--prices', '1,2,3')).rejects.toThrow(/--prices needs four/);
  });
});
