/** Test helpers for adapter tests: fixture loading, a minimal SSE parser, and stream assembly. */
import { readFileSync } from 'node:fs';
import type { FinishReason, StreamPart, ToolCall, Usage, UpstreamErrorKind } from '../../spec/chat.js';
import type { ProviderConfig, ResolvedTarget, SseEvent, StreamDecoder } from '../../spec/provider.js';

/** Reads `__fixtures__/<name>` next to the calling test (`import.meta.url`). */
export function readFixture(testUrl: string, name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, testUrl), 'utf8');
}

export function readJsonFixture(testUrl: string, name: string): unknown {
  return JSON.parse(readFixture(testUrl, name)) as unknown;
}

/** Enough of the SSE format for recorded streams: `event:`/`data:` fields, comments, blank-line framing. */
export function parseSse(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of text.replace(/\r\n?/g, '\n').split(/\n\n+/)) {
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length > 0) events.push(event === undefined ? { data: data.join('\n') } : { event, data: data.join('\n') });
  }
  return events;
}

export function readSseFixture(testUrl: string, name: string): SseEvent[] {
  return parseSse(readFixture(testUrl, name));
}

export function decodeAll(decoder: StreamDecoder, events: readonly SseEvent[]): StreamPart[] {
  const parts: StreamPart[] = [];
  for (const event of events) decoder.push(event, (part) => parts.push(part));
  return parts;
}

export interface Assembled {
  id?: string;
  model?: string;
  text: string;
  reasoning: string;
  signatures: string[];
  redacted: string[];
  toolCalls: ToolCall[];
  finish?: FinishReason;
  stopSequence?: string | null;
  /** The last usage part: usage parts are cumulative. */
  usage?: Usage;
  usageParts: number;
  ended: boolean;
  errors: Array<{ message: string; kind: UpstreamErrorKind }>;
}

/** What a consumer would rebuild from the parts (text joined, tool calls by index, last usage). */
export function assemble(parts: readonly StreamPart[]): Assembled {
  const out: Assembled = { text: '', reasoning: '', signatures: [], redacted: [], toolCalls: [], usageParts: 0, ended: false, errors: [] };
  for (const part of parts) {
    switch (part.type) {
      case 'start':
        out.id = part.id;
        out.model = part.model;
        break;
      case 'text':
        out.text += part.text;
        break;
      case 'reasoning':
        out.reasoning += part.text;
        break;
      case 'reasoning-signature':
        out.signatures.push(part.signature);
        break;
      case 'redacted-reasoning':
        out.redacted.push(part.data);
        break;
      case 'tool-call-start':
        out.toolCalls[part.index] = { id: part.id, type: 'function', function: { name: part.name, arguments: '' } };
        break;
      case 'tool-call-delta': {
        const call = out.toolCalls[part.index];
        if (!call) throw new Error(`tool-call-delta for unknown index ${part.index}`);
        call.function.arguments += part.arguments;
        break;
      }
      case 'finish':
        out.finish = part.reason;
        if (part.stopSequence !== undefined) out.stopSequence = part.stopSequence;
        break;
      case 'usage':
        out.usage = part.usage;
        out.usageParts++;
        break;
      case 'end':
        out.ended = true;
        break;
      case 'error':
        out.errors.push({ message: part.message, kind: part.kind });
        break;
    }
  }
  return out;
}

export function makeTarget(provider: ProviderConfig, upstreamModel = 'test-model', extra: Partial<ResolvedTarget> = {}): ResolvedTarget {
  return {
    modelId: `${provider.name}/${upstreamModel}`,
    provider,
    upstreamModel,
    price: { input: 1, output: 2 },
    ...extra,
  };
}

export const TEST_KEY = 'sk-test-SECRET-0123456789abcdef';
