import { describe, expect, it } from 'vitest';
import { registerSecrets } from '../util/secrets.js';
import { redactSecrets } from './redact-secrets.js';

describe('redactSecrets with configured keys', () => {
  registerSecrets(['a1b2c3d4e5f6.Zq9SECRETx8y7w6', 'sk-no-key-required', 'lm-studio-local']);

  it('scrubs a configured key whole, and a random-looking piece of one', () => {
    expect(redactSecrets("Bad key 'a1b2c3d4e5f6.Zq9SECRETx8y7w6' rejected")).toBe("Bad key '[redacted]' rejected");
    expect(redactSecrets('Invalid token a1b2c3d4e5f6... for this org')).toBe('Invalid token [redacted]... for this org');
    expect(redactSecrets('gsk_abcdefghij1234567890 is not valid')).toBe('[redacted] is not valid');
    // a run of a random key without digits is still a piece of it
    expect(redactSecrets('token ...x8y7w6 and Zq9SECRETx expired')).toBe('token ...x8y7w6 and [redacted] expired');
  });

  it('scrubs a digit-free, mixed-case half of a key', () => {
    registerSecrets(['0a9c4f3b1e6d.XyZqWeRtAsDfGhJk']);
    expect(redactSecrets('Invalid token: ...XyZqWeRtAsDfGhJk (expired)')).toBe('Invalid token: ...[redacted] (expired)');
  });

  it('leaves ordinary words that happen to be in a placeholder key', () => {
    expect(redactSecrets('Field required: messages')).toBe('Field required: messages');
    expect(redactSecrets('model studio-local-7b not found')).toBe('model studio-local-7b not found');
    expect(redactSecrets('key sk-no-key-required rejected')).toBe('key [redacted] rejected');
  });
});
