/**
 * The self-contained HTML report (`--html FILE`): the table and a cost-vs-quality chart drawn as inline
 * SVG, no scripts, fonts or other external assets. Without outcome labels the chart's vertical axis is
 * the premium share instead of quality.
 */
import type { ReportRow, SimulationReport } from './report.js';
import { renderRows } from './table.js';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const W = 720;
const H = 420;
const PAD = { left: 64, right: 24, top: 24, bottom: 48 };
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22'];

interface Point {
  row: ReportRow;
  x: number;
  y: number;
}

function nice(max: number): number {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((v) => v >= max) ?? max;
}

export function renderChart(r: SimulationReport): string {
  const useQuality = r.rows.some((row) => row.quality !== null);
  const pts: Point[] = r.rows.map((row) => ({ row, x: row.cost_usd, y: useQuality ? (row.quality ?? 0) : row.premium_share }));
  const xMax = nice(Math.max(...pts.map((p) => p.x), 0) * 1.05);
  const yVals = pts.map((p) => p.y);
  const yMin = useQuality ? Math.max(0, Math.floor((Math.min(...yVals) - 0.02) * 20) / 20) : 0;
  const yMax = useQuality ? Math.min(1, Math.ceil((Math.max(...yVals) + 0.02) * 20) / 20) : 1;
  const r1 = (v: number): number => Math.round(v * 10) / 10;
  const px = (x: number): number => r1(PAD.left + (x / xMax) * (W - PAD.left - PAD.right));
  const py = (y: number): number => r1(H - PAD.bottom - ((y - yMin) / (yMax - yMin || 1)) * (H - PAD.top - PAD.bottom));
  const parts: string[] = [];
  for (let k = 0; k <= 5; k++) {
    const xv = (xMax * k) / 5;
    const yv = yMin + ((yMax - yMin) * k) / 5;
    parts.push(`<line x1="${px(xv)}" y1="${PAD.top}" x2="${px(xv)}" y2="${H - PAD.bottom}" class="grid"/>`);
    parts.push(`<text x="${px(xv)}" y="${H - PAD.bottom + 16}" text-anchor="middle">$${xv.toFixed(xMax < 1 ? 3 : 2)}</text>`);
    parts.push(`<line x1="${PAD.left}" y1="${py(yv)}" x2="${W - PAD.right}" y2="${py(yv)}" class="grid"/>`);
    parts.push(`<text x="${PAD.left - 6}" y="${py(yv) + 4}" text-anchor="end">${useQuality ? yv.toFixed(2) : `${Math.round(yv * 100)}%`}</text>`);
  }
  parts.push(`<text x="${(PAD.left + W - PAD.right) / 2}" y="${H - 8}" text-anchor="middle" class="axis">cost (USD)</text>`);
  parts.push(`<text transform="translate(14 ${(PAD.top + H - PAD.bottom) / 2}) rotate(-90)" text-anchor="middle" class="axis">${useQuality ? 'quality (mean label score)' : 'premium share'}</text>`);
  pts.forEach((p, i) => {
    const color = COLORS[i % COLORS.length]!;
    parts.push(`<circle cx="${px(p.x)}" cy="${py(p.y)}" r="5" fill="${color}"><title>${esc(p.row.strategy)}</title></circle>`);
    parts.push(`<text x="${r1(px(p.x) + 8)}" y="${r1(py(p.y) - 6)}" class="label" fill="${color}">${i + 1}</text>`);
  });
  const legend = pts.map((p, i) => `<li><span style="color:${COLORS[i % COLORS.length]}">&#9679; ${i + 1}</span> ${esc(p.row.strategy)}</li>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="cost versus ${useQuality ? 'quality' : 'premium share'}">${parts.join('')}</svg><ol class="legend">${legend}</ol>`;
}

export function renderHtml(r: SimulationReport): string {
  const notes = r.notes.map((n) => `<li>${esc(n)}</li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Switchyard simulation: ${esc(r.trace)}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:980px;color:#222;padding:0 1rem}
h1{font-size:1.3rem}pre{background:#f6f8fa;padding:1rem;overflow:auto;font-size:12px}
svg text{font-size:11px;fill:#444}svg .axis{font-size:12px;fill:#222}svg .label{font-weight:600}
svg .grid{stroke:#e5e5e5;stroke-width:1}.legend{columns:2;font-size:13px}.legend li{list-style:none}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{color:#666}
</style></head><body>
<h1>Switchyard routing simulation</h1>
<dl><dt>trace</dt><dd>${esc(r.trace)} (${r.requests.toLocaleString('en-US')} requests${r.labelled ? `, ${r.labelled} with outcome labels` : ''})</dd>
<dt>config</dt><dd>${esc(r.config)}</dd><dt>baseline</dt><dd>${esc(r.baseline)}</dd><dt>cache</dt><dd>${esc(r.cache_mode)}</dd></dl>
${renderChart(r)}
<pre>${esc(renderRows(r.rows))}</pre>
${notes ? `<ul>${notes}</ul>` : ''}
</body></html>
`;
}
