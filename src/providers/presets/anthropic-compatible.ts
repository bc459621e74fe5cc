import type { ProviderQuirks } from './types.js';

/**
 * Quirks shared by the Anthropic-protocol endpoints of the inexpensive providers (`*-anthropic` presets).
 * They document both `x-api-key` and `Authorization: Bearer`, and want the reasoning of earlier turns back
 * even without Anthropic signatures (DeepSeek rejects a thinking-mode tool-call turn without it).
 */
export const anthropicCompatibleQuirks: ProviderQuirks = { bearerAuth: true, unsignedThinking: true };
