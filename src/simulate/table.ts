/** The simulation report as a plain-text table (stdout of `switchyard simulate`). */
import { formatUsdFixed, parseUsd } from '../metering/money.js';
import type { ReportRow, SimulationReport } from './report.js';

const money = (exact: string): string => `$${formatUsdFixed(parseUsd(exact), 4)}`;
const pct = (v: number | null): string => (v === null ? '-' : `${v.toFixed(1)}%`);
const int = (n: number): string => n.toLocaleString('en-US');

function cells(r: ReportRow, withFailed: boolean): string[] {
  const out = [
    r.strategy,
    int(r.requests),
    money(r.cost_usd_exact),
    money(r.baseline_cost_usd_exact),
    pct(r.savings_pct),
    pct(r.premium_share * 100),
    r.quality === null ? '-' : r.quality.toFixed(3),
  ];
  if (withFailed) out.push(int(r.failed));
  return out;
}

/** Rows as aligned columns: text left, numbers right. */
export function renderRows(rows: readonly ReportRow[]): string {
  const withFailed = rows.some((r) => r.failed > 0);
  const header = ['STRATEGY', 'REQUESTS', 'COST', 'BASELINE', 'SAVINGS', 'PREMIUM', 'QUALITY', ...(withFailed ? ['REFUSED'] : [])];
  const body = rows.map((r) => cells(r, withFailed));
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]): string => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), ...body.map(line)].join('\n');
}

/** Markdown table of the same rows (for docs). */
export function renderMarkdown(rows: readonly ReportRow[]): string {
  const header = ['strategy', 'requests', 'cost', 'baseline cost', 'savings', 'premium share', 'quality'];
  const out = [`| ${header.join(' | ')} |`, `|---|${'--:|'.repeat(header.length - 1)}`];
  for (const r of rows) out.push(`| ${cells(r, false).join(' | ')} |`);
  return out.join('\n');
}

function skipText(reasons: Record<string, number>): string {
  return Object.entries(reasons).map(([why, n]) => `${why}: ${int(n)}`).join(', ');
}

export function renderReport(r: SimulationReport): string {
  const formats = Object.entries(r.formats).map(([f, n]) => `${f} ${int(n)}`).join(', ');
  const out = [
    `Trace   ${r.trace}: ${int(r.requests)} requests (${formats || 'none'})${r.skipped ? `, ${int(r.skipped)} skipped (${skipText(r.skip_reasons)})` : ''}${r.labelled ? `, ${int(r.labelled)} with outcome labels` : ''}`,
    `Config  ${r.config}; baseline ${r.baseline}; cache ${r.cache_mode}${r.labelled ? `; cascade fails below ${r.fail_below}` : ''}`,
  ];
  if (r.score_quantiles) {
    const q = r.score_quantiles;
    out.push(`Scores  p10 ${q.p10} p25 ${q.p25} p50 ${q.p50} p75 ${q.p75} p90 ${q.p90}; quality -> threshold: ${r.calibration === 'linear' ? '1 - quality (no calibration in the weights)' : r.calibration === 'score_quantiles' ? 'calibrated (score_quantiles)' : `calibrated (${r.calibration})`}`);
  }
  out.push('', renderRows(r.rows));
  if (r.notes.length) out.push('', ...r.notes.map((n) => `note: ${n}`));
  return `${out.join('\n')}\n`;
}
