/**
 * The credential values this process was configured with (provider api keys, credential headers, the
 * admin key). Error text from upstreams and log lines are scrubbed of them: many keys have no recognisable
 * shape, so matching patterns alone cannot catch them. The set only grows.
 */
const MIN_LENGTH = 8;
const registered = new Set<string>();

export function registerSecrets(values: Iterable<string | undefined>): void {
  for (const v of values) if (v && v.trim().length >= MIN_LENGTH) registered.add(v.trim());
}

export function registeredSecrets(): ReadonlySet<string> {
  return registered;
}

/** `text` with every whole registered value replaced. */
export function scrubRegisteredSecrets(text: string): string {
  let out = text;
  for (const s of registered) if (out.includes(s)) out = out.split(s).join('[redacted]');
  return out;
}
