/**
 * The difficulty scorer's featuriser, shared by training (scripts/train-router.ts) and inference.
 *
 * One pass over the bounded focus text (see prompt.ts) produces
 *  - hashed word unigrams + bigrams (digits normalised: a bare number is `#`..`####` by length, digits inside
 *    a word become `0`; math/code symbols are tokens of their own),
 *  - hashed character 3..5-grams inside word boundaries (robust to morphology: optimise/optimization),
 *  - a few dozen structural, domain-general counts (length, numbers, math, code lines, question and
 *    reasoning words, constraints, lists, JSON, turns, tools, images).
 * Term counts go into fixed-size tables (2^HASH_BITS buckets per block) with a list of touched buckets, so
 * featurising allocates nothing per call beyond the lower-level string work.
 */
import type { PromptView } from './prompt.js';

export const HASH_BITS = 18;
export const HASH_SIZE = 1 << HASH_BITS;
const MASK = HASH_SIZE - 1;
/** Distinct buckets tracked per block at most (a 12k-char focus stays well below). */
const MAX_TOUCHED = 1 << 16;
/** Characters of a word used for character n-grams. */
const MAX_WORD = 24;
const CHAR_N_MIN = 3;
const CHAR_N_MAX = 5;

/** Structural features, in the order of the dense vector. */
export const DENSE_NAMES = [
  'log_input_chars',
  'log_words',
  'digit_frac',
  'log_numbers',
  'log_math_symbols',
  'log_latex',
  'log_code_lines',
  'code_line_frac',
  'log_code_fences',
  'log_question_marks',
  'log_wh_words',
  'log_reasoning_words',
  'log_constraint_words',
  'log_list_lines',
  'log_sentences',
  'log_lines',
  'avg_word_len',
  'upper_frac',
  'non_ascii_frac',
  'log_json_marks',
  'log_messages',
  'log_user_turns',
  'log_system_chars',
  'log_tool_turns',
  'log_images',
  'log_negations',
  'log_total_chars',
  'log_long_words',
  'log_caps_words',
  // task-kind lexicons (see TASK_WORDS): what the request asks for, not how it is written
  'log_math_task_words',
  'log_code_task_words',
  'log_logic_task_words',
  'log_open_task_words',
] as const;
export type DenseName = (typeof DENSE_NAMES)[number];
export const N_DENSE = DENSE_NAMES.length;
export const DENSE_INDEX: Readonly<Record<DenseName, number>> = Object.freeze(
  Object.fromEntries(DENSE_NAMES.map((n, i) => [n, i])) as Record<DenseName, number>,
);

// --------------------------------------------------------------------------- hashing

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Final avalanche (murmur3 fmix32) so that low bits of the bucket are well mixed. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a of a string's UTF-16 code units (the token hash used for keyword tables). */
export function hashToken(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

function combine(a: number, b: number): number {
  return (Math.imul(a, 0x9e3779b1) ^ b) >>> 0;
}

const SEED_UNI = 0x1234567;
const SEED_BI = 0x2468ace;

const unigramBucket = (h: number): number => fmix(h ^ SEED_UNI) & MASK;
const bigramBucket = (hb: number): number => fmix(hb ^ SEED_BI) & MASK;

// --------------------------------------------------------------------------- keyword tables

const KW_WH = 1;
const KW_REASON = 2;
const KW_CONSTRAINT = 4;
const KW_NEG = 8;
const KW_CODE_START = 16;
const KW_CODE_WEAK = 32;
const KW_MATH_TASK = 64;
const KW_CODE_TASK = 128;
const KW_LOGIC_TASK = 256;
const KW_OPEN_TASK = 512;

const WORDS: Array<[number, string[]]> = [
  [KW_WH, ['what', 'why', 'how', 'which', 'when', 'where', 'who', 'whom', 'whose']],
  [
    KW_REASON,
    [
      'prove', 'proof', 'derive', 'derivation', 'explain', 'justify', 'calculate', 'compute', 'determine',
      'solve', 'estimate', 'evaluate', 'analyze', 'analyse', 'analysis', 'compare', 'optimize', 'optimise',
      'design', 'implement', 'refactor', 'debug', 'fix', 'reason', 'reasoning', 'infer', 'deduce', 'simplify',
      'integrate', 'differentiate', 'find', 'show', 'verify', 'algorithm', 'complexity', 'tradeoff',
      'tradeoffs', 'architecture', 'migrate', 'rewrite', 'convert', 'translate', 'summarize', 'summarise',
    ],
  ],
  [
    KW_CONSTRAINT,
    [
      'must', 'should', 'ensure', 'without', 'exactly', 'only', 'never', 'always', 'each', 'every',
      'constraint', 'constraints', 'requirement', 'requirements', 'require', 'required', 'requires',
      'unless', 'except', 'minimum', 'maximum', 'minimize', 'maximize', 'limit', 'within', 'assume',
      'assuming', 'given', 'format', 'edge', 'performance', 'efficient', 'robust', 'backward', 'compatible',
    ],
  ],
  [KW_NEG, ['not', 'except', 'false', 'incorrect', 'least', 'cannot', 'neither', 'nor', 'never', 'unlikely']],
  [
    KW_CODE_START,
    [
      'def', 'import', 'return', 'elif', 'function', 'const', 'var', 'public', 'private', 'static', 'void',
      'async', 'await', 'func', 'fn', 'struct', 'impl', 'printf', 'console', 'echo', 'sudo', 'npm', 'pip',
      'raise', 'throw', 'catch', 'println', 'fmt',
    ],
  ],
  [
    KW_CODE_WEAK,
    ['for', 'while', 'if', 'else', 'try', 'except', 'with', 'from', 'class', 'let', 'switch', 'select', 'print', 'use', 'include', 'package', 'int', 'export', 'cd', 'git', 'case', 'do'],
  ],
];
/**
 * Task-kind lexicons. The benchmark training data are all exam questions, so they cannot tell a proof
 * from a poem; these counts carry the hand-set prior for the kinds where published comparisons of strong
 * and weak models (MT-bench categories, RouteLLM) show large gaps (math, code, logic) and small ones
 * (open-ended writing, role-play, rewriting, small talk). See data/router/README.md.
 */
const TASK_WORDS: Array<[number, string[]]> = [
  [
    KW_MATH_TASK,
    [
      'solve', 'prove', 'proof', 'equation', 'equations', 'integer', 'integers', 'prime', 'primes', 'remainder',
      'probability', 'probabilities', 'derivative', 'integral', 'polynomial', 'matrix', 'matrices', 'theorem',
      'modulo', 'mod', 'divisible', 'divisor', 'divisors', 'factorial', 'inequality', 'logarithm', 'sqrt',
      'permutations', 'combinations', 'combinatorics', 'gcd', 'lcm', 'triangle', 'radius', 'perimeter',
      'percent', 'percentage', 'ratio', 'fraction', 'fractions', 'expected', 'variance', 'calculate', 'compute',
      'sum', 'digits', 'geometric', 'arithmetic', 'exponent', 'vector', 'eigenvalue', 'dice',
    ],
  ],
  [
    KW_CODE_TASK,
    [
      'implement', 'implementation', 'function', 'functions', 'algorithm', 'algorithms', 'complexity', 'program',
      'programming', 'code', 'bug', 'bugs', 'debug', 'python', 'javascript', 'typescript', 'java', 'rust',
      'golang', 'sql', 'regex', 'api', 'compile', 'compiler', 'recursion', 'recursive', 'array', 'arrays',
      'hashmap', 'runtime', 'thread', 'threads', 'concurrency', 'concurrent', 'async', 'refactor', 'exception',
      'stack', 'queue', 'query', 'pointer', 'deadlock', 'mutex', 'pytest', 'snippet', 'endpoint', 'database',
      'parse', 'parser', 'traceback', 'segfault', 'kubernetes', 'docker', 'cpp',
    ],
  ],
  [
    KW_LOGIC_TASK,
    [
      'puzzle', 'riddle', 'deduce', 'deduction', 'logic', 'logical', 'logically', 'liar', 'liars', 'knight',
      'knights', 'knave', 'knaves', 'truthful', 'paradox', 'contradiction', 'implies', 'syllogism', 'premise',
      'premises', 'conclude', 'suspect', 'clue', 'clues', 'arrangement', 'seated', 'immediately',
    ],
  ],
  [
    KW_OPEN_TASK,
    [
      'poem', 'poems', 'story', 'stories', 'essay', 'blog', 'email', 'slogan', 'haiku', 'limerick',
      'song', 'lyrics', 'tweet', 'speech', 'pretend', 'roleplay', 'persona', 'imagine', 'rewrite', 'rephrase',
      'paraphrase', 'polite', 'tone', 'catchy', 'headline', 'narrative', 'fiction', 'sonnet', 'rhyme', 'verse',
      'creative', 'funny', 'joke', 'caption', 'anecdote', 'vivid', 'engaging', 'greeting', 'thanks', 'hello',
      'hi', 'hey', 'translate', 'summarize', 'summarise', 'advertisement', 'brainstorm', 'postcard',
    ],
  ],
];
const BIGRAMS: Array<[number, string[]]> = [
  [KW_REASON, ['step by', 'by step', 'explain why', 'show that', 'prove that', 'walk through', 'trade offs']],
  [KW_CONSTRAINT, ['at least', 'at most', 'do not', 'don t', 'must not', 'make sure', 'no more', 'no longer', 'should not']],
  [KW_MATH_TASK, ['how many', 'how much', 'show that', 'prove that']],
  [KW_CODE_TASK, ['linked list', 'time complexity', 'big o', 'unit tests', 'data structure', 'edge cases']],
  [KW_LOGIC_TASK, ['step by', 'who is', 'tells the']],
  [KW_OPEN_TASK, ['act as', 'pretend you', 'thank you', 'blog post', 'short story', 'cover letter']],
];

const KEYWORDS = new Map<number, number>();
for (const [flag, list] of [...WORDS, ...TASK_WORDS]) for (const w of list) KEYWORDS.set(hashToken(w), (KEYWORDS.get(hashToken(w)) ?? 0) | flag);
const KEY_BIGRAMS = new Map<number, number>();
for (const [flag, list] of BIGRAMS) {
  for (const p of list) {
    const parts = p.split(' ');
    if (parts.length !== 2) throw new Error(`keyword bigram "${p}" must be two words`);
    const [a, b] = parts as [string, string];
    const h = combine(hashToken(a), hashToken(b));
    KEY_BIGRAMS.set(h, (KEY_BIGRAMS.get(h) ?? 0) | flag);
  }
}

/** Symbols that are tokens of their own (math and code). Other punctuation only separates words. */
const SYMBOL = new Uint8Array(128);
const SYMBOL_HASH = new Uint32Array(128);
for (const ch of '=+-*/^%<>(){}[];:_\\|&!?#@~`$') {
  const c = ch.charCodeAt(0);
  SYMBOL[c] = 1;
  SYMBOL_HASH[c] = Math.imul(FNV_OFFSET ^ c, FNV_PRIME) >>> 0;
}
const H_NUM1 = hashToken('#');
const H_NUM2 = hashToken('##');
const H_NUM3 = hashToken('###');
const H_NUM4 = hashToken('####');
const MATH = new Uint8Array(128);
for (const ch of '=+*/^<>%') MATH[ch.charCodeAt(0)] = 1;
/** Unicode math: ± × ÷ ≤ ≥ ≠ ≈ ∑ ∫ √ π ∞ ∂ ∆ ∇ → ∈ ∀ ∃ ⊂ ∪ ∩ λ θ α β γ σ μ. */
const MATH_UNICODE = new Set<number>(
  [...'±×÷≤≥≠≈∑∫√π∞∂∆∇→∈∀∃⊂∪∩λθαβγσμΩω'].map((c) => c.charCodeAt(0)),
);

/** ASCII characters that belong to words: letters, digits, underscore. */
const WORD_ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  WORD_ASCII[c] = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 ? 1 : 0;
}

function isWordCode(c: number): boolean {
  if (c < 128) return WORD_ASCII[c] === 1;
  if (c === 0xa0 || (c >= 0x2000 && c <= 0x206f) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xff0f)) return false;
  if (c >= 0xd800 && c <= 0xdfff) return false; // surrogates (emoji etc.)
  return !MATH_UNICODE.has(c);
}

// --------------------------------------------------------------------------- the featuriser

/**
 * Below this novelty (the share of raw-token bigrams seen for the first time in the focus), a prompt's count
 * features are scaled down in proportion. Measured (2026-11-29): prose and code files 0.76-0.93, the 1st
 * percentile of MMLU-Pro prompts 0.30 and of agent steps 0.29-0.39, so ordinary input is never discounted;
 * "hello " x 3000 has 0.005, a sentence pasted 180 times 0.010.
 */
export const PADDING_NOVELTY = 1 / 6;
/** Slots of the novelty table: more than the raw bigrams a 6,000-character focus can hold. */
const NOVELTY_BITS = 15;
const NOVELTY_SIZE = 1 << NOVELTY_BITS;
const NOVELTY_SHIFT = 32 - NOVELTY_BITS;

/**
 * A length under the padding discount `m`: the part inside the focus (`focus` characters) at `m`, the unread
 * rest at `m^2`, since at m < 1 it is likely more of the same.
 */
function discountedLength(chars: number, focus: number, m: number): number {
  return m === 1 ? chars : Math.min(chars, focus) * m + Math.max(0, chars - focus) * m * m;
}

/** A reusable featuriser. Not re-entrant: one instance per thread of work. */
export class Featurizer {
  /** Term counts per hashed bucket: word uni/bigrams and character n-grams. */
  readonly wordCounts = new Uint16Array(HASH_SIZE);
  readonly charCounts = new Uint16Array(HASH_SIZE);
  /** Buckets touched by the last `run`, `nWord` / `nChar` of them. */
  readonly wordTouched = new Int32Array(MAX_TOUCHED);
  readonly charTouched = new Int32Array(MAX_TOUCHED);
  nWord = 0;
  nChar = 0;
  /** Raw structural features of the last `run`, in `DENSE_NAMES` order. */
  readonly dense = new Float64Array(N_DENSE);

  private readonly word = new Uint16Array(MAX_WORD + 2);

  /** @param chars compute character n-grams (skip them when the model has no character weights). */
  constructor(readonly chars = true) {}

  private clear(): void {
    for (let i = 0; i < this.nWord; i++) this.wordCounts[this.wordTouched[i]!] = 0;
    for (let i = 0; i < this.nChar; i++) this.charCounts[this.charTouched[i]!] = 0;
    this.nWord = 0;
    this.nChar = 0;
    this.dense.fill(0);
  }

  private addWord(b: number): void {
    const c = this.wordCounts[b]!;
    if (c === 0) {
      if (this.nWord >= MAX_TOUCHED) return;
      this.wordTouched[this.nWord++] = b;
    }
    if (c < 0xffff) this.wordCounts[b] = c + 1;
  }

  private addChar(b: number): void {
    const c = this.charCounts[b]!;
    if (c === 0) {
      if (this.nChar >= MAX_TOUCHED) return;
      this.charTouched[this.nChar++] = b;
    }
    if (c < 0xffff) this.charCounts[b] = c + 1;
  }

  /**
   * Character 3..5-grams of the word in `this.word[1..len]`, with boundary marks at both ends: one FNV
   * pass per start position, emitting the 3-, 4- and 5-gram prefixes.
   */
  private charGrams(len: number): void {
    const w = this.word;
    w[0] = 32;
    w[len + 1] = 32;
    const total = len + 2;
    const counts = this.charCounts;
    const touched = this.charTouched;
    for (let s = 0; s + CHAR_N_MIN <= total; s++) {
      let h = Math.imul(Math.imul(FNV_OFFSET ^ w[s]!, FNV_PRIME) ^ w[s + 1]!, FNV_PRIME);
      const end = Math.min(total, s + CHAR_N_MAX);
      for (let k = s + 2; k < end; k++) {
        h = Math.imul(h ^ w[k]!, FNV_PRIME);
        let x = h ^ (h >>> 16);
        x = Math.imul(x, 0x85ebca6b);
        x ^= x >>> 13;
        x = Math.imul(x, 0xc2b2ae35);
        const b = (x ^ (x >>> 16)) & MASK;
        const c = counts[b]!;
        if (c === 0) {
          if (this.nChar >= MAX_TOUCHED) continue;
          touched[this.nChar++] = b;
        }
        if (c < 0xffff) counts[b] = c + 1;
      }
    }
  }

  // token-stream state shared by run() and emit()
  private prev = 0;
  private tokensInLine = 0;
  private reason = 0;
  private constraint = 0;
  /** Task-kind counts: math, code, logic, open-ended (KW_*_TASK). */
  private kinds = new Float64Array(4);
  /**
   * Novelty: bigrams of raw tokens (digits kept, unlike the features' number classes, so a table of
   * distinct numbers is not mistaken for padding), marked in a small table of their own.
   */
  private readonly seenBigrams = new Uint8Array(NOVELTY_SIZE);
  private readonly seenTouched = new Int32Array(NOVELTY_SIZE);
  private nSeen = 0;
  private bigrams = 0;
  private novelBigrams = 0;
  private prevRaw = 0;
  /** (novel bigrams + 1) / (bigrams + 1) of the last prompt's focus: 0.5-1 for prose, code and data, near 0 for padding. */
  novelty = 1;

  private countNovelty(raw: number): void {
    if (this.prevRaw !== 0) {
      const b = Math.imul(combine(this.prevRaw, raw), 0x85ebca6b) >>> NOVELTY_SHIFT; // top bits: well mixed
      this.bigrams++;
      if (this.seenBigrams[b] === 0 && this.nSeen < NOVELTY_SIZE) {
        this.novelBigrams++;
        this.seenBigrams[b] = 1;
        this.seenTouched[this.nSeen++] = b;
      }
    }
    this.prevRaw = raw;
  }

  private countKinds(kw: number): void {
    if (kw & KW_MATH_TASK) this.kinds[0]!++;
    if (kw & KW_CODE_TASK) this.kinds[1]!++;
    if (kw & KW_LOGIC_TASK) this.kinds[2]!++;
    if (kw & KW_OPEN_TASK) this.kinds[3]!++;
  }

  /** Adds a token (by hash): its unigram, the bigram with the previous token, bigram keywords. */
  private emit(th: number): void {
    this.addWord(unigramBucket(th));
    const prev = this.prev;
    if (prev !== 0) {
      const hb = combine(prev, th);
      this.addWord(bigramBucket(hb));
      const kb = KEY_BIGRAMS.get(hb);
      if (kb !== undefined) {
        if (kb & KW_REASON) this.reason++;
        if (kb & KW_CONSTRAINT) this.constraint++;
        if (kb >= KW_MATH_TASK) this.countKinds(kb);
      }
    }
    this.prev = th;
    this.tokensInLine++;
  }

  /** Featurises one prompt view; results in the public fields until the next call. */
  run(view: PromptView): void {
    this.clear();
    const text = view.focus;
    const n = text.length;
    const d = this.dense;
    this.prev = 0;
    this.tokensInLine = 0;
    this.reason = 0;
    this.constraint = 0;
    this.kinds.fill(0);
    for (let i = 0; i < this.nSeen; i++) this.seenBigrams[this.seenTouched[i]!] = 0;
    this.nSeen = 0;
    this.bigrams = 0;
    this.novelBigrams = 0;
    this.prevRaw = 0;

    let words = 0;
    let letters = 0;
    let upper = 0;
    let digits = 0;
    let nonSpace = 0;
    let nonAscii = 0;
    let numbers = 0;
    let mathSym = 0;
    let latex = 0;
    let qmarks = 0;
    let wh = 0;
    let neg = 0;
    let longWords = 0;
    let capsWords = 0;
    let sentences = 0;
    let lines = 1;
    let codeLines = 0;
    let listLines = 0;
    let fences = 0;
    let json = 0;

    // per-line state
    let lineStart = true;
    let indent = 0;
    let firstTokenKw = 0; // 2: a code keyword, 1: a keyword that is code only with more evidence
    let lastNonSpace = 0;
    let opPair = false;
    let listMark = false;
    let backticks = 0;

    // per-token state
    let h = FNV_OFFSET;
    let hRaw = FNV_OFFSET; // as h, but digits kept (novelty only)
    let tlen = 0;
    let tLetters = 0;
    let tDigits = 0;
    let tUpper = 0;

    // i === n is a virtual newline that flushes the last token and line
    for (let i = 0; i <= n; i++) {
      let c = i < n ? text.charCodeAt(i) : 10;
      if (i < n && isWordCode(c)) {
        if (c >= 65 && c <= 90) {
          upper++;
          tUpper++;
          c += 32;
        }
        hRaw = Math.imul(hRaw ^ c, FNV_PRIME);
        if (c >= 48 && c <= 57) {
          digits++;
          tDigits++;
          c = 48; // digits inside words hash as '0'
        } else if (c !== 95) {
          letters++;
          tLetters++;
        }
        if (c >= 128) nonAscii++;
        h = Math.imul(h ^ c, FNV_PRIME);
        if (tlen < MAX_WORD) this.word[tlen + 1] = c;
        tlen++;
        nonSpace++;
        lastNonSpace = c;
        lineStart = false;
        backticks = 0;
        continue;
      }

      // a separator: end the current token
      let numberBefore = false;
      if (tlen > 0) {
        let th: number;
        if (tLetters === 0 && tDigits === tlen) {
          // a bare number: its length class only
          numbers++;
          numberBefore = true;
          th = tDigits >= 4 ? H_NUM4 : tDigits === 3 ? H_NUM3 : tDigits === 2 ? H_NUM2 : H_NUM1;
        } else {
          th = h >>> 0;
          words++;
          if (tLetters >= 10) longWords++;
          if (tUpper >= 2 && tUpper === tLetters) capsWords++;
          const kw = KEYWORDS.get(th);
          if (kw !== undefined) {
            if (kw & KW_WH) wh++;
            if (kw & KW_REASON) this.reason++;
            if (kw & KW_CONSTRAINT) this.constraint++;
            if (kw & KW_NEG) neg++;
            if (kw >= KW_MATH_TASK) this.countKinds(kw);
            if (this.tokensInLine === 0) firstTokenKw = (kw & KW_CODE_START) !== 0 ? 2 : (kw & KW_CODE_WEAK) !== 0 ? 1 : 0;
          }
          if (this.chars && tDigits === 0 && tlen >= 2) this.charGrams(tlen < MAX_WORD ? tlen : MAX_WORD);
        }
        this.emit(th);
        this.countNovelty(hRaw >>> 0 || 1);
        h = FNV_OFFSET;
        hRaw = FNV_OFFSET;
        tlen = 0;
        tLetters = 0;
        tDigits = 0;
        tUpper = 0;
      }

      if (c === 10) {
        if (i < n) lines++;
        const tokensInLine = this.tokensInLine;
        if (tokensInLine > 0) {
          const endsCode = lastNonSpace === 59 || lastNonSpace === 123 || lastNonSpace === 125; // ; { }
          if (
            (firstTokenKw === 2 && tokensInLine > 1) ||
            (firstTokenKw === 1 && lastNonSpace === 58) || // "for x in y:"
            endsCode ||
            opPair ||
            (indent >= 4 && tokensInLine > 1)
          ) {
            codeLines++;
          }
          if (listMark) listLines++;
        }
        lineStart = true;
        indent = 0;
        firstTokenKw = 0;
        this.tokensInLine = 0;
        lastNonSpace = 0;
        opPair = false;
        listMark = false;
        backticks = 0;
        continue;
      }
      if (c === 32 || c === 9 || c === 13 || c === 0xa0) {
        if (lineStart) indent += c === 9 ? 4 : 1;
        backticks = 0;
        continue;
      }
      nonSpace++;
      if (c >= 128) {
        nonAscii++;
        if (lineStart && c === 0x2022) listMark = true; // •
        if (MATH_UNICODE.has(c)) {
          mathSym++;
          this.emit(Math.imul(FNV_OFFSET ^ c, FNV_PRIME) >>> 0);
        }
        lastNonSpace = c;
        lineStart = false;
        continue;
      }
      const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
      // list marks: "- x" / "* x" at line start, or "1." / "2)" as the first token
      if (lineStart && (c === 45 || c === 42) && next === 32) listMark = true;
      else if (numberBefore && this.tokensInLine === 1 && (c === 46 || c === 41)) listMark = true;
      lineStart = false;
      if (c === 63) qmarks++;
      if ((c === 46 || c === 33 || c === 63) && (next === 32 || next === 10 || next === 0)) sentences++;
      if (MATH[c] === 1) mathSym++;
      if (c === 92 || c === 36) latex++;
      if (c === 96) {
        backticks++;
        if (backticks === 3) fences++;
      } else backticks = 0;
      if ((c === 123 && next === 34) || (c === 34 && next === 58)) json++; // {"  ":
      if (
        (c === 61 && (next === 61 || next === 62)) || // == =>
        (c === 33 && next === 61) || // !=
        (c === 45 && next === 62) || // ->
        ((c === 43 || c === 45 || c === 42) && next === 61) || // += -= *=
        (c === 38 && next === 38) || // &&
        (c === 124 && next === 124) || // ||
        (c === 58 && next === 58) || // ::
        (c === 60 && next === 47) || // </
        (c === 40 && next === 41) // ()
      ) {
        opPair = true;
      }
      lastNonSpace = c;
      if (SYMBOL[c] === 1) this.emit(SYMBOL_HASH[c]!);
    }
    const reason = this.reason;
    const constraint = this.constraint;
    this.novelty = (this.novelBigrams + 1) / (this.bigrams + 1);

    // Padding discount: text that mostly repeats itself ("hello hello ...", a pasted block many times) is
    // measured by what it says once, so length cannot be bought with filler. m = 1 for ordinary text.
    const m = Math.min(1, this.novelty / PADDING_NOVELTY);
    const ln1 = Math.log1p;
    d[0] = ln1(discountedLength(view.inputChars, n, m));
    d[1] = ln1(words * m);
    d[2] = digits / Math.max(1, nonSpace);
    d[3] = ln1(numbers * m);
    d[4] = ln1(mathSym * m);
    d[5] = ln1(latex * m);
    d[6] = ln1(codeLines * m);
    d[7] = codeLines / Math.max(1, lines);
    d[8] = ln1(fences);
    d[9] = ln1(qmarks * m);
    d[10] = ln1(wh * m);
    d[11] = ln1(reason * m);
    d[12] = ln1(constraint * m);
    d[13] = ln1(listLines * m);
    d[14] = ln1(sentences * m);
    d[15] = ln1((lines - 1) * m);
    d[16] = letters / Math.max(1, words);
    d[17] = upper / Math.max(1, letters);
    d[18] = nonAscii / Math.max(1, nonSpace);
    d[19] = ln1(json * m);
    d[20] = ln1(view.messages);
    d[21] = ln1(view.userTurns);
    d[22] = ln1(view.systemChars);
    d[23] = ln1(view.toolTurns + view.toolCalls);
    d[24] = ln1(view.images);
    d[25] = ln1(neg * m);
    d[26] = ln1(discountedLength(view.totalChars, n, m));
    d[27] = ln1(longWords * m);
    d[28] = ln1(capsWords * m);
    d[29] = ln1(this.kinds[0]!);
    d[30] = ln1(this.kinds[1]!);
    d[31] = ln1(this.kinds[2]!);
    d[32] = ln1(this.kinds[3]!);
  }
}
