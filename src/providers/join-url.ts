/** URL building that tolerates trailing slashes in configured base URLs. */

function trimSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url.charCodeAt(end - 1) === 47 /* / */) end--;
  return url.slice(0, end);
}

/** OpenAI-protocol base URLs include the version path: `${base}/chat/completions`. */
export function openAIChatUrl(baseUrl: string): string {
  return `${trimSlashes(baseUrl)}/chat/completions`;
}

/** Anthropic-protocol base URLs do not include `/v1` (as the SDKs expect); one that does is tolerated. */
export function anthropicMessagesUrl(baseUrl: string): string {
  const base = trimSlashes(baseUrl);
  return base.endsWith('/v1') ? `${base}/messages` : `${base}/v1/messages`;
}
