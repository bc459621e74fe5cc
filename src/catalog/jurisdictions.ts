/**
 * Home jurisdiction of each provider the catalog ships (ISO country code of the provider's HQ, from
 * ../shared/data/prices/PROVIDERS.md). Policy uses it for data-sovereignty rules; a provider missing
 * here gets its jurisdiction from the user's provider config instead.
 */
export const PROVIDER_JURISDICTION: Readonly<Record<string, string>> = Object.freeze({
  anthropic: 'US',
  dashscope: 'CN',
  deepseek: 'CN',
  gemini: 'US',
  groq: 'US',
  minimax: 'CN',
  mistral: 'FR',
  moonshot: 'CN',
  openai: 'US',
  openrouter: 'US',
  together: 'US',
  zai: 'CN',
});

export function jurisdictionOf(provider: string): string | undefined {
  return Object.hasOwn(PROVIDER_JURISDICTION, provider) ? PROVIDER_JURISDICTION[provider] : undefined;
}
