/** Human-readable summary of the emulator's endpoints, model-name switches and faults (printed by the CLI). */
import { PRESET_NAMES } from './presets.js';

export function describeEmulator(url: string): string {
  return [
    `Switchyard provider emulator listening on ${url}`,
    '',
    'Endpoints:',
    `  POST ${url}/v1/chat/completions                      OpenAI reference behaviour`,
    `  POST ${url}/{preset}/v1/chat/completions             preset quirks (also without /v1)`,
    `  GET  ${url}/v1/models, ${url}/{preset}/v1/models`,
    `  POST ${url}/v1/messages, /anthropic/v1/messages, /{preset}/anthropic/v1/messages   Anthropic Messages`,
    `  POST .../v1/messages/count_tokens`,
    `  presets: ${PRESET_NAMES.join(', ')}`,
    '',
    'Model-name switches (substring of the model name):',
    '  reasoner | thinking | r1   reasoning output',
    '  parallel                  two tool calls',
    '  len-N                     natural reply length of N words',
    '',
    'Faults (substring of the model name):',
    '  fault-429                       429 without Retry-After',
    '  fault-429-retry-after[-N]       429 with Retry-After: N (default 1)',
    '  fault-500 / fault-500-once      500 always / on the first request per model name',
    '  fault-503                       503 (Anthropic: 529 overloaded_error)',
    '  fault-401                       authentication error',
    '  fault-context-length            400 context_length_exceeded / prompt is too long',
    '  fault-content-filter            400 content policy error',
    '  fault-content-filter-finish     reply cut half-way with finish_reason content_filter (Anthropic: refusal)',
    '  fault-reset                     socket destroyed before headers',
    '  fault-no-response               request accepted, never answered',
    '  fault-slow-first-token[-MS]     headers at once, first chunk after MS (default 5000 or ttft)',
    '  fault-stream-cut                some chunks, then the socket is destroyed',
    '  fault-stream-stall              some chunks, then silence with the socket open',
    '  fault-malformed-chunk           a data: line with invalid JSON mid-stream',
    '  fault-no-done                   complete stream without the terminal [DONE] / message_stop',
    '',
  ].join('\n');
}
