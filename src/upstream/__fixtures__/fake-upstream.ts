/**
 * Test helpers (excluded from the build): a minimal OpenAI-like adapter and throwaway local servers.
 * Deliberately independent of src/providers so the upstream layer is tested on its own.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ChatRequest, ChatResponse, StreamPart, UpstreamErrorKind } from '../../spec/chat.js';
import type { ProviderAdapter, ResolvedTarget, StreamDecoder, UpstreamErrorInfo } from '../../spec/provider.js';
import type { RetryPolicy, UpstreamTimeouts } from '../../config/types.js';

export const API_KEY = 'sk-test-SECRET-0123456789';
export const QUERY_SECRET = 'qs-SECRET-987';

export function target(baseUrl: string): ResolvedTarget {
  return {
    modelId: 'fake/model',
    provider: { name: 'fake', protocol: 'openai', baseUrl, apiKey: API_KEY, jurisdiction: 'US' },
    upstreamModel: 'model-1',
    price: { input: 1, output: 2 },
  };
}

export const request: ChatRequest = { model: 'fake/model', messages: [{ role: 'user', content: 'hi' }] };

export const timeouts: UpstreamTimeouts = { connectMs: 1000, firstByteMs: 400, idleMs: 300, totalMs: 5000 };
export const retry: RetryPolicy = { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, retryAfterCapMs: 1000 };

interface WireChunk {
  id?: string;
  model?: string;
  choices?: { delta?: { content?: string }; finish_reason?: string | null }[];
  error?: { kind: UpstreamErrorKind; message: string };
}

class FakeDecoder implements StreamDecoder {
  private started = false;
  push(event: { data: string }, emit: (part: StreamPart) => void): void {
    if (event.data === '[DONE]') {
      emit({ type: 'end' });
      return;
    }
    const chunk = JSON.parse(event.data) as WireChunk; // throws on malformed input, as adapters do
    if (chunk.error) {
      emit({ type: 'error', kind: chunk.error.kind, message: chunk.error.message });
      return;
    }
    if (!this.started) {
      this.started = true;
      emit({ type: 'start', id: chunk.id ?? 'id', model: chunk.model ?? 'model-1', created: 1 });
    }
    const choice = chunk.choices?.[0];
    if (choice?.delta?.content) emit({ type: 'text', text: choice.delta.content });
    if (choice?.finish_reason) emit({ type: 'finish', reason: 'stop' });
  }
}

export class MalformedError extends Error {
  constructor(readonly info: UpstreamErrorInfo) {
    super(info.message);
  }
}

export const fakeAdapter: ProviderAdapter = {
  protocol: 'openai',
  buildRequest(req, t, stream) {
    return {
      url: `${t.provider.baseUrl}/chat/completions?key=${QUERY_SECRET}`,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.provider.apiKey}` },
      body: JSON.stringify({ ...req, model: t.upstreamModel, stream }),
    };
  },
  parseResponse(body): ChatResponse {
    const b = body as { id?: string; choices?: { message?: { content?: string } }[] };
    const content = b.choices?.[0]?.message?.content;
    if (typeof content !== 'string') {
      throw new MalformedError({ kind: 'invalid_response', status: 502, message: 'no choices in response' });
    }
    return {
      id: b.id ?? 'id',
      model: 'model-1',
      created: 1,
      message: { role: 'assistant', content },
      finishReason: 'stop',
      usage: { input: 1, cacheRead: 0, cacheWrite: 0, output: 1, reasoning: 0 },
    };
  },
  createStreamDecoder() {
    return new FakeDecoder();
  },
  parseError(status, body) {
    const code = typeof body === 'object' && body !== null ? (body as { error?: { code?: string } }).error?.code : undefined;
    const message = typeof body === 'string' ? `raw:${body.slice(0, 40)}` : `upstream error ${code ?? status}`;
    let kind: UpstreamErrorKind;
    if (code === 'context_length_exceeded') kind = 'context_length';
    else if (code === 'content_filter') kind = 'content_filter';
    else if (status === 429) kind = 'rate_limit';
    else if (status === 401) kind = 'auth';
    else if (status === 503) kind = 'overloaded';
    else if (status >= 500) kind = 'server';
    else kind = 'bad_request';
    return code === undefined ? { kind, status, message } : { kind, status, message, providerCode: code };
  },
};

export function okBody(text = 'hello'): string {
  return JSON.stringify({ id: 'r1', choices: [{ message: { role: 'assistant', content: text } }] });
}

export function sse(obj: unknown): string {
  return `data: ${typeof obj === 'string' ? obj : JSON.stringify(obj)}\n\n`;
}

export const textChunk = (t: string): string => sse({ id: 's1', choices: [{ delta: { content: t } }] });
export const finishChunk = sse({ id: 's1', choices: [{ delta: {}, finish_reason: 'stop' }] });
export const DONE = sse('[DONE]');

export type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

export interface TestServer {
  /** Base URL with `/v1`, like an OpenAI-compatible provider's. */
  baseUrl: string;
  port: number;
  hits(): number;
  /** Number of TCP connections accepted. */
  connections(): number;
  /** Request bodies received, parsed. */
  bodies: unknown[];
  close(): Promise<void>;
}

export async function startServer(handler: Handler): Promise<TestServer> {
  let hits = 0;
  let connections = 0;
  const sockets = new Set<Socket>();
  const bodies: unknown[] = [];
  const server = createServer((req, res) => {
    const n = ++hits;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        bodies.push(undefined);
      }
      handler(req, res, n);
    });
  });
  server.on('connection', (s: Socket) => {
    connections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    port,
    hits: () => hits,
    connections: () => connections,
    bodies,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export function json(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body);
}

export function sseHead(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.flushHeaders();
}

export async function collect(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const out: StreamPart[] = [];
  for await (const p of parts) out.push(p);
  return out;
}

export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
