/** Merges a preset with a provider's explicit config: every explicit key wins over the preset's. */
import type { ProviderConfig } from '../../spec/provider.js';
import type { ProviderPreset } from './types.js';

export type ProviderOverrides = Partial<ProviderConfig>;

/**
 * `env` is optional so the function stays pure: pass `process.env` to fill a missing `apiKey` from the
 * preset's `envKey`. Headers are merged key by key (explicit headers win).
 */
export function applyPreset(
  preset: ProviderPreset,
  overrides: ProviderOverrides = {},
  env?: Readonly<Record<string, string | undefined>>,
): ProviderConfig {
  const config: ProviderConfig = {
    name: overrides.name ?? preset.name,
    preset: overrides.preset ?? preset.name,
    protocol: overrides.protocol ?? preset.protocol,
    baseUrl: overrides.baseUrl ?? preset.baseUrl,
    jurisdiction: overrides.jurisdiction ?? preset.jurisdiction,
  };
  const apiKey = overrides.apiKey ?? (preset.envKey && env ? env[preset.envKey] : undefined);
  if (apiKey) config.apiKey = apiKey;
  if (preset.headers || overrides.headers) config.headers = { ...preset.headers, ...overrides.headers };
  return config;
}
