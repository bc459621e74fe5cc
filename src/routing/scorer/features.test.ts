import { describe, expect, it } from 'vitest';
import { DENSE_INDEX, Featurizer, PADDING_NOVELTY } from './features.js';
import { viewPrompt } from './prompt.js';

function run(text: string, f = new Featurizer()): Featurizer {
  f.run(viewPrompt([{ role: 'user', content: text }]));
  return f;
}

const dense = (f: Featurizer, name: keyof typeof DENSE_INDEX): number => f.dense[DENSE_INDEX[name]]!;
const count = (x: number): number => Math.round(Math.expm1(x));

describe('Featurizer', () => {
  it('is deterministic and resets between calls', () => {
    const f = new Featurizer();
    run('Explain why the sky is blue, step by step.', f);
    const a = { w: Array.from(f.wordTouched.subarray(0, f.nWord)), c: Array.from(f.charTouched.subarray(0, f.nChar)), d: Array.from(f.dense) };
    run('something completely different', f);
    run('Explain why the sky is blue, step by step.', f);
    expect(Array.from(f.wordTouched.subarray(0, f.nWord))).toEqual(a.w);
    expect(Array.from(f.charTouched.subarray(0, f.nChar))).toEqual(a.c);
    expect(Array.from(f.dense)).toEqual(a.d);
  });

  it('measures padding by what it says once: repeated text counts like a few copies of itself', () => {
    const prose = run('Design a rate limiter that works across regions, explain the trade-offs, and justify the choice of algorithm.');
    expect(prose.novelty).toBeGreaterThan(0.9);
    const sentence = 'The quick brown fox jumps over the lazy dog. ';
    const twice = run(sentence.repeat(2));
    expect(twice.novelty).toBeGreaterThan(PADDING_NOVELTY); // a quote repeated is not padding
    const padded = run(sentence.repeat(180));
    expect(padded.novelty).toBeLessThan(0.02);
    // 8,100 characters of the same sentence measure like about a dozen copies of it (six times its novel
    // bigrams), not like 180
    expect(count(dense(padded, 'log_input_chars'))).toBeLessThan(45 * 12);
    expect(count(dense(padded, 'log_words'))).toBeLessThan(9 * 12);
    // 18,000 and 180,000 characters of "hello ": the unread part beyond the 6,000-character focus counts at m^2
    expect(count(dense(run('hello '.repeat(3000)), 'log_input_chars'))).toBeLessThan(250);
    expect(count(dense(run('hello '.repeat(30_000)), 'log_input_chars'))).toBeLessThan(400);
    // data is not padding: digits count, so a table of distinct numbers keeps its full length
    const rows = Array.from({ length: 50 }, (_, i) => `${1000 + i * 37},${(i * 7919) % 1000},${i % 3 === 0 ? 500 : 200}`).join('\n');
    const table = run(rows);
    expect(table.novelty).toBeGreaterThan(PADDING_NOVELTY);
    expect(count(dense(table, 'log_input_chars'))).toBe(rows.length);
    // ordinary text is untouched
    expect(count(dense(twice, 'log_input_chars'))).toBe(90);
  });

  it('counts words, numbers, math symbols and question words', () => {
    const f = run('What is 12 + 7 * 3? Why does 2^10 = 1024 hold?');
    expect(count(dense(f, 'log_numbers'))).toBe(6);
    expect(count(dense(f, 'log_math_symbols'))).toBe(4); // + * ^ =
    expect(count(dense(f, 'log_wh_words'))).toBe(2);
    expect(count(dense(f, 'log_question_marks'))).toBe(2);
  });

  it('counts task-kind words (math, code, logic, open-ended), bigrams included', () => {
    const math = run('Prove that there are infinitely many primes. How many integers below 100 are prime?');
    expect(count(dense(math, 'log_math_task_words'))).toBe(6); // prove, prove that, primes, how many, integers, prime
    expect(dense(math, 'log_open_task_words')).toBe(0);
    const code = run('Implement a linked list in Rust and give the time complexity of each function.');
    expect(count(dense(code, 'log_code_task_words'))).toBe(6); // implement, linked list, rust, time complexity, complexity, function
    const logic = run('A knight always tells the truth and a knave always lies. Who is the liar?');
    expect(count(dense(logic, 'log_logic_task_words'))).toBe(5); // knight, tells the, knave, who is, liar
    const open = run('Hi! Write a haiku, then act as a pirate and tell a funny story.');
    expect(count(dense(open, 'log_open_task_words'))).toBe(5); // hi, haiku, act as, funny, story
    expect(dense(open, 'log_math_task_words') + dense(open, 'log_code_task_words') + dense(open, 'log_logic_task_words')).toBe(0);
    // case-insensitive, whole words only
    expect(count(dense(run('POEM poems poetry'), 'log_open_task_words'))).toBe(2);
  });

  it('finds code lines, fences, list items, reasoning and constraint words', () => {
    const f = run(
      [
        'Refactor this function. It must stay backward compatible and do not change the API:',
        '```ts',
        'export function add(a: number, b: number) {',
        '  return a + b;',
        '}',
        '```',
        '1. keep the signature',
        '2. add tests',
        '- explain why',
      ].join('\n'),
    );
    expect(count(dense(f, 'log_code_fences'))).toBe(2);
    expect(count(dense(f, 'log_code_lines'))).toBe(3);
    expect(count(dense(f, 'log_list_lines'))).toBe(3);
    expect(dense(f, 'log_reasoning_words')).toBeGreaterThan(0);
    expect(count(dense(f, 'log_constraint_words'))).toBeGreaterThanOrEqual(2); // must, do not
  });

  it('does not mistake prose starting with if/for/let for code', () => {
    const f = run('If a train leaves at 3 pm, for how long does it travel?\nLet x be the distance.');
    expect(count(dense(f, 'log_code_lines'))).toBe(0);
  });

  it('records turns, tools, system prompt and images from the view', () => {
    const f = new Featurizer();
    f.run(
      viewPrompt([
        { role: 'system', content: 'sys' },
        { role: 'user', content: [{ type: 'text', text: 'see' }, { type: 'image_url', image_url: { url: 'x' } }] },
        { role: 'assistant', content: null, tool_calls: [{}] },
        { role: 'tool', content: '{"ok": true}' },
      ]),
    );
    expect(count(dense(f, 'log_messages'))).toBe(4);
    expect(count(dense(f, 'log_tool_turns'))).toBe(2);
    expect(count(dense(f, 'log_images'))).toBe(1);
    expect(count(dense(f, 'log_system_chars'))).toBe(3);
    expect(count(dense(f, 'log_json_marks'))).toBe(2); // {" and ":
  });

  it('keeps the work bounded for very long inputs', () => {
    // 20,000 distinct words (no padding discount), 660k characters
    const word = (i: number): string => Array.from({ length: 4 }, (_, k) => String.fromCharCode(97 + (Math.floor(i / 26 ** k) % 26))).join('');
    const text = Array.from({ length: 20_000 }, (_, i) => `lorem ${word(i)} dolor sit amet 12345 `).join('');
    const f = run(text);
    expect(f.nWord).toBeLessThan(5000);
    expect(f.novelty).toBeGreaterThan(PADDING_NOVELTY);
    expect(count(dense(f, 'log_input_chars'))).toBe(text.length);
  });
});
