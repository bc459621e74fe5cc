/**
 * Incremental Server-Sent Events parser (WHATWG "event stream interpretation"), fed raw body chunks.
 *
 * Chunks may split anywhere, even inside a UTF-8 character or between `\r` and `\n`: a StringDecoder
 * carries partial characters, `skipLF` carries a pending CRLF. Lines are found with `indexOf` on the
 * whole chunk (no per-line regex, no split arrays); only field values are sliced out.
 * `id` and `retry` fields are ignored: upstream streams are not resumable.
 */
import { StringDecoder } from 'node:string_decoder';
import type { SseEvent } from '../spec/provider.js';

export interface SseParser {
  push(chunk: Buffer | string): void;
  /** The body ended: flush a last event that lacked only its blank line. A cut-off last line is dropped. */
  end(): void;
}

export interface SseParserOptions {
  /** Largest event (or unterminated line) buffered before giving up; guards memory. Default 8 MiB of text. */
  maxEventLength?: number;
}

export class SseLimitError extends Error {
  override readonly name = 'SseLimitError';
}

const LF = 10;
const CR = 13;
const COLON = 58;
const SPACE = 32;
const BOM = 0xfeff;
const DEFAULT_MAX = 8 * 1024 * 1024;

class Parser implements SseParser {
  private decoder: StringDecoder | undefined;
  /** Tail of the previous chunk holding no line break. */
  private rest = '';
  /** The previous chunk ended in `\r`: a `\n` starting the next one belongs to it. */
  private skipLF = false;
  private started = false;
  private data: string | undefined = undefined;
  private eventType: string | undefined = undefined;

  constructor(
    private readonly onEvent: (e: SseEvent) => void,
    private readonly max: number,
  ) {}

  push(chunk: Buffer | string): void {
    const text = typeof chunk === 'string' ? chunk : (this.decoder ??= new StringDecoder('utf8')).write(chunk);
    if (text.length > 0) this.scan(text);
  }

  end(): void {
    const tail = this.decoder?.end();
    if (tail) this.scan(tail);
    if (this.rest.length > 0) {
      // The body stopped mid-line: that event is incomplete, deliver nothing of it.
      this.rest = '';
      this.data = undefined;
      this.eventType = undefined;
      return;
    }
    this.dispatch();
  }

  private scan(text: string): void {
    let buf = text;
    let pos = 0; // where to look for line breaks
    if (!this.started) {
      this.started = true;
      if (buf.charCodeAt(0) === BOM) pos = 1;
    }
    if (this.skipLF) {
      this.skipLF = false;
      if (buf.charCodeAt(pos) === LF) pos++;
    }
    let lineStart = pos;
    if (this.rest.length > 0) {
      // The rest holds no line break, so only the new text needs scanning.
      buf = this.rest + text;
      pos = this.rest.length;
      lineStart = 0;
      this.rest = '';
    }
    const len = buf.length;
    let lf = buf.indexOf('\n', pos);
    let cr = buf.indexOf('\r', pos);
    while (lf !== -1 || cr !== -1) {
      let end: number;
      let next: number;
      if (cr === -1 || (lf !== -1 && lf < cr)) {
        end = lf;
        next = lf + 1;
        lf = buf.indexOf('\n', next);
      } else {
        end = cr;
        next = cr + 1;
        if (next === len) this.skipLF = true;
        else if (buf.charCodeAt(next) === LF) next++;
        cr = buf.indexOf('\r', next);
        if (lf !== -1 && lf < next) lf = buf.indexOf('\n', next);
      }
      this.line(buf, lineStart, end);
      lineStart = next;
    }
    if (lineStart < len) {
      this.rest = lineStart === 0 ? buf : buf.slice(lineStart);
      if (this.rest.length > this.max) this.overflow();
    }
  }

  private line(buf: string, start: number, end: number): void {
    if (start === end) {
      this.dispatch();
      return;
    }
    const c0 = buf.charCodeAt(start);
    if (c0 === COLON) return; // comment, e.g. `: OPENROUTER PROCESSING` keep-alives
    let colon = buf.indexOf(':', start);
    if (colon === -1 || colon > end) colon = end;
    const nameLen = colon - start;
    let vs = colon + 1;
    if (vs < end && buf.charCodeAt(vs) === SPACE) vs++;
    if (nameLen === 4 && buf.startsWith('data', start)) {
      const value = vs >= end ? '' : buf.slice(vs, end);
      if (this.data === undefined) this.data = value;
      else {
        this.data += '\n' + value;
        if (this.data.length > this.max) this.overflow();
      }
    } else if (nameLen === 5 && buf.startsWith('event', start)) {
      this.eventType = vs >= end ? undefined : buf.slice(vs, end);
    }
  }

  private dispatch(): void {
    const data = this.data;
    const event = this.eventType;
    this.data = undefined;
    this.eventType = undefined;
    // Per spec an event without any data line is not dispatched (its type is reset).
    if (data !== undefined) this.onEvent({ event, data });
  }

  private overflow(): never {
    this.rest = '';
    this.data = undefined;
    throw new SseLimitError(`SSE event longer than ${this.max} characters`);
  }
}

/** `onEvent` runs synchronously inside `push`/`end`; an exception it throws propagates to the caller. */
export function createSseParser(onEvent: (e: SseEvent) => void, opts?: SseParserOptions): SseParser {
  return new Parser(onEvent, opts?.maxEventLength ?? DEFAULT_MAX);
}
