import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../spec/chat.js';
import { ToolCallTracker } from './tool-call-tracker.js';

function run(deltas: unknown[]): StreamPart[] {
  const parts: StreamPart[] = [];
  const tracker = new ToolCallTracker();
  for (const delta of deltas) tracker.push(delta, (part) => parts.push(part));
  return parts;
}

describe('tool call tracker', () => {
  it('separates parallel calls that reuse index 0 with distinct ids (Gemini)', () => {
    expect(
      run([
        { index: 0, id: 'a', function: { name: 'f', arguments: '{}' } },
        { index: 0, id: 'b', function: { name: 'g', arguments: '{"x":1}' } },
      ]),
    ).toEqual([
      { type: 'tool-call-start', index: 0, id: 'a', name: 'f' },
      { type: 'tool-call-delta', index: 0, arguments: '{}' },
      { type: 'tool-call-start', index: 1, id: 'b', name: 'g' },
      { type: 'tool-call-delta', index: 1, arguments: '{"x":1}' },
    ]);
  });

  it('continues a call when later deltas repeat its id or carry none', () => {
    expect(
      run([
        { id: 'a', function: { name: 'f', arguments: '{"q"' } },
        { id: 'a', function: { arguments: ':1' } },
        { function: { arguments: '}' } },
      ]).filter((part) => part.type === 'tool-call-delta'),
    ).toEqual([
      { type: 'tool-call-delta', index: 0, arguments: '{"q"' },
      { type: 'tool-call-delta', index: 0, arguments: ':1' },
      { type: 'tool-call-delta', index: 0, arguments: '}' },
    ]);
  });

  it('invents an id when the first delta has none, and treats an empty id as none', () => {
    const deltas = [{ index: 0, id: '', function: { name: 'f' } }, { index: 0, id: '', function: { arguments: '{}' } }, { index: 1, function: { name: 'g' } }];
    const parts = run(deltas);
    expect(parts).toEqual([
      { type: 'tool-call-start', index: 0, id: expect.stringMatching(/^call_[\w-]{8}_0$/) as unknown, name: 'f' },
      { type: 'tool-call-delta', index: 0, arguments: '{}' },
      { type: 'tool-call-start', index: 1, id: expect.stringMatching(/^call_[\w-]{8}_1$/) as unknown, name: 'g' },
    ]);
    // unique across answers too: a later turn sent to Claude carries every earlier call, and ids must differ
    const again = run(deltas);
    expect((again[0] as { id: string }).id).not.toBe((parts[0] as { id: string }).id);
  });
});
