/**
 * One replayable request, whatever trace format it came from (agent trace, routing data, gateway export).
 * Token counts follow the OpenAI convention: `input` includes cached tokens.
 */
import type { JurisdictionLists } from '../routing/constraints/types.js';
import type { ChatMessage, ChatRequest } from '../spec/chat.js';

export interface ObservedUsage {
  /** All input tokens, cache reads and writes included. */
  input: number;
  /** Input tokens read from the provider's cache. */
  cached: number;
  /** Input tokens written to the provider's cache (Anthropic-style). */
  cacheWrite: number;
  /** Output tokens, reasoning included. Undefined for routing data (it depends on the tier: see `outcome`). */
  output?: number;
}

/** The quality of each tier's answer, where a data set recorded both (routing data). */
export interface OutcomeLabels {
  weak: { score: number; outputTokens?: number; inputTokens?: number };
  strong: { score: number; outputTokens?: number; inputTokens?: number };
}

export type TraceFormat = 'agent' | 'routing' | 'switchyard' | 'prompt';

export interface TraceRecord {
  /** 1-based line number in the trace file. */
  line: number;
  id: string;
  format: TraceFormat;
  /** Conversation the request belongs to (agent run, ledger session): consecutive calls share a cache. */
  run?: string;
  /** The prompt; empty when the trace has none (an export without prompt logging). */
  messages: ChatMessage[];
  /** Request fields other than `model` and `messages` that routing reads (tools, response_format, ...). */
  request: Partial<Omit<ChatRequest, 'model' | 'messages'>>;
  usage: ObservedUsage;
  /** The model that served the request when the trace was recorded. */
  observedModel?: string;
  /** The model name the client sent (gateway exports), before `model_map`: rules on `when.model` read it. */
  requestedModel?: string;
  outcome?: OutcomeLabels;
  /** Routing headers an exported request carried (quality, jurisdictions, rules conditions). */
  headers?: Record<string, string>;
  /** The key's jurisdiction lists when an exported request was made (they constrain routing). */
  keyJurisdictions?: JurisdictionLists;
  /** The score the gateway recorded for an exported request that has no prompt (prompt logging off). */
  recordedScore?: number;
  /** The gateway's own input estimate for an exported request (what its rules and checks saw). */
  inputEstimate?: number;
  /** Which token counts the trace did not record and the simulator estimated (see parse-line.ts). */
  estimated?: { input: boolean; output: boolean };
  /** Key and project of an exported request (rules conditions). */
  keyId?: string | null;
  project?: string | null;
}

export interface TraceFile {
  path: string;
  records: TraceRecord[];
  /** Lines not replayed (failed requests in an export, lines without usage), with why. */
  skipped: number;
  skipReasons: Record<string, number>;
  formats: Partial<Record<TraceFormat, number>>;
  /** Records whose run's task (system + first user message) was put back in front (see restore-head.ts). */
  restoredHeads: number;
  /** Records whose input tokens were estimated from the prompt, and whose output tokens were assumed. */
  estimatedInput: number;
  estimatedOutput: number;
  /** The output tokens assumed for a request that recorded none. */
  assumedOutput: number;
}
