/** Anthropic message ids start with `msg_`; canonical ids may come from any upstream (`chatcmpl-...`). */
export function toAnthropicMessageId(id: string): string {
  if (id.startsWith('msg_')) return id;
  return `msg_${id.startsWith('chatcmpl-') ? id.slice('chatcmpl-'.length) : id}`;
}
