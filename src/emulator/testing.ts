/**
 * Small helpers for tests that talk to the emulator over real HTTP (global fetch), shared by the
 * emulator's own tests and usable by end-to-end tests.
 */

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<HttpResult> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal,
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

export interface SseMessage {
  event?: string;
  data: string;
}

/** Parses complete SSE text into events (comment lines are skipped, `data:` lines joined). */
export function parseSse(text: string): SseMessage[] {
  const out: SseMessage[] = [];
  for (const block of text.split('\n\n')) {
    if (block.trim() === '') continue;
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length > 0 || event !== undefined) out.push(event === undefined ? { data: data.join('\n') } : { event, data: data.join('\n') });
  }
  return out;
}

/** The JSON payloads of an OpenAI stream, `[DONE]` excluded. */
export function openaiChunks(text: string): Array<Record<string, unknown>> {
  return parseSse(text)
    .filter((m) => m.data !== '[DONE]')
    .map((m) => JSON.parse(m.data) as Record<string, unknown>);
}
