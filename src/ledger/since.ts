/** Parses report time bounds: a duration back from now (`30m`, `24h`, `7d`) or an ISO date. */

const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const MAX_DATE_MS = 8.64e15;

/** ms since the epoch; throws a RangeError explaining the accepted forms. */
export function parseTimeBound(value: string, now: number = Date.now()): number {
  const text = value.trim();
  const duration = /^(\d+(?:\.\d+)?)\s*([smhdw])$/i.exec(text);
  if (duration) {
    const [, amount, unit] = duration;
    const ms = now - Math.round(Number(amount) * (UNIT_MS[(unit ?? '').toLowerCase()] ?? 0));
    // a date must stay one (±8.64e15 ms): 99999999999d back from now is not
    if (ms >= -MAX_DATE_MS) return ms;
  }
  // Only date-shaped text goes to Date.parse, which would otherwise accept oddities like "1".
  const date = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (date) {
    const ms = Date.parse(text);
    // Date.parse rolls 2026-02-30 over to March 2; a day the month does not have is a typo, not a date
    if (!Number.isNaN(ms) && dayExists(Number(date[1]), Number(date[2]), Number(date[3]))) return ms;
  }
  throw new RangeError(`invalid time "${value}": use a duration such as 30m, 24h, 7d, or an ISO date such as 2025-06-01`);
}

function dayExists(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}
