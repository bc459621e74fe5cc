/** OpenAI `image_url` (https or data URL) <-> Anthropic image `source`, both directions. */
import type { AnthropicImageSource } from './anthropic-types.js';

const DATA_URL = /^data:([^;,]+)(?:;[^,]*)?;base64,/;

export function imageUrlToAnthropicSource(url: string): AnthropicImageSource {
  const match = DATA_URL.exec(url);
  if (match) return { type: 'base64', media_type: match[1]!, data: url.slice(match[0].length) };
  return { type: 'url', url };
}

export function anthropicSourceToImageUrl(source: AnthropicImageSource): string {
  return source.type === 'base64' ? `data:${source.media_type};base64,${source.data}` : source.url;
}
