import { describe, expect, it } from 'vitest';
import type { SseEvent } from '../spec/provider.js';
import { createSseParser, SseLimitError } from './sse.js';

function parseChunks(chunks: (Buffer | string)[]): SseEvent[] {
  const out: SseEvent[] = [];
  const p = createSseParser((e) => out.push(e));
  for (const c of chunks) p.push(c);
  p.end();
  return out;
}

function parseAll(text: string): SseEvent[] {
  return parseChunks([Buffer.from(text, 'utf8')]);
}

const SAMPLE_EVENTS: SseEvent[] = [
  { event: undefined, data: '{"a":"héllo 日本 🎉"}' },
  { event: 'message_start', data: '{"type":"message_start"}' },
  { event: undefined, data: 'line one\nline two\n' },
  { event: undefined, data: 'no-space' },
  { event: undefined, data: '' },
  { event: undefined, data: '[DONE]' },
];

function sample(eol: string): string {
  return [
    ': OPENROUTER PROCESSING',
    '',
    'data: {"a":"héllo 日本 🎉"}',
    '',
    'event: message_start',
    'data: {"type":"message_start"}',
    '',
    ':keep-alive',
    'data: line one',
    'data:line two',
    'data:',
    'id: 7',
    'retry: 1000',
    '',
    'data:no-space',
    '',
    'data:',
    '',
    'event: ping',
    '',
    'data: [DONE]',
    '',
    '',
  ].join(eol);
}

describe('createSseParser', () => {
  it.each([
    ['\\n', '\n'],
    ['\\r\\n', '\r\n'],
    ['\\r', '\r'],
  ])('parses events, comments, multi-line data and both data forms with %s line ends', (_name, eol) => {
    expect(parseAll(sample(eol))).toEqual(SAMPLE_EVENTS);
  });

  it('gives the same events when split at every byte position (UTF-8 and CRLF included)', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const bytes = Buffer.from(sample(eol), 'utf8');
      for (let i = 0; i <= bytes.length; i++) {
        const events = parseChunks([bytes.subarray(0, i), bytes.subarray(i)]);
        expect(events, `eol=${JSON.stringify(eol)} split=${i}`).toEqual(SAMPLE_EVENTS);
      }
    }
  });

  it('gives the same events when fed one byte at a time', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const bytes = Buffer.from(sample(eol), 'utf8');
      const chunks: Buffer[] = [];
      for (let i = 0; i < bytes.length; i++) chunks.push(bytes.subarray(i, i + 1));
      expect(parseChunks(chunks)).toEqual(SAMPLE_EVENTS);
    }
  });

  it('gives the same events for random three-way splits', () => {
    const bytes = Buffer.from(sample('\r\n'), 'utf8');
    let seed = 42;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let k = 0; k < 500; k++) {
      const a = rnd(bytes.length + 1);
      const b = a + rnd(bytes.length - a + 1);
      expect(parseChunks([bytes.subarray(0, a), bytes.subarray(a, b), bytes.subarray(b)])).toEqual(SAMPLE_EVENTS);
    }
  });

  it('accepts string chunks', () => {
    expect(parseChunks(['data: a\n', '\ndata: b\n\n'])).toEqual([
      { event: undefined, data: 'a' },
      { event: undefined, data: 'b' },
    ]);
  });

  it('strips a leading byte-order mark, even split across chunks', () => {
    const bytes = Buffer.from('\uFEFFdata: x\n\n', 'utf8');
    expect(parseChunks([bytes.subarray(0, 1), bytes.subarray(1, 2), bytes.subarray(2)])).toEqual([
      { event: undefined, data: 'x' },
    ]);
  });

  it('keeps only one leading space of a value', () => {
    expect(parseAll('data:   x \n\n')).toEqual([{ event: undefined, data: '  x ' }]);
  });

  it('treats a line without a colon as a field with an empty value', () => {
    expect(parseAll('data\n\n')).toEqual([{ event: undefined, data: '' }]);
    expect(parseAll('event\ndata: y\n\n')).toEqual([{ event: undefined, data: 'y' }]);
  });

  it('ignores unknown fields and does not dispatch an event without data', () => {
    expect(parseAll('foo: bar\nevent: ping\n\ndatax: 1\ndata: z\n\n')).toEqual([{ event: undefined, data: 'z' }]);
  });

  it('resets the event type after each event', () => {
    expect(parseAll('event: a\ndata: 1\n\ndata: 2\n\n')).toEqual([
      { event: 'a', data: '1' },
      { event: undefined, data: '2' },
    ]);
  });

  it('flushes a last event whose blank line is missing at end()', () => {
    expect(parseAll('data: 1\n\ndata: [DONE]\n')).toEqual([
      { event: undefined, data: '1' },
      { event: undefined, data: '[DONE]' },
    ]);
    expect(parseAll('data: [DONE]\r')).toEqual([{ event: undefined, data: '[DONE]' }]);
  });

  it('drops an event cut in the middle of a line at end()', () => {
    expect(parseAll('data: 1\n\ndata: {"choices":[{"fin')).toEqual([{ event: undefined, data: '1' }]);
    expect(parseAll('data: a\ndata: {"x')).toEqual([]);
  });

  it('delivers nothing before a blank line', () => {
    const out: SseEvent[] = [];
    const p = createSseParser((e) => out.push(e));
    p.push('data: 1\n');
    expect(out).toEqual([]);
    p.push('\n');
    expect(out).toEqual([{ event: undefined, data: '1' }]);
  });

  it('throws SseLimitError for an event beyond maxEventLength', () => {
    const p = createSseParser(() => {}, { maxEventLength: 16 });
    expect(() => p.push('data: ' + 'x'.repeat(40))).toThrow(SseLimitError);
    const q = createSseParser(() => {}, { maxEventLength: 16 });
    expect(() => q.push('data: 0123456789\ndata: 0123456789\n')).toThrow(SseLimitError);
  });

  it('lets an exception from onEvent reach the caller of push', () => {
    const p = createSseParser(() => {
      throw new Error('boom');
    });
    expect(() => p.push('data: 1\n\n')).toThrow('boom');
  });
});
