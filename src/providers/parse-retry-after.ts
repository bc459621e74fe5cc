/**
 * `retry-after-ms` (OpenAI, Anthropic SDK convention) wins over `Retry-After`, which is either seconds
 * (possibly fractional) or an HTTP date. Returns milliseconds, uncapped; undefined when absent or invalid.
 */
type Headers = Record<string, string | string[] | undefined>;

export function parseRetryAfter(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = header(headers, 'retry-after-ms');
  if (ms !== undefined) {
    const value = Number(ms);
    if (ms.trim() !== '' && Number.isFinite(value) && value >= 0) return Math.ceil(value);
  }
  const raw = header(headers, 'retry-after');
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (/^\d+(?:\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  // HTTP dates always name the day and month; this also keeps Date.parse from accepting "-1" as a year.
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Header lookup tolerant of case (undici lower-cases, hand-built maps may not) and repeated headers. */
export function header(headers: Headers, name: string): string | undefined {
  let value = headers[name];
  if (value === undefined) {
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() === name) {
        value = headers[key];
        break;
      }
    }
  }
  return Array.isArray(value) ? value[0] : value;
}
