import { describe, expect, it } from 'vitest';
import type { Config } from '../config/types.js';
import type { ChatRequest } from '../spec/chat.js';
import { routingInputsJson, watchedNames } from './routing-inputs.js';

function configWithRuleOn(headers: string[], metadata: string[] = []): Config {
  const when = { headers: Object.fromEntries(headers.map((h) => [h, 'x'])), metadata: Object.fromEntries(metadata.map((m) => [m, 'x'])) };
  return { routes: { r: { name: 'r', strategy: 'rules', targets: [], options: { rules: [{ when, target: 'm' }], default: 'm' } } } } as unknown as Config;
}

describe('routing inputs kept in the ledger', () => {
  it('keeps the headers and metadata rules read, but never one named like a credential', () => {
    const names = watchedNames(
      configWithRuleOn(
        ['X-Team', 'x-auth-token', 'Authorization', 'x-api-key', 'x-session-secret', 'cookie', 'x-key', 'x-signature', 'x-jwt', 'x-monkey-mode', 'x-max-tokens', 'x-author', 'x-token-budget'],
        ['tier', 'api_key', 'password', 'accessToken', 'apiKey', 'max_tokens_hint'],
      ),
    );
    expect([...names.headers].sort()).toEqual(['x-author', 'x-max-tokens', 'x-monkey-mode', 'x-switchyard-jurisdictions', 'x-switchyard-quality', 'x-team', 'x-token-budget']);
    expect(names.metadata).toEqual(['tier', 'max_tokens_hint']);
    expect(names.unrecorded).toContain('x-auth-token');
    expect(names.unrecorded).toContain('metadata.apiKey');
  });

  it('records what routing read, with the key\'s jurisdiction lists', () => {
    const request = {
      model: 'r', max_tokens: 9, response_format: { type: 'json_object' }, metadata: { tier: 'gold', api_key: 'sk-1' },
      messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:,' } }, { type: 'image_url', image_url: { url: 'data:,' } }] }],
    } as unknown as ChatRequest;
    const headers = { 'x-team': 'eu', 'x-auth-token': 'secret-value', authorization: 'Bearer sk-2' };
    const json = routingInputsJson(request, headers, 120, watchedNames(configWithRuleOn(['x-team', 'x-auth-token'], ['tier', 'api_key'])), { deny: ['CN'] });
    expect(JSON.parse(json)).toEqual({
      input_tokens: 120, max_tokens: 9, response_format: 'json_object', images: 2,
      headers: { 'x-team': 'eu' }, metadata: { tier: 'gold' }, key_jurisdictions: { deny: ['CN'] },
    });
    expect(json).not.toMatch(/secret-value|sk-1|sk-2/);
  });
});
