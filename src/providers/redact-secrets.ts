/**
 * Removes anything that looks like a credential from a provider's error text before it can reach a client
 * or a log. Providers do echo keys back (OpenAI: "Incorrect API key provided: sk-abc***wxyz"), and many
 * keys have no recognisable shape (Z.ai, Together, Mistral, MiniMax), so besides the patterns the
 * configured keys themselves are scrubbed (util/secrets.ts), including any piece of one that is 8
 * characters or longer (a key cut short or split at a dot).
 */
import { registeredSecrets, scrubRegisteredSecrets } from '../util/secrets.js';

const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/\b(?:sk|rk|pk|gsk|sess|xai|or)[-_][A-Za-z0-9_\-*.]{6,}/g, '[redacted]'],
  [/\bAIza[0-9A-Za-z_\-]{10,}/g, '[redacted]'],
  [/(api[ _-]?key[^:=\n]{0,20}[:=]\s*)[^\s,'"}]+/gi, '$1[redacted]'],
  [/(bearer\s+)[A-Za-z0-9_\-.=*]{8,}/gi, '$1[redacted]'],
];

const MAX_LENGTH = 1000;
const PIECE = /[A-Za-z0-9_-]{8,}/g;

/**
 * Pieces that read as lower-case words are left alone, so a placeholder key made of words
 * (`sk-no-key-required`, `lm-studio-local`) does not take "required" or a model name with it; anything
 * else (mixed case, digits: what random keys are made of) is scrubbed.
 */
const WORDS = /^[a-z]+(?:[-_][a-z]+)*$/;

function isPieceOfSecret(piece: string): boolean {
  if (WORDS.test(piece)) return false;
  for (const s of registeredSecrets()) if (s.includes(piece)) return true;
  return false;
}

export function redactSecrets(text: string): string {
  let out = text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH)}…` : text;
  if (registeredSecrets().size) out = scrubRegisteredSecrets(out).replace(PIECE, (piece) => (isPieceOfSecret(piece) ? '[redacted]' : piece));
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
