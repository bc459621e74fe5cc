/**
 * Anthropic accepts tool_use ids matching `^[a-zA-Z0-9_-]+$`; other providers' ids may not (Kimi sends
 * `functions.get_weather:0`). Such an id is rewritten the same way wherever it appears (the assistant's
 * tool_use and the tool_result answering it), with a hash of the original so distinct ids stay distinct.
 */
const VALID = /^[a-zA-Z0-9_-]+$/;

export function anthropicToolId(id: string): string {
  if (VALID.test(id)) return id;
  return `${id.replace(/[^a-zA-Z0-9_-]/g, '_')}_${fnv1a(id).toString(36)}`;
}

/** 32-bit FNV-1a over UTF-16 code units: stable, dependency-free, enough to keep ids apart. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
