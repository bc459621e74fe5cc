/** Public types of the provider emulator. */
import type { IncomingHttpHeaders } from 'node:http';

export interface EmulatorOptions {
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Port; 0 (default) picks a free one. */
  port?: number;
  /** Delay before the response headers of every request, in ms. Default 0. */
  latencyMs?: number;
  /** Delay between the headers and the first stream frame (non-streaming: added before the reply), in ms. Default 0. */
  ttftMs?: number;
  /** Pace streamed output at this many tokens per second; 0 (default) sends everything at once. */
  tokensPerSecond?: number;
  /** Keep the last 1000 requests in `Emulator.requests`. Default false (the benchmark leaves it off). */
  recordRequests?: boolean;
}

export interface RecordedRequest {
  method: string;
  /** The URL path, without the query string. */
  path: string;
  /** The raw request target, query string included. */
  url: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body; the raw text when it is not JSON; undefined when empty. */
  body: unknown;
}

export interface Emulator {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  /** Stops listening, destroys open sockets (stalled streams included) and cancels every pending timer. */
  close(): Promise<void>;
  /** Recorded requests, oldest first (only with `recordRequests`). The array is cleared in place by `reset()`. */
  readonly requests: RecordedRequest[];
  /** Forgets fault state (`fault-500-once`), the prompt cache and the recorded requests. */
  reset(): void;
}
