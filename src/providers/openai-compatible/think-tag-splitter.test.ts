import { describe, expect, it } from 'vitest';
import { createThinkTagSplitter, splitThinkTags } from './think-tag-splitter.js';

function streamSplit(chunks: string[]): { text: string; reasoning: string } {
  let text = '';
  let reasoning = '';
  const emit = (kind: 'text' | 'reasoning', piece: string): void => {
    if (kind === 'text') text += piece;
    else reasoning += piece;
  };
  const splitter = createThinkTagSplitter();
  for (const chunk of chunks) splitter.push(chunk, emit);
  splitter.flush(emit);
  return { text, reasoning };
}

describe('think tag splitter', () => {
  const content = '<think>\nplan: a < b </th not yet\n</think>\n\nAnswer <think>literal</think>';

  it('splits leading reasoning from the answer and keeps later tags as text', () => {
    expect(splitThinkTags(content)).toEqual({ reasoning: '\nplan: a < b </th not yet\n', text: 'Answer <think>literal</think>' });
  });

  it('gives the same result wherever the stream is cut (every 2-way and 3-way split)', () => {
    const expected = splitThinkTags(content);
    for (let i = 0; i <= content.length; i++) {
      expect(streamSplit([content.slice(0, i), content.slice(i)])).toEqual(expected);
      for (let j = i; j <= content.length; j += 7) {
        expect(streamSplit([content.slice(0, i), content.slice(i, j), content.slice(j)])).toEqual(expected);
      }
    }
  });

  it('passes content without a leading tag through untouched, leading whitespace included', () => {
    expect(streamSplit(['\n\nHel', 'lo <think>'])).toEqual({ text: '\n\nHello <think>', reasoning: '' });
    expect(streamSplit(['<th', 'ere'])).toEqual({ text: '<there', reasoning: '' });
  });

  it('treats an unclosed tag (output cut by max_tokens) as all reasoning', () => {
    expect(streamSplit(['<think>still thin', 'king</th'])).toEqual({ text: '', reasoning: 'still thinking</th' });
  });

  it('streams reasoning as it arrives rather than holding it to the end', () => {
    const pieces: string[] = [];
    const splitter = createThinkTagSplitter();
    splitter.push('<think>abc', (_kind, piece) => pieces.push(piece));
    splitter.push('def</', (_kind, piece) => pieces.push(piece));
    expect(pieces).toEqual(['abc', 'def']);
  });
});
