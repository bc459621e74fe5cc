/**
 * Canonical `StreamPart`s -> Anthropic Messages stream events. The reverse of anthropic-stream-to-parts.ts,
 * used by the Anthropic front door whatever protocol the upstream spoke. Stateful: one encoder per response.
 *
 * Event order: `message_start` (input usage estimated: the upstream's count arrives later) and `ping`, then
 * one `content_block_start` / `content_block_delta`* / `content_block_stop` run per block (thinking with
 * `thinking_delta` and `signature_delta`, text with `text_delta`, tool_use with `input_json_delta`), then
 * `message_delta` with the stop reason and the exact cumulative usage, then `message_stop`.
 *
 * Anthropic blocks never interleave, but OpenAI-protocol upstreams may stream parallel tool calls
 * interleaved, or text and reasoning in the middle of a call (a stray "\n" between its name and its
 * arguments). A tool call stays open until its arguments are complete JSON; whatever starts meanwhile
 * (calls, text, reasoning) is held back and sent, in order, when the open call completes (or at the end).
 * Sequential calls, the usual case, stream without delay.
 *
 * Arguments are forwarded only while they can still begin a JSON object: the Anthropic SDK fails the whole
 * stream on an `input_json_delta` text that cannot be JSON, and cheap models sometimes emit such text. The
 * client then holds a valid (possibly partial) object, or `{}` when nothing valid came, as the
 * non-streaming answer gives.
 */
import type { FinishReason, StreamPart, Usage } from '../spec/chat.js';
import type { AnthropicResponseBlock, AnthropicStreamEvent } from './anthropic-types.js';
import { toAnthropicMessageId } from './anthropic-message-id.js';
import { toAnthropicUsage } from './normalize-anthropic-usage.js';
import { stopReason } from './openai-to-anthropic-response.js';
import { JsonObjectPrefix } from './json-prefix.js';

export interface AnthropicStreamEncoderOptions {
  id: string;
  /** The model name shown to the client. */
  model: string;
  /** Input tokens announced in `message_start` (the exact count follows in `message_delta`). */
  inputEstimate: number;
}

export interface AnthropicStreamEncoder {
  /** The events for one canonical part (none for `usage`, `end` and `error`: the caller handles those). */
  push(part: StreamPart, emit: (event: AnthropicStreamEvent) => void): void;
  /** Closes open blocks, then `message_delta` with `usage` (exact, cumulative) and `message_stop`. */
  finish(usage: Usage, emit: (event: AnthropicStreamEvent) => void): void;
}

interface ToolSlot {
  id: string;
  name: string;
  args: string;
  state: 'pending' | 'open' | 'closed';
  /** Whether `args` so far can begin a JSON object; what follows an invalid character is not sent. */
  json: JsonObjectPrefix;
}

type OpenBlock = { kind: 'text' } | { kind: 'thinking'; signed: boolean } | { kind: 'tool'; slot: ToolSlot };

type Emit = (event: AnthropicStreamEvent) => void;

/** What arrived while a tool call's arguments were still incomplete: a call that started, or another part. */
type Held = { slot: ToolSlot } | { part: StreamPart };

export function createAnthropicStreamEncoder(options: AnthropicStreamEncoderOptions): AnthropicStreamEncoder {
  let started = false;
  let index = 0;
  let open: OpenBlock | null = null;
  const tools = new Map<number, ToolSlot>();
  const held: Held[] = [];
  let finish: { reason: FinishReason; stopSequence: string | null } | undefined;
  /** Whitespace-only text not sent yet: it goes out with the words that follow it, or not at all. */
  let blank = '';

  const ensureStarted = (emit: Emit): void => {
    if (started) return;
    started = true;
    emit({
      type: 'message_start',
      message: {
        id: toAnthropicMessageId(options.id),
        type: 'message',
        role: 'assistant',
        model: options.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: options.inputEstimate, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 0 },
      },
    });
    emit({ type: 'ping' });
  };

  const startBlock = (block: AnthropicResponseBlock, emit: Emit): void => {
    if (block.type !== 'text') blank = '';
    emit({ type: 'content_block_start', index, content_block: block });
  };

  const closeOpen = (emit: Emit): void => {
    if (!open) return;
    emit({ type: 'content_block_stop', index });
    if (open.kind === 'tool') open.slot.state = 'closed';
    index++;
    open = null;
  };

  const openTool = (slot: ToolSlot, emit: Emit): void => {
    startBlock({ type: 'tool_use', id: slot.id, name: slot.name, input: {} }, emit);
    const sendable = slot.json.push(slot.args) ? slot.args : '';
    if (sendable !== '') emit({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: sendable } });
    slot.state = 'open';
    open = { kind: 'tool', slot };
  };

  /**
   * Whether a tool block is open with arguments that are not complete JSON yet: new blocks must wait.
   * Tracked incrementally: re-parsing the arguments on every delta was quadratic (seconds for 300 KB).
   */
  const holding = (): boolean => open?.kind === 'tool' && !open.slot.json.complete;

  /**
   * Sends what was held back, in order, while the open call is complete; with `force` (the answer is
   * finishing) all of it, each held call whole, then closes the last block.
   */
  const release = (emit: Emit, force: boolean): void => {
    while (held.length > 0 && (force || !holding())) {
      const next = held.shift()!;
      if ('slot' in next) {
        closeOpen(emit);
        openTool(next.slot, emit);
      } else {
        handle(next.part, emit);
      }
    }
    if (force) closeOpen(emit);
  };

  /** Continues an unsigned thinking block, or starts one. */
  const openThinking = (emit: Emit): void => {
    if (open?.kind === 'thinking' && !open.signed) return;
    closeOpen(emit);
    startBlock({ type: 'thinking', thinking: '', signature: '' }, emit);
    open = { kind: 'thinking', signed: false };
  };

  /** One part, with nothing held back before it. */
  const handle = (part: StreamPart, emit: Emit): void => {
    switch (part.type) {
      case 'text': {
        let text = part.text;
        if (open?.kind !== 'text') {
          // Whitespace that would start a text block waits for words: before a tool call (an OpenAI-protocol
          // model's "\n\n") it is dropped, as Claude refuses it when the agent sends the turn back.
          if (text.trim() === '') {
            blank += text;
            break;
          }
          text = blank + text;
          blank = '';
          closeOpen(emit);
          startBlock({ type: 'text', text: '' }, emit);
          open = { kind: 'text' };
        }
        emit({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } });
        break;
      }
      case 'reasoning':
        openThinking(emit);
        emit({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: part.text } });
        break;
      case 'reasoning-signature':
        openThinking(emit);
        emit({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: part.signature } });
        // A signature ends its block: further reasoning starts a new one.
        open = { kind: 'thinking', signed: true };
        break;
      case 'redacted-reasoning':
        closeOpen(emit);
        startBlock({ type: 'redacted_thinking', data: part.data }, emit);
        open = { kind: 'thinking', signed: true };
        closeOpen(emit);
        break;
      default:
        break;
    }
  };

  return {
    push(part, emit) {
      switch (part.type) {
        case 'start':
          ensureStarted(emit);
          break;
        case 'text':
        case 'reasoning':
          if (part.text === '') break;
        // falls through
        case 'reasoning-signature':
        case 'redacted-reasoning':
          ensureStarted(emit);
          if (holding()) held.push({ part });
          else handle(part, emit);
          break;
        case 'tool-call-start': {
          ensureStarted(emit);
          const slot: ToolSlot = { id: part.id, name: part.name, args: '', state: 'pending', json: new JsonObjectPrefix() };
          tools.set(part.index, slot);
          if (holding()) {
            held.push({ slot });
          } else {
            closeOpen(emit);
            openTool(slot, emit);
          }
          break;
        }
        case 'tool-call-delta': {
          const slot = tools.get(part.index);
          if (!slot || part.arguments === '') break;
          if (slot.state === 'open' && slot.json.valid && slot.json.push(part.arguments)) {
            emit({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: part.arguments } });
          }
          // A delta for a call already closed cannot be sent any more (blocks do not reopen): dropped.
          if (slot.state !== 'closed') slot.args += part.arguments;
          release(emit, false);
          break;
        }
        case 'finish':
          ensureStarted(emit);
          finish = { reason: part.reason, stopSequence: part.stopSequence ?? null };
          release(emit, true);
          break;
        default:
          // usage: reported once, exact, in message_delta; end/error: the caller writes the ending.
          break;
      }
    },

    finish(usage, emit) {
      ensureStarted(emit);
      release(emit, true);
      const reason = finish ?? { reason: 'stop' as const, stopSequence: null };
      emit({
        type: 'message_delta',
        delta: { stop_reason: stopReason({ finishReason: reason.reason, stopSequence: reason.stopSequence }, tools.size > 0), stop_sequence: reason.stopSequence },
        usage: toAnthropicUsage(usage),
      });
      emit({ type: 'message_stop' });
    },
  };
}
