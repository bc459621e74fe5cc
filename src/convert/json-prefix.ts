/**
 * Incremental check that streamed text is still the beginning of a JSON object. Tool-call arguments from
 * OpenAI-protocol models are forwarded to Anthropic clients as `input_json_delta`s, and the Anthropic SDK
 * fails the whole stream on text that cannot be JSON; forwarding only while the prefix is valid leaves the
 * client a parseable (possibly partial) object, as Anthropic's own truncated tool calls do.
 *
 * One pass over each chunk, O(1) state per nesting level. Numbers are checked loosely (their characters,
 * not their grammar): enough to stop prose, Python dicts or a second object, which is what models emit.
 */

const enum Mode {
  Value,
  KeyOrEnd,
  Key,
  Colon,
  CommaOrEnd,
  String,
  Number,
  Literal,
  Done,
  Invalid,
}

const NUMBER_CHARS = /[0-9+\-.eE]/;

export class JsonObjectPrefix {
  private mode = Mode.Value;
  /** Open containers: true for an object, false for an array. */
  private readonly stack: boolean[] = [];
  private stringIsKey = false;
  private escape = false;
  private unicodeLeft = 0;
  private literal = '';
  private started = false;

  /** Feeds `chunk`; false once the text so far can no longer begin a JSON object (and from then on). */
  push(chunk: string): boolean {
    for (let i = 0; i < chunk.length && this.mode !== Mode.Invalid; i++) this.step(chunk[i]!);
    return this.mode !== Mode.Invalid;
  }

  get valid(): boolean {
    return this.mode !== Mode.Invalid;
  }

  /** True once the text is one whole JSON object (whitespace may follow). */
  get complete(): boolean {
    return this.mode === Mode.Done;
  }

  private step(c: string): void {
    switch (this.mode) {
      case Mode.String:
        return this.inString(c);
      case Mode.Number:
        if (NUMBER_CHARS.test(c)) return;
        this.afterValue();
        return this.step(c);
      case Mode.Literal:
        if (this.literal[0] === c) this.literal = this.literal.slice(1);
        else this.mode = Mode.Invalid;
        if (this.literal === '' && this.mode === Mode.Literal) this.afterValue();
        return;
    }
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t') return;
    switch (this.mode) {
      case Mode.Value:
        return this.value(c);
      case Mode.KeyOrEnd:
        if (c === '}') return this.close(true);
        return this.key(c);
      case Mode.Key:
        return this.key(c);
      case Mode.Colon:
        this.mode = c === ':' ? Mode.Value : Mode.Invalid;
        return;
      case Mode.CommaOrEnd: {
        const inObject = this.stack[this.stack.length - 1]!;
        if (c === ',') this.mode = inObject ? Mode.Key : Mode.Value;
        else if (c === (inObject ? '}' : ']')) this.close(inObject);
        else this.mode = Mode.Invalid;
        return;
      }
      default:
        this.mode = Mode.Invalid; // Done: nothing may follow the object
    }
  }

  private value(c: string): void {
    if (!this.started) {
      // the arguments of a tool call are an object
      this.started = true;
      if (c !== '{') {
        this.mode = Mode.Invalid;
        return;
      }
    }
    if (c === '{' || c === '[') {
      this.stack.push(c === '{');
      this.mode = c === '{' ? Mode.KeyOrEnd : Mode.Value;
      if (c === '[') this.emptyArrayAllowed = true;
      return;
    }
    if (c === ']' && this.emptyArrayAllowed && this.stack[this.stack.length - 1] === false) return this.close(false);
    this.emptyArrayAllowed = false;
    if (c === '"') {
      this.mode = Mode.String;
      this.stringIsKey = false;
    } else if (c === '-' || (c >= '0' && c <= '9')) this.mode = Mode.Number;
    else if (c === 't' || c === 'f' || c === 'n') {
      this.literal = (c === 't' ? 'true' : c === 'f' ? 'false' : 'null').slice(1);
      this.mode = Mode.Literal;
    } else this.mode = Mode.Invalid;
  }

  /** Right after `[`, `]` closes an empty array; anywhere else in Value mode it is an error. */
  private emptyArrayAllowed = false;

  private key(c: string): void {
    if (c !== '"') {
      this.mode = Mode.Invalid;
      return;
    }
    this.mode = Mode.String;
    this.stringIsKey = true;
  }

  private inString(c: string): void {
    if (this.unicodeLeft > 0) {
      this.unicodeLeft--;
      if (!/[0-9a-fA-F]/.test(c)) this.mode = Mode.Invalid;
      return;
    }
    if (this.escape) {
      this.escape = false;
      if (c === 'u') this.unicodeLeft = 4;
      else if (!'"\\/bfnrt'.includes(c)) this.mode = Mode.Invalid;
      return;
    }
    if (c === '\\') this.escape = true;
    else if (c === '"') {
      if (this.stringIsKey) this.mode = Mode.Colon;
      else this.afterValue();
    } else if (c < ' ') this.mode = Mode.Invalid; // raw control characters are not allowed in strings
  }

  private close(object: boolean): void {
    if (this.stack.pop() !== object) {
      this.mode = Mode.Invalid;
      return;
    }
    this.emptyArrayAllowed = false;
    this.afterValue();
  }

  private afterValue(): void {
    this.emptyArrayAllowed = false;
    this.mode = this.stack.length === 0 ? Mode.Done : Mode.CommaOrEnd;
  }
}
