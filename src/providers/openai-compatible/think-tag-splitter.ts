/**
 * Splits reasoning that a model writes inline as `<think>…</think>` at the start of its content (MiniMax
 * M-series over /v1) from the answer. Streaming-safe: tags may be cut anywhere between chunks, so a possible
 * partial tag is held back until the next chunk decides it. Content that does not start with `<think>`
 * passes through untouched.
 */
const OPEN = '<think>';
const CLOSE = '</think>';

export type SplitKind = 'text' | 'reasoning';

export interface ThinkTagSplitter {
  push(chunk: string, emit: (kind: SplitKind, text: string) => void): void;
  /** End of content: releases anything held back. */
  flush(emit: (kind: SplitKind, text: string) => void): void;
}

export function createThinkTagSplitter(): ThinkTagSplitter {
  let state: 'detect' | 'reasoning' | 'after' | 'text' = 'detect';
  let buffer = '';

  return {
    push(chunk, emit) {
      if (state === 'text') {
        if (chunk) emit('text', chunk);
        return;
      }
      buffer += chunk;
      for (;;) {
        if (state === 'detect') {
          const head = buffer.trimStart();
          if (head.length < OPEN.length && OPEN.startsWith(head)) return; // undecided (empty or partial tag)
          if (head.startsWith(OPEN)) {
            buffer = head.slice(OPEN.length);
            state = 'reasoning';
            continue;
          }
          state = 'text';
          emit('text', buffer);
          buffer = '';
          return;
        }
        if (state === 'reasoning') {
          const end = buffer.indexOf(CLOSE);
          if (end >= 0) {
            if (end > 0) emit('reasoning', buffer.slice(0, end));
            buffer = buffer.slice(end + CLOSE.length);
            state = 'after';
            continue;
          }
          const keep = partialSuffix(buffer, CLOSE);
          if (buffer.length > keep) emit('reasoning', buffer.slice(0, buffer.length - keep));
          buffer = buffer.slice(buffer.length - keep);
          return;
        }
        // 'after': the blank lines between </think> and the answer are formatting, not content.
        buffer = buffer.trimStart();
        if (buffer === '') return;
        state = 'text';
        emit('text', buffer);
        buffer = '';
        return;
      }
    },
    flush(emit) {
      if (buffer !== '') {
        if (state === 'detect') emit('text', buffer);
        else if (state === 'reasoning') emit('reasoning', buffer);
      }
      buffer = '';
    },
  };
}

/** Length of the longest suffix of `text` that is a proper prefix of `tag`. */
function partialSuffix(text: string, tag: string): number {
  for (let n = Math.min(tag.length - 1, text.length); n > 0; n--) {
    if (text.endsWith(tag.slice(0, n))) return n;
  }
  return 0;
}

/** Whole-content variant for non-streaming responses. */
export function splitThinkTags(content: string): { text: string; reasoning: string } {
  let text = '';
  let reasoning = '';
  const emit = (kind: SplitKind, piece: string): void => {
    if (kind === 'text') text += piece;
    else reasoning += piece;
  };
  const splitter = createThinkTagSplitter();
  splitter.push(content, emit);
  splitter.flush(emit);
  return { text, reasoning };
}

/** The reverse, for history sent back to such an upstream. */
export function inlineThinkTags(reasoning: string, text: string): string {
  return `${OPEN}${reasoning}${CLOSE}\n\n${text}`;
}
