/**
 * Names from config or from the client (route, model, provider, budget names) as HTTP header values.
 * Node refuses header values outside Latin-1 and control characters, and it does so in writeHead, after
 * the upstream answered and the request was billed. A value that is printable ASCII (other than `%`) is
 * sent as it is; any other is percent-encoded as UTF-8, so decodeURIComponent always gives the name back.
 */
const PLAIN = /^[\x20-\x24\x26-\x7e]*$/;

export function headerValue(text: string): string {
  return PLAIN.test(text) ? text : encodeURIComponent(text);
}
