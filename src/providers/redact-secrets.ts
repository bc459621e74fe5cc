/**
 * Removes anything that looks like a credential from a provider's error text before it can reach a client
 * or a log. Providers do echo keys back (OpenAI: "Incorrect API key provided: sk-abc***wxyz").
 */
const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/\b(?:sk|rk|pk|gsk|sess|xai|or)-[A-Za-z0-9_\-*.]{6,}/g, '[redacted]'],
  [/\bAIza[0-9A-Za-z_\-]{10,}/g, '[redacted]'],
  [/(api[ _-]?key[^:=\n]{0,20}[:=]\s*)[^\s,'"}]+/gi, '$1[redacted]'],
  [/(bearer\s+)[A-Za-z0-9_\-.=*]{8,}/gi, '$1[redacted]'],
];

const MAX_LENGTH = 1000;

export function redactSecrets(text: string): string {
  let out = text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH)}…` : text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
