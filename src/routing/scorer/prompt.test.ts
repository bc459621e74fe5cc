import { describe, expect, it } from 'vitest';
import { contentText, FOCUS_CAP, stripScaffolding, viewPrompt } from './prompt.js';

describe('contentText', () => {
  it('reads strings, text parts, nested tool results, and counts images', () => {
    expect(contentText('hello').text).toBe('hello');
    const c = contentText([
      { type: 'text', text: 'look at this' },
      { type: 'image_url', image_url: { url: 'https://x/y.png' } },
      { type: 'tool_result', content: [{ type: 'text', text: 'exit 0' }] },
      'raw string part',
    ]);
    expect(c.text).toBe('look at this\nexit 0\nraw string part');
    expect(c.images).toBe(1);
    expect(c.chars).toBe('look at this'.length + 'exit 0'.length + 'raw string part'.length);
  });

  it('ignores content of unexpected types instead of throwing', () => {
    expect(contentText(42).text).toBe('');
    expect(contentText(null).text).toBe('');
    expect(contentText({ text: 'object, not array' }).text).toBe('');
    expect(contentText([null, 7, { type: 'text', text: 5 }]).text).toBe('');
  });

  it('materialises at most the cap but reports the full length', () => {
    const c = contentText('x'.repeat(100_000), 1000);
    expect(c.text.length).toBe(1000);
    expect(c.chars).toBe(100_000);
  });
});

describe('stripScaffolding', () => {
  it('removes MMLU-Pro scaffolding and option letters but keeps the option texts', () => {
    const t = stripScaffolding('Question: What is 2+2?\nOptions: A. 3\nB. 4\nC. 5\nAnswer: Let\'s think step by step.');
    expect(t).toBe('What is 2+2?\n3\n4\n5');
  });

  it('removes the MMLU trailing Answer: and the Llama layout', () => {
    expect(stripScaffolding('Find x.\nA. 0\nB. 4\nAnswer:')).toBe('Find x.\n0\n4');
    expect(stripScaffolding('Question:\nFind x.\nOptions:\nA. 0\nB. 4\nAnswer: Let\'s think step by step.')).toBe('Find x.\n0\n4');
  });

  it('leaves ordinary prose alone', () => {
    const s = 'A. Smith wrote this. Answer: yes, we should think step by step about it';
    expect(stripScaffolding(s)).toBe(s);
    expect(stripScaffolding('Plan:\n1. parse\n2. score')).toBe('Plan:\n1. parse\n2. score');
  });
});

describe('viewPrompt', () => {
  it('reads the input turns (user and tool), not assistant or system text', () => {
    const v = viewPrompt([
      { role: 'system', content: 'You are a helpful assistant.' },
      { role: 'user', content: 'first question' },
      { role: 'assistant', content: 'an answer', tool_calls: [{ id: '1' }, { id: '2' }] },
      { role: 'tool', content: 'tool output' },
      { role: 'user', content: 'follow-up' },
    ]);
    expect(v.focus).toBe('first question\ntool output\nfollow-up');
    expect(v.systemChars).toBe('You are a helpful assistant.'.length);
    expect([v.messages, v.userTurns, v.assistantTurns, v.toolTurns, v.toolCalls]).toEqual([5, 2, 1, 1, 2]);
  });

  it('falls back to the system prompt when there is no input turn', () => {
    expect(viewPrompt([{ role: 'system', content: 'do the thing' }]).focus).toBe('do the thing');
    expect(viewPrompt([]).focus).toBe('');
  });

  it('keeps the head and tail of a huge newest turn within the cap', () => {
    const text = 'HEAD ' + 'x '.repeat(50_000) + ' TAIL';
    const v = viewPrompt([{ role: 'user', content: text }]);
    expect(v.focus.length).toBeLessThanOrEqual(FOCUS_CAP);
    expect(v.focus.startsWith('HEAD')).toBe(true);
    expect(v.focus.endsWith('TAIL')).toBe(true);
    expect(v.inputChars).toBe(text.length);
  });

  it('stops reading older turns when the budget is spent', () => {
    const msgs = Array.from({ length: 50 }, (_, i) => ({ role: 'user', content: `turn ${i} ` + 'y'.repeat(500) }));
    const v = viewPrompt(msgs);
    expect(v.focus.length).toBeLessThanOrEqual(FOCUS_CAP + 50);
    expect(v.focus).toContain('turn 49');
    expect(v.focus).not.toContain('turn 0 ');
    expect(v.userTurns).toBe(50);
  });
});
