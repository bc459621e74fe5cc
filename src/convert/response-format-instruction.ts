/**
 * Anthropic has no `response_format`. We turn a JSON request into a system instruction rather than a forced
 * tool call: the answer stays ordinary text (so `content` is the JSON, as an OpenAI client expects) and
 * streaming is unchanged. The cost is that the JSON is requested, not enforced.
 */
import type { ResponseFormat } from '../spec/chat.js';

export function responseFormatInstruction(format: ResponseFormat | undefined): string | undefined {
  if (!format || format.type === 'text') return undefined;
  if (format.type === 'json_object') {
    return 'Respond only with a single valid JSON object. Do not wrap it in Markdown or add any other text.';
  }
  const { name, description, schema } = format.json_schema;
  const about = description ? ` (${description})` : '';
  const shape = schema ? `\n${JSON.stringify(schema)}` : '';
  return `Respond only with a single valid JSON value named "${name}"${about} that conforms to this JSON Schema. Do not wrap it in Markdown or add any other text.${shape}`;
}
