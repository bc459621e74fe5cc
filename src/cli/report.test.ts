import { describe, expect, it } from 'vitest';
import { buildReport } from '../ledger/report.js';
import { renderReport } from './report.js';

const row = (model: string, extra: Record<string, unknown>): Record<string, unknown> => ({
  k0: model, k1: 'p', requests: 1, errors: 0, superseded: 0, estimated: 0, input: 10, cache_read: 0, cache_write: 0, output: 5,
  reasoning: 0, cost_hi: 0, cost_lo: 7, baseline_hi: 0, baseline_lo: 14, ...extra,
});

describe('renderReport', () => {
  it('mentions superseded cascade attempts on the Requests line only when there are any', () => {
    const plain = renderReport(buildReport({}, [row('cheap', {})]), 'sqlite:x');
    expect(plain).toContain('Requests       1 (errors 0, usage estimated 0)\n');
    const cascaded = renderReport(buildReport({}, [row('cheap', { requests: 0, superseded: 1 }), row('premium', {})]), 'sqlite:x');
    expect(cascaded).toContain('Requests       1 (errors 0, usage estimated 0, plus 1 superseded cascade attempts billed)\n');
    // the tables get a SUPERSEDED column, so the cheap model's cost without a request is explained
    expect(cascaded).toMatch(/MODEL\s+PROVIDER\s+REQUESTS\s+ERRORS\s+SUPERSEDED\s+INPUT/);
    expect(cascaded).toMatch(/\ncheap\s+p\s+0\s+0\s+1\s+10\s/);
    expect(plain).not.toContain('SUPERSEDED');
    // the superseded attempt's cost is in the totals
    expect(buildReport({}, [row('cheap', { requests: 0, superseded: 1 }), row('premium', {})]).cost_usd_exact).toBe('0.000000000014');
  });
});
