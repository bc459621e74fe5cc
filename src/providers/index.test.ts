import { describe, expect, it } from 'vitest';
import { adapterFor } from './index.js';
import { applyPreset, PRESETS } from './presets/index.js';
import { makeTarget } from './__fixtures__/helpers.js';

describe('adapterFor', () => {
  it('returns one cached adapter per protocol and preset, shared by accounts', () => {
    const a = adapterFor(applyPreset(PRESETS.deepseek!, { name: 'ds-team-a', apiKey: 'a' }));
    const b = adapterFor(applyPreset(PRESETS.deepseek!, { name: 'ds-team-b', apiKey: 'b' }));
    expect(a).toBe(b);
    expect(adapterFor(applyPreset(PRESETS['deepseek-anthropic']!))).not.toBe(a);
    expect(adapterFor(applyPreset(PRESETS.moonshot!))).not.toBe(a);
  });

  it('uses the key of the target, not of the account that created the adapter', () => {
    const a = applyPreset(PRESETS.groq!, { name: 'one', apiKey: 'key-one' });
    const b = applyPreset(PRESETS.groq!, { name: 'two', apiKey: 'key-two' });
    expect(adapterFor(a).buildRequest({ model: 'm', messages: [] }, makeTarget(b), false).headers.authorization).toBe('Bearer key-two');
  });

  it('serves custom providers without a preset, and ignores quirks of a preset of another protocol', () => {
    const custom = adapterFor({ name: 'lab', protocol: 'openai', baseUrl: 'http://lab:9000/v1', jurisdiction: 'local' });
    expect(custom.protocol).toBe('openai');
    const switched = adapterFor({ name: 'mm', preset: 'minimax', protocol: 'anthropic', baseUrl: 'https://api.minimax.io/anthropic', jurisdiction: 'CN' });
    expect(switched.protocol).toBe('anthropic');
  });
});
