/**
 * Regular expressions as written in the config. JavaScript has no inline flags before Node 23, so a
 * leading `(?i)` (any of i, m, s, u) is turned into flags; `/pattern/flags` is accepted too.
 *   "(?i)prove|refactor"  ->  /prove|refactor/i
 */
const INLINE = /^\(\?([imsu]+)\)/;
const SLASHED = /^\/(.*)\/([imsu]*)$/s;

/** Compiles a config regex; throws an Error whose message says what is wrong. */
export function compileRegex(text: string): RegExp {
  let source = text;
  let flags = '';
  const inline = INLINE.exec(text);
  if (inline) {
    flags = inline[1]!;
    source = text.slice(inline[0].length);
  } else {
    const slashed = SLASHED.exec(text);
    if (slashed) {
      source = slashed[1]!;
      flags = slashed[2]!;
    }
  }
  const unique = [...new Set(flags)].join('');
  try {
    return new RegExp(source, unique);
  } catch (err) {
    throw new Error(`invalid regular expression: ${(err as Error).message.replace(/^Invalid regular expression: /, '')}`, { cause: err });
  }
}
