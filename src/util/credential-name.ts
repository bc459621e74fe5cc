/**
 * Whether a header or metadata name carries (or may carry) a credential: routing never records such values,
 * and provider headers with such names are scrubbed from upstream error text.
 * Judged by whole name segments (`x-auth-token`, `apiKey`, `session_secret`), so `x-max-tokens` or
 * `x-author` are still recorded: a segment naming a secret anywhere, or a name ending in `token` or `key`.
 */
const SECRET_SEGMENTS = new Set([
  'auth', 'authorization', 'authentication', 'secret', 'password', 'passwd', 'pwd', 'passphrase', 'cookie',
  'credential', 'credentials', 'signature', 'sig', 'jwt', 'bearer', 'apikey', 'otp', 'csrf', 'xsrf',
]);
const SECRET_LAST = new Set(['token', 'key']);

export function isCredentialName(name: string): boolean {
  const segments = name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  return segments.some((s) => SECRET_SEGMENTS.has(s)) || SECRET_LAST.has(segments[segments.length - 1] ?? '');
}
