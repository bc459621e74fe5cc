import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../spec/chat.js';
import { messagesFromLog, promptForLog } from './prompt-log.js';

describe('prompts in the ledger', () => {
  it('stores a conversation within the limit whole, as a JSON array', () => {
    const messages: ChatMessage[] = [{ role: 'user', content: 'hello' }];
    const text = promptForLog(messages);
    expect(JSON.parse(text)).toEqual(messages);
    expect(messagesFromLog(text)).toEqual({ messages, truncated: false });
  });

  it('keeps the newest messages of a longer one, valid JSON within the limit, the oldest kept cut to its end', () => {
    const messages: ChatMessage[] = [
      { role: 'system', content: 'S'.repeat(5000) },
      { role: 'user', content: `${'old '.repeat(3000)}"quoted"\nend of the old turn` },
      { role: 'assistant', content: 'A'.repeat(2000) },
      { role: 'user', content: 'the newest question' },
    ];
    const text = promptForLog(messages, 6000);
    expect(text.length).toBeLessThanOrEqual(6000);
    const back = messagesFromLog(text);
    expect(back.truncated).toBe(true);
    const kept = back.messages as { role: string; content: string }[];
    expect(kept.at(-1)).toEqual({ role: 'user', content: 'the newest question' });
    expect(kept.at(-2)).toEqual(messages[2]);
    // the oldest kept message is the end of the older turn, marked as cut
    expect(kept[0]!.content.startsWith('…')).toBe(true);
    expect(kept[0]!.content.endsWith('"quoted"\nend of the old turn')).toBe(true);
    expect(kept.some((m) => m.role === 'system')).toBe(false);
  });

  it('keeps as much of a heavily escaped message as fits (escaping doubles quotes and control characters)', () => {
    for (const unit of ['"', '\u0001', 'a"\\\n']) {
      const text = promptForLog([{ role: 'user', content: unit.repeat(100_000) }], 6000);
      expect(text.length).toBeLessThanOrEqual(6000);
      const kept = (messagesFromLog(text).messages as { content: string }[])[0]!.content;
      // within a few characters of the limit, not dropped and not a fraction of it
      expect(JSON.stringify({ role: 'user', content: kept }).length).toBeGreaterThan(6000 - 80);
    }
  });

  it('reads an older ledger row cut mid-JSON as truncated without messages', () => {
    expect(messagesFromLog('[{"role":"user","content":"abc')).toEqual({ truncated: true });
    expect(messagesFromLog(null)).toEqual({ truncated: false });
  });
});
